"""A recognition (công nhận đạt chuẩn): the year it is for, and the decision that made it.

A recognition has two dates: the assessment (data) **year** it is for, and the
date the decision was **decided** (signed). They differ: under the 2022-2025
rules Quảng Nam recognised its first communes *for 2022* by a decision of
09/08/2023. A unit holds its recognitions by tier
(``recognitions: FrozenMap[Tier, Recognition]``); a plain int is accepted there
as the year the recognition is for (what earlier versions stored).

A rule asking whether a unit was "recognised in year Y" says which date it
means (:data:`RECOGNITION_DATES`: ``"year"``, the default, which the texts use,
or ``"decided"``); :meth:`Recognition.date_year` gives it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

import attrs

from ntmcriteria._values import nfc, shown, to_year
from ntmcriteria.errors import NTMTypeError, NTMValueError, did_you_mean

__all__ = ["RECOGNITION_DATES", "Recognition", "to_date", "to_decision_date", "to_recognition",
           "to_recognition_date"]

#: Which date of a recognition a rule reads: the year it is for (the texts' reading), or
#: the year of the decision.
RECOGNITION_DATES = ("year", "decided")

_FIELDS = ("year", "decided", "decision")


def to_recognition_date(value: object, field: str = "by") -> str:
    """``value`` as one of :data:`RECOGNITION_DATES`, or an error naming ``field``."""
    if not isinstance(value, str) or value not in RECOGNITION_DATES:
        hint = did_you_mean(value, RECOGNITION_DATES) if isinstance(value, str) else ""
        raise NTMValueError(f"{field} must be 'year' (the year recognised for) or 'decided' "
                            f"(the year of the decision) (got {shown(value)}){hint}")
    return value


def to_decision_date(value: object, field: str = "decided") -> datetime.date | None:
    """A decision date: a ``date`` or an ISO date string (None: not known)."""
    return None if value is None else to_date(value, field, "2023-08-09")


def to_date(value: object, field: str, example: str) -> datetime.date:
    """A ``date``, or an ISO date string such as ``example``; never a date and time."""
    if isinstance(value, datetime.datetime):
        raise NTMTypeError(f"{field} must be a date, not a date and time (got {shown(value)})")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise NTMTypeError(f"{field} must be a date or an ISO date such as '{example}' "
                       f"(got {shown(value)})")


def _to_decision(value: object) -> str | None:
    if value is None:
        return None
    text = nfc(value, "decision").strip()
    return text or None


def _year(value: object) -> int:
    return to_year(value, "recognition year")


@attrs.frozen
class Recognition:
    """A recognition at some tier: ``year``, the assessment year it is for; ``decided``,
    the date of the decision (None: not given); ``decision``, its reference, such as
    ``"2165/QĐ-UBND"`` (None: not given). A decision cannot precede the year it
    recognises."""

    year: int = attrs.field(converter=_year)
    decided: datetime.date | None = attrs.field(default=None, converter=to_decision_date)
    decision: str | None = attrs.field(default=None, converter=_to_decision)

    def __attrs_post_init__(self) -> None:
        if self.decided is not None and self.decided.year < self.year:
            raise NTMValueError(
                f"a recognition for {self.year} cannot be decided before that year "
                f"(decided {self.decided.isoformat()})")

    def date_year(self, by: str) -> int | None:
        """The year ``by`` names: the year recognised for, or the decision's year (None:
        the decision date is not given)."""
        if by == "year":
            return self.year
        return None if self.decided is None else self.decided.year

    def describe(self, lang: str = "vi") -> str:
        """``2022`` or ``2022 (quyết định 2165/QĐ-UBND ngày 09/08/2023)``."""
        text = str(self.year)
        extra = []
        if self.decision:
            extra.append(("quyết định " if lang == "vi" else "decision ") + self.decision)
        if self.decided is not None:
            when = self.decided.strftime("%d/%m/%Y")
            extra.append(("ngày " if lang == "vi" else "of ") + when)
        if extra:
            text += " (" + " ".join(extra) + ")"
        return text


def to_recognition(value: object, field: str) -> Recognition:
    """``value`` as a :class:`Recognition`: one already, a year (the year recognised for),
    or a mapping with ``year`` and optional ``decided`` and ``decision``."""
    if isinstance(value, Recognition):
        return value
    if isinstance(value, Mapping):
        unknown = [k for k in value if k not in _FIELDS]
        if unknown:
            key = unknown[0]
            hint = did_you_mean(key, _FIELDS) if isinstance(key, str) else ""
            raise NTMValueError(f"{field}: unknown key {shown(key)}; expected 'year', "
                                f"'decided' or 'decision'{hint}")
        if "year" not in value:
            raise NTMValueError(f"{field} needs the year recognised for ('year')")
        args: dict[str, Any] = dict(value)
        try:
            return Recognition(**args)
        except (NTMTypeError, NTMValueError) as exc:
            raise type(exc)(f"{field}: {exc}") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise NTMTypeError(
            f"{field} must be a year as an int or a Recognition (got "
            f"{type(value).__name__} {shown(value)})")
    return Recognition(to_year(value, field))
