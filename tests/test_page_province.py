"""AppTest of the 省份 Province profile: URL / session-state selection, attributes from the database, highlighted
source text, curated vs rule marking, and escaping of hostile document text."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.conftest import DASHBOARD

PAGE = "pages/province.py"
# The reader strips real tags from raw files but unescapes entities, so entity-encoded markup in a scraped page
# ends up as literal <script> / <b> in documents.text: exactly what the pages must escape when they render it.
HOSTILE = (
    "宁夏回族自治区测试文件。&lt;script&gt;alert(1)&lt;/script&gt;加快建设&lt;b&gt;数字政府&lt;/b&gt;，"
    "推进工业互联网与大数据中心建设。&lt;img src=x onerror=&quot;alert(2)&quot;&gt; **粗体** "
    "[链接](javascript:alert(3)) $x$ :red[红]\n第二段：发展数字经济。"
)
HOSTILE_TITLE = "测试<i>标题</i><script>x()</script>"


def open_province(at: AppTest, **params: object) -> AppTest:
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_parts(at: AppTest, which: Callable[[str], bool] = lambda label: True) -> AppTest:
    """Open the outline parts (expanders) whose label passes ``which``, as a click does, and rerun.

    An outline part builds its highlighted text only while it is open; its key is the end of the expander's id."""
    for e in at.expander:
        if which(e.label):
            at.session_state[re.fullmatch(r"\$\$ID-[0-9a-f]+-(.*)", e.proto.id).group(1)] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if 'class="pa-text"' in m.value]


def prov_table(at: AppTest, label: str) -> pd.DataFrame:
    """The attribute table in the tab with this label (主题 / 重点产业 / 平台载体 / 量化目标)."""
    (tab,) = [t for t in at.tabs if t.label == label]
    return tab.dataframe[0].value


def test_url_param_opens_the_province_with_its_themes_and_highlighted_text(dashboard: AppTest, built_db: Path) -> None:
    at = open_province(dashboard, province="广西")
    assert at.selectbox(key="province").value == "广西"
    assert at.title[0].value == "广西"
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        themes = dict(
            con.execute(
                "SELECT name_zh, count(*) FROM theme_evidence JOIN themes USING (theme_id) WHERE province = '广西' "
                "GROUP BY ALL"
            ).fetchall()
        )
        quotes = [q for (q,) in con.execute("SELECT quote FROM theme_evidence WHERE province = '广西'").fetchall()]
    finally:
        con.close()
    table = prov_table(at, "主题")
    assert {item.split(" ")[0] for item in table["项目"]} == set(themes)
    assert dict(zip(table["项目"].str.split(" ").str[0], table["证据数"], strict=True)) == themes
    assert set(table["方法"]) == {"⚙ 规则提取"}
    # the digest section for 广西 in one box, and its 2026 work report as an outline: one box per top-level part,
    # its text built only once the part is opened
    assert len(at.expander) >= 3 and len(texts(at)) == 1
    assert all(not e.markdown for e in at.expander)
    text = texts(open_parts(at))
    assert len(text) == 1 + len(at.expander)
    joined = "".join(text)
    plain = html.unescape(re.sub(r"<[^>]+>", "", joined))  # nested marks split a quote's characters
    for q in set(quotes):
        assert q in plain
    assert joined.count('<mark class="pa-theme"') >= len(set(quotes)) // 2
    assert at.metric[0].value == str(len(themes))


def test_map_style_session_state_selection_and_curated_marking(dashboard: AppTest) -> None:
    dashboard.session_state["province"] = "江苏"  # what the map page does before switching here
    at = open_province(dashboard)
    assert at.title[0].value == "江苏"
    targets = prov_table(at, "量化目标")
    curated = targets[targets["方法"] == "✎ 人工整理"]
    assert len(curated) >= 2
    assert set(curated["核实状态"]) <= {"已核实", "部分核实", "待核实"}
    assert curated["目标值"].str.endswith("✎").all()
    assert (curated["链接"].str.startswith("http")).any()


def test_highlight_kinds_can_be_switched_off(dashboard: AppTest) -> None:
    at = open_province(dashboard, province="北京")
    assert '<mark class="pa-theme"' in "".join(m.value for m in at.markdown)
    at.button_group(key="prov_highlight").set_value([]).run()
    shown = texts(open_parts(at))
    assert shown and "人工智能" in "".join(shown)  # the document text is still there …
    assert "<mark class=" not in "".join(shown)  # … with nothing marked


def test_document_text_is_escaped_never_rendered_as_markup(
    make_raw_dir: Callable[..., Path], db_from_raw: Callable[[Path], Path]
) -> None:
    raw = make_raw_dir({"900_hostile": (HOSTILE, {"title": HOSTILE_TITLE, "scope": "宁夏"})})
    db = db_from_raw(raw)
    con = duckdb.connect(str(db), read_only=True)
    try:
        (stored,) = con.execute("SELECT text FROM documents WHERE doc_id = '900_hostile'").fetchone()
    finally:
        con.close()
    assert "<script>alert(1)</script>" in stored and "<b>数字政府</b>" in stored  # the hostile text is really there
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at = open_province(at, province="宁夏")
    html = "\n".join(m.value for m in at.markdown)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;" in html and "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html
    assert "<script" not in html.lower()
    assert "<b>" not in html and "<img" not in html and "<i>" not in html
    assert "&lt;i&gt;标题&lt;/i&gt;" in html  # the document title is escaped too
    # Markdown syntax inside the document is not interpreted either
    assert "&#42;&#42;粗体&#42;&#42;" in html and "&#36;x&#36;" in html
    # the highlighted theme span inside the escaped <b> is still marked
    assert ">数字政府</mark>&lt;/b&gt;" in html
    assert "第二段" in html and "<br>" in html


def test_highlight_marks_overlapping_spans_once_and_escapes_labels() -> None:
    from atlas.highlight import Span, highlight

    text = "数字经济核心产业<发展>"
    out = highlight(text, [Span(10, 14, "theme", "A"), Span(10, 18, "industry", '"B"', curated=True)], offset=10)
    assert out.count("<mark") == 2
    assert 'title="A；&quot;B&quot;"' in out  # the inner piece lists both labels, quotes escaped
    assert "border-bottom:3px solid" in out  # curated spans are underlined
    assert out.endswith("&lt;发展&gt;")
    assert highlight("a<b", []) == "a&lt;b"


def test_without_a_parameter_the_first_province_opens_and_the_nation_is_last(dashboard: AppTest) -> None:
    at = open_province(dashboard)
    box = at.selectbox(key="province")
    assert box.value == "北京" and box.options[-1] == "全国" and len(box.options) == 32
    at.selectbox(key="province").set_value("全国").run()
    assert at.title[0].value.startswith("全国")


def test_sidecar_fields_render_as_plain_text_never_markdown(
    make_raw_dir: Callable[..., Path], db_from_raw: Callable[[Path], Path]
) -> None:
    """issue 14: an issuer written as a Markdown image made the page fetch from another host; :red[…] coloured."""
    meta = {
        "title": "宁夏测试文件 :red[红字]",
        "scope": "宁夏",
        "issuer": "![t](http://203.0.113.9/issuer.png)",
        "doc_number": "[点我](http://203.0.113.9/x)",
    }
    db_from_raw(make_raw_dir({"900_md": ("宁夏回族自治区测试文件。加快建设数字政府，发展数字经济。", meta)}))
    at = open_province(AppTest.from_file(DASHBOARD, default_timeout=60), province="宁夏")
    rendered = "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)
    assert "203.0.113.9" in rendered  # the value is shown …
    assert "![t](http" not in rendered and "[点我](http" not in rendered and ":red[" not in rendered  # … inert
    assert "&#91;点我&#93;" in rendered and "&#58;red&#91;红字&#93;" in rendered


def test_a_document_without_date_or_number_reads_unknown_never_nan(
    make_raw_dir: Callable[..., Path], db_from_raw: Callable[[Path], Path]
) -> None:
    """issue 13: after adding a second document, the other one showed 日期：nan · 文号：nan."""
    db_from_raw(
        make_raw_dir({"900_nodate": ("宁夏回族自治区测试文件。发展数字经济。", {"title": "无日期", "scope": "宁夏"})})
    )
    at = open_province(AppTest.from_file(DASHBOARD, default_timeout=60), province="宁夏")
    captions = [m.value for m in at.markdown if m.value.startswith('<div class="pa-plain"') and "文号" in m.value]
    assert len(captions) == 2  # the fixture's work report and the added document
    for caption in captions:
        assert "nan" not in caption.lower() and "None" not in caption
    added = [c for c in captions if "日期：未知" in c]
    assert added and "文号：未知" in added[0]


def test_document_type_filter_narrows_the_profile(dashboard: AppTest) -> None:
    at = open_province(dashboard, province="浙江")
    assert at.multiselect(key="types").value == []  # all types
    all_docs = at.metric[4].value
    at.multiselect(key="types").set_value(["work_report"]).run()
    assert not at.exception
    metas = [m.value for m in at.markdown if m.value.startswith('<div class="pa-plain"') and "文号" in m.value]
    assert metas and all("政府工作报告" in m for m in metas)
    assert int(at.metric[4].value) == 1 and int(all_docs) == 2  # 浙江: the 002 digest section and its 2026 report
    assert at.query_params["types"] in ("work_report", ["work_report"])


def test_any_spelling_of_a_province_in_the_url_opens_it(dashboard: AppTest) -> None:
    """issue 14: /province?province=guangxi silently showed 北京."""
    for spelling in ("guangxi", "桂", "广西壮族自治区"):
        at = open_province(AppTest.from_file(DASHBOARD, default_timeout=60), province=spelling)
        assert at.title[0].value == "广西", spelling


def test_an_unknown_province_in_the_url_says_so(dashboard: AppTest) -> None:
    at = open_province(dashboard, province="![x](http://203.0.113.9/a.png)")
    assert at.error and "未知省份" in at.error[0].value
    assert "![x](http" not in at.error[0].value.replace("` ![x](http://203.0.113.9/a.png) `", "")


def test_a_work_report_reads_as_an_outline_with_review_and_plan_told_apart(dashboard: AppTest) -> None:
    """issue 10: the 河北 2026 report's three parts, as its text titles them (read by hand)."""
    at = open_province(dashboard, province="河北")
    labels = [e.label for e in at.expander]
    assert any(lb.startswith("一、“十四五”时期经济社会发展回顾 · 回顾 (") for lb in labels)
    assert any(lb.startswith("二、“十五五”时期的主要目标任务 · 规划 (") for lb in labels)
    assert any(lb.startswith("三、2026年主要工作 · 规划 (") for lb in labels)
    assert not any(e.markdown for e in at.expander)  # the outline is there, no part's text built yet
    before = len(texts(at))  # the digest paragraph, one box
    at = open_parts(at, lambda label: label.startswith("三、2026年主要工作"))
    (part3,) = [e for e in at.expander if e.label.startswith("三、2026年主要工作")]
    text = "".join(m.value for m in part3.markdown)
    assert len(texts(at)) == before + 1  # only the opened part's text is built
    assert "保定国家数据标注基地" in text and "<mark" in text  # its items are highlighted inside the part
    assert "“十四五”时期经济社会发展回顾" not in text  # and only that part's text is there


def test_heading_text_in_a_label_cannot_become_markdown() -> None:
    from atlas.highlight import md_label

    label = md_label("一、![x](http://203.0.113.9/a.png) :red[红]")
    assert "![" not in label and "](" not in label and ":red[" not in label


def test_an_open_part_stays_open_when_the_highlight_kinds_change(dashboard: AppTest) -> None:
    """issue 14: parts render on demand; switching highlight kinds keeps the part open, marked with those kinds."""
    at = open_parts(open_province(dashboard, province="河北"), lambda label: label.startswith("三、"))
    labels = [e.label for e in at.expander]
    at.button_group(key="prov_highlight").set_value(["platform"]).run()
    assert [e.label for e in at.expander] == labels  # counts cover every kind: the labels do not move
    (part3,) = [e for e in at.expander if e.label.startswith("三、")]
    text = "".join(m.value for m in part3.markdown)
    assert "保定国家数据标注基地" in text and '<mark class="pa-platform"' in text
    assert '<mark class="pa-theme"' not in text and '<mark class="pa-target"' not in text


def test_the_province_selector_speaks_english_and_the_url_keeps_the_stable_name(dashboard: AppTest) -> None:
    """issue 13: in English the selector reads "Guangxi 广西"; the link still says ?province=广西 (works in zh too)."""
    dashboard.session_state["lang"] = "en"
    at = open_province(dashboard, province="广西")
    box = at.selectbox(key="province")
    assert box.value == "广西"
    assert "Guangxi 广西" in box.options and "广西" not in box.options
    box.set_value("四川").run()
    assert at.query_params["province"] in ("四川", ["四川"])
    assert at.title[0].value == "Sichuan 四川"
