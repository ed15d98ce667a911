"""The sets in force after 2025 (Decision 51/2025/QĐ-TTg), which set is in force when,
provinces without districts, and no invented threshold anywhere in the catalog."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ntmcriteria import (
    Commune,
    District,
    Level,
    Outcome,
    PeriodError,
    Province,
    Village,
    Ward,
)
from ntmcriteria.catalog import appraisal_rules, catalog, get, in_force
from ntmcriteria.catalog._vn_51 import (
    CRITERIA_51,
    GROUP_CONFLICT,
    MODERN_ID,
    NTM_ID,
    PROVINCE_ID,
    SHARE_PARAMETER,
)
from ntmcriteria.citations import Confidence
from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.evaluation.sources import RecordSource
from ntmcriteria.render.table import classification_table
from ntmcriteria.serialize import criteria_set_from_json, criteria_set_to_json, unit_to_data

REFERENCE_CRITERIA = [
    ("Quy hoạch", "Planning"),
    ("Hạ tầng kinh tế - xã hội", "Socio-economic infrastructure"),
    ("Phát triển kinh tế nông thôn", "Rural economic development"),
    ("Đào tạo nguồn nhân lực nông thôn", "Rural human-resource training"),
    ("Văn hóa, giáo dục, y tế", "Culture, education, health"),
    ("Giảm nghèo và an sinh xã hội", "Poverty reduction and social security"),
    ("Khoa học công nghệ và chuyển đổi số", "Science, technology and digital transformation"),
    ("Môi trường và cảnh quan nông thôn", "Rural environment and landscape"),
    ("Xây dựng hệ thống chính trị và hành chính công",
     "Political system and public administration"),
    ("Tiếp cận pháp luật và an ninh, quốc phòng", "Access to law, security and defence"),
]


def _every_set() -> list[CriteriaSet]:
    seen: dict[str, CriteriaSet] = {}
    for entry in catalog():
        top = get(entry.id)
        for s in (top, *top.walk_references()):
            seen.setdefault(s.id, s)
    return list(seen.values())


# ------------------------------------------------------------------ no invented threshold
@pytest.mark.parametrize("criteria_set", _every_set(), ids=lambda s: s.id)
def test_no_threshold_the_notes_mark_unknown_carries_a_default(
        criteria_set: CriteriaSet) -> None:
    for parameter in criteria_set.parameters:
        if parameter.citation.confidence is Confidence.UNKNOWN:
            assert parameter.default is None, parameter.name


def test_every_2026_threshold_is_a_parameter_without_a_default() -> None:
    for set_id in (NTM_ID, MODERN_ID, PROVINCE_ID):
        cs = get(set_id)
        assert cs.parameters
        for parameter in cs.parameters:
            assert parameter.default is None, parameter.name
            assert parameter.citation.confidence is Confidence.UNKNOWN, parameter.name
    # the only number in the set's rules is the one the notes give (agriculture < 10%)
    group = get(NTM_ID).classification("group")
    assert "< 10" in repr(group.rules[0].when)
    assert group.rules[0].citation.confidence is Confidence.SECONDARY


# ------------------------------------------------------------------ Annex I
def test_the_commune_set_has_the_ten_criteria_of_annex_one() -> None:
    cs = get(NTM_ID)
    assert (cs.level, cs.valid_from, cs.valid_to) == (Level.COMMUNE, 2026, 2030)
    assert [(c.label_vi, c.label_en) for c in cs.criteria] == REFERENCE_CRITERIA
    assert [c.number for c in cs.criteria] == [str(n) for n in range(1, 11)]
    assert len(CRITERIA_51) == 10
    for criterion in cs.criteria:
        assert "Quyết định 51/2025/QĐ-TTg" in criterion.citation.document
        assert criterion.citation.confidence is Confidence.SECONDARY
        assert f"tiêu chí {criterion.number}" in criterion.citation.article
        parameter = cs.parameter(f"vn51.ntm.c{int(criterion.number):02d}.rule")
        assert parameter.kind == "rule"
        assert parameter.keyed_by == ("group",)
    assert cs.citation is not None
    assert "15/02/2026" in cs.citation.note
    assert "47 chỉ tiêu" in cs.citation.note


def test_the_commune_groups_and_their_resolver() -> None:
    group = get(NTM_ID).classification("group")
    assert [v.code for v in group.values] == ["1", "2", "3"]
    assert [r.value for r in group.rules] == ["1", "3"]  # tested in that order
    assert group.residual == "2"
    assert group.conflict_parameter == GROUP_CONFLICT
    assert group.field == "group"
    assert get(NTM_ID).parameter(GROUP_CONFLICT).citation.confidence is Confidence.UNKNOWN


def test_without_parameters_every_criterion_is_unknown_and_names_its_parameter() -> None:
    cs = get(NTM_ID)
    unit = Commune(code="x", group="2")
    assessment = cs.assess(unit, year=2026)
    assert assessment.outcome is Outcome.UNKNOWN
    names = {m.key for m in assessment.missing()}
    assert names == {f"vn51.ntm.c{k:02d}.rule" for k in range(1, 11)}
    assert all(m.classes == (("group", "2"),) for m in assessment.missing())


def test_the_official_table_renders_with_the_groups() -> None:
    cs = get(NTM_ID)
    vi = cs.to_markdown("vi")
    assert "| 10 | Tiếp cận pháp luật và an ninh, quốc phòng |" in vi
    assert "Nhóm 1 (xã ven đô" in vi
    assert "\\< 10%" in vi
    assert "không thuộc các trường hợp trên" in vi
    assert GROUP_CONFLICT.replace("_", "\\_") in vi
    html = cs.to_html("en")
    assert "Group 3 (area II or III" in html
    rows = classification_table(cs, "en")
    assert [r.value for r in rows][:3] == ["Group 1 (peri-urban, urbanising)",
                                          "Group 3 (area II or III of the ethnic-minority and "
                                          "mountain area)", "Group 2 (all other communes)"]


# ------------------------------------------------------------------ Annexes II and III
def test_the_modern_commune_is_on_top_of_the_commune_set() -> None:
    cs = get(MODERN_ID)
    assert cs.reference_map[NTM_ID].criteria == get(NTM_ID).criteria
    assert [c.id for c in cs.criteria] == ["c00", "c01", "c02"]
    assert "meets('vn.commune.ntm.2026-2030'" in repr(cs.criteria[0].rule)
    unit = Commune(code="x", group="1", recognitions={"ntm": 2026})
    result = cs.assess(unit, year=2027).result("c00")
    assert result.outcome is Outcome.PASS
    # a 2021-2025 recognition does not count in the new period
    old = cs.assess(Commune(code="x", group="1", recognitions={"ntm": 2024}), year=2027)
    assert old.result("c00").outcome is Outcome.UNKNOWN


def _commune(code: str, recognised: bool) -> Commune:
    if recognised:
        return Commune(code=code, recognitions={"ntm": 2026})
    facts = {f"vn51.ntm.c{k:02d}.appraised": k != 3 for k in range(1, 11)}
    return Commune(code=code, group="2", facts=facts)


def test_a_province_completes_over_its_communes_without_districts() -> None:
    cs = get(PROVINCE_ID)
    assert (cs.level, cs.member_level) == (Level.PROVINCE, Level.COMMUNE)
    communes = [_commune("a", True), _commune("b", True), _commune("c", False),
                _commune("d", False)]
    wards = [Ward(code="w1", recognitions={"ntm": 2026}), Ward(code="w2")]
    province = Province(code="dn", name="Đà Nẵng", communes=communes, wards=wards)
    parameters = {**appraisal_rules(cs), SHARE_PARAMETER: 50}
    # 2 of the 4 communes are recognised NTM in 2026, the other 2 fail criterion 3: 50%;
    # the wards are not communes and are not counted
    results = {}
    for share, expected in ((50, Outcome.PASS), (Decimal("50.1"), Outcome.FAIL)):
        parameters[SHARE_PARAMETER] = share
        assessment = cs.assess(province, year=2026, parameters=parameters)
        results[share] = assessment.result("c01")
        assert results[share].outcome is expected
        compiled = cs.compile(cs.resolve_parameters(parameters)).run(
            RecordSource(cs.level), [unit_to_data(province)], 2026, backend="numpy")
        assert compiled.outcomes(PROVINCE_ID, "c01")[0] is expected
    detail = results[50].trace.detail
    assert detail.total == 4  # type: ignore[attr-defined]
    assert detail.passed == ("a", "b")  # type: ignore[attr-defined]
    assert detail.failed == ("c", "d")  # type: ignore[attr-defined]


def test_a_province_with_districts_and_direct_communes_counts_both() -> None:
    cs = get(PROVINCE_ID)
    parameters = {**appraisal_rules(cs), SHARE_PARAMETER: 75}
    province = Province(code="p", districts=[District(code="d", communes=[
        _commune("a", True), _commune("b", True)])],
        communes=[_commune("c", True), _commune("e", False)])
    assessment = cs.assess(province, year=2026, parameters=parameters)
    assert assessment.result("c01").outcome is Outcome.PASS  # 3 of 4
    assert assessment.result("c01").trace.detail.total == 4  # type: ignore[attr-defined]


def test_a_set_declaring_its_member_level_refuses_another() -> None:
    from ntmcriteria.rules import share, yes

    cs = get(PROVINCE_ID)
    with pytest.raises(ValueError, match="aggregates its commune members"):
        cs.validate_rule(share("district", yes("vn51.province.other.appraised"),
                               at_least=50), "a test rule")
    assert cs.member_level is Level.COMMUNE


# ------------------------------------------------------------------ which set is in force
def test_in_force_for_2025_2026_and_2031() -> None:
    in_2025 = [e.id for e in in_force("commune", 2025)]
    assert "vn.commune.ntm.2021-2025" in in_2025
    assert "vn.commune.ntm-model.2021-2025" in in_2025
    assert NTM_ID not in in_2025
    assert [e.id for e in in_force("commune", 2026)] == [NTM_ID, MODERN_ID]
    assert in_force("commune", 2031) == ()
    assert in_force(Level.DISTRICT, 2026) == ()
    assert [e.id for e in in_force("district", 2025, national_only=True)] == [
        "vn.district.ntm.2021-2025", "vn.district.ntm-advanced.2021-2025"]
    assert [e.id for e in in_force("province", 2026)] == [PROVINCE_ID]
    assert in_force("village", 2025)[0].id == "qn.village.model.2022-2025"
    with pytest.raises(TypeError, match="year must be a year as an int"):
        in_force("commune", "2026")  # type: ignore[arg-type]


def test_a_period_error_names_the_set_in_force() -> None:
    old = get("vn.commune.ntm.2021-2025")
    with pytest.raises(PeriodError) as info:
        old.assess(Commune(code="x"), year=2026)
    assert info.value.in_force == (NTM_ID, MODERN_ID)
    assert f"the sets in force for 2026 are {NTM_ID!r} and {MODERN_ID!r}" in str(info.value)
    with pytest.raises(PeriodError) as later:
        get(NTM_ID).assess(Commune(code="x"), year=2031)
    assert later.value.in_force == ()
    assert "covers 2031" in str(later.value)
    with pytest.raises(PeriodError) as earlier:
        get(NTM_ID).assess(Commune(code="x"), year=2025)
    assert "vn.commune.ntm.2021-2025" in earlier.value.in_force
    # allowed explicitly, the old set still assesses
    assert old.assess(Commune(code="x"), year=2026, allow_outside_period=True)


def test_links_round_trip_with_the_set() -> None:
    cs = get("vn.commune.ntm.2021-2025")
    assert {link.set_id for link in cs.other_periods} == {NTM_ID, MODERN_ID}
    assert criteria_set_from_json(criteria_set_to_json(cs)) == cs


# ------------------------------------------------------------------ the 2021-2025 review
def test_the_quang_nam_plan_is_reviewed_on_2025_data() -> None:
    from ntmcriteria.catalog import illustrative_communes, illustrative_parameters, quang_nam_plan

    plan = quang_nam_plan()
    communes = {c.code: c for c in illustrative_communes(2025)}
    assessments = []
    for candidate in plan.candidates:
        if candidate.level is Level.COMMUNE:
            cs = get(plan.judged_set(candidate, 2025)[0])
            assessments.append(cs.assess(communes[candidate.code], year=2025,
                                         parameters=illustrative_parameters(cs)))
    progress = plan.progress(assessments)
    assert progress.targets[0].as_of == 2025
    assert progress.targets[0].final
    assert progress.level("commune").total == 25
    # the same candidates in 2026: the 2021-2025 set is no longer in force, and says which is
    cs = get(plan.candidates[0].set_id)
    with pytest.raises(PeriodError, match=NTM_ID):
        cs.assess(communes[plan.candidates[0].code], year=2026)


def test_the_main_job_says_the_province_is_now_part_of_da_nang() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    main_job = readme.split("## Quick start")[0]
    assert "Đà Nẵng city" in main_job
    assert "2025" in main_job


def test_villages_and_wards_are_not_communes() -> None:
    province = Province(code="p", communes=[Commune(code="c", villages=[Village(code="v")])],
                        wards=[Ward(code="w")])
    assert [u.code for u in province.descendants(Level.COMMUNE)] == ["c"]
    assert [u.code for u in province.descendants(Level.WARD)] == ["w"]


def test_a_province_keeps_its_2026_cases_as_data() -> None:
    from ntmcriteria.testing import check_cases

    cs = get(NTM_ID)
    verdicts = {f"vn51.ntm.c{k:02d}.appraised": k != 4 for k in range(1, 11)}
    cases = [
        {"name": "nhóm 2 do tỉnh xếp", "year": 2026, "group": "2", "facts": verdicts,
         "parameters": appraisal_rules(cs), "outcome": "fail",
         "expect": {"c04": "fail", "c05": "pass"}},
        {"name": "thiếu nhóm", "year": 2026, "facts": verdicts,
         "parameters": {"vn51.ntm.c05.rule": {"2": yes_rule("vn51.ntm.c05.appraised")}},
         "expect": {"c05": "unknown"}},
    ]
    assessments = check_cases(cs, cases)
    assert [a.outcome for a in assessments] == [Outcome.FAIL, Outcome.UNKNOWN]


def yes_rule(key: str) -> object:
    from ntmcriteria.rules import yes

    return yes(key)
