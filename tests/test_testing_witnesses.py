"""Witnesses: units whose assessment has a wanted outcome, boundaries included."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria.criteria import CriteriaSet, Parameter, RegionOverride
from ntmcriteria.errors import NTMError, NTMTypeError, NTMValueError, UnknownNameError
from ntmcriteria.indicators import Indicator, ValueType
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import (
    Rule,
    all_of,
    any_of,
    applies_if,
    at_least,
    count,
    evaluated_year,
    fact,
    held_each_year,
    maximum,
    mean,
    meets,
    minimum,
    param,
    ratio,
    recognition_year,
    rule_param,
    schedule,
    share,
    total,
    years_before,
    yes,
)
from ntmcriteria.strategies import communes_for, criteria_sets, values_for
from ntmcriteria.testing import (
    UnsatisfiableError,
    Witness,
    assess_rule,
    find_witness,
)
from ntmcriteria.testing.witnesses import witnesses
from ntmcriteria.units import Commune, Region
from tests._helpers_testing import CITE, HISTORY, ind, make_set

P, F, U = Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN
INDICATORS = (
    ind("rate", "decimal"),
    ind("income", "decimal", "million_vnd_per_person_year", minimum=0),
    ind("stations", "integer"),
    ind("certified", "boolean"),
    ind("especially_disadvantaged", "boolean"),
)
SEEDS = range(40)


def outcome(cs: CriteriaSet, w: Witness, criterion: str = "c1") -> Outcome:
    return w.assess(cs).result(criterion).outcome


def witnesses_for(cs: CriteriaSet, wanted: Outcome, criterion: str = "c1",
                  **kw: Any) -> list[Witness]:
    found = [find_witness(cs, wanted, criterion=criterion, seed=s, **kw) for s in SEEDS]
    for w in found:
        assert outcome(cs, w, criterion) is wanted, (w, w.assess(cs).explain("en"))
    return found


# ------------------------------------------------------------------ the acceptance property
GENERATED = criteria_sets(indicators=INDICATORS, max_criteria=2, max_depth=3)


@given(GENERATED, st.data())
def test_witnesses_of_generated_rules_have_the_wanted_outcome(cs: CriteriaSet,
                                                             data: st.DataObject) -> None:
    for criterion in cs.criteria:
        for wanted in (P, F, U):
            try:
                strategy = witnesses(cs, wanted, criterion=criterion.id)
            except UnsatisfiableError:
                # the claim must hold: no drawn commune reaches the outcome either
                for _ in range(2):
                    unit = data.draw(communes_for(cs, years=HISTORY, max_villages=3))
                    got = cs.assess(unit, year=2024).result(criterion.id).outcome
                    assert got is not wanted, repr(criterion.rule)
                continue
            w = data.draw(strategy)
            assert w.wanted is wanted
            assert outcome(cs, w, criterion.id) is wanted, (repr(criterion.rule),
                                                           w.assess(cs).explain("en"))


def test_whole_set_witnesses() -> None:
    drawn = {"satisfiable": 0, "unsatisfiable": 0}

    @given(GENERATED, st.data())
    def check(cs: CriteriaSet, data: st.DataObject) -> None:
        for wanted in (P, F):
            try:
                strategy = witnesses(cs, wanted)
            except UnsatisfiableError:
                # the claim must hold: no drawn commune gives the set that outcome either
                drawn["unsatisfiable"] += 1
                for _ in range(2):
                    unit = data.draw(communes_for(cs, years=HISTORY, max_villages=3))
                    assert cs.assess(unit, year=2024).outcome is not wanted, repr(cs)
                continue
            drawn["satisfiable"] += 1
            w = data.draw(strategy)
            assert w.wanted is wanted
            assert w.assess(cs).outcome is wanted, w.assess(cs).explain("en")

    check()
    # the run must have exercised witnesses, not only unsatisfiability claims
    assert drawn["satisfiable"] > 0, drawn


# ------------------------------------------------------------------ boundaries
def values(found: list[Witness], key: str) -> set[Any]:
    return {w.unit.facts.get(key) for w in found}


NUMERIC = tuple(i for i in INDICATORS if i.value_type is not ValueType.BOOLEAN)


@given(st.sampled_from(NUMERIC).flatmap(lambda i: st.tuples(st.just(i), values_for(i))),
       st.booleans())
def test_witnesses_of_generated_comparisons_reach_the_threshold(
        drawn: tuple[Indicator, Any], upward: bool) -> None:
    indicator, threshold = drawn
    rule = fact(indicator.key) >= threshold if upward else fact(indicator.key) <= threshold
    cs = make_set(INDICATORS, rule)
    step = 1 if indicator.value_type is ValueType.INTEGER else Decimal("0.01")
    just_failing = threshold - step if upward else threshold + step
    low, high = indicator.bounds
    passing = values(witnesses_for(cs, P), indicator.key)
    assert threshold in passing
    if (low is None or just_failing >= low) and (high is None or just_failing <= high):
        assert just_failing in values(witnesses_for(cs, F), indicator.key)
    else:  # the threshold sits at the end of the indicator's range: failing is impossible
        with pytest.raises(UnsatisfiableError):
            find_witness(cs, F)


def test_pass_and_fail_witnesses_sit_exactly_at_a_ge_threshold() -> None:
    cs = make_set(INDICATORS, fact("rate") >= 45)
    assert Decimal(45) in values(witnesses_for(cs, P), "rate")
    assert Decimal("44.99") in values(witnesses_for(cs, F), "rate")


def test_pass_and_fail_witnesses_sit_exactly_at_a_le_threshold() -> None:
    cs = make_set(INDICATORS, fact("rate") <= Decimal("12.5"))
    assert Decimal("12.5") in values(witnesses_for(cs, P), "rate")
    assert Decimal("12.51") in values(witnesses_for(cs, F), "rate")


def test_integer_indicators_fail_one_below_the_threshold() -> None:
    cs = make_set(INDICATORS, fact("stations") >= 3)
    assert 3 in values(witnesses_for(cs, P), "stations")
    assert 2 in values(witnesses_for(cs, F), "stations")
    assert all(isinstance(v, int) for v in values(witnesses_for(cs, F), "stations"))


def test_relative_income_witness_hits_the_multiple_exactly() -> None:
    rule = ratio(fact("income"), fact("income", at=recognition_year("ntm"))) >= Decimal("1.5")
    cs = make_set(INDICATORS, rule)
    exact = []
    for w in witnesses_for(cs, P):
        base = w.unit.history[w.unit.recognitions[next(iter(w.unit.recognitions))].year]["income"]
        exact.append(w.unit.facts["income"] == Decimal("1.5") * base)
    assert any(exact)
    witnesses_for(cs, F)
    unknown = witnesses_for(cs, U)
    assert all(w.assess(cs).missing() for w in unknown)


def test_share_witnesses_reach_the_share_exactly() -> None:
    cs = make_set(INDICATORS, share("village", yes("certified"), at_least=50))
    ratios = set()
    for w in witnesses_for(cs, P):
        assert isinstance(w.unit, Commune)
        passing = sum(v.facts.get("certified") is True for v in w.unit.villages)
        ratios.add(Decimal(passing) / len(w.unit.villages))
    assert Decimal("0.5") in ratios
    witnesses_for(cs, F)
    witnesses_for(cs, U)


def test_complete_witnesses_give_every_indicator_a_value() -> None:
    cs = make_set(INDICATORS, fact("rate") >= 45)
    keys = {i.key for i in INDICATORS}
    for wanted in (P, F):
        for w in witnesses_for(cs, wanted, complete=True):
            assert set(w.unit.facts) == keys
        assert any(set(w.unit.facts) == {"rate"} for w in witnesses_for(cs, wanted))
    for w in witnesses_for(cs, U, complete=True):
        assert "rate" not in w.unit.facts


# ------------------------------------------------------------------ strict comparisons
STRICT: list[tuple[Rule, str, Any, Any]] = [
    # rule, fact, a passing value at the threshold, a failing value at the threshold
    (fact("rate") > 45, "rate", Decimal("45.01"), Decimal(45)),
    (fact("rate") < 10, "rate", Decimal("9.99"), Decimal(10)),
    (fact("stations") > 3, "stations", 4, 3),
    (fact("stations") < 3, "stations", 2, 3),
]


@pytest.mark.parametrize(("rule", "key", "passing", "failing"), STRICT, ids=repr)
def test_strict_comparisons_fail_exactly_at_the_threshold(rule: Rule, key: str, passing: Any,
                                                         failing: Any) -> None:
    cs = make_set(INDICATORS, rule)
    assert passing in values(witnesses_for(cs, P), key)
    assert failing in values(witnesses_for(cs, F), key)
    assert all(key not in w.unit.facts for w in witnesses_for(cs, U))


def test_strict_comparisons_at_the_end_of_the_range_never_pass() -> None:
    with pytest.raises(UnsatisfiableError):
        find_witness(make_set(INDICATORS, fact("rate") > 100), P)
    with pytest.raises(UnsatisfiableError):
        find_witness(make_set(INDICATORS, fact("income") < 0), P)
    witnesses_for(make_set(INDICATORS, fact("rate") > 100), F)


def test_strict_differences_and_ratios() -> None:
    cs = make_set(INDICATORS, (fact("rate") - fact("income")) > 5,
                  ratio(fact("income"), fact("income", at=years_before(1))) < Decimal("1.2"))
    for wanted in (P, F, U):
        witnesses_for(cs, wanted, criterion="c1")
        witnesses_for(cs, wanted, criterion="c2")
    gaps = {w.unit.facts["rate"] - w.unit.facts["income"] for w in witnesses_for(cs, F)}
    assert Decimal(5) in gaps  # failing exactly at the threshold of the strict '>'


def test_a_year_as_threshold() -> None:
    cs = make_set((*INDICATORS, ind("founded", "integer", "count")),
                  fact("founded") <= evaluated_year(before=3))
    founded = {w.year - w.unit.facts["founded"] for w in witnesses_for(cs, P)}
    assert 3 in founded  # founded exactly three years before the year assessed
    assert 2 in {w.year - w.unit.facts["founded"] for w in witnesses_for(cs, F)}


# ------------------------------------------------------------------ aggregates
AGGREGATES: list[Rule] = [
    total("village", fact("stations")) >= 5,
    total("village", fact("rate")) > 150,  # needs several villages: a rate is at most 100
    total("village", fact("rate")).equals(120),
    total("village", fact("rate")).differs(0),
    mean("village", fact("rate")) >= 80,
    mean("village", fact("rate")) < 20,
    mean("village", fact("income")).equals(30),
    mean("village", fact("income")).differs(30),
    minimum("village", fact("rate")) >= 80,
    minimum("village", fact("rate")) < 20,
    maximum("village", fact("income")) > 40,
    maximum("village", fact("income")) <= 40,
    minimum("village", fact("stations")).equals(2),
    maximum("village", fact("rate") - fact("income")).differs(0),
    mean("village", fact("rate")) >= param("rate.min"),
]


@pytest.mark.parametrize("rule", AGGREGATES, ids=repr)
def test_aggregates_have_witnesses_of_every_outcome(rule: Rule) -> None:
    declared = Parameter(name="rate.min", label_vi="Tỷ lệ tối thiểu", label_en="Minimum rate",
                         citation=CITE)
    cs = make_set(INDICATORS, rule, parameters=(declared,))
    for wanted in (P, F, U):
        witnesses_for(cs, wanted)


def test_a_sum_beyond_one_member_is_reached_with_several() -> None:
    cs = make_set(INDICATORS, total("village", fact("rate")) > 150)
    for w in witnesses_for(cs, P):
        assert isinstance(w.unit, Commune)
        assert len(w.unit.villages) >= 2
        assert sum(v.facts["rate"] for v in w.unit.villages) > 150


def test_min_and_max_decide_on_the_known_members() -> None:
    # a minimum fails once a known member is below: the others may lack data
    cs = make_set(INDICATORS, minimum("village", fact("rate")) >= 80)
    partial = [w for w in witnesses_for(cs, F)
               if isinstance(w.unit, Commune)
               and any("rate" not in v.facts for v in w.unit.villages)]
    assert partial
    # a maximum reaching the threshold passes whatever the others hold
    cs = make_set(INDICATORS, maximum("village", fact("income")) > 40)
    assert any(isinstance(w.unit, Commune) and len(w.unit.villages) > 1
               for w in witnesses_for(cs, P))


def test_aggregates_over_communes_of_a_district() -> None:
    cs = make_set(INDICATORS, mean("commune", fact("income")) >= 45,
                  minimum("commune", fact("rate")) > 50, level="district")
    for wanted in (P, F, U):
        witnesses_for(cs, wanted, criterion="c1")
        witnesses_for(cs, wanted, criterion="c2")


# ------------------------------------------------------------------ unsatisfiable rules
CONTRADICTIONS: tuple[Rule, ...] = (
    (fact("rate") >= 10) & (fact("rate") <= 5),
    fact("stations").equals(3) & fact("stations").differs(3),
    (fact("stations") >= 2) & (fact("stations") <= Decimal("2.5")) & fact("stations").differs(2),
    ~(fact("income") >= 0),  # income is never below its minimum 0
)


@pytest.mark.parametrize("rule", CONTRADICTIONS, ids=repr)
def test_contradictory_thresholds_are_reported_not_searched_forever(rule: Rule) -> None:
    cs = make_set(INDICATORS, rule)
    with pytest.raises(UnsatisfiableError, match="no unit can make") as info:
        witnesses(cs, P, criterion="c1")
    assert repr(rule) in str(info.value)
    assert isinstance(info.value, ValueError)
    find_witness(cs, F, criterion="c1")  # failing is possible


def test_a_count_of_zero_can_never_fail() -> None:
    cs = make_set(INDICATORS, count("village", yes("certified"), at_least=0))
    with pytest.raises(UnsatisfiableError):
        find_witness(cs, F)
    witnesses_for(cs, P)
    witnesses_for(cs, U)


# ------------------------------------------------------------------ parameters, regions, sets
def test_missing_parameters_are_generated_and_supplied_ones_kept() -> None:
    declared = Parameter(name="rate.min", label_vi="Tỷ lệ tối thiểu", label_en="Minimum rate",
                         citation=CITE)
    cs = make_set(INDICATORS, fact("rate") >= param("rate.min"), parameters=(declared,))
    for w in witnesses_for(cs, P) + witnesses_for(cs, F):
        assert "rate.min" in w.parameters
    for w in witnesses_for(cs, P, parameters={"rate.min": 80}):
        assert w.parameters["rate.min"] == 80
        assert w.unit.facts["rate"] >= 80
    unknown = witnesses_for(cs, U)
    assert any("rate.min" not in w.parameters for w in unknown)


def test_rule_parameters_without_a_value_get_a_simple_rule() -> None:
    declared = Parameter(name="smart.rule", label_vi="Quy tắc thôn thông minh",
                         label_en="Smart village rule", citation=CITE, kind="rule")
    cs = make_set(INDICATORS, rule_param("smart.rule"), parameters=(declared,))
    for w in witnesses_for(cs, P) + witnesses_for(cs, F):
        assert isinstance(w.parameters["smart.rule"], Rule)


def test_schedules_by_region_and_region_overrides() -> None:
    override = RegionOverride(when=yes("especially_disadvantaged"), region="TN", citation=CITE)
    rule = fact("income") >= schedule({"TN": 40, "DBSH": 60, "DNB": 70})
    cs = make_set(INDICATORS, rule, region_overrides=(override,))
    found = witnesses_for(cs, P) + witnesses_for(cs, F)
    overridden = [w for w in found if w.unit.facts.get("especially_disadvantaged") is True]
    own = [w for w in found if w not in overridden]
    assert overridden
    assert own
    assert all(isinstance(w.unit, Commune) and w.unit.region in {Region.TN, Region.DBSH,
                                                                 Region.DNB} for w in own)


def test_regions_of_member_communes_follow_their_own_set() -> None:
    override = RegionOverride(when=yes("especially_disadvantaged"), region="TN", citation=CITE)
    commune_set = make_set(INDICATORS, fact("income") >= schedule({"TN": 40, "DBSH": 60}),
                           region_overrides=(override,), id="commune-set")
    district_set = make_set(INDICATORS, share("commune", meets("commune-set"), at_least=50),
                            level="district", references=(commune_set,))
    for wanted in (P, F, U):
        witnesses_for(district_set, wanted)


def test_a_village_on_its_own_has_no_region_for_a_schedule() -> None:
    cs = make_set(INDICATORS, fact("rate") >= schedule({"TN": 40}), level="village")
    with pytest.raises(UnsatisfiableError):
        find_witness(cs, P)
    witnesses_for(cs, U)


def test_held_each_year_and_references_to_other_sets() -> None:
    base = make_set(INDICATORS, fact("rate") >= 50, id="base")
    cs = make_set(INDICATORS, held_each_year(fact("stations") >= 2, years=3),
                  meets("base", tier="ntm", recognised_from=2022), references=(base,))
    for wanted in (P, F, U):
        witnesses_for(cs, wanted, criterion="c1")
        witnesses_for(cs, wanted, criterion="c2")
    years = {y for w in witnesses_for(cs, F, criterion="c1") for y in w.unit.history}
    assert years
    assert max(years) < 2026


def test_district_level_shares_over_communes() -> None:
    cs = make_set(INDICATORS, share("commune", fact("rate") >= 80, at_least=75),
                  level="district")
    for wanted in (P, F, U):
        witnesses_for(cs, wanted)


def test_witnesses_of_a_lone_rule() -> None:
    cs = make_set(INDICATORS, yes("certified"))
    rule = (fact("rate") >= 30) | ~yes("certified")
    for wanted in (P, F, U):
        w = find_witness(cs, wanted, rule=rule, seed=3)
        assert assess_rule(cs, rule, w.unit, year=w.year, parameters=w.parameters) is wanted


# ------------------------------------------------------------------ argument checks
def test_arguments_are_checked_when_the_strategy_is_built() -> None:
    cs = make_set(INDICATORS, fact("rate") >= 45)
    with pytest.raises(NTMValueError, match="'maybe'"):
        witnesses(cs, "maybe")
    with pytest.raises(UnknownNameError, match="did you mean 'c1'"):
        witnesses(cs, P, criterion="c11")
    with pytest.raises(NTMValueError, match="not both"):
        witnesses(cs, P, criterion="c1", rule=yes("certified"))
    with pytest.raises(NTMValueError, match="outside the valid period"):
        witnesses(cs, P, year=2030)
    with pytest.raises(NTMValueError, match="max_children"):
        witnesses(cs, P, max_children=-1)
    with pytest.raises(UnknownNameError, match="did you mean 'rate'"):
        witnesses(cs, P, rule=fact("rat") >= 1)
    with pytest.raises(NTMError):
        find_witness(cs, P, parameters={"nope": 1})
    with pytest.raises(NTMTypeError, match="complete"):
        witnesses(cs, P, complete="yes")  # type: ignore[arg-type]


@given(witnesses(make_set(INDICATORS, (fact("rate") >= 45) & yes("certified")), "fail",
                 year=2024))
def test_the_strategy_draws_failing_witnesses(w: Witness) -> None:
    cs = make_set(INDICATORS, (fact("rate") >= 45) & yes("certified"))
    assert w.year == 2024
    assert w.assess(cs).result("c1").outcome is F


_RATE = fact("rate")
_NEVER = applies_if((_RATE - _RATE) >= 1, (_RATE - _RATE) >= 0)  # never applies


@pytest.mark.parametrize("rule", [
    # a part of an all_of that cannot pass but may not apply: its condition holds for a
    # rule that does not apply, or its condition does not apply
    all_of(_RATE >= 0, applies_if(_RATE >= 0, _NEVER)),
    all_of(_RATE >= 0, applies_if(_NEVER, _RATE >= 0)),
    # ... or an all_of, any_of or at least k of such parts (it does not apply when none of
    # them does)
    all_of(_RATE >= 0, all_of(_NEVER)),
    all_of(_RATE >= 0, all_of(_NEVER, applies_if(_NEVER, _RATE >= 0))),
    all_of(_RATE >= 0, any_of(_NEVER)),
    all_of(_RATE >= 0, at_least(1, _NEVER, applies_if(_NEVER, _RATE >= 0))),
])
def test_a_part_that_does_not_apply_lets_an_all_of_pass(rule: Rule) -> None:
    cs = make_set([ind("rate")], rule)  # (a rate is at least 0: FAIL is out of reach)
    assert len(witnesses_for(cs, P)) == len(SEEDS)  # (each witness's outcome is checked)
    assert find_witness(cs, P, seed=0).assess(cs).outcome is P
    with pytest.raises(UnsatisfiableError):
        find_witness(cs, F, seed=0)


def test_an_applies_if_fails_only_where_its_condition_holds() -> None:
    cs = make_set([ind("rate")], applies_if(_RATE >= 50, _RATE >= 80))
    for w in witnesses_for(cs, F):
        assert Decimal(50) <= w.unit.facts["rate"] < Decimal(80)
