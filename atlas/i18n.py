"""UI strings in Chinese (default) and English, and bilingual labels for provinces, themes and blocs.

Streamlit-free, so tests can check that every key has both languages.
"""

from __future__ import annotations

import importlib
import numbers
import pkgutil
from collections.abc import Callable
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
    "no_database": (
        "尚未构建数据库（{path}）。请在项目目录运行下面的命令（`make run` 会在首次启动时自动构建），然后刷新本页。",
        "The database ({path}) has not been built yet. Run the command below in the project folder (`make run` "
        "builds it on first start), then reload this page.",
    ),
    "page_delivery": ("规划落实", "Delivery"),
    "doc_type_digest": ("规划汇编", "Plan digest"),
    "doc_type_plan": ("规划", "Plan"),
    "doc_type_action_plan": ("行动方案", "Action plan"),
    "doc_type_measures": ("政策措施", "Policy measures"),
    "doc_type_work_report": ("政府工作报告", "Government work report"),
    "doc_type_national_plan": ("国家规划", "National plan"),
    "doc_type_news": ("新闻", "News"),
    "filter_doc_types": ("文档类型", "Document types"),
    "filter_doc_types_help": (
        "只统计所选类型的文档：比较同类文档（如“十四五”规划汇编与2026年政府工作报告）时，计数不会混在一起。",
        "Count only documents of the chosen types, so that like is compared with like (a 14th FYP digest versus "
        "a 2026 work report) and no count silently mixes them.",
    ),
    "counts_say": (
        "计数均为规则提取结果（⚙），来自所选文档类型：{types}。人工整理的重点目标见“地图”和“数据与方法”页。",
        "All counts are rule-extracted (⚙) from the chosen document types: {types}. Curated headline targets are "
        "on the Map and Data & method pages.",
    ),
    "unknown_value": ("未知", "unknown"),
    "kind_zone": ("园区/示范区", "zone"),
    "kind_base_park": ("基地/产业园", "base or park"),
    "kind_center": ("中心", "centre"),
    "kind_exchange": ("交易所/交易平台", "exchange"),
    "kind_platform": ("平台", "platform"),
    "kind_programme": ("工程/行动/计划", "programme"),
    "kind_brand": ("品牌", "brand"),
    "kind_event": ("会展/赛事", "event"),
    "kind_other": ("其他", "other"),
    "label_colon": ("{label}：", "{label}: "),
    "overview_source": ("{title}（{doc_type} · {period}）", "{title} ({doc_type} · {period})"),
    "about_col_period": ("规划年份", "Plans for"),
    "about_col_review": ("回顾年份", "Reviews"),
    "filter_doc_types_all": ("全部类型", "All types"),
    "footer": (
        "数据库构建于 {built_at}（代码 {code}）· {n_docs} 份文档 · 详见“数据与方法”页",
        "Database built {built_at} (code {code}) · {n_docs} documents · see the Data & method page",
    ),
    "col_province": ("省份", "Province"),
    "col_name_en": ("英文名", "English name"),
    "col_region": ("区域", "Region"),
    "col_n_themes": ("主题数", "Themes"),
    "col_theme_hits": ("主题证据数", "Theme spans"),
    "col_n_industries": ("重点产业数", "Industries"),
    "col_n_platforms": ("平台载体数", "Platforms"),
    "col_n_targets": ("量化目标数", "Targets"),
    "col_n_documents": ("来源文档数", "Documents"),
    "col_sources": ("来源", "Sources"),
    "missing": ("缺失", "missing"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "record_pick": ("查看一条的全部字段", "See every field of one row"),
    "overview_table": ("31个省份一览", "The 31 provinces at a glance"),
    "overview_note": (
        "“缺失”表示没有所选类型的文档覆盖该省份，不等于0。",
        "“missing” means no document of the chosen types covers the province, which is not the same as 0.",
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
    """The one label of a province, theme or bloc: '江苏' in Chinese, 'Jiangsu 江苏' in English.

    Every table, chart and caption goes through here, so one order holds everywhere.
    """
    if not en or lang != "en":
        return zh
    return f"{en} {zh}"


def join_names(names: object, lang: str = "zh", label: Callable[[str], str] | None = None) -> str:
    """A list shown inline: '甲、乙' in Chinese, 'a, b' in English, each item through label; None/NaN are dropped."""
    if names is None or isinstance(names, str) or not hasattr(names, "__iter__"):  # NULL arrives as NaN or NA
        return names if isinstance(names, str) else ""
    items = [label(n) if label else n for n in names if isinstance(n, str) and n]
    return ("、" if lang == "zh" else ", ").join(items)


def indicator_label(code: object, lang: str = "zh") -> str:
    """A target indicator code (core_share_gdp, other:…) in the UI's language; free text stays as written."""
    if not isinstance(code, str) or not code:
        return t("unknown_value", lang)
    if code.startswith("other:"):
        return code.split(":", 1)[1]
    key = f"compare_ind_{code}"
    return t(key, lang) if key in all_strings() else code


def code_label(prefix: str, code: object, lang: str = "zh") -> str:
    """A stored code (kind_zone, table_targets, field_theme_id …) as its label; an unknown code reads 未知/unknown
    rather than reaching the screen raw."""
    if not isinstance(code, str) or not code:
        return t("unknown_value", lang)
    key = f"{prefix}_{code}"
    return t(key, lang) if key in all_strings() else t("unknown_value", lang)


# One comparator table for every place a target is written out ('≥60%'): the codes are extract.records.COMPARATORS.
COMPARATOR_SYMBOLS = {"=": "", ">": ">", ">=": "≥", "~": "≈", "<": "<", "<=": "≤", "level": ""}


def doc_type_label(doc_type: str | None, lang: str = "zh") -> str:
    """The document type in the UI's language (an unknown code is shown as is, never hidden)."""
    if not doc_type:
        return t("missing", lang)
    key = f"doc_type_{doc_type}"
    return t(key, lang) if key in all_strings() else doc_type


def period_label(start: object, end: object) -> str | None:
    """'2021–2025', '2026', or None when the years are unknown (NULL/NaN from the database)."""
    years = [int(y) for y in (start, end) if isinstance(y, numbers.Real) and not isinstance(y, bool) and y == y]
    if not years:
        return None
    lo, hi = min(years), max(years)
    return str(lo) if lo == hi else f"{lo}–{hi}"
