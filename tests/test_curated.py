"""Curated files: the loader rejects bad rows naming file, row and problem; a bad row stops the build and the
previously served database stays as it was."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

import database.build as build_module
from database.build import BuildError, build
from database.curated import HEADLINE_COLUMNS, NO_TARGET_COLUMNS, CuratedError, load_headline_targets, load_no_target
from extract.paths import CURATED

GOOD = (
    "浙江,浙江省数字经济发展“十四五”规划,浙江省人民政府办公厅,2021-06,de_share_gdp,60,%,~,2025,46.8,2020,"
    "https://example.gov.cn/a.html,新华社,high,note"
)


def write_csv(path: Path, header: tuple[str, ...], rows: list[str]) -> Path:
    path.write_text(",".join(header) + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_the_shipped_headline_file_loads_with_method_curated() -> None:
    rows = load_headline_targets(CURATED / "headline_targets.csv")
    assert len(rows) >= 26
    assert {r["method"] for r in rows} == {"curated"}
    assert all(r["rule_id"] == r["target_id"] for r in rows)
    assert {"全国", "浙江", "江苏", "重庆"} <= {r["province"] for r in rows}
    national = [r for r in rows if r["province"] == "全国" and r["indicator"] == "core_share_gdp"]
    assert [(r["value"], r["baseline_value"], r["baseline_year"]) for r in national] == [(10.0, 7.8, 2020)]
    assert all(r["source_url"] for r in rows if r["status"] != "unverified")


def test_a_good_row_loads(tmp_path: Path) -> None:
    rows = load_headline_targets(write_csv(tmp_path / "h.csv", HEADLINE_COLUMNS, [GOOD]))
    assert rows[0]["province"] == "浙江" and rows[0]["value"] == 60.0 and rows[0]["status"] == "high"
    assert rows[0]["target_id"] == "curated.headline_targets#2"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (",60,%,", ",sixty,%,", "value 'sixty' is not a number"),
        ("浙江,", "Atlantis,", "unknown province 'Atlantis'"),
        (",de_share_gdp,", ",gdp_share,", "indicator 'gdp_share'"),
        (",60,%,", ",160,%,", "a share of GDP lies between 0 and 100"),
        (",60,%,", ",60,亿元,", "a share of GDP is given in %"),
        (",~,2025,", ",about,2025,", "comparator 'about'"),
        (",~,2025,", ",~,1899,", "target_year '1899'"),
        (",high,", ",certain,", "status 'certain'"),
        ("https://example.gov.cn/a.html", "", "status high needs a source_url"),
        (",2021-06,", ",June 2021,", "issue_date 'June 2021'"),
        ("浙江省数字经济发展“十四五”规划", "", "plan_title is empty"),
    ],
)
def test_bad_rows_are_rejected_with_file_row_and_problem(tmp_path: Path, old: str, new: str, problem: str) -> None:
    path = write_csv(tmp_path / "h.csv", HEADLINE_COLUMNS, [GOOD, GOOD.replace(old, new, 1)])
    with pytest.raises(CuratedError) as exc:
        load_headline_targets(path)
    message = str(exc.value)
    assert f"{path}: row 3: " in message
    assert problem in message
    assert "row 2" not in message  # the good row is not blamed


def test_every_bad_row_is_reported_at_once(tmp_path: Path) -> None:
    rows = [GOOD.replace(",60,%,", ",x,%,"), GOOD, GOOD.replace(",high,", ",maybe,")]
    with pytest.raises(CuratedError) as exc:
        load_headline_targets(write_csv(tmp_path / "h.csv", HEADLINE_COLUMNS, rows))
    assert "row 2: value 'x'" in str(exc.value) and "row 4: status 'maybe'" in str(exc.value)


def test_a_row_with_too_many_values_and_a_missing_column_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(CuratedError, match=r"row 2: 1 value\(s\) more than the header"):
        load_headline_targets(write_csv(tmp_path / "h.csv", HEADLINE_COLUMNS, [GOOD + ",extra"]))
    header = tuple(c for c in HEADLINE_COLUMNS if c != "status")
    with pytest.raises(CuratedError, match=r"missing column\(s\) status"):
        load_headline_targets(write_csv(tmp_path / "h2.csv", header, []))


NO_TARGET = "北京,core_share_gdp,北京市数字经济规划,北京市人民政府,2022-01,https://www.beijing.gov.cn/x.html,北京市人民政府,high,analyst,2026-11-21,only a DE share target"  # noqa: E501


def test_no_target_records_load_and_a_missing_file_means_none(tmp_path: Path) -> None:
    assert load_no_target(tmp_path / "absent.csv") == []
    rows = load_no_target(write_csv(tmp_path / "n.csv", NO_TARGET_COLUMNS, [NO_TARGET]))
    assert rows[0]["province"] == "北京" and rows[0]["record_id"] == "curated.no_target#2"
    assert rows[0]["method"] == "curated"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (",core_share_gdp,", ",other:x,", "indicator 'other:x'"),
        (",analyst,", ",,", "curator is empty"),
        (",2026-11-21,", ",,", "checked_on is empty"),
        ("https://www.beijing.gov.cn/x.html", "", "status high needs a source_url"),
    ],
)
def test_bad_no_target_rows_are_rejected(tmp_path: Path, old: str, new: str, problem: str) -> None:
    path = write_csv(tmp_path / "n.csv", NO_TARGET_COLUMNS, [NO_TARGET.replace(old, new, 1)])
    with pytest.raises(CuratedError) as exc:
        load_no_target(path)
    assert f"{path}: row 2: " in str(exc.value) and problem in str(exc.value)


# ------------------------------------------------------------------ the build stops and the old file keeps serving


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(out_dir=tmp_path_factory.mktemp("served"), progress=False)


@pytest.fixture
def curated_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "curated"
    shutil.copytree(CURATED, folder)
    monkeypatch.setattr(build_module, "CURATED", folder)
    return folder


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _break_headline(folder: Path) -> tuple[Path, str]:
    path = folder / "headline_targets.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",medium,", ",sure,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    return path, "row 4: status 'sure'"


def _break_no_target(folder: Path) -> tuple[Path, str]:
    path = write_csv(folder / "no_target.csv", NO_TARGET_COLUMNS, [NO_TARGET.replace("北京,", "Narnia,", 1)])
    return path, "row 2: province: unknown province 'Narnia'"


@pytest.mark.parametrize("breaker", [_break_headline, _break_no_target], ids=["headline", "no_target"])
def test_a_bad_curated_row_stops_the_build_and_leaves_the_old_database(
    served: Path, curated_dir: Path, breaker: Callable[[Path], tuple[Path, str]]
) -> None:
    before = sha(served)
    path, problem = breaker(curated_dir)
    with pytest.raises(BuildError) as exc:
        build(out_dir=served.parent, progress=False)
    assert str(path) in str(exc.value) and problem in str(exc.value)
    assert sha(served) == before
    left = sorted(p.name for p in served.parent.iterdir() if not p.name.endswith(".lock"))
    assert left == [served.name]  # no half-built file left behind (the lock file stays for waiting builds)


def test_curated_outcomes_carry_their_span_in_the_report(built_db: Path) -> None:
    """Read off 北京's 2026 work report by hand: 数字经济增加值增长8.7% (2025); the span holds exactly that quote."""
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        row = con.execute(
            """SELECT o.kind, o.indicator, o.value, o.unit, o.year, o.quote,
                      substr(d.text, o.start_pos + 1, o.end_pos - o.start_pos)
               FROM headline_outcomes o JOIN documents d USING (doc_id) WHERE o.province = '北京'"""
        ).fetchall()
        assert row == [("achieved", "de_growth", 8.7, "%", 2025, "数字经济增加值增长8.7%", "数字经济增加值增长8.7%")]
        groups = con.execute("SELECT count(*) FROM headline_no_outcome WHERE province = '天津'").fetchone()
        assert groups == (2,)  # 天津's report states neither a core-industry nor a digital-economy figure
    finally:
        con.close()


def test_an_outcome_quote_not_in_its_report_stops_the_build(tmp_path: Path) -> None:
    from database.curated import load_outcomes

    path = tmp_path / "outcomes.csv"
    path.write_text(
        "province,doc_id,kind,indicator,value,unit,comparator,year,quote,note\n"
        "宁夏,fx_report_ningxia,achieved,de_value,1,万亿元,=,2025,数字经济规模达到1万亿元,\n",
        encoding="utf-8",
    )
    with pytest.raises(
        CuratedError, match="row 2: quote '数字经济规模达到1万亿元' is not in document fx_report_ningxia"
    ):
        load_outcomes(path, {"fx_report_ningxia": "地区生产总值增长5%左右。"})
