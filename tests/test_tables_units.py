"""Sheets to units: the illustrative Quảng Nam sheets of tests/data read through the csv
module, as CSV text, through pandas and through polars give the hand-built units; every
kind of bad cell is reported in one error; units -> tables -> units is the identity."""

from __future__ import annotations

import csv
import importlib.util
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ntmcriteria import Commune, District, Level, Province, Village, assess_many
from ntmcriteria.errors import NTMTypeError
from ntmcriteria.strategies import communes_for, criteria_sets, districts, indicators
from ntmcriteria.tables import (
    Table,
    TableError,
    UnitColumns,
    units_from_csv,
    units_from_table,
    units_from_tables,
    units_to_tables,
)
from tests._sheets import (
    COMMUNE_COLUMNS,
    DATA,
    DISTRICTS,
    HISTORY_COLUMNS,
    VILLAGE_COLUMNS,
    communes,
    model_set,
    text,
)


def _read(communes_table: object, villages_table: object = None, history: object = None
          ) -> tuple[Commune, ...]:
    units = units_from_table(model_set(), communes_table, villages=villages_table,
                             history=history, columns=COMMUNE_COLUMNS,
                             village_columns=VILLAGE_COLUMNS if villages_table is not None
                             else None, history_columns=HISTORY_COLUMNS)
    return units.units  # type: ignore[return-value]


# ------------------------------------------------------------------ the sheets as they are
def test_the_sheets_read_as_csv_text_give_the_hand_built_communes() -> None:
    units = units_from_csv(model_set(), text("qn_xa_2025.csv"),
                           villages=text("qn_thon_2025.csv"), history=text("qn_lich_su.csv"),
                           columns=COMMUNE_COLUMNS, village_columns=VILLAGE_COLUMNS,
                           history_columns=HISTORY_COLUMNS)
    assert units.units == communes(history=True)
    assert units.level is Level.COMMUNE
    # blanks are missing, never 0 or False: Quế Xuân 1 has no cooperative figures
    que_xuan = units.unit("20401")
    assert "effective_cooperatives" not in que_xuan.facts
    assert que_xuan.facts["income"] == Decimal("55.0")
    # decimal commas and percentages are exact numbers; "x", "đạt", "Có", "KHÔNG" are yes/no
    dien_trung = units.unit("20299")
    assert dien_trung.facts["health_insurance_rate"] == Decimal("95.1")
    assert dien_trung.facts["concentrated_production_area"] is True
    assert units.unit("20470").facts["concentrated_production_area"] is False
    # village codes repeat across communes: each village is joined on its commune's code
    assert [v.code for v in units.unit("20296").children] == ["01", "02", "03"]
    assert [v.name for v in units.unit("20299").children] == ["Thôn Đông Hòa", "Thôn Tây Hòa"]
    # the parents' codes the sheet gives are kept for the result rows
    assert units.parents["20455"] == ((Level.DISTRICT, "508"),)


def test_the_sheets_read_through_the_csv_module_give_the_hand_built_communes() -> None:
    def rows(name: str) -> list[dict[str, str]]:
        with (DATA / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    assert _read(rows("qn_xa_2025.csv"), rows("qn_thon_2025.csv"),
                 rows("qn_lich_su.csv")) == communes(history=True)


def test_the_sheets_read_through_pandas_give_the_hand_built_communes() -> None:
    pd = pytest.importorskip("pandas")
    path = DATA.__truediv__
    # as text (the way to keep leading zeros: village codes are "01", "02")
    as_text = _read(pd.read_csv(path("qn_xa_2025.csv"), dtype=str),
                    pd.read_csv(path("qn_thon_2025.csv"), dtype=str),
                    pd.read_csv(path("qn_lich_su.csv"), dtype=str))
    assert as_text == communes(history=True)
    # with pandas' own type guesses: blank cells are NaN, whole-number columns with blanks
    # are floats (3.0), codes are integers — still the same communes
    guessed = _read(pd.read_csv(path("qn_xa_2025.csv")), None,
                    pd.read_csv(path("qn_lich_su.csv")))
    assert guessed == communes(villages=False, history=True)
    # nullable dtypes: pd.NA is missing
    nullable = _read(pd.read_csv(path("qn_xa_2025.csv")).convert_dtypes())
    assert nullable == communes(villages=False)


def test_the_sheets_read_through_polars_give_the_hand_built_communes() -> None:
    pl = pytest.importorskip("polars")
    path = DATA.__truediv__
    as_text = _read(pl.read_csv(path("qn_xa_2025.csv"), infer_schema=False),
                    pl.read_csv(path("qn_thon_2025.csv"), infer_schema=False),
                    pl.read_csv(path("qn_lich_su.csv"), infer_schema=False))
    assert as_text == communes(history=True)
    guessed = _read(pl.read_csv(path("qn_xa_2025.csv")))
    assert guessed == communes(villages=False)


def test_a_table_with_a_district_column_builds_the_districts_when_asked() -> None:
    units = units_from_table(model_set(), text("qn_xa_2025.csv"), level="district",
                             columns=COMMUNE_COLUMNS)
    # the sheet lists communes; asked for districts, it makes them from its columns
    assert units.level is Level.DISTRICT
    by_code = {d.code: d for d in units}
    assert set(by_code) == {code for code, _ in DISTRICTS.values()}
    dien_ban = by_code["503"]
    assert isinstance(dien_ban, District)
    assert dien_ban.name == "Thị xã Điện Bàn"
    assert [c.code for c in dien_ban.communes] == ["20296", "20299"]


def test_tables_of_several_levels_are_joined_and_units_of_any_level_taken() -> None:
    cs = model_set()
    tables = {
        "province": [{"code": "49", "name": "Quảng Nam"}],
        "district": [{"code": "503", "name": "Thị xã Điện Bàn", "province_code": "49"}],
        "commune": [{"code": "20296", "name": "Điện Quang", "district_code": "503",
                     "income": "68,4"},
                    {"code": "20299", "name": "Điện Trung", "district_code": "503"}],
        "village": [{"code": "01", "commune_code": "20296", "in_zone_kv1": "không"},
                    {"code": "01", "commune_code": "20299"}],
    }
    provinces = units_from_tables(cs, tables, level="province")
    (province,) = provinces
    assert isinstance(province, Province)
    assert [c.code for d in province.districts for c in d.communes] == ["20296", "20299"]
    communes_ = units_from_tables(cs, tables)  # the set's level: communes
    assert [c.code for c in communes_] == ["20296", "20299"]
    assert communes_.parents["20296"] == ((Level.DISTRICT, "503"), (Level.PROVINCE, "49"))
    assert communes_.unit("20296").children == (Village(code="01", facts={
        "in_zone_kv1": False}),)
    # after 2025, provinces hold communes directly
    direct = units_from_tables(cs, {
        "province": [{"code": "49"}], "commune": [{"code": "1", "province_code": "49"}]},
        columns={"commune": UnitColumns(parent_level="province")}, level="province")
    assert [c.code for c in direct[0].communes] == ["1"]  # type: ignore[union-attr]


def test_yearly_columns_and_a_long_history_give_the_same_history() -> None:
    cs = model_set()
    wide = units_from_table(cs, [{"code": "1", "income_2019": "40,5",
                                  "Thu nhập bình quân đầu người (2020)": "42",
                                  "income 2021": 44, "poor_households năm 2021": "3"}])
    long = units_from_table(cs, [{"code": "1"}], history=[
        {"code": "1", "year": "2019", "indicator": "income", "value": "40,5"},
        {"code": "1", "year": 2020, "indicator": "Thu nhập bình quân đầu người",
         "value": "42"},
        {"code": "1", "year": "2021", "indicator": "Per-capita income", "value": 44},
        {"code": "1", "year": "2021", "indicator": "Số hộ nghèo", "value": "3"}])
    expected = Commune(code="1", history={2019: {"income": Decimal("40.5")},
                                          2020: {"income": 42},
                                          2021: {"income": 44, "poor_households": 3}})
    assert wide.units == long.units == (expected,)


def test_numpy_scalars_of_every_kind_are_read() -> None:
    np = pytest.importorskip("numpy")
    cs = model_set()
    (unit,) = units_from_table(cs, [{
        "code": "1", "concentrated_production_area": np.True_, "income": np.float32("60.1"),
        "poor_households": np.int16(3), "health_insurance_rate": np.float64(96.5),
        "hightech_cooperatives": np.uint8(1), "effective_cooperatives": np.float64("nan")}])
    assert unit.facts == {"concentrated_production_area": True, "income": Decimal("60.1"),
                          "poor_households": 3, "health_insurance_rate": Decimal("96.5"),
                          "hightech_cooperatives": 1}


# ------------------------------------------------------------------ bad sheets
_BAD_COLUMNS = UnitColumns(code="Mã xã", name="Tên xã", parent="Mã huyện", region="Vùng",
                           recognitions={"ntm": "Năm đạt chuẩn NTM"}, ignore=("STT",))


def test_every_bad_cell_of_every_sheet_is_reported_at_once_with_row_and_column() -> None:
    with pytest.raises(TableError) as caught:
        units_from_csv(model_set(), text("qn_xa_loi.csv"), villages=text("qn_thon_loi.csv"),
                       columns=_BAD_COLUMNS, village_columns=UnitColumns(
                           code="Mã thôn", name="Tên thôn", parent="Mã xã", ignore=("STT",)))
    error = caught.value
    found = {(p.table, p.row, p.column) for p in error.problems}
    value = "Giá trị sản xuất bình quân trên 01 ha đất nông nghiệp"
    income = "Thu nhập bình quân đầu người"
    insurance = "Tỷ lệ người dân tham gia bảo hiểm y tế"
    appraised = "Thôn đạt chuẩn thôn NTM kiểu mẫu theo kết quả thẩm định"
    assert found == {
        ("communes", 1, "Thu nhap binh quan nam 2014"),  # unknown column (did you mean)
        ("communes", 2, income),        # "khoảng 60": not a number
        ("communes", 3, income),        # "59,99%": a percentage for a money indicator
        ("communes", 3, insurance),     # "105%": out of bounds
        ("communes", 4, "concentrated_production_area"),  # "có thể": not yes/no
        ("communes", 4, "Số hộ nghèo"),  # "2,5" households: not whole
        ("communes", 5, "Vùng"),        # "Miền Trung": not a region
        ("communes", 5, "Năm đạt chuẩn NTM"),  # "2014a": not a year
        ("communes", 6, "Mã xã"),       # 20401 twice
        ("communes", 6, value),         # "1.23.4": bad grouping
        ("communes", 7, "Mã xã"),       # blank code
        ("communes", 7, "Số hộ nghèo"),  # -1 households
        ("villages", 3, "Mã thôn"),     # village 01 twice in commune 20296
        ("villages", 3, appraised),     # "x?"
        ("villages", 4, "Mã xã"),       # commune 20360 is not in the commune sheet
    }
    message = str(error)
    assert message.startswith("15 problems in the tables:")
    assert "row 3, column 'Thu nhập bình quân đầu người': a number in this indicator's unit, " \
           "not a percentage (got '59,99%')" in message
    assert "did you mean 'Thu nhập bình quân đầu người'?" in message
    assert "(did you mean '20350'?)" in message
    assert "row 6, column 'Mã xã': a code used once (row 5 has it too)" in message
    assert error.rows() == (1, 2, 3, 4, 5, 6, 7)
    vietnamese = error.describe("vi")
    assert vietnamese.startswith("Bảng có 15 ô không hợp lệ:")
    assert "dòng 4, cột 'Số hộ nghèo': một số nguyên >= 0 (hộ) (giá trị '2,5')" in vietnamese
    assert "(có phải '20350'?)" in vietnamese


def test_row_numbers_count_blank_lines_and_the_header_as_a_spreadsheet_does() -> None:
    sheet = "code,income\n\n1,\n2,abc\n\n\n3,x\n"
    with pytest.raises(TableError) as caught:
        units_from_csv(model_set(), sheet)
    assert [(p.row, p.value) for p in caught.value.problems] == [(4, "abc"), (7, "x")]
    # a quoted cell holding a line break is one row
    quoted = 'code,name,income\n1,"Xã\nmới",abc\n'
    with pytest.raises(TableError) as caught:
        units_from_csv(model_set(), quoted)
    assert caught.value.problems[0].row == 2


def test_mapping_errors_name_the_column() -> None:
    cs = model_set()
    with pytest.raises(TableError, match=r"'Tên huyện' the mapping names \(parent_name\) is "
                                         r"not in the table"):
        units_from_csv(cs, text("qn_xa_loi.csv"), columns=attrs.evolve(
            _BAD_COLUMNS, parent_name="Tên huyện", ignore=("STT", "Thu nhap binh quan nam 2014")))
    with pytest.raises(TableError, match="a column 'code' with the unit codes"):
        units_from_table(cs, [{"mã": "1"}])
    with pytest.raises(TableError, match="commune_code"):  # a member table needs its parent
        units_from_tables(cs, {"commune": [{"code": "1"}], "village": [{"code": "01"}]})
    with pytest.raises(TableError, match=r"the column 'income_2019' gives 'income' in 2019"):
        units_from_table(cs, [{"code": "1", "income_2019": "1",
                               "Thu nhập bình quân đầu người năm 2019": "2"}])
    with pytest.raises(TableError, match=r"one column per indicator"):
        units_from_table(cs, [{"code": "1", "income": "1", "Per-capita income": "1"}])
    # a commune's own group (its commune group, issue 12) is read from the declared column
    (grouped,) = units_from_table(cs, [{"code": "1", "Nhóm": "2"}],
                                  columns=UnitColumns(group="Nhóm"))
    assert isinstance(grouped, Commune)
    assert grouped.group == "2"
    with pytest.raises(TableError, match="a village has no region"):
        units_from_tables(cs, {"commune": [{"code": "1"}],
                               "village": [{"code": "01", "commune_code": "1",
                                            "region": "DHNTB"}]})
    with pytest.raises(TableError, match="the mapping names 'incme'.*did you mean 'income'"):
        units_from_table(cs, [{"code": "1", "Thu nhập": "3"}],
                         columns=UnitColumns(indicators={"Thu nhập": "incme"}))
    with pytest.raises(TableError, match="used once"):
        Table.from_rows([{"a": 1, " a": 2}])
    with pytest.raises(NTMTypeError, match="must be CSV text"):
        units_from_csv(cs, b"code\n1\n")  # type: ignore[arg-type]
    with pytest.raises(NTMTypeError, match="decode the bytes"):
        units_from_table(cs, b"code\n1\n")


def test_long_history_problems_name_the_row() -> None:
    cs = model_set()
    history = [
        {"code": "1", "year": "2019", "indicator": "income", "value": "40"},
        {"code": "1", "year": "2019", "indicator": "income", "value": "41"},   # twice
        {"code": "9", "year": "2019", "indicator": "income", "value": "40"},   # no unit 9
        {"code": "1", "year": "20x9", "indicator": "income", "value": "40"},   # bad year
        {"code": "1", "year": "2020", "indicator": "incom", "value": "40"},    # unknown
        {"code": "1", "year": "2020", "indicator": "income", "value": "có"},   # not a number
        {"code": "1", "year": "2021", "indicator": "income", "value": ""},     # blank: fine
    ]
    with pytest.raises(TableError) as caught:
        units_from_table(cs, [{"code": "1"}], history=history)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (3, "value"), (4, "code"), (5, "year"), (6, "indicator"), (7, "value")]
    assert "did you mean 'income'" in str(caught.value)


# ------------------------------------------------------------------ identity
def _without_empty_years(unit: Any) -> Any:
    """A history year with no fact means the same as no year; tables do not write it."""
    changes: dict[str, Any] = {"history": {y: f for y, f in unit.history.items() if f}}
    for field in ("villages", "communes", "townships", "districts"):
        if hasattr(unit, field):
            changes[field] = tuple(_without_empty_years(m) for m in getattr(unit, field))
    return attrs.evolve(unit, **changes)


#: pandas where it is installed (the dev extras; the README's test command has the test extra)
_VIA = st.sampled_from(["rows", "csv", *(["pandas"] if importlib.util.find_spec("pandas")
                                         else [])])


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), history=st.sampled_from(["long", "wide"]), via=_VIA)
def test_units_to_tables_to_units_is_the_identity(data: st.DataObject, history: str,
                                                  via: str) -> None:
    cs = data.draw(criteria_sets(level="commune"))
    units = data.draw(st.lists(communes_for(cs, years=(2019, 2020)), min_size=1, max_size=4,
                               unique_by=lambda c: c.code))
    back = _round_trip(cs, units, history, via)
    assert back == tuple(_without_empty_years(u) for u in units)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), via=_VIA)
def test_districts_to_tables_to_districts_is_the_identity(data: st.DataObject, via: str
                                                          ) -> None:
    inds = data.draw(indicators(max_size=3))
    units = data.draw(st.lists(districts(indicators=inds), min_size=1, max_size=3,
                               unique_by=lambda d: d.code))
    # a commune sheet joins villages on the commune code: the same commune code under two
    # districts is ambiguous there (the reader refuses it), so the identity needs them apart
    codes = [c.code for d in units for c in d.communes]
    assume(len(codes) == len(set(codes)))
    cs = data.draw(criteria_sets(level="district", indicators=inds, max_depth=1))
    back = _round_trip(cs, units, "long", via)
    assert back == tuple(_without_empty_years(u) for u in units)


def _round_trip(cs: Any, units: list[Any], history: str, via: str) -> tuple[Any, ...]:
    tables = units_to_tables(units, criteria_set=cs, history=history)
    level = units[0].level
    if via == "rows":
        given: dict[Any, Any] = dict(tables.tables)
        hist: Any = tables.history or None
    else:
        frames: dict[str, Any] = (tables.to_csv() if via == "csv" else tables.to_pandas())
        names = {"villages": "village", "communes": "commune", "districts": "district",
                 "townships": "township", "provinces": "province"}
        given = {names[k]: v for k, v in frames.items() if k != "history"}
        hist = frames.get("history")
    return units_from_tables(cs, given, history=hist, level=level).units


def test_the_round_trip_keeps_leading_zeros_diacritics_and_exact_decimals() -> None:
    unit = Commune(code="00012", name="Xã Tam Thanh", region="DHNTB", facts={
        "income": Decimal("0.10"), "poor_households": 0, "concentrated_production_area": False},
        history={2014: {"income": Decimal("28.50")}}, recognitions={"ntm": 2014},
        villages=(Village(code="01", name="Thôn Hà Dừa", zone="KV1"),))
    tables = units_to_tables([unit], criteria_set=model_set())
    csv_text = tables.to_csv()
    assert "0,10" in csv_text["communes"]
    assert "không" in csv_text["communes"]
    assert csv_text["villages"].splitlines()[1].startswith("01,Thôn Hà Dừa,00012")
    back = units_from_tables(model_set(), {"commune": csv_text["communes"],
                                           "village": csv_text["villages"]},
                             history=csv_text["history"])
    assert back.units == (unit,)
    assert str(back.units[0].facts["income"]) == "0.10"
    wide = units_to_tables([unit], history="wide")
    assert "income_2014" in wide.columns[Level.COMMUNE]


def test_units_read_from_a_sheet_assess_like_hand_built_ones() -> None:
    from ntmcriteria.catalog import illustrative_parameters

    cs = model_set()
    units = units_from_csv(cs, text("qn_xa_2025.csv"), villages=text("qn_thon_2025.csv"),
                           columns=COMMUNE_COLUMNS, village_columns=VILLAGE_COLUMNS)
    parameters = illustrative_parameters(cs)
    read = assess_many(cs, units, year=2025, parameters=parameters)
    built = assess_many(cs, communes(), year=2025, parameters=parameters)
    assert [[r.outcome for r in a] for a in read] == [[r.outcome for r in a] for a in built]


def test_a_district_set_reads_districts_with_their_communes_and_villages() -> None:
    from ntmcriteria.catalog import get

    district_set = get("qn.district.model.2021-2025")
    units = units_from_table(
        district_set, [{"code": "503", "name": "Thị xã Điện Bàn"}],
        communes=[{"code": "20296", "district_code": "503", "income": "50"}],
        villages=[{"code": "01", "commune_code": "20296"}])
    (district,) = units
    assert isinstance(district, District)
    assert district.communes == (Commune(code="20296", facts={"income": 50},
                                         villages=(Village(code="01"),)),)
    # a commune sheet alone makes the districts its district column names
    made = units_from_table(district_set, [{"code": "20296", "district_code": "503",
                                            "district_name": "Thị xã Điện Bàn"}],
                            table_level="commune",
                            columns=UnitColumns(parent_name="district_name"))
    assert made.units == (District(code="503", name="Thị xã Điện Bàn",
                                   communes=(Commune(code="20296"),)),)
    assert assess_many(district_set, made, year=2024).assessments[0].unit == made.units[0]


@pytest.mark.parametrize(("text", "reason"), [
    ('Mã xã,Tên xã\n"1,A\n2,B\n', r'a quote \(\"\) is opened and never closed'),
    ('Mã xã,Tên xã\n"1"x,A\n', r"',' expected after '\"'"),
    ("Mã xã,Tên xã\n1," + "x" * 200_000 + "\n",
     r"a cell is longer than 131,072 characters"),
])
def test_malformed_csv_is_refused_naming_the_sheet_and_row(text: str, reason: str) -> None:
    # (an open quote swallowed the rest of the sheet into one cell; an over-long cell was
    # a bare csv.Error)
    from ntmcriteria.errors import NTMValueError
    from ntmcriteria.tables import Table

    with pytest.raises(NTMValueError, match=r"^xa\.csv: malformed CSV at row 2 \(line \d\): "
                                            + reason):
        Table.from_csv(text, "xa.csv")
    # a quote inside a cell that is not quoted is text, as spreadsheets write it
    assert list(Table.from_csv('Mã xã,Tên xã\n1,Xã "Tam"\n', "xa.csv").column("Tên xã")) == \
        ['Xã "Tam"']
