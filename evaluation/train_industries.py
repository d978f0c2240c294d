"""`python -m extract train` (second step): fit the focus-industry keep / reject model on the dev golden labels only.

Every candidate the rules propose in a dev unit that labels industries (extract/industries.py `candidates`) is
labelled from the hand labels: `keep` when it is a labelled industry (by the name as written or the canonical
entity, the way `python -m extract evaluate` matches) and, in a document, lies on that label's quote; `reject` when
it matches no label. A mention of a labelled name away from its quote is left out (the label does not say whether
that mention is a focus). Held-out documents are never read here.

The model (scikit-learn LogisticRegression, binary) is saved as plain JSON (extract/model/industries.json): the
feature vocabulary, one weight per feature, the intercept, the sha256 of the training rows and the scikit-learn
version. Extraction scores it in pure Python; scikit-learn is needed only here (requirements-dev.txt).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from evaluation import modelling
from evaluation.evaluate import _norm_name
from evaluation.golden import LabelledUnit, load_units
from evaluation.modelling import data_sha256, one_hot, prf
from evaluation.train import _quote_spans, _unit_span
from extract import industries

C = 1.0  # inverse regularisation strength (chosen by leave-one-document-out on dev; see `train --cv`)
CLASS_WEIGHT: str | None = None  # "balanced" weighs the rare keeps up
MIN_COUNT = 2  # a feature seen fewer times in training is left out of the vocabulary
KEEP, REJECT = "keep", "reject"


def _trains(lu: LabelledUnit) -> bool:
    return lu.split == "dev" and "industries" in lu.labels


def _label_of(text: str, item: industries.Industry, labels: list[Any], sentence: bool) -> str | None:
    a, b = _norm_name(item.text), _norm_name(item.name)
    for lab in labels:
        name = _norm_name(str(lab["name"] if isinstance(lab, dict) else lab))
        canon = _norm_name(str(lab.get("canonical") or name)) if isinstance(lab, dict) else name
        if not (a == name or b in (name, canon)):
            continue
        if sentence or not isinstance(lab, dict):
            return KEEP
        if any(s < item.end and item.start < e for s, e in _quote_spans(text, str(lab.get("quote", "")))):
            return KEEP
        return None  # a labelled name, but not the labelled mention: neither kept nor rejected in training
    return REJECT


def _unit_rows(lu: LabelledUnit) -> list[tuple[list[str], str]]:
    text, start, end, meta = _unit_span(lu)
    rows = []
    for item, feats in industries.candidates(text, start, end, meta):
        label = _label_of(text, item, lu.labels["industries"], lu.document is None)
        if label is not None:
            rows.append((feats, label))
    return rows


def training_rows(units: list[LabelledUnit] | None = None) -> list[tuple[list[str], str]]:
    """(features, keep/reject) of every candidate in the dev units that label industries."""
    units = units if units is not None else load_units()
    return [row for lu in units if _trains(lu) for row in _unit_rows(lu)]


def fit(rows: list[tuple[list[str], str]], c: float = C) -> dict[str, Any]:
    """The model as JSON-ready data (deterministic: the same rows give the same weights)."""
    import numpy as np
    import sklearn
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for feats, _ in rows for f in set(feats))
    vocab = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    x = one_hot(rows, vocab, sparse=True)
    y = np.array([1 if label == KEEP else 0 for _, label in rows])
    model = LogisticRegression(C=c, max_iter=10_000, tol=1e-8, class_weight=CLASS_WEIGHT)
    model.fit(x, y)
    return {
        "about": "focus-industry keep / reject model for extract/industries.py; written by `python -m extract train`",
        "features": vocab,
        "coef": [float(w) for w in model.coef_[0]],
        "intercept": float(model.intercept_[0]),
        "threshold": industries.THRESHOLD,
        "training_rows": len(rows),
        "training_counts": dict(sorted(Counter(label for _, label in rows).items())),
        "training_sha256": data_sha256(rows),
        "sklearn_version": sklearn.__version__,
        "C": c,
        "class_weight": CLASS_WEIGHT,
        "min_count": MIN_COUNT,
    }


def write_model(model: dict[str, Any], path: Path = industries.MODEL_PATH) -> None:
    modelling.write_model(model, path)


def _use(model: dict[str, Any]) -> None:
    model["weights"] = dict(zip(model["features"], model["coef"], strict=True))
    industries._model = lambda: model  # type: ignore[assignment]


def cross_validate(units: list[LabelledUnit] | None = None, c: float = C) -> tuple[int, int, int]:
    """Leave one dev document out (the sentence cases count as one): train on the rest, score the one left out.

    The dev figures of `python -m extract evaluate` are in-sample (the model was fitted on them); these are not.
    Returns (tp, fp, fn) for industries summed over the folds.
    """
    from evaluation import evaluate as ev

    units = [u for u in (units if units is not None else load_units()) if _trains(u)]
    groups: dict[str, list[LabelledUnit]] = {}
    for lu in units:
        groups.setdefault(str(lu.document or "sentences"), []).append(lu)
    rows = {g: [row for lu in us for row in _unit_rows(lu)] for g, us in groups.items()}
    tp = fp = fn = 0
    saved = industries._model
    try:
        for g, held in groups.items():
            _use(fit([row for h, rs in rows.items() if h != g for row in rs], c))
            ev._document_units.cache_clear()
            s = ev.evaluate(held).scores["dev"]["industries"]
            tp, fp, fn = tp + s.tp, fp + s.fp, fn + s.fn
    finally:
        industries._model = saved  # type: ignore[assignment]
        ev._document_units.cache_clear()
    return tp, fp, fn


def main(cv: bool = False) -> int:
    # the candidates' features do not depend on the model, so training with a model present changes nothing
    rows = training_rows()
    model = fit(rows)
    write_model(model)
    industries._model.cache_clear()
    counts = ", ".join(f"{k} {v}" for k, v in model["training_counts"].items())
    print(f"industries: trained on {len(rows)} dev candidates ({counts}); {len(model['features'])} features "
          f"→ {industries.MODEL_PATH}")  # fmt: skip
    if cv:
        tp, fp, fn = cross_validate()
        p, r, f1 = prf(tp, fp, fn)
        print("industries, leave-one-document-out on dev (each document scored by a model that never saw it):")
        print(f"  industries TP {tp:>4} FP {fp:>4} FN {fn:>4}  precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")
    return 0


__all__ = ["cross_validate", "data_sha256", "fit", "main", "training_rows", "write_model"]
