"""Convention tests: data flows one way (extract → build → atlas queries → pages); each folder keeps to its job."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STREAMLIT_AWARE_ATLAS = {"cache.py", "ui.py"}
# The benchmark measures every layer (queries and pages too), so it alone may reach into the read side.
WHOLE_STACK_TOOLS = {"bench.py"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "extract").rglob("*.py")), ids=lambda p: p.name)
def test_extract_holds_no_ui(path: Path) -> None:
    forbidden = {"streamlit", "streamlit_echarts", "atlas", "pages"}
    if path.name in WHOLE_STACK_TOOLS:
        forbidden = {"streamlit_echarts", "pages"}
    assert not imported_modules(path) & forbidden


@pytest.mark.parametrize("path", sorted((ROOT / "atlas").rglob("*.py")), ids=lambda p: p.name)
def test_atlas_is_streamlit_free_except_cache_and_ui(path: Path) -> None:
    if path.name in STREAMLIT_AWARE_ATLAS and path.parent.name == "atlas":
        return
    assert "streamlit" not in imported_modules(path)


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_pages_hold_no_sql_and_no_parsing(path: Path) -> None:
    assert not imported_modules(path) & {"duckdb", "re", "extract", "sqlite3"}


def test_every_page_file_is_registered_in_navigation() -> None:
    dashboard = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    for page in (ROOT / "pages").glob("*.py"):
        assert f'"pages/{page.name}"' in dashboard, f"{page.name} is not in st.navigation"
