"""The semantics promised in DESIGN.md, checked on hand-built cases."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import attrs
import pytest

from ntmcriteria import Commune, Outcome, Region, Village
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import Parameter, RegionOverride
from ntmcriteria.errors import NTMValueError
from ntmcriteria.rules import (
    CompareDetail,
    MembersDetail,
    all_of,
    any_of,
    at_least,
    count,
    fact,
    held_each_year,
    no,
    not_,
    param,
    rule_param,
    scaled,
    schedule,
    share,
    yes,
)
from tests._core_fixtures import SEED, ind, one_criterion_set

A, B, C = ind("a"), ind("b"), ind("c")
FLAG = ind("flag", "boolean")


def outcome(rule: object, facts: Mapping[str, object], **kw: object) -> Outcome:
    cs = one_criterion_set(rule, A, B, C, FLAG, **kw)  # type: ignore[arg-type]
    return cs.assess(Commune(code="1", facts=facts), year=2024).outcome


def test_comparison_shortfalls_in_the_indicator_unit() -> None:
    cs = one_criterion_set(fact("a") <= 20, A)
    trace = cs.assess(Commune(code="1", facts={"a": Decimal("22.5")}), year=2024).results[0].trace
    assert trace.outcome is Outcome.FAIL
    assert trace.detail_as(CompareDetail).shortfall == Decimal("2.5")
    cs = one_criterion_set(fact("a").equals(50), A)
    trace = cs.assess(Commune(code="1", facts={"a": 47}), year=2024).results[0].trace
    assert (trace.outcome, trace.detail_as(CompareDetail).shortfall) == (Outcome.FAIL, 3)
    cs = one_criterion_set(fact("a").differs(50), A)
    assert cs.assess(Commune(code="1", facts={"a": 47}), year=2024).outcome is Outcome.PASS


def test_yes_no_facts() -> None:
    assert outcome(yes("flag"), {"flag": True}) is Outcome.PASS
    assert outcome(yes("flag"), {"flag": False}) is Outcome.FAIL
    assert outcome(no("flag"), {"flag": False}) is Outcome.PASS
    assert outcome(yes("flag"), {}) is Outcome.UNKNOWN


def test_missing_operand_is_unknown_never_pass_or_fail() -> None:
    assert outcome(fact("a") >= 0, {}) is Outcome.UNKNOWN
    assert outcome(fact("a") <= 100, {}) is Outcome.UNKNOWN
    assert outcome(not_(fact("a") >= 0), {}) is Outcome.UNKNOWN


def test_kleene_all_of_any_of() -> None:
    fail, unknown, ok = fact("a") >= 50, fact("b") >= 50, fact("c") >= 50
    facts = {"a": 10, "c": 90}  # b is missing
    assert outcome(all_of(fail, unknown), facts) is Outcome.FAIL
    assert outcome(all_of(ok, unknown), facts) is Outcome.UNKNOWN
    assert outcome(any_of(ok, unknown), facts) is Outcome.PASS
    assert outcome(any_of(fail, unknown), facts) is Outcome.UNKNOWN
    assert outcome(any_of(fail, fail), facts) is Outcome.FAIL


def test_at_least_k_of_n() -> None:
    p, f, u = fact("a") >= 0, fact("a") >= 1000, fact("b") >= 0
    facts = {"a": 1}
    assert outcome(at_least(2, p, p, f), facts) is Outcome.PASS
    assert outcome(at_least(2, p, u, f), facts) is Outcome.UNKNOWN
    assert outcome(at_least(2, p, f, f), facts) is Outcome.FAIL
    with pytest.raises(NTMValueError, match="k must be between 1 and the number of parts 2"):
        at_least(3, p, f)


def _commune_with_villages(values: list[bool | None]) -> Commune:
    villages = [
        Village(code=f"{i:02d}", facts={} if v is None else {"flag": v})
        for i, v in enumerate(values)
    ]
    return Commune(code="1", villages=villages)


@pytest.mark.parametrize(
    ("values", "expected", "more"),
    [
        ([True, True, False, None], Outcome.UNKNOWN, 1),  # 2/4 < 75% <= 3/4
        ([True, True, True, None], Outcome.PASS, 0),
        ([True, False, False, None], Outcome.FAIL, 2),  # even 2/4 < 75%
    ],
)
def test_share_three_valued(values: list[bool | None], expected: Outcome, more: int) -> None:
    cs = one_criterion_set(share("village", yes("flag"), at_least=75), FLAG)
    trace = cs.assess(_commune_with_villages(values), year=2024).results[0].trace
    assert trace.outcome is expected
    assert trace.detail_as(MembersDetail).more_needed == more


def test_share_over_no_members_is_unknown_not_vacuous_pass() -> None:
    cs = one_criterion_set(share("village", yes("flag"), at_least=100), FLAG)
    assessment = cs.assess(Commune(code="1"), year=2024)
    assert assessment.outcome is Outcome.UNKNOWN
    (missing,) = assessment.missing()
    assert missing.kind == "children"


def test_count_members() -> None:
    cs = one_criterion_set(count("village", yes("flag"), at_least=2), FLAG)
    assert cs.assess(_commune_with_villages([True, None, False]), year=2024).outcome is (
        Outcome.UNKNOWN
    )
    assert cs.assess(_commune_with_villages([True, True]), year=2024).outcome is Outcome.PASS
    trace = cs.assess(_commune_with_villages([True, False]), year=2024).results[0].trace
    assert (trace.outcome, trace.detail_as(MembersDetail).more_needed) == (Outcome.FAIL, 1)
    # no villages listed: unknown, like share, never a silent FAIL
    none_listed = cs.assess(Commune(code="1"), year=2024)
    assert none_listed.outcome is Outcome.UNKNOWN
    assert none_listed.missing()[0].kind == "children"


def test_outcome_has_no_truth_value() -> None:
    with pytest.raises(TypeError, match="three values"):
        bool(Outcome.PASS)


def _history_commune(by_year: Mapping[int, bool | None]) -> Commune:
    return Commune(
        code="1", history={y: ({} if v is None else {"flag": v}) for y, v in by_year.items()}
    )


def test_held_each_year_window_edges() -> None:
    cs = one_criterion_set(held_each_year(no("flag"), years=3), FLAG)
    # recognition year 2024: the window is 2021, 2022, 2023
    ok = {2020: True, 2021: False, 2022: False, 2023: False, 2024: True}
    assert cs.assess(_history_commune(ok), year=2024).outcome is Outcome.PASS
    first_edge = {**ok, 2021: True}
    last_edge = {**ok, 2023: True}
    assert cs.assess(_history_commune(first_edge), year=2024).outcome is Outcome.FAIL
    assert cs.assess(_history_commune(last_edge), year=2024).outcome is Outcome.FAIL
    gap = {2021: False, 2023: False}
    assessment = cs.assess(_history_commune(gap), year=2024)
    assert assessment.outcome is Outcome.UNKNOWN
    assert [(m.key, m.year) for m in assessment.missing()] == [("flag", 2022)]
    # one failing year decides FAIL even with another year missing
    assert cs.assess(_history_commune({2021: True, 2023: False}), year=2024).outcome is (
        Outcome.FAIL
    )


def test_threshold_parameter_without_default_is_reported_missing() -> None:
    income = Parameter(
        name="income.min",
        label_vi="Mức thu nhập",
        label_en="Income level",
        citation=SEED,
        keyed_by=("region", "year"),
    )
    cs = one_criterion_set(fact("a") >= param("income.min"), A, parameters=(income,))
    commune = Commune(code="1", region="DHNTB", facts={"a": 50})
    assessment = cs.assess(commune, year=2024)
    assert assessment.outcome is Outcome.UNKNOWN
    (missing,) = assessment.missing()
    assert (missing.kind, missing.key, missing.region, missing.year) == (
        "parameter",
        "income.min",
        Region.DHNTB,
        2024,
    )
    assert "South Central Coast" in missing.describe("en")
    supplied = cs.assess(commune, year=2024, parameters={"income.min": {("DHNTB", 2024): 50}})
    assert supplied.outcome is Outcome.PASS
    scalar = cs.assess(commune, year=2024, parameters={"income.min": 51})
    assert scalar.outcome is Outcome.FAIL


def test_scaled_threshold_by_multiplication() -> None:
    level = Parameter(name="adv", label_vi="Mức", label_en="Level", citation=SEED)
    cs = one_criterion_set(
        fact("a") >= scaled(Decimal("1.1"), param("adv")), A, parameters=(level,)
    )
    commune = Commune(code="1", facts={"a": Decimal("55")})
    assert cs.assess(commune, year=2024, parameters={"adv": 50}).outcome is Outcome.PASS
    trace = cs.assess(commune, year=2024, parameters={"adv": 51}).results[0].trace
    assert trace.detail_as(CompareDetail).required == Decimal("56.1")
    assert trace.detail_as(CompareDetail).shortfall == Decimal("1.1")


def test_schedule_by_region_and_year() -> None:
    table = schedule({("DHNTB", 2024): 41, ("TDMNPB", 2024): 36, ("DHNTB", 2025): 45})
    cs = one_criterion_set(fact("a") >= table, A)
    commune = Commune(code="1", region="DHNTB", facts={"a": 42})
    assert cs.assess(commune, year=2024).outcome is Outcome.PASS
    assert cs.assess(commune, year=2025).outcome is Outcome.FAIL
    # a year the schedule does not give is a missing legal value, never the nearest one
    outside = cs.assess(commune, year=2023)
    assert outside.outcome is Outcome.UNKNOWN
    (item,) = outside.missing()
    assert (item.kind, item.key, item.region, item.year) == ("schedule", cs.id, Region.DHNTB,
                                                             2023)
    assert "năm 2023" in item.describe("vi")
    assert "vùng Duyên hải Nam Trung Bộ" in item.describe()
    wrong_region = cs.assess(Commune(code="3", region="TN", facts={"a": 42}), year=2024)
    assert wrong_region.outcome is Outcome.UNKNOWN
    assert wrong_region.missing()[0].region is Region.TN
    no_region = Commune(code="2", facts={"a": 42})
    assessment = cs.assess(no_region, year=2024)
    assert assessment.outcome is Outcome.UNKNOWN
    assert assessment.missing()[0].kind == "region"


def test_region_override_applies_before_lookup() -> None:
    table = schedule({"DHNTB": 41, "TDMNPB": 36})
    override = RegionOverride(
        when=yes("flag"),
        region="TDMNPB",
        citation=Citation(document="Quyết định 318/QĐ-TTg", confidence="secondary"),
    )
    base = one_criterion_set(fact("a") >= table, A, FLAG)
    cs = attrs.evolve(base, region_overrides=(override,))
    special = Commune(code="1", region="DHNTB", facts={"a": 38, "flag": True})
    ordinary = Commune(code="2", region="DHNTB", facts={"a": 38, "flag": False})
    unknown = Commune(code="3", region="DHNTB", facts={"a": 38})
    assert cs.assess(special, year=2024).outcome is Outcome.PASS
    assert cs.assess(ordinary, year=2024).outcome is Outcome.FAIL
    assert cs.assess(unknown, year=2024).outcome is Outcome.UNKNOWN


def test_rule_parameter_supplied_by_the_province() -> None:
    smart = Parameter(name="smart_village", label_vi="Thôn thông minh", label_en="Smart village",
                      citation=SEED, kind="rule")
    cs = one_criterion_set(count("village", rule_param("smart_village"), at_least=1), FLAG,
                           parameters=(smart,))
    commune = _commune_with_villages([False, True])
    assessment = cs.assess(commune, year=2024)
    assert assessment.outcome is Outcome.UNKNOWN
    assert {m.key for m in assessment.missing()} == {"smart_village"}
    supplied = cs.assess(commune, year=2024, parameters={"smart_village": yes("flag")})
    assert supplied.outcome is Outcome.PASS


def test_failing_not_is_listed_among_shortfalls() -> None:
    cs = one_criterion_set(not_(yes("flag")), FLAG)
    assessment = cs.assess(Commune(code="1", facts={"flag": True}), year=2024)
    (short,) = assessment.shortfalls()
    assert short.kind == "not"


def test_did_you_mean_only_suggests_undeclared_keys() -> None:
    cs = one_criterion_set(fact("a") >= 1, A, B)
    declared_other = cs.assess(Commune(code="1", facts={"b": 1}), year=2024).missing()[0]
    assert declared_other.hint == ""  # 'b' is another declared indicator, not a typo of 'a'
    typo = cs.assess(Commune(code="1", facts={"aa": 1}), year=2024).missing()[0]
    assert "did you mean 'aa'" in typo.hint


def test_missing_items_are_equal_whatever_their_hint_or_label() -> None:
    from ntmcriteria.trace import Missing, NearMiss

    a = Missing(kind="fact", key="x", unit="1", year=2024, near=NearMiss(["y", "xx"], []))
    b = Missing(kind="fact", key="x", unit="1", year=2024, label_en="X")
    assert a == b
    assert len({a, b}) == 1


def test_no_did_you_mean_for_keys_declared_by_a_referenced_set() -> None:
    aa = ind("aa")
    unit = Commune(code="1", facts={"aa": 1})
    alone = one_criterion_set(fact("a") >= 1, A)
    assert "did you mean 'aa'" in alone.assess(unit, year=2024).missing()[0].hint
    other = one_criterion_set(fact("aa") >= 1, aa, set_id="other")
    with_ref = one_criterion_set(fact("a") >= 1, A, references=(other,))
    assert with_ref.assess(unit, year=2024).missing()[0].hint == ""  # 'aa' is declared there
