"""Laws of the rule semantics (DESIGN.md, "Semantics to hold exactly"), as properties.

Units and rules come from the public strategies in ntmcriteria.strategies; the
expected outcomes are computed here from the documented definitions.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import example, given
from hypothesis import strategies as st

import ntmcriteria.rules
from ntmcriteria.indicators import ValueType
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import (
    Rule,
    all_of,
    any_of,
    applies_if,
    at_least,
    count,
    fact,
    in_year,
    labelled,
    meets,
    no,
    param,
    ratio,
    recognition_year,
    rule_param,
    scaled,
    schedule,
    share,
    years_before,
    yes,
)
from ntmcriteria.rules.applicable import AppliesIf
from ntmcriteria.rules.members import CountDetail, ShareDetail
from ntmcriteria.strategies import communes, rules, values_for
from ntmcriteria.units import Commune, Village
from tests._helpers_testing import HISTORY, ind, make_set, outcome_of, trace_of

P, F, U = Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN
INDICATORS = (
    ind("rate", "decimal"),
    ind("income", "decimal", "million_vnd_per_person_year", minimum=0),
    ind("score", "decimal", "score"),
    ind("stations", "integer"),
    ind("certified", "boolean"),
)
NUMERIC = tuple(i for i in INDICATORS if i.value_type is not ValueType.BOOLEAN)
CS = make_set(INDICATORS)
VILLAGE_SET = make_set(INDICATORS, level="village")
UNITS = communes(indicators=INDICATORS, years=HISTORY, max_villages=3)
#: Units without history, for rules that only look at the assessment year.
UNITS_NOW = communes(indicators=INDICATORS, max_villages=4)


def with_facts(unit: Commune, **changes: Any) -> Commune:
    facts = {**unit.facts, **changes}
    return attrs.evolve(unit, facts={k: v for k, v in facts.items() if v is not None})


# ------------------------------------------------------------------ monotonicity
@given(UNITS_NOW, st.data())
def test_raising_a_fact_never_turns_ge_pass_into_fail(unit: Commune, data: st.DataObject) -> None:
    indicator = data.draw(st.sampled_from(NUMERIC))
    threshold = data.draw(values_for(indicator))
    low, high = sorted(data.draw(st.lists(values_for(indicator), min_size=2, max_size=2)))
    ge, le = fact(indicator.key) >= threshold, fact(indicator.key) <= threshold
    lower = with_facts(unit, **{indicator.key: low})
    higher = with_facts(unit, **{indicator.key: high})
    if outcome_of(CS, ge, lower) is P:
        assert outcome_of(CS, ge, higher) is P
    if outcome_of(CS, le, higher) is P:
        assert outcome_of(CS, le, lower) is P


def _upward(depth: int) -> st.SearchStrategy[Rule]:
    """Rules built only from '>=' comparisons, yes(...) and monotone combinators."""
    leaf = st.one_of(
        st.sampled_from(NUMERIC).flatmap(
            lambda i: values_for(i).map(lambda t: fact(i.key) >= t)),
        st.just(yes("certified")),
    )
    if depth <= 1:
        return leaf
    sub = st.lists(_upward(depth - 1), min_size=1, max_size=3)
    return st.one_of(
        leaf,
        sub.map(lambda rs: all_of(*rs)),
        sub.map(lambda rs: any_of(*rs)),
        sub.flatmap(lambda rs: st.integers(1, len(rs)).map(lambda k: at_least(k, *rs))),
    )


UPWARD = _upward(3)


@given(UPWARD, UNITS_NOW, st.data())
def test_raising_facts_keeps_monotone_rules_passing(rule: Rule, unit: Commune,
                                                   data: st.DataObject) -> None:
    raised: dict[str, Any] = {}
    for indicator in INDICATORS:
        old = unit.facts.get(indicator.key)
        if old is None:
            continue
        new = data.draw(values_for(indicator))
        raised[indicator.key] = (old or new) if isinstance(old, bool) else max(old, new)
    before = outcome_of(CS, rule, unit)
    after = outcome_of(CS, rule, with_facts(unit, **raised))
    if before is P:
        assert after is P
    if after is F:
        assert before is F


# ------------------------------------------------------------------ unknown propagation
@given(rules(indicators=INDICATORS, max_depth=3), UNITS, st.data())
def test_removing_a_fact_only_ever_gives_unknown(rule: Rule, unit: Commune,
                                                 data: st.DataObject) -> None:
    where = data.draw(st.sampled_from(("facts", "history", "village")))
    less: Commune
    if where == "facts" and unit.facts:
        key = data.draw(st.sampled_from(sorted(unit.facts)))
        less = with_facts(unit, **{key: None})
    elif where == "history" and unit.history:
        year = data.draw(st.sampled_from(sorted(unit.history)))
        facts = unit.history[year]
        key = data.draw(st.sampled_from(sorted(facts))) if facts else ""
        history = {y: dict(f) for y, f in unit.history.items()}
        history[year] = {k: v for k, v in facts.items() if k != key}
        less = attrs.evolve(unit, history=history)
    elif where == "village" and any(v.facts for v in unit.villages):
        index = data.draw(st.sampled_from([i for i, v in enumerate(unit.villages) if v.facts]))
        village = unit.villages[index]
        key = data.draw(st.sampled_from(sorted(village.facts)))
        smaller = attrs.evolve(village, facts={k: v for k, v in village.facts.items() if k != key})
        members = list(unit.villages)
        members[index] = smaller
        less = attrs.evolve(unit, villages=members)
    else:
        less = unit
    full, partial = outcome_of(CS, rule, unit), outcome_of(CS, rule, less)
    assert partial is full or partial is U


# ------------------------------------------------------------------ share and count
VILLAGE_RULES = rules(indicators=INDICATORS, max_depth=2, level="village", time=False)


def _tally(rule: Rule, unit: Commune) -> tuple[int, int, int]:
    """(applicable members, passing, unknown): not applicable members are left out."""
    outs = [outcome_of(VILLAGE_SET, rule, v) for v in unit.villages]
    return len(outs) - outs.count(Outcome.NOT_APPLICABLE), outs.count(P), outs.count(U)


def _brute_force(rule: Rule, unit: Commune, decide: Callable[[int, int], Outcome]
                 ) -> Outcome:
    """A tally's outcome by trying every way its unknown members can turn out: passing or
    failing, or not applicable too when the members' rule is an ``applies_if`` whose
    condition is unknown for them. Decided when every way gives it (``decide(n, p)``: the
    outcome over ``n`` applicable members, ``p`` passing); no members: UNKNOWN."""
    if not unit.villages:
        return U
    choices: list[tuple[Outcome, ...]] = []
    for village in unit.villages:
        outcome = outcome_of(VILLAGE_SET, rule, village)
        if outcome is not U:
            choices.append((outcome,))
        elif isinstance(rule, AppliesIf) and outcome_of(VILLAGE_SET, rule.condition,
                                                        village) is U:
            choices.append((P, F, Outcome.NOT_APPLICABLE))
        else:
            choices.append((P, F))
    found = set()
    for way in itertools.product(*choices):
        n = sum(o is not Outcome.NOT_APPLICABLE for o in way)
        found.add(Outcome.NOT_APPLICABLE if n == 0 else decide(n, way.count(P)))
    return found.pop() if len(found) == 1 else U


#: one village, unknown, whose ``applies_if`` condition is unknown: it may not apply
_MAY_NOT_APPLY = (applies_if(fact("rate") >= 50, fact("rate") >= 0),
                  Commune(code="c", villages=(Village(code="v"),)))


@given(VILLAGE_RULES, UNITS_NOW, st.integers(0, 1000))
@example(*_MAY_NOT_APPLY, 0)  # share >= 0%: PASS if it applies, else not applicable
def test_share_agrees_with_a_brute_force_count(rule: Rule, unit: Commune, tenths: int) -> None:
    s = Decimal(tenths) / 10
    n, p, _ = _tally(rule, unit)
    trace = trace_of(CS, share("village", rule, at_least=s), unit)
    need = Fraction(s) / 100
    expected = _brute_force(rule, unit, lambda n, p: P if Fraction(p, n) >= need else F)
    assert trace.outcome is expected
    if n:
        least = next(m for m in range(n + 1) if Fraction(p + m, n) >= need)
        assert trace.detail_as(ShareDetail).more_needed == least


@given(VILLAGE_RULES, UNITS_NOW, st.integers(0, 5))
@example(*_MAY_NOT_APPLY, 2)  # FAIL if it applies, else not applicable
def test_count_agrees_with_a_brute_force_count(rule: Rule, unit: Commune, k: int) -> None:
    n, p, _ = _tally(rule, unit)
    trace = trace_of(CS, count("village", rule, at_least=k), unit)
    assert trace.outcome is _brute_force(rule, unit, lambda n, p: P if p >= k else F)
    if n:
        assert trace.detail_as(CountDetail).more_needed == max(0, k - p)


@given(communes(indicators=INDICATORS, max_villages=0))
def test_share_over_no_villages_is_unknown_never_a_vacuous_pass(unit: Commune) -> None:
    assert unit.villages == ()
    assert outcome_of(CS, share("village", yes("certified"), at_least=0), unit) is U
    assert outcome_of(CS, count("village", yes("certified"), at_least=0), unit) is U


# ------------------------------------------------------------------ repr round trips
NAMESPACE = vars(ntmcriteria.rules)


@given(rules(indicators=INDICATORS, max_depth=4))
def test_repr_round_trips_generated_rules(rule: Rule) -> None:
    assert eval(repr(rule), NAMESPACE) == rule


HAND_MADE = (
    fact("rate") >= param("rate.min"),
    fact("income") >= scaled(Decimal("1.1"), param("income.level")),
    fact("income") >= schedule({"DBSH": 60, "TN": Decimal("49.5")}),
    fact("income") >= schedule({2021: 40, 2022: 45}),
    fact("stations", at=in_year(2020)) <= 3,
    ratio(fact("income"), fact("income", at=recognition_year("ntm"))) >= Decimal("1.5"),
    ratio(fact("income"), fact("income", at=years_before(2))) <= 2,
    (fact("stations") - fact("stations", at=years_before(1))).equals(0),
    fact("score").differs(-3),
    no("certified") | rule_param("smart.village"),
    meets("vn.commune.ntm", tier="ntm", recognised_from=2022),
    labelled(yes("certified"), vi="Có chứng nhận “OCOP”", en="Certified"),
    share("village", yes("certified"), at_least=param("share.min")),
)


def test_repr_round_trips_every_kind_of_node() -> None:
    for rule in HAND_MADE:
        rebuilt = eval(repr(rule), NAMESPACE)
        assert rebuilt == rule, repr(rule)
        assert repr(rebuilt) == repr(rule)


def test_more_needed_matches_the_ceiling_formula_on_a_worked_example() -> None:
    # 10 villages, 7 passing, share >= 75%: the least m with (7 + m) / 10 >= 0.75 is 1
    villages = [Village(code=f"{i:02d}", facts={"certified": i < 7}) for i in range(10)]
    unit = Commune(code="1", villages=villages)
    trace = trace_of(CS, share("village", yes("certified"), at_least=75), unit)
    assert trace.outcome is F
    assert trace.detail_as(ShareDetail).more_needed == 1 == math.ceil(Fraction(75, 100) * 10) - 7
