"""Hostile rule sets: work that multiplies, and rules misused as truth values.

Issue 10, items 2 (a referenced set is evaluated once per unit, set and year),
3 (the total work of one assessment is bounded, with an error naming the
criterion), 10 (``bool()`` of a rule, ``at_least(0, ...)``) and 11 (see
``tests/test_testing_imports.py``: every public module imports first in a fresh
interpreter, before or after Hypothesis). Work is counted, never timed.
"""

from __future__ import annotations

import pytest

from ntmcriteria import Commune, CriteriaSet, Criterion, Parameter, Village
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.evaluation.context import Context, Session, WorkLimitError
from ntmcriteria.evaluation.work import check_unfolding
from ntmcriteria.limits import MAX_UNFOLDED_NODES, MAX_WINDOW_YEARS
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import (
    Rule,
    all_of,
    at_least,
    fact,
    held_each_year,
    meets,
    rule_param,
    share,
    yes,
)
from ntmcriteria.serialize import FormatError, criteria_set_from_data, criteria_set_to_data
from tests._core_fixtures import SEED, ind, one_criterion_set

FLAG = ind("flag", "boolean")


def _criterion(i: int, rule: Rule) -> Criterion:
    return Criterion(id=f"c{i}", number=str(i), label_vi=f"Tiêu chí {i}",
                     label_en=f"Criterion {i}", rule=rule, citation=SEED)


def _chain(depth: int) -> CriteriaSet:
    """Level 0 checks a flag; each level above has two criteria that meet the level below."""
    below = CriteriaSet(id="level0", label_vi="0", label_en="0", level="commune",
                        valid_from=2021, valid_to=2025, indicators=(FLAG,),
                        criteria=(_criterion(0, yes("flag")),))
    for level in range(1, depth + 1):
        below = CriteriaSet(
            id=f"level{level}", label_vi=str(level), label_en=str(level), level="commune",
            valid_from=2021, valid_to=2025, indicators=(FLAG,), references=(below,),
            criteria=(_criterion(1, meets(below.id)), _criterion(2, meets(below.id))))
    return below


# ---------------------------------------------------------------- item 2: meets chains
def test_a_referenced_set_is_evaluated_once_per_unit_set_and_year() -> None:
    depth = 16  # evaluated afresh each time, 2**16 evaluations of level 0
    cs = _chain(depth)
    session = Session()
    ctx = Context(unit=Commune(code="1", facts={"flag": True}), year=2024,
                  assessment_year=2024, criteria_set=cs, parameters={}, session=session)
    traces = ctx.criteria_of(cs)
    assert all(t.outcome is Outcome.PASS for t in traces)
    # two criteria per level, each one node: linear in the depth
    assert session.work <= 4 * depth + 4
    assert check_unfolding(cs) <= 4 * depth + 4


def test_a_meets_chain_compiles_to_a_plan_linear_in_its_depth() -> None:
    small, large = _chain(8).compile(), _chain(16).compile()
    per_level = (len(large.program.instructions) - len(small.program.instructions)) / 8
    assert per_level <= 10


def test_reports_of_a_meets_chain_grow_linearly_with_its_depth() -> None:
    from ntmcriteria.paths import path_to_tier
    from ntmcriteria.serialize import assessment_to_json

    unit = Commune(code="1", facts={"flag": False})

    def sizes(depth: int) -> list[int]:
        cs = _chain(depth)
        a = cs.assess(unit, year=2024)
        assert a.outcome is Outcome.FAIL
        return [len(a.explain("en")), len(a.to_markdown()), len(a.to_html()),
                len(assessment_to_json(a)), len(a.shortfalls()),
                sum(1 for r in a.results for _ in r.trace.walk()),
                len(path_to_tier(cs, unit, year=2024).changes)]

    # each level's set is explained once, then referred to: the reports of a chain 20
    # levels deep (2**20 paths to its bottom) are a few kilobytes
    small, large = sizes(10), sizes(20)
    for a, b in zip(small, large, strict=True):
        assert b <= 3 * a + 100  # linear: about 2.4 times; afresh it was 1,000 times
    assert large[4] == 1  # the one failing check, reported once
    assert large[6] == 1  # one fact to change


# ---------------------------------------------------------------- item 3: nested windows
def _windows(levels: int, years: int = MAX_WINDOW_YEARS) -> Rule:
    rule: Rule = yes("flag")
    for _ in range(levels):
        rule = held_each_year(rule, years=years)
    return rule


def test_windows_within_windows_are_refused_when_the_set_is_built() -> None:
    # 100 x 100 x 100 = 10**6 evaluations from a rule of a few hundred bytes
    with pytest.raises(WorkLimitError, match=r"criterion 'c1'.*MAX_UNFOLDED_NODES"):
        one_criterion_set(_windows(3), FLAG)
    # two levels are fine: 10,101 nodes
    cs = one_criterion_set(_windows(2), FLAG)
    assert check_unfolding(cs) == 1 + 100 + 100 * 100
    assert cs.assess(Commune(code="1"), year=2024).outcome is Outcome.UNKNOWN


def test_the_unfolding_stops_at_the_limit() -> None:
    cs = one_criterion_set(_windows(2), FLAG)
    with pytest.raises(WorkLimitError, match="100"):
        check_unfolding(cs, limit=100)


def test_a_document_with_nested_windows_is_a_format_error() -> None:
    data = criteria_set_to_data(one_criterion_set(_windows(2), FLAG))
    data["criteria"][0]["rule"] = {"held_each_year": data["criteria"][0]["rule"], "years": 100}
    with pytest.raises(FormatError, match="MAX_UNFOLDED_NODES"):
        criteria_set_from_data(data)


def test_windows_spread_over_many_criteria_count_together() -> None:
    rule = _windows(2, 50)  # 2,551 nodes each
    n = MAX_UNFOLDED_NODES // 2_551 + 1
    with pytest.raises(WorkLimitError):
        CriteriaSet(id="s", label_vi="s", label_en="s", level="commune", valid_from=2021,
                    valid_to=2025, indicators=(FLAG,),
                    criteria=tuple(_criterion(i, rule) for i in range(n)))


def test_a_supplied_rule_is_counted_where_it_is_used() -> None:
    p = Parameter(name="smart", label_vi="p", label_en="p", citation=SEED, kind="rule")
    cs = one_criterion_set(_windows(2, 60) & rule_param("smart"), FLAG, parameters=(p,))
    inner = held_each_year(rule_param("smart"), years=100)
    cs = one_criterion_set(held_each_year(inner, years=100), FLAG, parameters=(p,))
    unit = Commune(code="1", facts={"flag": True})
    assert cs.assess(unit, year=2024).outcome is Outcome.UNKNOWN  # not supplied
    with pytest.raises(WorkLimitError, match="MAX_UNFOLDED_NODES"):
        cs.assess(unit, year=2024, parameters={"smart": _windows(1, 20)})


def test_members_multiply_the_work_of_one_assessment_up_to_its_limit() -> None:
    rule = share("village", _windows(1, 30), at_least=50)
    cs = one_criterion_set(rule, FLAG)
    unit = Commune(code="1", villages=[Village(code=f"v{i}", facts={"flag": True})
                                       for i in range(40)])
    session = Session(limit=1_000)  # 40 villages x 31 nodes
    session.criterion = "c1"
    ctx = Context(unit=unit, year=2024, assessment_year=2024, criteria_set=cs,
                  parameters={}, session=session)
    with pytest.raises(WorkLimitError, match=r"criterion 'c1'.*MAX_WORK=1000"):
        ctx.criteria_of(cs)
    session = Session(limit=2_000)
    ctx = Context(unit=unit, year=2024, assessment_year=2024, criteria_set=cs,
                  parameters={}, session=session)
    ctx.criteria_of(cs)
    assert 40 * 31 <= session.work <= 40 * 31 + 10


# ---------------------------------------------------------------- item 10: truth values
def test_a_rule_has_no_truth_value() -> None:
    a, b = fact("x") >= 1, fact("y") >= 2
    with pytest.raises(NTMTypeError, match="no truth value"):
        bool(a)
    with pytest.raises(NTMTypeError, match="no truth value"):
        a and b  # noqa: B018 - the point: `and` would silently return b
    with pytest.raises(NTMTypeError, match="no truth value"):
        assert not a  # `if rule:` was always true
    assert isinstance(a & b, type(all_of(a, b)))


def test_at_least_zero_is_refused() -> None:
    with pytest.raises(NTMValueError, match=r"at_least\(0, \.\.\.\) would always pass"):
        at_least(0, yes("flag"))
    with pytest.raises(NTMValueError):
        at_least(2, yes("flag"))
