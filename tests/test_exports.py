"""Downloads: the CSV (UTF-8 with BOM) and the XLSX (a sheet per attribute type + sources) hold the visible tables."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas import exports


def visible_tables(at: AppTest) -> dict[str, pd.DataFrame]:
    """Attribute type → the comparison table the page shows (keyed cmp_table_<attr>)."""
    labels = {"theme": "主题", "industry": "重点产业", "platform": "平台载体", "target": "量化目标"}
    out = {}
    for d in at.dataframe:
        for attr, label in labels.items():
            if d.proto.id.endswith(f"cmp_table_{attr}"):
                out[label] = d.value.fillna("")
        value = d.value if isinstance(d.value, pd.DataFrame) else None
        if (
            value is not None
            and "异同" not in value.columns
            and value.astype(str).map(lambda c: " → " in c).any().any()
        ):
            out["规划落实"] = value.fillna("")  # the delivery tab: target → outcome → next per province
    return out


def open_compare(at: AppTest, **params: Any) -> AppTest:
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page("pages/compare.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_csv_download_is_bom_utf8_and_equals_the_visible_tables(
    dashboard: AppTest, downloads: Callable[[Any], tuple[bytes, str]]
) -> None:
    at = open_compare(dashboard, p=["北京", "上海", "江苏"])
    at.button_group(key="cmp_show").set_value("diff").run()
    shown = visible_tables(at)
    assert "主题" in shown and "量化目标" in shown
    data, name = downloads(at.get("download_button")[0])
    assert name == "plan_atlas_compare_beijing-shanghai-jiangsu.csv"
    assert name.isascii()
    assert data.startswith(b"\xef\xbb\xbf")
    csv = pd.read_csv(io.StringIO(data.decode("utf-8-sig")), dtype=str, keep_default_na=False)
    assert list(csv.columns) == ["类别", "项目", "异同", "北京", "上海", "江苏"]
    for label, table in shown.items():
        part = csv[csv["类别"] == label].drop(columns="类别").reset_index(drop=True)
        part = part[[c for c in part.columns if c in table.columns]]  # the delivery table has no 异同 column
        pd.testing.assert_frame_equal(part, table.astype(str).reset_index(drop=True))
    assert len(csv) == sum(len(t) for t in shown.values())
    assert "共有" not in set(csv["异同"])  # the filter applies to the download too
    assert "规划落实" in shown and " → " in csv[csv["类别"] == "规划落实"]["北京"].iloc[0]


def test_xlsx_download_has_one_sheet_per_type_and_a_sources_sheet(
    dashboard: AppTest, downloads: Callable[[Any], tuple[bytes, str]]
) -> None:
    at = open_compare(dashboard, p=["北京", "上海"])
    shown = visible_tables(at)
    data, name = downloads(at.get("download_button")[1])
    assert name == "plan_atlas_compare_beijing-shanghai.xlsx"
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, keep_default_na=False)
    assert list(sheets) == ["主题", "重点产业", "平台载体", "量化目标", "规划落实", "来源"]
    for label, table in shown.items():
        pd.testing.assert_frame_equal(sheets[label], table.astype(str).reset_index(drop=True))
    sources = sheets["来源"]
    for column in ("文档", "原文", "方法", "规则/记录"):
        assert column in sources.columns
    # one source row per theme evidence span behind the theme table, plus one per curated target
    counts = shown["主题"][["北京", "上海"]].map(lambda c: int(c[2:]) if c.startswith("✓") else 0)
    assert (sources["类别"] == "主题").sum() == counts.to_numpy().sum()
    # 北京 and 上海: curated headline targets, and targets their 2026 work reports state
    assert set(sources.loc[sources["类别"] == "量化目标", "方法"]) == {"✎ 人工整理", "⚙ 规则提取"}
    assert set(sources.loc[sources["类别"] == "主题", "方法"]) == {"⚙ 规则提取"}
    # the sources the page lists in its expander are the same rows (its key columns; the record view has the rest)
    expander_sources = [d.value for d in at.dataframe if "文档" in d.value.columns][0].fillna("")
    assert set(expander_sources.columns) < set(sources.columns)
    pd.testing.assert_frame_equal(
        sources[list(expander_sources.columns)], expander_sources.astype(str), check_dtype=False
    )


def test_download_files_are_built_only_on_click(
    dashboard: AppTest, downloads: Callable[[Any], tuple[bytes, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rerun must not build the XLSX (at scale it took ~36 s of every rerun); a click builds it, once."""
    calls: list[str] = []
    for name in ("csv_bytes", "xlsx_bytes"):
        real = getattr(exports, name)
        monkeypatch.setattr(exports, name, lambda *a, _n=name, _f=real: calls.append(_n) or _f(*a))
    at = open_compare(dashboard, p=["北京", "上海"])
    at.button_group(key="cmp_show").set_value("shared").run()
    buttons = at.get("download_button")
    assert len(buttons) == 2
    assert all(b.proto.deferred_file_id and not b.proto.url for b in buttons)
    assert calls == []
    data, name = downloads(buttons[1])
    assert calls == ["xlsx_bytes"] and name.endswith(".xlsx")
    assert downloads(buttons[1])[0] == data and calls == ["xlsx_bytes"]  # a second click reuses the file
    downloads(buttons[0])
    assert calls == ["xlsx_bytes", "csv_bytes"]


def test_formula_like_text_never_becomes_a_formula() -> None:
    table = pd.DataFrame({"原文": ['=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-5%", "数字经济"]})
    csv = exports.csv_bytes(table).decode("utf-8-sig").splitlines()
    assert csv[1:] == ['"\'=HYPERLINK(""http://x"")"', "'+1", "'@SUM(A1)", "'-5%", "数字经济"]
    wb = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes({"s": table})))
    cells = [c for (c,) in wb["s"].iter_rows(min_row=2)]
    assert [c.value for c in cells] == ["'" + v if v[0] in "=+-@" else v for v in table["原文"]]
    assert {c.data_type for c in cells} == {"s"}


def test_sheet_names_and_file_names_are_safe() -> None:
    assert exports.sheet_name("a/b:c*d?e[f]") == "a_b_c_d_e_f_"
    assert exports.sheet_name("x" * 40) == "x" * 31
    assert exports.sheet_name("来源", taken=["来源"]) == "来源 (2)"
    assert exports.ascii_filename("plan_atlas_compare", ["Beijing", "Inner Mongolia", "广西"], "csv") == (
        "plan_atlas_compare_beijing-innermongolia.csv"
    )
    assert exports.ascii_filename("搜索", [], "xlsx") == "export.xlsx"


def test_empty_tables_still_export_their_headers() -> None:
    empty = pd.DataFrame(columns=["项目", "异同", "北京"])
    assert exports.csv_bytes(empty).decode("utf-8-sig").strip() == "项目,异同,北京"
    sheets = pd.read_excel(io.BytesIO(exports.xlsx_bytes({"主题": empty})), sheet_name=None)
    assert list(sheets["主题"].columns) == ["项目", "异同", "北京"]


def test_dash_tab_and_cr_cells_are_neutralised_in_csv_and_xlsx() -> None:
    """Strings a spreadsheet would run (= + - @ tab CR) get a leading apostrophe; numbers stay numbers."""
    texts = ["-1+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "=1", "+1", "@SUM(A1)", "数字经济", "a-b"]
    table = pd.DataFrame({"原文": texts, "数": [-5.5, -3, 0, 1, 2, 3, 4, 5]})
    expected = ["'" + t if t[0] in "=+-@\t\r" else t for t in texts]
    back = pd.read_csv(io.BytesIO(exports.csv_bytes(table)), encoding="utf-8-sig", keep_default_na=False)
    assert back["原文"].tolist() == expected
    assert back["数"].tolist() == [-5.5, -3, 0, 1, 2, 3, 4, 5]
    wb = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes({"s": table})))
    rows = list(wb["s"].iter_rows(min_row=2))
    assert [r[0].value for r in rows] == expected
    assert {r[0].data_type for r in rows} == {"s"}
    assert [r[1].value for r in rows] == [-5.5, -3, 0, 1, 2, 3, 4, 5]
    assert {r[1].data_type for r in rows} == {"n"}
