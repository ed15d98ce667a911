"""Assessments as data (output only): outcome, results with traces, shortfalls, missing."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria import strategies as lib
from ntmcriteria.assessment import Assessment
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, Criterion, Parameter
from ntmcriteria.rules import fact, in_year, param, share, yes
from ntmcriteria.serialize import (
    ASSESSMENT_FORMAT,
    assessment_to_data,
    assessment_to_json,
    converter,
    to_data,
)
from ntmcriteria.trace import Trace
from ntmcriteria.units import Commune, Village
from tests import _gen

CITE = Citation(document="Quyết định 318/QĐ-TTg", confidence="verified-text", article="10")


def _set() -> CriteriaSet:
    return CriteriaSet(
        id="vn.commune", label_vi="Bộ tiêu chí", label_en="Set", level="commune",
        valid_from=2021, valid_to=2025, indicators=_gen.INDICATORS,
        parameters=(Parameter(name="water_share", label_vi="Nước", label_en="Water",
                              citation=CITE, measure="percent"),),
        criteria=(
            Criterion(id="income", number="10", label_vi="Thu nhập", label_en="Income",
                      citation=CITE, rule=fact("income") >= 45),
            Criterion(id="water", number="17", label_vi="Nước", label_en="Water",
                      citation=CITE, rule=fact("water") >= param("water_share")),
            Criterion(id="station", number="15", label_vi="Y tế", label_en="Health",
                      citation=CITE, rule=share("village", yes("station"), at_least=100)),
        ),
    )


def _commune() -> Commune:
    return Commune(code="20345", name="Tam Thanh", facts={"income": Decimal("44.99"),
                                                          "water": Decimal("97.5")},
                   villages=[Village(code="01", facts={"station": True}),
                             Village(code="02", facts={"station": False})])


def test_assessment_document() -> None:
    assessment = _set().assess(_commune(), year=2024)
    data = assessment_to_data(assessment)
    assert data["format"] == ASSESSMENT_FORMAT
    assert data["version"] == 1
    assert data["criteria_set"] == "vn.commune"
    assert data["unit"] == {"level": "commune", "code": "20345", "name": "Tam Thanh"}
    assert data["outcome"] == "fail"
    assert [(r["criterion"], r["outcome"]) for r in data["results"]] == [
        ("income", "fail"), ("water", "unknown"), ("station", "fail")]
    income = data["results"][0]["trace"]
    assert income["observed"] == Decimal("44.99")
    assert income["required"] == 45
    assert income["shortfall"] == Decimal("0.01")
    assert income["indicator"] == "income"
    station = data["results"][2]["trace"]
    assert station["kind"] == "share"
    assert station["failed"] == ["02"]
    assert station["passed"] == ["01"]
    assert [c["unit"] for c in station["children"]] == ["01", "02"]
    assert [s["criterion"] for s in data["shortfalls"]] == ["income", "station"]
    # the parameter is keyed by nothing: no year, no region, no suggestion; its labels are the
    # declaration's ("Nước" / "Water" in _set)
    assert data["missing"] == [{"kind": "parameter", "key": "water_share", "unit": "20345",
                                "label_vi": "Nước", "label_en": "Water"}]


def test_missing_items_carry_year_region_suggestion_and_labels() -> None:
    cs = CriteriaSet(
        id="vn.commune.missing", label_vi="Bộ", label_en="Set", level="commune",
        valid_from=2021, valid_to=2025, indicators=_gen.INDICATORS,
        parameters=(Parameter(name="income_level", label_vi="Mức thu nhập",
                              label_en="Income level", citation=CITE,
                              keyed_by=("region", "year")),),
        criteria=(
            Criterion(id="a", number="1", label_vi="a", label_en="a", citation=CITE,
                      rule=fact("income") >= param("income_level")),
            Criterion(id="b", number="2", label_vi="b", label_en="b", citation=CITE,
                      rule=fact("income", at=in_year(2020)) >= 1),
            Criterion(id="c", number="3", label_vi="c", label_en="c", citation=CITE,
                      rule=fact("water") >= 90),
        ))
    # 'watter' is a typo of the declared 'water': the missing item suggests it
    unit = Commune(code="9", region="TN", facts={"income": 50, "watter": 95})
    data = assessment_to_data(cs.assess(unit, year=2024))
    assert data["missing"] == [
        # keyed by region and year: the commune's region and the assessed year
        {"kind": "parameter", "key": "income_level", "unit": "9", "year": 2024,
         "region": "TN", "label_vi": "Mức thu nhập", "label_en": "Income level"},
        # the 2020 income (no history given); labels of the 'income' indicator in _gen
        {"kind": "fact", "key": "income", "unit": "9", "year": 2020,
         "label_vi": "Thu nhập bình quân đầu người", "label_en": "Income"},
        {"kind": "fact", "key": "water", "unit": "9", "year": 2024, "suggestion": "watter",
         "label_vi": "Tỷ lệ hộ dùng nước sạch", "label_en": "Clean water"},
    ]


def test_assessment_json_is_standard_json_with_exact_numbers() -> None:
    assessment = _set().assess(_commune(), year=2024, parameters={"water_share": 98})
    text = assessment_to_json(assessment)
    plain = json.loads(text)
    assert plain["results"][1]["outcome"] == "fail"
    exact = json.loads(text, parse_float=Decimal)
    assert exact["results"][0]["trace"]["shortfall"] == Decimal("0.01")
    assert exact["parameters"] == {"water_share": 98}
    assert converter.unstructure(assessment) == assessment_to_data(assessment)
    assert to_data(assessment) == assessment_to_data(assessment)


def _trace_size(node: dict[str, Any]) -> int:
    return 1 + sum(_trace_size(child) for child in node.get("children", []))


def _walk_size(trace: Trace) -> int:
    return sum(1 for _ in trace.walk())


@given(lib.criteria_sets(max_criteria=3).flatmap(
    lambda cs: st.tuples(st.just(cs), lib.communes_for(cs, years=(2021, 2022, 2023)))))
def test_assessment_data_mirrors_the_assessment(pair: tuple[CriteriaSet, Commune]) -> None:
    cs, commune = pair
    assessment: Assessment = cs.assess(commune, year=2024)
    data = assessment_to_data(assessment)
    assert data["outcome"] == assessment.outcome.value
    assert [r["criterion"] for r in data["results"]] == [r.id for r in assessment.results]
    for result, item in zip(assessment.results, data["results"], strict=True):
        assert item["outcome"] == result.outcome.value
        assert item["trace"]["kind"] == result.trace.kind
        assert _trace_size(item["trace"]) == _walk_size(result.trace)
    assert len(data["shortfalls"]) == len(assessment.shortfalls())
    assert [(m["kind"], m["key"], m["unit"]) for m in data["missing"]] == [
        (m.kind, m.key, m.unit) for m in assessment.missing(all=True)]
    json.loads(assessment_to_json(assessment))
