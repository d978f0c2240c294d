"""The records extraction produces: plain dataclasses, one per attribute type.

Every item carries `start`/`end` (offsets into the cleaned document text, end exclusive), `text`
(== document_text[start:end]) and `rule` (a stable rule id from `extract/rules/`), so any fact can be
traced back to the words that support it and to the rule that found it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from extract.headings import Heading, Outline

PLATFORM_KINDS = ("zone", "base_park", "center", "exchange", "platform", "programme", "brand", "event", "other")
COMPARATORS = ("=", ">", ">=", "~", "level", "<", "<=")


@dataclass(frozen=True)
class Evidence:
    """One span of text that supports a theme."""

    start: int
    end: int
    text: str
    rule: str
    heading: str | None = None  # the heading path it sits under (extract.headings.SEPARATOR-joined), None outside


@dataclass
class ThemeHit:
    """A theme found in a unit, with every span that supports it."""

    theme_id: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def hits(self) -> int:
        return len(self.evidence)

    def to_json(self) -> dict[str, Any]:
        return {"theme_id": self.theme_id, "hits": self.hits, "evidence": [asdict(e) for e in self.evidence]}


def as_written(text: str) -> str:
    """A name as the text writes it, with quotes and dash variants normalised (“爱山东” → 爱山东, - → —)."""
    return re.sub(r"[“”\"「」『』《》]", "", text).replace("－", "—").replace("--", "—").strip()


@dataclass(frozen=True)
class Industry:
    """A focus industry / technology field / industrial chain named in the text."""

    name: str  # canonical entity (one entity written two ways maps to one name); `text` is as written
    start: int
    end: int
    text: str
    rule: str
    heading: str | None = None  # the heading path it sits under, None outside every heading
    score: float | None = None  # the keep/reject model's probability of "keep" (None when a rule alone decided)

    def to_json(self) -> dict[str, Any]:
        return {"name": as_written(self.text), "canonical": self.name, "start": self.start, "end": self.end,
                "text": self.text, "rule": self.rule, "score": self.score, "heading": self.heading}  # fmt: skip


@dataclass(frozen=True)
class Platform:
    """A named, concrete carrier: zone, park, centre, exchange, named platform, programme, brand, event."""

    name: str  # canonical entity; `text` is the name as written
    kind: str  # one of PLATFORM_KINDS
    start: int
    end: int
    text: str
    rule: str
    heading: str | None = None  # the heading path it sits under, None outside every heading
    score: float | None = None  # the keep / reject model's probability (None when a rule alone decided)

    def to_json(self) -> dict[str, Any]:
        return {"name": as_written(self.text), "canonical": self.name, "kind": self.kind, "start": self.start,
                "end": self.end, "text": self.text, "rule": self.rule, "score": self.score,
                "heading": self.heading}  # fmt: skip


@dataclass(frozen=True)
class Target:
    """A quantified goal (or, as `Achieved`, a result already reached), with the year it is for or refers to.

    Forecasts by others, thresholds and numbers inside names are neither. `score` is the learned model's
    probability for the class the item was put in (None when a rule alone decided).
    """

    indicator: str
    value: float | None
    value_max: float | None
    unit: str | None
    comparator: str  # one of COMPARATORS
    year: int | None
    start: int
    end: int
    text: str
    rule: str
    score: float | None = None
    indicator_id: str | None = None  # the catalogue indicator (data/reference/indicators.csv), when one matches
    heading: str | None = None  # the heading path it sits under, None outside every heading

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("value", "value_max"):
            v = d[key]
            if isinstance(v, float) and v.is_integer():
                d[key] = int(v)
        # Contract key order: indicator … year, then span, text, rule.
        return d


Achieved = Target  # same fields; which list an item sits in says which it is


@dataclass
class Unit:
    """One province's share of a document: a section of a digest, or a whole single-province document."""

    province: str
    city: str | None
    start: int
    end: int
    themes: list[ThemeHit] = field(default_factory=list)
    focus_industries: list[Industry] = field(default_factory=list)
    platforms: list[Platform] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    achieved: list[Target] = field(default_factory=list)
    # The unit's outline (extract.headings): its headings, and the lookups behind each item's `heading`.
    # Not part of the CLI JSON (items carry `heading`); kept for the database build.
    headings: list[Heading] = field(default_factory=list)
    outline: Outline | None = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "province": self.province,
            "city": self.city,
            "start": self.start,
            "end": self.end,
            "themes": [t.to_json() for t in self.themes],
            "focus_industries": [i.to_json() for i in self.focus_industries],
            "platforms": [p.to_json() for p in self.platforms],
            "targets": [t.to_json() for t in self.targets],
            "achieved": [a.to_json() for a in self.achieved],
        }


R = TypeVar("R")


def evolve(record: R, /, **changes: Any) -> R:
    """dataclasses.replace for these records (frozen, no __post_init__, no init=False fields), without its per-field
    introspection: a copy of the instance's fields with `changes` applied. Thousands are made per document."""
    new = object.__new__(type(record))
    fields = new.__dict__
    fields.update(record.__dict__)
    fields.update(changes)
    return new
