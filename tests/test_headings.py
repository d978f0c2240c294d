"""Document outline (extract/headings.py): golden outlines read by hand from three work reports, the review/plan
part of hand-picked sentences, headings that are not headings, hostile text, and the CLI's per-item `heading`."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from extract.headings import SEPARATOR, outline
from extract.paths import RAW
from extract.reading import read_document
from tests.paths import ROOT


def _text(name: str) -> str:
    return read_document(RAW / f"{name}.txt").text


# Titles read from the reports (numbering included; a run-in heading's title ends at its first 。).
BEIJING_TOP = [
    "一、2025年工作回顾",
    "二、“十四五”时期发展成就和“十五五”时期主要目标任务",
    "三、2026年重点工作",
]
BEIJING_SECOND = {
    "三、2026年重点工作": [
        "（一）深入落实城市总体规划，推动京津冀协同发展走深走实",
        "（三）持续推动教育科技人才一体发展，构建有竞争优势的新质生产力发展格局",
        "（十）全面推进韧性城市建设，筑牢首都安全防线",
    ]
}
HEBEI_TOP = ["一、“十四五”时期经济社会发展回顾", "二、“十五五”时期的主要目标任务", "三、2026年主要工作"]
HEBEI_SECOND = {
    "二、“十五五”时期的主要目标任务": [
        "（一）努力在推进创新驱动发展中闯出新路子",
        "（五）努力在推进共同富裕中展现新作为",
    ],
    "三、2026年主要工作": [
        "（一）全力办好国家大事，纵深推进京津冀协同发展",
        "（三）强化创新驱动发展，加速新旧动能转换",
        "（六）切实增进百姓福祉，保持社会大局稳定",
    ],
}
SICHUAN_TOP = ["一、2025年工作回顾和“十四五”发展主要成绩", "二、“十五五”发展的主要考虑", "三、2026年工作安排"]
SICHUAN_SECOND = {
    "三、2026年工作安排": [
        "（一）突出扩大内需战略基点，更大力度统筹促消费扩投资",
        "（三）突出壮大实体经济根基，加快建设现代化产业体系",
        "（十）突出政府履职效能，切实加强自身建设",
    ]
}
# (sentence read in the report, the part it belongs to)
PARTS = {
    "gwr2026_110000_beijing": [
        ("培育形成3个万亿级和7个千亿级产业集群", "review"),  # 二: the 十四五 results
        ("全员劳动生产率达58万元/人左右", "plan"),  # 二: the 十五五 indicators
        ("新增中学学位1万个", "plan"),  # 三 (三)
    ],
    "gwr2026_130000_hebei": [
        ("全省上下牢记嘱托、感恩奋进", "review"),
        ("社会消费品零售总额增长5%左右", "plan"),  # 三: the 2026 expected targets
    ],
    "gwr2026_510000_sichuan": [
        ("实现地区生产总值67665亿元", "review"),
        ("实施3000个技改项目", "plan"),  # 三 (三)
    ],
}


@pytest.mark.parametrize(
    ("name", "top", "second"),
    [
        ("gwr2026_110000_beijing", BEIJING_TOP, BEIJING_SECOND),
        ("gwr2026_130000_hebei", HEBEI_TOP, HEBEI_SECOND),
        ("gwr2026_510000_sichuan", SICHUAN_TOP, SICHUAN_SECOND),
    ],
)
def test_golden_outline(name: str, top: list[str], second: dict[str, list[str]]) -> None:
    text = _text(name)
    o = outline(text)
    level1 = [h.title for h in o.headings if h.level == 1]
    assert level1[: len(top)] == top
    for h in o.headings:
        assert text[h.start : h.end] == h.title
    for parent, children in second.items():
        for child in children:
            (h,) = [h for h in o.headings if h.title == child]
            assert h.level == 2
            assert o.path_at(h.start) == (parent, child)
            assert o.path_at(h.end + 5) == (parent, child)  # the body under it


@pytest.mark.parametrize("name", sorted(PARTS))
def test_review_and_plan_parts(name: str) -> None:
    text = _text(name)
    o = outline(text)
    for sentence, part in PARTS[name]:
        pos = text.index(sentence)
        assert o.part_at(pos) == part, (sentence, o.path_at(pos))


def test_first_style_seen_is_outermost() -> None:
    text = "前言\n（一）总体要求\n正文。\n1.第一项\n内容。\n（二）主要任务\n内容。"
    o = outline(text)
    assert [(h.level, h.title) for h in o.headings] == [(1, "（一）总体要求"), (2, "1.第一项"), (1, "（二）主要任务")]
    assert o.path_at(text.index("内容")) == ("（一）总体要求", "1.第一项")
    assert o.path_at(0) == ()


def test_run_in_heading_is_cut_at_its_first_full_stop() -> None:
    text = "一、主要任务\n　　（一）强化创新驱动发展。积极探索、勇于实践，以科技创新引领产业创新。\n"
    o = outline(text)
    assert [h.title for h in o.headings] == ["一、主要任务", "（一）强化创新驱动发展"]
    assert o.label_at(text.index("积极")) == "一、主要任务" + SEPARATOR + "（一）强化创新驱动发展"


def test_chapters_sections_and_boxes() -> None:
    text = (
        "第一章 发展基础\n正文。\n第一节 发展成就\n正文。\n专栏1 重大工程\n工程一。\n"
        "第二节 面临形势\n正文。\n第二章 主要任务\n正文。"
    )
    o = outline(text)
    assert [(h.level, h.title, h.rule) for h in o.headings] == [
        (1, "第一章 发展基础", "heading.chapter"),
        (2, "第一节 发展成就", "heading.section"),
        (3, "专栏1 重大工程", "heading.box"),
        (2, "第二节 面临形势", "heading.section"),
        (1, "第二章 主要任务", "heading.chapter"),
    ]
    assert o.path_at(text.index("工程一")) == ("第一章 发展基础", "第一节 发展成就", "专栏1 重大工程")
    assert o.part_at(text.index("工程一")) == "review"
    assert o.part_at(len(text) - 1) == "plan"


def test_not_headings() -> None:
    text = (
        "2026年1月25日在北京市第十六届人民代表大会第四次会议上\n"
        "主要做了以下工作：1.稳增长；2.促改革。一、二两项均已完成。\n"
        "12.31日前完成。\n"
        "3.5%的增速好于预期。\n"
        "一、\n"
    )
    assert outline(text).headings == []


def test_range_limits_headings_and_lookups() -> None:
    text = "一、回顾\n正文。\n二、任务\n正文。\n三、安排\n正文。"
    start, end = text.index("二、"), text.index("三、")
    o = outline(text, start, end)
    assert [h.title for h in o.headings] == ["二、任务"]
    assert o.path_at(text.index("一、")) == () and o.path_at(end) == ()
    assert o.part_at(start + 3) == "plan"


def _time(text: str) -> float:
    t0 = time.perf_counter()
    outline(text)
    return time.perf_counter() - t0


@pytest.mark.parametrize("line", ["一、\n", "一、标题\n", "（一）" * 50 + "\n", "1." * 30 + "\n"])
def test_hostile_text_is_linear(line: str) -> None:
    n = 10_000
    small = min(_time(line * n) for _ in range(3))
    large = min(_time(line * 4 * n) for _ in range(2))
    assert large < 5 * 4 * max(small, 1e-3)  # linear: 4× the text takes ~4× the time, never 5× that


def test_200k_lines_of_bare_numbers_finish_fast() -> None:
    assert _time("一、\n" * 200_000) < 2
    assert _time("一、" * 200_000) < 2  # one line, no heading


def test_cli_item_heading_is_the_path_read_in_the_report() -> None:
    path = RAW / "gwr2026_130000_hebei.txt"
    result = subprocess.run(
        [sys.executable, "-m", "extract", "extract", str(path), "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    (unit,) = json.loads(result.stdout)["units"]
    # "保定国家数据标注基地" sits in 三、2026年主要工作 › （三）强化创新驱动发展，加速新旧动能转换
    (item,) = [p for p in unit["platforms"] if p["text"] == "保定国家数据标注基地"]
    assert item["heading"] == "三、2026年主要工作 › （三）强化创新驱动发展，加速新旧动能转换"
    everything = [e for t in unit["themes"] for e in t["evidence"]]
    everything += unit["focus_industries"] + unit["platforms"] + unit["targets"] + unit["achieved"]
    assert all("heading" in i for i in everything)
    preamble = [i for i in everything if i["start"] < read_document(path).text.index("一、“十四五”")]
    assert all(i["heading"] is None for i in preamble)
