"""UI strings for the curated headline targets (map colouring, tooltips, tables): states, statuses, benchmark."""

STRINGS: dict[str, tuple[str, str]] = {
    "headline_title": ("各省2025年数字经济目标", "Provinces' digital-economy targets for 2025"),
    "headline_question": (
        "各省承诺到2025年数字经济（或其核心产业）占GDP的比重达到多少？",
        "What share of GDP did each province commit its digital economy (or its core industries) to reach by 2025?",
    ),
    "headline_indicator": ("指标", "Indicator"),
    "headline_include_unverified": ("包含未核实的目标", "Include unverified targets"),
    "headline_include_unverified_help": (
        "未核实：仅在转载网站上看到，尚未在政府网站或官方媒体上确认；默认不参与着色与比较。",
        "Unverified: seen only on a reposting site, not yet confirmed on a government site or official media; "
        "left out of the default colouring and comparisons.",
    ),
    "headline_scale_note": (
        "“数字经济占GDP比重”（约30–60%）与“核心产业占GDP比重”（约5–15%）口径不同，分别着色，从不共用一个色阶。",
        "The digital economy's share of GDP (≈30–60%) and its core industries' share (≈5–15%) measure different "
        "things: each has its own colour scale, never a shared one.",
    ),
    "headline_state_value": ("有目标", "target"),
    "headline_state_unverified_hidden": ("仅有未核实目标（已隐藏）", "unverified target only (hidden)"),
    "headline_state_plan_sets_none": ("规划未设此目标", "the plan sets none"),
    "headline_state_no_target_found": ("尚未找到目标", "no target found yet"),
    "headline_state_not_extracted": ("尚未抽取（无文档覆盖）", "not yet extracted (no document covers it)"),
    "headline_status": ("核实状态", "Status"),
    "headline_conflict_no_target": ("该来源称规划未设此目标", "a source records that the plan sets none"),
    "headline_status_high": ("已核实（官方来源）", "verified (official source)"),
    "headline_status_medium": ("官方来源（相关规划或后续修订）", "official source (related plan or later revision)"),
    "headline_status_unverified": ("未核实（转载来源）", "unverified (reposting site)"),
    "headline_plan": ("规划", "Plan"),
    "headline_issuer": ("发布机关", "Issuer"),
    "headline_issue_date": ("发布日期", "Issued"),
    "headline_source": ("来源", "Source"),
    "headline_publisher": ("来源发布方", "Publisher"),
    "headline_value": ("目标值", "Target"),
    "headline_baseline": ("基期值", "Baseline"),
    "headline_target_year": ("目标年份", "Target year"),
    "headline_baseline_year": ("基期年份", "Baseline year"),
    "headline_note": ("备注", "Note"),
    "headline_conflict": ("来源冲突", "Conflicting sources"),
    "headline_n_sources": ("来源条数", "Curated rows"),
    "headline_benchmark": (
        "全国基准：{value}{unit}（{year}年，{plan}；{base_year}年为{base}{unit}）",
        "National benchmark: {value}{unit} by {year} ({plan}; {base}{unit} in {base_year})",
    ),
    "headline_benchmark_none": ("该指标没有全国基准。", "No national benchmark for this indicator."),
    "headline_method_curated": ("人工整理", "curated"),
}
