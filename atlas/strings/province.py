"""UI strings of the 省份 Province profile page."""

STRINGS: dict[str, tuple[str, str]] = {
    "province_select": ("省份", "Province"),
    "province_question": (
        "这个省份的规划里写了什么？每一条都能回到原文。",
        "What does this province's plan say? Every item leads back to its source text.",
    ),
    "province_pick": ("请选择一个省份。", "Choose a province."),
    "province_region": ("区域：{region}", "Region: {region}"),
    "province_blocs": ("所属组合：{blocs}", "Blocs: {blocs}"),
    "province_no_sources": (
        "没有任何文档覆盖该省份：以下各项均为缺失（不是0）。",
        "No document covers this province: everything below is missing (not zero).",
    ),
    "province_metric_themes": ("主题", "Themes"),
    "province_metric_industries": ("重点产业", "Focus industries"),
    "province_metric_platforms": ("平台载体", "Platforms"),
    "province_metric_targets": ("量化目标", "Targets"),
    "province_metric_documents": ("来源文档", "Source documents"),
    "province_metrics_note": (
        "计数为不同条目数：由规则从所选类型的文档中提取（⚙），含人工修正；量化目标另含人工整理的核心目标（✎）。"
        "来源文档为覆盖该省份的所选类型文档数。",
        "Counts are distinct items extracted by rule (⚙) from the chosen document types, with hand corrections; "
        "targets also include curated headline targets (✎). Source documents: documents of the chosen types that "
        "cover this province.",
    ),
    "province_attributes": ("提取结果", "What was found"),
    "province_texts": ("来源原文（高亮为匹配片段）", "Source text (matched spans highlighted)"),
    "province_highlight": ("高亮", "Highlight"),
    "province_section_caption": (
        "第 {start}–{end} 字 · {method}",
        "characters {start}–{end} · {method}",
    ),
    "province_section_rule": ("按省份标题切分（规则 {rule}）", "split at the province heading (rule {rule})"),
    "province_section_sidecar": (
        "整篇文档属于该省份（元数据声明）",
        "the whole document speaks for this province (sidecar)",
    ),
    "province_col_evidence": ("证据数", "Evidence"),
    "province_col_quotes": ("原文片段", "Quoted spans"),
    "province_col_value": ("目标值", "Target"),
    "province_col_kind": ("类型", "Kind"),
    "province_col_status": ("核实状态", "Verification"),
    "province_col_baseline": ("基期值", "Baseline"),
    "province_none": ("未找到（来源中未提及或尚未提取）。", "None found (not mentioned, or not extracted yet)."),
    "province_headline": ("人工整理的核心目标（来自已发布规划）", "Curated headline targets (from published plans)"),
    "province_curated_hint": (
        "⚙ = 规则从文档中提取；✎ = 人工整理/修正。原文中红色下划线为人工整理的条目。",
        "⚙ = extracted from the documents by rule; ✎ = curated / corrected by hand. "
        "Curated spans are underlined in red.",
    ),
    "province_open_compare": ("与其他省份对比", "Compare with other provinces"),
    "province_doc_meta": (
        "{doc_type} · 年份：{period} · 发布：{issuer} · 日期：{date} · 文号：{number}",
        "{doc_type} · years: {period} · issuer: {issuer} · date: {date} · no.: {number}",
    ),
    "province_outline_hint": (
        "文档按一级标题分段，点开一段即显示其原文；括号内为该段找到的条目数（各类合计）。"
        "“回顾”是对过去工作的总结，“规划”是今后的目标与任务。",
        "The document, cut at its top-level headings: open a part to read its text. The number is how many items "
        "were found in that part (all kinds). “review” looks back on past work, “plan” sets goals and tasks ahead.",
    ),
    "province_preamble": ("开头", "Opening"),
    "province_part_review": ("回顾", "review"),
    "province_part_plan": ("规划", "plan"),
    "province_no_doc_of_type": (
        "该省份没有所选类型的文档。",
        "No document of the chosen types speaks for this province.",
    ),
    "province_unknown": ("未知", "unknown"),
}
