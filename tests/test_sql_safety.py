"""Safety by construction: no SQL assembled from values by string formatting, no SQL in pages, safe server config.

The scanner reads the code with ``ast``. A dynamic string (f-string, ``.format``, ``%``, ``+``) is SQL when it is
passed to ``execute``/``sql``/``query``/``fetch*`` or its literal text contains SQL keywords. Such a string may only
interpolate fixed text: a fixed SQL fragment (a module constant string, a module constant dict of strings indexed by
anything, a module function that only returns such fragments), or a table name from database/schema.sql held by a
variable that provably holds one (a loop over a literal tuple of table names or a module constant tuple of them, or a
parameter that every caller in the module fills that way). Every value must be a ``?``/``$name`` parameter.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("atlas", "pages", "extract")
SQL_CALLS = {"execute", "executemany", "sql", "query", "fetch", "fetchdf", "fetch_df", "read_sql", "read_sql_query"}
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|DESCRIBE|FROM|WHERE|JOIN|VALUES)\b")
PAGE_SQL = re.compile(
    r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|DESCRIBE|PRAGMA)\b[\s\S]*\b(FROM|INTO|TABLE|SET)\b"
)


def schema_tables() -> frozenset[str]:
    """The build's own table names: the only words that may be formatted into SQL."""
    schema = (ROOT / "database" / "schema.sql").read_text(encoding="utf-8")
    return frozenset(re.findall(r"CREATE\s+(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", schema, re.IGNORECASE))


@dataclass(frozen=True)
class Finding:
    where: str
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.problem}"


class _Scanner:
    """One module: find dynamic SQL strings and check that every interpolated value is a known table name."""

    def __init__(self, source: str, where: str, tables: frozenset[str]) -> None:
        self.tree = ast.parse(source)
        self.where = where
        self.tables = tables
        self.parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
        self.constants = self._module_constants()
        self.fragments = {k for k, v in self.constants.items() if len(v) == 1 and k in self._single_strings}
        self.module_functions = {
            n.name: n for n in self.tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        self.functions = {
            n.name: n for n in ast.walk(self.tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        }

    def findings(self) -> list[Finding]:
        out: list[Finding] = []
        seen: set[int] = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and _call_name(node) in SQL_CALLS:
                for arg in [*node.args, *(k.value for k in node.keywords if k.arg in ("sql", "query"))]:
                    if _is_dynamic(arg) and id(arg) not in seen:
                        seen.add(id(arg))
                        out += self._check(arg)
            if _is_dynamic(node) and id(node) not in seen and SQL_WORDS.search(_literal_text(node)):
                if not _inside_dynamic(node, self.parents):
                    seen.add(id(node))
                    out += self._check(node)
        return out

    def _check(self, node: ast.expr) -> list[Finding]:
        bad = [v for v in _interpolated(node) if not self._is_table(v, node)]
        return [
            Finding(
                self.where, node.lineno, f"SQL built by string formatting from {ast.unparse(v)!r}: use a ? parameter"
            )
            for v in bad
        ]

    def _is_table(self, value: ast.expr, site: ast.AST) -> bool:
        if self._is_fixed(value):
            return True
        if isinstance(value, ast.Constant):
            return value.value in self.tables
        if not isinstance(value, ast.Name):
            return False
        name = value.id
        if name in self.constants:
            return self.constants[name] <= self.tables
        func = self._enclosing_function(site)
        if func is None:
            return False
        for loop in ast.walk(func):
            if isinstance(loop, ast.For | ast.comprehension) and isinstance(loop.target, ast.Name):
                if loop.target.id == name:
                    return self._iterable_is_tables(loop.iter)
        params = [a.arg for a in (*func.args.posonlyargs, *func.args.args)]
        if name in params:
            return self._callers_pass_tables(func, params.index(name), name)
        return False

    def _is_fixed(self, value: ast.expr, depth: int = 0) -> bool:
        """Text fixed in the source: a module constant string, a constant dict's entry, or a helper returning those."""
        if isinstance(value, ast.Constant):
            return isinstance(value.value, str | int | float)
        if isinstance(value, ast.Name):
            return value.id in self.fragments
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "format":
            parts = [value.func.value, *value.args, *(k.value for k in value.keywords)]
            return depth < 3 and all(self._is_fixed(v, depth + 1) for v in parts)
        if isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name):
            return value.value.id in self.fragment_dicts
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and depth < 3:
            func = self.module_functions.get(value.func.id)
            if func is None:
                return False
            returns = [n.value for n in ast.walk(func) if isinstance(n, ast.Return)]
            return bool(returns) and all(
                r is not None
                and ((isinstance(r, ast.Constant) and isinstance(r.value, str)) or self._is_fixed(r, depth + 1))
                for r in returns
            )
        return False

    def _iterable_is_tables(self, it: ast.expr) -> bool:
        if isinstance(it, ast.Tuple | ast.List | ast.Set):
            return all(isinstance(e, ast.Constant) and e.value in self.tables for e in it.elts)
        if isinstance(it, ast.Name) and it.id in self.constants:
            return self.constants[it.id] <= self.tables
        return False

    def _callers_pass_tables(self, func: ast.FunctionDef | ast.AsyncFunctionDef, index: int, name: str) -> bool:
        calls = [n for n in ast.walk(self.tree) if isinstance(n, ast.Call) and _call_name(n) == func.name]
        if not calls:
            return False
        for call in calls:
            args = [a for a in call.args]
            kw = {k.arg: k.value for k in call.keywords}
            value = kw.get(name) if name in kw else (args[index] if index < len(args) else None)
            if value is None or not self._is_table(value, call):
                return False
        return True

    def _enclosing_function(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return None

    def _module_constants(self) -> dict[str, frozenset[str]]:
        """Module-level NAME = "table" or NAME = ("t1", "t2"): names that only ever hold literal strings."""
        out: dict[str, frozenset[str]] = {}
        self._single_strings: set[str] = set()
        self.fragment_dicts: set[str] = set()
        for stmt in self.tree.body:
            if isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                value = stmt.value
                names = [t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper()]
                if isinstance(value, ast.Dict) and all(
                    isinstance(v, ast.Constant) and isinstance(v.value, str) for v in value.values
                ):
                    self.fragment_dicts.update(names)
                    continue
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    self._single_strings.update(names)
                    strings = frozenset([value.value])
                elif isinstance(value, ast.Tuple | ast.List | ast.Set) and all(
                    isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts
                ):
                    strings = frozenset(e.value for e in value.elts)
                else:
                    continue
                for t in targets:
                    if isinstance(t, ast.Name) and t.id.isupper():
                        out[t.id] = strings
        return out


def _call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _is_dynamic(node: ast.AST) -> bool:
    """An f-string with placeholders, str.format(...), "..." % x, or a + concatenation involving a string."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _has_string(node.func.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _has_string(node.left)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return (_has_string(node.left) or _has_string(node.right)) and not (
            _is_plain_string(node.left) and _is_plain_string(node.right)
        )
    return False


def _has_string(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Constant) and isinstance(n.value, str) for n in ast.walk(node)) or isinstance(
        node, ast.JoinedStr
    )


def _is_plain_string(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_plain_string(node.left) and _is_plain_string(node.right)
    return False


def _inside_dynamic(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    parent = parents.get(node)
    return parent is not None and _is_dynamic(parent)


def _literal_text(node: ast.AST) -> str:
    return " ".join(n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str))


def _interpolated(node: ast.AST) -> list[ast.expr]:
    """The non-literal values spliced into a dynamic string."""
    if isinstance(node, ast.JoinedStr):
        out: list[ast.expr] = []
        for v in node.values:
            if isinstance(v, ast.FormattedValue):
                out += _interpolated(v.value) if _is_dynamic(v.value) else [v.value]
        return out
    if isinstance(node, ast.Call):  # "...".format(a, b=c)
        return [*node.args, *(k.value for k in node.keywords)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        right = node.right
        return list(right.elts) if isinstance(right, ast.Tuple) else [right]
    if isinstance(node, ast.BinOp):
        out = []
        for side in (node.left, node.right):
            if _is_plain_string(side):
                continue
            out += _interpolated(side) if _is_dynamic(side) else [side]
        return out
    return []


def scan_source(source: str, where: str = "<snippet>", tables: frozenset[str] | None = None) -> list[Finding]:
    return _Scanner(source, where, tables if tables is not None else schema_tables()).findings()


def _python_files() -> list[Path]:
    return sorted(p for d in SCANNED for p in (ROOT / d).rglob("*.py"))


# ---------------------------------------------------------------- the scan itself


def test_schema_tables_are_found() -> None:
    assert {"documents", "sections", "theme_evidence", "build_info"} <= schema_tables()


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sql_assembled_by_string_formatting(path: Path) -> None:
    findings = scan_source(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not findings, "\n".join(map(str, findings))


def page_problems(source: str) -> list[str]:
    """The page rule: pages are widgets → atlas.cache.run(query) → render: no SQL text, no database driver, no raw
    connection."""
    tree = ast.parse(source)
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            names = [a.name for a in node.names]
            if any(m.split(".")[0] in ("duckdb", "sqlite3", "sqlalchemy") for m in modules):
                problems.append(f"line {node.lineno}: imports a database driver")
            if any(m == "atlas.db" for m in modules) or ("db" in names and "atlas" in modules):
                problems.append(f"line {node.lineno}: imports atlas.db (use atlas.cache.run with atlas.queries)")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and PAGE_SQL.search(node.value):
            problems.append(f"line {node.lineno}: SQL text {node.value[:60]!r}")
        if isinstance(node, ast.Call) and _call_name(node) in {"execute", "executemany", "sql", "fetch"}:
            problems.append(f"line {node.lineno}: calls .{_call_name(node)}()")
    return problems


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_pages_hold_no_sql(path: Path) -> None:
    problems = page_problems(path.read_text(encoding="utf-8"))
    assert not problems, f"{path.name}: " + "; ".join(problems)


# ---------------------------------------------------------------- the scanner catches real violations


VIOLATIONS = {
    "fstring": "def q(con, name):\n    return con.execute(f\"SELECT * FROM documents WHERE title = '{name}'\")",
    "format": "def q(con, p):\n    return fetch(con, \"SELECT * FROM sections WHERE province = '{}'\".format(p))",
    "percent": "def q(con, p):\n    return con.sql(\"SELECT * FROM sections WHERE province = '%s'\" % p)",
    "concat": 'def q(con, p):\n    return con.execute("SELECT * FROM sections WHERE province = \'" + p + "\'")',
    "stored": "def q(con, p):\n    sql = f\"SELECT * FROM sections WHERE province = '{p}'\"\n"
    "    return con.execute(sql)",
    "order-by": 'def q(con, col):\n    return fetch(con, f"SELECT * FROM documents ORDER BY {col}")',
    "param-from-user": (
        'def count(con, table):\n    return con.execute(f"SELECT count(*) FROM {table}")\n'
        "def page(con, choice):\n    return count(con, choice)"
    ),
    "loop-over-input": (
        'def q(con, names):\n    for table in names:\n        con.execute(f"SELECT count(*) FROM {table}")'
    ),
    "helper-passes-input": (
        'def frag(x):\n    return x\ndef q(con, p):\n    return fetch(con, f"SELECT * FROM sections WHERE {frag(p)}")'
    ),
    "dict-with-input": 'def q(con, p):\n    parts = {"a": p}\n'
    "    return con.sql(f\"SELECT * FROM documents WHERE {parts['a']}\")",
    "format-with-input": '_PICK = "SELECT {id} FROM targets"\n'
    'def q(con, col):\n    return fetch(con, f"WITH t AS ({_PICK.format(id=col)}) SELECT * FROM t")',
    "lowercase-global": 'where = input()\ndef q(con):\n    return con.sql(f"SELECT * FROM documents WHERE {where}")',
    "not-a-table": 'TABLES = ("documents", "users; DROP TABLE x")\n'
    'def q(con):\n    for t in TABLES:\n        con.execute(f"SELECT * FROM {t}")',
}
ALLOWED = {
    "parameter": 'def q(con, p):\n    return fetch(con, "SELECT * FROM sections WHERE province = ?", [p])',
    "literal-loop": (
        'def q(con):\n    for table in ("sections", "targets"):\n        con.execute(f"SELECT count(*) FROM {table}")'
    ),
    "constant-tuple": 'TABLES = ("sections", "platforms")\n'
    'def q(con):\n    for t in TABLES:\n        con.execute(f"DESCRIBE {t}")',
    "checked-callers": (
        'ATTR = ("platforms", "targets")\ndef n(con, table):\n    return con.execute(f"SELECT count(*) FROM {table}")\n'
        'def all_(con):\n    n(con, "documents")\n    for t in ATTR:\n        n(con, t)'
    ),
    "fragment-constant": '_S = "SELECT province FROM sections"\n'
    'def q(con):\n    return fetch(con, f"WITH s AS ({_S}) SELECT * FROM s")',
    "fragment-dict": '_SQL = {"a": "SELECT 1", "b": "SELECT 2"}\n'
    'def q(con, kind):\n    return fetch(con, f"WITH e AS ({_SQL[kind]}) SELECT * FROM e")',
    "fragment-helper": '_SQL = {"a": "SELECT 1"}\ndef frag(kind):\n'
    "    if kind not in _SQL:\n        raise ValueError(kind)\n"
    '    return _SQL[kind]\ndef q(con, kind):\n    return fetch(con, f"SELECT * FROM ({frag(kind)}) x")',
    "fragment-format": '_PICK = "SELECT {id} FROM targets"\n'
    "def q(con):\n    return fetch(con, f\"WITH t AS ({_PICK.format(id='target_id')}) SELECT * FROM t\")",
    "message": 'def err(path):\n    raise ValueError(f"{path}: cannot read the file")',
}


@pytest.mark.parametrize("name", sorted(VIOLATIONS))
def test_scanner_flags_violation(name: str) -> None:
    assert scan_source(VIOLATIONS[name]), f"the scanner missed the {name!r} violation"


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_scanner_allows_safe_code(name: str) -> None:
    assert scan_source(ALLOWED[name]) == []


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ('import duckdb\nrows = duckdb.connect("x").execute("SELECT 1").df()\n', "imports a database driver"),
        ("from atlas import db\n", "imports atlas.db"),
        ("from atlas.db import fetch\n", "imports atlas.db"),
        ('q = "SELECT province FROM sections WHERE x = 1"\n', "SQL text"),
        ("con.execute(query)\n", "calls .execute()"),
        ("frame = fetch(con, query)\n", "calls .fetch()"),
    ],
)
def test_page_rule_flags_sql_in_a_page(snippet: str, expected: str) -> None:
    problems = page_problems(snippet)
    assert any(expected in p for p in problems), problems


def test_page_rule_allows_ordinary_pages() -> None:
    page = textwrap.dedent(
        """
        import streamlit as st
        from atlas.cache import run
        from atlas.queries import core
        st.caption("Select a province from the list to set the filter")
        table = run(core.provinces)
        """
    )
    assert page_problems(page) == []


# ---------------------------------------------------------------- server configuration and uploads


def test_streamlit_config_is_safe_and_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read through Streamlit's own loader from the repository root, as `streamlit run dashboard.py` does."""
    from streamlit import config

    monkeypatch.chdir(ROOT)
    config.get_config_options(force_reparse=True)
    try:
        expected = {
            "browser.gatherUsageStats": False,
            "server.enableXsrfProtection": True,
            "server.enableCORS": True,
        }
        for key, value in expected.items():
            assert config.get_option(key) == value, key
            assert config.get_where_defined(key).endswith(".streamlit/config.toml"), key
        assert config.get_option("server.maxUploadSize") <= 10
    finally:
        monkeypatch.undo()
        config.get_config_options(force_reparse=True)


def test_uploads_are_limited_in_type() -> None:
    """The app has no upload; any file_uploader added later must restrict the file type (size is capped above)."""
    for path in (
        sorted((ROOT / "pages").glob("*.py")) + sorted((ROOT / "atlas").rglob("*.py")) + [ROOT / "dashboard.py"]
    ):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _call_name(node) == "file_uploader":
                kinds = {k.arg for k in node.keywords}
                assert "type" in kinds, f"{path.name}:{node.lineno}: file_uploader without type=[...]"
