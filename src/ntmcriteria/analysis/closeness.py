"""How far a failing trace is from passing, as a unit-free number.

The *normalised shortfall* of a trace is 0 when it passes, ``None`` when it is
UNKNOWN (the distance is not known), and for a FAIL whatever the trace's kind
declares (its detail's ``distance`` hook):

- a numeric comparison or aggregate: shortfall / |required| (the shortfall
  itself when the requirement is 0), so "2 points short of 90%" and "2
  million short of 60 million" compare fairly;
- a yes/no comparison, a ``!=`` comparison or a ``not_``: 1;
- a share of members: more needed / number of members; a count: more needed /
  required count;
- ``all_of``, ``held_each_year`` and ``meets``: the sum over the failing parts;
- ``any_of``: the smallest over the parts;
- ``at_least(k)``: the sum of the k - p smallest distances of the parts that do
  not pass, an unknown part counting 1.

Everything is an exact :class:`~fractions.Fraction`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ntmcriteria.outcome import Outcome
from ntmcriteria.trace import Trace

__all__ = ["Closeness", "closest_alternative", "normalised_shortfall"]


class Closeness:
    """The closeness edge's side of the ``distance`` hooks (each trace measured once: a
    referenced set's traces are shared by every ``meets`` that refers to it)."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Trace, Fraction | None]] = {}

    def of(self, trace: Trace) -> Fraction | None:
        if trace.outcome is Outcome.PASS:
            return Fraction(0)
        if trace.outcome is Outcome.UNKNOWN or trace.outcome is Outcome.NOT_APPLICABLE:
            return None  # not applicable: no way to pass lies through it
        known = self._memo.get(id(trace))
        if known is not None:
            return known[1]
        detail: Any = trace.detail
        distance: Fraction | None = detail.distance(trace, self)
        self._memo[id(trace)] = (trace, distance)
        return distance


def normalised_shortfall(trace: Trace) -> Fraction | None:
    """The unit-free distance of ``trace`` from passing (see the module docstring)."""
    return Closeness().of(trace)


def closest_alternative(trace: Trace) -> tuple[int, Trace] | None:
    """For an ``any_of`` that does not pass: the index and trace of the nearest part.

    Parts with an unknown distance are skipped; ties go to the first part.
    """
    best: tuple[Fraction, int, Trace] | None = None
    for index, child in enumerate(trace.children):
        distance = normalised_shortfall(child)
        if distance is None:
            continue
        if best is None or distance < best[0]:
            best = (distance, index, child)
    return None if best is None else (best[1], best[2])
