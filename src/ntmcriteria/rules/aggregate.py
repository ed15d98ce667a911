"""Aggregates over members: the sum, mean, minimum or maximum of a value over a
level's members, compared with a threshold.

"Resident satisfaction >= 80% in every commune" is ``minimum("commune",
fact("satisfaction")) >= 80``. The result is UNKNOWN when a member's value is
missing, unless the known members already decide: ``minimum(...) >= t`` fails
once a known member is below t, ``maximum(...) >= t`` passes once one reaches
t. Sum and mean need every member. Over no members the result is UNKNOWN ("no
members listed"). Everything is exact: a mean is compared as ``sum op t x n``.

The value lies in an interval ``[lo, hi]`` (an end is open when a missing member
could move it); the comparison passes when it holds over the whole interval,
fails when it holds nowhere in it, and is UNKNOWN otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Context as DecimalContext
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ntmcriteria._values import Number, Value, exact_abs, exact_add, exact_mul, exact_sub, shown
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.indicators import Indicator, ValueType
from ntmcriteria.outcome import Outcome
from ntmcriteria.quantity import (
    Quantity,
    QuantityUnit,
    difference_of,
    shortfall_columns,
    value_unit,
)
from ntmcriteria.rules._base import Rule, RuleDetail, doc
from ntmcriteria.rules.compare import Compare
from ntmcriteria.rules.expressions import Difference, Expr, Fact
from ntmcriteria.rules.members import no_members
from ntmcriteria.rules.operators import OPERATORS, Operator, operator_for
from ntmcriteria.thresholds import Const, Threshold, to_threshold
from ntmcriteria.trace import Missing, Trace
from ntmcriteria.units import Level, to_level

if TYPE_CHECKING:
    from ntmcriteria.criteria import Checker
    from ntmcriteria.evaluation.compiler import Compiler, Reg
    from ntmcriteria.evaluation.context import Context
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

__all__ = ["FUNCTIONS", "Aggregate", "AggregateDetail", "Over"]

#: function -> (Vietnamese, English) name
FUNCTIONS: dict[str, tuple[str, str]] = {
    "sum": ("Tổng", "Total"),
    "mean": ("Bình quân", "Mean"),
    "min": ("Giá trị nhỏ nhất", "Minimum"),
    "max": ("Giá trị lớn nhất", "Maximum"),
}
_CONSTRUCTORS = {"sum": "total", "mean": "mean", "min": "minimum", "max": "maximum"}


def _exact_sum(values: list[Number]) -> Number:
    total: Number = 0
    for value in values:
        total = exact_add(total, value)
    return total


def _mean(total: Number, n: int) -> tuple[Number, bool]:
    """``total / n`` as an exact Decimal when it terminates; else 28 digits, flagged."""
    quotient = Fraction(total) / n
    if quotient.denominator == 1:
        return int(quotient), False
    den = quotient.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    prec = 28 if den != 1 else max(28, len(str(abs(quotient.numerator))) + 30)
    context = DecimalContext(prec=prec, Emax=999_999, Emin=-999_999, traps=[])
    value = context.divide(Decimal(quotient.numerator), Decimal(quotient.denominator))
    return value, den != 1


def interval_outcome(op: Operator, lo: Number | None, hi: Number | None, t: Number) -> Outcome:
    """PASS when ``v op t`` holds for every v in [lo, hi], FAIL when for none, else UNKNOWN
    (``None``: an open end)."""
    def holds(v: Number | None, symbol: str) -> bool:
        return v is not None and OPERATORS[symbol].holds(v, t)

    s = op.symbol
    if s in (">=", ">"):
        every, none = holds(lo, s), holds(hi, op.negation)
    elif s in ("<=", "<"):
        every, none = holds(hi, s), holds(lo, op.negation)
    elif s == "==":
        every = holds(lo, "==") and holds(hi, "==")
        none = holds(lo, ">") or holds(hi, "<")
    else:
        every = holds(lo, ">") or holds(hi, "<")
        none = holds(lo, "==") and holds(hi, "==")
    return Outcome.PASS if every else Outcome.FAIL if none else Outcome.UNKNOWN


@attrs.frozen(kw_only=True)
class AggregateDetail(RuleDetail):
    """An aggregate's figures: the value over the known members, the threshold, the members
    whose own value fails the comparison, and those with no data."""

    kind: ClassVar[str] = "aggregate"
    reports_shortfall: ClassVar[bool] = True

    level: Level
    fn: str
    expr: Expr
    op: str
    indicator: Indicator | None
    observed: Value | None
    required: Value | None
    total: int
    shortfall: Number | None = None
    #: the observed value is over the known members only (others have no data)
    partial: bool = False
    #: a mean that does not terminate, shown to 28 digits (the decision is exact)
    approximate: bool = False
    failing: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()

    @property
    def operator(self) -> Operator:
        return operator_for(self.op)

    @property
    def shortfall_quantity(self) -> Quantity | None:
        """The shortfall with its unit, that of a difference of the indicator's values."""
        return difference_of(self.shortfall, self.indicator)

    @property
    def shortfall_unit(self) -> str:
        """The code of the shortfall's unit ("" when there is no shortfall)."""
        quantity = self.shortfall_quantity
        return "" if quantity is None else quantity.code

    @property
    def value_unit(self) -> QuantityUnit | None:
        return value_unit(self.indicator)

    def summary(self) -> dict[str, Any]:
        unit = self.value_unit
        return {"indicator": self.indicator,
                "op": self.op, "observed": self.observed, "required": self.required,
                "observed_unit": "" if unit is None else unit.value,
                **shortfall_columns(self.shortfall_quantity),
                "failed_members": self.failing}

    def sentence(self, trace: Trace, w: Words) -> Sentence:
        from ntmcriteria.hooks import Sentence

        ind = self.indicator
        name = w.t(*FUNCTIONS[self.fn])
        subject = trace.label(w.lang) or w.t(
            f"{name} của {self.expr.subject(w)} ở các {w.level(self.level)}",
            f"{name} of {self.expr.subject(w)} over the {w.level(self.level, True)}")
        if self.observed is None:
            observed = w.term("no_data")
        else:
            observed = ("≈ " if self.approximate else "") + w.quantity(self.observed, ind)
            if self.partial:
                observed += w.t(" (trong số đã có số liệu)", " (over the members with data)")
        required = ("—" if self.required is None
                    else f"{self.operator.sign} {w.quantity(self.required, ind)}")
        text = f"{subject}: {w.term('observed')} {observed}; {w.term('required')} {required}"
        quantity = self.shortfall_quantity
        if trace.outcome is Outcome.FAIL and quantity is not None:
            vi, en = self.operator.words
            shown = "" if self.required is None else w.quantity(self.required, ind)
            text += w.t(vi, en).format(amount=w.amount(quantity), required=shown)
        notes: list[str] = []
        if self.failing:
            notes.append(w.t("Không đạt: ", "Failing: ")
                         + ", ".join(w.unit(c) for c in self.failing))
        if self.unknown:
            notes.append(w.t("Chưa có số liệu: ", "No data: ")
                         + ", ".join(w.unit(c) for c in self.unknown))
        notes.extend(w.missing_notes(trace))
        return Sentence(trace.outcome, text, tuple(notes))

    def distance(self, trace: Trace, d: Distances) -> Fraction | None:
        if self.shortfall is None or self.required is None or isinstance(self.required, bool):
            return Fraction(1)
        scale = abs(Fraction(self.required))
        value = Fraction(self.shortfall) or Fraction(1, 100)
        return value / scale if scale else value

    def path(self, trace: Trace, p: PathSearch, want: bool) -> Any:
        if self.fn in ("sum", "mean") or not trace.children or not want:
            return p.unsupported("aggregate", "điều kiện tổng hợp trên các đơn vị trực thuộc",
                                 "an aggregate over member units")
        passing = sum(c.outcome is Outcome.PASS for c in trace.children)
        every = (self.fn == "min") == (self.operator.direction == "up")
        need = len(trace.children) - passing if every else max(0, 1 - passing)
        return p.members(trace, self.level, need, want)


def _check_fn(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in FUNCTIONS:
        raise NTMValueError(
            f"an aggregate's function must be one of {', '.join(FUNCTIONS)} (got {shown(value)})")


def _to_op(value: object) -> str:
    return operator_for(value).symbol


def _check_expr(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Fact | Difference):
        raise NTMTypeError(
            f"an aggregate needs fact(...) or a difference of facts (got {shown(value)})")


@attrs.frozen(repr=False)
class Aggregate(Rule):
    """``fn`` (sum, mean, min or max) of ``expr`` over the members at ``level``, ``op``
    ``threshold``."""

    fn: str = attrs.field(validator=_check_fn, metadata=doc("aggregate", kind="function",
                                                            tag=True))
    level: Level = attrs.field(converter=to_level, metadata=doc(kind="level"))
    expr: Expr = attrs.field(validator=_check_expr, metadata=doc("of", kind="expr"))
    op: str = attrs.field(converter=_to_op, metadata=doc(kind="op"))
    threshold: Threshold = attrs.field(converter=to_threshold, metadata=doc(kind="threshold"))
    tag: ClassVar[str] = "aggregate"
    detail: ClassVar[type[RuleDetail] | None] = AggregateDetail
    threshold_field: ClassVar[str | None] = "threshold"

    def __attrs_post_init__(self) -> None:
        if isinstance(self.threshold, Const) and isinstance(self.threshold.value, bool):
            raise NTMValueError(f"an aggregate compares numbers, not yes/no values ({self!r})")

    @property
    def operator(self) -> Operator:
        return operator_for(self.op)

    def member_rule(self, threshold: Threshold | None = None) -> Compare:
        """The comparison of one member's value with the threshold."""
        return Compare(self.expr, self.op, self.threshold if threshold is None else threshold)

    def with_parts(self, parts: tuple[Rule, ...]) -> Rule:
        return self

    def check(self, v: Checker) -> None:
        for name in self.threshold.parameter_names():
            v.parameter(name, "value")
        members = v.member(self.level, self)
        for key in self.expr.fact_keys():
            indicator = members.indicator(key)
            if indicator.value_type is ValueType.BOOLEAN:
                members.fail(f"{self!r}: the yes/no indicator {key!r} cannot be aggregated",
                             NTMTypeError)

    # -- evaluation --------------------------------------------------------------------
    def evaluate(self, ctx: Context) -> Trace:
        members = ctx.members(self.level)
        required, t_missing = self.threshold.resolve(ctx)
        values: list[tuple[str, Value | None, tuple[Missing, ...]]] = []
        indicator = None
        for member in members:
            obs = self.expr.observe(ctx.member_context(member))
            indicator = indicator or obs.indicator
            values.append((member.code, obs.value, obs.missing))
        base: dict[str, Any] = {"level": self.level, "fn": self.fn, "expr": self.expr,
                                "op": self.op, "indicator": indicator, "total": len(members),
                                "required": required}
        unknown = tuple(code for code, value, _ in values if value is None)
        missing = tuple(dict.fromkeys(m for _, value, ms in values if value is None for m in ms))
        if not members:
            return ctx.trace(self, Outcome.UNKNOWN,
                             AggregateDetail(observed=None, **base),
                             missing=(no_members(ctx.unit.code, self.level),))
        known: list[Number] = []
        for code, value, _ in values:
            if isinstance(value, bool):
                raise NTMTypeError(f"{self!r}: member {shown(code)} has a yes/no value")
            if value is not None:
                known.append(value)
        if required is None or isinstance(required, bool):
            if isinstance(required, bool):
                raise NTMTypeError(f"{self!r}: the threshold must be a number")
            return ctx.trace(self, Outcome.UNKNOWN,
                             AggregateDetail(observed=None, unknown=unknown, **base),
                             missing=tuple(dict.fromkeys(missing + t_missing)))
        op = self.operator
        observed, lo, hi, t, approximate = self._interval(known, bool(unknown), required)
        outcome = interval_outcome(op, lo, hi, t)
        failing: tuple[str, ...] = ()
        if self.fn in ("min", "max"):
            failing = tuple(code for code, value, _ in values
                            if value is not None and not op.holds(value, required))
        shortfall = None
        if outcome is Outcome.FAIL and observed is not None and not approximate:
            shortfall = op.shortfall(observed, required)
        elif outcome is Outcome.FAIL and observed is not None:
            shortfall, _ = _mean(exact_abs(exact_sub(exact_mul(required, len(members)),
                                                _exact_sum(known))), len(members))
        children: tuple[Trace, ...] = ()
        if self.fn in ("min", "max"):
            rule = self.member_rule(Const(required))
            children = tuple(ctx.member(rule, member) for member in members)
        detail = AggregateDetail(observed=observed, shortfall=shortfall,
                                 partial=bool(unknown) and observed is not None,
                                 approximate=approximate, failing=failing, unknown=unknown,
                                 **base)
        return ctx.trace(self, outcome, detail, children=children,
                         missing=missing if outcome is Outcome.UNKNOWN else ())

    def _interval(self, known: list[Number], unknown: bool, required: Number
                  ) -> tuple[Number | None, Number | None, Number | None, Number, bool]:
        """(observed, lo, hi, threshold to compare with, observed is approximate)."""
        fn = self.fn
        if fn == "min":
            low = min(known) if known else None
            return low, None if unknown else low, low, required, False
        if fn == "max":
            high = max(known) if known else None
            return high, high, None if unknown else high, required, False
        if unknown:
            return None, None, None, required, False
        total = _exact_sum(known)
        if fn == "sum":
            return total, total, total, required, False
        mean, approximate = _mean(total, len(known))
        return mean, total, total, exact_mul(required, len(known)), approximate

    def compile(self, c: Compiler) -> Reg:
        members = c.members(self.level)
        values, _ = self.expr.compile(members)
        lo, hi, n = c.reduce(members, values, "sum" if self.fn == "mean" else self.fn)
        required = self.threshold.compile(c)
        if self.fn == "mean":
            required = c.times(required, n)
        op = self.operator

        def cmp(reg: Reg, symbol: str) -> Reg:
            return c.compare(reg, OPERATORS[symbol], required, self, atom=False)

        s = op.symbol
        if s in (">=", ">"):
            every, none = cmp(lo, s), cmp(hi, op.negation)
        elif s in ("<=", "<"):
            every, none = cmp(hi, s), cmp(lo, op.negation)
        elif s == "==":
            every = c.all_of([cmp(lo, "=="), cmp(hi, "==")])
            none = c.any_of([cmp(lo, ">"), cmp(hi, "<")])
        else:
            every = c.any_of([cmp(lo, ">"), cmp(hi, "<")])
            none = c.all_of([cmp(lo, "=="), cmp(hi, "==")])
        return c.outcome_from(every, none)

    # -- edges -------------------------------------------------------------------------
    def table_items(self, w: Words, prefix: str, label: str) -> list[TableItem]:
        from ntmcriteria.hooks import TableItem

        name = w.t(*FUNCTIONS[self.fn])
        subject = w.t(f"{name} của {self.expr.table_subject(w)} ở các {w.level(self.level)}",
                      f"{name} of {self.expr.table_subject(w)} over the "
                      f"{w.level(self.level, True)}")
        if label:
            subject = f"{label} ({subject})"
        indicator = w.indicator(self.expr.primary.key)
        return [TableItem(prefix + subject,
                          f"{self.operator.sign} {self.threshold.text(w, indicator)}")]

    def _tally(self, n: int, p: int, u: int, required: Any) -> Outcome | None:
        """The aggregate's outcome when ``p`` members pass, ``u`` lack data and the rest fail
        their own comparison with ``required``, where that tally alone decides it."""
        if n == 0:
            return Outcome.UNKNOWN
        f = n - p - u
        if n == 1:  # one member: every function is its value
            return Outcome.PASS if p else Outcome.FAIL if f else Outcome.UNKNOWN
        op = self.operator
        if self.fn in ("min", "max") and op.direction is not None:
            every = (self.fn == "min") == (op.direction == "up")
            if every:
                return Outcome.PASS if p == n else Outcome.FAIL if f else Outcome.UNKNOWN
            return Outcome.PASS if p else Outcome.FAIL if not u else Outcome.UNKNOWN
        if u == n or (u and self.fn in ("sum", "mean")):
            return Outcome.UNKNOWN  # a sum or a mean needs every member
        if self.fn == "sum":
            # every member meets "value op t": so does the sum when n x t does (t >= 0
            # for an upward operator, t <= 0 for a downward one); likewise when all fail
            if op.direction is None or required is None or isinstance(required, bool):
                return None
            up = op.direction == "up"
            if p == n and (required >= 0 if up else required <= 0):
                return Outcome.PASS
            if f == n and (required <= 0 if up else required >= 0):
                return Outcome.FAIL
            return None
        if p == n and (self.fn != "mean" or op.symbol != "!="):
            return Outcome.PASS
        if f == n and (op.direction is not None or self.fn != "mean"):
            return Outcome.FAIL
        return None

    def witness(self, want: Outcome, s: WitnessSearch) -> Iterator[Any]:
        yield from s.members(self.level, self.member_rule(), want, self._tally,
                             self.threshold, self)
        if want is Outcome.UNKNOWN or self.fn in ("min", "max"):
            return
        from ntmcriteria.thresholds import Scaled

        # members all on one side of c = f x t: of t itself for a mean; for a sum over n
        # members, of a share f of t just above or below 1/n (exactly 1/n when it is a
        # decimal), so that n x c lies on either side of t whatever its sign
        symbols = (self.op,) if self.operator.direction else ("==", ">")
        shares: list[tuple[int | None, Decimal]] = [(None, Decimal(1))]
        if self.fn == "sum":
            shares = [(n, Decimal(f) / _SHARE_SCALE) for n in range(2, 13)
                      for f in sorted({-(-_SHARE_SCALE // n), _SHARE_SCALE // n})]
        elif self.operator.direction is not None:
            return  # the members' own comparison already decides a mean
        for only, factor in shares:
            part: Threshold = self.threshold if only is None else Scaled(factor,
                                                                          self.threshold)
            for symbol in symbols:
                yield from s.members(self.level, Compare(self.expr, symbol, part), want,
                                     _EvenTally(self, only, symbol, factor), self.threshold,
                                     self)

    def directions(self, m: Directions, positive: bool) -> Iterator[tuple[str, str]]:
        return self.member_rule().directions(m, positive)

    @classmethod
    def example(cls, g: Examples) -> Rule | None:
        level = g.member_level()
        if level is None:
            return None
        drawn = g.member(level).numeric_fact()
        if drawn is None:
            return None
        fact, indicator = drawn
        return cls(g.choice(list(FUNCTIONS)), level, fact,
                   g.choice([">=", "<=", ">", "<", "==", "!="]), g.threshold_for(indicator))

    def __repr__(self) -> str:
        head = f"{_CONSTRUCTORS[self.fn]}({self.level.value!r}, {self.expr!r})"
        if self.op == "==":
            return f"{head}.equals({self.threshold!r})"
        if self.op == "!=":
            return f"{head}.differs({self.threshold!r})"
        return f"({head} {self.op} {self.threshold!r})"


#: a sum's share per member is f / _SHARE_SCALE (exact for 2, 4, 5, 8, 10 members)
_SHARE_SCALE = 10_000
#: relation -> the relations (<, =, >) it allows between two values
_ALLOWS = {">": {1}, ">=": {1, 0}, "<": {-1}, "<=": {-1, 0}, "==": {0}, "!=": {-1, 1}}


def _sign(value: Fraction) -> int:
    return (value > 0) - (value < 0)


@attrs.frozen
class _EvenTally:
    """The tally of an aggregate's witness whose members all meet (or all fail)
    ``value symbol c`` with c = factor x t, over exactly ``only`` members for a sum (c = t
    for a mean): the aggregate A then relates to t as ``A - t = (A - n c) + t (n f - 1)``
    says (for a mean, A - c alone)."""

    node: Aggregate
    only: int | None
    symbol: str
    factor: Decimal

    def __call__(self, n: int, p: int, u: int, required: Any) -> Outcome | None:
        if n < 2 or (self.only is not None and n != self.only):
            return None
        if required is None or isinstance(required, bool):
            return None
        if p == n:
            member = self.symbol
        elif n - p - u == n:
            member = OPERATORS[self.symbol].negation
        else:
            return None
        if member == "!=":  # values each unlike c may still add up to anything
            return None
        # the aggregate against n c (a mean: against c), then n c against t
        near = _ALLOWS[member]
        if self.only is None:
            far = {0}
        else:
            far = {_sign(Fraction(required) * (n * Fraction(self.factor) - 1))}
        allowed = {_sign(Fraction(a + b)) for a in near for b in far}
        if any(a != b and a and b for a in near for b in far):  # opposite signs: any
            allowed = {-1, 0, 1}
        holds = {r for r in allowed if r in _ALLOWS[self.node.op]}
        if holds == allowed:
            return Outcome.PASS
        return Outcome.FAIL if not holds else None


@attrs.frozen(repr=False, order=False)
class Over:
    """``fn`` of an expression over a level's members, not yet compared: compare it with
    ``>=``, ``<=``, ``>``, ``<``, ``.equals()`` or ``.differs()`` to get a rule."""

    fn: str = attrs.field(validator=_check_fn)
    level: Level = attrs.field(converter=to_level)
    expr: Expr = attrs.field(validator=_check_expr)

    def _rule(self, op: str, threshold: object) -> Aggregate:
        return Aggregate(self.fn, self.level, self.expr, op, threshold)

    def __ge__(self, threshold: object) -> Aggregate:
        return self._rule(">=", threshold)

    def __le__(self, threshold: object) -> Aggregate:
        return self._rule("<=", threshold)

    def __gt__(self, threshold: object) -> Aggregate:
        return self._rule(">", threshold)

    def __lt__(self, threshold: object) -> Aggregate:
        return self._rule("<", threshold)

    def equals(self, threshold: object) -> Aggregate:
        return self._rule("==", threshold)

    def differs(self, threshold: object) -> Aggregate:
        return self._rule("!=", threshold)

    def __repr__(self) -> str:
        return f"{_CONSTRUCTORS[self.fn]}({self.level.value!r}, {self.expr!r})"
