"""Expressions compared with thresholds: a fact, a difference of facts, a ratio of facts.

``ratio(a, b) >= 1.5`` is decided by multiplication, never by dividing: it passes
when ``a >= 1.5 x b``, and its trace reads "required 1.5 x b, observed a".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import attrs

from ntmcriteria._values import (
    Number,
    Value,
    exact_add,
    exact_mul,
    exact_sub,
    to_indicator_key,
    typed,
)
from ntmcriteria.errors import NTMTypeError
from ntmcriteria.rules._base import doc, kind_named
from ntmcriteria.rules.years import Current, InYear, RecognitionYear, YearRef, YearsBefore

if TYPE_CHECKING:
    from ntmcriteria.evaluation.compiler import Compiler, Reg
    from ntmcriteria.evaluation.context import Context
    from ntmcriteria.hooks import Examples, Words
    from ntmcriteria.indicators import Indicator
    from ntmcriteria.rules.compare import Compare
    from ntmcriteria.trace import Missing

__all__ = ["EXPR_KINDS", "Difference", "Expr", "Fact", "Observation", "Ratio"]

_YEAR_KINDS = (Current, YearsBefore, InYear, RecognitionYear)


@attrs.frozen
class Observation:
    """What an expression read: its value (None: missing), what was missing, its
    indicator, and for a ratio the baseline value and the baseline's year."""

    value: Value | None
    missing: tuple[Missing, ...]
    indicator: Indicator | None
    baseline: Value | None = None
    baseline_year: int | None = None
    #: the (indicator key, year) pairs read, in order (None: the year is unknown)
    reads: tuple[tuple[str, int | None], ...] = ()


class _ExprOps:
    """Operators that turn an expression into a comparison rule."""

    __slots__ = ()

    def _compare(self, op: str, threshold: object) -> Compare:
        compare: Any = kind_named("compare", "ntmcriteria.rules.compare")
        return compare(self, op, threshold)  # type: ignore[no-any-return]

    def __ge__(self, threshold: object) -> Compare:
        return self._compare(">=", threshold)

    def __le__(self, threshold: object) -> Compare:
        return self._compare("<=", threshold)

    def __gt__(self, threshold: object) -> Compare:
        return self._compare(">", threshold)

    def __lt__(self, threshold: object) -> Compare:
        return self._compare("<", threshold)

    def equals(self, threshold: object) -> Compare:
        """The expression equals ``threshold`` (shortfall: the absolute difference)."""
        return self._compare("==", threshold)

    def differs(self, threshold: object) -> Compare:
        """The expression is not equal to ``threshold``."""
        return self._compare("!=", threshold)


@attrs.frozen(repr=False, order=False)
class Fact(_ExprOps):
    """The value of an indicator for the unit, in the year being evaluated or ``at``."""

    key: str = attrs.field(converter=to_indicator_key,
                           metadata=doc(kind="key", tag=True))
    at: YearRef = attrs.field(
        factory=Current,
        validator=typed(_YEAR_KINDS,
                        "a year reference such as years_before(1) or recognition_year('ntm')"),
        metadata=doc(kind="year_ref", optional=True),
    )
    tag: ClassVar[str] = "fact"

    @property
    def primary(self) -> Fact:
        return self

    def facts(self) -> tuple[Fact, ...]:
        return (self,)

    def fact_keys(self) -> tuple[str, ...]:
        return (self.key,)

    def signs(self) -> tuple[tuple[str, int], ...]:
        return ((self.key, 1),)

    def observe(self, ctx: Context) -> Observation:
        year, missing = self.at.resolve(ctx)
        indicator = ctx.indicator(self.key)
        if year is None:
            return Observation(None, missing, indicator, reads=((self.key, None),))
        value, missing = ctx.fact(self.key, year)
        return Observation(value, missing, indicator, reads=((self.key, year),))

    def compile(self, c: Compiler) -> tuple[Reg, Reg | None]:
        return c.fact(self.key, self.at), None

    def bound(self, required: Number, others: Sequence[Number]) -> Number:
        """The value the fact must be compared with for the expression to meet ``required``."""
        return required

    def subject(self, w: Words) -> str:
        return w.indicator_label(self.key)

    def table_subject(self, w: Words) -> str:
        return w.fact(self)

    def __sub__(self, other: Fact) -> Difference:
        if not isinstance(other, Fact):
            return NotImplemented
        return Difference(self, other)

    def relative_to(self, at: YearRef) -> Ratio:
        """This fact compared with its own value ``at`` another year, by a factor."""
        return Ratio(self, Fact(self.key, at))

    @classmethod
    def example(cls, g: Examples) -> Expr | None:
        drawn = g.numeric_fact()
        return None if drawn is None else drawn[0]

    def __repr__(self) -> str:
        if isinstance(self.at, Current):
            return f"fact({self.key!r})"
        return f"fact({self.key!r}, at={self.at!r})"


def _is_fact(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    typed(Fact, "a fact(...)")(instance, attribute, value)


@attrs.frozen(repr=False, order=False)
class Difference(_ExprOps):
    """``left - right`` (e.g. poor households minus exempt poor households)."""

    left: Fact = attrs.field(validator=_is_fact, metadata=doc("difference", kind="pair"))
    right: Fact = attrs.field(validator=_is_fact, metadata=doc("difference", kind="pair"))
    tag: ClassVar[str] = "difference"

    @property
    def primary(self) -> Fact:
        return self.left

    def facts(self) -> tuple[Fact, ...]:
        return (self.left, self.right)

    def fact_keys(self) -> tuple[str, ...]:
        return (self.left.key, self.right.key)

    def signs(self) -> tuple[tuple[str, int], ...]:
        return ((self.left.key, 1), (self.right.key, -1))

    def observe(self, ctx: Context) -> Observation:
        a = self.left.observe(ctx)
        b = self.right.observe(ctx)
        missing = a.missing + b.missing
        reads = a.reads + b.reads
        if a.value is None or b.value is None:
            return Observation(None, missing, a.indicator, reads=reads)
        if isinstance(a.value, bool) or isinstance(b.value, bool):
            raise NTMTypeError(f"{self!r}: a difference needs numbers, not yes/no facts")
        return Observation(exact_sub(a.value, b.value), (), a.indicator, reads=reads)

    def compile(self, c: Compiler) -> tuple[Reg, Reg | None]:
        return c.difference(c.fact(self.left.key, self.left.at),
                            c.fact(self.right.key, self.right.at)), None

    def bound(self, required: Number, others: Sequence[Number]) -> Number:
        return exact_add(required, others[0])

    def subject(self, w: Words) -> str:
        return f"{w.indicator_label(self.left.key)} − {w.indicator_label(self.right.key)}"

    def table_subject(self, w: Words) -> str:
        return f"{w.fact(self.left)} − {w.fact(self.right)}"

    @classmethod
    def example(cls, g: Examples) -> Expr | None:
        first, second = g.numeric_fact(), g.numeric_fact()
        if first is None or second is None:
            return None
        return cls(first[0], second[0])

    def __repr__(self) -> str:
        return f"({self.left!r} - {self.right!r})"


@attrs.frozen(repr=False, order=False)
class Ratio(_ExprOps):
    """``numerator / denominator`` compared with a factor, by multiplication.

    ``ratio(a, b) >= 1.5`` passes when ``a >= 1.5 x b``; the explanation reads
    "required 1.5 x b, observed a", never a rounded quotient.
    """

    numerator: Fact = attrs.field(validator=_is_fact, metadata=doc("ratio", kind="pair"))
    denominator: Fact = attrs.field(validator=_is_fact, metadata=doc("ratio", kind="pair"))
    tag: ClassVar[str] = "ratio"

    @property
    def primary(self) -> Fact:
        return self.numerator

    def facts(self) -> tuple[Fact, ...]:
        return (self.numerator, self.denominator)

    def fact_keys(self) -> tuple[str, ...]:
        return (self.numerator.key, self.denominator.key)

    def signs(self) -> tuple[tuple[str, int], ...]:
        if self.numerator.key == self.denominator.key:
            # the same indicator now and in a base year: raising "it" is ambiguous
            return ((self.numerator.key, 1),)
        return ((self.numerator.key, 1), (self.denominator.key, -1))

    def observe(self, ctx: Context) -> Observation:
        num = self.numerator.observe(ctx)
        den = self.denominator.observe(ctx)
        base_year, _ = self.denominator.at.resolve(ctx)
        return Observation(num.value, num.missing + den.missing, num.indicator,
                           baseline=den.value, baseline_year=base_year,
                           reads=num.reads + den.reads)

    def compile(self, c: Compiler) -> tuple[Reg, Reg | None]:
        return (c.fact(self.numerator.key, self.numerator.at),
                c.fact(self.denominator.key, self.denominator.at))

    def bound(self, required: Number, others: Sequence[Number]) -> Number:
        return exact_mul(required, others[0])

    def subject(self, w: Words) -> str:
        return w.indicator_label(self.numerator.key)

    def table_subject(self, w: Words) -> str:
        return w.fact(self.numerator)

    @classmethod
    def example(cls, g: Examples) -> Expr | None:
        drawn = g.numeric_fact()
        if drawn is None:
            return None
        fact = drawn[0]
        return cls(fact, Fact(fact.key, g.choice([YearsBefore(1), YearsBefore(2)])))

    def __repr__(self) -> str:
        return f"ratio({self.numerator!r}, {self.denominator!r})"


Expr: TypeAlias = Fact | Difference | Ratio
#: Every expression kind.
EXPR_KINDS = (Fact, Difference, Ratio)
