"""Strings for province names given in the URL (atlas/params.py)."""

STRINGS: dict[str, tuple[str, str]] = {
    "province_param_unknown": (
        "未知省份“{name}”：请使用简称（广西）、全称（广西壮族自治区）、单字简称（桂）或英文名（Guangxi）。",
        "Unknown province “{name}”: use a short name (广西), a full name (广西壮族自治区), the one-character "
        "abbreviation (桂) or the English name (Guangxi).",
    ),
}
