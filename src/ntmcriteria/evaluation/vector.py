"""The NumPy backend of the plan: the same instructions, over NumPy arrays.

Used when NumPy is installed (unit objects are read through their facts' float
twins, see :class:`~ntmcriteria.units.FactMap`). Each instruction of
:mod:`ntmcriteria.evaluation.compiler` has a vectorised implementation here, in
one table (:data:`RUNNERS`). Exactness is the same as the pure-Python
backend's: a float fact means its shortest repr, compared against the boundary
floats of each threshold; Decimal values are compared exactly, in Python; a
product with a per-unit baseline is checked in floats and re-checked exactly
inside a narrow guard band.

Outcome masks are pairs of boolean arrays ``(passed, failed)``.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Sequence
from fractions import Fraction
from itertools import repeat
from operator import is_, is_not
from typing import Any

import numpy as np

from ntmcriteria._values import exact_multiplier, exact_sub, shown
from ntmcriteria.errors import NTMTypeError
from ntmcriteria.evaluation import compiler as c
from ntmcriteria.evaluation.compiler import (
    Coded,
    Col,
    Product,
    Run,
    Scalar,
    Table,
    checked,
)
from ntmcriteria.evaluation.exact import FLOAT_INT_LIMIT, float_value
from ntmcriteria.evaluation.gates import Backend, MemberGate, Sub
from ntmcriteria.indicators import ValueType

__all__ = ["GATES", "RUNNERS", "VCol", "as_codes", "run"]

Mask = tuple[Any, Any]
#: a fact's year for an error: one for every unit, or a function giving each unit's
FactYear = int | Callable[[], list[int]]
_GUARD = 1e-9
#: the reductions themselves (``array.min()`` goes through a Python wrapper first)
_MIN = np.minimum.reduce
_MAX = np.maximum.reduce
_FMIN = np.fmin.reduce
_FMAX = np.fmax.reduce
_ANY = np.logical_or.reduce


def _nonzero(flags: Any) -> Any:
    """The indexes of the flags set, of a 1-D array (``np.flatnonzero`` goes through two
    Python wrappers first)."""
    return flags.nonzero()[0]

_ACCUMULATE = np.add.accumulate
_SUM_AT = np.add.reduceat


class VCol:
    """A column as an array: ``kind`` ``bool``, ``float`` (float64: floats and ints a
    float holds exactly) or ``exact`` (a Python list of Decimal and int, compared in
    Python); ``known`` is the mask of units with a value (None: all); ``integral``:
    the values were ints (given back as ints)."""

    __slots__ = ("integral", "kind", "known", "values")

    def __init__(self, values: Any, kind: str, known: Any, integral: bool = False) -> None:
        self.values = values
        self.kind = kind
        self.known = known
        self.integral = integral

    def cut(self, rows: list[int]) -> VCol:
        """The column for ``rows`` alone."""
        values = (list(map(self.values.__getitem__, rows)) if self.kind == "exact"
                  else self.values[rows])
        known = None if self.known is None else self.known[rows]
        return VCol(values, self.kind, known, self.integral)

    def as_list(self) -> list[Any]:
        if self.kind == "exact":
            return list(self.values)
        values = self.values
        if self.integral and self.known is None:
            return values.astype(np.int64).tolist()  # type: ignore[no-any-return]
        out = values.tolist()
        if self.integral:
            out = [int(v) if v == v else v for v in out]
        if self.known is not None:
            for index in _nonzero(~self.known).tolist():
                out[index] = None
        return out  # type: ignore[no-any-return]


def _bools(flags: Any, n: int) -> Any:
    return np.frombuffer(bytes(flags), dtype=np.bool_, count=n) if n else np.zeros(0, bool)


def _from_int_mask(mask: int, n: int) -> Any:
    return np.frombuffer(mask.to_bytes(n, "little"), dtype=np.uint8).astype(np.bool_)


def _to_vcol(col: Col) -> VCol:
    values = col.values
    n = len(values)
    if col.kind == "bool":
        if not col.nullable:
            return VCol(_bools(values, n), "bool", None)
        known = _bools(map(is_not, values, repeat(None)), n)
        return VCol(_bools(map(is_, values, repeat(True)), n), "bool", known)
    if col.kind in ("float", "int"):
        integral = col.kind == "int"
        if col.nullable:
            arr = _doubles([math.nan if v is None else v for v in values])
            return VCol(arr, "float", ~np.isnan(arr), integral)
        return VCol(_doubles(values) if n else np.zeros(0), "float", None,
                    integral)
    known = None if not col.nullable else _bools(map(is_not, values, repeat(None)), n)
    return VCol(values, "exact", known)


def _to_col(vcol: VCol) -> Col:
    values = vcol.as_list()
    kind = ("int" if vcol.integral else "float") if vcol.kind == "float" else vcol.kind
    return Col(values, kind, vcol.known is not None and not bool(vcol.known.all()))


def year_array(years: list[int]) -> Any:
    """The years of the assessed units, for a run where each has its own."""
    return np.asarray(years, dtype=np.int64)


def _years(table: Table, r: Run) -> Any:
    """The assessment year of each unit of ``table``: an int (the same for all) or an
    array (members take their unit's year)."""
    if isinstance(r.year, int):
        return r.year
    years = table.cache.get("years")
    if years is None:
        if table.parent is None:
            years = r.year
        else:
            years = np.repeat(_years(table.parent, r), table.cache["counts"])
        table.cache["years"] = years
    return years


# ------------------------------------------------------------------ facts
def _fact(i: c.FactCol, r: Run) -> VCol:
    table: Table = r.env[i.table]
    if type(r.year) is not int:
        return _fact_per_unit(i, table, r)
    year = r.year - i.back if i.back is not None else i.year
    assert year is not None  # noqa: S101 - one of back and year is given
    array_of = getattr(table.source, "fact_array", None)
    if array_of is not None:
        column = array_of(table.rows, i.key, year, r.year)
        if column is not None:
            return _checked_array(column, i, table, year, r)
    return _typed(i.values(table, year, r.year), i, table, year, r)


def _typed(values: list[Any], i: c.FactCol, table: Table, year: FactYear, r: Run
           ) -> VCol:
    """A fact's raw values as a column (floats and ints as an array), checked against its
    indicator; ``year``: the fact's year, one or per unit (for the error)."""
    types = set(map(type, values))
    nullable = type(None) in types
    indicator = i.indicator
    present = types - _NONE
    if indicator is not None and present and bool not in present:
        if indicator.value_type is not ValueType.BOOLEAN and present <= _FLOAT_INT:
            column = _float_array(values, present, nullable)
            if column is not None:
                return _checked_array(column, i, table, year, r, integral=present == _INT,
                                      given=values)
    elif present <= _BOOL and (indicator is None or indicator.value_type is ValueType.BOOLEAN):
        return _to_vcol(Col(values, "bool", nullable))  # as ``checked`` takes them
    return _to_vcol(checked(values, i.indicator, i.key, table, _per_row(year, table),
                            r.bounds, types))


def _per_row(year: FactYear, table: Table) -> list[int]:
    """The fact's year of each unit (for an error): ``year`` for all, or from a function."""
    return [year] * table.n if isinstance(year, int) else year()


def _float_array(values: list[Any], types: set[type], nullable: bool) -> Any:
    """Floats and ints (None: NaN) as a float64 array (ints alone: int64, whose bounds the
    array check takes), or None when an int is beyond what a float holds exactly (the exact
    path then takes the column)."""
    if types == _INT and not nullable:
        try:
            return np.frombuffer(struct.pack(f"{len(values)}q", *values), dtype=np.int64)
        except struct.error:  # an int beyond int64
            return None
    try:
        column = (np.array(values, dtype=np.float64) if nullable  # None -> NaN
                  else _doubles(values))
    except OverflowError:  # an int beyond the float range
        return None
    if int in types and max(abs(v) for v in values if type(v) is int) > FLOAT_INT_LIMIT:
        return None
    return column


def _doubles(values: list[Any]) -> Any:
    """Floats and ints as a float64 array (``struct`` packs a list several times faster
    than ``array("d", ...)``, which parses each item as an argument)."""
    try:
        return np.frombuffer(struct.pack(f"{len(values)}d", *values), dtype=np.float64)
    except struct.error as error:  # as ``array`` does: an int beyond the float range
        raise OverflowError(str(error)) from None


_NOT_READ = object()
_INT = frozenset((int,))
_BOOL = frozenset((bool,))
_NONE = frozenset((type(None),))
_FLOAT_INT = frozenset((float, int))


def _fact_per_unit(i: c.FactCol, table: Table, r: Run) -> VCol:
    """A fact when each unit has its own assessment year: as an array from a source that
    gives one (columns), else from its values."""
    years = table.cache.get("years")
    if years is None:
        years = _years(table, r)
    array_of = getattr(table.source, "fact_array_years", None)
    if array_of is not None:
        column = array_of(table.rows, i.key, i.back, i.year, years)
        return _checked_array(column, i, table, _fact_years(i, years, table.n), r)
    return _typed(i.values_per_unit(table, years), i, table, _fact_years(i, years, table.n),
                  r)


def _fact_years(i: c.FactCol, years: Any, n: int) -> Callable[[], list[int]]:
    """The fact's year of each unit, when each has its own assessment year (for an
    error only)."""
    def fact_years() -> list[int]:
        if i.back is not None:
            return (years - i.back).tolist()  # type: ignore[no-any-return]
        assert i.year is not None  # noqa: S101 - one of back and year is given
        return [i.year] * n

    return fact_years


def _checked_array(column: Any, i: c.FactCol, table: Table, year: FactYear, r: Run,
                   integral: bool = False, given: list[Any] | None = None) -> VCol:
    """A NumPy column checked against its indicator (NaN: missing), or refused with the
    interpreter's error. ``given``: the values the column was made of (their None became
    NaN), when they were values, not a column: a NaN among them is not a missing value
    but a value the interpreter refuses."""
    limits = i.limits
    if limits is None:
        limits = i.limits = _limits(i.indicator, r)
    numeric, boolean, low, high, whole = limits
    kind = column.dtype.kind
    if kind == "b":
        if numeric:
            return _slow(column, i, table, year, r)
        return VCol(column, "bool", None)
    if kind not in "fiu" or boolean:
        return _slow(column, i, table, year, r)
    if column.size == 0:
        return VCol(column.astype(np.float64), "float", None, kind != "f" or integral)
    known = None
    empty = False  # (every value missing, below)
    if kind == "f":
        values = column
        smallest = _MIN(values)
        largest = _MAX(values)
        if math.isnan(smallest) or math.isnan(largest):
            known = ~np.isnan(values)
            if given is not None and int(np.count_nonzero(~known)) != given.count(None):
                # a NaN value (not a missing one): the interpreter's error
                return _to_vcol(checked(given, i.indicator, i.key, table,
                                        _per_row(year, table), r.bounds))
            # the least and greatest of the values present (fmin, fmax: NaN left out)
            smallest = _FMIN(values, initial=math.inf)
            largest = _FMAX(values, initial=-math.inf)
            empty = smallest > largest  # none present
        if not empty and not (math.isfinite(smallest) and math.isfinite(largest)):
            return _slow(column, i, table, year, r)
    else:
        integral = True
        smallest = int(_MIN(column))
        largest = int(_MAX(column))
        if max(abs(smallest), abs(largest)) > FLOAT_INT_LIMIT:
            return _slow(column, i, table, year, r)
        values = column.astype(np.float64)
    if numeric and not empty:
        if smallest < low or largest >= high:
            return _slow(column, i, table, year, r)
        if whole and kind == "f":
            whole_numbers = np.floor(values) == values  # (False where missing)
            if not bool((whole_numbers if known is None else whole_numbers | ~known).all()):
                return _slow(column, i, table, year, r)
    return VCol(values, "float", known, integral)


def _limits(indicator: Any, r: Run) -> tuple[bool, bool, float, float, bool]:
    """What an array check needs of a fact's indicator: whether it has one that is not
    yes/no, whether it is yes/no, the least float allowed and the least float beyond the
    greatest allowed (infinities: no bound), whether its values are whole numbers."""
    if indicator is None:
        return False, False, -math.inf, math.inf, False
    boolean = indicator.value_type is ValueType.BOOLEAN
    low, high = indicator.bounds
    return (not boolean, boolean, -math.inf if low is None else r.bounds.floats(low)[0],
            math.inf if high is None else r.bounds.floats(high)[1],
            indicator.value_type is ValueType.INTEGER)


def _slow(column: Any, i: c.FactCol, table: Table, year: FactYear, r: Run) -> VCol:
    values = [None if isinstance(v, float) and math.isnan(v) else v for v in column.tolist()]
    return _to_vcol(checked(values, i.indicator, i.key, table, _per_row(year, table),
                            r.bounds))


def _fact_at(i: c.FactAtCol, r: Run) -> VCol:
    if isinstance(r.year, int):
        return _to_vcol(i.run(r))
    table: Table = r.env[i.table]
    years: list[int | None] = r.env[i.years]
    own = _years(table, r).tolist()
    values = [None if y is None else table.source.facts_at([row], i.key, [y], a)[0]
              for row, y, a in zip(_rows_of(table), years, own, strict=True)]
    return _to_vcol(checked(values, i.indicator, i.key, table, years, r.bounds))


def _rows_of(table: Table) -> list[Any]:
    rows = table.rows
    return list(rows)


def _recognition_years(i: c.RecognitionYears, r: Run) -> list[int | None]:
    if isinstance(r.year, int):
        return i.run(r)
    return i.run(r, _years(r.env[i.table], r).tolist())


def _decision_years(i: c.DecisionYears, r: Run) -> list[int | None]:
    return i.run(r)


def _registers(i: c.Registers, r: Run) -> Any:
    return i.run(r)


# ------------------------------------------------------------------ thresholds
def _class_of(i: c.ClassOf, r: Run) -> Any:
    table: Table = r.env[i.table]
    none = i.none
    n = table.n
    if not i.own and i.rules is None and not i.overrides:
        if i.parent is None:
            return np.full(n, none, dtype=np.int64)
        return np.repeat(np.asarray(r.env[i.parent], dtype=np.int64), table.cache["counts"])
    codes = None
    if i.own:
        if i.classification.name == "region":
            codes = table.cache.get("region array", _NOT_READ)
            if codes is _NOT_READ:
                array_of = getattr(table.source, "region_array", None)
                codes = table.cache["region array"] = (None if array_of is None
                                                       else array_of(table.rows))
        if codes is None:
            codes = np.asarray(i.own_codes(table, _years(table, r)), dtype=np.int64)
    else:
        codes = np.full(n, none, dtype=np.int64)
    silent = codes == -1  # neither the field nor a stated fact: the parent's value
    if _ANY(silent):
        codes = np.where(silent, none, codes)
        fall = (codes == none) & ~silent
    else:
        fall = codes == none
    if i.rules is not None and _ANY(fall):
        codes = codes.copy()
        pending = _nonzero((codes == none) & ~silent)
        # per pending unit, its rules' states (0 unknown, 1 passed, 2 failed), one row each
        if i.rules:
            states = np.stack([
                (np.broadcast_to(m[0], (n,))[pending].astype(np.int8)
                 + 2 * np.broadcast_to(_failed(m), (n,))[pending].astype(np.int8))
                for m in (r.env[reg] for reg in i.rules)], axis=1)
            patterns, inverse = np.unique(states, axis=0, return_inverse=True)
            decided = np.asarray([i.decide(tuple(row)) for row in patterns.tolist()],
                                 dtype=np.int64)[inverse.reshape(-1)]
        else:  # a residual value alone
            decided = np.full(pending.size, i.decide(()), dtype=np.int64)
        fall = np.zeros(n, dtype=np.bool_)
        fall[pending[decided == -1]] = True
        keep = decided != -1
        codes[pending[keep]] = decided[keep]
    fall = fall | silent
    if i.parent is not None and table.counts is not None and _ANY(fall):
        inherited = np.repeat(np.asarray(r.env[i.parent], dtype=np.int64),
                              table.cache["counts"])
        codes = np.where(fall, inherited, codes)
    if i.overrides:
        decided = np.zeros(n, dtype=np.bool_)
        out = codes.copy()
        for reg, code in i.overrides:
            mask = r.env[reg]
            passed_, failed_ = np.broadcast_to(mask[0], (n,)), np.broadcast_to(_failed(mask), (n,))
            take = ~decided & ~failed_
            out[take & passed_] = code
            out[take & ~passed_] = none
            decided |= take
        codes = out
    return codes


def _combined(i: c.ScheduleCol | c.RuleSelect, r: Run) -> Any:
    """Each unit's codes of the classifications as one code (see ``compiler.combine``)."""
    out = np.asarray(r.env[i.dims[0]], dtype=np.int64)
    for reg, size in zip(i.dims[1:], i.sizes[1:], strict=True):
        out = out * size + np.asarray(r.env[reg], dtype=np.int64)
    return out


def _schedule(i: c.ScheduleCol, r: Run) -> Scalar | Coded:
    table: Table = r.env[i.table]
    if not isinstance(r.year, int):
        return _schedule_per_unit(i, table, r)
    year = r.year - i.back
    if not i.dims:
        return Scalar(i.cell(0, year))
    codes = _combined(i, r)
    present = table.cache.get(("class codes", tuple(i.dims)))
    if present is None:
        seen = np.bincount(codes, minlength=i.palette_size)
        present = table.cache[("class codes", tuple(i.dims))] = _nonzero(seen).tolist()
    return _palette(i, (tuple(present), year), codes, r, lambda code: i.cell(code, year),
                    i.palette_size)


def _palette(i: c.ScheduleCol, key: Any, codes: Any, r: Run, cell: Callable[[int], Any],
             size: int) -> Coded:
    """The schedule's values by code (only the codes of ``key[0]`` are looked up, the
    others missing) with their bounds, made once per plan and codes present."""
    found = i.palettes.get(key)
    if found is None:
        palette: list[Any] = [None] * size
        for code in key[0]:
            palette[code] = cell(code)
        found = [palette, None]  # its bounds: worked out when first compared
        if len(i.palettes) < c._MAX_PALETTES:
            i.palettes[key] = found
    return Coded(codes, found[0], found)


def _palette_floats(palette: list[Any], r: Run) -> tuple[Any, Any, Any]:
    """A palette's lower and upper boundary floats (NaN: missing) and the mask of its
    values present (None: all)."""
    pairs = [(math.nan, math.nan) if t is None else r.bounds.floats(t) for t in palette]
    valid = None if None not in palette else np.array([t is not None for t in palette])
    return np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs]), valid


def _schedule_per_unit(i: c.ScheduleCol, table: Table, r: Run) -> Coded:
    """A schedule looked up by each unit's (classification codes, year): the code of a unit
    is its pair's index in a dense palette, so only the pairs present are looked up."""
    key = ("year pairs", tuple(i.dims), i.back)
    cached = table.cache.get(key)
    if cached is None:
        cached = table.cache[key] = _year_pairs(i, table, r)
    pairs, present, low, span = cached

    def cell(pair: int) -> Any:
        class_code, year = divmod(pair, span)
        return i.cell(class_code, year + low)  # None: a missing cell (UNKNOWN)

    return _palette(i, (tuple(present), low, span), pairs, r, cell,
                    present[-1] + 1 if present else 0)


def _year_pairs(i: c.ScheduleCol, table: Table, r: Run) -> tuple[Any, list[int], int, int]:
    """Each unit's (classification codes, year) as one code, the codes present, the first
    year and the span of years."""
    years = _years(table, r) - i.back
    if not years.size:
        return years, [], 0, 1
    low = int(_MIN(years))
    span = int(_MAX(years)) - low + 1
    pairs = years - low if not i.dims else _combined(i, r) * span + (years - low)
    return pairs, _nonzero(np.bincount(pairs)).tolist(), low, span


def _rule_select(i: c.RuleSelect, r: Run) -> Mask:
    table: Table = r.env[i.table]
    n = table.n
    codes = _combined(i, r)
    passed = np.zeros(n, dtype=np.bool_)
    failed = np.zeros(n, dtype=np.bool_)
    for code, reg in i.branches:
        chosen = codes == code
        mask = r.env[reg]
        passed |= np.broadcast_to(mask[0], (n,)) & chosen
        failed |= np.broadcast_to(_failed(mask), (n,)) & chosen
    return passed, failed


def as_codes(coded: Coded) -> Any:
    return coded.codes


def _scaled(i: c.ScaledValue, r: Run) -> Any:
    return i.run(r)


def _times(i: c.Times, r: Run) -> Any:
    factor = r.env[i.factor]
    base = r.env[i.base]
    if isinstance(factor, Scalar):
        if factor.value is None:
            return factor
        if isinstance(factor.value, bool):
            raise NTMTypeError("a ratio needs a numeric factor (got a yes/no threshold)")
    if not isinstance(base, VCol):  # member counts
        base = VCol(np.asarray(base, dtype=np.float64), "float", None)
    if base.kind == "bool":
        raise NTMTypeError("a ratio needs numeric facts (got yes/no facts)")
    return Product(factor, base)  # type: ignore[arg-type]


def _difference(i: c.Difference, r: Run) -> VCol:
    a, b = r.env[i.left], r.env[i.right]
    if a.kind == "bool" or b.kind == "bool":
        raise NTMTypeError("a difference needs numbers, not yes/no facts")
    left, right = a.as_list(), b.as_list()
    out = [None if x is None or y is None else exact_sub(_ex(x), _ex(y))
           for x, y in zip(left, right, strict=True)]
    known = None if None not in out else _bools(map(is_not, out, repeat(None)), len(out))
    return VCol(out, "exact", known)


def _ex(value: Any) -> Any:
    return float_value(value) if isinstance(value, float) else value


# ------------------------------------------------------------------ comparisons
def _compare(i: c.Compare, r: Run) -> Mask:
    env = r.env
    obs, req = env[i.observed], env[i.required]
    if type(req) is Scalar and type(obs) is VCol and obs.kind == "float":
        # the most common form first: a column of floats against one number
        t = req.value
        if t is not None and type(t) is not bool:
            lo, hi = r.bounds.floats(t)
            return _against(obs.values, i.op.form, lo, hi, obs.known)
    return compare(obs, i.op, req, env[i.table].n, r)


def compare(obs: VCol, op: Any, req: Any, n: int, r: Run) -> Mask:
    if isinstance(req, Scalar) and req.value is None:
        zero = np.zeros(n, dtype=np.bool_)
        return zero, zero
    if obs.kind == "exact" or (isinstance(req, Col) and not isinstance(req, VCol)):
        return _python_compare(obs, op, req, n, r)
    known = obs.known
    if isinstance(req, Product):
        return _compare_product(obs, op, req, n, r)
    if obs.kind == "bool":
        t = req.value if isinstance(req, Scalar) else None
        if not isinstance(t, bool):
            raise NTMTypeError(f"cannot compare yes/no facts with {shown(t)}")
        equal = obs.values if t else ~obs.values
        if known is not None:
            equal = equal & known
        if op.symbol == "==":
            return equal, _not(equal, known)
        return (~equal if known is None else known & ~equal), equal
    lo: Any
    hi: Any
    if isinstance(req, Scalar):
        if isinstance(req.value, bool):
            raise NTMTypeError(f"cannot compare numbers with the yes/no value {req.value!r}")
        lo, hi = r.bounds.floats(req.value)
    elif isinstance(req, Coded):
        entry = req.floats
        if entry is None:
            lows, highs, present = _palette_floats(req.palette, r)
        else:
            if entry[1] is None:
                entry[1] = _palette_floats(req.palette, r)
            lows, highs, present = entry[1]
        codes = np.asarray(req.codes)
        # only the boundary the comparison's form reads, gathered once per unit
        lo = lows[codes] if op.form not in ("ge_hi", "lt_hi") else None
        hi = highs[codes] if op.form not in ("ge_lo", "lt_lo") else None
        if present is not None:
            valid = present[codes]
            known = valid if known is None else known & valid
    elif isinstance(req, VCol) and req.kind == "float":
        # floats against floats: the order of their shortest reprs is theirs (exact)
        lo = req.values
        hi = np.nextafter(req.values, np.inf)
        if req.known is not None:
            known = req.known if known is None else known & req.known
    else:
        return _python_compare(obs, op, req, n, r)
    return _against(obs.values, op.form, lo, hi, known)


def _against(values: Any, form: str, lo: Any, hi: Any, known: Any) -> Mask:
    """The masks of float ``values`` against a requirement's boundary floats, read as the
    operator's ``form`` says (``known``: the units with both a value and a requirement,
    None: all)."""
    if form == "ge_lo":
        passed = values >= lo
    elif form == "ge_hi":
        passed = values >= hi
    elif form == "lt_hi":
        passed = values < hi
    elif form == "lt_lo":
        passed = values < lo
    else:
        inside = (values >= lo) & (values < hi)
        if known is not None:
            inside &= known
        if form == "in":
            return inside, _not(inside, known)
        return (~inside if known is None else known & ~inside), inside
    if known is not None:
        passed &= known
    return passed, _not(passed, known)


def _not(mask: Any, known: Any) -> Any:
    """The failed mask of a comparison: None (every unit decided: all that did not pass)
    when every unit is known, which saves computing it."""
    return None if known is None else known & ~mask


def _failed(mask: Mask) -> Any:
    """The failed mask of a pair whose failed mask may be implicit (None: not passed)."""
    passed, failed = mask
    return ~passed if failed is None else failed


def _python_compare(obs: VCol, op: Any, req: Any, n: int, r: Run) -> Mask:
    col = _to_col(obs) if isinstance(obs, VCol) else obs
    if isinstance(req, Product):
        req = Product(req.factor, _to_col(req.base) if isinstance(req.base, VCol)
                      else req.base)
    elif isinstance(req, VCol):
        req = _to_col(req)
    elif isinstance(req, Coded) and not isinstance(req.codes, list):
        req = Coded(np.asarray(req.codes).tolist(), req.palette)
    ones = c._ones(n)
    passed, failed = c.compare(col, op, req, ones, r.bounds)
    return _from_int_mask(passed, n), _from_int_mask(failed, n)


def _compare_product(obs: VCol, op: Any, req: Product, n: int, r: Run) -> Mask:
    factor = req.factor
    base: Any = req.base
    if not isinstance(factor, Scalar) or base.kind != "float" or obs.kind != "float":
        return _python_compare(obs, op, req, n, r)
    f = float(factor.value)
    values, bases = obs.values, base.values
    with np.errstate(invalid="ignore"):
        product = bases * f
        gap = values - product
        tol = (np.abs(values) + np.abs(product)) * _GUARD
        distance = np.abs(gap)
        # decided in floats: far enough from the boundary (NaN, a value or base missing,
        # is neither sure nor unsure: unknown)
        sure = distance > tol
        holds = op.test(gap, 0)
        passed = sure & holds
        failed = sure & ~holds
    unsure = _nonzero(distance <= tol)
    if unsure.size:
        k = factor.value
        exact_mul = exact_multiplier()  # one exact context for the column
        for index in unsure.tolist():
            ok = op.test(_ex(float(values[index])), exact_mul(k, _ex(float(bases[index]))))
            passed[index] = ok
            failed[index] = not ok
    return passed, failed


# ------------------------------------------------------------------ logic
def _all_of(i: c.AllOf, r: Run) -> Mask:
    env = r.env
    first, *rest = map(env.__getitem__, i.parts)
    passed, failed = first
    decided = failed is None
    for p, f in rest:
        passed = passed & p
        decided = decided and f is None
    if decided:  # every part decided every unit: failed is not passed
        return passed, None
    failed = _failed(first)
    for mask in rest:
        failed = failed | _failed(mask)
    return passed & ~failed, failed


def _any_of(i: c.AnyOf, r: Run) -> Mask:
    env = r.env
    masks = [env[part] for part in i.parts]
    passed = masks[0][0]
    for p, _ in masks[1:]:
        passed = passed | p
    if all(f is None for _, f in masks):
        return passed, None
    failed = _failed(masks[0])
    for mask in masks[1:]:
        failed = failed & _failed(mask)
    return passed, failed & ~passed


def _at_least(i: c.AtLeast, r: Run) -> Mask:
    table: Table = r.env[i.table]
    passes = np.zeros(table.n, dtype=np.int64)
    fails = np.zeros(table.n, dtype=np.int64)
    for part in i.parts:
        mask = r.env[part]
        passes += mask[0]
        fails += _failed(mask)
    passed = passes >= i.k
    failed = (len(i.parts) - fails) < i.k
    return passed, failed & ~passed


def _all_of_applicable(i: c.AllOfApplicable, r: Run) -> Mask:
    """all_of leaving not-applicable parts (in both masks) out; all of them: not
    applicable."""
    masks = [r.env[part] for part in i.parts]
    fails = [_failed(mask) for mask in masks]
    passed = masks[0][0]
    failed = fails[0] & ~passed
    na = fails[0] & passed
    for (p, _), f in zip(masks[1:], fails[1:], strict=True):
        passed = passed & p
        failed = failed | (f & ~p)
        na = na & p & f
    return passed, failed | na


def _any_of_applicable(i: c.AnyOfApplicable, r: Run) -> Mask:
    """any_of leaving not-applicable parts out; all of them: not applicable."""
    masks = [r.env[part] for part in i.parts]
    fails = [_failed(mask) for mask in masks]
    passed = masks[0][0] & ~fails[0]
    failed = fails[0]
    na = fails[0] & masks[0][0]
    for (p, _), f in zip(masks[1:], fails[1:], strict=True):
        passed = passed | (p & ~f)
        failed = failed & f
        na = na & p & f
    return passed | na, failed & ~passed


def _at_least_applicable(i: c.AtLeastApplicable, r: Run) -> Mask:
    """At least k over the applicable parts: all not applicable gives not applicable,
    fewer than k applicable gives unknown (see ``outcome.at_least_of``)."""
    table: Table = r.env[i.table]
    passes = np.zeros(table.n, dtype=np.int64)
    fails = np.zeros(table.n, dtype=np.int64)
    nas = np.zeros(table.n, dtype=np.int64)
    for part in i.parts:
        mask = r.env[part]
        f = _failed(mask)
        na = mask[0] & f
        passes += mask[0] & ~na
        fails += f & ~na
        nas += na
    passed = passes >= i.k
    applicable = len(i.parts) - nas
    every = applicable == 0
    failed = ((applicable - fails) < i.k) & (applicable >= i.k)
    if i.trees:  # unknown parts that may still not apply (``AtLeastApplicable``)
        ops = _ArrayMasks(table.n)
        maybe = np.zeros(table.n, dtype=np.int64)
        for part, tree in zip(i.parts, i.trees, strict=True):
            if tree is not None:
                maybe += ops.unknown(r.env[part]) & c.may_na_mask(tree, r.env, ops)
        failed &= ~((maybe > 0) & (applicable - maybe < i.k))
    return passed | every, (failed & ~passed) | every


class _ArrayMasks(c.MaskOps):
    """The mask operations of ``compiler.may_na_mask`` over this backend's masks (a pair
    of boolean arrays or scalars; a failed mask None: every unit decided)."""

    __slots__ = ("n",)

    def __init__(self, n: int) -> None:
        self.n = n

    def pair(self, mask: Mask) -> tuple[Any, Any]:
        n = self.n
        return np.broadcast_to(mask[0], (n,)), np.broadcast_to(_failed(mask), (n,))

    def invert(self, mask: Any) -> Any:
        return ~mask


def _pass_where_applicable(i: c.PassWhereApplicable, r: Run) -> Mask:
    yes, no, maybe = r.env[i.condition]
    mask = r.env[i.outcome]
    f = _failed(mask)
    na = mask[0] & f & ~yes & ~no
    return yes | (mask[0] & ~no), no | (f & ~yes & ~maybe) | na


def _applies_if(i: c.AppliesIf, r: Run) -> Mask:
    cond, rule = r.env[i.condition], r.env[i.rule]
    cf = _failed(cond)
    return (cond[0] & rule[0]) | cf, (cond[0] & _failed(rule)) | cf


def _negate(i: c.Negate, r: Run) -> Mask:
    passed, failed = r.env[i.part]
    if failed is None:
        return ~passed, None
    return failed, passed


def _unknown(i: c.Unknown, r: Run) -> Mask:
    return np.bool_(False), np.bool_(False)


def _outcome_from(i: c.OutcomeFrom, r: Run) -> Mask:
    every, none = r.env[i.every][0], r.env[i.none][0]
    return every, none


def _recognised(i: c.Recognised, r: Run) -> Any:
    """Three masks (see ``Recognised``): counted, closed-and-not-recognised, may count."""
    table: Table = r.env[i.table]
    year = r.year - i.back if isinstance(r.year, int) else _years(table, r) - i.back
    if i.by == "year" and r.env[i.registers] is None:
        cond: Any = np.bool_(False)
        for reg in i.years:
            years = np.array([math.nan if y is None else y for y in r.env[reg]],
                             dtype=np.float64)
            found = years <= year
            if i.since is not None:
                found &= years >= i.since
            cond = cond | found
        none = np.zeros(table.n, dtype=np.bool_)
        return np.broadcast_to(cond, (table.n,)), none, none
    per_unit = ([year] * table.n if isinstance(year, int)
                else [int(y) for y in np.broadcast_to(year, (table.n,)).tolist()])
    yes, no, maybe = i.states(r, per_unit)
    return (np.asarray(yes, dtype=np.bool_), np.asarray(no, dtype=np.bool_),
            np.asarray(maybe, dtype=np.bool_))


def _pass_where(i: c.PassWhere, r: Run) -> Mask:
    yes, no, maybe = r.env[i.condition]
    mask = r.env[i.outcome]
    return yes | (mask[0] & ~no), no | (_failed(mask) & ~yes & ~maybe)


# ------------------------------------------------------------------ members
def _member_table(i: c.MemberTable, r: Run) -> Table:
    parent: Table = r.env[i.table]
    table = i.run(r)
    array_of = getattr(parent.source, "member_counts_array", None)
    counts = None if array_of is None else array_of(parent.rows, i.level)
    table.cache["counts"] = (np.asarray(table.counts, dtype=np.int64) if counts is None
                             else counts)
    return table


def _full(mask: Any, n: int) -> Any:
    """A mask as one flag per unit: itself when it is one (``np.broadcast_to`` costs
    microseconds even then), else a scalar spread over the ``n`` units."""
    return mask if getattr(mask, "shape", None) == (n,) else np.broadcast_to(mask, (n,))


def _bounds_of(table: Table) -> tuple[Any, Any, bool]:
    """Where each unit's members start and end among the rows of the members' table, and
    whether every unit has members (kept with the table: several tallies read them)."""
    found: tuple[Any, Any, bool] | None = table.cache.get("member bounds")
    if found is None:
        counts = table.cache["counts"]
        ends = counts.cumsum()
        every = bool(counts.size) and int(_MIN(counts)) > 0
        found = table.cache["member bounds"] = (ends - counts, ends, every)
    return found


def _per_unit_sums(flags: Any, table: Table) -> Any:
    """How many of each unit's members ``flags`` (one per member row) marks."""
    starts, ends, every = _bounds_of(table)
    if every:  # no unit without members: one sum per run of members
        return _SUM_AT(flags, starts, dtype=np.int64)
    running = np.zeros(table.n + 1, dtype=np.int64)
    _ACCUMULATE(flags, dtype=np.int64, out=running[1:])
    return running[ends] - running[starts]


def _tally(i: c.Tally, r: Run) -> tuple[Any, Any, Any]:
    table: Table = r.env[i.members]
    passed, failed = r.env[i.mask]
    counts = table.cache["counts"]
    n = table.n
    passes = _per_unit_sums(_full(passed, n), table)
    if failed is None:  # every member decided
        return passes, np.zeros(len(counts), dtype=np.int64), counts
    unknown = ~(passed | failed)
    if not _ANY(unknown):
        return passes, np.zeros(len(counts), dtype=np.int64), counts
    return passes, _per_unit_sums(_full(unknown, n), table), counts


def _tally_applicable(i: c.TallyApplicable, r: Run) -> tuple[Any, Any, Any]:
    """A tally leaving not-applicable members out of the passing and of the total."""
    passes, unknowns, counts = _tally(i, r)
    table: Table = r.env[i.members]
    passed, failed = r.env[i.mask]
    if failed is None:
        return passes, unknowns, counts
    na = _full(passed & failed, table.n)
    if not _ANY(na):
        return passes, unknowns, counts
    nas = _per_unit_sums(na, table)
    return passes - nas, unknowns, counts - nas


def _members_applicable(i: c.MembersApplicable, r: Run) -> Mask:
    passed, failed = r.env[i.outcome]
    mask = r.env[i.mask]
    if i.tree is not None and mask[1] is not None:
        _, unknowns, applicable = r.env[i.tally]
        if _ANY(unknowns):  # see ``MembersApplicable``
            table: Table = r.env[i.members]
            n = table.n
            maybe = c.may_na_mask(i.tree, r.env, _ArrayMasks(n))
            sure = (~(np.broadcast_to(mask[0], (n,)) | np.broadcast_to(mask[1], (n,)))
                    & ~maybe)
            undecided = ((unknowns > 0) & (unknowns == applicable)
                         & (_per_unit_sums(sure, table) == 0))
            if _ANY(undecided):
                passed, failed = passed & ~undecided, _failed((passed, failed)) & ~undecided
    if mask[1] is None:
        return passed, failed
    members: Table = r.env[i.members]
    na = _full(mask[0] & mask[1], members.n)
    if not _ANY(na):
        return passed, failed
    counts = members.cache["counts"]
    every = (counts > 0) & (_per_unit_sums(na, members) == counts)
    return passed | every, _failed((passed, failed)) | every


def _share_need(i: c.ShareNeed, r: Run) -> Any:
    _, _, counts = r.env[i.tally]
    req = r.env[i.required]
    if isinstance(req, Scalar):
        return _needs_for(i, req.value, counts)
    if isinstance(req, Coded):
        return _per_code(req, counts, lambda t, n: _needs_for(i, t, n))
    out = []
    for n, t in zip(counts.tolist(), req.as_list(), strict=True):
        out.append(-1 if t is None or n == 0 else math.ceil(i._share(t, [n]) * n))
    return np.array(out, dtype=np.int64)


def _needs_for(i: c.ShareNeed, t: Any, counts: Any) -> Any:
    """Members needed for share ``t`` at each count (-1: no threshold or no members)."""
    if t is None or not counts.size:
        return np.full(len(counts), -1, dtype=np.int64)
    largest = int(_MAX(counts))
    share = i._share(t, [largest])
    p, q = share.numerator, share.denominator
    if q < 1 << 40 and largest < 1 << 20:  # the least m with m / n >= p / q, in int64
        need = -((-p * counts) // q)
        need[counts == 0] = -1
        return need
    distinct = _nonzero(np.bincount(counts)).tolist()
    need = np.full(largest + 1, -1, dtype=np.int64)
    for n in distinct:
        if n:
            need[n] = math.ceil(share * n)
    return need[counts]


def _per_code(req: Coded, counts: Any, fn: Callable[[Any, Any], Any]) -> Any:
    """``fn(threshold, counts)`` per palette entry present, scattered back per unit."""
    codes = np.asarray(req.codes, dtype=np.int64)
    out = np.full(len(counts), -1, dtype=np.int64)
    for code in _nonzero(np.bincount(codes, minlength=1)).tolist():
        where = codes == code
        out[where] = fn(req.palette[code], counts[where])
    return out


def _count_need(i: c.CountNeed, r: Run) -> Any:
    _, _, counts = r.env[i.tally]
    req = r.env[i.required]
    if isinstance(req, Scalar):
        return _count_for(i, req.value, counts)
    if isinstance(req, Coded):
        return _per_code(req, counts, lambda t, n: _count_for(i, t, n))
    out = []
    for n, t in zip(counts.tolist(), req.as_list(), strict=True):
        if t is None or n == 0:
            out.append(-1)
            continue
        i._check(t)
        out.append(int(t))
    return np.array(out, dtype=np.int64)


def _count_for(i: c.CountNeed, t: Any, counts: Any) -> Any:
    """Members needed for count ``t`` at each count (-1: no threshold or no members)."""
    if t is None:
        return np.full(len(counts), -1, dtype=np.int64)
    if _ANY(counts):
        i._check(t)
    k = int(t)
    if k > 2**62:  # beyond int64: exact Python ints (slow, and never met in practice)
        return np.array([-1 if n == 0 else k for n in counts.tolist()], dtype=object)
    return np.where(counts == 0, -1, k)


def _count_outcome(i: c.CountOutcome, r: Run) -> Mask:
    passes, unknowns, _ = r.env[i.tally]
    needs = r.env[i.need]
    valid = needs >= 0
    return valid & (passes >= needs), valid & (passes + unknowns < needs)


def _reduce(i: c.Reduce, r: Run) -> tuple[VCol, VCol, Any]:
    table: Table = r.env[i.members]
    values = r.env[i.values]
    if values.kind == "bool":
        raise NTMTypeError("an aggregate needs numbers, not yes/no facts")
    assert table.counts is not None  # noqa: S101 - a member table has counts
    los, his = c.reduce_bounds(i.fn, values.as_list(), table.counts)
    kind = "exact" if i.fn == "sum" else ("float" if values.kind == "float" else "exact")
    lo_col = _to_vcol(Col(los, kind, None in los))
    hi_col = _to_vcol(Col(his, kind, None in his))
    return lo_col, hi_col, np.asarray(table.counts, dtype=np.int64)


def _item(i: c.Item, r: Run) -> Any:
    return r.env[i.source][i.index]


def _constant(i: c.Constant, r: Run) -> Scalar:
    return Scalar(i.value)


def _year_value(i: c.YearValue, r: Run) -> Scalar | VCol:
    if isinstance(r.year, int):
        return Scalar(r.year - i.back)
    table: Table = r.env[i.table]
    return VCol((_years(table, r) - i.back).astype(np.float64), "float", None)


#: the vectorised implementation of every instruction
RUNNERS: dict[type, Callable[[Any, Run], Any]] = {
    c.MemberTable: _member_table, c.FactCol: _fact, c.FactAtCol: _fact_at,
    c.RecognitionYears: _recognition_years, c.Constant: _constant, c.YearValue: _year_value,
    c.ScaledValue: _scaled, c.Times: _times, c.Difference: _difference, c.ClassOf: _class_of,
    c.ScheduleCol: _schedule, c.RuleSelect: _rule_select, c.Compare: _compare,
    c.AllOf: _all_of, c.AnyOf: _any_of,
    c.AtLeast: _at_least, c.Negate: _negate, c.Unknown: _unknown, c.Tally: _tally,
    c.ShareNeed: _share_need, c.CountNeed: _count_need, c.CountOutcome: _count_outcome,
    c.Reduce: _reduce, c.Item: _item, c.OutcomeFrom: _outcome_from,
    c.Recognised: _recognised, c.PassWhere: _pass_where,
    c.AllOfApplicable: _all_of_applicable, c.AnyOfApplicable: _any_of_applicable,
    c.AtLeastApplicable: _at_least_applicable, c.AppliesIf: _applies_if,
    c.PassWhereApplicable: _pass_where_applicable,
    c.TallyApplicable: _tally_applicable, c.MembersApplicable: _members_applicable,
    c.DecisionYears: _decision_years, c.Registers: _registers,
}


class _ArrayGates(Backend):
    """A member gate's bookkeeping over arrays (``MemberGate.run``'s steps): the members
    still undecided as an index array, each part's failures counted per unit by
    ``bincount``. A backend gives its masks, needs and tallies as arrays."""

    def mask_arrays(self, mask: Any, n: int) -> tuple[Any, Any]:  # pragma: no cover
        raise NotImplementedError

    def need_array(self, needs: Any, units: int) -> Any:  # pragma: no cover
        raise NotImplementedError

    def tally_of(self, passed: Any, unknowns: Any, table: Table) -> Any:  # pragma: no cover
        raise NotImplementedError

    def run_gate(self, gate: MemberGate, instructions: Sequence[c.Instruction], r: Run
                 ) -> bool:
        env = r.env
        table: Table = env[gate.members]
        n = table.n
        counts = np.asarray(self.counts(table), dtype=np.int64)
        units = counts.size
        env[gate.tally] = (None, None, self.counts(table))  # the need reads the counts
        needs = env[gate.need] = self.run(instructions[gate.need], r)
        need = self.need_array(needs, units)
        parent_of = np.repeat(np.arange(units), counts)
        open_ = need > 0  # a unit is open while its members can still decide it
        fails = np.zeros(units, dtype=np.int64)
        unknown = np.zeros(n, dtype=np.bool_)
        live = _nonzero(open_[parent_of])

        def note(members: Any, passes: Any, failures: Any) -> Any:
            unknown[members[~(passes | failures)]] = True
            survivors = members[~failures]
            if _ANY(failures):
                fails[:] += np.bincount(parent_of[members[failures]], minlength=units)
                closing = open_ & (counts - fails < need)
                if _ANY(closing):
                    open_[closing] = False
                    survivors = survivors[open_[parent_of[survivors]]]
            return survivors

        for part in gate.eager:
            passes, failures = self.mask_arrays(env[part], n)
            live = note(live, passes[live], failures[live])
        for fact_reg, fact, compare_reg in gate.lazy:
            if not live.size:
                break
            compare = instructions[compare_reg]
            assert isinstance(compare, c.Compare)  # noqa: S101 - found so
            sub = Sub(r, env, table, live.tolist(), gate.members, compare.required,
                      None if isinstance(r.year, int) else _years(table, r)[live])
            if sub.run is None:  # a requirement that cannot be cut: read them all
                env[fact_reg] = self.run(fact, r)
                passes, failures = self.mask_arrays(self.run(compare, r), n)
                live = note(live, passes[live], failures[live])
                continue
            sub.run.env[fact_reg] = self.run(fact, sub.run)
            live = note(live, *self.mask_arrays(self.run(compare, sub.run), live.size))
        owners = parent_of[live]
        undecided = unknown[live]
        env[gate.tally] = self.tally_of(np.bincount(owners[~undecided], minlength=units),
                                        np.bincount(owners[undecided], minlength=units),
                                        table)
        env[gate.outcome] = self.run(instructions[gate.outcome], r)
        return True


class _GateBackend(_ArrayGates):
    """How a short circuit (:mod:`ntmcriteria.evaluation.gates`) reads this backend's
    masks, counts and needs."""

    per_unit_years = True

    def counts(self, table: Table) -> Any:
        return table.cache["counts"]

    def mask_arrays(self, mask: Any, n: int) -> tuple[Any, Any]:
        return np.broadcast_to(mask[0], (n,)), np.broadcast_to(_failed(mask), (n,))

    def need_array(self, needs: Any, units: int) -> Any:
        return np.broadcast_to(np.asarray(needs, dtype=np.int64), (units,))

    def tally_of(self, passed: Any, unknowns: Any, table: Table) -> Any:
        return passed, unknowns, table.cache["counts"]


GATES = _GateBackend(lambda instruction, r: RUNNERS[type(instruction)](instruction, r))


def run(instructions: list[Any], r: Run) -> None:
    """Run ``instructions`` (after the root table) over arrays."""
    env = r.env
    runners = RUNNERS
    for index in range(1, len(instructions)):
        instruction = instructions[index]
        env[index] = runners[type(instruction)](instruction, r)


def codes(mask: Mask, n: int) -> bytes:
    """The outcome codes (0 unknown, 1 pass, 2 fail; 3 not applicable) of a mask pair."""
    return codes_many([(mask, n)])[0]


def codes_many(masks: list[tuple[Mask, int]]) -> list[bytes]:
    """The outcome codes of many mask pairs (each with its number of units), as
    :func:`codes` gives them: those of one length in one array operation."""
    out: list[bytes] = [b""] * len(masks)
    by_length: dict[int, list[int]] = {}
    for index, (_, n) in enumerate(masks):
        by_length.setdefault(n, []).append(index)
    for n, indexes in by_length.items():
        passed = np.empty((len(indexes), n), dtype=np.bool_)
        failed = np.empty((len(indexes), n), dtype=np.bool_)
        for row, index in enumerate(indexes):
            p, f = masks[index][0]
            passed[row] = p  # (a scalar fills the row)
            if f is None:  # every unit decided: the failed are those not passed
                np.logical_not(passed[row], out=failed[row])
            else:
                failed[row] = f
        coded = passed.view(np.uint8) + failed.view(np.uint8) * np.uint8(2)
        for row, index in enumerate(indexes):
            out[index] = coded[row].tobytes()
    return out


def share_fraction(value: Any) -> Fraction:
    return Fraction(value) / 100
