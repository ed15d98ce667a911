"""Units of different assessment years in one run of the plan.

Plain records (and columns) may be assessed each in a year of its own: with NumPy the
plan runs them all at once, members in their unit's year, with its short circuits on.
The law: one run over units of several years gives, unit by unit, what a run per year
gives (outcomes of every criterion and set, of the members too, and the figures of
every comparison), on generated criteria sets, units and parameters (the oracle's
strategies, which the oracle holds to the interpreter year by year); an error of one
is an error of the other.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntmcriteria import CriteriaSet
from ntmcriteria.errors import NTMError
from ntmcriteria.evaluation.sources import RecordSource
from ntmcriteria.rules import all_of
from tests.test_plan_oracle import (
    _NUMPY,
    ORACLE_EXAMPLES,
    YEAR,
    communes,
    criteria_sets,
    parameter_values,
    records_of,
)

pytestmark = pytest.mark.skipif(not _NUMPY, reason="the NumPy backend runs years at once")


def _read(value: Any) -> Any:
    """A figure as the library reads it: a float as its shortest repr (a column holding a
    decimal no float holds keeps every value exact, so a float figure of one run may be
    the Decimal of the same value in another)."""
    return Decimal(repr(value)) if isinstance(value, float) else value


def _by_unit(results: Any, n: int) -> list[dict[Any, Any]]:
    """Per assessed unit: its code of every column, its members' codes of every member
    column, and its figures of every comparison."""
    out: list[dict[Any, Any]] = [{} for _ in range(n)]
    for key, column in results.columns.items():
        for index in range(n):
            out[index][key] = column[index]
    for level, members in results.members.items():
        roots = members.roots
        for key, column in members.columns.items():
            for position, root in enumerate(roots):
                out[root].setdefault((level, key), []).append(column[position])
        for position, root in enumerate(roots):
            out[root].setdefault((level, "year"), []).append(members.year_of(position))
    for owner, figures in results._atom_order.items():
        for f in figures:
            for index in range(n):
                out[index][(owner, f.path, f.back)] = (
                    f.codes[index], _read(f.observed[index]), _read(f.required[index]),
                    f.totals[index] if f.totals else None)
    for index in range(n):
        out[index]["year"] = results.year_of(index)
    return out


@settings(suppress_health_check=(HealthCheck.too_slow, HealthCheck.filter_too_much),
          deadline=None, max_examples=max(ORACLE_EXAMPLES // 4, 100))
@given(criteria_sets(), st.lists(communes(), min_size=2, max_size=5),
       st.lists(st.sampled_from((YEAR - 1, YEAR)), min_size=5, max_size=5),
       parameter_values(), st.sampled_from(("records", "floats", "trailing")),
       st.booleans())
def test_one_run_over_several_years_is_a_run_per_year(
        cs: CriteriaSet, units: list[Any], drawn: list[int], parameters: dict[str, Any],
        source: str, explain: bool) -> None:
    values = cs.resolve_parameters(parameters)
    years = drawn[:len(units)]
    records, layout = records_of(units, source)
    plan = cs.compile(values)
    reader = RecordSource(cs.level, layout)
    try:
        separate = {year: plan.run(reader, [r for r, y in zip(records, years, strict=True)
                                            if y == year],
                                   year, explain=explain, backend="numpy")
                    for year in set(years)}
    except NTMError:
        with pytest.raises(NTMError):
            plan.run(reader, records, years, explain=explain, backend="numpy")
        return
    together = _by_unit(plan.run(reader, records, years, explain=explain, backend="numpy"),
                        len(units))
    apart = {year: iter(_by_unit(results, len(results))) for year, results in separate.items()}
    for index, year in enumerate(years):
        alone = next(apart[year])
        assert together[index] == alone, (index, year)
        assert together[index]["year"] == year


def test_a_run_over_several_years_reads_each_unit_in_its_own() -> None:
    """A control: the same record assessed in two years gives each year's outcome (a
    fact two years back, from its history)."""
    from ntmcriteria import Criterion
    from ntmcriteria.evaluation.sources import Layout
    from ntmcriteria.outcome import Outcome
    from ntmcriteria.rules import fact, in_year, years_before
    from tests.test_plan_oracle import CITE, INDICATORS

    rule = all_of(fact("pct", years_before(1)) >= 50, fact("cnt", in_year(2023)) >= 1)
    cs = CriteriaSet(id="y", label_vi="y", label_en="y", level="commune", valid_from=2021,
                     valid_to=2025, indicators=INDICATORS,
                     criteria=(Criterion(id="a", number="1", label_vi="a", label_en="a",
                                         citation=CITE, rule=rule),))
    # assessed in 2023, the count of 2023 is its own (5); in 2024, from its history (0)
    record = {"code": "c", "facts": {"pct": 10, "cnt": 5},
              "history": {"2022": {"pct": 60}, "2023": {"pct": 60, "cnt": 0}}}
    for backend in ("numpy", "python"):
        results = cs.compile({}).run(RecordSource(cs.level, Layout()), [record, record],
                                     [2023, 2024], backend=backend)
        assert results.outcomes("y", "a") == [Outcome.PASS, Outcome.FAIL], backend


def test_columns_of_several_years_read_a_classifications_stated_facts() -> None:
    """Columns assessed each in a year of its own, with a classification whose stated
    facts (Quảng Nam's zones: ``in_zone_kv1``...) are read in each unit's year: the
    outcomes of one run are those of a run per year, which follow the zone each village
    states."""
    import numpy as np

    from ntmcriteria.catalog import get
    from ntmcriteria.evaluation import Columns
    from ntmcriteria.evaluation.sources import ColumnSource
    from ntmcriteria.outcome import Outcome
    from ntmcriteria.rules import no, yes

    cs = get("qn.village.model.2022-2025")
    ok, never = yes("qn2254.village.appraised"), no("qn2254.village.appraised")
    plan = cs.compile(cs.resolve_parameters({"qn2254.village.kv1": ok,
                                             "qn2254.village.kv2": never,
                                             "qn2254.village.kv3": never}))
    data = {"code": np.array(["a", "b", "c", "d"]),
            "zone": np.array(["KV1", "KV2", "KV1", "KV2"]),
            "in_zone_kv1": np.array([True, False, True, False]),
            "qn2254.village.appraised": np.array([True, True, True, True])}
    columns = Columns(data=data, region=None)
    years = [2023, 2024, 2024, 2023]
    together = plan.run(ColumnSource(cs.level, columns), range(4), years, backend="numpy")
    assert together.outcomes(cs.id) == [Outcome.PASS, Outcome.FAIL, Outcome.PASS,
                                        Outcome.FAIL]
    for year in (2023, 2024):
        alone = plan.run(ColumnSource(cs.level, columns), range(4), year, backend="numpy")
        for index, own in enumerate(years):
            if own == year:
                for key, column in alone.columns.items():
                    assert together.columns[key][index] == column[index], (key, index)
