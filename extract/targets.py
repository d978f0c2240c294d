"""Numeric targets: patterns assembled from named fragments (extract/rules/targets.yaml), then a context check.

A number is a target only when the plan commits to it: the nearest context marker before it (inside its sentence)
must not report an achieved figure (已建成, 截至, 2020年…) or someone's forecast (预计). Numbers inside quotes or
inside a platform's name (数字赋能626行动, 十百千工程) are names, not targets.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right, insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import yaml

from extract.numbers import is_chinese_numeral, level_value, magnitude_word_value, normalise_unit, parse_number
from extract.paths import RULES
from extract.platforms import find_platforms
from extract.records import Target

_SENTENCE_END = "。！？!?\n"
# No pattern consumes one of these, so every match lies inside one clause ending at (and including) one of them.
_CLAUSE_BREAKS = "。！？!?；;：:，、"
_CLAUSE_BREAK = re.compile(f"[{_CLAUSE_BREAKS}]")
_QUOTES = re.compile(r"[“「\"][^”」\"\n]{1,30}[”」\"]")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_GROUP_NAME = re.compile(r"\(\?P<[a-z_]+>")


@dataclass(frozen=True)
class _Pattern:
    rule: str
    regex: re.Pattern[str]
    requires: re.Pattern[str] | None  # a part of every match: where it is absent the pattern cannot match


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    with open(RULES / "targets.yaml", encoding="utf-8") as fh:
        rules: dict[str, Any] = yaml.safe_load(fh)
    return rules


def _expand(template: str, fragments: dict[str, str]) -> str:
    """Replace {name} with its fragment, recursively (composites refer to fragments)."""
    for _ in range(5):
        new = _PLACEHOLDER.sub(lambda m: fragments[m.group(1)], template)
        if new == template:
            return new
        template = new
    return template


@lru_cache(maxsize=1)
def _patterns() -> tuple[_Pattern, ...]:
    rules = _rules()
    fragments = {k: str(v) for k, v in rules["fragments"].items()}
    for k, v in rules["composites"].items():
        fragments[k] = _expand(str(v), fragments)
    return tuple(
        _Pattern(
            p["id"],
            re.compile(_expand(p["template"], fragments)),
            re.compile(_GROUP_NAME.sub("(?:", _expand(p["requires"], fragments))) if p.get("requires") else None,
        )
        for p in rules["patterns"]
    )


@lru_cache(maxsize=1)
def _prefilter() -> re.Pattern[str]:
    return re.compile(_rules()["prefilter"])


@lru_cache(maxsize=1)
def _context() -> tuple[list[tuple[str, re.Pattern[str]]], re.Pattern[str]]:
    ctx = _rules()["context"]
    markers = [(kind, re.compile(rx)) for kind in ("future", "achieved", "forecast") for rx in ctx[kind]]
    return markers, re.compile("|".join(ctx["neutral"]))


@lru_cache(maxsize=1)
def _year_res() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rx) for rx in _rules()["year"])


def all_rule_ids() -> set[str]:
    """Every rule id this module can emit; each is a pattern id in extract/rules/targets.yaml."""
    return {p["id"] for p in _rules()["patterns"]}


def _sentence_start(text: str, lo: int, pos: int) -> int:
    i = pos
    while i > lo and text[i - 1] not in _SENTENCE_END:
        i -= 1
    return i


def _nearest_marker(text: str, s: int, e: int) -> str | None:
    """The kind (future / achieved / forecast) of the context marker nearest before e in text[s:e]."""
    markers, neutral = _context()
    blocked = [(m.start(), m.end()) for m in neutral.finditer(text, s, e)]
    best: tuple[int, str] | None = None
    for kind, rx in markers:
        for m in rx.finditer(text, s, e):
            if any(a <= m.start() < b for a, b in blocked):
                continue
            if best is None or m.end() > best[0]:
                best = (m.end(), kind)
    return best[1] if best else None


def _forecast(text: str, s: int, e: int) -> bool:
    """Someone's forecast (预计…): a forecast marker anywhere before the number in its sentence."""
    return any(re.search(rx, text[s:e]) for rx in _rules()["context"]["forecast"])


def _year(text: str, s: int, e: int) -> int | None:
    """The target year: the nearest future year phrase before e inside text[s:e]."""
    _, neutral = _context()
    blocked = [(m.start(), m.end()) for m in neutral.finditer(text, s, e)]
    best: tuple[int, int] | None = None
    for rx in _year_res():
        for m in rx.finditer(text, s, e):
            if any(a <= m.start() < b for a, b in blocked):
                continue
            year = int(m.group("year")) if "year" in rx.groupindex and m.group("year") else None
            if year is None and "fyp" in rx.groupindex and m.group("fyp"):
                year = int(_rules()["fyp_end_year"])
            if year is not None and year >= 2021 and (best is None or m.end() > best[0]):
                best = (m.end(), year)
    return best[1] if best else None


def _comparator(verb: str, pre: str, post: str) -> str:
    table = _rules()["comparators"]
    for part, key in ((post, "post"), (pre, "pre")):
        for comp, words in table[key].items():
            if part and part in words:
                return str(comp)
    for comp, words in table["verb"].items():
        if any(verb.endswith(w) or w in verb for w in words):
            return str(comp)
    return "="


def _clean_indicator(raw: str) -> str:
    rules = _rules()
    raw = re.sub(r"[“”\"「」]", "", raw)
    lead = re.compile("^(?:" + "|".join(rules["indicator_strip_lead"]) + ")")
    trail = re.compile("(?:" + "|".join(rules["indicator_strip_trail"]) + ")$")
    prev = None
    while prev != raw:
        prev = raw
        raw = lead.sub("", raw).strip()
        raw = trail.sub("", raw).strip()
    return raw


def _group(m: re.Match[str], name: str) -> str:
    if name not in m.re.groupindex:
        return ""
    return m.group(name) or ""


def _has_goal_verb(text: str, lo: int, pos: int) -> bool:
    """A level/magnitude goal needs a goal verb earlier in its clause (siblings joined by 、 share it)."""
    i = pos
    while i > lo and text[i - 1] not in "，。；：,;:!?！？\n":
        i -= 1
    return any(v in text[i:pos] for v in _rules()["level_verbs"])


class _Spans:
    """Spans asked "does one contain position x?"; sorted, and only spans starting within the longest span's length
    of x are looked at (a linear scan per question made long units quadratic)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._spans: list[tuple[int, int]] = []
        self._longest = 0
        for a, b in spans:
            self.add(a, b)

    def add(self, a: int, b: int) -> None:
        insort(self._spans, (a, b))
        self._longest = max(self._longest, b - a)

    def covers(self, x: int) -> bool:
        for j in range(bisect_right(self._spans, (x, math.inf)) - 1, -1, -1):
            a, b = self._spans[j]
            if a + self._longest <= x:
                return False  # this span and every one before it end by x
            if b > x:
                return True
        return False


def _regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Runs of whole clauses of text[start:end] holding a prefilter hit: the only places a pattern can match.

    A match never spans a clause break and always contains a prefilter hit, so scanning only these clauses finds
    exactly the matches a scan of the whole span finds (lookbehinds still see the text before a region).
    """
    regions: list[tuple[int, int]] = []
    for hit in _prefilter().finditer(text, start, end):
        p = hit.start()
        lo = regions[-1][1] if regions else start
        if p < lo:
            continue  # inside the clause already taken
        s = p
        while s > lo and text[s - 1] not in _CLAUSE_BREAKS:
            s -= 1
        brk = _CLAUSE_BREAK.search(text, p, end)
        e = brk.end() if brk else end
        if regions and regions[-1][1] == s:
            regions[-1] = (regions[-1][0], e)
        else:
            regions.append((s, e))
    return regions


def _matches(pattern: _Pattern, text: str, regions: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    for s, e in regions:
        if pattern.requires is None or pattern.requires.search(text, s, e):
            yield from pattern.regex.finditer(text, s, e)


def find_targets(text: str, start: int, end: int) -> list[Target]:
    """Quantified goals in text[start:end], in document order."""
    regions = _regions(text, start, end)
    if not regions:
        return []
    names = _Spans((m.start(), m.end()) for m in _QUOTES.finditer(text, start, end))
    for p in find_platforms(text, start, end):
        names.add(p.start, p.end)
    idioms = tuple(_rules()["idioms"])
    taken = _Spans()
    taken_ends: set[int] = set()
    found: list[Target] = []
    for pattern in _patterns():
        for m in _matches(pattern, text, regions):
            num_start = m.start("level") if "level" in m.re.groupindex else None
            if num_start is None:
                num_start = m.start("mword") if "mword" in m.re.groupindex else m.start("num")
            if names.covers(num_start) or taken.covers(num_start):
                continue
            if pattern.rule == "target.count.sibling" and m.start() - 1 not in taken_ends:
                continue  # only a sibling of an accepted count target shares its verb
            sent = _sentence_start(text, start, m.start())
            if _nearest_marker(text, sent, num_start) == "achieved" or _forecast(text, sent, num_start):
                continue
            comparator = _comparator(_group(m, "verb"), _group(m, "comp_pre"), _group(m, "comp_post"))
            value_max: float | None = None
            if "level" in m.re.groupindex:
                if not _has_goal_verb(text, start, m.start()):
                    continue
                value, unit = level_value(_group(m, "lnum") or None, _group(m, "lmag"))
                comparator = "level"
                unit_out: str | None = unit
            elif "mword" in m.re.groupindex:
                if text.startswith(idioms, m.start()) or any(text.startswith(i, m.start() - 2) for i in idioms):
                    continue
                if not _has_goal_verb(text, start, m.start()):
                    continue
                value, unit_out, comparator = magnitude_word_value(m.group("mword")), m.group("unit"), "level"
            else:
                parsed = parse_number(m.group("num"))
                if parsed is None:
                    continue
                if is_chinese_numeral(m.group("num")) and parsed <= 2 and not _group(m, "mag"):
                    continue  # 一批, 一个平台, 两张网: an article, not a quantity
                value = parsed
                value_max = parse_number(_group(m, "num_max")) if _group(m, "num_max") else None
                unit_out = normalise_unit(_group(m, "mag"), _group(m, "unit"))
            indicator = _clean_indicator(_group(m, "indicator"))
            if pattern.rule == "target.growth.rate":
                indicator += "\0" + re.sub(r"(?:达到|保持在|超过|在)$", "", m.group("verb"))
            s, e = m.start(), m.end()
            # include a time phrase directly before the clause: “到2025年，全省灯塔工厂数量超过5家”
            tm = re.search(r"(?:到|至|力争到|争取到)\s*20\d\d\s*年(?:底|末)?[，,]?\s*$", text[sent:s])
            if tm:
                s = sent + tm.start()
            while e > s and text[e - 1] in "，,、；; ":
                e -= 1
            found.append(
                Target(
                    indicator,
                    value,
                    value_max,
                    unit_out,
                    comparator,
                    _year(text, sent, num_start),
                    s,
                    e,
                    text[s:e],
                    pattern.rule,
                )
            )
            taken.add(m.start(), m.end())
            taken_ends.add(m.end())
    found.sort(key=lambda t: (t.start, t.end))
    return _carry_subjects(text, start, found)


def _carry_subjects(text: str, start: int, found: list[Target]) -> list[Target]:
    """到2025年，X达到5，年均增长8%: a clause without a subject takes the previous target's (same sentence)."""
    out: list[Target] = []
    for t in found:
        subject, _, growth = t.indicator.partition("\0")
        if not subject and out and out[-1].start >= _sentence_start(text, start, t.start):
            subject = out[-1].indicator
        if subject:
            out.append(replace(t, indicator=subject + growth))
    return out
