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


def test_first_run_builds_the_database_and_lists_31_provinces(fresh_db_path: Path) -> None:
    assert not fresh_db_path.exists()
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert fresh_db_path.exists()
    table = at.dataframe[0].value
    assert len(table) == 31
    assert table["label"].iloc[0] == "北京 Beijing"
    assert table["label"].str.contains("广西 Guangxi").any()
    assert (table["n_themes"] > 0).all()
    assert table["sources"].str.contains("31省市").all()
    assert at.metric[0].value == "31 / 31"
    assert any("数据库构建于" in c.value for c in at.caption)


def test_english_toggle_switches_labels(fresh_db_path: Path) -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert at.title[0].value.startswith("十四五规划对比")
    at.button_group(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value.startswith("Plan Atlas")
    table = at.dataframe[0].value
    assert table["label"].iloc[0] == "Beijing 北京"
    assert set(table["region_label"]) == {"East", "Central", "West", "Northeast"}
