"""Every entry of extract/rules/platforms.yaml is exercised by golden cases from at least two documents (issue 11).

A rule, head, alias, stop word or blocker that only one sentence needs is fitted to that sentence, not to the
language of plans and reports: it goes. The extractor runs over the texts of the dev golden documents and of the
golden sentence files (each file counts as one document; held-out documents are not read), and
`platforms.recording()` says which entries each candidate went through. A golden case exercises an entry when a
labelled platform is proposed through it (its head, the stop word before it, a marker, an alias, a host
dropped: the model then decides), or, for a blocker (a positioning word, a generic start, a function word, a word
a head's character begins: 城|市), when a candidate that no label names carries it. `places` is general geography,
not a rule, and is exempt.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from evaluation.evaluate import _norm_name
from evaluation.golden import GOLDEN_DIR, load_units
from extract import platforms
from extract.pipeline import extract_units
from extract.reading import read_document
from extract.sources import read_sidecar, sidecar_path

MIN_DOCUMENTS = 2
BLOCKERS = platforms._BLOCKERS
CHECKED = ("heads", "stop_words", "markers", "positioning", "generic_heads", "function_chars", "aliases",
           "strip_host_before", "head_continues")  # fmt: skip


def _entries() -> dict[str, set[str]]:
    r = platforms._rules()
    out = {
        "heads": {s for spec in r["kinds"].values() for s in spec["suffixes"]},
        "aliases": set(r["aliases"]),
    }
    for key in CHECKED:
        if key not in out:
            out[key] = set(r[key])
    return out


@lru_cache(maxsize=1)
def support() -> dict[tuple[str, str], set[str]]:
    """(list, entry) → the golden documents in which it shaped a decision."""
    texts: dict[str, list[tuple[str, str | None, dict]]] = defaultdict(list)
    labelled: dict[str, set[str]] = defaultdict(set)
    for lu in load_units():
        if lu.split != "dev" or "platforms" not in lu.labels:
            continue
        doc = lu.case_id.split(":")[0] if lu.document is None else str(lu.document)
        for e in lu.labels["platforms"]:
            labelled[doc].add(_norm_name(str(e["name"] if isinstance(e, dict) else e)))
            if isinstance(e, dict) and e.get("canonical"):
                labelled[doc].add(_norm_name(str(e["canonical"])))
        if lu.document is None:
            file = lu.case_id.split(":")[0]
            texts[file].append((lu.text or "", "全国", {}))
        elif str(lu.document) not in texts:
            meta = read_sidecar(sidecar_path(lu.document)) if sidecar_path(lu.document).exists() else {}
            scope = meta.get("scope", "several")
            texts[str(lu.document)].append(
                (read_document(lu.document).text, None if scope == "several" else scope, meta)
            )
    used: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc, items in texts.items():
        platforms._last_call = None
        with platforms.recording() as counts:
            for text, province, meta in items:
                extract_units(text, province=province, meta=meta)
        for _, section, entry, name in counts:
            named = _norm_name(name) in labelled[doc] or _norm_name(platforms.canonical_name(name)) in labelled[doc]
            if named != (section in BLOCKERS):
                used[(section, entry)].add(doc)
    platforms._last_call = None
    return used


def test_golden_documents_are_found() -> None:
    assert len({d for docs in support().values() for d in docs}) >= 4
    assert (GOLDEN_DIR / "documents").is_dir()


def test_every_entry_is_exercised_by_two_documents() -> None:
    used = support()
    thin = {
        f"{key}:{entry} ({len(used.get((key, entry), set()))})"
        for key, entries in _entries().items()
        for entry in entries
        if len(used.get((key, entry), set())) < MIN_DOCUMENTS
    }
    assert sorted(thin) == []
