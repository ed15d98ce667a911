"""Outcomes combined with Kleene's strong logic, extended with "not applicable".

NOT_APPLICABLE is the outcome of a rule that applies only where a condition
holds (``applies_if``), where it does not. It is the identity of every
combination: ``all``, ``any`` and ``at_least`` ignore not-applicable parts, and
only when *every* part is not applicable is the combination not applicable.
Negation keeps it. So a not-applicable part never changes a decided verdict of
the others, and never becomes PASS or FAIL by itself (see docs/concepts.md).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from ntmcriteria.errors import NTMTypeError
from ntmcriteria.glossary import TERMS

__all__ = ["Outcome", "at_least_of"]


class Outcome(enum.Enum):
    """PASS, FAIL, UNKNOWN (a needed fact or parameter is missing) or NOT_APPLICABLE
    (the rule applies only where a condition holds, and it does not).

    ``&`` is Kleene conjunction (FAIL dominates), ``|`` Kleene disjunction
    (PASS dominates), ``~`` swaps PASS and FAIL and keeps UNKNOWN and
    NOT_APPLICABLE; NOT_APPLICABLE is the identity of ``&`` and ``|``.
    """

    PASS = "pass"  # noqa: S105 - an outcome, not a password
    FAIL = "fail"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"

    def __and__(self, other: Outcome) -> Outcome:
        if not isinstance(other, Outcome):
            return NotImplemented
        return Outcome.all((self, other))

    def __or__(self, other: Outcome) -> Outcome:
        if not isinstance(other, Outcome):
            return NotImplemented
        return Outcome.any((self, other))

    def __invert__(self) -> Outcome:
        if self is Outcome.PASS:
            return Outcome.FAIL
        if self is Outcome.FAIL:
            return Outcome.PASS
        return self

    def __bool__(self) -> bool:
        raise NTMTypeError(
            "an Outcome has three values and no truth value; compare with Outcome.PASS instead"
        )

    @staticmethod
    def all(outcomes: Iterable[Outcome]) -> Outcome:
        """FAIL if any fails; else UNKNOWN if any is unknown; else PASS if any passes;
        else NOT_APPLICABLE (every part not applicable; PASS if empty)."""
        unknown = applicable = False
        empty = True
        for outcome in outcomes:
            empty = False
            if outcome is Outcome.FAIL:
                return Outcome.FAIL
            if outcome is Outcome.UNKNOWN:
                unknown = True
            elif outcome is Outcome.PASS:
                applicable = True
        if unknown:
            return Outcome.UNKNOWN
        return Outcome.PASS if applicable or empty else Outcome.NOT_APPLICABLE

    @staticmethod
    def any(outcomes: Iterable[Outcome]) -> Outcome:
        """PASS if any passes; else UNKNOWN if any is unknown; else FAIL if any fails;
        else NOT_APPLICABLE (every part not applicable; FAIL if empty)."""
        unknown = applicable = False
        empty = True
        for outcome in outcomes:
            empty = False
            if outcome is Outcome.PASS:
                return Outcome.PASS
            if outcome is Outcome.UNKNOWN:
                unknown = True
            elif outcome is Outcome.FAIL:
                applicable = True
        if unknown:
            return Outcome.UNKNOWN
        return Outcome.FAIL if applicable or empty else Outcome.NOT_APPLICABLE

    @staticmethod
    def at_least(k: int, outcomes: Iterable[Outcome]) -> Outcome:
        """At least ``k`` of the applicable parts pass (see :func:`at_least_of`)."""
        passed = failed = unknown = na = 0
        for outcome in outcomes:
            if outcome is Outcome.PASS:
                passed += 1
            elif outcome is Outcome.FAIL:
                failed += 1
            elif outcome is Outcome.UNKNOWN:
                unknown += 1
            else:
                na += 1
        return at_least_of(k, passed, failed, unknown, na)

    @property
    def label_vi(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]


def at_least_of(k: int, passed: int, failed: int, unknown: int, na: int = 0,
                may_not_apply: int = 0) -> Outcome:
    """At least ``k`` parts pass, counted over the applicable parts.

    PASS if ``passed >= k``; NOT_APPLICABLE if no part applies; UNKNOWN if fewer
    than ``k`` parts apply (the text does not say how many of fewer parts are
    needed: neither PASS nor FAIL may come from parts that do not apply); FAIL if
    even every unknown part passing would not reach ``k``, unless ``may_not_apply``
    of the unknown parts may still turn out not applicable and too few parts would
    then apply (UNKNOWN: the FAIL is not decided yet); else UNKNOWN.
    """
    applicable = passed + failed + unknown
    if passed >= k:
        return Outcome.PASS
    if applicable == 0 and na:
        return Outcome.NOT_APPLICABLE
    if applicable < k and na:
        return Outcome.UNKNOWN
    if passed + unknown < k:
        if may_not_apply and applicable - may_not_apply < k:
            return Outcome.UNKNOWN
        return Outcome.FAIL
    return Outcome.UNKNOWN


_LABELS = {
    Outcome.PASS: ("đạt", "pass"),
    Outcome.FAIL: ("không đạt", "fail"),
    Outcome.UNKNOWN: ("chưa đủ dữ liệu", "not enough data"),
    Outcome.NOT_APPLICABLE: TERMS["not_applicable"],
}
