"""Every example in the pure core's docstrings runs, and says what it shows."""

import doctest
import importlib
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "py" / "micsentry" / "core"
MODULES = ["micsentry", "micsentry.host.serve", "micsentry.host.site"] + ["micsentry.core." + path.stem for path in sorted(CORE.glob("*.py")) if path.stem != "__init__"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
