"""Build the DuckDB database from data/raw, data/reference and data/curated: new file, checks, then swap.

The served database is only ever replaced by a complete, checked file (os.replace is atomic on one filesystem),
so a build that fails or is killed midway leaves the previous database serving.
"""

from __future__ import annotations

import csv
import errno
import fcntl
import hashlib
import math
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from database import checks
from database.corrections import CorrectionError, apply_corrections, load_corrections
from database.curated import CuratedError, load_headline_targets, load_no_outcome, load_no_target, load_outcomes
from database.ngrams import write_bigrams
from extract import indicators, industries
from extract.paths import BUILD, CURATED, DB_NAME, RAW, REFERENCE, ROOT, db_path
from extract.pipeline import EXTRACTOR_VERSION, WHOLE_DOCUMENT_RULE, extract_units
from extract.records import Unit
from extract.regions import UnknownProvince, provinces
from extract.sources import SEVERAL, SIDECAR_SUFFIX, Source, SourceError, discover, load_source

SCHEMA = Path(__file__).with_name("schema.sql")
PROVENANCE = ("doc_id", "section_id", "province", "start_pos", "end_pos", "quote", "method", "rule_id", "note")


COVERAGE_SQL = """
INSERT INTO coverage
SELECT p.province, c.doc_type, coalesce(c.n_documents, 0), coalesce(c.n_chars, 0)
FROM provinces p
LEFT JOIN (SELECT s.province, d.doc_type, count(DISTINCT d.doc_id) AS n_documents,
                  sum(s.end_pos - s.start_pos) AS n_chars
           FROM sections s JOIN documents d USING (doc_id) GROUP BY ALL) c USING (province)
WHERE p.has_plan_data
"""


DOC_BUDGET_S = 120.0  # one document's extraction; the whole real corpus takes a few seconds
BUDGET_ENV = "PLAN_ATLAS_DOC_BUDGET_S"


class BuildError(Exception):
    """The build stopped; the message says which input and why. The previous database is untouched."""


class _OverBudget(BaseException):
    """Raised by SIGALRM inside one document's extraction (a BaseException: no `except Exception` swallows it)."""


def build(
    name: str | None = None,
    raw_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    progress: bool = True,
    curated_dir: str | Path | None = None,
    with_accuracy: bool = True,
    doc_budget_s: float | None = None,
) -> Path:
    """Build <out_dir>/<name>.duckdb and return its path.

    One build per target file at a time (a lock file beside it; a second build waits, then builds the inputs as
    they are then), each writing its own temporary file, swapped in only after the checks pass.

    Documents with the same cleaned text (a BOM, GBK or UTF-16 copy) are built once: the first by file name is
    kept and each skipped copy is named on stdout. `doc_budget_s` (default: $PLAN_ATLAS_DOC_BUDGET_S, else 120;
    0 = none) caps the extraction time of one document; see `_time_budget` for where it applies.
    """
    log = _Progress(progress)
    budget = _doc_budget(doc_budget_s)
    raw = Path(raw_dir) if raw_dir else RAW
    curated = Path(curated_dir) if curated_dir else CURATED
    if out_dir is None and name is None:
        final = db_path()
    else:
        final = Path(out_dir or BUILD) / f"{name or DB_NAME}.duckdb"
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"{final.parent}: cannot create the build folder ({exc.strerror or exc})") from None
    with _exclusive(final, log):
        _remove_stale_temporaries(final)
        tmp = final.with_name(f".{final.name}.building-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        try:
            with log.step("reading documents"):
                sources = _load_sources(raw, log)
            with log.step("extracting"):
                tables = _extract(sources, log, budget)
            with log.step("loading curated data"):
                tables.update(_curated_tables(curated, sources))
                tables["corrections_log"] = _corrections(curated, sources, tables)
            with log.step("scoring the extractor on the golden labels"):
                tables["accuracy"] = _accuracy() if with_accuracy else pd.DataFrame()
            inputs = _inputs_checksum(sources, raw)
            try:
                with log.step(f"writing {tmp.name}"):
                    _write(tmp, sources, tables, inputs)
                with log.step("checking"):
                    problems = checks.run_all(tmp)
                    if problems:
                        raise BuildError("checks failed:\n  - " + "\n  - ".join(problems))
                os.replace(tmp, final)
            except (OSError, duckdb.IOException, duckdb.FatalException) as exc:
                raise BuildError(_write_problem(exc, final.parent)) from None
            except duckdb.Error as exc:
                raise BuildError(f"the database refused the extracted data ({exc}); this is a bug: report it") from None
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                try:
                    leftover.unlink(missing_ok=True)
                except OSError as exc:  # never hide the build's own error behind a cleanup failure
                    log.note(f"could not remove the temporary file {leftover} ({exc.strerror or exc})")
    log.done(f"built {final} ({len(sources)} documents, {len(tables['sections'])} sections)")
    log.coverage(coverage_summary(final))
    return final


def _write_problem(exc: BaseException, folder: Path) -> str:
    """What a failed write means for the person running the build: disk full, folder not writable, or other."""
    code = getattr(exc, "errno", None)
    detail = getattr(exc, "strerror", None) or str(exc)
    text = str(exc).lower()
    if code in (errno.ENOSPC, errno.EDQUOT) or "no space left" in text or "disk quota" in text:
        return (
            f"{folder}: the disk is full ({detail}); free some space (the database needs about twice its size "
            "while building) and rebuild"
        )
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "read-only" in text or "permission denied" in text:
        return f"{folder}: the build folder is not writable ({detail}); fix its permissions or choose another folder"
    return f"{folder}: writing the database failed ({detail}); is the disk full or read-only?"


def _doc_budget(value: float | None) -> float | None:
    """Seconds one document's extraction may take (None: no limit), from the argument or $PLAN_ATLAS_DOC_BUDGET_S."""
    where = "doc_budget_s"
    if value is None:
        env = os.environ.get(BUDGET_ENV, "").strip()
        if not env:
            return DOC_BUDGET_S
        where = BUDGET_ENV
        try:
            value = float(env)
        except ValueError:
            raise BuildError(
                f"{BUDGET_ENV}={env!r}: not a number of seconds (e.g. 120; 0 turns the budget off)"
            ) from None
    if not isinstance(value, int | float) or math.isnan(value) or value < 0:
        raise BuildError(f"{where}={value!r}: give a number of seconds >= 0 (0 turns the budget off)")
    return float(value) if 0 < value < math.inf else None


@contextmanager
def _time_budget(seconds: float | None) -> Iterator[None]:
    """Raise _OverBudget in this block after `seconds` (SIGALRM; restores any alarm set by the caller).

    Only in the main thread of a process on a platform with setitimer: a build started from another thread (the
    Streamlit server) runs without a budget in-process, but its worker processes (large corpora) still have one.
    The alarm interrupts Python code between bytecodes; one long call into C (a single huge regex match) finishes
    first.
    """
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise _OverBudget

    previous = signal.signal(signal.SIGALRM, on_alarm)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:
            remaining = max(outer_delay - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, remaining, outer_interval)


@contextmanager
def _exclusive(final: Path, log: _Progress) -> Iterator[None]:
    """Hold an exclusive lock on <final>.lock for the whole build (released by the OS if the process dies)."""
    lock_path = final.with_name(f".{final.name}.lock")
    try:
        fh = open(lock_path, "a+")  # noqa: SIM115 (held for the duration of the build)
    except OSError as exc:
        raise BuildError(f"{lock_path}: cannot create the build lock ({exc.strerror or exc})") from None
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.note(f"another build of {final.name} is running; waiting for it to finish")
            fcntl.flock(fh, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def coverage_summary(path: Path) -> list[str]:
    """Lines saying which provinces have which document types, and which have none (for the build's output)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            """SELECT coalesce(doc_type, '—'), count(*) FILTER (WHERE n_documents > 0), string_agg(province, '、')
               FILTER (WHERE n_documents = 0) FROM coverage GROUP BY ALL ORDER BY 1"""
        ).fetchall()
        missing = con.execute("SELECT string_agg(province, '、') FROM coverage WHERE n_documents = 0").fetchone()[0]
    finally:
        con.close()
    lines = [f"coverage: {n} province(s) with a {t}" for t, n, _ in rows if t != "—"]
    lines.append(f"coverage: no document for {missing}" if missing else "coverage: every province has a document")
    return lines


def _remove_stale_temporaries(final: Path) -> None:
    """Delete half-written files left by killed builds (called under the lock, so no build of this file runs)."""
    for leftover in final.parent.glob(f".{final.name}.building-*"):
        try:
            leftover.unlink(missing_ok=True)
        except OSError as exc:
            raise BuildError(
                f"{leftover}: cannot remove this half-written file of an earlier build ({exc.strerror or exc}); "
                "delete it by hand"
            ) from None


def _load_sources(raw: Path, log: _Progress) -> list[Source]:
    """Every document with its sidecar, in file-name order. A document whose cleaned text equals an earlier one's
    (the same plan as UTF-8 and GBK, with a BOM, as .txt and .html) is skipped and named on stdout; two different
    texts under one name (900_x.txt and 900_x.html) stop the build."""
    try:
        paths = discover(raw)
    except SourceError as exc:
        raise BuildError(str(exc)) from None
    if not paths:
        raise BuildError(f"{raw}: no documents (*.txt, *.htm, *.html) found")
    sources: list[Source] = []
    by_text: dict[str, Path] = {}
    by_id: dict[str, Path] = {}
    for i, path in enumerate(paths, 1):
        log.item(i, len(paths), path.name)
        try:
            source = load_source(path)
        except SourceError as exc:
            raise BuildError(str(exc)) from None
        digest = hashlib.sha256(source.document.text.encode("utf-8")).hexdigest()
        if digest in by_text:
            print(
                f"skipped {path.name}: same text as {by_text[digest].name}, which is kept "
                f"(duplicate document; remove {path.name} to silence this)",
                flush=True,
            )
            continue
        if source.doc_id in by_id:
            raise BuildError(
                f"{by_id[source.doc_id]} and {path}: two documents with the same name {source.doc_id!r} (and one "
                f"sidecar) but different text; give each document its own name and {SIDECAR_SUFFIX} sidecar"
            )
        by_text[digest] = by_id[source.doc_id] = path
        sources.append(source)
    return sources


def _extract(sources: list[Source], log: _Progress, budget: float | None = None) -> dict[str, pd.DataFrame]:
    rows: dict[str, list[dict[str, Any]]] = {
        k: []
        for k in (
            "sections",
            "headings",
            "theme_evidence",
            "focus_industries",
            "platforms",
            "targets",
            "achieved",
            "indicator_mentions",
        )  # fmt: skip
    }
    catalog = industries.industry_catalog()
    for i, (source, units) in enumerate(_units(sources, budget), 1):
        log.item(i, len(sources), source.doc_id)
        if isinstance(units, str):
            raise BuildError(f"{source.path}: {units}")
        if source.scope == SEVERAL and not units:
            raise BuildError(
                f"{source.path}: scope is 'several' but no province sections were found; "
                "set scope to the province the document speaks for"
            )
        for n, unit in enumerate(units, 1):
            section_id = f"{source.doc_id}#{n}"
            rule = "segment.province_header" if source.scope == SEVERAL else WHOLE_DOCUMENT_RULE
            rows["sections"].append(
                {
                    "section_id": section_id,
                    "doc_id": source.doc_id,
                    "province": unit.province,
                    "city": unit.city,
                    "start_pos": unit.start,
                    "end_pos": unit.end,
                    "method": "rule" if source.scope == SEVERAL else "sidecar",
                    "rule_id": rule,
                    "text": source.document.text[unit.start : unit.end],
                }
            )
            _unit_rows(rows, unit, source.doc_id, section_id, catalog)
            rows["indicator_mentions"] += _mentions(source.document.text, unit, source.doc_id, section_id)
    return {k: pd.DataFrame(v) for k, v in rows.items()}


PARALLEL_MIN_CHARS = 2_000_000  # below this, starting worker processes costs more than it saves


def _extract_one(
    job: tuple[str, str, str | None, dict[str, Any]] | tuple[str, str, str | None, dict[str, Any], float | None],
) -> list[Unit] | str:
    """Units of one document, or why not: the UnknownProvince message, or over the time budget (module-level so
    worker processes can run it; a worker runs it in its main thread, so the budget applies there too).

    job = (text, scope, city, sidecar[, budget seconds]): the sidecar's date, type and periods tell a result from a
    goal; without a budget (the benchmark) extraction is not timed."""
    text, scope, city, meta, *rest = job
    budget = rest[0] if rest else None
    try:
        with _time_budget(budget):
            if scope == SEVERAL:
                return extract_units(text, meta=meta)
            return extract_units(text, province=scope, city=city, meta=meta)
    except UnknownProvince as exc:
        return str(exc)
    except _OverBudget:
        return (
            f"extracting this document took longer than the {budget:g} s budget for one document; it may be "
            f"pathological (one enormous line, a table dump): check it, split it, or allow more time with "
            f"{BUDGET_ENV}=<seconds> (0 = no budget)"
        )


def _exit_with_parent(parent: int) -> None:
    """A worker whose build was killed (SIGKILL, OOM) exits within a second instead of idling forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _units(sources: list[Source], budget: float | None = None) -> Iterator[tuple[Source, list[Unit] | str]]:
    """Extract every document, in order; over PARALLEL_MIN_CHARS on all CPUs (PLAN_ATLAS_BUILD_WORKERS caps it).

    Spawned (not forked) workers, so a build started from the threaded Streamlit server is safe.
    """
    jobs = [(s.document.text, s.scope, s.meta.get("city"), dict(s.meta), budget) for s in sources]
    workers = min(len(os.sched_getaffinity(0)), int(os.environ.get("PLAN_ATLAS_BUILD_WORKERS", "8")), len(jobs))
    if workers < 2 or sum(len(j[0]) for j in jobs) < PARALLEL_MIN_CHARS:
        yield from zip(sources, map(_extract_one, jobs), strict=True)
        return
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_exit_with_parent, initargs=(os.getpid(),)
    )
    try:
        yield from zip(sources, pool.map(_extract_one, jobs, chunksize=4), strict=True)
    finally:
        pool.shutdown(cancel_futures=True)


_CLAUSE_ENDS = "。；！？\n，"


def _mentions(text: str, unit: Unit, doc_id: str, section_id: str) -> list[dict[str, Any]]:
    """The first mention of each catalogue indicator in the unit (any of its wordings), quoted with its clause."""
    out = []
    for ind in indicators.load_catalogue().values():
        hits = [(p, w) for w in ind.wordings if (p := text.find(w, unit.start, unit.end)) >= 0]
        if not hits:
            continue
        pos, wording = min(hits)
        start = max((text.rfind(c, unit.start, pos) for c in _CLAUSE_ENDS), default=-1) + 1
        start = max(start, unit.start)
        ends = [e for c in _CLAUSE_ENDS if (e := text.find(c, pos + len(wording), unit.end)) >= 0]
        end = min(ends, default=unit.end)
        out.append(
            {
                "province": unit.province,
                "indicator_id": ind.id,
                "doc_id": doc_id,
                "section_id": section_id,
                "start_pos": start,
                "end_pos": end,
                "quote": text[start:end],
                "method": "rule",
                "rule_id": f"indicator.{ind.id}.wording",
            }
        )
    return out


def _unit_rows(
    rows: dict[str, list[dict[str, Any]]], unit: Unit, doc_id: str, section_id: str, catalog: dict[str, dict]
) -> None:
    part_at = unit.outline.part_at if unit.outline else (lambda _pos: None)

    def prov(start: int, end: int, quote: str, rule: str, heading: str | None = None) -> dict[str, Any]:
        return {
            "doc_id": doc_id,
            "section_id": section_id,
            "province": unit.province,
            "start_pos": start,
            "end_pos": end,
            "quote": quote,
            "method": "rule",
            "rule_id": rule,
            "note": None,
            "correction_id": None,
            "heading": heading,
            "part": part_at(start),
        }

    for n, h in enumerate(unit.headings, 1):
        rows["headings"].append(
            {
                "heading_id": f"{section_id}/h{n}",
                "section_id": section_id,
                "doc_id": doc_id,
                "province": unit.province,
                "level": h.level,
                "start_pos": h.start,
                "end_pos": h.end,
                "title": h.title,
                "part": h.part,
                "rule_id": h.rule,
            }
        )

    for theme in unit.themes:
        for ev in theme.evidence:
            evidence = prov(ev.start, ev.end, ev.text, ev.rule, ev.heading)
            rows["theme_evidence"].append({"theme_id": theme.theme_id, **evidence})
    for ind in unit.focus_industries:
        info = catalog.get(ind.name, {})
        rows["focus_industries"].append(
            {
                "name": ind.name,
                "name_en": info.get("name_en"),
                "theme_id": info.get("theme_id"),
                "score": ind.score,
                **prov(ind.start, ind.end, ind.text, ind.rule, ind.heading),
            }
        )
    for pf in unit.platforms:
        platform = prov(pf.start, pf.end, pf.text, pf.rule, pf.heading)
        rows["platforms"].append({"name": pf.name, "kind": pf.kind, "score": pf.score, **platform})
    for table, items, year_column in (("targets", unit.targets, "target_year"), ("achieved", unit.achieved, "year")):
        for t in items:
            ind = t.indicator_id or indicators.indicator_id(t.indicator, t.unit)
            value_n, unit_n = (
                indicators.normalise(t.value, t.unit, ind) if t.value is not None and t.unit else (t.value, t.unit)
            )
            rows[table].append(
                {
                    "indicator": t.indicator,
                    "value": t.value,
                    "value_max": t.value_max,
                    "unit": t.unit,
                    "comparator": t.comparator,
                    year_column: t.year,
                    "indicator_id": ind,
                    "value_n": value_n,
                    "unit_n": unit_n,
                    "score": t.score,
                    **prov(t.start, t.end, t.text, t.rule, t.heading),
                }
            )


def _accuracy() -> pd.DataFrame:
    """The extractor scored on the golden labels, dev and held-out apart (the About page shows this table)."""
    from evaluation.evaluate import accuracy_rows

    try:
        return pd.DataFrame(accuracy_rows())
    except (OSError, ValueError, KeyError) as exc:
        raise BuildError(f"scoring the extractor on tests/golden failed: {exc}") from None


def _curated_tables(curated: Path, sources: list[Source]) -> dict[str, pd.DataFrame]:
    """Every hand-curated table; a bad row anywhere stops the build with file, row and problem."""
    texts = {s.doc_id: s.document.text for s in sources}
    try:
        return {
            "headline_targets": pd.DataFrame(load_headline_targets(curated / "headline_targets.csv")),
            "headline_no_target": pd.DataFrame(load_no_target(curated / "no_target.csv")),
            "headline_outcomes": pd.DataFrame(load_outcomes(curated / "outcomes.csv", texts)),
            "headline_no_outcome": pd.DataFrame(load_no_outcome(curated / "no_outcome.csv", texts)),
        }
    except CuratedError as exc:
        raise BuildError(f"curated data rejected:\n{exc}") from None


def _corrections(curated: Path, sources: list[Source], tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Apply data/curated/corrections.csv to the extracted frames in `tables`; the log becomes corrections_log."""
    try:
        corrections = load_corrections(curated / "corrections.csv")
        texts = {s.doc_id: s.document.text for s in sources}
        return apply_corrections(corrections, tables, texts, tables["sections"])
    except CorrectionError as exc:
        raise BuildError(f"corrections rejected:\n{exc}") from None


def _write(path: Path, sources: list[Source], tables: dict[str, pd.DataFrame], inputs: str) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA.read_text(encoding="utf-8"))
        _insert(con, "documents", _documents_frame(sources))
        _insert(con, "provinces", _provinces_frame())
        _insert(con, "bloc_members", _blocs_frame())
        _insert(con, "units", _units_frame())
        _insert(con, "themes", _themes_frame())
        _insert(con, "indicators", _indicators_frame())
        for table in (
            "sections", "headings", "theme_evidence", "focus_industries", "platforms", "targets", "achieved",
            "indicator_mentions", "headline_targets",
            "headline_no_target", "headline_outcomes", "headline_no_outcome", "corrections_log",
        ):  # fmt: skip
            _insert(con, table, tables[table])
        _insert(con, "accuracy", tables["accuracy"])
        write_bigrams(con, [(s.doc_id, s.document.text) for s in sources])
        con.execute(COVERAGE_SQL)
        con.execute(
            "INSERT INTO build_info VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                datetime.now(UTC).replace(tzinfo=None),
                _git_commit(),
                _checksum(sorted((ROOT / "extract").rglob("*.py")) + sorted((ROOT / "extract").rglob("*.y*ml"))),
                inputs,
                EXTRACTOR_VERSION,
                len(sources),
                len(tables["sections"]),
            ],
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert a frame by column name; empty frames insert nothing (the table still exists, empty)."""
    if frame.empty:
        return
    columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]  # table names are ours, not user input
    frame = frame.reindex(columns=columns)
    con.register("_frame", frame)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _frame")
    finally:
        con.unregister("_frame")


def _documents_frame(sources: list[Source]) -> pd.DataFrame:
    rows = []
    for s in sources:
        m = s.meta
        rows.append(
            {
                "doc_id": s.doc_id,
                "title": m["title"],
                "title_en": m.get("title_en"),
                "issuer": m.get("issuer"),
                "doc_number": m.get("doc_number"),
                "issued_on": m.get("date"),
                "url": m.get("url"),
                "publisher": m.get("publisher"),
                "scope": s.scope,
                "city": m.get("city"),
                "doc_type": m["doc_type"],
                "period_start": m.get("period_start"),
                "period_end": m.get("period_end"),
                "review_start": m.get("review_start"),
                "review_end": m.get("review_end"),
                "note": m.get("note"),
                "source_file": _relative(s.path),
                "sha256": s.document.sha256,
                "encoding": s.document.encoding,
                "had_html": s.document.had_html,
                "chars": s.document.chars,
                "text": s.document.text,
            }
        )
    return pd.DataFrame(rows)


def _provinces_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "province": p.province,
                "name_full": p.name_full,
                "name_en": p.name_en,
                "adcode": p.adcode,
                "region": p.region,
                "region_en": p.region_en,
                "has_plan_data": p.has_plan_data,
                "aliases": ";".join(p.aliases) or None,
                "sort_order": p.sort_order,
            }
            for p in provinces()
        ]
    )


def _blocs_frame() -> pd.DataFrame:
    rows = []
    with open(REFERENCE / "blocs.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            for member in r["members"].split(";"):
                rows.append(
                    {"bloc_id": r["bloc_id"], "name_zh": r["name_zh"], "name_en": r["name_en"], "province": member}
                )
    return pd.DataFrame(rows)


def _units_frame() -> pd.DataFrame:
    """data/reference/units.csv (unit, dimension, scale, canonical) as unit → base unit and factor: 万亿元 is 1e12
    元 and its canonical unit 亿元 is 1e8 元, so the factor is 1e4."""
    with open(REFERENCE / "units.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    scale = {r["unit"]: float(r["scale"]) for r in rows}
    return pd.DataFrame(
        [
            {
                "unit": r["unit"],
                "base_unit": r["canonical"],
                "factor": float(r["scale"]) / scale.get(r["canonical"], float(r["scale"])),
                "dimension": r["dimension"],
            }
            for r in rows
        ]
    )


def _indicators_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "indicator_id": i.id,
                "name_zh": i.name_zh,
                "name_en": i.name_en,
                "unit_family": i.unit_family,
                "unit": i.unit or None,
                "base": i.base or None,
                "growth_of": i.growth_of or None,
                "grp": i.group or None,
            }
            for i in indicators.load_catalogue().values()
        ]
    )


def _themes_frame() -> pd.DataFrame:
    with open(REFERENCE / "themes.csv", encoding="utf-8") as fh:
        rows = [{**r, "sort_order": i} for i, r in enumerate(csv.DictReader(fh), 1)]
    return pd.DataFrame(rows)


def _input_files(raw: Path = RAW) -> list[Path]:
    """The sidecars of the raw folder being built (not the default one), the reference tables and curated data."""
    files = [p for p in sorted(raw.glob("*.meta.yaml"))]
    files += sorted(REFERENCE.glob("*.csv")) + sorted(p for p in CURATED.rglob("*") if p.is_file())
    return files


def _checksum(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(_relative(p).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def _inputs_checksum(sources: list[Source], raw: Path = RAW) -> str:
    """The checksum of every input file, read before writing so that a file gone or unreadable by now is named."""
    try:
        return _checksum([s.path for s in sources] + _input_files(raw))
    except OSError as exc:
        raise BuildError(
            f"{exc.filename}: cannot read this input any more ({exc.strerror or exc}); was it moved, deleted or "
            "changed during the build? Rebuild when the inputs are in place"
        ) from None


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=5, check=False
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


class _Progress:
    """Stage lines and per-item counters on stderr, so a long build shows where it is."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.t0 = time.perf_counter()

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        started = time.perf_counter()
        self._print(f"… {label}")
        yield
        self._print(f"  {label}: {time.perf_counter() - started:.2f}s")

    def item(self, i: int, n: int, label: str) -> None:
        if n >= 1:
            self._print(f"  [{i}/{n}] {label}")

    def note(self, message: str) -> None:
        self._print(message)

    def coverage(self, lines: list[str]) -> None:
        for line in lines:
            self._print(line)

    def done(self, message: str) -> None:
        self._print(f"{message} in {time.perf_counter() - self.t0:.1f}s")

    def _print(self, message: str) -> None:
        if self.enabled:
            print(message, file=sys.stderr, flush=True)
