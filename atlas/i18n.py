"""UI strings in Chinese (default) and English, and bilingual labels for provinces, themes and blocs.

Streamlit-free, so tests can check that every key has both languages.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

LANGS = ("zh", "en")
LANG_LABELS = {"zh": "中文", "en": "English"}

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("十四五规划对比 · 省级数字化转型", "Plan Atlas · Provincial digital-transformation plans"),
    "app_caption": (
        "比较31个省份“十四五”数字化转型规划：主题、重点产业、平台载体与量化目标，每条事实均可追溯到原文。",
        "Compare how China's 31 provinces plan their digital transformation in the 14th Five-Year Plan: themes, "
        "focus industries, platforms and targets, each traceable to its source text.",
    ),
    "language": ("语言", "Language"),
    "page_overview": ("总览", "Overview"),
    "page_map": ("地图", "Map"),
    "page_compare": ("对比", "Compare"),
    "page_province": ("省份", "Province"),
    "page_themes": ("主题", "Themes"),
    "page_search": ("搜索", "Search"),
    "page_about": ("数据与方法", "Data & method"),
    "building_db": ("首次运行：正在构建数据库……", "First run: building the database…"),
    "build_failed": ("数据库构建失败：", "Building the database failed: "),
    "footer": (
        "数据库构建于 {built_at}（代码 {code}）· {n_docs} 份文档 · 详见“数据与方法”页",
        "Database built {built_at} (code {code}) · {n_docs} documents · see the Data & method page",
    ),
    "col_province": ("省份", "Province"),
    "col_name_en": ("英文名", "English name"),
    "col_region": ("区域", "Region"),
    "col_n_themes": ("主题数", "Themes"),
    "col_theme_hits": ("主题证据数", "Theme evidence"),
    "col_n_industries": ("重点产业数", "Focus industries"),
    "col_n_platforms": ("平台载体数", "Platforms"),
    "col_n_targets": ("量化目标数", "Targets"),
    "col_n_documents": ("来源文档数", "Source documents"),
    "col_sources": ("来源", "Sources"),
    "missing": ("缺失", "missing"),
    "overview_table": ("31个省份一览", "The 31 provinces at a glance"),
    "overview_note": (
        "空白表示没有任何文档覆盖该省份（缺失），不等于0。",
        "A blank means no document covers the province (missing), which is not the same as 0.",
    ),
    "n_provinces_covered": ("有来源的省份", "Provinces with sources"),
    "n_documents": ("文档", "Documents"),
    "n_theme_evidence": ("主题证据", "Theme evidence spans"),
}


@lru_cache(maxsize=1)
def all_strings() -> dict[str, tuple[str, str]]:
    """STRINGS above plus every atlas/strings/<page>.py module's STRINGS; a key defined twice is an error."""
    import atlas.strings as package

    merged = dict(STRINGS)
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"atlas.strings.{info.name}")
        for key, pair in module.STRINGS.items():
            if key in merged:
                raise KeyError(f"UI string {key!r} defined twice (atlas/strings/{info.name}.py)")
            merged[key] = pair
    return merged


def t(key: str, lang: str = "zh") -> str:
    """The string for key in lang; falls back to the key itself (visible, never a crash)."""
    pair = all_strings().get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def bilingual(zh: str, en: str | None, lang: str = "zh") -> str:
    """Province / theme label in both languages, the active one first: '广西 Guangxi' or 'Guangxi 广西'."""
    if not en:
        return zh
    return f"{en} {zh}" if lang == "en" else f"{zh} {en}"
