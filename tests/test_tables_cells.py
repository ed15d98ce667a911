"""Cells as an office types them: missing, yes/no words, decimal commas, thousands,
percentages, NumPy and pandas scalars — exact, never through a binary float."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria import Indicator
from ntmcriteria.strategies import indicators, values_for
from ntmcriteria.tables import (
    FALSE_WORDS,
    TRUE_WORDS,
    CellError,
    format_cell,
    is_missing,
    parse_number,
    read_value,
)
from ntmcriteria.tables.cells import read_code, read_region, read_year

PERCENT = Indicator(key="rate", label_vi="Tỷ lệ", label_en="Rate", measure="percent",
                    value_type="decimal")
MONEY = Indicator(key="income", label_vi="Thu nhập", label_en="Income",
                  measure="million_vnd_per_person_year", value_type="decimal", minimum=0)
COUNT = Indicator(key="n", label_vi="Số hộ", label_en="Households", measure="households",
                  value_type="integer")
FLAG = Indicator(key="ok", label_vi="Đạt", label_en="Met", measure="yes_no",
                 value_type="boolean")


@pytest.mark.parametrize("cell", [None, "", "   ", "-", "—", "N/A", "#N/A", "nan", "NaN",
                                  "null", float("nan"), Decimal("NaN")])
def test_blank_cells_are_missing_for_every_kind_of_indicator(cell: object) -> None:
    for indicator in (PERCENT, MONEY, COUNT, FLAG):
        assert read_value(cell, indicator) is None


def test_numpy_and_pandas_missing_values_are_missing() -> None:
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    for cell in (np.nan, np.float32("nan"), np.float16("nan"), pd.NA, pd.NaT):
        assert is_missing(cell)
    assert not is_missing(np.float32(0))
    assert not is_missing(0)
    assert not is_missing("không")  # "no" is a value, not a blank


@pytest.mark.parametrize(("text", "value"), [
    ("59,99", Decimal("59.99")), ("59.99", Decimal("59.99")), ("1.234.567", 1234567),
    ("1 234 567", 1234567), ("1\u00a0234\u00a0567,5", Decimal("1234567.5")),
    ("1.234,5", Decimal("1234.5")), ("1.234", 1234), ("0,1", Decimal("0.1")),
    ("-3", -3), ("+2,50", Decimal("2.50")), ("007", 7),
    ("12345678901234567890,123456789", Decimal("12345678901234567890.123456789")),
])
def test_numbers_are_parsed_exactly_with_the_decimal_comma(text: str, value: object) -> None:
    parsed = parse_number(text)
    assert parsed == value
    assert type(parsed) is type(value)
    assert str(parsed) == str(value)  # the written scale is kept: 2,50 is 2.50


def test_with_a_decimal_point_the_roles_of_comma_and_point_swap() -> None:
    assert parse_number("1,234", ".") == 1234
    assert parse_number("1,234.5", ".") == Decimal("1234.5")
    assert parse_number("59,99", ".") == Decimal("59.99")  # a comma that cannot group
    with pytest.raises(CellError):
        parse_number("1.234,5", ".")


@pytest.mark.parametrize("text", ["1,234.5", "12.34.56", "5,", "1e3", "abc", "1,2,3",
                                  "khoảng 40", "40 triệu", "", "--1"])
def test_text_that_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(CellError):
        parse_number(text)


def test_percentages_and_units() -> None:
    assert read_value("96,5%", PERCENT) == Decimal("96.5")
    assert read_value("94 %", PERCENT) == 94
    with pytest.raises(CellError, match="not a percentage"):
        read_value("59,99%", MONEY)  # a value in the wrong unit
    with pytest.raises(CellError, match="from 0 to 100"):
        read_value("105%", PERCENT)
    with pytest.raises(CellError, match=">= 0"):
        read_value("-1", MONEY)


def test_whole_numbers() -> None:
    assert read_value("3", COUNT) == 3
    assert read_value(3.0, COUNT) == 3  # pandas gives 3.0 in a column with blanks
    assert type(read_value(Decimal("3.0"), COUNT)) is int
    for bad in ("2,5", 2.5, "có"):
        with pytest.raises(CellError, match="whole number"):
            read_value(bad, COUNT)
    with pytest.raises(CellError, match="not a yes/no"):
        read_value(True, COUNT)


@pytest.mark.parametrize("word", [*sorted(TRUE_WORDS), "CÓ", " Có ", "Đạt", "X", "TRUE"])
def test_yes_words(word: str) -> None:
    assert read_value(word, FLAG) is True


@pytest.mark.parametrize("word", [*sorted(FALSE_WORDS), "KHÔNG", "Không đạt", "No"])
def test_no_words(word: str) -> None:
    assert read_value(word, FLAG) is False


def test_yes_no_values_of_every_kind() -> None:
    np = pytest.importorskip("numpy")
    for yes in (True, 1, 1.0, Decimal(1), np.True_, np.int64(1)):
        assert read_value(yes, FLAG) is True
    for no in (False, 0, 0.0, np.False_, np.uint8(0)):
        assert read_value(no, FLAG) is False
    for bad in ("có thể", "2", 2, "x?", "yes!"):
        with pytest.raises(CellError, match="yes/no"):
            read_value(bad, FLAG)
    with pytest.raises(CellError, match="not a yes/no"):
        read_value(True, MONEY)


def test_numpy_scalars_of_every_kind_are_exact() -> None:
    np = pytest.importorskip("numpy")
    assert read_value(np.float32("60.1"), MONEY) == Decimal("60.1")
    assert read_value(np.float16("0.5"), MONEY) == Decimal("0.5")
    assert read_value(np.float64(59.99), MONEY) == Decimal("59.99")
    assert read_value(np.longdouble("96.5"), PERCENT) == Decimal("96.5")
    for kind in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
                 np.uint64):
        assert read_value(kind(7), COUNT) == 7
    assert read_value(np.str_("59,99"), MONEY) == Decimal("59.99")


def test_codes_years_and_regions() -> None:
    assert read_code(" 20296 ") == "20296"
    assert read_code(20296) == "20296"
    with pytest.raises(CellError, match="dtype=str"):
        read_code(20296.0)  # a float code lost its text (and maybe its leading zeros)
    assert read_year("2019") == 2019
    assert read_year(2019.0) == 2019
    for bad in ("2019a", "19", 1800, "2019,5"):
        with pytest.raises(CellError, match="a year"):
            read_year(bad)
    assert read_region("Duyên hải Nam Trung Bộ").value == "DHNTB"
    assert read_region("dhntb").value == "DHNTB"
    assert read_region("ĐBSH").value == "DBSH"
    assert read_region("ĐBSCL").value == "DBSCL"
    assert read_region("South Central Coast").value == "DHNTB"
    with pytest.raises(CellError, match="a region"):
        read_region("Miền Trung")


@given(data=st.data(), decimal=st.sampled_from([",", "."]), lang=st.sampled_from(["vi", "en"]))
def test_a_written_cell_reads_back_to_the_same_value(data: st.DataObject, decimal: str,
                                                     lang: str) -> None:
    (indicator,) = data.draw(indicators(min_size=1, max_size=1))
    value = data.draw(values_for(indicator))
    text = format_cell(value, decimal, lang)
    back = read_value(text, indicator, decimal)
    assert back == value
    assert type(back) is type(value) or isinstance(value, Decimal)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=0,
                   max_value=10**12))
def test_decimal_text_never_goes_through_a_float(value: Decimal) -> None:
    text = format_cell(value)
    back = read_value(text, MONEY)
    assert back == value
    if isinstance(back, Decimal) and value != value.to_integral_value():
        assert back.as_tuple().exponent == value.as_tuple().exponent
    assert not math.isnan(float(value))
