"""Exact values: facts and thresholds are ``Decimal``, ``int`` or ``bool``."""

from __future__ import annotations

import math
import numbers
import unicodedata
from decimal import Context, Decimal, InvalidOperation
from typing import TypeAlias

from ntmcriteria.errors import NTMTypeError, NTMValueError

Value: TypeAlias = Decimal | int | bool
Number: TypeAlias = Decimal | int

__all__ = ["Number", "Value", "exact", "exact_number", "nfc"]


def exact(value: object, field: str) -> Value:
    """Convert a caller's value to an exact value.

    Floats go through their shortest repr (``0.1`` -> ``Decimal("0.1")``), never
    bit-exactly. ``bool`` stays ``bool``. Anything else is refused with an error
    naming the field.
    """
    if isinstance(value, bool | int):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NTMValueError(f"{field!s} must be a finite number (got {value!r})")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NTMValueError(f"{field!s} must be a finite number (got {value!r})")
        # float.__repr__, not repr(): a float subclass (numpy.float64) may repr differently
        return Decimal(float.__repr__(value))
    if isinstance(value, numbers.Integral):  # e.g. numpy.int64
        return int(value)
    raise NTMTypeError(
        f"{field!s} must be a Decimal, int, float or bool (got {type(value).__name__} {value!r})"
    )


def exact_number(value: object, field: str) -> Number:
    """Like :func:`exact` but refuses booleans; decimal strings are accepted."""
    if isinstance(value, str):
        try:
            parsed = Decimal(value.strip())
        except InvalidOperation:
            raise NTMValueError(f"{field!s} must be a number (got the string {value!r})") from None
        return exact_number(parsed, field)
    if isinstance(value, bool):
        raise NTMTypeError(f"{field!s} must be a number, not a yes/no value (got {value!r})")
    result = exact(value, field)
    if isinstance(result, bool):  # pragma: no cover - refused above
        raise NTMTypeError(f"{field!s} must be a number (got {value!r})")
    return result


def nfc(text: object, field: str) -> str:
    """Return ``text`` normalised to Unicode NFC; refuse non-strings."""
    if not isinstance(text, str):
        raise NTMTypeError(f"{field!s} must be a string (got {type(text).__name__} {text!r})")
    return unicodedata.normalize("NFC", text)


def _required_text(value: object, field: str) -> str:
    return nfc(value, field).strip()


def _optional_text(value: object, field: str) -> str:
    return "" if value is None else nfc(value, field).strip()


# Named converters (the attrs mypy plugin needs named functions, and each names its field).
def to_label_vi(value: object) -> str:
    return _required_text(value, "label_vi")


def to_label_en(value: object) -> str:
    return _required_text(value, "label_en")


def to_document(value: object) -> str:
    return _required_text(value, "document")


def to_number_text(value: object) -> str:
    return _required_text(value, "number")


def to_note(value: object) -> str:
    return _optional_text(value, "note")


def to_date(value: object) -> str:
    return _optional_text(value, "date")


def to_article(value: object) -> str:
    return _optional_text(value, "article")


def to_group(value: object) -> str:
    return _optional_text(value, "group")


def to_optional_number(value: object) -> Number | None:
    return None if value is None else exact_number(value, "bound")


def to_threshold_value(value: object) -> Value:
    return exact(value, "threshold")


def to_factor(value: object) -> Number:
    return exact_number(value, "factor")


def _exact_context(*values: Number) -> Context:
    digits = sum(len(v.as_tuple().digits) if isinstance(v, Decimal) else len(str(abs(v)))
                 for v in values)
    return Context(prec=digits + 2, Emax=999_999, Emin=-999_999)


def _as_decimal(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value)


def exact_mul(a: Number, b: Number) -> Number:
    """``a * b`` computed exactly, whatever the caller's decimal context."""
    if isinstance(a, int) and isinstance(b, int):
        return a * b
    return _exact_context(a, b).multiply(_as_decimal(a), _as_decimal(b))


def exact_sub(a: Number, b: Number) -> Number:
    """``a - b`` computed exactly, whatever the caller's decimal context."""
    if isinstance(a, int) and isinstance(b, int):
        return a - b
    da, db = _as_decimal(a), _as_decimal(b)
    # aligning exponents can need as many digits as the span between the two numbers
    span = abs(da.adjusted() - db.adjusted()) + abs(
        int(da.as_tuple().exponent) - int(db.as_tuple().exponent))
    context = _exact_context(a, b)
    return Context(prec=context.prec + span, Emax=999_999, Emin=-999_999).subtract(da, db)
