"""Checks of document scalars: strings, whole numbers, exact numbers, values and names.

Each check returns the value it accepts or raises :class:`BadValueError` with a message
saying what was expected and what was found; the loaders put the message at the
value's JSONPath. Numbers stay exact: ``int`` or ``Decimal`` (decimal strings
accepted), never ``float``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from ntmcriteria._values import check_size, exact, fits, shown
from ntmcriteria.errors import NTMError, did_you_mean
from ntmcriteria.limits import MAX_DIGITS, MAX_EXPONENT
from ntmcriteria.serialize._names import DECIMAL_PATTERN

__all__ = ["OUT_OF_RANGE", "BadValueError", "OutOfRange", "describe", "exact_scalar", "integer",
           "member", "number", "parse_number", "text", "value"]

_DECIMAL = re.compile(DECIMAL_PATTERN)


class OutOfRange:
    """What the JSON parser gives for a number beyond the size limits (one shared object,
    so that a document of a million such numbers holds no million numbers)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<a number beyond the limits>"


#: The one :class:`OutOfRange` object.
OUT_OF_RANGE = OutOfRange()


class BadValueError(Exception):
    """A document value is not what was expected (``message`` says what and why)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def describe(value: object) -> str:
    """A short description of a document value for messages: ``the string 'x'``."""
    if value is None:
        return "null"
    if value is OUT_OF_RANGE:
        return f"a number beyond them: more than {MAX_DIGITS} digits or an exponent beyond " \
               f"{MAX_EXPONENT} either way"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal | float):
        text = shown(value) if isinstance(value, int) else str(value)
        if isinstance(value, Decimal) and (len(text) > 40 or not value.is_finite()):
            text = shown(value)
        return f"the number {text[:60]}{'...' if len(text) > 60 else ''}"
    if isinstance(value, str):
        return f"the string {shown(value, 60)}"
    if isinstance(value, Mapping):
        keys = ", ".join(shown(k, 40) for k in list(value)[:6])
        return (
            f"an object with keys {keys}{', ...' if len(value) > 6 else ''}"
            if value
            else "an empty object"
        )
    if isinstance(value, list | tuple):
        return f"an array of {len(value)} items"
    return f"a {type(value).__name__}"


def text(data: object, what: str = "a string") -> str:
    if not isinstance(data, str):
        raise BadValueError(f"expected {what} (got {describe(data)})")
    return str.__str__(data)


def integer(data: object, what: str = "a whole number", minimum: int | None = None,
            maximum: int | None = None) -> int:
    if isinstance(data, bool) or not isinstance(data, int):
        raise BadValueError(f"expected {what} (got {describe(data)})")
    data = int.__int__(data)
    if (minimum is not None and data < minimum) or (maximum is not None and data > maximum):
        low = "" if minimum is None else f">= {minimum}"
        high = "" if maximum is None else f"<= {maximum}"
        bounds = " and ".join(x for x in (low, high) if x)
        raise BadValueError(f"expected {what} {bounds} (got {shown(data)})")
    return data


def number(data: object, what: str = "a number") -> int | Decimal:
    """A JSON number or a decimal string such as ``"59.99"``; a caller's float goes
    through its shortest repr."""
    if isinstance(data, bool):
        raise BadValueError(f"expected {what}, not a yes/no value (got {describe(data)})")
    if data is OUT_OF_RANGE:
        raise BadValueError(f"expected {what} with {_ALLOWED} (got {describe(data)})")
    if isinstance(data, int):
        return _sized(int.__int__(data), what)
    if isinstance(data, Decimal):
        if not data.is_finite():
            raise BadValueError(f"expected {what}, finite (got {describe(data)})")
        return _sized(Decimal(data), what)
    if isinstance(data, float):  # plain data from a caller (e.g. YAML): shortest repr
        if not math.isfinite(data):
            raise BadValueError(f"expected {what}, finite (got {describe(data)})")
        return Decimal(float.__repr__(data))
    if isinstance(data, str) and len(data) <= _MAX_NUMBER_TEXT and _DECIMAL.match(data):
        return _sized(Decimal(data), what)
    if isinstance(data, str) and _DECIMAL.match(data):
        raise BadValueError(f"expected {what} with {_ALLOWED} (got a decimal string of "
                            f"{len(data):,} characters)")
    raise BadValueError(f"expected {what}: a JSON number or a decimal string such as "
                  f'"59.99" (got {describe(data)})')


#: the longest decimal string worth reading: a number within the limits is shorter
_MAX_NUMBER_TEXT = 2 * MAX_DIGITS + 2 * MAX_EXPONENT
_ALLOWED = (f"at most {MAX_DIGITS} significant digits and a decimal exponent from "
            f"-{MAX_EXPONENT} to {MAX_EXPONENT}")


def _sized(data: int | Decimal, what: str) -> int | Decimal:
    try:
        return check_size(data, "the number")
    except NTMError:
        raise BadValueError(f"expected {what} with {_ALLOWED} (got {describe(data)})") from None


def parse_number(text: str) -> int | Decimal | OutOfRange:
    """A JSON number's text as an exact number, or :data:`OUT_OF_RANGE` beyond the size
    limits (a long one is not even converted: turning digits into an int is quadratic)."""
    if len(text) > _MAX_NUMBER_TEXT:
        return OUT_OF_RANGE
    if "." in text or "e" in text or "E" in text:
        number: int | Decimal = Decimal(text)
    else:
        number = int(text)
    return number if fits(number) else OUT_OF_RANGE


def value(data: object) -> bool | int | Decimal:
    """A fact or threshold value: true/false or a number."""
    if isinstance(data, bool):
        return data
    return number(data, "a number or true/false")


def member(data: object, allowed: Iterable[str], what: str | None = None) -> str:
    """``data`` if it is one of the ``allowed`` names (a did-you-mean otherwise)."""
    names = list(allowed)
    if isinstance(data, str) and data in names:
        return data
    hint = did_you_mean(data, names) if isinstance(data, str) else ""
    lead = "expected one of" if what is None else f"expected {what}, one of"
    raise BadValueError(f"{lead} {', '.join(map(repr, names))} (got {describe(data)}){hint}")


def exact_scalar(data: object) -> Any:
    """An exact scalar to write (Decimal, int, bool) or None; floats go through their repr."""
    if data is None or isinstance(data, bool | int | Decimal):
        return data
    return exact(data, "value")
