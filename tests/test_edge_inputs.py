"""Bad input to batch, paths, plans, revocation and the case runner: clear library errors.

Each error is one of :mod:`ntmcriteria.errors` (``NTMTypeError`` is a ``TypeError``,
``NTMValueError`` a ``ValueError``) and names the argument, the value and what was
expected.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from ntmcriteria.assessment import Assessment
from ntmcriteria.batch import assess_many
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, Criterion
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.indicators import Indicator
from ntmcriteria.paths import path_to_tier, rank_candidates
from ntmcriteria.plans import Candidate, Plan, Target, describe_shortfall
from ntmcriteria.revocation import RevocationRule, check_revocation
from ntmcriteria.rules import fact, yes
from ntmcriteria.testing import check_case, check_cases
from ntmcriteria.units import Commune

CITE = Citation(document="Thử", confidence="seed")
SET = CriteriaSet(
    id="edge.set", label_vi="Thử", label_en="Test", level="commune", valid_from=2021,
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
UNIT = Commune(code="c0", facts={"rate": Decimal(80), "flag": True})


def _assessment(code: str = "c0", year: int = 2024) -> Assessment:
    return SET.assess(Commune(code=code, facts={"rate": Decimal(80), "flag": True}), year=year)


def _target(**kw: Any) -> Target:
    fields: dict[str, Any] = {"level": "commune", "count": 1, "year": 2025, "label_vi": "t",
                              "label_en": "t", "citation": CITE}
    fields.update(kw)
    return Target(**fields)


def _plan(**kw: Any) -> Plan:
    fields: dict[str, Any] = {
        "id": "p", "label_vi": "p", "label_en": "p", "citation": CITE, "targets": (_target(),),
        "candidates": (Candidate(code="c0", name="A", level="commune", set_id="edge.set"),)}
    fields.update(kw)
    return Plan(**fields)


def _rule(**kw: Any) -> RevocationRule:
    fields: dict[str, Any] = {"id": "rev", "label_vi": "r", "label_en": "r",
                              "set_id": "edge.set", "key_criteria": ("r",), "citation": CITE}
    fields.update(kw)
    return RevocationRule(**fields)


# ------------------------------------------------------------------ batch
@pytest.mark.parametrize(("args", "pattern"), [
    ((None, [UNIT]), r"criteria_set must be a CriteriaSet \(got NoneType: None\)"),
    ((None, []), r"criteria_set must be a CriteriaSet \(got NoneType"),
    (("edge.set", [UNIT]), r"criteria_set must be a CriteriaSet \(got str: 'edge.set'\)"),
    ((SET, None), r"units must be a sequence of units \(got NoneType: None\)"),
    ((SET, 5), r"units must be a sequence of units \(got int: 5\)"),
    ((SET, {"c0": UNIT}), r"units must be a sequence of units \(got dict"),
    ((SET, [UNIT, None]), r"units\[1\] must be a unit .*\(got NoneType: None\)"),
    ((SET, ["c0"]), r"units\[0\] must be a unit .*\(got str: 'c0'\)"),
])
def test_assess_many_checks_its_arguments_first(args: tuple[Any, Any], pattern: str) -> None:
    with pytest.raises(NTMTypeError, match=pattern):
        assess_many(*args, year=2024)


def test_assess_many_with_no_units_is_an_empty_batch() -> None:
    assert len(assess_many(SET, [], year=2024)) == 0


# ------------------------------------------------------------------ paths
@pytest.mark.parametrize(("args", "pattern"), [
    ((None, UNIT), r"criteria_set must be a CriteriaSet \(got NoneType: None\)"),
    ((SET, None), r"unit must be a unit .*\(got NoneType: None\)"),
    ((SET, {"code": "c0"}), r"unit must be a unit .*\(got dict"),
])
def test_path_to_tier_checks_its_arguments_first(args: tuple[Any, Any], pattern: str) -> None:
    with pytest.raises(NTMTypeError, match=pattern):
        path_to_tier(*args, year=2024)


@pytest.mark.parametrize(("candidates", "pattern"), [
    (None, r"candidates must be a sequence of \(unit, assessment\) pairs \(got NoneType"),
    (5, r"candidates must be a sequence .*\(got int: 5\)"),
    ("ab", r"candidates must be a sequence .*\(got str: 'ab'\)"),
    ([5], r"candidates\[0\] must be a \(unit, assessment\) pair \(got int: 5\)"),
    ([(None, "a")], r"candidates\[0\]\[0\] must be a unit .*\(got NoneType: None\)"),
    ([(UNIT, None)], r"candidates\[0\]\[1\] must be an Assessment \(got NoneType: None\)"),
])
def test_rank_candidates_checks_its_argument(candidates: Any, pattern: str) -> None:
    with pytest.raises(NTMTypeError, match=pattern):
        rank_candidates(candidates)


def test_rank_candidates_of_none_assessment_pair_with_real_assessment() -> None:
    with pytest.raises(NTMTypeError, match=r"candidates\[0\]\[0\] must be a unit"):
        rank_candidates([(None, _assessment())])  # type: ignore[list-item]
    (only,) = rank_candidates([(UNIT, _assessment())])
    # one failing criterion, 10 points short of 90: 10/90 = 1/9
    assert (only.position, only.failed, only.distance) == (1, 1, Fraction(1, 9))


# ------------------------------------------------------------------ plans
@pytest.mark.parametrize("assessments", [None, 5, "c0", {"c0": 1}])
def test_plan_progress_needs_a_sequence(assessments: Any) -> None:
    with pytest.raises(NTMTypeError, match=r"assessments must be a sequence \(got "):
        _plan().progress(assessments)


def test_plan_progress_items_must_be_assessments() -> None:
    with pytest.raises(NTMTypeError, match=r"assessments\[1\] must be an Assessment "
                                           r"\(got NoneType: None\)"):
        _plan().progress([_assessment(), None])  # type: ignore[list-item]


def test_plan_progress_accepts_a_generator() -> None:
    progress = _plan().progress(a for a in [_assessment()])
    assert progress.level("commune").failed == ("c0",)


@pytest.mark.parametrize(("n", "error", "pattern"), [
    ("x", NTMTypeError, r"n must be a whole number >= 0 \(got str: 'x'\)"),
    (-1, NTMValueError, r"n must be a whole number >= 0 \(got -1\)"),
    (1.5, NTMTypeError, r"n must be a whole number >= 0 \(got float: 1.5\)"),
    (True, NTMTypeError, r"n must be a whole number >= 0 \(got bool: True\)"),
    (None, NTMTypeError, r"n must be a whole number >= 0 \(got NoneType"),
])
def test_closest_needs_a_whole_number(n: Any, error: type[Exception], pattern: str) -> None:
    progress = _plan().progress([_assessment()])
    with pytest.raises(error, match=pattern):
        progress.closest(n)


def test_closest_zero_is_empty_and_explain_checks_its_count() -> None:
    progress = _plan().progress([_assessment()])
    assert progress.closest(0) == ()
    assert [s.candidate.code for s in progress.closest(1)] == ["c0"]
    with pytest.raises(NTMValueError, match=r"closest must be a whole number >= 0 \(got -2\)"):
        progress.explain("en", closest=-2)


@pytest.mark.parametrize("lang", ["fr", "EN", None, 5])
def test_explain_languages_are_vi_or_en(lang: Any) -> None:
    progress = _plan().progress([_assessment()])
    with pytest.raises(NTMValueError, match=r"lang must be 'vi' or 'en' \(got "):
        progress.explain(lang)
    with pytest.raises(NTMValueError, match=r"lang must be 'vi' or 'en'"):
        describe_shortfall(_assessment().shortfalls()[0], lang)
    check = check_revocation(_assessment(), _rule())
    with pytest.raises(NTMValueError, match=r"lang must be 'vi' or 'en' \(got "):
        check.explain(lang)


def test_describe_shortfall_needs_a_shortfall() -> None:
    with pytest.raises(NTMTypeError, match=r"shortfall must be a Shortfall \(got NoneType"):
        describe_shortfall(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(("field", "value", "error", "pattern"), [
    ("year", "2025", NTMTypeError, r"Target.year must be an int \(got str: '2025'\)"),
    ("year", True, NTMTypeError, r"Target.year must be an int \(got bool: True\)"),
    ("year", 2025.0, NTMTypeError, r"Target.year must be an int \(got float"),
    ("count", "16", NTMTypeError, r"Target.count must be an int \(got str: '16'\)"),
    ("count", True, NTMTypeError, r"Target.count must be an int \(got bool"),
    ("count", -1, NTMValueError, r"target count must be a whole number >= 0 \(got -1\)"),
    ("label_vi", None, NTMTypeError, r"Target.label_vi must be a non-empty string"),
    ("label_en", 5, NTMTypeError, r"Target.label_en must be a non-empty string \(got int"),
    ("citation", None, NTMTypeError, r"Target.citation must be a Citation \(got NoneType"),
])
def test_target_fields_are_checked(field: str, value: Any, error: type[Exception],
                                   pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        _target(**{field: value})


@pytest.mark.parametrize(("field", "value", "pattern"), [
    ("id", None, r"Plan.id must be a non-empty string \(got NoneType: None\)"),
    ("id", "  ", r"Plan.id must be a non-empty string \(got str: '  '\)"),
    ("id", 5, r"Plan.id must be a non-empty string \(got int: 5\)"),
    ("label_vi", None, r"Plan.label_vi must be a non-empty string"),
    ("label_en", b"p", r"Plan.label_en must be a non-empty string \(got bytes"),
    ("citation", "doc", r"Plan.citation must be a Citation \(got str: 'doc'\)"),
    ("candidates", None, r"candidates must be a sequence \(got NoneType"),
    ("candidates", [5], r"candidates\[0\] must be a Candidate \(got int\)"),
    ("targets", None, r"targets must be a sequence \(got NoneType"),
    ("targets", [5], r"targets\[0\] must be a Target \(got int\)"),
])
def test_plan_fields_are_checked(field: str, value: Any, pattern: str) -> None:
    with pytest.raises(NTMTypeError, match=pattern):
        _plan(**{field: value})


def test_plan_targets_may_be_a_generator() -> None:
    plan = _plan(targets=(t for t in [_target(year=2024)]))
    assert [t.year for t in plan.targets] == [2024]


def test_plan_lookups_check_their_argument_type() -> None:
    progress = _plan().progress([])
    with pytest.raises(NTMTypeError, match=r"code must be a string \(got NoneType: None\)"):
        _plan().candidate(None)  # type: ignore[arg-type]
    with pytest.raises(NTMTypeError, match=r"group must be an int or None \(got str: 'x'\)"):
        progress.group("x")  # type: ignore[arg-type]


# ------------------------------------------------------------------ revocation
@pytest.mark.parametrize(("kw", "pattern"), [
    ({"considered": ("r", "r", "f")}, r"considered lists the criterion 'r' twice"),
    ({"key_criteria": ("r", "r")}, r"key_criteria lists the criterion 'r' twice"),
    ({"lower": 60, "upper": 50}, r"lower \(60%\) must not exceed upper \(50%\)"),
    ({"lower": -1}, r"RevocationRule.lower is a percentage and must be in \[0, 100\] "
                    r"\(got -1\)"),
    ({"upper": 101}, r"RevocationRule.upper is a percentage .* \(got 101\)"),
    ({"members": Fraction(201, 2)}, r"RevocationRule.members is a percentage .* "
                                    r"\(got 201/2\)"),
    ({"considered": ("f",)}, r"key criteria \['r'\] are not among the considered criteria "
                             r"\('f',\)"),
])
def test_revocation_rule_refuses_inconsistent_definitions(kw: dict[str, Any],
                                                         pattern: str) -> None:
    with pytest.raises(NTMValueError, match=pattern):
        _rule(**kw)


@pytest.mark.parametrize(("kw", "pattern"), [
    ({"key_criteria": "r"}, r"key_criteria must be a sequence of criterion ids "
                            r"\(got str: 'r'\)"),
    ({"considered": 5}, r"considered must be a sequence of criterion ids \(got int: 5\)"),
    ({"considered": ("r", None)}, r"considered\[1\] must be a non-empty string "
                                  r"\(got NoneType"),
    ({"lower": 30.0}, r"a percentage \(lower, upper, members\) must be an int or Fraction "
                      r"\(got float: 30.0\)"),
])
def test_revocation_rule_field_types(kw: dict[str, Any], pattern: str) -> None:
    with pytest.raises(NTMTypeError, match=pattern):
        _rule(**kw)


def test_revocation_rule_edges_that_stay_valid() -> None:
    # lower == upper, 0 and 100, and key criteria among the considered ones are fine
    assert _rule(lower=50, upper=50).lower == 50
    assert (_rule(lower=0, upper=100).lower, _rule(lower=0, upper=100).upper) == (
        Fraction(0), Fraction(100))
    assert _rule(considered=("r", "f")).considered == ("r", "f")


def test_revocation_counts_each_criterion_once() -> None:
    # r fails, f passes: 1 of 2 = 50%, the "50% or more" ground holds
    check = check_revocation(_assessment(), _rule(key_criteria=(), considered=("r", "f")))
    assert (check.failed, check.total, check.failed_share) == (("r",), 2, Fraction(50))


@pytest.mark.parametrize(("rule", "member_checks", "pattern"), [
    (5, None, r"rule must be a RevocationRule or None \(got int: 5\)"),
    ("rev", None, r"rule must be a RevocationRule or None \(got str: 'rev'\)"),
    (None, [1], r"member_checks\[0\] must be a RevocationCheck \(got int: 1\)"),
    (None, "ab", r"member_checks must be a sequence of RevocationCheck or None "
                 r"\(got str: 'ab'\)"),
    (None, 5, r"member_checks must be a sequence .*\(got int: 5\)"),
])
def test_check_revocation_argument_types(rule: Any, member_checks: Any, pattern: str) -> None:
    with pytest.raises(NTMTypeError, match=pattern):
        check_revocation(_assessment(), rule if rule is not None else _rule(members=30),
                         member_checks=member_checks)


def test_member_checks_may_be_a_generator() -> None:
    member = check_revocation(_assessment("m1"), _rule())
    assert member.outcome.value == "pass"  # r fails: 1 of 2 = 50%
    district = check_revocation(_assessment(), _rule(members=30),
                                member_checks=(c for c in [member]))
    assert (district.revoked_members, district.members_total) == (1, 1)


# ------------------------------------------------------------------ the case runner
@pytest.mark.parametrize("cases", [None, 5, "case", {"name": "a"}])
def test_check_cases_needs_a_list_of_cases(cases: Any) -> None:
    with pytest.raises(NTMTypeError, match=r"cases must be a list of case mappings \(got "):
        check_cases(SET, cases)


def test_check_cases_checks_the_language_first() -> None:
    case = {"name": "a", "year": 2024, "facts": {"rate": 95, "flag": True},
            "expect": {"r": "pass"}}
    with pytest.raises(NTMValueError, match=r"lang must be 'vi' or 'en' \(got 'fr'\)"):
        check_cases(SET, [case], lang="fr")
    with pytest.raises(NTMTypeError, match=r"criteria_set must be a CriteriaSet "
                                           r"\(got NoneType\)"):
        check_case(None, case)  # type: ignore[arg-type]
    (done,) = check_cases(SET, (c for c in [case]))
    assert done.result("r").outcome.value == "pass"
