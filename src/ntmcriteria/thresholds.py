"""Thresholds: constants, schedules by classification (region, commune group...) and by
year, scaled values, parameters."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import attrs

from ntmcriteria._fields import doc
from ntmcriteria._values import (
    Number,
    Value,
    exact_mul,
    exact_number,
    nfc,
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
    "REGION",
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

#: A schedule entry's key: the codes of its classifications, as ``(name, code)`` pairs in
#: the order of the names, and its year (None: the schedule is not by year).
ScheduleKey: TypeAlias = tuple[tuple[tuple[str, str], ...], int | None]
#: The name of the classification every criteria set knows: the seven regions.
REGION = "region"
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


def _region_repr(region: Region | None) -> str:
    return "None" if region is None else repr(region.value)


def check_class_name(name: object, what: str = "classification name") -> str:
    """A classification name: an identifier such as ``group``, never ``year``."""
    if not isinstance(name, str) or not _NAME.match(name) or name == "year":
        raise NTMValueError(
            f"{what} must be a lower-case identifier such as 'group' or 'zone', not 'year' "
            f"(got {name!r:.40})")
    return name


def class_code(name: str, code: object) -> str:
    """A classification code as text: a region's code is checked against the regions."""
    if isinstance(code, enum.Enum):
        code = code.value
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)
    if not isinstance(code, str) or not code.strip():
        raise NTMTypeError(
            f"a {name} code must be a non-empty string such as '1' or 'KV1' (got {code!r:.40})")
    code = nfc(code, f"{name} code").strip()
    if name == REGION and code not in _REGION_CODES:
        allowed = ", ".join(r.value for r in Region)
        raise NTMValueError(f"schedule key {code!r} is not a region; expected one of {allowed}")
    return code


_REGION_CODES = frozenset(r.value for r in Region)


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

    def classification_names(self) -> tuple[str, ...]:
        return ()

    def text(self, w: Words, indicator: Indicator | None) -> str:
        return w.quantity(self.value, indicator)

    def witness(self, s: WitnessSearch, hint: Any) -> Iterator[Any]:
        return s.constant(self.value)

    def __repr__(self) -> str:
        return repr(self.value)


def _is_canonical(key: object) -> bool:
    return (isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], tuple)
            and all(isinstance(p, tuple) and len(p) == 2 for p in key[0]))


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
    shapes = {(tuple(name for name, _ in k[0]), k[1] is not None) for k in entries}
    if len(shapes) != 1:
        raise NTMValueError(
            "schedule keys must all have the same shape: the same classifications (regions, "
            "groups, ...), with or without a year "
            f"(got {sorted(map(str, (k for k, _ in items)))})"
        )
    return tuple(sorted(entries.items(), key=lambda e: (e[0][0], e[0][1] or 0)))


def _schedule_key(raw: object) -> ScheduleKey:
    if _is_canonical(raw):
        assert isinstance(raw, tuple)  # noqa: S101 - checked by _is_canonical
        pairs, year = raw
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise NTMTypeError(f"schedule key {raw!r}: the year must be an int (got {year!r})")
        names = [check_class_name(n) for n, _ in pairs]
        if len(set(names)) != len(names):
            raise NTMValueError(f"schedule key {raw!r} names a classification twice")
        if not pairs and year is None:
            raise NTMValueError("a schedule key needs a classification code, a year or both")
        return (tuple(sorted((n, class_code(n, c)) for n, c in pairs)), year)
    if isinstance(raw, Region):
        return (((REGION, raw.value),), None)
    if isinstance(raw, str):
        try:
            return (((REGION, Region(raw).value),), None)
        except ValueError:
            allowed = ", ".join(r.value for r in Region)
            raise NTMValueError(
                f"schedule key {shown(raw)} is not a region; expected one of {allowed} or a year "
                "(for another classification use schedule(..., by='group'))"
            ) from None
    if isinstance(raw, int) and not isinstance(raw, bool):
        return ((), to_year(raw, "schedule year"))
    if isinstance(raw, tuple) and len(raw) == 2:
        if raw[0] is not None and not isinstance(raw[0], Region | str):
            raise NTMTypeError(
                f"schedule key {shown(raw)}: the first item must be a region code (got "
                f"{shown(raw[0])})"
            )
        region = _schedule_key(raw[0])[0] if raw[0] is not None else ()
        year = raw[1]
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise NTMTypeError(
                f"schedule key {shown(raw)}: the year must be an int (got {shown(year)})")
        if not region and year is None:
            raise NTMValueError(f"schedule key {shown(raw)} has neither a region nor a year")
        return (region, None if year is None else to_year(year, "schedule year"))
    raise NTMTypeError(
        f"schedule key must be a region code, a year or a (region, year) pair (got {shown(raw)})"
    )


def _key_of(key: Mapping[str, object] | Region | str | None, names: tuple[str, ...]
            ) -> tuple[tuple[str, str], ...] | None:
    """The codes of ``names`` in ``key`` (a mapping of classification to code, or, for a
    schedule by region, a region); None when one is not given."""
    if key is None or isinstance(key, Region | str):
        key = {} if key is None else {REGION: key}
    out = []
    for name in names:
        code = key.get(name)
        if code is None:
            return None
        out.append((name, code.value if isinstance(code, enum.Enum) else str(code)))
    return tuple(out)


@attrs.frozen
class Schedule:
    """Values by classification (region, commune group, zone...), by year, or by both.

    Looking up a year outside the schedule, or a code it does not list, raises
    :class:`~ntmcriteria.errors.ScheduleError`, never the nearest value. In an
    assessment that is a missing legal value: UNKNOWN naming the cell (a ``Missing``
    item of kind ``schedule`` for a schedule written in a rule, of kind ``parameter``
    for a parameter's value).
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

    def classification_names(self) -> tuple[str, ...]:
        return self.by

    def text(self, w: Words, indicator: Indicator | None) -> str:
        parts = []
        for (codes, year), value in self.entries:
            keys = [w.class_label(name, code) for name, code in codes]
            if year is not None:
                keys.append(str(year))
            parts.append(f"{', '.join(keys)}: {w.quantity(value, indicator)}")
        return "; ".join(parts)

    def witness(self, s: WitnessSearch, hint: Any) -> Iterator[Any]:
        return s.schedule(self)

    @property
    def by(self) -> tuple[str, ...]:
        """The classifications the schedule is keyed by (``("region",)``, ``("group",)``...)."""
        return tuple(name for name, _ in self.entries[0][0][0])

    @property
    def by_region(self) -> bool:
        return REGION in self.by

    @property
    def by_year(self) -> bool:
        return self.entries[0][0][1] is not None

    @property
    def keyed_by(self) -> tuple[str, ...]:
        """The classifications and ``"year"`` when the schedule is by year."""
        return (*self.by, "year") if self.by_year else self.by

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({k[1] for k, _ in self.entries if k[1] is not None}))

    def codes(self, name: str) -> tuple[str, ...]:
        """The codes of classification ``name`` the schedule lists, in order."""
        return tuple(dict.fromkeys(code for (codes, _), _ in self.entries
                                   for n, code in codes if n == name))

    def lookup(self, key: Mapping[str, object] | Region | str | None, year: int) -> Number:
        """The value for ``key`` (a mapping of classification name to code; for a schedule
        by region, a region or its code) and ``year``."""
        codes = _key_of(key, self.by)
        if codes is None:
            raise ScheduleError(
                f"the schedule is by {' and '.join(self.by)}; the lookup gives no "
                f"{' or '.join(self.by)} code (got {key!r:.60})")
        wanted: ScheduleKey = (codes, year if self.by_year else None)
        for entry_key, value in self.entries:
            if entry_key == wanted:
                return value
        what = [f"{name} {code!r}" for name, code in codes]
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
        if not self.by or self.by == (REGION,):
            inner = ", ".join(f"{_key_repr(k)}: {v!r}" for k, v in self.entries)
            return f"schedule({{{inner}}})"
        inner = ", ".join(f"{_key_repr(k)}: {v!r}" for k, v in self.entries)
        return f"schedule({{{inner}}}, by={self.keyed_by!r})"


def _key_repr(key: ScheduleKey) -> str:
    codes, year = key
    items = [repr(code) for _, code in codes]
    if year is not None:
        items.append(str(year))
    return items[0] if len(items) == 1 else f"({', '.join(items)})"


def schedule(values: Mapping[Any, object], by: str | Sequence[str] | None = None) -> Schedule:
    """Build a :class:`Schedule`.

    Without ``by``: ``{region: v}``, ``{year: v}`` or ``{(region, year): v}``. With ``by``,
    the names the keys stand for, in order: ``schedule({"1": 5, "2": 6}, by="group")``,
    ``schedule({("1", 2026): 5}, by=("group", "year"))``, ``by=("region", "group")``.
    """
    if by is None:
        return Schedule(values)
    names = (by,) if isinstance(by, str) else tuple(by)
    if not names or not all(isinstance(n, str) for n in names):
        raise NTMTypeError(f"by must name classifications and/or 'year' (got {by!r:.60})")
    if "year" in names[:-1]:
        raise NTMValueError(f"'year' must come last in by= (got {names!r})")
    classes = tuple(check_class_name(n) for n in names if n != "year")
    with_year = names[-1] == "year"
    if not isinstance(values, Mapping):
        raise NTMTypeError(f"schedule values must be a mapping (got {type(values).__name__})")
    entries: dict[object, object] = {}
    for raw, amount in values.items():
        parts = raw if isinstance(raw, tuple) else (raw,)
        if len(parts) != len(names):
            raise NTMValueError(
                f"schedule key {raw!r} must give {len(names)} item(s), one for each of "
                f"{names!r}")
        year = parts[-1] if with_year else None
        codes = tuple(zip(classes, parts[:len(classes)], strict=True))
        entries[(codes, year)] = amount
    return Schedule(entries)


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

    def classification_names(self) -> tuple[str, ...]:
        return ()  # a parameter's classifications are those of its value (see keyed_by)

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

    def classification_names(self) -> tuple[str, ...]:
        return self.base.classification_names()

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

    def classification_names(self) -> tuple[str, ...]:
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
