"""UI strings of the 地图 Map page (keys prefixed map_)."""

STRINGS: dict[str, tuple[str, str]] = {
    "map_title": ("地图：各省规划一览", "Map: the provinces' plans at a glance"),
    "map_caption": (
        "按所选指标为31个省份着色。灰色=无数据（台湾、香港、澳门无规划数据）；浅灰=不在所选区域。点击省份可打开其档案或加入对比。",
        "The 31 provinces coloured by the chosen measure. Grey = no data (Taiwan, Hong Kong and Macao have no plan "
        "data); light grey = outside the chosen region. Click a province to open its profile or add it to the "
        "comparison.",
    ),
    "map_measure": ("着色指标", "Colour by"),
    "map_m_presence": ("主题覆盖数（所选主题中出现了几个）", "Themes covered (how many of the selected themes)"),
    "map_m_hits": ("主题证据数（所选主题的证据条数）", "Theme evidence (spans for the selected themes)"),
    "map_m_density": ("主题强度（每千字证据条数）", "Theme strength (evidence spans per 1,000 characters)"),
    "map_m_industries": ("重点产业数", "Focus industries"),
    "map_m_platforms": ("平台载体数", "Platforms"),
    "map_m_targets": ("量化目标数（文中抽取）", "Targets (extracted from the text)"),
    "map_m_core_share_gdp": (
        "目标：数字经济核心产业增加值占GDP比重（%）",
        "Target: core digital industries, share of GDP (%)",
    ),
    "map_m_de_share_gdp": ("目标：数字经济增加值占GDP比重（%）", "Target: digital economy, share of GDP (%)"),
    "map_themes": ("主题（不选=全部主题）", "Themes (none selected = all themes)"),
    "map_themes_help": (
        "只对主题类指标生效。",
        "Applies to the theme measures only.",
    ),
    "map_themes_placeholder": ("全部主题", "All themes"),
    "map_basket_placeholder": ("点击地图上的省份，或在此选择", "Click provinces on the map, or choose here"),
    "map_region": ("区域或城市群", "Region or bloc"),
    "map_region_all": ("全部31个省份", "All 31 provinces"),
    "map_region_prefix": ("区域", "Region"),
    "map_bloc_prefix": ("城市群/经济带", "Bloc"),
    "map_unverified": ("计入未核实的目标", "Include unverified targets"),
    "map_unverified_help": (
        "默认只用已核实（high/medium）的人工整理的目标着色；打开后未核实的目标也上图，并在提示和表格中标注。",
        "By default only verified (high/medium) curated targets colour the map; switch on to include unverified "
        "ones, marked as such in tooltips and the table.",
    ),
    "map_click": ("点击省份时", "Clicking a province"),
    "map_click_profile": ("打开省份档案", "opens its profile"),
    "map_click_compare": ("加入对比", "adds it to the comparison"),
    "map_basket": ("待对比的省份", "Provinces to compare"),
    "map_open_compare": ("在对比页打开", "Open in Compare"),
    "map_no_plan_data": (
        "{name}：本项目不涉及其规划数据（地图上灰色显示）。",
        "{name}: this project has no plan data for it (drawn grey on the map).",
    ),
    "map_added": ("已加入对比：{name}", "Added to the comparison: {name}"),
    "map_filtered_out": ("不在所选区域（已筛除）", "outside the chosen region (filtered out)"),
    "map_not_extracted": ("尚无文档覆盖（未抽取）", "no document covers it yet (not extracted)"),
    "map_state_no_target_found": ("尚未找到目标", "no target found yet"),
    "map_state_plan_sets_none": ("规划未设此目标", "the plan sets none"),
    "map_state_unverified_hidden": ("仅有未核实的目标（默认不计入）", "only an unverified target (hidden by default)"),
    "map_unverified_mark": ("未核实", "unverified"),
    "map_benchmark": ("全国基准", "National benchmark"),
    "map_benchmark_note": (
        "全国基准：{value}{unit}（{year}年，{plan}）",
        "National benchmark: {value}{unit} by {year} ({plan})",
    ),
    "map_density_note": (
        "强度=所选主题的证据条数 ÷ 该省文段字数 × 1000（不因原文更长而更“强”）。",
        "Strength = evidence spans of the selected themes ÷ characters of the province's section text × 1,000 (a "
        "longer text is not 'stronger' for being longer).",
    ),
    "map_headline_note": (
        "人工整理的目标来自文库之外已发布的规划，逐条注明规划、核实状态与来源；核心产业与数字经济两个比重口径不同，分别着色、互不共用色阶。",
        "Curated targets come from published plans outside the corpus, each with its plan, verification status "
        "and source; the core-industry and digital-economy shares measure different things and never share a "
        "colour scale.",
    ),
    "map_ranking": ("排名", "Ranking"),
    "map_table": ("各省数值（与地图相同）", "Values by province (same numbers as the map)"),
    "map_col_rank": ("名次", "Rank"),
    "map_col_value": ("数值", "Value"),
    "map_col_state": ("说明", "Note"),
    "map_col_stated": ("目标表述", "As stated"),
    "map_col_n_sources": ("来源数", "Sources"),
    "map_col_n_documents": ("覆盖文档数", "Documents read"),
    "map_col_items": ("内容", "Items"),
    "map_col_plan": ("规划", "Plan"),
    "map_col_status": ("核实状态", "Status"),
    "map_col_source": ("来源", "Source"),
    "map_col_url": ("链接", "Link"),
    "map_col_target_year": ("目标年份", "Target year"),
    "map_col_conflict": ("其他来源的不同数值", "Other sources disagree"),
    "map_col_in_filter": ("在所选区域", "In chosen region"),
    "map_tt_plan": ("规划", "Plan"),
    "map_tt_status": ("核实状态", "Status"),
    "map_tt_source": ("来源", "Source"),
    "map_tt_themes": ("覆盖的主题", "Themes covered"),
    "map_tt_documents": ("覆盖文档", "documents read"),
    "map_headline_missing": (
        "人工整理的目标数据尚未载入本数据库。",
        "Curated targets are not in this database yet.",
    ),
}
