"""The search index (text_bigrams, built with the database) only narrows which documents are searched: on the real
corpus the indexed search returns exactly what a scan of every document returns, for 1- and 2-character, longer,
Latin (case-insensitive), mixed, regular-expression and no-hit keywords, with and without a province filter."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from atlas.db import connect
from atlas.queries import search
from database.ngrams import GRAM_SHIFT, bigram_codes

KEYWORDS = [
    ("的", False),  # one character: scanned
    ("云", False),
    ("算力", False),  # two characters: one bigram
    ("数字经济", False),
    ("数字化转型", False),
    ("AI", False),  # Latin: case-insensitive (RE2), the index is case-folded
    ("ai", False),
    ("5G", False),
    ("5G网络", False),
    ("Wi-Fi", False),
    ("量子计算机器人", False),  # every bigram occurs somewhere, the whole never: no hit
    ("zzqx", False),  # a bigram in no document: no hit, no scan
    ("数字.{0,3}经济", True),  # regular expressions: scanned
    ("[0-9]+%", True),
]


@pytest.fixture(scope="module")
def con(built_db: Path):
    connection = connect(built_db)
    yield connection
    connection.close()


@pytest.mark.parametrize(("keyword", "regex"), KEYWORDS, ids=[k for k, _ in KEYWORDS])
@pytest.mark.parametrize("provinces", [(), ("广东",)], ids=["all", "guangdong"])
def test_indexed_search_equals_a_scan(con, monkeypatch: pytest.MonkeyPatch, keyword: str, regex: bool, provinces):
    results = {}
    for use_index in (True, False):
        monkeypatch.setattr(search, "USE_INDEX", use_index)
        results[use_index] = (
            search.keyword_hits(con, keyword, regex=regex, provinces=provinces, limit=200),
            search.keyword_hits(con, keyword, regex=regex, provinces=provinces),
            search.keyword_summary(con, keyword, regex=regex, provinces=provinces),
        )
    for indexed, scanned in zip(results[True], results[False], strict=True):
        pd.testing.assert_frame_equal(indexed, scanned)
    if keyword in ("量子计算机器人", "zzqx"):
        assert results[True][1].empty


def test_the_index_narrows_and_is_never_needed_for_a_regex_or_one_character(con) -> None:
    assert search._candidate_docs(con, "zzqx", False) == []
    assert search._candidate_docs(con, "的", False) is None
    assert search._candidate_docs(con, "数字.{0,3}经济", True) is None
    some = search._candidate_docs(con, "数字经济", False)
    assert some and set(some) <= set(con.execute("SELECT doc_id FROM atlas.documents").df()["doc_id"])


def test_bigram_codes_are_the_schema_encoding() -> None:
    assert bigram_codes("Ab数").tolist() == sorted(
        [(ord("a") << GRAM_SHIFT) | ord("b"), (ord("b") << GRAM_SHIFT) | ord("数")]
    )
    assert bigram_codes("x").tolist() == []
    assert search.GRAM_SHIFT == GRAM_SHIFT


def test_the_index_holds_every_bigram_of_every_document(built_db: Path) -> None:
    raw = duckdb.connect(str(built_db), read_only=True)
    try:
        docs = raw.execute("SELECT doc_id, text FROM documents").fetchall()
        n = raw.execute("SELECT count(*) FROM text_bigrams").fetchone()[0]
        per_doc = dict(raw.execute("SELECT doc_id, count(*) FROM text_bigrams GROUP BY doc_id").fetchall())
    finally:
        raw.close()
    assert n == sum(len(bigram_codes(text)) for _, text in docs)
    assert all(per_doc[d] == len(bigram_codes(text)) for d, text in docs if len(text) > 1)


def test_an_old_database_without_the_index_is_scanned(tmp_path: Path, built_db: Path) -> None:
    copy = tmp_path / "old.duckdb"
    copy.write_bytes(built_db.read_bytes())
    raw = duckdb.connect(str(copy))
    raw.execute("DROP TABLE text_bigrams")
    raw.close()
    old = connect(copy)
    try:
        assert search._candidate_docs(old, "数字经济", False) is None
        assert not search.keyword_hits(old, "数字经济", limit=5).empty
    finally:
        old.close()
