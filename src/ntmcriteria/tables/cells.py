"""Cells of a sheet as exact values: what a provincial office types, read as it means it.

- **Missing**: a blank cell, ``None``, NaN (float or NumPy), ``pandas.NA`` /
  ``NaT``, and the texts ``-``, ``–``, ``—``, ``N/A``, ``#N/A``, ``NA``, ``NaN``,
  ``null``, ``none`` are *missing*: the fact is UNKNOWN, never 0 or False.
- **Yes/no** (only where the indicator is yes/no): ``có`` / ``không``, ``x``,
  ``đạt`` / ``không đạt`` / ``chưa đạt``, ``đúng`` / ``sai``, ``yes`` / ``no``,
  ``y`` / ``n``, ``true`` / ``false``, ``1`` / ``0`` (any case, with or without
  diacritics), Python and NumPy booleans, and the numbers 1 and 0.
- **Numbers**: text is parsed digit by digit into a ``Decimal``, never through
  a binary float. With the Vietnamese convention (``decimal=","``, the default)
  ``59,99`` is 59.99 and ``1.234.567`` or ``1 234 567`` are thousands;
  ``1.234,5`` is 1234.5. A lone ``.`` that cannot group thousands (``59.99``)
  is a decimal point; a lone ``.`` before exactly three digits (``1.234``) groups
  thousands. ``decimal="."`` mirrors this. ``96,5%`` is 96.5 where the indicator
  is a percentage (and refused elsewhere: a value in the wrong unit). Python
  ints, floats (through their shortest repr), Decimals and every NumPy scalar
  are accepted; whole-number indicators get ``int``; bounds are checked.

Each reader raises :class:`CellError` with what was expected (English and
Vietnamese); the table readers collect them into one
:class:`~ntmcriteria.tables.problems.TableError`.
"""

from __future__ import annotations

import datetime
import math
import numbers
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from ntmcriteria._values import Value, exact, exact_number
from ntmcriteria.errors import NTMError
from ntmcriteria.indicators import Indicator, Measure, ValueType
from ntmcriteria.units import Region, Tier

__all__ = [
    "FALSE_WORDS",
    "MISSING_TEXTS",
    "TRUE_WORDS",
    "CellError",
    "CellReader",
    "format_cell",
    "is_missing",
    "parse_number",
    "read_boolean",
    "read_code",
    "read_date",
    "read_region",
    "read_tier",
    "read_value",
    "read_year",
    "reader_for",
]

#: Texts that mean "no value" (compared case-insensitively, spaces stripped).
MISSING_TEXTS = frozenset({"", "-", "–", "—", "n/a", "#n/a", "na", "nan", "null", "none"})
#: Texts read as yes / no for a yes/no indicator (compared after NFC and casefold).
TRUE_WORDS = frozenset({"có", "co", "x", "đạt", "dat", "đúng", "dung", "yes", "y", "true",
                        "1", "✓", "✔"})
FALSE_WORDS = frozenset({"không", "khong", "không có", "khong co", "không đạt", "khong dat",
                         "chưa đạt", "chua dat", "sai", "no", "n", "false", "0"})
#: Years accepted in a sheet.
YEARS = (1900, 2200)

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})
_NUMBER = re.compile(r"[+-]?[0-9][0-9., ']*")
_GROUPED = re.compile(r"[0-9]{1,3}(?:[., '][0-9]{3})+")


class CellError(NTMError, ValueError):
    """A cell that cannot be read: ``expected`` (English) and ``expected_vi`` say what
    it should hold."""

    def __init__(self, expected: str, expected_vi: str = "") -> None:
        self.expected = expected
        self.expected_vi = expected_vi or expected
        super().__init__(expected)


class _WrongUnitError(CellError):
    """A value of another unit or kind (a percentage, a yes/no) for a number: its message
    is kept as is."""


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def is_missing(value: object) -> bool:
    """Whether a cell holds no value (see the module docstring)."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().casefold() in MISSING_TEXTS
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, Decimal):
        return value.is_nan()
    kind = type(value)
    if kind.__name__ in ("NAType", "NaTType"):  # pandas.NA, pandas.NaT
        return True
    if kind.__module__ == "numpy" and isinstance(value, numbers.Real):
        return bool(value != value)  # NaN is the one value unequal to itself
    return False


# ------------------------------------------------------------------ numbers
def parse_number(text: str, decimal: str = ",") -> Decimal | int:
    """``text`` as an exact number with the ``decimal`` separator (``","`` or ``"."``).

    >>> from ntmcriteria.tables import parse_number
    >>> parse_number("59,99"), parse_number("1.234.567"), parse_number("59.99")
    (Decimal('59.99'), 1234567, Decimal('59.99'))
    """
    if decimal not in (",", "."):
        raise CellError(f"decimal must be ',' or '.' (got {decimal!r})")
    t = text.translate(_SPACES).strip()
    if not _NUMBER.fullmatch(t):
        raise CellError("a number", "một số")
    sign = ""
    if t[0] in "+-":
        sign, t = ("-" if t[0] == "-" else ""), t[1:].lstrip()
    other = "." if decimal == "," else ","
    whole, frac = t, ""
    n_dec, n_other = t.count(decimal), t.count(other)
    if n_dec == 1:
        whole, frac = t.split(decimal)
        if not frac:
            raise CellError("a number", "một số")
    elif n_dec > 1:
        if n_other or not _GROUPED.fullmatch(t):
            raise _bad_grouping()
    elif n_other == 1 and not _GROUPED.fullmatch(t):
        whole, frac = t.split(other)  # "59.99" cannot group thousands: a decimal point
        if not frac:
            raise CellError("a number", "một số")
    if other in frac or decimal in frac or " " in frac or "'" in frac:
        raise _bad_grouping()
    if any(sep in whole for sep in ".,' ") and not _GROUPED.fullmatch(whole):
        raise _bad_grouping()
    digits = whole.replace(",", "").replace(".", "").replace(" ", "").replace("'", "")
    if not digits or (frac and not frac.isdigit()):
        raise CellError("a number", "một số")
    if not frac:
        return int(sign + digits)
    return Decimal(f"{sign}{digits}.{frac}")


def _bad_grouping() -> CellError:
    return CellError("a number with a decimal comma (59,99) and thousands grouped by 3 "
                   "(1.234.567)", "một số với dấu phẩy thập phân (59,99), phân cách hàng nghìn "
                   "theo nhóm 3 chữ số (1.234.567)")


def _what(indicator: Indicator) -> tuple[str, str]:
    """What a cell of ``indicator`` must hold, in English and Vietnamese."""
    if indicator.value_type is ValueType.BOOLEAN:
        return ("yes/no (có/không, x, đạt/không đạt, yes/no, true/false, 1/0)",
                "có/không (có/không, x, đạt/không đạt, 1/0)")
    low, high = indicator.bounds
    whole = indicator.value_type is ValueType.INTEGER
    en = "a whole number" if whole else "a number"
    vi = "một số nguyên" if whole else "một số"
    if low is not None and high is not None:
        en, vi = f"{en} from {low} to {high}", f"{vi} từ {low} đến {high}"
    elif low is not None:
        en, vi = f"{en} >= {low}", f"{vi} >= {low}"
    elif high is not None:
        en, vi = f"{en} <= {high}", f"{vi} <= {high}"
    if indicator.measure.symbol_en:
        en += f" ({indicator.measure.symbol_en})"
        vi += f" ({indicator.measure.symbol_vi})"
    return en, vi


def read_boolean(value: object) -> bool:
    """A yes/no cell (not missing) as a bool; :class:`CellError` otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        folded = _fold(value)
        if folded in TRUE_WORDS:
            return True
        if folded in FALSE_WORDS:
            return False
    else:
        try:
            exact_value = exact(value, "cell")
        except NTMError:
            exact_value = None
        if isinstance(exact_value, bool):
            return exact_value
        if exact_value is not None and exact_value in (0, 1):
            return exact_value == 1
    raise CellError("yes/no (có/không, x, đạt/không đạt, yes/no, true/false, 1/0)",
                  "có/không (có/không, x, đạt/không đạt, 1/0)")


def _number_value(value: object, decimal: str, percent_ok: bool) -> Decimal | int:
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            if not percent_ok:
                raise _WrongUnitError("a number in this indicator's unit, not a percentage",
                              "một số theo đơn vị của chỉ tiêu, không phải tỷ lệ %")
            text = text[:-1]
        return parse_number(text, decimal)
    if isinstance(value, bool) or type(value).__name__ in ("bool", "bool_"):
        raise _WrongUnitError("a number, not a yes/no value", "một số, không phải có/không")
    try:
        return exact_number(value, "cell")
    except NTMError:
        raise CellError("a number", "một số") from None


def _numeric_reader(indicator: Indicator, decimal: str) -> Callable[[object], Value]:
    en, vi = _what(indicator)
    whole = indicator.value_type is ValueType.INTEGER
    low, high = indicator.bounds
    percent_ok = indicator.measure is Measure.PERCENT

    def read(value: object) -> Value:
        try:
            number = _number_value(value, decimal, percent_ok)
        except _WrongUnitError:
            raise
        except CellError:
            raise CellError(en, vi) from None
        if whole and isinstance(number, Decimal):
            if number != number.to_integral_value():
                raise CellError(en, vi)
            number = int(number)
        if (low is not None and number < low) or (high is not None and number > high):
            raise CellError(en, vi)
        return number

    return read


def _boolean_reader(indicator: Indicator, decimal: str) -> Callable[[object], Value]:
    return read_boolean


#: A reader of one column: a cell (not missing) to a value, or :class:`CellError`.
CellReader = Callable[[object], Any]


def reader_for(indicator: Indicator, decimal: str = ",") -> CellReader:
    """The reader of the cells of ``indicator`` (missing cells are not given to it)."""
    if decimal not in (",", "."):
        raise CellError(f"decimal must be ',' or '.' (got {decimal!r})")
    if indicator.value_type is ValueType.BOOLEAN:
        return _boolean_reader(indicator, decimal)
    return _numeric_reader(indicator, decimal)


def read_value(value: object, indicator: Indicator, decimal: str = ",") -> Value | None:
    """One cell of ``indicator`` as an exact value, or None when it is missing."""
    if is_missing(value):
        return None
    result: Value = reader_for(indicator, decimal)(value)
    return result


# ------------------------------------------------------------------ other cells
def read_code(value: object) -> str:
    """A unit code: text (NFC, stripped), or a whole number written as text."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, bool) or type(value).__name__ in ("bool", "bool_"):
        raise CellError("a code (text)", "mã (dạng chữ)")
    try:
        number = exact_number(value, "code")
    except NTMError:
        raise CellError("a code (text)", "mã (dạng chữ)") from None
    if isinstance(number, Decimal):
        raise CellError("a code as text (read the sheet with dtype=str so that codes keep their "
                      "leading zeros)", "mã dạng chữ (đọc bảng với dtype=str để giữ số 0 ở đầu)")
    return str(number)


def read_text(value: object) -> str:
    """A name or other text cell (NFC, stripped); numbers are written out."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return read_code(value)


def read_year(value: object) -> int:
    """A year (1900-2200): ``2019``, ``"2019"`` or ``2019.0``."""
    try:
        number = parse_number(value, ".") if isinstance(value, str) else exact_number(
            value, "year")
    except (CellError, NTMError):
        number = None
    if (isinstance(number, Decimal) and number == number.to_integral_value()
            and number.is_finite()):
        number = int(number)
    if (not isinstance(number, int) or isinstance(number, bool)
            or not YEARS[0] <= number <= YEARS[1]):
        raise CellError(f"a year from {YEARS[0]} to {YEARS[1]}",
                      f"một năm từ {YEARS[0]} đến {YEARS[1]}")
    return number


def read_date(value: object) -> datetime.date:
    """A date: a ``date``, ``"09/08/2023"`` (day/month/year, as Vietnamese sheets write
    it) or ``"2023-08-09"`` (ISO)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if "/" in text:
                day, month, year = (int(p) for p in text.split("/"))
                return datetime.date(year, month, day)
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    raise CellError("a date such as 09/08/2023 (day/month/year) or 2023-08-09",
                    "một ngày như 09/08/2023 (ngày/tháng/năm) hoặc 2023-08-09")


def _region_names() -> dict[str, Region]:
    out: dict[str, Region] = {}
    for region in Region:
        for name in (region.value, region.value.replace("D", "Đ", 1), region.label_vi,
                     region.label_en):
            out[_fold(name)] = region
    out[_fold("ĐBSCL")] = Region.DBSCL
    out[_fold("ĐHNTB")] = Region.DHNTB
    out[_fold("ĐNB")] = Region.DNB
    return out


_REGIONS = _region_names()


def read_region(value: object) -> Region:
    """A region by code (``DHNTB``, ``ĐBSH``) or name (``Duyên hải Nam Trung Bộ``)."""
    if isinstance(value, Region):
        return value
    if isinstance(value, str):
        found = _REGIONS.get(_fold(value))
        if found is not None:
            return found
    codes = ", ".join(r.value for r in Region)
    raise CellError(f"a region: one of {codes} or its name", f"một vùng: {codes} hoặc tên vùng")


def read_tier(value: object) -> Tier:
    """A tier by value (``ntm``, ``advanced``, ``model``) or name (vi or en)."""
    if isinstance(value, Tier):
        return value
    if isinstance(value, str):
        folded = _fold(value)
        for tier in Tier:
            if folded in (tier.value, _fold(tier.label_vi), _fold(tier.label_en)):
                return tier
    raise CellError("a tier: ntm, advanced or model", "một hạng: ntm, advanced hoặc model")


# ------------------------------------------------------------------ writing
def format_cell(value: object, decimal: str = ",", lang: str = "vi") -> str:
    """A value as a sheet cell that :func:`read_value` reads back to the same value:
    numbers unrounded without thousands separators, with the ``decimal`` separator;
    yes/no as ``có`` / ``không`` (``yes`` / ``no`` in English); missing as blank."""
    if value is None:
        return ""
    if isinstance(value, bool):
        if lang == "vi":
            return "có" if value else "không"
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        try:
            text = format(value, "f")
        except (InvalidOperation, ValueError):  # pragma: no cover - values are finite
            text = str(value)
        return text.replace(".", decimal) if decimal != "." else text
    if isinstance(value, Region | Tier):
        return str(value.value)
    if isinstance(value, tuple | list):
        return "; ".join(format_cell(v, decimal, lang) for v in value)
    return str(value)
