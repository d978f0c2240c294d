-- Plan Atlas database schema. Each table states its grain ("one row per …") where it is defined.
-- Offsets (start_pos, end_pos) are Python string indices into documents.text, end exclusive;
-- quote = substr(text, start_pos + 1, end_pos - start_pos) always holds (checked by the build).

-- One row per source document in data/raw/ (raw file + sidecar); text is the cleaned text all offsets refer to.
CREATE TABLE documents (
    doc_id       VARCHAR PRIMARY KEY,  -- file stem, e.g. 002_03734c23c7c98f48
    title        VARCHAR NOT NULL,
    title_en     VARCHAR,
    issuer       VARCHAR,
    doc_number   VARCHAR,              -- 文号, e.g. 发改高技〔2020〕552号
    issued_on    VARCHAR,              -- YYYY-MM-DD / YYYY-MM as known; NULL when unknown
    url          VARCHAR,
    publisher    VARCHAR,
    scope        VARCHAR NOT NULL,     -- province short name, 全国, or 'several' (a multi-province digest)
    city         VARCHAR,
    doc_type     VARCHAR NOT NULL,     -- digest / plan / action_plan / measures / work_report / national_plan / news
    period_start INTEGER,              -- the years its plan part is for (a 十四五 plan 2021–2025; a 2026 report 2026)
    period_end   INTEGER,
    review_start INTEGER,              -- the years its review part reports on (a 2026 work report 2021–2025)
    review_end   INTEGER,
    note         VARCHAR,
    source_file  VARCHAR NOT NULL,     -- path relative to the project root
    sha256       VARCHAR NOT NULL,     -- of the raw bytes
    encoding     VARCHAR NOT NULL,     -- detected encoding of the raw bytes
    had_html     BOOLEAN NOT NULL,     -- HTML debris was stripped
    chars        INTEGER NOT NULL,     -- length of text
    text         VARCHAR NOT NULL
);

-- One row per map region: the 31 provinces, 全国, and 台湾/香港/澳门 (drawn, no plan data).
CREATE TABLE provinces (
    province      VARCHAR PRIMARY KEY, -- canonical short name (广西), the join key everywhere
    name_full     VARCHAR NOT NULL,    -- 广西壮族自治区
    name_en       VARCHAR NOT NULL,
    adcode        INTEGER NOT NULL,
    region        VARCHAR,             -- NBS region: 东部/中部/西部/东北 (NULL outside the 31)
    region_en     VARCHAR,
    has_plan_data BOOLEAN NOT NULL,    -- true for the 31 provinces only
    aliases       VARCHAR,             -- ';'-separated English/pinyin variants accepted on input
    sort_order    INTEGER NOT NULL
);

-- One row per (bloc, member): 京津冀, 长三角, 粤港澳大湾区, 成渝, 东北, …
CREATE TABLE bloc_members (
    bloc_id  VARCHAR NOT NULL,
    name_zh  VARCHAR NOT NULL,
    name_en  VARCHAR NOT NULL,
    province VARCHAR NOT NULL REFERENCES provinces (province),
    PRIMARY KEY (bloc_id, province)
);

-- One row per heading found inside a section (extract.headings: 一、 （一） 1. 第X章 专栏 …): the document's outline.
CREATE TABLE headings (
    heading_id VARCHAR PRIMARY KEY,       -- <section_id>/h<n>
    section_id VARCHAR NOT NULL,
    doc_id     VARCHAR NOT NULL,
    province   VARCHAR NOT NULL,
    level      INTEGER NOT NULL,          -- 1 = outermost numbering style of the document
    start_pos  INTEGER NOT NULL,
    end_pos    INTEGER NOT NULL,          -- documents.text[start_pos:end_pos] = title
    title      VARCHAR NOT NULL,
    part       VARCHAR,                   -- review / plan / NULL
    rule_id    VARCHAR NOT NULL
);

-- One row per indicator of the catalogue (data/reference/indicators.csv): the quantities plans and reports name in
-- many wordings, so the same quantity lines up across provinces and documents.
CREATE TABLE indicators (
    indicator_id VARCHAR PRIMARY KEY,
    name_zh      VARCHAR NOT NULL,
    name_en      VARCHAR NOT NULL,
    unit_family  VARCHAR NOT NULL,       -- share_pct / growth_pct / money_cny / count …
    unit         VARCHAR,                -- the unit values are compared in
    base         VARCHAR,                -- what a share is of (GDP); a core-industry share is not a digital-economy share
    growth_of    VARCHAR,                -- for a growth rate: the level it is the growth of
    grp          VARCHAR                 -- core / de: the headline groups of the curated outcomes
);

-- One row per theme of the taxonomy (shared/spec/themes.csv).
CREATE TABLE themes (
    theme_id      VARCHAR PRIMARY KEY,
    name_zh       VARCHAR NOT NULL,
    name_en       VARCHAR NOT NULL,
    definition_zh VARCHAR,
    definition_en VARCHAR,
    example_terms VARCHAR,
    sort_order    INTEGER NOT NULL
);

-- One row per province unit found in a document: a digest section, or a whole single-province document.
CREATE TABLE sections (
    section_id VARCHAR PRIMARY KEY,    -- <doc_id>#<n>
    doc_id     VARCHAR NOT NULL REFERENCES documents (doc_id),
    province   VARCHAR NOT NULL REFERENCES provinces (province),
    city       VARCHAR,
    start_pos  INTEGER NOT NULL,
    end_pos    INTEGER NOT NULL,
    method     VARCHAR NOT NULL,       -- 'rule' (segmenter) or 'sidecar' (the document speaks for one province)
    rule_id    VARCHAR NOT NULL,
    text       VARCHAR NOT NULL        -- documents.text[start_pos:end_pos], stored so a page never cuts it out: DuckDB's
                                       -- substr walks a UTF-8 string from its start (12 s p95 at 50 MB)
);

-- One row per distinct character bigram of a document's case-folded text (Python's str.casefold), stored sorted by
-- gram so that a lookup of one gram reads one or two row groups (zone maps): the search page narrows the documents
-- it scans to those holding every bigram of the keyword, then checks the exact substring in them. A derived index,
-- not data: not offered for download. gram = ord(a) * 2^21 + ord(b) for the adjacent characters a, b.
CREATE TABLE text_bigrams (
    gram   BIGINT NOT NULL,
    doc_id VARCHAR NOT NULL
);

-- Attribute tables below share the provenance columns:
--   doc_id, section_id, province, start_pos, end_pos, quote, method ('rule' | 'curated'),
--   rule_id (the extraction rule, or the curated record id), note (curator's note / correction reason),
--   correction_id (set when a correction in data/curated/corrections changed or added the row).

-- One row per evidence span of a theme in a section (a theme is present in a section when it has >= 1 row).
CREATE TABLE theme_evidence (
    theme_id      VARCHAR NOT NULL REFERENCES themes (theme_id),
    doc_id        VARCHAR NOT NULL,
    section_id    VARCHAR NOT NULL,
    province      VARCHAR NOT NULL,
    start_pos     INTEGER NOT NULL,
    end_pos       INTEGER NOT NULL,
    quote         VARCHAR NOT NULL,
    method        VARCHAR NOT NULL,
    rule_id       VARCHAR NOT NULL,
    note          VARCHAR,
    correction_id VARCHAR,
    heading       VARCHAR,             -- the heading path it sits under (一、… › （一）…), NULL outside every heading
    part          VARCHAR              -- review / plan part of the document (extract.headings), NULL when unknown
);

-- One row per mention of a focus industry in a section; name is canonical (one entity, one name).
CREATE TABLE focus_industries (
    name          VARCHAR NOT NULL,
    name_en       VARCHAR,
    theme_id      VARCHAR,
    doc_id        VARCHAR NOT NULL,
    section_id    VARCHAR NOT NULL,
    province      VARCHAR NOT NULL,
    start_pos     INTEGER NOT NULL,
    end_pos       INTEGER NOT NULL,
    quote         VARCHAR NOT NULL,
    method        VARCHAR NOT NULL,
    rule_id       VARCHAR NOT NULL,
    note          VARCHAR,
    correction_id VARCHAR,
    heading       VARCHAR,             -- the heading path it sits under (一、… › （一）…), NULL outside every heading
    part          VARCHAR,             -- review / plan part of the document (extract.headings), NULL when unknown
    score         DOUBLE               -- the keep / reject model's probability; NULL when a rule or correction decided
);

-- One row per mention of a named platform in a section; name is canonical, kind from PLATFORM_KINDS.
CREATE TABLE platforms (
    name          VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    doc_id        VARCHAR NOT NULL,
    section_id    VARCHAR NOT NULL,
    province      VARCHAR NOT NULL,
    start_pos     INTEGER NOT NULL,
    end_pos       INTEGER NOT NULL,
    quote         VARCHAR NOT NULL,
    method        VARCHAR NOT NULL,
    rule_id       VARCHAR NOT NULL,
    note          VARCHAR,
    correction_id VARCHAR,
    heading       VARCHAR,             -- the heading path it sits under (一、… › （一）…), NULL outside every heading
    part          VARCHAR,             -- review / plan part of the document (extract.headings), NULL when unknown
    score         DOUBLE               -- the keep / reject model's probability; NULL when a rule or correction decided
);

-- One row per quantified target stated in a section (extracted from document text).
CREATE TABLE targets (
    indicator     VARCHAR NOT NULL,
    value         DOUBLE,
    value_max     DOUBLE,
    unit          VARCHAR,
    comparator    VARCHAR NOT NULL,
    target_year   INTEGER,
    indicator_id  VARCHAR,             -- the catalogue indicator (data/reference/indicators.csv) it names, if any
    value_n       DOUBLE,              -- value in the indicator's (or the unit's canonical) unit: 5.2万亿元 → 52000
    unit_n        VARCHAR,             -- that unit (亿元)
    score         DOUBLE,              -- the learned model's probability for this class; NULL when a rule decided
    doc_id        VARCHAR NOT NULL,
    section_id    VARCHAR NOT NULL,
    province      VARCHAR NOT NULL,
    start_pos     INTEGER NOT NULL,
    end_pos       INTEGER NOT NULL,
    quote         VARCHAR NOT NULL,
    method        VARCHAR NOT NULL,
    rule_id       VARCHAR NOT NULL,
    note          VARCHAR,
    correction_id VARCHAR,
    heading       VARCHAR,             -- the heading path it sits under (一、… › （一）…), NULL outside every heading
    part          VARCHAR              -- review / plan part of the document (extract.headings), NULL when unknown
);

-- One row per achieved figure (a quantified result already reached, extract.targets' "achieved" class) found in a
-- section, with the same provenance as a target: what the delivery view holds against the targets.
CREATE TABLE achieved (
    indicator     VARCHAR NOT NULL,
    value         DOUBLE,
    value_max     DOUBLE,
    unit          VARCHAR,
    comparator    VARCHAR NOT NULL,
    year          INTEGER,            -- the year the result refers to (2025, or the last year of a period)
    indicator_id  VARCHAR,             -- the catalogue indicator (data/reference/indicators.csv) it names, if any
    value_n       DOUBLE,              -- value in the indicator's (or the unit's canonical) unit: 5.2万亿元 → 52000
    unit_n        VARCHAR,             -- that unit (亿元)
    score         DOUBLE,              -- the learned model's probability for this class; NULL when a rule decided
    doc_id        VARCHAR NOT NULL,
    section_id    VARCHAR NOT NULL,
    province      VARCHAR NOT NULL,
    start_pos     INTEGER NOT NULL,
    end_pos       INTEGER NOT NULL,
    quote         VARCHAR NOT NULL,
    method        VARCHAR NOT NULL,
    rule_id       VARCHAR NOT NULL,
    note          VARCHAR,
    correction_id VARCHAR,
    heading       VARCHAR,             -- the heading path it sits under (一、… › （一）…), NULL outside every heading
    part          VARCHAR              -- review / plan part of the document (extract.headings), NULL when unknown
);

-- One row per unit a value may be stated in (data/reference/units.csv): the factor to its base unit, so that
-- 3 万亿元 and 30000 亿元 compare on one scale. Units of different bases (亿元 vs 亿美元) never convert.
CREATE TABLE units (
    unit      VARCHAR PRIMARY KEY,
    base_unit VARCHAR NOT NULL,
    factor    DOUBLE NOT NULL,
    dimension VARCHAR NOT NULL         -- money_cny / money_usd / percent / count … (never converted across)
);

-- One row per hand-curated headline target (data/curated/headline_targets.csv): the source is a published plan
-- outside the corpus, so provenance is the plan, the source URL and publisher, and a verification status.
CREATE TABLE headline_targets (
    target_id        VARCHAR PRIMARY KEY, -- curated.headline_targets#<row number>
    province         VARCHAR NOT NULL REFERENCES provinces (province),
    indicator        VARCHAR NOT NULL,    -- de_share_gdp / core_share_gdp / de_value / core_value / other:<名称>
    value            DOUBLE NOT NULL,
    unit             VARCHAR NOT NULL,
    comparator       VARCHAR NOT NULL,
    target_year      INTEGER NOT NULL,
    baseline_value   DOUBLE,
    baseline_year    INTEGER,
    plan_title       VARCHAR NOT NULL,
    issuer           VARCHAR,
    issue_date       VARCHAR,
    source_url       VARCHAR,
    source_publisher VARCHAR,
    status           VARCHAR NOT NULL,    -- high / medium / unverified
    note             VARCHAR,
    method           VARCHAR NOT NULL,    -- always 'curated'
    rule_id          VARCHAR NOT NULL     -- the curated record id (= target_id)
);

-- The curated headline targets on one scale per indicator (value_n in base_unit), with a rank for the status
-- (official source first): the one place the 万亿元 → 亿元 conversion is written.
CREATE VIEW headline_targets_n AS
SELECT h.*,
       h.value * coalesce(u.factor, 1) AS value_n,
       h.baseline_value * coalesce(u.factor, 1) AS baseline_n,
       coalesce(u.base_unit, h.unit) AS unit_n,
       CASE h.status WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END AS status_rank
FROM headline_targets h LEFT JOIN units u USING (unit);

-- One row per curated record that a plan was read and sets no such target (data/curated/no_target.csv):
-- lets the product tell "the plan sets none" from "no target found yet".
CREATE TABLE headline_no_target (
    record_id        VARCHAR PRIMARY KEY, -- curated.no_target#<row number>
    province         VARCHAR NOT NULL REFERENCES provinces (province),
    indicator        VARCHAR NOT NULL,    -- de_share_gdp / core_share_gdp / de_value / core_value
    plan_title       VARCHAR NOT NULL,    -- the plan that was read
    issuer           VARCHAR,
    issue_date       VARCHAR,
    source_url       VARCHAR,
    source_publisher VARCHAR,
    status           VARCHAR NOT NULL,    -- high / medium / unverified
    curator          VARCHAR NOT NULL,
    checked_on       VARCHAR NOT NULL,    -- YYYY-MM-DD the plan was read
    note             VARCHAR,
    method           VARCHAR NOT NULL,    -- always 'curated'
    rule_id          VARCHAR NOT NULL     -- the curated record id (= record_id)
);

-- One row per curated headline outcome or next target read off a document of the corpus (data/curated/outcomes.csv):
-- what a province's 2026 work report says it achieved (kind achieved) or aims for next (kind next_target) for the
-- core-industry and digital-economy indicators; the span is where the quote sits in documents.text (build-checked).
CREATE TABLE headline_outcomes (
    record_id  VARCHAR PRIMARY KEY,       -- curated.outcomes#<row number>
    province   VARCHAR NOT NULL REFERENCES provinces (province),
    doc_id     VARCHAR NOT NULL REFERENCES documents (doc_id),
    kind       VARCHAR NOT NULL,          -- achieved / next_target
    indicator  VARCHAR NOT NULL,          -- core_share_gdp / core_value / core_growth / de_share_gdp / de_value / de_growth
    value      DOUBLE NOT NULL,
    unit       VARCHAR NOT NULL,
    comparator VARCHAR NOT NULL,
    year       INTEGER,
    start_pos  INTEGER NOT NULL,
    end_pos    INTEGER NOT NULL,
    quote      VARCHAR NOT NULL,
    note       VARCHAR,
    method     VARCHAR NOT NULL,          -- always 'curated'
    rule_id    VARCHAR NOT NULL           -- the curated record id (= record_id)
);

-- One row per curated record that a report was read and states no figure for an indicator group
-- (data/curated/no_outcome.csv): "the report states none", as opposed to "not read yet".
CREATE TABLE headline_no_outcome (
    record_id VARCHAR PRIMARY KEY,        -- curated.no_outcome#<row number>
    province  VARCHAR NOT NULL REFERENCES provinces (province),
    doc_id    VARCHAR NOT NULL REFERENCES documents (doc_id),
    indicator VARCHAR NOT NULL,           -- core (core-industry figures) / de (digital-economy figures)
    searched  VARCHAR NOT NULL,           -- the terms the report was read for
    note      VARCHAR,
    method    VARCHAR NOT NULL,
    rule_id   VARCHAR NOT NULL
);

-- One row per applied analyst correction (data/curated/corrections.csv): suppressed rows are gone from the attribute
-- tables and only recorded here; fixed and added rows carry correction_id in their table.
CREATE TABLE corrections_log (
    correction_id VARCHAR PRIMARY KEY,
    action        VARCHAR NOT NULL,    -- suppress / fix / add
    table_name    VARCHAR NOT NULL,    -- theme_evidence / focus_industries / platforms / targets
    province      VARCHAR NOT NULL,
    doc_id        VARCHAR,
    match         VARCHAR NOT NULL,    -- the quote or canonical name the correction matched
    field         VARCHAR,             -- ';'-separated columns set (fix, add) or filtered on (suppress)
    value         VARCHAR,             -- ';'-separated values, parallel to field
    reason        VARCHAR NOT NULL,
    curator       VARCHAR NOT NULL,
    date          VARCHAR NOT NULL,    -- YYYY-MM-DD
    applied_rows  INTEGER NOT NULL     -- rows suppressed / fixed / added (>= 1: a correction matching nothing fails)
);

-- One row per plan province × document type it has (doc_type NULL and n_documents 0 for a province without any):
-- which provinces the corpus covers with which kinds of document. Coverage is reported, never required.
CREATE TABLE coverage (
    province    VARCHAR NOT NULL REFERENCES provinces (province),
    doc_type    VARCHAR,
    n_documents INTEGER NOT NULL,
    n_chars     BIGINT NOT NULL        -- characters of the province's own text (its sections) in those documents
);

-- One row per (split, field): the extractor's accuracy against the hand labels in tests/golden, computed at build
-- time by evaluation/ (dev = documents the rules were written on; holdout = documents nobody tuned on).
CREATE TABLE accuracy (
    split       VARCHAR NOT NULL,      -- dev / holdout
    field       VARCHAR NOT NULL,      -- themes / industries / platforms / targets / achieved
    n_documents INTEGER NOT NULL,
    tp          INTEGER NOT NULL,
    fp          INTEGER NOT NULL,
    fn          INTEGER NOT NULL,
    precision   DOUBLE,
    recall      DOUBLE,
    f1          DOUBLE,
    PRIMARY KEY (split, field)
);

-- Exactly one row: when and from what this database was built.
CREATE TABLE build_info (
    built_at          TIMESTAMP NOT NULL,
    code_version      VARCHAR NOT NULL,  -- git commit when available, else 'unknown'
    code_checksum     VARCHAR NOT NULL,  -- sha256 over extract/ code and rule files
    input_checksum    VARCHAR NOT NULL,  -- sha256 over raw documents, sidecars, reference and curated files
    extractor_version VARCHAR NOT NULL,
    n_documents       INTEGER NOT NULL,
    n_sections        INTEGER NOT NULL
);

-- One row per (section of a work report or plan, catalogue indicator) the text names at all: the first mention of
-- any of the indicator's wordings. Lets the delivery view tell "reported without a number" from "not mentioned".
CREATE TABLE indicator_mentions (
    province     VARCHAR NOT NULL,
    indicator_id VARCHAR NOT NULL,
    doc_id       VARCHAR NOT NULL,
    section_id   VARCHAR NOT NULL,
    start_pos    INTEGER NOT NULL,
    end_pos      INTEGER NOT NULL,
    quote        VARCHAR NOT NULL,
    method       VARCHAR NOT NULL,     -- always 'rule'
    rule_id      VARCHAR NOT NULL      -- indicator.wording
);

-- Plan → outcome → next, one candidate per row: the 十四五 target (curated headline target, else one extracted from
-- a plan or digest), the reported outcome (curated, else an extracted achieved figure, year ≤ 2025) and the next
-- target (curated, else one extracted from a work report's plan part, year ≥ 2026). Values are in one unit per
-- indicator (value_n / unit_n). priority 1 = curated, 2 = rule-extracted.
CREATE VIEW delivery_candidates AS
SELECT 'target' AS side, h.province, h.indicator AS indicator_id, h.value_n AS value, h.unit_n AS unit, h.comparator,
       h.target_year AS year, NULL::VARCHAR AS doc_id, NULL::INTEGER AS start_pos, NULL::INTEGER AS end_pos,
       NULL::VARCHAR AS quote, h.plan_title AS source_title, h.source_url, h.status AS verification, h.method,
       h.rule_id, NULL::DOUBLE AS score, 1 AS priority, h.status_rank AS rank
FROM headline_targets_n h WHERE h.target_year = 2025
UNION ALL
SELECT 'target', t.province, t.indicator_id, t.value_n, t.unit_n, t.comparator, coalesce(t.target_year, d.period_end),
       t.doc_id, t.start_pos, t.end_pos, t.quote, d.title, d.url, NULL, t.method, t.rule_id, t.score, 2, t.start_pos
FROM targets t JOIN documents d USING (doc_id)
WHERE t.indicator_id IS NOT NULL AND d.doc_type IN ('digest', 'plan', 'action_plan', 'measures')
  AND coalesce(t.target_year, d.period_end) BETWEEN 2021 AND 2025
UNION ALL
SELECT 'outcome', o.province, o.indicator, o.value * coalesce(u.factor, 1), coalesce(u.base_unit, o.unit), o.comparator,
       o.year, o.doc_id, o.start_pos, o.end_pos, o.quote, d.title, d.url, NULL, o.method, o.rule_id, NULL, 1, -o.year
FROM headline_outcomes o JOIN documents d USING (doc_id) LEFT JOIN units u USING (unit)
WHERE o.kind = 'achieved'
UNION ALL
SELECT 'outcome', a.province, a.indicator_id, a.value_n, a.unit_n, a.comparator, a.year, a.doc_id, a.start_pos,
       a.end_pos, a.quote, d.title, d.url, NULL, a.method, a.rule_id, a.score, 2, -a.year
FROM achieved a JOIN documents d USING (doc_id)
WHERE a.indicator_id IS NOT NULL AND a.year <= 2025 AND a.value_n IS NOT NULL
UNION ALL
SELECT 'next', o.province, o.indicator, o.value * coalesce(u.factor, 1), coalesce(u.base_unit, o.unit), o.comparator,
       o.year, o.doc_id, o.start_pos, o.end_pos, o.quote, d.title, d.url, NULL, o.method, o.rule_id, NULL, 1, o.year
FROM headline_outcomes o JOIN documents d USING (doc_id) LEFT JOIN units u USING (unit)
WHERE o.kind = 'next_target'
UNION ALL
SELECT 'next', t.province, t.indicator_id, t.value_n, t.unit_n, t.comparator, coalesce(t.target_year, d.period_start),
       t.doc_id, t.start_pos, t.end_pos, t.quote, d.title, d.url, NULL, t.method, t.rule_id, t.score, 2,
       coalesce(t.target_year, d.period_start)
FROM targets t JOIN documents d USING (doc_id)
WHERE t.indicator_id IS NOT NULL AND d.doc_type = 'work_report' AND coalesce(t.part, 'plan') = 'plan'
  AND coalesce(t.target_year, d.period_start) >= 2026 AND t.value_n IS NOT NULL;

-- One row per plan province × indicator that any province has a candidate for (grain: province × indicator), with
-- the chosen target, outcome and next target side by side, each with its document, span and method, and a status:
-- met / not_met (an outcome in the target's unit, compared), lower_bound (stated only as "over X", X below the
-- target: cannot tell), not_comparable (an outcome in another unit: shown beside, not judged), no_number (the report names the indicator but states no figure),
-- no_outcome (no outcome found), no_target (no 十四五 target). Missing values are NULL, never 0.
-- A table macro, so the page can include unverified curated targets (marked) on request; the view `delivery` is the
-- default: verified targets only.
CREATE MACRO delivery_for(include_unverified) AS TABLE
WITH picked AS (
    SELECT *, row_number() OVER (PARTITION BY side, province, indicator_id
                                 ORDER BY priority, rank, doc_id NULLS FIRST, start_pos NULLS FIRST) AS rn
    FROM delivery_candidates
    WHERE side <> 'target' OR verification IS DISTINCT FROM 'unverified' OR include_unverified),
t AS (SELECT * FROM picked WHERE side = 'target' AND rn = 1),
o AS (SELECT * FROM picked WHERE side = 'outcome' AND rn = 1),
n AS (SELECT * FROM picked WHERE side = 'next' AND rn = 1),
used AS (SELECT DISTINCT indicator_id FROM delivery_candidates),
mention AS (
    SELECT m.*, row_number() OVER (PARTITION BY m.province, m.indicator_id ORDER BY m.doc_id, m.start_pos) AS rn
    FROM indicator_mentions m JOIN documents d USING (doc_id) WHERE d.doc_type = 'work_report'),
none AS (  -- "the report states none" for the indicator's headline group (core / de), curated
    SELECT province, indicator AS grp, min(record_id) AS record_id FROM headline_no_outcome GROUP BY ALL)
SELECT p.province, p.name_full, p.name_en, p.region, p.region_en, p.sort_order, i.indicator_id, i.name_zh AS indicator_zh,
       i.name_en AS indicator_en, i.unit_family, i.unit AS indicator_unit,
       t.value AS target_value, t.unit AS target_unit, t.comparator AS target_comparator, t.year AS target_year,
       t.doc_id AS target_doc_id, t.start_pos AS target_start, t.end_pos AS target_end, t.quote AS target_quote,
       t.source_title AS target_source, t.source_url AS target_url, t.verification AS target_verification,
       t.method AS target_method, t.rule_id AS target_rule, t.score AS target_score,
       o.value AS outcome_value, o.unit AS outcome_unit, o.comparator AS outcome_comparator, o.year AS outcome_year,
       o.doc_id AS outcome_doc_id, o.start_pos AS outcome_start, o.end_pos AS outcome_end, o.quote AS outcome_quote,
       o.source_title AS outcome_source, o.method AS outcome_method, o.rule_id AS outcome_rule,
       o.score AS outcome_score,
       n.value AS next_value, n.unit AS next_unit, n.comparator AS next_comparator, n.year AS next_year,
       n.doc_id AS next_doc_id, n.start_pos AS next_start, n.end_pos AS next_end, n.quote AS next_quote,
       n.source_title AS next_source, n.method AS next_method, n.rule_id AS next_rule, n.score AS next_score,
       m.doc_id AS mention_doc_id, m.start_pos AS mention_start, m.end_pos AS mention_end, m.quote AS mention_quote,
       none.record_id AS states_none_record,
       CASE
           WHEN t.province IS NULL THEN 'no_target'
           WHEN o.province IS NULL AND m.province IS NOT NULL AND none.province IS NULL
                AND NOT coalesce(m.start_pos < n.end_pos AND n.start_pos < m.end_pos, false) THEN 'no_number'
           WHEN o.province IS NULL THEN 'no_outcome'
           WHEN o.unit IS DISTINCT FROM t.unit THEN 'not_comparable'
           WHEN o.value >= t.value THEN 'met'
           WHEN o.comparator IN ('>', '>=') THEN 'lower_bound'  -- "over 6000" against 7000: cannot tell
           ELSE 'not_met'
       END AS status
FROM provinces p CROSS JOIN indicators i
LEFT JOIN t ON t.province = p.province AND t.indicator_id = i.indicator_id
LEFT JOIN o ON o.province = p.province AND o.indicator_id = i.indicator_id
LEFT JOIN n ON n.province = p.province AND n.indicator_id = i.indicator_id
LEFT JOIN (SELECT * FROM mention WHERE rn = 1) m ON m.province = p.province AND m.indicator_id = i.indicator_id
LEFT JOIN none ON none.province = p.province AND none.grp = i.grp
WHERE p.has_plan_data AND i.indicator_id IN (SELECT indicator_id FROM used);

CREATE VIEW delivery AS SELECT * FROM delivery_for(false);

-- Document-type filters shared by the read side's queries ($types NULL = every type): a document of one of the
-- types; curated headline targets, which come from 十四五 plans, count as a plan or a plan digest.
CREATE MACRO doc_of_type(d, types) AS
    (types IS NULL OR d IN (SELECT doc_id FROM documents WHERE list_contains(types, doc_type)));
CREATE MACRO curated_of_type(types) AS (types IS NULL OR list_has_any(types, ['plan', 'digest']));
