"""Results are exact whatever the caller's decimal context (issue 10, item 6).

The caller's thread may have any :mod:`decimal` context: three digits of
precision, every signal trapped (``Inexact``, ``Rounded``, ``FloatOperation``...),
a tiny exponent range, another rounding. Shares, ratios, shortfalls, aggregates,
explanations, renderings, documents and the compiled plan (both backends, from
unit objects and from records with floats) must give exactly what they give
under the default context, and never raise a bare ``decimal`` signal.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from ntmcriteria import Commune, Village
from ntmcriteria.errors import NTMError
from ntmcriteria.evaluation.sources import RecordSource
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import fact, mean, ratio, scaled, share, total, years_before, yes
from ntmcriteria.rules.members import MembersDetail, ShareDetail
from ntmcriteria.serialize import (
    assessment_to_json,
    criteria_set_from_json,
    criteria_set_to_json,
    unit_from_json,
    unit_to_json,
)
from tests._core_fixtures import ind, one_criterion_set
from tests.test_plan_oracle import _record, communes, criteria_sets, parameter_values

SIGNALS = [decimal.Clamped, decimal.DivisionByZero, decimal.Inexact, decimal.Overflow,
           decimal.Rounded, decimal.Underflow, decimal.InvalidOperation, decimal.Subnormal,
           decimal.FloatOperation]


def hostile(prec: int = 3, rounding: str = decimal.ROUND_UP) -> decimal.Context:
    """A context no exact computation survives: 3 digits, every signal trapped, |e| <= 5."""
    return decimal.Context(prec=prec, rounding=rounding, Emax=5, Emin=-5, traps=SIGNALS)


FLAG = ind("flag", "boolean")
X = ind("x", "decimal", "score")


def _villages(flags: list[bool]) -> Commune:
    return Commune(code="1", villages=[Village(code=f"v{i}", facts={"flag": f})
                                       for i, f in enumerate(flags)])


@pytest.mark.parametrize("context", [hostile(), hostile(1, decimal.ROUND_FLOOR),
                                     hostile(28, decimal.ROUND_05UP)])
def test_a_share_is_exact_in_a_hostile_context(context: decimal.Context) -> None:
    cs = one_criterion_set(share("village", yes("flag"), at_least=30), FLAG)
    every = one_criterion_set(share("village", yes("flag"), at_least=100), FLAG)
    with decimal.localcontext(context):
        third = cs.assess(_villages([True, False, False]), year=2024)  # 1/3 = 33.33%
        assert third.outcome is Outcome.PASS
        assert third.results[0].trace.detail_as(ShareDetail).observed == Decimal("33.33")
        text = third.explain("en")
        all_pass = every.assess(_villages([True] * 7), year=2024)  # raised InvalidOperation
        assert all_pass.outcome is Outcome.PASS
        assert all_pass.results[0].trace.detail_as(MembersDetail).more_needed == 0
        all_pass.explain()
    assert text == cs.assess(_villages([True, False, False]), year=2024).explain("en")


def test_ratios_shortfalls_and_means_are_exact_in_a_hostile_context() -> None:
    rel = one_criterion_set(ratio(fact("x"), fact("x", at=years_before(1))) >= Decimal("1.15"),
                            X)
    unit = Commune(code="1", facts={"x": Decimal("12345.678")},
                   history={2023: {"x": Decimal("10735.3739")}})
    big = one_criterion_set(fact("x") >= scaled(Decimal("1.000001"), Decimal("99999.99")), X)
    agg = one_criterion_set(mean("village", fact("x")) >= Decimal("33.334"), X)
    tot = one_criterion_set(total("village", fact("x")) >= Decimal("100.0001"), X)
    members = Commune(code="1", villages=[Village(code=f"v{i}", facts={"x": Decimal(v)})
                                          for i, v in enumerate(("33.333", "33.333",
                                                                 "33.3335"))])
    runs = [(rel, unit), (big, Commune(code="1", facts={"x": Decimal("99999.98")})),
            (agg, members), (tot, members)]
    expected = [(a.outcome, a.explain(), repr(a.shortfalls()))
                for a in (cs.assess(u, year=2024) for cs, u in runs)]
    with decimal.localcontext(hostile()):
        got = [(a.outcome, a.explain(), repr(a.shortfalls()))
               for a in (cs.assess(u, year=2024) for cs, u in runs)]
    assert got == expected
    assert [e[0] for e in expected] == [Outcome.FAIL, Outcome.FAIL, Outcome.FAIL,
                                        Outcome.FAIL]


def _everything(cs: Any, unit: Commune, parameters: dict[str, Any]) -> list[Any]:
    """Every result the library gives for a set and a unit, as comparable values."""
    try:
        a = cs.assess(unit, year=2024, parameters=parameters)
    except NTMError as exc:
        return [type(exc).__name__, str(exc)]
    out: list[Any] = [a.outcome, a.explain(), a.explain("en"), a.to_markdown(), a.to_html(),
                      repr(a.shortfalls()), repr(a.missing()), assessment_to_json(a),
                      cs.to_markdown(), cs.to_html()]
    text = criteria_set_to_json(cs)
    out += [text, criteria_set_from_json(text) == cs, unit_from_json(unit_to_json(unit))]
    plan = cs.compile(parameters)
    for floats in (False, True):
        for backend in ("python", "numpy"):
            results = plan.run(RecordSource(cs.level), [_record(unit, floats)], 2024,
                               backend=backend, explain=True)
            for c in cs.criteria:
                out.append((results.outcomes(cs.id, c.id),
                            [(f.path, f.observed, f.required, bytes(f.codes))
                             for f in results.atoms(cs.id, c.id)]))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(cs=criteria_sets(), unit=communes(), parameters=parameter_values())
def test_every_result_is_the_same_in_a_hostile_context(cs: Any, unit: Commune,
                                                       parameters: dict[str, Any]) -> None:
    expected = _everything(cs, unit, parameters)
    with decimal.localcontext(hostile()):
        got = _everything(cs, unit, parameters)
    assert got == expected
