"""Every entry of extract/rules/targets.yaml earns its place (issue 11 item 5).

"A rule, alias, stop word or blocker that no golden case from at least two documents exercises goes." The numbers
extractor is run over the golden documents (tests/golden/documents/*.yaml, each the data/raw file it points to,
read with its sidecar) and the golden sentence cases (each its own document), recording which entries fire or
block (`targets.record_support`): patterns, context markers, comparator words, indicator strip words, the
model's cue and after words. Each must be exercised in at least two distinct documents. Only
which entries fire is read, never the labels.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import yaml

from extract import targets
from extract.paths import ROOT
from extract.pipeline import extract_units
from extract.reading import read_document
from extract.sources import read_sidecar, sidecar_path

GOLDEN = Path(__file__).parent / "golden"
MIN_DOCUMENTS = 2


def _documents() -> list[tuple[str, str, str | None, dict]]:
    """(name, text, province or None for a digest, sidecar) of each golden document and sentence case."""
    out = []
    for path in sorted((GOLDEN / "documents").glob("*.yaml")):
        document = ROOT / yaml.safe_load(path.read_text(encoding="utf-8"))["document"]
        side = sidecar_path(document)
        meta = dict(read_sidecar(side)) if side.exists() else {"scope": "several"}
        province = None if meta.get("scope", "several") == "several" else meta["scope"]
        out.append((path.stem, read_document(document).text, province, meta))
    for path in sorted(GOLDEN.glob("*sentences*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            out.append((f"{path.stem}:{case['id']}", case["text"], "全国", {}))
    return out


@lru_cache(maxsize=1)
def support() -> Counter[str]:
    """In how many distinct documents each entry fires or blocks."""
    counts: Counter[str] = Counter()
    for _, text, province, meta in _documents():
        with targets.record_support() as fired:
            extract_units(text, province=province, city=meta.get("city"), meta=meta)
        counts.update(fired)
    return counts


def test_recording_sees_the_entries_it_names() -> None:
    counts = support()
    unknown = sorted(set(counts) - targets.support_entries())
    assert not unknown, f"recorded entries that support_entries does not name: {unknown}"
    assert counts["pattern:target.value.reach"] >= MIN_DOCUMENTS


def test_every_targets_rule_entry_is_exercised_in_two_documents() -> None:
    counts = support()
    weak = sorted(f"{e} ({counts[e]})" for e in targets.support_entries() if counts[e] < MIN_DOCUMENTS)
    assert not weak, f"entries of targets.yaml exercised in fewer than {MIN_DOCUMENTS} golden documents: {weak}"


def test_recording_is_off_outside_the_block() -> None:
    text = "到2025年，5G基站达到8万个。"
    with targets.record_support() as fired:
        inside = targets.find_numbers(text, 0, len(text))
    assert fired and targets._fired is None
    assert targets.find_numbers(text, 0, len(text)) == inside
