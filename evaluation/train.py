"""`python -m extract train`: fit the target / achieved / other model on the dev golden labels only.

Every candidate quantity the rules find in a dev unit (extract/targets.py `candidates`) is labelled from the hand
labels: `target` when it is a labelled target, `achieved` when it is a labelled achieved figure, `other` when it is
neither (a forecast, a threshold, a company goal, a figure nobody labelled). A document label is matched by value,
range and unit and by lying on its quote; a sentence case's by value, range, unit and indicator. Held-out
documents are never read here.

The model (scikit-learn LogisticRegression) is saved as plain JSON (extract/model/numbers.json): the feature
vocabulary, the weights per class, the sha256 of the training rows and the scikit-learn version. Extraction scores
it in pure Python; scikit-learn is needed only here (requirements-dev.txt).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from evaluation import modelling
from evaluation.evaluate import indicators_agree, number_key
from evaluation.golden import LabelledUnit, load_units
from evaluation.modelling import data_sha256, one_hot
from extract import targets
from extract.pipeline import extract_units
from extract.reading import read_document
from extract.sources import read_sidecar, sidecar_path

C = 1.0  # inverse regularisation strength
MIN_COUNT = 2  # a feature seen fewer times in training is left out of the vocabulary


def _unit_span(lu: LabelledUnit) -> tuple[str, int, int, Mapping[str, Any]]:
    """The text, span and sidecar of a labelled unit, cut the way the pipeline cuts it."""
    if lu.document is None:
        text = lu.text or ""
        unit = extract_units(text, province=lu.province)[0]
        return text, unit.start, unit.end, {}
    doc = read_document(lu.document)
    side = sidecar_path(lu.document)
    meta = read_sidecar(side) if side.exists() else {"scope": "several"}
    province = None if meta["scope"] == "several" else meta["scope"]
    units = extract_units(doc.text, province=province, city=meta.get("city"), meta=meta)
    unit = units[0] if lu.scope is not None else next(u for u in units if u.province == lu.province)
    return doc.text, unit.start, unit.end, meta


def _quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    spans, i = [], text.find(quote)
    while quote and i >= 0:
        spans.append((i, i + len(quote)))
        i = text.find(quote, i + 1)
    return spans


def _label_of(text: str, item: dict[str, Any], labels: dict[str, list[dict[str, Any]]], sentence: bool) -> str:
    key = number_key(item)[:3]
    for cls in ("target", "achieved"):
        for lab in labels.get(f"{cls}s" if cls == "target" else cls, []):
            if number_key(lab)[:3] != key:
                continue
            if sentence:
                if indicators_agree(str(lab.get("indicator", "")), item["indicator"]):
                    return cls
            elif any(a < item["end"] and item["start"] < b for a, b in _quote_spans(text, str(lab.get("quote", "")))):
                return cls
    return "other"


def _trains(lu: LabelledUnit) -> bool:
    return lu.split == "dev" and bool({"targets", "achieved"} & set(lu.labels) or lu.negative)


def _unit_rows(lu: LabelledUnit) -> list[tuple[list[str], str]]:
    text, start, end, meta = _unit_span(lu)
    return [
        (sorted(set(c.features)), _label_of(text, c.item.to_json(), lu.labels, lu.document is None))
        for c in targets.candidates(text, start, end, meta)
    ]


def training_rows(units: list[LabelledUnit] | None = None) -> list[tuple[list[str], str]]:
    """(features, class) of every candidate in the dev units that label targets or achieved figures."""
    units = units if units is not None else load_units()
    return [row for lu in units if _trains(lu) for row in _unit_rows(lu)]


def cross_validate(units: list[LabelledUnit] | None = None) -> dict[str, tuple[int, int, int]]:
    """Leave one dev document out (the sentence cases count as one): train on the rest, score the one left out.

    The dev figures of `python -m extract evaluate` are in-sample (the model was fitted on them); these are not.
    Returns (tp, fp, fn) summed over the folds, per number field.
    """
    from evaluation import evaluate as ev

    units = [u for u in (units if units is not None else load_units()) if _trains(u)]
    groups: dict[str, list[LabelledUnit]] = {}
    for lu in units:
        groups.setdefault(str(lu.document or "sentences"), []).append(lu)
    rows = {g: [row for lu in us for row in _unit_rows(lu)] for g, us in groups.items()}
    totals = {f: [0, 0, 0] for f in ev.NUMBER_FIELDS}
    saved = targets._model
    try:
        for g, held in groups.items():
            fold = targets.prepare_model(fit([row for h, rs in rows.items() if h != g for row in rs]))
            targets._model = lambda fold=fold: fold  # type: ignore[assignment]
            ev._document_units.cache_clear()
            report = ev.evaluate(held)
            for f in ev.NUMBER_FIELDS:
                s = report.scores["dev"][f]
                totals[f] = [totals[f][0] + s.tp, totals[f][1] + s.fp, totals[f][2] + s.fn]
    finally:
        targets._model = saved  # type: ignore[assignment]
        ev._document_units.cache_clear()
    return {f: (t[0], t[1], t[2]) for f, t in totals.items()}


def fit(rows: list[tuple[list[str], str]], c: float = C) -> dict[str, Any]:
    """The model as JSON-ready data (deterministic: the same rows give the same weights)."""
    import sklearn
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for feats, _ in rows for f in feats)
    vocab = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    x = one_hot(rows, vocab)
    y = [label for _, label in rows]
    model = LogisticRegression(C=c, max_iter=10_000, tol=1e-8)
    model.fit(x, y)
    order = [list(model.classes_).index(k) for k in targets.CLASSES if k in model.classes_]
    return {
        "about": "target / achieved / other model for extract/targets.py; written by `python -m extract train`",
        "classes": [str(model.classes_[k]) for k in order],
        "features": vocab,
        "coef": [[float(w) for w in model.coef_[k]] for k in order],
        "intercept": [float(model.intercept_[k]) for k in order],
        "training_rows": len(rows),
        "training_counts": dict(sorted(Counter(y).items())),
        "training_sha256": data_sha256(rows),
        "sklearn_version": sklearn.__version__,
        "C": c,
        "min_count": MIN_COUNT,
    }


def write_model(model: dict[str, Any], path: Path = targets.MODEL_PATH) -> None:
    modelling.write_model(model, path)


def main(out: str | None = None, cv: bool = False) -> int:
    # the candidates' features do not depend on the model, so training with a model present changes nothing
    rows = training_rows()
    model = fit(rows)
    path = Path(out) if out else targets.MODEL_PATH
    write_model(model, path)
    targets._model.cache_clear()
    counts = ", ".join(f"{k} {v}" for k, v in model["training_counts"].items())
    print(f"trained on {len(rows)} dev candidates ({counts}); {len(model['features'])} features → {path}")
    if cv:
        print("leave-one-document-out on dev (each document scored by a model that never saw it):")
        for f, (tp, fp, fn) in cross_validate().items():
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            print(f"  {f:<10} TP {tp:>4} FP {fp:>4} FN {fn:>4}  precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")
    return 0


__all__ = ["cross_validate", "fit", "main", "training_rows", "data_sha256", "write_model"]
