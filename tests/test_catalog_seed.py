"""Hand-computed boundary tests for every measurable requirement of the Quảng Nam seed
(plan section III.1.b): just passing, just failing, missing — and the 3-year window."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest

from ntmcriteria.assessment import Assessment
from ntmcriteria.catalog import get
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import CompareDetail, yes
from ntmcriteria.units import Commune, Village

D = Decimal
YEAR = 2024

GROUP1_OK: dict[str, Any] = {
    "kindergarten_enrolment_rate": D("95"), "grade1_entry_rate": D("100"),
    "primary_completion_rate_age11": D("97"), "age11_rest_in_primary": True,
    "age15_18_in_education_rate": D("96"), "basic_schools_standard_rate": D("100"),
    "schools_level2_count": 2, "upper_secondary_standard_rate": D("100"),
    "has_upper_secondary_school": True,
    "health_station_insurance": True, "health_monitoring_rate": D("99"),
    "health_insurance_rate": D("97"), "infectious_diseases_controlled": True,
    "mass_food_poisoning": False, "cultural_commune": True,
    "cultural_facilities_upgraded": True, "effective_tourism_models": 1,
    "landscape_outstanding": True, "waste_treatment_in_place": True,
}
GROUP2_OK: dict[str, Any] = {
    "effective_cooperatives": 3, "hightech_cooperatives": 1,
    "production_value_per_ha": D("230"), "concentrated_production_area": True,
    "income": D("70"), "poor_households": 2, "poor_households_exempt": 2,
}
GROUP3_OK: dict[str, Any] = {
    "admin_procedures_public": True, "admin_reform_models": 1, "online_services_level34": True,
    "digital_infrastructure": True, "digital_applications": True, "digital_training": True,
    "digital_channels": True, "digital_ecommerce": True, "digital_smart_services": True,
}
CLEAN_YEAR = {"illegal_mass_complaints": False, "serious_crime_by_resident": False,
              "social_evils_reduced": True}
BASE = {1: GROUP1_OK, 2: GROUP2_OK, 3: GROUP3_OK}


def _assess(group: int, changes: dict[str, Any] | None = None, drop: str | None = None,
            history: dict[int, dict[str, Any]] | None = None,
            recognitions: dict[str, int] | None = None) -> Assessment:
    facts = dict(BASE[group])
    facts.update(changes or {})
    if drop is not None:
        del facts[drop]
    if history is None:
        history = {2015: {"income": D("40")}} if group == 2 else {
            y: dict(CLEAN_YEAR) for y in (2021, 2022, 2023)} if group == 3 else {}
    commune = Commune(code="x", name="Xã thử", region="DHNTB", facts=facts, history=history,
                      recognitions={"ntm": 2015} if recognitions is None else recognitions)
    return get(f"qn.commune.field.group{group}.2021-2025").assess(commune, year=YEAR)


@pytest.mark.parametrize("group", [1, 2, 3])
def test_baseline_passes(group: int) -> None:
    assessment = _assess(group)
    assert assessment.outcome is Outcome.PASS, assessment.failed + assessment.unknown


# (group, criterion, fact, just passing, just failing, expected shortfall or None)
BOUNDARIES = [
    (1, "g1.1", "kindergarten_enrolment_rate", D("90"), D("89.9"), D("0.1")),
    (1, "g1.2", "grade1_entry_rate", D("100"), D("99.9"), D("0.1")),
    (1, "g1.3", "primary_completion_rate_age11", D("95"), D("94.9"), D("0.1")),
    (1, "g1.3", "age11_rest_in_primary", True, False, None),
    (1, "g1.4", "age15_18_in_education_rate", D("95"), D("94.9"), D("0.1")),
    (1, "g1.5", "basic_schools_standard_rate", D("100"), D("99.9"), D("0.1")),
    (1, "g1.5", "schools_level2_count", 1, 0, 1),
    (1, "g1.5", "upper_secondary_standard_rate", D("100"), D("99.9"), D("0.1")),
    (1, "g1.6", "health_station_insurance", True, False, None),
    (1, "g1.7", "health_monitoring_rate", D("98"), D("97.9"), D("0.1")),
    (1, "g1.8", "health_insurance_rate", D("96"), D("95.9"), D("0.1")),
    (1, "g1.9", "infectious_diseases_controlled", True, False, None),
    (1, "g1.9", "mass_food_poisoning", False, True, None),
    (1, "g1.10", "cultural_commune", True, False, None),
    (1, "g1.10", "cultural_facilities_upgraded", True, False, None),
    (1, "g1.11", "effective_tourism_models", 1, 0, 1),
    (1, "g1.12", "landscape_outstanding", True, False, None),
    (1, "g1.12", "waste_treatment_in_place", True, False, None),
    (2, "g2.1", "effective_cooperatives", 2, 1, 1),
    (2, "g2.1", "hightech_cooperatives", 1, 0, 1),
    (2, "g2.2", "production_value_per_ha", D("200"), D("199.9"), D("0.1")),
    (2, "g2.3", "concentrated_production_area", True, False, None),
    # 1.5 x 40 (the NTM-year income) = 60
    (2, "g2.4", "income", D("60"), D("59.99"), D("0.01")),
    # poor minus exempt must be 0: 2 - 2 passes, 3 - 2 fails by 1
    (2, "g2.5", "poor_households", 2, 3, 1),
    (3, "g3.2", "admin_procedures_public", True, False, None),
    (3, "g3.2", "admin_reform_models", 1, 0, 1),
    (3, "g3.3", "online_services_level34", True, False, None),
    *((3, "g3.4", key, True, False, None) for key in (
        "digital_infrastructure", "digital_applications", "digital_training",
        "digital_channels", "digital_ecommerce", "digital_smart_services")),
]


def _ids(case: tuple[Any, ...]) -> str:
    return f"{case[1]}-{case[2]}"


@pytest.mark.parametrize("case", BOUNDARIES, ids=_ids)
def test_just_passing(case: tuple[Any, ...]) -> None:
    group, cid, key, ok, _, _ = case
    assert _assess(group, {key: ok}).result(cid).outcome is Outcome.PASS


@pytest.mark.parametrize("case", BOUNDARIES, ids=_ids)
def test_just_failing(case: tuple[Any, ...]) -> None:
    group, cid, key, _, bad, shortfall = case
    assessment = _assess(group, {key: bad})
    assert assessment.result(cid).outcome is Outcome.FAIL
    assert assessment.failed == (cid,)
    items = [s for s in assessment.shortfalls() if s.indicator_key == key]
    assert len(items) == 1
    assert items[0].shortfall == shortfall


@pytest.mark.parametrize("case", BOUNDARIES, ids=_ids)
def test_missing_is_unknown_naming_the_fact(case: tuple[Any, ...]) -> None:
    group, cid, key, _, _, _ = case
    assessment = _assess(group, drop=key)
    assert assessment.result(cid).outcome is Outcome.UNKNOWN
    missing = assessment.missing()
    assert [(m.kind, m.key) for m in missing] == [("fact", key)]


def test_income_ratio_reads_required_as_one_and_a_half_times_the_baseline() -> None:
    trace = _assess(2, {"income": D("59.99")}).result("g2.4").trace
    assert trace.detail_as(CompareDetail).required == D("60.0")
    assert trace.detail_as(CompareDetail).baseline == D("40")
    assert trace.detail_as(CompareDetail).baseline_year == 2015


def test_income_ratio_uses_the_ntm_recognition_year() -> None:
    history = {2015: {"income": D("40")}, 2018: {"income": D("50")}}
    # recognised in 2018: required 75, so 70 fails
    late = _assess(2, history=history, recognitions={"ntm": 2018})
    assert late.result("g2.4").outcome is Outcome.FAIL
    early = _assess(2, history=history, recognitions={"ntm": 2015})
    assert early.result("g2.4").outcome is Outcome.PASS


def test_income_ratio_without_the_baseline_year_is_unknown() -> None:
    assessment = _assess(2, history={})
    assert assessment.result("g2.4").outcome is Outcome.UNKNOWN
    assert ("fact", "income", 2015) in {(m.kind, m.key, m.year) for m in assessment.missing()}


def test_income_ratio_without_recognition_is_unknown() -> None:
    assessment = _assess(2, recognitions={})
    assert assessment.result("g2.4").outcome is Outcome.UNKNOWN
    assert ("recognition", "ntm") in {(m.kind, m.key) for m in assessment.missing()}


# -------------------------------------------------------------------- the 3-year window
def _window(bad: dict[int, str] | None = None, absent: tuple[int, ...] = ()) -> Outcome:
    history: dict[int, dict[str, Any]] = {y: dict(CLEAN_YEAR) for y in range(2019, 2025)}
    for year, key in (bad or {}).items():
        history[year][key] = key != "social_evils_reduced"
    for year in absent:
        del history[year]
    return _assess(3, history=history).result("g3.1").outcome


def test_window_is_the_three_years_before_the_recognition_year() -> None:
    assert _window() is Outcome.PASS


@pytest.mark.parametrize("key", sorted(CLEAN_YEAR))
def test_window_first_edge_counts(key: str) -> None:
    assert _window({YEAR - 3: key}) is Outcome.FAIL


@pytest.mark.parametrize("key", sorted(CLEAN_YEAR))
def test_window_last_edge_counts(key: str) -> None:
    assert _window({YEAR - 1: key}) is Outcome.FAIL


def test_year_before_the_window_does_not_count() -> None:
    assert _window({YEAR - 4: "illegal_mass_complaints"}) is Outcome.PASS


def test_recognition_year_itself_is_outside_the_window() -> None:
    assert _window({YEAR: "serious_crime_by_resident"}) is Outcome.PASS


def test_a_year_without_data_is_unknown() -> None:
    assert _window(absent=(YEAR - 3,)) is Outcome.UNKNOWN


def test_a_failing_year_decides_even_with_a_year_missing() -> None:
    assert _window({YEAR - 1: "illegal_mass_complaints"}, absent=(YEAR - 3,)) is Outcome.FAIL


# -------------------------------------------------------------------- model villages
def _village_params(**rules: Any) -> dict[str, Any]:
    return {f"qn2254.village.{zone}": yes("qn2254.village.appraised") for zone in rules}


def _village_outcome(zones: Mapping[str, bool | None], appraised: bool, *supplied: str
                     ) -> Outcome:
    facts: dict[str, Any] = {f"in_zone_{z}": v for z, v in zones.items() if v is not None}
    facts["qn2254.village.appraised"] = appraised
    village = Village(code="v", facts=facts)
    return get("qn.village.model.2022-2025").assess(
        village, year=YEAR, parameters=_village_params(**dict.fromkeys(supplied, True))).outcome


def test_village_is_judged_by_its_zone_rule() -> None:
    kv3 = {"kv1": False, "kv2": False, "kv3": True}
    assert _village_outcome(kv3, True, "kv3") is Outcome.PASS
    assert _village_outcome(kv3, False, "kv3") is Outcome.FAIL
    assert _village_outcome(kv3, True, "kv1", "kv2") is Outcome.UNKNOWN  # kv3 rule missing


def test_zone_order_kv1_first() -> None:
    both = {"kv1": True, "kv2": True, "kv3": False}
    # only the KV2 rule supplied: the village is KV1, whose rule is missing
    assert _village_outcome(both, True, "kv2") is Outcome.UNKNOWN
    assert _village_outcome(both, True, "kv1") is Outcome.PASS


def test_unknown_zone_is_unknown() -> None:
    assert _village_outcome({"kv1": None, "kv2": False, "kv3": True}, True, "kv1", "kv2",
                            "kv3") is Outcome.UNKNOWN


def _model_commune(villages: list[bool | None]) -> Outcome:
    units = tuple(Village(code=f"v{i}", facts={} if ok is None else {
        "in_zone_kv1": False, "in_zone_kv2": False, "in_zone_kv3": True,
        "qn2254.village.appraised": ok}) for i, ok in enumerate(villages))
    commune = Commune(code="x", region="DHNTB", recognitions={"advanced": 2022},
                      facts=GROUP3_OK, history={y: dict(CLEAN_YEAR) for y in (2021, 2022, 2023)},
                      villages=units)
    model = get("qn.commune.model.group3.2021-2025")
    return model.assess(commune, year=YEAR, parameters=_village_params(kv3=True)).outcome


@pytest.mark.parametrize(("villages", "expected"), [
    ([True] * 5, Outcome.PASS),
    ([True] * 4 + [False], Outcome.FAIL),
    ([True] * 4 + [None], Outcome.UNKNOWN),
    ([], Outcome.UNKNOWN),
])
def test_model_commune_needs_all_villages_model(villages: list[bool | None],
                                                expected: Outcome) -> None:
    assert _model_commune(villages) is expected


def test_a_village_in_neither_kv1_nor_kv2_is_kv3() -> None:
    # KV3 is "all remaining villages": no KV3 mark is needed, and none is contradictory
    unmarked = {"kv1": False, "kv2": False, "kv3": False}
    assert _village_outcome(unmarked, True, "kv3") is Outcome.PASS
    assert _village_outcome(unmarked, False, "kv3") is Outcome.FAIL
