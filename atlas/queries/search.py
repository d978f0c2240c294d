"""Keyword-in-context search over every document's stored text, each hit placed in its province section.

The keyword is always a bound parameter. Literal mode prefilters with ILIKE (its % and _ wildcards escaped) and
locates hits with an escaped Python pattern; regex mode runs RE2 inside DuckDB (linear time, so a shared URL with a
hostile pattern cannot hang the app) and derives hit offsets from regexp_split_to_array / regexp_extract_all.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

import duckdb
import pandas as pd

from atlas.db import fetch

MAX_KEYWORD_CHARS = 200
CONTEXT_CHARS = 30
HIT_COLUMNS = [
    "doc_id", "title", "title_en", "start_pos", "end_pos", "match", "left_ctx", "right_ctx",
    "section_id", "province", "province_en",
]  # fmt: skip


class SearchError(ValueError):
    """The keyword cannot be searched (bad regular expression, too long, matches empty text); message says why."""


def escape_like(keyword: str, escape_char: str = "\\") -> str:
    """Make % and _ (and the escape character itself) literal inside a LIKE pattern."""
    return keyword.replace(escape_char, escape_char * 2).replace("%", escape_char + "%").replace("_", escape_char + "_")


def _literal_matches(con: duckdb.DuckDBPyConnection, keyword: str) -> list[tuple[dict[str, Any], list[tuple]]]:
    docs = fetch(
        con,
        "SELECT doc_id, title, title_en, text FROM documents WHERE text ILIKE ? ESCAPE '\\' ORDER BY doc_id",
        [f"%{escape_like(keyword)}%"],
    )
    pattern = re.compile(re.escape(keyword), re.IGNORECASE)
    out = []
    for doc in docs.to_dict("records"):
        spans = [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(doc["text"])]
        out.append((doc, spans))
    return out


def _regex_matches(con: duckdb.DuckDBPyConnection, pattern: str) -> list[tuple[dict[str, Any], list[tuple]]]:
    try:
        empty = fetch(con, "SELECT regexp_full_match('', $re) AS e", {"re": pattern})["e"].iloc[0]
        docs = fetch(
            con,
            """SELECT doc_id, title, title_en, text, regexp_split_to_array(text, $re) AS pieces,
                      regexp_extract_all(text, $re) AS matches
               FROM documents WHERE regexp_matches(text, $re) ORDER BY doc_id""",
            {"re": pattern},
        )
    except duckdb.Error as exc:
        raise SearchError(str(exc).splitlines()[0]) from None
    if empty:
        raise SearchError("the pattern matches empty text")
    out = []
    for doc in docs.to_dict("records"):
        text, pieces, matches = doc.pop("text"), list(doc.pop("pieces")), list(doc.pop("matches"))
        if any(m == "" for m in matches) or len(pieces) != len(matches) + 1:
            raise SearchError("the pattern matches empty text")
        spans, pos = [], 0
        for piece, match in zip(pieces, matches, strict=False):
            pos += len(piece)
            if text[pos : pos + len(match)] != match:  # the two RE2 passes must agree; never show a wrong offset
                raise SearchError("could not locate the matches of this pattern")
            spans.append((pos, pos + len(match), match))
            pos += len(match)
        doc["text"] = text
        out.append((doc, spans))
    return out


def keyword_hits(
    con: duckdb.DuckDBPyConnection,
    keyword: str,
    regex: bool = False,
    provinces: list[str] | tuple[str, ...] = (),
) -> pd.DataFrame:
    """One row per occurrence of ``keyword`` in any document: position, context, and the province section it is in.

    ``province`` is NULL for a hit outside every province section (e.g. a digest's preamble). ``provinces`` keeps
    only hits inside those provinces' sections; empty keeps everything. Raises SearchError on an unusable keyword.
    """
    keyword = keyword.strip()
    if not keyword:
        return pd.DataFrame(columns=HIT_COLUMNS)
    if len(keyword) > MAX_KEYWORD_CHARS:
        raise SearchError(f"keyword longer than {MAX_KEYWORD_CHARS} characters")
    found = _regex_matches(con, keyword) if regex else _literal_matches(con, keyword)
    found = [(doc, spans) for doc, spans in found if spans]
    if not found:
        return pd.DataFrame(columns=HIT_COLUMNS)
    sections = fetch(
        con,
        """SELECT s.section_id, s.doc_id, s.province, p.name_en AS province_en, s.start_pos, s.end_pos
           FROM sections s JOIN provinces p USING (province)
           WHERE list_contains($docs, s.doc_id) ORDER BY s.doc_id, s.start_pos""",
        {"docs": [doc["doc_id"] for doc, _ in found]},
    )
    by_doc = {d: g.to_dict("records") for d, g in sections.groupby("doc_id")}
    rows = []
    for doc, spans in found:
        secs = by_doc.get(doc["doc_id"], [])
        starts = [s["start_pos"] for s in secs]
        text = doc["text"]
        for start, end, match in spans:
            i = bisect.bisect_right(starts, start) - 1
            sec = secs[i] if i >= 0 and start < secs[i]["end_pos"] else None
            rows.append(
                {
                    "doc_id": doc["doc_id"],
                    "title": doc["title"],
                    "title_en": doc["title_en"],
                    "start_pos": start,
                    "end_pos": end,
                    "match": match,
                    "left_ctx": text[max(start - CONTEXT_CHARS, 0) : start],
                    "right_ctx": text[end : end + CONTEXT_CHARS],
                    "section_id": sec["section_id"] if sec else None,
                    "province": sec["province"] if sec else None,
                    "province_en": sec["province_en"] if sec else None,
                }
            )
    hits = pd.DataFrame(rows, columns=HIT_COLUMNS)
    if provinces:
        hits = hits[hits["province"].isin(list(provinces))].reset_index(drop=True)
    return hits


def hits_per_province(hits: pd.DataFrame) -> pd.DataFrame:
    """Matches and documents per province section (hits outside any section grouped under a NULL province)."""
    if hits.empty:
        return pd.DataFrame(columns=["province", "province_en", "n_hits", "n_documents"])
    return (
        hits.groupby(["province", "province_en"], dropna=False, sort=False)
        .agg(n_hits=("doc_id", "size"), n_documents=("doc_id", "nunique"))
        .reset_index()
        .sort_values(["n_hits", "province"], ascending=[False, True], kind="stable", na_position="last")
        .reset_index(drop=True)
    )
