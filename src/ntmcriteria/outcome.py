"""Three-valued outcomes combined with Kleene's strong logic."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from ntmcriteria.errors import NTMTypeError

__all__ = ["Outcome"]


class Outcome(enum.Enum):
    """PASS, FAIL or UNKNOWN (a needed fact or parameter is missing).

    ``&`` is Kleene conjunction (FAIL dominates), ``|`` Kleene disjunction
    (PASS dominates), ``~`` swaps PASS and FAIL and keeps UNKNOWN.
    """

    PASS = "pass"  # noqa: S105 - an outcome, not a password
    FAIL = "fail"
    UNKNOWN = "unknown"

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
        return Outcome.UNKNOWN

    def __bool__(self) -> bool:
        raise NTMTypeError(
            "an Outcome has three values and no truth value; compare with Outcome.PASS instead"
        )

    @staticmethod
    def all(outcomes: Iterable[Outcome]) -> Outcome:
        """FAIL if any fails; else UNKNOWN if any is unknown; else PASS (PASS if empty)."""
        unknown = False
        for outcome in outcomes:
            if outcome is Outcome.FAIL:
                return Outcome.FAIL
            if outcome is Outcome.UNKNOWN:
                unknown = True
        return Outcome.UNKNOWN if unknown else Outcome.PASS

    @staticmethod
    def any(outcomes: Iterable[Outcome]) -> Outcome:
        """PASS if any passes; else UNKNOWN if any is unknown; else FAIL (FAIL if empty)."""
        unknown = False
        for outcome in outcomes:
            if outcome is Outcome.PASS:
                return Outcome.PASS
            if outcome is Outcome.UNKNOWN:
                unknown = True
        return Outcome.UNKNOWN if unknown else Outcome.FAIL

    @staticmethod
    def at_least(k: int, outcomes: Iterable[Outcome]) -> Outcome:
        """PASS if at least k pass; FAIL if even all unknowns could not reach k."""
        passed = unknown = 0
        for outcome in outcomes:
            if outcome is Outcome.PASS:
                passed += 1
            elif outcome is Outcome.UNKNOWN:
                unknown += 1
        if passed >= k:
            return Outcome.PASS
        if passed + unknown < k:
            return Outcome.FAIL
        return Outcome.UNKNOWN

    @property
    def label_vi(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]


_LABELS = {
    Outcome.PASS: ("đạt", "pass"),
    Outcome.FAIL: ("không đạt", "fail"),
    Outcome.UNKNOWN: ("chưa đủ dữ liệu", "not enough data"),
}
