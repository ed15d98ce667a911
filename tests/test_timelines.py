"""Timelines: a commune read from the sheets, assessed 2022-2025 in one call, matches four
single assessments of the commune as it was each year; the plan tracker shows each
candidate's trajectory."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ntmcriteria import Candidate, Commune, Outcome, Plan, Target, Village
from ntmcriteria.errors import NTMValueError, UnknownNameError
from ntmcriteria.tables import units_from_csv
from ntmcriteria.timelines import timeline, unit_in_year
from tests._sheets import (
    COMMUNE_COLUMNS,
    FIELD_SET,
    HISTORY_COLUMNS,
    LONG_HISTORY,
    communes,
    field_set,
    model_set,
    text,
)

YEARS = (2022, 2023, 2024, 2025)


def _sheet_units() -> tuple[Commune, ...]:
    units = units_from_csv(model_set(), text("qn_xa_2025.csv"), history=text("qn_lich_su.csv"),
                           columns=COMMUNE_COLUMNS, history_columns=HISTORY_COLUMNS)
    return units.units  # type: ignore[return-value]


def _dien_quang_in(year: int) -> Commune:
    """Điện Quang as it was in ``year``, built by hand: that year's facts, the years
    before as history (the 2025 sheet holds the 2025 facts)."""
    (sheet,) = (c for c in communes() if c.code == "20296")
    earlier = {2014: {"income": Decimal("28.5")}}
    earlier.update({y: f for y, f in LONG_HISTORY["20296"].items() if y < year})  # type: ignore[misc]
    facts = dict(sheet.facts) if year == 2025 else LONG_HISTORY["20296"][year]
    return Commune(code="20296", name="Điện Quang", region="DHNTB", facts=facts,
                   history=earlier, recognitions=sheet.recognitions)


def test_a_timeline_of_a_commune_matches_four_single_assessments() -> None:
    cs = field_set()
    (dien_quang,) = (u for u in _sheet_units() if u.code == "20296")
    tl = timeline(cs, dien_quang, YEARS, facts_year=2025)
    assert tl.years == YEARS
    for year in YEARS:
        single = cs.assess(_dien_quang_in(year), year=year)
        from_timeline = tl.assessment("20296", year)
        assert from_timeline.year == year
        assert from_timeline.outcome is single.outcome
        assert [(r.id, r.outcome) for r in from_timeline] == [(r.id, r.outcome) for r in single]
        assert from_timeline.shortfalls() == single.shortfalls()
        assert from_timeline.unit == _dien_quang_in(year)
    matrix = tl.matrix()
    assert [row["year"] for row in matrix] == list(YEARS)
    assert [row["outcome"] for row in matrix] == [
        cs.assess(_dien_quang_in(y), year=y).outcome.value for y in YEARS]
    # the year x criterion grid names every criterion and year
    grid = tl.explain()
    assert "2022  2023  2024  2025" in grid
    assert grid.count("\n") >= len(cs.criteria) + 3
    assert "✓ đạt, ✗ không đạt, ? chưa đủ dữ liệu" in grid
    assert "✓ pass" in tl.explain("en")


def test_the_timeline_follows_each_criterion_year_by_year() -> None:
    cs = field_set()
    tl = timeline(cs, _sheet_units(), YEARS, facts_year=2025)
    # cooperatives: 1 (2022), then 2 and 1 high-tech (2023 on)
    assert tl.series("20296", "g2.1") == ((2022, Outcome.FAIL), (2023, Outcome.PASS),
                                          (2024, Outcome.PASS), (2025, Outcome.PASS))
    # production value per hectare: 160.5, 182, 198.4, then 205.5 (>= 200)
    assert tl.series("20296", "g2.2")[-1] == (2025, Outcome.PASS)
    assert [o for _, o in tl.series("20296", "g2.2")[:3]] == [Outcome.FAIL] * 3
    changes = tl.changes("20296")
    assert {"criterion_id": "g2.2", "from_year": 2024, "to_year": 2025, "from": "fail",
            "to": "pass"} in changes
    # a commune with facts only for the sheet's year lacks data the years before
    tam_thai = tl.outcomes("20420")
    assert all(o is Outcome.UNKNOWN for cid, o in tam_thai[2022].items() if cid is not None)
    rows = tl.to_rows()
    assert len(rows) == len(tl.units) * len(YEARS) * len(cs.criteria)
    with pytest.raises(NTMValueError, match="name one"):
        tl.matrix()
    with pytest.raises(UnknownNameError, match="did you mean '20296'"):
        tl.matrix("20296x")


def test_a_timeline_never_guesses_the_year_of_the_facts() -> None:
    cs = field_set()
    with pytest.raises(NTMValueError, match="facts_year"):
        timeline(cs, _sheet_units(), YEARS)
    history_only = Commune(code="1", history={2022: {"income": 40}, 2023: {"income": 41}})
    assert timeline(cs, history_only, [2023, 2022]).years == (2022, 2023)
    with pytest.raises(NTMValueError, match="twice"):
        timeline(cs, history_only, [2022, 2022])


def test_a_unit_in_a_year_takes_its_members_the_same_way() -> None:
    village = Village(code="01", facts={"x": True}, history={2023: {"x": False},
                                                             2025: {"x": True}})
    commune = Commune(code="1", facts={"income": 50}, history={
        2022: {"income": 40}, 2023: {"income": 45}, 2024: {"income": 48}},
        villages=(village,))
    in_2023 = unit_in_year(commune, 2023, facts_year=2025)
    assert in_2023.facts == {"income": 45}
    assert in_2023.history == {2022: {"income": 40}}
    assert in_2023.villages[0].facts == {"x": False}
    assert in_2023.villages[0].history == {}
    later = unit_in_year(commune, 2026, facts_year=2025)
    assert later.history[2025] == {"income": 50}  # the facts of 2025 are history by 2026
    assert later.villages[0].history[2025] == {"x": True}


def test_the_plan_tracker_reports_each_candidates_trajectory() -> None:
    cs = field_set()
    units = _sheet_units()
    plan = Plan(
        id="qn.test", label_vi="Kế hoạch thử", label_en="Test plan",
        candidates=tuple(Candidate(code=u.code, name=u.name, level="commune", set_id=FIELD_SET,
                                   group=2) for u in units[:3]),
        targets=(Target(level="commune", count=2, year=2025, label_vi="2 xã",
                        label_en="2 communes", citation=cs.criteria[0].citation),),
        citation=cs.criteria[0].citation)
    tl = timeline(cs, units[:3], YEARS, facts_year=2025)
    progress = plan.progress(tl.assessments())
    for unit in units[:3]:
        trajectory = progress.trajectory(unit.code)
        assert trajectory.years == YEARS
        assert [p.outcome for p in trajectory.points] == [o for _, o in tl.series(unit.code)]
        for point in trajectory.points:
            a = tl.assessment(unit.code, point.year)
            assert (point.passed, point.failed, point.unknown) == (
                len(a.passed), len(a.failed), len(a.unknown))
    # the latest year still decides the tallies
    latest = {s.candidate.code: s.assessment.year for s in progress.statuses
              if s.assessment is not None}
    assert set(latest.values()) == {2025}
    report = progress.explain()
    assert "Diễn biến theo năm:" in report
    assert "Điện Quang: 2022 không đạt" in report
    assert "Year by year:" in progress.explain("en")
    # a single year: no trajectory section
    single = plan.progress([tl.assessment(units[0].code, 2025)])
    assert "Diễn biến theo năm" not in single.explain()
    assert progress.trajectory(units[0].code).first_passed == next(
        (y for y, o in tl.series(units[0].code) if o is Outcome.PASS), None)
