"""Named platforms: candidates from rules, decisions from labels.

The rules (extract/rules/platforms.yaml) propose candidates generously: a name ending in a typed head (试验区, 基地,
中心, 平台, 工程, 行动 …, running back from the head to the nearest boundary), the same when it titles a heading or a
numbered item, and quoted proper names. Each candidate gets features (its head and kind, quotes, the verb before it,
what follows, its list and heading position, the review / plan part, markers, places, positioning words) and a small
logistic model (extract/model/platforms.json, `python -m extract train`) keeps or rejects it, scored here in plain
Python. Every item keeps its rule id and the model's probability (`score`).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from extract.headings import outline
from extract.lexicon import trie_pattern
from extract.model_file import read_model
from extract.paths import ROOT, RULES
from extract.records import PLATFORM_KINDS, Platform
from extract.regions import plan_provinces

MODEL_PATH = ROOT / "extract" / "model" / "platforms.json"
THRESHOLD = 0.25  # keep a candidate whose probability reaches this (the model file carries its own)
_NOT_NAME_CHAR = r"[^\u4e00-\u9fffA-Za-z0-9“”\"「」（）()—–\-·+－.]"
_NAME_CHAR = re.compile(_NOT_NAME_CHAR.replace("[^", "[", 1))
_QUOTED = re.compile(r"[“\"「]([^”\"」“「\n，。；：！？]{1,30})[”\"」]")
_DASHES = re.compile(r"(?<=[\u4e00-\u9fff])[-–－—]+(?=[\u4e00-\u9fff])")
_MAX_NAME = 30
_CONJUNCTIONS = ("和", "与", "及")
_BLOCKERS = ("positioning", "generic_heads", "function_chars", "head_continues")  # lists that argue against one
# The guide: a name has "no leading verb, ordinal, quantity or year". Cut off before it, each matched at its start.
_LEADING = tuple(
    re.compile(p)
    for p in (
        r"[一二三四五六七八九十]+是",  # 一是…
        r"[（(][一二三四五六七八九十\d]+[）)]",  # （一）
        r"\d+[.、．]|[一二三四五六七八九十]+、",  # 1.  一、
        r"(?:19|20)\d\d年(?:底|末)?",  # 2026年
        r"第[一二三四五六七八九十\d]+[届轮批次期]|新一轮",  # 第十二届, 新一轮
        # a counted quantity: 30项, 10个左右 (not 0.1微克)
        r"[^“”\"「」]*?(?<![A-Za-z])\d+(?:\.\d+)?(?![\dA-Za-z.])[万亿]?[个家项座批所](?:左右|以上)?",
        r"[^“”\"「」]{0,2}?(?:若干|一批|各类)",  # a quantity in words: (布局)若干…中心
    )
)
_PUNCT = set('，。；：、！？,.;:!?（()）”"」】 \t\n\u3000—')

# --- which rule entries were used (tests/test_rule_support_platforms.py) ------------------------------------------

_used: Counter[tuple[str, str, str, str]] | None = None


@contextmanager
def recording() -> Iterator[Counter[tuple[str, str, str, str]]]:
    """Within the block, count which entries of extract/rules/platforms.yaml each candidate went through, as
    (decision, list, entry, name): its head, the stop word before it, markers, blockers, alias and host
    rules behind its name (tests/test_rule_support_platforms.py checks them against the golden labels)."""
    global _used
    saved, _used = _used, Counter()
    try:
        yield _used
    finally:
        _used = saved


def _record(decision: str, name: str, entries: list[tuple[str, str]]) -> None:
    if _used is not None:
        for section, entry in entries:
            if entry:
                _used[(decision, section, entry, name)] += 1


# --- rules -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    kind: str
    suffixes: tuple[str, ...]


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    with open(RULES / "platforms.yaml", encoding="utf-8") as fh:
        rules: dict[str, Any] = yaml.safe_load(fh)
    rules["aliases"] = rules.get("aliases") or {}
    unknown = (set(rules["kinds"]) | {rules["quoted_kind"]}) - set(PLATFORM_KINDS)
    if unknown:
        raise ValueError(f"extract/rules/platforms.yaml: unknown platform kinds {sorted(unknown)}")
    return rules


@lru_cache(maxsize=1)
def _kinds() -> dict[str, _Kind]:
    """Head → its kind."""
    out: dict[str, _Kind] = {}
    for kind, spec in _rules()["kinds"].items():
        k = _Kind(kind=kind, suffixes=tuple(spec["suffixes"]))
        for s in k.suffixes:
            out.setdefault(s, k)
    return out


@lru_cache(maxsize=1)
def _suffix_re() -> re.Pattern[str]:
    return re.compile(trie_pattern(list(_kinds())))


@lru_cache(maxsize=1)
def _places() -> tuple[str, ...]:
    names = set(_rules()["places"])
    for p in plan_provinces():
        names.update({p.province, p.name_full})
    return tuple(sorted(names, key=len, reverse=True))


@lru_cache(maxsize=1)
def _word_patterns() -> dict[str, re.Pattern[str]]:
    r = _rules()
    return {
        "markers": re.compile(trie_pattern(r["markers"])),
        "places": re.compile(trie_pattern(list(_places()))),
        "positioning": re.compile(trie_pattern(r["positioning"])),
        "function_chars": re.compile(trie_pattern(r["function_chars"])),
    }


def all_rule_ids() -> set[str]:
    """Every rule id this module can emit; each is documented in extract/rules/platforms.yaml."""
    declared = set(_rules()["rule_ids"])
    emitted = {f"platform.{kind}.suffix" for kind in _rules()["kinds"]}
    emitted |= {"platform.programme.heading", "platform.quoted"}
    if emitted - declared:
        raise ValueError(f"extract/rules/platforms.yaml: undeclared rule ids {sorted(emitted - declared)}")
    return declared


def _is_place(prefix: str) -> bool:
    prefix = re.sub(r"[（(][^）)]*[）)]", "", prefix)
    return prefix in _places() or bool(re.fullmatch(r"[\u4e00-\u9fff]{2,3}(?:新区|市|省)", prefix))


def canonical_name(name: str) -> str:
    """One carrier written several ways → one name: quotes dropped, dashes unified, host city dropped, aliases."""
    return _canonical(name)[0]


def _canonical(name: str) -> tuple[str, list[tuple[str, str]]]:
    """The canonical name, and the alias / host entries that made it."""
    m = re.search(r"[“\"「]([^”\"」]{2,20})[”\"」]$", name)
    if m is None and len(_QUOTED.findall(name)) == 1:
        head = _head_of(name)
        if head and _kinds()[head].kind == "programme":
            inner = re.search(r"[“\"「]([^”\"」]{2,20})[”\"」]$", name[: -len(head)])
            if inner:  # 应用场景“十百千”工程 → 十百千工程
                name = inner.group(1) + head
    name = re.sub(r"[“”\"「」]", "", name)
    name = _DASHES.sub("—", name)
    name = name.replace("(", "（").replace(")", "）")
    rules, used = _rules(), []
    if name in rules["aliases"]:
        used.append(("aliases", name))
        name = rules["aliases"][name]
    for head in rules["strip_host_before"]:
        i = name.find(head)
        if i > 0 and _is_place(name[:i]):
            used.append(("strip_host_before", head))
            name = name[i:]
            break
    return str(rules["aliases"].get(name, name)), used


@lru_cache(maxsize=1)
def _continues() -> dict[str, tuple[str, ...]]:
    """One-character heads → the common words that start with them (城 → 城市, 城乡): there the head is no head."""
    out: dict[str, list[str]] = {}
    for word in _rules()["head_continues"]:
        out.setdefault(word[0], []).append(word)
    return {h: tuple(ws) for h, ws in out.items() if h in _kinds()}


@lru_cache(maxsize=1)
def _heads_longest_first() -> tuple[str, ...]:
    return tuple(sorted(_kinds(), key=len, reverse=True))


def _head_of(name: str) -> str | None:
    for head in _heads_longest_first():
        if name.endswith(head):
            return head
    return None


@lru_cache(maxsize=1)
def _leftward() -> tuple[re.Pattern[str], re.Pattern[str], int]:
    """Patterns read over a name's left context *reversed* (a left-to-right search walks leftwards from the head).

    The first: a stop word of 2+ characters right before the head. The second, tried at each position in this
    order: a stop word ending there (longest first), a character no name contains, an opening bracket.
    Also returns how far back a stop word can reach from the farthest position the walk examines.
    """
    stops = sorted(_rules()["stop_words"], key=len, reverse=True)
    reversed_stops = "|".join(re.escape(w[::-1]) for w in stops)
    absorbed = re.compile("|".join(re.escape(w[::-1]) for w in stops if len(w) >= 2))
    walk = re.compile(rf"(?P<stop>{reversed_stops})|(?P<char>{_NOT_NAME_CHAR})|(?P<open>[（(])")
    return absorbed, walk, max(map(len, stops))


def _left_boundary(text: str, start: int, suffix_start: int, absorb: bool = True) -> tuple[int, str | None]:
    """Where the name begins, and the stop word or boundary character found just before it.

    Walking leftwards from the head, at most _MAX_NAME characters: the name starts after the first stop word, after
    a character no name contains, or after an opening bracket not closed before the head.
    """
    absorbed, walk, longest_stop = _leftward()
    lowest = max(start + 1, suffix_start - _MAX_NAME + 1)
    left = text[max(start, lowest - longest_stop) : suffix_start][::-1]  # position r here is suffix_start - r
    m = absorbed.match(left) if absorb else None  # a stop word right before the head is in the name (数字青海建设工程)
    pos = m.end() if m else 0
    while (m := walk.search(left, pos)) and m.start() <= suffix_start - lowest:
        i = suffix_start - m.start()
        if m.lastgroup == "stop":
            return i, m.group()[::-1]
        if m.lastgroup == "open" and re.search(r"[）)]", text[i:suffix_start]):
            pos = m.start() + 1  # a bracket closed inside the name is part of it
            continue
        return i, m.group()
    return min(suffix_start - pos, lowest - 1), None


# --- candidates ------------------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    start: int
    end: int
    kind: str
    rule: str
    head: str | None
    features: list[str] = field(default_factory=list)
    entries: list[tuple[str, str]] = field(default_factory=list)  # rule entries behind it (support test)


def _len_bucket(n: int) -> str:
    return "1" if n <= 1 else "2" if n == 2 else "3-4" if n <= 4 else "5-7" if n <= 7 else "8-12" if n <= 12 else "13+"


def _after_class(text: str, pos: int, end: int) -> str:
    if pos >= end:
        return "end"
    ch = text[pos]
    if ch in "、":
        return "list"
    if ch in "和与及":
        return "conj"
    if ch in "，,；;。！？!?\n":
        return "clause"
    if ch in "：:—（(":
        return "colon"
    if ch in '”"」':
        return "quote"
    if ch == "等":
        return "deng"
    return "char:" + text[pos : pos + 2]


def _strip_leading(text: str, s: int, e: int) -> tuple[int, list[str]]:
    """Cut off ordinals, years and quantities before a name; the features say what was cut."""
    feats = []
    for i, rx in enumerate(_LEADING):
        m = rx.match(text, s, e)
        if m and s < m.end() < e:
            s = m.end()
            feats.append(f"strip:{i}")
    while s < e and text[s] in "”」）)":
        s += 1
    return s, feats


def _common_features(text: str, s: int, e: int, lo: int, hi: int, outline_: Any) -> list[str]:
    name = text[s:e]
    plain = re.sub(r"[“”\"「」]", "", name)
    pats = _word_patterns()
    # first: a name rarely opens with a verb (聚焦, 构建); bg: its words, read as character pairs
    out = [f"after:{_after_class(text, e, hi)}", f"before:{text[max(lo, s - 2) : s]}", f"len:{_len_bucket(len(plain))}",
           f"first:{plain[:2]}", f"first1:{plain[:1]}"]  # fmt: skip
    out += dict.fromkeys(f"bg:{plain[i : i + 2]}" for i in range(len(plain) - 1))
    if _QUOTED.search(name):
        out.append("quoted")
    if (m := pats["markers"].search(plain)) is not None:
        out += ["marker", f"marker:{m.group()}"]
    if (m := pats["places"].search(plain)) is not None:
        out.append("place")
        if m.start() == 0:
            out.append("place:lead")
    if pats["positioning"].search(plain):
        out.append("positioning")
    if pats["function_chars"].search(plain):
        out.append("function")
    if plain.startswith(tuple(_rules()["generic_heads"])):
        out.append("generic")
    if re.search(r"[0-9一二三四五六七八九十百千万]", plain):
        out.append("digit")
    part = outline_.part_at(s) or "none"
    out.append(f"part:{part}")
    return out


def _entries(text: str, s: int, e: int) -> list[tuple[str, str]]:
    """The marker, positioning and generic entries a name holds (for the support test; empty unless it records)."""
    if _used is None:
        return []
    plain = re.sub(r"[“”\"「」]", "", text[s:e])
    pats = _word_patterns()
    out = [("markers", m.group()) for m in pats["markers"].finditer(plain)]
    out += [("positioning", m.group()) for m in pats["positioning"].finditer(plain)]
    out += [("function_chars", m.group()) for m in pats["function_chars"].finditer(plain)]
    out += [("generic_heads", g) for g in _rules()["generic_heads"] if plain.startswith(g)]
    return out


def _inner_starts(text: str, lo: int, hi: int) -> list[int]:
    """Positions in [lo, hi - 1) where a marker or a place begins (a shorter name could start there)."""
    pats = _word_patterns()
    starts = {m.start() for key in ("markers", "places") for m in pats[key].finditer(text, lo, hi - 1)}
    return sorted(starts)


def candidates(text: str, start: int, end: int) -> list[Candidate]:
    """Every candidate name in text[start:end], with its features, in document order."""
    out_ = outline(text, start, end)
    titles = {h.end: h for h in out_.headings}
    heading_spans = [(h.start, h.end) for h in out_.headings]
    heading_starts = [a for a, _ in heading_spans]
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    last_end = -10
    continues = _continues()
    for m in _suffix_re().finditer(text, start, end):
        head = m.group()
        if head in continues and (word := next((w for w in continues[head] if text.startswith(w, m.start())), None)):
            if _used is not None:  # what it would have proposed, for the support test
                _record("proposed", text[_left_boundary(text, start, m.start())[0] : m.end()],
                        [("head_continues", word)])  # fmt: skip
            continue  # the head's character begins another word (城|市, 会|议): no head here
        kind = _kinds()[head]
        name_start, stop = _left_boundary(text, start, m.start())
        if stop in _CONJUNCTIONS and name_start - 1 > start:
            left_start, left_stop = _left_boundary(text, start, name_start - 1)
            left = re.sub(r"[（(][^）)]*[）)]$", "", text[left_start : name_start - 1])
            if left and not left.endswith(tuple(_kinds())):
                name_start, stop = left_start, left_stop
        name_end = m.end()
        if (
            text.count("“", name_start, name_end) > text.count("”", name_start, name_end)
            and text[name_end : name_end + 1] == "”"
        ):
            name_end += 1  # a name opened with a quote closes with it: “中国声谷”
        name_start, feats = _strip_leading(text, name_start, name_end)
        core = re.sub(r"[“”\"「」（）()]", "", text[name_start : m.start()])
        if not core or text.count("“", name_start, name_end) != text.count("”", name_start, name_end):
            continue  # no name before the head, or a quote opened outside it («“深圳—香港»)
        rule = f"platform.{kind.kind}.suffix"
        heading = titles.get(name_end) or titles.get(name_end + 1)
        k = bisect_right(heading_starts, name_start) - 1
        in_heading = k >= 0 and name_start < heading_spans[k][1]
        if heading is not None and kind.kind == "programme":
            rule = "platform.programme.heading"
        # pre: the words before the head (计量测试|中心 is a name, 创新|中心 is generic)
        feats += [f"head:{head}", f"kind:{kind.kind}", f"stop:{stop}", f"core:{_len_bucket(len(core))}",
                  f"pre:{core[-2:]}"]  # fmt: skip
        if heading is not None:
            feats.append("heading:title")
        elif in_heading:
            feats.append("heading:in")
        if stop in ("、", *_CONJUNCTIONS) and name_start - 1 <= last_end + 1:
            feats.append("sibling")
        feats += _common_features(text, name_start, name_end, start, end, out_)
        feats.append(f"stop:{stop}&kind:{kind.kind}")
        entries = [("heads", head), ("stop_words", stop or ""), *_entries(text, name_start, name_end)]
        out.append(Candidate(name_start, name_end, kind.kind, rule, head, feats, entries))
        seen.add((name_start, name_end))
        # the same head with a shorter name, starting at a marker or a place inside it (运行|国家超级智算成都中心)
        base = [f for f in feats if not f.startswith(("before:", "len:", "marker", "place", "quoted", "digit"))]
        # and the name without its first two characters (保障|全球妇女峰会): the model reads the words cut (without the
        # first one only, 13 of 5,279 such candidates were named platforms: they are no longer proposed)
        starts = {v: "variant" for v in _inner_starts(text, name_start + 1, m.start())[:3]}
        if m.start() - (name_start + 2) >= 2 and text[name_start + 1] not in "“”「」":
            starts.setdefault(name_start + 2, "drop:2")
        for v, how in sorted(starts.items()):
            vf = [
                *base,
                "variant",
                how,
                f"cut:{text[name_start:v][-2:]}",
                *_common_features(text, v, name_end, start, end, out_),
            ]
            ventries = [("heads", head)] + _entries(text, v, name_end)
            out.append(Candidate(v, name_end, kind.kind, rule, head, vf, ventries))
            seen.add((v, name_end))
        # and the name reaching back past the stop words it stopped at (农产品加工业|优化|升级工程): programme names
        # hold verbs too, so the start further left is proposed as well and the model reads the words crossed
        ext_start, ext_stop, crossed = name_start, stop, []
        for k in (1, 2):
            at = ext_start - len(ext_stop or "")
            if ext_stop is None or len(ext_stop) < 2 or at <= start or not _NAME_CHAR.match(text, at - 1):
                break  # a verb-like stop word inside a phrase is crossed; one opening its clause is a verb
            crossed.append(ext_stop)
            ext_start, ext_stop = _left_boundary(text, start, at, absorb=False)
            ext_start, lead = _strip_leading(text, ext_start, name_end)
            if name_end - ext_start > _MAX_NAME or ext_start >= name_start - len(crossed[-1]):
                break
            ef = [
                *(f for f in base if not f.startswith("stop:")),
                "ext",
                f"ext:{k}",
                *(f"crossed:{w}" for w in crossed),
                f"stop:{ext_stop}",
                *lead,
                *_common_features(text, ext_start, name_end, start, end, out_),
            ]
            if (ext_start, name_end) not in seen:
                eentries = [("heads", head), ("stop_words", ext_stop or ""), *_entries(text, ext_start, name_end)]
                out.append(Candidate(ext_start, name_end, kind.kind, rule, head, ef, eentries))
                seen.add((ext_start, name_end))
        last_end = name_end
    lo_q, hi_q = _rules()["quoted_chars"]
    for m in _QUOTED.finditer(text, start, end):
        inner = m.group(1)
        if not lo_q <= len(inner) <= hi_q or (m.start(), m.end()) in seen:
            continue
        after = next((h for h in _heads_longest_first() if text.startswith(h, m.end())), None)
        stop = _left_boundary(text, start, m.start())[1]
        head = _head_of(inner)
        # “蜀乡新风”行动: the head's candidate has the whole; the quoted name alone is proposed too (the model picks)
        feats = ["quoted:bare" if after is None else "quoted:before-head", f"stop:{stop}",
                 f"qlen:{_len_bucket(len(inner))}"]  # fmt: skip
        if after is not None:
            feats.append(f"qnext:{_kinds()[after].kind}")
        if head:
            feats.append(f"qhead:{_kinds()[head].kind}")
        feats += _common_features(text, m.start(), m.end(), start, end, out_)
        entries = [("stop_words", stop or "")] + _entries(text, m.start(), m.end())
        kind = _kinds()[head or after].kind if head or after else _rules()["quoted_kind"]
        out.append(Candidate(m.start(), m.end(), kind, "platform.quoted", head, feats, entries))
    out.sort(key=lambda c: (c.start, c.end))
    return out


# --- the model -------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _model() -> dict[str, Any] | None:
    model = read_model(MODEL_PATH)
    if model is None:
        return None
    model["index"] = {f: i for i, f in enumerate(model["features"])}
    return model


def score(features: list[str]) -> float:
    """The probability that a candidate is a named platform (the logistic model, in plain Python)."""
    model = _model()
    if model is None:  # before the first training: keep typed heads with a marker or a place, and quoted names
        f = set(features)
        return 1.0 if ({"marker", "place", "quoted"} & f) and "positioning" not in f else 0.0
    index = model["index"]
    z = model["intercept"] + sum(model["coef"][index[f]] for f in set(features) if f in index)
    return 1.0 / (1.0 + math.exp(-z))


_last_call: tuple[str, int, int, tuple[Platform, ...]] | None = None


def find_platforms(text: str, start: int, end: int) -> list[Platform]:
    """Named platforms in text[start:end], in document order.

    The targets extractor asks again for the span the pipeline just asked about (numbers inside names are not
    targets), so the last answer is kept.
    """
    global _last_call
    last = _last_call
    if last is not None and last[0] is text and last[1] == start and last[2] == end:
        return list(last[3])
    found = _find_platforms(text, start, end)
    _last_call = (text, start, end, tuple(found))
    return found


def _find_platforms(text: str, start: int, end: int) -> list[Platform]:
    threshold = float((_model() or {}).get("threshold", THRESHOLD))
    scored = [(score(c.features), c) for c in candidates(text, start, end)]
    kept: list[tuple[float, Candidate]] = []
    taken: list[tuple[int, int]] = []
    for p, c in sorted(scored, key=lambda x: (-x[0], x[1].start)):
        if _used is not None:
            name = text[c.start : c.end]
            _record("proposed", name, c.entries + _canonical(name)[1])
        if p < threshold or any(a < c.end and c.start < b for a, b in taken):
            continue  # rejected, or overlapping a likelier candidate
        taken.append((c.start, c.end))
        kept.append((p, c))
    found = []
    for p, c in sorted(kept, key=lambda x: x[1].start):
        name = text[c.start : c.end]
        found.append(Platform(canonical_name(name), c.kind, c.start, c.end, name, c.rule, score=round(p, 4)))
    return found
