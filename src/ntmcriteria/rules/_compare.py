"""Comparisons of facts and expressions with thresholds."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import attrs

from ntmcriteria._values import Number, Value, exact_mul, exact_sub, typed
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules._base import Rule
from ntmcriteria.thresholds import Const, Threshold, resolve, to_threshold
from ntmcriteria.trace import Missing, Trace
from ntmcriteria.units import Tier, to_tier

if TYPE_CHECKING:
    from ntmcriteria._context import Context
    from ntmcriteria.indicators import Indicator

__all__ = [
    "OPERATORS",
    "Compare",
    "Current",
    "Difference",
    "Expr",
    "Fact",
    "InYear",
    "Ratio",
    "RecognitionYear",
    "YearRef",
    "YearsBefore",
]

OPERATORS = (">=", "<=", "==", "!=")


@attrs.frozen(repr=False)
class Current:
    """The year being evaluated (the assessment year, or a year of a window)."""

    def resolve(self, ctx: Context) -> tuple[int | None, tuple[Missing, ...]]:
        return ctx.year, ()

    def __repr__(self) -> str:
        return "current()"


def _positive_int(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise NTMValueError(
            f"{type(instance).__name__}.{attribute.name} must be a whole number >= 1 "
            f"(got {value!r})"
        )


@attrs.frozen(repr=False)
class YearsBefore:
    """``n`` years before the year being evaluated."""

    n: int = attrs.field(
        validator=_positive_int
    )

    def resolve(self, ctx: Context) -> tuple[int | None, tuple[Missing, ...]]:
        return ctx.year - self.n, ()

    def __repr__(self) -> str:
        return f"years_before({self.n})"


@attrs.frozen(repr=False)
class InYear:
    """A fixed calendar year."""

    year: int = attrs.field(validator=typed(int, "a year (an int)"))

    def resolve(self, ctx: Context) -> tuple[int | None, tuple[Missing, ...]]:
        return self.year, ()

    def __repr__(self) -> str:
        return f"in_year({self.year})"


@attrs.frozen(repr=False)
class RecognitionYear:
    """The year the unit was recognised at ``tier`` (e.g. the year it became NTM)."""

    tier: Tier = attrs.field(converter=to_tier)

    def resolve(self, ctx: Context) -> tuple[int | None, tuple[Missing, ...]]:
        return ctx.recognition_year(self.tier)

    def __repr__(self) -> str:
        return f"recognition_year({self.tier.value!r})"


YearRef: TypeAlias = Current | YearsBefore | InYear | RecognitionYear


@attrs.frozen
class Observation:
    value: Value | None
    missing: tuple[Missing, ...]
    indicator: Indicator | None
    baseline: Value | None = None
    baseline_year: int | None = None


class _ExprOps:
    """Operators that turn an expression into a :class:`Compare` rule."""

    __slots__ = ()

    def __ge__(self, threshold: object) -> Compare:
        return Compare(self, ">=", to_threshold(threshold))  # type: ignore[arg-type]

    def __le__(self, threshold: object) -> Compare:
        return Compare(self, "<=", to_threshold(threshold))  # type: ignore[arg-type]

    def equals(self, threshold: object) -> Compare:
        """The expression equals ``threshold`` (shortfall: the absolute difference)."""
        return Compare(self, "==", to_threshold(threshold))  # type: ignore[arg-type]

    def differs(self, threshold: object) -> Compare:
        """The expression is not equal to ``threshold``."""
        return Compare(self, "!=", to_threshold(threshold))  # type: ignore[arg-type]


@attrs.frozen(repr=False, order=False)
class Fact(_ExprOps):
    """The value of an indicator for the unit, in the year being evaluated or ``at``."""

    key: str = attrs.field(validator=typed(str, "an indicator key (a string)"))
    at: YearRef = attrs.field(
        factory=Current,
        validator=typed((Current, YearsBefore, InYear, RecognitionYear),
                        "a year reference such as years_before(1) or recognition_year('ntm')"),
    )

    def observe(self, ctx: Context) -> Observation:
        year, missing = self.at.resolve(ctx)
        if year is None:
            return Observation(None, missing, ctx.indicator(self.key))
        value, missing = ctx.fact(self.key, year)
        return Observation(value, missing, ctx.indicator(self.key))

    def __sub__(self, other: Fact) -> Difference:
        if not isinstance(other, Fact):
            return NotImplemented
        return Difference(self, other)

    def relative_to(self, at: YearRef) -> Ratio:
        """This fact compared with its own value ``at`` another year, by a factor."""
        return Ratio(self, Fact(self.key, at))

    def fact_keys(self) -> tuple[str, ...]:
        return (self.key,)

    def __repr__(self) -> str:
        if isinstance(self.at, Current):
            return f"fact({self.key!r})"
        return f"fact({self.key!r}, at={self.at!r})"


@attrs.frozen(repr=False, order=False)
class Difference(_ExprOps):
    """``left - right`` (e.g. poor households minus exempt poor households)."""

    left: Fact = attrs.field(validator=typed(Fact, "a fact(...)"))
    right: Fact = attrs.field(validator=typed(Fact, "a fact(...)"))

    def observe(self, ctx: Context) -> Observation:
        a = self.left.observe(ctx)
        b = self.right.observe(ctx)
        missing = a.missing + b.missing
        if a.value is None or b.value is None:
            return Observation(None, missing, a.indicator)
        if isinstance(a.value, bool) or isinstance(b.value, bool):
            raise NTMTypeError(f"{self!r}: a difference needs numbers, not yes/no facts")
        return Observation(exact_sub(a.value, b.value), (), a.indicator)

    def fact_keys(self) -> tuple[str, ...]:
        return (self.left.key, self.right.key)

    def __repr__(self) -> str:
        return f"({self.left!r} - {self.right!r})"


@attrs.frozen(repr=False, order=False)
class Ratio(_ExprOps):
    """``numerator / denominator`` compared with a factor, by multiplication.

    ``ratio(a, b) >= 1.5`` passes when ``a >= 1.5 x b``; the explanation reads
    "required 1.5 x b, observed a", never a rounded quotient.
    """

    numerator: Fact = attrs.field(validator=typed(Fact, "a fact(...)"))
    denominator: Fact = attrs.field(validator=typed(Fact, "a fact(...)"))

    def observe(self, ctx: Context) -> Observation:
        num = self.numerator.observe(ctx)
        den = self.denominator.observe(ctx)
        base_year, _ = self.denominator.at.resolve(ctx)
        return Observation(
            num.value,
            num.missing + den.missing,
            num.indicator,
            baseline=den.value,
            baseline_year=base_year,
        )

    def fact_keys(self) -> tuple[str, ...]:
        return (self.numerator.key, self.denominator.key)

    def __repr__(self) -> str:
        return f"ratio({self.numerator!r}, {self.denominator!r})"


Expr: TypeAlias = Fact | Difference | Ratio


def _check_op(instance: Compare, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in OPERATORS:
        raise NTMValueError(
            f"comparison operator must be one of {', '.join(OPERATORS)} (got {value!r})"
        )


def _check_compare(instance: Compare) -> None:
    if not isinstance(instance.expr, Fact | Difference | Ratio):
        raise NTMTypeError(
            f"a comparison needs fact(...), a difference or a ratio (got {instance.expr!r})"
        )
    threshold = instance.threshold
    if (
        isinstance(threshold, Const)
        and isinstance(threshold.value, bool)
        and (instance.op not in ("==", "!=") or not isinstance(instance.expr, Fact))
    ):
        raise NTMValueError(
            f"a yes/no threshold needs a plain fact and '==' or '!=' (got {instance!r})"
        )
    if isinstance(instance.expr, Ratio) and instance.op not in (">=", "<="):
        raise NTMValueError(f"a ratio is compared with '>=' or '<=' only (got {instance.op!r})")


@attrs.frozen(repr=False)
class Compare(Rule):
    """``expr op threshold``: a missing operand gives UNKNOWN naming what is missing."""

    expr: Expr
    op: str = attrs.field(validator=_check_op)
    threshold: Threshold = attrs.field(converter=to_threshold)
    kind: ClassVar[str] = "compare"

    def __attrs_post_init__(self) -> None:
        _check_compare(self)

    def evaluate(self, ctx: Context) -> Trace:
        required, t_missing = resolve(self.threshold, ctx)
        obs = self.expr.observe(ctx)
        factor: Number | None = None
        missing = obs.missing + t_missing
        if isinstance(self.expr, Ratio) and required is not None:
            if isinstance(required, bool):
                raise NTMTypeError(f"{self!r}: a ratio needs a numeric factor")
            factor = required
            baseline = obs.baseline
            if isinstance(baseline, bool):
                raise NTMTypeError(f"{self!r}: a ratio needs numeric facts")
            required = None if baseline is None else exact_mul(factor, baseline)
        base: dict[str, Any] = {
            "rule": self,
            "unit": ctx.unit.code,
            "unit_name": ctx.unit.name,
            "year": ctx.year,
            "indicator": obs.indicator,
            "op": self.op,
            "observed": obs.value,
            "required": required,
            "factor": factor,
            "baseline": obs.baseline,
            "baseline_year": obs.baseline_year,
        }
        if obs.value is None or required is None:
            return Trace(outcome=Outcome.UNKNOWN, missing=_unique(missing), **base)
        ok, shortfall = _compare(self.op, obs.value, required, self)
        return Trace(
            outcome=Outcome.PASS if ok else Outcome.FAIL,
            shortfall=None if ok else shortfall,
            **base,
        )

    def fact_keys(self) -> tuple[str, ...]:
        return self.expr.fact_keys()

    def __repr__(self) -> str:
        expr, op, t = self.expr, self.op, self.threshold
        if (
            isinstance(expr, Fact)
            and isinstance(expr.at, Current)
            and isinstance(t, Const)
            and isinstance(t.value, bool)
            and op == "=="
        ):
            return f"{'yes' if t.value else 'no'}({expr.key!r})"
        if op == "==":
            return f"{expr!r}.equals({t!r})"
        if op == "!=":
            return f"{expr!r}.differs({t!r})"
        return f"({expr!r} {op} {t!r})"


def _unique(items: tuple[Missing, ...]) -> tuple[Missing, ...]:
    return tuple(dict.fromkeys(items))


def _compare(
    op: str, observed: Value, required: Value, rule: Compare
) -> tuple[bool, Number | None]:
    if isinstance(observed, bool) != isinstance(required, bool):
        raise NTMTypeError(
            f"{rule!r}: cannot compare {observed!r} with {required!r}; a yes/no fact needs "
            "yes(...) or no(...), a number needs a numeric threshold"
        )
    if isinstance(observed, bool) or isinstance(required, bool):
        same = observed == required
        return (same if op == "==" else not same), None
    # the shortfall is only computed for a failing comparison (exact arithmetic costs)
    if op == ">=":
        ok = observed >= required
        return ok, None if ok else _norm(exact_sub(required, observed))
    if op == "<=":
        ok = observed <= required
        return ok, None if ok else _norm(exact_sub(observed, required))
    if op == "==":
        if observed == required:
            return True, None
        difference: Number = exact_sub(observed, required)
        return False, _norm(-difference if difference < 0 else difference)
    return observed != required, None


def _norm(value: Number) -> Number:
    """Drop a purely fractional zero tail (``1.0`` -> ``1``) so shortfalls read cleanly."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return Decimal(int(value))  # exact at any size (quantize is bound by the context)
    return value
