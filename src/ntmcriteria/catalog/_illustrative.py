"""ILLUSTRATIVE facts and parameter values for the Quảng Nam plan — NOT real data.

Every number here is made up, deterministically (a seeded generator per unit),
so that the plan tracker has something to show. The legal values the sources
do not give (income tables, poverty and labour thresholds...) are unknown; the
values below are placeholders supplied at assessment time, never defaults of
the rule sets. Do not quote them as facts about any commune or district.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from typing import Any

from ntmcriteria.catalog import _quang_nam, _quang_nam_2022
from ntmcriteria.catalog._plan_data import CANDIDATE_COMMUNES, CANDIDATE_DISTRICTS
from ntmcriteria.catalog._vn_318 import CRITERIA_318
from ntmcriteria.catalog._vn_320 import DISTRICT_CRITERIA_320
from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.rules import yes
from ntmcriteria.thresholds import Schedule, schedule
from ntmcriteria.units import Commune, District, Township, Village

__all__ = [
    "ILLUSTRATIVE_NOTE",
    "ILLUSTRATIVE_YEAR",
    "illustrative_communes",
    "illustrative_districts",
    "illustrative_parameters",
]

ILLUSTRATIVE_NOTE = (
    "DỮ LIỆU MINH HỌA — không phải số liệu thực của bất kỳ xã, huyện nào; các tham số pháp lý "
    "chưa biết được thay bằng giá trị giả định. / ILLUSTRATIVE DATA — not real data about any "
    "commune or district; unknown legal parameters are replaced by made-up values."
)
ILLUSTRATIVE_YEAR = 2024
_REGIONS = ("TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL")
_D = Decimal


def _table(base: int, step: int) -> Schedule:
    """A made-up (region, year) table: ``base + step x (year - 2021)`` for every region."""
    return Schedule({(r, y): _D(base + step * (y - 2021)) for r in _REGIONS
                     for y in range(2021, 2026)})


def illustrative_parameters(criteria_set: CriteriaSet | None = None) -> Mapping[str, Any]:
    """ILLUSTRATIVE values for the parameters the Quảng Nam sets need (made up).

    With ``criteria_set``, only those it (or a set it references) declares.
    """
    values = _all_parameters()
    if criteria_set is None:
        return values
    from ntmcriteria.catalog._appraisal import check_set

    check_set(criteria_set)
    declared = criteria_set.all_parameters
    return {k: v for k, v in values.items() if k in declared}


@cache
def _all_parameters() -> Mapping[str, Any]:
    from ntmcriteria.catalog._appraisal import appraisal_rules

    values: dict[str, Any] = {
        "vn318.income.ntm": _table(42, 3),
        "vn318.income.advanced": _table(50, 4),
        "vn318.poverty.ntm": Schedule({r: _D(5) for r in _REGIONS}),
        "vn318.trained_labour.ntm": Schedule({r: _D(70) for r in _REGIONS}),
        "vn318.health_insurance.ntm": Schedule({r: _D(90) for r in _REGIONS}),
        "vn318.ehealth_record.ntm": Schedule({r: _D(60) for r in _REGIONS}),
        "vn318.road_maintenance.advanced": _D(80),
    }
    for zone in ("kv1", "kv2", "kv3"):
        values[f"qn2254.village.{zone}"] = yes("qn2254.village.appraised")
    # made-up advanced income levels by zone and year (Decision 2333's are not known)
    values[_quang_nam_2022.INCOME_PARAMETER] = schedule(
        {(zone, year): _D(base + 4 * (year - 2021))
         for zone, base in (("KV1", 46), ("KV2", 48), ("KV3", 50))
         for year in range(2022, 2026)}, by=("zone", "year"))
    values.update(appraisal_rules(_quang_nam_2022.model_commune_2022()))
    values.update(appraisal_rules(_quang_nam.model_district()))
    for group in (1, 2, 3):
        values.update(appraisal_rules(_quang_nam.model_commune_group(group)))
    return values


def _rng(code: str) -> random.Random:
    """A generator seeded by the unit's code: the same made-up numbers on every run."""
    return random.Random(f"ntmcriteria-illustrative:{code}")  # noqa: S311 - not cryptographic


def _q(value: float) -> Decimal:
    return _D(str(round(value, 1)))


def _ntm_and_advanced(rng: random.Random, year: int) -> dict[str, Any]:
    income_adv = 50 + 4 * (year - 2021)
    facts: dict[str, Any] = {
        "income": _q(income_adv * rng.uniform(1.08, 1.35)),
        "multidimensional_poverty_rate": _q(rng.uniform(0.3, 3.5)),
        "trained_labour_rate_men": _q(rng.uniform(72, 90)),
        "trained_labour_rate_women": _q(rng.uniform(70.5, 88)),
        "health_insurance_rate": _q(rng.uniform(96, 99.5)),
        "stunting_rate_under5": _q(rng.uniform(8, 18)),
        "ehealth_record_rate": _q(rng.uniform(65, 95)),
        "gender_equality_met": True,
        "especially_disadvantaged": False,
        "safe_zone_commune": False,
        "district_poor_2018_2020": False,
        "commune_roads_maintained_rate": _q(rng.uniform(82, 100)),
    }
    for number in CRITERIA_318:
        facts[f"vn318.ntm.c{number:02d}.appraised"] = rng.random() < 0.997
        if number != 10:
            facts[f"vn318.advanced.c{number:02d}.appraised"] = rng.random() < 0.99
    return facts


# lever: fact key -> (passing value maker, failing value maker)
_Lever = tuple[Callable[[random.Random], Any], Callable[[random.Random], Any]]


def _pct(low: float, high: float) -> Callable[[random.Random], Any]:
    return lambda rng: _q(rng.uniform(low, high))


def _int(low: int, high: int) -> Callable[[random.Random], Any]:
    return lambda rng: rng.randint(low, high)


def _const(value: Any) -> Callable[[random.Random], Any]:
    return lambda rng: value


#: ILLUSTRATIVE: the outstanding field a candidate of each draft group is made to pursue
_FIELD_OF_GROUP = {1: "du_lich", 2: "san_xuat", 3: "an_ninh_trat_tu"}

_LEVERS: dict[int, dict[str, _Lever]] = {
    1: {
        "kindergarten_enrolment_rate": (_pct(91, 99), _pct(86, 89.9)),
        "grade1_entry_rate": (_const(_D(100)), _pct(98, 99.8)),
        "primary_completion_rate_age11": (_pct(95.5, 99.5), _pct(92, 94.9)),
        "age11_rest_in_primary": (_const(True), _const(False)),
        "age15_18_in_education_rate": (_pct(95.2, 98.5), _pct(90, 94.8)),
        "basic_schools_standard_rate": (_const(_D(100)), _pct(66, 90)),
        "schools_level2_count": (_int(1, 3), _const(0)),
        "upper_secondary_standard_rate": (_const(_D(100)), _pct(50, 90)),
        "health_station_insurance": (_const(True), _const(False)),
        "health_monitoring_rate": (_pct(98.1, 99.8), _pct(95, 97.9)),
        "health_insurance_rate": (_pct(96.1, 99.5), _pct(93, 95.9)),
        "infectious_diseases_controlled": (_const(True), _const(False)),
        "mass_food_poisoning": (_const(False), _const(True)),
        "cultural_commune": (_const(True), _const(False)),
        "cultural_facilities_upgraded": (_const(True), _const(False)),
        "effective_tourism_models": (_int(1, 3), _const(0)),
        "landscape_outstanding": (_const(True), _const(False)),
        "waste_treatment_in_place": (_const(True), _const(False)),
    },
    2: {
        "effective_cooperatives": (_int(2, 4), _const(1)),
        "hightech_cooperatives": (_int(1, 2), _const(0)),
        "production_value_per_ha": (_pct(201, 260), _pct(150, 199)),
        "concentrated_production_area": (_const(True), _const(False)),
        "poor_households": (_const(0), _int(1, 6)),
    },
    3: {
        "admin_procedures_public": (_const(True), _const(False)),
        "admin_reform_models": (_int(1, 3), _const(0)),
        "online_services_level34": (_const(True), _const(False)),
        "digital_infrastructure": (_const(True), _const(False)),
        "digital_applications": (_const(True), _const(False)),
        "digital_training": (_const(True), _const(False)),
        "digital_channels": (_const(True), _const(False)),
        "digital_ecommerce": (_const(True), _const(False)),
        "digital_smart_services": (_const(True), _const(False)),
    },
}


def _villages(rng: random.Random, code: str, zone: str, weak: bool) -> tuple[Village, ...]:
    count = rng.randint(4, 9)
    failing = rng.randrange(count) if weak else -1
    out = []
    for index in range(count):
        facts: dict[str, Any] = {f"in_zone_{z}": z == zone for z in ("kv1", "kv2", "kv3")}
        facts["qn2254.village.appraised"] = index != failing
        # smart village (Decision 2429, made up): the first village or two
        smart = index < rng.choice((0, 1, 1, 2))
        facts["qn2429.smart_village.fibre_4g"] = smart or rng.random() < 0.5
        facts["qn2429.smart_village.cultural_house_wifi"] = smart
        facts["qn2429.smart_village.rest.appraised"] = smart
        out.append(Village(code=f"{code}.v{index + 1}", name=f"Thôn {index + 1} (minh họa)",
                           zone=zone.upper(), facts=facts))
    return tuple(out)


def _commune(code: str, name: str, district: str, group: int, ntm_year: int,
             year: int) -> Commune:
    rng = _rng(code)
    facts = _ntm_and_advanced(rng, year)
    levers = _LEVERS[group]
    weak = set(rng.sample(sorted(levers), k=rng.choice((0, 0, 0, 0, 1, 1, 2))))
    for key, (good, bad) in levers.items():
        facts[key] = bad(rng) if key in weak else good(rng)
    if group == 1:  # made up, drawing nothing (the other draws stay as they were)
        facts["has_upper_secondary_school"] = True
    history: dict[int, dict[str, Any]] = {}
    if group == 2:
        facts["poor_households_exempt"] = 0
        if facts["poor_households"]:
            facts["poor_households_exempt"] = rng.randint(0, facts["poor_households"] - 1)
        ratio = rng.choice((1.35, 1.48, 1.52, 1.6, 1.7, 1.8, 2.0))
        history[ntm_year] = {"income": _q(float(facts["income"]) / ratio)}
    if group == 3:
        bad_year = rng.choice((None, None, None, year - 1, year - 3))
        for past in range(year - 3, year):
            history[past] = {"illegal_mass_complaints": past == bad_year,
                             "serious_crime_by_resident": False,
                             "social_evils_reduced": True}
    recognitions: dict[str, int] = {"ntm": ntm_year}
    advanced = rng.choice((None, 2019, 2020, 2022, 2022, 2023))
    # a commune is recognised advanced only after NTM, and not after the year assessed
    if advanced is not None and ntm_year <= advanced <= year:
        recognitions["advanced"] = advanced
    # a few communes have a gap in their data: missing facts make verdicts UNKNOWN
    for key in rng.sample(sorted(levers), k=rng.choice((0, 0, 0, 1))):
        facts.pop(key, None)
    zone = "kv2" if district == "Tiên Phước" else "kv3"
    villages = _villages(rng, code, zone, weak=rng.random() < 0.1)
    # Decision 2429 (made up): the province's own advanced contents, and the verdict on
    # each outstanding field — the candidate's draft group stands in for its field here
    extra = _rng(f"{code}:2429")
    facts["qn2333.commune.a2.appraised"] = extra.random() < 0.95
    chosen = _FIELD_OF_GROUP[group]
    for field in _quang_nam_2022.FIELDS:
        facts[f"qn2429.field.{field}.appraised"] = field == chosen and len(weak) < 2
    return Commune(code=code, name=name, region="DHNTB", zone=zone.upper(), facts=facts,
                   history=history, recognitions=recognitions, villages=villages)


@cache
def illustrative_communes(year: int = ILLUSTRATIVE_YEAR) -> tuple[Commune, ...]:
    """ILLUSTRATIVE facts for the 25 candidate communes (made up, deterministic)."""
    return tuple(_commune(code, name, district, group, ntm, year)
                 for code, name, district, group, ntm in CANDIDATE_COMMUNES)


def _other_commune(code: str, index: int, year: int) -> Commune:
    rng = _rng(code)
    facts = _ntm_and_advanced(rng, year)
    facts["income"] = _q((50 + 4 * (year - 2021)) * rng.uniform(0.85, 0.99))
    facts["satisfaction_lowest_content_rate"] = _q(rng.uniform(81, 95))
    return Commune(code=code, name=f"Xã khác {index} (minh họa)", region="DHNTB",
                   facts=facts, recognitions={"ntm": rng.choice((2021, 2022, 2023))})


@cache
def illustrative_districts(year: int = ILLUSTRATIVE_YEAR) -> tuple[District, ...]:
    """ILLUSTRATIVE facts for the 2 candidate districts, with their candidate communes and
    made-up "other" communes standing in for the rest of each district."""
    by_district: dict[str, list[Commune]] = {}
    for commune, row in zip(illustrative_communes(year), CANDIDATE_COMMUNES, strict=True):
        facts = dict(commune.facts)
        facts["satisfaction_lowest_content_rate"] = _D("85.0")
        by_district.setdefault(row[2], []).append(
            Commune(code=commune.code, name=commune.name, region=commune.region,
                    zone=commune.zone, facts=facts, history=commune.history,
                    recognitions=commune.recognitions, villages=commune.villages))
    out = []
    for code, name in CANDIDATE_DISTRICTS:
        rng = _rng(code)
        communes = list(by_district.get(name, ()))
        communes += [_other_commune(f"{code}.x{i}", i, year) for i in range(1, 11)]
        district_facts: dict[str, Any] = {"has_townships": True,
                                 "resident_satisfaction_rate": _q(rng.uniform(88, 96))}
        for cid in DISTRICT_CRITERIA_320:
            district_facts[f"vn320.district.{cid}.appraised"] = True
        district_facts["vn320.advanced.a1.appraised"] = rng.random() < 0.7
        district_facts["qn.district.model.dm3.appraised"] = True
        township = Township(code=f"{code}.tt", name="Thị trấn (minh họa)", region="DHNTB",
                            facts={"civilised_urban": True})
        out.append(District(code=code, name=name, region="DHNTB", facts=district_facts,
                            recognitions={"ntm": 2022}, communes=tuple(communes),
                            townships=(township,)))
    return tuple(out)
