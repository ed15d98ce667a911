"""Revocation (Decision 18/2022): the 30% and 50% boundaries, key criteria, unknowns."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import cache
from itertools import product
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria.assessment import Assessment
from ntmcriteria.catalog import appraisal_rules, get
from ntmcriteria.changes import SetParameter
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, Criterion
from ntmcriteria.errors import DerivationError, NTMValueError, UnknownNameError
from ntmcriteria.indicators import Indicator
from ntmcriteria.limits import MAX_DERIVATION_DEPTH
from ntmcriteria.outcome import Outcome
from ntmcriteria.plans import Candidate, Plan, Target
from ntmcriteria.revocation import (
    COMMUNE_NTM_REVOCATION,
    DISTRICT_NTM_REVOCATION,
    RevocationRule,
    check_revocation,
)
from ntmcriteria.rules import yes
from ntmcriteria.serialize import FormatError, criteria_set_from_data, criteria_set_to_data
from ntmcriteria.thresholds import Schedule
from ntmcriteria.units import Commune

CITE = Citation(document="Thử", confidence="secondary")


@cache
def _set(n: int) -> CriteriaSet:
    return CriteriaSet(
        id=f"test.{n}", label_vi="Thử", label_en="Test", level="commune", valid_from=2021,
        valid_to=2025,
        indicators=tuple(Indicator(key=f"k{i}", label_vi=f"k{i}", label_en=f"k{i}",
                                   measure="yes_no", value_type="boolean")
                         for i in range(1, n + 1)),
        criteria=tuple(Criterion(id=f"c{i:02d}", number=str(i), label_vi=f"t{i}",
                                 label_en=f"c{i}", rule=yes(f"k{i}"), citation=CITE)
                       for i in range(1, n + 1)))


def _rule(n: int, key: tuple[str, ...] = ("c01",), middle_includes_upper: bool = True
          ) -> RevocationRule:
    return RevocationRule(id="test", label_vi="Thử", label_en="Test", set_id=f"test.{n}",
                          key_criteria=key, citation=CITE,
                          middle_includes_upper=middle_includes_upper)


def _assess(outcomes: list[Outcome]) -> Assessment:
    n = len(outcomes)
    facts = {f"k{i}": o is Outcome.PASS for i, o in enumerate(outcomes, start=1)
             if o is not Outcome.UNKNOWN}
    return _set(n).assess(Commune(code="x", facts=facts), year=2024)


def _outcomes(n: int, failed: set[int], unknown: frozenset[int] = frozenset()) -> list[Outcome]:
    return [Outcome.FAIL if i in failed else Outcome.UNKNOWN if i in unknown else Outcome.PASS
            for i in range(1, n + 1)]


P, F, U = Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN


# ten criteria, key criterion c01 (hand-computed shares)
@pytest.mark.parametrize(("failed", "expected"), [
    ({1, 2, 3}, P),            # 30% with the key criterion: revoked
    ({2, 3, 4}, F),            # 30% without it: kept
    ({1, 2}, F),               # 20% with it: kept
    ({2, 3, 4, 5}, F),         # 40% without it: kept
    ({1, 2, 3, 4}, P),         # 40% with it
    ({1, 2, 3, 4, 5}, P),      # 50% with it
    ({2, 3, 4, 5, 6}, P),      # 50% without it: revoked (50% or more)
    ({2, 3, 4, 5, 6, 7}, P),   # 60%
])
def test_boundaries_of_30_and_50_percent(failed: set[int], expected: Outcome) -> None:
    check = check_revocation(_assess(_outcomes(10, failed)), _rule(10))
    assert check.outcome is expected
    assert check.failed_share == Fraction(len(failed) * 10)


def test_district_style_middle_band_excludes_50() -> None:
    # 50% with the key: revoked anyway (50% or more), whichever way the band is read
    check = check_revocation(_assess(_outcomes(10, {1, 2, 3, 4, 5})),
                             _rule(10, middle_includes_upper=False))
    assert check.outcome is P
    assert not any("key" in g for g in check.grounds)


@pytest.mark.parametrize(("failed", "unknown", "expected"), [
    ({2, 3, 4, 5}, {6}, U),    # 40% + one unknown could reach 50%
    ({2, 3, 4}, {1}, U),       # 30% + the key criterion unknown
    ({2}, {3}, F),             # at most 20%
    ({1, 2, 3}, {4, 5}, P),    # revoked whatever the unknowns
])
def test_unknown_criteria(failed: set[int], unknown: set[int], expected: Outcome) -> None:
    check = check_revocation(_assess(_outcomes(10, failed, frozenset(unknown))), _rule(10))
    assert check.outcome is expected


def _brute(outcomes: list[Outcome], key: set[int]) -> Outcome:
    unknown = [i for i, o in enumerate(outcomes) if o is U]
    results = set()
    for fills in product((P, F), repeat=len(unknown)):
        full = list(outcomes)
        for i, value in zip(unknown, fills, strict=True):
            full[i] = value
        failed = [i for i, o in enumerate(full) if o is F]
        share = Fraction(len(failed) * 100, len(full))
        key_failed = any(i in key for i in failed)
        results.add(share >= 50 or (30 <= share <= 50 and key_failed))
    return P if results == {True} else F if results == {False} else U


@given(st.lists(st.sampled_from([P, F, U]), min_size=1, max_size=10))
def test_matches_every_completion_of_the_unknowns(outcomes: list[Outcome]) -> None:
    check = check_revocation(_assess(outcomes), _rule(len(outcomes)))
    assert check.outcome is _brute(outcomes, {0})


@given(st.lists(st.sampled_from([P, F, U]), min_size=1, max_size=10), st.data())
def test_more_failures_never_lift_a_revocation(outcomes: list[Outcome], data: Any) -> None:
    passing = [i for i, o in enumerate(outcomes) if o is P]
    if not passing:
        return
    worse = list(outcomes)
    worse[data.draw(st.sampled_from(passing))] = F
    before = check_revocation(_assess(outcomes), _rule(len(outcomes))).outcome
    after = check_revocation(_assess(worse), _rule(len(outcomes))).outcome
    order = {F: 0, U: 1, P: 2}
    assert order[after] >= order[before]


# -------------------------------------------------------------------- the real commune set
def _ntm_assessment(failing: tuple[int, ...], ntm: CriteriaSet | None = None) -> Assessment:
    ntm = get("vn.commune.ntm.2021-2025") if ntm is None else ntm
    regions = ("TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL")
    params: dict[str, Any] = dict(appraisal_rules(ntm))
    params.update({"vn318.income.ntm": Schedule({("DHNTB", 2024): 50}),
                   "vn318.poverty.ntm": Schedule(dict.fromkeys(regions, 5)),
                   "vn318.trained_labour.ntm": Schedule(dict.fromkeys(regions, 70)),
                   "vn318.health_insurance.ntm": Schedule(dict.fromkeys(regions, 90)),
                   "vn318.ehealth_record.ntm": Schedule(dict.fromkeys(regions, 60))})
    facts: dict[str, Any] = {
        "income": Decimal(40 if 10 in failing else 60),
        "multidimensional_poverty_rate": Decimal(9 if 11 in failing else 1),
        "trained_labour_rate_men": Decimal(80), "trained_labour_rate_women": Decimal(80),
        "health_insurance_rate": Decimal(95), "stunting_rate_under5": Decimal(10),
        "ehealth_record_rate": Decimal(80), "gender_equality_met": True,
        # district_poor_2018_2020 is left out: the override fails on the first two already
        "especially_disadvantaged": False, "safe_zone_commune": False,
    }
    for n in range(1, 20):
        facts[f"vn318.ntm.c{n:02d}.appraised"] = n not in failing
    commune = Commune(code="x", region="DHNTB", facts=facts)
    return ntm.assess(commune, year=2024, parameters=params)


@pytest.mark.parametrize(("failing", "expected"), [
    ((10, 1, 2, 3, 4, 5), P),          # 6/19 = 31.6% incl. income
    ((17, 1, 2, 3, 4, 5), P),          # incl. environment and food safety
    ((19, 1, 2, 3, 4, 5), P),          # incl. defence and security
    ((1, 2, 3, 4, 5, 6), F),           # 6/19 without a key criterion
    ((10, 1, 2, 3, 4), F),             # 5/19 = 26.3%
    ((1, 2, 3, 4, 5, 6, 7, 8, 9), F),  # 9/19 = 47.4% without a key criterion
    ((1, 2, 3, 4, 5, 6, 7, 8, 9, 11), P),  # 10/19 = 52.6%
])
def test_commune_ntm_revocation(failing: tuple[int, ...], expected: Outcome) -> None:
    assessment = _ntm_assessment(failing)
    assert sorted(assessment.failed) == sorted(f"c{n:02d}" for n in failing)
    assert check_revocation(assessment).outcome is expected


def test_explanation_names_share_and_citation() -> None:
    text = check_revocation(_ntm_assessment((10, 1, 2, 3, 4, 5))).explain("en")
    assert "6/19" in text
    assert "c10" in text
    assert "18/2022/QĐ-TTg" in text


def test_rule_for_another_set_is_refused() -> None:
    with pytest.raises(NTMValueError):
        check_revocation(_assess([P, P]), COMMUNE_NTM_REVOCATION)


def test_unknown_key_criterion_is_refused_with_did_you_mean() -> None:
    with pytest.raises(UnknownNameError) as info:
        check_revocation(_assess([P, P, P]), _rule(3, key=("c3",)))
    assert "did you mean 'c03'" in str(info.value)


def test_district_rule_counts_revoked_communes() -> None:
    revoked = check_revocation(_assess(_outcomes(10, {1, 2, 3})), _rule(10))
    kept = check_revocation(_assess(_outcomes(10, set())), _rule(10))
    assert (revoked.outcome, kept.outcome) == (P, F)
    district = _district_assessment()
    three_of_ten = check_revocation(district, DISTRICT_NTM_REVOCATION,
                                    member_checks=[revoked] * 3 + [kept] * 7)
    assert three_of_ten.outcome is P
    two_of_ten = check_revocation(district, DISTRICT_NTM_REVOCATION,
                                  member_checks=[revoked] * 2 + [kept] * 8)
    assert two_of_ten.outcome is F
    without = check_revocation(district, DISTRICT_NTM_REVOCATION)
    assert without.outcome is U


def _district_assessment() -> Assessment:
    from ntmcriteria.units import District

    district_set = get("vn.district.ntm.2021-2025")
    facts = {f"vn320.district.d{i:02d}.appraised": True for i in range(1, 10)}
    return district_set.assess(District(code="d", facts=facts), year=2024,
                               parameters={k: v for k, v in appraisal_rules(district_set).items()
                                           if k.startswith("vn320.district")})


# ------------------------------------------- sets derived more than once (issue 11, point 9)
_BASE = "vn.commune.ntm.2021-2025"
_PROVINCE = Citation(document="Quyết định của tỉnh (thử)", confidence="seed")
_REGIONS = ("TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL")


@cache
def _derived_twice() -> tuple[CriteriaSet, CriteriaSet]:
    """The national set -> a province's set (its income level) -> derived again (poverty)."""
    province = get(_BASE).derive(id="test.province.ntm", changes=[SetParameter(
        name="vn318.income.ntm", value=Schedule({("DHNTB", 2024): 50}), citation=_PROVINCE)])
    again = province.derive(id="test.province.ntm.filled", changes=[SetParameter(
        name="vn318.poverty.ntm", value=Schedule(dict.fromkeys(_REGIONS, 5)),
        citation=_PROVINCE)])
    return province, again


def test_the_derivation_chain_reaches_the_base_set() -> None:
    province, again = _derived_twice()
    assert province.derivation == (_BASE,)
    assert again.derived_from == "test.province.ntm"
    assert again.derivation == ("test.province.ntm", _BASE)
    assert again.base_set_id == _BASE
    assert again.derives_from(_BASE)
    assert again.derives_from("test.province.ntm")
    assert not again.derives_from("vn.commune.advanced.2021-2025")
    assert get(_BASE).base_set_id == _BASE
    assert get(_BASE).derivation == ()


@pytest.mark.parametrize(("failing", "expected"), [
    ((10, 1, 2, 3, 4, 5), P),          # 6/19 = 31.6% with income: same as the base set
    ((1, 2, 3, 4, 5, 6), F),           # 6/19 without a key criterion
    ((1, 2, 3, 4, 5, 6, 7, 8, 9, 11), P),  # 10/19 = 52.6%
])
def test_revocation_of_a_set_derived_twice(failing: tuple[int, ...], expected: Outcome
                                           ) -> None:
    _, again = _derived_twice()
    derived = check_revocation(_ntm_assessment(failing, again))
    base = check_revocation(_ntm_assessment(failing))
    assert derived.rule is COMMUNE_NTM_REVOCATION  # the same tier's rule, by default
    assert (derived.outcome, derived.failed) == (base.outcome, base.failed)
    assert derived.outcome is expected


def test_revocation_percentages_use_the_locale_decimal_mark() -> None:
    _, again = _derived_twice()
    check = check_revocation(_ntm_assessment((1, 2, 3, 4, 5, 6, 7, 8, 9, 11), again))
    vi, en = check.explain("vi"), check.explain("en")
    assert "10/19 tiêu chí không đạt (52,6%)" in vi  # 1000/19 = 52.63...
    assert "10/19 criteria failing (52.6%)" in en
    assert "52.6" not in vi
    assert "52,6" not in en
    assert "≥ 50% số tiêu chí không đạt (thỏa mãn)" in vi
    assert "≥ 50% of the criteria failing (holds)" in en


def test_revocation_share_is_rounded_half_up_from_the_exact_fraction() -> None:
    from ntmcriteria.revocation import _percent_text
    assert _percent_text(Fraction(1, 8) * 100, "vi") == "12,5%"    # exact, no rounding
    assert _percent_text(Fraction(1, 16) * 100, "vi") == "6,3%"    # 6.25 -> 6.3 (half up)
    assert _percent_text(Fraction(1, 16) * 100, "en") == "6.3%"
    assert _percent_text(Fraction(100), "vi") == "100,0%"


def test_a_set_derived_from_another_base_is_still_refused() -> None:
    other = _set(3).derive(id="test.3.a", changes=[]).derive(id="test.3.b", changes=[])
    assessment = other.assess(Commune(code="x", facts={"k1": True, "k2": True, "k3": True}),
                              year=2024)
    with pytest.raises(NTMValueError, match="vn.commune.ntm.2021-2025"):
        check_revocation(assessment, COMMUNE_NTM_REVOCATION)
    assert check_revocation(assessment, _rule(3)).outcome is F  # its own base's rule


def test_the_tracker_accepts_assessments_of_a_set_derived_twice() -> None:
    _, again = _derived_twice()
    plan = Plan(
        id="test.plan", label_vi="Kế hoạch thử", label_en="Test plan",
        candidates=(Candidate(code="x", name="Xã X", level="commune", set_id=_BASE),),
        targets=(Target(level="commune", count=1, year=2025, label_vi="Mục tiêu",
                        label_en="Target", citation=CITE, set_id=_BASE),),
        citation=CITE)
    passing = _ntm_assessment((), again)
    assert passing.outcome is Outcome.PASS
    progress = plan.progress([passing])
    assert progress.level("commune").passed == ("x",)
    assert progress.targets[0].met
    # judged by the intermediate set: the twice-derived set derives from it too
    chosen = plan.progress([passing], judge_by="test.province.ntm")
    assert chosen.level("commune").passed == ("x",)
    failing = plan.progress([_ntm_assessment((1,), again)])
    assert failing.level("commune").failed == ("x",)


def test_a_derivation_chain_with_a_cycle_or_a_gap_is_refused() -> None:
    base = _set(2)
    with pytest.raises(DerivationError, match="twice"):
        base.derive(id="test.2.a", changes=[]).derive(id="test.2", changes=[])
    a = base.derive(id="test.2.a", changes=[])
    with pytest.raises(DerivationError, match="twice"):  # a -> b -> a
        a.derive(id="test.2.b", changes=[]).derive(id="test.2.a", changes=[])
    with pytest.raises(DerivationError, match="start with derived_from"):
        attrs.evolve(a, derivation=("test.other", "test.2"))
    with pytest.raises(DerivationError, match="derived_from is not"):
        attrs.evolve(base, derivation=("test.other",))
    with pytest.raises(DerivationError, match="twice"):
        attrs.evolve(a, derivation=("test.2", "test.2.a"))


def test_a_derivation_chain_deeper_than_the_limit_is_refused() -> None:
    current = _set(1)
    for depth in range(MAX_DERIVATION_DEPTH):
        current = current.derive(id=f"test.1.d{depth}", changes=[])
    assert len(current.derivation) == MAX_DERIVATION_DEPTH
    assert current.base_set_id == "test.1"
    with pytest.raises(NTMValueError, match="at most"):
        current.derive(id="test.1.too-deep", changes=[])


def test_the_derivation_chain_survives_a_document_round_trip() -> None:
    _, again = _derived_twice()
    data = criteria_set_to_data(again)
    assert data["derivation"] == ["test.province.ntm", _BASE]
    loaded = criteria_set_from_data(data)
    assert loaded.derivation == again.derivation
    assert check_revocation(_ntm_assessment((10, 1, 2, 3, 4, 5), loaded)).outcome is P
    once = criteria_set_to_data(_derived_twice()[0])
    assert "derivation" not in once  # derived once: derived_from says it all
    assert criteria_set_from_data(once).derivation == (_BASE,)


def test_the_quang_nam_tracker_accepts_the_set_in_force_derived_twice() -> None:
    from ntmcriteria.catalog import illustrative_communes, illustrative_parameters, quang_nam_plan
    plan = quang_nam_plan()
    candidate = next(c for c in plan.candidates if c.level.value == "commune")
    set_id, how = plan.judged_set(candidate, 2025)
    assert how == "in_force"
    twice = get(set_id).derive(id="test.qn.a", changes=[]).derive(id="test.qn.b", changes=[])
    assert twice.base_set_id == set_id
    unit = next(u for u in illustrative_communes(2025) if u.code == candidate.code)
    assessment = twice.assess(unit, year=2025, parameters=illustrative_parameters(twice))
    direct = get(set_id).assess(unit, year=2025, parameters=illustrative_parameters(twice))
    progress = plan.progress([assessment])
    (status,) = [s for s in progress.statuses if s.candidate.code == candidate.code]
    assert status.assessment is assessment
    assert assessment.outcome is direct.outcome
    (judged,) = [j for j in progress.judged_by if j.level is candidate.level]
    assert (judged.set_id, judged.how) == (set_id, "in_force")


def test_a_document_with_a_cyclic_or_too_deep_derivation_is_refused() -> None:
    data = criteria_set_to_data(_derived_twice()[1])
    data["derivation"] = ["test.province.ntm", "test.province.ntm.filled"]
    with pytest.raises(FormatError, match="cycle"):
        criteria_set_from_data(data)
    data["derivation"] = ["test.province.ntm", *(f"x{i}" for i in range(MAX_DERIVATION_DEPTH))]
    with pytest.raises(FormatError, match="at most 64"):
        criteria_set_from_data(data)


def test_a_criterion_that_does_not_apply_is_not_counted() -> None:
    """Ten criteria, c10 not applicable: 3 failing (c02-c04, no key criterion) of the 9 that
    apply is 33.3%, kept (30-50% needs a key criterion); the share is over 9, never 10."""
    from ntmcriteria.rules import applies_if

    base = _set(10)
    criteria = tuple(attrs.evolve(c, rule=applies_if(yes("k1") & ~yes("k1"), c.rule))
                     if c.id == "c10" else c for c in base.criteria)
    cs = attrs.evolve(base, id="test.10", criteria=criteria)
    facts = {f"k{i}": i not in (2, 3, 4) for i in range(1, 11)}
    assessment = cs.assess(Commune(code="x", facts=facts), year=2024)
    assert assessment.result("c10").outcome is Outcome.NOT_APPLICABLE
    check = check_revocation(assessment, _rule(10))
    assert (check.total, check.failed) == (9, ("c02", "c03", "c04"))
    assert check.failed_share == Fraction(300, 9)
    assert check.outcome is F
    assert "33,3%" in check.explain("vi")
