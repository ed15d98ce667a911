"""Short circuits of the plan (``evaluation.gates``): a run for verdicts reads a member's
facts only while the member and its unit are undecided, and decides what a full run
decides.

- On generated criteria sets and several communes (the oracle's strategies), a run for
  verdicts gives every outcome of a run with figures (which the oracle holds equal to
  the interpreter), on every source and backend; an error of the run for verdicts is
  an error of the run with figures too.
- A share over villages of an ``all_of`` of their facts is found as a gate; the facts
  of a village after its first failing part, and of the villages of a commune already
  decided, are not read.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntmcriteria import CriteriaSet, Criterion
from ntmcriteria.errors import NTMError
from ntmcriteria.evaluation.sources import RecordSource, UnitSource
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import all_of, count, fact, share, yes
from tests.test_plan_oracle import (
    _NUMPY,
    _WAYS,
    CITE,
    INDICATORS,
    ORACLE_EXAMPLES,
    YEAR,
    communes,
    criteria_sets,
    parameter_values,
    records_of,
)


def _run(cs: CriteriaSet, values: dict[str, Any], units: list[Any], way: tuple[str, str],
         explain: bool) -> Any:
    source, backend = way
    plan = cs.compile(values)
    if source == "units":
        return plan.run(UnitSource(cs.level), units, YEAR, explain=explain, backend=backend)
    records, layout = records_of(units, source)
    return plan.run(RecordSource(cs.level, layout), records, YEAR, explain=explain,
                    backend=backend)


@settings(suppress_health_check=(HealthCheck.too_slow, HealthCheck.filter_too_much),
          deadline=None, max_examples=max(ORACLE_EXAMPLES // 4, 100))
@given(criteria_sets(), st.lists(communes(), min_size=1, max_size=4), parameter_values(),
       st.sampled_from(_WAYS))
def test_verdicts_alone_decide_what_a_full_run_decides(cs: CriteriaSet, units: list[Any],
                                                       parameters: dict[str, Any],
                                                       way: tuple[str, str]) -> None:
    values = cs.resolve_parameters(parameters)
    try:
        full = _run(cs, values, units, way, explain=True)
    except NTMError:
        return  # the run for verdicts may read less, and so meet no bad value
    verdicts = _run(cs, values, units, way, explain=False)
    assert verdicts.columns == full.columns
    for level, members in full.members.items():
        assert verdicts.members[level].columns == members.columns


INDICATOR_KEYS = {i.key for i in INDICATORS}


def _set(rule: Any) -> CriteriaSet:
    return CriteriaSet(id="g", label_vi="g", label_en="g", level="commune", valid_from=2021,
                       valid_to=2025, indicators=INDICATORS,
                       criteria=(Criterion(id="c", number="1", label_vi="c", label_en="c",
                                           citation=CITE, rule=rule),))


class _Counting(RecordSource):
    """Records, counting every (record code, key) read of a village fact."""

    def __init__(self, *args: Any, reads: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reads = reads

    def facts(self, rows: Any, key: str, year: int, assessment_year: int) -> list[Any]:
        if self.level.value == "village":
            self.reads.extend((r["code"], key) for r in rows)
        return super().facts(rows, key, year, assessment_year)

    def members(self, rows: Any, level: Any) -> Any:
        found, counts, _ = super().members(rows, level)
        return found, counts, _Counting(level, self.layout, reads=self.reads)


def _village(code: str, pct: Any, inc: Any) -> dict[str, Any]:
    return {"code": code, "facts": {"pct": pct, "inc": inc}}


RULE = share("village", all_of(fact("pct") >= 50, fact("inc") >= 10), at_least=100)
RECORDS: list[dict[str, Any]] = [
    # decided at its first village's first part: FAIL (the bad income is never read)
    {"code": "a", "region": "DBSH", "facts": {},
     "villages": [_village("a1", 10, 20), _village("a2", 90, -5)]},
    # every village passes: PASS
    {"code": "b", "region": "DBSH", "facts": {},
     "villages": [_village("b1", 60, 20), _village("b2", 70, 30)]},
    # a village unknown at its first part, the other failing at its second: FAIL
    {"code": "c", "region": "DBSH", "facts": {},
     "villages": [_village("c1", None, 20), _village("c2", 60, 5)]},
    # one village unknown, none failing: UNKNOWN
    {"code": "d", "region": "DBSH", "facts": {},
     "villages": [_village("d1", 60, None), _village("d2", 60, 11)]},
]


@pytest.mark.parametrize("backend", ["python", *(["numpy"] if _NUMPY else [])])
def test_a_share_reads_the_facts_of_undecided_villages_only(backend: str) -> None:
    cs = _set(RULE)
    plan = cs.compile()
    assert plan._gates, "the share over villages is a gate"
    reads: list[tuple[str, str]] = []
    results = plan.run(_Counting(cs.level, reads=reads), RECORDS, YEAR, backend=backend)
    assert results.outcomes("g", "c") == [Outcome.FAIL, Outcome.PASS, Outcome.FAIL,
                                          Outcome.UNKNOWN]
    # the first part for every village; the second for those of undecided communes alone
    assert sorted(k for k in reads if k[1] == "pct") == [
        (f"{c}{i}", "pct") for c in "abcd" for i in (1, 2)]
    assert sorted(k for k in reads if k[1] == "inc") == [
        ("b1", "inc"), ("b2", "inc"), ("c1", "inc"), ("c2", "inc"), ("d1", "inc"),
        ("d2", "inc")]
    # with figures, every fact is read and checked: the bad income is refused
    with pytest.raises(NTMError, match="inc"):
        plan.run(RecordSource(cs.level), RECORDS, YEAR, backend=backend, explain=True)


@pytest.mark.parametrize("rule", [
    RULE,
    share("village", fact("pct") >= 50, at_least=50),
    count("village", all_of(fact("pct") >= 50, yes("flag")), at_least=1),
    share("village", all_of(fact("pct") >= 50, fact("inc") >= 10), at_least=0),
])
def test_gated_outcomes_equal_full_ones(rule: Any) -> None:
    cs = _set(rule)
    plan = cs.compile()
    assert plan._gates
    records = [dict(r, villages=[dict(v, facts=dict(v["facts"], flag=True,
                                                    inc=v["facts"]["inc"] if (
                                                        v["facts"]["inc"] or 0) >= 0
                                                    else Decimal(1)))
                                 for v in r["villages"]]) for r in RECORDS]
    for backend in ("python", *(["numpy"] if _NUMPY else [])):
        fast = plan.run(RecordSource(cs.level), records, YEAR, backend=backend)
        full = plan.run(RecordSource(cs.level), records, YEAR, backend=backend, explain=True)
        assert fast.columns == full.columns
    # unit objects: the pure-Python backend, its gates' books kept in Python or (auto,
    # NumPy installed) over arrays
    source = RecordSource(cs.level)
    units = [source.unit(records, i, YEAR) for i in range(len(records))]
    full = plan.run(UnitSource(cs.level), units, YEAR, backend="python", explain=True)
    assert full.columns == fast.columns
    for backend in ("python", "auto"):
        assert plan.run(UnitSource(cs.level), units, YEAR, backend=backend).columns == (
            full.columns)
