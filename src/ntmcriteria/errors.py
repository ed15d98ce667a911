"""The library's exceptions.

Every exception raised on purpose by ntmcriteria derives from :class:`NTMError`,
and also from the built-in exception that fits it (``ValueError``,
``TypeError``, ``KeyError``, ``LookupError``), so callers may catch either.
Messages name the field, the value and what was expected.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ntmcriteria.limits import MAX_MESSAGE, MAX_QUOTED, MAX_SUGGESTED_NAME

__all__ = [
    "ClassConflictError",
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


def bounded(message: str) -> str:
    """``message`` cut to :data:`~ntmcriteria.limits.MAX_MESSAGE` characters, keeping its
    start and its end (what was expected is often said last)."""
    if len(message) <= MAX_MESSAGE:
        return message
    keep = MAX_MESSAGE // 2
    cut = len(message) - 2 * keep
    return f"{message[:keep]} [... {cut:,} characters cut ...] {message[-keep:]}"


class NTMError(Exception):
    """Base class of every error raised on purpose by ntmcriteria.

    Its message is bounded (:data:`~ntmcriteria.limits.MAX_MESSAGE` characters): a bad
    value is quoted by a bounded prefix, never whole.
    """

    def __init__(self, *args: object) -> None:
        if len(args) == 1 and isinstance(args[0], str):
            args = (bounded(args[0]),)
        super().__init__(*args)


class NTMValueError(NTMError, ValueError):
    """A value has the right type but is not acceptable."""


class NTMTypeError(NTMError, TypeError):
    """A value has the wrong type."""


class FactError(NTMValueError):
    """A fact of a unit is out of its indicator's bounds."""


class ClassConflictError(NTMValueError):
    """A unit's fact contradicts its own classification field (``zone="KV1"`` with the
    fact ``in_zone_kv2 = True``): ``field``, ``code``, ``fact`` and ``fact_value`` say
    which."""

    def __init__(self, message: str, *, field: str = "", code: str = "", fact: str = "",
                 fact_value: bool | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.code = code
        self.fact = fact
        self.fact_value = fact_value


class FactTypeError(NTMTypeError):
    """A fact of a unit has the wrong type for its indicator."""


class PeriodError(NTMValueError):
    """An assessment year lies outside a criteria set's valid period.

    ``set_id`` and ``year`` say which; ``in_force`` lists the ids of the sets the set
    names for that year (its links to other periods), possibly none; ``referenced_by`` is
    the set that refers to ``set_id`` when it is a referenced set (a ``meets``), not the
    set assessed (``""``).
    """

    def __init__(self, message: str, *, set_id: str = "", year: int | None = None,
                 in_force: tuple[str, ...] = (), referenced_by: str = "") -> None:
        super().__init__(message)
        self.set_id = set_id
        self.year = year
        self.in_force = in_force
        self.referenced_by = referenced_by


class ScheduleError(NTMError, LookupError):
    """A schedule has no value for the requested region or year."""


class DerivationError(NTMValueError):
    """A derivation names something that does not exist or conflicts."""


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest candidate, or ``""``."""
    word = _text(name)
    if not word or len(word) > _MAX_SUGGESTED:
        return ""  # nothing that long is a typo of a declared name
    names = sorted({text for text in map(_text, candidates) if len(text) <= _MAX_SUGGESTED})
    # the same name in other letter case (``C1``, ``VN.COMMUNE...``) first: difflib
    # compares characters, so a short or shouted name is rarely "close" to its own
    folded = word.casefold()
    same = [n for n in names if n.casefold() == folded and n != word]
    close = same or difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if not close:  # in one case: a typo in a name written in the other
        lowered = {n.casefold(): n for n in names}
        found = difflib.get_close_matches(folded, list(lowered), n=1, cutoff=0.6)
        close = [lowered[found[0]]] if found else []
    return f" (did you mean {_quote(close[0])}?)" if close else ""


_MAX_SUGGESTED = MAX_SUGGESTED_NAME


def _text(value: object) -> str:
    """``str(value)``, or its type's name when that fails (an int of over 4,300 digits)."""
    if isinstance(value, str):
        return value
    try:
        return str(value)
    except Exception:  # a value's own str may fail; the message must not
        return f"<{type(value).__name__}>"


def _quote(name: str) -> str:
    if len(name) <= MAX_QUOTED:
        return repr(name)
    return f"{name[:MAX_QUOTED]!r}... ({len(name):,} characters)"


class UnknownNameError(NTMError, KeyError):
    """A name (indicator, parameter, criterion, set, ...) is not known.

    ``str()`` gives the whole sentence, not the quoted key that ``KeyError``
    would show.
    """

    def __init__(self, kind: str, name: str, candidates: Iterable[str], where: str = "") -> None:
        known = sorted({_text(c) for c in candidates})
        name = _text(name)
        self.kind = kind
        self.name = name
        self.candidates = tuple(known)
        self.suggestion = did_you_mean(name, known)
        place = f" in {where}" if where else ""
        listing = ", ".join(_quote(k) for k in known[:12])
        more = ", ..." if len(known) > 12 else ""
        expected = f"; known: {listing}{more}" if known else "; none are declared"
        self.message = bounded(
            f"unknown {kind} {_quote(name)}{place}{self.suggestion}{expected}")
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message
