"""The plan tracker and the Quảng Nam plan data."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria.assessment import Assessment
from ntmcriteria.catalog import (
    ILLUSTRATIVE_NOTE,
    get,
    illustrative_communes,
    illustrative_districts,
    illustrative_parameters,
    quang_nam_plan,
)
from ntmcriteria.catalog._illustrative import _commune
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, Criterion
from ntmcriteria.errors import NTMValueError, UnknownNameError
from ntmcriteria.indicators import Indicator
from ntmcriteria.outcome import Outcome
from ntmcriteria.plans import Candidate, Plan, Target, describe_shortfall
from ntmcriteria.rules import fact, yes
from ntmcriteria.units import Commune, Level

ROOT = Path(__file__).resolve().parents[1]
CITE = Citation(document="Thử", confidence="seed")
SET = CriteriaSet(
    id="test.set", label_vi="Thử", label_en="Test", level="commune", valid_from=2021,
    valid_to=2025,
    indicators=(
        Indicator(key="rate", label_vi="Tỷ lệ", label_en="Rate", measure="percent",
                  value_type="decimal"),
        Indicator(key="flag", label_vi="Cờ", label_en="Flag", measure="yes_no",
                  value_type="boolean"),
    ),
    criteria=(
        Criterion(id="r", number="1", label_vi="Tỷ lệ", label_en="Rate",
                  rule=fact("rate") >= 90, citation=CITE),
        Criterion(id="f", number="2", label_vi="Cờ", label_en="Flag", rule=yes("flag"),
                  citation=CITE),
    ))


def _plan(n: int = 4, target: int = 2) -> Plan:
    return Plan(
        id="test.plan", label_vi="Kế hoạch thử", label_en="Test plan",
        candidates=tuple(Candidate(code=f"c{i}", name=f"Xã {i}", level="commune",
                                   set_id="test.set", group=1 + i % 2) for i in range(n)),
        targets=(Target(level="commune", count=target, year=2025, label_vi="Mục tiêu",
                        label_en="Target", citation=CITE),),
        citation=CITE)


def _assess(code: str, year: int = 2024, **facts: Any) -> Assessment:
    return SET.assess(Commune(code=code, facts=facts), year=year)


def test_tally_per_group_and_overall_and_distance() -> None:
    progress = _plan().progress([
        _assess("c0", rate=Decimal(95), flag=True),     # group 1, pass
        _assess("c1", rate=Decimal(80), flag=True),     # group 2, fail
        _assess("c2", flag=True),                       # group 1, unknown
    ])                                                  # c3 (group 2) not assessed
    assert progress.group(1).passed == ("c0",)
    assert progress.group(1).unknown == ("c2",)
    assert progress.group(2).failed == ("c1",)
    assert progress.group(2).not_assessed == ("c3",)
    overall = progress.level("commune")
    assert (len(overall.passed), len(overall.failed), len(overall.unknown),
            len(overall.not_assessed)) == (1, 1, 1, 1)
    (target,) = progress.targets
    assert target.passed == 1
    assert target.distance == 1
    assert target.reachable  # 1 passing + 1 unknown + 1 not assessed >= 2


def test_target_out_of_reach_when_too_many_fail_in_the_target_year() -> None:
    # 4 candidates, target 3 by 2025: in 2025, 1 pass + 2 fail leaves at most 2 (c3 unassessed)
    final = _plan(target=3).progress([
        _assess("c0", 2025, rate=Decimal(95), flag=True),
        _assess("c1", 2025, rate=Decimal(1), flag=True),
        _assess("c2", 2025, rate=Decimal(1), flag=True)])
    (target,) = final.targets
    assert (target.distance, target.final, target.reachable) == (2, True, False)
    assert "out of reach" in final.explain("en")


def test_failing_candidates_can_still_pass_before_the_target_year() -> None:
    early = _plan(target=3).progress([
        _assess("c0", 2024, rate=Decimal(95), flag=True),
        _assess("c1", 2024, rate=Decimal(1), flag=True),
        _assess("c2", 2024, rate=Decimal(1), flag=True)])
    (target,) = early.targets
    assert (target.distance, target.final, target.reachable) == (2, False, True)
    assert target.possible == 4  # every candidate may still improve by 2025
    assert "2 of the 3 candidates not yet passing must pass by the end of 2025" in (
        early.explain("en"))


def test_a_plan_with_too_few_candidates_is_out_of_reach_at_once() -> None:
    progress = _plan(n=2, target=3).progress([_assess("c0", 2023, rate=Decimal(1), flag=True)])
    assert not progress.targets[0].reachable


def test_target_met() -> None:
    progress = _plan(target=1).progress([_assess("c0", rate=Decimal(95), flag=True)])
    assert progress.targets[0].met
    assert progress.targets[0].distance == 0


def test_closest_fewest_then_smallest_shortfalls() -> None:
    progress = _plan().progress([
        _assess("c0", rate=Decimal(80), flag=False),    # two shortfalls
        _assess("c1", rate=Decimal(85), flag=True),     # one: 5 points
        _assess("c2", rate=Decimal(89), flag=True),     # one: 1 point
        _assess("c3", rate=Decimal(95), flag=True),     # passes: not listed
    ])
    assert [s.candidate.code for s in progress.closest()] == ["c2", "c1", "c0"]
    assert progress.closest(1)[0].shortfalls[0].shortfall == 1


def test_latest_year_counts() -> None:
    progress = _plan().progress([_assess("c0", 2023, rate=Decimal(80), flag=True),
                                 _assess("c0", 2025, rate=Decimal(95), flag=True)])
    assert progress.group(1).passed == ("c0",)
    progress = _plan().progress([_assess("c0", 2025, rate=Decimal(95), flag=True),
                                 _assess("c0", 2023, rate=Decimal(80), flag=True)])
    assert progress.group(1).passed == ("c0",)


def test_same_candidate_twice_in_a_year_is_an_error() -> None:
    with pytest.raises(NTMValueError, match="two assessments"):
        _plan().progress([_assess("c0", flag=True), _assess("c0", flag=False)])


def test_unknown_candidate_offers_did_you_mean() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'c1'"):
        _plan().progress([_assess("c1x", flag=True)])


def test_assessment_against_another_set_is_refused() -> None:
    other = get("qn.commune.field.group3.2021-2025")
    with pytest.raises(NTMValueError, match=r"assessed against 'test\.set'"):
        _plan().progress([other.assess(Commune(code="c0"), year=2024)])


def test_duplicate_candidate_codes_are_refused() -> None:
    candidate = Candidate(code="a", name="A", level="commune", set_id="test.set")
    with pytest.raises(NTMValueError, match="twice"):
        Plan(id="p", label_vi="p", label_en="p", candidates=(candidate, candidate), targets=(),
             citation=CITE)


@given(st.lists(st.sampled_from(["pass", "fail", "unknown", "none"]), min_size=1, max_size=8))
def test_counts_add_up(states: list[str]) -> None:
    facts: dict[str, dict[str, Any]] = {"pass": {"rate": Decimal(95), "flag": True},
             "fail": {"rate": Decimal(50), "flag": True}, "unknown": {"flag": True}}
    assessments = [_assess(f"c{i}", **facts[s]) for i, s in enumerate(states) if s != "none"]
    progress = _plan(n=len(states), target=len(states)).progress(assessments)
    overall = progress.level("commune")
    assert len(overall.passed) == states.count("pass")
    assert len(overall.failed) == states.count("fail")
    assert len(overall.unknown) == states.count("unknown")
    assert len(overall.not_assessed) == states.count("none")
    assert sum(progress.group(g).total for g in (1, 2) if any(
        c.group == g for c in progress.plan.candidates)) == len(states)
    assert progress.targets[0].distance == len(states) - states.count("pass")


def test_shortfall_description_reads_observed_required_and_gap() -> None:
    shortfall = _assess("c0", rate=Decimal(89), flag=True).shortfalls()[0]
    text = describe_shortfall(shortfall, "en")
    assert "observed 89" in text
    assert "required 90" in text
    assert "short by 1" in text


# -------------------------------------------------------------------- the Quảng Nam plan
def test_quang_nam_plan_candidates_and_targets() -> None:
    plan = quang_nam_plan()
    communes = [c for c in plan.candidates if c.level is Level.COMMUNE]
    assert len(communes) == 25
    assert [sum(1 for c in communes if c.group == g) for g in (1, 2, 3)] == [12, 8, 5]
    districts = [c.name for c in plan.candidates if c.level is Level.DISTRICT]
    assert districts == ["Tiên Phước", "Duy Xuyên"]
    assert {(t.level, t.count, t.year) for t in plan.targets} == {
        (Level.COMMUNE, 16, 2025), (Level.DISTRICT, 2, 2025)}
    by_name = {c.name: c for c in communes}
    assert (by_name["Tam Thanh"].district, by_name["Tam Thanh"].ntm_year) == ("Tam Kỳ", 2017)
    assert (by_name["Quế Xuân 1"].group, by_name["Quế Xuân 1"].ntm_year) == (2, 2015)
    assert (by_name["Quế Phú"].group, by_name["Quế Phú"].ntm_year) == (3, 2018)
    assert all(c.set_id == f"qn.commune.model.group{c.group}.2021-2025" for c in communes)


def test_illustrative_data_is_deterministic_and_labelled() -> None:
    first = illustrative_communes()[0]
    again = _commune(first.code, first.name, "Tam Kỳ", 1, 2017, 2024)
    assert again == first
    assert all("minh họa" in v.name for c in illustrative_communes() for v in c.villages)
    assert "ILLUSTRATIVE" in ILLUSTRATIVE_NOTE
    assert {d.code for d in illustrative_districts()} == {"tien-phuoc", "duy-xuyen"}


def test_main_job_example_runs_and_says_the_data_is_illustrative() -> None:
    result = subprocess.run(  # noqa: S603 - our own example, fixed arguments
        [sys.executable, str(ROOT / "examples" / "quang_nam_plan.py")],
        capture_output=True, text=True, check=True, timeout=120)
    out = result.stdout
    assert "ILLUSTRATIVE DATA" in out
    assert "16 model NTM communes by 2025" in out
    for group in (1, 2, 3):
        assert f"Group {group}:" in out
    assert "Closest to passing:" in out
    counts = out.split("Overall:")[1].splitlines()[1]
    assert counts.strip().startswith("commune:")
    assert "(of 25)" in counts


def test_main_job_outcomes_add_up() -> None:
    plan = quang_nam_plan()
    communes = {c.code: c for c in illustrative_communes()}
    assessments = []
    for candidate in plan.candidates:
        if candidate.level is Level.COMMUNE:
            criteria_set = get(plan.judged_set(candidate, 2024)[0])
            assessments.append(criteria_set.assess(
                communes[candidate.code], year=2024,
                parameters=illustrative_parameters(criteria_set)))
    progress = plan.progress(assessments)
    outcomes = [a.outcome for a in assessments]
    overall = progress.level("commune")
    assert len(overall.passed) == outcomes.count(Outcome.PASS)
    assert len(overall.failed) == outcomes.count(Outcome.FAIL)
    assert len(overall.unknown) == outcomes.count(Outcome.UNKNOWN)
    assert (progress.targets[0].target.level, progress.targets[0].target.count) == (
        Level.COMMUNE, 16)


def test_distance_and_closest_on_a_hand_built_plan() -> None:
    # rate >= 90 and flag; normalised distance of a rate shortfall = shortfall / 90
    progress = _plan(n=7, target=3).progress([
        _assess("c0", rate=Decimal(81), flag=True),     # 1 shortfall, 9/90 = 1/10
        _assess("c1", rate=Decimal(89), flag=False),    # 2 shortfalls, 1/90 + 1 = 91/90
        _assess("c2", rate=Decimal(72), flag=True),     # 1 shortfall, 18/90 = 1/5
        _assess("c3", rate=Decimal(95), flag=True),     # passes
        _assess("c4", flag=True),                       # unknown: 0 shortfalls, 1 missing
        _assess("c5"),                                  # unknown: 0 shortfalls, 2 missing
        _assess("c6", rate=Decimal(80), flag=True),     # 1 shortfall, 10/90 = 1/9
    ])
    (target,) = progress.targets
    # 1 of 3 passes in 2024; all 7 may still pass by 2025
    assert (target.passed, target.distance, target.possible, target.met) == (1, 2, 7, False)
    # fewest shortfalls first (the unknowns have none; fewer missing first), then the
    # smallest distance: 1/10 < 1/9 < 1/5; c1's two shortfalls put it last
    assert [s.candidate.code for s in progress.closest(10)] == [
        "c4", "c5", "c0", "c6", "c2", "c1"]
    assert [s.candidate.code for s in progress.closest(2)] == ["c4", "c5"]
    assert {s.candidate.code: s.distance for s in progress.closest(10)} == {
        "c4": 0, "c5": 0, "c0": Fraction(1, 10), "c6": Fraction(1, 9),
        "c2": Fraction(1, 5), "c1": Fraction(91, 90)}
    assert [s.missing for s in progress.closest(10)] == [1, 2, 0, 0, 0, 0]
    assert progress.closest(0) == ()
    assert progress.closest(10, level="district") == ()


def test_bad_candidate_fields_are_clear_errors() -> None:
    with pytest.raises(NTMValueError, match="level must be one of"):
        Candidate(code="a", name="A", level="hamlet", set_id="s")
    with pytest.raises(TypeError, match="group must be an int"):
        Candidate(code="a", name="A", level="commune", set_id="s", group="1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="code must be a non-empty string"):
        Candidate(code="", name="A", level="commune", set_id="s")


@given(st.lists(st.tuples(st.integers(0, 100), st.booleans()), min_size=1, max_size=8))
def test_closest_is_ordered_by_count_then_size_of_shortfalls(
        rows: list[tuple[int, bool]]) -> None:
    assessments = [_assess(f"c{i}", rate=Decimal(rate), flag=flag)
                   for i, (rate, flag) in enumerate(rows)]
    closest = _plan(n=len(rows)).progress(assessments).closest(n=len(rows))
    failing = {f"c{i}" for i, (rate, flag) in enumerate(rows) if rate < 90 or not flag}
    twice = {f"c{i}" for i, (rate, flag) in enumerate(rows) if rate < 90 and not flag}
    codes = [s.candidate.code for s in closest]
    assert sorted(codes) == sorted(failing)
    # a candidate failing both criteria never comes before one failing only one
    places_twice = [i for i, code in enumerate(codes) if code in twice]
    places_once = [i for i, code in enumerate(codes) if code not in twice]
    assert not places_twice or not places_once or min(places_twice) > max(places_once)


# -------------------------------------------------------------------- "by year Y" targets
def _by(year: int, count: int = 1, n: int = 2) -> Plan:
    return Plan(
        id="test.by", label_vi="Kế hoạch", label_en="Plan",
        candidates=tuple(Candidate(code=f"c{i}", name=f"Xã {i}", level="commune",
                                   set_id="test.set", group=1) for i in range(n)),
        targets=(Target(level="commune", count=count, year=year, label_vi="Mục tiêu",
                        label_en="Target", citation=CITE),),
        citation=CITE)


def test_a_pass_after_the_target_year_does_not_meet_the_target() -> None:
    progress = _by(2022).progress([_assess("c0", 2025, rate=Decimal(95), flag=True)])
    (target,) = progress.targets
    assert (target.passed, target.met, target.distance) == (0, False, 1)
    assert (target.counted, target.assessed_after, target.as_of) == (0, 1, None)
    assert target.only_after
    assert target.final
    en = progress.explain("en")
    assert "  Target: 0/1, assessed after the target year (assessments after 2022, of 1 " \
           "candidate(s), are not counted: they do not show the result by 2022)" in en
    assert ", met" not in en
    vi = progress.explain("vi")
    assert "  Mục tiêu: 0/1, đánh giá sau năm mục tiêu (không tính các đánh giá sau năm 2022" in vi
    # the overall tally still shows the latest verdicts
    assert progress.level("commune").passed == ("c0",)


def test_the_latest_assessment_by_the_target_year_counts() -> None:
    progress = _by(2022, count=2).progress([
        _assess("c0", 2021, rate=Decimal(95), flag=True),   # passes by 2022
        _assess("c0", 2024, rate=Decimal(5), flag=True),    # later fail: not counted
        _assess("c1", 2022, rate=Decimal(5), flag=True),    # fails in 2022
        _assess("c1", 2025, rate=Decimal(95), flag=True),   # later pass: not counted
    ])
    (target,) = progress.targets
    assert (target.passed, target.counted, target.assessed_after, target.as_of) == (1, 2, 2, 2022)
    assert (target.met, target.final, target.possible, target.reachable) == (
        False, True, 1, False)
    assert "Target: 1/2, 1 more needed — out of reach with the current candidates " \
           "(assessments after 2022, of 2 candidate(s), are not counted" in progress.explain("en")


def test_assessments_up_to_the_target_year_are_unchanged() -> None:
    progress = _by(2025).progress([_assess("c0", 2025, rate=Decimal(95), flag=True)])
    (target,) = progress.targets
    assert (target.passed, target.met, target.counted, target.assessed_after) == (1, True, 1, 0)
    assert "  Target: 1/1, met\n" in progress.explain("en")


def test_a_commune_without_group_is_not_called_a_district() -> None:
    plan = Plan(id="p", label_vi="p", label_en="p", citation=CITE, targets=(),
                candidates=(Candidate(code="a", name="A", level="commune",
                                      set_id="test.set"),))
    text = plan.progress([]).explain("en")
    assert "  No group: 0 pass, 0 fail, 0 not enough data, 1 not assessed (of 1)" in text
    assert "Districts" not in text
