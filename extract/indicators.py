"""Indicator catalogue: which quantity an indicator text names, and units brought to one scale.

Plans and work reports name the same quantity in many wordings (数字经济规模 / 数字经济增加值 / 数字经济总量) and
write values in many magnitudes (5.2万亿元, 52000亿元). The rules are data: `data/reference/indicators.csv` (one row
per quantity, with its wordings) and `data/reference/units.csv` (one row per written unit), loaded once.

- `indicator_id(text, unit)`: the catalogue id whose wording is the longest one found in the text, provided the
  unit's family agrees (a % never maps to a money indicator). A growth wording (增长, 增速, …) with a % picks the
  growth twin of a level (地区生产总值增长 → gdp_growth, not gdp).
- `normalise(value, unit)`: the value in the canonical unit of its dimension (万亿元 → 亿元 ×10000, 万个 → 个).

Pure Python (no database or UI imports) so the extractor, the build and the tests can all use it.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.paths import REFERENCE

CATALOGUE = REFERENCE / "indicators.csv"
UNITS = REFERENCE / "units.csv"

CATALOGUE_COLUMNS = (
    "id", "name_zh", "name_en", "unit_family", "unit", "base", "growth_of", "group", "wordings", "excludes",
    "seen_in", "note",
)  # fmt: skip
UNIT_COLUMNS = ("unit", "dimension", "scale", "canonical")

# Which unit dimensions (units.csv) each unit family (indicators.csv) accepts. A change in percentage points is
# accepted for a share or a rate (the unit says it is a change); a growth may be stated in 倍 (增长3.5倍).
FAMILY_DIMENSIONS: dict[str, frozenset[str]] = {
    "share_pct": frozenset({"percent", "percent_point"}),
    "rate_pct": frozenset({"percent", "percent_point"}),
    "growth_pct": frozenset({"percent", "multiple"}),
    "decline_pct": frozenset({"percent"}),
    "money_cny": frozenset({"money_cny"}),
    "money_usd": frozenset({"money_usd"}),
    "money_per_person": frozenset({"money_per_person"}),
    "count": frozenset({"count"}),
    "capacity": frozenset({"compute"}),
    "mass": frozenset({"mass"}),
    "years": frozenset({"years"}),
    "concentration": frozenset({"concentration"}),
}
# Words that make a % a growth rate rather than a share or a level.
GROWTH_MARKERS = ("增长", "增速", "增幅", "涨幅")
_GROWTH_DIMENSIONS = frozenset({"percent", "multiple"})


class CatalogueError(Exception):
    """A malformed catalogue or unit table; the message names the file, row and problem."""


@dataclass(frozen=True)
class Indicator:
    id: str
    name_zh: str
    name_en: str
    unit_family: str
    unit: str
    base: str | None
    growth_of: str | None  # for a growth rate: the level it is the growth of (its wordings count too)
    group: str | None  # headline group (core / de) used by data/curated/no_outcome.csv
    wordings: tuple[str, ...]
    excludes: tuple[str, ...]  # phrases that, present in the text, rule this indicator out
    seen_in: int
    note: str | None


@dataclass(frozen=True)
class Unit:
    unit: str
    dimension: str
    scale: float  # multiplier to the dimension's smallest unit (元, 个, P, 吨, …)
    canonical: str


_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")


def normalise_text(text: str) -> str:
    """Text as matching sees it: NFKC (full-width ％ and ＧＤＰ become % and GDP), no whitespace and no quotes
    (专精特新“小巨人”企业 and 专精特新小巨人企业 are one wording)."""
    return "".join(unicodedata.normalize("NFKC", text or "").split()).translate(_QUOTES)


_norm = normalise_text


def _split(cell: str) -> tuple[str, ...]:
    return tuple(w for w in (_norm(x) for x in (cell or "").split(";")) if w)


@lru_cache(maxsize=4)
def load_catalogue(path: Path = CATALOGUE) -> dict[str, Indicator]:
    """The catalogue by id, in file order; checked on load (ids unique, families known, twins exist)."""
    rows: dict[str, Indicator] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in CATALOGUE_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CatalogueError(f"{path}: missing column(s) {', '.join(missing)}")
        for line, r in enumerate(reader, start=2):
            r = {k: (v or "").strip() for k, v in r.items() if k is not None}
            ind = Indicator(
                id=r["id"], name_zh=r["name_zh"], name_en=r["name_en"], unit_family=r["unit_family"],
                unit=r["unit"], base=r["base"] or None, growth_of=r["growth_of"] or None, group=r["group"] or None,
                wordings=_split(r["wordings"]), excludes=_split(r["excludes"]),
                seen_in=int(r["seen_in"]) if r["seen_in"].isdigit() else -1, note=r["note"] or None,
            )  # fmt: skip
            if not ind.id or not ind.id.replace("_", "").isalnum() or not ind.id.islower() or ind.id[0].isdigit():
                raise CatalogueError(f"{path}: row {line}: id {ind.id!r} is not snake_case")
            if ind.id in rows:
                raise CatalogueError(f"{path}: row {line}: id {ind.id!r} occurs twice")
            if ind.unit_family not in FAMILY_DIMENSIONS:
                raise CatalogueError(f"{path}: row {line}: unit_family {ind.unit_family!r} is not known")
            if not ind.wordings and not ind.growth_of:
                raise CatalogueError(f"{path}: row {line}: no wordings")
            rows[ind.id] = ind
    for ind in rows.values():
        if ind.growth_of and ind.growth_of not in rows:
            raise CatalogueError(f"{path}: {ind.id}: growth_of {ind.growth_of!r} is not an id")
        if ind.growth_of and ind.unit_family != "growth_pct":
            raise CatalogueError(f"{path}: {ind.id}: only a growth_pct indicator has growth_of")
    return rows


@lru_cache(maxsize=4)
def load_units(path: Path = UNITS) -> dict[str, Unit]:
    """Written unit → its dimension, scale and canonical unit."""
    units: dict[str, Unit] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in UNIT_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CatalogueError(f"{path}: missing column(s) {', '.join(missing)}")
        for line, r in enumerate(reader, start=2):
            key = _norm(r["unit"])
            try:
                units[key] = Unit(key, r["dimension"].strip(), float(r["scale"]), _norm(r["canonical"]))
            except ValueError:
                raise CatalogueError(f"{path}: row {line}: scale {r['scale']!r} is not a number") from None
    for u in units.values():
        c = units.get(u.canonical)
        if c is None or c.dimension != u.dimension:
            raise CatalogueError(f"{path}: {u.unit}: canonical {u.canonical!r} is not a unit of {u.dimension}")
    return units


def unit_info(unit: str | None) -> Unit | None:
    """The unit table's row for a written unit (case-insensitive for Latin units like Eflops); None if unknown."""
    if not unit:
        return None
    units = load_units()
    key = _norm(unit)
    if key in units:
        return units[key]
    folded = {k.casefold(): v for k, v in units.items()}
    return folded.get(key.casefold())


def _effective_wordings(ind: Indicator, catalogue: dict[str, Indicator]) -> tuple[str, ...]:
    if ind.growth_of:
        return ind.wordings + catalogue[ind.growth_of].wordings
    return ind.wordings


@lru_cache(maxsize=1)
def _growth_twins() -> dict[str, str]:
    return {ind.growth_of: ind.id for ind in load_catalogue().values() if ind.growth_of}


@lru_cache(maxsize=1)
def _by_first_pair() -> dict[str, list[tuple[str, str]]]:
    """(wording, indicator id) pairs by the wording's first two characters: an indicator text of ~20 characters
    holds ~20 pairs, so only the few wordings that can occur in it are tested (extraction calls this per number)."""
    catalogue = load_catalogue()
    index: dict[str, list[tuple[str, str]]] = {}
    for ind in catalogue.values():
        for w in _effective_wordings(ind, catalogue):
            index.setdefault(w[:2], []).append((w, ind.id))
    return index


def indicator_id(indicator_text: str, unit: str | None) -> str | None:
    """The catalogue id the text names, or None (no wording found, a phrase that rules it out, or a unit of the wrong
    family). The longest wording found wins; a tie goes to the first indicator in the file. A level that has a growth
    twin becomes the twin when the text says 增长/增速 and the unit is a % or 倍 (or not given). A growth-only
    indicator needs such a word. An unknown unit maps to nothing (its family cannot be checked)."""
    text = _norm(indicator_text)
    if not text:
        return None
    dimension: str | None = None
    if unit:
        info = unit_info(unit)
        if info is None:
            return None
        dimension = info.dimension
    catalogue = load_catalogue()
    growth = any(m in text for m in GROWTH_MARKERS) and (dimension is None or dimension in _GROWTH_DIMENSIONS)
    index = _by_first_pair()
    longest: dict[str, int] = {}  # indicator id → its longest wording found in the text
    for i in range(len(text) - 1):
        for w, ind_id in index.get(text[i : i + 2], ()):
            if text.startswith(w, i) and len(w) > longest.get(ind_id, 0):
                longest[ind_id] = len(w)
    best: tuple[int, Indicator] | None = None
    for ind in catalogue.values():  # catalogue order breaks ties, as before
        length = longest.get(ind.id, 0)
        if not length or any(x in text for x in ind.excludes):
            continue
        if ind.unit_family == "growth_pct":
            if not growth:
                continue
        elif growth and ind.id in _growth_twins():
            continue  # the twin takes it
        if best is None or length > best[0]:
            best = (length, ind)
    if best is None:
        return None
    ind = best[1]
    if dimension is not None and dimension not in FAMILY_DIMENSIONS[ind.unit_family]:
        return None
    return ind.id


def normalise(value: float, unit: str, indicator: str | None = None) -> tuple[float, str]:
    """The value in its canonical unit: (5.2, 万亿元) → (52000, 亿元); (18.8, 万个) → (188000, 个); % and 个百分点
    stay. With an indicator id, a value of the indicator's dimension is given in the indicator's unit instead
    (4.5万元 of disposable_income → 45000 元; 9.5万座 of base_stations_5g → 95000 个). An unknown unit is returned
    as written."""
    info = unit_info(unit)
    if info is None:
        return value, unit
    units = load_units()
    target = info.canonical
    if indicator is not None:
        ind = load_catalogue().get(indicator)
        wanted = unit_info(ind.unit) if ind is not None else None
        if wanted is not None and wanted.dimension == info.dimension:
            target = wanted.unit
    factor = info.scale / units[target].scale
    return _tidy(value * factor), target


def _tidy(x: float) -> float:
    """Undo float noise from the scaling (5.2 × 10000 = 52000.00000000001)."""
    return float(f"{x:.12g}")
