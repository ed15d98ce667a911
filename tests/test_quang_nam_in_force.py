"""Quảng Nam's model commune as decided (issue 11, point 6): Decision 2429/QĐ-UBND is the
set in force for 2022-2025 (``qn.commune.model.2022-2025``); the 2021 draft's sets stay,
labelled as the draft; the plan tracker judges by the set in force in the year assessed
unless told otherwise, and says so.

Hand-computed boundaries: the income rule is ``income >= 1.10 x level`` of the commune's
zone and year, so with the KV1 level 50 (2023) the boundary is exactly 55, with the KV2
level 60 it is exactly 66.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ntmcriteria.catalog import catalog, get, in_force, quang_nam_plan
from ntmcriteria.catalog._quang_nam_2022 import (
    FIELDS,
    INCOME_PARAMETER,
    MODEL_2022_ID,
    SMART_VILLAGE_REST,
    field_parameter,
)
from ntmcriteria.errors import NTMValueError, PeriodError, UnknownNameError
from ntmcriteria.outcome import Outcome
from ntmcriteria.plans import CANDIDATE
from ntmcriteria.render.summary import plan_summary_html
from ntmcriteria.rules import no, schedule, yes
from ntmcriteria.units import Commune, Level, Village

D = Decimal
YEAR = 2023
LEVELS = schedule({("KV1", YEAR): D(50), ("KV2", YEAR): D(60), ("KV3", YEAR): D(70)},
                  by=("zone", "year"))
DRAFT_GROUP1 = "qn.commune.model.group1.2021-2025"


def _model() -> Any:
    return get(MODEL_2022_ID)


def _commune(income: Any = None, zone: str | None = "KV1", villages: tuple[Village, ...] = (),
             **facts: Any) -> Commune:
    values = dict(facts)
    if income is not None:
        values["income"] = D(str(income))
    return Commune(code="x", region="DHNTB", zone=zone, facts=values, villages=villages)


def _k(criterion: str, commune: Commune, **parameters: Any) -> Any:
    values = {INCOME_PARAMETER: LEVELS, **parameters}
    return _model().assess(commune, year=YEAR, parameters=values).result(criterion)


# ------------------------------------------------------------------ the catalog
def test_2429_is_in_force_for_2022_2025_and_the_draft_never_is() -> None:
    for year in (2022, 2025):
        ids = [e.id for e in in_force("commune", year)]
        assert MODEL_2022_ID in ids
        assert "qn.commune.ntm-advanced.2022-2025" in ids
        assert DRAFT_GROUP1 not in ids
        assert DRAFT_GROUP1 in [e.id for e in in_force("commune", year, drafts=True)]
    assert MODEL_2022_ID not in [e.id for e in in_force("commune", 2021)]
    assert "qn.district.model.2021-2025" not in [e.id for e in in_force("district", 2024)]
    drafts = [e for e in catalog() if e.draft]
    assert {e.id for e in drafts} >= {DRAFT_GROUP1, "qn.commune.model.2021-2025",
                                      "qn.district.model.2021-2025"}
    for entry in drafts:  # labelled as the draft, in both languages, entry and set
        assert "dự thảo" in entry.label_vi
        assert "draft" in entry.label_en
        assert "dự thảo" in entry.load().label_vi
        assert "draft" in entry.load().label_en
    assert not any(e.draft for e in catalog() if e.id == MODEL_2022_ID)


def test_2429_outside_its_period_is_refused() -> None:
    with pytest.raises(PeriodError):
        _model().assess(_commune(55), year=2021)


def test_2429_has_the_four_conditions_with_citations() -> None:
    cs = _model()
    assert [c.id for c in cs.criteria] == ["k1", "k2", "k3", "k4"]
    for criterion in cs.criteria:
        assert "2429/QĐ-UBND" in criterion.citation.document
        assert criterion.citation.confidence.value in ("secondary", "unknown")
    declared = cs.all_parameters
    assert declared[INCOME_PARAMETER].keyed_by == ("zone", "year")
    assert declared[INCOME_PARAMETER].default is None  # never invented
    assert len(FIELDS) == 11
    for code in FIELDS:
        assert declared[field_parameter(code)].kind == "rule"
        assert declared[field_parameter(code)].default is None


# ------------------------------------------------------------------ income, 110% by zone
@pytest.mark.parametrize(("zone", "boundary"), [("KV1", "55"), ("KV2", "66"), ("kv3", "77")])
def test_income_exactly_110_percent_passes_just_below_fails(zone: str, boundary: str) -> None:
    exact = D(boundary)
    assert _k("k2", _commune(exact, zone)).outcome is Outcome.PASS
    assert _k("k2", _commune(exact - D("0.01"), zone)).outcome is Outcome.FAIL
    assert _k("k2", _commune(exact + D("0.01"), zone)).outcome is Outcome.PASS


def test_the_level_is_the_commune_s_own_zone() -> None:
    # 60 passes against KV1 (55 needed) but not against KV2 (66 needed)
    assert _k("k2", _commune(60, "KV1")).outcome is Outcome.PASS
    assert _k("k2", _commune(60, "KV2")).outcome is Outcome.FAIL


def test_no_zone_or_no_level_is_unknown_naming_it() -> None:
    result = _k("k2", _commune(60, zone=None))
    assert result.outcome is Outcome.UNKNOWN
    assert ("classification", "zone") in {(m.kind, m.key) for m in result.trace.missing}
    bare = _model().assess(_commune(60), year=YEAR).result("k2")
    assert bare.outcome is Outcome.UNKNOWN
    assert INCOME_PARAMETER in {m.key for m in bare.trace.missing}


def test_the_income_rule_holds_for_communes_advanced_in_2021_or_earlier() -> None:
    commune = Commune(code="x", region="DHNTB", zone="KV1", facts={"income": D("54.99")},
                      recognitions={"ntm": 2015, "advanced": 2020})
    assessment = _model().assess(commune, year=YEAR, parameters={INCOME_PARAMETER: LEVELS})
    assert assessment.result("k2").outcome is Outcome.FAIL


def test_an_advanced_recognition_counts_from_2022_only() -> None:
    recent = Commune(code="x", region="DHNTB", zone="KV1", recognitions={"advanced": 2022})
    old = Commune(code="y", region="DHNTB", zone="KV1", recognitions={"advanced": 2021})
    assert _model().assess(recent, year=YEAR).result("k1").outcome is Outcome.PASS
    # 2021 or earlier: the commune must meet Decision 2333 on its facts (none given here)
    assert _model().assess(old, year=YEAR).result("k1").outcome is Outcome.UNKNOWN


@settings(max_examples=200, deadline=None)
@given(cents=st.integers(min_value=0, max_value=20_000),
       zone=st.sampled_from(("KV1", "KV2", "KV3")))
def test_property_income_passes_exactly_at_110_percent_of_its_zone(cents: int,
                                                                    zone: str) -> None:
    income = D(cents) / 100
    level = {"KV1": D(50), "KV2": D(60), "KV3": D(70)}[zone]
    expected = Outcome.PASS if income * 100 >= level * 110 else Outcome.FAIL
    assert _k("k2", _commune(income, zone)).outcome is expected


# ------------------------------------------------------------------ smart village
_SMART = {"qn2429.smart_village.fibre_4g": True,
          "qn2429.smart_village.cultural_house_wifi": True,
          "qn2429.smart_village.rest.appraised": True}
_REST = {SMART_VILLAGE_REST: yes("qn2429.smart_village.rest.appraised")}


def _villages(*smart: dict[str, Any]) -> tuple[Village, ...]:
    return tuple(Village(code=f"v{i}", facts=facts) for i, facts in enumerate(smart))


def test_no_smart_village_fails() -> None:
    not_smart = {**_SMART, "qn2429.smart_village.cultural_house_wifi": False}
    result = _k("k3", _commune(villages=_villages(not_smart, {**_SMART,
                "qn2429.smart_village.fibre_4g": False})), **_REST)
    assert result.outcome is Outcome.FAIL


def test_one_smart_village_is_enough() -> None:
    not_smart = {**_SMART, "qn2429.smart_village.rest.appraised": False}
    assert _k("k3", _commune(villages=_villages(not_smart, _SMART)),
              **_REST).outcome is Outcome.PASS


def test_the_unread_smart_village_contents_are_a_parameter() -> None:
    result = _k("k3", _commune(villages=_villages(_SMART)))
    assert result.outcome is Outcome.UNKNOWN
    assert SMART_VILLAGE_REST in {m.key for m in result.trace.missing}
    # the items that were read decide alone when they fail
    weak = {**_SMART, "qn2429.smart_village.fibre_4g": False}
    assert _k("k3", _commune(villages=_villages(weak))).outcome is Outcome.FAIL


# ------------------------------------------------------------------ outstanding field
def test_no_outstanding_field_is_unknown_naming_the_11_parameters() -> None:
    result = _k("k4", _commune())
    assert result.outcome is Outcome.UNKNOWN
    names = {m.key for m in result.trace.missing if m.kind == "parameter"}
    assert names == {field_parameter(code) for code in FIELDS}


def test_one_field_met_passes_and_all_eleven_failing_fails() -> None:
    failing = {field_parameter(code): no(f"qn2429.field.{code}.appraised") for code in FIELDS}
    facts: dict[str, Any] = {f"qn2429.field.{code}.appraised": True for code in FIELDS}
    assert _k("k4", _commune(**facts), **failing).outcome is Outcome.FAIL
    one = {**failing, field_parameter("du_lich"): yes("qn2429.field.du_lich.appraised")}
    assert _k("k4", _commune(**facts), **one).outcome is Outcome.PASS
    # ten failing, one not supplied: not decided
    partial = {k: v for k, v in failing.items() if k != field_parameter("y_te")}
    result = _k("k4", _commune(**facts), **partial)
    assert result.outcome is Outcome.UNKNOWN
    assert {m.key for m in result.trace.missing} == {field_parameter("y_te")}


# ------------------------------------------------------------------ the plan tracker
def _first_commune() -> Any:
    plan = quang_nam_plan()
    return plan, next(c for c in plan.candidates if c.level is Level.COMMUNE)


def test_the_tracker_s_default_set_per_year() -> None:
    plan, candidate = _first_commune()
    assert plan.judged_set(candidate, 2021) == (candidate.set_id, "own")
    for year in (2022, 2023, 2025):
        assert plan.judged_set(candidate, year) == (MODEL_2022_ID, "in_force")
    district = next(c for c in plan.candidates if c.level is Level.DISTRICT)
    assert plan.judged_set(district, 2024) == (district.set_id, "own")


def test_the_tracker_s_explicit_choice() -> None:
    plan, candidate = _first_commune()
    assert plan.judged_set(candidate, 2024, CANDIDATE) == (candidate.set_id, "chosen")
    assert plan.judged_set(candidate, 2024, MODEL_2022_ID) == (MODEL_2022_ID, "chosen")
    district = next(c for c in plan.candidates if c.level is Level.DISTRICT)
    # a commune set chosen does not judge districts
    assert plan.judged_set(district, 2024, MODEL_2022_ID) == (district.set_id, "own")
    with pytest.raises(UnknownNameError, match="judge_by"):
        plan.progress([], judge_by="qn.no.such.set")


def _assessed(set_id: str, year: int, code: str) -> Any:
    cs = get(set_id)
    # the draft sets' villages must meet the 2022-2025 model-village set: an assessment
    # of 2021 uses it outside its period, so it must be allowed (and says so)
    return cs.assess(Commune(code=code, region="DHNTB", zone="KV1"), year=year,
                     allow_outside_period=year < 2022)


def test_the_default_is_said_in_every_rendering() -> None:
    plan, candidate = _first_commune()
    progress = plan.progress([_assessed(MODEL_2022_ID, 2023, candidate.code)])
    (judgement,) = progress.judged_by
    assert (judgement.level, judgement.set_id, judgement.how, judgement.years) == (
        Level.COMMUNE, MODEL_2022_ID, "in_force", (2023,))
    vi, en = progress.explain("vi"), progress.explain("en")
    assert "Đánh giá xã theo: " in vi
    assert f"({MODEL_2022_ID}) — bộ tiêu chí có hiệu lực năm 2023" in vi
    assert f"({MODEL_2022_ID}) — the set in force in 2023" in en
    assert "2429/QĐ-UBND" in en
    html = plan_summary_html(progress, "en")
    assert "the set in force in 2023" in html
    assert "in force" in repr(progress)


def test_judging_by_the_draft_needs_saying_so() -> None:
    plan, candidate = _first_commune()
    draft = _assessed(candidate.set_id, 2023, candidate.code)
    with pytest.raises(NTMValueError, match=r"qn\.commune\.model\.2022-2025.*judge_by="):
        plan.progress([draft])
    progress = plan.progress([draft], judge_by=CANDIDATE)
    (judgement,) = progress.judged_by
    assert (judgement.set_id, judgement.how) == (candidate.set_id, "chosen")
    assert "do người dùng chọn" in progress.explain("vi")
    assert "chosen by the caller" in progress.explain("en")
    assert progress.statuses[0].assessment is draft


def test_a_year_with_no_set_in_force_uses_the_candidate_s_own_set() -> None:
    plan, candidate = _first_commune()
    early = _assessed(candidate.set_id, 2021, candidate.code)
    progress = plan.progress([early])
    (judgement,) = progress.judged_by
    assert (judgement.how, judgement.years) == ("own", (2021,))
    assert "the plan names no set in force in 2021" in progress.explain("en")


def test_years_judged_by_different_sets_make_one_trajectory() -> None:
    plan, candidate = _first_commune()
    progress = plan.progress([_assessed(candidate.set_id, 2021, candidate.code),
                              _assessed(MODEL_2022_ID, 2024, candidate.code)])
    assert progress.trajectory(candidate.code).years == (2021, 2024)
    assert [j.how for j in progress.judged_by] == ["own", "in_force"]
    assert progress.statuses[0].assessment is not None
    assert progress.statuses[0].assessment.year == 2024
