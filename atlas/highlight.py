"""Document text → safe HTML: escape everything, then wrap matched spans in <mark>. Streamlit-free.

Why here and not in the pages: documents are untrusted input (scraped web pages). Every byte of document text passes
through ``escape`` before it reaches ``st.markdown(..., unsafe_allow_html=True)``, so a document can never inject
markup or script. The output is one single-line ``<div>`` (newlines become ``<br>``): Markdown treats it as a raw HTML
block and does not reinterpret the text (no emphasis, links, math or emoji shortcodes from document content).
"""

from __future__ import annotations

import html
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

# Span kinds and their background colours (light, readable under black text, distinguishable side by side).
KIND_COLORS: dict[str, str] = {
    "theme": "#fff0a8",
    "industry": "#c8f0c0",
    "platform": "#cfe2ff",
    "target": "#ffd3a8",
    "hit": "#ffe066",
}
CURATED_STYLE = "border-bottom:3px solid #d73027;"  # curated (hand-checked) items: a red underline on top
# HTML-special characters, plus those Streamlit's Markdown could act on: as entities they render identically.
_ENTITIES = {c: html.escape(c, quote=True) for c in "&<>\"'"} | {c: f"&#{ord(c)};" for c in "\\`*_~[]|$:#"}


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of a document: absolute offsets (end exclusive), a kind and a hover label."""

    start: int
    end: int
    kind: str = "hit"
    label: str = ""
    curated: bool = False


def escape(text: str) -> str:
    """HTML-escape document text (quotes too) and neutralise Markdown; newlines become <br>."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(_ENTITIES.get(c, c) for c in text).replace("\n", "<br>")


def _mark(segment: str, covering: list[Span]) -> str:
    primary = min(covering, key=lambda s: (s.end - s.start, s.start))  # the most specific span sets the colour
    color = KIND_COLORS.get(primary.kind, KIND_COLORS["hit"])
    style = f"background:{color};color:#1a1a1a;padding:0 1px;border-radius:2px;"
    if any(s.curated for s in covering):
        style += CURATED_STYLE
    labels = list(dict.fromkeys(s.label for s in covering if s.label))
    title = f' title="{escape("；".join(labels))}"' if labels else ""
    return f'<mark class="pa-{html.escape(primary.kind)}" style="{style}"{title}>{escape(segment)}</mark>'


def highlight(text: str, spans: Iterable[Span], offset: int = 0) -> str:
    """Escaped ``text`` with every span marked; ``offset`` is the absolute position of ``text[0]``.

    Spans may overlap (a theme term inside an industry name): the text is cut at every span boundary and each piece
    is marked once, coloured by its shortest covering span, with all covering labels in the hover title.

    One sweep over the sorted cut points (a section can carry thousands of spans): at each cut the spans ending there
    leave and those starting there join the active set, kept in input order because colour ties and the label order
    follow it. A span covers the piece [a, b) exactly when it is active at a, as every boundary is a cut.
    """
    n = len(text)
    clipped = [
        Span(max(s.start - offset, 0), min(s.end - offset, n), s.kind, s.label, s.curated)
        for s in spans
        if s.end - offset > 0 and s.start - offset < n and s.end > s.start
    ]
    if not clipped:
        return escape(text)
    starts: dict[int, list[int]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(clipped):
        starts[s.start].append(i)
        ends[s.end].append(i)
    cuts = sorted({0, n, *starts, *ends})
    active: list[int] = []  # indices into clipped, ascending
    parts: list[str] = []
    pending, pending_cover = "", None
    for a, b in zip(cuts, cuts[1:], strict=False):
        for i in ends.get(a, ()):
            del active[bisect_left(active, i)]
        for i in starts.get(a, ()):
            insort(active, i)
        cover = tuple(clipped[i] for i in active)
        if cover == pending_cover:
            pending += text[a:b]
            continue
        if pending:
            parts.append(_mark(pending, list(pending_cover)) if pending_cover else escape(pending))
        pending, pending_cover = text[a:b], cover
    if pending:
        parts.append(_mark(pending, list(pending_cover)) if pending_cover else escape(pending))
    return "".join(parts)


def block(inner_html: str, *, max_height_px: int | None = None) -> str:
    """Wrap already-safe HTML in one container div (scrollable when max_height_px is given)."""
    style = "line-height:1.9;font-size:0.95rem;"
    if max_height_px:
        style += f"max-height:{int(max_height_px)}px;overflow-y:auto;padding-right:0.5rem;"
    return f'<div class="pa-text" style="{style}">{inner_html}</div>'


def kwic(left: str, match: str, right: str, kind: str = "hit", label: str = "", curated: bool = False) -> str:
    """Keyword in context as safe HTML: …left <mark>match</mark> right…"""
    text = left + match + right
    return "…" + highlight(text, [Span(len(left), len(left) + len(match), kind, label, curated)]) + "…"


def legend(labels: dict[str, str], curated_label: str | None = None) -> str:
    """Colour legend for the span kinds in ``labels`` (kind → display label), as safe HTML."""
    items = [
        f'<mark style="background:{KIND_COLORS.get(kind, KIND_COLORS["hit"])};color:#1a1a1a;padding:0 4px;'
        f'border-radius:2px;">{escape(label)}</mark>'
        for kind, label in labels.items()
    ]
    if curated_label:
        items.append(f'<span style="{CURATED_STYLE}padding:0 4px;">{escape(curated_label)}</span>')
    return '<div class="pa-legend" style="font-size:0.85rem;margin-bottom:0.75rem;">' + " ".join(items) + "</div>"


def plain(text: str, *, caption: bool = False, strong: bool = False) -> str:
    """Text from a document or sidecar (titles, issuers, names) as one safe HTML block: never Markdown, never a
    link or an image (``![t](http://…)`` and ``:red[…]`` stay literal characters). Render with unsafe_allow_html."""
    style = "font-size:0.875rem;color:rgba(49,51,63,0.65);" if caption else ""
    style += "font-weight:600;" if strong else ""
    return f'<div class="pa-plain" style="{style}">{escape(text)}</div>'


def md_code(value: object) -> str:
    """A value inside a Markdown message (st.warning / st.error) as an inline code span: shown literally, whatever
    it holds (the fence is longer than any run of backticks inside)."""
    text = " ".join(str(value).split())
    run, longest = 0, 0
    for c in text:
        run = run + 1 if c == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}"


_MD_SPECIAL = set("\\`*_{}[]()#+-.!|~<>$&")


def md_label(text: str) -> str:
    """Document text used as a widget label (expanders render labels as Markdown): every Markdown character is
    backslash-escaped, so a heading can never become a link, an image or emphasis; a zero-width space after ':'
    keeps ':red[…]' and ':material/…:' shortcodes from forming."""
    out = []
    for c in " ".join(text.split()):
        out.append("\\" + c if c in _MD_SPECIAL else c)
        if c == ":":
            out.append("\u200b")
    return "".join(out)
