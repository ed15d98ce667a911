"""PASS and FAIL witnesses of every criterion of every bundled criteria set.

Criteria needing parameters get generated values; rule parameters without a
value get a simple yes/no rule on the set's own indicators.
"""

from __future__ import annotations

from typing import Any

import pytest

from ntmcriteria.outcome import Outcome
from ntmcriteria.testing import find_witness

try:
    from ntmcriteria.catalog import catalog
except ImportError:  # pragma: no cover - the catalog is written separately
    catalog = None  # type: ignore[assignment]

CASES: list[Any] = []
if catalog is not None:
    for entry in catalog():
        for criterion in entry.load().criteria:
            CASES.append(pytest.param(entry, criterion.id, id=f"{entry.id}:{criterion.id}"))


@pytest.mark.skipif(catalog is None, reason="ntmcriteria.catalog is not importable")
def test_the_catalog_has_criteria() -> None:
    assert len(CASES) > 50


@pytest.mark.skipif(catalog is None, reason="ntmcriteria.catalog is not importable")
@pytest.mark.parametrize(("entry", "criterion_id"), CASES)
@pytest.mark.parametrize("wanted", [Outcome.PASS, Outcome.FAIL], ids=["pass", "fail"])
def test_every_bundled_criterion_has_pass_and_fail_witnesses(entry: Any, criterion_id: str,
                                                             wanted: Outcome) -> None:
    cs = entry.load()
    for seed, complete in ((0, False), (1, True)):
        w = find_witness(cs, wanted, criterion=criterion_id, seed=seed, complete=complete)
        result = w.assess(cs).result(criterion_id)
        assert result.outcome is wanted, w.assess(cs).explain("en")
