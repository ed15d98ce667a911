"""Laws of the three-valued logic, for Outcome values and for rules evaluated on units.

Units and rules come from the public strategies in ntmcriteria.strategies.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import all_of, any_of, at_least, not_
from ntmcriteria.rules.applicable import may_not_apply
from ntmcriteria.strategies import communes, rules
from tests._helpers_testing import HISTORY, ind, make_set, outcome_of, trace_of

outcomes = st.sampled_from(Outcome)
P, F, U, NA = Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN, Outcome.NOT_APPLICABLE


# ------------------------------------------------------------------ Outcome values
def test_truth_tables_match_kleene() -> None:
    # Kleene's strong logic written out: FAIL dominates &, PASS dominates |
    assert [P & P, P & U, P & F, U & U, U & F, F & F] == [P, U, F, U, F, F]
    assert [P | P, P | U, P | F, U | U, U | F, F | F] == [P, P, P, U, U, F]
    assert [~P, ~U, ~F] == [F, U, P]


@given(outcomes, outcomes)
def test_de_morgan_on_outcomes(a: Outcome, b: Outcome) -> None:
    assert ~(a & b) is (~a | ~b)
    assert ~(a | b) is (~a & ~b)


@given(outcomes, outcomes, outcomes)
def test_lattice_laws_on_outcomes(a: Outcome, b: Outcome, c: Outcome) -> None:
    # not applicable is the identity of both & and |: PASS and FAIL are identities of the
    # applicable outcomes, and absorption holds for them (tests/test_applicable.py)
    assert (a & NA) is a
    assert (a | NA) is a
    if a is not NA:
        assert (a & P) is a
        assert (a | F) is a
        assert (a & (a | b)) is a
        assert (a | (a & b)) is a
    assert (a & b) is (b & a)
    assert (a | b) is (b | a)
    assert ((a & b) & c) is (a & (b & c))
    assert ((a | b) | c) is (a | (b | c))
    assert ~~a is a


@given(st.lists(outcomes, max_size=6), st.integers(0, 7))
def test_at_least_on_outcomes_counts(xs: list[Outcome], k: int) -> None:
    p, u, na = xs.count(P), xs.count(U), xs.count(NA)
    applicable = len(xs) - na
    # counted over the applicable parts; fewer than k applying is UNKNOWN, never decided
    expected = (P if p >= k else NA if na and not applicable else U if applicable < k and na
                else F if p + u < k else U)
    assert Outcome.at_least(k, xs) is expected
    if not na:
        assert Outcome.at_least(len(xs), xs) is Outcome.all(xs)
    if xs:
        assert Outcome.at_least(1, xs) is Outcome.any(xs)


# ------------------------------------------------------------------ rules on units
INDICATORS = (
    ind("rate", "decimal"),
    ind("income", "decimal", "million_vnd_per_person_year", minimum=0),
    ind("stations", "integer"),
    ind("certified", "boolean"),
)
CS = make_set(INDICATORS)
RULES = rules(indicators=INDICATORS, max_depth=2)
UNITS = communes(indicators=INDICATORS, years=HISTORY, max_villages=3)


def rules_and_unit(n: int = 3) -> st.SearchStrategy[tuple[Any, ...]]:
    """(set, commune, rule, rule, ...): ``n`` rules over the same indicators."""
    return st.tuples(st.just(CS), UNITS, *([RULES] * n))


@given(rules_and_unit())
def test_rule_outcomes_are_kleene_combinations(data: tuple[Any, ...]) -> None:
    cs, unit, a, b, _ = data
    oa, ob = outcome_of(cs, a, unit), outcome_of(cs, b, unit)
    assert outcome_of(cs, a & b, unit) is (oa & ob)
    assert outcome_of(cs, a | b, unit) is (oa | ob)
    assert outcome_of(cs, ~a, unit) is ~oa


@given(rules_and_unit())
def test_de_morgan_on_rules(data: tuple[Any, ...]) -> None:
    cs, unit, a, b, _ = data
    assert outcome_of(cs, ~(a & b), unit) is outcome_of(cs, ~a | ~b, unit)
    assert outcome_of(cs, ~(a | b), unit) is outcome_of(cs, ~a & ~b, unit)
    assert outcome_of(cs, not_(not_(a)), unit) is outcome_of(cs, a, unit)


@given(rules_and_unit())
def test_identity_absorption_commutativity_on_rules(data: tuple[Any, ...]) -> None:
    cs, unit, a, b, c = data
    oa = outcome_of(cs, a, unit)
    assert outcome_of(cs, all_of(a), unit) is oa
    assert outcome_of(cs, any_of(a), unit) is oa
    if oa is not NA:  # absorption holds for applicable outcomes (NA is the identity)
        assert outcome_of(cs, a & (a | b), unit) is oa
        assert outcome_of(cs, a | (a & b), unit) is oa
    assert outcome_of(cs, all_of(a, b, c), unit) is outcome_of(cs, all_of(c, a, b), unit)
    assert outcome_of(cs, any_of(a, b, c), unit) is outcome_of(cs, any_of(b, c, a), unit)


@given(rules_and_unit())
def test_flattening(data: tuple[Any, ...]) -> None:
    cs, unit, a, b, c = data
    assert a & (b & c) == (a & b) & c
    assert a | (b | c) == (a | b) | c
    assert outcome_of(cs, a & (b & c), unit) is outcome_of(cs, all_of(a, b, c), unit)
    assert outcome_of(cs, a | (b | c), unit) is outcome_of(cs, any_of(a, b, c), unit)


@given(rules_and_unit(n=4), st.integers(1, 4))
def test_at_least_k_of_n_counts_parts(data: tuple[Any, ...], k: int) -> None:
    cs, unit, *parts = data
    traces = [trace_of(cs, r, unit) for r in parts]
    outs = [t.outcome for t in traces]
    expected = Outcome.at_least(k, outs)
    # an unknown part that may still turn out not applicable: if enough of them not
    # applying would leave fewer than k parts, a FAIL is not decided yet (the laws of
    # not applicable, docs/concepts.md)
    turning = sum(map(may_not_apply, parts, traces))
    applicable = sum(o is not NA for o in outs)
    if expected is F and turning and applicable - turning < k:
        expected = U
    assert outcome_of(cs, at_least(k, *parts), unit) is expected
