"""Author checks: never passes, always passes, monotonicity."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ntmcriteria.criteria import Parameter
from ntmcriteria.errors import NTMValueError
from ntmcriteria.rules import (
    count,
    evaluated_year,
    fact,
    held_each_year,
    maximum,
    meets,
    minimum,
    no,
    param,
    ratio,
    rule_param,
    share,
    total,
    years_before,
    yes,
)
from ntmcriteria.testing import check_criteria_set, directions
from tests._helpers_testing import CITE, ind, make_set

INDICATORS = (
    ind("rate", "decimal"),
    ind("income", "decimal", "million_vnd_per_person_year", minimum=0),
    ind("stations", "integer"),
    ind("certified", "boolean"),
)


def test_a_clean_set_has_no_findings() -> None:
    cs = make_set(INDICATORS, fact("rate") >= 45, yes("certified") & (fact("stations") >= 2),
                  share("village", fact("income") >= 30, at_least=80),
                  held_each_year(fact("rate") >= 10, years=3))
    report = check_criteria_set(cs)
    assert report.ok, str(report)
    assert report.findings == ()


def test_contradictory_thresholds_never_pass() -> None:
    cs = make_set(INDICATORS, fact("rate") >= 45, (fact("rate") >= 60) & (fact("rate") <= 50))
    report = check_criteria_set(cs, checks=("never_passes", "always_passes"))
    assert [(f.kind, f.criterion_id) for f in report.findings] == [("never_passes", "c2")]
    assert "c2" in str(report)
    assert "never_passes" in str(report)


def test_thresholds_at_the_bottom_of_the_range_always_pass() -> None:
    cs = make_set(INDICATORS, fact("income") >= 0, count("village", yes("certified"), at_least=0),
                  fact("rate") <= 100)
    report = check_criteria_set(cs, checks=("always_passes",))
    assert [f.criterion_id for f in report.of_kind("always_passes")] == ["c1", "c2", "c3"]


def test_indicators_compared_both_ways_are_not_monotone() -> None:
    cs = make_set(INDICATORS, (fact("rate") >= 45) | (fact("rate") <= 5),
                  ~(fact("stations") >= 2) & (fact("stations") >= 1),
                  fact("income").equals(30), yes("certified") & ~no("certified"))
    report = check_criteria_set(cs, checks=("monotonicity",))
    flagged = {(f.criterion_id, f.indicator) for f in report.of_kind("not_monotone")}
    assert flagged == {("c1", "rate"), ("c2", "stations"), ("c3", "income")}
    assert report.for_criterion("c4") == ()


def test_directions_follow_negation_differences_and_ratios() -> None:
    cs = make_set(INDICATORS)
    assert directions(~(fact("rate") >= 1), cs) == {"rate": {"down"}}
    assert directions(fact("rate") - fact("income") >= 0, cs) == {"rate": {"up"},
                                                                   "income": {"down"}}
    relative = ratio(fact("income"), fact("income", at=years_before(1))) >= Decimal("1.5")
    assert directions(relative, cs) == {"income": {"up"}}
    assert directions(no("certified"), cs) == {"certified": {"down"}}


def test_directions_of_strict_operators_negated_differences_and_aggregates() -> None:
    cs = make_set(INDICATORS)
    assert directions(fact("rate") > 5, cs) == {"rate": {"up"}}
    assert directions(fact("rate") < 5, cs) == {"rate": {"down"}}
    # lowering the difference helps a negated '>=': lower rate, raise income
    assert directions(~(fact("rate") - fact("income") >= 0), cs) == {"rate": {"down"},
                                                                    "income": {"up"}}
    assert directions(fact("rate") - fact("income") < 0, cs) == {"rate": {"down"},
                                                                  "income": {"up"}}
    assert directions(minimum("village", fact("rate")) >= 80, cs) == {"rate": {"up"}}
    assert directions(~(maximum("village", fact("income")) > 40), cs) == {"income": {"down"}}
    assert directions(total("village", fact("stations")).equals(3), cs) == {
        "stations": {"up", "down"}}
    assert directions(fact("stations") <= evaluated_year(before=2), cs) == {
        "stations": {"down"}}


def test_monotone_aggregates_have_no_findings() -> None:
    cs = make_set(INDICATORS, minimum("village", fact("rate")) >= 80,
                  total("village", fact("stations")) > 5)
    assert check_criteria_set(cs).ok, str(check_criteria_set(cs))


def test_rules_behind_parameters_and_references_are_checked() -> None:
    smart = Parameter(name="smart", label_vi="Thôn thông minh", label_en="Smart village",
                      citation=CITE, kind="rule")
    base = make_set(INDICATORS, fact("rate") <= 20, id="base")
    cs = make_set(INDICATORS, rule_param("smart") & (fact("rate") >= 50), meets("base") &
                  (fact("rate") >= 1), parameters=(smart,), references=(base,))
    report = check_criteria_set(cs, checks=("monotonicity",),
                                parameters={"smart": fact("rate") <= 90})
    assert {f.criterion_id for f in report.findings} == {"c1", "c2"}


def test_fixed_parameters_are_respected_open_ones_may_take_any_value() -> None:
    floor = Parameter(name="floor", label_vi="Mức sàn", label_en="Floor", citation=CITE)
    cs = make_set(INDICATORS, fact("rate") >= param("floor"), parameters=(floor,))
    assert check_criteria_set(cs, checks=("never_passes",)).ok
    above_the_range = check_criteria_set(cs, checks=("never_passes",), parameters={"floor": 101})
    assert [f.kind for f in above_the_range.findings] == ["never_passes"]
    with pytest.raises(NTMValueError, match="checks must be"):
        check_criteria_set(cs, checks=("speling",))
