"""Every shortfall carries its unit (issue 11, point 7).

A percentage is short by percentage points ("điểm phần trăm"), never by "%"; a
share or a count of members is short by members (communes, villages) while its
observed and required values are percents or counts; at least k of n is short
by conditions; a comparison of any other indicator is short in the indicator's
own unit (a difference of calendar years in years). In a table every number
column has its unit beside it, so the ``shortfall`` column is read per
``shortfall_unit``.

Expected figures are computed by hand from the definitions (noted beside each).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria import Citation, CriteriaSet, Criterion, Indicator, Outcome
from ntmcriteria.batch import ROW_FIELDS, Batch
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.indicators import Measure, ValueType
from ntmcriteria.plans import describe_shortfall
from ntmcriteria.quantity import (
    Quantity,
    QuantityUnit,
    difference_unit,
    members_unit,
    value_unit,
)
from ntmcriteria.render import format_amount
from ntmcriteria.render.review import review_rows
from ntmcriteria.render.summary import shortfall_text
from ntmcriteria.rules import Compare, at_least, count, fact, held_each_year, share, yes
from ntmcriteria.rules.aggregate import AggregateDetail
from ntmcriteria.rules.compare import CompareDetail
from ntmcriteria.rules.logic import AtLeastDetail
from ntmcriteria.rules.members import CountDetail, ShareDetail
from ntmcriteria.rules.window import WindowDetail
from ntmcriteria.strategies import communes, rules, values_for
from ntmcriteria.tables.results import results_csv, results_to_pandas, results_to_polars
from ntmcriteria.thresholds import Const
from ntmcriteria.trace import Trace
from ntmcriteria.units import Commune, District, Level, Village
from tests._helpers_testing import HISTORY, make_set

CITE = Citation(document="Bộ tiêu chí thử", confidence="seed")
INSURANCE = Indicator(key="insurance", label_vi="Tỷ lệ tham gia bảo hiểm y tế",
                      label_en="Health-insurance participation", measure="percent",
                      value_type="decimal")
INCOME = Indicator(key="income", label_vi="Thu nhập bình quân đầu người", label_en="Income",
                   measure="million_vnd_per_person_year", value_type="decimal", minimum=0)
MODEL = Indicator(key="model", label_vi="Thôn kiểu mẫu", label_en="Model village",
                  measure="yes_no", value_type="boolean")
NTM = Indicator(key="ntm", label_vi="Xã đạt chuẩn", label_en="NTM commune",
                measure="yes_no", value_type="boolean")
POOR = Indicator(key="poor", label_vi="Số hộ nghèo", label_en="Poor households",
                 measure="households", value_type="integer")
P, F = Outcome.PASS, Outcome.FAIL


def _set(*rules: Any, level: str = "commune",
         indicators: tuple[Indicator, ...] = (INSURANCE, INCOME, MODEL, POOR)) -> CriteriaSet:
    return CriteriaSet(
        id="thu", label_vi="Bộ thử", label_en="Test set", level=level, valid_from=2021,
        valid_to=2025, indicators=indicators,
        criteria=tuple(Criterion(id=f"c{n}", number=str(n), label_vi=f"Tiêu chí {n}",
                                 label_en=f"Criterion {n}", citation=CITE, rule=rule)
                       for n, rule in enumerate(rules, 1)))


def _villages(passing: int, total: int) -> list[Village]:
    return [Village(code=f"{i:02}", facts={"model": i < passing}) for i in range(total)]


# ------------------------------------------------------------------------ the Quantity type
def test_a_quantity_is_a_number_with_a_unit_code_and_words() -> None:
    q = Quantity("2.5", "percentage_points")
    assert (q.value, q.unit, q.code) == (Decimal("2.5"), QuantityUnit.PERCENTAGE_POINTS,
                                         "percentage_points")
    assert (q.label("vi"), q.label("en")) == ("điểm phần trăm", "percentage points")
    assert Quantity(1, "communes").label("en") == "commune"
    assert Quantity(2, QuantityUnit.COMMUNES).label("en") == "communes"
    assert Quantity(2, "villages").label("vi") == "thôn"
    assert Quantity(1, "percentage_points") == Quantity(Decimal(1), "percentage_points")


def test_bad_quantities_are_refused_naming_the_field_and_the_nearest_code() -> None:
    with pytest.raises(NTMValueError, match=r"quantity unit .*'comunes'.*did you mean "
                                            r"'communes'"):
        Quantity(2, "comunes")
    with pytest.raises(NTMTypeError, match=r"Quantity.value must be a number, not a yes/no"):
        Quantity(True, "communes")
    with pytest.raises(NTMValueError, match=r"Quantity.value must be a number"):
        Quantity("two", "communes")


@pytest.mark.parametrize(("quantity", "vi", "en"), [
    (Quantity(Decimal("2.5"), "percentage_points"), "2,5 điểm phần trăm",
     "2.5 percentage points"),
    (Quantity(1, "percentage_points"), "1 điểm phần trăm", "1 percentage point"),
    (Quantity(2, "communes"), "2 xã", "2 communes"),
    (Quantity(1, "villages"), "1 thôn", "1 village"),
    (Quantity(3, "conditions"), "3 điều kiện", "3 conditions"),
    (Quantity(2, "years"), "2 năm", "2 years"),
    (Quantity(Decimal("1.5"), "million_vnd_per_person_year"), "1,5 triệu đồng/người/năm",
     "1.5 million VND/person/year"),
    (Quantity(2, "million_vnd_per_person_year"), "2,0 triệu đồng/người/năm",
     "2.0 million VND/person/year"),
    (Quantity(1, "households"), "1 hộ", "1 household"),
    (Quantity(Decimal("96.5"), "percent"), "96,5%", "96.5%"),
    (Quantity(1250, "count"), "1.250", "1,250"),
    (Quantity(2024, "year"), "2024", "2024"),
])
def test_an_amount_is_worded_in_its_unit(quantity: Quantity, vi: str, en: str) -> None:
    assert (format_amount(quantity, "vi"), format_amount(quantity, "en")) == (vi, en)


def test_every_measure_has_a_unit_for_its_values_and_its_differences() -> None:
    for measure in Measure:
        indicator = Indicator(key="x", label_vi="x", label_en="x", measure=measure,
                              value_type=("boolean" if measure is Measure.YES_NO
                                          else "integer"))
        assert value_unit(indicator) is not None
        assert difference_unit(indicator) is not None
    for level in Level:
        assert members_unit(level).label("vi") == level.label_vi
        assert members_unit(level).label("en", 1) == level.label_en


# ------------------------------------------------------------ a percentage: percentage points
def test_a_percentage_shortfall_is_in_percentage_points_in_vi_and_en() -> None:
    # 96 - 93.5 = 2.5 percentage points (not 2.5%)
    cs = _set(fact("insurance") >= 96)
    assessment = cs.assess(Commune(code="1", facts={"insurance": Decimal("93.5")}), year=2024)
    detail = assessment.results[0].trace.detail_as(CompareDetail)
    assert detail.shortfall == Decimal("2.5")  # still the number
    assert detail.shortfall_unit == "percentage_points"
    assert detail.shortfall_quantity == Quantity(Decimal("2.5"), "percentage_points")
    assert detail.value_unit is QuantityUnit.PERCENT
    vi, en = assessment.explain("vi"), assessment.explain("en")
    assert "còn thiếu 2,5 điểm phần trăm" in vi
    assert "short by 2.5 percentage points" in en
    assert "2,5%" not in vi
    assert "2.5%" not in en
    (found,) = assessment.shortfalls()
    assert found.quantity == Quantity(Decimal("2.5"), "percentage_points")
    assert shortfall_text(found, "vi").endswith("còn thiếu 2,5 điểm phần trăm")
    assert shortfall_text(found, "en").endswith("short by 2.5 percentage points")
    assert describe_shortfall(found, "vi").endswith("thiếu 2,5 điểm phần trăm")
    assert describe_shortfall(found, "en").endswith("short by 2.5 percentage points")
    row = next(r for r in review_rows(assessment, "vi") if r.shortfall)
    assert (row.observed, row.required, row.shortfall) == ("93,5%", "≥ 96%",
                                                           "2,5 điểm phần trăm")


def test_an_amount_below_a_percentage_is_worded_in_points_by_each_operator() -> None:
    # <= 10 with 12.5 observed: over by 2.5 points; < 10 with 10: 0 points away
    unit = Commune(code="1", facts={"insurance": Decimal("12.5")})
    vi = _set(fact("insurance") <= 10).assess(unit, year=2024).explain("vi")
    assert "vượt 2,5 điểm phần trăm" in vi
    en = _set(fact("insurance") < 10).assess(
        Commune(code="1", facts={"insurance": 10}), year=2024).explain("en")
    assert "must be below 10% (0 percentage points away)" in en


def test_a_plain_comparison_is_short_in_the_indicators_own_unit() -> None:
    # 50 - 47.5 = 2.5 million VND/person/year; 2 poor households over a limit of 3 (5 - 3)
    cs = _set(fact("income") >= 50, fact("poor") <= 3)
    assessment = cs.assess(Commune(code="1", facts={"income": Decimal("47.5"), "poor": 5}),
                           year=2024)
    units = {s.criterion_id: (s.shortfall, s.shortfall_unit) for s in assessment.shortfalls()}
    assert units == {"c1": (Decimal("2.5"), "million_vnd_per_person_year"),
                     "c2": (2, "households")}
    vi = assessment.explain("vi")
    assert "còn thiếu 2,5 triệu đồng/người/năm" in vi
    assert "vượt 2 hộ" in vi


def test_a_difference_of_calendar_years_is_short_in_years() -> None:
    built = Indicator(key="built", label_vi="Năm xây dựng", label_en="Year built",
                      measure="year", value_type="integer")
    cs = _set(fact("built") >= 2015, indicators=(built,))
    assessment = cs.assess(Commune(code="1", facts={"built": 2012}), year=2024)
    (found,) = assessment.shortfalls()
    assert found.quantity == Quantity(3, "years")  # 2015 - 2012
    assert "còn thiếu 3 năm" in assessment.explain("vi")
    assert "short by 3 years" in assessment.explain("en")


def test_an_aggregate_of_a_percentage_is_short_in_percentage_points() -> None:
    from ntmcriteria.rules import minimum

    water = Indicator(key="water", label_vi="Tỷ lệ nước sạch", label_en="Clean water",
                      measure="percent", value_type="decimal")
    cs = _set(minimum("village", fact("water")) >= 80, indicators=(water,))
    unit = Commune(code="1", villages=[Village(code="01", facts={"water": 90}),
                                       Village(code="02", facts={"water": Decimal("79.5")})])
    assessment = cs.assess(unit, year=2024)
    detail = assessment.results[0].trace.detail_as(AggregateDetail)
    assert detail.shortfall_quantity == Quantity(Decimal("0.5"), "percentage_points")
    assert "còn thiếu 0,5 điểm phần trăm" in assessment.explain("vi")


# -------------------------------------------------------------------- a share: in members
def test_a_shares_shortfall_is_in_members_while_observed_and_required_are_percents() -> None:
    # 5 of 10 villages = 50%; 70% of 10 is 7 villages: 2 more needed (7 - 5)
    cs = _set(share("village", yes("model"), at_least=70))
    assessment = cs.assess(Commune(code="1", villages=_villages(5, 10)), year=2024)
    assert assessment.outcome is F
    detail = assessment.results[0].trace.detail_as(ShareDetail)
    assert (detail.observed, detail.required, detail.value_unit) == (
        Decimal("50"), 70, QuantityUnit.PERCENT)
    assert detail.shortfall_quantity == Quantity(2, "villages")
    assert (detail.shortfall, detail.shortfall_unit) == (2, "villages")
    (found,) = assessment.shortfalls()
    assert (found.observed, found.required, found.shortfall, found.shortfall_unit) == (
        Decimal("50"), 70, 2, "villages")
    assert "cần thêm 2 thôn đạt" in assessment.explain("vi")
    assert "2 more villages needed" in assessment.explain("en")
    assert shortfall_text(found, "vi").endswith(": cần thêm 2 thôn")
    assert shortfall_text(found, "en").endswith(": 2 more villages needed")
    assert describe_shortfall(found, "vi").endswith(": cần thêm 2 thôn")
    row = next(r for r in review_rows(assessment, "en") if r.shortfall)
    assert (row.observed, row.required, row.shortfall) == ("5/10 = 50%", "≥ 70%",
                                                           "2 villages")
    (table_row,) = Batch((assessment,)).to_dicts()
    assert (table_row["observed"], table_row["required"], table_row["observed_unit"],
            table_row["shortfall"], table_row["shortfall_unit"]) == (
        Decimal("50"), 70, "percent", 2, "villages")


def test_a_districts_share_of_communes_is_short_in_communes() -> None:
    # 1 of 4 communes = 25%; 100% needs all 4: 3 more (4 - 1)
    cs = _set(share("commune", yes("ntm"), at_least=100), level="district",
              indicators=(NTM,))
    district = District(code="9", communes=[
        Commune(code=f"{i}", facts={"ntm": i == 0}) for i in range(4)])
    assessment = cs.assess(district, year=2024)
    (found,) = assessment.shortfalls()
    assert found.quantity == Quantity(3, "communes")
    assert "cần thêm 3 xã đạt" in assessment.explain("vi")
    assert "3 more communes needed" in assessment.explain("en")
    assert describe_shortfall(found, "vi").endswith(": cần thêm 3 xã")
    assert describe_shortfall(found, "en").endswith(": 3 more communes needed")


def test_a_count_is_short_in_members_and_one_member_is_singular() -> None:
    # 2 model villages, at least 3 required: 1 more village
    cs = _set(count("village", yes("model"), at_least=3))
    assessment = cs.assess(Commune(code="1", villages=_villages(2, 4)), year=2024)
    detail = assessment.results[0].trace.detail_as(CountDetail)
    assert detail.shortfall_quantity == Quantity(1, "villages")
    assert detail.value_unit is QuantityUnit.VILLAGES
    assert "1 more village needed" in assessment.explain("en")
    row = next(r for r in review_rows(assessment, "en") if r.shortfall)
    assert row.shortfall == "1 village"


def test_at_least_k_is_short_in_conditions() -> None:
    # 1 of the 3 holds, 2 required: 1 more condition
    cs = _set(at_least(2, fact("income") >= 50, fact("poor") <= 3, fact("insurance") >= 90))
    unit = Commune(code="1", facts={"income": 60, "poor": 5, "insurance": 80})
    assessment = cs.assess(unit, year=2024)
    detail = assessment.results[0].trace.detail_as(AtLeastDetail)
    assert detail.shortfall_quantity == Quantity(1, "conditions")
    assert "cần đạt thêm 1 điều kiện" in assessment.explain("vi")
    assert "1 more condition needed" in assessment.explain("en")
    # the node itself, then its failing parts: 5 - 3 households over, 90 - 80 points short
    assert [(s.kind, s.shortfall, s.shortfall_unit) for s in assessment.shortfalls()] == [
        ("at_least", 1, "conditions"), ("compare", 2, "households"),
        ("compare", 10, "percentage_points")]


def test_a_windows_failing_years_are_counted_in_years() -> None:
    # income >= 40 in each of the 3 years before 2024: 2021 and 2023 fail, 2 years
    cs = _set(held_each_year(fact("income") >= 40, years=3))
    unit = Commune(code="1", history={2021: {"income": 30}, 2022: {"income": 45},
                                      2023: {"income": 39}})
    detail = cs.assess(unit, year=2024).results[0].trace.detail_as(WindowDetail)
    assert detail.failed_years == (2021, 2023)
    assert detail.shortfall_quantity == Quantity(2, "years")


def test_a_passing_or_yes_no_check_has_no_shortfall_and_no_unit() -> None:
    cs = _set(fact("insurance") >= 90, yes("model"))
    assessment = cs.assess(Commune(code="1", facts={"insurance": 95, "model": False}),
                           year=2024)
    passing = assessment.results[0].trace.detail_as(CompareDetail)
    assert (passing.shortfall_quantity, passing.shortfall_unit) == (None, "")
    (found,) = assessment.shortfalls()
    assert (found.shortfall, found.shortfall_unit, found.quantity) == (None, "", None)


# ------------------------------------------------------------------ tables: one unit a column
def _mixed_batch() -> Batch:
    cs = _set(fact("insurance") >= 96, share("village", yes("model"), at_least=70),
              fact("income") >= 50,
              at_least(2, fact("poor") <= 3, fact("income") >= 60, fact("insurance") >= 99))
    units = [
        Commune(code="1", name="Xã Một", facts={"insurance": Decimal("93.5"), "income": 40,
                                                "poor": 5}, villages=_villages(5, 10)),
        Commune(code="2", name="Xã Hai", facts={"insurance": 97, "income": Decimal("48.5"),
                                                "poor": 2}, villages=_villages(9, 10)),
        Commune(code="3", name="Xã Ba", facts={"insurance": 95, "income": 70, "poor": 1},
                villages=_villages(1, 3)),
    ]
    return Batch(tuple(cs.assess(u, year=2024) for u in units))


def test_a_batch_tables_shortfall_column_is_labelled_with_one_unit_a_row() -> None:
    rows = _mixed_batch().to_dicts()
    assert "observed_unit" in ROW_FIELDS
    assert "shortfall_unit" in ROW_FIELDS
    expected = {"c1": "percentage_points", "c2": "villages",
                "c3": "million_vnd_per_person_year", "c4": "conditions"}
    seen: dict[str, set[str]] = {}
    for row in rows:
        # a shortfall always has its unit; no unit without a shortfall
        assert (row["shortfall"] is None) == (row["shortfall_unit"] == "")
        if row["shortfall"] is not None:
            seen.setdefault(row["criterion_id"], set()).add(row["shortfall_unit"])
    assert seen == {key: {unit} for key, unit in expected.items()}
    by = {(r["unit_code"], r["criterion_id"]): r for r in rows}
    # Xã Một: 96 - 93.5; 7 - 5 villages; 50 - 40; 2 - 0 conditions (poor 5 > 3, 40 < 60)
    assert [by[("1", c)]["shortfall"] for c in ("c1", "c2", "c3", "c4")] == [
        Decimal("2.5"), 2, 10, 2]
    assert [by[("1", c)]["observed_unit"] for c in ("c1", "c2", "c3", "c4")] == [
        "percent", "percent", "million_vnd_per_person_year", "conditions"]
    # Xã Ba: 1 of 3 villages = 33.33%; 70% of 3 needs 3 (2.1 -> 3): 2 more
    assert (by[("3", "c2")]["shortfall"], by[("3", "c2")]["shortfall_unit"]) == (2, "villages")


def test_units_survive_the_csv_pandas_and_polars_round_trips() -> None:
    batch = _mixed_batch()
    rows = batch.to_dicts()
    read = list(csv.DictReader(io.StringIO(batch.to_csv())))
    assert [(r["shortfall_unit"], r["observed_unit"]) for r in read] == [
        (r["shortfall_unit"], r["observed_unit"]) for r in rows]
    text = list(csv.DictReader(io.StringIO(results_csv(batch, decimal="."))))
    assert [r["shortfall_unit"] for r in text] == [r["shortfall_unit"] for r in rows]
    for r, original in zip(text, rows, strict=True):
        if original["shortfall"] is not None:
            assert Decimal(r["shortfall"]) == original["shortfall"]
    frame = results_to_pandas(batch)
    assert list(frame["shortfall_unit"]) == [r["shortfall_unit"] for r in rows]
    assert list(batch.to_pandas()["observed_unit"]) == [r["observed_unit"] for r in rows]
    polars_frame = results_to_polars(batch)
    assert polars_frame["shortfall_unit"].to_list() == [r["shortfall_unit"] for r in rows]
    assert batch.to_polars()["observed_unit"].to_list() == [r["observed_unit"] for r in rows]


def test_the_json_shortfalls_carry_both_units() -> None:
    from ntmcriteria.serialize import assessment_to_data

    (first, *_) = _mixed_batch().assessments
    data = assessment_to_data(first)
    units = [(s["criterion"], s["kind"], s.get("observed_unit"), s.get("shortfall"),
              s.get("shortfall_unit")) for s in data["shortfalls"]]
    # Xã Một: c4's three parts all fail (5 > 3 homes, 40 < 60, 93.5 < 99)
    assert units == [
        ("c1", "compare", "percent", Decimal("2.5"), "percentage_points"),
        ("c2", "share", "percent", 2, "villages"),
        ("c3", "compare", "million_vnd_per_person_year", 10, "million_vnd_per_person_year"),
        ("c4", "at_least", "conditions", 2, "conditions"),
        ("c4", "compare", "households", 2, "households"),
        ("c4", "compare", "million_vnd_per_person_year", 20, "million_vnd_per_person_year"),
        ("c4", "compare", "percent", Decimal("5.5"), "percentage_points"),
    ]


# ------------------------------------------------------------------------------- properties
YEAR_BUILT = Indicator(key="built", label_vi="Năm xây dựng", label_en="Year built",
                       measure="year", value_type="integer", minimum=1990, maximum=2030)
PROPERTY_INDICATORS = (
    Indicator(key="rate", label_vi="Tỷ lệ", label_en="Rate", measure="percent",
              value_type="decimal"),
    Indicator(key="income", label_vi="Thu nhập", label_en="Income",
              measure="million_vnd_per_person_year", value_type="decimal", minimum=0),
    Indicator(key="score", label_vi="Điểm", label_en="Score", measure="score",
              value_type="decimal"),
    Indicator(key="homes", label_vi="Số hộ", label_en="Households", measure="households",
              value_type="integer", minimum=0),
    Indicator(key="stations", label_vi="Số trạm", label_en="Stations", measure="count",
              value_type="integer"),
    YEAR_BUILT,
    Indicator(key="certified", label_vi="Đạt", label_en="Certified", measure="yes_no",
              value_type="boolean"),
)
NUMERIC = tuple(i for i in PROPERTY_INDICATORS if i.value_type is not ValueType.BOOLEAN)
#: the unit a difference of two values of each measure is counted in, by the definitions
DIFFERENCE = {Measure.PERCENT: "percentage_points", Measure.YEAR: "years",
              Measure.MILLION_VND_PER_PERSON_YEAR: "million_vnd_per_person_year",
              Measure.SCORE: "score", Measure.HOUSEHOLDS: "households", Measure.COUNT: "count"}
PROPERTY_SET = make_set(PROPERTY_INDICATORS)


@st.composite
def _comparisons(draw: st.DrawFn) -> tuple[Indicator, str, Any, Any]:
    indicator = draw(st.sampled_from(NUMERIC))
    op = draw(st.sampled_from([">=", "<=", ">", "<", "==", "!="]))
    return indicator, op, draw(values_for(indicator)), draw(values_for(indicator))


@given(_comparisons())
def test_every_comparisons_shortfall_is_in_the_unit_of_its_indicators_kind(
        drawn: tuple[Indicator, str, Any, Any]) -> None:
    indicator, op, observed, threshold = drawn
    rule = Compare(fact(indicator.key), op, Const(threshold))
    cs = make_set(PROPERTY_INDICATORS, rule)
    assessment = cs.assess(Commune(code="1", facts={indicator.key: observed}), year=2024)
    detail = assessment.results[0].trace.detail_as(CompareDetail)
    quantity = detail.shortfall_quantity
    if assessment.outcome is F and op != "!=":
        assert quantity is not None
        assert quantity.code == DIFFERENCE[indicator.measure]
        assert quantity.value == abs(Decimal(observed) - Decimal(threshold))
        (found,) = assessment.shortfalls()
        assert (found.shortfall, found.shortfall_unit) == (quantity.value, quantity.code)
        words = assessment.explain("vi")
        assert format_amount(quantity, "vi") in words
        if indicator.measure is Measure.PERCENT:
            assert "điểm phần trăm" in words
            assert "percentage point" in assessment.explain("en")
    else:
        assert quantity is None
        assert detail.shortfall_unit == ""


def _nodes(trace: Trace) -> list[Trace]:
    out, stack = [], [trace]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(node.children)
    return out


def _expected_unit(trace: Trace) -> str:
    detail: Any = trace.detail
    if trace.kind in ("compare", "aggregate"):
        return DIFFERENCE[detail.indicator.measure]
    if trace.kind in ("share", "count"):
        return {Level.VILLAGE: "villages", Level.COMMUNE: "communes"}[detail.level]
    if trace.kind == "at_least":
        return "conditions"
    assert trace.kind == "held_each_year"
    return "years"


@given(rules(indicators=PROPERTY_INDICATORS, max_depth=3),
       communes(indicators=PROPERTY_INDICATORS, years=HISTORY, max_villages=3))
def test_every_generated_shortfall_has_the_unit_its_kind_says(rule: Any, unit: Commune
                                                               ) -> None:
    assessment = make_set(PROPERTY_INDICATORS, rule).assess(unit, year=2024)
    for node in _nodes(assessment.results[0].trace):
        quantity = node.detail.shortfall_quantity
        if quantity is not None:
            assert quantity.code == _expected_unit(node)
            assert quantity.value != 0 or node.kind in ("compare", "aggregate")
    for found in assessment.shortfalls():
        assert (found.shortfall is None) == (found.shortfall_unit == "")
        if found.quantity is not None:
            assert found.shortfall_unit == _expected_unit(found.trace)
    for row in Batch((assessment,)).to_dicts():
        assert (row["shortfall"] is None) == (row["shortfall_unit"] == "")
