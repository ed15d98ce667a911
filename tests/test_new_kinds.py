"""The kinds added in their own homes, end to end: strict comparisons and aggregates.

"dưới 10%" and "trên 90%" are the strict ``<`` and ``>``: they fail at exactly the
threshold. The sum, mean, minimum and maximum of a value over a level's members
are compared with a threshold, deciding from known members where they can.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest

from ntmcriteria import (
    Citation,
    CriteriaSet,
    Criterion,
    District,
    Indicator,
    Outcome,
    path_to_tier,
)
from ntmcriteria.rules import fact, maximum, mean, minimum, total
from ntmcriteria.serialize import (
    criteria_set_from_json,
    criteria_set_schema,
    criteria_set_to_json,
    rule_from_data,
    rule_to_data,
)
from ntmcriteria.units import Commune, Village

CITE = Citation(document="Kế hoạch thử", confidence="seed")
POOR = Indicator(key="poor", label_vi="Tỷ lệ hộ nghèo", label_en="Poverty rate",
                 measure="percent", value_type="decimal")
SAT = Indicator(key="satisfaction", label_vi="Tỷ lệ hài lòng", label_en="Satisfaction",
                measure="percent", value_type="decimal")
P, F, U = Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN


def _set(rule: object, level: str = "commune", indicators: tuple[Indicator, ...] = (POOR,)
         ) -> CriteriaSet:
    return CriteriaSet(id="s", label_vi="Bộ", label_en="Set", level=level, valid_from=2021,
                       valid_to=2025, indicators=indicators,
                       criteria=(Criterion(id="k", number="1", label_vi="Tiêu chí",
                                           label_en="Criterion", citation=CITE,
                                           rule=rule),))


@pytest.mark.parametrize(("value", "below", "above"), [
    (Decimal("9.99"), P, F), (Decimal("10"), F, F), (Decimal("10.01"), F, P)])
def test_strict_comparisons_fail_at_exactly_the_threshold(value: Decimal, below: Outcome,
                                                          above: Outcome) -> None:
    unit = Commune(code="1", facts={"poor": value})
    assert _set(fact("poor") < 10).assess(unit, year=2024).outcome is below
    assert _set(fact("poor") > 10).assess(unit, year=2024).outcome is above


def test_a_strict_shortfall_is_the_distance_to_the_threshold_worded_below_above() -> None:
    at = Commune(code="1", facts={"poor": Decimal("10")})
    over = Commune(code="1", facts={"poor": Decimal("12.5")})
    below = _set(fact("poor") < 10)
    (shortfall,) = below.assess(over, year=2024).shortfalls()
    assert (shortfall.op, shortfall.shortfall, shortfall.shortfall_unit) == (
        "<", Decimal("2.5"), "percentage_points")
    assert "phải dưới 10% (còn cách 0 điểm phần trăm)" in below.assess(at, year=2024).explain()
    assert "must be above 10% (2.5 percentage points away)" not in below.assess(
        over, year=2024).explain("en")
    above = _set(fact("poor") > 10)
    text = above.assess(Commune(code="1", facts={"poor": Decimal("7.5")}),
                        year=2024).explain("en")
    assert "must be above 10% (2.5 percentage points away)" in text
    assert repr(fact("poor") < 10) == "(fact('poor') < 10)"


def _district(values: Sequence[Decimal | None]) -> District:
    return District(code="d", communes=[
        Commune(code=f"c{i}", facts={} if v is None else {"satisfaction": v})
        for i, v in enumerate(values)])


SATISFACTION = [Decimal("85"), Decimal("80"), Decimal("92.5")]


@pytest.mark.parametrize(("rule", "values", "expected"), [
    (minimum("commune", fact("satisfaction")) >= 80, SATISFACTION, P),
    (minimum("commune", fact("satisfaction")) > 80, SATISFACTION, F),
    (minimum("commune", fact("satisfaction")) >= 80, [Decimal("79.9"), None], F),
    (minimum("commune", fact("satisfaction")) >= 80, [Decimal("85"), None], U),
    (maximum("commune", fact("satisfaction")) >= 90, [Decimal("92.5"), None], P),
    (maximum("commune", fact("satisfaction")) >= 95, [Decimal("92.5"), None], U),
    (maximum("commune", fact("satisfaction")) >= 95, SATISFACTION, F),
    (total("commune", fact("satisfaction")) >= Decimal("257.5"), SATISFACTION, P),
    (total("commune", fact("satisfaction")) > Decimal("257.5"), SATISFACTION, F),
    (total("commune", fact("satisfaction")) >= 0, [Decimal("85"), None], U),
    (mean("commune", fact("satisfaction")) >= Decimal("85.83"), SATISFACTION, P),
    (mean("commune", fact("satisfaction")) >= Decimal("85.84"), SATISFACTION, F),
    (mean("commune", fact("satisfaction")) <= 86, SATISFACTION, P),
    (mean("commune", fact("satisfaction")).differs(86), SATISFACTION, P),
    (minimum("commune", fact("satisfaction")) >= 80, [], U),
])
def test_aggregates_over_members(rule: object, values: list[Decimal | None],
                                 expected: Outcome) -> None:
    cs = _set(rule, "district", (SAT,))
    assessment = cs.assess(_district(values), year=2024)
    assert assessment.outcome is expected
    assert assessment.results[0].trace.outcome is expected


def test_an_aggregate_explains_itself_in_both_languages() -> None:
    cs = _set(minimum("commune", fact("satisfaction")) >= 80, "district", (SAT,))
    assessment = cs.assess(_district([Decimal("85"), Decimal("79"), None]), year=2024)
    vi, en = assessment.explain(), assessment.explain("en")
    assert "Giá trị nhỏ nhất của Tỷ lệ hài lòng ở các xã: thực tế 79%" in vi
    assert "còn thiếu 1 điểm phần trăm" in vi
    assert "Không đạt: c1" in vi
    assert "Minimum of Satisfaction over the communes: observed 79%" in en
    assert "short by 1 percentage point" in en
    assert "<li>" in assessment.to_html()
    assert "\\[" not in assessment.to_markdown("en")[:1]
    (shortfall,) = assessment.shortfalls()
    assert (shortfall.observed, shortfall.required, shortfall.failed_members) == (
        Decimal("79"), 80, ("c1",))
    assert "Minimum of" in cs.to_markdown("en")


def test_a_mean_that_does_not_terminate_is_decided_exactly() -> None:
    cs = _set(mean("commune", fact("satisfaction")) >= Decimal("80"), "district", (SAT,))
    values = [Decimal("80"), Decimal("80"), Decimal("80.0000000000000000000000000001")]
    assert cs.assess(_district(values), year=2024).outcome is P
    values = [Decimal("80"), Decimal("80"), Decimal("79.9999999999999999999999999999")]
    assessment = cs.assess(_district(values), year=2024)
    assert assessment.outcome is F
    assert assessment.results[0].trace.detail.approximate  # type: ignore[attr-defined]


def test_the_new_kinds_round_trip_as_documents_and_validate() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    for rule in (fact("poor") < 10, fact("poor") > Decimal("90"),
                 minimum("commune", fact("satisfaction")) >= 80,
                 mean("commune", fact("satisfaction")).equals(Decimal("85.5")),
                 total("commune", fact("satisfaction")) < 300):
        data = rule_to_data(rule)
        assert rule_from_data(data) == rule, data
    cs = _set(minimum("commune", fact("satisfaction")) >= 80, "district", (SAT,))
    text = criteria_set_to_json(cs)
    assert criteria_set_from_json(text) == cs
    import json

    jsonschema.validate(json.loads(text), criteria_set_schema())


def test_the_path_to_the_tier_raises_the_lowest_member() -> None:
    cs = _set(minimum("commune", fact("satisfaction")) >= 80, "district", (SAT,))
    unit = _district([Decimal("85"), Decimal("79"), Decimal("70")])
    path = path_to_tier(cs, unit, year=2024)
    assert path.reachable
    assert sorted((c.unit, c.new) for c in path.changes) == [("c1", 80), ("c2", 80)]


def test_villages_with_the_new_kinds_in_a_commune() -> None:
    cs = _set(maximum("village", fact("poor")) < 5, "commune", (POOR,))
    unit = Commune(code="1", villages=[Village(code="a", facts={"poor": Decimal("4.9")}),
                                       Village(code="b", facts={"poor": Decimal("5")})])
    assert cs.assess(unit, year=2024).outcome is F
