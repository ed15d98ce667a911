"""A province tests its adapted criteria set with cases kept in YAML.

Run the cases as tests (one test per case, named after it)::

    pytest examples/province_cases/test_province_cases.py

or as a script that prints a summary::

    python examples/province_cases/test_province_cases.py

The YAML is read here, at the edge, with ``yaml.safe_load`` (needs PyYAML);
the library itself never reads files.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from adapted_set import adapted_set

from ntmcriteria.testing import (
    check_case,
    check_cases,
    check_criteria_set,
    parametrize_cases,
)

CASES_FILE = Path(__file__).with_name("cases.yaml")


def load_cases(path: Path = CASES_FILE) -> list[dict[str, Any]]:
    """The cases of ``path``: a YAML list of mappings (never executes anything)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise TypeError(f"{path}: expected a list of cases (got {type(data).__name__})")
    return data


SET = adapted_set()
CASES = load_cases()


@parametrize_cases(CASES)
def test_case(case: dict[str, Any]) -> None:
    check_case(SET, case, lang="en")


def test_the_adapted_set_passes_the_author_checks() -> None:
    report = check_criteria_set(SET, checks=("never_passes", "always_passes"))
    assert report.ok, str(report)  # noqa: S101 - a pytest test


if __name__ == "__main__":
    assessments = check_cases(SET, CASES, lang="en")  # raises with a readable diff on mismatch
    for case, assessment in zip(CASES, assessments, strict=True):
        print(f"ok  {case['name']}: {assessment.outcome.value}")
    print(check_criteria_set(SET))
