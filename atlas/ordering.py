"""Deterministic row ordering for heatmaps: average-linkage (UPGMA) clustering, read off as a leaf order.

Why hand-written: scipy is not a dependency, and a heatmap needs only the leaf order (similar provinces next to
each other), for ~31 rows. Ties are broken by the lowest cluster ids, so the same matrix always gives the same order.
Streamlit-free and pure numpy/pandas.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

METRICS = ("cosine", "euclidean", "jaccard")


def distance_matrix(matrix: pd.DataFrame, metric: str = "cosine") -> np.ndarray:
    """Pairwise distances between the rows. NaN cells count as 0 here (rows that are all NaN end up together).

    cosine: 1 - cosine similarity (an all-zero row is at distance 1 from every non-zero row, 0 from another
    all-zero row); jaccard: on presence (value > 0); euclidean: plain.
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {METRICS}, got {metric!r}")
    x = matrix.to_numpy(dtype=float, na_value=np.nan)
    x = np.nan_to_num(x, nan=0.0)
    n = len(x)
    if metric == "euclidean":
        diff = x[:, None, :] - x[None, :, :]
        return np.sqrt((diff**2).sum(axis=2))
    if metric == "jaccard":
        b = x > 0
        inter = (b[:, None, :] & b[None, :, :]).sum(axis=2)
        union = (b[:, None, :] | b[None, :, :]).sum(axis=2)
        with np.errstate(invalid="ignore", divide="ignore"):
            d = np.where(union == 0, 0.0, 1.0 - inter / np.maximum(union, 1))
        return d
    norms = np.linalg.norm(x, axis=1)
    d = np.ones((n, n))
    nz = norms > 0
    sim = (x[nz] @ x[nz].T) / np.outer(norms[nz], norms[nz])
    d[np.ix_(nz, nz)] = 1.0 - np.clip(sim, -1.0, 1.0)
    zero = ~nz
    d[np.ix_(zero, zero)] = 0.0
    np.fill_diagonal(d, 0.0)
    return d


def average_linkage_order(dist: np.ndarray) -> list[int]:
    """Leaf order of the UPGMA dendrogram of a symmetric distance matrix.

    At each merge the two closest clusters (average pairwise distance) join; ties go to the pair whose smallest
    member indices are lowest. The merged leaf list keeps the cluster with the smaller first member on the left.
    """
    d = np.asarray(dist, dtype=float)
    n = d.shape[0]
    if d.shape != (n, n):
        raise ValueError("distance matrix must be square")
    if n == 0:
        return []
    clusters: dict[int, list[int]] = {i: [i] for i in range(n)}
    while len(clusters) > 1:
        ids = sorted(clusters, key=lambda c: min(clusters[c]))
        best: tuple[float, int, int] | None = None
        for a_pos, a in enumerate(ids):
            for b in ids[a_pos + 1 :]:
                avg = float(d[np.ix_(clusters[a], clusters[b])].mean())
                avg = round(avg, 12)  # float noise must not decide ties
                if best is None or avg < best[0]:
                    best = (avg, a, b)
        assert best is not None
        _, a, b = best
        clusters[a] = clusters[a] + clusters.pop(b)
    (leaves,) = clusters.values()
    return leaves


def cluster_order(matrix: pd.DataFrame, metric: str = "cosine") -> list:
    """The matrix's index labels reordered so that rows with similar profiles sit next to each other."""
    if len(matrix) <= 2:
        return list(matrix.index)
    return [matrix.index[i] for i in average_linkage_order(distance_matrix(matrix, metric))]


def sort_order(matrix: pd.DataFrame, by: str | Sequence[str] | None = None, descending: bool = True) -> list:
    """Rows ordered by the row total (by=None) or by one column; NaN rows last; ties keep the input order."""
    if by is None:
        key = matrix.sum(axis=1, min_count=1)
    else:
        key = matrix[by] if isinstance(by, str) else matrix[list(by)].sum(axis=1, min_count=1)
    ordered = key.sort_values(ascending=not descending, kind="stable", na_position="last")
    return list(ordered.index)
