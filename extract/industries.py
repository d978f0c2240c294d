"""Focus industries: catalogue terms, items of industry enumerations, and quoted slogan bundles.

Rules are data (extract/rules/industries.yaml). A catalogue maps every way of writing an industry to one canonical
name, so "which provinces focus on X" works across documents. Enumerations ending in …等新兴产业 are expanded, so
an industry missing from the catalogue is still found when a plan lists it among others.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any

import yaml

from extract.clauses import ClauseIndex, clause_index
from extract.lexicon import Lexicon
from extract.paths import RULES
from extract.records import Industry

RULE_TERM = "industry.term"
RULE_LIST = "industry.list"
RULE_SLOGAN = "industry.slogan"

_SUFFIX = re.compile(r"(?:产业|产业链|产业集群|全产业链)")
_INFRA_TAIL = re.compile(r"等[^\s，。；、：等]{0,6}?(?:基础设施|新基建)")
_ASCII = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class _Entry:
    canonical: str | None  # None: a blocker (never an industry)
    needs_suffix: bool


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    with open(RULES / "industries.yaml", encoding="utf-8") as fh:
        rules: dict[str, Any] = yaml.safe_load(fh)
    return rules


def industry_catalog() -> dict[str, dict[str, Any]]:
    """Canonical name → {"name_en", "theme_id"} (the database fills its industry columns from this)."""
    return {
        str(name): {"name_en": str(spec.get("en") or name), "theme_id": spec.get("theme")}
        for name, spec in _rules()["catalogue"].items()
    }


def all_rule_ids() -> set[str]:
    """Every rule id this module can emit; each is declared under `rules:` in extract/rules/industries.yaml."""
    return set(_rules()["rules"])


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon[_Entry]:
    entries: list[tuple[str, _Entry]] = []
    for name, spec in _rules()["catalogue"].items():
        entry = _Entry(str(name), bool(spec.get("needs_suffix", False)))
        for term in [str(name), *(str(s) for s in spec.get("synonyms", []))]:
            entries.append((term, entry))
    for term in _rules()["not_industries"]:
        entries.append((str(term), _Entry(None, False)))
    return Lexicon(entries)


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, spec in _rules()["catalogue"].items():
        for term in [str(name), *(str(s) for s in spec.get("synonyms", []))]:
            out[term] = str(name)
    return out


@lru_cache(maxsize=1)
def _list_tail() -> re.Pattern[str]:
    tails = "|".join(_rules()["list_tails"])
    return re.compile(rf"(?:{tails})(?![化园基区])")


@lru_cache(maxsize=1)
def _lead_ins() -> tuple[str, ...]:
    return tuple(sorted(_rules()["list_lead_ins"], key=len, reverse=True))


def _ascii_ok(text: str, s: int, e: int) -> bool:
    """ASCII terms (AI, VR, 5G) must not sit inside a longer ASCII word (RAID, VRF, 5GHz)."""
    if _ASCII.match(text[s]) and s > 0 and _ASCII.match(text[s - 1]):
        return False
    return not (_ASCII.match(text[e - 1]) and e < len(text) and re.match(r"[A-Za-z]", text[e]))


def _list_items(idx: ClauseIndex, tail_start: int, floor: int) -> list[tuple[int, int]]:
    """Items of the enumeration that ends at tail_start, as (start, end) spans, lead-in verbs stripped."""
    text = idx.text
    lo = max(idx.clause_start(tail_start), floor)
    body = text[lo:tail_start]
    spans: list[tuple[int, int]] = []
    pos = lo
    for part in body.split("、"):
        spans.append((pos, pos + len(part)))
        pos += len(part) + 1
    if len(spans) < 2:
        return []
    # every item after the first is a short noun phrase; a clause (…等信息技术在农业…) is not an enumeration
    if any(e - s > 12 or re.search(r"[等在的]", text[s:e]) for s, e in spans[1:]):
        return []
    # the last item may join two with 和/及/与: 软件服务及互联网
    last_s, last_e = spans[-1]
    joined = re.split(r"[和及与]", text[last_s:last_e])
    if len(joined) == 2 and all(joined):
        mid = last_s + len(joined[0])
        spans[-1:] = [(last_s, mid), (mid + 1, last_e)]
    # the first item carries the clause's verb: 大力发展人工智能 → 人工智能
    first_s, first_e = spans[0]
    changed = True
    while changed:
        changed = False
        for lead in _lead_ins():
            if text.startswith(lead, first_s, first_e) and first_e - first_s > len(lead):
                first_s += len(lead)
                changed = True
                break
    spans[0] = (first_s, first_e)
    return spans


def _unknown_item_ok(item: str) -> bool:
    rules = _rules()
    if not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", item):
        return False
    if not int(rules["unknown_item_min_chars"]) <= len(item) <= int(rules["unknown_item_max_chars"]):
        return False
    if item in rules["not_industries"] or item.endswith(tuple(rules["unknown_item_bad_endings"])):
        return False
    return not item.endswith("产业") and "的" not in item and not item.startswith(_lead_ins())


def _mostly_known(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether at least half the items contain a catalogue term (so the list is a list of industries)."""
    known = 0
    for s, e in spans:
        if any(_lexicon().payloads(term)[0].canonical for _, _, term in _lexicon().spans(text, s, e)):
            known += 1
    return 2 * known >= len(spans)


def _enumerations(
    text: str, start: int, end: int
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of industry-list items, of those whose list is mostly catalogue terms, and of infrastructure lists."""
    idx = clause_index(text, start, end)
    items: list[tuple[int, int]] = []
    open_items: list[tuple[int, int]] = []
    floor = start
    for m in _list_tail().finditer(text, start, end):
        spans = _list_items(idx, m.start(), floor)
        items.extend(spans)
        if spans and _mostly_known(text, spans):
            open_items.extend(spans)
        floor = m.end()
    infra: list[tuple[int, int]] = []
    for m in _INFRA_TAIL.finditer(text, start, end):
        infra.append((idx.clause_start(m.start()), m.start()))
    return items, open_items, infra


class _Spans:
    """A fixed set of spans, asked "is [s, e) inside one?" and "does one start in [s, e)?" in log time.

    (A linear scan per question made long units quadratic.)
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self._starts = [a for a, _ in spans]
        self._reach = list(accumulate((b for _, b in spans), max))  # furthest end among spans starting ≤ here

    def covers(self, s: int, e: int) -> bool:
        k = bisect_right(self._starts, s)
        return k > 0 and self._reach[k - 1] >= e

    def starts_within(self, s: int, e: int) -> bool:
        k = bisect_left(self._starts, s)
        return k < len(self._starts) and self._starts[k] < e


def find_industries(text: str, start: int, end: int) -> list[Industry]:
    """Focus industries named in text[start:end], one item per mention, in document order."""
    found: list[Industry] = []
    taken: list[tuple[int, int]] = []
    for m in re.finditer(_rules()["slogan_pattern"], text[start:end]):
        s, e = start + m.start("slogan"), start + m.end("slogan")
        found.append(Industry(text[s:e], s, e, text[s:e], RULE_SLOGAN))
        taken.append((s, e))
    # catalogue matches never overlap one another, so only a slogan can hold one
    slogans = _Spans(taken)
    item_spans, open_items, infra_spans = _enumerations(text, start, end)
    items, infra = _Spans(item_spans), _Spans(infra_spans)
    means = tuple(_rules()["means_prefixes"])
    lexicon = _lexicon()
    for s, e, term in lexicon.spans(text, start, end):
        entry = lexicon.payloads(term)[0]
        if entry.canonical is None or not _ascii_ok(text, s, e) or slogans.covers(s, e):
            continue
        in_list = items.covers(s, e)
        followed = bool(_SUFFIX.match(text, e))
        if entry.needs_suffix and not (followed or in_list):
            continue
        if text.endswith(means, start, s) and text.startswith("的", e):
            continue
        if infra.covers(s, e) and not followed:
            continue
        found.append(Industry(entry.canonical, s, e, term, RULE_LIST if in_list else RULE_TERM))
        taken.append((s, e))
    known = _synonyms()
    taken_spans = _Spans(taken)
    for s, e in open_items:
        item = text[s:e]
        if item in known or taken_spans.covers(s, e) or taken_spans.starts_within(s, e) or infra.covers(s, e):
            continue
        if _unknown_item_ok(item):
            found.append(Industry(item, s, e, item, RULE_LIST))
    found.sort(key=lambda i: (i.start, i.end))
    return found
