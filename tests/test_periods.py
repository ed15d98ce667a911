"""Periods of referenced sets (issue 11, point 2): every set an assessment uses must be
valid in the year it is used in, not only the set assessed.

The boundary cases are hand-made: Quảng Nam's model-commune sets are valid 2021-2025
and require their villages to meet the model-village set of 2022-2025, so an
assessment in 2021 would apply the village set one year before its period.
"""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria import (
    Commune,
    CriteriaSet,
    Criterion,
    District,
    Outcome,
    Parameter,
    PeriodError,
    Village,
    assess_columns,
    assess_many,
    assess_records,
    assessment_to_json,
    diff_outcomes,
    result_rows,
    results_csv,
    timeline,
)
from ntmcriteria.catalog import get
from ntmcriteria.period import OutsidePeriod, outside_periods
from ntmcriteria.render.review import review_sheet_html
from ntmcriteria.render.summary import units_summary_html, units_summary_text
from ntmcriteria.rules import fact, held_each_year, meets, rule_param, yes
from ntmcriteria.serialize import assessment_to_data
from ntmcriteria.serialize._schema import assessment_schema
from tests._core_fixtures import INCOME, SEED, ind

jsonschema = pytest.importorskip("jsonschema")

MODEL = "qn.commune.model.2021-2025"
DISTRICT_MODEL = "qn.district.model.2021-2025"
VILLAGE = "qn.village.model.2022-2025"
#: the words every rendering must show, by language
WORDS = {"vi": ("Ngoài giai đoạn áp dụng", VILLAGE, "2022-2025", "năm 2021"),
         "en": ("Outside the valid period", VILLAGE, "2022-2025", "year 2021")}


def _commune(code: str = "x") -> Commune:
    return Commune(code=code, name="Xã Tam Thăng", villages=(Village(code=f"{code}-v1"),))


def _ref_set(set_id: str, valid_from: int, valid_to: int) -> CriteriaSet:
    station = ind("station", "boolean")
    return CriteriaSet(
        id=set_id, label_vi="Bộ tham chiếu", label_en="Referenced set", level="commune",
        valid_from=valid_from, valid_to=valid_to, indicators=(station,),
        criteria=(Criterion(id="r1", number="1", label_vi="Trạm", label_en="Station",
                            rule=yes("station"), citation=SEED),))


def _top(rule: object, *refs: CriteriaSet, parameters: tuple[Parameter, ...] = (),
         valid_from: int = 2021, valid_to: int = 2025) -> CriteriaSet:
    return CriteriaSet(
        id="top.set", label_vi="Bộ chính", label_en="Main set", level="commune",
        valid_from=valid_from, valid_to=valid_to, indicators=(INCOME,), references=refs,
        parameters=parameters,
        criteria=(Criterion(id="c1", number="1", label_vi="Tiêu chí", label_en="Criterion",
                            rule=rule, citation=SEED),))


# -- refusal ------------------------------------------------------------------------------
def test_the_model_commune_in_2021_is_refused_naming_the_village_set() -> None:
    with pytest.raises(PeriodError) as info:
        get(MODEL).assess(_commune(), year=2021)
    error = info.value
    assert (error.set_id, error.year, error.referenced_by) == (VILLAGE, 2021, MODEL)
    message = str(error)
    assert VILLAGE in message
    assert "2022-2025" in message
    assert MODEL in message
    assert "allow_outside_period=True" in message


def test_the_model_commune_a_year_later_is_inside_every_period() -> None:
    assessment = get(MODEL).assess(_commune(), year=2022)
    assert assessment.outside_period == ()
    assert "Ngoài giai đoạn áp dụng" not in assessment.explain("vi")
    assert "Outside the valid period" not in assessment.explain("en")


def test_a_set_two_references_deep_is_checked_too() -> None:
    # district model -> model commune (any group) -> model village (2022-2025)
    district = District(code="d", communes=(_commune(),))
    with pytest.raises(PeriodError) as info:
        get(DISTRICT_MODEL).assess(district, year=2021)
    assert info.value.set_id == VILLAGE
    assert info.value.referenced_by == "qn.commune.model.2021-2025"
    assert DISTRICT_MODEL in str(info.value)


@pytest.mark.parametrize("group", [1, 2, 3])
def test_each_group_model_commune_set_is_refused_in_2021(group: int) -> None:
    with pytest.raises(PeriodError, match=VILLAGE):
        get(f"qn.commune.model.group{group}.2021-2025").assess(_commune(), year=2021)


def test_the_national_model_commune_references_only_sets_of_its_own_period() -> None:
    cs = get("vn.commune.ntm-model.2021-2025")
    for year in range(2021, 2026):
        assert outside_periods(cs, year) == ()


def test_one_year_before_and_after_a_referenced_period_at_the_boundary() -> None:
    ref = _ref_set("ref.set", 2022, 2024)
    cs = _top(meets("ref.set"), ref)
    commune = Commune(code="1", facts={"station": True})
    for year in (2021, 2025):
        with pytest.raises(PeriodError) as info:
            cs.assess(commune, year=year)
        assert (info.value.set_id, info.value.year) == ("ref.set", year)
        assert "2022-2024" in str(info.value)
        assert "'top.set'" in str(info.value)
    for year in (2022, 2024):
        assert cs.assess(commune, year=year).outcome is Outcome.PASS


def test_a_window_evaluates_the_referenced_set_in_earlier_years() -> None:
    ref = _ref_set("ref.set", 2021, 2025)
    cs = _top(held_each_year(meets("ref.set"), years=2), ref)
    commune = Commune(code="1", history={2021: {"station": True}, 2022: {"station": True}})
    assert cs.assess(commune, year=2023).outcome is Outcome.PASS  # uses 2021, 2022
    with pytest.raises(PeriodError) as info:
        cs.assess(commune, year=2022)  # uses 2020 and 2021
    assert (info.value.set_id, info.value.year) == ("ref.set", 2020)
    assert "for the assessment of 2022" in str(info.value)


def test_a_set_reached_through_a_supplied_rule_parameter_is_checked() -> None:
    ref = _ref_set("ref.set", 2023, 2025)
    declared = Parameter(name="local.rule", kind="rule", label_vi="Quy định địa phương",
                         label_en="Local rule", citation=SEED)
    cs = _top(rule_param("local.rule"), ref, parameters=(declared,))
    commune = Commune(code="1", facts={"station": True, "income": 50})
    # without the rule supplied, the referenced set is not used
    assert cs.assess(commune, year=2022).outside_period == ()
    assert cs.assess(commune, year=2022,
                     parameters={"local.rule": fact("income") >= 45}).outside_period == ()
    with pytest.raises(PeriodError, match="ref.set"):
        cs.assess(commune, year=2022, parameters={"local.rule": meets("ref.set")})


def test_the_top_level_refusal_still_names_the_set_in_force() -> None:
    with pytest.raises(PeriodError) as info:
        get("vn.commune.ntm.2021-2025").assess(Commune(code="1"), year=2026)
    assert info.value.referenced_by == ""
    assert "vn.commune.ntm.2026-2030" in info.value.in_force


# -- allowed: the assessment says so -----------------------------------------------------
def test_allowed_the_assessment_records_which_set_is_outside_its_period() -> None:
    assessment = get(MODEL).assess(_commune(), year=2021, allow_outside_period=True)
    (record,) = assessment.outside_period
    assert record == OutsidePeriod(set_id=VILLAGE, valid_from=2022, valid_to=2025, year=2021,
                                   referenced_by=MODEL)
    assert record.period == "2022-2025"
    assert record.referenced


def test_allowed_the_top_level_set_is_recorded_first_then_the_referenced() -> None:
    assessment = get(MODEL).assess(_commune(), year=2026, allow_outside_period=True)
    ids = [(r.set_id, r.referenced_by) for r in assessment.outside_period]
    assert ids[0] == (MODEL, "")
    assert (VILLAGE, MODEL) in ids
    # the advanced and NTM sets it refers to are 2021-2025 too
    assert {r.set_id for r in assessment.outside_period} >= {
        "vn.commune.ntm-advanced.2021-2025", "vn.commune.ntm.2021-2025"}
    assert all(r.year == 2026 for r in assessment.outside_period)
    text = assessment.explain("en")
    assert MODEL in text.split("Outside the valid period", 1)[1].split("\n", 1)[0]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_rendering_of_one_assessment_says_it_is_outside_the_period(lang: str) -> None:
    assessment = get(MODEL).assess(_commune(), year=2021, allow_outside_period=True)
    renderings = {
        "text": assessment.explain(lang),
        "markdown": assessment.to_markdown(lang),
        "html": assessment.to_html(lang),
        "review": review_sheet_html(assessment, lang),
        "summary_html": units_summary_html([assessment], lang),
        "summary_text": units_summary_text([assessment], lang),
    }
    if lang == "vi":
        renderings["notebook"] = assessment._repr_html_()
    for name, rendered in renderings.items():
        for word in WORDS[lang]:
            assert word in rendered, (name, word)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_rendering_of_a_batch_says_it_is_outside_the_period(lang: str) -> None:
    batch = assess_many(get(MODEL), [_commune("a"), _commune("b")], year=2021,
                        allow_outside_period=True)
    assert all(a.outside_period for a in batch)
    rows = batch.to_dicts(lang)
    for row in rows:
        for word in WORDS[lang][1:]:
            assert word in row["outside_period"]
    assert all(word in batch.to_csv(lang) for word in WORDS[lang][1:])
    if lang == "vi":
        assert all(word in batch._repr_html_() for word in WORDS[lang])
    for wide in (False, True):
        for row in result_rows(batch, lang=lang, wide=wide):
            assert VILLAGE in row["outside_period"]
        assert VILLAGE in results_csv(batch, lang=lang, wide=wide)
    # one note for the two units, not one per unit
    summary = units_summary_text(batch, lang)
    assert summary.count(WORDS[lang][0]) == 1


def test_inside_the_period_rows_carry_an_empty_outside_period() -> None:
    batch = assess_many(get(MODEL), [_commune("a")], year=2023)
    assert {row["outside_period"] for row in batch.to_dicts()} == {""}
    assert "Ngoài giai đoạn áp dụng" not in batch._repr_html_()


def test_assess_many_records_and_columns_refuse_and_allow_alike() -> None:
    cs = get(MODEL)
    with pytest.raises(PeriodError, match=VILLAGE):
        assess_many(cs, [_commune()], year=2021)
    records = [{"code": "a", "villages": [{"code": "a-v1"}]}]
    with pytest.raises(PeriodError, match=VILLAGE):
        assess_records(cs, records, year=2021)
    with pytest.raises(PeriodError, match=VILLAGE):
        assess_columns(cs, {"code": ["a"]}, year=2021)
    verdicts = assess_records(cs, records, year=2021, allow_outside_period=True)
    assert [r.set_id for r in verdicts.outside_period] == [VILLAGE]
    assert verdicts.assessments()[0].outside_period == verdicts.outside_period
    assert VILLAGE in verdicts.to_dicts("en")[0]["outside_period"]
    columns = assess_columns(cs, {"code": ["a"]}, year=2021, allow_outside_period=True)
    assert columns.assessment(0).outside_period == verdicts.outside_period


def test_the_serialized_assessment_carries_the_records_and_matches_its_schema() -> None:
    assessment = get(MODEL).assess(_commune(), year=2021, allow_outside_period=True)
    data = assessment_to_data(assessment)
    assert data["outside_period"] == [{"set_id": VILLAGE, "valid_from": 2022,
                                       "valid_to": 2025, "year": 2021,
                                       "referenced_by": MODEL}]
    jsonschema.Draft202012Validator(assessment_schema()).validate(
        json.loads(assessment_to_json(assessment)))
    inside = assessment_to_data(get(MODEL).assess(_commune(), year=2022))
    assert "outside_period" not in inside
    jsonschema.Draft202012Validator(assessment_schema()).validate(inside)


def test_a_record_is_worded_in_both_languages() -> None:
    record = OutsidePeriod(set_id="s", valid_from=2022, valid_to=2025, year=2021,
                           referenced_by="t", label_vi="Bộ S", label_en="Set S")
    assert record.describe("vi") == ("năm 2021 nằm ngoài giai đoạn áp dụng 2022-2025 của bộ "
                                     "tiêu chí «Bộ S» [s] (được tham chiếu bởi [t])")
    assert record.describe("en") == ("year 2021 is outside the valid period 2022-2025 of "
                                     "criteria set «Set S» [s] (referenced by [t])")
    top = attrs.evolve(record, referenced_by="")
    assert not top.referenced
    assert "[t]" not in top.describe("en")


# -- the law ------------------------------------------------------------------------------
@given(ref_from=st.integers(2015, 2030), length=st.integers(0, 6),
       year=st.integers(2010, 2040), back=st.integers(0, 3))
def test_refused_exactly_when_some_set_is_used_outside_its_period(
        ref_from: int, length: int, year: int, back: int) -> None:
    """An assessment is refused iff the set assessed or a set it uses (in the year it
    uses it) lies outside its period; allowed, it records exactly those sets."""
    ref = _ref_set("ref.set", ref_from, ref_from + length)
    rule = meets("ref.set") if back == 0 else held_each_year(meets("ref.set"), years=back)
    cs = _top(rule, ref, valid_from=2018, valid_to=2032)
    used = range(year - back, year) if back else range(year, year + 1)
    expected = ([("top.set", year)] if not 2018 <= year <= 2032 else []) + sorted(
        (("ref.set", y) for y in used if not ref.valid_from <= y <= ref.valid_to),
        key=lambda item: item[1])
    commune = Commune(code="1")
    if expected:
        with pytest.raises(PeriodError):
            cs.assess(commune, year=year)
    else:
        assert cs.assess(commune, year=year).outside_period == ()
    allowed = cs.assess(commune, year=year, allow_outside_period=True)
    got = [(r.set_id, r.year) for r in allowed.outside_period]
    assert got == expected


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_timeline_and_an_outcome_diff_say_which_years_are_outside_the_period(
        lang: str) -> None:
    cs = get(MODEL)
    with pytest.raises(PeriodError, match=VILLAGE):
        timeline(cs, _commune(), years=range(2021, 2023))
    tl = timeline(cs, _commune(), years=range(2021, 2023), allow_outside_period=True)
    assert tl.assessment("x", 2021).outside_period != ()
    assert tl.assessment("x", 2022).outside_period == ()
    text = tl.explain(lang)
    assert all(word in text for word in WORDS[lang])
    rows = tl.to_rows(lang)
    assert {r["year"] for r in rows if r["outside_period"]} == {2021}
    diff = diff_outcomes(cs, get("qn.commune.model.group1.2021-2025"), [_commune()],
                         year=2021, allow_outside_period=True)
    assert [(r.set_id, r.referenced_by) for r in diff.outside_period] == [
        (VILLAGE, MODEL), (VILLAGE, "qn.commune.model.group1.2021-2025")]
    for rendered in (diff.to_text(lang), diff.to_markdown(lang), diff.to_html(lang)):
        assert all(word in rendered for word in WORDS[lang])
    inside = diff_outcomes(cs, get("qn.commune.model.group1.2021-2025"), [_commune()],
                           year=2022)
    assert inside.outside_period == ()
    assert WORDS[lang][0] not in inside.to_text(lang)
