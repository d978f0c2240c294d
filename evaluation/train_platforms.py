"""`python -m extract train` (platforms): fit the keep / reject model of named platforms on the dev golden labels.

Every candidate the rules propose in a dev unit that labels platforms (extract/platforms.py `candidates`) is a row:
its features, and 1 when its name (as written, or its canonical name) is one of the unit's labelled platforms (the
matching rule of `python -m extract evaluate`), else 0. Held-out documents are never read here.

The model (scikit-learn LogisticRegression) is saved as plain JSON (extract/model/platforms.json): the feature
vocabulary, the weights, the sha256 of the training rows and the scikit-learn version. Extraction scores it in pure
Python; scikit-learn is needed only here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from evaluation import modelling
from evaluation.evaluate import _norm_name
from evaluation.golden import LabelledUnit, load_units
from evaluation.modelling import data_sha256, one_hot, prf
from evaluation.train import _unit_span
from extract import platforms

C = 1.0  # inverse regularisation strength (chosen by leave-one-document-out on dev)
MIN_COUNT = 2  # a feature seen fewer times in training is left out (by CV: F1 0.588 at 2, 0.584 at 3, 0.585 at 5)
THRESHOLD = 0.25  # by leave-one-document-out on 9 dev documents (F1 0.588 at 0.25, 0.586 at 0.30, 0.569 at 0.35)


def _trains(lu: LabelledUnit) -> bool:
    return lu.split == "dev" and "platforms" in lu.labels


def _label_names(labels: list[Any]) -> set[str]:
    names: set[str] = set()
    for e in labels:
        name = str(e["name"] if isinstance(e, dict) else e)
        names.add(_norm_name(name))
        if isinstance(e, dict) and e.get("canonical"):
            names.add(_norm_name(str(e["canonical"])))
    return names


def _unit_rows(lu: LabelledUnit) -> list[tuple[list[str], int]]:
    text, start, end, _ = _unit_span(lu)
    wanted = _label_names(lu.labels["platforms"])
    rows = []
    for c in platforms.candidates(text, start, end):
        name = text[c.start : c.end]
        hit = _norm_name(name) in wanted or _norm_name(platforms.canonical_name(name)) in wanted
        rows.append((sorted(set(c.features)), int(hit)))
    return rows


def training_rows(units: list[LabelledUnit] | None = None) -> list[tuple[list[str], int]]:
    """(features, 1 / 0) of every candidate in the dev units that label platforms."""
    units = units if units is not None else load_units()
    return [row for lu in units if _trains(lu) for row in _unit_rows(lu)]


def fit(rows: list[tuple[list[str], int]], c: float = C, min_count: int = MIN_COUNT) -> dict[str, Any]:
    """The model as JSON-ready data (deterministic: the same rows give the same weights)."""
    import sklearn
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for feats, _ in rows for f in feats)
    vocab = sorted(f for f, n in counts.items() if n >= min_count)
    x = one_hot(rows, vocab, sparse=True)
    y = [label for _, label in rows]
    model = LogisticRegression(C=c, max_iter=10_000, tol=1e-8)
    model.fit(x, y)
    return {
        "about": "keep / reject model for extract/platforms.py; written by `python -m extract train`",
        "features": vocab,
        "coef": [float(w) for w in model.coef_[0]],
        "intercept": float(model.intercept_[0]),
        "threshold": THRESHOLD,
        "training_rows": len(rows),
        "training_positives": int(sum(y)),
        "training_sha256": data_sha256(rows),
        "sklearn_version": sklearn.__version__,
        "C": c,
        "min_count": min_count,
    }


def write_model(model: dict[str, Any], path: Path = platforms.MODEL_PATH) -> None:
    modelling.write_model(model, path)


def cross_validate(
    units: list[LabelledUnit] | None = None, c: float = C, threshold: float = THRESHOLD
) -> tuple[int, int, int]:
    """Leave one dev document out (the sentence cases count as one): train on the rest, score the one left out with
    `python -m extract evaluate`'s matching. Returns (tp, fp, fn) summed over the folds."""
    from evaluation import evaluate as ev

    units = [u for u in (units if units is not None else load_units()) if _trains(u)]
    groups: dict[str, list[LabelledUnit]] = {}
    for lu in units:
        groups.setdefault(str(lu.document or "sentences"), []).append(lu)
    rows = {g: [row for lu in us for row in _unit_rows(lu)] for g, us in groups.items()}
    tp = fp = fn = 0
    saved = platforms._model
    try:
        for g, held in groups.items():
            fold = fit([row for h, rs in rows.items() if h != g for row in rs], c=c)
            fold["index"] = {f: i for i, f in enumerate(fold["features"])}
            fold["threshold"] = threshold
            platforms._model = lambda fold=fold: fold  # type: ignore[assignment]
            platforms._last_call = None
            ev._document_units.cache_clear()
            s = ev.evaluate(held).scores["dev"]["platforms"]
            tp, fp, fn = tp + s.tp, fp + s.fp, fn + s.fn
    finally:
        platforms._model = saved  # type: ignore[assignment]
        platforms._last_call = None
        ev._document_units.cache_clear()
    return tp, fp, fn


def main(out: str | None = None, cv: bool = False) -> int:
    # the candidates' features do not depend on the model, so training with a model present changes nothing
    rows = training_rows()
    model = fit(rows)
    path = Path(out) if out else platforms.MODEL_PATH
    write_model(model, path)
    platforms._model.cache_clear()
    platforms._last_call = None
    print(f"platforms: trained on {len(rows)} dev candidates ({model['training_positives']} kept); "
          f"{len(model['features'])} features → {path}")  # fmt: skip
    if cv:
        tp, fp, fn = cross_validate()
        p, r, f1 = prf(tp, fp, fn)
        print("platforms, leave-one-document-out on dev (each document scored by a model that never saw it):")
        print(f"  platforms  TP {tp:>4} FP {fp:>4} FN {fn:>4}  precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")
    return 0


__all__ = ["cross_validate", "data_sha256", "fit", "main", "training_rows", "write_model"]
