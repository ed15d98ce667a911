"""Locale formatting: decimal comma, thousands separator, never rounded."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria.errors import NTMValueError
from ntmcriteria.indicators import Indicator
from ntmcriteria.render._format import format_number, format_quantity, format_value

MONEY = Indicator(key="income", label_vi="Thu nhập", label_en="Income",
                  measure="million_vnd_per_person_year", value_type="decimal")
PERCENT = Indicator(key="rate", label_vi="Tỷ lệ", label_en="Rate", measure="percent",
                    value_type="decimal")
YEAR = Indicator(key="year", label_vi="Năm", label_en="Year", measure="year",
                 value_type="integer")


def test_the_examples_of_the_issue() -> None:
    assert format_quantity(Decimal("96.5"), "vi", PERCENT) == "96,5%"
    assert format_quantity(62, "vi", MONEY) == "62,0 triệu đồng/người/năm"
    assert format_quantity(Decimal("62.0"), "en", MONEY) == "62.0 million VND/person/year"


def test_thousands_and_signs() -> None:
    assert format_number(Decimal("1250.50")) == "1.250,5"
    assert format_number(Decimal("1250.50"), "en") == "1,250.5"
    assert format_number(1234567) == "1.234.567"
    assert format_number(-1234) == "-1.234"
    assert format_number(Decimal("-0.00")) == "0"
    assert format_number(Decimal("1E+3")) == "1.000"
    assert format_value(2017, "vi", YEAR) == "2017"  # years are not grouped


def test_values_and_languages() -> None:
    assert format_value(True) == "có"
    assert format_value(False, "en") == "no"
    assert format_value(None) == "chưa có"
    with pytest.raises(NTMValueError, match="lang must be 'vi' or 'en'"):
        format_number(1, "fr")
    with pytest.raises(NTMValueError, match="needs a Decimal or int"):
        format_number(True)


def _parse(text: str, lang: str) -> Decimal:
    group, mark = (".", ",") if lang == "vi" else (",", ".")
    return Decimal(text.replace(group, "").replace(mark, "."))


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**12,
                   max_value=10**12), st.sampled_from(["vi", "en"]), st.integers(0, 3))
def test_formatting_never_rounds_and_groups_by_three(value: Decimal, lang: str,
                                                     decimals: int) -> None:
    text = format_number(value, lang, decimals=decimals)
    assert _parse(text, lang) == value
    group, mark = (".", ",") if lang == "vi" else (",", ".")
    whole, _, frac = text.lstrip("-").partition(mark)
    assert len(frac) >= decimals
    parts = whole.split(group)
    assert 1 <= len(parts[0]) <= 3
    assert all(len(p) == 3 for p in parts[1:])
