"""The public Hypothesis strategies: eager argument checks, valid data, registration."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.errors import NTMError, NTMTypeError, NTMValueError
from ntmcriteria.indicators import Indicator
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import Count, Rule, Share, yes
from ntmcriteria.strategies import (
    _hypothesis_setup_hook,
    communes,
    criteria_sets,
    districts,
    facts_for,
    indicators,
    provinces,
    rules,
    villages,
)
from ntmcriteria.units import Commune, District, Level, Province, Village
from tests._helpers_testing import HISTORY, ind, make_set

INDICATORS = (ind("rate", "decimal"), ind("stations", "integer"), ind("certified", "boolean"))


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True,  # noqa: S603
                          text=True, check=False, timeout=120)


def test_importing_ntmcriteria_never_imports_hypothesis() -> None:
    done = run("import sys, ntmcriteria, ntmcriteria.testing, ntmcriteria.testing.cases, "
               "ntmcriteria.testing.checks; print('hypothesis' in sys.modules)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_strategies_without_hypothesis_name_the_extra() -> None:
    done = run("import sys; sys.modules['hypothesis'] = None\n"
               "import ntmcriteria.strategies")
    assert done.returncode != 0
    assert "ImportError" in done.stderr
    assert "ntmcriteria[hypothesis]" in done.stderr


BAD_CALLS: list[tuple[Any, dict[str, Any], type[Exception], str]] = [
    (indicators, {"min_size": 4, "max_size": 2}, NTMValueError, "min_size"),
    (indicators, {"max_size": "3"}, NTMTypeError, "max_size"),
    (villages, {"indicators": ["rate"]}, NTMTypeError, r"indicators\[0\]"),
    (villages, {"years": [2020, "2021"]}, NTMTypeError, r"years\[1\]"),
    (communes, {"max_villages": -1}, NTMValueError, "max_villages"),
    (communes, {"min_villages": 5, "max_villages": 2}, NTMValueError, "min_villages"),
    (districts, {"max_communes": 100}, NTMValueError, "max_communes"),
    (provinces, {"max_districts": True}, NTMTypeError, "max_districts"),
    (rules, {"indicators": INDICATORS, "max_depth": 0}, NTMValueError, "max_depth"),
    (rules, {"indicators": (), "max_depth": 2}, NTMValueError, "at least one indicator"),
    (rules, {"indicators": INDICATORS, "level": "hamlet"}, NTMValueError, "level"),
    (criteria_sets, {"level": "township"}, NTMValueError, "level"),
    (criteria_sets, {"min_criteria": 3, "max_criteria": 1}, NTMValueError, "min_criteria"),
    (facts_for, {"indicators": (INDICATORS[0], INDICATORS[0])}, NTMValueError, "twice"),
]


@pytest.mark.parametrize(("func", "kwargs", "error", "message"), BAD_CALLS,
                         ids=[f"{c[0].__name__}-{next(iter(c[1]))}" for c in BAD_CALLS])
def test_bad_arguments_fail_when_the_strategy_is_built(func: Any, kwargs: dict[str, Any],
                                                       error: type[Exception],
                                                       message: str) -> None:
    with pytest.raises(error, match=message) as info:
        func(**kwargs)
    assert isinstance(info.value, NTMError)


def test_arguments_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        rules(INDICATORS, 3)  # type: ignore[call-arg]


def _depth(rule: Rule) -> int:
    return 1 + max((_depth(p) for p in rule.parts), default=0)


@given(rules(indicators=INDICATORS, max_depth=3))
def test_rules_respect_max_depth(rule: Rule) -> None:
    assert _depth(rule) <= 3


@given(rules(indicators=INDICATORS, max_depth=3, level="village"))
def test_village_rules_never_aggregate_over_members(rule: Rule) -> None:
    assert not any(isinstance(node, Share | Count) for node in rule.walk())


@given(criteria_sets(indicators=INDICATORS), communes(indicators=INDICATORS, years=HISTORY))
def test_generated_sets_assess_generated_communes(cs: CriteriaSet, unit: Commune) -> None:
    used = {key for c in cs.criteria for node in c.rule.walk()
            for key in getattr(node, "fact_keys", lambda: ())()}
    assert used <= {i.key for i in cs.indicators}
    assessment = cs.assess(unit, year=2024)
    assert len(assessment.results) == len(cs.criteria)


@given(provinces(indicators=INDICATORS))
def test_generated_units_hold_valid_facts(province: Province) -> None:
    cs = make_set(INDICATORS, yes("certified"), level="province")
    by_key = {i.key: i for i in INDICATORS}
    for unit in (province, *province.descendants(Level.COMMUNE),
                 *province.descendants(Level.VILLAGE)):
        for key, value in unit.facts.items():
            assert by_key[key].check(value, "test") == value
    # the generated province is a unit the set accepts, read exactly as its facts say
    expected = {True: Outcome.PASS, False: Outcome.FAIL, None: Outcome.UNKNOWN}[
        province.facts.get("certified")]
    (result,) = cs.assess(province, year=2024).results
    assert result.outcome is expected


@given(indicators(min_size=2, max_size=6))
def test_indicator_keys_are_distinct(inds: tuple[Indicator, ...]) -> None:
    assert len({i.key for i in inds}) == len(inds)


def test_from_type_draws_units_once_registered() -> None:
    _hypothesis_setup_hook()

    @given(st.from_type(Commune), st.from_type(Village), st.from_type(District))
    def check(commune: Commune, village: Village, district: District) -> None:
        assert isinstance(commune, Commune)
        assert isinstance(village, Village)
        assert all(isinstance(c, Commune) for c in district.communes)

    check()
