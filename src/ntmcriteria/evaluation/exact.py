"""Exact comparisons of floats with decimal thresholds, at C speed.

A float fact means the decimal its shortest repr shows (``0.1`` is 0.1), and
that mapping is monotone, so each threshold t splits the floats at two
boundary floats: ``lo(t)``, the least float whose decimal is >= t, and
``hi(t)``, the least float whose decimal is > t. Then ``decimal(v) >= t``
exactly when ``v >= lo(t)``, and ``decimal(v) > t`` exactly when
``v >= hi(t)``; both boundaries are computed once per threshold, and floats
are compared with floats. Integers have boundaries too (``ceil(t)`` and
``floor(t) + 1``).
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from ntmcriteria._values import Number

__all__ = ["Bounds", "float_bounds", "float_value", "int_bounds"]

#: integers a float holds exactly
FLOAT_INT_LIMIT = 2**53


def float_value(value: float) -> Decimal:
    """The decimal a float means: its shortest repr."""
    return Decimal(float.__repr__(value))


def _least_float(t: Fraction, strict: bool) -> float:
    """The least float whose decimal is >= t (``strict``: > t)."""
    try:
        f = float(t)
    except OverflowError:
        f = math.inf if t > 0 else -math.inf
    if math.isinf(f):
        # beyond the float range: no finite float reaches t (or every one does)
        return f if f > 0 else -math.inf

    def ok(x: float) -> bool:
        if math.isinf(x):
            return x > 0
        d = Fraction(float_value(x))
        return d > t if strict else d >= t

    while not ok(f):
        f = math.nextafter(f, math.inf)
    while True:
        below = math.nextafter(f, -math.inf)
        if math.isinf(below) or not ok(below):
            return f
        f = below


def float_bounds(t: Number) -> tuple[float, float]:
    """``(lo, hi)``: the least floats whose decimal is >= t and > t."""
    if type(t) is int and -FLOAT_INT_LIMIT <= t <= FLOAT_INT_LIMIT:
        # a float holds t exactly, and the next float above means more than t
        f = float(t)
        return f, math.nextafter(f, math.inf)
    exact = Fraction(t)
    return _least_float(exact, False), _least_float(exact, True)


def int_bounds(t: Number) -> tuple[int, int]:
    """``(lo, hi)``: the least integers >= t and > t."""
    if type(t) is int:
        return t, t + 1
    exact = Fraction(t)
    return math.ceil(exact), math.floor(exact) + 1


class Bounds:
    """The boundaries of thresholds, computed once per threshold value and kind of column."""

    __slots__ = ("_floats", "_ints")

    def __init__(self) -> None:
        self._floats: dict[tuple[type, Number], tuple[float, float]] = {}
        self._ints: dict[tuple[type, Number], tuple[int, int]] = {}

    def floats(self, t: Number) -> tuple[float, float]:
        key = (type(t), t)
        bounds = self._floats.get(key)
        if bounds is None:
            bounds = self._floats[key] = float_bounds(t)
        return bounds

    def ints(self, t: Number) -> tuple[int, int]:
        key = (type(t), t)
        bounds = self._ints.get(key)
        if bounds is None:
            bounds = self._ints[key] = int_bounds(t)
        return bounds
