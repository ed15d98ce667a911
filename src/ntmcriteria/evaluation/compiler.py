"""The compiler: rule kinds compile themselves into column operations.

A criteria set is compiled once (:class:`~ntmcriteria.evaluation.plan.Plan`)
into a flat program of instructions over *columns*: one value per unit of a
chunk of units. Each rule kind's ``compile`` hook composes the primitives of
:class:`Compiler` (facts, thresholds, comparisons, Kleene logic, tallies and
reductions over members, windows, references); the compiler shares every
identical node within a scope (a set's rule used twice costs once) and never
executes generated code.

A *scope* is where a node is evaluated: a table of units (the assessed units,
or the members of another scope's units), the criteria set whose names apply,
and how many years before the assessment year.

Outcome columns are pairs of masks ``(passed, failed)``: Python ints holding one
byte per unit (1: yes), so Kleene logic over a whole chunk is a few big-int
operations; a unit in neither mask is UNKNOWN, a unit in both NOT_APPLICABLE
(``applies_if`` where its condition fails). Only the registers that may hold a
not-applicable unit (``Program.maybe_na``: an ``applies_if`` and what combines one)
are combined by the instructions that leave such parts out (``*Applicable``); the
others keep the three-valued instructions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from functools import partial
from itertools import accumulate, repeat
from operator import add, ge, is_, is_not, lt, sub
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias

from ntmcriteria._values import (
    Number,
    exact,
    exact_add,
    exact_mul,
    exact_multiplier,
    exact_sub,
    within_limits,
)
from ntmcriteria.errors import NTMTypeError, NTMValueError, ScheduleError
from ntmcriteria.evaluation.exact import FLOAT_INT_LIMIT, Bounds, float_value
from ntmcriteria.evaluation.sources import Source, broadcast
from ntmcriteria.indicators import Indicator, ValueType
from ntmcriteria.limits import MAX_INSTRUCTIONS
from ntmcriteria.outcome import Outcome
from ntmcriteria.thresholds import REGION, Schedule
from ntmcriteria.units import CLASS_FIELDS, Level, Region, Tier

if TYPE_CHECKING:
    from ntmcriteria.classifications import Classification
    from ntmcriteria.criteria import CriteriaSet
    from ntmcriteria.rules import Rule, RuleTable
    from ntmcriteria.rules.operators import Operator
    from ntmcriteria.rules.years import YearRef

__all__ = ["Col", "Compiler", "Program", "Reg", "Scope", "Table"]

#: A register: the index of an instruction's result in the program.
Reg: TypeAlias = int
Mask: TypeAlias = tuple[int, int]
_NAN = math.nan
_BOOL = frozenset((bool,))
_FLOAT_INT = frozenset((float, int))
_EXACT = frozenset((Decimal, int))


# ------------------------------------------------------------------------ runtime values
class Table:
    """The units of one scope in one chunk: rows of a source, and how they group under
    their parents (``counts``: members per parent row)."""

    __slots__ = ("_ones", "cache", "counts", "level", "n", "parent", "rows", "source")

    def __init__(self, rows: Sequence[Any], source: Source, parent: Table | None = None,
                 counts: list[int] | None = None) -> None:
        self.rows = rows
        self.source = source
        self.level = source.level
        self.n = source.count(rows)
        self.parent = parent
        self.counts = counts
        self._ones: int | None = None
        self.cache: dict[Any, Any] = {}

    @property
    def ones(self) -> int:
        """The mask of every unit of the table (one byte 1 per unit)."""
        if self._ones is None:
            self._ones = _ones(self.n)
        return self._ones

    def codes(self) -> list[str]:
        codes = self.cache.get("codes")
        if codes is None:
            codes = self.cache["codes"] = self.source.codes(self.rows)
        return codes

    def where(self, index: int, year: int) -> str:
        return f"{self.level.value} {self.codes()[index]!r}, year {year}"


def _ones(n: int) -> int:
    return int.from_bytes(b"\x01" * n, "little")


def _mask(flags: Any) -> int:
    return int.from_bytes(bytes(flags), "little")


class Col:
    """A column of values: ``kind`` is ``bool``, ``float`` (floats, and ints a float holds
    exactly), ``int`` or ``exact`` (Decimal and int); None is a missing value."""

    __slots__ = ("kind", "nullable", "values")

    def __init__(self, values: list[Any], kind: str, nullable: bool) -> None:
        self.values = values
        self.kind = kind
        self.nullable = nullable


class Scalar:
    """One value for every unit (a constant or a parameter); None: missing."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class Product:
    """``factor x base`` per unit, compared exactly (a ratio's requirement, a mean's total)."""

    __slots__ = ("base", "factor")

    def __init__(self, factor: Scalar | Col | Coded, base: Col) -> None:
        self.factor = factor
        self.base = base


class Coded:
    """Per-unit values as codes into a small palette: a schedule's value for each unit's
    region is ``palette[code]`` (None: missing), so nothing is looked up per unit."""

    __slots__ = ("codes", "floats", "palette")

    def __init__(self, codes: list[int], palette: list[Any], floats: Any = None) -> None:
        self.codes = codes
        self.palette = palette
        #: the NumPy backend's [palette, bounds of its values or None] kept with the plan
        self.floats = floats

    def values(self) -> list[Any]:
        return list(map(self.palette.__getitem__, self.codes))

    def known(self) -> int:
        valid = [v is not None for v in self.palette]
        return _mask(map(valid.__getitem__, self.codes))


#: Regions by code; the code ``NO_REGION`` means the region is not known.
REGIONS = tuple(Region)
NO_REGION = len(REGIONS)
_REGION_CODE = {id(region): code for code, region in enumerate(REGIONS)}
_REGION_CODE[id(None)] = NO_REGION


def region_codes(regions: Sequence[Region | None]) -> list[int]:
    """Regions as codes (``NO_REGION`` for None), without hashing enum members per unit."""
    return list(map(_REGION_CODE.__getitem__, map(id, regions)))


class Run:
    """The state of one run of a program over one chunk (``bounds``: the plan's cache of
    threshold boundaries)."""

    __slots__ = ("bounds", "env", "year")

    def __init__(self, size: int, year: int, bounds: Bounds) -> None:
        self.env: list[Any] = [None] * size
        self.year = year
        self.bounds = bounds


# ------------------------------------------------------------------------ instructions
class Instruction:
    __slots__ = ()

    def run(self, r: Run) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


class RootTable(Instruction):
    """Placeholder: the plan puts the chunk's table in this register before running."""

    __slots__ = ()

    def run(self, r: Run) -> Any:  # pragma: no cover - set by the plan
        raise NotImplementedError


class MemberTable(Instruction):
    __slots__ = ("level", "table")

    def __init__(self, table: Reg, level: Level) -> None:
        self.table, self.level = table, level

    def run(self, r: Run) -> Table:
        parent: Table = r.env[self.table]
        rows, counts, source = parent.source.members(parent.rows, self.level)
        return Table(rows, source, parent, counts)


class FactCol(Instruction):
    """A fact of every unit of a table, for a year, checked against its indicator.

    ``block`` holds the keys of every fact the plan reads from the same table for the
    same year (set by :func:`group_fact_reads`): a source that reads many keys faster
    together (unit objects: each unit's facts and history looked up once for them all)
    offers ``facts_block`` and reads them all at the first of them."""

    __slots__ = ("back", "block", "indicator", "key", "limits", "table", "year")

    def __init__(self, table: Reg, key: str, indicator: Indicator | None, back: int | None,
                 year: int | None) -> None:
        self.table, self.key, self.indicator = table, key, indicator
        self.back, self.year = back, year
        self.block: tuple[str, ...] = (key,)
        #: the NumPy backend's view of the indicator, worked out at its first read
        self.limits: Any = None

    def run(self, r: Run) -> Col:
        table: Table = r.env[self.table]
        year = r.year - self.back if self.back is not None else self.year
        assert year is not None  # noqa: S101 - one of back and year is given
        values = self.values(table, year, r.year)
        return checked(values, self.indicator, self.key, table, [year] * table.n, r.bounds)

    def values(self, table: Table, year: int, assessment_year: int) -> list[Any]:
        """The raw values of the fact (None: missing), read with its block when the
        source reads blocks."""
        source = table.source
        read_block = getattr(source, "facts_block", None) if len(self.block) > 1 else None
        if read_block is not None:
            blocks = table.cache.get("fact blocks")
            if blocks is None:
                blocks = table.cache["fact blocks"] = {}
            block = blocks.get((self.block, year))
            if block is None:
                block = blocks[(self.block, year)] = read_block(table.rows, self.block, year,
                                                                assessment_year)
            # taken out: a column read is not kept alive with the rest of its block (many
            # long lists of references make each garbage collection longer); a second read
            # of the key, if any, reads it again below
            column: list[Any] | None = block.pop(self.key, None)
            if column is not None:
                return column
        back = assessment_year - year
        if back >= 0 and self.key in getattr(source, "trailing_keys", ()):
            # a yearly list: every year's column from one read (see RecordSource)
            memo = table.cache.setdefault("trailing", {})
            if self.key not in memo:
                memo[self.key] = source.trailing_facts(  # type: ignore[attr-defined]
                    table.rows, self.key)
            yearly: list[list[Any] | None] | None = memo[self.key]
            if yearly is not None:
                if back >= len(yearly):
                    return [None] * table.n
                taken = yearly[back]
                yearly[back] = None  # taken out, as a block's column is
                if taken is not None:
                    return taken
        values: list[Any] = source.facts(table.rows, self.key, year, assessment_year)
        return values

    def values_per_unit(self, table: Table, years: Sequence[int]) -> list[Any]:
        """The raw values when each unit has an assessment year of its own (``years``, a
        sequence or an array): one read when the source says the value ``back`` years
        before a unit's year does not depend on that year (``year_free``), else one per
        distinct pair of fact year and assessment year."""
        if not len(years):
            return []
        back = self.back
        year_free = getattr(table.source, "year_free", None)
        if back is not None and year_free is not None and year_free(self.key, back):
            first = int(years[0])
            return self.values(table, first - back, first)
        return facts_in_years(table.source, table.rows, self.key, [
            (year - back if back is not None else self.year, year)  # type: ignore[misc]
            for year in map(int, years)])


def facts_in_years(source: Source, rows: Sequence[Any], key: str,
                   pairs: Sequence[tuple[int, int]]) -> list[Any]:
    """A fact of each row in a year of its own: ``pairs`` gives, per row, the fact's year
    and the row's assessment year; the rows of each distinct pair are read together."""
    distinct = set(pairs)
    if len(distinct) == 1:
        year, assessment_year = pairs[0]
        found: list[Any] = source.facts(rows, key, year, assessment_year)
        return found
    out: list[Any] = [None] * len(pairs)
    for year, assessment_year in sorted(distinct):
        indexes = [k for k, pair in enumerate(pairs) if pair == (year, assessment_year)]
        values = source.facts([rows[k] for k in indexes], key, year, assessment_year)
        for k, value in zip(indexes, values, strict=True):
            out[k] = value
    return out


def group_fact_reads(instructions: Sequence[Instruction]) -> None:
    """Give each fact read the keys of all reads of the same table and year (its block)."""
    groups: dict[tuple[Reg, int | None, int | None], list[FactCol]] = {}
    for instruction in instructions:
        if type(instruction) is FactCol:
            groups.setdefault((instruction.table, instruction.back, instruction.year),
                              []).append(instruction)
    for reads in groups.values():
        keys = tuple(dict.fromkeys(read.key for read in reads))
        for read in reads:
            read.block = keys


class FactAtCol(Instruction):
    """A fact of every unit in a year of its own (e.g. the year it was recognised)."""

    __slots__ = ("indicator", "key", "table", "years")

    def __init__(self, table: Reg, key: str, indicator: Indicator | None, years: Reg) -> None:
        self.table, self.key, self.indicator, self.years = table, key, indicator, years

    def run(self, r: Run) -> Col:
        table: Table = r.env[self.table]
        years: list[int | None] = r.env[self.years]
        values = table.source.facts_at(table.rows, self.key, years, r.year)
        return checked(values, self.indicator, self.key, table, years, r.bounds)


class RecognitionYears(Instruction):
    __slots__ = ("table", "tier")

    def __init__(self, table: Reg, tier: Tier) -> None:
        self.table, self.tier = table, tier

    def run(self, r: Run, assessed: Sequence[int] | None = None) -> list[int | None]:
        """The year of each unit's recognition at the tier; None where there is none, or
        it is later than the year assessed (``assessed``: each unit's, when they differ;
        else the run's): not yet recognised then."""
        table: Table = r.env[self.table]
        years = table.source.recognitions(table.rows, self.tier)
        if assessed is None:
            year = r.year
            return [None if y is None or y > year else y for y in years]
        return [None if y is None or y > a else y
                for y, a in zip(years, assessed, strict=True)]


def checked(values: list[Any], indicator: Indicator | None, key: str, table: Table,
            years: Sequence[int | None], bounds: Bounds, types: set[type] | None = None
            ) -> Col:
    """``values`` as a column, refusing (with the interpreter's error) any value that does
    not fit ``indicator``: checked once per column, not per read (``types``: the types
    of the values, when the caller has them already)."""
    if types is None:
        types = set(map(type, values))
    nullable = type(None) in types
    types.discard(type(None))
    sized = getattr(table.source, "sized", False)
    if indicator is None:
        kind = "bool" if types <= _BOOL else "exact"
        return Col(values if kind == "bool" else _exact_values(values, key, table, years),
                   kind, nullable)
    if indicator.value_type is ValueType.BOOLEAN:
        if types <= _BOOL:
            return Col(values, "bool", nullable)
        exact_values = _exact_values(values, key, table, years)  # e.g. numpy.bool_
        if all(v is None or isinstance(v, bool) for v in exact_values):
            return Col(exact_values, "bool", nullable)
        _raise_first(values, indicator, key, table, years)
    if types <= _FLOAT_INT and bool not in types:
        known = [v for v in values if v is not None] if nullable else values
        if known:
            col = _checked_floats(known, types, indicator, bounds)
            if col is not None:
                return Col(values, col, nullable)
            # ints a float cannot hold exactly take the exact path (floats as their decimals)
            exact_values = (values if float not in types
                            else _exact_values(values, key, table, years))
            exact_known = [v for v in exact_values if v is not None]
            if _checked_exact(exact_known, indicator, sized=sized):
                return Col(exact_values, "exact", nullable)
        elif not types:
            return Col(values, "float", nullable)
    elif types <= _EXACT and bool not in types:
        known = [v for v in values if v is not None] if nullable else values
        if _checked_exact(known, indicator, types, sized):
            return Col(values, "exact", nullable)
    else:
        exact_values = _exact_values(values, key, table, years)
        known = [v for v in exact_values if v is not None]
        if _checked_exact(known, indicator, sized=sized):
            return Col(exact_values, "exact", nullable)
        values = exact_values
    _raise_first(values, indicator, key, table, years)


def _checked_floats(known: list[Any], types: set[type], indicator: Indicator, bounds: Bounds
                    ) -> str | None:
    """The kind of a column of floats and ints that fit ``indicator`` (None: one does not)."""
    if (float in types and not math.isfinite(sum(known))
            and not all(map(math.isfinite, known))):
        return None
    low, high = indicator.bounds
    smallest, largest = min(known), max(known)
    if int in types and (abs(smallest) > FLOAT_INT_LIMIT or abs(largest) > FLOAT_INT_LIMIT):
        return None  # ints a float cannot hold exactly: take the exact path
    if low is not None:
        bound = bounds.floats(low)[0] if isinstance(smallest, float) else low
        if smallest < bound:
            return None
    if high is not None:
        if isinstance(largest, float):
            if largest >= bounds.floats(high)[1]:
                return None
        elif largest > high:
            return None
    if indicator.value_type is ValueType.INTEGER and float in types and not all(
            v.is_integer() for v in known if isinstance(v, float)):
        return None
    return "int" if types == {int} else "float"


def _checked_exact(known: list[Any], indicator: Indicator, types: set[type] | None = None,
                   sized: bool = False) -> bool:
    if not known:
        return True
    if types is None:
        types = set(map(type, known))
    if types <= _EXACT:  # the common case, checked in C
        decimals: list[Any]
        if Decimal not in types:
            decimals = []
        else:
            decimals = known if int not in types else [v for v in known if type(v) is Decimal]
        # ``sized``: the unit objects' facts were made finite exact values when built
        if not sized and not all(map(Decimal.is_finite, decimals)):
            return False
    else:
        if any(isinstance(v, bool) for v in known):
            return False
        if not all(v.is_finite() for v in known if isinstance(v, Decimal)):
            return False
        decimals = [v for v in known if isinstance(v, Decimal)]
    # digits and exponents, as the door checks them (``sized``: the source's values were)
    if not sized and not within_limits(known, decimals):
        return False
    low, high = indicator.bounds
    if low is not None and min(known) < low:
        return False
    if high is not None and max(known) > high:
        return False
    if indicator.value_type is ValueType.INTEGER and decimals:
        return all(v == v.to_integral_value() for v in decimals)
    return True


def _exact_values(values: list[Any], key: str, table: Table, years: Sequence[int | None]
                  ) -> list[Any]:
    out: list[Any] = []
    for index, value in enumerate(values):
        if value is None:
            out.append(None)
            continue
        where = table.where(index, years[index] or 0)
        out.append(exact(value, f"{where}: fact {key!r}"))
    return out


def _raise_first(values: list[Any], indicator: Indicator, key: str, table: Table,
                 years: Sequence[int | None]) -> NoReturn:
    """Raise the error the interpreter raises for the first value that does not fit."""
    for index, value in enumerate(values):
        if value is None:
            continue
        where = table.where(index, years[index] or 0)
        if isinstance(value, float):
            value = exact(value, f"{where}: fact {key!r}")
        indicator.check(exact(value, f"{where}: fact {key!r}"), where)
    raise NTMValueError(f"fact {key!r}: a value does not fit its indicator")  # pragma: no cover


class Constant(Instruction):
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def run(self, r: Run) -> Scalar:
        return Scalar(self.value)


class YearValue(Instruction):
    """The year evaluated, less ``back`` years, as a threshold."""

    __slots__ = ("back", "table")

    def __init__(self, table: Reg, back: int) -> None:
        self.table, self.back = table, back

    def run(self, r: Run) -> Scalar:
        return Scalar(r.year - self.back)


class ScaledValue(Instruction):
    __slots__ = ("base", "factor", "palettes")

    def __init__(self, factor: Number, base: Reg) -> None:
        self.factor, self.base = factor, base
        #: scaled palettes of a schedule's palettes (kept with the plan, as the schedule
        #: keeps its own): by the palette's id, with the palette (so the id stays its own)
        self.palettes: dict[int, tuple[list[Any], list[Any]]] = {}

    def run(self, r: Run) -> Scalar | Col | Coded:
        base = r.env[self.base]
        if isinstance(base, Scalar):
            if base.value is None:
                return base
            if isinstance(base.value, bool):
                raise NTMTypeError(f"scaled({self.factor}, ...) cannot scale a yes/no threshold")
            return Scalar(exact_mul(self.factor, base.value))
        mul = exact_multiplier()  # one exact context for the column
        if isinstance(base, Coded):
            kept = self.palettes.get(id(base.palette))
            if kept is None or kept[0] is not base.palette:
                scaled = [None if v is None else mul(self.factor, v) for v in base.palette]
                # with the NumPy backend's bounds, worked out when first compared
                kept = (base.palette, [scaled, None])
                if base.floats is not None and len(self.palettes) < _MAX_PALETTES:
                    self.palettes[id(base.palette)] = kept  # a palette kept by the plan
            return Coded(base.codes, kept[1][0], kept[1])
        memo: dict[Any, Any] = {}
        out: list[Any] = []
        for value in base.values:
            if value is None:
                out.append(None)
                continue
            if value not in memo:
                memo[value] = mul(self.factor, value)
            out.append(memo[value])
        return Col(out, "exact", base.nullable)


class Times(Instruction):
    __slots__ = ("base", "factor")

    def __init__(self, factor: Reg, base: Reg) -> None:
        self.factor, self.base = factor, base

    def run(self, r: Run) -> Product | Scalar:
        factor = r.env[self.factor]
        if isinstance(factor, Scalar):
            if factor.value is None:
                return factor
            if isinstance(factor.value, bool):
                raise NTMTypeError("a ratio needs a numeric factor (got a yes/no threshold)")
        base = r.env[self.base]
        if isinstance(base, list):  # member counts
            base = Col(base, "int", False)
        if base.kind == "bool":
            raise NTMTypeError("a ratio needs numeric facts (got yes/no facts)")
        return Product(factor, base)


class Difference(Instruction):
    __slots__ = ("left", "right")

    def __init__(self, left: Reg, right: Reg) -> None:
        self.left, self.right = left, right

    def run(self, r: Run) -> Col:
        a: Col = r.env[self.left]
        b: Col = r.env[self.right]
        if a.kind == "bool" or b.kind == "bool":
            raise NTMTypeError("a difference needs numbers, not yes/no facts")
        if a.kind == "int" and b.kind == "int" and not (a.nullable or b.nullable):
            return Col(list(map(sub, a.values, b.values)), "exact", False)
        out = [None if x is None or y is None else exact_sub(_ex(x), _ex(y))
               for x, y in zip(a.values, b.values, strict=True)]
        return Col(out, "exact", a.nullable or b.nullable)


def _ex(value: Any) -> Number:
    exact: Number = float_value(value) if isinstance(value, float) else value
    return exact


class ClassOf(Instruction):
    """The code of each unit's value of a classification (its index among the values;
    ``none``, the number of values: not known): an override of the scope's set (at its own
    level) decides alone; else the unit's own field; else the resolver rules (at the set's
    level); else the parent's value (see :mod:`ntmcriteria.classifications`)."""

    __slots__ = ("_decided", "choice", "classification", "none", "overrides", "own", "parent",
                 "rules", "table")

    def __init__(self, table: Reg, classification: Classification,
                 overrides: list[tuple[Reg, int]], rules: list[Reg] | None, choice: str | None,
                 parent: Reg | None, own: bool) -> None:
        self.table, self.classification, self.overrides = table, classification, overrides
        self.rules, self.choice, self.parent, self.own = rules, choice, parent, own
        self.none = len(classification.values)
        self._decided: dict[tuple[int, ...], int] = {}

    def decide(self, pattern: tuple[int, ...]) -> int:
        """The code a pattern of rule states (0 unknown, 1 passed, 2 failed) gives: a value's
        code, ``none`` (not known) or ``_FALL`` (no rule and no residual: the parent's)."""
        found = self._decided.get(pattern)
        if found is None:
            resolution = self.classification.resolve(
                tuple(_STATES[state] for state in pattern), self.choice)
            if resolution.state == "decided":
                assert resolution.code is not None  # noqa: S101 - a decided value has a code
                found = self.classification.index[resolution.code]
            else:
                found = _FALL if resolution.state == "none" else self.none
            self._decided[pattern] = found
        return found

    def own_codes(self, table: Table, year: int | Sequence[int]) -> list[int]:
        """The units' own codes (``none`` where not given, ``_FALL`` where the unit gives
        neither its field nor a stated fact), read once per table."""
        key = ("classes", self.classification.name)
        found: list[int] | None = table.cache.get(key)
        if found is None:
            if self.classification.name == REGION:
                found = region_codes(table.source.regions(table.rows))
            else:
                found = own_codes(self.classification, table, year)
            table.cache[key] = found
        return found

    def run(self, r: Run) -> list[int]:
        table: Table = r.env[self.table]
        none = self.none
        if not self.own and self.rules is None and not self.overrides:
            if self.parent is None:
                return [none] * table.n
            assert table.counts is not None  # noqa: S101 - a member table has counts
            return broadcast(r.env[self.parent], table.counts)
        own = self.own_codes(table, r.year) if self.own else [none] * table.n
        silent = [i for i, code in enumerate(own) if code == _FALL] if _FALL in own else []
        if silent:  # neither the field nor a stated fact: the parent's value
            own = [none if code == _FALL else code for code in own]
        out = own
        quiet = set(silent)
        pending = ([i for i, code in enumerate(own) if code == none and i not in quiet]
                   if none in own else [])
        fall = pending
        if self.rules is not None and pending:
            out = list(own)
            fall = []
            # per unit, one byte per rule: 0 unknown, 1 passed, 2 failed (no carry: each
            # byte of a mask is 0 or 1)
            states = [(p + (f << 1)).to_bytes(table.n, "little")
                      for p, f in (r.env[reg] for reg in self.rules)]
            decide = self.decide
            patterns = (zip(*(map(s.__getitem__, pending) for s in states), strict=True)
                        if states else repeat((), len(pending)))
            for i, pattern in zip(pending, patterns, strict=True):
                code = decide(pattern)
                if code == _FALL:
                    fall.append(i)
                else:
                    out[i] = code
        if silent:
            fall = sorted((*fall, *silent))
        if self.parent is not None and fall:
            assert table.counts is not None  # noqa: S101 - a member table has counts
            inherited = broadcast(r.env[self.parent], table.counts)
            if len(fall) == table.n:
                out = inherited
            else:
                out = list(out) if out is own else out
                for i in fall:
                    out[i] = inherited[i]
        if not self.overrides:
            return out
        out = list(out)
        decided = bytearray(table.n)
        for reg, code in self.overrides:
            passed, failed = r.env[reg]
            passes = passed.to_bytes(table.n, "little")
            fails = failed.to_bytes(table.n, "little")
            for i in range(table.n):
                if decided[i] or fails[i]:
                    continue
                out[i] = code if passes[i] else none  # UNKNOWN: the value is not known
                decided[i] = 1
        return out


#: A rule state byte (see ``ClassOf.run``) as an outcome.
_STATES = (Outcome.UNKNOWN, Outcome.PASS, Outcome.FAIL)
#: ``ClassOf.decide``: no rule matched and there is no residual value (the parent decides).
_FALL = -1


def own_codes(classification: Classification, table: Table, year: int | Sequence[int]
              ) -> list[int]:
    """The codes of the units' own values of ``classification`` (none where not given,
    ``_FALL`` where a unit gives neither its field nor a stated fact); a value that is
    not one of it, or a stated fact contradicting it, is refused as the interpreter
    refuses it."""
    assert classification.field is not None  # noqa: S101 - only read for a field
    raw = table.source.classes(table.rows, classification.field)
    index = classification.index
    none = len(classification.values)
    stated = {f.key: (table.source.facts(table.rows, f.key, year, year)
                      if isinstance(year, int) else
                      facts_in_years(table.source, table.rows, f.key,
                                     [(y, y) for y in map(int, year)]))
              for f in classification.stated}
    out = []
    for position, value in enumerate(raw):
        facts = {key: column[position] for key, column in stated.items()}
        if value is None:
            out.append(_FALL if classification.silent(facts) else none)
            continue
        code = classification.own_code(
            value, facts, f"{table.level.value} {table.codes()[position]!r}")
        assert code is not None  # noqa: S101 - a value was given
        out.append(index[code])
    return out


def combine(codes: Sequence[Sequence[int]], sizes: Sequence[int]) -> list[int]:
    """Per unit, the codes of several classifications as one (mixed radix, sizes counting
    the code "not known")."""
    if len(codes) == 1:
        return list(codes[0])
    out = list(codes[0])
    for column, size in zip(codes[1:], sizes[1:], strict=True):
        out = [a * size + b for a, b in zip(out, column, strict=True)]
    return out


def split(code: int, sizes: Sequence[int]) -> list[int]:
    """The codes of each classification in a combined code."""
    digits = []
    for size in reversed(sizes):
        code, digit = divmod(code, size)
        digits.append(digit)
    return digits[::-1]


class ScheduleCol(Instruction):
    """A schedule's value for each unit: looked up once per combination of the values of
    its classifications present (and the year), never per unit."""

    __slots__ = ("_cells", "_keys", "back", "classes", "dims", "palette_size", "palettes",
                 "parameter", "schedule", "set_id", "sizes", "table")

    def __init__(self, table: Reg, schedule: Schedule, dims: list[Reg],
                 classes: list[Classification], back: int, parameter: str | None,
                 set_id: str) -> None:
        self.table, self.schedule, self.dims, self.classes = table, schedule, dims, classes
        self.back, self.parameter, self.set_id = back, parameter, set_id
        self.sizes = [len(c.values) + 1 for c in classes]
        self.palette_size = math.prod(self.sizes)
        self._keys: dict[int, dict[str, str] | None] = {}
        #: the schedule's cells looked up so far, by (combined code, year): constants of
        #: the plan (a schedule of the set or of its parameters), at most _MAX_CELLS
        self._cells: dict[tuple[int, int], Any] = {}
        #: the NumPy backend's palettes made so far, by the codes present (at most
        #: _MAX_PALETTES): the cells are constants of the plan, so are they
        self.palettes: dict[Any, list[Any]] = {}

    def key_of(self, code: int) -> dict[str, str] | None:
        """The classification codes of a combined code (None: one is not known)."""
        if code in self._keys:
            return self._keys[code]
        key: dict[str, str] | None = {}
        for digit, classification, size in zip(split(code, self.sizes), self.classes,
                                               self.sizes, strict=True):
            if digit == size - 1:
                key = None
                break
            key[classification.name] = classification.values[digit].code  # type: ignore[index]
        self._keys[code] = key
        return key

    def run(self, r: Run) -> Scalar | Coded:
        year = r.year - self.back
        if not self.dims:
            return Scalar(self.cell(0, year))
        codes = combine([r.env[d] for d in self.dims], self.sizes)
        palette: list[Any] = [None] * self.palette_size
        for code in set(codes):
            palette[code] = self.cell(code, year)
        return Coded(codes, palette)

    def cell(self, code: int, year: int) -> Any:
        """The schedule's value for the classification values of ``code`` and ``year``;
        None when one of them is not known, or the schedule has no value for them (a
        missing cell: UNKNOWN, as the interpreter says, naming the cell; see
        ``Context.lookup_schedule``)."""
        found = self._cells.get((code, year), _NO_CELL)
        if found is not _NO_CELL:
            return found
        key = self.key_of(code) if self.dims else {}
        if key is None:
            return None
        try:
            found = self.schedule.lookup(key, year)
        except ScheduleError:
            found = None
        if len(self._cells) < _MAX_CELLS:
            self._cells[(code, year)] = found
        return found


_NO_CELL = object()
#: cells a schedule instruction keeps (beyond them, each is looked up again)
_MAX_CELLS = 4096
_MAX_PALETTES = 64


class RuleSelect(Instruction):
    """The outcome of the rule a rule table gives each unit (by its classification codes):
    a unit whose codes are not known, or that the table does not list, is UNKNOWN."""

    __slots__ = ("branches", "dims", "sizes", "table")

    def __init__(self, table: Reg, dims: list[Reg], sizes: list[int],
                 branches: list[tuple[int, Reg]]) -> None:
        self.table, self.dims, self.sizes, self.branches = table, dims, sizes, branches

    def run(self, r: Run) -> Mask:
        codes = combine([r.env[d] for d in self.dims], self.sizes)
        passed = failed = 0
        for code, reg in self.branches:
            chosen = _mask(map(code.__eq__, codes))
            p, f = r.env[reg]
            passed |= p & chosen
            failed |= f & chosen
        return passed, failed


class Compare(Instruction):
    __slots__ = ("observed", "op", "required", "table")

    def __init__(self, table: Reg, observed: Reg, op: Operator, required: Reg) -> None:
        self.table, self.observed, self.op, self.required = table, observed, op, required

    def run(self, r: Run) -> Mask:
        table: Table = r.env[self.table]
        return compare(r.env[self.observed], self.op, r.env[self.required], table.ones,
                       r.bounds)


def compare(obs: Col, op: Operator, req: Scalar | Col | Product | Coded, ones: int,
            bounds: Bounds) -> Mask:
    """The outcome masks of ``obs op req``, decided exactly."""
    if isinstance(req, Scalar):
        if req.value is None:
            return 0, 0
        return _compare_scalar(obs, op, req.value, ones, bounds)
    if isinstance(req, Product):
        return _compare_product(obs, op, req, ones)
    if isinstance(req, Coded):
        return _compare_coded(obs, op, req, ones, bounds)
    return _compare_columns(obs, op, req, ones, bounds)


def _known(values: list[Any]) -> int:
    return _mask(map(is_not, values, repeat(None)))


_FORMS: dict[str, tuple[Callable[[Any, Any], bool], int]] = {
    "ge_lo": (ge, 0), "ge_hi": (ge, 1), "lt_hi": (lt, 1), "lt_lo": (lt, 0),
}


def _bounded(values: list[Any], form: str, lo: Any, hi: Any) -> int:
    """The mask of ``values`` passing ``form`` against the boundaries ``lo`` and ``hi``
    (scalars, or per-unit lists); NaN stands for a missing value (never passes)."""
    if form in _FORMS:
        test, which = _FORMS[form]
        bound = lo if which == 0 else hi
        bounds = bound if isinstance(bound, list) else repeat(bound)
        return _mask(map(test, values, bounds))
    los = lo if isinstance(lo, list) else repeat(lo)
    his = hi if isinstance(hi, list) else repeat(hi)
    inside = _mask(map(ge, values, los)) & _mask(map(lt, values, his))
    return inside


def _decide(passed: int, known: int, form: str) -> Mask:
    if form == "out":
        inside = passed
        return known & ~inside, inside & known
    return passed & known, known & ~passed


def _decimal_of_int(t: int) -> Decimal | int:
    """``t`` as a Decimal (exact, whatever the context), unless it is too long to be worth
    it (the int then compares as it is)."""
    return Decimal(t) if -(10**18) < t < 10**18 else t


def _compare_scalar(obs: Col, op: Operator, t: Any, ones: int, bounds: Bounds) -> Mask:
    values = obs.values
    known = _known(values) if obs.nullable else ones
    if obs.kind == "bool":
        if not isinstance(t, bool):
            raise NTMTypeError(f"cannot compare yes/no facts with {t!r:.40}")
        trues = _mask(map(is_, values, repeat(True))) if obs.nullable else _mask(values)
        equal = trues if t else known & ~trues
        if op.symbol == "==":
            return equal, known & ~equal
        return known & ~equal, equal
    if isinstance(t, bool):
        raise NTMTypeError(f"cannot compare numbers with the yes/no value {t!r}")
    if obs.kind == "exact":
        test = op.test
        if type(t) is int:  # exact, and Decimal against Decimal compares twice as fast
            t = _decimal_of_int(t)
        if obs.nullable:
            passed = _mask(v is not None and test(v, t) for v in values)
        else:
            passed = _mask(map(test, values, repeat(t)))
        return passed, known & ~passed
    lo, hi = bounds.floats(t) if obs.kind == "float" else bounds.ints(t)
    if obs.nullable:
        values = [_NAN if v is None else v for v in values]
    return _decide(_bounded(values, op.form, lo, hi), known, op.form)


def _compare_columns(obs: Col, op: Operator, req: Col, ones: int, bounds: Bounds) -> Mask:
    values = obs.values
    thresholds = req.values
    known = _known(values) if obs.nullable else ones
    if req.nullable:
        known &= _known(thresholds)
    if obs.kind in ("exact", "bool"):
        test = op.test
        passed = _mask(v is not None and t is not None and test(v, t)
                       for v, t in zip(values, thresholds, strict=True))
        return passed, known & ~passed
    bounds_of = bounds.floats if obs.kind == "float" else bounds.ints
    memo: dict[Any, tuple[Any, Any]] = {}
    los: list[Any] = []
    his: list[Any] = []
    for t in thresholds:
        if t is None:
            los.append(_NAN)
            his.append(_NAN)
            continue
        b = memo.get(t)
        if b is None:
            b = memo[t] = bounds_of(t)
        los.append(b[0])
        his.append(b[1])
    if obs.nullable:
        values = [_NAN if v is None else v for v in values]
    return _decide(_bounded(values, op.form, los, his), known, op.form)


def _compare_coded(obs: Col, op: Operator, req: Coded, ones: int, bounds: Bounds) -> Mask:
    values = obs.values
    known = (_known(values) if obs.nullable else ones) & req.known()
    if obs.kind in ("exact", "bool"):
        test = op.test
        if not obs.nullable:
            # a missing threshold compares with a stand-in, whose result ``known`` drops
            palette = [0 if t is None else t for t in req.palette]
            passed = _mask(map(test, values, map(palette.__getitem__, req.codes))) & known
            return passed, known & ~passed
        thresholds = req.values()
        passed = _mask(v is not None and t is not None and test(v, t)
                       for v, t in zip(values, thresholds, strict=True))
        return passed, known & ~passed
    bounds_of = bounds.floats if obs.kind == "float" else bounds.ints
    pairs = [(_NAN, _NAN) if t is None else bounds_of(t) for t in req.palette]
    los = list(map([b[0] for b in pairs].__getitem__, req.codes))
    his = list(map([b[1] for b in pairs].__getitem__, req.codes))
    if obs.nullable:
        values = [_NAN if v is None else v for v in values]
    return _decide(_bounded(values, op.form, los, his), known, op.form)


#: relative tolerance of the float pre-check of a product (re-checked exactly inside it)
_GUARD = 1e-9


def _compare_product(obs: Col, op: Operator, req: Product, ones: int) -> Mask:
    """``obs op factor x base``: in floats where clearly decided, exactly near the boundary."""
    factor = req.factor
    base = req.base.values
    values = obs.values
    if isinstance(factor, Scalar):
        factors: Any = repeat(factor.value)
        fast = obs.kind in ("float", "int") and req.base.kind in ("float", "int")
    else:
        factors = factor.values() if isinstance(factor, Coded) else factor.values
        fast = False
    test = op.test
    passed = bytearray(len(values))
    failed = bytearray(len(values))
    mul = exact_multiplier()  # one exact context for the column
    if fast:
        f = float(factor.value)  # type: ignore[union-attr]
        k = factor.value  # type: ignore[union-attr]
        for i, (v, b) in enumerate(zip(values, base, strict=True)):
            if v is None or b is None:
                continue
            p = b * f
            d = v - p
            tol = (abs(v) + abs(p)) * _GUARD
            ok = test(d, 0) if d > tol or d < -tol else test(_ex(v), mul(k, _ex(b)))
            if ok:
                passed[i] = 1
            else:
                failed[i] = 1
    else:
        for i, (v, b, k) in enumerate(zip(values, base, factors, strict=False)):
            if v is None or b is None or k is None:
                continue
            if isinstance(k, bool) or isinstance(v, bool) or isinstance(b, bool):
                raise NTMTypeError("a ratio needs numbers, not yes/no values")
            if test(_ex(v), mul(k, _ex(b))):
                passed[i] = 1
            else:
                failed[i] = 1
    return int.from_bytes(passed, "little"), int.from_bytes(failed, "little")


class AllOf(Instruction):
    __slots__ = ("parts",)

    def __init__(self, parts: list[Reg]) -> None:
        self.parts = parts

    def run(self, r: Run) -> Mask:
        env = r.env
        passed, failed = env[self.parts[0]]
        for part in self.parts[1:]:
            p, f = env[part]
            passed &= p
            failed |= f
        return passed & ~failed, failed


class AnyOf(Instruction):
    __slots__ = ("parts",)

    def __init__(self, parts: list[Reg]) -> None:
        self.parts = parts

    def run(self, r: Run) -> Mask:
        env = r.env
        passed, failed = env[self.parts[0]]
        for part in self.parts[1:]:
            p, f = env[part]
            passed |= p
            failed &= f
        return passed, failed & ~passed


class AtLeast(Instruction):
    __slots__ = ("k", "parts", "table")

    def __init__(self, table: Reg, k: int, parts: list[Reg]) -> None:
        self.table, self.k, self.parts = table, k, parts

    def run(self, r: Run) -> Mask:
        table: Table = r.env[self.table]
        n = table.n
        passes = [0] * n
        fails = [0] * n
        for part in self.parts:
            p, f = r.env[part]
            passes = list(map(add, passes, p.to_bytes(n, "little")))
            fails = list(map(add, fails, f.to_bytes(n, "little")))
        total = len(self.parts)
        k = self.k
        passed = _mask(map(ge, passes, repeat(k)))
        # FAIL when even every unknown part passing would not reach k
        failed = _mask(map(lt, map(sub, repeat(total), fails), repeat(k)))
        return passed, failed & ~passed


class Negate(Instruction):
    __slots__ = ("part",)

    def __init__(self, part: Reg) -> None:
        self.part = part

    def run(self, r: Run) -> Mask:
        passed, failed = r.env[self.part]
        return failed, passed


class AllOfApplicable(AllOf):
    """all_of leaving not-applicable parts (in both masks) out; all of them: not
    applicable."""

    __slots__ = ()

    def run(self, r: Run) -> Mask:
        env = r.env
        passed, failed = env[self.parts[0]]
        na = passed & failed
        failed &= ~passed
        for part in self.parts[1:]:
            p, f = env[part]
            passed &= p
            failed |= f & ~p
            na &= p & f
        return passed, failed | na


class AnyOfApplicable(AnyOf):
    """any_of leaving not-applicable parts out; all of them: not applicable."""

    __slots__ = ()

    def run(self, r: Run) -> Mask:
        env = r.env
        passed, failed = env[self.parts[0]]
        na = passed & failed
        passed &= ~failed
        for part in self.parts[1:]:
            p, f = env[part]
            passed |= p & ~f
            failed &= f
            na &= p & f
        return passed | na, failed & ~passed


class AtLeastApplicable(AtLeast):
    """At least k, counted over the applicable parts (see ``outcome.at_least_of``).
    ``trees``, when given, holds for each part how it may still turn out not applicable
    (a :data:`MayNA` or None: it may not): a part unknown where it may counts for
    ``at_least_of``'s ``may_not_apply``."""

    __slots__ = ("trees",)

    def __init__(self, table: Reg, k: int, parts: list[Reg],
                 trees: tuple[MayNA | None, ...] = ()) -> None:
        super().__init__(table, k, parts)
        self.trees = trees

    def run(self, r: Run) -> Mask:
        from ntmcriteria.outcome import at_least_of

        table: Table = r.env[self.table]
        n = table.n
        # the tally slot of (passed, failed) bits: pass, fail, unknown, not applicable
        slot = {(1, 0): 0, (0, 1): 1, (0, 0): 2, (1, 1): 3}
        tallies = [[0, 0, 0, 0, 0] for _ in range(n)]
        ops = BitMasks(table.ones)
        for index, part in enumerate(self.parts):
            p, f = r.env[part]
            tree = self.trees[index] if self.trees else None
            maybe = 0 if tree is None else ops.and_(ops.unknown((p, f)),
                                                   may_na_mask(tree, r.env, ops))
            unknown_maybe = maybe.to_bytes(n, "little")
            for i, bits in enumerate(zip(p.to_bytes(n, "little"), f.to_bytes(n, "little"),
                                         strict=True)):
                tallies[i][slot[bits]] += 1
                tallies[i][4] += unknown_maybe[i]
        passed = bytearray(n)
        failed = bytearray(n)
        for i, (ps, fs, us, na, maybe_na) in enumerate(tallies):
            outcome = at_least_of(self.k, ps, fs, us, na, maybe_na)
            passed[i] = outcome is Outcome.PASS or outcome is Outcome.NOT_APPLICABLE
            failed[i] = outcome is Outcome.FAIL or outcome is Outcome.NOT_APPLICABLE
        return int.from_bytes(passed, "little"), int.from_bytes(failed, "little")


class AppliesIf(Instruction):
    """The rule's outcome where the condition passes; UNKNOWN where it is unknown;
    NOT_APPLICABLE (both masks) where it fails or is not applicable."""

    __slots__ = ("condition", "rule")

    def __init__(self, condition: Reg, rule: Reg) -> None:
        self.condition, self.rule = condition, rule

    def run(self, r: Run) -> Mask:
        cp, cf = r.env[self.condition]
        rp, rf = r.env[self.rule]
        return (cp & rp) | cf, (cp & rf) | cf


class Unknown(Instruction):
    __slots__ = ()

    def run(self, r: Run) -> Mask:
        return 0, 0


class Tally(Instruction):
    """Per parent unit: (members passing, members unknown, members)."""

    __slots__ = ("mask", "members")

    def __init__(self, members: Reg, mask: Reg) -> None:
        self.members, self.mask = members, mask

    def run(self, r: Run) -> tuple[list[int], list[int], list[int]]:
        table: Table = r.env[self.members]
        passed, failed = r.env[self.mask]
        counts = table.counts
        assert counts is not None  # noqa: S101 - a member table has counts
        m = table.n
        unknown = table.ones & ~(passed | failed)
        ends = list(accumulate(counts))
        starts = [0, *ends[:-1]]
        return (_segments(passed.to_bytes(m, "little"), starts, ends),
                _segments(unknown.to_bytes(m, "little"), starts, ends), counts)


def _segments(flags: bytes, starts: list[int], ends: list[int]) -> list[int]:
    cumulative = list(accumulate(flags, initial=0))
    get = cumulative.__getitem__
    return list(map(sub, map(get, ends), map(get, starts)))


class TallyApplicable(Tally):
    """A tally leaving not-applicable members out of the passing and of the total."""

    __slots__ = ()

    def run(self, r: Run) -> tuple[list[int], list[int], list[int]]:
        passes, unknowns, counts = super().run(r)
        table: Table = r.env[self.members]
        passed, failed = r.env[self.mask]
        na = passed & failed
        if not na:
            return passes, unknowns, counts
        assert table.counts is not None  # noqa: S101 - a member table has counts
        ends = list(accumulate(table.counts))
        starts = [0, *ends[:-1]]
        nas = _segments(na.to_bytes(table.n, "little"), starts, ends)
        return (list(map(sub, passes, nas)), unknowns, list(map(sub, counts, nas)))


class MembersApplicable(Instruction):
    """``outcome``, but NOT_APPLICABLE for a unit with members that are all not applicable
    (``mask``: the members' outcomes). With ``tree`` (how the members' rule may still
    turn out not applicable, a :data:`MayNA`; ``tally`` over the applicable members),
    UNKNOWN for a unit whose applicable members are all unknown and each may still not
    apply: neither PASS nor FAIL is decided then."""

    __slots__ = ("mask", "members", "outcome", "tally", "tree")

    def __init__(self, members: Reg, mask: Reg, outcome: Reg, tally: Reg,
                 tree: MayNA | None = None) -> None:
        self.members, self.mask, self.outcome = members, mask, outcome
        self.tally, self.tree = tally, tree

    def run(self, r: Run) -> Mask:
        passed, failed = r.env[self.outcome]
        p, f = r.env[self.mask]
        if self.tree is not None and any(r.env[self.tally][1]):
            undecided = self._undecided(r, p, f)
            passed, failed = passed & ~undecided, failed & ~undecided
        na = p & f
        if not na:
            return passed, failed
        table: Table = r.env[self.members]
        counts = table.counts
        assert counts is not None  # noqa: S101 - a member table has counts
        ends = list(accumulate(counts))
        starts = [0, *ends[:-1]]
        nas = _segments(na.to_bytes(table.n, "little"), starts, ends)
        every = _mask(c > 0 and c == k for c, k in zip(counts, nas, strict=True))
        return passed | every, failed | every

    def _undecided(self, r: Run, p: int, f: int) -> int:
        """The units whose applicable members are all unknown, none of them sure to apply."""
        assert self.tree is not None  # noqa: S101 - asked for with a tree only
        _, unknowns, applicable = r.env[self.tally]
        table: Table = r.env[self.members]
        counts = table.counts
        assert counts is not None  # noqa: S101 - a member table has counts
        ops = BitMasks(table.ones)
        maybe = may_na_mask(self.tree, r.env, ops)
        sure = ops.unknown((p, f)) & ~maybe  # unknown members that apply whatever comes
        ends = list(accumulate(counts))
        sures = _segments(sure.to_bytes(table.n, "little"), [0, *ends[:-1]], ends)
        return _mask(u > 0 and u == a and not s
                     for u, a, s in zip(unknowns, applicable, sures, strict=True))


#: How a register, where unknown, may still turn out NOT_APPLICABLE, as the
#: interpreter's ``rules.applicable.may_not_apply`` reads its rule: ``("if", condition,
#: rule, tree of the rule or None)`` for an ``applies_if``; ``("all", ((part, tree or
#: None), ...))`` for an ``all_of``, ``any_of`` or ``at_least`` (NOT_APPLICABLE when no
#: part applies); ``("not", part, tree)``. Found by ``Compiler.may_na_tree``.
MayNA = tuple[Any, ...]


class MaskOps:
    """The mask operations :func:`may_na_mask` needs, from a backend's two: ``pair`` (an
    outcome's passed and failed masks; both: not applicable) and ``invert``."""

    __slots__ = ()

    def pair(self, mask: Any) -> tuple[Any, Any]:  # pragma: no cover - each backend's
        raise NotImplementedError

    def invert(self, mask: Any) -> Any:  # pragma: no cover - each backend's
        raise NotImplementedError

    def unknown(self, mask: Any) -> Any:
        passed, failed = self.pair(mask)
        return self.invert(passed | failed)

    def na(self, mask: Any) -> Any:
        passed, failed = self.pair(mask)
        return passed & failed

    def passed(self, mask: Any) -> Any:
        passed, failed = self.pair(mask)
        return passed & self.invert(failed)

    @staticmethod
    def and_(a: Any, b: Any) -> Any:
        return a & b

    @staticmethod
    def or_(a: Any, b: Any) -> Any:
        return a | b


class BitMasks(MaskOps):
    """:class:`MaskOps` over the pure-Python backend's bit masks (ints)."""

    __slots__ = ("ones",)

    def __init__(self, ones: int) -> None:
        self.ones = ones

    def pair(self, mask: tuple[int, int]) -> tuple[int, int]:
        return mask

    def invert(self, mask: int) -> int:
        return self.ones & ~mask


def may_na_mask(tree: MayNA, env: Sequence[Any], ops: MaskOps) -> Any:
    """The units where the register ``tree`` stands for may still turn out NOT_APPLICABLE,
    if it is unknown there (``ops``: the backend's mask operations, see
    :class:`MaskOps`)."""
    kind = tree[0]
    if kind == "if":
        _, condition, rule, inner = tree
        cond = env[condition]
        out = ops.unknown(cond)
        if inner is not None:
            out = ops.or_(out, ops.and_(ops.passed(cond), ops.and_(
                ops.unknown(env[rule]), may_na_mask(inner, env, ops))))
        return out
    if kind == "all":
        out = None
        for part, inner in tree[1]:
            mask = env[part]
            term = ops.na(mask)
            if inner is not None:
                term = ops.or_(term, ops.and_(ops.unknown(mask),
                                              may_na_mask(inner, env, ops)))
            out = term if out is None else ops.and_(out, term)
        return out
    _, part, inner = tree  # "not"
    return ops.and_(ops.unknown(env[part]), may_na_mask(inner, env, ops))


class ShareNeed(Instruction):
    """Members needed for a share: the least m with m / n >= s / 100, per unit."""

    __slots__ = ("node", "required", "shares", "tally")

    def __init__(self, tally: Reg, required: Reg, node: Rule) -> None:
        self.tally, self.required, self.node = tally, required, node
        #: the share of each threshold seen (a Fraction costs microseconds to make)
        self.shares: dict[tuple[type, Any], Fraction] = {}

    def run(self, r: Run) -> list[int | None]:
        _, _, counts = r.env[self.tally]
        req = r.env[self.required]
        if isinstance(req, Scalar):
            t = req.value
            if t is None:
                return [None] * len(counts)
            share = self._share(t, counts)
            needs = {n: math.ceil(share * n) for n in set(counts)}
            needs[0] = None
            return list(map(needs.__getitem__, counts))
        thresholds = _values_of(req)
        memo: dict[Any, Fraction] = {}
        out: list[int | None] = []
        for n, t in zip(counts, thresholds, strict=True):
            if t is None or n == 0:
                out.append(None)
                continue
            s = memo.get(t)
            if s is None:
                s = memo[t] = self._share(t, [n])
            out.append(math.ceil(s * n))
        return out

    def _share(self, t: Any, counts: list[int]) -> Fraction:
        key = (type(t), t)
        found = self.shares.get(key)
        if found is not None:
            return found
        if isinstance(t, bool) or not 0 <= t <= 100:
            if any(counts):
                raise NTMValueError(
                    f"{self.node!r}: the share threshold must be a percentage in [0, 100] "
                    f"(got {t!r:.60})")
            return Fraction(t) / 100 if not isinstance(t, bool) else Fraction(0)
        share = Fraction(t) / 100
        if len(self.shares) < _MAX_PALETTES:
            self.shares[key] = share
        return share


class CountNeed(Instruction):
    __slots__ = ("node", "required", "shares", "tally")

    def __init__(self, tally: Reg, required: Reg, node: Rule) -> None:
        self.tally, self.required, self.node = tally, required, node
        #: the share of each threshold seen (a Fraction costs microseconds to make)
        self.shares: dict[tuple[type, Any], Fraction] = {}

    def run(self, r: Run) -> list[int | None]:
        _, _, counts = r.env[self.tally]
        req = r.env[self.required]
        if isinstance(req, Scalar):
            t = req.value
            if t is None:
                return [None] * len(counts)
            if any(counts):
                self._check(t)
            k = int(t)
            return [None if n == 0 else k for n in counts]
        thresholds = _values_of(req)
        out: list[int | None] = []
        for n, t in zip(counts, thresholds, strict=True):
            if t is None or n == 0:
                out.append(None)
                continue
            self._check(t)
            out.append(int(t))
        return out

    def _check(self, t: Any) -> None:
        if isinstance(t, bool) or t != int(t) or t < 0:
            raise NTMValueError(
                f"{self.node!r}: the count threshold must be a whole number >= 0 "
                f"(got {t!r:.60})")


def _values_of(reg: Col | Coded) -> list[Any]:
    return reg.values() if isinstance(reg, Coded) else reg.values


class CountOutcome(Instruction):
    """PASS if passing >= needed; FAIL if passing + unknown < needed; no members: UNKNOWN."""

    __slots__ = ("need", "tally")

    def __init__(self, tally: Reg, need: Reg) -> None:
        self.tally, self.need = tally, need

    def run(self, r: Run) -> Mask:
        passes, unknowns, _ = r.env[self.tally]
        needs: list[int | None] = r.env[self.need]
        if None in needs:
            passed = _mask(k is not None and p >= k for p, k in zip(passes, needs, strict=True))
            failed = _mask(k is not None and p + u < k
                           for p, u, k in zip(passes, unknowns, needs, strict=True))
            return passed, failed
        known: list[Any] = needs
        return (_mask(map(ge, passes, known)),
                _mask(map(lt, map(add, passes, unknowns), known)))


class Reduce(Instruction):
    """Per parent unit, over its members' values: ``(lo, hi, n)`` of the sum, the minimum
    or the maximum, an end open (None) where a member's value is missing could move it."""

    __slots__ = ("fn", "members", "values")

    def __init__(self, members: Reg, values: Reg, fn: str) -> None:
        self.members, self.values, self.fn = members, values, fn

    def run(self, r: Run) -> tuple[Col, Col, list[int]]:
        table: Table = r.env[self.members]
        col: Col = r.env[self.values]
        if col.kind == "bool":
            raise NTMTypeError("an aggregate needs numbers, not yes/no facts")
        counts = table.counts
        assert counts is not None  # noqa: S101 - a member table has counts
        los, his = reduce_bounds(self.fn, col.values, counts)
        kind = "exact" if self.fn == "sum" else col.kind
        return (Col(los, kind, None in los), Col(his, kind, None in his), counts)


def reduce_bounds(fn: str, values: list[Any], counts: list[int]
                  ) -> tuple[list[Any], list[Any]]:
    """Per segment of ``counts`` members, the lowest and highest values the aggregate
    ``fn`` (min, max, sum, mean's sum) can take given the unknown members (None: open)."""
    los: list[Any] = []
    his: list[Any] = []
    start = 0
    for n in counts:
        segment = values[start:start + n]
        start += n
        known = [v for v in segment if v is not None]
        unknown = len(known) < n
        if fn == "min":
            hi = min(known) if known else None
            lo = None if unknown else hi
        elif fn == "max":
            lo = max(known) if known else None
            hi = None if unknown else lo
        else:
            total: Number | None = None
            if not unknown and known:
                total = 0
                for v in known:
                    total = exact_add(total, _ex(v))
            lo = hi = total
        los.append(lo)
        his.append(hi)
    return los, his


class Item(Instruction):
    __slots__ = ("index", "source")

    def __init__(self, source: Reg, index: int) -> None:
        self.source, self.index = source, index

    def run(self, r: Run) -> Any:
        return r.env[self.source][self.index]


class OutcomeFrom(Instruction):
    """PASS where ``every`` passes, FAIL where ``none`` passes, else UNKNOWN."""

    __slots__ = ("every", "none")

    def __init__(self, every: Reg, none: Reg) -> None:
        self.every, self.none = every, none

    def run(self, r: Run) -> Mask:
        return r.env[self.every][0], r.env[self.none][0]


class DecisionYears(Instruction):
    """The year of each unit's recognition decision at ``tier`` (None: none, or no date)."""

    __slots__ = ("table", "tier")

    def __init__(self, table: Reg, tier: Tier) -> None:
        self.table, self.tier = table, tier

    def run(self, r: Run) -> list[int | None]:
        table: Table = r.env[self.table]
        return table.source.decision_years(table.rows, self.tier)


class Registers(Instruction):
    """The closed registers that apply to each unit of a table: its own, those of the
    units between it and its parent row (not in any table), and its parent row's (None:
    no unit has any)."""

    __slots__ = ("parent", "table")

    def __init__(self, table: Reg, parent: Reg | None) -> None:
        self.table, self.parent = table, parent

    def run(self, r: Run) -> list[tuple[Any, ...]] | None:
        table: Table = r.env[self.table]
        own = table.source.registers(table.rows)
        if self.parent is None:
            return own
        above: list[tuple[Any, ...]] | None = r.env[self.parent]
        parent = table.parent
        assert parent is not None  # noqa: S101 - a member table has a parent
        assert table.counts is not None  # noqa: S101 - and counts
        between = parent.source.member_registers(parent.rows, table.level)
        if own is None and above is None and between is None:
            return None
        n = table.n
        parts = [own or [()] * n, between or [()] * n,
                 broadcast(above, table.counts) if above is not None else [()] * n]
        return [(*a, *b, *c) for a, b, c in zip(*parts, strict=True)]


def recognition_states(dates: Sequence[Sequence[int | None]],
                       fors: Sequence[Sequence[int | None]],
                       registers: Sequence[tuple[Any, ...]] | None, level: Level, tier: Tier,
                       since: int | None, by: str, years: Sequence[int]
                       ) -> tuple[list[bool], list[bool], list[bool]]:
    """Per unit, as the interpreter's ``find_recognition`` decides: whether a recognition
    at ``tier`` or above counts (``dates``: per tier from ``tier`` up, the date ``by``
    names), may count (``fors``: the years recognised for, when a decision date is not
    given), or a closed register says the unit is not recognised."""
    n = len(years)
    yes, maybe, no = [False] * n, [False] * n, [False] * n
    for i in range(n):
        year = years[i]
        counted = unknown = False
        for column, recognised in zip(dates, fors, strict=True):
            date = column[i]
            if date is None:
                if recognised[i] is not None and recognised[i] <= year:  # type: ignore[operator]
                    unknown = True
                continue
            if date <= year and (since is None or date >= since):
                counted = True
                break
        if counted:
            yes[i] = True
        elif unknown:
            maybe[i] = True
        elif registers is not None and any(
                reg.covers(tier, since, year, level, by) for reg in registers[i]):
            no[i] = True
    return yes, no, maybe


class Recognised(Instruction):
    """Per unit: whether a recognition at ``tier`` or a higher tier counts in the year
    evaluated (``yes``), a closed register says it is not recognised (``no``), or a
    recognition whose decision date is not given may count (``maybe``): three masks."""

    __slots__ = ("back", "by", "decided", "registers", "since", "table", "tier", "years")

    def __init__(self, table: Reg, tier: Tier, years: tuple[Reg, ...], decided: tuple[Reg, ...],
                 registers: Reg, since: int | None, by: str, back: int) -> None:
        self.table, self.tier, self.years, self.decided = table, tier, years, decided
        self.registers, self.since, self.by, self.back = registers, since, by, back

    def states(self, r: Run, years: Sequence[int]) -> tuple[list[bool], list[bool], list[bool]]:
        table: Table = r.env[self.table]
        fors = [r.env[reg] for reg in self.years]
        dates = fors if self.by == "year" else [r.env[reg] for reg in self.decided]
        return recognition_states(dates, fors, r.env[self.registers], table.level, self.tier,
                                  self.since, self.by, years)

    def run(self, r: Run) -> tuple[int, int, int]:
        table: Table = r.env[self.table]
        year = r.year - self.back
        since = self.since
        if self.by == "year" and r.env[self.registers] is None:
            columns = [r.env[reg] for reg in self.years]
            yes = [any(y is not None and y <= year and (since is None or y >= since)
                       for y in row) for row in zip(*columns, strict=True)]
            return _mask(yes), 0, 0
        states = self.states(r, [year] * table.n)
        return _mask(states[0]), _mask(states[1]), _mask(states[2])


class PassWhere(Instruction):
    """``outcome``, but PASS where a recognition counts, FAIL where a closed register
    says there is none, and not FAIL where one may count (``condition``: three masks)."""

    __slots__ = ("condition", "outcome")

    def __init__(self, condition: Reg, outcome: Reg) -> None:
        self.condition, self.outcome = condition, outcome

    def run(self, r: Run) -> Mask:
        yes, no, maybe = r.env[self.condition]
        passed, failed = r.env[self.outcome]
        return yes | (passed & ~no), no | (failed & ~yes & ~maybe)


class PassWhereApplicable(PassWhere):
    """``PassWhere`` over an outcome that may be not applicable: a not-applicable outcome
    stays so unless a recognition counts or a closed register decides."""

    __slots__ = ()

    def run(self, r: Run) -> Mask:
        yes, no, maybe = r.env[self.condition]
        passed, failed = r.env[self.outcome]
        na = passed & failed & ~yes & ~no
        return yes | (passed & ~no), no | (failed & ~yes & ~maybe) | na


# ------------------------------------------------------------------------ compiling
class Scope:
    """Where nodes are evaluated: a table, a criteria set, years back, the parent scope."""

    __slots__ = ("back", "criteria_set", "key", "parent", "table")

    def __init__(self, table: Reg, criteria_set: CriteriaSet, back: int,
                 parent: Scope | None) -> None:
        self.table = table
        self.criteria_set = criteria_set
        self.back = back
        self.parent = parent
        self.key: tuple[Any, ...] = (table, id(criteria_set), back,
                                     None if parent is None else parent.key)


#: The owner of the comparisons of classification conditions (overrides, resolver rules):
#: kept apart from every criterion's figures, so that a criterion using the same node
#: still gets its figures (the plan reports no figures for this owner).
CONDITIONS = ("", "")



class Program:
    """The instructions of a plan, in an order where each follows its inputs."""

    def __init__(self) -> None:
        self.instructions: list[Instruction] = []
        self.memo: dict[Any, Reg] = {}
        #: the registers whose outcome may be NOT_APPLICABLE (an applies_if, or a
        #: combination of one): only these are combined by the ``*Applicable`` instructions
        self.maybe_na: set[Reg] = set()
        self.regions_in_progress: set[Any] = set()
        #: registers whose outcome a plan reports: (scope key, set id, criterion id or None)
        self.exports: dict[tuple[Any, str, str | None], Reg] = {}
        #: the comparisons (and member tallies) of each (set id, criterion id)
        self.atoms: dict[tuple[str, str], list[Atom]] = {}
        self.subtree_atoms: dict[Any, list[Atom]] = {}
        self.scopes: dict[Any, Scope] = {}

    def add(self, key: Any, make: Callable[[], Instruction]) -> Reg:
        reg = self.memo.get(key)
        if reg is None:
            if len(self.instructions) >= MAX_INSTRUCTIONS:
                raise NTMValueError(
                    f"the criteria set compiles to more than {MAX_INSTRUCTIONS:,} operations; "
                    "windows within windows or references multiply it: simplify the rules")
            reg = len(self.instructions)
            self.instructions.append(make())
            self.memo[key] = reg
        return reg


class Atom:
    """Where the plan keeps the figures of one comparison (or member tally) of a criterion:
    the registers of its outcome and of what it compared, for explanations in bulk."""

    __slots__ = ("back", "kind", "node", "observed", "outcome", "path", "required", "table")

    def __init__(self, kind: str, node: Rule, table: Reg, back: int, path: tuple[int, ...],
                 outcome: Reg, observed: Reg, required: Reg) -> None:
        self.kind, self.node, self.table, self.back, self.path = kind, node, table, back, path
        self.outcome, self.observed, self.required = outcome, observed, required

    def moved(self, prefix: tuple[int, ...]) -> Atom:
        return Atom(self.kind, self.node, self.table, self.back, prefix + self.path,
                    self.outcome, self.observed, self.required)


class Compiler:
    """The primitives a rule kind's ``compile`` hook composes, in one scope.

    ``path`` is the position of the node being compiled in its criterion's rule and
    ``owner`` the (set id, criterion id) it belongs to, so that the plan knows which
    registers hold each comparison's figures.
    """

    def __init__(self, program: Program, scope: Scope, root_set: CriteriaSet,
                 parameters: dict[str, Any], path: tuple[int, ...] = (),
                 owner: tuple[str, str] | None = None) -> None:
        self.program = program
        self.scope = scope
        self.root_set = root_set
        self.parameters = parameters
        self.path = path
        self.owner = owner
        program.scopes.setdefault(scope.key, scope)

    def _add(self, key: Any, make: Callable[[], Instruction]) -> Reg:
        return self.program.add(key, make)

    def _sub(self, scope: Scope, path: tuple[int, ...] | None = None) -> Compiler:
        return Compiler(self.program, scope, self.root_set, self.parameters,
                        self.path if path is None else path, self.owner)

    def _note(self, atom: Atom) -> None:
        if self.owner is not None:
            self.program.atoms.setdefault(self.owner, []).append(atom)

    @property
    def level(self) -> Level:
        return self.scope.criteria_set.level

    # -- rules -------------------------------------------------------------------------
    def rule(self, rule: Rule, index: int | None = 0) -> Reg:
        """The outcome of ``rule`` (part ``index`` of the current node; None: the criterion's
        rule itself) in this scope. An identical node in the same scope is compiled once."""
        path = self.path if index is None else (*self.path, index)
        key = ("rule", self.scope.key, rule)
        program = self.program
        reg = program.memo.get(key)
        if reg is not None:
            # the same node again: its comparisons are those of its first occurrence
            for atom in program.subtree_atoms.get(key, ()):
                self._note(atom.moved(path))
            return reg
        owned = program.atoms.get(self.owner, []) if self.owner is not None else []
        mark = len(owned)
        reg = rule.compile(self._sub(self.scope, path))
        program.memo[key] = reg
        if self.owner is not None:
            found = program.atoms.get(self.owner, [])[mark:]
            program.subtree_atoms[key] = [
                Atom(a.kind, a.node, a.table, a.back, a.path[len(path):], a.outcome,
                     a.observed, a.required) for a in found]
        return reg

    def all_of(self, parts: list[Reg]) -> Reg:
        if len(parts) == 1:
            return parts[0]
        if self._maybe_na(parts):
            return self._na(self._add(("all_of_na", tuple(parts)),
                                      lambda: AllOfApplicable(parts)))
        return self._add(("all_of", tuple(parts)), lambda: AllOf(parts))

    def any_of(self, parts: list[Reg]) -> Reg:
        if len(parts) == 1:
            return parts[0]
        if self._maybe_na(parts):
            return self._na(self._add(("any_of_na", tuple(parts)),
                                      lambda: AnyOfApplicable(parts)))
        return self._add(("any_of", tuple(parts)), lambda: AnyOf(parts))

    def at_least(self, k: int, parts: list[Reg], rules: Sequence[Rule] = ()) -> Reg:
        """At least ``k`` of ``parts`` (compiled from ``rules``, which say how each may
        still turn out not applicable: see ``AtLeastApplicable``)."""
        table = self.scope.table
        if self._maybe_na(parts):
            trees = tuple(self.may_na_tree(rule, part)
                          for part, rule in zip(parts, rules, strict=True)) if rules else ()
            if all(tree is None for tree in trees):
                trees = ()
            return self._na(self._add(("at_least_na", table, k, tuple(parts), trees),
                                      lambda: AtLeastApplicable(table, k, parts, trees)))
        return self._add(("at_least", table, k, tuple(parts)), lambda: AtLeast(table, k, parts))

    def may_na_tree(self, rule: Rule, reg: Reg) -> MayNA | None:
        """How ``reg``, compiled from ``rule``, may still turn out not applicable where it is
        unknown (a :data:`MayNA`), read as the interpreter reads ``rule`` (by its kind
        and its compiled form); None when it may not."""
        instruction = self.program.instructions[reg]
        tag = getattr(rule, "tag", None)
        if tag == "applies_if" and type(instruction) is AppliesIf:
            return ("if", instruction.condition, instruction.rule,
                    self.may_na_tree(rule.rule, instruction.rule))  # type: ignore[attr-defined]
        if tag in ("all_of", "any_of") and len(rule.rules) == 1:  # type: ignore[attr-defined]
            return self.may_na_tree(rule.rules[0], reg)  # type: ignore[attr-defined]
        if tag in ("all_of", "any_of", "at_least") and type(instruction) in (
                AllOfApplicable, AnyOfApplicable, AtLeastApplicable):
            parts: list[Reg] = instruction.parts  # type: ignore[attr-defined]
            rules: tuple[Rule, ...] = rule.rules  # type: ignore[attr-defined]
            if len(parts) != len(rules):  # pragma: no cover - compiled one for one
                return None
            return ("all", tuple((part, self.may_na_tree(r, part))
                                 for part, r in zip(parts, rules, strict=True)))
        if tag == "not" and type(instruction) is Negate:
            inner = self.may_na_tree(rule.rule, instruction.part)  # type: ignore[attr-defined]
            return None if inner is None else ("not", instruction.part, inner)
        return None

    def negate(self, part: Reg) -> Reg:
        reg = self._add(("not", part), lambda: Negate(part))
        return self._na(reg) if self._maybe_na([part]) else reg

    def _maybe_na(self, regs: Sequence[Reg]) -> bool:
        maybe = self.program.maybe_na
        return any(reg in maybe for reg in regs)

    def _na(self, reg: Reg) -> Reg:
        """``reg``, marked as a register that may hold NOT_APPLICABLE."""
        self.program.maybe_na.add(reg)
        return reg

    def applies_if(self, condition: Reg, rule: Reg) -> Reg:
        return self._na(self._add(("applies_if", condition, rule),
                                  lambda: AppliesIf(condition, rule)))

    def members_outcome(self, members: Compiler, mask: Reg, tally: Reg, need: Reg,
                        node: Rule, rule: Rule | None = None) -> Reg:
        """A share's or count's outcome (``count_outcome``), and where the members' rule
        may be not applicable, not applicable where every member is (``rule``: the
        members' rule, which says how a member may still turn out not applicable; see
        ``MembersApplicable``)."""
        if not self._maybe_na([mask]):
            return self.count_outcome(tally, need, node)
        outcome = self.count_outcome(tally, need)
        table = members.scope.table
        tree = None if rule is None else self.may_na_tree(rule, mask)
        reg = self._na(self._add(
            ("members_applicable", table, mask, outcome, tally, tree),
            lambda: MembersApplicable(table, mask, outcome, tally, tree)))
        self._note(Atom("members", node, self.scope.table, self.scope.back, self.path, reg,
                        tally, need))
        return reg

    def unknown(self) -> Reg:
        return self._add(("unknown",), Unknown)

    def outcome_from(self, every: Reg, none: Reg) -> Reg:
        return self._add(("outcome_from", every, none), lambda: OutcomeFrom(every, none))

    # -- facts and thresholds ----------------------------------------------------------
    def fact(self, key: str, at: YearRef) -> Reg:
        form, value = at.form
        table = self.scope.table
        indicator = self.scope.criteria_set.indicator_map.get(key)
        if form == "offset":
            back = self.scope.back + value
            return self._add(("fact", table, key, back, id(indicator)),
                             lambda: FactCol(table, key, indicator, back, None))
        if form == "year":
            return self._add(("fact_in", table, key, value, id(indicator)),
                             lambda: FactCol(table, key, indicator, None, value))
        years = self._add(("recognition", table, value), lambda: RecognitionYears(table, value))
        return self._add(("fact_at", table, key, years, id(indicator)),
                         lambda: FactAtCol(table, key, indicator, years))

    def difference(self, left: Reg, right: Reg) -> Reg:
        return self._add(("difference", left, right), lambda: Difference(left, right))

    def constant(self, value: Any) -> Reg:
        return self._add(("constant", type(value), value), lambda: Constant(value))

    def evaluated_year(self, before: int) -> Reg:
        back = self.scope.back + before
        table = self.scope.table
        return self._add(("year_value", table, back), lambda: YearValue(table, back))

    def schedule(self, schedule: Schedule, parameter: str | None) -> Reg:
        scope = self.scope
        dims = [self.classify(name) for name in schedule.by]
        classes = [scope.criteria_set.classification(name) for name in schedule.by]
        return self._add(
            ("schedule", scope.table, schedule, tuple(dims), scope.back, parameter,
             scope.criteria_set.id),
            lambda: ScheduleCol(scope.table, schedule, dims, classes, scope.back, parameter,
                                scope.criteria_set.id))

    def _declared(self, name: str, kind: str) -> Any:
        cs = self.scope.criteria_set
        declaration = self.root_set.all_parameters.get(name) or cs.parameter(name)
        if declaration.kind != kind:
            raise NTMTypeError(
                f"parameter {name!r} of criteria set {cs.id!r} is a {declaration.kind} "
                f"parameter, but it is used as a {kind}"
            )
        return declaration

    def parameter(self, name: str) -> Reg:
        declaration = self._declared(name, "value")
        raw = self.parameters.get(name, declaration.default)
        if isinstance(raw, Schedule):
            return self.schedule(raw, name)
        return self.constant(raw)

    def scaled(self, factor: Number, base: Reg) -> Reg:
        return self._add(("scaled", factor, base), lambda: ScaledValue(factor, base))

    def times(self, factor: Reg, base: Reg) -> Reg:
        return self._add(("times", factor, base), lambda: Times(factor, base))

    def compare(self, observed: Reg, op: Operator, required: Reg, node: Rule,
                atom: bool = True) -> Reg:
        table = self.scope.table
        reg = self._add(("compare", table, observed, op.symbol, required),
                        lambda: Compare(table, observed, op, required))
        if atom:
            self._note(Atom("compare", node, table, self.scope.back, self.path, reg, observed,
                            required))
        return reg

    def region(self) -> Reg:
        return self.classify(REGION)

    def classify(self, name: str) -> Reg:
        """The codes of the units' values of the classification ``name`` in this scope."""
        scope = self.scope
        key = ("class", name, scope.key)
        reg = self.program.memo.get(key)
        if reg is not None:
            return reg
        if key in self.program.regions_in_progress:
            what = "a region override" if name == REGION else f"a {name!r} rule"
            raise NTMValueError(
                f"criteria set {scope.criteria_set.id!r}: {what} condition depends on the "
                f"{'region' if name == REGION else name} itself"
            )
        self.program.regions_in_progress.add(key)
        try:
            cs = scope.criteria_set
            classification = cs.classification(name)
            table_level = self._table_level()
            at_level = table_level is cs.level
            overrides: list[tuple[Reg, int]] = []
            rules: list[Reg] | None = None
            choice: str | None = None
            if at_level:
                # the conditions belong to no criterion: their comparisons are not figures
                # of the criterion being compiled
                conditions = Compiler(self.program, scope, self.root_set, self.parameters,
                                      (), CONDITIONS)
                overrides = [(conditions.rule(o.when), classification.index[o.value])
                             for o in classification.overrides]
                if classification.resolves:
                    rules = [conditions.rule(rule.when) for rule in classification.rules]
                    if classification.conflict_parameter is not None:
                        declared = self._declared(classification.conflict_parameter, "choice")
                        found = self.parameters.get(declared.name, declared.default)
                        choice = None if found is None else str(found)
            parent = None
            if scope.parent is not None:
                parent = self._sub(scope.parent).classify(name)
            own = (classification.field is not None
                   and classification.field in CLASS_FIELDS[table_level])
            # sets that share a classification (a set and the sets it refers to) share its
            # codes on a table: one operation for identical inputs
            reg = self._add(("class_of", scope.table, classification, tuple(overrides),
                             None if rules is None else tuple(rules), choice, parent, own),
                            lambda: ClassOf(scope.table, classification, overrides, rules,
                                            choice, parent, own))
            self.program.memo[key] = reg
        finally:
            self.program.regions_in_progress.discard(key)
        return reg

    def _table_level(self) -> Level:
        instruction = self.program.instructions[self.scope.table]
        if isinstance(instruction, MemberTable):
            return instruction.level
        return self.root_set.level

    # -- members, years, references ----------------------------------------------------
    def members(self, level: Level) -> Compiler:
        scope = self.scope
        table = self._add(("members", scope.table, level), lambda: MemberTable(scope.table, level))
        return self._sub(Scope(table, scope.criteria_set, scope.back, scope))

    def tally(self, members: Compiler, mask: Reg) -> Reg:
        table = members.scope.table
        if self._maybe_na([mask]):
            return self._add(("tally_na", table, mask), lambda: TallyApplicable(table, mask))
        return self._add(("tally", table, mask), lambda: Tally(table, mask))

    def share_need(self, tally: Reg, required: Reg, node: Rule) -> Reg:
        return self._add(("share_need", tally, required, node),
                         lambda: ShareNeed(tally, required, node))

    def count_need(self, tally: Reg, required: Reg, node: Rule) -> Reg:
        return self._add(("count_need", tally, required, node),
                         lambda: CountNeed(tally, required, node))

    def count_outcome(self, tally: Reg, need: Reg, node: Rule | None = None) -> Reg:
        reg = self._add(("count_outcome", tally, need), lambda: CountOutcome(tally, need))
        if node is not None:
            self._note(Atom("members", node, self.scope.table, self.scope.back, self.path, reg,
                            tally, need))
        return reg

    def reduce(self, members: Compiler, values: Reg, fn: str) -> tuple[Reg, Reg, Reg]:
        table = members.scope.table
        reduced = self._add(("reduce", table, values, fn), lambda: Reduce(table, values, fn))
        items = [self._add(("item", reduced, i), partial(Item, reduced, i)) for i in range(3)]
        return items[0], items[1], items[2]

    def before(self, years: int) -> Compiler:
        scope = self.scope
        return self._sub(Scope(scope.table, scope.criteria_set, scope.back + years,
                               scope.parent))

    def reference(self, set_id: str) -> Compiler:
        scope = self.scope
        other = scope.criteria_set.reference(set_id)
        return self._sub(Scope(scope.table, other, scope.back, scope.parent))

    def set_outcome(self) -> Reg:
        """The outcome of this scope's set: every criterion passes (each exported). A set is
        compiled once per scope, however many nodes refer to it."""
        key = ("set_outcome", self.scope.key)
        reg = self.program.memo.get(key)
        if reg is not None:
            return reg
        cs = self.scope.criteria_set
        regs = []
        for criterion in cs.criteria:
            owner = (cs.id, criterion.id) if self.scope.back == 0 else None
            compiler = Compiler(self.program, self.scope, self.root_set, self.parameters,
                                (), owner)
            reg = compiler.rule(criterion.rule, None)
            self.program.exports.setdefault((self.scope.key, cs.id, criterion.id), reg)
            regs.append(reg)
        outcome = self.all_of(regs)
        self.program.exports.setdefault((self.scope.key, cs.id, None), outcome)
        self.program.memo[key] = outcome
        return outcome

    def recognised(self, tier: Tier, since: int | None, by: str = "year") -> Reg:
        """Three masks: a recognition at ``tier`` or above counts; a closed register says
        there is none; one whose decision date is not given may count."""
        table = self.scope.table
        years = tuple(self._add(("recognition", table, t), partial(RecognitionYears, table, t))
                      for t in tier.and_above())
        decided = () if by == "year" else tuple(
            self._add(("decision_years", table, t), partial(DecisionYears, table, t))
            for t in tier.and_above())
        registers = self.registers()
        back = self.scope.back
        return self._add(("recognised", tier, years, decided, registers, since, by, back),
                         lambda: Recognised(table, tier, years, decided, registers, since, by,
                                            back))

    def registers(self) -> Reg:
        """The closed registers that apply to each unit of the scope's table."""
        scope = self.scope
        parent = None if scope.parent is None else self._sub(scope.parent).registers()
        table = scope.table
        return self._add(("registers", table, parent), lambda: Registers(table, parent))

    def pass_where(self, condition: Reg, outcome: Reg) -> Reg:
        if self._maybe_na([outcome]):
            return self._na(self._add(("pass_where_na", condition, outcome),
                                      lambda: PassWhereApplicable(condition, outcome)))
        return self._add(("pass_where", condition, outcome),
                         lambda: PassWhere(condition, outcome))

    def supplied(self, name: str) -> Rule | RuleTable | None:
        declaration = self._declared(name, "rule")
        rule: Rule | RuleTable | None = self.parameters.get(name, declaration.default)
        return rule

    def rule_table(self, table: RuleTable) -> Reg:
        """The outcome of the rule ``table`` gives each unit (entry i is part i)."""
        scope = self.scope
        dims = [self.classify(name) for name in table.by]
        classes = [scope.criteria_set.classification(name) for name in table.by]
        sizes = [len(c.values) + 1 for c in classes]
        branches: list[tuple[int, Reg]] = []
        for index, (key, rule) in enumerate(table.entries):
            codes = dict(key)
            digits = [c.index.get(codes[c.name]) for c in classes]
            reg = self.rule(rule, index)
            if None not in digits:
                branches.append((combine([[d] for d in digits if d is not None], sizes)[0],
                                 reg))
        reg = self._add(("rule_table", scope.table, tuple(dims), tuple(branches)),
                        lambda: RuleSelect(scope.table, dims, sizes, branches))
        return self._na(reg) if self._maybe_na([b for _, b in branches]) else reg
