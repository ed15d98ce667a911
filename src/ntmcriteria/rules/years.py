"""Year references: which year's value a fact is read for.

Each reference has one *form*, the data the evaluators and edges work from:
``("offset", n)`` — n years before the year being evaluated (0: that year);
``("year", y)`` — the calendar year y; ``("recognition", tier)`` — the year the
unit was recognised at ``tier`` (UNKNOWN when it was not).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import attrs

from ntmcriteria._values import shown, to_year
from ntmcriteria.errors import NTMValueError
from ntmcriteria.limits import MAX_YEAR
from ntmcriteria.rules._base import doc
from ntmcriteria.units import Tier, to_tier

if TYPE_CHECKING:
    from ntmcriteria.evaluation.context import Context
    from ntmcriteria.hooks import Examples, Words
    from ntmcriteria.trace import Missing

__all__ = ["Current", "InYear", "RecognitionYear", "YearRef", "YearsBefore"]


def _positive_int(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_YEAR:
        raise NTMValueError(
            f"{type(instance).__name__}.{attribute.name} must be a whole number of years "
            f"from 1 to {MAX_YEAR} (got {shown(value)})"
        )


def _to_year(value: object) -> int:
    return to_year(value, "in_year: year")


@attrs.frozen(repr=False)
class Current:
    """The year being evaluated (the assessment year, or a year of a window)."""

    tag: ClassVar[str] = "current"

    @property
    def form(self) -> tuple[str, Any]:
        return ("offset", 0)

    def resolve(self, ctx: Context) -> tuple[int | None, tuple[Missing, ...]]:
        return ctx.year, ()

    def text(self, w: Words) -> str:
        return ""

    @classmethod
    def example(cls, g: Examples) -> YearRef:
        return cls()

    def __repr__(self) -> str:
        return "current()"


@attrs.frozen(repr=False)
class YearsBefore:
    """``n`` years before the year being evaluated."""

    n: int = attrs.field(validator=_positive_int, metadata=doc(kind="offset", tag=True))
    tag: ClassVar[str] = "years_before"

    @property
    def form(self) -> tuple[str, Any]:
        return ("offset", self.n)

    def resolve(self, ctx: Context) -> tuple[int | None, tuple[Missing, ...]]:
        return ctx.year - self.n, ()

    def text(self, w: Words) -> str:
        return w.t(f" ({self.n} năm trước)", f" ({self.n} years before)")

    @classmethod
    def example(cls, g: Examples) -> YearRef:
        return cls(g.integer(1, 3))

    def __repr__(self) -> str:
        return f"years_before({self.n})"


@attrs.frozen(repr=False)
class InYear:
    """A fixed calendar year."""

    year: int = attrs.field(converter=_to_year,
                            metadata=doc(kind="year", tag=True))
    tag: ClassVar[str] = "in_year"

    @property
    def form(self) -> tuple[str, Any]:
        return ("year", self.year)

    def resolve(self, ctx: Context) -> tuple[int | None, tuple[Missing, ...]]:
        return self.year, ()

    def text(self, w: Words) -> str:
        return w.t(f" (năm {self.year})", f" (in {self.year})")

    @classmethod
    def example(cls, g: Examples) -> YearRef:
        return cls(g.integer(2015, 2025))

    def __repr__(self) -> str:
        return f"in_year({self.year})"


@attrs.frozen(repr=False)
class RecognitionYear:
    """The year the unit was recognised at ``tier`` (e.g. the year it became NTM)."""

    tier: Tier = attrs.field(converter=to_tier, metadata=doc(kind="tier", tag=True))
    tag: ClassVar[str] = "recognition_year"

    @property
    def form(self) -> tuple[str, Any]:
        return ("recognition", self.tier)

    def resolve(self, ctx: Context) -> tuple[int | None, tuple[Missing, ...]]:
        return ctx.recognition_year(self.tier)

    def text(self, w: Words) -> str:
        return w.t(f" (năm được công nhận {self.tier.label_vi})",
                   f" (in the year recognised {self.tier.label_en})")

    @classmethod
    def example(cls, g: Examples) -> YearRef:
        return cls(g.choice(list(Tier)))

    def __repr__(self) -> str:
        return f"recognition_year({self.tier.value!r})"


YearRef: TypeAlias = Current | YearsBefore | InYear | RecognitionYear
#: Every year reference kind.
YEAR_KINDS = (Current, YearsBefore, InYear, RecognitionYear)
