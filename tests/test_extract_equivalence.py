"""The extractors' speed-ups must not change what they find.

Each shortcut is compared with the plain way it replaced, on the real documents, the golden sentences and random
texts stitched from the rules' own vocabulary (numbers, units, verbs, stop words, suffixes, punctuation) and from
real sentences: targets with and without the clause prefilter and `requires`, the trie-regex lexicon against a
leftmost-longest reference, and the platforms' reversed left-boundary search against the character walk.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bench.scale_corpus import corpus_sentences
from extract import industries, platforms, targets, themes
from extract.lexicon import Lexicon, trie_pattern
from extract.paths import RAW
from extract.reading import read_document

GOLDEN = Path(__file__).parent / "golden"


def _golden_sentences() -> list[str]:
    out = []
    for path in sorted(GOLDEN.glob("*sentences*.yaml")):
        out += [c["text"] for c in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]
    return out


def _vocabulary() -> list[str]:
    p, t = platforms._rules(), targets._rules()
    words = [*p["stop_words"], *platforms._kinds(), *p["markers"], *p["places"][:40], *p["positioning"]]
    words += ["打造", "培育", "形成", "推进", "千家万户", "千方百计", *t["context"]["forecast"], "已", "截至", "预计"]
    words += ["较2020年", "2025年"]
    words += ["达到", "超过", "突破", "约", "近", "年均增长", "提高", "个百分点", "比重", "占比", "水平", "指数"]
    words += ["万", "亿", "万亿", "千亿级", "百户", "千家", "元", "亿元", "个", "家", "项", "%", "％", "以上", "左右"]
    words += ["8", "15", "1,200", "3.5", "2025", "十二", "两", "三", "五千", "一百零八", "5G", "AI", "VR"]
    words += ["（", "）", "(", ")", "“", "”", "「", "」", "、", "，", "。", "；", "：", "\n", " ", "-", "—", "至", "～"]
    words += [t for terms in themes.theme_terms().values() for t in terms]
    words += [str(n) for n in industries._rules()["catalogue"]] + ["产业", "产业集群", "等", "新兴产业"]
    return words


def _random_texts(n: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    vocab, sentences = _vocabulary(), corpus_sentences()
    flat = "".join(sentences)
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 40)):
            x = rng.random()
            if x < 0.55:
                parts.append(rng.choice(vocab))
            elif x < 0.85:
                i = rng.randrange(len(flat))
                parts.append(flat[i : i + rng.randint(1, 12)])
            else:
                parts.append(rng.choice(sentences))
        yield "".join(parts)


def _texts() -> list[str]:
    docs = [read_document(p).text for p in sorted(RAW.glob("*.txt"))]
    return docs + _golden_sentences() + list(_random_texts(1500, seed=14))


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


# --- targets: prefilter and requires -------------------------------------------------------------------------


def _unfiltered(pattern: targets._Pattern, text: str, regions: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    for s, e in regions:
        yield from pattern.regex.finditer(text, s, e)


def test_targets_same_without_prefilter(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [targets.find_targets(t, 0, len(t)) for t in texts]
    monkeypatch.setattr(targets, "_regions", lambda text, start, end: [(start, end)])
    monkeypatch.setattr(targets, "_matches", _unfiltered)
    plain = [targets.find_targets(t, 0, len(t)) for t in texts]
    assert sum(map(len, plain)) > 100  # the texts do hold targets
    assert fast == plain


def test_every_pattern_match_holds_a_prefilter_hit_and_its_requirement(texts: list[str]) -> None:
    """Stronger than the results: every raw match (accepted or not) lies in a region and contains `requires`."""
    checked = 0
    for text in texts:
        regions = targets._regions(text, 0, len(text))
        for pattern in targets._patterns():
            for m in pattern.regex.finditer(text):
                checked += 1
                assert any(s <= m.start() and m.end() <= e for s, e in regions), (pattern.rule, m.group())
                if pattern.requires is not None:
                    assert pattern.requires.search(m.group()), (pattern.rule, m.group())
    assert checked > 300


def _alternatives(fragment: str) -> list[str]:
    """The literal words of a fragment like '(?P<verb>(?:力争|争取)?(?:达到|达|超过))' (last group)."""
    groups = re.findall(r"\(\?(?:P<[a-z_]+>|:)([^()]*)\)", fragment)
    return groups[-1].split("|")


def test_prefilter_covers_every_unit_magnitude_and_verb() -> None:
    """A unit, magnitude or verb added to targets.yaml without its character in the prefilter would drop targets."""
    rules = targets._rules()
    fragments, prefilter = rules["fragments"], re.compile(rules["prefilter"])
    follows = _alternatives(fragments["unit"]) + _alternatives(fragments["count_unit"])
    follows += _alternatives(fragments["magnitude"]) + [" ", "-", "至"]
    for word in follows:
        for number in ("5", "五", "十", "千"):
            assert prefilter.search(number + word[0]), word
    for word in _alternatives(fragments["reach"]) + _alternatives(fragments["comp_pre"]):
        for number in ("5", "五"):
            assert prefilter.search(word[-1] + number), word
    for word in ("万级", "亿级", "万户", "万家", "万个", "万项", "百户", "千家"):
        assert prefilter.search(word), word


def test_compiled_prefilter_finds_what_the_rules_write(texts: list[str]) -> None:
    """The prefilter is compiled as one opening class with lookbehinds: the same hits as the rules' own regex."""
    written, compiled = re.compile(targets._rules()["prefilter"]), targets._prefilter()
    assert written.pattern != compiled.pattern  # the rules' shape is the one compiled faster
    for text in texts:
        for a, b in ((0, len(text)), (len(text) // 3, 2 * len(text) // 3)):
            assert [m.span() for m in written.finditer(text, a, b)] == [m.span() for m in compiled.finditer(text, a, b)]


def test_cue_marks_are_a_lookahead_at_every_position(texts: list[str]) -> None:
    """One trie scan plus the positions inside each cue found = the longest cue tried at every position."""
    every = re.compile(f"(?=({trie_pattern(targets._classify_rules()['cues'])}))")
    found = 0
    for text in texts:
        for a, b in ((0, len(text)), (len(text) // 3, 2 * len(text) // 3)):
            plain = [(m.start(), m.start() + len(m.group(1)), m.group(1)) for m in every.finditer(text, a, b)]
            assert sorted(targets._cue_marks(text, [(a, b)])) == plain
            found += len(plain)
    assert found > 1000


# --- lexicon: trie regex vs leftmost-longest reference ---------------------------------------------------------


def _reference_scan(terms: set[str], text: str) -> list[tuple[int, int, str]]:
    out, i = [], 0
    longest = max(map(len, terms))
    while i < len(text):
        for n in range(min(longest, len(text) - i), 0, -1):
            if text[i : i + n] in terms:
                out.append((i, i + n, text[i : i + n]))
                i += n
                break
        else:
            i += 1
    return out


def test_lexicon_is_leftmost_longest(texts: list[str]) -> None:
    for lexicon in (themes._lexicon(), industries._lexicon()):
        terms = set(lexicon._payloads)
        for text in texts[:400]:
            assert lexicon.spans(text) == _reference_scan(terms, text)
    tiny = Lexicon([("ab", 1), ("abcd", 2), ("bc", 3), ("c", 4), ("a+b", 5)])
    assert tiny.spans("abce abcd a+bc") == [(0, 2, "ab"), (2, 3, "c"), (5, 9, "abcd"), (10, 13, "a+b"), (13, 14, "c")]


# --- platforms: reversed left-boundary search vs the character walk --------------------------------------------


def _walk_left_boundary(text: str, start: int, suffix_start: int) -> tuple[int, str | None]:
    """The original character-by-character walk (the reference)."""
    stops = sorted(platforms._rules()["stop_words"], key=len, reverse=True)
    i = suffix_start
    for w in stops:
        if len(w) >= 2 and text.endswith(w, start, i):
            i -= len(w)
            break
    while i > start and suffix_start - i < platforms._MAX_NAME:
        for w in stops:
            if text.endswith(w, start, i):
                return i, w
        ch = text[i - 1]
        if re.match(platforms._NOT_NAME_CHAR, ch) or (ch in "（(" and not re.search(r"[）)]", text[i:suffix_start])):
            return i, ch
        i -= 1
    return i, None


def test_left_boundary_matches_the_walk(texts: list[str]) -> None:
    rng = random.Random(7)
    checked = 0
    for text in texts[2:600]:
        for _ in range(20):
            start = rng.randint(0, len(text))
            suffix_start = rng.randint(start, len(text))
            assert platforms._left_boundary(text, start, suffix_start) == _walk_left_boundary(text, start, suffix_start)
            checked += 1
    for m in platforms._suffix_re().finditer(texts[0]):  # every real candidate of the digest
        assert platforms._left_boundary(texts[0], 0, m.start()) == _walk_left_boundary(texts[0], 0, m.start())
    assert checked > 5000


def test_platform_cache_answers_per_span() -> None:
    text = "建设国家数字经济创新发展试验区，打造“中国声谷”。"
    whole = platforms.find_platforms(text, 0, len(text))
    part = platforms.find_platforms(text, 0, 15)
    assert [p.name for p in whole] == ["国家数字经济创新发展试验区", "中国声谷"]
    assert [p.name for p in part] == ["国家数字经济创新发展试验区"]
    again = platforms.find_platforms(text, 0, len(text))
    assert again == whole and again is not whole
