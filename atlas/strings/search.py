"""UI strings of the 搜索 Search page."""

STRINGS: dict[str, tuple[str, str]] = {
    "search_title": ("全文检索", "Full-text search"),
    "search_question": (
        "哪些省份的规划提到了某个词？它出现在什么语境里？",
        "Which provinces' plans mention a term, and in what context?",
    ),
    "search_keyword": ("关键词", "Keyword"),
    "search_placeholder": ("例如：数据交易所、工业互联网、算力", "e.g. 数据交易所, 工业互联网, 算力"),
    "search_regex": ("正则表达式", "Regular expression"),
    "search_regex_help": (
        "按 RE2 语法匹配（如 数据(交易|要素)）；不勾选时按字面匹配，% 和 _ 不作通配符。",
        "RE2 syntax, e.g. 数据(交易|要素); unticked, the keyword matches literally (% and _ are not wildcards).",
    ),
    "search_provinces": ("限定省份", "Only in provinces"),
    "search_provinces_placeholder": ("全部省份及其他部分", "All provinces and other text"),
    "search_hint": ("输入关键词，在全部文档原文中检索。", "Type a keyword to search all document texts."),
    "search_error": ("无法检索：{error}", "Cannot search: {error}"),
    "search_no_hits": ("没有找到“{q}”。", "No matches for “{q}”."),
    "search_summary": (
        "“{q}”共 {n} 处，分布在 {n_prov} 个省份、{n_docs} 份文档中。",
        "“{q}” — matches: {n}; provinces: {n_prov}; documents: {n_docs}.",
    ),
    "search_by_province": ("各省份命中数", "Matches per province"),
    "search_hits": ("命中上下文", "Matches in context"),
    "search_showing": (
        "仅显示前 {shown} 处（共 {n} 处），请缩小检索范围。",
        "Showing the first {shown} of {n}; narrow the search.",
    ),
    "search_outside": ("不属于任何省份段落", "outside any province section"),
    "search_col_hits": ("命中数", "Matches"),
    "search_col_documents": ("文档数", "Documents"),
    "search_position": ("第 {pos} 字", "char {pos}"),
    "search_open_province": ("查看省份", "Open province"),
}
