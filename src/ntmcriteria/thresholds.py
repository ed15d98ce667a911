"""Thresholds: constants, schedules by region and year, scaled values, parameters."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import attrs

from ntmcriteria._fields import doc
from ntmcriteria._values import (
    Number,
    Value,
    exact_mul,
    exact_number,
    shown,
    to_factor,
    to_parameter_name,
    to_threshold_value,
    to_year,
)
from ntmcriteria.errors import NTMTypeError, NTMValueError, ScheduleError
from ntmcriteria.units import Region

if TYPE_CHECKING:
    from ntmcriteria.evaluation.compiler import Compiler, Reg
    from ntmcriteria.evaluation.context import Context
    from ntmcriteria.hooks import WitnessSearch, Words
    from ntmcriteria.indicators import Indicator
    from ntmcriteria.trace import Missing

__all__ = [
    "THRESHOLD_KINDS",
    "Const",
    "EvaluatedYear",
    "Param",
    "Scaled",
    "Schedule",
    "Threshold",
    "schedule",
    "to_threshold",
]

ScheduleKey: TypeAlias = tuple[Region | None, int | None]


def _region_repr(region: Region | None) -> str:
    return "None" if region is None else repr(region.value)


@attrs.frozen
class Const:
    """A fixed threshold value (written bare in documents: ``45``, ``true``)."""

    value: Value = attrs.field(converter=to_threshold_value, metadata=doc(kind="value", tag=True))
    tag: ClassVar[str] = "const"

    def resolve(self, ctx: Context) -> tuple[Value | None, tuple[Missing, ...]]:
        return self.value, ()

    def compile(self, c: Compiler) -> Reg:
        return c.constant(self.value)

    def parameter_names(self) -> tuple[str, ...]:
        return ()

    def text(self, w: Words, indicator: Indicator | None) -> str:
        return w.quantity(self.value, indicator)

    def witness(self, s: WitnessSearch, hint: Any) -> Iterator[Any]:
        return s.constant(self.value)

    def __repr__(self) -> str:
        return repr(self.value)


def _to_entries(value: object) -> tuple[tuple[ScheduleKey, Number], ...]:
    if isinstance(value, tuple) and all(
        isinstance(e, tuple) and len(e) == 2 and isinstance(e[0], tuple) for e in value
    ):
        items: list[tuple[object, object]] = [(k, v) for k, v in value]
    elif isinstance(value, Mapping):
        items = list(value.items())
    else:
        raise NTMTypeError(
            f"schedule must be a mapping of region and/or year to value (got {shown(value)})"
        )
    entries: dict[ScheduleKey, Number] = {}
    for raw_key, raw_value in items:
        key = _schedule_key(raw_key)
        if key in entries:
            raise NTMValueError(f"schedule lists the key {shown(raw_key)} twice")
        entries[key] = exact_number(raw_value, f"schedule[{raw_key!r}]")
    if not entries:
        raise NTMValueError("schedule must have at least one value (got an empty mapping)")
    shapes = {(k[0] is not None, k[1] is not None) for k in entries}
    if len(shapes) != 1:
        raise NTMValueError(
            "schedule keys must all have the same shape: all regions, all years, or all "
            f"(region, year) pairs (got {sorted(map(str, items))})"
        )
    return tuple(sorted(entries.items(), key=lambda e: (_region_repr(e[0][0]), e[0][1] or 0)))


def _schedule_key(raw: object) -> ScheduleKey:
    if isinstance(raw, Region):
        return (raw, None)
    if isinstance(raw, str):
        try:
            return (Region(raw), None)
        except ValueError:
            allowed = ", ".join(r.value for r in Region)
            raise NTMValueError(
                f"schedule key {shown(raw)} is not a region; expected one of {allowed} or a year"
            ) from None
    if isinstance(raw, int) and not isinstance(raw, bool):
        return (None, to_year(raw, "schedule year"))
    if isinstance(raw, tuple) and len(raw) == 2:
        if raw[0] is not None and not isinstance(raw[0], Region | str):
            raise NTMTypeError(
                f"schedule key {shown(raw)}: the first item must be a region code (got "
                f"{shown(raw[0])})"
            )
        region = _schedule_key(raw[0])[0] if raw[0] is not None else None
        year = raw[1]
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise NTMTypeError(
                f"schedule key {shown(raw)}: the year must be an int (got {shown(year)})")
        return (region, None if year is None else to_year(year, "schedule year"))
    raise NTMTypeError(
        f"schedule key must be a region code, a year or a (region, year) pair (got {shown(raw)})"
    )


@attrs.frozen
class Schedule:
    """Values by region, by year, or by (region, year).

    Looking up a year outside the schedule, or a region it does not list, is an
    error (:class:`~ntmcriteria.errors.ScheduleError`), never the nearest value.
    """

    entries: tuple[tuple[ScheduleKey, Number], ...] = attrs.field(
        converter=_to_entries, metadata=doc(kind="schedule", tag=True))
    tag: ClassVar[str] = "schedule"

    def resolve(self, ctx: Context) -> tuple[Value | None, tuple[Missing, ...]]:
        return ctx.lookup_schedule(self, None)

    def compile(self, c: Compiler) -> Reg:
        return c.schedule(self, None)

    def parameter_names(self) -> tuple[str, ...]:
        return ()

    def text(self, w: Words, indicator: Indicator | None) -> str:
        parts = []
        for (region, year), value in self.entries:
            keys = []
            if region is not None:
                keys.append(w.t(region.label_vi, region.label_en))
            if year is not None:
                keys.append(str(year))
            parts.append(f"{', '.join(keys)}: {w.quantity(value, indicator)}")
        return "; ".join(parts)

    def witness(self, s: WitnessSearch, hint: Any) -> Iterator[Any]:
        return s.schedule(self)

    @property
    def by_region(self) -> bool:
        return self.entries[0][0][0] is not None

    @property
    def by_year(self) -> bool:
        return self.entries[0][0][1] is not None

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({k[1] for k, _ in self.entries if k[1] is not None}))

    def lookup(self, region: Region | None, year: int) -> Number:
        key: ScheduleKey = (region if self.by_region else None, year if self.by_year else None)
        for entry_key, value in self.entries:
            if entry_key == key:
                return value
        what = []
        if self.by_region:
            what.append(f"region {_region_repr(region)}")
        if self.by_year:
            what.append(f"year {year}")
            years = self.years
            if years and not years[0] <= year <= years[-1]:
                raise ScheduleError(
                    f"year {year} is outside the schedule ({years[0]}-{years[-1]}); a schedule "
                    "never falls back to the nearest year"
                )
        raise ScheduleError(f"the schedule has no value for {' and '.join(what)}")

    def __repr__(self) -> str:
        inner = ", ".join(f"{_key_repr(k)}: {v!r}" for k, v in self.entries)
        return f"schedule({{{inner}}})"


def _key_repr(key: ScheduleKey) -> str:
    region, year = key
    if region is not None and year is not None:
        return f"({region.value!r}, {year})"
    if region is not None:
        return repr(region.value)
    return str(year)


def schedule(values: Mapping[Any, object]) -> Schedule:
    """Build a :class:`Schedule` from ``{region: v}``, ``{year: v}`` or ``{(region, year): v}``."""
    return Schedule(values)


@attrs.frozen
class Param:
    """A named parameter declared by a criteria set and supplied by the caller."""

    name: str = attrs.field(converter=to_parameter_name,
                            metadata=doc(kind="key", tag=True))
    tag: ClassVar[str] = "param"

    def resolve(self, ctx: Context) -> tuple[Value | None, tuple[Missing, ...]]:
        return ctx.parameter_value(self.name)

    def compile(self, c: Compiler) -> Reg:
        return c.parameter(self.name)

    def parameter_names(self) -> tuple[str, ...]:
        return (self.name,)

    def text(self, w: Words, indicator: Indicator | None) -> str:
        return w.parameter_entry(self.name)

    def witness(self, s: WitnessSearch, hint: Any) -> Iterator[Any]:
        return s.parameter(self.name, hint)

    def __repr__(self) -> str:
        return f"param({self.name!r})"


def _to_base(value: object) -> Threshold:
    return to_threshold(value)


@attrs.frozen
class Scaled:
    """``factor`` times another threshold (e.g. 110% of the advanced-NTM income level)."""

    factor: Number = attrs.field(converter=to_factor, metadata=doc(kind="number", tag=True))
    base: Threshold = attrs.field(converter=_to_base, metadata=doc(kind="threshold"))
    tag: ClassVar[str] = "scaled"

    def resolve(self, ctx: Context) -> tuple[Value | None, tuple[Missing, ...]]:
        base, missing = self.base.resolve(ctx)
        if base is None:
            return None, missing
        if isinstance(base, bool):
            raise NTMTypeError(f"scaled({self.factor}, ...) cannot scale a yes/no threshold")
        return exact_mul(self.factor, base), missing

    def compile(self, c: Compiler) -> Reg:
        return c.scaled(self.factor, self.base.compile(c))

    def parameter_names(self) -> tuple[str, ...]:
        return self.base.parameter_names()

    def text(self, w: Words, indicator: Indicator | None) -> str:
        return f"{w.value(self.factor)} × ({self.base.text(w, indicator)})"

    def witness(self, s: WitnessSearch, hint: Any) -> Iterator[Any]:
        return s.scaled(self.factor, self.base, hint)

    def __repr__(self) -> str:
        return f"scaled({self.factor!r}, {self.base!r})"


def _check_before(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
        raise NTMValueError(
            f"evaluated_year: before must be a whole number of years from 0 to 1000 "
            f"(got {shown(value)})")


@attrs.frozen
class EvaluatedYear:
    """The year being evaluated, less ``before`` years: ``fact("established") <=
    evaluated_year(before=3)`` reads "established at least 3 years before the year
    assessed" (in a window, the window's year)."""

    before: int = attrs.field(default=0, validator=_check_before,
                              metadata=doc(kind="count", tag=True))
    tag: ClassVar[str] = "evaluated_year"

    def resolve(self, ctx: Context) -> tuple[Value | None, tuple[Missing, ...]]:
        return ctx.year - self.before, ()

    def compile(self, c: Compiler) -> Reg:
        return c.evaluated_year(self.before)

    def parameter_names(self) -> tuple[str, ...]:
        return ()

    def text(self, w: Words, indicator: Indicator | None) -> str:
        if not self.before:
            return w.t("năm đang xét", "the year assessed")
        return w.t(f"năm đang xét − {self.before}", f"the year assessed − {self.before}")

    def witness(self, s: WitnessSearch, hint: Any) -> Iterator[Any]:
        return s.evaluated_year(self.before)

    def __repr__(self) -> str:
        return "evaluated_year()" if not self.before else f"evaluated_year(before={self.before})"


Threshold: TypeAlias = Const | Schedule | Param | Scaled | EvaluatedYear
#: Every threshold kind.
THRESHOLD_KINDS = (Const, Schedule, Param, Scaled, EvaluatedYear)


def to_threshold(value: object) -> Threshold:
    """Coerce a number, bool or mapping to a threshold; thresholds pass through."""
    if isinstance(value, Const | Schedule | Param | Scaled | EvaluatedYear):
        return value
    if isinstance(value, Mapping):
        return Schedule(value)
    if isinstance(value, bool | int | float | Decimal):
        return Const(value)
    raise NTMTypeError(
        f"threshold must be a number, a yes/no value, a schedule, a param(...) or scaled(...) "
        f"(got {type(value).__name__} {shown(value)})"
    )
