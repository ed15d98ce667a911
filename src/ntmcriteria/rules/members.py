"""Rules over member units: ``share`` and ``count``.

share of members >= s over N members with p passing and u unknown: PASS if
p / N >= s; FAIL if (p + u) / N < s; else UNKNOWN, on exact rationals. "More
needed" = the least m with (p + m) / N >= s. count >= k: PASS if p >= k; FAIL
if p + u < k. With no members listed both are UNKNOWN ("no members listed"),
never a vacuous PASS. Members whose rule is not applicable are left out: N
counts the applicable members only, and a unit whose members are all not
applicable gets NOT_APPLICABLE.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ntmcriteria._values import shown
from ntmcriteria.errors import NTMValueError
from ntmcriteria.outcome import Outcome
from ntmcriteria.quantity import Quantity, QuantityUnit, members_unit, shortfall_columns
from ntmcriteria.rules._base import Rule, RuleDetail, depth_field, doc, merge_missing, to_rule
from ntmcriteria.rules.applicable import may_not_apply
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

__all__ = [
    "Count",
    "CountDetail",
    "MembersDetail",
    "Share",
    "ShareDetail",
    "count_outcome",
    "no_members",
    "share_outcome",
]


def share_outcome(n: int, p: int, u: int, required: Any) -> Outcome | None:
    """The outcome of a share of ``p`` passing and ``u`` unknown among ``n`` members."""
    if n == 0:
        return Outcome.UNKNOWN
    if isinstance(required, bool) or required is None:
        return None
    need = Fraction(required) / 100
    if Fraction(p, n) >= need:
        return Outcome.PASS
    return Outcome.FAIL if Fraction(p + u, n) < need else Outcome.UNKNOWN


def count_outcome(n: int, p: int, u: int, required: Any) -> Outcome | None:
    """The outcome of a count of ``p`` passing and ``u`` unknown among ``n`` members."""
    if n == 0:
        return Outcome.UNKNOWN
    if isinstance(required, bool) or required is None:
        return None
    if p >= required:
        return Outcome.PASS
    return Outcome.FAIL if p + u < required else Outcome.UNKNOWN


def no_members(unit: str, level: Level) -> Missing:
    """The missing item of an aggregate over a unit with no members at ``level``."""
    return Missing(kind="children", key=level.value, unit=unit,
                   label_vi=f"không có {level.label_vi} nào được liệt kê",
                   label_en=f"no {level.label_en} listed")


@attrs.frozen(kw_only=True)
class MembersDetail(RuleDetail):
    """A tally of member units: the codes that passed, failed and were unknown."""

    reports_shortfall: ClassVar[bool] = True

    level: Level
    passed: tuple[str, ...]
    failed: tuple[str, ...]
    unknown: tuple[str, ...]
    required: Any
    more_needed: int | None = None
    #: the members whose rule does not apply (left out of the denominator)
    not_applicable: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return len(self.passed) + len(self.failed) + len(self.unknown)

    @property
    def shortfall_quantity(self) -> Quantity | None:
        """The members more needed, in members of the level (``2 communes``); ``None``
        when none are."""
        more = self.more_needed
        return Quantity(more, members_unit(self.level)) if more else None

    @property
    def shortfall(self) -> int | None:
        """The number of :attr:`shortfall_quantity` (members more needed), or ``None``."""
        return self.more_needed or None

    @property
    def shortfall_unit(self) -> str:
        """The code of the shortfall's unit (``"communes"``...; "" with no shortfall)."""
        quantity = self.shortfall_quantity
        return "" if quantity is None else quantity.code

    def _observed(self) -> Any:  # pragma: no cover - each kind defines it
        raise NotImplementedError

    def summary(self) -> dict[str, Any]:
        unit = self.value_unit
        return {"observed": self._observed(), "required": self.required, "op": ">=",
                "observed_unit": "" if unit is None else unit.value,
                **shortfall_columns(self.shortfall_quantity),
                "more_needed": self.more_needed, "failed_members": self.failed}

    def path(self, trace: Trace, p: PathSearch, want: bool) -> Any:
        return p.members(trace, self.level, self.more_needed or 0, want)

    def _sentence(self, trace: Trace, w: Words, text: str) -> Sentence:
        from ntmcriteria.hooks import Sentence

        label = trace.label(w.lang)
        if label:
            text = f"{label} — {text}"
        quantity = self.shortfall_quantity
        if quantity is not None and trace.outcome is not Outcome.PASS:
            # the words of the quantity's unit: "cần thêm 2 xã đạt", "2 more communes needed"
            text += w.t(f"; cần thêm {w.amount(quantity)} đạt",
                        f"; {w.value(quantity.value)} more {quantity.label('en')} needed")
        names = {c.unit: w.unit(c.unit) if not c.unit_name else f"{c.unit_name} ({c.unit})"
                 for c in trace.children}
        notes: list[str] = []
        if self.failed:
            notes.append(w.t("Không đạt: ", "Failing: ")
                         + ", ".join(names.get(c, c) for c in self.failed))
        if self.unknown:
            notes.append(w.t("Chưa đủ dữ liệu: ", "Not enough data: ")
                         + ", ".join(names.get(c, c) for c in self.unknown))
        if self.not_applicable:
            notes.append(w.term("not_applicable").capitalize() + w.t(
                " (không tính vào tổng số): ", " (left out of the total): ")
                + ", ".join(names.get(c, c) for c in self.not_applicable))
        notes.extend(w.missing_notes(trace))
        children = w.member_sentences([c for c in trace.children
                                       if c.outcome is not Outcome.PASS])
        return Sentence(trace.outcome, text, tuple(notes), children)


@attrs.frozen(kw_only=True)
class ShareDetail(MembersDetail):
    kind: ClassVar[str] = "share"

    @property
    def observed(self) -> Decimal | None:
        n = self.total
        if n == 0:
            return None
        # to the hundredth, half to even, on exact rationals: whatever the caller's context
        hundredths = round(Fraction(len(self.passed) * 10_000, n))
        return Decimal(f"{hundredths}E-2")

    def _observed(self) -> Any:
        return self.observed

    @property
    def value_unit(self) -> QuantityUnit | None:
        """A share's observed and required values are percentages (its shortfall is in
        members)."""
        return QuantityUnit.PERCENT

    def sentence(self, trace: Trace, w: Words) -> Sentence:
        what = w.level(self.level)
        observed = "—" if self.observed is None else w.value(self.observed) + "%"
        required = "—" if self.required is None else w.value(self.required)
        passed, total = len(self.passed), self.total
        text = w.t(f"Tỷ lệ {what} đạt: {passed}/{total} = {observed}; yêu cầu ≥ {required}%",
                   f"Share of {w.level(self.level, True)} meeting the rule: {passed}/{total} = "
                   f"{observed}; required ≥ {required}%")
        return self._sentence(trace, w, text)

    def distance(self, trace: Trace, d: Distances) -> Fraction | None:
        return Fraction(self.more_needed or 1, self.total or 1)


@attrs.frozen(kw_only=True)
class CountDetail(MembersDetail):
    kind: ClassVar[str] = "count"

    @property
    def observed(self) -> int:
        return len(self.passed)

    def _observed(self) -> Any:
        return self.observed

    @property
    def value_unit(self) -> QuantityUnit | None:
        return members_unit(self.level)

    def sentence(self, trace: Trace, w: Words) -> Sentence:
        what = w.level(self.level)
        required = "—" if self.required is None else w.value(self.required)
        text = w.t(f"Số {what} đạt: {self.observed} (trên tổng số {self.total}); "
                   f"yêu cầu ≥ {required}",
                   f"Number of {w.level(self.level, True)} meeting the rule: {self.observed} "
                   f"(of {self.total}); required ≥ {required}")
        return self._sentence(trace, w, text)

    def distance(self, trace: Trace, d: Distances) -> Fraction | None:
        required = self.required
        k = 1 if isinstance(required, bool) or required is None else int(required)
        return Fraction(self.more_needed or 1, max(k, 1))


def _check_share_value(node: Rule, value: Any) -> None:
    if isinstance(value, bool) or not 0 <= value <= 100:
        raise NTMValueError(
            f"{node!r}: the share threshold must be a percentage in [0, 100] (got {shown(value)})")


def _check_count_value(node: Rule, value: Any) -> None:
    if isinstance(value, bool) or value != int(value) or value < 0:
        raise NTMValueError(
            f"{node!r}: the count threshold must be a whole number >= 0 (got {shown(value)})")


class _Members(Rule):
    """What share and count share: a member level, a member rule and a threshold."""

    __slots__ = ()
    leaf: ClassVar[bool] = False
    threshold_field: ClassVar[str | None] = "at_least"
    level: Level
    rule: Rule
    at_least: Threshold

    @property
    def parts(self) -> tuple[Rule, ...]:
        return (self.rule,)

    def with_parts(self, parts: tuple[Rule, ...]) -> Rule:
        return attrs.evolve(self, rule=parts[0])  # type: ignore[misc]

    def _check_value(self, value: Any) -> None:  # pragma: no cover - each kind defines it
        raise NotImplementedError

    def check(self, v: Checker) -> None:
        for name in self.at_least.parameter_names():
            v.parameter(name, "value")
        if isinstance(self.at_least, Const):
            try:
                self._check_value(self.at_least.value)
            except NTMValueError:
                what = ("a percentage in [0, 100]" if self.tag == "share"
                        else "a whole number >= 0")
                v.fail(f"{self!r}: at_least must be {what} (got {shown(self.at_least.value)})")
        v.member(self.level, self).rule(self.rule)

    def _evaluate(self, ctx: Context, detail_cls: type[MembersDetail]) -> Trace:
        members = ctx.members(self.level)
        children = tuple(ctx.member(self.rule, member) for member in members)
        passed = tuple(c.unit for c in children if c.outcome is Outcome.PASS)
        failed = tuple(c.unit for c in children if c.outcome is Outcome.FAIL)
        unknown = tuple(c.unit for c in children if c.outcome is Outcome.UNKNOWN)
        na = tuple(c.unit for c in children if c.outcome is Outcome.NOT_APPLICABLE)
        required, t_missing = self.at_least.resolve(ctx)
        base: dict[str, Any] = {"level": self.level, "passed": passed, "failed": failed,
                                "unknown": unknown, "required": required,
                                "not_applicable": na}
        if not members:
            return ctx.trace(self, Outcome.UNKNOWN, detail_cls(**base), children=children,
                             missing=(no_members(ctx.unit.code, self.level),))
        n = len(members) - len(na)
        if n == 0:
            return ctx.trace(self, Outcome.NOT_APPLICABLE, detail_cls(**base),
                             children=children)
        if required is None:
            return ctx.trace(self, Outcome.UNKNOWN, detail_cls(**base), children=children,
                             missing=t_missing)
        self._check_value(required)
        p, u = len(passed), len(unknown)
        outcome, more = self._decide(n, p, u, required)
        if outcome is not Outcome.UNKNOWN and u and not p and not failed and all(
                may_not_apply(self.rule, c) for c in children if c.outcome is Outcome.UNKNOWN):
            # every applicable member is unknown and may turn out not applicable: so may
            # the whole tally, which is then neither passed nor failed
            outcome = Outcome.UNKNOWN
        missing = merge_missing(children) if outcome is Outcome.UNKNOWN else ()
        return ctx.trace(self, outcome, detail_cls(more_needed=more, **base),
                         children=children, missing=missing)

    def _decide(self, n: int, p: int, u: int, required: Any
                ) -> tuple[Outcome, int]:  # pragma: no cover - each kind defines it
        raise NotImplementedError

    def _table(self, w: Words, prefix: str, label: str, subject: str, threshold: str
               ) -> list[TableItem]:
        from ntmcriteria.hooks import TableItem

        if label:
            subject = f"{label}: {subject}"
        return [TableItem(prefix + subject, threshold)]

    def _inner(self, w: Words) -> str:
        return "; ".join(f"{i.indicator}: {i.threshold}" for i in w.items(self.rule))

    def directions(self, m: Directions, positive: bool) -> Iterator[tuple[str, str]]:
        return m.walk(self.rule, positive)

    def __repr__(self) -> str:
        return f"{self.tag}({self.level.value!r}, {self.rule!r}, at_least={self.at_least!r})"


@attrs.frozen(repr=False)
class Share(_Members):
    """The share (in percent) of member units at ``level`` meeting ``rule`` is >= ``at_least``.

    Over N members with p passing and u unknown: PASS if p/N >= s; FAIL if
    (p+u)/N < s; else UNKNOWN, on exact rationals. With N = 0 the result is
    UNKNOWN ("no members listed"), never a vacuous PASS.
    """

    level: Level = attrs.field(converter=to_level, metadata=doc(kind="level", tag=True))
    rule: Rule = attrs.field(converter=to_rule, metadata=doc(kind="rule"))
    at_least: Threshold = attrs.field(converter=to_threshold, metadata=doc(kind="threshold"))
    tag: ClassVar[str] = "share"
    detail: ClassVar[type[RuleDetail] | None] = ShareDetail
    _depth: int = depth_field()

    def __attrs_post_init__(self) -> None:
        self._set_depth()

    def _check_value(self, value: Any) -> None:
        _check_share_value(self, value)

    def _decide(self, n: int, p: int, u: int, required: Any) -> tuple[Outcome, int]:
        outcome = share_outcome(n, p, u, required)
        assert outcome is not None  # noqa: S101 - required is a checked number
        return outcome, max(0, math.ceil(Fraction(required) / 100 * n) - p)

    def evaluate(self, ctx: Context) -> Trace:
        return self._evaluate(ctx, ShareDetail)

    def compile(self, c: Compiler) -> Reg:
        members = c.members(self.level)
        mask = members.rule(self.rule, 0)
        tally = c.tally(members, mask)
        need = c.share_need(tally, self.at_least.compile(c), self)
        return c.members_outcome(members, mask, tally, need, self,
                                 rule=self.rule)

    def table_items(self, w: Words, prefix: str, label: str) -> list[TableItem]:
        what = w.level(self.level)
        inner = self._inner(w)
        subject = w.t(f"Tỷ lệ {what} đạt ({inner}) (%)",
                      f"Share of {w.level(self.level, True)} meeting ({inner}) (%)")
        threshold = "≥ " + self.at_least.text(w, None) + (
            "%" if isinstance(self.at_least, Const) else "")
        return self._table(w, prefix, label, subject, threshold)

    def witness(self, want: Outcome, s: WitnessSearch) -> Iterator[Any]:
        return s.members(self.level, self.rule, want, share_outcome, self.at_least, self)

    @classmethod
    def example(cls, g: Examples) -> Rule | None:
        level = g.member_level()
        if level is None:
            return None
        return cls(level, g.member(level).rule(), Decimal(f"{g.integer(0, 1000)}E-1"))


@attrs.frozen(repr=False)
class Count(_Members):
    """At least ``at_least`` member units at ``level`` meet ``rule``.

    PASS if p >= n; FAIL if p + u < n; else UNKNOWN. "More needed" = n - p.
    With no members listed the result is UNKNOWN, as for :class:`Share`.
    """

    level: Level = attrs.field(converter=to_level, metadata=doc(kind="level", tag=True))
    rule: Rule = attrs.field(converter=to_rule, metadata=doc(kind="rule"))
    at_least: Threshold = attrs.field(converter=to_threshold, metadata=doc(kind="threshold"))
    tag: ClassVar[str] = "count"
    detail: ClassVar[type[RuleDetail] | None] = CountDetail
    _depth: int = depth_field()

    def __attrs_post_init__(self) -> None:
        self._set_depth()

    def _check_value(self, value: Any) -> None:
        _check_count_value(self, value)

    def _decide(self, n: int, p: int, u: int, required: Any) -> tuple[Outcome, int]:
        k = int(required)
        outcome = count_outcome(n, p, u, k)
        assert outcome is not None  # noqa: S101 - required is a checked number
        return outcome, max(0, k - p)

    def evaluate(self, ctx: Context) -> Trace:
        return self._evaluate(ctx, CountDetail)

    def compile(self, c: Compiler) -> Reg:
        members = c.members(self.level)
        mask = members.rule(self.rule, 0)
        tally = c.tally(members, mask)
        need = c.count_need(tally, self.at_least.compile(c), self)
        return c.members_outcome(members, mask, tally, need, self,
                                 rule=self.rule)

    def table_items(self, w: Words, prefix: str, label: str) -> list[TableItem]:
        what = w.level(self.level)
        inner = self._inner(w)
        subject = w.t(f"Số {what} đạt ({inner})",
                      f"Number of {w.level(self.level, True)} meeting ({inner})")
        return self._table(w, prefix, label, subject, "≥ " + self.at_least.text(w, None))

    def witness(self, want: Outcome, s: WitnessSearch) -> Iterator[Any]:
        return s.members(self.level, self.rule, want, count_outcome, self.at_least, self)

    @classmethod
    def example(cls, g: Examples) -> Rule | None:
        level = g.member_level()
        if level is None:
            return None
        return cls(level, g.member(level).rule(), g.integer(0, 4))
