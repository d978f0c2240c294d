"""Numeric targets: patterns assembled from named fragments (extract/rules/targets.yaml), then a context check.

A number is a target only when the plan commits to it: the nearest context marker before it (inside its sentence)
must not report an achieved figure (已建成, 2020年…) or someone's forecast (预计). Numbers inside quotes or
inside a platform's name (数字赋能626行动, 十百千工程) are names, not targets.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right, insort
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from extract.clauses import ClauseIndex, Marks, clause_index, find_marks
from extract.lexicon import trie_pattern
from extract.model_file import read_model
from extract.numbers import is_chinese_numeral, level_value, magnitude_word_value, normalise_unit, parse_number
from extract.parts import Parts
from extract.paths import ROOT, RULES
from extract.platforms import find_platforms
from extract.records import Target, evolve

MODEL_PATH = ROOT / "extract" / "model" / "numbers.json"
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


_CLASS_OR_CHAR = r"\[(?:\\.|[^\]\\])+\]|[^\\\[\](){}|?*+.^$]"  # a [class] or one plain character
_TWO_ATOMS = re.compile(f"({_CLASS_OR_CHAR})({_CLASS_OR_CHAR})")
_BRANCHES = re.compile(r"(?:\[(?:\\.|[^\]\\])+\]|\\.|[^|\[\\])+")  # alternatives split at | outside classes


@lru_cache(maxsize=1)
def _prefilter() -> re.Pattern[str]:
    """The rules' prefilter. Written as two-character alternatives `AB|CD|…` (each of A, B, C, D a character or a
    [class]), it is compiled as `[AC…](?:(?<=A)B|(?<=C)D|…)`: the same two-character matches, but opening with one
    class lets the regex engine skip to the next possible first character instead of trying every alternative at
    every position. Any other shape is compiled as written."""
    source = str(_rules()["prefilter"])
    pairs = [_TWO_ATOMS.fullmatch(b) for b in _BRANCHES.findall(source)]
    if "|".join(_BRANCHES.findall(source)) != source or not all(pairs):
        return re.compile(source)
    firsts = [p.group(1) for p in pairs if p]
    union = "".join(f[1:-1] if f.startswith("[") else re.escape(f) for f in firsts)
    return re.compile(f"[{union}](?:" + "|".join(f"(?<={p.group(1)}){p.group(2)}" for p in pairs if p) + ")")


@lru_cache(maxsize=1)
def _context() -> tuple[list[tuple[str, re.Pattern[str]]], re.Pattern[str]]:
    ctx = _rules()["context"]
    markers = [(kind, re.compile(rx)) for kind in ("future", "achieved", "forecast") for rx in ctx[kind]]
    return markers, re.compile("|".join(ctx["neutral"]))


def all_rule_ids() -> set[str]:
    """Every rule id this module can emit; each is a pattern id in extract/rules/targets.yaml."""
    return {p["id"] for p in _rules()["patterns"]}


@lru_cache(maxsize=4096)
def _comparator(verb: str, pre: str, post: str) -> str:
    table = _rules()["comparators"]
    for part in (post, pre):
        if part:
            for comp, words in table.items():
                if part in words:
                    return str(comp)
    for comp, words in table.items():
        if any(verb.endswith(w) or w in verb for w in words):
            return str(comp)
    return "="


@lru_cache(maxsize=1)
def _strip_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    rules = _rules()
    lead = re.compile("^(?:" + "|".join(rules["indicator_strip_lead"]) + ")")
    trail = re.compile("(?:" + "|".join(rules["indicator_strip_trail"]) + ")$")
    return lead, trail


_INDICATOR_QUOTES = re.compile(r"[“”\"「」]")


@lru_cache(maxsize=8192)
def _clean_indicator(raw: str) -> str:
    raw = _INDICATOR_QUOTES.sub("", raw)
    lead, trail = _strip_res()
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


# --- candidates ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A quantity a pattern found, before the model decides target / achieved / other."""

    item: Target  # year unset; filled once the class is known
    num_start: int
    features: tuple[str, ...]
    future_year: int | None  # the nearest year phrase before the number that is not in the past
    past_year: int | None  # the nearest year phrase before the number that is in the past
    heading: str = ""  # the top-level heading the number sits under
    part: str | None = None  # review / plan, as the heading says


def _regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Runs of whole clauses (or 、-items) of text[start:end] holding a prefilter hit: the only places a pattern can
    match. A match never spans a clause break and always contains a prefilter hit, so scanning only these clauses
    finds exactly the matches a scan of the whole span finds (lookbehinds still see the text before a region)."""
    idx = clause_index(text, start, end)
    regions: list[tuple[int, int]] = []
    for hit in _prefilter().finditer(text, start, end):
        p = hit.start()
        if regions and p < regions[-1][1]:
            continue  # inside the clause already taken
        s, e = idx.item_start(p), idx.item_end(p)
        if regions and regions[-1][1] == s:
            regions[-1] = (regions[-1][0], e)
        else:
            regions.append((s, e))
    return regions


def _matches(pattern: _Pattern, text: str, regions: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    for s, e in regions:
        if pattern.requires is None or pattern.requires.search(text, s, e):
            yield from pattern.regex.finditer(text, s, e)


@lru_cache(maxsize=1)
def _classify_rules() -> dict[str, Any]:
    c = dict(_rules()["classify"])
    c["trajectory_re"] = re.compile(c["trajectory"])
    c["cues"] = tuple(dict.fromkeys(c["cues"]))
    return c


@lru_cache(maxsize=1)
def _goal_verb() -> re.Pattern[str]:
    """The build verbs ({build}: 打造, 培育, 形成 …): a level or magnitude count is a goal only after one of them."""
    return re.compile(_GROUP_NAME.sub("(?:", str(_rules()["fragments"]["build"])))


@lru_cache(maxsize=1)
def _time_phrase() -> re.Pattern[str]:
    return re.compile(r"(?:到|至|力争到|争取到)\s*20\d\d\s*年(?:底|末)?[，,]?\s*$")


def base_year(meta: Mapping[str, Any]) -> int:
    """The document's own year: its date's year, else the first year of its period, else the rules' default."""
    date = str(meta.get("date") or "")
    if re.match(r"\d{4}", date):
        return int(date[:4])
    if meta.get("period_start"):
        return int(meta["period_start"])
    return int(_classify_rules()["default_base_year"])


class _Context:
    """What the features of one unit's candidates are looked up in: boundaries, marks, parts, the document's year."""

    def __init__(
        self, text: str, start: int, end: int, meta: Mapping[str, Any], regions: list[tuple[int, int]]
    ) -> None:
        c = _classify_rules()
        self.text, self.meta = text, meta
        self.idx = clause_index(text, start, end)
        self.parts = Parts(text, start, end)
        self.base = base_year(meta)
        self.doc_type = str(meta.get("doc_type") or "none")
        # context is only ever read within a sentence window before a candidate: scan just those stretches
        reach = int(c["sentence_window"]) + 16
        spans: list[tuple[int, int]] = []
        for a, b in regions:
            a = max(start, a - reach)
            if spans and a <= spans[-1][1]:
                spans[-1] = (spans[-1][0], b)
            else:
                spans.append((a, b))
        markers, neutral = _context()
        year_res = [("year", re.compile(c["year"]))]
        self.neutral = find_marks(text, spans, [("neutral", neutral)])
        self.markers = find_marks(text, spans, list(markers))
        self.years = find_marks(text, spans, year_res)
        self.cues = Marks(_cue_marks(text, spans))
        self.forecasts = Marks(m for m in self.markers.between(start, end) if m[2] == "forecast")

    def year_before(self, lo: int, pos: int) -> tuple[int, int] | None:
        """The nearest year mention (year, end) in [lo, pos), baselines (较2020年) skipped."""
        m = self.years.last_before(lo, pos, blocked=self.neutral)
        if m is None:
            return None
        return int(self.text[m[0] : m[0] + 4]), m[1]


@lru_cache(maxsize=1)
def _cue_re() -> re.Pattern[str]:
    """The longest cue word at a position (a trie)."""
    return re.compile(trie_pattern(_classify_rules()["cues"]))


def _cue_marks(text: str, spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of the longest cue word starting at every position of the spans, cues starting at
    neighbouring characters all counted. One non-overlapping scan finds each cue that starts outside the cues before
    it; the positions inside a cue found are then tried one by one (cues are a few characters long). The same as a
    lookahead tried at every position, without trying every position."""
    cue = _cue_re()
    for a, b in spans:
        for m in cue.finditer(text, a, b):
            s, e = m.span()
            yield s, e, m.group()
            for q in range(s + 1, e):
                inner = cue.match(text, q, b)
                if inner:
                    yield q, inner.end(), inner.group()


@lru_cache(maxsize=1)
def _cue_features() -> tuple[dict[str, str], dict[str, str]]:
    cues = _classify_rules()["cues"]
    return {w: f"cue:{w}" for w in cues}, {w: f"scue:{w}" for w in cues}


@lru_cache(maxsize=4096)
def _after_features(after: str) -> tuple[str, ...]:
    return tuple(f"after:{w}" for w in _classify_rules()["after"] if after.startswith(w))


def _unit_kind(unit: str) -> str:
    return ("pct" if unit in ("%", "百分点", "个百分点") else "money" if unit.endswith("元") else
            "none" if not unit else "count" if len(unit) <= 2 else "other")  # fmt: skip


def features(ctx: _Context, s: int, num_start: int, e: int, t: Target) -> tuple[list[str], int | None, int | None]:
    """The explainable features of a candidate spanning text[s:e] with its number at num_start."""
    c, text, idx = _classify_rules(), ctx.text, ctx.idx
    sent = max(idx.sentence_start(s), num_start - int(c["sentence_window"]))
    clause = max(idx.clause_start(num_start), num_start - int(c["clause_window"]), sent)
    out = [f"rule:{t.rule}", f"comp:{t.comparator}", f"doc:{ctx.doc_type}"]
    cue, scue = _cue_features()
    out += [cue[w] for _, _, w in ctx.cues.between(clause, num_start)]
    out += [scue[w] for _, _, w in ctx.cues.between(sent, clause)]
    out += _after_features(text[e : e + 2])
    out.append(f"unit:{_unit_kind(t.unit or '')}")
    near = ctx.markers.last_before(sent, num_start, blocked=ctx.neutral)
    out.append(f"near:{near[2] if near else 'none'}")
    if ctx.forecasts.between(sent, num_start):
        out.append("forecast")
    future_year = past_year = None
    yr = ctx.year_before(sent, num_start)
    if yr is None:
        out.append("yr:none")
    else:
        y = yr[0]
        rel = "past" if y < ctx.base - 1 else "prev" if y == ctx.base - 1 else "same" if y == ctx.base else "future"
        out.append(f"yr:{rel}")
        out.append(f"yr:{rel}&doc:{ctx.doc_type}")
        if y >= ctx.base:
            future_year = y
        else:
            past_year = y
    part = ctx.parts.part_at(num_start) or "none"
    out += [f"part:{part}", f"part:{part}&doc:{ctx.doc_type}"]
    if ctx.parts.in_heading(num_start):
        out.append("heading")
    if c["trajectory_re"].search(text, clause, num_start):
        out.append("trajectory")
    return out, future_year, past_year


def candidates(
    text: str, start: int, end: int, meta: Mapping[str, Any] | None = None, platforms: Iterable[Any] | None = None
) -> list[Candidate]:
    """Every quantity a pattern finds in text[start:end] (numbers inside names excepted), with its features.

    `platforms`: find_platforms(text, start, end) when the caller has it already (the pipeline), else found here."""
    regions = _regions(text, start, end)
    if not regions:
        return []
    ctx = _Context(text, start, end, meta or {}, regions)
    idx = ctx.idx
    names = _Spans((m.start(), m.end()) for m in _QUOTES.finditer(text, start, end))
    for p in find_platforms(text, start, end) if platforms is None else platforms:
        names.add(p.start, p.end)
    goal_verb = _goal_verb()
    taken = _Spans()
    taken_ends: set[int] = set()
    found: list[Candidate] = []
    time_phrase = _time_phrase()
    for pattern in _patterns():
        groups = pattern.regex.groupindex
        has_level, has_mword = "level" in groups, "mword" in groups
        num_group = "level" if has_level else "mword" if has_mword else "num"
        sibling = pattern.rule in ("target.count.sibling", "number.sibling")
        object_after = pattern.rule in _OBJECT_AFTER_RULES
        growth = pattern.rule in ("target.growth.rate", "number.growth")
        for m in _matches(pattern, text, regions):
            num_start = m.start(num_group)
            if names.covers(num_start) or taken.covers(num_start):
                continue
            m_start, m_end = m.span()
            if sibling and m_start - 1 not in taken_ends:
                continue  # only a sibling of an accepted count target shares its verb
            g = m.groupdict()
            comparator = _comparator(g.get("verb") or "", g.get("comp_pre") or "", g.get("comp_post") or "")
            approx = g.get("approx")
            if approx and comparator == "=":  # 5000余户, 5万多个
                comparator = next(str(k) for k, words in _rules()["comparators"].items() if approx in words)
            value_max: float | None = None
            if has_level:
                if not goal_verb.search(text, max(idx.clause_start(m_start), m_start - 40), m_start):
                    continue  # a level goal needs a goal verb earlier in its clause
                value, unit = level_value(g.get("lnum") or None, g.get("lmag") or "")
                comparator = "level"
                unit_out: str | None = unit
            elif has_mword:
                if text[m_start + 2 : m_start + 3] in _MAGNITUDE_WORDS or text[m_start - 2 : m_start - 1] in (
                    _MAGNITUDE_WORDS
                ):
                    continue  # next to another magnitude word: an idiom (千家万户, 万户千家, 千方百计), not a count
                if not goal_verb.search(text, max(idx.clause_start(m_start), m_start - 40), m_start):
                    continue
                value, unit_out, comparator = magnitude_word_value(g["mword"]), g["unit"], "level"
            else:
                num = g["num"]
                parsed = parse_number(num)
                if parsed is None:
                    continue
                mag = g.get("mag") or ""
                if parsed <= 2 and not mag and is_chinese_numeral(num):
                    continue  # 一批, 一个平台, 两张网: an article, not a quantity
                value = parsed
                num_max = g.get("num_max")
                value_max = parse_number(num_max) if num_max else None
                unit_out = normalise_unit(mag, g.get("unit") or "")
            indicator = _clean_indicator(g.get("indicator") or "")
            if object_after and (len(indicator) <= 2 or indicator.endswith("等")):
                # 完成500所中小学体育场地改造, 燕莎桥等251座桥下空间整治: what is counted follows the number
                obj = _OBJECT_AFTER.match(text, m_end)
                if obj:
                    indicator += obj.group(1)
            if growth:
                indicator += "\0" + _GROWTH_VERB_TAIL.sub("", g["verb"])
            s, e = m_start, m_end
            # include a time phrase directly before the clause: “到2025年，全省灯塔工厂数量超过5家”
            lo = max(idx.sentence_start(s), s - 16)
            tm = time_phrase.search(text, lo, s)
            if tm:
                s = tm.start()
            while e > s and text[e - 1] in "，,、；; ":
                e -= 1
            item = Target(indicator, value, value_max, unit_out, comparator, None, s, e, text[s:e], pattern.rule)
            feats, future_year, past_year = features(ctx, s, num_start, e, item)
            heading, part = ctx.parts.heading_at(num_start), ctx.parts.part_at(num_start)
            found.append(Candidate(item, num_start, tuple(feats), future_year, past_year, heading, part))
            if _fired is not None:
                _record(_fired, ctx, m, pattern.rule, feats, s, num_start)
            taken.add(m_start, m_end)
            taken_ends.add(m_end)
    found.sort(key=lambda c: (c.item.start, c.item.end))
    return _respectively(idx, _carry_subjects(idx, found))


_RESPECTIVELY = "分别"


def _respectively(idx: ClauseIndex, found: list[Candidate]) -> list[Candidate]:
    """A、B、C分别增长6.8%、12.3%、7.8%: the i-th value belongs to the i-th item listed before 分别.

    Applied when the list and the values have the same length; the verb after 分别 stays with each indicator."""
    text = idx.text
    out = list(found)
    i = 0
    while i < len(out):
        head = out[i].item
        k = head.indicator.find(_RESPECTIVELY)
        if k < 0:
            i += 1
            continue
        j = i + 1
        while j < len(out) and out[j].item.rule == "number.sibling" and out[j].item.start < idx.clause_end(head.start):
            j += 1
        at = text.find(_RESPECTIVELY, head.start, head.end)
        lo = idx.clause_start(head.start)
        items = [x for x in re.split(r"[、和及与]", text[lo:at]) if x] if at >= 0 else []
        verb = head.indicator[k + len(_RESPECTIVELY) :]
        if len(items) == j - i and len(items) > 1:
            for n, name in enumerate(items):
                c = out[i + n]
                out[i + n] = evolve(c, item=evolve(c.item, indicator=_clean_indicator(name) + verb))
        i = j
    return out


def _carry_subjects(idx: ClauseIndex, found: list[Candidate]) -> list[Candidate]:
    """到2025年，X达到5，年均增长8%: a clause without a subject takes the previous candidate's (same sentence)."""
    out: list[Candidate] = []
    for c in found:
        subject, _, growth = c.item.indicator.partition("\0")
        if not subject and out and out[-1].item.start >= idx.sentence_start(c.item.start):
            subject = out[-1].item.indicator
        if not subject and growth:
            subject = growth  # 增长5.4%: the growth itself is what is measured
            growth = ""
        if not subject:
            continue
        if subject + growth == c.item.indicator:
            out.append(c)
        else:
            out.append(evolve(c, item=evolve(c.item, indicator=subject + growth)))
    return out


# what is counted, written after the number (的 optional), up to the clause's end
_OBJECT_AFTER = re.compile(r"的?([\u4e00-\u9fffA-Za-z0-9“”（）()]{2,16})(?=[，。；、,;：:！？\n]|$)")
_OBJECT_AFTER_RULES = ("number.value.bare", "target.value.reach", "target.value.about")
_MAGNITUDE_WORDS = ("百", "千", "万")
_GROWTH_VERB_TAIL = re.compile(r"(?:了|达到|达|为|保持在|控制在|超过|在)$")
_HEADING_YEAR = re.compile(r"(20\d\d)\s*年")
_HEADING_PERIOD = re.compile(r"十[四五]五")


# --- target / achieved / other ---------------------------------------------------------------------------------

CLASSES = ("other", "target", "achieved")


@lru_cache(maxsize=1)
def _model() -> dict[str, Any] | None:
    model = read_model(MODEL_PATH)
    return None if model is None else prepare_model(model)


def prepare_model(model: dict[str, Any]) -> dict[str, Any]:
    """Add the lookups `classify` reads to a model as trained (features, coef, intercept)."""
    model["index"] = {f: i for i, f in enumerate(model["features"])}
    # each feature's weight in every class, looked up once per feature instead of once per class
    model["columns"] = {f: tuple(row[i] for row in model["coef"]) for f, i in model["index"].items()}
    return model


def classify(feats: Iterable[str]) -> tuple[str, float]:
    """The class and its probability: a softmax over the logistic model's scores, in plain Python (no sklearn)."""
    model = _model()
    if model is None:  # before the first training: the rules' old context check
        f = set(feats)
        if "near:achieved" in f or "forecast" in f:
            return "other", 0.0
        return "target", 0.0
    columns = model["columns"]
    active = [columns[f] for f in set(feats) if f in columns]
    # per class, the same additions in the same order as `b + sum(row[i] for i in active)`: the same floats
    per_class = zip(*active, strict=True) if active else ((),) * len(model["intercept"])
    scores = [b + sum(ws) for b, ws in zip(model["intercept"], per_class, strict=True)]
    top = max(scores)
    exps = [math.exp(x - top) for x in scores]
    k = max(range(len(scores)), key=scores.__getitem__)
    return model["classes"][k], exps[k] / sum(exps)


def _target_year(c: Candidate, meta: Mapping[str, Any]) -> int | None:
    """The year stated before the number; else its heading's (三、2026年重点工作); none under a five-year heading
    (“十五五”时期主要目标任务); else a yearly report's own year in its plan part."""
    if c.future_year is not None:
        return c.future_year
    y = _HEADING_YEAR.search(c.heading)
    if y and int(y.group(1)) >= base_year(meta):
        return int(y.group(1))
    if _HEADING_PERIOD.search(c.heading):
        return None
    start, end = meta.get("period_start"), meta.get("period_end")
    if meta.get("doc_type") == "work_report" and start and start == end and c.part != "review":
        return int(start)  # a yearly report's 预期目标 are that year's
    return None


def _achieved_year(c: Candidate, meta: Mapping[str, Any]) -> int | None:
    if c.past_year is not None:
        return c.past_year
    y = _HEADING_YEAR.search(c.heading)
    if y and int(y.group(1)) < base_year(meta):
        return int(y.group(1))  # 一、2025年工作回顾
    if meta.get("review_end"):
        return int(meta["review_end"])
    if meta.get("date") or meta.get("period_start"):
        return base_year(meta) - 1
    return None


def find_numbers(
    text: str, start: int, end: int, meta: Mapping[str, Any] | None = None, platforms: Iterable[Any] | None = None
) -> tuple[list[Target], list[Target]]:
    """Quantified goals and results already reached in text[start:end], each in document order (`platforms`: the
    unit's platforms when the caller has found them, see `candidates`)."""
    meta = meta or {}
    found_targets: list[Target] = []
    found_achieved: list[Target] = []
    for c in candidates(text, start, end, meta, platforms):
        label, score = classify(c.features)
        if label == "target":
            found_targets.append(evolve(c.item, year=_target_year(c, meta), score=round(score, 4)))
        elif label == "achieved":
            found_achieved.append(evolve(c.item, year=_achieved_year(c, meta), score=round(score, 4)))
    return found_targets, found_achieved


def find_targets(text: str, start: int, end: int, meta: Mapping[str, Any] | None = None) -> list[Target]:
    """Quantified goals in text[start:end], in document order."""
    return find_numbers(text, start, end, meta)[0]


def find_achieved(text: str, start: int, end: int, meta: Mapping[str, Any] | None = None) -> list[Target]:
    """Quantified results already reached in text[start:end], in document order."""
    return find_numbers(text, start, end, meta)[1]


# --- rule support: which entries of targets.yaml fire or block (tests/test_rule_support_targets.py) ------------

_fired: set[str] | None = None  # inside `record_support`: the entries seen so far; None (no cost) otherwise


@contextmanager
def record_support() -> Iterator[set[str]]:
    """Inside the block, the entries of extract/rules/targets.yaml (named as `support_entries` names them) that fire
    or block on the texts extracted are collected in the set yielded."""
    global _fired
    _fired = set()
    try:
        yield _fired
    finally:
        _fired = None


def support_entries() -> set[str]:
    """Every entry of extract/rules/targets.yaml that must be exercised: patterns, context markers, comparator
    words, indicator strip words, and the model's cue and after words."""
    rules, c = _rules(), _rules()["classify"]
    out = {f"pattern:{p['id']}" for p in rules["patterns"]}
    out |= {
        f"context.{kind}:{rx}"
        for kind in ("future", "achieved", "forecast", "neutral")
        for rx in rules["context"][kind]
    }
    out |= {f"comparator:{w}" for ws in rules["comparators"].values() for w in ws}
    out |= {f"strip_lead:{w}" for w in rules["indicator_strip_lead"]}
    out |= {f"strip_trail:{w}" for w in rules["indicator_strip_trail"]}
    out |= {f"cue:{w}" for w in c["cues"]} | {f"after:{w}" for w in c["after"]}
    out |= {"classify.trajectory", "classify.year"}
    return out


def _record(
    fired: set[str],
    ctx: _Context,
    m: re.Match[str],
    rule: str,
    feats: list[str],
    s: int,
    num_start: int,
) -> None:
    """What one accepted candidate exercised (only while recording, so nothing here is cached or fast)."""
    text, idx, rules = ctx.text, ctx.idx, _rules()
    fired.add(f"pattern:{rule}")
    for f in feats:
        kind, _, word = f.partition(":")
        if kind in ("cue", "scue"):
            fired.add(f"cue:{word}")
        elif kind == "after":
            fired.add(f"after:{word}")
        elif f == "trajectory":
            fired.add("classify.trajectory")
    sent = max(idx.sentence_start(s), num_start - int(_classify_rules()["sentence_window"]))
    decided = [ctx.markers.last_before(sent, num_start, blocked=ctx.neutral)]
    decided += ctx.forecasts.between(sent, num_start)
    for mark in decided:
        if mark is not None:
            a, b, kind = mark
            fired.update(f"context.{kind}:{rx}" for rx in rules["context"][kind] if re.compile(rx).match(text, a, b))
    if ctx.neutral.between(sent, num_start):
        fired.update(f"context.neutral:{rx}" for rx in rules["context"]["neutral"])
    y = ctx.years.last_before(sent, num_start, blocked=ctx.neutral)
    if y is not None:
        fired.add("classify.year")
    g = m.groupdict()
    verb, pre, post, approx = (g.get(k) or "" for k in ("verb", "comp_pre", "comp_post", "approx"))
    table = rules["comparators"]
    decided_by = next((part for part in (post, pre) if part and any(part in ws for ws in table.values())), None)
    if decided_by is None:
        decided_by = next((w for ws in table.values() for w in ws if verb.endswith(w) or w in verb), None)
    if decided_by is None and approx:
        decided_by = approx
    if decided_by:
        fired.add(f"comparator:{decided_by}")
    raw = _INDICATOR_QUOTES.sub("", g.get("indicator") or "")
    prev = None
    while prev != raw:
        prev = raw
        for entry in rules["indicator_strip_lead"]:
            hit_lead = re.match(entry, raw)
            if hit_lead:
                fired.add(f"strip_lead:{entry}")
                raw = raw[hit_lead.end() :].strip()
                break
        tail = _strip_res()[1].search(raw)
        if tail:
            entry = next(e for e in rules["indicator_strip_trail"] if re.fullmatch(e, raw[tail.start() :]))
            fired.add(f"strip_trail:{entry}")
            raw = raw[: tail.start()].strip()
