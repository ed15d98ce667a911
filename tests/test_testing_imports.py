"""Every public module imports in a fresh interpreter, before or after Hypothesis.

Hypothesis runs ntmcriteria's entry point while it is itself being imported;
when the first import is a module of ntmcriteria that imports Hypothesis, that
module is then only half imported (the entry point must not need it). Each
module is imported first in a fresh interpreter, then Hypothesis (and the
other way round), and ``st.from_type(Commune)`` must draw units afterwards.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import ntmcriteria

MODULES = sorted(
    {"ntmcriteria"} | {name for _, name, _ in pkgutil.walk_packages(ntmcriteria.__path__,
                                                                      "ntmcriteria.")
                       if not any(part.startswith("_") for part in name.split("."))})
#: The modules that import Hypothesis themselves.
HYPOTHESIS_MODULES = ("ntmcriteria.strategies", "ntmcriteria.testing.strategies",
                      "ntmcriteria.testing.witnesses")
DRAW = ("import warnings\n"
        "from hypothesis import strategies as st\n"
        "from ntmcriteria.units import Commune, Village\n"
        "warnings.simplefilter('ignore')\n"
        "assert isinstance(st.from_type(Commune).example(), Commune)\n"
        "assert isinstance(st.from_type(Village).example(), Village)\n")


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True,  # noqa: S603
                          text=True, check=False, timeout=120)


def test_the_public_modules_are_found() -> None:
    assert {"ntmcriteria.strategies", "ntmcriteria.testing", "ntmcriteria.rules",
            "ntmcriteria.testing.witnesses", "ntmcriteria.testing.strategies"} <= set(MODULES)


@pytest.mark.parametrize("order", ["module-first", "hypothesis-first"])
@pytest.mark.parametrize("module", MODULES)
def test_every_public_module_imports_in_a_fresh_interpreter(module: str, order: str) -> None:
    if module == "ntmcriteria.evaluation.vector":
        pytest.importorskip("numpy")  # the NumPy backend's module needs its optional extra
    imports = [f"import {module}", "import hypothesis"]
    if order == "hypothesis-first":
        imports.reverse()
    done = run("\n".join(imports))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("order", ["module-first", "hypothesis-first"])
@pytest.mark.parametrize("module", HYPOTHESIS_MODULES)
def test_units_are_registered_whichever_module_comes_first(module: str, order: str) -> None:
    imports = [f"import {module}", "import hypothesis"]
    if order == "hypothesis-first":
        imports.reverse()
    done = run("\n".join(imports) + "\n" + DRAW)
    assert done.returncode == 0, done.stderr
