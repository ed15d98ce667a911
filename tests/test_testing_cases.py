"""The case runner: plain-data cases, readable mismatches, parametrised tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ntmcriteria.errors import NTMTypeError, NTMValueError, UnknownNameError
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import fact, ratio, recognition_year, share, yes
from ntmcriteria.testing import (
    CaseMismatchError,
    case_id,
    check_case,
    check_cases,
    parametrize_cases,
    unit_from_data,
)
from ntmcriteria.units import Commune, Village
from tests._helpers_testing import ind, make_set

CS = make_set(
    (ind("income", "decimal", "million_vnd_per_person_year", minimum=0),
     ind("poor_households", "integer", "households"),
     ind("poor_households_exempt", "integer", "households"),
     ind("model_village", "boolean")),
    ratio(fact("income"), fact("income", at=recognition_year("ntm"))) >= Decimal("1.5"),
    (fact("poor_households") - fact("poor_households_exempt")).equals(0),
    share("village", yes("model_village"), at_least=100),
)


def tam_thanh(**changes: Any) -> dict[str, Any]:
    """Income 60 = 1.5 x 40 exactly; 3 poor households, all exempt; every village model."""
    case: dict[str, Any] = {
        "name": "Tam Thanh 2024",
        "year": 2024,
        "region": "DHNTB",
        "recognitions": {"ntm": 2017},
        "history": {2017: {"income": 40}},
        "facts": {"income": 60, "poor_households": 3, "poor_households_exempt": 3},
        "villages": [{"code": f"{i:02d}", "facts": {"model_village": True}} for i in range(4)],
        "expect": {"c1": "pass", "c2": "pass", "c3": "pass"},
        "outcome": "pass",
    }
    case.update(changes)
    return case


CASES = [
    tam_thanh(),
    tam_thanh(name="income short by 0.01", facts={"income": 59.99, "poor_households": 0,
                                                   "poor_households_exempt": 0},
              expect={"c1": "fail", "c2": "pass"}, outcome="fail"),
    tam_thanh(name="no villages listed", villages=[], expect={"c3": "unknown"},
              outcome="unknown"),
]


def test_matching_cases_return_their_assessments() -> None:
    done = check_cases(CS, CASES)
    assert [a.outcome for a in done] == [Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN]
    assert done[0].unit.code == "Tam Thanh 2024"


@parametrize_cases(CASES)
def test_each_case_as_its_own_test(case: dict[str, Any]) -> None:
    check_case(CS, case)


def test_parametrize_uses_case_names_as_ids() -> None:
    mark = parametrize_cases([*CASES, {"year": 2024, "expect": {}}])
    assert mark.args[0] == "case"
    assert mark.kwargs["ids"] == ["Tam Thanh 2024", "income short by 0.01",
                                  "no villages listed", "case3"]
    assert case_id({"name": "x"}) == "x"


def test_a_mismatch_is_an_assertion_error_with_a_diff_and_the_explanation() -> None:
    wrong = tam_thanh(name="wrong expectation", expect={"c1": "pass", "c2": "fail"})
    with pytest.raises(CaseMismatchError) as info:
        check_case(CS, wrong, lang="en")
    error = info.value
    assert isinstance(error, AssertionError)
    assert error.mismatches == (("wrong expectation", "c2", Outcome.FAIL, Outcome.PASS),)
    text = str(error)
    assert "1 of 3 expected verdicts differ" in text
    assert "- c2" in text
    assert "  c1" in text
    assert "Explanation of the actual verdict" in text
    assert error.assessments[0].explain("en") in text


def test_check_cases_reports_every_failing_case_at_once() -> None:
    cases = [tam_thanh(name="a", outcome="fail"), tam_thanh(name="b"),
             tam_thanh(name="c", expect={"c3": "unknown"})]
    with pytest.raises(CaseMismatchError, match="2 of 3 cases differ") as info:
        check_cases(CS, cases)
    assert [m[0] for m in info.value.mismatches] == ["a", "c"]
    assert "(whole set)" in str(info.value)


def test_a_unit_may_be_given_directly_or_as_a_mapping() -> None:
    unit = Commune(code="7", facts={"poor_households": 1, "poor_households_exempt": 0},
                   villages=[Village(code="1", facts={"model_village": False})])
    check_case(CS, {"year": 2024, "unit": unit, "expect": {"c2": "fail", "c3": "fail"}})
    as_data = {"code": "7", "facts": {"poor_households": 1, "poor_households_exempt": 0}}
    check_case(CS, {"year": 2024, "unit": as_data, "expect": {"c1": "unknown"}})
    assert unit_from_data("commune", as_data) == Commune(**as_data)


BAD_CASES: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"expect": {"c1": "pass"}}, NTMValueError, "needs a 'year'"),
    ({"year": 2024, "expect": {"c11": "pass"}}, UnknownNameError, "did you mean 'c1'"),
    ({"year": 2024, "expect": {"c1": "passed"}}, NTMValueError, "'passed'"),
    ({"year": 2024}, NTMValueError, "expects nothing"),
    ({"year": 2024, "expect": {"c1": "pass"}, "facs": {}}, UnknownNameError,
     "did you mean 'facts'"),
    ({"year": 2024, "expect": {"c1": "pass"}, "unit": {"code": "1"}, "facts": {}},
     NTMValueError, "not both"),
    ({"year": 2024, "expect": {"c1": "pass"}, "villages": [{"code": "1", "fact": {}}]},
     UnknownNameError, "did you mean 'facts'"),
    ({"year": 2024, "expect": ["c1"]}, NTMTypeError, "expect must map"),
]


@pytest.mark.parametrize(("case", "error", "message"), BAD_CASES,
                         ids=[m for _, _, m in BAD_CASES])
def test_malformed_cases_get_clear_errors(case: dict[str, Any], error: type[Exception],
                                          message: str) -> None:
    with pytest.raises(error, match=message):
        check_case(CS, case)


def test_cases_must_be_a_list() -> None:
    with pytest.raises(NTMTypeError, match="list of case mappings"):
        check_cases(CS, {"year": 2024})  # type: ignore[dict-item]
