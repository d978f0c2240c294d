"""AppTest over dashboard.py: first-run build, the 31 provinces with their counts and sources, language toggle."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")


@pytest.fixture
def fresh_db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "fresh" / "plan_atlas.duckdb"
    monkeypatch.setenv("PLAN_ATLAS_DB", str(path))
    return path


def test_without_a_database_the_dashboard_says_how_to_build_one(fresh_db_path: Path) -> None:
    """The read side never writes: no database → a clear instruction, no traceback, nothing built."""
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not fresh_db_path.exists()
    assert "尚未构建数据库" in at.warning[0].value
    assert "python -m extract build" in at.code[0].value


def test_overview_lists_31_provinces_with_their_sources(built_db: Path, use_db) -> None:
    use_db(built_db)
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert len(table) == 31
    assert table["label"].iloc[0] == "北京"
    assert (table["n_themes"] > 0).all()
    guangxi = table[table["label"] == "广西"].iloc[0]
    assert "31省市" in guangxi["sources"] and "2026年广西壮族自治区政府工作报告" in guangxi["sources"]
    assert guangxi["n_documents"] == 2
    assert at.metric[0].value == "31 / 31"
    assert at.metric[1].value == "33"
    assert any("数据库构建于" in c.value for c in at.caption)


def test_doc_type_filter_counts_only_that_type(built_db: Path, use_db) -> None:
    use_db(built_db)
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.multiselect(key="types").set_value(["work_report"]).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert set(table["n_documents"]) == {1}
    assert at.metric[1].value == "31"
    assert not table["sources"].str.contains("31省市").any()
    assert at.query_params["types"] in ("work_report", ["work_report"])


def test_a_province_without_documents_reads_missing_not_zero(fixture_db: Path, use_db) -> None:
    use_db(fixture_db)
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    xizang = table[table["label"] == "西藏"].iloc[0]
    assert xizang["sources"] == "缺失"
    assert xizang.isna()[["n_themes", "n_industries", "n_platforms", "n_targets"]].all()
    assert at.metric[0].value == "3 / 31"


def test_english_toggle_switches_labels(fixture_db: Path, use_db) -> None:
    use_db(fixture_db)
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert at.title[0].value.startswith("十四五规划对比")
    at.button_group(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value.startswith("Plan Atlas")
    table = at.dataframe[0].value
    assert table["label"].iloc[0] == "Beijing 北京"
    assert set(table["region_label"]) == {"East", "Central", "West", "Northeast"}


def test_a_deep_link_in_english_opens_the_page_in_english(dashboard: AppTest) -> None:
    """/map?lang=en: the language bound in dashboard.py is seeded from the URL on any page, not only the default."""
    dashboard.query_params["lang"] = "en"
    dashboard.switch_page("pages/map.py").run()
    assert not dashboard.exception
    assert dashboard.title[0].value.startswith("Map")
