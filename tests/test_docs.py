"""Docs as contract: the README names every table and the two commands, and CI runs exactly the test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_table_in_the_schema_is_in_the_readme_dictionary() -> None:
    schema = (ROOT / "database" / "schema.sql").read_text(encoding="utf-8")
    tables = re.findall(r"CREATE TABLE (\w+)", schema)
    assert tables
    for table in tables:
        assert f"`{table}`" in README, f"table {table} is missing from the README table dictionary"


def test_every_table_states_its_grain() -> None:
    schema = (ROOT / "database" / "schema.sql").read_text(encoding="utf-8")
    for match in re.finditer(r"((?:--[^\n]*\n)+)CREATE TABLE (\w+)", schema):
        comment, table = match.groups()
        assert re.search(r"[Oo]ne row|Exactly one row", comment), f"{table}: no grain comment"
    assert len(re.findall(r"CREATE TABLE", schema)) == len(re.findall(r"\n(?:--[^\n]*\n)+CREATE TABLE", schema))


def test_readme_gives_the_two_commands_and_ci_runs_the_test_command() -> None:
    assert "make run" in README and "make test" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.strip().splitlines()[-1] == "make test"
