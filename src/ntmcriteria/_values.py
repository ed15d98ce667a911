"""Exact values: facts and thresholds are ``Decimal``, ``int`` or ``bool``."""

from __future__ import annotations

import enum
import math
import numbers
import unicodedata
from collections.abc import Callable
from decimal import Context, Decimal, InvalidOperation
from typing import Any, TypeAlias, TypeVar

from ntmcriteria.errors import NTMTypeError, NTMValueError

Value: TypeAlias = Decimal | int | bool
Number: TypeAlias = Decimal | int
E = TypeVar("E", bound=enum.Enum)

__all__ = ["LANGS", "Number", "Value", "check_lang", "exact", "exact_abs", "exact_add",
           "exact_neg", "exact_number", "is_vi", "nfc"]

#: The languages of every text the library writes.
LANGS = ("vi", "en")


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
    if _is_numpy(value):
        return _numpy_scalar(value, field)
    raise NTMTypeError(
        f"{field!s} must be a Decimal, int, float or bool (got {type(value).__name__} {value!r})"
    )


def _is_numpy(value: object) -> bool:
    return type(value).__module__ == "numpy"


def _numpy_scalar(value: object, field: str) -> Value:
    """A NumPy boolean or floating scalar (float32, float16, longdouble) as an exact value.

    Floats go through NumPy's shortest repr of their own precision (``float32(60.1)``
    -> ``Decimal("60.1")``), as Python floats do through theirs.
    """
    if type(value).__name__ in ("bool", "bool_"):  # numpy.bool_ (numpy.bool in NumPy 2)
        return bool(value)
    if isinstance(value, numbers.Real):
        text = str(value)
        try:
            parsed = Decimal(text)
        except InvalidOperation:  # pragma: no cover - NumPy prints reals as decimals
            parsed = Decimal("NaN")
        if not parsed.is_finite():
            raise NTMValueError(f"{field!s} must be a finite number (got {value!r})")
        return parsed
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
    if isinstance(result, bool):  # a NumPy boolean
        raise NTMTypeError(f"{field!s} must be a number, not a yes/no value (got {value!r})")
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


def exact_add(a: Number, b: Number) -> Number:
    """``a + b`` computed exactly, whatever the caller's decimal context."""
    return exact_sub(a, exact_neg(b))


def exact_neg(a: Number) -> Number:
    """``-a`` exactly (a Decimal's unary minus would round to the context's precision)."""
    return a.copy_negate() if isinstance(a, Decimal) else -a


def exact_abs(a: Number) -> Number:
    """``|a|`` exactly (``abs()`` of a Decimal rounds to the context's precision)."""
    return a.copy_abs() if isinstance(a, Decimal) else abs(a)


def typed(kind: type[Any] | tuple[type[Any], ...], what: str) -> Callable[[Any, Any, Any], None]:
    """An attrs validator raising :class:`NTMTypeError` that names the field and the value.

    ``bool`` is refused where ``int`` is wanted (a yes/no is not a number or a year).
    """

    def check(instance: Any, attribute: Any, value: Any) -> None:
        wanted = kind if isinstance(kind, tuple) else (kind,)
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in wanted):
            raise NTMTypeError(
                f"{type(instance).__name__}.{attribute.name} must be {what} "
                f"(got {type(value).__name__} {value!r})"
            )

    return check


def to_enum(enum_cls: type[E], value: object, field: str) -> E:
    """``value`` as a member of ``enum_cls`` (by value or name), or a clear error."""
    if isinstance(value, enum_cls):
        return value
    for member in enum_cls:
        if value == member.value or value == member.name:
            return member
    allowed = ", ".join(repr(m.value) for m in enum_cls)
    raise NTMValueError(f"{field} must be one of {allowed} (got {value!r})")


def check_lang(lang: object) -> str:
    """Return ``lang`` if it is ``'vi'`` or ``'en'``; raise a clear error otherwise."""
    if lang not in LANGS or not isinstance(lang, str):
        raise NTMValueError(f"lang must be 'vi' or 'en' (got {lang!r})")
    return lang


def is_vi(lang: object) -> bool:
    """``True`` for ``"vi"``, ``False`` for ``"en"``; anything else is an error."""
    return check_lang(lang) == "vi"
