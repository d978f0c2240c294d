"""Read the hand labels in tests/golden/: whole documents (documents/*.yaml, each dev or holdout) and sentence cases.

Labels are written from shared/spec/annotation-guide.md, blind to the extractor. Each label carries a `quote`, an
exact substring of its document, which is how a person (or a test) finds it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from extract.paths import ROOT

GOLDEN_DIR = ROOT / "tests" / "golden"
FIELDS = ("themes", "industries", "platforms", "targets", "achieved")
SPLITS = ("dev", "holdout")


@dataclass
class LabelledUnit:
    """The labels of one unit: a whole single-province document, one section of a digest, or one sentence."""

    case_id: str
    split: str
    document: Path | None  # None for a sentence case (the text is in `text`)
    scope: str | None  # the province the whole document speaks for; None for a digest section
    province: str
    text: str | None = None
    labels: dict[str, list[Any]] = field(default_factory=dict)  # only the fields this unit labels
    negative: str | None = None
    miss: str | None = None  # a negative case the extractor is known to get wrong, and why


def load_units(golden_dir: Path | None = None) -> list[LabelledUnit]:
    folder = golden_dir or GOLDEN_DIR
    units: list[LabelledUnit] = []
    for path in sorted((folder / "documents").glob("*.yaml")):
        units += _document_units(path, _read(path))
    for path in sorted(folder.glob("*.yaml")):
        data = _read(path)
        for c in data.get("cases", []):
            labels = {f: list(c[f] or []) for f in FIELDS if f in c}
            units.append(
                LabelledUnit(
                    f"{path.stem}:{c['id']}",
                    "dev",
                    None,
                    "全国",
                    "全国",
                    c["text"],
                    labels,
                    c.get("negative"),
                    c.get("miss"),
                )
            )
    return units


def _read(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def _document_units(path: Path, data: dict[str, Any]) -> list[LabelledUnit]:
    split = str(data.get("split", "dev"))
    if split not in SPLITS:
        raise ValueError(f"{path}: split must be one of {SPLITS}, not {split!r}")
    document = ROOT / data["document"]
    if "units" in data:  # a digest: one labelled unit per province section
        return [
            LabelledUnit(f"{path.stem}:{province}", split, document, None, province, None, _labels(labels))
            for province, labels in data["units"].items()
        ]
    return [LabelledUnit(path.stem, split, document, data["scope"], data["scope"], None, _labels(data))]


def _labels(data: dict[str, Any]) -> dict[str, list[Any]]:
    return {f: list(data.get(f) or []) for f in FIELDS if f in data}
