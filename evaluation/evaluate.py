"""`python -m extract evaluate`: precision, recall and F1 per field, dev and held-out documents reported apart.

Matching rules (the same for every split):
- themes: theme ids per unit;
- industries, platforms: the name as written, or the canonical entity (one label counts once per unit);
- targets, achieved: value, range, unit and year equal, and the indicator wording agrees loosely; the comparator
  is not part of the match (its agreement is reported on its own);
- "achieved called targets": labelled achieved figures that the extractor reports as targets (year not compared:
  an achieved figure taken for a target is given a target's year).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from evaluation.golden import FIELDS, SPLITS, LabelledUnit, load_units
from extract.pipeline import extract_units
from extract.reading import read_document
from extract.records import Unit
from extract.sources import read_sidecar, sidecar_path

NUMBER_FIELDS = ("targets", "achieved")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_items: list[str] = field(default_factory=list)
    fn_items: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Scores per split and field, plus the counts that say how the numbers' time and voice went."""

    scores: dict[str, dict[str, Score]]
    documents: dict[str, set[str]]
    achieved_labelled: dict[str, int]
    achieved_called_targets: dict[str, list[str]]
    negatives: dict[str, int]
    negative_violations: dict[str, list[str]]


def number_key(item: dict[str, Any]) -> tuple[Any, ...]:
    def num(v: Any) -> float | None:
        return None if v is None else round(float(v), 6)

    unit = item.get("unit")
    return (num(item.get("value")), num(item.get("value_max")), None if unit in (None, "") else str(unit),
            item.get("year"))  # fmt: skip


def number_label(item: dict[str, Any]) -> str:
    rng = f"{item.get('value')}" + (f"–{item['value_max']}" if item.get("value_max") is not None else "")
    return f"{item.get('indicator')} {item.get('comparator')} {rng} {item.get('unit') or ''} ({item.get('year')})"


def indicators_agree(a: str, b: str) -> bool:
    """Loose indicator match: one contains the other, or they share most characters."""
    a, b = re.sub(r"\s", "", a), re.sub(r"\s", "", b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    return len(set(a) & set(b)) / min(len(set(a)), len(set(b))) >= 0.6


def match_numbers(
    expected: list[dict[str, Any]], got: list[dict[str, Any]], year: bool = True
) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of labelled and extracted numbers; returns (expected index, got index) pairs.

    `year=False` ignores the year (an achieved figure taken for a target is given a target's year)."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    n = 4 if year else 3
    for i, e in enumerate(expected):
        for j, g in enumerate(got):
            if (
                j not in used
                and number_key(e)[:n] == number_key(g)[:n]
                and indicators_agree(str(e.get("indicator", "")), str(g.get("indicator", "")))
            ):
                used.add(j)
                pairs.append((i, j))
                break
    return pairs


def _norm_name(name: str) -> str:
    return re.sub(r"[“”\"‘’'《》「」\s]", "", name).replace("－", "—").replace("-", "—")


def extracted(unit: Unit, field_name: str) -> list[Any]:
    """The unit's items for a field: theme ids, (name, canonical) pairs, or number dicts."""
    if field_name == "themes":
        return [t.theme_id for t in unit.themes]
    if field_name == "industries":
        return list(dict.fromkeys((i.text, i.name) for i in unit.focus_industries))
    if field_name == "platforms":
        return list(dict.fromkeys((p.text, p.name) for p in unit.platforms))
    items = unit.targets if field_name == "targets" else unit.achieved
    return [t.to_json() for t in items]


def _score_names(s: Score, case: str, expected: list[Any], got: list[tuple[str, str]]) -> None:
    got_names = [(_norm_name(a), _norm_name(b)) for a, b in got]
    matched_got: set[int] = set()
    for e in expected:
        name = _norm_name(str(e["name"] if isinstance(e, dict) else e))
        canonical = _norm_name(str(e.get("canonical") or name)) if isinstance(e, dict) else name
        hit = next(
            (j for j, (a, b) in enumerate(got_names) if j not in matched_got and (a == name or b in (name, canonical))),
            None,
        )
        if hit is None:
            s.fn += 1
            s.fn_items.append(f"{case}: {name}")
        else:
            matched_got.add(hit)
            s.tp += 1
    # several spellings of one labelled entity found: the extras are not errors, only unmatched distinct names are
    label_names = {_norm_name(str(e["name"] if isinstance(e, dict) else e)) for e in expected}
    for j, (a, b) in enumerate(got_names):
        if j in matched_got or a in label_names or b in label_names:
            continue
        s.fp += 1
        s.fp_items.append(f"{case}: {a}")


def evaluate(units: list[LabelledUnit] | None = None) -> Report:
    units = units if units is not None else load_units()
    scores = {sp: {f: Score() for f in FIELDS} for sp in SPLITS}
    documents: dict[str, set[str]] = {sp: set() for sp in SPLITS}
    achieved_labelled = dict.fromkeys(SPLITS, 0)
    called: dict[str, list[str]] = {sp: [] for sp in SPLITS}
    negatives = dict.fromkeys(SPLITS, 0)
    violations: dict[str, list[str]] = {sp: [] for sp in SPLITS}
    for lu in units:
        unit = extract_for(lu)
        documents[lu.split].add(str(lu.document) if lu.document else "sentences")
        for f, expected in lu.labels.items():
            s = scores[lu.split][f]
            got = extracted(unit, f)
            if f == "themes":
                want, have = set(expected), set(got)
                s.tp += len(want & have)
                s.fn += len(want - have)
                s.fp += len(have - want)
                s.fn_items += [f"{lu.case_id}: {k}" for k in sorted(want - have)]
                s.fp_items += [f"{lu.case_id}: {k}" for k in sorted(have - want)]
            elif f in NUMBER_FIELDS:
                pairs = match_numbers(expected, got)
                me, mg = {i for i, _ in pairs}, {j for _, j in pairs}
                s.tp += len(pairs)
                s.fn += len(expected) - len(pairs)
                s.fp += len(got) - len(pairs)
                s.fn_items += [f"{lu.case_id}: {number_label(e)}" for i, e in enumerate(expected) if i not in me]
                s.fp_items += [f"{lu.case_id}: {number_label(g)}" for j, g in enumerate(got) if j not in mg]
            else:
                _score_names(s, lu.case_id, expected, got)
        if "achieved" in lu.labels:
            achieved_labelled[lu.split] += len(lu.labels["achieved"])
            as_targets = match_numbers(lu.labels["achieved"], extracted(unit, "targets"), year=False)
            called[lu.split] += [f"{lu.case_id}: {number_label(lu.labels['achieved'][i])}" for i, _ in as_targets]
        if lu.negative:
            negatives[lu.split] += 1
            violations[lu.split] += [f"{lu.case_id}: {number_label(t.to_json())}" for t in unit.targets]
    return Report(scores, documents, achieved_labelled, called, negatives, violations)


def extract_for(lu: LabelledUnit) -> Unit:
    """Run the extractor on a labelled unit the way the build does (sidecar's scope, type and dates)."""
    if lu.document is None:
        return extract_units(lu.text or "", province=lu.province)[0]
    units = _document_units(str(lu.document))
    if lu.scope is not None:
        return units[0]
    return next((u for u in units if u.province == lu.province), Unit(lu.province, None, 0, 0))


@lru_cache(maxsize=64)
def _document_units(path: str) -> list[Unit]:
    p = Path(path)
    doc = read_document(p)
    meta = read_sidecar(sidecar_path(p)) if sidecar_path(p).exists() else {"scope": "several"}
    province = None if meta["scope"] == "several" else meta["scope"]
    return extract_units(doc.text, province=province, city=meta.get("city"), meta=meta)


def accuracy_rows(report: Report | None = None) -> list[dict[str, Any]]:
    """One row per (split, field) for the build's accuracy table."""
    report = report or evaluate()
    rows = []
    for sp in SPLITS:
        for f in FIELDS:
            s = report.scores[sp][f]
            if s.tp + s.fp + s.fn == 0:
                continue
            rows.append(
                {
                    "split": sp,
                    "field": f,
                    "n_documents": len(report.documents[sp]),
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                    "precision": s.precision,
                    "recall": s.recall,
                    "f1": s.f1,
                }  # fmt: skip
            )
    return rows


def _fmt(v: float | None) -> str:
    return "   n/a" if v is None else f"{v:6.3f}"


def main(golden_dir: str | None = None, details: bool = False) -> int:
    """Print P/R/F1 per field for dev and held-out documents; with details, every false positive and negative."""
    units = load_units(Path(golden_dir) if golden_dir else None)
    report = evaluate(units)
    out = sys.stdout
    out.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
    for sp in SPLITS:
        docs = sorted(Path(d).name for d in report.documents[sp])
        print(f"== {sp}: {len(docs)} document(s): {', '.join(docs)}", file=out)
        print(f"{'field':<12}{'TP':>6}{'FP':>6}{'FN':>6}{'precision':>11}{'recall':>8}{'F1':>8}", file=out)
        for f in FIELDS:
            s = report.scores[sp][f]
            if s.tp + s.fp + s.fn:
                print(f"{f:<12}{s.tp:>6}{s.fp:>6}{s.fn:>6}{_fmt(s.precision):>11}{_fmt(s.recall):>8}{_fmt(s.f1):>8}",
                      file=out)  # fmt: skip
        n = report.achieved_labelled[sp]
        k = len(report.achieved_called_targets[sp])
        share = f"{k / n:.1%}" if n else "n/a"
        print(f"achieved figures called targets: {k} of {n} ({share})", file=out)
        if report.negatives[sp]:
            print(f"negative cases: {report.negatives[sp]}, reported as targets: "
                  f"{len(report.negative_violations[sp])}", file=out)  # fmt: skip
        if details:
            for f in FIELDS:
                for item in report.scores[sp][f].fp_items:
                    print(f"  FP {f:<11} {item}", file=out)
                for item in report.scores[sp][f].fn_items:
                    print(f"  FN {f:<11} {item}", file=out)
            for item in report.achieved_called_targets[sp]:
                print(f"  ACHIEVED-AS-TARGET {item}", file=out)
        print(file=out)
    return 0


__all__ = ["FIELDS", "Report", "Score", "accuracy_rows", "evaluate", "main", "match_numbers"]
