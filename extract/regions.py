"""Province reference data and name resolution (short, full, English/pinyin names)."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from extract.paths import REFERENCE

NATIONAL = "全国"
MAX_NAME_CHARS = 64  # the longest accepted spelling is ~25 characters; longer input is not a province name

# The standard one-character abbreviations (简称). Where a province has two in common use (四川 川/蜀, 贵州 黔/贵,
# 云南 滇/云, 陕西 陕/秦, 甘肃 甘/陇) both are accepted; the first is the official one. None collides with another
# province's. They are accepted only as a whole name, never searched for inside document text.
ABBREVIATIONS: dict[str, str] = {
    "京": "北京", "津": "天津", "冀": "河北", "晋": "山西", "蒙": "内蒙古", "辽": "辽宁", "吉": "吉林", "黑": "黑龙江",
    "沪": "上海", "苏": "江苏", "浙": "浙江", "皖": "安徽", "闽": "福建", "赣": "江西", "鲁": "山东", "豫": "河南",
    "鄂": "湖北", "湘": "湖南", "粤": "广东", "桂": "广西", "琼": "海南", "渝": "重庆", "川": "四川", "蜀": "四川",
    "黔": "贵州", "贵": "贵州", "滇": "云南", "云": "云南", "藏": "西藏", "陕": "陕西", "秦": "陕西", "甘": "甘肃",
    "陇": "甘肃", "青": "青海", "宁": "宁夏", "新": "新疆", "台": "台湾", "港": "香港", "澳": "澳门",
}  # fmt: skip


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
    for abbreviation, province in ABBREVIATIONS.items():
        index.setdefault(_key(abbreviation), province)
    return index


def _key(name: str) -> str:
    """Case, width (Ｇｕａｎｇｘｉ), spaces, hyphens and apostrophes do not matter."""
    name = unicodedata.normalize("NFKC", name)
    return "".join(name.split()).lower().replace("-", "").replace("'", "")


def find_province(name: str | None) -> str | None:
    """The canonical short name for any accepted spelling, or None: the one resolver for sidecars, the command line
    and the dashboard's URL parameters.

    Accepted: the short name (广西), the full name (广西壮族自治区), the English/pinyin name in any case (Guangxi,
    guangxi), the aliases of data/reference/provinces.csv (Guangxi Zhuang), the one-character abbreviation (桂), and
    a short name with 省 or 市 appended (浙江省, 北京市).
    """
    if not isinstance(name, str) or len(name) > MAX_NAME_CHARS:
        return None
    key = _key(name)
    if not key:
        return None
    index = _name_index()
    if key in index:
        return index[key]
    for suffix in ("省", "市"):
        if key.endswith(suffix) and len(key) > 2 and key[: -len(suffix)] in index:
            return index[key[: -len(suffix)]]
    return None


def resolve_province(name: str) -> str:
    """Like find_province, but an unknown name raises UnknownProvince with a message listing the accepted names."""
    found = find_province(name)
    if found is not None:
        return found
    known = "、".join(p.province for p in plan_provinces())
    raise UnknownProvince(f"unknown province {name!r}; use a short name ({known}), a full name, or an English name")
