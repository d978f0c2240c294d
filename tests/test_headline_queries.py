"""Headline-target queries the map and tables use: all 31 provinces always, unverified rows out by default, each
missing value labelled with why it is missing (never a 0), conflicts picked deterministically and flagged."""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

import database.build as build_module
from atlas.queries import headline
from database.build import build
from extract.paths import CURATED
from extract.regions import plan_provinces

PROVINCES = [p.province for p in plan_provinces()]


@pytest.fixture(scope="module")
def con(built_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    c = duckdb.connect(str(built_db), read_only=True)
    yield c
    c.close()


def by_province(frame) -> dict:
    return {r["province"]: r for r in frame.to_dict("records")}


@pytest.mark.parametrize("indicator", [i[0] for i in headline.INDICATORS])
@pytest.mark.parametrize("include_unverified", [False, True])
def test_always_31_provinces_in_order_and_missing_is_never_zero(con, indicator: str, include_unverified: bool) -> None:
    m = headline.headline_map(con, indicator, include_unverified)
    assert list(m["province"]) == PROVINCES
    assert set(m["state"]) <= set(headline.STATES)
    has_value = m["state"] == "value"
    assert m.loc[has_value, "value"].notna().all() and (m.loc[has_value, "value"] > 0).all()
    assert m.loc[~has_value, "value"].isna().all()
    assert (m.loc[m["state"] == "no_target_found", "n_sources"] == 0).all()
    assert m.loc[m["state"] == "no_target_found", ["plan_title", "status", "source_url"]].isna().all().all()


def test_unverified_rows_are_excluded_by_default_and_included_with_the_toggle(con) -> None:
    default = by_province(headline.headline_map(con, "core_share_gdp", False))
    sichuan = default["四川"]
    assert sichuan["state"] == "unverified_hidden"
    assert math.isnan(sichuan["value"])
    assert sichuan["status"] == "unverified" and sichuan["plan_title"].startswith("四川省")
    assert {r["status"] for r in default.values() if r["state"] == "value"} <= {"high", "medium"}

    included = by_province(headline.headline_map(con, "core_share_gdp", True))
    assert included["四川"]["state"] == "value" and included["四川"]["value"] == 10
    assert included["山西"]["value"] == 5.4
    n_default = sum(r["state"] == "value" for r in default.values())
    assert sum(r["state"] == "value" for r in included.values()) > n_default


def test_curated_provinces_show_value_plan_status_and_source(con) -> None:
    m = by_province(headline.headline_map(con, "core_share_gdp", False))
    hlj = m["黑龙江"]
    assert (hlj["state"], hlj["value"], hlj["unit"], hlj["status"]) == ("value", 10, "%", "high")
    assert hlj["source_url"].startswith("http") and hlj["source_publisher"] and hlj["plan_title"]
    assert m["北京"]["state"] == "no_target_found"


def test_a_conflict_is_resolved_by_status_and_listed(con) -> None:
    jiangsu = by_province(headline.headline_map(con, "core_share_gdp", False))["江苏"]
    assert jiangsu["value"] == 10 and jiangsu["status"] == "high" and jiangsu["comparator"] == ">"
    assert jiangsu["n_sources"] == 2
    ((other,),) = [list(jiangsu["conflicts"])]
    assert (other["value"], other["status"]) == (13.5, "medium")
    text = headline.conflict_text(jiangsu["conflicts"], jiangsu["conflicting_no_target"], "en")
    assert text.startswith("≈13.5%") and "official source (related plan or later revision)" in text
    assert "medium" not in text and "~" not in text  # labels, not codes
    hlj = by_province(headline.headline_map(con, "core_share_gdp", False))["黑龙江"]
    assert headline.conflict_text(hlj["conflicts"], hlj["conflicting_no_target"], "zh") is None


def test_values_in_trillions_are_converted_to_one_unit(con) -> None:
    m = by_province(headline.headline_map(con, "de_value", True))
    assert (m["上海"]["value"], m["上海"]["unit"]) == (30000, "亿元")
    assert (m["甘肃"]["value"], m["甘肃"]["unit"]) == (5000, "亿元")


def test_national_benchmark(con) -> None:
    bench = headline.national_benchmark(con, "core_share_gdp")
    assert len(bench) == 1
    b = bench.iloc[0]
    assert (b["value"], b["baseline_value"], b["baseline_year"], b["target_year"]) == (10, 7.8, 2020, 2025)
    assert b["plan_title"] and b["source_url"].startswith("http")
    assert headline.national_benchmark(con, "de_share_gdp").empty


def test_indicators_and_table(con) -> None:
    ind = headline.headline_indicators(con)
    assert list(ind["indicator"]) == ["core_share_gdp", "de_share_gdp", "de_value", "core_value"]
    assert ind["label_zh"].str.len().gt(0).all() and ind["label_en"].str.len().gt(0).all()
    assert ind.set_index("indicator").loc["core_share_gdp", "unit"] == "%"

    everything = headline.headline_table(con, True)
    verified = headline.headline_table(con, False)
    assert set(verified["status"]) <= {"high", "medium"}
    assert "unverified" in set(everything["status"])
    assert len(everything) > len(verified)
    assert everything.iloc[0]["province"] == "全国"
    assert everything.loc[everything["province"] == "江苏", "conflict"].all()


@pytest.fixture(scope="module")
def no_target_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    folder = tmp_path_factory.mktemp("curated")
    shutil.copytree(CURATED, folder, dirs_exist_ok=True)
    header = (folder / "no_target.csv").read_text(encoding="utf-8").splitlines()[0]
    (folder / "no_target.csv").write_text(
        header + "\n"
        "北京,core_share_gdp,北京市测试规划,北京市人民政府,2022-01,https://www.beijing.gov.cn/t.html,北京市人民政府,"
        "high,tester,2026-11-21,sets only a DE share\n"
        "黑龙江,core_share_gdp,黑龙江测试规划,黑龙江省人民政府,2022-01,https://www.hlj.gov.cn/t.html,黑龙江省人民政府,"
        "medium,tester,2026-11-21,contradicts the curated target\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build_module, "CURATED", folder)
        path = build(out_dir=tmp_path_factory.mktemp("nt_db"), progress=False)
    c = duckdb.connect(str(path), read_only=True)
    yield c
    c.close()


def test_plan_sets_none_differs_from_no_target_found(no_target_db) -> None:
    m = by_province(headline.headline_map(no_target_db, "core_share_gdp", False))
    beijing = m["北京"]
    assert beijing["state"] == "plan_sets_none"
    assert math.isnan(beijing["value"])
    assert beijing["plan_title"] == "北京市测试规划" and beijing["source_url"].startswith("https://www.beijing.gov.cn")
    assert beijing["n_sources"] == 1
    assert m["天津"]["state"] == "no_target_found"
    hlj = m["黑龙江"]  # a value and a "sets none" record disagree: the value shows, the disagreement is flagged
    assert hlj["state"] == "value" and hlj["conflicting_no_target"]["plan_title"] == "黑龙江测试规划"
    assert "黑龙江测试规划" in headline.conflict_text(hlj["conflicts"], hlj["conflicting_no_target"], "zh")
    assert headline.headline_map(no_target_db, "de_share_gdp", False).set_index("province").loc["北京", "state"] == (
        "no_target_found"
    )
    assert len(headline.no_target_table(no_target_db)) == 2
