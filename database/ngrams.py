"""The search index built with the database: every distinct character bigram of each document (table text_bigrams).

Linear in the text: one pass of numpy over the code points of each case-folded document, one sort of the codes by
(gram, document) in numpy, then one insert (in that order, so that a lookup of one gram touches one or two row
groups through their min / max). The encoding (gram = ord(a) * 2^21 + ord(b)) is the one stated in
database/schema.sql; atlas.queries.search computes the keyword's grams the same way.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

GRAM_SHIFT = 21  # every code point is < 2^21


def bigram_codes(text: str) -> np.ndarray:
    """The distinct bigram codes of text.casefold() (sorted, int64); empty for a text shorter than two characters."""
    points = np.frombuffer(text.casefold().encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    if len(points) < 2:
        return np.empty(0, dtype=np.int64)
    return np.unique((points[:-1] << GRAM_SHIFT) | points[1:])


def write_bigrams(con: duckdb.DuckDBPyConnection, docs: list[tuple[str, str]]) -> int:
    """Fill text_bigrams from (doc_id, text) pairs, in (gram, doc_id) order; returns the number of rows."""
    docs = sorted(docs)
    codes = [bigram_codes(text) for _, text in docs]
    total = sum(len(c) for c in codes)
    if not total:
        return 0
    grams = np.concatenate(codes)
    doc_no = np.repeat(np.arange(len(docs), dtype=np.int64), [len(c) for c in codes])
    order = np.argsort((grams << GRAM_SHIFT) | doc_no, kind="stable")  # < 2^21 documents: the key is one int64
    frame = pd.DataFrame(
        {
            "gram": grams[order],
            "doc_id": pd.Categorical.from_codes(doc_no[order], categories=[d for d, _ in docs]),
        }
    )
    con.register("_bigrams", frame)
    try:
        con.execute("INSERT INTO text_bigrams SELECT gram, doc_id::VARCHAR FROM _bigrams")
    finally:
        con.unregister("_bigrams")
    return total
