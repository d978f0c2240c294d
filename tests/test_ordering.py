"""Heatmap row ordering: average-linkage clustering puts similar rows together, deterministically.

Why: the Themes page claims "similar provinces sit next to each other" and "the same data gives the same order";
both are checked here on matrices whose right answer is known.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from atlas import ordering


def _blocks() -> pd.DataFrame:
    """Two obvious groups, interleaved in the input: a* use themes x/y, b* use themes z/w."""
    rows = {
        "a1": [3, 2, 0, 0],
        "b1": [0, 0, 4, 1],
        "a2": [2, 2, 0, 0],
        "b2": [0, 1, 5, 2],
        "a3": [4, 3, 1, 0],
        "b3": [0, 0, 3, 3],
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=["x", "y", "z", "w"])


def test_cluster_order_groups_similar_rows() -> None:
    order = ordering.cluster_order(_blocks())
    assert sorted(order) == sorted(_blocks().index)
    groups = [name[0] for name in order]
    # each group is contiguous: exactly one switch between a and b
    assert sum(1 for g, h in zip(groups, groups[1:], strict=False) if g != h) == 1, order


def test_cluster_order_is_deterministic_and_independent_of_ties() -> None:
    m = _blocks()
    assert ordering.cluster_order(m) == ordering.cluster_order(m.copy())
    # identical rows (all distances tie) keep their input order
    same = pd.DataFrame([[1, 1]] * 4, index=["p", "q", "r", "s"])
    assert ordering.cluster_order(same) == ["p", "q", "r", "s"]


def test_nan_rows_are_zero_and_end_up_together() -> None:
    m = _blocks().astype(float)
    m.loc["n1"] = np.nan
    m.loc["n2"] = np.nan
    order = ordering.cluster_order(m)
    assert abs(order.index("n1") - order.index("n2")) == 1, order


def test_average_linkage_known_merge_order() -> None:
    # points on a line at 0, 1, 10, 11, 30: pairs (0,1) and (2,3) merge first, then they join, 30 last
    pos = np.array([0.0, 10.0, 1.0, 30.0, 11.0])
    dist = np.abs(pos[:, None] - pos[None, :])
    assert ordering.average_linkage_order(dist) == [0, 2, 1, 4, 3]


def test_distance_metrics() -> None:
    m = pd.DataFrame([[1, 0], [2, 0], [0, 1], [0, 0]], index=list("abcd"))
    cos = ordering.distance_matrix(m, "cosine")
    assert cos[0, 1] == pytest.approx(0.0)  # same direction
    assert cos[0, 2] == pytest.approx(1.0)  # orthogonal
    assert cos[3, 0] == pytest.approx(1.0) and cos[3, 3] == 0.0  # an all-zero row
    jac = ordering.distance_matrix(m, "jaccard")
    assert jac[0, 1] == 0.0 and jac[0, 2] == 1.0
    euc = ordering.distance_matrix(m, "euclidean")
    assert euc[0, 1] == pytest.approx(1.0)
    with pytest.raises(ValueError):
        ordering.distance_matrix(m, "manhattan")


def test_sort_order_by_total_and_by_column_puts_missing_last() -> None:
    m = pd.DataFrame({"x": [1.0, np.nan, 5.0, 2.0], "y": [0.0, np.nan, 0.0, 9.0]}, index=list("abcd"))
    assert ordering.sort_order(m) == ["d", "c", "a", "b"]
    assert ordering.sort_order(m, by="x") == ["c", "d", "a", "b"]
    assert ordering.sort_order(m, by="x", descending=False) == ["a", "d", "c", "b"]


def test_small_inputs() -> None:
    assert ordering.cluster_order(pd.DataFrame(columns=["x"])) == []
    assert ordering.cluster_order(pd.DataFrame({"x": [1]}, index=["only"])) == ["only"]
    assert ordering.average_linkage_order(np.zeros((0, 0))) == []
