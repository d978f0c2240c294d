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


@lru_cache(maxsize=1)
def _themes_of_term() -> dict[str, tuple[tuple[str, str], ...]]:
    """Term → the themes it supports (each once) with their rule ids."""
    lexicon = _lexicon()
    return {
        term: tuple((theme, theme_rule_id(theme)) for theme in dict.fromkeys(lexicon.payloads(term)))
        for terms in theme_terms().values()
        for term in (t.strip() for t in terms)
        if term
    }


def find_themes(text: str, start: int, end: int) -> list[ThemeHit]:
    """Themes present in text[start:end], in taxonomy order, each with all its evidence spans."""
    evidence: dict[str, list[Evidence]] = {}
    themes_of = _themes_of_term()
    for s, e, term in _lexicon().spans(text, start, end):
        for theme, rule in themes_of[term]:
            evidence.setdefault(theme, []).append(Evidence(s, e, term, rule))
    return [ThemeHit(t, evidence[t]) for t in theme_ids() if t in evidence]
