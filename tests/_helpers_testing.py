"""Helpers shared by the property tests and the tests of ntmcriteria.testing."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, Criterion
from ntmcriteria.indicators import Indicator
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import Rule
from ntmcriteria.testing import rule_set
from ntmcriteria.trace import Trace
from ntmcriteria.units import Unit

YEAR = 2024
#: Years of history the generated units carry (time rules look up to 3 years back).
HISTORY = (2021, 2022, 2023)
CITE = Citation(document="Bộ tiêu chí kiểm thử", confidence="unknown")


def ind(key: str, kind: str = "decimal", measure: str | None = None, **kw: Any) -> Indicator:
    if measure is None:
        measure = {"decimal": "percent", "integer": "count", "boolean": "yes_no"}[kind]
    return Indicator(key=key, label_vi=f"Chỉ tiêu {key}", label_en=f"Indicator {key}",
                     measure=measure, value_type=kind, **kw)


def make_set(indicators: Sequence[Indicator], *rules: Rule, level: str = "commune",
             **kw: Any) -> CriteriaSet:
    """A set over ``indicators`` with one criterion per rule (ids c1, c2, ...)."""
    criteria = tuple(Criterion(id=f"c{n + 1}", number=str(n + 1), label_vi=f"Tiêu chí {n + 1}",
                               label_en=f"Criterion {n + 1}", rule=r, citation=CITE)
                     for n, r in enumerate(rules))
    return CriteriaSet(id=kw.pop("id", "test"), label_vi="Thử", label_en="Test", level=level,
                       valid_from=2021, valid_to=2025, indicators=tuple(indicators),
                       criteria=criteria, **kw)


def trace_of(cs: CriteriaSet, rule: Rule, unit: Unit, year: int = YEAR,
             parameters: dict[str, Any] | None = None) -> Trace:
    single = rule_set(cs, rule)
    return single.assess(unit, year=year, parameters=parameters).results[0].trace


def outcome_of(cs: CriteriaSet, rule: Rule, unit: Unit, year: int = YEAR) -> Outcome:
    return trace_of(cs, rule, unit, year).outcome


def dec(text: str) -> Decimal:
    return Decimal(text)
