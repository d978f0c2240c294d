"""Build the DuckDB database from data/raw, data/reference and data/curated: new file, checks, then swap.

The served database is only ever replaced by a complete, checked file (os.replace is atomic on one filesystem),
so a build that fails or is killed midway leaves the previous database serving.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import multiprocessing
import os
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
from extract import industries
from extract.paths import BUILD, CURATED, DB_NAME, RAW, REFERENCE, ROOT, db_path
from extract.pipeline import EXTRACTOR_VERSION, WHOLE_DOCUMENT_RULE, extract_units
from extract.records import Unit
from extract.regions import UnknownProvince, provinces
from extract.sources import SEVERAL, Source, SourceError, discover, load_source

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


class BuildError(Exception):
    """The build stopped; the message says which input and why. The previous database is untouched."""


def build(
    name: str | None = None,
    raw_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    progress: bool = True,
    curated_dir: str | Path | None = None,
    with_accuracy: bool = True,
) -> Path:
    """Build <out_dir>/<name>.duckdb and return its path.

    One build per target file at a time (a lock file beside it; a second build waits, then builds the inputs as
    they are then), each writing its own temporary file, swapped in only after the checks pass.
    """
    log = _Progress(progress)
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
                tables = _extract(sources, log)
            with log.step("loading curated data"):
                tables.update(_curated_tables(curated, sources))
                tables["corrections_log"] = _corrections(curated, sources, tables)
            with log.step("scoring the extractor on the golden labels"):
                tables["accuracy"] = _accuracy() if with_accuracy else pd.DataFrame()
            with log.step(f"writing {tmp.name}"):
                _write(tmp, sources, tables)
            with log.step("checking"):
                problems = checks.run_all(tmp)
                if problems:
                    raise BuildError("checks failed:\n  - " + "\n  - ".join(problems))
            os.replace(tmp, final)
        except OSError as exc:
            raise BuildError(
                f"writing the database failed ({exc.strerror or exc}); is the disk full or read-only?"
            ) from None
        except duckdb.IOException as exc:
            raise BuildError(f"writing the database failed ({exc}); is the disk full or read-only?") from None
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                leftover.unlink(missing_ok=True)
    log.done(f"built {final} ({len(sources)} documents, {len(tables['sections'])} sections)")
    log.coverage(coverage_summary(final))
    return final


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
        leftover.unlink(missing_ok=True)


def _load_sources(raw: Path, log: _Progress) -> list[Source]:
    try:
        paths = discover(raw)
    except SourceError as exc:
        raise BuildError(str(exc)) from None
    if not paths:
        raise BuildError(f"{raw}: no documents (*.txt, *.htm, *.html) found")
    sources: list[Source] = []
    seen: dict[str, Path] = {}
    for i, path in enumerate(paths, 1):
        log.item(i, len(paths), path.name)
        try:
            source = load_source(path)
        except SourceError as exc:
            raise BuildError(str(exc)) from None
        digest = source.document.sha256
        if digest in seen:
            raise BuildError(f"{path}: duplicate document: same content as {seen[digest]}; remove one of them")
        seen[digest] = path
        sources.append(source)
    return sources


def _extract(sources: list[Source], log: _Progress) -> dict[str, pd.DataFrame]:
    rows: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("sections", "theme_evidence", "focus_industries", "platforms", "targets")
    }
    catalog = industries.industry_catalog()
    for i, (source, units) in enumerate(_units(sources), 1):
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
                }
            )
            _unit_rows(rows, unit, source.doc_id, section_id, catalog)
    return {k: pd.DataFrame(v) for k, v in rows.items()}


PARALLEL_MIN_CHARS = 2_000_000  # below this, starting worker processes costs more than it saves


def _extract_one(job: tuple[str, str, str | None, dict[str, Any]]) -> list[Unit] | str:
    """Units of one document, or the UnknownProvince message (module-level so worker processes can run it).

    The sidecar goes along: its date, type and periods tell a result from a goal."""
    text, scope, city, meta = job
    try:
        if scope == SEVERAL:
            return extract_units(text, meta=meta)
        return extract_units(text, province=scope, city=city, meta=meta)
    except UnknownProvince as exc:
        return str(exc)


def _exit_with_parent(parent: int) -> None:
    """A worker whose build was killed (SIGKILL, OOM) exits within a second instead of idling forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _units(sources: list[Source]) -> Iterator[tuple[Source, list[Unit] | str]]:
    """Extract every document, in order; over PARALLEL_MIN_CHARS on all CPUs (PLAN_ATLAS_BUILD_WORKERS caps it).

    Spawned (not forked) workers, so a build started from the threaded Streamlit server is safe.
    """
    jobs = [(s.document.text, s.scope, s.meta.get("city"), dict(s.meta)) for s in sources]
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


def _unit_rows(
    rows: dict[str, list[dict[str, Any]]], unit: Unit, doc_id: str, section_id: str, catalog: dict[str, dict]
) -> None:
    def prov(start: int, end: int, quote: str, rule: str) -> dict[str, Any]:
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
        }

    for theme in unit.themes:
        for ev in theme.evidence:
            rows["theme_evidence"].append({"theme_id": theme.theme_id, **prov(ev.start, ev.end, ev.text, ev.rule)})
    for ind in unit.focus_industries:
        info = catalog.get(ind.name, {})
        rows["focus_industries"].append(
            {
                "name": ind.name,
                "name_en": info.get("name_en"),
                "theme_id": info.get("theme_id"),
                **prov(ind.start, ind.end, ind.text, ind.rule),
            }
        )
    for pf in unit.platforms:
        rows["platforms"].append({"name": pf.name, "kind": pf.kind, **prov(pf.start, pf.end, pf.text, pf.rule)})
    for t in unit.targets:
        rows["targets"].append(
            {
                "indicator": t.indicator,
                "value": t.value,
                "value_max": t.value_max,
                "unit": t.unit,
                "comparator": t.comparator,
                "target_year": t.year,
                **prov(t.start, t.end, t.text, t.rule),
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


def _write(path: Path, sources: list[Source], tables: dict[str, pd.DataFrame]) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA.read_text(encoding="utf-8"))
        _insert(con, "documents", _documents_frame(sources))
        _insert(con, "provinces", _provinces_frame())
        _insert(con, "bloc_members", _blocs_frame())
        _insert(con, "themes", _themes_frame())
        for table in (
            "sections", "theme_evidence", "focus_industries", "platforms", "targets", "headline_targets",
            "headline_no_target", "headline_outcomes", "headline_no_outcome", "corrections_log",
        ):  # fmt: skip
            _insert(con, table, tables[table])
        _insert(con, "accuracy", tables["accuracy"])
        con.execute(COVERAGE_SQL)
        con.execute(
            "INSERT INTO build_info VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                datetime.now(UTC).replace(tzinfo=None),
                _git_commit(),
                _checksum(sorted((ROOT / "extract").rglob("*.py")) + sorted((ROOT / "extract").rglob("*.y*ml"))),
                _checksum([s.path for s in sources] + _input_files()),
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


def _themes_frame() -> pd.DataFrame:
    with open(REFERENCE / "themes.csv", encoding="utf-8") as fh:
        rows = [{**r, "sort_order": i} for i, r in enumerate(csv.DictReader(fh), 1)]
    return pd.DataFrame(rows)


def _input_files() -> list[Path]:
    files = [p for p in sorted(RAW.glob("*.meta.yaml"))]
    files += sorted(REFERENCE.glob("*.csv")) + sorted(p for p in CURATED.rglob("*") if p.is_file())
    return files


def _checksum(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(_relative(p).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


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
