"""Rules over member units, over years, over other criteria sets, and supplied rules."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ntmcriteria._values import typed
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules._base import Rule, merge_missing
from ntmcriteria.thresholds import Threshold, resolve, to_threshold
from ntmcriteria.trace import Missing, Trace
from ntmcriteria.units import Level, Tier, to_level, to_optional_tier

if TYPE_CHECKING:
    from ntmcriteria._context import Context

__all__ = ["MAX_YEARS", "Count", "HeldEachYear", "MeetsSet", "RuleParam", "Share"]

#: The longest window held_each_year accepts (legal windows are a few years).
MAX_YEARS = 100


def _tally(children: tuple[Trace, ...]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    passed = tuple(c.unit for c in children if c.outcome is Outcome.PASS)
    failed = tuple(c.unit for c in children if c.outcome is Outcome.FAIL)
    unknown = tuple(c.unit for c in children if c.outcome is Outcome.UNKNOWN)
    return passed, failed, unknown


def _no_members(ctx: Context, level: Level) -> Missing:
    return Missing(
        kind="children",
        key=level.value,
        unit=ctx.unit.code,
        label_vi=f"không có {level.label_vi} nào được liệt kê",
        label_en=f"no {level.label_en} listed",
    )


@attrs.frozen(repr=False)
class Share(Rule):
    """The share (in percent) of member units at ``level`` meeting ``rule`` is >= ``at_least``.

    Over N members with p passing and u unknown: PASS if p/N >= s; FAIL if
    (p+u)/N < s; else UNKNOWN, on exact rationals. With N = 0 the result is
    UNKNOWN ("no members listed"), never a vacuous PASS.
    """

    level: Level = attrs.field(converter=to_level)
    rule: Rule = attrs.field(validator=typed(Rule, "a rule"))
    at_least: Threshold = attrs.field(converter=to_threshold)
    kind: ClassVar[str] = "share"
    _depth: int = attrs.field(init=False, default=1, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        self._set_depth()

    @property
    def parts(self) -> tuple[Rule, ...]:
        return (self.rule,)

    def evaluate(self, ctx: Context) -> Trace:
        members = tuple(ctx.unit.descendants(self.level))
        children = tuple(self.rule.evaluate(ctx.for_child(m)) for m in members)
        passed, failed, unknown = _tally(children)
        required, t_missing = resolve(self.at_least, ctx)
        n = len(members)
        base: dict[str, Any] = {
            "rule": self,
            "unit": ctx.unit.code,
            "unit_name": ctx.unit.name,
            "year": ctx.year,
            "children": children,
            "passed": passed,
            "failed": failed,
            "unknown": unknown,
            "total": n,
            "required": required,
            "op": ">=",
        }
        if n == 0:
            return Trace(outcome=Outcome.UNKNOWN, missing=(_no_members(ctx, self.level),), **base)
        observed = _percent(len(passed), n)
        if required is None:
            return Trace(outcome=Outcome.UNKNOWN, missing=t_missing, observed=observed, **base)
        if isinstance(required, bool) or not 0 <= required <= 100:
            raise NTMValueError(
                f"{self!r}: the share threshold must be a percentage in [0, 100] (got {required!r})"
            )
        need = Fraction(required) / 100
        p, u = len(passed), len(unknown)
        more = max(0, math.ceil(need * n) - p)
        if Fraction(p, n) >= need:
            outcome = Outcome.PASS
        elif Fraction(p + u, n) < need:
            outcome = Outcome.FAIL
        else:
            outcome = Outcome.UNKNOWN
        missing = merge_missing(children) if outcome is Outcome.UNKNOWN else ()
        return Trace(
            outcome=outcome,
            missing=missing,
            observed=observed,
            more_needed=more,
            shortfall=None if outcome is Outcome.PASS else more,
            **base,
        )

    def __repr__(self) -> str:
        return f"share({self.level.value!r}, {self.rule!r}, at_least={self.at_least!r})"


def _percent(p: int, n: int) -> Decimal:
    return (Decimal(p * 100) / Decimal(n)).quantize(Decimal("0.01"))


@attrs.frozen(repr=False)
class Count(Rule):
    """At least ``at_least`` member units at ``level`` meet ``rule``.

    PASS if p >= n; FAIL if p + u < n; else UNKNOWN. "More needed" = n - p.
    With no members listed the result is UNKNOWN, as for :class:`Share`.
    """

    level: Level = attrs.field(converter=to_level)
    rule: Rule = attrs.field(validator=typed(Rule, "a rule"))
    at_least: Threshold = attrs.field(converter=to_threshold)
    kind: ClassVar[str] = "count"
    _depth: int = attrs.field(init=False, default=1, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        self._set_depth()

    @property
    def parts(self) -> tuple[Rule, ...]:
        return (self.rule,)

    def evaluate(self, ctx: Context) -> Trace:
        members = tuple(ctx.unit.descendants(self.level))
        children = tuple(self.rule.evaluate(ctx.for_child(m)) for m in members)
        passed, failed, unknown = _tally(children)
        required, t_missing = resolve(self.at_least, ctx)
        base: dict[str, Any] = {
            "rule": self,
            "unit": ctx.unit.code,
            "unit_name": ctx.unit.name,
            "year": ctx.year,
            "children": children,
            "passed": passed,
            "failed": failed,
            "unknown": unknown,
            "total": len(members),
            "observed": len(passed),
            "required": required,
            "op": ">=",
        }
        if not members:
            return Trace(outcome=Outcome.UNKNOWN, missing=(_no_members(ctx, self.level),), **base)
        if required is None:
            return Trace(outcome=Outcome.UNKNOWN, missing=t_missing, **base)
        if isinstance(required, bool) or required != int(required) or required < 0:
            raise NTMValueError(
                f"{self!r}: the count threshold must be a whole number >= 0 (got {required!r})"
            )
        k = int(required)
        p, u = len(passed), len(unknown)
        outcome = Outcome.PASS if p >= k else Outcome.FAIL if p + u < k else Outcome.UNKNOWN
        missing = merge_missing(children) if outcome is Outcome.UNKNOWN else ()
        more = max(0, k - p)
        return Trace(
            outcome=outcome,
            missing=missing,
            more_needed=more,
            shortfall=None if outcome is Outcome.PASS else more,
            **base,
        )

    def __repr__(self) -> str:
        return f"count({self.level.value!r}, {self.rule!r}, at_least={self.at_least!r})"


def _check_years(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_YEARS:
        raise NTMValueError(
            f"held_each_year: years must be a whole number from 1 to {MAX_YEARS} (got {value!r})"
        )


@attrs.frozen(repr=False)
class HeldEachYear(Rule):
    """``rule`` held in each of the ``years`` years before the year being evaluated.

    An all_of over years Y-N .. Y-1; a year with no data is UNKNOWN for that
    year, so one failing year still decides FAIL.
    """

    rule: Rule = attrs.field(validator=typed(Rule, "a rule"))
    years: int = attrs.field(validator=_check_years)
    kind: ClassVar[str] = "held_each_year"
    _depth: int = attrs.field(init=False, default=1, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        self._set_depth()

    @property
    def parts(self) -> tuple[Rule, ...]:
        return (self.rule,)

    def evaluate(self, ctx: Context) -> Trace:
        first = ctx.year - self.years
        children = tuple(
            attrs.evolve(
                self.rule.evaluate(ctx.at_year(y)), label_vi=f"Năm {y}", label_en=f"Year {y}"
            )
            for y in range(first, ctx.year)
        )
        outcome = Outcome.all(c.outcome for c in children)
        missing = merge_missing(children) if outcome is Outcome.UNKNOWN else ()
        failed_years = tuple(str(c.year) for c in children if c.outcome is Outcome.FAIL)
        return Trace(
            rule=self,
            outcome=outcome,
            unit=ctx.unit.code,
            unit_name=ctx.unit.name,
            year=ctx.year,
            children=children,
            missing=missing,
            failed=failed_years,
            total=self.years,
        )

    def __repr__(self) -> str:
        return f"held_each_year({self.rule!r}, years={self.years})"


def _opt_year(instance: object, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise NTMTypeError(f"meets: {attribute.name} must be a year as int or None (got {value!r})")


@attrs.frozen(repr=False)
class MeetsSet(Rule):
    """The unit meets the criteria set ``set_id`` (declared among the set's references).

    If ``tier`` is given, a recognition at that tier counts as meeting the set
    when it was made in ``recognised_from`` or later (and not after the year
    being evaluated); an earlier recognition does not carry over, and the set
    is then assessed on the unit's facts.
    """

    set_id: str = attrs.field(validator=typed(str, "a criteria set id (a string)"))
    tier: Tier | None = attrs.field(default=None, converter=to_optional_tier)
    recognised_from: int | None = attrs.field(default=None, validator=_opt_year)
    kind: ClassVar[str] = "meets"

    def __attrs_post_init__(self) -> None:
        if self.recognised_from is not None and self.tier is None:
            raise NTMValueError(f"meets({self.set_id!r}): recognised_from needs a tier")

    def evaluate(self, ctx: Context) -> Trace:
        other = ctx.reference(self.set_id)
        base: dict[str, Any] = {
            "rule": self,
            "unit": ctx.unit.code,
            "unit_name": ctx.unit.name,
            "year": ctx.year,
            "label_vi": other.label_vi,
            "label_en": other.label_en,
        }
        note_vi = note_en = ""
        if self.tier is not None:
            year = ctx.unit.recognitions.get(self.tier)
            if (
                year is not None
                and year <= ctx.year
                and (self.recognised_from is None or year >= self.recognised_from)
            ):
                return Trace(
                    outcome=Outcome.PASS,
                    observed=year,
                    note_vi=f"đã được công nhận {self.tier.label_vi} năm {year}",
                    note_en=f"recognised {self.tier.label_en} in {year}",
                    **base,
                )
            if year is not None and year > ctx.year:
                note_vi = (
                    f"công nhận {self.tier.label_vi} năm {year} chưa có ở năm {ctx.year} đang xét"
                )
                note_en = (
                    f"the {self.tier.label_en} recognition of {year} is later than the "
                    f"year assessed, {ctx.year}"
                )
            elif year is not None:
                note_vi = (
                    f"công nhận {self.tier.label_vi} năm {year} không được tính "
                    f"(chỉ tính từ năm {self.recognised_from})"
                )
                note_en = (
                    f"the {self.tier.label_en} recognition of {year} does not count "
                    f"(only from {self.recognised_from})"
                )
        children = ctx.for_set(other).evaluate_criteria()
        outcome = Outcome.all(c.outcome for c in children)
        missing = merge_missing(children) if outcome is Outcome.UNKNOWN else ()
        return Trace(
            outcome=outcome,
            children=children,
            missing=missing,
            note_vi=note_vi,
            note_en=note_en,
            **base,
        )

    def __repr__(self) -> str:
        args = [repr(self.set_id)]
        if self.tier is not None:
            args.append(f"tier={self.tier.value!r}")
        if self.recognised_from is not None:
            args.append(f"recognised_from={self.recognised_from}")
        return f"meets({', '.join(args)})"


@attrs.frozen(repr=False)
class RuleParam(Rule):
    """A rule the caller (usually a province) supplies as a parameter, e.g. "smart village"."""

    name: str = attrs.field(validator=typed(str, "a parameter name (a string)"))
    kind: ClassVar[str] = "rule_param"

    def evaluate(self, ctx: Context) -> Trace:
        rule, missing = ctx.rule_parameter(self.name)
        base: dict[str, Any] = {
            "rule": self,
            "unit": ctx.unit.code,
            "unit_name": ctx.unit.name,
            "year": ctx.year,
        }
        if rule is None:
            return Trace(outcome=Outcome.UNKNOWN, missing=missing, **base)
        inner = rule.evaluate(ctx)
        return Trace(outcome=inner.outcome, children=(inner,), missing=inner.missing, **base)

    def __repr__(self) -> str:
        return f"rule_param({self.name!r})"
