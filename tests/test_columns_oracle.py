"""Columns agree with the interpreter, unit by unit.

The oracle (``test_plan_oracle``) checks the plan one unit at a time. Here several
generated communes (some without villages, facts missing here and there, yearly
histories, recognitions with their decision dates, regions and groups) are given
as :class:`~ntmcriteria.evaluation.Columns` — NumPy arrays where the values allow
(NaN for a missing number), plain lists where they do not (missing yes/no values,
decimals no float holds) — and assessed in one run, by the NumPy and the
pure-Python backends: every unit's outcome of every criterion, of the sets it
refers to and of the set must be the interpreter's for that unit alone.
"""

from __future__ import annotations

import importlib.util
import math
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntmcriteria.errors import NTMError
from ntmcriteria.evaluation import Columns
from ntmcriteria.evaluation.sources import ColumnSource
from ntmcriteria.outcome import Outcome
from ntmcriteria.units import Commune, Level, Tier
from tests.test_plan_oracle import (
    YEAR,
    _float,
    _interpreted,
    communes,
    criteria_sets,
    parameter_values,
)

_NUMPY = importlib.util.find_spec("numpy") is not None
_BACKENDS = ["python", *(["numpy"] if _NUMPY else [])]


def _column(values: list[Any]) -> Any:
    """A column as a user would give it: a NumPy array of numbers (NaN: missing) or of
    yes/no values when every value fits one, else the list itself."""
    if not _NUMPY:
        return values
    import numpy as np

    present = [v for v in values if v is not None]
    if present and all(type(v) is bool for v in present):
        return np.array(values, dtype=np.bool_) if len(present) == len(values) else values
    if all(type(v) is float or (type(v) is int and abs(v) < 2**53) for v in present):
        return np.array([math.nan if v is None else v for v in values], dtype=np.float64)
    return values


def columns_of(units: list[Any]) -> Columns:
    """``units`` (one level) as columns, with their villages as member columns."""
    facts = sorted({k for u in units for k in u.facts})
    data: dict[str, Any] = {"code": [u.code for u in units]}
    for key in facts:
        data[key] = _column([_float(u.facts.get(key)) for u in units])
    history: dict[tuple[str, int], str] = {}
    for year in sorted({y for u in units for y in u.history}):
        for key in sorted({k for u in units for k in u.history.get(year, {})}):
            name = history[(key, year)] = f"{key}@{year}"
            data[name] = _column([_float(u.history[year].get(key)) if year in u.history
                                  else None for u in units])
    recognitions: dict[Tier, str] = {}
    decided: dict[Tier, str] = {}
    for tier in Tier:
        found = [u.recognitions.get(tier) for u in units]
        if any(found):
            recognitions[tier] = f"recognised_{tier.value}"
            decided[tier] = f"decided_{tier.value}"
            data[recognitions[tier]] = [None if r is None else r.year for r in found]
            data[decided[tier]] = [None if r is None else r.decided for r in found]
    members: dict[Level, tuple[Columns, Any]] = {}
    if units and units[0].level is not Level.VILLAGE:
        data["region"] = [None if u.region is None else u.region.value for u in units]
        data["group"] = [u.group for u in units]
        villages = [v for u in units for v in u.villages]
        counts = [len(u.villages) for u in units]
        if _NUMPY:
            import numpy as np

            counts = np.array(counts, dtype=np.int64)  # type: ignore[assignment]
        members[Level.VILLAGE] = (columns_of(villages), counts)
    return Columns(data=data, history=history, recognitions=recognitions, decided=decided,
                   members=members)


@pytest.mark.parametrize("backend", _BACKENDS)
@settings(suppress_health_check=(HealthCheck.too_slow, HealthCheck.filter_too_much),
          deadline=None)
@given(criteria_sets(), st.lists(communes(), min_size=1, max_size=6), parameter_values())
def test_columns_agree_with_the_interpreter_unit_by_unit(
        backend: str, cs: Any, units: list[Commune], parameters: dict[str, Any]) -> None:
    units = [attrs.evolve(u, code=f"c{i}") for i, u in enumerate(units)]
    values = cs.resolve_parameters(parameters)
    plan = cs.compile(values)
    expected = []
    for unit in units:
        try:
            expected.append(_interpreted(cs, unit, values))
        except NTMError:
            with pytest.raises(NTMError):
                plan.run(ColumnSource(cs.level, columns_of(units)), range(len(units)), YEAR,
                         backend=backend)
            return
    results = plan.run(ColumnSource(cs.level, columns_of(units)), range(len(units)), YEAR,
                       backend=backend)
    for index, traces in enumerate(expected):
        for (set_id, criterion_id), trace in traces.items():
            if (set_id, criterion_id) not in results.columns:
                continue  # a referenced set no criterion reaches
            assert results.outcomes(set_id, criterion_id)[index] is trace.outcome, (
                index, set_id, criterion_id, trace.rule)
        assert results.outcomes(cs.id)[index] is Outcome.all(
            traces[(cs.id, c.id)].outcome for c in cs.criteria)
