"""Results back to tables: rows agree with single assessments; pandas, polars and CSV
text keep every value exactly."""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntmcriteria import Level, Outcome, assess_many, assess_records
from ntmcriteria.batch import ROW_FIELDS
from ntmcriteria.catalog import illustrative_parameters
from ntmcriteria.strategies import communes_for, criteria_sets
from ntmcriteria.tables import (
    WIDE_FIELDS,
    parse_number,
    result_columns,
    result_rows,
    results_csv,
    results_to_pandas,
    results_to_polars,
    units_from_csv,
)
from tests._sheets import COMMUNE_COLUMNS, VILLAGE_COLUMNS, model_set, text


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), lang=st.sampled_from(["vi", "en"]))
def test_rows_of_many_results_agree_with_single_assessments(data: st.DataObject,
                                                            lang: str) -> None:
    cs = data.draw(criteria_sets(level="commune"))
    units = data.draw(st.lists(communes_for(cs, years=(2022, 2023)), min_size=1, max_size=5,
                               unique_by=lambda c: c.code))
    batch = assess_many(cs, units, year=2024)
    single = [cs.assess(u, year=2024) for u in units]
    long_rows = result_rows(batch, lang=lang)
    assert long_rows == [row for a in single for row in result_rows(a, lang=lang)]
    expected = [(a.unit.code, r.id, r.outcome.value) for a in single for r in a.results]
    assert [(r["unit_code"], r["criterion_id"], r["outcome"]) for r in long_rows] == expected
    wide = result_rows(batch, lang=lang, wide=True)
    for row, a in zip(wide, single, strict=True):
        assert row["outcome"] == a.outcome.value
        assert {r.id: row[r.id] for r in a.results} == {r.id: r.outcome.value
                                                         for r in a.results}
        assert (row["passed"], row["failed"], row["unknown"]) == (
            len(a.passed), len(a.failed), len(a.unknown))
    # the same through plain records (Verdicts)
    records = [{"code": u.code, "name": u.name, "region": None if u.region is None
                else u.region.value, "facts": dict(u.facts),
                "history": {str(y): dict(f) for y, f in u.history.items()},
                "recognitions": {t.value: y for t, y in u.recognitions.items()},
                "villages": [{"code": v.code, "name": v.name, "zone": v.zone,
                              "facts": dict(v.facts),
                              "history": {str(y): dict(f) for y, f in v.history.items()},
                              "recognitions": {t.value: y for t, y in v.recognitions.items()}}
                             for v in u.villages]} for u in units]
    verdicts = assess_records(cs, records, year=2024)
    assert [(r["unit_code"], r["criterion_id"], r["outcome"]) for r in
            result_rows(verdicts, lang=lang)] == expected


def _sheet_results() -> tuple[Any, Any]:
    cs = model_set()
    units = units_from_csv(cs, text("qn_xa_2025.csv"), villages=text("qn_thon_2025.csv"),
                           columns=COMMUNE_COLUMNS, village_columns=VILLAGE_COLUMNS)
    return units, assess_many(cs, units, year=2025, parameters=illustrative_parameters(cs))


def test_rows_carry_the_parents_codes_from_the_sheet() -> None:
    units, batch = _sheet_results()
    rows = result_rows(batch, parents=units)
    assert tuple(rows[0]) == (*ROW_FIELDS[:2], "district_code", *ROW_FIELDS[2:])
    assert {(r["unit_code"], r["district_code"]) for r in rows} == {
        (u.code, units.parents[u.code][0][1]) for u in units}
    wide = result_rows(batch, parents=units, wide=True)
    ids = [c.id for c in model_set().criteria]
    assert tuple(wide[0]) == (*WIDE_FIELDS[:2], "district_code", *WIDE_FIELDS[2:], *ids,
                              "missing", "outside_period")
    assert result_columns(batch, wide=True, parents=units) == tuple(wide[0])
    assert len(wide) == len(units)


def test_pandas_and_polars_keep_the_rows_exactly() -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    units, batch = _sheet_results()
    rows = result_rows(batch, parents=units)
    frame = results_to_pandas(batch, parents=units)
    assert list(frame.columns) == list(rows[0])
    # Decimals, ints and None kept as they are; the lists of a row as joined text
    joined = [{k: "; ".join(v) if isinstance(v, tuple) else v for k, v in row.items()}
              for row in rows]
    assert frame.to_dict("records") == joined
    assert any(isinstance(v, tuple) and len(v) > 1 for row in rows for v in row.values())
    assert isinstance(frame, pd.DataFrame)
    polars_frame = results_to_polars(batch, parents=units)
    assert isinstance(polars_frame, pl.DataFrame)
    back = polars_frame.to_dicts()
    assert len(back) == len(rows)
    for got, want in zip(back, rows, strict=True):
        for key, value in want.items():
            if key in ("observed", "required", "shortfall") and value is not None:
                shown = got[key]
                parsed = (shown == "true") if shown in ("true", "false") else parse_number(
                    shown, ".")
                assert parsed == value
            elif isinstance(value, tuple):
                assert got[key] == "; ".join(value)
            else:
                assert got[key] == value
    wide = results_to_pandas(batch, wide=True)
    assert list(wide["unit_code"]) == [u.code for u in units]


def test_csv_text_of_results_reads_back_and_speaks_vietnamese() -> None:
    units, batch = _sheet_results()
    text_rows = list(csv.DictReader(results_csv(batch, parents=units).splitlines()))
    rows = result_rows(batch, parents=units)
    assert [r["unit_code"] for r in text_rows] == [r["unit_code"] for r in rows]
    for got, want in zip(text_rows, rows, strict=True):
        if isinstance(want["observed"], Decimal):
            assert parse_number(got["observed"]) == want["observed"]  # decimal comma
        assert got["outcome"] == want["outcome"]
        assert got["district_code"] == want["district_code"]
    worded = list(csv.DictReader(results_csv(batch, wide=True, words=True).splitlines()))
    words = {"đạt", "không đạt", "chưa đủ dữ liệu"}
    assert {row["outcome"] for row in worded} <= words
    assert {row["m1"] for row in worded} <= words
    english = list(csv.DictReader(results_csv(batch, lang="en", words=True).splitlines()))
    assert {row["outcome"] for row in english} <= {"pass", "fail", "not enough data"}
    assert any(row["outcome"] == Outcome.UNKNOWN.value for row in text_rows)
    assert batch.results is not None
    assert batch.results.level is Level.COMMUNE
