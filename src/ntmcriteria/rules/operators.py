"""Comparison operators, each declared once with everything about it.

An operator says how a comparison decides (exactly, on Decimal or int
values), its shortfall when failing (in the indicator's unit), its
negation (for the path to the next tier and the witness solver), its
direction (for monotonicity), and its words. The texts' "dưới 10%" and
"trên 90%" are the strict ``<`` and ``>``: they fail at exactly the
threshold, and their shortfall is the distance to the threshold.

``form`` tells the compiled plan how the operator reads against the two
boundaries of a threshold t in a domain of values (floats, ints): ``lo``, the
least value that is >= t, and ``hi``, the least value that is > t:
``ge_lo`` is ``v >= lo``, ``ge_hi`` is ``v >= hi``, ``lt_hi`` is ``v < hi``,
``lt_lo`` is ``v < lo``, ``in`` is ``lo <= v < hi`` and ``out`` its negation.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ntmcriteria._values import Number, exact_abs, exact_sub, shown
from ntmcriteria.errors import NTMValueError

__all__ = ["OPERATORS", "Operator", "operator_for"]


def _norm(value: Number) -> Number:
    """Drop a purely fractional zero tail (``1.0`` -> ``1``) so shortfalls read cleanly."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return Decimal(int(value))  # exact at any size (quantize is bound by the context)
    return value


@attrs.frozen(eq=False)
class Operator:
    """One comparison operator (``>=``, ``<=``, ``==``, ``!=``, ``<``, ``>``)."""

    symbol: str
    sign: str
    negation: str
    form: str
    #: "up": raising the value helps passing; "down": lowering it helps; None: neither
    direction: str | None
    strict: bool
    #: usable with a yes/no threshold
    yes_no: bool
    #: usable with a ratio (compared by multiplication)
    ratio: bool
    test: Callable[[Any, Any], bool] = attrs.field(repr=False)
    #: (observed, required) -> how far from passing, for a failing comparison
    gap: Callable[[Number, Number], Number | None] = attrs.field(repr=False)
    #: wording of a failing comparison's shortfall: (vi, en) with {amount} and {required}
    words: tuple[str, str] = ("", "")

    def holds(self, observed: Any, required: Any) -> bool:
        return bool(self.test(observed, required))

    def shortfall(self, observed: Number, required: Number) -> Number | None:
        gap = self.gap(observed, required)
        return None if gap is None else _norm(gap)


def _below(observed: Number, required: Number) -> Number:
    return exact_sub(required, observed)


def _above(observed: Number, required: Number) -> Number:
    return exact_sub(observed, required)


def _off(observed: Number, required: Number) -> Number:
    difference = exact_sub(observed, required)
    return exact_abs(difference)


def _none(observed: Number, required: Number) -> None:
    return None


OPERATORS: Mapping[str, Operator] = {op.symbol: op for op in (
    Operator(">=", "≥", "<", "ge_lo", "up", False, False, True, operator.ge, _below,
             ("; còn thiếu {amount}", "; short by {amount}")),
    Operator("<=", "≤", ">", "lt_hi", "down", False, False, True, operator.le, _above,
             ("; vượt {amount}", "; over by {amount}")),
    Operator("==", "=", "!=", "in", None, False, True, False, operator.eq, _off,
             ("; chênh lệch {amount}", "; off by {amount}")),
    Operator("!=", "≠", "==", "out", None, False, True, False, operator.ne, _none,
             ("", "")),
    Operator(">", ">", "<=", "ge_hi", "up", True, False, True, operator.gt, _below,
             ("; phải trên {required} (còn cách {amount})",
              "; must be above {required} ({amount} away)")),
    Operator("<", "<", ">=", "lt_lo", "down", True, False, True, operator.lt, _above,
             ("; phải dưới {required} (còn cách {amount})",
              "; must be below {required} ({amount} away)")),
)}


def operator_for(symbol: object) -> Operator:
    """The operator written ``symbol``; a clear error naming the allowed ones otherwise."""
    if isinstance(symbol, str) and symbol in OPERATORS:
        return OPERATORS[symbol]
    raise NTMValueError(
        f"comparison operator must be one of {', '.join(OPERATORS)} (got {shown(symbol)})"
    )
