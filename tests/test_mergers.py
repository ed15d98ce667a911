"""Merged units: recognitions cross a merger only by a cited rule, and history before the
merger is never guessed from the former units."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from ntmcriteria import (
    Citation,
    Commune,
    CriteriaSet,
    Criterion,
    Indicator,
    Merger,
    Outcome,
    Province,
    Recognition,
    Tier,
    merged_history,
)
from ntmcriteria.catalog import cv3372_policy, merger_2025_policy, merger_policies
from ntmcriteria.errors import NTMTypeError, NTMValueError, UnknownNameError
from ntmcriteria.mergers import CarryOver, MergerPolicy
from ntmcriteria.rules import fact, held_each_year
from ntmcriteria.serialize import unit_from_json, unit_to_json

NTM_2015 = Commune(code="a", name="Xã A", recognitions={"ntm": 2015})
NTM_2018 = Commune(code="b", name="Xã B", recognitions={"ntm": 2018, "advanced": 2019})
NOT_NTM = Commune(code="c", name="Xã C")


def _merged(*parts: Commune, date: str = "2020-01-01", **kw: object) -> Commune:
    return Commune(code="m", name="Xã Mới", merged_from=Merger(date=date, units=parts),
                   **kw)


# ------------------------------------------------------------------ the 2020 precedent
def test_a_commune_merged_from_ntm_communes_is_acknowledged_dated_by_the_latest() -> None:
    decision = cv3372_policy().recognition(_merged(NTM_2015, NTM_2018), "ntm")
    assert (decision.outcome, decision.year, decision.case) == (Outcome.PASS, 2018, "all")
    assert decision.citation is not None
    assert decision.citation.confidence.value == "verified-text"
    assert "3372/BNN-VPĐP" in decision.citation.document
    assert "năm công nhận 2018" in decision.describe("vi")


def test_a_mixed_merger_is_unknown_and_names_the_policy_parameter() -> None:
    policy = cv3372_policy()
    decision = policy.recognition(_merged(NTM_2015, NOT_NTM), "ntm")
    assert decision.outcome is Outcome.UNKNOWN
    assert (decision.recognised, decision.merged) == (1, 2)
    assert [m.key for m in decision.missing] == ["merger.cv3372.ntm.some"]
    assert "merger.cv3372.ntm.some" in decision.describe("en")
    assert decision.citation is not None
    assert decision.citation.confidence.value == "unknown"
    carried = policy.recognition(_merged(NTM_2015, NOT_NTM), "ntm",
                                 {"merger.cv3372.ntm.some": True})
    assert (carried.outcome, carried.year) == (Outcome.PASS, 2015)
    refused = policy.recognition(_merged(NTM_2015, NOT_NTM), "ntm",
                                 {"merger.cv3372.ntm.some": False})
    assert refused.outcome is Outcome.FAIL


def test_nothing_carries_when_no_merged_unit_was_recognised() -> None:
    decision = cv3372_policy().recognition(_merged(NOT_NTM, Commune(code="d")), "ntm")
    assert (decision.outcome, decision.case) == (Outcome.FAIL, "none")


def test_a_tier_the_letter_does_not_settle_is_the_unsettled_parameter() -> None:
    advanced = Commune(code="e", recognitions={"advanced": 2017})
    decision = cv3372_policy().recognition(_merged(NTM_2018, advanced), Tier.ADVANCED)
    assert decision.outcome is Outcome.UNKNOWN
    assert [m.key for m in decision.missing] == ["merger.cv3372.unsettled"]


def test_an_own_recognition_is_kept_and_an_unmerged_unit_carries_nothing() -> None:
    policy = cv3372_policy()
    own = policy.recognition(_merged(NOT_NTM, recognitions={"ntm": 2021}), "ntm")
    assert (own.outcome, own.year, own.case) == (Outcome.PASS, 2021, "own")
    alone = policy.recognition(NOT_NTM, "ntm")
    assert (alone.outcome, alone.case) == (Outcome.FAIL, "not merged")


def test_a_recognition_after_the_merger_of_a_former_unit_does_not_count() -> None:
    late = Commune(code="z", recognitions={"ntm": 2021})
    decision = cv3372_policy().recognition(_merged(NTM_2015, late, date="2020-03-01"), "ntm")
    assert decision.outcome is Outcome.UNKNOWN  # 1 of 2 recognised by 2020: mixed
    assert decision.recognised == 1


# ------------------------------------------------------------------ the 2025 mergers
def test_the_2025_mergers_are_a_parameter_however_many_were_ntm() -> None:
    policy = merger_2025_policy()
    merged = _merged(NTM_2015, NTM_2018, date="2025-07-01")
    decision = policy.recognition(merged, "ntm")
    assert decision.outcome is Outcome.UNKNOWN
    assert [m.key for m in decision.missing] == ["merger.2025.carry_over"]
    assert "Điện Biên" in policy.parameter("merger.2025.carry_over").citation.note
    assert policy.recognition(merged, "ntm", {"merger.2025.carry_over": False}).outcome \
        is Outcome.FAIL
    with pytest.raises(NTMValueError, match="is for mergers from 2025-07-01"):
        policy.recognition(_merged(NTM_2015, date="2020-01-01"), "ntm")


def test_apply_carries_recognitions_into_a_provinces_communes() -> None:
    province = Province(code="p", communes=[
        _merged(NTM_2015, NTM_2018), Commune(code="n", merged_from=Merger(
            date="2020-01-01", units=[NTM_2015, NOT_NTM])), NOT_NTM])
    result = cv3372_policy().apply(province)
    assert isinstance(result.unit, Province)
    by_code = {c.code: c for c in result.unit.communes}
    assert by_code["m"].recognitions == {Tier.NTM: Recognition(2018)}
    assert by_code["n"].recognitions == {}
    assert [(d.unit, d.tier.value, d.outcome) for d in result.decisions] == [
        ("m", "ntm", Outcome.PASS), ("m", "advanced", Outcome.UNKNOWN),
        ("n", "ntm", Outcome.UNKNOWN)]
    assert [d.unit for d in result.undecided()] == ["m", "n"]
    assert by_code["c"] is NOT_NTM


def test_policies_are_checked_when_built() -> None:
    cite = Citation(document="x", confidence="unknown")
    with pytest.raises(NTMValueError, match="give either carries"):
        CarryOver(tier="ntm", case="all", citation=cite)
    with pytest.raises(NTMValueError, match="case must be one of"):
        CarryOver(tier="ntm", case="most", carries=True, citation=cite)
    with pytest.raises(UnknownNameError, match="unknown parameter 'p'"):
        MergerPolicy(id="x", label_vi="x", label_en="x", rules=(), parameters=(),
                     unsettled="p", citation=cite)
    with pytest.raises(NTMTypeError, match="takes True or False"):
        cv3372_policy().recognition(_merged(NTM_2015), "ntm", {"merger.cv3372.unsettled": 1})
    assert {p.id for p in merger_policies()} == {"cv3372.2020", "merger.2025"}


# ------------------------------------------------------------------ history before a merger
INCOME = Indicator(key="income", label_vi="Thu nhập", label_en="Income",
                   measure="million_vnd_per_person_year", value_type="decimal", minimum=0)
CITE = Citation(document="Kiểm thử", confidence="unknown")
WINDOW = CriteriaSet(
    id="t.window", label_vi="Cửa sổ", label_en="Window", level="commune", valid_from=2021,
    valid_to=2030, indicators=(INCOME,),
    criteria=(Criterion(id="w", number="1", label_vi="w", label_en="w", citation=CITE,
                        rule=held_each_year(fact("income") >= 40, years=2)),))


def test_history_before_the_merger_is_missing_not_guessed() -> None:
    parts = [Commune(code="a", history={2024: {"income": 60}, 2025: {"income": 60}}),
             Commune(code="b", history={2024: {"income": 50}, 2025: {"income": 50}})]
    merged = Commune(code="m", facts={"income": 70},
                     merged_from=Merger(date="2025-07-01", units=parts))
    assessment = WINDOW.assess(merged, year=2026)
    assert assessment.outcome is Outcome.UNKNOWN
    missing = assessment.missing()
    assert {(m.key, m.year) for m in missing} == {("income", 2024), ("income", 2025)}
    assert "không suy ra từ các đơn vị cũ" in missing[0].describe("vi")
    assert "not derived from the former units" in missing[0].describe("en")
    # supplied by the caller: decided
    supplied = Commune(code="m", history={2024: {"income": 55}, 2025: {"income": 55}},
                       merged_from=merged.merged_from)
    assert WINDOW.assess(supplied, year=2026).outcome is Outcome.PASS


def test_an_explicit_aggregation_of_the_former_units_history() -> None:
    parts = [Commune(code="a", history={2024: {"income": 60, "poor": 3}, 2023: {"income": 30}}),
             Commune(code="b", history={2024: {"income": 50, "poor": 4}})]
    merged = Commune(code="m", merged_from=Merger(date="2025-07-01", units=parts),
                     history={2023: {"income": 45}})
    filled = merged_history(merged, {"income": "mean", "poor": "sum"})
    assert filled.history[2024] == {"income": Decimal(55), "poor": 7}
    assert filled.history[2023] == {"income": 45}  # own value kept; b lacks 2023 anyway
    assert WINDOW.assess(filled, year=2026).outcome is Outcome.UNKNOWN  # 2025 still missing
    assert merged_history(merged, {"income": "min"}).history[2024] == {"income": 50}
    with pytest.raises(NTMValueError, match="must be one of"):
        merged_history(merged, {"income": "median"})
    with pytest.raises(NTMValueError, match="its history from then on is its own"):
        merged_history(merged, {"income": "sum"}, years=[2025])
    with pytest.raises(NTMValueError, match="records no merger"):
        merged_history(NOT_NTM, {"income": "sum"})


def test_a_merger_round_trips_and_is_checked() -> None:
    merged = _merged(NTM_2015, NTM_2018, date="2025-07-01")
    assert merged.created == datetime.date(2025, 7, 1)
    assert unit_from_json(unit_to_json(merged)) == merged
    with pytest.raises(NTMTypeError, match="ISO date"):
        Merger(date="1/7/2025", units=[NTM_2015])
    with pytest.raises(NTMValueError, match="needs the units merged"):
        Merger(date="2025-07-01", units=[])
    with pytest.raises(NTMValueError, match="twice"):
        Merger(date="2025-07-01", units=[NTM_2015, NTM_2015])
