"""Batch assessment: rows agree with single assessments; optional DataFrame exports."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria.batch import ROW_FIELDS, Batch, assess_many
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.outcome import Outcome
from ntmcriteria.strategies import communes_for, criteria_sets
from ntmcriteria.units import Commune
from tests.test_render_fixture import COMMUNE, CRITERIA_SET, PARAMETER_VALUES, YEAR


def _fixture_batch() -> Batch:
    other = Commune(code="20346", name="Tam Phú", region="DHNTB", recognitions={"ntm": 2015},
                    history={2015: {"income": 30}}, facts={"income": 50})
    return assess_many(CRITERIA_SET, [COMMUNE, other], year=YEAR, parameters=PARAMETER_VALUES)


@given(st.data())
def test_rows_agree_with_single_assessments(data: st.DataObject) -> None:
    cs = data.draw(criteria_sets(level="commune", max_depth=2))
    units = data.draw(st.lists(communes_for(cs, years=(2021, 2022, 2023), max_villages=2),
                               min_size=1, max_size=3, unique_by=lambda c: c.code))
    batch = assess_many(cs, units, year=2024)
    rows = batch.to_dicts()
    assert len(rows) == len(units) * len(cs.criteria)
    by_key = {(r["unit_code"], r["criterion_id"]): r for r in rows}
    for unit in units:
        single = cs.assess(unit, year=2024)
        shortfalls = single.shortfalls()
        for result in single.results:
            row = by_key[(unit.code, result.id)]
            assert set(row) == set(ROW_FIELDS)
            assert row["outcome"] == result.outcome.value
            assert row["level"] == "commune"
            assert row["year"] == 2024
            main = next((s for s in shortfalls if s.criterion_id == result.id), None)
            if main is not None:
                assert (row["observed"], row["required"], row["shortfall"]) == (
                    main.observed, main.required, main.shortfall)
                assert row["failed_members"] == main.failed_members
            else:  # passing, unknown, or a failing not_(...) that lists no shortfall
                assert row["shortfall"] is None
                summary = result.trace.detail.summary()
                assert (row["observed"], row["required"]) == (summary.get("observed"),
                                                              summary.get("required"))
            assert bool(row["missing"]) == (result.outcome is Outcome.UNKNOWN
                                            and bool(result.trace.missing))


def test_fixture_rows_carry_the_main_failing_check() -> None:
    rows = {(r["unit_code"], r["criterion_id"]): r for r in _fixture_batch().to_dicts("en")}
    income = rows[("20345", "income")]
    assert (income["indicator"], income["op"], income["observed"], income["required"],
            income["shortfall"]) == ("income", ">=", Decimal("59.99"), Decimal("60.0"),
                                     Decimal("0.01"))
    villages = rows[("20345", "model_villages")]
    assert villages["failed_members"] == ("02",)
    assert villages["more_needed"] == 2
    culture = rows[("20345", "culture")]
    assert culture["outcome"] == "unknown"
    assert culture["missing"] == ("parameter «Minimum cultural facilities score» "
                                  "[cultural_score_min] not supplied",)
    assert rows[("20346", "income")]["outcome"] == "pass"  # 50 >= 1.5 x 30
    assert income["citation"].startswith("Kế hoạch (dự thảo)")


def test_batch_counts_iteration_and_repr() -> None:
    batch = _fixture_batch()
    assert len(batch) == 2
    assert [a.unit.code for a in batch] == ["20345", "20346"]
    # Tam Phú passes income but lacks every other fact (and lists no village): unknown
    assert batch.counts() == {Outcome.PASS: 0, Outcome.FAIL: 1, Outcome.UNKNOWN: 1,
                              Outcome.NOT_APPLICABLE: 0}
    assert repr(batch).startswith("<Batch of 2 assessments")


def test_batch_html_is_well_formed_and_lists_every_unit() -> None:
    html = _fixture_batch()._repr_html_()
    root = ET.fromstring(html)  # noqa: S314 - our own output
    text = "".join(root.itertext())
    assert "Tam Thanh (20345)" in text
    assert "Tam Phú (20346)" in text
    assert "<script" not in html


def test_to_pandas_and_to_polars() -> None:
    pandas = pytest.importorskip("pandas")
    frame = _fixture_batch().to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == list(ROW_FIELDS)
    assert len(frame) == 2 * len(CRITERIA_SET.criteria)
    polars = pytest.importorskip("polars")
    pl_frame = _fixture_batch().to_polars()
    assert isinstance(pl_frame, polars.DataFrame)
    assert pl_frame.columns == list(ROW_FIELDS)
    first = pl_frame.filter(polars.col("criterion_id") == "income").row(0, named=True)
    assert first["observed"] == "59.99"  # exact, as text, never through a float


@pytest.mark.parametrize(("module", "method"), [("pandas", "to_pandas"), ("polars", "to_polars")])
def test_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch, module: str,
                                method: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes "import module" fail
    with pytest.raises(ImportError, match=rf"ntmcriteria\[{module}\]"):
        getattr(_fixture_batch(), method)()


def test_bad_input_is_refused_clearly() -> None:
    with pytest.raises(NTMTypeError, match="units must be a sequence"):
        assess_many(CRITERIA_SET, "20345", year=YEAR)  # type: ignore[arg-type]
    with pytest.raises(NTMTypeError, match=r"units\[0\] must be a unit"):
        assess_many(CRITERIA_SET, [object()], year=YEAR)  # type: ignore[list-item]
    with pytest.raises(NTMValueError, match="repeats the code '20345'"):
        assess_many(CRITERIA_SET, [COMMUNE, COMMUNE], year=YEAR, parameters=PARAMETER_VALUES)
    with pytest.raises(NTMTypeError, match=r"assessments\[0\]"):
        Batch((1,))
    with pytest.raises(NTMValueError, match="lang must be"):
        _fixture_batch().to_dicts("fr")
