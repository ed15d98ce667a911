"""Value domains the witness search narrows: numeric intervals, yes/no sets, absence."""

from __future__ import annotations

import math
import random
from decimal import Decimal

import attrs

from ntmcriteria.indicators import Indicator, ValueType

__all__ = ["ABSENT", "Absent", "Bools", "Domain", "Num", "initial_domain", "restrict"]

_CENT = Decimal("0.01")
#: How far beyond a finite bound an unbounded domain draws values.
_REACH = 100


@attrs.frozen
class Absent:
    """The fact (or recognition, or parameter) must be missing."""


ABSENT = Absent()


@attrs.frozen
class Bools:
    """The yes/no values still allowed."""

    allowed: frozenset[bool]


@attrs.frozen
class Num:
    """An interval of numbers (bounds may be open or absent), minus excluded points."""

    integer: bool
    lo: Decimal | None = None
    lo_open: bool = False
    hi: Decimal | None = None
    hi_open: bool = False
    excluded: frozenset[Decimal] = frozenset()

    def contains(self, value: Decimal) -> bool:
        if self.integer and value != value.to_integral_value():
            return False
        if self.lo is not None and (value < self.lo or (self.lo_open and value == self.lo)):
            return False
        if self.hi is not None and (value > self.hi or (self.hi_open and value == self.hi)):
            return False
        return value not in self.excluded

    def is_empty(self) -> bool:
        lo, hi = self.lo, self.hi
        if lo is not None and hi is not None and (
                lo > hi or (lo == hi and (self.lo_open or self.hi_open))):
            return True
        if self.integer:
            first = _first_int(lo, self.lo_open)
            last = _last_int(hi, self.hi_open)
            if first is not None and last is not None:
                if first > last:
                    return True
                if last - first <= len(self.excluded):
                    return all(Decimal(v) in self.excluded for v in range(first, last + 1))
            return False
        if lo is not None and lo == hi:
            return lo in self.excluded
        return False

    def step(self) -> Decimal:
        if self.integer:
            return Decimal(1)
        exponents = [b.as_tuple().exponent for b in (self.lo, self.hi) if b is not None]
        finest = min([-2, *(e for e in exponents if isinstance(e, int))])
        return Decimal(1).scaleb(finest)

    def lower_edge(self) -> Decimal | None:
        """The least member next to the lower bound (None when unbounded below)."""
        if self.lo is None:
            return None
        if self.integer:
            first = _first_int(self.lo, self.lo_open)
            return None if first is None else Decimal(first)
        return self.lo + self.step() if self.lo_open else self.lo

    def upper_edge(self) -> Decimal | None:
        """The greatest member next to the upper bound (None when unbounded above)."""
        if self.hi is None:
            return None
        if self.integer:
            last = _last_int(self.hi, self.hi_open)
            return None if last is None else Decimal(last)
        return self.hi - self.step() if self.hi_open else self.hi

    def candidates(self, rng: random.Random, limit: int = 4) -> list[Decimal]:
        """Members of the domain, boundary values first when the bounds are closed."""
        step = self.step()
        out: list[Decimal] = []
        lo, hi = self.lo, self.hi
        raw: list[Decimal] = []
        if lo is not None:
            raw += [lo, lo + step]
        if hi is not None:
            raw += [hi, hi - step]
        if lo is not None and hi is not None:
            raw.append(_quantize((lo + hi) / 2, step))
        base = lo if lo is not None else hi if hi is not None else Decimal(0)
        for _ in range(3):
            low = lo if lo is not None else base - _REACH
            high = hi if hi is not None else base + _REACH
            span = int((high - low) / step) if high > low else 0
            raw.append(low + step * rng.randint(0, max(span, 0)))
        if self.integer:
            raw = [v.to_integral_value(rounding="ROUND_CEILING") for v in raw]
        boundary, rest = raw[:4], raw[4:]
        rng.shuffle(rest)
        ordered = boundary + rest if rng.random() < 0.7 else rest + boundary
        for value in ordered:
            if self.contains(value) and value not in out:
                out.append(value)
        if not out and not self.integer and lo is not None and hi is not None:
            middle = (lo + hi) / 2
            if self.contains(middle):
                out.append(middle)
        if not out:  # an integer range squeezed between exclusions
            first = _first_int(lo, self.lo_open)
            last = _last_int(hi, self.hi_open)
            if first is not None and last is not None:
                out = [Decimal(v) for v in range(first, last + 1) if self.contains(Decimal(v))]
        return out[:limit]


Domain = Absent | Bools | Num


def _first_int(lo: Decimal | None, open_: bool) -> int | None:
    if lo is None:
        return None
    value = math.ceil(lo)
    return value + 1 if open_ and value == lo else value


def _last_int(hi: Decimal | None, open_: bool) -> int | None:
    if hi is None:
        return None
    value = math.floor(hi)
    return value - 1 if open_ and value == hi else value


def _quantize(value: Decimal, step: Decimal) -> Decimal:
    return value.quantize(step) if step < 1 else value.to_integral_value()


def initial_domain(indicator: Indicator | None) -> Bools | Num:
    """Everything the indicator allows (unknown indicators: any decimal)."""
    if indicator is None:
        return Num(integer=False)
    if indicator.value_type is ValueType.BOOLEAN:
        return Bools(frozenset((True, False)))
    low, high = indicator.bounds
    return Num(integer=indicator.value_type is ValueType.INTEGER,
               lo=None if low is None else Decimal(low), hi=None if high is None else Decimal(high))


def restrict(domain: Domain, op: str, value: Decimal | bool) -> Domain | None:
    """``domain`` narrowed by ``x op value`` (ops: >=, >, <=, <, ==, !=); None if empty."""
    if isinstance(domain, Absent):
        return None
    if isinstance(domain, Bools):
        if not isinstance(value, bool):
            return None
        allowed = domain.allowed & ({value} if op == "==" else {not value})
        return Bools(frozenset(allowed)) if allowed else None
    if isinstance(value, bool):
        return None
    new = domain
    if op in (">=", ">"):
        strict = op == ">"
        if new.lo is None or value > new.lo or (value == new.lo and strict):
            new = attrs.evolve(new, lo=value, lo_open=strict)
    elif op in ("<=", "<"):
        strict = op == "<"
        if new.hi is None or value < new.hi or (value == new.hi and strict):
            new = attrs.evolve(new, hi=value, hi_open=strict)
    elif op == "==":
        if not new.contains(value):
            return None
        new = attrs.evolve(new, lo=value, lo_open=False, hi=value, hi_open=False)
    else:
        new = attrs.evolve(new, excluded=new.excluded | {value})
    return None if new.is_empty() else new


def pick(domain: Bools | Num, rng: random.Random) -> Decimal | bool:
    """One value of a non-empty domain; more than half the time one of its edges.

    The edges are the bounds themselves when closed (``>= 45`` gives 45) and
    one step inside them when open (``< 45`` gives 44.99, or 44 for integers).
    """
    if isinstance(domain, Bools):
        return rng.choice(sorted(domain.allowed))
    edges = [edge for edge in (domain.lower_edge(), domain.upper_edge())
             if edge is not None and domain.contains(edge)]
    if edges and rng.random() < 0.6:
        return rng.choice(edges)
    return rng.choice(domain.candidates(rng, limit=6))
