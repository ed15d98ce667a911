"""Bad input to the core gets the library's errors, never a bare built-in exception."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, localcontext

import pytest

from ntmcriteria import Citation, Commune, Indicator, Outcome
from ntmcriteria.changes import (
    AddCriterion,
    DropCriterion,
    ReplaceReference,
    SetParameter,
)
from ntmcriteria.criteria import RegionOverride
from ntmcriteria.errors import NTMError, NTMTypeError, NTMValueError
from ntmcriteria.rules import (
    CompareDetail,
    count,
    fact,
    held_each_year,
    in_year,
    meets,
    not_,
    param,
    ratio,
    recognition_year,
    rule_param,
    schedule,
    share,
    years_before,
    yes,
)
from tests._core_fixtures import INCOME, SEED, ind, one_criterion_set

BAD_CALLS: dict[str, Callable[[], object]] = {
    "fact(5)": lambda: fact(5),  # type: ignore[arg-type]
    "fact at a bare year": lambda: fact("income", at=2020),  # type: ignore[arg-type]
    "yes(5)": lambda: yes(5),  # type: ignore[arg-type]
    "not_(5)": lambda: not_(5),  # type: ignore[arg-type]
    "share of an unknown level": lambda: share("hamlet", yes("a"), at_least=1),
    "count of an unknown level": lambda: count("hamlet", yes("a"), at_least=1),
    "unknown tier": lambda: recognition_year("gold"),
    "meets with an unknown tier": lambda: meets("x", tier="gold"),
    "years_before(0)": lambda: years_before(0),
    "years_before(True)": lambda: years_before(True),
    "in_year('2020')": lambda: in_year("2020"),  # type: ignore[arg-type]
    "held_each_year over 101 years": lambda: held_each_year(yes("a"), years=101),
    "ratio of a string": lambda: ratio("a", fact("b")),  # type: ignore[arg-type]
    "meets(5)": lambda: meets(5),  # type: ignore[arg-type]
    "rule_param(5)": lambda: rule_param(5),  # type: ignore[arg-type]
    "param(5)": lambda: param(5),  # type: ignore[arg-type]
    "schedule key (2021, 2022)": lambda: schedule({(2021, 2022): 5}),
    "unknown measure": lambda: Indicator(key="a", label_vi="a", label_en="a", measure="kg",
                                         value_type="decimal"),
    "unknown confidence": lambda: Citation(document="d", confidence="sure"),
    "unknown override region": lambda: RegionOverride(when=yes("a"), region="XX",
                                                      citation=SEED),
    "bounds on a yes/no indicator": lambda: ind("flag", "boolean", minimum=0),
    "fractional bound on a count": lambda: ind("n", "integer", minimum=Decimal("0.5")),
    "a criterion that is None": lambda: AddCriterion(criterion=None, citation=SEED),  # type: ignore[arg-type]
    "a citation that is None": lambda: SetParameter(name="x", value=1, citation=None),  # type: ignore[arg-type]
    "a criterion id that is a number": lambda: DropCriterion(criterion_id=5, citation=SEED),
    "a reference that is not a set": lambda: ReplaceReference(old_id="a", criteria_set=5,  # type: ignore[arg-type]
                                                              citation=SEED),
    "a set with a year that is a bool": lambda: one_criterion_set(
        fact("income") >= 1, INCOME).__class__(
        id="x", label_vi="x", label_en="x", level="commune", valid_from=True, valid_to=2025,
        criteria=()),
}


@pytest.mark.parametrize("name", sorted(BAD_CALLS))
def test_bad_input_raises_the_library_error(name: str) -> None:
    with pytest.raises(NTMError) as info:
        BAD_CALLS[name]()
    assert isinstance(info.value, TypeError | ValueError | KeyError | LookupError)
    assert str(info.value)


def test_comparing_with_python_operators_gets_a_hint() -> None:
    with pytest.raises(NTMTypeError, match=r"use fact\(\.\.\.\)\.equals\(value\)"):
        (fact("x") == 5) & yes("y")  # type: ignore[comparison-overlap]
    with pytest.raises(NTMTypeError, match="combines rules"):
        3 | yes("y")


def test_unknown_names_that_are_not_strings_get_a_clear_error() -> None:
    cs = one_criterion_set(fact("income") >= 1, INCOME)
    with pytest.raises(NTMError, match="unknown criterion 'None'"):
        cs.criterion(None)  # type: ignore[arg-type]
    with pytest.raises(NTMError, match="unknown criterion 'None'"):
        cs.assess(Commune(code="1", facts={"income": 2}), year=2024).result(None)  # type: ignore[arg-type]


def test_lang_must_be_vi_or_en() -> None:
    with pytest.raises(NTMValueError, match="lang must be 'vi' or 'en'"):
        SEED.describe("fr")
    with pytest.raises(NTMValueError, match="lang must be 'vi' or 'en'"):
        INCOME.label("fr")


def test_assessment_ids_accept_outcome_names() -> None:
    cs = one_criterion_set(fact("income") >= 100, INCOME)
    assessment = cs.assess(Commune(code="1", facts={"income": 2}), year=2024)
    assert assessment.ids("fail") == assessment.ids(Outcome.FAIL) == ("c1",)
    with pytest.raises(NTMValueError, match="outcome must be one of"):
        assessment.ids("failed")


def test_indicator_check_refuses_non_numbers() -> None:
    with pytest.raises(NTMTypeError, match="must be a Decimal, int or bool"):
        INCOME.check("45", "here")  # type: ignore[arg-type]


def test_relative_rules_are_exact_whatever_the_decimal_context() -> None:
    rule = ratio(fact("income"), fact("income", at=recognition_year("ntm"))) >= Decimal("1.5")
    cs = one_criterion_set(rule, INCOME)
    commune = Commune(code="1", recognitions={"ntm": 2017},
                      history={2017: {"income": Decimal("30.003")}},
                      facts={"income": Decimal("45.001")})
    with localcontext() as context:
        context.prec = 4  # a caller's coarse context must not round 45.0045 to 45.00
        trace = cs.assess(commune, year=2024).results[0].trace
    assert trace.outcome is Outcome.FAIL
    assert (trace.detail_as(CompareDetail).required, trace.detail_as(CompareDetail).shortfall) == (
        Decimal("45.0045"), Decimal("0.0035"))


def test_very_large_shortfalls_are_exact() -> None:
    cs = one_criterion_set(fact("income") >= Decimal("1e30"), INCOME)
    trace = cs.assess(Commune(code="1", facts={"income": 0}), year=2024).results[0].trace
    assert trace.detail_as(CompareDetail).shortfall == 10**30


def test_numpy_numbers_are_exact_values() -> None:
    np = pytest.importorskip("numpy")
    commune = Commune(code="1", facts={"income": np.float64(59.99), "n": np.int64(3)})
    assert commune.facts["income"] == Decimal("59.99")
    assert commune.facts["n"] == 3


def test_every_numpy_scalar_kind_is_an_exact_value() -> None:
    np = pytest.importorskip("numpy")
    from ntmcriteria._values import exact, exact_number

    assert exact(np.True_, "f") is True
    assert exact(np.bool_(False), "f") is False
    # each float kind through the shortest repr of its own precision, never bit-exactly
    assert exact(np.float32(60.1), "f") == Decimal("60.1")
    assert exact(np.float16(0.1), "f") == Decimal("0.1")
    assert exact(np.longdouble("96.5"), "f") == Decimal("96.5")
    for kind in (np.int8, np.int16, np.int32, np.uint8, np.uint16, np.uint32, np.uint64):
        assert exact(kind(7), "f") == 7
        assert type(exact(kind(7), "f")) is int
    with pytest.raises(NTMValueError, match="finite"):
        exact(np.float32("nan"), "f")
    with pytest.raises(NTMTypeError, match="not a yes/no"):
        exact_number(np.True_, "threshold")
    with pytest.raises(NTMTypeError, match="complex"):
        exact(np.complex64(1), "f")


def test_numpy_booleans_decide_like_bools_in_units_records_and_columns() -> None:
    np = pytest.importorskip("numpy")
    from ntmcriteria import assess_columns, assess_records

    cs = one_criterion_set(yes("flag") & (fact("income") >= 50), INCOME, ind("flag", "boolean"))
    unit = cs.assess(Commune(code="1", facts={"flag": np.True_, "income": np.float32(60.5)}),
                     year=2024)
    assert unit.outcome is Outcome.PASS
    records = assess_records(cs, [{"code": "1", "facts": {"flag": np.True_, "income": 60}},
                                  {"code": "2", "facts": {"flag": np.False_, "income": 60}}],
                             year=2024)
    assert records.outcomes("c1") == [Outcome.PASS, Outcome.FAIL]
    columns = assess_columns(cs, {"code": ["1", "2"], "flag": np.array([True, False]),
                                  "income": np.array([60.5, 70], dtype=np.float32)}, year=2024)
    assert columns.outcomes("c1") == [Outcome.PASS, Outcome.FAIL]


@pytest.mark.parametrize("backend", ["python", "numpy"])
def test_a_nan_of_any_numpy_float_type_in_a_list_column_is_a_missing_value(backend: str
                                                                            ) -> None:
    np = pytest.importorskip("numpy")
    from ntmcriteria.evaluation import Columns
    from ntmcriteria.evaluation.sources import ColumnSource

    cs = one_criterion_set(fact("income") >= 50, INCOME)
    columns = Columns(data={"code": ["1", "2", "3", "4", "5"],
                            "income": [np.float32("nan"), np.float16("nan"), np.nan, None,
                                       np.float32(60.5)]})
    results = cs.compile().run(ColumnSource(cs.level, columns), range(5), 2024,
                               backend=backend)
    assert results.outcomes(cs.id, "c1") == [Outcome.UNKNOWN] * 4 + [Outcome.PASS]


def test_an_override_decides_the_region_of_a_unit_without_one() -> None:
    override = RegionOverride(when=yes("flag"), region="TDMNPB", citation=SEED)
    base = one_criterion_set(fact("income") >= schedule({"TDMNPB": 36, "DHNTB": 41}),
                             INCOME, ind("flag", "boolean"))
    import attrs

    cs = attrs.evolve(base, region_overrides=(override,))
    commune = Commune(code="1", facts={"income": 38, "flag": True})  # no region of its own
    assert cs.assess(commune, year=2024).outcome is Outcome.PASS
