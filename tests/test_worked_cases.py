"""The worked cases from the seed plan (issue 2 acceptance), computed by hand."""

from __future__ import annotations

from decimal import Decimal

from ntmcriteria import Commune, District, Outcome, Village
from ntmcriteria.criteria import CriteriaSet, Criterion
from ntmcriteria.rules import (
    CompareDetail,
    MembersDetail,
    fact,
    ratio,
    recognition_year,
    share,
    yes,
)
from tests._core_fixtures import (
    INCOME,
    MODEL_COMMUNE,
    MODEL_VILLAGE,
    POOR,
    POOR_EXEMPT,
    SEED,
    one_criterion_set,
)

INCOME_RULE = ratio(fact("income"), fact("income", at=recognition_year("ntm"))) >= Decimal("1.5")


def commune_with_income(now: object, ntm_year_income: object = 40) -> Commune:
    return Commune(
        code="20345",
        name="Tam Thanh",
        region="DHNTB",
        recognitions={"ntm": 2017},
        history={2017: {"income": ntm_year_income}},
        facts={"income": now},
    )


def test_income_60_against_40_in_ntm_year_passes() -> None:
    cs = one_criterion_set(INCOME_RULE, INCOME)
    trace = cs.assess(commune_with_income(60), year=2024).result("c1").trace
    assert trace.outcome is Outcome.PASS
    assert trace.detail_as(CompareDetail).required == Decimal("60")  # 1.5 x 40, by multiplication
    assert trace.detail_as(CompareDetail).baseline == 40
    assert trace.detail_as(CompareDetail).baseline_year == 2017
    assert trace.detail_as(CompareDetail).shortfall is None


def test_income_59_99_fails_short_by_0_01() -> None:
    cs = one_criterion_set(INCOME_RULE, INCOME)
    assessment = cs.assess(commune_with_income(Decimal("59.99")), year=2024)
    trace = assessment.result("c1").trace
    assert trace.outcome is Outcome.FAIL
    assert trace.detail_as(CompareDetail).shortfall == Decimal("0.01")
    (short,) = assessment.shortfalls()
    assert (short.observed, short.required, short.shortfall) == (
        Decimal("59.99"),
        Decimal("60"),
        Decimal("0.01"),
    )
    assert short.citation == SEED
    assert "còn thiếu 0,01" in assessment.explain("vi")
    assert "short by 0.01" in assessment.explain("en")


def test_float_income_is_converted_through_its_repr() -> None:
    cs = one_criterion_set(INCOME_RULE, INCOME)
    # 59.99 as a float is not exactly 59.99; the library must use Decimal("59.99")
    trace = cs.assess(commune_with_income(59.99), year=2024).result("c1").trace
    assert trace.detail_as(CompareDetail).shortfall == Decimal("0.01")


def test_three_poor_households_all_exempt_pass_no_poor_households() -> None:
    rule = (fact("poor_households") - fact("poor_households_exempt")).equals(0)
    cs = one_criterion_set(rule, POOR, POOR_EXEMPT)
    ok = Commune(code="1", facts={"poor_households": 3, "poor_households_exempt": 3})
    one_left = Commune(code="2", facts={"poor_households": 3, "poor_households_exempt": 2})
    assert cs.assess(ok, year=2024).outcome is Outcome.PASS
    trace = cs.assess(one_left, year=2024).result("c1").trace
    assert trace.outcome is Outcome.FAIL
    assert trace.detail_as(CompareDetail).observed == 1
    assert trace.detail_as(CompareDetail).shortfall == 1


def test_nine_model_villages_of_ten_fail_100_percent_and_name_the_village() -> None:
    rule = share("village", yes("model_village"), at_least=100)
    cs = one_criterion_set(rule, MODEL_VILLAGE)
    villages = [
        Village(code=f"{i:02d}", name=f"Thôn {i}", facts={"model_village": i != 4})
        for i in range(1, 11)
    ]
    villages[3] = Village(code="04", name="Thôn Phú Lâm", facts={"model_village": False})
    commune = Commune(code="20345", name="Tam Thanh", villages=villages)
    assessment = cs.assess(commune, year=2024)
    trace = assessment.result("c1").trace
    assert trace.outcome is Outcome.FAIL
    assert trace.detail_as(MembersDetail).failed == ("04",)
    assert trace.detail_as(MembersDetail).more_needed == 1
    assert "Thôn Phú Lâm (04)" in assessment.explain("vi")
    assert "Thôn Phú Lâm (04)" in assessment.explain("en")


def district_with_model_communes(n_model: int, n: int = 10) -> District:
    communes = [
        Commune(code=f"{i:05d}", name=f"Xã {i}", facts={"model_commune": i < n_model})
        for i in range(n)
    ]
    return District(code="506", name="Tiên Phước", communes=communes)


def test_three_model_communes_of_ten_pass_30_percent() -> None:
    cs = one_criterion_set(
        share("commune", yes("model_commune"), at_least=30), MODEL_COMMUNE, level="district"
    )
    trace = cs.assess(district_with_model_communes(3), year=2025).result("c1").trace
    assert trace.outcome is Outcome.PASS
    assert trace.detail_as(MembersDetail).more_needed == 0


def test_two_model_communes_of_ten_fail_with_one_more_needed() -> None:
    cs = one_criterion_set(
        share("commune", yes("model_commune"), at_least=30), MODEL_COMMUNE, level="district"
    )
    assessment = cs.assess(district_with_model_communes(2), year=2025)
    trace = assessment.result("c1").trace
    assert trace.outcome is Outcome.FAIL
    assert trace.detail_as(MembersDetail).more_needed == 1
    assert "1 more commune needed" in assessment.explain("en")
    assert "cần thêm 1 xã" in assessment.explain("vi")


def test_missing_income_is_unknown_for_that_criterion_but_fail_overall() -> None:
    cs = CriteriaSet(
        id="t",
        label_vi="Thử",
        label_en="Test",
        level="commune",
        valid_from=2021,
        valid_to=2025,
        indicators=(INCOME, POOR, POOR_EXEMPT),
        criteria=(
            Criterion(id="income", number="1", label_vi="Thu nhập", label_en="Income",
                      rule=INCOME_RULE, citation=SEED),
            Criterion(id="poor", number="2", label_vi="Hộ nghèo", label_en="Poor households",
                      rule=(fact("poor_households") - fact("poor_households_exempt")).equals(0),
                      citation=SEED),
        ),
    )
    commune = Commune(
        code="1",
        recognitions={"ntm": 2017},
        history={2017: {"income": 40}},
        facts={"poor_households": 5, "poor_households_exempt": 1},
    )
    assessment = cs.assess(commune, year=2024)
    assert assessment.result("income").outcome is Outcome.UNKNOWN
    assert assessment.result("poor").outcome is Outcome.FAIL
    assert assessment.outcome is Outcome.FAIL
    assert assessment.missing() == ()  # the set fails whatever the income: nothing matters
    (missing,) = assessment.missing(all=True)
    assert (missing.kind, missing.key, missing.year) == ("fact", "income", 2024)
