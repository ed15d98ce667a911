"""The declared mapping of a unit table's columns, and how each column is understood.

A :class:`UnitColumns` names the columns that hold the code, name, parent
code, region, zone, group and recognition years. Every other column is an
indicator of the criteria set: matched by its key (``income``) or its
Vietnamese or English label (``Thu nhập bình quân đầu người``), compared after
NFC, case folding and collapsing spaces, or named in ``indicators=``. A column
naming an indicator and a year (``income_2019``, ``income 2019``,
``Thu nhập bình quân đầu người năm 2019``, ``... (2019)``) is that indicator's
history in that year. A column that is none of these is an error with a
did-you-mean, unless it is listed in ``ignore=``.

A :class:`HistoryColumns` names the columns of a long history table: one row
per unit, year, indicator and value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from ntmcriteria._frozen import FrozenMap
from ntmcriteria.errors import NTMTypeError, NTMValueError, did_you_mean
from ntmcriteria.indicators import Indicator
from ntmcriteria.units import Level, Tier, to_level

__all__ = ["HistoryColumns", "IndicatorIndex", "UnitColumns", "fold"]

#: The level above each level (where its units usually sit).
PARENT_LEVEL = {Level.VILLAGE: Level.COMMUNE, Level.COMMUNE: Level.DISTRICT,
                Level.TOWNSHIP: Level.DISTRICT, Level.DISTRICT: Level.PROVINCE}

_YEARLY = re.compile(
    r"^(?P<base>.+?)(?:[\s_]*\((?P<y1>\d{4})\)|[\s_]+năm[\s_]+(?P<y2>\d{4})|[\s_]+(?P<y3>\d{4}))$")


def fold(text: str) -> str:
    """``text`` for matching: NFC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _optional_column(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise NTMTypeError(f"a column name must be a non-empty string (got {value!r:.60})")
    return unicodedata.normalize("NFC", value).strip()


def _column(value: object) -> str:
    column = _optional_column(value)
    if column is None:
        raise NTMTypeError("the code column must be named (got None)")
    return column


def _optional_level(value: object) -> Level | None:
    return None if value is None else to_level(value)


_DEFAULT_RECOGNITIONS = FrozenMap({Tier.NTM: "ntm_year", Tier.ADVANCED: "advanced_year",
                                   Tier.MODEL: "model_year"})


_DEFAULT_DECIDED = FrozenMap({Tier.NTM: "ntm_decided", Tier.ADVANCED: "advanced_decided",
                              Tier.MODEL: "model_decided"})
_DEFAULT_DECISIONS = FrozenMap({Tier.NTM: "ntm_decision", Tier.ADVANCED: "advanced_decision",
                                Tier.MODEL: "model_decision"})
#: the column maps by tier: (field, role prefix, default)
TIER_COLUMNS = (("recognitions", "recognition", _DEFAULT_RECOGNITIONS),
                ("decided", "decided", _DEFAULT_DECIDED),
                ("decisions", "decision", _DEFAULT_DECISIONS))


def _tier_columns(field: str) -> Callable[[object], FrozenMap[Tier, str]]:
    def convert(value: object) -> FrozenMap[Tier, str]:
        if not isinstance(value, Mapping):
            raise NTMTypeError(f"{field} must map a tier to a column name "
                               f"(got {type(value).__name__})")
        out: dict[Tier, str] = {}
        for tier, column in value.items():
            try:
                member = Tier(tier) if not isinstance(tier, Tier) else tier
            except ValueError:
                raise NTMValueError(f"{field}: {tier!r} is not a tier; expected 'ntm', "
                                    "'advanced' or 'model'") from None
            out[member] = _column(column)
        return FrozenMap(out)

    return convert


_recognitions = _tier_columns("recognitions")


def _recognition_columns(value: object) -> FrozenMap[Tier, str]:
    return _recognitions(value)
_decided_columns = _tier_columns("decided")
_decision_columns = _tier_columns("decisions")


def _decided(value: object) -> FrozenMap[Tier, str]:
    return _decided_columns(value)


def _decisions(value: object) -> FrozenMap[Tier, str]:
    return _decision_columns(value)


def _indicator_columns(value: object) -> FrozenMap[str, str]:
    if not isinstance(value, Mapping):
        raise NTMTypeError(f"indicators must map a column name to an indicator key "
                           f"(got {type(value).__name__})")
    out: dict[str, str] = {}
    for column, key in value.items():
        if not isinstance(key, str):
            raise NTMTypeError(f"indicators[{column!r}] must be an indicator key "
                               f"(got {key!r:.60})")
        out[_column(column)] = key
    return FrozenMap(out)


def _ignored(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise NTMTypeError(f"ignore must be a sequence of column names (got {value!r:.60})")
    return tuple(_column(v) for v in value)


@attrs.frozen(kw_only=True)
class UnitColumns:
    """Which columns of a unit table hold what (the rest are indicators).

    Columns other than ``code`` are used when the table has them. ``parent`` is
    the column with the code of each unit's parent (by default
    ``<parent level>_code``, e.g. ``commune_code`` in a village table); a table
    of members (villages of communes, communes of districts) must have it.
    ``parent_level`` is the level of that parent when it is not the usual one
    (communes held by a province after 2025: ``"province"``); ``parent_name`` a
    column with the parent's name, for parents the table itself creates.
    """

    code: str = attrs.field(default="code", converter=_column)
    name: str | None = attrs.field(default="name", converter=_optional_column)
    parent: str | None = attrs.field(default=None, converter=_optional_column)
    parent_level: Level | None = attrs.field(default=None, converter=_optional_level)
    parent_name: str | None = attrs.field(default=None, converter=_optional_column)
    region: str | None = attrs.field(default="region", converter=_optional_column)
    zone: str | None = attrs.field(default="zone", converter=_optional_column)
    group: str | None = attrs.field(default=None, converter=_optional_column)
    recognitions: FrozenMap[Tier, str] = attrs.field(default=_DEFAULT_RECOGNITIONS,
                                                     converter=_recognition_columns)
    #: the columns of the dates of the recognition decisions (dd/mm/yyyy or ISO dates)
    decided: FrozenMap[Tier, str] = attrs.field(default=_DEFAULT_DECIDED,
                                                converter=_decided)
    #: the columns of the recognition decisions' references (e.g. 2165/QĐ-UBND)
    decisions: FrozenMap[Tier, str] = attrs.field(default=_DEFAULT_DECISIONS,
                                                  converter=_decisions)
    indicators: FrozenMap[str, str] = attrs.field(factory=FrozenMap,
                                                  converter=_indicator_columns)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_ignored)

    def parent_column(self, level: Level) -> str | None:
        """The parent-code column of a table of ``level`` units."""
        if self.parent is not None:
            return self.parent
        parent = self.parent_level or PARENT_LEVEL.get(level)
        return None if parent is None else f"{parent.value}_code"

    def declared(self) -> dict[str, str]:
        """Column -> role for the columns this mapping names (not the indicators)."""
        out: dict[str, str] = {}
        for role in ("code", "name", "parent", "parent_name", "region", "zone", "group"):
            column = getattr(self, role)
            if column is not None:
                out.setdefault(column, role)
        for field, prefix, _ in TIER_COLUMNS:
            for tier, column in getattr(self, field).items():
                out.setdefault(column, f"{prefix}:{tier.value}")
        return out

    def explicit(self) -> dict[str, str]:
        """Column -> role for the columns set to something other than the default (they
        must be in the table)."""
        defaults = UnitColumns()
        out = {}
        for role in ("code", "name", "parent", "parent_name", "region", "zone", "group"):
            column = getattr(self, role)
            if column is not None and column != getattr(defaults, role):
                out[column] = role
        for field, prefix, default in TIER_COLUMNS:
            for tier, column in getattr(self, field).items():
                if default.get(tier) != column:
                    out[column] = f"{prefix}:{tier.value}"
        for column in self.indicators:
            out[column] = "indicator"
        return out


@attrs.frozen(kw_only=True)
class HistoryColumns:
    """The columns of a long history table: unit code, year, indicator, value; with
    ``level`` and ``parent`` columns when the table holds units of several levels or
    codes that repeat under different parents (villages)."""

    code: str = attrs.field(default="code", converter=_column)
    year: str = attrs.field(default="year", converter=_column)
    indicator: str = attrs.field(default="indicator", converter=_column)
    value: str = attrs.field(default="value", converter=_column)
    level: str | None = attrs.field(default="level", converter=_optional_column)
    parent: str | None = attrs.field(default="parent_code", converter=_optional_column)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_ignored)


class IndicatorIndex:
    """Finds the indicator a column (or a cell of a long table) names: by key, by label
    (vi or en), or with a year (``income_2019``)."""

    def __init__(self, indicators: Mapping[str, Indicator]) -> None:
        self.indicators = dict(indicators)
        names: dict[str, set[str]] = {}
        for key, indicator in self.indicators.items():
            for text in (key, indicator.label_vi, indicator.label_en):
                names.setdefault(fold(text), set()).add(key)
        self.names = names
        self.candidates = sorted({*self.indicators, *(i.label_vi for i in
                                                      self.indicators.values())})

    def find(self, text: str) -> str | tuple[str, ...] | None:
        """The key ``text`` names; a tuple of keys when it is ambiguous; None if none."""
        found = self.names.get(fold(text))
        if not found:
            return None
        if len(found) > 1:
            return tuple(sorted(found))
        return next(iter(found))

    def find_yearly(self, text: str) -> tuple[str, int] | None:
        """``(key, year)`` for a column naming an indicator and a year."""
        match = _YEARLY.match(fold(text))
        if match is None:
            return None
        year = int(match.group("y1") or match.group("y2") or match.group("y3"))
        key = self.find(match.group("base").strip(" _"))
        if isinstance(key, str):
            return key, year
        return None

    def hint(self, text: str, extra: Iterable[str] = ()) -> str:
        return did_you_mean(text, [*self.candidates, *extra])


def check_columns(value: Any, what: str, kind: type[Any]) -> Any:
    if value is None:
        return kind()
    if not isinstance(value, kind):
        raise NTMTypeError(f"{what} must be a {kind.__name__} (got {type(value).__name__})")
    return value
