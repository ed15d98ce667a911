"""The library's exceptions.

Every exception raised on purpose by ntmcriteria derives from :class:`NTMError`,
and also from the built-in exception that fits it (``ValueError``,
``TypeError``, ``KeyError``, ``LookupError``), so callers may catch either.
Messages name the field, the value and what was expected.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "DerivationError",
    "FactError",
    "FactTypeError",
    "NTMError",
    "NTMTypeError",
    "NTMValueError",
    "PeriodError",
    "ScheduleError",
    "UnknownNameError",
    "did_you_mean",
]


class NTMError(Exception):
    """Base class of every error raised on purpose by ntmcriteria."""


class NTMValueError(NTMError, ValueError):
    """A value has the right type but is not acceptable."""


class NTMTypeError(NTMError, TypeError):
    """A value has the wrong type."""


class FactError(NTMValueError):
    """A fact of a unit is out of its indicator's bounds."""


class FactTypeError(NTMTypeError):
    """A fact of a unit has the wrong type for its indicator."""


class PeriodError(NTMValueError):
    """An assessment year lies outside a criteria set's valid period.

    ``set_id`` and ``year`` say which; ``in_force`` lists the ids of the sets the set
    names for that year (its links to other periods), possibly none.
    """

    def __init__(self, message: str, *, set_id: str = "", year: int | None = None,
                 in_force: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.set_id = set_id
        self.year = year
        self.in_force = in_force


class ScheduleError(NTMError, LookupError):
    """A schedule has no value for the requested region or year."""


class DerivationError(NTMValueError):
    """A derivation names something that does not exist or conflicts."""


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest candidate, or ``""``."""
    names = sorted({str(c) for c in candidates})
    close = difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class UnknownNameError(NTMError, KeyError):
    """A name (indicator, parameter, criterion, set, ...) is not known.

    ``str()`` gives the whole sentence, not the quoted key that ``KeyError``
    would show.
    """

    def __init__(self, kind: str, name: str, candidates: Iterable[str], where: str = "") -> None:
        known = sorted({str(c) for c in candidates})
        name = str(name)
        self.kind = kind
        self.name = name
        self.candidates = tuple(known)
        self.suggestion = did_you_mean(name, known)
        place = f" in {where}" if where else ""
        listing = ", ".join(repr(k) for k in known[:12])
        more = ", ..." if len(known) > 12 else ""
        expected = f"; known: {listing}{more}" if known else "; none are declared"
        self.message = f"unknown {kind} {name!r}{place}{self.suggestion}{expected}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message
