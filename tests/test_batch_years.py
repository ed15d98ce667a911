"""Assessing units of different years in one call: ``year=`` one per unit.

A province's table lists communes assessed in different years (each in the year it
applies for). ``assess_records``, ``assess_columns`` and ``assess_many`` take one
year per unit; each unit's verdicts are those of assessing it alone in its year,
windows and history included, and a bad year names its position.
"""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from typing import Any

import pytest

from ntmcriteria import assess_columns, assess_many, assess_records
from ntmcriteria.errors import NTMTypeError, NTMValueError, PeriodError
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import fact, held_each_year, meets, share, yes
from ntmcriteria.units import Commune, Village
from tests._helpers_testing import ind, make_set

_NUMPY = importlib.util.find_spec("numpy") is not None

INDICATORS = (ind("p"), ind("ok", "boolean"))
CS = make_set(INDICATORS, fact("p") >= 50, held_each_year(fact("p") >= 40, years=2),
              share("village", yes("ok"), at_least=50))
YEARS = [2022, 2023, 2025, 2023, 2024]


def _record(index: int) -> dict[str, Any]:
    """A commune whose facts differ by year, so that the year assessed matters."""
    return {"code": f"c{index}", "facts": {"p": 45 + 3 * index},
            "history": {str(2021 + k): {"p": 30 + 5 * k + index} for k in range(5)},
            "villages": [{"code": f"c{index}v{k}", "facts": {"ok": (index + k) % 2 == 0}}
                         for k in range(index % 3 + 1)]}


RECORDS = [_record(i) for i in range(len(YEARS))]


def _alone(record: dict[str, Any], year: int) -> dict[str | None, Outcome]:
    verdicts = assess_records(CS, [record], year=year)
    out: dict[str | None, Outcome] = {c.id: verdicts.outcomes(c.id)[0] for c in CS.criteria}
    out[None] = verdicts.outcomes()[0]
    return out


def test_each_record_has_the_verdicts_of_its_own_year() -> None:
    verdicts = assess_records(CS, RECORDS, year=YEARS)
    assert verdicts.years == tuple(YEARS)
    for index, (record, year) in enumerate(zip(RECORDS, YEARS, strict=True)):
        expected = _alone(record, year)
        got: dict[str | None, Outcome] = {c.id: verdicts.outcomes(c.id)[index]
                                          for c in CS.criteria}
        got[None] = verdicts.outcomes()[index]
        assert got == expected, (index, year)
        # the assessment built on demand is in the unit's year, and agrees
        assessment = verdicts.assessment(index)
        assert assessment.year == year
        assert assessment.outcome is expected[None]
    # the year assessed changes verdicts here (else the test would prove nothing)
    assert len({tuple(_alone(r, y).values()) for r in RECORDS for y in (2022, 2025)}) > 1
    assert any(_alone(r, 2022) != _alone(r, 2025) for r in RECORDS)


def test_rows_name_each_units_year() -> None:
    rows = assess_records(CS, RECORDS, year=YEARS).to_dicts("en")
    assert {(r["unit_code"], r["year"]) for r in rows} == {
        (f"c{i}", y) for i, y in enumerate(YEARS)}


def test_one_year_for_all_is_the_year_of_the_verdicts() -> None:
    same = assess_records(CS, RECORDS, year=[2023] * len(RECORDS))
    assert same.year == 2023
    assert same.column() == assess_records(CS, RECORDS, year=2023).column()
    mixed = assess_records(CS, RECORDS, year=YEARS)
    with pytest.raises(NTMValueError, match="years of their own"):
        _ = mixed.year


def test_unit_objects_and_columns_take_a_year_per_unit() -> None:
    communes = [Commune(code=f"u{i}", facts={"p": Decimal(40 + 10 * i)},
                        history={2021: {"p": Decimal(45)}, 2022: {"p": Decimal(35)}},
                        villages=(Village(code=f"u{i}v", facts={"ok": True}),))
                for i in range(3)]
    years = (2023, 2022, 2023)
    batch = assess_many(CS, communes, year=years)
    for unit, year, assessment in zip(communes, years, batch.assessments, strict=True):
        assert assessment.year == year
        assert assessment.outcome is CS.assess(unit, year=year).outcome
    data = {"code": ["a", "b", "c"], "p": [60, 40, None]}
    if _NUMPY:
        import numpy as np

        column_years: Any = np.array([2021, 2025, 2023])
    else:
        column_years = [2021, 2025, 2023]
    verdicts = assess_columns(make_set(INDICATORS, fact("p") >= 50), data, year=column_years)
    assert verdicts.years == (2021, 2025, 2023)
    assert verdicts.outcomes("c1") == [Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN]


@pytest.mark.parametrize(("years", "error", "message"), [
    ([2022], NTMValueError, r"one year per unit is needed \(5 units, got 1 years\)"),
    ([2022, 2023, 2023, True, 2022], NTMTypeError, r"year\[3\]: year must be a year"),
    ([2022, None, 2023, 2023, 2022], NTMTypeError, r"year\[1\]: .*None"),
    ("2022", NTMTypeError, "year must be a year as an int"),
])
def test_a_bad_year_names_its_position(years: Any, error: type[Exception], message: str
                                       ) -> None:
    with pytest.raises(error, match=message):
        assess_records(CS, RECORDS, year=years)


def test_a_year_outside_the_period_names_the_unit_and_keeps_the_error_fields() -> None:
    with pytest.raises(PeriodError, match=r"year\[2\]: year 2030 is outside") as caught:
        assess_records(CS, RECORDS, year=[2022, 2023, 2030, 2023, 2024])
    assert caught.value.set_id == CS.id
    assert caught.value.year == 2030
    verdicts = assess_records(CS, RECORDS, year=[2022, 2023, 2030, 2023, 2024],
                              allow_outside_period=True)
    assert verdicts.years[2] == 2030
    assert [o.year for o in verdicts.outside_period] == [2030]


def test_no_units_with_no_years() -> None:
    assert len(assess_records(CS, [], year=[])) == 0


@pytest.mark.skipif(not _NUMPY, reason="needs numpy")
def test_a_numpy_integer_is_a_year_and_a_numpy_yes_no_is_not() -> None:
    import numpy as np

    from ntmcriteria._values import to_year

    cell: Any = np.int64(2023)  # a year read from an array or a frame
    one = assess_records(CS, RECORDS, year=cell)
    assert one.year == 2023
    assert one.column() == assess_records(CS, RECORDS, year=2023).column()
    assert to_year(np.uint16(2024), "year") == 2024
    for bad in (np.bool_(True), np.float64(2024.0), np.array([2024])):
        with pytest.raises(NTMTypeError, match="year must be a year as an int"):
            to_year(bad, "year")


def test_members_verdicts_are_those_of_the_set_evaluated_on_them() -> None:
    """``Verdicts.members(level)`` reads the set evaluated on the members (the one the
    assessed set refers to), its criteria, rows and assessments, each in its year."""
    commune = make_set(INDICATORS, fact("p") >= 50, id="commune-set")
    district = make_set(INDICATORS, share("commune", meets("commune-set"), at_least=50),
                        level="district", references=(commune,), id="district-set")
    records = [{"code": f"d{i}", "communes": [
        {"code": f"d{i}c{k}", "facts": {"p": 40 + 20 * k},
         "history": {"2022": {"p": 90}}} for k in range(2)]} for i in range(3)]
    verdicts = assess_records(district, records, year=[2022, 2023, 2024])
    members = verdicts.members("commune")
    assert members.criteria_set is commune
    assert members.years == (2022, 2022, 2023, 2023, 2024, 2024)
    assert members.outcomes("c1") == [Outcome.FAIL, Outcome.PASS] * 3
    for assessment, year in zip(members.assessments(), members.years, strict=True):
        assert assessment.year == year
        assert assessment.criteria_set is commune
        assert assessment.outcome is commune.assess(assessment.unit, year=year).outcome
    assert [row["criterion_id"] for row in members.to_dicts()] == ["c1"] * 6


@pytest.mark.parametrize(("index", "error", "message"), [
    (5, NTMValueError, r"index must be in 0\.\.4, the position of one of the 5 units \(got 5\)"),
    (-1, NTMValueError, r"index must be in 0\.\.4"),
    (True, NTMTypeError, "index must be an int"),
    ("0", NTMTypeError, "index must be an int"),
    (1.0, NTMTypeError, "index must be an int"),
])
def test_a_unit_is_asked_for_by_its_position(index: Any, error: type[Exception],
                                             message: str) -> None:
    verdicts = assess_records(CS, RECORDS, year=YEARS)
    for ask in (verdicts.row, verdicts.assessment):
        with pytest.raises(error, match=message):
            ask(index)
    assert verdicts.row(4) == {c.id: verdicts.outcomes(c.id)[4] for c in CS.criteria}
    assert verdicts.assessment(4).unit.code == "c4"
