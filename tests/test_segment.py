"""Segmentation of a multi-province digest: the 31 sections of 002 and the general rule on other layouts."""

from __future__ import annotations

import pytest

from extract.reading import read_document
from extract.regions import plan_provinces
from extract.segment import find_sections
from tests.paths import DIGEST


@pytest.fixture(scope="module")
def digest_text() -> str:
    return read_document(DIGEST).text


def test_digest_has_exactly_the_31_provinces(digest_text: str) -> None:
    sections = find_sections(digest_text)
    assert len(sections) == 31
    assert {s.province for s in sections} == {p.province for p in plan_provinces()}


def test_each_section_starts_at_its_header_and_ends_at_a_sentence_end(digest_text: str) -> None:
    names = {p.province: p.name_full for p in plan_provinces()}
    for s in find_sections(digest_text):
        body = digest_text[s.start : s.end]
        assert body.startswith(names[s.province] + "“十四五”期间"), body[:20]
        assert body.endswith("。"), body[-20:]


def test_sections_are_contiguous_and_in_document_order(digest_text: str) -> None:
    sections = find_sections(digest_text)
    for before, after in zip(sections, sections[1:], strict=False):
        assert before.end == after.start


def test_text_around_the_digest_belongs_to_no_section(digest_text: str) -> None:
    sections = find_sections(digest_text)
    first, last = sections[0], sections[-1]
    # the essay before and the attribution / essays after (which mention 海南 and 杭州) are outside every section
    assert "31省市" in digest_text[: first.start]
    assert digest_text[last.end :].lstrip().startswith("文章来源")
    assert "数字疗法" in digest_text[last.end :]
    assert all("数字疗法" not in digest_text[s.start : s.end] for s in sections)
    assert all("文章来源" not in digest_text[s.start : s.end] for s in sections)


def test_numbered_digest_with_colon_headers() -> None:
    text = (
        "各地数字经济规划要点如下。\n"
        "一、广东省：建设国家数字经济创新发展试验区。\n"
        "二、浙江：实施数字经济一号工程。\n"
        "三、内蒙古自治区：建设国家算力枢纽节点。\n"
        "责任编辑：某某"
    )
    sections = find_sections(text)
    assert [s.province for s in sections] == ["广东", "浙江", "内蒙古"]
    assert text[sections[0].start : sections[0].end] == "一、广东省：建设国家数字经济创新发展试验区。"
    assert text[sections[-1].start : sections[-1].end] == "三、内蒙古自治区：建设国家算力枢纽节点。"


def test_provinces_in_running_text_are_not_headers() -> None:
    text = "海南的医院开始试点数字疗法，杭州和北京的企业也在跟进。上海市数据交易所成立。"
    assert find_sections(text) == []


def test_a_single_header_is_not_a_digest() -> None:
    assert find_sections("广东省“十四五”期间，建设数字湾区。") == []
