"""Find each province's section in a multi-province digest (one paragraph or chapter per province)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from extract.paths import RULES
from extract.regions import plan_provinces


@dataclass(frozen=True)
class Section:
    province: str
    start: int
    end: int
    rule: str


@lru_cache(maxsize=1)
def _rules() -> dict:
    with open(RULES / "segment.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=1)
def _header_pattern() -> re.Pattern[str]:
    rules = _rules()
    names: dict[str, str] = {}
    for p in plan_provinces():
        names[p.name_full] = p.province
        names[p.province] = p.province
    # longest names first so 内蒙古自治区 wins over 内蒙古
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    prefixes = "|".join(rules["header_prefixes"])
    lead_ins = "|".join(rules["lead_ins"])
    ends = re.escape(rules["sentence_ends"])
    return re.compile(
        rf"(?:(?<=^)|(?<=[{ends}]))[ \t\u3000]*"
        rf"(?P<head>(?:{prefixes})?[ \t\u3000]*(?P<name>{alternatives}))(?={lead_ins})",
        re.MULTILINE,
    )


@lru_cache(maxsize=1)
def _name_to_short() -> dict[str, str]:
    out: dict[str, str] = {}
    for p in plan_provinces():
        out[p.name_full] = p.province
        out[p.province] = p.province
    return out


@lru_cache(maxsize=1)
def _end_marker() -> re.Pattern[str]:
    return re.compile("|".join(_rules()["end_markers"]))


def find_sections(text: str) -> list[Section]:
    """Province sections of a digest, in document order; [] when the text is not a multi-province digest.

    Text before the first header and after the last section's paragraph belongs to no section.
    """
    rules = _rules()
    heads = [(m.start("head"), _name_to_short()[m.group("name")]) for m in _header_pattern().finditer(text)]
    if len({prov for _, prov in heads}) < int(rules["min_sections"]):
        return []
    sections: list[Section] = []
    for i, (start, province) in enumerate(heads):
        limit = heads[i + 1][0] if i + 1 < len(heads) else _paragraph_end(text, start)
        marker = _end_marker().search(text, start, limit)
        end = marker.start() if marker else limit
        end = _rstrip(text, start, end)
        if end > start:
            sections.append(Section(province, start, end, rules["rule_id"]))
    return sections


def _paragraph_end(text: str, start: int) -> int:
    newline = text.find("\n", start)
    return len(text) if newline == -1 else newline


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\n\u3000\r":
        end -= 1
    return end
