"""How far a failing trace is from passing, as a unit-free number.

The *normalised shortfall* of a trace is 0 when it passes, ``None`` when it is
UNKNOWN (the distance is not known), and for a FAIL:

- a numeric comparison: shortfall / |required| (the shortfall itself when the
  requirement is 0), so "2 points short of 90%" and "2 million short of
  60 million" compare fairly;
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

from ntmcriteria.outcome import Outcome
from ntmcriteria.trace import Trace

__all__ = ["closest_alternative", "normalised_shortfall"]


def normalised_shortfall(trace: Trace) -> Fraction | None:
    """The unit-free distance of ``trace`` from passing (see the module docstring)."""
    if trace.outcome is Outcome.PASS:
        return Fraction(0)
    if trace.outcome is Outcome.UNKNOWN:
        return None
    kind = trace.kind
    if kind == "compare":
        return _compare_distance(trace)
    if kind == "share":
        return Fraction(trace.more_needed or 1, trace.total or 1)
    if kind == "count":
        required = trace.required
        k = 1 if isinstance(required, bool) or required is None else int(required)
        return Fraction(trace.more_needed or 1, max(k, 1))
    if kind == "any_of":
        known = [d for d in map(normalised_shortfall, trace.children) if d is not None]
        return min(known) if known else None
    if kind == "at_least":
        # FAIL means even every unknown part passing would not reach k; an unknown part
        # counts 1 (its data is needed and it may still fail)
        need = int(trace.more_needed or 0)
        distances = sorted(
            Fraction(1) if d is None else d
            for d in (normalised_shortfall(c) for c in trace.children
                      if c.outcome is not Outcome.PASS))
        return sum(distances[:need], Fraction(0))
    if kind in ("all_of", "held_each_year", "meets"):
        total = Fraction(0)
        for child in trace.children:
            if child.outcome is Outcome.FAIL:
                total += normalised_shortfall(child) or Fraction(0)
        return total if trace.children else Fraction(1)
    if kind == "rule_param" and trace.children:
        return normalised_shortfall(trace.children[0])
    return Fraction(1)


def _compare_distance(trace: Trace) -> Fraction:
    shortfall = trace.shortfall
    required = trace.required
    if shortfall is None or isinstance(required, bool) or required is None:
        return Fraction(1)
    scale = abs(Fraction(required))
    value = Fraction(shortfall)
    return value / scale if scale else value


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
