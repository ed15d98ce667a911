"""A quantity: a number with its unit, for shortfalls and the figures of a check.

A shortfall is never a bare number: a percentage indicator is short by
*percentage points* (``thiếu 2,5 điểm phần trăm``), a share or a count of
member units by *members* (``thiếu 2 xã``), an at-least-k rule by *conditions*,
a plain comparison by the indicator's own unit (``triệu đồng/người/năm``,
``hộ``), a difference of calendar years by *years*. :class:`QuantityUnit`
names each unit by a stable code (the ``shortfall_unit`` column of a table,
the JSON output) with its Vietnamese and English words; :class:`Quantity` is
the typed ``(value, unit)`` pair.

How a measure's values and its differences are counted:

- :func:`value_unit` — the unit of an indicator's values (``percent`` for a
  percentage, ``year`` for a calendar year, else the measure itself);
- :func:`difference_unit` — the unit of a difference of two such values, which
  is what a comparison's shortfall is (``percentage_points``, ``years``, else
  the measure itself);
- :func:`members_unit` — the unit of a number of member units of a level.

Only words live here; the locale formatting of the number is the rendering's
(:func:`ntmcriteria.render.format_amount`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ntmcriteria._values import Number, check_lang, exact_number, to_enum
from ntmcriteria.errors import NTMValueError, did_you_mean
from ntmcriteria.glossary import TERMS
from ntmcriteria.indicators import Indicator, Measure
from ntmcriteria.units import Level

__all__ = [
    "Quantity",
    "QuantityUnit",
    "difference_of",
    "difference_unit",
    "members_unit",
    "shortfall_columns",
    "to_quantity_unit",
    "value_unit",
]


class QuantityUnit(enum.Enum):
    """The unit of a quantity, by a stable code (the enum's value)."""

    #: a value of a percentage indicator (``96,5%``)
    PERCENT = "percent"
    #: a difference of two percentages (``0,5 điểm phần trăm``)
    PERCENTAGE_POINTS = "percentage_points"
    MILLION_VND_PER_PERSON_YEAR = "million_vnd_per_person_year"
    MILLION_VND_PER_HECTARE_YEAR = "million_vnd_per_hectare_year"
    HOUSEHOLDS = "households"
    SCORE = "score"
    #: a plain count of things (no unit word)
    COUNT = "count"
    YES_NO = "yes_no"
    #: a calendar year (``2024``, never grouped)
    YEAR = "year"
    #: a number of years (a difference of calendar years, the years of a window)
    YEARS = "years"
    #: a number of member units of each level
    VILLAGES = "villages"
    COMMUNES = "communes"
    TOWNSHIPS = "townships"
    WARDS = "wards"
    DISTRICTS = "districts"
    PROVINCES = "provinces"
    #: a number of the parts of an at-least-k rule
    CONDITIONS = "conditions"

    def label(self, lang: str = "vi", value: object = None) -> str:
        """The unit's word in ``lang``; in English singular for a value of exactly 1."""
        vi, one, many = _LABELS[self]
        if check_lang(lang) == "vi":
            return vi
        return one if _is_one(value) else many

    @property
    def label_vi(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][2]

    @property
    def glued(self) -> bool:
        """The word follows the number without a space (``%``)."""
        return self is QuantityUnit.PERCENT

    @property
    def decimals(self) -> int:
        """The least number of decimals a value in this unit is shown with."""
        return 1 if self in (QuantityUnit.MILLION_VND_PER_PERSON_YEAR,
                             QuantityUnit.MILLION_VND_PER_HECTARE_YEAR) else 0

    @property
    def grouped(self) -> bool:
        """Thousands are grouped (a calendar year never is)."""
        return self is not QuantityUnit.YEAR


#: unit -> (Vietnamese, English singular, English plural)
_LABELS: Mapping[QuantityUnit, tuple[str, str, str]] = {
    QuantityUnit.PERCENT: ("%", "%", "%"),
    # the glossary's term, so that every rendering says it the same way
    QuantityUnit.PERCENTAGE_POINTS: (TERMS["percentage_points"][0], "percentage point",
                                     TERMS["percentage_points"][1]),
    QuantityUnit.MILLION_VND_PER_PERSON_YEAR: ("triệu đồng/người/năm", "million VND/person/year",
                                               "million VND/person/year"),
    QuantityUnit.MILLION_VND_PER_HECTARE_YEAR: ("triệu đồng/ha/năm", "million VND/ha/year",
                                                "million VND/ha/year"),
    QuantityUnit.HOUSEHOLDS: ("hộ", "household", "households"),
    QuantityUnit.SCORE: ("điểm", "point", "points"),
    QuantityUnit.COUNT: ("", "", ""),
    QuantityUnit.YES_NO: ("", "", ""),
    QuantityUnit.YEAR: ("", "", ""),
    QuantityUnit.YEARS: ("năm", "year", "years"),
    QuantityUnit.VILLAGES: ("thôn", "village", "villages"),
    QuantityUnit.COMMUNES: ("xã", "commune", "communes"),
    QuantityUnit.TOWNSHIPS: ("thị trấn", "township", "townships"),
    QuantityUnit.WARDS: ("phường", "ward", "wards"),
    QuantityUnit.DISTRICTS: ("huyện", "district", "districts"),
    QuantityUnit.PROVINCES: ("tỉnh", "province", "provinces"),
    QuantityUnit.CONDITIONS: ("điều kiện", "condition", "conditions"),
}

_MEMBERS: Mapping[Level, QuantityUnit] = {
    Level.VILLAGE: QuantityUnit.VILLAGES,
    Level.COMMUNE: QuantityUnit.COMMUNES,
    Level.TOWNSHIP: QuantityUnit.TOWNSHIPS,
    Level.WARD: QuantityUnit.WARDS,
    Level.DISTRICT: QuantityUnit.DISTRICTS,
    Level.PROVINCE: QuantityUnit.PROVINCES,
}

#: measures whose differences are counted in another unit than their values
_DIFFERENCES: Mapping[Measure, QuantityUnit] = {
    Measure.PERCENT: QuantityUnit.PERCENTAGE_POINTS,
    Measure.YEAR: QuantityUnit.YEARS,
}


def _is_one(value: object) -> bool:
    return isinstance(value, Decimal | int) and not isinstance(value, bool) and value == 1


def to_quantity_unit(value: object) -> QuantityUnit:
    """``value`` (a :class:`QuantityUnit` or its code) as a unit, or a clear error (with
    the nearest code for a misspelt one)."""
    try:
        return to_enum(QuantityUnit, value, "quantity unit")
    except NTMValueError as error:
        hint = did_you_mean(value, (u.value for u in QuantityUnit)) if isinstance(
            value, str) else ""
        raise NTMValueError(f"{error}{hint}") from None


def value_unit(indicator: Indicator | None) -> QuantityUnit | None:
    """The unit of the values of ``indicator`` (None: no indicator)."""
    if indicator is None:
        return None
    return to_quantity_unit(indicator.measure.value)


def difference_unit(indicator: Indicator | None) -> QuantityUnit | None:
    """The unit of a difference of two values of ``indicator``: a comparison's shortfall
    (percentage points for a percentage, years for a calendar year)."""
    if indicator is None:
        return None
    return _DIFFERENCES.get(indicator.measure) or value_unit(indicator)


def difference_of(value: Number | None, indicator: Indicator | None) -> Quantity | None:
    """``value``, a difference of two values of ``indicator`` (a comparison's shortfall),
    with its unit; with no indicator known, a plain number (``count``)."""
    if value is None:
        return None
    return Quantity(value, difference_unit(indicator) or QuantityUnit.COUNT)


def members_unit(level: Level) -> QuantityUnit:
    """The unit of a number of member units at ``level`` (``communes``, ``villages``...)."""
    return _MEMBERS[level]


def _to_value(value: object) -> Number:
    return exact_number(value, "Quantity.value")


@attrs.frozen
class Quantity:
    """A number with its unit: ``Quantity(Decimal("2.5"), "percentage_points")``."""

    value: Number = attrs.field(converter=_to_value)
    unit: QuantityUnit = attrs.field(converter=to_quantity_unit)

    @property
    def code(self) -> str:
        """The unit's code (``"percentage_points"``, ``"communes"``...)."""
        return self.unit.value

    def label(self, lang: str = "vi") -> str:
        """The unit's word agreeing with the value (``"1 commune"``, ``"2 communes"``)."""
        return self.unit.label(lang, self.value)

    def __repr__(self) -> str:
        return f"Quantity({self.value!r}, {self.code!r})"


def shortfall_columns(quantity: Quantity | None) -> dict[str, Any]:
    """The ``shortfall`` and ``shortfall_unit`` columns of a table row: the number and the
    unit's code (None and "" when there is no shortfall), so that a row always says what
    unit its shortfall is in."""
    if quantity is None:
        return {"shortfall": None, "shortfall_unit": ""}
    return {"shortfall": quantity.value, "shortfall_unit": quantity.code}
