"""UI strings of the 数据与方法 Data & method page."""

STRINGS: dict[str, tuple[str, str]] = {
    "about_title": ("数据与方法", "Data & method"),
    "about_intro": (
        "本页说明数据从哪里来、如何抽取、哪些是人工整理与更正、覆盖到哪里、还缺什么，并提供全部数据下载。",
        "Where the data comes from, how it is extracted, what was curated or corrected by hand, what is covered and "
        "what is missing, and every table for download.",
    ),
    "about_sources": ("来源文档", "Source documents"),
    "about_sources_note": (
        "原始文件从不修改；每份文件旁的 .meta.yaml 记录标题、发布机关、日期、网址与发布方。",
        "Raw files are never edited; the .meta.yaml beside each file records its title, issuer, date, URL and "
        "publisher.",
    ),
    "about_col_title": ("标题", "Title"),
    "about_col_issuer": ("发布机关", "Issuer"),
    "about_col_doc_number": ("文号", "Document no."),
    "about_col_date": ("日期", "Date"),
    "about_col_url": ("网址", "URL"),
    "about_col_publisher": ("发布方", "Publisher"),
    "about_col_scope": ("范围", "Scope"),
    "about_col_type": ("类型", "Type"),
    "about_col_sections": ("省份段落数", "Province sections"),
    "about_col_chars": ("字数", "Characters"),
    "about_col_note": ("说明", "Note"),
    "about_taxonomy": ("主题分类", "Theme taxonomy"),
    "about_col_theme": ("主题", "Theme"),
    "about_col_definition": ("定义", "Definition"),
    "about_col_terms": ("示例词", "Example terms"),
    "about_extraction": ("抽取方法", "How extraction works"),
    "about_extraction_text": (
        "先把汇编文档按省份标题切分成段落，再在每个段落中用规则文件里的词表与模式找出主题证据、重点产业、平台载体和"
        "数字的候选。主题证据只用规则；重点产业、平台载体的候选是否保留，以及一个数字是目标、已达成的成效还是其他，"
        "由小型逻辑回归模型判断（extract/model/ 下的 JSON，由人工标注的开发集训练，`python -m extract train`），"
        "抽取时用纯Python打分，不依赖机器学习库。每一条结果都记录文档、位置（起止偏移）、原文引文、方法"
        "（规则提取 / 人工整理）和规则编号，引文与原文在该位置的文字逐字一致（构建时检查）。",
        "Digest documents are split into province sections at their headers, then term lists and patterns from the "
        "rule files find candidate theme evidence, focus industries, platforms and numbers in each section. Theme "
        "evidence is rules only; whether an industry or platform candidate is kept, and whether a number is a "
        "target, an achieved outcome or neither, is decided by small logistic models (JSON in extract/model/, "
        "trained on the hand-labelled development set by `python -m extract train`) scored in pure Python at "
        "extraction, with no machine-learning library. Every item records its document, span (start/end offsets), "
        "quote, method (rule-extracted / curated) and rule id; the build checks that each quote equals the document "
        "text at its span.",
    ),
    "about_rule_files": ("规则文件", "Rule files"),
    "about_rule_counts": ("各规则产生的条目数", "Rows produced per rule"),
    "about_col_table": ("表", "Table"),
    "about_col_method": ("方法", "Method"),
    "about_col_rule": ("规则编号", "Rule id"),
    "about_col_rows": ("条目数", "Rows"),
    "about_col_provinces": ("省份数", "Provinces"),
    "about_col_documents": ("文档数", "Documents"),
    "about_accuracy": ("准确性", "Accuracy"),
    "scope_several": ("多个省份", "Several provinces"),
    "about_accuracy_none": (
        "本数据库构建时未计算抽取准确性（例如用测试样本库构建）；请用 `python -m extract evaluate` 查看。",
        "This database was built without scoring the extractor (for example from a test corpus); run "
        "`python -m extract evaluate` to see it.",
    ),
    "about_accuracy_caption": (
        "构建时按 tests/golden/ 中的人工标注计算（与 `python -m extract evaluate` 相同）：“开发集”是规则编写时参照的"
        "文档，“留出集”是整篇留出、从未据以调整规则的文档，二者分开报告。tp/fp/fn 为正确、误报、漏报条数。",
        "Computed at build time against the hand labels in tests/golden/ (as `python -m extract evaluate` reports "
        "it): “dev” documents are those the rules were written on, “held out” documents were set aside whole and "
        "never tuned on; the two are reported apart. tp/fp/fn = correct, spurious, missed.",
    ),
    "about_col_split": ("样本集", "Set"),
    "about_split_dev": ("开发集", "Dev"),
    "about_split_holdout": ("留出集", "Held out"),
    "field_themes": ("主题", "Themes"),
    "field_industries": ("重点产业", "Focus industries"),
    "field_platforms": ("平台载体", "Platforms"),
    "field_targets": ("量化目标", "Targets"),
    "field_achieved": ("已实现数据", "Achieved figures"),
    "about_col_field": ("抽取字段", "Field"),
    "about_col_precision": ("精确率", "Precision"),
    "about_col_recall": ("召回率", "Recall"),
    "about_coverage": ("覆盖范围与已知缺口", "Coverage and known gaps"),
    "about_missing_states": (
        "缺失有三种，含义不同，从不显示为0：**尚未找到目标**（还没有人找到该省的目标）、**规划未设此目标**（已读过规划，"
        "其中没有这一指标）、**尚未抽取**（没有任何文档覆盖该省）。",
        "Missing comes in three kinds, each shown for what it is and never as 0: **no target found yet** (nobody has "
        "found the province's target), **the plan sets none** (the plan was read and has no such target), and **not "
        "yet extracted** (no document covers the province).",
    ),
    "about_headline_covered": (
        "{n} / 31 个省份有人工整理的2025年目标。",
        "{n} of 31 provinces have a curated 2025 target.",
    ),
    "about_headline_missing": ("尚未找到目标的省份（{n}）：{names}", "No target found yet ({n}): {names}"),
    "about_not_extracted": ("没有文档覆盖的省份：{names}", "Provinces no document covers: {names}"),
    "about_all_extracted": (
        "31个省份都至少有一份文档覆盖。",
        "Every one of the 31 provinces is covered by a document.",
    ),
    "about_col_state": ("状态", "State"),
    "about_col_n_targets": ("人工整理目标条数", "Curated targets"),
    "about_col_n_verified": ("其中已核实", "of which verified"),
    "about_col_indicators": ("指标", "Indicators"),
    "about_col_statuses": ("核实状态", "Statuses"),
    "about_headline": ("人工整理的核心目标", "Curated headline targets"),
    "about_headline_note": (
        "这些目标无法从语料中抽取，由人工从公开来源整理；政府网站与官方媒体视为已核实，其他来源标为未核实。",
        "These targets cannot be extracted from the corpus; they are curated by hand from public sources. Government "
        "sites and official media count as verified; anything else is marked unverified.",
    ),
    "about_no_target_records": ("“规划未设此目标”记录", '"The plan sets none" records'),
    "about_no_target_empty": ("尚无此类记录。", "No such record yet."),
    "about_corrections": ("人工更正", "Analyst corrections"),
    "about_corrections_note": (
        "分析人员可在 data/curated/corrections.csv 中删除（suppress）、修改（fix）或补充（add）抽取结果，并写明理由；"
        "更正在构建时应用，从不修改原文。",
        "Analysts suppress, fix or add extracted items in data/curated/corrections.csv, each with a reason; "
        "corrections are applied in the build and never edit the raw text.",
    ),
    "about_corrections_empty": ("尚无更正。", "No corrections yet."),
    "about_corrected_rows": ("被更正或补充的条目", "Rows fixed or added by a correction"),
    "about_col_action": ("操作", "Action"),
    "about_col_id": ("编号", "ID"),
    "about_col_doc_id": ("文档编号", "Document ID"),
    "about_col_correction": ("更正编号", "Correction ID"),
    "about_col_set": ("更正的字段与值", "Fields and values set"),
    "about_col_province": ("省份", "Province"),
    "about_col_item": ("条目", "Item"),
    "about_col_positions": ("位置", "Position"),
    "table_theme_evidence": ("主题证据", "Theme evidence"),
    "table_focus_industries": ("重点产业", "Focus industries"),
    "table_platforms": ("平台载体", "Platforms"),
    "table_targets": ("量化目标", "Targets"),
    "table_headline_targets": ("人工整理的重点目标", "Curated headline targets"),
    "table_headline_outcomes": ("人工整理的成效", "Curated outcomes"),
    "field_theme_id": ("主题", "theme"),
    "field_name": ("名称", "name"),
    "field_canonical": ("规范名称", "canonical name"),
    "field_kind": ("类型", "kind"),
    "field_indicator": ("指标", "indicator"),
    "field_value": ("数值", "value"),
    "field_unit": ("单位", "unit"),
    "field_comparator": ("比较方式", "comparator"),
    "field_target_year": ("目标年份", "target year"),
    "action_suppress": ("删除", "suppress"),
    "action_fix": ("修正", "fix"),
    "action_add": ("补充", "add"),
    "about_col_match": ("匹配", "Match"),
    "about_col_reason": ("理由", "Reason"),
    "about_col_curator": ("更正人", "Curator"),
    "about_col_applied": ("影响条目", "Rows affected"),
    "about_col_quote": ("引文", "Quote"),
    "about_map": ("地图来源", "Map provenance"),
    "about_map_caveat": (
        "地图边界依中国主张线绘制，但不是经审核的标准地图，没有审图号；仅为比较省份的示意图，不代表权威边界。",
        "The map's geometry follows China's claim lines, but it is not a reviewed 标准地图 (standard map) and has no "
        "审图号 (map review number): a simplified illustration for comparing provinces, not authoritative boundaries.",
    ),
    "about_map_notice": ("地图数据说明全文", "Full map-data notice"),
    "about_downloads": ("数据下载", "Downloads"),
    "about_downloads_note": (
        "每张表一个CSV（UTF-8带BOM，Excel可直接打开），一个每表一页的XLSX，以及DuckDB数据库文件本身。",
        "Each table as CSV (UTF-8 with BOM, opens in Excel), one XLSX with a sheet per table, and the DuckDB file "
        "itself.",
    ),
    "about_download_xlsx": ("全部表格（XLSX）", "All tables (XLSX)"),
    "about_download_db": ("数据库文件（DuckDB）", "Database file (DuckDB)"),
    "about_download_csv": ("{table}（{n}行）", "{table} ({n} rows)"),
    "about_xlsx_truncated": (
        "XLSX单元格最多32767个字符：documents.text 在XLSX中被截断，完整文本见CSV或数据库文件。",
        "An XLSX cell holds at most 32,767 characters: documents.text is truncated in the XLSX; the CSV and the "
        "database file hold the full text.",
    ),
}
