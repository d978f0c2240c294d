"""UI strings of the 规划落实 Delivery page."""

STRINGS: dict[str, tuple[str, str]] = {
    "delivery_title": ("规划落实：目标 → 成效 → 下一步", "Delivery: plan → outcome → next"),
    "delivery_question": (
        "“十四五”已经结束：各省份是否实现了规划目标？政府工作报告报告了什么成效？下一步又定了什么目标？"
        "每个数字都附有原文出处。",
        "The 14th Five-Year Plan period is over: did each province meet its plan's target, what outcome does its "
        "2026 work report state, and what does it aim for next? Every number cites its source text.",
    ),
    "delivery_indicator": ("指标", "Indicator"),
    "delivery_indicator_option": (
        "{name}（目标 {t} · 成效 {o} · 下一步 {n}）",
        "{name} (targets {t} · outcomes {o} · next {n})",
    ),
    "delivery_region": ("区域或城市群", "Region or bloc"),
    "delivery_region_all": ("全部31个省份", "All 31 provinces"),
    "delivery_unverified": ("包含未核实的目标", "Include unverified targets"),
    "delivery_unverified_help": (
        "人工整理的目标中，来源为转载网站的标为“未核实”；打开后它们也参与判断，并在表格中标注。",
        "Curated targets found only on reposting sites are marked unverified; switched on, they are judged too "
        "and marked in the table.",
    ),
    "delivery_counts": (
        "有成效数据的省份：{n_outcome}（人工整理 {curated}，规则提取 {rule}）；有“十四五”目标的省份：{n_target}；"
        "可判断是否达成的省份：{n_judged}。",
        "Provinces with an outcome: {n_outcome} ({curated} curated, {rule} rule-extracted); with a 14th FYP target: "
        "{n_target}; judged met or not met: {n_judged}.",
    ),
    "delivery_benchmark": (
        "全国基准：{value}（{plan}）",
        "National benchmark: {value} ({plan})",
    ),
    "delivery_map_title": ("落实状态", "Delivery status"),
    "delivery_status_met": ("已达成", "met"),
    "delivery_status_not_met": ("未达成", "not met"),
    "delivery_status_lower_bound": (
        "仅报告“超过”某值，低于目标，无法判断",
        "stated only as 'over X' below the target: cannot tell",
    ),
    "delivery_status_not_comparable": ("口径不同，不作判断", "other unit or base: not judged"),
    "delivery_status_no_number": ("提及但未报告数字", "mentioned, no number reported"),
    "delivery_status_no_outcome": ("未报告成效", "no outcome reported"),
    "delivery_status_no_target": ("无“十四五”目标", "no 14th FYP target"),
    "delivery_statuses_note": (
        "状态：已达成 / 未达成（成效与目标同一口径、同一单位时才比较）；仅报告“超过”某值且低于目标时无法判断；"
        "口径不同，不作判断；"
        "提及但未报告数字（报告提到该指标但没有数值）；未报告成效；无“十四五”目标（未找到规划目标）。"
        "增速不与总量或比重目标比较，是不同的指标。",
        "Statuses: met / not met (compared only when outcome and target share a unit and base); stated only as "
        "'over X' with X below the target: cannot tell; other unit or "
        "base: not judged; mentioned, no number reported (the report names the indicator without a figure); no "
        "outcome reported; no 14th FYP target (no plan target found). A growth rate is never compared with a "
        "level or share target: it is another indicator.",
    ),
    "delivery_province": ("省份", "Province"),
    "delivery_province_view": ("{province}：目标 → 成效 → 下一步", "{province}: plan → outcome → next"),
    "delivery_side_target": ("“十四五”目标", "14th FYP target"),
    "delivery_side_outcome": ("报告的成效", "Reported outcome"),
    "delivery_side_next": ("下一步目标（2026年或“十五五”）", "Next target (2026 or 15th FYP)"),
    "delivery_side_missing": ("缺失", "missing"),
    "delivery_mention": ("报告提到该指标但没有数字：", "The report names the indicator without a number: "),
    "delivery_states_none": (
        "人工核查：该报告未报告此类数字（{record}）。",
        "Curated check: the report states no such figure ({record}).",
    ),
    "delivery_chars": ("第{start}–{end}字", "chars {start}–{end}"),
    "delivery_score": ("模型得分 {score:.2f}", "model score {score:.2f}"),
    "delivery_col_status": ("状态", "Status"),
    "delivery_col_target": ("“十四五”目标", "14th FYP target"),
    "delivery_col_target_quote": ("目标原文", "Target quote"),
    "delivery_col_target_source": ("目标来源", "Target source"),
    "delivery_col_outcome": ("成效", "Outcome"),
    "delivery_col_outcome_quote": ("成效原文", "Outcome quote"),
    "delivery_col_outcome_source": ("成效来源", "Outcome source"),
    "delivery_col_next": ("下一步目标", "Next target"),
    "delivery_col_next_quote": ("下一步原文", "Next quote"),
    "delivery_col_next_source": ("下一步来源", "Next source"),
    "delivery_table": ("各省份一览", "All provinces"),
    "delivery_quotes": ("各省份的原文与来源（{n} 条）", "Quotes and sources by province ({n})"),
    "delivery_col_side": ("环节", "Stage"),
    "delivery_col_quote": ("原文", "Quote"),
    "delivery_col_source": ("来源", "Source"),
    "delivery_download_csv": ("下载CSV（当前视图）", "Download CSV (this view)"),
    "delivery_download_xlsx": ("下载Excel（含来源表）", "Download Excel (with a sources sheet)"),
    "delivery_sheet_sources": ("来源", "Sources"),
    "delivery_no_indicator": ("数据库中还没有可对照的指标。", "The database holds no indicator to follow yet."),
    "delivery_unverified_mark": ("（未核实）", " (unverified)"),
}
