"""A unit's facts keep a float twin of each exact value (``FactMap.floats``), which the
compiled plan compares: a float only where the float's shortest repr is the exact
value, so a decimal no float holds is still compared exactly, on every backend."""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria import Citation, CriteriaSet, Criterion, Indicator, assess_many
from ntmcriteria._frozen import FrozenMap
from ntmcriteria._values import float_twin
from ntmcriteria.evaluation.sources import UnitSource
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import compare, fact, share
from ntmcriteria.units import Commune, FactMap, Village

CITE = Citation(document="Test", confidence="unknown")
PCT = Indicator(key="pct", label_vi="Tỷ lệ", label_en="Share", measure="percent",
                value_type="decimal")
BACKENDS = ["python", *(["numpy", "auto"] if importlib.util.find_spec("numpy") else [])]


@pytest.mark.parametrize(("value", "twin"), [
    (Decimal("59.99"), 59.99),
    (Decimal("0.1"), 0.1),
    (Decimal("-0"), -0.0),
    (Decimal("1E+5"), 100000.0),
    (5, 5),
    (True, True),
])
def test_a_decimal_a_float_holds_becomes_that_float(value: Any, twin: Any) -> None:
    got = float_twin(value)
    assert got == twin
    assert type(got) is type(twin)


@pytest.mark.parametrize("value", [
    Decimal("59.99999999999999999999"),  # float(...) is 60.0
    Decimal("60.00000000000000000001"),
    Decimal("0.1000000000000000055511151231257827"),  # the binary value of 0.1, in full
    Decimal("1E+400"),  # beyond a float
    Decimal("1E-400"),  # below the smallest float
])
def test_a_decimal_no_float_holds_stays_exact(value: Decimal) -> None:
    assert float_twin(value) is value


@given(st.decimals(allow_nan=False, allow_infinity=False, places=None))
def test_a_twin_is_the_value_or_a_float_whose_repr_is_the_value(value: Decimal) -> None:
    twin = float_twin(value)
    if isinstance(twin, float):
        assert Decimal(repr(twin)) == value
    else:
        assert twin is value


def test_unit_facts_carry_their_twins_and_compare_as_before() -> None:
    unit = Commune(code="c", facts={"a": 59.99, "b": Decimal("59.99999999999999999999"),
                                    "c": 3, "d": True, "e": None},
                   history={2023: {"a": Decimal("12.5")}})
    assert isinstance(unit.facts, FactMap)
    assert unit.facts == {"a": Decimal("59.99"), "b": Decimal("59.99999999999999999999"),
                          "c": 3, "d": True}
    assert unit.facts.floats == {"a": 59.99, "b": Decimal("59.99999999999999999999"),
                                 "c": 3, "d": True}
    assert unit.history[2023].floats == {"a": 12.5}  # type: ignore[attr-defined]
    # the twins are not part of the value: equal facts, equal hashes, whatever the input
    same = Commune(code="c", facts=FrozenMap({"a": Decimal("59.99"),
                                              "b": Decimal("59.99999999999999999999"),
                                              "c": 3, "d": True}),
                   history={2023: {"a": 12.5}})
    assert same == unit
    assert hash(same) == hash(unit)
    changed = attrs.evolve(unit, facts={"a": Decimal("61")})
    assert changed.facts.floats == {"a": 61.0}  # type: ignore[attr-defined]


def _set(op: str, threshold: Any) -> CriteriaSet:
    rule = compare(fact("pct"), op, threshold)
    return CriteriaSet(id="s", label_vi="s", label_en="s", level="commune", valid_from=2021,
                       valid_to=2025,
                       indicators=(PCT,),
                       criteria=(Criterion(id="a", number="1", label_vi="a", label_en="a",
                                           citation=CITE, rule=rule),))


#: (fact, operator, threshold, outcome): each value next to a boundary, with the float
#: of the value on the other side of it (or on it) where one exists
CASES = [
    (Decimal("59.99999999999999999999"), ">=", 60, Outcome.FAIL),
    (Decimal("59.99999999999999999999"), "<", 60, Outcome.PASS),
    (Decimal("60.00000000000000000001"), ">", 60, Outcome.PASS),
    (Decimal("60.00000000000000000001"), "<=", 60, Outcome.FAIL),
    (Decimal("60.00000000000000000001"), "==", 60, Outcome.FAIL),
    (Decimal("60.00000000000000000001"), "!=", 60, Outcome.PASS),
    (Decimal("0.1000000000000000055511151231257827"), "==", Decimal("0.1"), Outcome.FAIL),
    (Decimal("0.1"), "==", Decimal("0.1"), Outcome.PASS),
    (59.99, ">=", 60, Outcome.FAIL),
    (Decimal("60"), ">=", Decimal("60.00000000000000000001"), Outcome.FAIL),
    (Decimal("60.00000000000000000001"), ">=", Decimal("60.00000000000000000001"),
     Outcome.PASS),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("value", "op", "threshold", "outcome"), CASES)
def test_units_decide_exactly_on_every_backend(value: Any, op: str, threshold: Any,
                                               outcome: Outcome, backend: str) -> None:
    cs = _set(op, threshold)
    unit = Commune(code="c", facts={"pct": value})
    assert cs.assess(unit, year=2024).results[0].outcome is outcome  # the interpreter
    # a column of many units, mixing decimals a float holds and one it does not
    units = [unit, Commune(code="d", facts={"pct": 50.5}), Commune(code="e")]
    results = cs.compile().run(UnitSource(cs.level), units, 2024, backend=backend)
    expected = [outcome, *(cs.assess(u, year=2024).results[0].outcome for u in units[1:])]
    assert results.outcomes("s", "a") == expected
    assert [a.results[0].outcome for a in assess_many(cs, units, year=2024)] == expected


@pytest.mark.parametrize("backend", BACKENDS)
def test_members_and_history_are_read_through_their_twins(backend: str) -> None:
    cs = CriteriaSet(
        id="s", label_vi="s", label_en="s", level="commune", valid_from=2021, valid_to=2025,
        indicators=(PCT,),
        criteria=(Criterion(id="a", number="1", label_vi="a", label_en="a", citation=CITE,
                            rule=share("village", fact("pct") >= 60, at_least=100)),
                  Criterion(id="b", number="2", label_vi="b", label_en="b", citation=CITE,
                            rule=fact("pct") >= 60)))
    near = Decimal("59.99999999999999999999")
    units = [
        Commune(code="c1", villages=(Village(code="v1", facts={"pct": 60}),
                                     Village(code="v2", facts={"pct": near}))),
        Commune(code="c2", villages=(Village(code="v3", facts={"pct": 60.0}),),
                history={2024: {"pct": near}}),
        Commune(code="c3", facts={"pct": 61}, history={2024: {"pct": near}}),
    ]
    results = cs.compile().run(UnitSource(cs.level), units, 2024, backend=backend)
    for criterion in ("a", "b"):
        assert results.outcomes("s", criterion) == [
            cs.assess(u, year=2024).result(criterion).outcome for u in units]
    assert results.outcomes("s", "a") == [Outcome.FAIL, Outcome.PASS, Outcome.UNKNOWN]
    assert results.outcomes("s", "b") == [Outcome.UNKNOWN, Outcome.FAIL, Outcome.PASS]
