"""Where the compiled plan reads units from: unit objects, plain records or columns.

A *source* gives the plan, for a list of rows of one level, columns of codes,
regions, recognition years and facts (for a year), and the rows of their
members at a lower level. Three kinds:

- :class:`UnitSource` — the library's unit objects (``Commune``, ``Village``...).
- :class:`RecordSource` — plain records, a mapping per unit with its members as
  nested lists, as a JSON document gives them; a :class:`Layout` says which
  keys hold what (by default the unit document format), so that no record has
  to be converted.
- :class:`ColumnSource` — columns: a mapping of column name -> sequence (lists,
  NumPy arrays, pandas or polars columns), members as their own columns with
  a count per parent row.

Each source can also build the unit object of one row (:meth:`unit`), which
the interpreter uses to trace a verdict on demand.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import chain, compress, repeat
from operator import attrgetter, is_not, itemgetter, methodcaller
from typing import Any, Protocol

import attrs

from ntmcriteria._values import shown, to_year
from ntmcriteria.errors import NTMTypeError, NTMValueError, UnknownNameError
from ntmcriteria.limits import MAX_YEAR, MIN_YEAR
from ntmcriteria.recognition import Recognition, to_decision_date, to_recognition
from ntmcriteria.units import (
    CLASS_FIELDS,
    ClosedRegister,
    Commune,
    District,
    FactMap,
    Level,
    Province,
    Region,
    Tier,
    Township,
    Unit,
    Village,
    Ward,
    to_level,
    to_region,
    to_register,
    to_tier,
)

__all__ = ["ColumnSource", "Columns", "Layout", "RecordSource", "Source", "UnitSource"]

_UNIT_CLASSES: dict[Level, Any] = {
    Level.VILLAGE: Village, Level.COMMUNE: Commune, Level.TOWNSHIP: Township,
    Level.WARD: Ward, Level.DISTRICT: District, Level.PROVINCE: Province,
}
#: Which member lists a unit of each level holds, in order.
CHILD_FIELDS: dict[Level, tuple[tuple[str, Level], ...]] = {
    Level.VILLAGE: (),
    Level.COMMUNE: (("villages", Level.VILLAGE),),
    Level.TOWNSHIP: (),
    Level.WARD: (),
    Level.DISTRICT: (("communes", Level.COMMUNE), ("townships", Level.TOWNSHIP)),
    Level.PROVINCE: (("districts", Level.DISTRICT), ("communes", Level.COMMUNE),
                     ("wards", Level.WARD)),
}
_RANK = {Level.VILLAGE: 0, Level.COMMUNE: 1, Level.TOWNSHIP: 1, Level.WARD: 1,
         Level.DISTRICT: 2, Level.PROVINCE: 3}


class Source(Protocol):
    """What the plan reads rows through (see the module docstring)."""

    level: Level

    def count(self, rows: Sequence[Any]) -> int: ...
    def codes(self, rows: Sequence[Any]) -> list[str]: ...
    def regions(self, rows: Sequence[Any]) -> list[Region | None]: ...
    def classes(self, rows: Sequence[Any], field: str) -> list[Any]: ...
    def recognitions(self, rows: Sequence[Any], tier: Tier) -> list[int | None]: ...
    def decision_years(self, rows: Sequence[Any], tier: Tier) -> list[int | None]: ...
    def registers(self, rows: Sequence[Any]) -> list[tuple[ClosedRegister, ...]] | None: ...
    def member_registers(self, rows: Sequence[Any], level: Level
                         ) -> list[tuple[ClosedRegister, ...]] | None: ...
    def facts(self, rows: Sequence[Any], key: str, year: int, assessment_year: int
              ) -> list[Any]: ...
    def facts_at(self, rows: Sequence[Any], key: str, years: Sequence[int | None],
                 assessment_year: int) -> list[Any]: ...
    def members(self, rows: Sequence[Any], level: Level
                ) -> tuple[Sequence[Any], list[int], Source]: ...
    def unit(self, rows: Sequence[Any], index: int, year: int) -> Unit: ...
    def split(self, rows: Sequence[Any], size: int) -> list[Sequence[Any]]: ...


def _descend(level: Level, target: Level) -> list[list[tuple[str, Level]]]:
    """The chains of member fields from ``level`` down to ``target`` (depth not fixed)."""
    out: list[list[tuple[str, Level]]] = []
    for name, child in CHILD_FIELDS[level]:
        if child is target:
            out.append([(name, child)])
        elif _RANK[child] > _RANK[target]:
            out.extend([(name, child), *rest] for rest in _descend(child, target))
    return out


#: rows whose values :func:`transposed` holds as tuples at once: fewer than the allocations
#: that start a collection of the youngest generation (700)
_TRANSPOSED_ROWS = 200


def transposed(items: Sequence[Any], keys: tuple[Any, ...],
               rows: Callable[[Sequence[Any]], list[tuple[Any, ...]]]) -> dict[Any, list[Any]]:
    """The column of each of ``keys`` from the tuples ``rows`` makes of some of ``items``
    (one visit per item), a few items at a time: their tuples are freed before they are
    many enough to start a garbage collection, which would visit every value they hold."""
    out: dict[Any, list[Any]] = {k: [] for k in keys}
    columns = list(out.values())
    for start in range(0, len(items), _TRANSPOSED_ROWS):
        part = rows(items[start:start + _TRANSPOSED_ROWS])
        for column, taken in zip(columns, zip(*part, strict=True), strict=True):
            column.extend(taken)
        del part
    return out


# ------------------------------------------------------------------------------ objects
class UnitSource:
    """Rows are the library's unit objects."""

    #: their facts were checked against the size limits when the units were built
    sized = True

    def __init__(self, level: Level) -> None:
        self.level = level

    def count(self, rows: Sequence[Any]) -> int:
        return len(rows)

    def split(self, rows: Sequence[Any], size: int) -> list[Sequence[Any]]:
        return [rows[i:i + size] for i in range(0, len(rows), size)]

    def codes(self, rows: Sequence[Any]) -> list[str]:
        return [u.code for u in rows]

    def regions(self, rows: Sequence[Any]) -> list[Region | None]:
        return [getattr(u, "region", None) for u in rows]

    def classes(self, rows: Sequence[Any], field: str) -> list[Any]:
        """The units' own values of a classification field (None: not given)."""
        if field not in CLASS_FIELDS[self.level]:
            return [None] * len(rows)
        values = [getattr(u, field, None) for u in rows]
        return [v.value if isinstance(v, Region) else v for v in values]

    def recognitions(self, rows: Sequence[Any], tier: Tier) -> list[int | None]:
        """The year each unit's recognition at ``tier`` is for (None: none)."""
        found = [u.recognitions.get(tier) for u in rows]
        return [None if r is None else r.year for r in found]

    def decision_years(self, rows: Sequence[Any], tier: Tier) -> list[int | None]:
        """The year of each unit's recognition decision at ``tier`` (None: none, or no
        decision date)."""
        found = [u.recognitions.get(tier) for u in rows]
        return [None if r is None or r.decided is None else r.decided.year for r in found]

    def registers(self, rows: Sequence[Any]) -> list[tuple[ClosedRegister, ...]] | None:
        """Each unit's own closed registers (None: no unit has any)."""
        if not any(u.registers for u in rows):
            return None
        return [u.registers for u in rows]

    def member_registers(self, rows: Sequence[Any], level: Level
                         ) -> list[tuple[ClosedRegister, ...]] | None:
        """For each member at ``level`` (in the order of :meth:`members`), the registers of
        the units between it and its row (None: none has any)."""
        if not any(_has_registers(u, level) for u in rows):
            return None
        out: list[tuple[ClosedRegister, ...]] = []
        for u in rows:
            out.extend(_between(u, level, ()))
        return out

    def facts(self, rows: Sequence[Any], key: str, year: int, assessment_year: int
              ) -> list[Any]:
        return self.facts_block(rows, (key,), year, assessment_year)[key]

    def facts_block(self, rows: Sequence[Any], keys: tuple[str, ...], year: int,
                    assessment_year: int) -> dict[str, list[Any]]:
        """Several facts, key by key: one C call per unit and key, no transposing (each
        value read as the float path reads it: :class:`FactMap`)."""
        current = year == assessment_year
        dicts = (list(map(_FACTS, rows)) if current
                 else list(map(_FLOATS, map(methodcaller("get", year, _NO_FACTS),
                                            map(_HISTORY, rows)))))
        get = dict.get
        columns = {key: list(map(get, dicts, repeat(key))) for key in keys}
        if current:
            # a fact missing this year may be in the year's history: looked up for the units
            # with a history of that year alone, and for the facts of that history the
            # unit's own facts lack (a fact is missing where its key is absent)
            pasts = list(map(methodcaller("get", year), map(_HISTORY, rows)))
            for index in list(compress(range(len(pasts)), map(is_not, pasts, repeat(None)))):
                past = pasts[index].floats
                for key in past.keys() - dicts[index].keys():
                    values = columns.get(key)
                    if values is not None:
                        values[index] = past[key]
        return columns

    def facts_at(self, rows: Sequence[Any], key: str, years: Sequence[int | None],
                 assessment_year: int) -> list[Any]:
        return [None if y is None else u.facts_at(y, assessment_year).get(key)
                for u, y in zip(rows, years, strict=True)]

    def members(self, rows: Sequence[Any], level: Level
                ) -> tuple[Sequence[Any], list[int], Source]:
        direct = [name for name, child in CHILD_FIELDS[self.level] if child is level]
        deeper = [child for _, child in CHILD_FIELDS[self.level]
                  if child is not level and _RANK[child] > _RANK[level]]
        if len(direct) == 1 and not deeper:  # the members are one field of each unit
            groups: list[tuple[Unit, ...]] = list(map(attrgetter(direct[0]), rows))
        else:
            groups = [tuple(u.descendants(level)) for u in rows]
        return list(chain.from_iterable(groups)), list(map(len, groups)), UnitSource(level)

    def unit(self, rows: Sequence[Any], index: int, year: int) -> Unit:
        unit: Unit = rows[index]
        return unit


_EMPTY: Mapping[str, Any] = {}
#: A unit's facts (as the float path reads them: :class:`FactMap`) and its history, read
#: in C.
_FACTS = attrgetter("facts.floats")
_HISTORY = attrgetter("history._data")
_FLOATS = attrgetter("floats")
_NO_FACTS = FactMap()


def _has_registers(unit: Any, level: Level) -> bool:
    """Whether a unit strictly between ``unit`` and its members at ``level`` has registers."""
    return any(child.level is not level and (child.registers or _has_registers(child, level))
               for child in unit.children)


def _between(unit: Any, level: Level, above: tuple[ClosedRegister, ...]
             ) -> Iterator[tuple[ClosedRegister, ...]]:
    """In :meth:`UnitSource.members` order, the registers above each member at ``level``
    (strictly below ``unit``)."""
    for child in unit.children:
        if child.level is level:
            yield above
        else:
            yield from _between(child, level, (*above, *child.registers))


# ------------------------------------------------------------------------------ records
def _to_regions(value: object) -> Mapping[Any, Region] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise NTMTypeError(
            f"region_codes must be a mapping of value to region (got {shown(value)})")
    return {k: to_region(v) for k, v in value.items()}


def _keyed_columns(value: object, field: str, second: str, low: int) -> dict[tuple[str, int],
                                                                              str]:
    """A mapping of ``(indicator key, int)`` to a column name, every entry checked."""
    if not isinstance(value, Mapping):
        raise NTMTypeError(f"{field} must be a mapping of (indicator key, {second}) to column "
                           f"name (got {shown(value)})")
    out: dict[tuple[str, int], str] = {}
    for entry, name in value.items():
        if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], str)
                and type(entry[1]) is int and entry[1] >= low and isinstance(name, str)):
            raise NTMValueError(f"{field}: each entry must be (indicator key, {second}) -> "
                                f"column name (got {shown(entry)} -> {shown(name)})")
        out[entry] = name
    return out


def _to_history_columns(value: object) -> dict[tuple[str, int], str]:
    out = _keyed_columns(value, "history", "year", MIN_YEAR)
    for (_, year), name in out.items():
        if year > MAX_YEAR:
            raise NTMValueError(f"history: the year of {name!r} must be from {MIN_YEAR} to "
                                f"{MAX_YEAR} (got {year})")
    return out


def _to_trailing_columns(value: object) -> dict[tuple[str, int], str]:
    return _keyed_columns(value, "trailing", "years back, 0 or more", 0)


def _to_tier_columns(value: object) -> Mapping[Tier, str]:
    """A mapping of tier (or its name) to a column name, the tiers checked."""
    if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
        raise NTMTypeError(f"expected a mapping of tier to column name (got {shown(value)})")
    return {to_tier(k): v for k, v in value.items()}


def _to_class_keys(value: object) -> Mapping[str, str]:
    if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise NTMTypeError(
            f"classes must be a mapping of classification field to key (got {value!r:.60})")
    return dict(value)


def _class_code(value: Any) -> Any:
    """A classification value read from data: a code as text (``1`` -> ``"1"``)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Region):
        return value.value
    return value  # the classification refuses it, naming the unit


def _to_member_keys(value: object) -> Mapping[Level, str]:
    if not isinstance(value, Mapping):
        raise NTMTypeError(f"members must be a mapping of level to key (got {shown(value)})")
    return {to_level(k): str(v) for k, v in value.items()}


def _to_recognitions(value: object) -> str | Mapping[Tier, str] | None:
    if value is None or isinstance(value, str):
        return value
    if not isinstance(value, Mapping):
        raise NTMTypeError(
            f"recognitions must be a key or a mapping of tier to key (got {shown(value)})")
    return {to_tier(k): str(v) for k, v in value.items()}


def _to_keys(value: Iterable[str]) -> tuple[str, ...]:
    keys = () if isinstance(value, str) else tuple(value)
    if isinstance(value, str) or not all(isinstance(k, str) for k in keys):
        raise NTMTypeError(f"expected a sequence of keys (got {shown(value)})")
    return keys


@attrs.frozen(kw_only=True)
class Layout:
    """Which keys of a plain record hold what (the default: the unit document format).

    ``facts``: the key of the mapping of facts, or None when the facts are the
    record's own keys; ``history``: the key of ``{year: facts}`` (years as ints
    or strings); ``trailing``: keys whose value is a list of yearly values
    ending with the assessment year (``[..., y-1, y]``); ``recognitions``: the
    key of ``{tier: year}``, or a mapping of tier to a key holding that year;
    ``region`` and ``region_codes`` (a mapping of the record's values to
    regions); ``classes``: the key of each other classification field (``zone``,
    ``group``; by default the field's name); ``members``: the key of each member
    level's list; ``ignore``: keys that are neither facts nor structure (ids of
    parents, say), skipped when the facts are the record's own keys.
    """

    code: str = "code"
    name: str | None = "name"
    region: str | None = "region"
    region_codes: Mapping[Any, Region] | None = attrs.field(default=None,
                                                            converter=_to_regions)
    classes: Mapping[str, str] = attrs.field(factory=dict, converter=_to_class_keys)
    facts: str | None = "facts"
    history: str | None = "history"
    trailing: tuple[str, ...] = attrs.field(default=(), converter=_to_keys)
    recognitions: str | Mapping[Tier, str] | None = attrs.field(
        default="recognitions", converter=_to_recognitions)
    #: the key of a record's closed registers (ClosedRegister or its document form)
    registers: str | None = "registers"
    members: Mapping[Level, str] = attrs.field(
        factory=lambda: {Level.VILLAGE: "villages", Level.COMMUNE: "communes",
                         Level.DISTRICT: "districts", Level.TOWNSHIP: "townships",
                         Level.WARD: "wards"},
        converter=_to_member_keys)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_to_keys)


class RecordSource:
    """Rows are plain records read through a :class:`Layout`."""

    #: the NumPy backend can evaluate records of different assessment years in one run
    per_unit_years = True

    def __init__(self, level: Level, layout: Layout | None = None) -> None:
        self.level = level
        self.layout = layout if layout is not None else Layout()
        #: the keys whose values are yearly lists (read once for all years, see
        #: :meth:`trailing_facts`)
        self.trailing_keys = frozenset(self.layout.trailing)

    def count(self, rows: Sequence[Any]) -> int:
        return len(rows)

    def split(self, rows: Sequence[Any], size: int) -> list[Sequence[Any]]:
        return [rows[i:i + size] for i in range(0, len(rows), size)]

    def check_rows(self, rows: Sequence[Any], path: str = "records") -> None:
        """Refuse records the layout cannot read, with an error naming the record (its path
        from the records given), the key, the value and what was expected: each must be a
        mapping with a code; its facts a mapping; its history a mapping of years to
        mappings of facts; its members a list of such records. The plan reads records
        without these checks (they cost a look at every record) and calls this to explain
        a record it could not read."""
        layout = self.layout
        for index, record in enumerate(rows):
            here = f"{path}[{index}]"
            if not isinstance(record, Mapping):
                raise NTMTypeError(f"{here} must be a mapping (got {type(record).__name__} "
                                   f"{shown(record)})")
            if record.get(layout.code) is None:
                raise NTMValueError(f"{here} has no code (the key {layout.code!r}); every "
                                    f"record needs one")
            for key, what in ((layout.facts, "indicator keys to values"),
                              (layout.history, "years to mappings of facts")):
                value = None if key is None else record.get(key)
                if value is not None and not isinstance(value, Mapping):
                    raise NTMTypeError(f"{here}[{key!r}] must be a mapping of {what} (got "
                                       f"{type(value).__name__} {shown(value)})")
            history = None if layout.history is None else record.get(layout.history)
            _history_years(history or _EMPTY, f"{here}[{layout.history!r}]")
            recognitions = layout.recognitions
            found = record.get(recognitions) if isinstance(recognitions, str) else None
            if found is not None and not isinstance(found, Mapping):
                raise NTMTypeError(f"{here}[{recognitions!r}] must be a mapping of tier to "
                                   f"the year recognised (got {type(found).__name__} "
                                   f"{shown(found)})")
            for name, child in CHILD_FIELDS[self.level]:
                key = layout.members.get(child, name)
                members = record.get(key)
                if members is None:
                    continue
                if isinstance(members, str | bytes | Mapping) or not isinstance(members,
                                                                                Sequence):
                    raise NTMTypeError(f"{here}[{key!r}] must be a list of "
                                       f"{child.value} records (got {type(members).__name__}"
                                       f" {shown(members)})")
                RecordSource(child, layout).check_rows(members, f"{here}[{key!r}]")

    def _get(self, rows: Sequence[Any], key: str) -> list[Any]:
        try:
            return list(map(itemgetter(key), rows))
        except (KeyError, IndexError):
            return [r.get(key) for r in rows]
        except TypeError:
            return [_mapping(r, i).get(key) for i, r in enumerate(rows)]

    def codes(self, rows: Sequence[Any]) -> list[str]:
        return _code_texts(self._get(rows, self.layout.code), f"{self.level.value} record",
                           f"the key {self.layout.code!r}")

    def names(self, rows: Sequence[Any]) -> list[str]:
        key = self.layout.name
        return [""] * len(rows) if key is None else [n or "" for n in self._get(rows, key)]

    def regions(self, rows: Sequence[Any]) -> list[Region | None]:
        key = self.layout.region
        if key is None or self.level is Level.VILLAGE:  # a village has no region of its own
            return [None] * len(rows)
        raw = self._get(rows, key)
        codes = self.layout.region_codes
        if codes is not None:
            return _coded_regions(raw, codes, f"{self.level.value} record", key)
        return _regions(raw, f"{self.level.value} record", key)

    def classes(self, rows: Sequence[Any], field: str) -> list[Any]:
        if field not in CLASS_FIELDS[self.level]:
            return [None] * len(rows)
        if field == "region":
            return [None if r is None else r.value for r in self.regions(rows)]
        return [_class_code(v) for v in self._get(rows, self.layout.classes.get(field, field))]

    def _recognition_values(self, rows: Sequence[Any], tier: Tier) -> list[Any]:
        spec = self.layout.recognitions
        if spec is None:
            return [None] * len(rows)
        if isinstance(spec, str):
            maps: list[Mapping[Any, Any]] = [r.get(spec) or _EMPTY for r in rows]
            if not all(map(_TIER_KEYS.issuperset, maps)):
                _unknown_tier(maps, spec)
            return [m.get(tier.value, m.get(tier)) for m in maps]
        key = spec.get(tier)
        return [None] * len(rows) if key is None else [r.get(key) for r in rows]

    def recognitions(self, rows: Sequence[Any], tier: Tier) -> list[int | None]:
        """The year each record's recognition at ``tier`` is for: a year, a
        :class:`~ntmcriteria.recognition.Recognition` or ``{"year": ..., "decided": ...}``."""
        values = self._recognition_values(rows, tier)
        if all(v is None or type(v) is int for v in values):
            return values
        return [None if v is None else _recognition(v, tier).year for v in values]

    def decision_years(self, rows: Sequence[Any], tier: Tier) -> list[int | None]:
        out: list[int | None] = []
        for value in self._recognition_values(rows, tier):
            found = None if value is None or type(value) is int else _recognition(value, tier)
            out.append(None if found is None or found.decided is None else found.decided.year)
        return out

    def registers(self, rows: Sequence[Any]) -> list[tuple[ClosedRegister, ...]] | None:
        key = self.layout.registers
        if key is None:
            return None
        values = [r.get(key) for r in rows]
        if not any(values):
            return None
        return [_registers(v) for v in values]

    def member_registers(self, rows: Sequence[Any], level: Level
                         ) -> list[tuple[ClosedRegister, ...]] | None:
        key = self.layout.registers
        chains = _descend(self.level, level)
        if key is None or all(len(c) == 1 for c in chains):
            return None
        keys = self.layout.members
        out: list[tuple[ClosedRegister, ...]] = []
        found = False
        for row in rows:
            for chain_ in chains:
                current: list[tuple[Any, tuple[ClosedRegister, ...]]] = [(row, ())]
                for depth, (name, child_level) in enumerate(chain_):
                    member_key = keys.get(child_level, name)
                    inner = depth < len(chain_) - 1
                    nxt = []
                    for u, above in current:
                        for m in u.get(member_key) or ():
                            regs = _registers(m.get(key)) if inner else ()
                            found = found or bool(regs)
                            nxt.append((m, (*above, *regs)))
                    current = nxt
                out.extend(above for _, above in current)
        return out if found else None

    def _fact_maps(self, rows: Sequence[Any]) -> list[Any]:
        key = self.layout.facts
        if key is None:
            return rows if isinstance(rows, list) else list(rows)
        return [r.get(key) or _EMPTY for r in rows]

    def facts_block(self, rows: Sequence[Any], keys: tuple[str, ...], year: int,
                    assessment_year: int) -> dict[str, list[Any]]:
        """Several facts of the assessment year, read record by record (one visit per record
        and one C call for all its keys, then transposed): the columns of the keys every
        record holds; the plan reads any other key (trailing lists, gaps) key by key."""
        plain = tuple(k for k in keys if k not in self.trailing_keys)
        if year != assessment_year or len(plain) < 2:
            return {}
        get = itemgetter(*plain)
        try:
            out = transposed(self._fact_maps(rows), plain, lambda part: list(map(get, part)))
        except (KeyError, TypeError, IndexError):
            return {}
        if self.layout.history is not None:
            for key, values in out.items():
                if None in values:
                    past = self._history(rows, year)
                    out[key] = [p.get(key) if v is None else v
                                for v, p in zip(values, past, strict=True)]
        return out

    def facts(self, rows: Sequence[Any], key: str, year: int, assessment_year: int
              ) -> list[Any]:
        back = assessment_year - year
        if key in self.trailing_keys:
            lists = self._trailing_lists(rows, key)
            try:
                return list(map(itemgetter(-1 - back), lists))
            except (TypeError, IndexError):
                return [_trailing(lst, back) for lst in lists]
        if back == 0:
            maps = self._fact_maps(rows)
            try:
                values = list(map(itemgetter(key), maps))
            except (KeyError, TypeError):
                values = [m.get(key) for m in maps]
            if self.layout.history is not None and None in values:
                past = self._history(rows, year)
                values = [p.get(key) if v is None else v for v, p in zip(values, past,
                                                                         strict=True)]
            return values
        return [p.get(key) for p in self._history(rows, year)]

    def year_free(self, key: str, back: int) -> bool:
        """Whether a fact ``back`` years before a record's assessment year reads the same
        whatever that year is: a yearly list (read from its end), or a fact of the year
        itself when the records have no history."""
        return key in self.trailing_keys or (back == 0 and self.layout.history is None)

    def _trailing_lists(self, rows: Sequence[Any], key: str) -> list[Any]:
        if self.layout.facts is None:
            return self._get(rows, key)
        return [m.get(key) for m in self._fact_maps(rows)]

    def trailing_facts(self, rows: Sequence[Any], key: str) -> list[list[Any]] | None:
        """A trailing key's values for every year at once, by years back from the
        assessment year (one transpose), when every record's list has the same length;
        None otherwise (then :meth:`facts` reads it year by year)."""
        lists = self._trailing_lists(rows, key)
        if not lists or set(map(type, lists)) - _LIST_TYPES:
            return None
        lengths = set(map(len, lists))
        if len(lengths) != 1:
            return None
        (length,) = lengths
        if length < 2:
            return [list(map(itemgetter(-1), lists))] if length else []
        # every year's value of a list in one visit (not ``zip(*lists)``: that makes an
        # iterator per record), newest first
        get = itemgetter(*range(-1, -length - 1, -1))
        years = transposed(lists, tuple(range(length)), lambda part: list(map(get, part)))
        return list(years.values())

    def _history(self, rows: Sequence[Any], year: int) -> list[Mapping[str, Any]]:
        key = self.layout.history
        if key is None:
            return [_EMPTY] * len(rows)
        out = []
        text = str(year)
        for r in rows:
            history = r.get(key)
            if not history:
                out.append(_EMPTY)
                continue
            found = history.get(year)
            if found is None:
                found = history.get(text)
            elif text in history:  # 2023 and "2023": which would be read is a guess
                raise NTMValueError(
                    f"{self.level.value} {shown(r.get(self.layout.code))}: its history "
                    f"({key!r}) gives the year {year} twice (as {year} and {text!r})")
            if found is None and not all(map(_year_key, history)):
                # the year is not there: a key that names no year may be a mistyped one
                bad = next(k for k in history if not _year_key(k))
                raise NTMValueError(
                    f"{self.level.value} {shown(r.get(self.layout.code))}: its history "
                    f"({key!r}) has the key {shown(bad)}: expected a year (an int, or its "
                    f"digits as text)")
            out.append(found or _EMPTY)
        return out

    def facts_at(self, rows: Sequence[Any], key: str, years: Sequence[int | None],
                 assessment_year: int) -> list[Any]:
        return [None if y is None else self.facts([r], key, y, assessment_year)[0]
                for r, y in zip(rows, years, strict=True)]

    def members(self, rows: Sequence[Any], level: Level
                ) -> tuple[Sequence[Any], list[int], Source]:
        chains = _descend(self.level, level)
        keys = self.layout.members
        if len(chains) == 1 and len(chains[0]) == 1:
            name, child_level = chains[0][0]
            key = keys.get(child_level, name)
            lists = [m or () for m in self._get(rows, key)]
            return (list(chain.from_iterable(lists)), list(map(len, lists)),
                    RecordSource(level, self.layout))
        groups: list[list[Any]] = [[] for _ in rows]
        for chain_ in chains:
            for index, row in enumerate(rows):
                current = [row]
                for name, child_level in chain_:
                    key = keys.get(child_level, name)
                    current = [m for u in current for m in (u.get(key) or ())]
                groups[index].extend(current)
        return (list(chain.from_iterable(groups)), list(map(len, groups)),
                RecordSource(level, self.layout))

    def unit(self, rows: Sequence[Any], index: int, year: int) -> Unit:
        return self._unit(rows[index], self.level, year)

    def _unit(self, record: Any, level: Level, year: int) -> Unit:
        """The unit object a record describes (trailing lists become history up to ``year``)."""
        lay = self.layout
        record = _mapping(record, 0)
        source = record if lay.facts is None else (record.get(lay.facts) or {})
        class_keys = {f: lay.classes.get(f, f) for f in CLASS_FIELDS[level] if f != "region"}
        skip: set[Any] = {lay.code, lay.name, lay.region, lay.history, lay.registers,
                          *lay.members.values(), *lay.ignore, *class_keys.values()}
        if isinstance(lay.recognitions, str):
            skip.add(lay.recognitions)
        elif lay.recognitions is not None:
            skip.update(lay.recognitions.values())
        facts: dict[str, Any] = {}
        history: dict[int, dict[str, Any]] = {}
        if lay.history is not None and record.get(lay.history):
            history = _history_years(record[lay.history], f"{level.value} "
                                     f"{shown(record.get(lay.code))}: its history "
                                     f"({lay.history!r})")
        for key, value in source.items():
            if lay.facts is None and key in skip:
                continue
            if key in self.trailing_keys and isinstance(value, list | tuple):
                for back, item in enumerate(reversed(value)):
                    if back == 0:
                        facts[key] = item
                    else:
                        history.setdefault(year - back, {})[key] = item
                continue
            facts[key] = value
        kwargs: dict[str, Any] = {"code": self.codes([record])[0], "facts": facts,
                                  "history": history}
        if lay.name is not None and record.get(lay.name):
            kwargs["name"] = record.get(lay.name)
        if level is not Level.VILLAGE:
            kwargs["region"] = self.regions([record])[0]
        for field, key in class_keys.items():
            if record.get(key) is not None:
                kwargs[field] = _class_code(record.get(key))
        kwargs["recognitions"] = {t: _recognition(y, t) for t in Tier
                                  if (y := self._recognition_values([record], t)[0])
                                  is not None}
        if lay.registers is not None and record.get(lay.registers):
            kwargs["registers"] = _registers(record[lay.registers])
        for name, child_level in CHILD_FIELDS[level]:
            key = lay.members.get(child_level, name)
            kwargs[name] = [self._unit(child, child_level, year)
                            for child in record.get(key) or ()]
        unit: Unit = _UNIT_CLASSES[level](**kwargs)
        return unit


#: the keys a record's recognitions may have: each tier, by its name or itself
_TIER_KEYS = frozenset((*Tier, *(t.value for t in Tier)))


def _unknown_tier(maps: list[Any], key: str) -> None:
    """Refuse the first record whose recognitions have a key that names no tier (a
    misspelt tier would be silently ignored); recognitions that are not a mapping are
    left to the plan's check of the records (``check_rows``), which names their path."""
    for index, found in enumerate(maps):
        if not isinstance(found, Mapping):
            continue
        for name in found:
            if name not in _TIER_KEYS:
                raise UnknownNameError("tier", str(name), [t.value for t in Tier],
                                       f"record {index} (counting from 0; key {key!r})")


def _recognition(value: Any, tier: Tier) -> Recognition:
    return to_recognition(value, f"recognitions[{tier.value!r}]")


def _registers(value: Any) -> tuple[ClosedRegister, ...]:
    """Closed registers from a record: ClosedRegister objects or their document form
    (``{"tier": "ntm", "start": 2021, "end": 2025}``, optional ``level`` and ``by``)."""
    if not value:
        return ()
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise NTMTypeError(f"registers must be a list of closed registers (got {shown(value)})")
    out = []
    for index, item in enumerate(value):
        if isinstance(item, ClosedRegister):
            out.append(item)
        elif isinstance(item, Mapping):
            out.append(to_register(item, f"registers[{index}]"))
        else:
            raise NTMTypeError(f"registers[{index}] must be a closed register (got "
                               f"{shown(item)})")
    return tuple(out)


_LIST_TYPES = frozenset((list, tuple))


def _trailing(values: Any, back: int) -> Any:
    if values is None:
        return None
    if not isinstance(values, list | tuple):
        raise NTMTypeError(
            f"a trailing yearly fact must be a list of yearly values (got {shown(values)})")
    return values[-1 - back] if back < len(values) else None


def _regions(raw: list[Any], what: str, key: str | None) -> list[Region | None]:
    """Regions from their codes (None: not given); an unknown code names the row."""
    try:
        return [None if v is None else Region(v) for v in raw]
    except ValueError:
        codes = [r.value for r in Region]
        index, value = next((i, v) for i, v in enumerate(raw)
                            if v is not None and v not in codes)
        raise UnknownNameError("region", str(value), codes,
                               f"{what} {index} (counting from 0; key {key!r})") from None


def _coded_regions(raw: list[Any], codes: Mapping[Any, Region], what: str,
                   key: str | None) -> list[Region | None]:
    """Regions through ``region_codes`` (None: not given); a value it does not have names
    the row, with the values it has and a did-you-mean."""
    try:
        return [None if v is None else codes[v] for v in raw]
    except (KeyError, TypeError):  # (TypeError: a value that cannot be a key)
        pass
    for index, value in enumerate(raw):
        try:
            if value is None or value in codes:
                continue
        except TypeError:
            pass
        raise UnknownNameError("region code", value if isinstance(value, str) else shown(value),
                               [str(k) for k in codes],
                               f"{what} {index} (counting from 0; key {key!r}; the values "
                               f"of region_codes)")
    raise AssertionError("unreachable")  # pragma: no cover


def _code_texts(raw: list[Any], what: str, where: str) -> list[str]:
    """Codes as text: each a string, or an int (its digits); a missing code (None, NaN) or
    anything else (a mapping, a list, a yes/no) names the row."""
    if all(type(c) is str for c in raw):
        return raw
    for index, code in enumerate(raw):
        if type(code) is str:
            continue
        if code is None or (isinstance(code, float) and math.isnan(code)):
            raise NTMValueError(f"{what} {index} (counting from 0, of {len(raw)}) has no "
                                f"code ({where}); every row needs one")
        if isinstance(code, bool) or not isinstance(code, str | int):
            raise NTMTypeError(f"{what} {index} (counting from 0; {where}): a code must be "
                               f"text or a whole number (got {type(code).__name__} "
                               f"{shown(code)})")
        if not -_CODE_LIMIT < code < _CODE_LIMIT:
            raise NTMValueError(f"{what} {index} (counting from 0; {where}): a code given "
                                f"as a number must have at most {_CODE_DIGITS} digits (got "
                                f"{shown(code)})")
    return [c if type(c) is str else str(int(c)) for c in raw]


#: the longest code given as a number (its digits as text; longer: a mistake)
_CODE_DIGITS = 30
_CODE_LIMIT = 10**_CODE_DIGITS


def _column_year(value: Any, where: str) -> int | None:
    """A year read from a column: an int (a whole float, as a column with missing values
    holds its ints, is one); None or NaN: none. Anything else (2017.9, a yes/no, text) is
    refused, never truncated."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return to_year(value, where)


def _history_years(history: Mapping[Any, Any], where: str) -> dict[int, dict[str, Any]]:
    """A record's history by year, checked: each key a year (an int, or its digits as
    text), no year given twice (2023 and "2023"), each year's facts a mapping (None:
    none); ``where`` names the history in the errors."""
    out: dict[int, dict[str, Any]] = {}
    for key, facts in history.items():
        if not _year_key(key):
            raise NTMValueError(f"{where} has the key {shown(key)}: expected a year (an int, "
                                f"or its digits as text)")
        if int(key) in out:
            raise NTMValueError(f"{where} gives the year {int(key)} twice")
        if facts is not None and not isinstance(facts, Mapping):
            raise NTMTypeError(f"{where}[{shown(key)}] must be a mapping of indicator keys to "
                               f"values (got {type(facts).__name__} {shown(facts)})")
        out[int(key)] = dict(facts or {})
    return out


def _year_key(key: Any) -> bool:
    """Whether a history key names a year: an int, or its digits as text."""
    if isinstance(key, bool):
        return False
    if isinstance(key, int):
        return True
    return isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= 4


def _mapping(record: Any, index: int) -> Mapping[str, Any]:
    if not isinstance(record, Mapping):
        raise NTMTypeError(
            f"records[{index}] must be a mapping (got {type(record).__name__} {shown(record)})")
    return record


# ------------------------------------------------------------------------------ columns
def _as_list(values: Any) -> list[Any]:
    """A column as a Python list with missing values as None (NaN, pd.NA -> None)."""
    tolist = getattr(values, "tolist", None)
    out = list(tolist()) if callable(tolist) and not isinstance(values, list) else list(values)
    return [None if v is None or (isinstance(v, float) and math.isnan(v))
            or (type(v) not in _PLAIN and _missing_scalar(v)) else v for v in out]


#: the types of values that are never a missing value (no look at their type's name)
_PLAIN = frozenset((int, str, bool, Decimal))


def _missing_scalar(value: Any) -> bool:
    """Whether a column's value stands for a missing one: pandas' NA, or a NaN of any NumPy
    float type (float32 and float16 as float64: a float64 NaN is a ``float``)."""
    kind = type(value)
    if kind.__name__ == "NAType":
        return True
    return kind.__module__ == "numpy" and isinstance(value, numbers.Real) and bool(
        value != value)  # NaN is the one value unequal to itself


def frame_columns(data: Any) -> Any:
    """A pandas or polars DataFrame as a mapping of its column names to its columns (the
    columns themselves, not copies); anything else as it is."""
    names = getattr(data, "columns", None)
    if not isinstance(data, Mapping) and names is not None and \
            type(data).__module__.split(".")[0] in ("pandas", "polars"):
        return {str(name): data[name] for name in names}
    if not isinstance(data, Mapping):
        raise NTMTypeError(f"Columns data must be a mapping of column name to sequence, or "
                           f"a pandas or polars DataFrame (got {type(data).__name__})")
    return data


def _to_member_columns(value: Mapping[Any, tuple[Columns, Any]]
                       ) -> dict[Level, tuple[Columns, Any]]:
    if not isinstance(value, Mapping):
        raise NTMTypeError(
            f"members must be a mapping of level to (Columns, counts) (got {shown(value)})")
    return {to_level(k): v for k, v in value.items()}


@attrs.frozen(kw_only=True)
class Columns:
    """Units of one level as columns: ``data`` maps a column name to a sequence.

    ``code`` and ``region`` name the columns of codes and regions; facts are read
    from the column named as the indicator key (or ``facts[key]``); yearly
    values from ``history[(key, year)]`` or, relative to each unit's assessment
    year, from ``trailing[(key, years_back)]``; recognition years from
    ``recognitions[tier]``, the dates of their decisions from ``decided[tier]``;
    closed registers from the column ``registers``. ``members`` maps a member level to its own
    :class:`Columns` and the number of members of each row (in row order).
    Missing values are None, NaN or ``pd.NA``.
    """

    data: Mapping[str, Any] = attrs.field(converter=frame_columns)
    code: str = "code"
    region: str | None = "region"
    region_codes: Mapping[Any, Region] | None = attrs.field(default=None,
                                                            converter=_to_regions)
    #: classification field (zone, group) -> column (by default the field's name)
    classes: Mapping[str, str] = attrs.field(factory=dict, converter=_to_class_keys)
    facts: Mapping[str, str] = attrs.field(factory=dict)
    history: Mapping[tuple[str, int], str] = attrs.field(factory=dict,
                                                         converter=_to_history_columns)
    #: (key, years back) -> column: values relative to each unit's assessment year
    trailing: Mapping[tuple[str, int], str] = attrs.field(factory=dict,
                                                          converter=_to_trailing_columns)
    recognitions: Mapping[Tier, str] = attrs.field(factory=dict, converter=_to_tier_columns)
    #: tier -> the column of the recognition decisions' dates (dates or ISO strings)
    decided: Mapping[Tier, str] = attrs.field(factory=dict, converter=_to_tier_columns)
    #: the column of each row's closed registers (a sequence of ClosedRegister, or None)
    registers: str | None = None
    members: Mapping[Level, tuple[Columns, Any]] = attrs.field(
        factory=dict, converter=_to_member_columns)

    def __len__(self) -> int:
        column = self.data.get(self.code)
        if column is None:
            raise NTMValueError(f"the columns have no code column {self.code!r}")
        return len(column)


def check_columns(columns: Columns, level: Level, path: str = "columns") -> None:
    """Refuse columns that cannot be read as rows (each with a clear error naming the
    column): not a :class:`Columns`, a column of another length than the codes', a
    column that is not one-dimensional, members that are not ``(Columns, counts)``, or
    counts that are not whole numbers >= 0 adding up to the members' rows. Checked once
    per source, before any value is read (cost: one look per column)."""
    if not isinstance(columns, Columns):
        raise NTMTypeError(f"{path} must be a Columns (got {type(columns).__name__})")
    n = len(columns)
    for name, values in columns.data.items():
        shape = getattr(values, "shape", None)
        if shape is not None:
            if len(shape) != 1:
                raise NTMValueError(f"{path}: column {shown(name)} must be one-dimensional, "
                                    f"one value per row (got an array of shape "
                                    f"{tuple(shape)})")
            if shape[0] == n:  # an array or a frame's column of the right length
                continue
        try:
            size = len(values)
        except TypeError:
            raise NTMTypeError(f"{path}: column {shown(name)} must be a sequence of values "
                               f"(got {type(values).__name__})") from None
        if isinstance(values, str | bytes) or size != n:
            raise NTMValueError(
                f"{path}: column {shown(name)} has {size} values for {n} rows (the code "
                f"column {columns.code!r} has {n}); every column needs one value per row")
    for member_level, entry in columns.members.items():
        where = f"{path}.members[{member_level.value!r}]"
        if not isinstance(entry, tuple | list) or len(entry) != 2:
            raise NTMTypeError(f"{where} must be a pair (Columns of the members, the number "
                               f"of members of each row) (got {shown(entry)})")
        child, counts = entry
        if not isinstance(child, Columns):
            raise NTMTypeError(f"{where}[0] must be a Columns (got {type(child).__name__})")
        total = _member_total(counts, n, where + "[1]")
        rows = len(child)
        if total != rows:
            raise NTMValueError(f"{where}: the counts add up to {total} members, but the "
                                f"member columns have {rows} rows")
        check_columns(child, member_level, where + "[0]")


@functools.cache
def _numpy() -> Any:
    """NumPy, imported at the first read of a column as an array (an ``import`` statement
    in a function costs a lookup every time: once per column read)."""
    import numpy

    return numpy


def _numpy_part(raw: Any, rows: range) -> Any:
    """The rows of a column as a NumPy array of numbers or yes/no values (a NumPy array's
    own slice; a pandas or polars column converted), or None when the column holds
    something else (lists, objects, nullable values a NumPy array cannot hold: the plan
    then reads its values one by one, missing ones as None)."""
    np = _numpy()

    if isinstance(raw, np.ndarray):
        if raw.dtype.kind not in "biuf":
            return None
        return raw if rows.start == 0 and rows.stop == len(raw) else raw[rows.start:rows.stop]
    to_numpy = getattr(raw, "to_numpy", None)
    if not callable(to_numpy) or not hasattr(raw, "dtype"):
        return None
    part = to_numpy()[rows.start:rows.stop]
    if not isinstance(part, np.ndarray) or part.dtype.kind not in "biuf" or part.ndim != 1:
        return None  # (a polars struct column converts to a 2-D array)
    return part


def _member_total(counts: Any, n: int, where: str) -> int:
    """The members of all ``n`` rows, from ``counts`` checked: one whole number >= 0 per
    row (an integer array is checked in array operations)."""
    dtype = getattr(counts, "dtype", None)
    if dtype is not None and getattr(counts, "shape", None) == (n,) and dtype.kind in "iu":
        if n and int(counts.min()) < 0:
            index = int(counts.argmin())
            raise NTMValueError(f"{where}[{index}] must be a whole number >= 0 of members "
                                f"(got {shown(counts[index].item())})")
        return int(counts.sum())
    numbers = None if isinstance(counts, str | bytes) else _as_list(counts)
    if numbers is None or len(numbers) != n:
        raise NTMValueError(f"{where} must give the number of members of each of the "
                            f"{n} rows (got {shown(counts)})")
    for index, count in enumerate(numbers):
        whole = (isinstance(count, int) and not isinstance(count, bool)) or (
            isinstance(count, float) and count.is_integer())
        if not whole or count < 0:
            raise NTMValueError(f"{where}[{index}] must be a whole number >= 0 of members "
                                f"(got {shown(count)})")
    return int(sum(numbers))


class ColumnSource:
    """Rows are row numbers (a ``range``) into :class:`Columns`."""

    #: the NumPy backend can evaluate units of different assessment years in one run
    per_unit_years = True
    #: the NumPy backend reads whole columns (no chunks to keep in the processor's cache)
    whole_columns = True

    def __init__(self, level: Level, columns: Columns, checked: bool = False) -> None:
        """``checked``: the columns were checked already (a member source: the check of
        the columns above covers their members)."""
        if not checked:
            check_columns(columns, level)
        self.level = level
        self.columns = columns
        self._lists: dict[str, list[Any]] = {}
        self._starts: dict[Level, tuple[list[int], list[int]]] = {}
        self._children: dict[Level, ColumnSource] = {}
        #: the facts with a column per calendar year (``history``)
        self._history_keys = frozenset(key for key, _ in columns.history)

    def _column(self, name: str) -> list[Any] | None:
        if name not in self._lists:
            raw = self.columns.data.get(name)
            if raw is None:
                return None
            self._lists[name] = _as_list(raw)
        return self._lists[name]

    def count(self, rows: Sequence[Any]) -> int:
        return len(rows)

    def split(self, rows: Sequence[Any], size: int) -> list[Sequence[Any]]:
        return [rows[i:i + size] for i in range(0, len(rows), size)]

    def _take(self, name: str | None, rows: Sequence[Any]) -> list[Any]:
        column = None if name is None else self._column(name)
        if column is None:
            return [None] * len(rows)
        if isinstance(rows, range):
            return column[rows.start:rows.stop]
        return [column[i] for i in rows]

    def codes(self, rows: Sequence[Any]) -> list[str]:
        return _code_texts(self._take(self.columns.code, rows), f"{self.level.value} row",
                           f"the column {self.columns.code!r}")

    def fact_array(self, rows: Sequence[Any], key: str, year: int, assessment_year: int
                   ) -> Any:
        """The column of a fact as a NumPy array (NaN: missing), when the data holds one for
        these rows; None otherwise (the plan then reads it as a list)."""
        if not isinstance(rows, range):
            return None
        name: str | None
        if year == assessment_year:
            name = self.columns.facts.get(key, key)
            if (key, year) in self.columns.history:
                return None
        else:
            name = (self.columns.trailing.get((key, assessment_year - year))
                    or self.columns.history.get((key, year)))
            if name is None:
                return None
        raw = self.columns.data.get(name)
        if raw is None:
            return None
        return _numpy_part(raw, rows)

    def member_counts_array(self, rows: Sequence[Any], level: Level) -> Any:
        """The member counts of ``rows`` as a NumPy array (a slice), when possible."""
        entry = self.columns.members.get(level)
        if entry is None or not isinstance(rows, range) or not hasattr(entry[1], "dtype"):
            return None
        np = _numpy()

        return np.asarray(entry[1][rows.start:rows.stop], dtype=np.int64)

    def fact_array_years(self, rows: Sequence[Any], key: str, back: int | None,
                         year: int | None, years: Any) -> Any:
        """A fact's column when each unit has its own assessment year (``years``): ``back``
        years before it, or in the calendar ``year``; NaN where missing."""
        np = _numpy()

        n = len(years)
        if back is not None:
            direct = self.columns.trailing.get((key, back)) if back else (
                None if key in self._history_keys else self.columns.facts.get(key, key))
            raw = None if direct is None else self.columns.data.get(direct)
            if raw is not None and isinstance(rows, range):
                part = _numpy_part(raw, rows)
                return part if part is not None else np.asarray(
                    _as_list(raw[rows.start:rows.stop]), dtype=object)
            if direct is not None and raw is None and (back or not self.columns.history):
                return np.full(n, np.nan)
        targets = (years - back) if back is not None else np.full(n, year)
        out = np.full(n, np.nan)
        filled = False
        for target in np.unique(targets).tolist():
            mask = targets == target
            trailing = self.columns.trailing.get((key, back)) if back is not None else None
            if trailing is not None:
                name: str | None = trailing
            elif back == 0:
                name = self.columns.facts.get(key, key)
            else:
                name = self.columns.history.get((key, int(target)))
            raw = None if name is None else self.columns.data.get(name)
            if raw is None:
                continue
            column = np.asarray(raw[rows.start:rows.stop] if isinstance(rows, range)
                                else [raw[i] for i in rows])
            if column.dtype.kind == "b" and not filled:
                out = np.zeros(n, dtype=np.bool_)
            out[mask] = column[mask]
            filled = True
            if back == 0 and (key, int(target)) in self.columns.history:
                past = self.columns.data.get(self.columns.history[(key, int(target))])
                if past is not None and out.dtype.kind == "f":
                    older = np.asarray(past[rows.start:rows.stop] if isinstance(rows, range)
                                       else [past[i] for i in rows])
                    gap = mask & np.isnan(out)
                    out[gap] = older[gap]
        return out

    def region_array(self, rows: Sequence[Any]) -> Any:
        """The regions of ``rows`` as an array of region codes (see the compiler's
        ``REGIONS``), when the data holds the region column as an array of the keys of
        ``region_codes``; None otherwise."""
        name = self.columns.region
        if name is None and isinstance(rows, range):  # no region given: none known
            np = _numpy()

            return np.full(len(rows), len(Region), dtype=np.int64)
        raw = None if name is None else self.columns.data.get(name)
        codes = self.columns.region_codes
        if (raw is None or codes is None or not isinstance(rows, range)
                or getattr(raw, "dtype", None) is None or raw.dtype.kind not in "iu"):
            return None
        np = _numpy()

        keys = [k for k in codes if isinstance(k, int) and not isinstance(k, bool)]
        if len(keys) != len(codes) or min(keys) < 0 or max(keys) > 1 << 16:
            return None
        order = tuple(Region)
        lut = np.full(max(keys) + 1, len(order), dtype=np.int64)
        for key, region in codes.items():
            lut[key] = order.index(region)
        part = raw[rows.start:rows.stop]
        if part.size and (part.min() < 0 or part.max() > max(keys)):
            return None
        return lut[part]

    def regions(self, rows: Sequence[Any]) -> list[Region | None]:
        if self.level is Level.VILLAGE:
            return [None] * len(rows)
        raw = self._take(self.columns.region, rows)
        codes = self.columns.region_codes
        if codes is not None:
            return _coded_regions(raw, codes, f"{self.level.value} row", self.columns.region)
        return _regions(raw, f"{self.level.value} row", self.columns.region)

    def classes(self, rows: Sequence[Any], field: str) -> list[Any]:
        if field not in CLASS_FIELDS[self.level]:
            return [None] * len(rows)
        if field == "region":
            return [None if r is None else r.value for r in self.regions(rows)]
        return [_class_code(v)
                for v in self._take(self.columns.classes.get(field, field), rows)]

    def recognitions(self, rows: Sequence[Any], tier: Tier) -> list[int | None]:
        name = self.columns.recognitions.get(tier)
        values = self._take(name, rows)
        if all(type(v) is int and MIN_YEAR <= v <= MAX_YEAR for v in values):
            return values
        return [_column_year(v, f"{self.level.value} row {index} (counting from 0): the "
                                f"recognition column {name!r}")
                for index, v in enumerate(values)]

    def _decided(self, rows: Sequence[Any], tier: Tier) -> list[Any]:
        dates = self._take(self.columns.decided.get(tier), rows)
        return [None if v is None else to_decision_date(v, f"decided[{tier.value!r}]")
                for v in dates]

    def decision_years(self, rows: Sequence[Any], tier: Tier) -> list[int | None]:
        return [None if d is None else d.year for d in self._decided(rows, tier)]

    def registers(self, rows: Sequence[Any]) -> list[tuple[ClosedRegister, ...]] | None:
        name = self.columns.registers
        if name is None:
            return None
        values = self._take(name, rows)
        if not any(v is not None and len(v) for v in values):
            return None
        return [_registers(v) for v in values]

    def member_registers(self, rows: Sequence[Any], level: Level
                         ) -> list[tuple[ClosedRegister, ...]] | None:
        return None  # members are given level by level: no unit lies between

    def facts(self, rows: Sequence[Any], key: str, year: int, assessment_year: int
              ) -> list[Any]:
        if year == assessment_year:
            values = self._take(self.columns.facts.get(key, key), rows)
            past = self.columns.history.get((key, year))
            if past is not None and None in values:
                older = self._take(past, rows)
                values = [o if v is None else v for v, o in zip(values, older, strict=True)]
            return values
        trailing = self.columns.trailing.get((key, assessment_year - year))
        if trailing is not None:
            return self._take(trailing, rows)
        return self._take(self.columns.history.get((key, year)), rows)

    def facts_at(self, rows: Sequence[Any], key: str, years: Sequence[int | None],
                 assessment_year: int) -> list[Any]:
        return [None if y is None else self.facts(range(i, i + 1) if isinstance(i, int) else [i],
                                                  key, y, assessment_year)[0]
                for i, y in zip(rows, years, strict=True)]

    def members(self, rows: Sequence[Any], level: Level
                ) -> tuple[Sequence[Any], list[int], Source]:
        entry = self.columns.members.get(level)
        if entry is None:
            return [], [0] * len(rows), ColumnSource(level, Columns(data={"code": []}))
        child, counts = entry
        source = self._children.get(level)
        if source is None:
            source = self._children[level] = ColumnSource(level, child, checked=True)
        if isinstance(rows, range) and rows.step == 1 and hasattr(counts, "cumsum"):
            array: Any = counts
            start = int(array[:rows.start].sum()) if rows.start else 0
            part = array[rows.start:rows.stop].tolist()  # (ints: the NumPy backend reads
            return range(start, start + sum(part)), part, source  # member_counts_array)
        starts = self._starts.get(level)
        if starts is None:
            counts_list = [int(c) for c in _as_list(counts)]
            starts = self._starts[level] = (counts_list, [0, *_cumulative(counts_list)])
        counts_list, offsets = starts
        if isinstance(rows, range) and rows.step == 1:
            return (range(offsets[rows.start], offsets[rows.stop]),
                    counts_list[rows.start:rows.stop], source)
        picked = [range(offsets[i], offsets[i] + counts_list[i]) for i in rows]
        return list(chain.from_iterable(picked)), [len(p) for p in picked], source

    def unit(self, rows: Sequence[Any], index: int, year: int) -> Unit:
        return self._unit(rows[index])

    def _unit(self, row: int) -> Unit:
        cols = self.columns
        facts: dict[str, Any] = {}
        class_columns = {f: cols.classes.get(f, f) for f in CLASS_FIELDS[self.level]
                         if f != "region"}
        skip = {cols.code, cols.region, cols.registers, *cols.recognitions.values(),
                *cols.decided.values(), *cols.history.values(),
                *cols.trailing.values(), *class_columns.values()}
        for name in cols.data:
            if name in skip:
                continue
            key = next((k for k, v in cols.facts.items() if v == name), name)
            facts[key] = self._take(name, [row])[0]
        history: dict[int, dict[str, Any]] = {}
        for (key, year), name in cols.history.items():
            history.setdefault(year, {})[key] = self._take(name, [row])[0]
        kwargs: dict[str, Any] = {"code": self.codes([row])[0], "facts": facts,
                                  "history": history}
        if self.level is not Level.VILLAGE:
            kwargs["region"] = self.regions([row])[0]
        for field, column in class_columns.items():
            value = self._take(column, [row])[0]
            if value is not None:
                kwargs[field] = _class_code(value)
        recognitions = {}
        for t in Tier:
            recognised = self.recognitions([row], t)[0]
            if recognised is not None:
                recognitions[t] = Recognition(recognised, self._decided([row], t)[0])
        kwargs["recognitions"] = recognitions
        registers = self.registers([row])
        if registers is not None:
            kwargs["registers"] = registers[0]
        for name, child_level in CHILD_FIELDS[self.level]:
            rows, _, source = self.members([row], child_level)
            kwargs[name] = [source.unit(rows, i, 0) for i in range(len(rows))]
        unit: Unit = _UNIT_CLASSES[self.level](**kwargs)
        return unit


def _cumulative(counts: list[int]) -> list[int]:
    out, total = [], 0
    for c in counts:
        total += c
        out.append(total)
    return out


def broadcast(values: Sequence[Any], counts: Sequence[int]) -> list[Any]:
    """Each parent value repeated for its members."""
    return list(chain.from_iterable(map(repeat, values, counts)))
