"""The national sets at work: the 110% rule, recognitions that do or do not carry over,
the region override, labour for both sexes, the smart village, districts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria.catalog import appraisal_rules, get
from ntmcriteria.changes import AddIndicator, SetParameter
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.indicators import Indicator
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import CompareDetail, MeetsDetail, MembersDetail, yes
from ntmcriteria.thresholds import Schedule
from ntmcriteria.units import Commune, District, Region, Township, Village

D = Decimal
NTM = "vn.commune.ntm.2021-2025"
ADVANCED = "vn.commune.ntm-advanced.2021-2025"
MODEL = "vn.commune.ntm-model.2021-2025"
REGIONS = ("TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL")

# hand-made test values (not legal values)
ADVANCED_INCOME = Schedule({("DHNTB", 2023): 55, ("DHNTB", 2024): 60, ("DHNTB", 2025): 65,
                            ("TDMNPB", 2024): 40})
NTM_INCOME = Schedule({("DHNTB", 2024): 50, ("TDMNPB", 2024): 40})


def _full_parameters(criteria_set: CriteriaSet) -> dict[str, Any]:
    values: dict[str, Any] = dict(appraisal_rules(criteria_set))
    values.update({
        "vn318.income.ntm": NTM_INCOME, "vn318.income.advanced": ADVANCED_INCOME,
        "vn318.poverty.ntm": Schedule(dict.fromkeys(REGIONS, 5)),
        "vn318.trained_labour.ntm": Schedule(dict.fromkeys(REGIONS, 70)),
        "vn318.health_insurance.ntm": Schedule(dict.fromkeys(REGIONS, 90)),
        "vn318.ehealth_record.ntm": Schedule(dict.fromkeys(REGIONS, 60)),
        "vn318.road_maintenance.advanced": 80,
    })
    declared = criteria_set.all_parameters
    return {k: v for k, v in values.items() if k in declared}


def _passing_facts() -> dict[str, Any]:
    facts: dict[str, Any] = {
        "income": D("70"), "multidimensional_poverty_rate": D("2"),
        "trained_labour_rate_men": D("80"), "trained_labour_rate_women": D("80"),
        "health_insurance_rate": D("95"), "stunting_rate_under5": D("10"),
        "ehealth_record_rate": D("80"), "gender_equality_met": True,
        "especially_disadvantaged": False, "safe_zone_commune": False,
        "district_poor_2018_2020": False, "commune_roads_maintained_rate": D("90"),
    }
    for n in range(1, 20):
        facts[f"vn318.ntm.c{n:02d}.appraised"] = True
        facts[f"vn318.advanced.c{n:02d}.appraised"] = True
    return facts


def _commune(facts: dict[str, Any] | None = None, region: str = "DHNTB",
             recognitions: dict[str, int] | None = None, **changes: Any) -> Commune:
    values = _passing_facts() if facts is None else dict(facts)
    values.update(changes)
    return Commune(code="x", name="Xã thử", region=region, facts=values,
                   recognitions=recognitions or {})


# -------------------------------------------------------------------- 110% rule (319, 2)
@pytest.mark.parametrize(("region", "year", "just_ok", "just_short"), [
    ("DHNTB", 2024, D("66"), D("65.99")),      # 1.10 x 60
    ("DHNTB", 2023, D("60.5"), D("60.49")),    # 1.10 x 55
    ("DHNTB", 2025, D("71.5"), D("71.49")),    # 1.10 x 65
    ("TDMNPB", 2024, D("44"), D("43.99")),     # 1.10 x 40
])
def test_income_110_percent_of_the_advanced_level_same_year_and_region(
        region: str, year: int, just_ok: Decimal, just_short: Decimal) -> None:
    model = get(MODEL)
    params = {"vn318.income.advanced": ADVANCED_INCOME}
    ok = model.assess(_commune({"income": just_ok}, region=region), year=year, parameters=params)
    assert ok.result("km2").outcome is Outcome.PASS
    short = model.assess(_commune({"income": just_short}, region=region), year=year,
                         parameters=params)
    trace = short.result("km2").trace
    assert trace.outcome is Outcome.FAIL
    assert trace.detail_as(CompareDetail).required == just_ok
    assert trace.detail_as(CompareDetail).shortfall == D("0.01")


def test_income_110_percent_for_a_year_the_supplied_schedule_lacks_is_unknown_naming_it(
) -> None:
    """A supplied schedule without 2022 is a missing legal value (issue 11, point 10):
    UNKNOWN naming the parameter, region and year, never the nearest year's level."""
    assessment = get(MODEL).assess(_commune({"income": D("70")}), year=2022,
                                   parameters={"vn318.income.advanced": ADVANCED_INCOME})
    result = assessment.result("km2")
    assert result.outcome is Outcome.UNKNOWN
    assert [(m.kind, m.key, m.region, m.year) for m in result.trace.missing] == [
        ("parameter", "vn318.income.advanced", Region.DHNTB, 2022)]
    assert "vn318.income.advanced" in assessment.explain("en")


def test_missing_income_level_names_parameter_region_year_and_citation() -> None:
    assessment = get(MODEL).assess(_commune({"income": D("70")}), year=2024)
    assert assessment.result("km2").outcome is Outcome.UNKNOWN
    missing = assessment.result("km2").trace.missing
    assert [(m.kind, m.key, m.region, m.year) for m in missing] == [
        ("parameter", "vn318.income.advanced", Region.DHNTB, 2024)]
    text = missing[0].describe("en")
    assert "region South Central Coast" in text
    assert "year 2024" in text
    assert "not supplied" in text
    explanation = assessment.explain("en")
    assert "vn318.income.advanced" in explanation
    assert "South Central Coast" in explanation
    assert "319/QĐ-TTg" in explanation


# -------------------------------------------------------------------- recognitions (319, 1)
def test_advanced_recognition_from_2021_counts() -> None:
    for year in (2021, 2023):
        assessment = get(MODEL).assess(_commune({}, recognitions={"advanced": year}),
                                       year=2024)
        assert assessment.result("km1").outcome is Outcome.PASS


def test_advanced_recognition_of_2018_2020_does_not_carry_over() -> None:
    for year in (2018, 2019, 2020):
        assessment = get(MODEL).assess(_commune({}, recognitions={"advanced": year}),
                                       year=2024)
        trace = assessment.result("km1").trace
        assert trace.outcome is Outcome.UNKNOWN  # assessed on (absent) facts instead
        assert "does not count" in trace.detail_as(MeetsDetail).note_en


def test_old_recognition_then_assessed_on_facts_pass_and_fail() -> None:
    model = get(MODEL)
    params = _full_parameters(model)
    passing = model.assess(_commune(recognitions={"advanced": 2019}), year=2024,
                           parameters=params)
    assert passing.result("km1").outcome is Outcome.PASS
    failing = model.assess(_commune(recognitions={"advanced": 2019}, income=D("59")),
                           year=2024, parameters=params)
    assert failing.result("km1").outcome is Outcome.FAIL


def test_recognition_after_the_assessment_year_does_not_count() -> None:
    assessment = get(MODEL).assess(_commune({}, recognitions={"advanced": 2025}), year=2024)
    assert assessment.result("km1").outcome is not Outcome.PASS


# -------------------------------------------------------------------- region override (318)
def test_especially_disadvantaged_commune_uses_tdmnpb_thresholds() -> None:
    ntm = get(NTM)
    params = _full_parameters(ntm)
    # 45 is below the DHNTB level (50) and above the TDMNPB level (40)
    normal = ntm.assess(_commune(income=D("45")), year=2024, parameters=params)
    assert normal.result("c10").outcome is Outcome.FAIL
    special = ntm.assess(_commune(income=D("45"), especially_disadvantaged=True), year=2024,
                         parameters=params)
    assert special.result("c10").outcome is Outcome.PASS
    assert special.result("c10").trace.detail_as(CompareDetail).required == 40


def test_safe_zone_needs_a_poor_district() -> None:
    ntm = get(NTM)
    params = _full_parameters(ntm)
    poor = ntm.assess(_commune(income=D("45"), safe_zone_commune=True,
                               district_poor_2018_2020=True), year=2024, parameters=params)
    assert poor.result("c10").outcome is Outcome.PASS
    not_poor = ntm.assess(_commune(income=D("45"), safe_zone_commune=True), year=2024,
                          parameters=params)
    assert not_poor.result("c10").outcome is Outcome.FAIL


def test_override_applies_to_the_stunting_ceiling_too() -> None:
    ntm = get(NTM)
    params = _full_parameters(ntm)
    # DHNTB ceiling 22, TDMNPB ceiling 24 (reference notes, secondary)
    normal = ntm.assess(_commune(stunting_rate_under5=D("23.5")), year=2024, parameters=params)
    assert normal.result("c15").outcome is Outcome.FAIL
    special = ntm.assess(_commune(stunting_rate_under5=D("23.5"), especially_disadvantaged=True),
                         year=2024, parameters=params)
    assert special.result("c15").outcome is Outcome.PASS


def test_unknown_override_condition_makes_regional_thresholds_unknown() -> None:
    facts = _passing_facts()
    del facts["especially_disadvantaged"]
    ntm = get(NTM)
    assessment = ntm.assess(_commune(facts), year=2024, parameters=_full_parameters(ntm))
    assert assessment.result("c10").outcome is Outcome.UNKNOWN
    assert ("fact", "especially_disadvantaged") in {
        (m.kind, m.key) for m in assessment.missing()}


def test_full_ntm_and_advanced_pass_on_passing_facts() -> None:
    for set_id in (NTM, ADVANCED):
        criteria_set = get(set_id)
        assessment = criteria_set.assess(_commune(), year=2024,
                                         parameters=_full_parameters(criteria_set))
        assert assessment.outcome is Outcome.PASS, assessment.failed + assessment.unknown


# -------------------------------------------------------------------- labour, both sexes
@pytest.mark.parametrize(("men", "women", "expected"), [
    (D("70"), D("70"), Outcome.PASS),
    (D("70"), D("69.9"), Outcome.FAIL),
    (D("69.9"), D("70"), Outcome.FAIL),
])
def test_labour_is_met_for_men_and_for_women(men: Decimal, women: Decimal,
                                            expected: Outcome) -> None:
    ntm = get(NTM)
    assessment = ntm.assess(_commune(trained_labour_rate_men=men, trained_labour_rate_women=women),
                            year=2024, parameters=_full_parameters(ntm))
    assert assessment.result("c12").outcome is expected


# -------------------------------------------------------------------- smart village (319, 3)
def _with_smart_village_rule() -> CriteriaSet:
    cite = Citation(document="Quy định thử", confidence="secondary")
    return get(MODEL).derive(id="test.model", changes=[
        AddIndicator(indicator=Indicator(key="smart_village", label_vi="Thôn thông minh",
                                         label_en="Smart village", measure="yes_no",
                                         value_type="boolean"), citation=cite),
        SetParameter(name="vn319.smart_village", value=yes("smart_village"), citation=cite),
    ])


def _villages(*flags: bool | None) -> tuple[Village, ...]:
    return tuple(Village(code=f"v{i}", facts={} if f is None else {"smart_village": f})
                 for i, f in enumerate(flags))


@pytest.mark.parametrize(("flags", "expected"), [
    ((False, True, False), Outcome.PASS),
    ((False, False), Outcome.FAIL),
    ((False, None), Outcome.UNKNOWN),
])
def test_at_least_one_smart_village(flags: tuple[bool | None, ...], expected: Outcome) -> None:
    commune = Commune(code="x", region="DHNTB", facts={"income": D("70")},
                      villages=_villages(*flags))
    assessment = _with_smart_village_rule().assess(commune, year=2024)
    assert assessment.result("km3").outcome is expected


def test_smart_village_rule_not_supplied_is_unknown() -> None:
    commune = Commune(code="x", region="DHNTB", villages=_villages(True))
    assessment = get(MODEL).assess(commune, year=2024)
    assert assessment.result("km3").outcome is Outcome.UNKNOWN
    assert ("parameter", "vn319.smart_village") in {(m.kind, m.key) for m in assessment.missing()}


# -------------------------------------------------------------------- district (320)
NINETY = D("90")
LOWEST_OK = (D("80"), D("85"))


def _district(sat: Decimal = NINETY, lowest: tuple[Decimal, ...] = LOWEST_OK,
              townships: tuple[bool, ...] = (True,), **facts: Any) -> District:
    communes = tuple(Commune(code=f"c{i}", region="DHNTB", recognitions={"ntm": 2022},
                             facts={"satisfaction_lowest_content_rate": value})
                     for i, value in enumerate(lowest))
    towns = tuple(Township(code=f"t{i}", facts={"civilised_urban": ok})
                  for i, ok in enumerate(townships))
    values: dict[str, Any] = {"resident_satisfaction_rate": sat,
                              "has_townships": bool(townships)}
    values.update(facts)
    return District(code="d", region="DHNTB", facts=values, communes=communes, townships=towns)


@pytest.mark.parametrize(("district", "expected"), [
    (_district(), Outcome.PASS),
    (_district(sat=D("89.9")), Outcome.FAIL),
    (_district(lowest=(D("79.9"), D("95"))), Outcome.FAIL),
])
def test_district_satisfaction(district: District, expected: Outcome) -> None:
    assessment = get("vn.district.ntm.2021-2025").assess(district, year=2024)
    assert assessment.result("h4").outcome is expected


@pytest.mark.parametrize(("townships", "expected"), [
    ((), Outcome.PASS), ((True, True), Outcome.PASS), ((True, False), Outcome.FAIL)])
def test_district_townships(townships: tuple[bool, ...], expected: Outcome) -> None:
    assessment = get("vn.district.ntm.2021-2025").assess(_district(townships=townships),
                                                          year=2024)
    assert assessment.result("h3").outcome is expected


def test_district_all_communes_recognised_ntm_from_2021() -> None:
    assessment = get("vn.district.ntm.2021-2025").assess(_district(), year=2024)
    assert assessment.result("h1").outcome is Outcome.PASS


def _model_district(model_count: int, total: int) -> District:
    communes = []
    for i in range(total):
        if i < model_count:
            communes.append(Commune(code=f"c{i}", region="DHNTB", recognitions={"model": 2023}))
        else:  # below the advanced income level: not advanced, so not model
            communes.append(Commune(code=f"c{i}", region="DHNTB", facts={"income": D("50")}))
    return District(code="d", region="DHNTB", communes=tuple(communes))


@pytest.mark.parametrize(("models", "expected", "more"), [
    (3, Outcome.PASS, 0),   # 3/10 = 30%
    (2, Outcome.FAIL, 1),   # 2/10 = 20%
])
def test_model_district_needs_30_percent_model_communes(models: int, expected: Outcome,
                                                        more: int) -> None:
    assessment = get("qn.district.model.2021-2025").assess(
        _model_district(models, 10), year=2024,
        parameters={"vn318.income.advanced": ADVANCED_INCOME})
    trace = assessment.result("dm4").trace
    assert trace.outcome is expected
    assert trace.detail_as(MembersDetail).more_needed == more


# -------------------------------------------------------------------- laws
_money = st.decimals(min_value=D("1"), max_value=D("500"), places=2)


@given(income=_money, level=_money, region=st.sampled_from(REGIONS),
       year=st.integers(2021, 2025))
def test_law_110_percent_is_exact_multiplication(income: Decimal, level: Decimal, region: str,
                                                 year: int) -> None:
    commune = Commune(code="x", region=region, facts={"income": income})
    params = {"vn318.income.advanced": Schedule({(region, year): level})}
    trace = get(MODEL).assess(commune, year=year, parameters=params).result("km2").trace
    assert trace.detail_as(CompareDetail).required == D("1.10") * level
    expected = Outcome.PASS if income >= D("1.10") * level else Outcome.FAIL
    assert trace.outcome is expected
    if expected is Outcome.FAIL:
        assert trace.detail_as(CompareDetail).shortfall == D("1.10") * level - income


@given(now=_money, then=_money, ntm_year=st.integers(2010, 2020))
def test_law_income_ratio_is_one_and_a_half_times_the_ntm_year(now: Decimal, then: Decimal,
                                                               ntm_year: int) -> None:
    commune = Commune(code="x", facts={"income": now}, history={ntm_year: {"income": then}},
                      recognitions={"ntm": ntm_year})
    field = get("qn.commune.field.group2.2021-2025")
    trace = field.assess(commune, year=2024).result("g2.4").trace
    assert trace.detail_as(CompareDetail).required == D("1.5") * then
    assert (trace.outcome is Outcome.PASS) == (now >= D("1.5") * then)


def test_missing_ntm_income_level_reads_like_the_issue() -> None:
    commune = _commune({"income": D("70"), "especially_disadvantaged": False,
                        "safe_zone_commune": False})
    assessment = get(NTM).assess(commune, year=2024)
    result = assessment.result("c10")
    assert result.outcome is Outcome.UNKNOWN
    (missing,) = result.trace.missing
    assert (missing.kind, missing.key, missing.region, missing.year) == (
        "parameter", "vn318.income.ntm", Region.DHNTB, 2024)
    assert result.criterion.label_en == "Income"
    assert "318/QĐ-TTg" in result.criterion.citation.document
    text = assessment.explain("en")
    assert "vn318.income.ntm" in text
    assert "South Central Coast" in text
