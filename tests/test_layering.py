"""Convention tests: data flows one way (extract → build → atlas queries → pages); each folder keeps to its job."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STREAMLIT_AWARE_ATLAS = {"cache.py", "ui.py", "navigation.py"}
# The command line is the one entry point for every stage; it reaches the later stages only inside its commands.
CLI = "cli.py"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "extract").rglob("*.py")), ids=lambda p: p.name)
def test_extract_is_text_to_records_only(path: Path) -> None:
    """No database, UI, read side or later stage in extract/ (the CLI starts later stages inside its commands)."""
    later = {"database", "evaluation", "bench"}
    forbidden = {"duckdb", "pandas", "streamlit", "streamlit_echarts", "atlas", "pages"} | later
    names = top_level_imports(path) if path.name == CLI else imported_modules(path)
    assert not names & forbidden


@pytest.mark.parametrize("path", sorted((ROOT / "database").rglob("*.py")), ids=lambda p: p.name)
def test_database_build_holds_no_ui_and_no_read_side(path: Path) -> None:
    assert not imported_modules(path) & {"streamlit", "streamlit_echarts", "atlas", "pages", "bench"}


@pytest.mark.parametrize("path", sorted((ROOT / "atlas").rglob("*.py")), ids=lambda p: p.name)
def test_read_side_never_builds_or_scores(path: Path) -> None:
    """atlas/ reads the database only: it imports no build, evaluation or benchmark, and of extract/ only paths."""
    assert not imported_modules(path) & {"database", "evaluation", "bench"}
    source = path.read_text(encoding="utf-8")
    assert "streamlit.runtime" not in source and "PagesManager" not in source


@pytest.mark.parametrize("path", sorted((ROOT / "atlas").rglob("*.py")), ids=lambda p: p.name)
def test_atlas_is_streamlit_free_except_cache_and_ui(path: Path) -> None:
    if path.name in STREAMLIT_AWARE_ATLAS and path.parent.name == "atlas":
        return
    assert "streamlit" not in imported_modules(path)


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_pages_hold_no_sql_and_no_parsing(path: Path) -> None:
    assert not imported_modules(path) & {"duckdb", "re", "extract", "sqlite3"}


def test_every_page_file_is_registered_in_navigation() -> None:
    from atlas.navigation import PAGES

    registered = {path for path, *_ in PAGES}
    assert {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")} == registered


def test_entry_point_and_pages_use_no_streamlit_internals() -> None:
    for path in [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py"))]:
        source = path.read_text(encoding="utf-8")
        assert "streamlit.runtime" not in source and "PagesManager" not in source, path.name
