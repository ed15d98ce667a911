"""Locale formatting of numbers, values and units (Vietnamese and English).

Numbers are never rounded: an assessment shows exactly the value it compared.
The number of decimals is the value's own significant decimals (trailing zeros
dropped: ``Decimal("90.00")`` shows as ``90``), padded to the minimum of the
indicator's measure: one decimal for amounts in million VND (``62,0 triệu
đồng/người/năm``), none otherwise (``96,5%``, ``3 hộ``).

Vietnamese uses a decimal comma and ``.`` between thousands (``1.250,5``);
English a decimal point and ``,`` between thousands (``1,250.5``). Years are
never grouped.
"""

from __future__ import annotations

from decimal import Decimal

from ntmcriteria._values import LANGS, check_lang, shown
from ntmcriteria.errors import NTMValueError
from ntmcriteria.indicators import Indicator, Measure
from ntmcriteria.quantity import Quantity

__all__ = [
    "LANGS",
    "check_lang",
    "format_amount",
    "format_number",
    "format_quantity",
    "format_value",
    "min_decimals",
    "unit_suffix",
]

_MIN_DECIMALS = {
    Measure.MILLION_VND_PER_PERSON_YEAR: 1,
    Measure.MILLION_VND_PER_HECTARE_YEAR: 1,
}


def min_decimals(measure: Measure | None) -> int:
    """The least number of decimals shown for values of ``measure``."""
    return 0 if measure is None else _MIN_DECIMALS.get(measure, 0)


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


def format_number(value: Decimal | int, lang: str = "vi", *, decimals: int = 0,
                  group: bool = True) -> str:
    """``value`` in the locale of ``lang``, with at least ``decimals`` decimals, unrounded.

    >>> format_number(Decimal("96.5")), format_number(62, decimals=1)
    ('96,5', '62,0')
    >>> format_number(Decimal("1250.50"), "en")
    '1,250.5'
    """
    check_lang(lang)
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise NTMValueError(f"format_number needs a Decimal or int (got {shown(value)})")
    number = Decimal(value)
    if not number.is_finite():
        raise NTMValueError(f"format_number needs a finite number (got {shown(value)})")
    text = format(number, "f")
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    if len(frac) < decimals:
        frac = frac + "0" * (decimals - len(frac))
    if sign and not whole.strip("0") and not frac.strip("0"):
        sign = ""  # no "-0"
    vi = lang == "vi"
    if group:
        whole = _group(whole, "." if vi else ",")
    mark = "," if vi else "."
    return sign + whole + (mark + frac if frac else "")


def format_value(value: object, lang: str = "vi", indicator: Indicator | None = None) -> str:
    """A fact or threshold value as text: numbers per locale, yes/no as có/không."""
    check_lang(lang)
    vi = lang == "vi"
    if isinstance(value, bool):
        return ("có" if value else "không") if vi else ("yes" if value else "no")
    if isinstance(value, Decimal | int):
        measure = None if indicator is None else indicator.measure
        return format_number(value, lang, decimals=min_decimals(measure),
                             group=measure is not Measure.YEAR)
    if value is None:
        return "chưa có" if vi else "none"
    return str(value)


def unit_suffix(indicator: Indicator | None, lang: str = "vi") -> str:
    """The unit symbol to put after a number: ``%`` glued, words after a space."""
    if indicator is None:
        return ""
    symbol = indicator.symbol(lang)
    if not symbol or indicator.measure is Measure.YEAR:
        return ""
    return symbol if symbol == "%" else " " + symbol


def format_quantity(value: object, lang: str = "vi", indicator: Indicator | None = None) -> str:
    """A value followed by its unit (``62,0 triệu đồng/người/năm``, ``96,5%``)."""
    text = format_value(value, lang, indicator)
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        return text
    suffix = unit_suffix(indicator, lang)
    if lang == "en" and value == 1 and suffix in (" households", " points"):
        suffix = suffix[:-1]  # "1 household", "1 point"
    return text + suffix


def format_amount(quantity: Quantity, lang: str = "vi") -> str:
    """A :class:`~ntmcriteria.quantity.Quantity` (a shortfall) in words of its unit:
    ``2,5 điểm phần trăm`` / ``2.5 percentage points``, ``2 xã`` / ``2 communes``,
    ``1 percentage point``; ``%`` is glued to the number.

    >>> from decimal import Decimal
    >>> format_amount(Quantity(Decimal("2.5"), "percentage_points"))
    '2,5 điểm phần trăm'
    >>> format_amount(Quantity(1, "communes"), "en")
    '1 commune'
    """
    if not isinstance(quantity, Quantity):
        raise NTMValueError(f"format_amount needs a Quantity (got {shown(quantity)})")
    unit = quantity.unit
    text = format_number(quantity.value, lang, decimals=unit.decimals, group=unit.grouped)
    label = quantity.label(lang)
    if not label:
        return text
    return text + label if unit.glued else f"{text} {label}"
