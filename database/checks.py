"""Post-build checks on the new database file, run before it replaces the served one.

Each check returns problems as sentences; an empty list means the database may be served.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from extract.pipeline import all_rule_ids

ATTRIBUTE_TABLES = ("theme_evidence", "focus_industries", "platforms", "targets")
EXPECTED_PROVINCES = 31


def run_all(path: Path) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        problems: list[str] = []
        problems += _provinces(con)
        for table in ATTRIBUTE_TABLES:
            problems += _provenance(con, table)
            problems += _quotes_match(con, table)
            problems += _rule_ids_known(con, table)
        problems += _curated(con)
        problems += _quotes_match(con, "headline_outcomes")
        problems += _section_texts(con)
        problems += _corrections(con)
        return problems
    finally:
        con.close()


def _provinces(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The 31 provinces always exist as map regions; which of them have documents is coverage, not a requirement."""
    out = []
    n_ref = con.execute("SELECT count(*) FROM provinces WHERE has_plan_data").fetchone()[0]
    if n_ref != EXPECTED_PROVINCES:
        out.append(f"provinces: {n_ref} provinces with plan data in the reference table, expected {EXPECTED_PROVINCES}")
    unknown = con.execute(
        "SELECT DISTINCT province FROM sections WHERE province NOT IN (SELECT province FROM provinces)"
    )
    out += [f"sections: unknown province {r[0]!r}" for r in unknown.fetchall()]
    return out


def _provenance(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    n = con.execute(
        f"""SELECT count(*) FROM {table} a LEFT JOIN documents d USING (doc_id)
            WHERE d.doc_id IS NULL OR a.start_pos IS NULL OR a.end_pos IS NULL OR a.end_pos <= a.start_pos
               OR a.quote IS NULL OR a.quote = '' OR a.method NOT IN ('rule', 'curated') OR a.rule_id IS NULL
               OR a.section_id NOT IN (SELECT section_id FROM sections)"""
    ).fetchone()[0]
    return [f"{table}: {n} row(s) without a document, section, span, quote, method or rule id"] if n else []


def _quotes_match(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        f"""SELECT a.doc_id, a.start_pos, a.end_pos, a.quote FROM {table} a JOIN documents d USING (doc_id)
            WHERE substr(d.text, a.start_pos + 1, a.end_pos - a.start_pos) IS DISTINCT FROM a.quote LIMIT 5"""
    ).fetchall()
    return [f"{table}: quote {q!r} differs from {doc}[{s}:{e}]" for doc, s, e, q in rows]


def _section_texts(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        """SELECT s.section_id FROM sections s JOIN documents d USING (doc_id)
           WHERE substr(d.text, s.start_pos + 1, s.end_pos - s.start_pos) IS DISTINCT FROM s.text LIMIT 5"""
    ).fetchall()
    return [f"sections: stored text of {r[0]} differs from its document span" for r in rows]


def _rule_ids_known(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    used = {r[0] for r in con.execute(f"SELECT DISTINCT rule_id FROM {table} WHERE method = 'rule'").fetchall()}
    unknown = sorted(used - all_rule_ids())
    return [f"{table}: rule id(s) not in the rule files: {', '.join(unknown)}"] if unknown else []


def _curated(con: duckdb.DuckDBPyConnection) -> list[str]:
    n = con.execute(
        "SELECT count(*) FROM headline_targets WHERE method <> 'curated' OR plan_title IS NULL OR status IS NULL"
    ).fetchone()[0]
    return [f"headline_targets: {n} row(s) without plan title, status or method 'curated'"] if n else []


def _corrections(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Curated (added) rows and corrected rows must each trace to a logged correction."""
    out = []
    for table in ATTRIBUTE_TABLES:
        n = con.execute(
            f"""SELECT count(*) FROM {table}
                WHERE (method = 'curated' AND rule_id NOT IN (SELECT correction_id FROM corrections_log))
                   OR (correction_id IS NOT NULL
                       AND correction_id NOT IN (SELECT correction_id FROM corrections_log))"""
        ).fetchone()[0]
        if n:
            out.append(f"{table}: {n} curated or corrected row(s) without a matching entry in corrections_log")
    return out
