"""Named platforms: a typed suffix (试验区, 基地, 中心, 交易所, 平台, 工程, 行动 …) plus evidence that it is named.

The rules are data (extract/rules/platforms.yaml). A candidate runs from the nearest left boundary (punctuation, a
verb, a function word) to the end of its suffix; it is kept only when it is *named* — a national/provincial marker,
a place, a quoted proper name, a titling verb for programmes — and is not a positioning title (…高地, …样板区).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from extract.lexicon import trie_pattern
from extract.paths import RULES
from extract.records import PLATFORM_KINDS, Platform
from extract.regions import plan_provinces

_PUNCT_AFTER = set('，。；：、！？,.;:!?（()）”"」】 \t\n\u3000—')
_NOT_NAME_CHAR = r"[^\u4e00-\u9fffA-Za-z0-9“”\"「」（）()—–\-·+－]"
_QUOTED = re.compile(r"[“\"「]([^”\"」]{1,20})[”\"」]")
_DASHES = re.compile(r"(?<=[\u4e00-\u9fff])[-–－—]+(?=[\u4e00-\u9fff])")
_MAX_NAME = 30
_CONJUNCTIONS = ("和", "与", "及")
_LEADING_QUANTITY = re.compile(
    r"^[^“”\"「」]*?(?<![A-Za-z])\d+(?:\.\d+)?(?![\dA-Za-z.])[万亿]?[个家项座批所]?(?:左右|以上|及以上)?"
)


@dataclass(frozen=True)
class _Kind:
    kind: str
    suffixes: tuple[str, ...]
    unmarked_ok: frozenset[str]
    after_ok: tuple[str, ...]
    markers_only: tuple[str, ...]


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    with open(RULES / "platforms.yaml", encoding="utf-8") as fh:
        rules: dict[str, Any] = yaml.safe_load(fh)
    unknown = set(rules["kinds"]) - set(PLATFORM_KINDS)
    if unknown:
        raise ValueError(f"extract/rules/platforms.yaml: unknown platform kinds {sorted(unknown)}")
    return rules


@lru_cache(maxsize=1)
def _kinds() -> dict[str, _Kind]:
    """Suffix → its kind, longest suffix first so 交易中心 wins over 中心."""
    out: dict[str, _Kind] = {}
    for kind, spec in _rules()["kinds"].items():
        k = _Kind(
            kind=kind,
            suffixes=tuple(spec["suffixes"]),
            unmarked_ok=frozenset(spec.get("unmarked_ok", [])),
            after_ok=tuple(spec.get("after_ok", [])),
            markers_only=tuple(spec.get("markers_only", [])),
        )
        for s in k.suffixes:
            out.setdefault(s, k)
    return out


@lru_cache(maxsize=1)
def _suffix_re() -> re.Pattern[str]:
    suffixes = sorted(_kinds(), key=len, reverse=True)
    return re.compile("|".join(re.escape(s) for s in suffixes))


@lru_cache(maxsize=1)
def _places() -> tuple[str, ...]:
    names = set(_rules()["places"])
    for p in plan_provinces():
        names.update({p.province, p.name_full})
    return tuple(sorted(names, key=len, reverse=True))


def all_rule_ids() -> set[str]:
    """Every rule id this module can emit; each is documented in extract/rules/platforms.yaml."""
    declared = set(_rules()["rule_ids"])
    emitted = {f"platform.{kind}.suffix" for kind in _rules()["kinds"]}
    emitted |= {"platform.programme.titled", "platform.programme.heading"}
    if emitted - declared:
        raise ValueError(f"extract/rules/platforms.yaml: undeclared rule ids {sorted(emitted - declared)}")
    return declared


def _is_place(prefix: str) -> bool:
    prefix = re.sub(r"[（(][^）)]*[）)]", "", prefix)
    return prefix in _places() or bool(re.fullmatch(r"[\u4e00-\u9fff]{2,3}(?:新区|市|省)", prefix))


def canonical_name(name: str) -> str:
    """One carrier written several ways → one name: quotes dropped, dashes unified, host city dropped, aliases."""
    rules = _rules()
    # “十百千”工程 → 十百千工程 ; 应用场景“十百千”工程 → 十百千工程 (the quoted title plus its suffix)
    m = re.search(r"[“\"「]([^”\"」]{2,20})[”\"」]$", name)
    if m is None and len(_QUOTED.findall(name)) == 1:
        for suffix in sorted(_kinds(), key=len, reverse=True):
            if name.endswith(suffix):
                inner = re.search(r"[“\"「]([^”\"」]{2,20})[”\"」]$", name[: -len(suffix)])
                if inner and _kinds()[suffix].kind == "programme":
                    name = inner.group(1) + suffix
                break
    name = re.sub(r"[“”\"「」]", "", name)
    name = _DASHES.sub("—", name)
    name = name.replace("(", "（").replace(")", "）")
    name = rules["aliases"].get(name, name)
    for head in rules["strip_host_before"]:
        i = name.find(head)
        if i > 0 and _is_place(name[:i]):
            name = name[i:]
            break
    return rules["aliases"].get(name, name)


@lru_cache(maxsize=1)
def _leftward() -> tuple[re.Pattern[str], re.Pattern[str], int]:
    """Patterns read over a name's left context *reversed* (so a left-to-right search walks leftwards from the suffix).

    The first: a stop word of 2+ characters right before the suffix. The second, tried at each position in this
    order: a stop word ending there (longest first), a character no name contains, an opening bracket.
    Also returns how far back a stop word can reach from the farthest position the walk examines.
    """
    stops = sorted(_rules()["stop_words"], key=len, reverse=True)
    reversed_stops = "|".join(re.escape(w[::-1]) for w in stops)
    absorbed = re.compile("|".join(re.escape(w[::-1]) for w in stops if len(w) >= 2))
    walk = re.compile(rf"(?P<stop>{reversed_stops})|(?P<char>{_NOT_NAME_CHAR})|(?P<open>[（(])")
    return absorbed, walk, max(map(len, stops))


def _left_boundary(text: str, start: int, suffix_start: int) -> tuple[int, str | None]:
    """Where the name begins, and the stop word (if any) found just before it.

    Walking leftwards from the suffix, at most _MAX_NAME characters: the name starts after the first stop word,
    after a character no name contains, or after an opening bracket not closed before the suffix.
    """
    absorbed, walk, longest_stop = _leftward()
    lowest = max(start + 1, suffix_start - _MAX_NAME + 1)  # the leftmost position the walk examines
    left = text[max(start, lowest - longest_stop) : suffix_start][::-1]  # position r here is suffix_start - r
    # a stop word right before the suffix belongs to the name (数字青海建设工程, 数字中国建设峰会)
    m = absorbed.match(left)
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


def _quoted_name(name: str, suffix: str) -> bool:
    min_chars = int(_rules()["quoted_min_chars"])
    for m in _QUOTED.finditer(name):
        inner = m.group(1)
        rest = name[m.end() : len(name) - len(suffix)]
        if len(inner) >= min_chars or (len(inner) >= 2 and rest):
            return True
    return False


@lru_cache(maxsize=1)
def _marker_or_place() -> re.Pattern[str]:
    return re.compile(trie_pattern([*_rules()["markers"], *_places()]))


def _has_marker(name: str, kind: _Kind) -> bool:
    if kind.markers_only:
        return any(mk in name for mk in kind.markers_only)
    return _marker_or_place().search(name) is not None


@dataclass
class _Candidate:
    start: int
    end: int
    name: str
    kind: _Kind
    suffix: str
    stop: str | None


def _candidates(text: str, start: int, end: int) -> list[_Candidate]:
    rules = _rules()
    after_ok = tuple(rules["after_ok"])
    after_bad = tuple(rules["after_bad"])
    out: list[_Candidate] = []
    for m in _suffix_re().finditer(text, start, end):
        suffix = m.group()
        kind = _kinds()[suffix]
        after = text[m.end() : min(end, m.end() + 4)]
        if after and after.startswith(after_bad):
            continue
        if after and after[0] not in _PUNCT_AFTER and not after.startswith(after_ok + kind.after_ok):
            continue
        name_start, stop = _left_boundary(text, start, m.start())
        if stop in _CONJUNCTIONS and name_start - 1 > start:
            left_start, left_stop = _left_boundary(text, start, name_start - 1)
            left = re.sub(r"[（(][^）)]*[）)]$", "", text[left_start : name_start - 1])
            if left and not left.endswith(tuple(_kinds())):
                name_start, stop = left_start, left_stop
        name_end = m.end()
        name = text[name_start:name_end]
        # a name opened with a quote closes with it: “中国声谷” — include the closing quote in the span
        if name.count("“") > name.count("”") and text[name_end : name_end + 1] == "”":
            name_end += 1
            name = text[name_start:name_end]
        # a leading quantity belongs to a target, not to the name: 打造10个左右省级…平台
        q = _LEADING_QUANTITY.match(name)
        if q:
            name_start += q.end()
            name = name[q.end() :]
        # drop an unbalanced leading quote or bracket
        while name and name[0] in "”」）)":
            name_start += 1
            name = name[1:]
        out.append(_Candidate(name_start, name_end, name, kind, suffix, stop))
    return out


def _core(name: str, suffix: str) -> str:
    base = name[: name.rfind(suffix)] if suffix in name else name
    return re.sub(r"[“”\"「」（）()]", "", base)


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
    rules = _rules()
    titling = tuple(rules["titling_verbs"])
    positioning = tuple(rules["positioning"])
    generic = tuple(rules["generic_heads"])
    found: list[Platform] = []
    last_programme_end = -10
    for c in _candidates(text, start, end):
        core = _core(c.name, c.suffix)
        plain = re.sub(r"[“”\"「」]", "", c.name)
        if len(core) < 2 or any(p in plain for p in positioning) or plain.startswith(generic):
            continue
        if core.endswith(tuple(rules["verb_before_suffix"])):
            continue  # 上云上平台, 搭平台: a verb plus the suffix word, not a name
        if c.kind.kind != "event" and re.search(r"(?:峰会|博览会|大会|论坛)$", core):
            continue  # 世界VR产业大会平台: the event is the platform
        rule = f"platform.{c.kind.kind}.suffix"
        named = _has_marker(plain, c.kind) or (not c.kind.markers_only and _quoted_name(c.name, c.suffix))
        if not named and c.suffix.endswith(tuple(c.kind.unmarked_ok)):
            named = True
        if not named and c.kind.kind == "programme":
            after = text[c.end : c.end + 3]
            before = text[max(start, c.start - 4) : c.start]
            if c.stop in titling or before.endswith(titling):
                named, rule = True, "platform.programme.titled"
            elif c.stop in ("、", *_CONJUNCTIONS) and c.start - 1 <= last_programme_end + 1:
                named, rule = True, "platform.programme.titled"  # 实施A工程、B工程: B shares A's title verb
            elif after.startswith(("——", "：", ":", "包括")):
                named, rule = True, "platform.programme.heading"
        if not named:
            continue
        found.append(Platform(canonical_name(c.name), c.kind.kind, c.start, c.end, text[c.start : c.end], rule))
        if c.kind.kind == "programme":
            last_programme_end = c.end
    return found
