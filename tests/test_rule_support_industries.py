"""Nothing in extract/rules/industries.yaml fits one sentence (issue 11, item 5).

The extractor runs over the texts of every golden document (dev and held out) and reports which entries did work
(`industries.rule_usage`): a rule id that emitted an item, a catalogue alias (synonym) that produced or named one,
a stop word that dropped a candidate or swallowed a catalogue term, a generic head or a means prefix that fired.
Each must do so in at least two distinct documents; an entry only one document exercises is written for that
document, not for the language of plans, and goes.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from evaluation.golden import load_units
from evaluation.train import _unit_span
from extract import industries

MIN_DOCUMENTS = 2


@lru_cache(maxsize=1)
def _documents_using() -> dict[str, set[str]]:
    docs: dict[str, set[str]] = defaultdict(set)
    for lu in load_units():
        if lu.document is None:
            continue
        text, start, end, meta = _unit_span(lu)
        for key in industries.rule_usage(text, start, end, meta):
            docs[key].add(lu.document.name)
    return docs


def _entries() -> list[str]:
    rules = industries._rules()
    out = [f"rule:{r}" for r in rules["rules"]]
    out += [f"term:{s}" for spec in rules["catalogue"].values() for s in spec.get("synonyms", [])]
    out += [f"stop:{w}" for w in rules["not_industries"]]
    out += [f"generic:{w}" for w in rules["generic_heads"]]
    out += [f"means:{w}" for w in rules["means_prefixes"]]
    out += [f"facility:{w}" for w in rules["facility_tails"]]
    return out


def test_every_rule_alias_and_stop_word_works_in_two_documents() -> None:
    docs = _documents_using()
    weak = {e: sorted(docs.get(e, ())) for e in _entries() if len(docs.get(e, ())) < MIN_DOCUMENTS}
    assert weak == {}, f"entries that fewer than {MIN_DOCUMENTS} golden documents exercise: {weak}"


def test_usage_report_names_what_it_saw() -> None:
    text = "大力发展人工智能、机器人等新兴产业，推动数字经济和实体经济深度融合。"
    used = industries.rule_usage(text, 0, len(text))
    assert {"rule:industry.list", "term:机器人", "stop:数字经济"} <= used
