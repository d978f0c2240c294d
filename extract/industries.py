"""Focus industries: candidates from rules, decisions from labels.

Rules (data, extract/rules/industries.yaml) propose candidates generously: members of enumerations however they
close (…等新兴产业, …等领域, or no closing word at all), the object of a development verb, noun phrases ending in an
industry head (…产业, …经济, …制造), catalogue terms and quoted slogan bundles. A small logistic model
(extract/model/industries.json, fitted by `python -m extract train` on the dev labels; evaluation/train_industries.py)
keeps or rejects each candidate from explainable features: the rules that proposed it, the verb before it, what
closes its list, its position in the list, its head, whether the catalogue knows it, the part of the document and
the document type. It is scored here in plain Python; every item carries its rule id and the model's score.

Each item is the name as written (`text`), with the canonical entity alongside (`name`): the catalogue's name for a
known spelling (华为鲲鹏 → 鲲鹏, 特色电商 → 电子商务), else the phrase without a generic head (海洋产业 → 海洋).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any

import yaml

from extract.lexicon import Lexicon, trie_pattern
from extract.model_file import read_model
from extract.parts import Parts
from extract.paths import ROOT, RULES
from extract.platforms import find_platforms
from extract.records import Industry

MODEL_PATH = ROOT / "extract" / "model" / "industries.json"
RULE_TERM = "industry.term"
RULE_LIST = "industry.list"
RULE_OBJECT = "industry.object"
RULE_HEAD = "industry.head"
RULE_SLOGAN = "industry.slogan"
_PRIORITY = (RULE_SLOGAN, RULE_LIST, RULE_HEAD, RULE_OBJECT, RULE_TERM)
THRESHOLD = 0.3  # a candidate is kept when the model's probability of "keep" reaches this

_CLAUSE = re.compile(r"[^，。；：！？,;:!?\n]+")
_JOIN = re.compile(r"以及|[和及与]")  # 以及 first: 工业互联网以及车联网 is not 工业互联网以 + 车联网
_SEP = re.compile("、")
_ASCII = re.compile(r"[A-Za-z0-9]")
_NUMBERED = re.compile(r"[两三四五六七八九十]大")
# a count or rank before a name (10个以上省级数据产业集群, 五大现代服务业, 千亿级…): cut from a candidate's start
_QUANTITY = re.compile(
    r"(?:[0-9两一二三四五六七八九十百千万]+(?:个|家|条|大)(?:以上|左右)?)?(?:省级|国家级|世界级|市级|[千万]亿级)?"
)


@dataclass(frozen=True)
class _Entry:
    canonical: str | None  # None: a stop word (never an industry)
    needs_suffix: bool


@dataclass
class _Cand:
    start: int
    end: int
    rules: set[str] = field(default_factory=set)
    feats: set[str] = field(default_factory=set)
    term: str | None = None  # the catalogue term it is, when it is one


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
def _res() -> dict[str, Any]:
    r = _rules()

    def alt(words: list[str]) -> str:
        return trie_pattern(sorted(map(str, words), key=len, reverse=True))

    chars = str(r["item_chars"])
    return {
        "verbs": re.compile(alt(r["verbs"])),
        "leads": tuple(sorted(map(str, r["leads"]), key=len, reverse=True)),
        "facility": tuple(map(str, r["facility_tails"])),
        "closers": re.compile(alt(r["closers"])),
        "heads": re.compile(alt(r["heads"])),
        "strip_heads": tuple(sorted(map(str, r["strip_heads"]), key=len, reverse=True)),
        "trailing": tuple(map(str, r["trailing"])),
        "item": re.compile(f"{chars}+"),
        "boundary": re.compile(f"(?:{alt(r['verbs'])}|[^{chars[1:-1]}]|[的和与及等])"),
        "min": int(r["item_min_chars"]),
        "max": int(r["item_max_chars"]),
        "means": re.compile(alt(r["means_prefixes"])),
        "upgrade": re.compile(alt(r["upgrade_words"])),
        "stop": frozenset(map(str, r["not_industries"])),
        "generic": frozenset(map(str, r["generic_heads"])),
        "slogan": re.compile(str(r["slogan_pattern"])),
    }


@lru_cache(maxsize=1)
def _model() -> dict[str, Any] | None:
    model = read_model(MODEL_PATH)
    if model is None:
        return None
    model["weights"] = dict(zip(model["features"], model["coef"], strict=True))
    return model


def score(feats: set[str] | list[str]) -> float:
    """P(keep) from the logistic model, in plain Python; without a model, catalogue terms are kept (1.0), else 0."""
    model = _model()
    if model is None:
        return 1.0 if "cat:exact" in feats else 0.0
    w = model["weights"]
    z = float(model["intercept"]) + sum(w.get(f, 0.0) for f in set(feats))
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def strip_head(name: str) -> str:
    for head in _res()["strip_heads"]:
        if name.endswith(head) and len(name) - len(head) >= 2:
            return name[: -len(head)]
    return name


def canonical(name: str) -> str:
    """The entity a name as written maps to: a catalogue spelling's entry, a known tail's entry (特色电商 → 电子商务),
    else the name without a generic head (海洋产业 → 海洋)."""
    syn = _synonyms()
    bare = strip_head(name)
    for n in (name, bare, _industry_form(name)):
        if n in syn:
            return syn[n]
    if bare != name:  # 跨境电商产业 → 跨境电商: the phrase is the entity
        return bare
    for k in range(1, len(name) - 1):  # the longest catalogue term the name ends with, at least 2 characters
        if name[k:] in syn:
            return syn[name[k:]]
    for k in range(len(name) - 1, max(1, len(name) - 3), -1):  # one it begins with, 2 characters or fewer left
        if name[:k] in syn:
            return syn[name[:k]]
    return name


def _industry_form(name: str) -> str:
    """…产业 for a cluster or chain of it (数据产业集群 → 数据产业): the catalogue may name the …产业 itself."""
    for head in ("产业集群", "全产业链", "产业链"):
        if name.endswith(head) and len(name) > len(head) + 1:
            return name[: -len(head)] + "产业"
    return name


def _spelling(name: str) -> list[str]:
    """The catalogue spellings `canonical` looks a name up by (for the rule-usage report)."""
    syn = _synonyms()
    bare = strip_head(name)
    forms = {
        name,
        bare,
        _industry_form(name),
        *(name[k:] for k in range(1, len(name) - 1)),
        *(name[:k] for k in range(2, len(name))),
    }
    return [n for n in forms if n in syn]


def _ascii_ok(text: str, s: int, e: int) -> bool:
    """ASCII terms (AI, VR, 5G) must not sit inside a longer ASCII word (RAID, VRF, 5GHz)."""
    if _ASCII.match(text[s]) and s > 0 and _ASCII.match(text[s - 1]):
        return False
    return not (_ASCII.match(text[e - 1]) and e < len(text) and re.match(r"[A-Za-z]", text[e]))


def _clean(text: str, s: int, e: int, first: bool, last: bool) -> tuple[int, int] | None:
    """A member's span with its lead-in verb (first member) and trailing verb (last member) cut, if a phrase."""
    res = _res()
    while s < e and text[s] in ' \u3000“"「《':
        s += 1
    while s < e and text[e - 1] in ' \u3000”"」》':
        e -= 1
    s = _trim_quantity(text, s, e)
    if first:
        cut = None
        for m in res["verbs"].finditer(text, s, e):
            if e - m.end() >= 2:
                cut = m.end()
        if cut is not None:
            s = cut
        s = _trim_lead(text, s, e)
    while e - s > 2 and text[e - 1] in "以的等和与及":
        e -= 1
    if last:
        for tail in res["trailing"]:
            if text.endswith(tail, s, e) and e - s - len(tail) >= 2:
                e -= len(tail)
    if not res["min"] <= e - s <= res["max"] or not res["item"].fullmatch(text, s, e):
        return None
    return s, e


def _trim_quantity(text: str, s: int, e: int) -> int:
    """The start after a leading count or rank (培育10个以上省级数据产业集群 → 数据产业集群), if a name is left."""
    q = _QUANTITY.match(text, s, e)
    return q.end() if q and e - q.end() >= 2 else s


def _trim_lead(text: str, s: int, e: int) -> int:
    """The start after lead-in words (以现代服务业为支撑 → 现代服务业), as for a list's first member."""
    res = _res()
    changed = True
    while changed:
        changed = False
        for lead in res["leads"]:
            if text.startswith(lead, s, e) and e - s - len(lead) >= 2:
                s += len(lead)
                changed = True
                break
    return s


def _closer(text: str, pos: int, ce: int) -> str:
    """What the word after 等 at pos says the list is (产业, 领域, 项目 …), 'other' when none is found."""
    m = _res()["closers"].search(text, pos + 1, min(ce, pos + 11))
    return m.group() if m else "other"


class _Spans:
    """A fixed set of spans, asked "is [s, e) inside one?" in log time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self._starts = [a for a, _ in spans]
        self._reach = list(accumulate((b for _, b in spans), max))  # furthest end among spans starting ≤ here

    def covers(self, s: int, e: int) -> bool:
        k = bisect_right(self._starts, s)
        return k > 0 and self._reach[k - 1] >= e


class _Collector:
    def __init__(self) -> None:
        self.cands: dict[tuple[int, int], _Cand] = {}

    def add(self, s: int, e: int, rule: str, feats: list[str] | tuple[str, ...] = ()) -> _Cand:
        c = self.cands.get((s, e))
        if c is None:
            c = self.cands[(s, e)] = _Cand(s, e)
        c.rules.add(rule)
        c.feats.update(feats)
        return c


def _clause_candidates(text: str, cs: int, ce: int, out: _Collector) -> None:
    res = _res()
    verbs = [(m.start(), m.end(), m.group()) for m in res["verbs"].finditer(text, cs, ce)]
    verb_ends = [v[1] for v in verbs]

    def verb_before(pos: int) -> list[str]:
        k = bisect_right(verb_ends, pos)
        if not k:
            return ["verb:none"]
        v = verbs[k - 1]
        return [f"verb:{v[2]}", "verb:adjacent" if v[1] == pos else "verb:earlier"]

    # enumerations: A、B、C (等…), or one member before 等
    seps = [m.start() for m in _SEP.finditer(text, cs, ce)]
    deng = text.find("等", seps[-1] + 1 if seps else cs, ce)
    if seps or deng > cs:
        bounds = [cs, *(i + 1 for i in seps)]
        stops = [i for i in seps] + [ce]
        close = "none"
        last_end = stops[-1]
        if deng >= 0:
            last_end, close = deng, _closer(text, deng, ce)
        else:
            m = _NUMBERED.search(text, bounds[-1], ce)
            if m:
                word = _res()["closers"].match(text, m.end(), min(ce, m.end() + 6))
                last_end, close = m.start(), f"numbered:{word.group() if word else 'other'}"
        stops[-1] = last_end
        n = len(bounds)
        size = "1" if n == 1 else "2" if n == 2 else "3-4" if n <= 4 else "5+"
        members = []
        for k, (a, b) in enumerate(zip(bounds, stops, strict=True)):
            span = _clean(text, a, b, first=k == 0, last=k == n - 1)
            if span is None:
                members.append(None)
                continue
            members.append(span)
        first_start = next((m[0] for m in members if m), cs)
        common = [f"close:{close}", f"n:{size}", *verb_before(first_start)]
        # what the other members say: a list is usually of one sort (a catalogue industry among them; a shared ending)
        known = [m is not None and _name_features(text[m[0] : m[1]])[0] != "cat:none" for m in members]
        n_known = sum(known)
        endings = Counter(text[m[1] - 2 : m[1]] for m in members if m is not None)
        for k, span in enumerate(members):
            if span is None:
                continue
            pos = "single" if n == 1 else "first" if k == 0 else "last" if k == n - 1 else "mid"
            s, e = span
            feats = [*common, f"pos:{pos}"]
            if n_known - known[k] > 0:  # counted once per list: linear in the list's length
                feats.append("sib:known")
            if endings[text[e - 2 : e]] >= 2:
                feats.append("sib:ending")
            d = text.find("等", s + 2, e - 2)
            if d >= 0 and k < n - 1:  # a list that goes on after 等 (文旅、康养等服务贸易、数字贸易): two names
                out.add(s, d, RULE_LIST, [*feats, "deng:before"])
                out.add(d + 1, e, RULE_LIST, [*feats, "deng:after"])
                continue
            joins = list(_JOIN.finditer(text, s, e))
            whole_known = _name_features(text[s:e])[0] == "cat:exact"
            if len(joins) == 1 and joins[0].start() - s >= 2 and e - joins[0].end() >= 2 and not whole_known:
                j = joins[0]
                how = f"join:{j.group()}"  # 及 tends to bind one item (元器件及材料), 和 two (文化事业和文化产业)
                out.add(s, j.start(), RULE_LIST, [*feats, "joined:part", f"joined:part&{how}"])
                out.add(j.end(), e, RULE_LIST, [*feats, "joined:part", f"joined:part&{how}"])
                out.add(s, e, RULE_LIST, [*feats, "joined:whole", f"joined:whole&{how}"])
            else:
                out.add(s, e, RULE_LIST, feats)
    elif verbs:  # the object of the clause's last verb, to the clause's end
        v = verbs[-1]
        span = _clean(text, v[1], ce, first=False, last=True)
        if span is not None:
            out.add(*span, RULE_OBJECT, [f"verb:{v[2]}", "verb:adjacent"])
    # noun phrases ending in an industry head
    for m in res["heads"].finditer(text, cs, ce):
        if m.end() < ce and text[m.end()] == "化":  # 数字产业化
            continue
        lo = max(cs, m.start() - res["max"])
        s = lo
        for b in res["boundary"].finditer(text, lo, m.start()):
            s = b.end()
        s = _trim_lead(text, _trim_quantity(text, s, m.start()), m.start())
        if m.start() - s < 2:
            continue
        open_left = ["head:open"] if s == lo and lo > cs else []  # no word boundary within reach: a cut phrase
        out.add(s, m.end(), RULE_HEAD, [f"head:{m.group()}", *open_left, *verb_before(s)])


def _candidates(text: str, start: int, end: int, meta: Mapping[str, Any] | None, used: set[str] | None) -> list[_Cand]:
    res = _res()
    out = _Collector()
    for m in res["slogan"].finditer(text, start, end):
        out.add(m.start("slogan"), m.end("slogan"), RULE_SLOGAN, ["slogan"])
    clause_starts: list[int] = []
    upgrade: list[bool] = []
    for m in _CLAUSE.finditer(text, start, end):
        clause_starts.append(m.start())
        upgrade.append(res["upgrade"].search(text, m.start(), m.end()) is not None)
        _clause_candidates(text, m.start(), m.end(), out)
    means_at = [(m.start(), m.group()) for m in res["means"].finditer(text, start, end)]
    means_ends = [a + len(w) for a, w in means_at]
    lexicon = _lexicon()
    blocked: list[tuple[int, int]] = []
    for s, e, term in lexicon.spans(text, start, end):
        entry = lexicon.payloads(term)[0]
        if entry.canonical is None:
            blocked.append((s, e))
            if used is not None and any(t in term for t in _synonyms() if t != term):
                used.add(f"stop:{term}")
            continue
        if not _ascii_ok(text, s, e):
            continue
        c = out.add(s, e, RULE_TERM, ["cat:weak"] if entry.needs_suffix else [])
        c.term = term
        # the text's own, longer wording: a modifier before the term, up to a word boundary (跨境电商, 特色电商)
        lo = max(start, s - 4)
        left = None
        for b in res["boundary"].finditer(text, lo, s):
            left = b.end()
        if left is not None and 2 <= s - left <= 4:
            x = out.add(left, e, RULE_TERM, ["term:extended"])
            x.term = term
    stop, generic = res["stop"], res["generic"]
    blocked_spans = set(blocked)
    parts = Parts(text, start, end)
    doc = f"doc:{(meta or {}).get('doc_type') or 'none'}"
    cands = []
    for c in out.cands.values():
        name = text[c.start : c.end]
        if name in stop or (c.start, c.end) in blocked_spans:
            if used is not None and name in stop:
                used.add(f"stop:{name}")
            continue
        tail = next((t for t in res["facility"] if name.endswith(t)), None)
        if tail is not None:  # a facility or an organisation (大数据中心, 云计算平台, 大数据集团), not a sector
            if used is not None:
                used.add(f"facility:{tail}")
            continue
        bare = strip_head(name)
        if bare != name and bare in generic:
            if used is not None:
                used.add(f"generic:{bare}")
            continue
        cands.append(c)
    cands.sort(key=lambda c: (c.start, -c.end))
    mentions = Counter(text[c.start : c.end] for c in cands)
    platform_spans = _Spans([(p.start, p.end) for p in find_platforms(text, start, end)])
    # nesting: a candidate inside another (电商 in 跨境电商), or holding one
    reach = -1
    holder: _Cand | None = None
    for c in cands:
        if holder is not None and c.end <= reach:
            c.feats.add("nested")
            holder.feats.add("contains")
        if c.end > reach:
            reach, holder = c.end, c
    for c in cands:
        s, e = c.start, c.end
        name = text[s:e]
        f = c.feats
        # conjunctions: what closes a list of known or unknown names, which verb and head go with them
        cat, name_feats = _name_features(name)
        f.update(f"{cat}&{x}" for x in [x for x in f if x.startswith(("close:", "verb:", "head:"))])
        f.update(name_feats)
        f.update(_rule_features(frozenset(c.rules)))
        nxt = text[e] if e < end else "END"
        f.add(f"next:{nxt}")
        f.add(f"next2:{text[e : min(end, e + 2)]}")
        f.add(f"prev:{text[s - 1] if s > start else 'START'}")
        f.add(f"prev2:{text[max(start, s - 2) : s]}")
        if nxt == "等" and not any(x.startswith("close:") for x in f):
            f.add(f"close:{_closer(text, e, min(end, e + 12))}")
        k = bisect_right(clause_starts, s) - 1
        cs = clause_starts[k] if k >= 0 else start
        j = bisect_left(means_ends, cs)  # a means prefix inside the clause, before the candidate
        if j < len(means_ends) and means_ends[j] <= s and means_at[j][0] >= cs:
            f.add("means")
            if used is not None:
                used.add(f"means:{means_at[j][1]}")
        if k >= 0 and upgrade[k]:
            f.add("upgrade")
        if platform_spans.covers(s, e):
            f.add("in_platform")
        k = mentions[name]
        f.add(f"mentions:{k if k <= 2 else '3+'}")
        f.add(doc)
        f.add(f"part:{parts.part_at(s) or 'none'}")
        if parts.in_heading(s):
            f.add("heading")
    return cands


@lru_cache(maxsize=65536)
def _name_features(name: str) -> tuple[str, tuple[str, ...]]:
    """What the name alone says: whether the catalogue knows it, its length, how it ends."""
    syn = _synonyms()
    cat = (
        "cat:exact"
        if name in syn or strip_head(name) in syn or _industry_form(name) in syn
        else "cat:tail"
        if canonical(name) in syn
        else "cat:none"
    )
    n = len(name)
    size = n if n <= 4 else "5-6" if n <= 6 else "7-9" if n <= 9 else "10+"
    return cat, (cat, f"len:{size}", f"end:{name[-1]}", f"end2:{name[-2:]}")


@lru_cache(maxsize=64)
def _rule_features(rules: frozenset[str]) -> tuple[str, ...]:
    """The rules that proposed a candidate, and which of them agree."""
    return (*(f"rule:{r}" for r in rules), "rules:" + "+".join(sorted(r.split(".")[1] for r in rules)))


def _decide(text: str, cands: list[_Cand], used: set[str] | None) -> list[Industry]:
    scored = [(c, score(c.feats)) for c in cands]
    kept = [(c, p) for c, p in scored if p >= THRESHOLD]
    # overlapping keeps: the longer phrase wins (跨境电商 over 电商), but a pair's members over the pair
    kept.sort(key=lambda cp: ("joined:whole" in cp[0].feats, -(cp[0].end - cp[0].start), -cp[1]))
    taken: set[int] = set()  # positions covered by a kept item (candidates are short: a set is linear overall)
    found: list[Industry] = []
    for c, p in kept:
        if any(i in taken for i in range(c.start, c.end)):
            continue
        taken.update(range(c.start, c.end))
        rule = next(r for r in _PRIORITY if r in c.rules)
        name = text[c.start : c.end]
        found.append(Industry(canonical(name), c.start, c.end, name, rule, score=round(p, 4)))
        if used is not None:
            used.add(f"rule:{rule}")
            if c.term is not None:
                used.add(f"term:{c.term}")
            used.update(f"term:{t}" for t in _spelling(name))
    found.sort(key=lambda i: (i.start, i.end))
    return found


def candidates(
    text: str, start: int, end: int, meta: Mapping[str, Any] | None = None
) -> list[tuple[Industry, list[str]]]:
    """Every candidate in text[start:end] as (item, features), before the model decides (for training)."""
    out = []
    for c in _candidates(text, start, end, meta, None):
        name = text[c.start : c.end]
        rule = next(r for r in _PRIORITY if r in c.rules)
        out.append((Industry(canonical(name), c.start, c.end, name, rule), sorted(c.feats)))
    return out


def find_industries(text: str, start: int, end: int, meta: Mapping[str, Any] | None = None) -> list[Industry]:
    """Focus industries named in text[start:end], one item per mention, in document order."""
    return _decide(text, _candidates(text, start, end, meta, None), None)


def rule_usage(text: str, start: int, end: int, meta: Mapping[str, Any] | None = None) -> set[str]:
    """Which entries of the rule file did work here: `rule:<id>` of emitted items, `term:<catalogue term>` that
    produced an item, `stop:<word>` that dropped a candidate or swallowed a catalogue term, `means:<prefix>`."""
    used: set[str] = set()
    _decide(text, _candidates(text, start, end, meta, used), used)
    return used
