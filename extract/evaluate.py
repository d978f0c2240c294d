"""`python -m extract evaluate`: precision, recall and F1 per field against the hand labels in tests/golden/.

Golden files (see tests/golden/*.yaml): a digest file labels the province units of one document; a sentences file
labels standalone plan-style sentences. Known misses and known false positives stay in the counts: they are marked
in the labels so the tests can follow them, not removed from the score.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from extract.paths import ROOT
from extract.pipeline import extract_units
from extract.reading import read_document
from extract.records import Target, Unit

FIELDS = ("themes", "industries", "platforms", "targets")
GOLDEN_DIR = ROOT / "tests" / "golden"


@dataclass
class Case:
    """One labelled unit: a province section of a document, or a standalone sentence."""

    case_id: str
    unit: Unit
    expected: dict[str, list[Any]]  # field → expected items (only the fields this case labels)
    misses: dict[str, dict[str, str]] = field(default_factory=dict)  # field → item key → reason
    spurious: dict[str, dict[str, str]] = field(default_factory=dict)  # field → item key → reason
    negative: str | None = None


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_items: list[str] = field(default_factory=list)
    fn_items: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def item_key(field_name: str, item: Any) -> str:
    """A comparable key for an expected (dict/str from YAML) or extracted item."""
    if field_name in ("themes", "industries"):
        return str(item["name"] if isinstance(item, dict) else item)
    if field_name == "platforms":
        return f"{item['name']}<{item['kind']}>"
    raise ValueError(field_name)


def target_key(t: dict[str, Any]) -> tuple[Any, ...]:
    """Targets match on value, range, unit, comparator and year; the indicator is compared loosely."""

    def num(v: Any) -> float | None:
        return None if v is None else float(v)

    return (num(t.get("value")), num(t.get("value_max")), t.get("unit"), str(t.get("comparator")), t.get("year"))


def target_label(t: dict[str, Any]) -> str:
    rng = f"{t.get('value')}" + (f"–{t['value_max']}" if t.get("value_max") is not None else "")
    return f"{t.get('indicator')} {t.get('comparator')} {rng} {t.get('unit') or ''} ({t.get('year')})"


def indicators_agree(a: str, b: str) -> bool:
    """Loose indicator match: one contains the other, or they share most characters."""
    a, b = re.sub(r"\s", "", a), re.sub(r"\s", "", b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    common = len(set(a) & set(b))
    return common / max(len(set(a)), len(set(b))) >= 0.6


def extracted(unit: Unit, field_name: str) -> list[Any]:
    """The unit's items for a field as plain values (names, name<kind>, or target dicts)."""
    if field_name == "themes":
        return [t.theme_id for t in unit.themes]
    if field_name == "industries":
        return list(dict.fromkeys(i.name for i in unit.focus_industries))
    if field_name == "platforms":
        return list(dict.fromkeys(f"{p.name}<{p.kind}>" for p in unit.platforms))
    return [_target_dict(t) for t in unit.targets]


def _target_dict(t: Target) -> dict[str, Any]:
    return {
        "indicator": t.indicator,
        "value": t.value,
        "value_max": t.value_max,
        "unit": t.unit,
        "comparator": t.comparator,
        "year": t.year,
    }


def match_targets(expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> tuple[list[int], list[int]]:
    """Greedy one-to-one matching; returns (indices of matched expected, indices of matched got)."""
    used: set[int] = set()
    matched_e: list[int] = []
    for i, e in enumerate(expected):
        for j, g in enumerate(got):
            if j in used:
                continue
            if target_key(e) == target_key(g) and indicators_agree(str(e.get("indicator", "")), g["indicator"]):
                used.add(j)
                matched_e.append(i)
                break
    return matched_e, sorted(used)


def _split_expected(items: Iterable[Any], field_name: str) -> tuple[list[Any], dict[str, str]]:
    plain: list[Any] = []
    misses: dict[str, str] = {}
    for it in items or []:
        plain.append(it)
        if isinstance(it, dict) and it.get("miss"):
            key = target_label(it) if field_name == "targets" else item_key(field_name, it)
            misses[key] = str(it["miss"])
    return plain, misses


def load_cases(golden_dir: str | Path | None = None) -> list[Case]:
    """Every labelled case in the golden folder, with its extraction already run."""
    folder = Path(golden_dir) if golden_dir else GOLDEN_DIR
    cases: list[Case] = []
    for path in sorted(folder.glob("*.yaml")):
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        if "units" in data:
            cases.extend(_digest_cases(path, data))
        if "cases" in data:
            cases.extend(_sentence_cases(path, data))
    return cases


def _digest_cases(path: Path, data: dict[str, Any]) -> list[Case]:
    doc = read_document(ROOT / data["document"])
    units = {u.province: u for u in extract_units(doc.text)}
    out: list[Case] = []
    for province, labels in data["units"].items():
        unit = units.get(province) or Unit(province, None, 0, 0)
        expected: dict[str, list[Any]] = {}
        misses: dict[str, dict[str, str]] = {}
        for f in FIELDS:
            if f in labels:
                expected[f], misses[f] = _split_expected(labels[f], f)
        spurious = {f: {str(k): str(v) for k, v in d.items()} for f, d in (labels.get("spurious") or {}).items()}
        out.append(Case(f"{path.stem}:{province}", unit, expected, misses, spurious))
    return out


def _sentence_cases(path: Path, data: dict[str, Any]) -> list[Case]:
    out: list[Case] = []
    for c in data["cases"]:
        text = c["text"]
        unit = extract_units(text, province="全国")[0]
        expected: dict[str, list[Any]] = {}
        misses: dict[str, dict[str, str]] = {}
        for f in FIELDS:
            if f in c:
                expected[f], misses[f] = _split_expected(c[f], f)
        spurious = {f: {str(k): str(v) for k, v in d.items()} for f, d in (c.get("spurious") or {}).items()}
        out.append(Case(f"{path.stem}:{c['id']}", unit, expected, misses, spurious, c.get("negative")))
    return out


def score(cases: list[Case]) -> dict[str, Score]:
    """Micro-averaged TP/FP/FN per field over every case that labels the field."""
    scores = {f: Score() for f in FIELDS}
    for case in cases:
        for f, expected in case.expected.items():
            s = scores[f]
            got = extracted(case.unit, f)
            if f == "targets":
                me, mg = match_targets(expected, got)
                s.tp += len(me)
                s.fn += len(expected) - len(me)
                s.fp += len(got) - len(mg)
                s.fn_items += [f"{case.case_id}: {target_label(e)}" for i, e in enumerate(expected) if i not in me]
                s.fp_items += [f"{case.case_id}: {target_label(g)}" for j, g in enumerate(got) if j not in mg]
                continue
            want = {item_key(f, e) for e in expected}
            have = set(got)
            s.tp += len(want & have)
            s.fn += len(want - have)
            s.fp += len(have - want)
            s.fn_items += [f"{case.case_id}: {k}" for k in sorted(want - have)]
            s.fp_items += [f"{case.case_id}: {k}" for k in sorted(have - want)]
    return scores


def negative_violations(cases: list[Case]) -> list[str]:
    """Targets reported on a negative case (none are allowed)."""
    return [f"{c.case_id}: {target_label(_target_dict(t))}" for c in cases if c.negative for t in c.unit.targets]


def main(golden_dir: str | None = None, details: bool = False) -> int:
    """Print a P/R/F1 table per field; with details, every false positive and false negative."""
    cases = load_cases(golden_dir)
    scores = score(cases)
    units = sum(1 for c in cases if ":" in c.case_id and "themes" in c.expected)
    out = sys.stdout
    out.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
    print(f"golden cases: {len(cases)} ({units} document units, {len(cases) - units} sentences)", file=out)
    print(f"{'field':<12}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>9}{'F1':>7}", file=out)
    for f in FIELDS:
        s = scores[f]
        print(f"{f:<12}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.precision:>11.3f}{s.recall:>9.3f}{s.f1:>7.3f}", file=out)
    violations = negative_violations(cases)
    negatives = sum(1 for c in cases if c.negative)
    print(f"negative cases: {negatives}, reported as targets: {len(violations)}", file=out)
    if details:
        for f in FIELDS:
            for item in scores[f].fp_items:
                print(f"  FP {f:<11} {item}", file=out)
            for item in scores[f].fn_items:
                print(f"  FN {f:<11} {item}", file=out)
        for v in violations:
            print(f"  NEGATIVE   {v}", file=out)
    return 0
