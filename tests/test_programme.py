"""The national programme's targets as a plan over a province's (or the country's) communes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ntmcriteria import Citation, Commune, Level, Outcome, Province, Ward
from ntmcriteria.catalog import appraisal_rules, get, programme_plan, programme_targets
from ntmcriteria.catalog._vn_51 import MODERN_ID, NTM_ID, PROVINCE_ID
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.plans import Target

CITE = Citation(document="Kiểm thử", confidence="unknown")


def _commune(index: int, passing: bool) -> Commune:
    facts = {f"vn51.ntm.c{k:02d}.appraised": passing for k in range(1, 11)}
    return Commune(code=f"x{index}", name=f"Xã {index}", group="2", facts=facts)


COMMUNES = [_commune(i, i < 2) for i in range(10)]
PROVINCE = Province(code="dn", name="Đà Nẵng", communes=COMMUNES,
                    wards=[Ward(code="w1"), Ward(code="w2")])


def _assess(set_id: str, communes: list[Commune], year: int) -> list:  # type: ignore[type-arg]
    cs = get(set_id)
    return [cs.assess(c, year=year, parameters=appraisal_rules(cs)) for c in communes]


def test_the_targets_carry_their_citations_and_confidences() -> None:
    first, about_65, about_10, provinces = programme_targets(provinces=True)
    assert (first.share, first.year, first.set_id, first.approximate) == (
        Decimal(15), 2026, NTM_ID, False)
    assert "244/2025/QH15" in first.citation.document
    assert first.citation.confidence.value == "verified-text"
    assert (about_65.share, about_65.year, about_65.approximate) == (Decimal(65), 2030, True)
    assert (about_10.share, about_10.set_id) == (Decimal(10), MODERN_ID)
    for target in (about_65, about_10, provinces):
        assert "257/2025/QH15" in target.citation.document
        assert target.citation.confidence.value == "secondary"
    assert (provinces.level, provinces.count, provinces.set_id) == (
        Level.PROVINCE, 5, PROVINCE_ID)
    assert len(programme_targets()) == 3


def test_fifteen_percent_in_2026_over_a_provinces_communes() -> None:
    plan = programme_plan(PROVINCE)
    communes = [c for c in plan.candidates if c.level is Level.COMMUNE]
    assert len(communes) == 10  # the wards are not communes
    progress = plan.progress(_assess(NTM_ID, COMMUNES, 2026))
    first, about_65, about_10, provinces = progress.targets
    # 15% of 10 communes is 1.5: 2 must pass; 2 pass
    assert (first.needed, first.passed, first.met) == (2, 2, True)
    # about 65% of 10 is 6.5: 7 by 2030; 2 pass so far, all may still pass by then
    assert (about_65.needed, about_65.passed, about_65.distance) == (7, 2, 5)
    assert about_65.reachable
    # nobody was assessed against the modern set
    assert (about_10.needed, about_10.passed, about_10.counted) == (1, 0, 0)
    assert (provinces.needed, provinces.reachable) == (5, False)
    text = progress.explain("vi")
    assert "2 đạt, cần 2 (15% của 10 xã)" in text
    assert "cần 7 (khoảng 65% của 10 xã)" in text
    assert "about 65% of 10 communes" in progress.explain("en")


def test_the_modern_target_counts_assessments_against_the_modern_set() -> None:
    plan = programme_plan(COMMUNES)
    recognised = [Commune(code=c.code, name=c.name, group="2", recognitions={"ntm": 2026},
                          facts={"vn51.modern.framework.appraised": True,
                                 "vn51.modern.province.appraised": i == 0})
                  for i, c in enumerate(COMMUNES[:2])]
    modern = _assess(MODERN_ID, recognised, 2028)
    assert [a.outcome for a in modern] == [Outcome.PASS, Outcome.FAIL]
    progress = plan.progress([*_assess(NTM_ID, COMMUNES, 2026), *modern])
    about_10 = progress.targets[2]
    assert (about_10.passed, about_10.needed, about_10.met) == (1, 1, True)
    # the candidates' own status is their NTM assessment
    assert len(progress.level("commune").passed) == 2


def test_assessments_of_another_set_or_twice_a_year_are_refused() -> None:
    plan = programme_plan(COMMUNES)
    other = get("vn.commune.ntm.2021-2025")
    with pytest.raises(NTMValueError, match="is assessed against"):
        plan.progress([other.assess(COMMUNES[0], year=2025)])
    twice = _assess(NTM_ID, COMMUNES[:1], 2026) * 2
    with pytest.raises(NTMValueError, match="two assessments"):
        plan.progress(twice)


def test_targets_need_a_count_or_a_share() -> None:
    with pytest.raises(NTMValueError, match="either count= .* or share="):
        Target(level="commune", year=2026, label_vi="t", label_en="t", citation=CITE)
    with pytest.raises(NTMValueError, match="either count="):
        Target(level="commune", year=2026, label_vi="t", label_en="t", citation=CITE,
               count=1, share=10)
    with pytest.raises(NTMValueError, match=r"in \[0, 100\]"):
        Target(level="commune", year=2026, label_vi="t", label_en="t", citation=CITE,
               share=101)
    assert Target(level="commune", year=2026, label_vi="t", label_en="t", citation=CITE,
                  share="12.5").required(8) == 1
    assert Target(level="commune", year=2026, label_vi="t", label_en="t", citation=CITE,
                  share="12.5").required(9) == 2
    with pytest.raises(NTMTypeError, match="units\\[0\\] must be a province"):
        programme_plan([object()])  # type: ignore[list-item]
    with pytest.raises(NTMValueError, match="at least one commune"):
        programme_plan(Province(code="p", wards=[Ward(code="w")]))
