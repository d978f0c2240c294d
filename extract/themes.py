"""Theme detection: term lists (extract/rules/themes.yaml) matched with evidence spans."""

from __future__ import annotations

import csv
from functools import lru_cache

import yaml

from extract.lexicon import Lexicon
from extract.paths import REFERENCE, RULES
from extract.records import Evidence, ThemeHit


@lru_cache(maxsize=1)
def theme_ids() -> tuple[str, ...]:
    """Theme ids in taxonomy order (data/reference/themes.csv, a copy of shared/spec/themes.csv)."""
    with open(REFERENCE / "themes.csv", encoding="utf-8") as fh:
        return tuple(row["theme_id"] for row in csv.DictReader(fh))


@lru_cache(maxsize=1)
def theme_terms() -> dict[str, list[str]]:
    with open(RULES / "themes.yaml", encoding="utf-8") as fh:
        terms: dict[str, list[str]] = yaml.safe_load(fh)
    unknown = set(terms) - set(theme_ids())
    if unknown:
        raise ValueError(f"extract/rules/themes.yaml: unknown theme ids {sorted(unknown)}")
    return {k: [str(t) for t in v] for k, v in terms.items()}


def theme_rule_id(theme_id: str) -> str:
    return f"theme.{theme_id}.term"


def all_rule_ids() -> set[str]:
    return {theme_rule_id(t) for t in theme_terms()}


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon[str]:
    return Lexicon((term, theme) for theme, terms in theme_terms().items() for term in terms)


def find_themes(text: str, start: int, end: int) -> list[ThemeHit]:
    """Themes present in text[start:end], in taxonomy order, each with all its evidence spans."""
    hits: dict[str, ThemeHit] = {}
    for m in _lexicon().scan(text, start, end):
        for theme in dict.fromkeys(m.payloads):
            hit = hits.setdefault(theme, ThemeHit(theme))
            hit.evidence.append(Evidence(m.start, m.end, text[m.start : m.end], theme_rule_id(theme)))
    return [hits[t] for t in theme_ids() if t in hits]
