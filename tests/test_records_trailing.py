"""Trailing yearly lists in plain records (``Layout.trailing``): ``[..., y-1, y]``.

The plan reads a trailing key once for all years when every record's list has the same
length; these tests hold that read equal to the year-by-year one (lists of different
lengths, None, too short) and to unit objects with the same history, on both backends.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from ntmcriteria import (
    Citation,
    Commune,
    CriteriaSet,
    Criterion,
    Indicator,
    assess_many,
    assess_records,
)
from ntmcriteria.errors import NTMTypeError
from ntmcriteria.evaluation.sources import Layout, RecordSource
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import all_of, fact, held_each_year, in_year, years_before, yes

CITE = Citation(document="Test", confidence="secondary")
INDICATORS = (
    Indicator(key="flag", label_vi="Cờ", label_en="Flag", measure="yes_no",
              value_type="boolean"),
    Indicator(key="pct", label_vi="Tỷ lệ", label_en="Rate", measure="percent",
              value_type="decimal"),
)
LAYOUT = Layout(trailing=("flag", "pct"), history=None, facts=None)
BACKENDS = ["python", *(["numpy"] if importlib.util.find_spec("numpy") else [])]


def _set() -> CriteriaSet:
    rules = {
        "held": held_each_year(yes("flag"), years=2),
        "before": fact("pct", at=years_before(1)) >= 60,
        "now": all_of(yes("flag"), fact("pct") >= 50),
        "fixed": fact("pct", at=in_year(2022)) >= 40,
    }
    return CriteriaSet(id="t", label_vi="t", label_en="t", level="commune", valid_from=2021,
                       valid_to=2025, indicators=INDICATORS,
                       criteria=tuple(Criterion(id=k, number=k, label_vi=k, label_en=k,
                                                rule=r, citation=CITE)
                                      for k, r in rules.items()))


def _unit(code: str, record: dict[str, Any]) -> Commune:
    """The unit object with the same yearly values as a record's trailing lists (2024)."""
    facts: dict[str, Any] = {}
    history: dict[int, dict[str, Any]] = {}
    for key in ("flag", "pct"):
        values = record.get(key)
        if values is None:
            continue
        for back, value in enumerate(reversed(values)):
            if value is None:
                continue
            if back == 0:
                facts[key] = value
            else:
                history.setdefault(2024 - back, {})[key] = value
    return Commune(code=code, facts=facts, history=history)


_SAME: list[dict[str, Any]] = [  # every list of one length: one read for all years
    {"code": "a", "flag": [True, True, True], "pct": [70, 65, 55]},
    {"code": "b", "flag": [True, False, True], "pct": [50, 59.99, 45]},
    {"code": "c", "flag": [None, True, True], "pct": [None, None, 80]},
]
_MIXED: list[dict[str, Any]] = [  # lists of different lengths, a missing list: read year by year
    {"code": "a", "flag": [True, True, True], "pct": [70, 65, 55]},
    {"code": "d", "flag": [True], "pct": [61, 51]},
    {"code": "e", "pct": [1, 2, 3, 4, 5]},
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("records", [_SAME, _MIXED], ids=["same-length", "mixed"])
def test_trailing_lists_decide_as_the_same_history_in_unit_objects(
        records: list[dict[str, Any]], backend: str) -> None:
    cs = _set()
    units = [_unit(r["code"], r) for r in records]
    expected = assess_many(cs, units, year=2024)
    plan = cs.compile()
    got = plan.run(RecordSource(cs.level, LAYOUT), records, 2024, backend=backend)
    for criterion in cs.criteria:
        want = [a.result(criterion.id).outcome for a in expected]
        assert got.outcomes("t", criterion.id) == want, criterion.id
    verdicts = assess_records(cs, records, year=2024, layout=LAYOUT)
    assert verdicts.outcomes("held") == [a.result("held").outcome for a in expected]


def test_the_years_of_a_trailing_list_are_counted_from_its_end() -> None:
    cs = _set()
    verdicts = assess_records(cs, _SAME, year=2024, layout=LAYOUT)
    assert verdicts.outcomes("held") == [Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN]
    assert verdicts.outcomes("before") == [Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN]
    assert verdicts.outcomes("now") == [Outcome.PASS, Outcome.FAIL, Outcome.PASS]
    assert verdicts.outcomes("fixed") == [Outcome.PASS, Outcome.PASS, Outcome.UNKNOWN]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_trailing_value_that_is_not_a_list_is_refused(backend: str) -> None:
    cs = _set()
    records: list[dict[str, Any]] = [{"code": "a", "flag": [True, True, True], "pct": [1, 2, 3]},
               {"code": "b", "flag": True, "pct": [1, 2, 3]}]
    with pytest.raises(NTMTypeError, match="list of yearly values"):
        cs.compile().run(RecordSource(cs.level, LAYOUT), records, 2024, backend=backend)
