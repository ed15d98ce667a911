"""``held_each_year``: a rule held in each of the N years before the year evaluated.

An all_of over the years Y-N .. Y-1; a year with no data is UNKNOWN for that
year, so one failing year still decides FAIL.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ntmcriteria._values import shown
from ntmcriteria.errors import NTMValueError
from ntmcriteria.limits import MAX_WINDOW_YEARS
from ntmcriteria.outcome import Outcome
from ntmcriteria.quantity import Quantity, QuantityUnit, shortfall_columns
from ntmcriteria.rules._base import Rule, RuleDetail, depth_field, doc, merge_missing, to_rule
from ntmcriteria.trace import Trace

if TYPE_CHECKING:
    from ntmcriteria.criteria import Checker
    from ntmcriteria.evaluation.compiler import Compiler, Reg
    from ntmcriteria.evaluation.context import Context
    from ntmcriteria.evaluation.work import Unfolder
    from ntmcriteria.hooks import (
        Directions,
        Distances,
        Examples,
        PathSearch,
        Sentence,
        TableItem,
        WitnessSearch,
        Words,
    )

__all__ = ["HeldEachYear", "WindowDetail"]


@attrs.frozen(kw_only=True)
class WindowDetail(RuleDetail):
    """The years of a window, and those that failed or lacked data."""

    kind: ClassVar[str] = "held_each_year"
    shortfall_children: ClassVar[bool] = True

    first_year: int
    last_year: int
    failed_years: tuple[int, ...]
    unknown_years: tuple[int, ...]

    @property
    def years(self) -> int:
        return self.last_year - self.first_year + 1

    @property
    def shortfall_quantity(self) -> Quantity | None:
        """The years of the window that failed, in years (``None`` when none did); the
        checks that failed in them are the window's shortfalls."""
        failed = len(self.failed_years)
        return Quantity(failed, QuantityUnit.YEARS) if failed else None

    def summary(self) -> dict[str, Any]:
        return {**shortfall_columns(self.shortfall_quantity),
                "failed_members": tuple(str(y) for y in self.failed_years)}

    def sentence(self, trace: Trace, w: Words) -> Sentence:
        text = w.t(f"Đạt trong từng năm của {self.years} năm liền trước "
                   f"({self.first_year}–{self.last_year})",
                   f"Held in each of the {self.years} years before "
                   f"({self.first_year}–{self.last_year})")
        notes = []
        if self.failed_years:
            notes.append(w.t("Năm không đạt: ", "Failing years: ")
                         + ", ".join(map(str, self.failed_years)))
        children = []
        for child in trace.children:
            line = w.sentence(child.relabelled("", ""))
            children.append(attrs.evolve(
                line, text=w.t(f"Năm {child.year}: ", f"Year {child.year}: ") + line.text))
        return w.finish(trace, text, notes, children)

    def distance(self, trace: Trace, d: Distances) -> Fraction | None:
        total = Fraction(0)
        for child in trace.children:
            if child.outcome is Outcome.FAIL:
                total += d.of(child) or Fraction(0)
        return total

    def path(self, trace: Trace, p: PathSearch, want: bool) -> Any:
        # the search needs the window's length: a failing past year cannot be changed, and
        # it stops counting only when it leaves the window
        return p.window(trace, self.years, want)


def _check_years(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_WINDOW_YEARS:
        raise NTMValueError(
            f"held_each_year: years must be a whole number from 1 to {MAX_WINDOW_YEARS} "
            f"(got {shown(value)})"
        )


@attrs.frozen(repr=False)
class HeldEachYear(Rule):
    """``rule`` held in each of the ``years`` years before the year being evaluated."""

    rule: Rule = attrs.field(converter=to_rule, metadata=doc(kind="rule", tag=True))
    years: int = attrs.field(validator=_check_years, metadata=doc(kind="window"))
    tag: ClassVar[str] = "held_each_year"
    detail: ClassVar[type[RuleDetail] | None] = WindowDetail
    leaf: ClassVar[bool] = False
    _depth: int = depth_field()

    def __attrs_post_init__(self) -> None:
        self._set_depth()

    @property
    def parts(self) -> tuple[Rule, ...]:
        return (self.rule,)

    def with_parts(self, parts: tuple[Rule, ...]) -> Rule:
        return attrs.evolve(self, rule=parts[0])

    def check(self, v: Checker) -> None:
        v.rule(self.rule)

    def evaluate(self, ctx: Context) -> Trace:
        first = ctx.year - self.years
        children = tuple(
            ctx.at_year(y).part(self.rule, 0).relabelled(f"Năm {y}", f"Year {y}")
            for y in range(first, ctx.year)
        )
        outcome = Outcome.all(c.outcome for c in children)
        missing = merge_missing(children) if outcome is Outcome.UNKNOWN else ()
        detail = WindowDetail(
            first_year=first, last_year=ctx.year - 1,
            failed_years=tuple(c.year for c in children if c.outcome is Outcome.FAIL),
            unknown_years=tuple(c.year for c in children if c.outcome is Outcome.UNKNOWN))
        return ctx.trace(self, outcome, detail, children=children, missing=missing)

    def compile(self, c: Compiler) -> Reg:
        return c.all_of([c.before(n).rule(self.rule, 0) for n in range(self.years, 0, -1)])

    def unfolds(self, u: Unfolder) -> Iterator[tuple[Rule, int]]:
        return ((self.rule, n) for n in range(1, self.years + 1))

    def table_items(self, w: Words, prefix: str, label: str) -> list[TableItem]:
        suffix = w.t(f" — trong từng năm của {self.years} năm liền trước",
                     f" — in each of the {self.years} years before")
        return [attrs.evolve(item, threshold=item.threshold + suffix)
                for item in w.items(self.rule, prefix, label)]

    def witness(self, want: Outcome, s: WitnessSearch) -> Iterator[Any]:
        return s.k_of_n([(self.rule, -n) for n in range(self.years, 0, -1)], self.years, want)

    def directions(self, m: Directions, positive: bool) -> Iterator[tuple[str, str]]:
        return m.walk(self.rule, positive)

    @classmethod
    def example(cls, g: Examples) -> Rule | None:
        if not g.time:
            return None
        return cls(g.rule(), g.integer(1, 3))

    def __repr__(self) -> str:
        return f"held_each_year({self.rule!r}, years={self.years})"
