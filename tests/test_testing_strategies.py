"""The public Hypothesis strategies: eager argument checks, valid data, registration."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.errors import NTMError, NTMTypeError, NTMValueError
from ntmcriteria.indicators import Indicator
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import (
    OPERATORS,
    RULE_KINDS,
    YEAR_KINDS,
    Aggregate,
    Compare,
    Count,
    HeldEachYear,
    MeetsSet,
    Rule,
    RuleParam,
    Share,
    yes,
)
from ntmcriteria.strategies import (
    communes,
    criteria_sets,
    districts,
    facts_for,
    indicators,
    provinces,
    rules,
    villages,
)
from ntmcriteria.testing._hook import _hypothesis_setup_hook
from ntmcriteria.testing.strategies import _example, _Scope
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
    assert not any(isinstance(node, Share | Count | Aggregate) for node in rule.walk())


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


# ------------------------------------------------------------------ the kinds' example hooks
#: The kinds whose ``example`` hook answers None everywhere, and why.
NOT_DRAWN = {MeetsSet: "it needs a referenced criteria set, which generated sets lack",
             RuleParam: "it needs a declared rule parameter, which generated sets lack"}
SCOPES = [_Scope(INDICATORS, depth, level, time) for depth in (1, 3)
          for level in (Level.COMMUNE, Level.VILLAGE, Level.DISTRICT) for time in (True, False)]


@pytest.mark.parametrize("kind", RULE_KINDS, ids=lambda kind: kind.__name__)
def test_every_kind_yields_examples_or_says_why_not(kind: type[Rule]) -> None:
    # a kind with parts is drawn with depth to spare; a leaf anywhere
    scopes = [scope for scope in SCOPES if kind.leaf or scope.depth > 1]
    made: dict[_Scope, list[Rule]] = {scope: [] for scope in scopes}

    @settings(max_examples=15, database=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def collect(data: st.DataObject) -> None:
        for scope in scopes:
            rule = data.draw(_example(kind, scope))
            if rule is not None:
                assert isinstance(rule, kind)
                # a drawn rule is valid in a set at the scope's level, over its indicators
                make_set(INDICATORS, rule, level=scope.level.value)
                made[scope].append(rule)

    collect()
    drawn = {scope for scope, rules in made.items() if rules}
    if kind in NOT_DRAWN:
        assert not drawn, NOT_DRAWN[kind]
        return
    assert drawn, f"{kind.__name__} gave no example in any context"
    if kind in (Share, Count):  # they need members: none below a village
        assert all(scope.level is not Level.VILLAGE for scope in drawn)
    if kind is Aggregate:
        assert all(scope.level is not Level.VILLAGE for scope in drawn)


def test_every_drawable_kind_operator_and_function_is_drawn_by_rules() -> None:
    kinds: set[type[Rule]] = set()
    ops: set[str] = set()
    functions: set[str] = set()
    years: set[str] = set()

    @settings(max_examples=300, database=None, suppress_health_check=list(HealthCheck))
    @given(rules(indicators=INDICATORS, max_depth=3, level="district"))
    def collect(rule: Rule) -> None:
        for node in rule.walk():
            kinds.add(type(node))
            if isinstance(node, Compare | Aggregate):
                ops.add(node.op)
                years.update(f.at.tag for f in node.expr.facts())
            if isinstance(node, Aggregate):
                functions.add(node.fn)

    collect()
    assert kinds == set(RULE_KINDS) - set(NOT_DRAWN)
    assert ops == set(OPERATORS)
    assert functions == {"sum", "mean", "min", "max"}
    assert years == {kind.tag for kind in YEAR_KINDS}


@given(rules(indicators=INDICATORS, max_depth=3, level="commune", time=False))
def test_rules_without_time_read_only_the_year_evaluated(rule: Rule) -> None:
    assert not any(isinstance(node, HeldEachYear) for node in rule.walk())
    for node in rule.walk():
        if isinstance(node, Compare | Aggregate):
            assert {f.at.tag for f in node.expr.facts()} == {"current"}
