"""The documented example examples/province_cases keeps working: its YAML cases hold."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from ntmcriteria.outcome import Outcome
from ntmcriteria.testing import CaseMismatchError, check_case, check_cases

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "province_cases"


def load_example() -> ModuleType:
    pytest.importorskip("yaml", reason="the example reads its cases with PyYAML")
    spec = importlib.util.spec_from_file_location("province_cases_example",
                                                  EXAMPLE / "test_province_cases.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_example_cases_hold() -> None:
    example = load_example()
    assessments = check_cases(example.SET, example.CASES)
    assert [a.outcome for a in assessments] == [Outcome.PASS, Outcome.FAIL, Outcome.FAIL]
    assert {case["name"] for case in example.CASES} >= {
        "Tam Thanh meets every criterion, two of them exactly"}


def test_a_changed_expectation_in_the_example_is_caught() -> None:
    example = load_example()
    case = dict(example.CASES[1])
    case["expect"] = {**case["expect"], "g2.2": "pass"}
    with pytest.raises(CaseMismatchError, match="- g2.2 +pass +fail"):
        check_case(example.SET, case, lang="en")
