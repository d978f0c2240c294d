"""atlas.layout.fit_widths: a table wider than the page is narrowed to fit, text wraps instead of being cut."""

from __future__ import annotations

import pandas as pd

from atlas.layout import BUDGET_PX, fit_widths, text_px


def test_a_wide_table_is_fitted_into_the_page_and_its_rows_wrap() -> None:
    frame = pd.DataFrame(
        {
            "Item": ["Digital services and new business forms 服务业数字化与新业态"] * 3,
            "Evidence": [16, 3, 1],
            "Quoted spans": ["数字产业化、集成电路、数字产业集群、软件和信息技术服务、芯片、智能终端、数字经济核心产业"]
            * 3,
            "Method": ["⚙ rule-extracted"] * 3,
            "Rule / record": ["theme.industrial_digitalization.term"] * 3,
        }
    )
    widths, row_height = fit_widths(frame)
    assert sum(widths.values()) <= BUDGET_PX
    assert widths["Rule / record"] >= text_px("theme.industrial_digitalization.term")  # an id is never broken
    assert row_height is not None and row_height > 64  # the grid wraps text only in rows taller than 64 px


def test_a_narrow_table_keeps_its_natural_widths_and_one_line_rows() -> None:
    widths, row_height = fit_widths(pd.DataFrame({"省份": ["北京", "上海"], "命中数": [3, 12]}))
    assert row_height is None and sum(widths.values()) < 300
