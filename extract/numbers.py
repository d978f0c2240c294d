"""Numbers as Chinese plans write them: digits, Chinese numerals, magnitude words and level words.

Kept apart from the target patterns so the normalisation rules can be tested on their own.
"""

from __future__ import annotations

import re
from functools import lru_cache

import cn2an

_DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_MAGNITUDE_VALUE = {"十": 10, "百": 100, "千": 1000, "万": 10_000}


@lru_cache(maxsize=8192)
def parse_number(token: str) -> float | None:
    """'1,200' → 1200; '8.5' → 8.5; '十二' → 12; '两千' → 2000; None when the token is not a number."""
    token = token.strip()
    if not token:
        return None
    if _DIGITS.fullmatch(token):
        return float(token.replace(",", ""))
    try:
        value = cn2an.cn2an(token, "smart")
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    return float(value)


def is_chinese_numeral(token: str) -> bool:
    """Whether the token is written in Chinese numerals (一, 十二) rather than digits."""
    return bool(token) and _DIGITS.fullmatch(token.strip()) is None


def normalise_unit(magnitude: str | None, unit: str | None) -> str | None:
    """The plain unit as written, magnitude included: (万, 个) → 万个; (None, ％) → %; 个百分点 → 百分点."""
    unit = (unit or "").replace("％", "%")
    if unit == "个百分点":
        unit = "百分点"
    out = f"{magnitude or ''}{unit}"
    return out or None


def level_value(number: str | None, magnitude: str) -> tuple[float, str]:
    """A level word as value + money unit: 千亿级 → (1000, 亿元); 万亿级 → (1, 万亿元); 5000亿级 → (5000, 亿元)."""
    base = magnitude.lstrip("十百千")
    multiplier = 1.0
    for ch in magnitude[: len(magnitude) - len(base)]:
        multiplier *= _MAGNITUDE_VALUE[ch]
    n = parse_number(number) if number else 1.0
    return (n or 1.0) * multiplier, f"{base}元"


def magnitude_word_value(word: str) -> float:
    """A bare magnitude used as a count: 百 → 100, 千 → 1000, 万 → 10000 (百户企业, 千户企业, 万户企业)."""
    return float(_MAGNITUDE_VALUE[word])
