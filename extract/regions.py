"""Province reference data and name resolution (short, full, English/pinyin names)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from extract.paths import REFERENCE

NATIONAL = "全国"


@dataclass(frozen=True)
class Province:
    province: str  # canonical short name
    name_full: str
    name_en: str
    adcode: int
    region: str | None
    region_en: str | None
    has_plan_data: bool
    aliases: tuple[str, ...]
    sort_order: int


class UnknownProvince(ValueError):
    """A province name that matches nothing in data/reference/provinces.csv."""


@lru_cache(maxsize=1)
def provinces() -> tuple[Province, ...]:
    """All map regions: the 31 provinces, 全国, 台湾/香港/澳门."""
    with open(REFERENCE / "provinces.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return tuple(
        Province(
            province=r["province"],
            name_full=r["name_full"],
            name_en=r["name_en"],
            adcode=int(r["adcode"]),
            region=r["region"] or None,
            region_en=r["region_en"] or None,
            has_plan_data=r["has_plan_data"] == "true",
            aliases=tuple(a.strip() for a in r["aliases"].split(";") if a.strip()),
            sort_order=int(r["sort_order"]),
        )
        for r in rows
    )


def plan_provinces() -> tuple[Province, ...]:
    """The 31 provinces that have plans (excludes 全国 and 台湾/香港/澳门)."""
    return tuple(p for p in provinces() if p.has_plan_data)


@lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for p in provinces():
        for name in (p.province, p.name_full, p.name_en, *p.aliases):
            index[_key(name)] = p.province
    return index


def _key(name: str) -> str:
    return "".join(name.split()).lower().replace("-", "").replace("'", "")


def resolve_province(name: str) -> str:
    """Map any accepted spelling (广西, 广西壮族自治区, Guangxi, guangxi) to the canonical short name."""
    key = _key(name)
    if key in _name_index():
        return _name_index()[key]
    for suffix in ("省", "市"):
        if key.endswith(suffix) and key[: -len(suffix)] in _name_index():
            return _name_index()[key[: -len(suffix)]]
    known = "、".join(p.province for p in plan_provinces())
    raise UnknownProvince(f"unknown province {name!r}; use a short name ({known}), a full name, or an English name")
