"""atlas.highlight.highlight against a verbatim copy of its original quadratic algorithm (the reference).

Why: the sweep-line version must produce byte-identical HTML for every input — same cuts, same covering spans in
the same (input) order, so the same colour, curated underline and hover labels — while never letting document text
through unescaped.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path

import pytest

from atlas.highlight import KIND_COLORS, Span, _mark, escape, highlight

# Text pieces that stress escaping, Markdown neutralising and newline handling (incl. a \r\n a cut may split).
_ALPHABET = ["数", "字", "经", "济", "a", "b", " ", "<", ">", "&", '"', "'", "*", "_", "`", "$", "#", "~", "\\",
             "[", "]", "|", ":", "\n", "\r", "<script>", "</script>", "&amp;", "**x**", "$$", "#h", "<b>"]  # fmt: skip
_KINDS = [*KIND_COLORS, "unknown<kind>"]
_LABELS = ["", "", "A", "B", "主题：数字经济 · r1", '"q" <script>alert(1)</script>', "a&b", "*md*_`$#"]


def reference_highlight(text: str, spans: Iterable[Span], offset: int = 0) -> str:
    """The original implementation (compares every cut with every span), kept as the specification."""
    n = len(text)
    clipped = [
        Span(max(s.start - offset, 0), min(s.end - offset, n), s.kind, s.label, s.curated)
        for s in spans
        if s.end - offset > 0 and s.start - offset < n and s.end > s.start
    ]
    if not clipped:
        return escape(text)
    cuts = sorted({0, n, *(s.start for s in clipped), *(s.end for s in clipped)})
    parts: list[str] = []
    pending, pending_cover = "", None
    for a, b in zip(cuts, cuts[1:], strict=False):
        cover = tuple(s for s in clipped if s.start <= a and s.end >= b)
        if cover == pending_cover:
            pending += text[a:b]
            continue
        if pending:
            parts.append(_mark(pending, list(pending_cover)) if pending_cover else escape(pending))
        pending, pending_cover = text[a:b], cover
    if pending:
        parts.append(_mark(pending, list(pending_cover)) if pending_cover else escape(pending))
    return "".join(parts)


def _random_text(rng: random.Random, max_pieces: int) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, max_pieces)))


def _random_spans(rng: random.Random, n: int, count: int) -> list[Span]:
    """Overlapping, nested, touching, duplicated, empty, inverted and out-of-range spans, in random order."""
    spans: list[Span] = []
    lo, hi = -5, n + 5
    for _ in range(count):
        r = rng.random()
        if spans and r < 0.15:  # exact duplicate (value-equal spans)
            spans.append(rng.choice(spans))
            continue
        if spans and r < 0.35:  # touching or sharing a boundary with an existing span
            other = rng.choice(spans)
            start = rng.choice([other.start, other.end])
            end = start + rng.randint(-2, 8)
        elif r < 0.45:  # zero-length or inverted
            start = rng.randint(lo, hi)
            end = start - rng.randint(0, 3)
        else:
            start = rng.randint(lo, hi)
            end = start + rng.randint(1, max(1, n // 2 + 1))
        spans.append(Span(start, end, rng.choice(_KINDS), rng.choice(_LABELS), rng.random() < 0.2))
    rng.shuffle(spans) if rng.random() < 0.5 else spans.sort(key=lambda s: (s.start, s.end))
    return spans


@pytest.mark.parametrize("seed", range(40))
def test_matches_reference_on_random_spans(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        text = _random_text(rng, rng.choice([0, 1, 5, 40]))
        spans = _random_spans(rng, len(text), rng.choice([0, 1, 2, 5, 20, 60]))
        offset = rng.choice([0, 0, 3, -2, 100])
        shifted = [Span(s.start + offset, s.end + offset, s.kind, s.label, s.curated) for s in spans]
        expected = reference_highlight(text, shifted, offset)
        assert highlight(text, shifted, offset) == expected, (text, shifted, offset)
        assert highlight(text, iter(shifted), offset) == expected  # a one-shot iterable works too


def test_matches_reference_on_edge_cases() -> None:
    cases: list[tuple[str, list[Span]]] = [
        ("", []),
        ("", [Span(-1, 1)]),
        ("abc", []),
        ("abc", [Span(0, 3)]),
        ("abc", [Span(1, 1), Span(2, 1)]),
        ("abcdef", [Span(0, 2), Span(2, 4), Span(4, 6)]),  # touching
        ("abcdef", [Span(0, 6, "industry", "I"), Span(2, 4, "theme", "T"), Span(2, 4, "theme", "T")]),  # nested, dup
        ("abcdef", [Span(2, 4, "theme", "T"), Span(0, 6, "industry", "I", True)]),  # order of labels follows input
        ("a\r\nb", [Span(1, 2)]),  # a cut inside \r\n
        ("<script>x</script>", [Span(0, 8, "theme", "<script>")]),
    ]
    for text, spans in cases:
        for offset in (0, 1, -1):
            shifted = [Span(s.start + offset, s.end + offset, s.kind, s.label, s.curated) for s in spans]
            assert highlight(text, shifted, offset) == reference_highlight(text, shifted, offset), (text, spans)


def test_document_text_and_labels_are_escaped() -> None:
    rng = random.Random(7)
    for _ in range(200):
        text = _random_text(rng, 30)
        spans = _random_spans(rng, len(text), 10)
        out = highlight(text, spans)
        for raw in ("<script", "</script", "<b>", "**", "$$"):
            assert raw not in out, (text, spans, out)
        assert out.replace("<mark", "").replace("</mark>", "").replace("<br>", "").count("<") == 0


def test_matches_reference_on_the_real_corpus(built_db: Path) -> None:
    from atlas.db import connect
    from atlas.queries import core, profile

    con = connect(built_db)
    checked = marked = 0
    for province in core.provinces(con)["province"]:
        sections = profile.province_sections(con, province)
        evidence = profile.section_evidence(con, province)
        for s in sections.itertuples():
            spans = profile.section_spans(evidence, s.section_id, list(KIND_COLORS), "zh")
            out = highlight(s.section_text, spans, offset=s.start_pos)
            assert out == reference_highlight(s.section_text, spans, offset=s.start_pos), s.section_id
            checked += 1
            marked += "<mark" in out
    assert checked >= 31 and marked >= 31, (checked, marked)
