"""Exact values: facts and thresholds are ``Decimal``, ``int`` or ``bool``.

Every value a caller or a document gives enters through here: numbers are
turned into exact base types (``int``, ``Decimal``; a subclass is copied into
its base type, so that no overridden comparison can decide a verdict) and
bounded in digits and exponent (:data:`~ntmcriteria.limits.MAX_DIGITS`,
:data:`~ntmcriteria.limits.MAX_EXPONENT`); texts are NFC and may not hold
lone surrogates; ids are refused when they hold invisible or layout-changing
characters. The exact arithmetic here never depends on the caller's decimal
context and never rounds: a result it cannot hold exactly raises
:class:`~ntmcriteria.errors.NTMValueError`.
"""

from __future__ import annotations

import decimal
import enum
import math
import numbers
import reprlib
import unicodedata
from collections.abc import Callable
from decimal import Context, Decimal, InvalidOperation
from typing import Any, TypeAlias, TypeVar

from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.limits import (
    MAX_DIGITS,
    MAX_EXACT_DIGITS,
    MAX_EXPONENT,
    MAX_QUOTED,
    MAX_YEAR,
    MIN_YEAR,
)

Value: TypeAlias = Decimal | int | bool
Number: TypeAlias = Decimal | int
E = TypeVar("E", bound=enum.Enum)

__all__ = ["LANGS", "Number", "Value", "check_id", "check_lang", "check_size", "exact",
           "exact_abs", "exact_add", "exact_mul", "exact_multiplier", "exact_neg",
           "exact_number", "exact_sub", "fits", "is_vi", "nfc", "shown", "to_year", "within_limits"]

#: The languages of every text the library writes.
LANGS = ("vi", "en")

# ------------------------------------------------------------------------ quoting values
#: ints below this many digits are written whole in messages
_SHOWN_DIGITS = 60
_SHOWN_INT = 10**_SHOWN_DIGITS


def _int_text(value: int) -> str:
    if -_SHOWN_INT < value < _SHOWN_INT:
        return int.__repr__(value)
    digits = max(1, int(abs(value).bit_length() * 0.30103))
    sign = "-" if value < 0 else ""
    return f"<{sign}an integer of about {digits:,} digits>"


def _decimal_text(value: Decimal) -> str:
    if not value.is_finite():
        return Decimal.__repr__(value)
    digits = len(value.as_tuple().digits)
    if digits <= _SHOWN_DIGITS:
        return Decimal.__repr__(value)
    return f"<a number of {digits:,} digits, exponent {value.adjusted():,}>"


def _str_text(value: str, width: int) -> str:
    text = str.__str__(value)
    if len(text) <= width:
        return str.__repr__(text)
    return f"{str.__repr__(text[:width])}... ({len(text):,} characters)"


class _Shown(reprlib.Repr):
    """reprlib with bounded ints, decimals and strings (reprlib writes a huge int whole)."""

    def repr_int(self, x: int, level: int) -> str:
        return _int_text(x)

    def repr_str(self, x: str, level: int) -> str:
        return _str_text(x, self.maxstring)

    def repr_Decimal(self, x: Decimal, level: int) -> str:  # noqa: N802 - reprlib's naming
        return _decimal_text(x)

    def repr_instance(self, x: object, level: int) -> str:
        try:
            text = repr(x)
        except Exception:  # a value's own repr may fail; the message must not
            return f"<{type(x).__name__}>"
        return text if len(text) <= self.maxother else text[:self.maxother] + "..."


_REPR = _Shown()
_REPR.maxstring = MAX_QUOTED
_REPR.maxother = MAX_QUOTED
_REPR.maxlevel = 3


def shown(value: object, width: int = MAX_QUOTED) -> str:
    """``repr(value)`` for an error message, bounded: a long string is cut to ``width``
    characters (its length given), a huge number is described, never written whole
    (writing an int of more than 4,300 digits would itself fail). Never raises."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, str):
        return _str_text(value, width)
    if isinstance(value, int):
        return _int_text(value)
    if isinstance(value, Decimal):
        return _decimal_text(value)
    try:
        return _REPR.repr(value)
    except Exception:  # a value's own repr may fail; the message must not
        return f"<{type(value).__name__}>"


# ------------------------------------------------------------------------------- numbers
_INT_LIMIT = 10**MAX_DIGITS
_ALLOWED = (f"at most {MAX_DIGITS} significant digits and a decimal exponent from "
            f"-{MAX_EXPONENT} to {MAX_EXPONENT} (from 1e-{MAX_EXPONENT} to 1e{MAX_EXPONENT} "
            "in size)")


def fits(value: Number) -> bool:
    """Whether :func:`check_size` accepts ``value`` (an exact ``int`` or finite Decimal)."""
    if isinstance(value, int):
        return bool(-_INT_LIMIT < value < _INT_LIMIT)
    return (-MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT
            and len(value.as_tuple().digits) <= MAX_DIGITS)


def check_size(value: Number, field: str) -> Number:
    """``value`` (an exact ``int`` or finite ``Decimal``) if it has at most
    :data:`~ntmcriteria.limits.MAX_DIGITS` significant digits and a decimal exponent within
    :data:`~ntmcriteria.limits.MAX_EXPONENT`; else an error saying what is allowed."""
    if isinstance(value, int):
        if -_INT_LIMIT < value < _INT_LIMIT:
            return value
        raise NTMValueError(f"{field!s} must have {_ALLOWED} (got {shown(value)})")
    adjusted = value.adjusted()
    if -MAX_EXPONENT <= adjusted <= MAX_EXPONENT and len(value.as_tuple().digits) <= MAX_DIGITS:
        return value
    digits = len(value.as_tuple().digits)
    raise NTMValueError(f"{field!s} must have {_ALLOWED} (got a number with {digits:,} "
                        f"significant digit{'s' if digits != 1 else ''} and exponent "
                        f"{adjusted:,})")


def within_limits(values: list[Any], decimals: list[Decimal]) -> bool:
    """Whether every number of ``values`` (exact ints and finite Decimals, ``decimals``
    those of them that are Decimals) passes :func:`check_size`, checked in C: one pass per
    column of facts rather than one call per value."""
    ints = values if not decimals else [v for v in values if isinstance(v, int)]
    if ints and not (min(ints) > -_INT_LIMIT and max(ints) < _INT_LIMIT):
        return False
    if not decimals:
        return True
    if min(map(Decimal.adjusted, decimals)) < -MAX_EXPONENT or max(
            map(Decimal.adjusted, decimals)) > MAX_EXPONENT:
        return False
    # more digits than MAX_DIGITS signals Rounded, trapped
    context = Context(prec=MAX_DIGITS, Emax=MAX_EXPONENT, Emin=-MAX_EXPONENT - MAX_DIGITS,
                      traps=[decimal.Rounded], flags=[])
    try:
        all(map(context.plus, decimals))
    except decimal.DecimalException:
        return False
    return True


def exact(value: object, field: str) -> Value:
    """Convert a caller's value to an exact value of a base type.

    Floats go through their shortest repr (``0.1`` -> ``Decimal("0.1")``), never
    bit-exactly. ``bool`` stays ``bool``; a subclass of ``int`` or ``Decimal`` is
    copied into its base type. A number beyond the size limits, or anything else, is
    refused with an error naming the field.
    """
    kind = type(value)
    if kind is bool:
        return value  # type: ignore[return-value]
    if kind is int:
        return check_size(value, field)  # type: ignore[arg-type]
    if isinstance(value, Decimal):
        if kind is not Decimal:
            value = Decimal(value)  # the exact value, as a Decimal
        if not value.is_finite():
            raise NTMValueError(f"{field!s} must be a finite number (got {shown(value)})")
        return check_size(value, field)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NTMValueError(f"{field!s} must be a finite number (got {shown(value)})")
        # float.__repr__, not repr(): a float subclass (numpy.float64) may repr differently
        return Decimal(float.__repr__(value))
    if isinstance(value, int):  # a subclass of int: its exact value, as an int
        return check_size(int.__int__(value), field)
    if isinstance(value, numbers.Integral):  # e.g. numpy.int64
        try:
            converted = int(value)
        except Exception:  # a foreign integral type may fail to convert
            converted = None
        if type(converted) is int:
            return check_size(converted, field)
    if _is_numpy(value):
        return _numpy_scalar(value, field)
    raise NTMTypeError(
        f"{field!s} must be a Decimal, int, float or bool (got {type(value).__name__} "
        f"{shown(value)})"
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
            raise NTMValueError(f"{field!s} must be a finite number (got {shown(value)})")
        return check_size(parsed, field)
    raise NTMTypeError(
        f"{field!s} must be a Decimal, int, float or bool (got {type(value).__name__} "
        f"{shown(value)})"
    )


def float_twin(value: Value) -> Value | float:
    """``value`` as a float when the float's shortest repr is ``value`` exactly (a float
    then decides every comparison as the exact value does: the library reads a float as
    its shortest repr), else ``value`` itself (ints and booleans stay as they are)."""
    if type(value) is not Decimal:
        return value
    twin = float(value)
    return twin if Decimal(float.__repr__(twin)) == value else value


def exact_number(value: object, field: str) -> Number:
    """Like :func:`exact` but refuses booleans; decimal strings are accepted."""
    if isinstance(value, str):
        text = str.__str__(value).strip()
        if len(text) > _MAX_NUMBER_TEXT:
            raise NTMValueError(f"{field!s} must have {_ALLOWED} (got the string "
                                f"{shown(value)})")
        try:
            parsed = Decimal(text)
        except InvalidOperation:
            raise NTMValueError(
                f"{field!s} must be a number (got the string {shown(value)})") from None
        return exact_number(parsed, field)
    if isinstance(value, bool):
        raise NTMTypeError(f"{field!s} must be a number, not a yes/no value (got {value!r})")
    result = exact(value, field)
    if isinstance(result, bool):  # a NumPy boolean
        raise NTMTypeError(f"{field!s} must be a number, not a yes/no value (got {shown(value)})")
    return result


#: the longest decimal string worth parsing (digits, a point, a sign and an exponent)
_MAX_NUMBER_TEXT = 2 * MAX_DIGITS + 2 * MAX_EXPONENT


# --------------------------------------------------------------------------------- years
def to_year(value: object, field: str) -> int:
    """``value`` as a year (an ``int`` from :data:`~ntmcriteria.limits.MIN_YEAR` to
    :data:`~ntmcriteria.limits.MAX_YEAR`), or an error naming the field."""
    if _numpy_integer(value):  # a year read from an array or a frame's cell
        value = int(value)  # type: ignore[call-overload]
    if isinstance(value, bool) or not isinstance(value, int):
        raise NTMTypeError(f"{field!s} must be a year as an int (got {type(value).__name__} "
                           f"{shown(value)})")
    year = int.__int__(value)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise NTMValueError(f"{field!s} must be a year from {MIN_YEAR} to {MAX_YEAR} "
                            f"(got {shown(year)})")
    return year


def _numpy_integer(value: object) -> bool:
    """Whether ``value`` is a NumPy integer scalar (``numpy.int64(2024)``), not a yes/no."""
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    return (kind in ("i", "u") and type(value).__module__ == "numpy"
            and getattr(value, "ndim", None) == 0)


# --------------------------------------------------------------------------------- texts
#: Characters refused in ids: controls, format characters (the bidirectional controls
#: U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C, zero-width characters...),
#: surrogates and line or paragraph separators.
_ID_REFUSED = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def _no_surrogates(text: str, field: str) -> str:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise NTMValueError(
                f"{field!s} holds a lone surrogate (U+{ord(text[exc.start]):04X}) at "
                f"character {exc.start}; text must be valid Unicode (got {shown(text)})"
            ) from None
    return text


def nfc(text: object, field: str) -> str:
    """Return ``text`` as a plain ``str`` normalised to Unicode NFC; refuse non-strings and
    lone surrogates (text that cannot be written as UTF-8)."""
    if not isinstance(text, str):
        raise NTMTypeError(
            f"{field!s} must be a string (got {type(text).__name__} {shown(text)})")
    plain = str.__str__(text)  # a subclass of str: its characters, as a str
    if plain.isascii():
        return plain
    return unicodedata.normalize("NFC", _no_surrogates(plain, field))


def check_id(value: object, field: str) -> str:
    """``value`` as an id: a non-empty string in NFC, without surrounding spaces, control
    or format characters (the bidirectional controls among them) or line separators.

    Ids are compared and looked up exactly, so two ids that look alike must be the same
    string: the NFC form is kept, and invisible characters that could make one id look
    like another (or reorder the text around it) are refused.
    """
    if not isinstance(value, str):
        raise NTMTypeError(
            f"{field!s} must be a string (got {type(value).__name__} {shown(value)})")
    text = nfc(value, field)
    if not text.strip() or text != text.strip():
        raise NTMValueError(
            f"{field!s} must be a non-empty string without surrounding spaces "
            f"(got {shown(text)})")
    if not (text.isascii() and text.isprintable()):
        for index, char in enumerate(text):
            if unicodedata.category(char) in _ID_REFUSED:
                raise NTMValueError(
                    f"{field!s} must not contain the invisible or control character "
                    f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed')}) at character "
                    f"{index}: ids may not hold control, format (e.g. bidirectional) or "
                    f"line-separator characters (got {shown(text)})")
    return text


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


def to_criterion_id(value: object) -> str:
    return check_id(value, "criterion id")


def to_set_id(value: object) -> str:
    return check_id(value, "criteria set id")


def to_optional_set_id(value: object) -> str | None:
    return None if value is None else check_id(value, "criteria set id")


def to_parameter_name(value: object) -> str:
    return check_id(value, "parameter name")


def to_indicator_key(value: object) -> str:
    return check_id(value, "indicator key")


def to_optional_number(value: object) -> Number | None:
    return None if value is None else exact_number(value, "bound")


def to_threshold_value(value: object) -> Value:
    return exact(value, "threshold")


def to_factor(value: object) -> Number:
    return exact_number(value, "factor")


# ---------------------------------------------------------------------- exact arithmetic
#: every signal that would mean a result is not exact, or not a number
_TRAPS = [decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow,
          decimal.Underflow, decimal.Subnormal, decimal.Inexact, decimal.Rounded,
          decimal.Clamped, decimal.FloatOperation]
_EXACT_INT_LIMIT = 10**MAX_EXACT_DIGITS


def _beyond(what: str, detail: str) -> NTMValueError:
    return NTMValueError(
        f"the exact result of {what} {detail}; the library computes exact results of at "
        f"most {MAX_EXACT_DIGITS:,} digits with an exponent from -{MAX_EXACT_DIGITS:,} to "
        f"{MAX_EXACT_DIGITS:,} (MAX_EXACT_DIGITS) and never rounds: use smaller numbers")


def _digits(value: Number) -> int:
    if isinstance(value, int):
        return max(1, int(abs(value).bit_length() * 0.30103) + 1)
    return len(value.as_tuple().digits)


def _compute(what: str, prec: int, op: Callable[[Context], Decimal]) -> Decimal:
    """``op`` run in a context of its own: exact (every inexact signal trapped), whatever
    the caller's decimal context; a result it cannot hold raises the library's error."""
    if prec > MAX_EXACT_DIGITS + 2:  # (+2: a carry, and the estimate of the span)
        raise _beyond(what, f"would need {prec:,} digits")
    context = Context(prec=max(prec, 1), Emax=MAX_EXACT_DIGITS, Emin=-MAX_EXACT_DIGITS,
                      traps=_TRAPS, flags=[])
    try:
        return op(context)
    except decimal.DecimalException as exc:
        raise _beyond(what, f"is beyond that range ({type(exc).__name__})") from None


def _int_result(what: str, value: int) -> int:
    if -_EXACT_INT_LIMIT < value < _EXACT_INT_LIMIT:
        return value
    raise _beyond(what, f"has {_digits(value):,} digits")


def _as_decimal(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value)


def exact_mul(a: Number, b: Number) -> Number:
    """``a * b`` computed exactly, whatever the caller's decimal context (or the
    library's error when the exact product is beyond :data:`MAX_EXACT_DIGITS`)."""
    if isinstance(a, int) and isinstance(b, int):
        return _int_result("a product", a * b)
    da, db = _as_decimal(a), _as_decimal(b)
    return _compute("a product", _digits(da) + _digits(db),
                    lambda context: context.multiply(da, db))


def exact_multiplier() -> Callable[[Number, Number], Number]:
    """:func:`exact_mul` for many products (a column's): one exact context for all of them
    instead of one per product. Each product is exact or raises the library's error: the
    context holds :data:`MAX_EXACT_DIGITS` digits and traps every inexact signal (for
    numbers within :data:`MAX_DIGITS`, as facts, thresholds and factors are, the product
    always fits)."""
    context = Context(prec=MAX_EXACT_DIGITS, Emax=MAX_EXACT_DIGITS, Emin=-MAX_EXACT_DIGITS,
                      traps=_TRAPS, flags=[])
    multiply = context.multiply

    def product(a: Number, b: Number) -> Number:
        if type(a) is int and type(b) is int:
            return _int_result("a product", a * b)
        try:
            return multiply(a, b)
        except decimal.DecimalException as exc:
            raise _beyond("a product", f"is beyond that range ({type(exc).__name__})"
                          ) from None

    return product


def exact_sub(a: Number, b: Number) -> Number:
    """``a - b`` computed exactly, whatever the caller's decimal context (or the
    library's error when the exact difference is beyond :data:`MAX_EXACT_DIGITS`)."""
    if isinstance(a, int) and isinstance(b, int):
        return _int_result("a difference", a - b)
    da, db = _as_decimal(a), _as_decimal(b)
    if not da:
        return _compute("a difference", _digits(db) + 1, lambda context: context.minus(db))
    if not db:
        return _compute("a difference", _digits(da) + 1, lambda context: context.plus(da))
    # the exact result spans from the highest digit (plus a carry) to the lowest one
    top = max(da.adjusted(), db.adjusted())
    low = min(int(da.as_tuple().exponent), int(db.as_tuple().exponent))
    return _compute("a difference", top - low + 2, lambda context: context.subtract(da, db))


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
                f"(got {type(value).__name__} {shown(value)})"
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
    raise NTMValueError(f"{field} must be one of {allowed} (got {shown(value)})")


def check_lang(lang: object) -> str:
    """Return ``lang`` if it is ``'vi'`` or ``'en'``; raise a clear error otherwise."""
    if lang not in LANGS or not isinstance(lang, str):
        raise NTMValueError(f"lang must be 'vi' or 'en' (got {shown(lang)})")
    return lang


def is_vi(lang: object) -> bool:
    """``True`` for ``"vi"``, ``False`` for ``"en"``; anything else is an error."""
    return check_lang(lang) == "vi"
