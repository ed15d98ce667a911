"""The usual headers of an office's sheets are recognised; numbered rows of a grid (an
Excel worksheet) keep their row numbers."""

from __future__ import annotations

import csv
import io

import pytest

from ntmcriteria.errors import NTMTypeError
from ntmcriteria.tables import (
    HistoryColumns,
    Table,
    TableError,
    UnitColumns,
    guess_columns,
    guess_history_columns,
    units_from_tables,
)
from ntmcriteria.units import Tier
from tests._sheets import COMMUNE_COLUMNS, HISTORY_COLUMNS, VILLAGE_COLUMNS, model_set, text


def _header(name: str) -> list[str]:
    return next(csv.reader(io.StringIO(text(name), newline="")))


def test_the_test_sheets_headers_give_the_mappings_written_by_hand() -> None:
    assert guess_columns(_header("qn_xa_2025.csv"), "commune") == COMMUNE_COLUMNS
    village = guess_columns(_header("qn_thon_2025.csv"), "village")
    for field in ("code", "name", "parent", "ignore"):
        assert getattr(village, field) == getattr(VILLAGE_COLUMNS, field)
    history = guess_history_columns(_header("qn_lich_su.csv"))
    for field in ("code", "year", "indicator", "value"):
        assert getattr(history, field) == getattr(HISTORY_COLUMNS, field)


def test_english_keys_level_names_and_what_is_left_to_the_defaults() -> None:
    found = guess_columns(["code", "name", "district_code", "region", "ntm_year", "income"],
                          "commune")
    assert found == UnitColumns(parent="district_code", recognitions={"ntm": "ntm_year"})
    words = guess_columns(["Commune code", "commune name", "District code", "District name",
                           "Năm đạt chuẩn nông thôn mới kiểu mẫu", "TT", "Notes"], "commune")
    assert (found.code, words.code, words.name, words.parent, words.parent_name) == (
        "code", "Commune code", "commune name", "District code", "District name")
    assert words.recognitions == {Tier.MODEL: "Năm đạt chuẩn nông thôn mới kiểu mẫu"}
    assert words.ignore == ("TT", "Notes")
    # a village has no region: a "Vùng" column stays an indicator column (an error later)
    assert guess_columns(["Mã thôn", "Vùng"], "village").region == "region"
    # a province's communes after 2025: the parent is a province
    spec = guess_columns(["Mã xã", "Mã tỉnh", "Tên tỉnh"], "commune",
                         declared=UnitColumns(parent_level="province"),
                         declared_fields=("parent_level",))
    assert (spec.parent, spec.parent_name, spec.parent_level.value) == (  # type: ignore[union-attr]
        "Mã tỉnh", "Tên tỉnh", "province")


def test_a_declared_mapping_wins_over_the_guess() -> None:
    header = ["Mã ĐVHC", "Mã xã", "Tên xã", "STT", "Cột phụ"]
    spec = guess_columns(header, "commune", declared=UnitColumns(code="Mã ĐVHC",
                                                                  ignore=("Cột phụ",)),
                         declared_fields=("code", "ignore"))
    assert (spec.code, spec.name) == ("Mã ĐVHC", "Tên xã")
    assert spec.ignore == ("STT", "Cột phụ")
    every = guess_columns(header, "commune", declared=UnitColumns(code="Mã ĐVHC"))
    # all fields declared: nothing guessed but the columns to ignore (the lists are merged)
    assert every == UnitColumns(code="Mã ĐVHC", ignore=("STT",))
    assert guess_history_columns(["Mã", "Năm", "Chỉ tiêu", "Số liệu"], declared=HistoryColumns(
        value="Số liệu"), declared_fields=("value",)).value == "Số liệu"
    with pytest.raises(NTMTypeError, match="header must be a sequence"):
        guess_columns("Mã xã", "commune")
    with pytest.raises(NTMTypeError, match="a column name must be a string"):
        guess_columns(["Mã xã", 3], "commune")  # type: ignore[list-item]


def test_a_grid_keeps_the_row_numbers_a_worksheet_shows() -> None:
    grid: list[tuple[int, list[object]]] = [
        (3, ["Mã xã", "Tên xã", "Số hộ nghèo"]), (4, ["01", "Tam Thanh", 2]),
            (7, ["02", "Tam Phú"]), (8, ["03", "Tam An", "x", None, "thừa"])]
    with pytest.raises(TableError) as caught:
        Table.from_grid(grid, "xa.xlsx")
    (problem,) = caught.value.problems
    assert (problem.table, problem.row) == ("xa.xlsx", 8)  # a cell beyond the header
    table = Table.from_grid(grid[:3], "xa.xlsx")
    assert table.rows == [4, 7]
    assert table.column("Số hộ nghèo") == [2, None]  # a short row: blank cells at its end
    assert Table.from_grid([], "x").columns == ()
    bad: list[tuple[int, list[object]]] = [(3, ["Mã xã", "Số hộ nghèo"]), (9, ["01", "nhiều"])]
    with pytest.raises(TableError) as caught:
        units_from_tables(model_set(), {"commune": Table.from_grid(bad, "xa.xlsx")},
                          columns={"commune": guess_columns(["Mã xã", "Số hộ nghèo"],
                                                            "commune")})
    assert "xa.xlsx, row 9, column 'Số hộ nghèo'" in str(caught.value)
