"""What the three trainers (numbers, industries, platforms) share: the training data's checksum, the one-hot
feature matrix, writing a model as JSON, and precision / recall / F1. Each trainer keeps what is its own: how a
candidate is labelled, the vocabulary rule and the model's metadata."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def data_sha256(rows: Sequence[tuple[list[str], Any]]) -> str:
    """sha256 of the training rows (features, label) as compact JSON: the model file records it."""
    blob = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def one_hot(rows: Sequence[tuple[list[str], Any]], vocab: list[str], sparse: bool = False) -> Any:
    """The rows' features as a 0/1 matrix over vocab (features outside it are dropped): numpy, or a scipy CSR matrix
    when `sparse` (tens of thousands of candidates over thousands of features fit in seconds instead of a minute)."""
    import numpy as np

    index = {f: i for i, f in enumerate(vocab)}
    if sparse:
        from scipy.sparse import csr_matrix

        cols = [sorted({index[f] for f in feats if f in index}) for feats, _ in rows]
        indptr = np.cumsum([0] + [len(c) for c in cols])
        flat = np.array([i for c in cols for i in c], dtype=np.int64)
        return csr_matrix((np.ones(len(flat)), flat, indptr), shape=(len(rows), len(vocab)))
    x = np.zeros((len(rows), len(vocab)))
    for r, (feats, _) in enumerate(rows):
        for f in feats:
            if f in index:
                x[r, index[f]] = 1.0
    return x


def write_model(model: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
