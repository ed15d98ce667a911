"""``compare``: an expression (a fact, a difference or a ratio) against a threshold.

A missing operand gives UNKNOWN, naming the missing fact or parameter.
Otherwise PASS or FAIL, decided exactly; the shortfall is a difference of the
indicator's values (see :mod:`ntmcriteria.rules.operators`), in the unit of
such a difference: percentage points for a percentage, years for a calendar
year, else the indicator's own unit (see :mod:`ntmcriteria.quantity`). A ratio
is compared by multiplication: required = factor x baseline.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ntmcriteria._values import Number, Value, exact_mul, shown
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
from ntmcriteria.rules.expressions import Difference, Expr, Fact, Ratio
from ntmcriteria.rules.operators import Operator, operator_for
from ntmcriteria.thresholds import Const, Threshold, to_threshold
from ntmcriteria.trace import Trace

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

__all__ = ["Compare", "CompareDetail"]

_UP, _DOWN = "up", "down"


@attrs.frozen(kw_only=True)
class CompareDetail(RuleDetail):
    """A comparison's figures, all in the indicator's unit.

    ``observed`` is the expression's value (for a ratio, the numerator);
    ``required`` the threshold (for a ratio, factor x baseline); ``shortfall``
    how far a failing comparison is from passing, a number whose unit is
    ``shortfall_unit`` (``shortfall_quantity`` is the two together).
    """

    kind: ClassVar[str] = "compare"
    reports_shortfall: ClassVar[bool] = True

    expr: Expr
    op: str
    indicator: Indicator | None
    observed: Value | None
    required: Value | None
    shortfall: Number | None = None
    factor: Number | None = None
    baseline: Value | None = None
    baseline_year: int | None = None
    #: (indicator key, year) read for each fact of the expression (None: year unknown)
    reads: tuple[tuple[str, int | None], ...] = ()

    @property
    def operator(self) -> Operator:
        return operator_for(self.op)

    @property
    def shortfall_quantity(self) -> Quantity | None:
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
                **shortfall_columns(self.shortfall_quantity)}

    def sentence(self, trace: Trace, w: Words) -> Sentence:
        from ntmcriteria.hooks import Sentence

        ind = self.indicator
        label = trace.label(w.lang)
        subject = self.expr.subject(w)
        if label:
            subject = f"{label} ({subject})" if isinstance(self.expr, Difference) else label
        sign = self.operator.sign
        observed = (w.term("no_data") if self.observed is None
                    else w.quantity(self.observed, ind))
        obs, req = w.term("observed"), w.term("required")
        if isinstance(self.required, bool):
            wanted = w.value(self.required if self.op == "==" else not self.required)
            text = f"{subject}: {obs} {observed}; {req}: {wanted}"
            return Sentence(trace.outcome, text, w.missing_notes(trace))
        if self.required is None:
            if self.factor is not None:
                year = self.baseline_year
                base = w.t(f"giá trị năm {year}" if year else "giá trị năm gốc",
                           f"the value of {year}" if year else "the baseline value")
                required = (f"{sign} {w.value(self.factor)} × {base} "
                            f"({w.term('not_available')})")
            else:
                required = f"{sign} ({w.term('not_determined')})"
        else:
            required = f"{sign} {w.quantity(self.required, ind)}"
            if self.factor is not None:
                when = ""
                if self.baseline_year is not None:
                    when = w.t(" của năm ", " in ") + str(self.baseline_year)
                required += (f" (= {w.value(self.factor)} × "
                             f"{w.quantity(self.baseline, ind)}{when})")
        text = f"{subject}: {obs} {observed}; {req} {required}"
        quantity = self.shortfall_quantity
        if trace.outcome is Outcome.FAIL and quantity is not None:
            vi, en = self.operator.words
            amount = w.amount(quantity)
            shown = "" if self.required is None else w.quantity(self.required, ind)
            text += w.t(vi, en).format(amount=amount, required=shown)
        return Sentence(trace.outcome, text, w.missing_notes(trace))

    def distance(self, trace: Trace, d: Distances) -> Fraction | None:
        shortfall, required = self.shortfall, self.required
        if shortfall is None or isinstance(required, bool) or required is None:
            return Fraction(1)
        scale = abs(Fraction(required))
        value = Fraction(shortfall)
        if self.operator.strict and value == 0:
            value = Fraction(1, 100)  # at the threshold: one step away
        return value / scale if scale else value

    def path(self, trace: Trace, p: PathSearch, want: bool) -> Any:
        return p.atom(trace, want)


def _check_compare(instance: Compare) -> None:
    if not isinstance(instance.expr, Fact | Difference | Ratio):
        raise NTMTypeError(
            f"a comparison needs fact(...), a difference or a ratio (got {shown(instance.expr)})"
        )
    op = operator_for(instance.op)
    threshold = instance.threshold
    if isinstance(threshold, Const) and isinstance(threshold.value, bool) and (
        not op.yes_no or not isinstance(instance.expr, Fact)
    ):
        raise NTMValueError(
            f"a yes/no threshold needs a plain fact and '==' or '!=' (got {instance!r})"
        )
    if isinstance(instance.expr, Ratio) and not op.ratio:
        raise NTMValueError(
            f"a ratio is compared with '>=', '<=', '>' or '<' only (got {instance.op!r})")


def _to_op(value: object) -> str:
    return operator_for(value).symbol


@attrs.frozen(repr=False)
class Compare(Rule):
    """``expr op threshold``: a missing operand gives UNKNOWN naming what is missing."""

    expr: Expr = attrs.field(metadata=doc("compare", kind="expr", tag=True))
    op: str = attrs.field(converter=_to_op, metadata=doc(kind="op"))
    threshold: Threshold = attrs.field(converter=to_threshold, metadata=doc(kind="threshold"))
    tag: ClassVar[str] = "compare"
    detail: ClassVar[type[RuleDetail] | None] = CompareDetail
    threshold_field: ClassVar[str | None] = "threshold"

    def __attrs_post_init__(self) -> None:
        _check_compare(self)

    @property
    def operator(self) -> Operator:
        return operator_for(self.op)

    def fact_keys(self) -> tuple[str, ...]:
        return self.expr.fact_keys()

    def with_parts(self, parts: tuple[Rule, ...]) -> Rule:
        return self

    # -- checks ------------------------------------------------------------------------
    def check(self, v: Checker) -> None:
        for key in self.expr.fact_keys():
            v.indicator(key)
        for name in self.threshold.parameter_names():
            v.parameter(name, "value")
        indicator = v.indicator(self.expr.primary.key)
        is_bool = isinstance(self.threshold, Const) and isinstance(self.threshold.value, bool)
        if is_bool != (indicator.value_type is ValueType.BOOLEAN):
            v.fail(f"{self!r} compares the {indicator.value_type.value} indicator "
                   f"{indicator.key!r} with {'a yes/no' if is_bool else 'a numeric'} threshold",
                   NTMTypeError)

    # -- evaluation --------------------------------------------------------------------
    def evaluate(self, ctx: Context) -> Trace:
        required, t_missing = self.threshold.resolve(ctx)
        obs = self.expr.observe(ctx)
        factor: Number | None = None
        if isinstance(self.expr, Ratio) and required is not None:
            if isinstance(required, bool):
                raise NTMTypeError(f"{self!r}: a ratio needs a numeric factor")
            factor = required
            baseline = obs.baseline
            if isinstance(baseline, bool):
                raise NTMTypeError(f"{self!r}: a ratio needs numeric facts")
            required = None if baseline is None else exact_mul(factor, baseline)
        detail: dict[str, Any] = {
            "expr": self.expr, "op": self.op, "indicator": obs.indicator,
            "observed": obs.value, "required": required, "factor": factor,
            "baseline": obs.baseline, "baseline_year": obs.baseline_year, "reads": obs.reads,
        }
        if obs.value is None or required is None:
            missing = tuple(dict.fromkeys(obs.missing + t_missing))
            return ctx.trace(self, Outcome.UNKNOWN, CompareDetail(**detail), missing=missing)
        ok, shortfall = _decide(self, obs.value, required)
        return ctx.trace(self, Outcome.PASS if ok else Outcome.FAIL,
                         CompareDetail(shortfall=shortfall, **detail))

    def compile(self, c: Compiler) -> Reg:
        observed, baseline = self.expr.compile(c)
        required = self.threshold.compile(c)
        if baseline is not None:
            required = c.times(required, baseline)
        return c.compare(observed, self.operator, required, self)

    # -- edges -------------------------------------------------------------------------
    def table_items(self, w: Words, prefix: str, label: str) -> list[TableItem]:
        from ntmcriteria.hooks import TableItem

        expr = self.expr
        indicator = w.indicator(expr.primary.key)
        subject = expr.table_subject(w)
        if label:
            subject = f"{label} ({subject})"
        symbol = "" if indicator is None else indicator.symbol(w.lang)
        if symbol:
            subject += f" ({symbol})"
        threshold = self.threshold
        if isinstance(threshold, Const) and isinstance(threshold.value, bool):
            wanted = threshold.value if self.op == "==" else not threshold.value
            return [TableItem(prefix + subject, w.value(wanted))]
        sign = self.operator.sign
        if isinstance(expr, Ratio):
            text = f"{sign} {threshold.text(w, None)} × {w.fact(expr.denominator)}"
        else:
            text = f"{sign} {threshold.text(w, indicator)}"
        return [TableItem(prefix + subject, text)]

    def witness(self, want: Outcome, s: WitnessSearch) -> Iterator[Any]:
        return s.compare(self, want)

    def directions(self, m: Directions, positive: bool) -> Iterator[tuple[str, str]]:
        op = self.operator
        threshold = self.threshold
        if op.direction is None:
            if isinstance(threshold, Const) and isinstance(threshold.value, bool):
                yes_wanted = threshold.value if op.symbol == "==" else not threshold.value
                up = yes_wanted == positive
                yield self.expr.primary.key, _UP if up else _DOWN
                return
            for key in self.expr.fact_keys():
                yield key, _UP
                yield key, _DOWN
            return
        for key, sign in self.expr.signs():
            # raising the fact raises the expression when its sign is positive
            up = ((op.direction == _UP) == (sign > 0)) == positive
            yield key, _UP if up else _DOWN

    @classmethod
    def example(cls, g: Examples) -> Rule | None:
        forms = ["compare", "difference", "relative", "yes_no"]
        form = g.choice(forms)
        if form == "yes_no":
            drawn = g.boolean_fact()
            if drawn is None:
                form = "compare"
            else:
                return cls(drawn[0], g.choice(["==", "!="]), Const(g.choice([True, False])))
        numeric = g.numeric_fact()
        if numeric is None:
            drawn = g.boolean_fact()
            return None if drawn is None else cls(drawn[0], "==", Const(True))
        fact, indicator = numeric
        if form == "difference":
            other = g.numeric_fact()
            assert other is not None  # noqa: S101 - a numeric fact was just drawn
            return cls(Difference(fact, other[0]), g.choice([">=", "<=", ">", "<"]),
                       g.integer(-50, 50))
        if form == "relative" and g.time:
            expr = Ratio.example(g)
            if expr is not None:
                factor = Decimal(f"{g.integer(50, 200)}E-2")
                return cls(expr, g.choice([">=", "<=", ">", "<"]), factor)
        return cls(fact, g.choice([">=", "<=", "==", "!=", ">", "<"]),
                   g.threshold_for(indicator))

    def __repr__(self) -> str:
        expr, op, t = self.expr, self.op, self.threshold
        if (
            isinstance(expr, Fact)
            and expr.at.tag == "current"
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


def _decide(rule: Compare, observed: Value, required: Value) -> tuple[bool, Number | None]:
    if isinstance(observed, bool) != isinstance(required, bool):
        raise NTMTypeError(
            f"{rule!r}: cannot compare {shown(observed)} with {shown(required)}; a yes/no "
            "fact needs yes(...) or no(...), a number needs a numeric threshold"
        )
    op = rule.operator
    ok = op.holds(observed, required)
    if ok or isinstance(observed, bool) or isinstance(required, bool):
        return ok, None
    # the shortfall is only computed for a failing comparison (exact arithmetic costs)
    return ok, op.shortfall(observed, required)
