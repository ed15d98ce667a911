"""Hostile numbers: bounded at the door, exact or the library's error, exact base types.

Issue 10, items 4 (huge exponents and digit counts), 5 (no silent underflow, no
bare ``decimal.Overflow``), 7 (ints over 4,300 digits) and 9 (int and Decimal
subclasses; ``Facts``/``FrozenMap`` facts validated).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from ntmcriteria import Commune, Village, assess_records
from ntmcriteria._frozen import FrozenMap
from ntmcriteria._values import exact, exact_mul, exact_multiplier, exact_sub, shown
from ntmcriteria.errors import NTMError, NTMTypeError, NTMValueError
from ntmcriteria.limits import MAX_DIGITS, MAX_EXACT_DIGITS, MAX_EXPONENT
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import (
    Rule,
    count,
    fact,
    param,
    ratio,
    scaled,
    schedule,
    share,
    years_before,
    yes,
)
from ntmcriteria.rules.compare import CompareDetail
from ntmcriteria.serialize import (
    FormatError,
    threshold_from_data,
    unit_from_data,
    unit_from_json,
    unit_to_json,
)
from ntmcriteria.thresholds import Const
from tests._core_fixtures import SEED, ind, one_criterion_set

X = ind("x", "decimal", "score")
N = ind("n", "integer", "count")
FLAG = ind("flag", "boolean")
ALLOWED = (f"at most {MAX_DIGITS} significant digits and a decimal exponent from "
           f"-{MAX_EXPONENT} to {MAX_EXPONENT}")
UNIT: dict[str, Any] = {"format": "ntmcriteria/unit", "version": 1, "level": "commune",
                        "code": "01"}
HUGE = Decimal("1e999999999")  # 11 characters
TINY = Decimal("1e-999999999")


def _outcome(rule: Rule, facts: dict[str, Any], *indicators: Any) -> Outcome:
    cs = one_criterion_set(rule, *(indicators or (X,)))
    return cs.assess(Commune(code="1", facts=facts), year=2024).outcome


# ------------------------------------------------------------------ item 4: at the door
CONSTRUCTORS: dict[str, Callable[[], object]] = {
    "a threshold": lambda: fact("x") >= HUGE,
    "a threshold below the smallest size": lambda: fact("x") >= TINY,
    "a constant": lambda: Const(HUGE),
    "a scaled factor": lambda: scaled("1e999999999", 1),
    "a scaled factor given as a tiny string": lambda: scaled("1e-999999999", 1),
    "an indicator bound": lambda: ind("y", "decimal", "score", maximum=HUGE),
    "an integer indicator's bound": lambda: ind("k", "integer", "count", maximum=HUGE),
    "a count's at_least": lambda: count("village", yes("flag"), at_least=HUGE),
    "a share's at_least": lambda: share("village", yes("flag"), at_least=TINY),
    "a schedule value": lambda: schedule({2024: HUGE}),
    "a fact": lambda: Commune(code="1", facts={"x": HUGE}),
    "a fact in history": lambda: Commune(code="1", history={2020: {"x": TINY}}),
    "a zero with a huge exponent": lambda: Commune(code="1", facts={"x": Decimal("0E-999999")}),
    "a number of 101 digits": lambda: fact("x") >= Decimal("1" * 101),
    "an int of 101 digits": lambda: fact("x") >= 10**100,
}


@pytest.mark.parametrize("name", sorted(CONSTRUCTORS))
def test_constructors_refuse_numbers_beyond_the_limits_saying_what_is_allowed(name: str
                                                                              ) -> None:
    with pytest.raises(NTMValueError, match=ALLOWED):
        CONSTRUCTORS[name]()


def test_a_parameter_value_beyond_the_limits_is_refused() -> None:
    from ntmcriteria import Parameter

    p = Parameter(name="p", label_vi="p", label_en="p", citation=SEED)
    cs = one_criterion_set(fact("x") >= param("p"), X, parameters=(p,))
    with pytest.raises(NTMValueError, match=ALLOWED):
        cs.assess(Commune(code="1", facts={"x": 1}), year=2024, parameters={"p": HUGE})


def test_the_largest_numbers_allowed_are_accepted_and_every_float_is() -> None:
    big = Decimal(f"9.{'9' * (MAX_DIGITS - 1)}e{MAX_EXPONENT}")
    small = Decimal(f"1e-{MAX_EXPONENT}")
    assert _outcome(fact("x") >= small, {"x": big}) is Outcome.PASS
    assert _outcome(fact("x") >= 10**MAX_DIGITS - 1, {"x": 1}) is Outcome.FAIL
    for f in (1.7976931348623157e308, 5e-324, -2.2250738585072014e-308):
        assert exact(f, "fact") == Decimal(repr(f))


@pytest.mark.parametrize("text", ['"1e999999999"', "1e999999999", '"1e-999999999"', "1e401",
                                  '"' + "1" * 101 + '"'])
def test_the_loader_refuses_huge_exponents_and_digit_strings_with_a_path(text: str) -> None:
    with pytest.raises(FormatError) as info:
        unit_from_json(json.dumps(UNIT)[:-1] + f', "facts": {{"x": {text}}}}}')
    assert info.value.paths == ("$.facts.x",)
    assert ALLOWED in str(info.value)
    with pytest.raises(FormatError, match=ALLOWED):
        threshold_from_data(json.loads(text) if text.startswith('"') else Decimal(text))


def test_a_million_digit_decimal_string_is_refused_without_being_parsed() -> None:
    with pytest.raises(FormatError, match="a decimal string of 1,000,000 characters"):
        threshold_from_data("1" * 1_000_000)


def test_plain_records_are_bounded_like_units() -> None:
    cs = one_criterion_set(fact("x") >= 1, X)
    for value in (Decimal("1e500"), 10**150, Decimal("0E-999999")):
        with pytest.raises(NTMValueError, match=ALLOWED):
            assess_records(cs, [{"code": "1", "facts": {"x": value}}], year=2024)
        with pytest.raises(NTMValueError, match=ALLOWED):
            Commune(code="1", facts={"x": value})


def test_ints_beyond_float_precision_take_the_exact_path() -> None:
    cs = one_criterion_set(fact("n") >= 10**17, N)
    rows = [{"code": "a", "facts": {"n": 10**17}}, {"code": "b", "facts": {"n": 10**17 - 1}},
            {"code": "c", "facts": {"n": 3.0}}]
    verdicts = assess_records(cs, rows, year=2024)
    assert verdicts.outcomes() == [Outcome.PASS, Outcome.FAIL, Outcome.FAIL]


# ---------------------------------------------------------------- item 5: exactness
def test_a_tiny_threshold_is_not_rounded_to_zero() -> None:
    tiny = scaled(Decimal("1e-400"), Decimal("1e-400"))  # exactly 1e-800
    cs = one_criterion_set(fact("x") >= tiny, X)
    assessment = cs.assess(Commune(code="1", facts={"x": 0}), year=2024)
    assert assessment.outcome is Outcome.FAIL  # it was PASS when 1e-800 underflowed to 0
    detail = assessment.results[0].trace.detail_as(CompareDetail)
    assert detail.shortfall == Decimal("1e-800")
    assert cs.assess(Commune(code="1", facts={"x": Decimal("1e-400")}), year=2024
                     ).outcome is Outcome.PASS


def _nested(factor: Decimal, levels: int) -> Any:
    threshold: Any = Decimal(1)
    for _ in range(levels):
        threshold = scaled(factor, threshold)
    return threshold


@pytest.mark.parametrize("factor", [Decimal("1e400"), Decimal("1e-400")])
def test_a_product_beyond_the_exact_range_raises_the_library_error(factor: Decimal) -> None:
    levels = MAX_EXACT_DIGITS // MAX_EXPONENT + 1
    cs = one_criterion_set(fact("x") >= _nested(factor, levels), X)
    unit = Commune(code="1", facts={"x": 1})
    with pytest.raises(NTMValueError, match="MAX_EXACT_DIGITS"):
        cs.assess(unit, year=2024)  # the compiled plan
    with pytest.raises(NTMValueError, match="MAX_EXACT_DIGITS"):
        assess_records(cs, [{"code": "1", "facts": {"x": 1}}], year=2024)
    # one level less is exact
    cs = one_criterion_set(fact("x") >= _nested(factor, levels - 1), X)
    expected = Outcome.FAIL if factor > 1 else Outcome.PASS
    assert cs.assess(unit, year=2024).outcome is expected


def test_a_ratio_with_a_huge_factor_raises_the_library_error_not_overflow() -> None:
    rule = ratio(fact("x"), fact("x", at=years_before(1))) >= _nested(Decimal("1e400"), 10)
    cs = one_criterion_set(rule, X)
    unit = Commune(code="1", facts={"x": 1}, history={2023: {"x": Decimal("1e400")}})
    with pytest.raises(NTMValueError, match="MAX_EXACT_DIGITS"):
        cs.assess(unit, year=2024)
    tracer = cs.assess(Commune(code="1", facts={"x": 1}, history={2023: {"x": 1}}), year=2024)
    assert tracer.outcome is Outcome.FAIL


@pytest.mark.parametrize(("a", "b"), [
    (Decimal("1e400"), Decimal("1e-400")), (Decimal("-1e-400"), Decimal("1e400")),
    (Decimal("0E-400"), Decimal("1")), (Decimal("123.456"), 10**99), (7, Decimal("1e-400")),
])
def test_exact_arithmetic_never_rounds(a: Any, b: Any) -> None:
    assert Fraction(exact_sub(a, b)) == Fraction(a) - Fraction(b)
    assert Fraction(exact_mul(a, b)) == Fraction(a) * Fraction(b)
    assert Fraction(exact_multiplier()(a, b)) == Fraction(a) * Fraction(b)


def test_exact_arithmetic_refuses_rather_than_round() -> None:
    big = Decimal(f"1e{MAX_EXACT_DIGITS}")
    with pytest.raises(NTMValueError, match="MAX_EXACT_DIGITS"):
        exact_mul(big, 10)
    mul = exact_multiplier()
    for a, b in ((big, 10), (10**MAX_EXACT_DIGITS, 10),
                 (Decimal("1." + "1" * MAX_EXACT_DIGITS), Decimal("1.1"))):
        with pytest.raises(NTMValueError, match="MAX_EXACT_DIGITS"):
            mul(a, b)
    assert mul(Decimal("1.5"), 40) == 60  # the context is still exact after an error
    with pytest.raises(NTMValueError, match="MAX_EXACT_DIGITS"):
        exact_sub(big, Decimal(f"1e-{MAX_EXACT_DIGITS}"))
    with pytest.raises(NTMValueError, match="MAX_EXACT_DIGITS"):
        exact_mul(10**MAX_EXACT_DIGITS, 10)


# ------------------------------------------------------------ item 7: huge Python ints
GIANT = 10**5000  # more digits than Python will write as text (4,300)


def test_a_giant_int_is_described_in_messages_not_written() -> None:
    assert shown(GIANT) == "<an integer of about 5,000 digits>"
    assert shown(-GIANT) == "<-an integer of about 5,000 digits>"
    for call in (lambda: Commune(code="1", facts={"x": GIANT}),
                 lambda: Commune(code="1", history={GIANT: {}}),
                 lambda: Commune(code="1", recognitions={"ntm": GIANT}),
                 lambda: fact("x") >= GIANT,
                 lambda: one_criterion_set(fact("x") >= 1, X).assess(Commune(code="1"),
                                                                      year=GIANT)):
        with pytest.raises(NTMError, match="5,000 digits"):
            call()


@pytest.mark.parametrize("where", ["version", "code", "history", "fact", "recognition",
                                   "valid_from"])
def test_plain_data_with_a_giant_int_is_a_format_error(where: str) -> None:
    data: dict[str, Any] = dict(UNIT)
    if where == "version":
        data["version"] = GIANT
    elif where == "code":
        data["code"] = GIANT
    elif where == "history":
        data["history"] = {GIANT: {}}
    elif where == "fact":
        data["facts"] = {"x": GIANT}
    elif where == "recognition":
        data["recognitions"] = {"ntm": GIANT}
    else:
        from ntmcriteria.serialize import criteria_set_from_data

        with pytest.raises(FormatError, match="5,000 digits"):
            criteria_set_from_data({"format": "ntmcriteria/criteria-set", "version": 1,
                                    "id": "s", "label_vi": "s", "label_en": "s",
                                    "level": "commune", "valid_from": GIANT,
                                    "valid_to": 2025, "criteria": []})
        return
    with pytest.raises(FormatError, match="5,000 digits"):
        unit_from_data(data)


def test_the_largest_int_allowed_is_written_and_read_back() -> None:
    unit = Commune(code="1", facts={"n": 10**MAX_DIGITS - 1})
    assert unit_from_json(unit_to_json(unit)) == unit


# --------------------------------------------------------- item 9: subclasses, Facts
class LyingInt(int):
    def __ge__(self, other: object) -> bool:
        return True

    def __lt__(self, other: object) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0


class LyingDecimal(Decimal):
    def __ge__(self, other: object) -> bool:
        return True

    def __lt__(self, other: object) -> bool:
        return False


@pytest.mark.parametrize("value", [LyingInt(1), LyingDecimal("1")])
def test_subclasses_are_stored_as_their_exact_base_values(value: Any) -> None:
    unit = Commune(code="1", facts={"x": value})
    assert type(unit.facts["x"]) in (int, Decimal)
    assert _outcome(fact("x") >= 5, {"x": value}) is Outcome.FAIL  # 1 >= 5 does not PASS
    cs = one_criterion_set(fact("x") >= 5, X)
    assert assess_records(cs, [{"code": "1", "facts": {"x": value}}], year=2024
                          ).outcomes() == [Outcome.FAIL]
    rule = fact("x") >= value
    assert isinstance(rule.threshold, Const)
    assert type(rule.threshold.value) in (int, Decimal)


def test_a_lying_threshold_cannot_decide() -> None:
    assert _outcome(fact("x") >= LyingInt(5), {"x": 1}) is Outcome.FAIL


def test_facts_given_as_frozen_maps_are_validated() -> None:
    unit = Commune(code="1", facts=FrozenMap({"x": 0.1, "n": LyingInt(3)}))
    assert unit.facts["x"] == Decimal("0.1")
    assert type(unit.facts["n"]) is int
    with pytest.raises(NTMTypeError, match="history keys must be years as int"):
        Commune(code="1", history=FrozenMap({"2020": FrozenMap({"x": 1})}))
    with pytest.raises(NTMValueError, match="finite"):
        Village(code="1", facts=FrozenMap({"x": float("nan")}))
    with pytest.raises(NTMTypeError, match="facts keys must be strings"):
        Village(code="1", facts=FrozenMap({5: 1}))
