"""Keyword-in-context search over every document's stored text, each hit placed in its province section.

The keyword is always a bound parameter and every hit is located inside DuckDB (only offsets and 30-character
contexts leave it). A literal without cased letters (Chinese) uses contains / string_split, exact and fast (ILIKE
lower-cases 50 MB of text per search); one with letters and regex mode run RE2 (linear time, so a shared URL with a
hostile pattern cannot hang the app; literals escaped and case-insensitive) and derive offsets from
regexp_split_to_array / regexp_extract_all.

Before any text is read, the build's bigram index (table text_bigrams) narrows the documents to those holding every
character bigram of the keyword (case-folded); the exact search then runs on those only, so the results are those of
a scan of every document. Regular expressions and one-character keywords scan every document.
"""

from __future__ import annotations

import re
from typing import Any

import duckdb
import pandas as pd

from atlas.db import fetch

MAX_KEYWORD_CHARS = 200
CONTEXT_CHARS = 30
CHECKED_HITS = 200  # the first hits are re-cut from the document text to prove their offsets (RE2's two passes agree)
HIT_COLUMNS = [
    "doc_id", "title", "title_en", "start_pos", "end_pos", "match", "left_ctx", "right_ctx",
    "section_id", "province", "province_en",
]  # fmt: skip


USE_INDEX = True  # False: scan every document (what the index must reproduce; tests compare the two)
GRAM_SHIFT = 21  # text_bigrams.gram = ord(a) * 2^21 + ord(b) over the case-folded text (database/schema.sql)
LOOKUP_GRAMS = 8  # at most this many of the keyword's bigrams are looked up (any subset narrows correctly)

_RE2_SPECIAL = re.compile(r"[\\.+*?()|\[\]{}^$]")  # RE2 metacharacters, escaped to search a literal


class SearchError(ValueError):
    """The keyword cannot be searched (bad regular expression, too long, matches empty text); message says why."""


def escape_like(keyword: str, escape_char: str = "\\") -> str:
    """Make % and _ (and the escape character itself) literal inside a LIKE pattern."""
    return keyword.replace(escape_char, escape_char * 2).replace("%", escape_char + "%").replace("_", escape_char + "_")


# Every occurrence, located in SQL: the text split at the matches gives each match's start as the running length of
# what precedes it (string_split for a case-sensitive literal; RE2 split + extract otherwise). Only offsets leave
# DuckDB, never a document; each hit is placed in the province section that contains its start.
_PARTS = {
    "literal": """
    SELECT doc_id, pieces, list_transform(pieces[2:], lambda x: $kw) AS matches
    FROM (SELECT doc_id, string_split(text, $kw) AS pieces FROM documents
          WHERE ($docs IS NULL OR doc_id IN (SELECT unnest($docs))) AND contains(text, $kw))""",
    "regex": """
    SELECT doc_id, regexp_split_to_array(text, $re) AS pieces, regexp_extract_all(text, $re) AS matches
    FROM documents WHERE ($docs IS NULL OR doc_id IN (SELECT unnest($docs))) AND regexp_matches(text, $re)""",
}
_PIECES = """
    parts AS (
        SELECT doc_id, unnest(pieces) AS piece, unnest(list_append(matches, NULL)) AS match,
               generate_subscripts(pieces, 1) AS i, len(pieces) AS n, len(pieces) = len(matches) + 1 AS aligned
        FROM docs),"""
# How each match is placed: 'plain' only locates it (counts, or a few shown hits whose context is cut from the text
# afterwards); 'context' also takes its context from the neighbouring pieces, which is linear in the text where
# cutting tens of thousands of contexts with substr is not (exact unless matches crowd within 30 characters, and
# those few are cut from the text).
_LOCATED = {
    "plain": """
    located AS (
        SELECT doc_id, match, aligned,
               (sum(length(piece) + coalesce(length(match), 0)) OVER w - length(match))::BIGINT AS start_pos,
               NULL::VARCHAR AS before, FALSE AS before_whole, NULL::VARCHAR AS after, FALSE AS after_whole
        FROM parts WINDOW w AS (PARTITION BY doc_id ORDER BY i)),""",
    "context": """
    located AS (
        SELECT doc_id, match, aligned,
               (sum(length(piece) + coalesce(length(match), 0)) OVER w - length(match))::BIGINT AS start_pos,
               concat(lag(piece, 1, '') OVER w, lag(match, 1, '') OVER w, piece) AS before,
               i <= 2 AS before_whole,
               concat(lead(piece, 1, '') OVER w, lead(match, 1, '') OVER w, lead(piece, 2, '') OVER w) AS after,
               i + 2 >= n AS after_whole
        FROM parts WINDOW w AS (PARTITION BY doc_id ORDER BY i)),""",
}
_HITS = """
    hits AS (
        SELECT h.doc_id, h.start_pos, h.start_pos + length(h.match) AS end_pos, h.match, h.aligned, h.before,
               h.before_whole, h.after, h.after_whole, s.section_id, s.province, p.name_en AS province_en
        FROM located h
        LEFT JOIN sections s ON s.doc_id = h.doc_id AND s.start_pos <= h.start_pos AND h.start_pos < s.end_pos
        LEFT JOIN provinces p ON p.province = s.province
        WHERE h.match IS NOT NULL AND (len($provinces) = 0 OR list_contains($provinces, s.province)))"""


def _parts_and_params(con: duckdb.DuckDBPyConnection, keyword: str, regex: bool) -> tuple[str, dict[str, Any]]:
    """Which split (a key of _PARTS) to use, and its parameters.

    A literal with cased letters is matched case-insensitively, via RE2 with its metacharacters escaped.
    """
    if not regex and keyword.lower() == keyword.upper():
        return "literal", {"kw": keyword}
    pattern = keyword if regex else "(?i)" + _RE2_SPECIAL.sub(r"\\\g<0>", keyword)
    try:
        empty = fetch(con, "SELECT regexp_full_match('', $re) AS e", {"re": pattern})["e"].iloc[0]
    except duckdb.Error as exc:
        raise SearchError(str(exc).splitlines()[0]) from None
    if empty:
        raise SearchError("the pattern matches empty text")
    return "regex", {"re": pattern}


def _indexable(keyword: str, regex: bool) -> bool:
    """True when every text that matches the keyword holds all its case-folded bigrams: a literal of two or more
    characters, each ASCII (RE2 folds an ASCII letter only to its other case, K to the Kelvin sign and s to the long
    s, all of which case-fold alike) or without any case variant (Chinese)."""
    if regex or len(keyword) < 2:
        return False
    return all(ch.isascii() or ch.casefold() == ch.lower() == ch.upper() == ch for ch in keyword)


def _keyword_grams(keyword: str) -> list[int]:
    folded = keyword.casefold()
    grams = sorted({(ord(a) << GRAM_SHIFT) | ord(b) for a, b in zip(folded, folded[1:], strict=False)})
    if len(grams) <= LOOKUP_GRAMS:
        return grams
    step = (len(grams) - 1) / (LOOKUP_GRAMS - 1)
    return sorted({grams[round(i * step)] for i in range(LOOKUP_GRAMS)})


def _candidate_docs(con: duckdb.DuckDBPyConnection, keyword: str, regex: bool) -> list[str] | None:
    """The documents that can hold the keyword (sorted); None when every document must be scanned."""
    if not USE_INDEX or not _indexable(keyword, regex):
        return None
    docs: set[str] | None = None
    try:
        for gram in _keyword_grams(keyword):  # one equality lookup per gram: the sorted table's zone maps apply
            found = set(fetch(con, "SELECT doc_id FROM text_bigrams WHERE gram = $g", {"g": gram})["doc_id"])
            docs = found if docs is None else docs & found
            if not docs:
                return []
    except duckdb.CatalogException:  # a database built before the index existed: scan
        return None
    return sorted(docs or ())


def _checked_keyword(keyword: str) -> str:
    keyword = keyword.strip()
    if len(keyword) > MAX_KEYWORD_CHARS:
        raise SearchError(f"keyword longer than {MAX_KEYWORD_CHARS} characters")
    return keyword


def _fetch_checked(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> pd.DataFrame:
    try:
        return fetch(con, sql, params)
    except duckdb.Error as exc:
        raise SearchError(str(exc).splitlines()[0]) from None


def keyword_hits(
    con: duckdb.DuckDBPyConnection,
    keyword: str,
    regex: bool = False,
    provinces: list[str] | tuple[str, ...] = (),
    limit: int | None = None,
) -> pd.DataFrame:
    """One row per occurrence of ``keyword`` in any document: position, context, and the province section it is in.

    ``province`` is NULL for a hit outside every province section (e.g. a digest's preamble). ``provinces`` keeps
    only hits inside those provinces' sections; empty keeps everything. ``limit`` keeps the first hits (by document,
    then position): counts come from ``keyword_summary``. Raises SearchError on an unusable keyword.
    """
    keyword = _checked_keyword(keyword)
    if not keyword:
        return pd.DataFrame(columns=HIT_COLUMNS)
    parts, params = _parts_and_params(con, keyword, regex)
    located = "context" if limit is None or limit > CHECKED_HITS else "plain"
    sql = f"""
        WITH docs AS ({_PARTS[parts]}), {_PIECES} {_LOCATED[located]} {_HITS},
        shown AS (
            SELECT *, row_number() OVER (ORDER BY doc_id, start_pos) AS rn,
                   coalesce((length(before) < $ctx AND NOT before_whole) OR (length(after) < $ctx AND NOT after_whole),
                            TRUE) AS crowded
            FROM hits ORDER BY doc_id, start_pos LIMIT $limit),
        texts AS (  -- the document text only where it is needed: checks of the first hits, crowded contexts
            SELECT doc_id, text FROM documents
            WHERE doc_id IN (SELECT doc_id FROM shown WHERE rn <= $checked OR crowded))
        SELECT h.doc_id, d.title, d.title_en, h.start_pos, h.end_pos, h.match,
               CASE WHEN NOT h.crowded THEN right(h.before, $ctx)
                    ELSE substr(t.text, greatest(h.start_pos - $ctx, 0) + 1,
                                h.start_pos - greatest(h.start_pos - $ctx, 0))
               END AS left_ctx,
               CASE WHEN NOT h.crowded THEN left(h.after, $ctx)
                    ELSE substr(t.text, h.end_pos + 1, $ctx)
               END AS right_ctx,
               h.section_id, h.province, h.province_en,
               h.aligned AND (h.rn > $checked OR substr(t.text, h.start_pos + 1, length(h.match)) = h.match) AS ok
        FROM shown h JOIN (SELECT doc_id, title, title_en FROM documents) d USING (doc_id)
        LEFT JOIN texts t USING (doc_id)
        ORDER BY h.doc_id, h.start_pos"""
    params |= {"provinces": list(provinces), "limit": limit, "ctx": CONTEXT_CHARS, "checked": CHECKED_HITS}
    hits = _fetch_checked(con, sql, params | {"docs": _candidate_docs(con, keyword, regex)})
    if (hits["match"] == "").any():
        raise SearchError("the pattern matches empty text")
    if not hits["ok"].all():  # the split and the extraction must agree; never show a wrong offset
        raise SearchError("could not locate the matches of this pattern")
    return hits[HIT_COLUMNS].reset_index(drop=True)


def keyword_summary(
    con: duckdb.DuckDBPyConnection,
    keyword: str,
    regex: bool = False,
    provinces: list[str] | tuple[str, ...] = (),
) -> pd.DataFrame:
    """Every occurrence counted, per province section (NULL province: outside every section), as
    ``hits_per_province`` orders it; ``n_documents_total`` repeats the number of distinct documents hit overall."""
    keyword = _checked_keyword(keyword)
    columns = ["province", "province_en", "n_hits", "n_documents", "n_documents_total"]
    if not keyword:
        return pd.DataFrame(columns=columns)
    parts, params = _parts_and_params(con, keyword, regex)
    sql = f"""
        WITH docs AS ({_PARTS[parts]}), {_PIECES} {_LOCATED["plain"]} {_HITS}
        SELECT province, province_en, count(*) AS n_hits, count(DISTINCT doc_id) AS n_documents,
               (SELECT count(DISTINCT doc_id) FROM hits) AS n_documents_total
        FROM hits GROUP BY ALL
        ORDER BY n_hits DESC, province NULLS LAST"""
    docs = _candidate_docs(con, keyword, regex)
    return _fetch_checked(con, sql, params | {"provinces": list(provinces), "docs": docs})


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
