"""The pure core must run unchanged on CPython, Pyodide and MicroPython; the package keeps its layers."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "py" / "micsentry"
CORE = sorted((PACKAGE / "core").glob("*.py"))
# The package's own sources (py/micsentry/site is the built site `make dist` puts there).
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] != "site")
HOST_ONLY = ("cli.py", "host")
SHIPPED = [p for p in SOURCES if p.relative_to(PACKAGE).parts[0] not in HOST_ONLY]
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


def micsentry_imports(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("micsentry"):
            for alias in node.names:
                yield node.module + "." + alias.name if node.module in ("micsentry", "micsentry.core",
                                                                         "micsentry.browser") else node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("micsentry"):
                    yield alias.name


def layer(module):
    if module.startswith("micsentry.core") or module == "micsentry.__version__":
        return "core"
    if module.startswith("micsentry.browser"):
        return "browser"
    if module.startswith("micsentry.host"):
        return "host"
    return module


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layers_point_one_way(path):
    """core imports only core; browser imports core and browser; only the entry points import browser."""
    here = layer("micsentry." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
    allowed = {"core": {"core"}, "browser": {"core", "browser"}, "micsentry.app": {"core", "browser"},
               "micsentry.demo": {"core", "browser", "micsentry.app"}, "micsentry.cli": {"core", "host"},
               "host": {"core", "host"}, "micsentry.__init__": set()}[here]
    assert {layer(module) for module in micsentry_imports(path)} <= allowed


def test_no_class_over_200_lines_and_no_function_over_60():
    too_long = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            size = node.end_lineno - node.lineno + 1
            if size > (200 if isinstance(node, ast.ClassDef) else 60):
                too_long.append("%s:%d %s (%d lines)" % (path.name, node.lineno, node.name, size))
    assert not too_long
