"""Units of quantities (万亿元, 万个, 个百分点 …) in the UI's language.

Units arrive as the plain unit the extractor normalised (a magnitude prefix plus a counter word), so English is
built from two small tables rather than one entry per combination; a unit outside them is shown as written.
"""

from __future__ import annotations

# Longest first, so 万亿 wins over 万 and 亿.
_MAGNITUDES = (
    ("万亿", "trillion"),
    ("千亿", "100 billion"),
    ("百亿", "10 billion"),
    ("十亿", "billion"),
    ("千万", "10 million"),
    ("百万", "million"),
    ("十万", "100,000"),
    ("亿", "100 million"),
    ("万", "10,000"),
    ("千", "1,000"),
    ("百", "100"),
)

COUNTERS = {
    "元": "yuan",
    "美元": "US dollars",
    "元/人": "yuan per person",
    "个": "units",
    "家": "organisations",
    "人": "people",
    "名": "people",
    "人次": "person-times",
    "户": "households or firms",
    "项": "items",
    "条": "lines",
    "公里": "km",
    "百分点": "percentage points",
    "个百分点": "percentage points",
    "所": "institutions",
    "座": "facilities",
    "套": "sets",
    "件": "pieces",
    "处": "sites",
    "种": "kinds",
    "批": "batches",
    "台": "machines",
    "架": "aircraft",
    "倍": "times",
    "部": "units",
    "款": "models",
    "吨": "tonnes",
    "千瓦": "kW",
    "平方米": "m²",
    "亩": "mu",
    "标准机架": "standard racks",
    "位次（进入前N）": "rank (top N)",
}


def unit_label(unit: object, lang: str = "zh") -> str:
    """'万亿元' → 'trillion yuan' in English; Chinese (and ASCII units such as % or EFLOPS) stay as written."""
    if not isinstance(unit, str) or not unit:
        return ""
    if lang != "en" or unit.isascii():
        return unit
    if unit in COUNTERS:
        return COUNTERS[unit]
    for prefix, word in _MAGNITUDES:
        rest = unit[len(prefix) :]
        if unit.startswith(prefix) and rest in COUNTERS:
            return f"{word} {COUNTERS[rest]}"
    return unit
