"""The pure core must run unchanged on CPython, Pyodide and MicroPython."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "py" / "micsentry"
CORE = sorted(p for p in PACKAGE.glob("*.py") if p.name not in ("app.py", "cli.py"))
SHIPPED = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "cli.py")
# Missing on MicroPython (../shared/FACTS.md).
NOT_ON_MICROPYTHON = {"__future__", "typing", "dataclasses", "enum", "gettext"}
BROWSER_ONLY = {"js", "pyscript", "pyodide"}


def imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_core_imports_nothing_from_the_browser(path):
    tree = ast.parse(path.read_text())
    assert not set(imported_modules(tree)) & BROWSER_ONLY


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_shipped_code_stays_in_the_micropython_subset(path):
    tree = ast.parse(path.read_text())
    assert not set(imported_modules(tree)) & NOT_ON_MICROPYTHON
    for node in ast.walk(tree):
        assert not isinstance(node, ast.Match), "match statements do not exist on MicroPython"
        if isinstance(node, ast.Attribute):
            assert node.attr != "casefold", "str.casefold does not exist on MicroPython"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_regexes_avoid_counted_repetition(path):
    # MicroPython's re has no {m,n}: a pattern with it silently never matches there.
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name) and node.func.value.id == "re":
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    assert not __import__("re").search(r"\{\d", arg.value), arg.value
