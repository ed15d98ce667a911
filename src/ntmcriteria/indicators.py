"""Declared indicators: what a fact means, in which unit, and its valid range."""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from ntmcriteria._values import (
    Number,
    Value,
    exact,
    is_vi,
    shown,
    to_enum,
    to_label_en,
    to_label_vi,
    to_note,
    to_optional_number,
)
from ntmcriteria.errors import FactError, FactTypeError, NTMTypeError, NTMValueError

__all__ = ["Indicator", "Measure", "ValueType"]

_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.")


class Measure(enum.Enum):
    """Unit of measure of an indicator, with Vietnamese and English symbols."""

    PERCENT = "percent"
    MILLION_VND_PER_PERSON_YEAR = "million_vnd_per_person_year"
    MILLION_VND_PER_HECTARE_YEAR = "million_vnd_per_hectare_year"
    COUNT = "count"
    HOUSEHOLDS = "households"
    YES_NO = "yes_no"
    YEAR = "year"
    SCORE = "score"

    @property
    def symbol_vi(self) -> str:
        return _MEASURE_LABELS[self][0]

    @property
    def symbol_en(self) -> str:
        return _MEASURE_LABELS[self][1]


_MEASURE_LABELS = {
    Measure.PERCENT: ("%", "%"),
    Measure.MILLION_VND_PER_PERSON_YEAR: ("triệu đồng/người/năm", "million VND/person/year"),
    Measure.MILLION_VND_PER_HECTARE_YEAR: ("triệu đồng/ha/năm", "million VND/ha/year"),
    Measure.COUNT: ("", ""),
    Measure.HOUSEHOLDS: ("hộ", "households"),
    Measure.YES_NO: ("", ""),
    Measure.YEAR: ("năm", "year"),
    Measure.SCORE: ("điểm", "points"),
}


class ValueType(enum.Enum):
    """Exact type of an indicator's values."""

    DECIMAL = "decimal"
    INTEGER = "integer"
    BOOLEAN = "boolean"


def _to_key(value: object) -> str:
    if not isinstance(value, str):
        raise NTMTypeError(
            f"indicator key must be a string (got {type(value).__name__} {shown(value)})")
    key = str.__str__(value)
    if not key or not set(key) <= _KEY_CHARS or not key[0].isalpha():
        raise NTMValueError(
            f"indicator key must be lower-case ASCII letters, digits, '_' or '.', starting with a "
            f"letter (got {shown(key)})"
        )
    return key


def _to_measure(value: object) -> Measure:
    return to_enum(Measure, value, "measure")


def _to_value_type(value: object) -> ValueType:
    return to_enum(ValueType, value, "value_type")


@attrs.frozen(kw_only=True)
class Indicator:
    """A measurable quantity that facts give values for.

    ``minimum``/``maximum`` are inclusive bounds; percentages default to 0..100.
    Yes/no indicators take ``bool`` values.
    """

    key: str = attrs.field(converter=_to_key)
    label_vi: str = attrs.field(converter=to_label_vi)
    label_en: str = attrs.field(converter=to_label_en)
    measure: Measure = attrs.field(converter=_to_measure)
    value_type: ValueType = attrs.field(converter=_to_value_type)
    minimum: Number | None = attrs.field(default=None, converter=to_optional_number)
    maximum: Number | None = attrs.field(default=None, converter=to_optional_number)
    note: str = attrs.field(default="", converter=to_note)

    def __attrs_post_init__(self) -> None:
        if self.value_type is ValueType.BOOLEAN and (
            self.minimum is not None or self.maximum is not None
        ):
            raise NTMValueError(f"indicator {self.key!r}: a yes/no indicator has no bounds")
        if self.value_type is ValueType.INTEGER:
            for name, bound in (("minimum", self.minimum), ("maximum", self.maximum)):
                if bound is not None and bound != int(bound):
                    raise NTMValueError(
                        f"indicator {self.key!r}: {name} of a whole-number indicator must be "
                        f"whole (got {bound})"
                    )
        if self.value_type is ValueType.BOOLEAN and self.measure is not Measure.YES_NO:
            raise NTMValueError(
                f"indicator {self.key!r}: a boolean indicator must use the measure 'yes_no' "
                f"(got {self.measure.value!r})"
            )
        if self.measure is Measure.YES_NO and self.value_type is not ValueType.BOOLEAN:
            raise NTMValueError(
                f"indicator {self.key!r}: the measure 'yes_no' needs value_type 'boolean' "
                f"(got {self.value_type.value!r})"
            )
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise NTMValueError(
                f"indicator {self.key!r}: minimum {self.minimum} is above maximum {self.maximum}"
            )

    @property
    def bounds(self) -> tuple[Number | None, Number | None]:
        low, high = self.minimum, self.maximum
        if self.measure is Measure.PERCENT:
            low = 0 if low is None else low
            high = 100 if high is None else high
        if self.measure in (Measure.COUNT, Measure.HOUSEHOLDS) and low is None:
            low = 0
        return low, high

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if is_vi(lang) else self.label_en

    def symbol(self, lang: str = "vi") -> str:
        return self.measure.symbol_vi if is_vi(lang) else self.measure.symbol_en

    def check(self, value: Value, where: str) -> Value:
        """Return ``value`` if it fits this indicator, else raise naming ``where``."""
        expected = self.value_type
        if not isinstance(value, bool | int | Decimal):
            raise FactTypeError(
                f"{where}: fact {self.key!r} ({self.label_en}) must be a Decimal, int or "
                f"bool (got {type(value).__name__} {shown(value)})"
            )
        # a subclass becomes its exact base value; a number beyond the limits is refused
        value = exact(value, f"{where}: fact {self.key!r}")
        if expected is ValueType.BOOLEAN:
            if not isinstance(value, bool):
                raise FactTypeError(
                    f"{where}: fact {self.key!r} ({self.label_en}) must be yes/no (True or False) "
                    f"(got {shown(value)})"
                )
            return value
        if isinstance(value, bool):
            raise FactTypeError(
                f"{where}: fact {self.key!r} ({self.label_en}) must be a number in "
                f"{self._bounds_text()} (got the yes/no value {shown(value)})"
            )
        if expected is ValueType.INTEGER and not (
            isinstance(value, int)
            or (isinstance(value, Decimal) and value == value.to_integral_value())
        ):
            raise FactTypeError(
                f"{where}: fact {self.key!r} ({self.label_en}) must be a whole number "
                f"(got {shown(value)})"
            )
        low, high = self.bounds
        if (low is not None and value < low) or (high is not None and value > high):
            raise FactError(
                f"{where}: fact {self.key!r} ({self.label_en}) = {value} is out of bounds; "
                f"expected {self._bounds_text()}"
            )
        return value

    def _bounds_text(self) -> str:
        low, high = self.bounds
        unit = f" {self.measure.symbol_en}" if self.measure.symbol_en else ""
        if low is None and high is None:
            return f"any value{unit}"
        if high is None:
            return f">= {low}{unit}"
        if low is None:
            return f"<= {high}{unit}"
        return f"[{low}, {high}]{unit}"
