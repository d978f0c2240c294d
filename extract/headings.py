"""A document's outline: its numbered headings (一、 （一） 1. 第X章 专栏N …), their nesting, and which part of a work
report each position sits in (the review of the past, or the plan for what is to come).

Rules are data (rules/headings.yaml). A heading starts a paragraph; the numbering style decides its level (the
first style seen is the outermost); `Outline.path_at(pos)` gives the titles of the headings that contain a position.
One regex pass over the text, then bisect per query: linear in the text, whatever it holds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from extract.paths import RULES

SEPARATOR = " › "
REVIEW, PLAN = "review", "plan"
_SCAN = 200  # how far past its marker a heading's title is looked for (keeps hostile one-line text linear)
_SPACE = " \t\u3000"
_CLAUSE_END = re.compile("[，。：；,:;]")


@dataclass(frozen=True)
class Heading:
    """One heading: `text[start:end] == title` (numbering included); `part` is None when its title names both
    parts or neither (then `Outline.part_at` tells the paragraphs apart)."""

    level: int
    start: int
    end: int
    title: str
    rule: str
    part: str | None


@dataclass(frozen=True)
class Outline:
    """The headings of text[start:end], in document order, with per-position lookups."""

    headings: list[Heading]
    start: int
    end: int
    _starts: list[int] = field(default_factory=list, repr=False, compare=False)
    _paths: list[tuple[str, ...]] = field(default_factory=list, repr=False, compare=False)
    _part_starts: list[int] = field(default_factory=list, repr=False, compare=False)
    _parts: list[str | None] = field(default_factory=list, repr=False, compare=False)

    def path_at(self, pos: int) -> tuple[str, ...]:
        """Titles of the headings containing `pos`, outermost first; () outside every heading."""
        if not self.start <= pos < self.end:
            return ()
        i = bisect_right(self._starts, pos) - 1
        return self._paths[i] if i >= 0 else ()

    def label_at(self, pos: int) -> str | None:
        """The heading path at `pos` joined with " › ", or None outside every heading."""
        return SEPARATOR.join(self.path_at(pos)) or None

    def part_at(self, pos: int) -> str | None:
        """ "review", "plan", or None (before the first heading, in back matter, or where nothing says)."""
        if not self.start <= pos < self.end:
            return None
        i = bisect_right(self._part_starts, pos) - 1
        return self._parts[i] if i >= 0 else None


@dataclass(frozen=True)
class _Style:
    rule: str
    kind: str  # numbered, box, appendix, bare
    group: str


@lru_cache(maxsize=1)
def _rules() -> dict:
    with open(RULES / "headings.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], dict[str, _Style]]:
    alternatives, styles = [], {}
    for i, spec in enumerate(_rules()["styles"]):
        group = f"s{i}"
        styles[group] = _Style(spec["id"], spec["kind"], group)
        if "line" in spec:  # the whole line is the heading
            alternatives.append(rf"(?P<{group}>(?:{spec['line']}))[{_SPACE}]*$")
        else:  # a marker, then the title (spaces allowed between them)
            alternatives.append(rf"(?P<{group}>(?:{spec['marker']}))[{_SPACE}]*(?=[^\s])")
    pattern = re.compile(rf"^[{_SPACE}]*(?:{'|'.join(alternatives)})", re.MULTILINE)
    return pattern, styles


@lru_cache(maxsize=1)
def _title_rules() -> tuple[re.Pattern[str], re.Pattern[str], int, str, re.Pattern[str]]:
    t = _rules()["title"]
    return (
        re.compile(f"[{re.escape(t['stop'])}]"),
        re.compile(f"[{re.escape(t['soft_stop'])}]"),
        int(t["max_title"]),
        t["trim"],
        re.compile(_rules()["bare_line"]["require"]),
    )


@lru_cache(maxsize=1)
def _part_rules() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str], list[re.Pattern[str]], int]:
    p = _rules()["parts"]
    words = {w: part for part in (REVIEW, PLAN) for w in p[part]}
    word_rx = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    return word_rx, words, re.compile(p["year"]), [re.compile(rx) for rx in p["period"]], int(p["lead_window"])


@lru_cache(maxsize=1)
def _lead_rules_words() -> dict[str, str]:
    lead = _rules()["parts"]["lead_words"]
    return {w: part for part in (REVIEW, PLAN) for w in lead[part]}


@lru_cache(maxsize=1)
def _lead_rules() -> tuple[re.Pattern[str], int]:
    words = _lead_rules_words()
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))), _part_rules()[4]


_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def _title_end(text: str, body: int, limit: int, kind: str) -> int:
    """Where a heading's title ends: its line's end, or the first stop if it runs into its body text."""
    stop, soft, max_title, trim, _ = _title_rules()
    scan = min(limit, body + _SCAN)
    nl = text.find("\n", body, scan)
    line_end = scan if nl == -1 else nl
    end = line_end
    if kind in ("numbered", "box"):
        m = stop.search(text, body, line_end)
        if m:
            end = m.start()
        if end - body > max_title:
            s = soft.search(text, body + 1, end)
            end = s.start() if s and s.start() - body <= max_title else body + max_title
    while end > body and text[end - 1] in trim:
        end -= 1
    return end


_last: tuple[str, int, int, Outline] | None = None


def outline(text: str, start: int = 0, end: int | None = None) -> Outline:
    """The outline of text[start:end]: headings at paragraph starts, nested by numbering style. The last one is kept
    (the pipeline and the numbers' parts ask for the same unit's outline)."""
    global _last
    start = max(0, start)
    end = len(text) if end is None else max(start, min(end, len(text)))
    last = _last
    if last is not None and last[0] is text and last[1] == start and last[2] == end:
        return last[3]
    found_outline = _outline(text, start, end)
    _last = (text, start, end, found_outline)
    return found_outline


def _outline(text: str, start: int, end: int) -> Outline:
    pattern, styles = _compiled()
    require = _title_rules()[4]

    found: list[tuple[int, int, int, str, str]] = []  # level, start, end, rule, kind
    order: dict[str, int] = {}  # numbering style → rank in the current scope (body, or an appendix)
    base = 0  # 1 inside an appendix: its numbering nests below it
    stack: list[tuple[int, str]] = []  # open headings: level, kind
    for m in pattern.finditer(text, start, end):
        style = styles[m.lastgroup or ""]
        h_start, marker_end = m.start(style.group), m.end(style.group)
        if style.kind in ("numbered", "box"):
            h_end = _title_end(text, m.end(), end, style.kind)
            if h_end <= m.end():
                continue  # a bare number, nothing after it
        else:
            h_end = _title_end(text, marker_end, end, style.kind)
            if style.kind == "bare":
                if base or (order and order.get(style.rule) != 0) or not require.search(text, h_start, h_end):
                    continue
        if style.kind == "appendix":
            level, base, order = 1, 1, {}
        elif style.kind == "box":
            while stack and stack[-1][1] == "box":
                stack.pop()
            level = (stack[-1][0] if stack else base) + 1
        else:
            level = base + order.setdefault(style.rule, len(order)) + 1
        while stack and (stack[-1][0] >= level or stack[-1][1] == "box"):
            stack.pop()
        stack.append((level, style.kind))
        found.append((level, h_start, h_end, style.rule, style.kind))
    return _assemble(text, start, end, found)


def _assemble(text: str, start: int, end: int, found: list[tuple[int, int, int, str, str]]) -> Outline:
    """Paths and parts, once the headings are known (the latest year and period they name are the plan's)."""
    titles = [text[s:e] for _, s, e, _, _ in found]
    numbers = [_numbers(t) for t in titles]
    horizon = _horizon(numbers)
    headings: list[Heading] = []
    paths: list[tuple[str, ...]] = []
    part_starts: list[int] = [start]
    parts: list[str | None] = [None]
    stack: list[tuple[int, int]] = []  # level, index into headings
    is_open: set[int] = set()  # headings whose part their paragraphs set (title names both parts, or neither)
    seen_plan_top = False
    for i, (level, h_start, h_end, rule, kind) in enumerate(found):
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        in_open = parent is not None and parent in is_open
        own = _cues(titles[i], numbers[i], horizon)
        part: str | None = None
        current: str | None = None
        if kind == "appendix":
            seen_plan_top = False
        elif parent is not None and headings[parent].part is not None:
            part = headings[parent].part
        elif len(own) == 1 and (parent is not None or _names_a_part(titles[i])):
            part = own[0]
        elif len(own) == 1:  # only its years say ("关于…第十五个五年规划纲要的说明"): its own paragraphs may say
            is_open.add(i)  # otherwise before its first sub-heading; the heading and its sub-headings keep that part
            part = current = own[0]
        elif len(own) == 2:
            is_open.add(i)
            current = own[0]
        elif in_open and parts[-1] is not None:
            part = parts[-1]
        elif level == 1 and seen_plan_top:
            part = PLAN  # a report runs from review to plan: a chapter that names no part, after the plan, is plan
        else:
            is_open.add(i)
            current = parts[-1] if in_open else None
        if level == 1 and part == PLAN:
            seen_plan_top = True
        headings.append(Heading(level, h_start, h_end, titles[i], rule, part))
        stack.append((level, i))
        paths.append(tuple(headings[j].title for _, j in stack))
        part_starts.append(h_start)
        parts.append(part if i not in is_open else current)
        if i in is_open:  # paragraphs of its own body set the part where their first words say so
            body_end = found[i + 1][1] if i + 1 < len(found) else end
            for p, new in _lead_switches(text, h_end, body_end, current, horizon):
                part_starts.append(p)
                parts.append(new)
    return Outline(headings, start, end, [h.start for h in headings], paths, part_starts, parts)


def _lead_switches(
    text: str, pos: int, limit: int, current: str | None, horizon: tuple[int, int]
) -> list[tuple[int, str]]:
    """(paragraph start, part) wherever a paragraph's first clause names the other part."""
    lead_rx, window = _lead_rules()
    out = []
    nl = text.find("\n", pos, limit)
    while nl != -1:
        p = nl + 1
        clause = _CLAUSE_END.search(text, p, min(limit, p + window))
        lead = text[p : clause.start() if clause else min(limit, p + window)]
        m = lead_rx.search(lead)
        cues = [_lead_rules_words()[m.group()]] if m else _relative(_numbers(lead), horizon)
        if cues and cues[0] != current:
            current = cues[0]
            out.append((p, current))
        nl = text.find("\n", p, limit)
    return out


def _numbers(title: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(position, year) and (position, five-year period) named in a title."""
    if "年" not in title and "五" not in title:
        return [], []
    _, _, year_rx, period_rxs, _ = _part_rules()
    years = [(m.start(), int(m.group(1))) for m in year_rx.finditer(title)]
    periods = [(m.start(), 10 + _CN_DIGITS[m.group(1)]) for rx in period_rxs for m in rx.finditer(title)]
    return years, periods


def _horizon(numbers: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]) -> tuple[int, int]:
    """The latest year and five-year period the headings name (0 when none)."""
    year = period = 0
    for years, periods in numbers:
        if not years and not periods:
            continue
        year = max([year, *(y for _, y in years)])
        period = max([period, *(p for _, p in periods)])
    return year, period


def _cues(
    title: str, numbers: tuple[list[tuple[int, int]], list[tuple[int, int]]], horizon: tuple[int, int]
) -> list[str]:
    """The parts a title names, in the order it names them: words first; else its years and periods, the latest
    ones (the horizon) being the plan and earlier ones the review."""
    word_rx, words, _, _, _ = _part_rules()
    votes = [(m.start(), words[m.group()]) for m in word_rx.finditer(title)]
    if not votes:
        return _relative(numbers, horizon)
    return list(dict.fromkeys(part for _, part in sorted(votes)))


def _names_a_part(title: str) -> bool:
    """A title with a part cue word (回顾, 目标, 任务 …), not only years or periods."""
    return _part_rules()[0].search(title) is not None


def _relative(numbers: tuple[list[tuple[int, int]], list[tuple[int, int]]], horizon: tuple[int, int]) -> list[str]:
    """Parts by the years and periods named: the latest ones (the horizon) are the plan, earlier ones the review."""
    years, periods = numbers
    if not years and not periods:
        return []
    votes = [(p, PLAN if y >= horizon[0] else REVIEW) for p, y in years]
    votes += [(p, PLAN if n >= horizon[1] else REVIEW) for p, n in periods]
    return list(dict.fromkeys(part for _, part in sorted(votes)))


def all_rule_ids() -> set[str]:
    return {spec["id"] for spec in _rules()["styles"]}
