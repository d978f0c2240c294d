"""Every page, in both languages: no Python value (None, nan), no raw code (snake_case), and in English no Chinese
punctuation outside source text (quotes, document text, document titles and names as written stay original).

Issue 13. The walk reads what AppTest renders: headings, captions, messages, metrics, widget labels and options,
and every table's column names and cells.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas.navigation import PAGES

PYTHON_VALUES = re.compile(r"(?<![\w.])(?:None|nan|NaN|NaT|<NA>)(?![\w.])")
# snake_case words that are codes (status_rank, core_share_gdp); dotted rule ids (industry.list_member) and file or
# document ids are provenance and allowed, as are URLs.
SNAKE = re.compile(r"(?<![\w./:-])[a-z]+(?:_[a-z]+)+(?![\w.(/-])")
URL = re.compile(r"https?://\S+")
CODE_SPAN = re.compile(r"`[^`\n]*`")  # inline code in documentation (a file name, a function) is literal by design
CJK_PUNCT = re.compile(r"[，。：；、（）！？【】《》]")
# English column headers whose cells are source text (kept in the original language by design).
SOURCE_COLUMNS = {
    "Quote", "Quoted spans", "Document", "Plan", "Issuer", "Source", "Publisher", "Title", "Text", "Context",
    "Quotes", "Note", "Searched for", "Source document", "Stated", "Item", "Name", "Platform", "Industry",
    "Indicator as written", "Target", "Value", "Definition (Chinese)", "Chinese name", "Matched", "Hit",
    "Reason", "Path", "File", "URL", "Link", "Rule / record", "Rule", "Heading",
}  # fmt: skip
# Columns that hold identifiers on purpose (a theme's URL code, a rule id, a document id): shown as codes.
ID_COLUMNS = {"ID", "编号", "Rule id", "规则编号", "Document ID", "文档编号", "Correction ID", "更正编号"}
RECORD_FIELD = re.compile(r'<div class="pa-key"[^>]*>(.*?)</div><div class="pa-val"[^>]*>(.*?)</div>')
SOURCE_WIDGETS = {"entity"}  # widgets whose options are source names (the Themes page's "who else names …")


def _texts(at: AppTest) -> Iterator[tuple[str, str]]:
    """(where, text) for everything on screen except source text blocks."""
    for kind in ("title", "header", "subheader", "caption", "info", "warning", "error", "success"):
        for el in getattr(at, kind):
            yield kind, str(el.value)
    for el in at.markdown:
        value = str(el.value)
        if 'class="pa-record"' in value:  # a record view (ui.record_view): judged like a table's header and cell
            for header, cell in RECORD_FIELD.findall(value):
                header, cell = html.unescape(header), html.unescape(re.sub(r"<[^>]+>", "", cell))
                yield "column", header
                yield f"cell[{header}]", cell
            continue
        if 'class="pa-text"' in value or "pa-plain" in value or "<mark" in value:
            continue  # document text, quotes and sidecar fields: shown as written
        yield "markdown", value
    for m in at.metric:
        yield "metric", f"{m.label} {m.value}"
    for kind in ("selectbox", "multiselect", "radio", "button_group", "toggle", "checkbox", "text_input"):
        for w in at.get(kind):
            label = getattr(w, "label", "")
            yield kind, str(label)
            if getattr(w, "key", None) in SOURCE_WIDGETS:
                continue  # its options are names as written in the documents
            for option in getattr(w, "options", []) or []:
                yield f"{kind} option", str(option)
    for tab in at.tabs:
        yield "tab", str(tab.label)
    for df in at.dataframe:
        frame = df.value
        if not isinstance(frame, pd.DataFrame):
            frame = frame.data  # a Styler
        config = json.loads(df.proto.columns or "{}")  # column_config: the header the user sees
        order = list(df.proto.column_order) or list(frame.columns)
        for column in frame.columns:
            if str(column) not in order or config.get(str(column)) is None and str(column) not in order:
                continue
            header = (config.get(str(column)) or {}).get("label") or str(column)
            yield "column", header
            for cell in frame[column].tolist():
                if isinstance(cell, str):
                    yield f"cell[{header}]", cell


def _problems(at: AppTest, lang: str) -> list[str]:
    out = []
    for where, text in _texts(at):
        bare = CODE_SPAN.sub("", URL.sub("", text))
        if PYTHON_VALUES.search(bare):
            out.append(f"{where}: Python value in {text[:120]!r}")
        snake = SNAKE.search(bare)
        if snake and not _id_cell(where):
            out.append(f"{where}: code {snake.group()!r} in {text[:120]!r}")
        if lang == "en" and CJK_PUNCT.search(bare) and not _source_cell(where):
            out.append(f"{where}: Chinese punctuation in English UI: {text[:120]!r}")
    return out


def _source_cell(where: str) -> bool:
    return where.startswith("cell[") and where[5:-1] in SOURCE_COLUMNS


def _id_cell(where: str) -> bool:
    return where.startswith("cell[") and where[5:-1] in ID_COLUMNS


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", [p[0] for p in PAGES], ids=lambda p: p.split("/")[-1])
def test_every_page_speaks_the_ui_language(dashboard: AppTest, page: str, lang: str) -> None:
    at = dashboard
    at.run()
    if lang == "en":
        at.button_group(key="lang").set_value("en").run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    problems = sorted(set(_problems(at, lang)))
    assert not problems, "\n".join(problems[:40])


def test_the_walk_catches_what_it_is_for() -> None:
    """The checks themselves fail on the faults the issue found (so the walk above cannot pass vacuously)."""
    assert PYTHON_VALUES.search("日期：nan · 文号：None")
    assert SNAKE.search("de_share_gdp; other:x") and SNAKE.search("unverified_hidden")
    assert not SNAKE.search("industry.list_member") and not SNAKE.search("gwr2026_110000_beijing")
    assert not SNAKE.search(URL.sub("", "see https://x.gov.cn/a_b/c_d.html"))
    assert CJK_PUNCT.search("One theme：AI") and CJK_PUNCT.search("Shanxi 山西、Inner Mongolia 内蒙古")
    assert not PYTHON_VALUES.search("Nanjing, nano, NaNa")
