"""The Kleene logic kinds: ``all_of``, ``any_of``, ``at_least`` and ``not_``.

all_of: FAIL if any part fails; else UNKNOWN if any part is unknown; else PASS.
any_of: PASS if any part passes; else UNKNOWN if any is unknown; else FAIL.
at least k of n, with p passing and u unknown parts: PASS if p >= k; FAIL if
p + u < k; else UNKNOWN ("more needed" = k - p). not swaps PASS and FAIL and
keeps UNKNOWN.

Not applicable (see :mod:`ntmcriteria.rules.applicable`): every junction ignores
its not-applicable parts and is not applicable when all its parts are; at least
k counts k among the applicable parts, and is UNKNOWN (never PASS or FAIL) when
fewer than k parts apply; not keeps NOT_APPLICABLE.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ntmcriteria._values import shown
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.outcome import Outcome, at_least_of
from ntmcriteria.quantity import Quantity, QuantityUnit, shortfall_columns
from ntmcriteria.rules._base import (
    Rule,
    RuleDetail,
    check_nonempty,
    depth_field,
    doc,
    merge_missing,
    to_rule,
    to_rules,
)
from ntmcriteria.rules.applicable import may_not_apply
from ntmcriteria.trace import Missing, Trace

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

__all__ = ["AllOf", "AllOfDetail", "AnyOf", "AnyOfDetail", "AtLeast", "AtLeastDetail", "Not",
           "NotDetail"]


@attrs.frozen(kw_only=True)
class _TallyDetail(RuleDetail):
    """How many parts passed, failed and were unknown, and how many had to pass."""

    passed: int
    failed: int
    unknown: int
    total: int
    required: int
    #: parts not applicable (left out of the count)
    not_applicable: int = 0

    @property
    def more_needed(self) -> int:
        return max(0, self.required - self.passed)

    def summary(self) -> dict[str, Any]:
        return {}


def _tally(children: tuple[Trace, ...]) -> tuple[int, int, int, int]:
    passed = failed = na = 0
    for child in children:
        if child.outcome is Outcome.PASS:
            passed += 1
        elif child.outcome is Outcome.FAIL:
            failed += 1
        elif child.outcome is Outcome.NOT_APPLICABLE:
            na += 1
    return passed, failed, len(children) - passed - failed - na, na


def too_few_applicable(unit: str, k: int, applicable: int) -> Missing:
    """The missing item of an at-least-k whose applicable parts are fewer than k."""
    return Missing(
        kind="children", key="applicable_parts", unit=unit,
        label_vi=(f"chỉ {applicable} điều kiện được áp dụng, ít hơn {k} điều kiện cần đạt; "
                  "văn bản chưa quy định cần đạt bao nhiêu khi có điều kiện không áp dụng"),
        label_en=(f"only {applicable} conditions apply, fewer than the {k} required; the text "
                  "does not say how many are needed when some do not apply"))


def _parts_items(rule: AllOf | AnyOf | AtLeast, w: Words, prefix: str, head: str
                 ) -> list[TableItem]:
    from ntmcriteria.rules.labelled import Labelled

    out: list[TableItem] = []
    for index, part in enumerate(rule.rules, 1):
        name = ""
        if isinstance(part, Labelled):
            name = ": " + part.label(w.lang)
            part = part.rule
        out.extend(w.items(part, f"{prefix}({head} {index}{name}) "))
    return out


class _Junction(Rule):
    """What all_of, any_of and at_least share: a tuple of parts."""

    __slots__ = ()
    leaf: ClassVar[bool] = False
    rules: tuple[Rule, ...]

    @property
    def parts(self) -> tuple[Rule, ...]:
        return self.rules

    def with_parts(self, parts: tuple[Rule, ...]) -> Rule:
        return attrs.evolve(self, rules=parts)  # type: ignore[misc]

    def check(self, v: Checker) -> None:
        for part in self.rules:
            v.rule(part)

    def directions(self, m: Directions, positive: bool) -> Iterator[tuple[str, str]]:
        for part in self.rules:
            yield from m.walk(part, positive)

    def _evaluate(self, ctx: Context, need: int | None, detail_cls: type[_TallyDetail]
                  ) -> Trace:
        """``need``: the parts that must pass (None: every applicable part)."""
        children = tuple(ctx.part(rule, index) for index, rule in enumerate(self.rules))
        passed, failed, unknown, na = _tally(children)
        applicable = passed + failed + unknown
        required = applicable if need is None else need
        if not applicable:
            outcome = Outcome.NOT_APPLICABLE
        elif need is None:
            outcome = Outcome.all(c.outcome for c in children)
        else:
            outcome = at_least_of(need, passed, failed, unknown, na, sum(
                may_not_apply(rule, child) for rule, child in zip(self.rules, children,
                                                                  strict=True)
                if child.outcome is Outcome.UNKNOWN))
        missing = merge_missing(children) if outcome is Outcome.UNKNOWN else ()
        if outcome is Outcome.UNKNOWN and applicable < required:
            missing = (*missing, too_few_applicable(ctx.unit.code, required, applicable))
        detail = detail_cls(passed=passed, failed=failed, unknown=unknown, total=len(children),
                            required=required,
                            not_applicable=na)
        return ctx.trace(self, outcome, detail, children=children, missing=missing)

    def __repr__(self) -> str:
        return f"{self.tag}({', '.join(map(repr, self.rules))})"


# ------------------------------------------------------------------------------ all_of
@attrs.frozen(kw_only=True)
class AllOfDetail(_TallyDetail):
    kind: ClassVar[str] = "all_of"
    shortfall_children: ClassVar[bool] = True

    def sentence(self, trace: Trace, w: Words) -> Sentence:
        return w.finish(trace, w.t("Đạt tất cả các điều kiện sau", "All of the following"),
                        children=[w.sentence(c) for c in trace.children])

    def distance(self, trace: Trace, d: Distances) -> Fraction | None:
        return _sum_failing(trace, d)

    def path(self, trace: Trace, p: PathSearch, want: bool) -> Any:
        if want:
            return p.every(trace.children, want)
        return p.choose(trace.children, 1, want)


def _sum_failing(trace: Trace, d: Distances) -> Fraction:
    total = Fraction(0)
    for child in trace.children:
        if child.outcome is Outcome.FAIL:
            total += d.of(child) or Fraction(0)
    return total if trace.children else Fraction(1)


@attrs.frozen(repr=False)
class AllOf(_Junction):
    """PASS when every part passes; one FAIL decides FAIL even if others are unknown."""

    rules: tuple[Rule, ...] = attrs.field(converter=to_rules, validator=check_nonempty,
                                          metadata=doc(kind="rules", tag=True))
    tag: ClassVar[str] = "all_of"
    detail: ClassVar[type[RuleDetail] | None] = AllOfDetail
    _depth: int = depth_field()

    def __attrs_post_init__(self) -> None:
        self._set_depth()

    def evaluate(self, ctx: Context) -> Trace:
        return self._evaluate(ctx, None, AllOfDetail)

    def compile(self, c: Compiler) -> Reg:
        return c.all_of([c.rule(part, index) for index, part in enumerate(self.rules)])

    def table_items(self, w: Words, prefix: str, label: str) -> list[TableItem]:
        return [item for part in self.rules for item in w.items(part, prefix)]

    def witness(self, want: Outcome, s: WitnessSearch) -> Iterator[Any]:
        return s.k_of_n([(part, 0) for part in self.rules], len(self.rules), want,
                        every=True)

    @classmethod
    def example(cls, g: Examples) -> Rule | None:
        return cls(g.rules(1, 3))


# ------------------------------------------------------------------------------ any_of
@attrs.frozen(kw_only=True)
class AnyOfDetail(_TallyDetail):
    kind: ClassVar[str] = "any_of"
    shortfall_children: ClassVar[bool] = True

    def sentence(self, trace: Trace, w: Words) -> Sentence:
        notes: list[str] = []
        if trace.outcome is not Outcome.PASS:
            best = w.closest(trace)
            if best is not None:
                index, child = best
                name = child.label(w.lang) or w.sentence(child).text
                notes.append(w.t(f"Phương án gần đạt nhất: phương án {index + 1} ({name})",
                                 f"Closest alternative: option {index + 1} ({name})"))
        return w.finish(trace, w.t("Đạt ít nhất một trong các điều kiện sau",
                                   "At least one of the following"), notes,
                        [w.sentence(c) for c in trace.children])

    def distance(self, trace: Trace, d: Distances) -> Fraction | None:
        known = [x for x in map(d.of, trace.children) if x is not None]
        return min(known) if known else None

    def path(self, trace: Trace, p: PathSearch, want: bool) -> Any:
        if want:
            return p.choose(trace.children, 1, want)
        return p.every(trace.children, want)


@attrs.frozen(repr=False)
class AnyOf(_Junction):
    """PASS when some part passes; else UNKNOWN if some part is unknown; else FAIL."""

    rules: tuple[Rule, ...] = attrs.field(converter=to_rules, validator=check_nonempty,
                                          metadata=doc(kind="rules", tag=True))
    tag: ClassVar[str] = "any_of"
    detail: ClassVar[type[RuleDetail] | None] = AnyOfDetail
    _depth: int = depth_field()

    def __attrs_post_init__(self) -> None:
        self._set_depth()

    def evaluate(self, ctx: Context) -> Trace:
        return self._evaluate(ctx, 1, AnyOfDetail)

    def compile(self, c: Compiler) -> Reg:
        return c.any_of([c.rule(part, index) for index, part in enumerate(self.rules)])

    def table_items(self, w: Words, prefix: str, label: str) -> list[TableItem]:
        return _parts_items(self, w, prefix, w.t("phương án", "option"))

    def witness(self, want: Outcome, s: WitnessSearch) -> Iterator[Any]:
        return s.k_of_n([(part, 0) for part in self.rules], 1, want)

    @classmethod
    def example(cls, g: Examples) -> Rule | None:
        return cls(g.rules(1, 3))


# ------------------------------------------------------------------------------ at_least
@attrs.frozen(kw_only=True)
class AtLeastDetail(_TallyDetail):
    kind: ClassVar[str] = "at_least"
    reports_shortfall: ClassVar[bool] = True
    shortfall_children: ClassVar[bool] = True

    def sentence(self, trace: Trace, w: Words) -> Sentence:
        text = w.t(f"Đạt ít nhất {self.required} trong {self.total} điều kiện sau "
                   f"(đang đạt {self.passed})",
                   f"At least {self.required} of the following {self.total} "
                   f"({self.passed} met)")
        quantity = self.shortfall_quantity
        if quantity is not None and trace.outcome is not Outcome.PASS:
            text += w.t(f"; cần đạt thêm {w.amount(quantity)}",
                        f"; {w.value(quantity.value)} more {quantity.label('en')} needed")
        return w.finish(trace, text, children=[w.sentence(c) for c in trace.children])

    def distance(self, trace: Trace, d: Distances) -> Fraction | None:
        # FAIL means even every unknown part passing would not reach k; an unknown part
        # counts 1 (its data is needed and it may still fail)
        distances = sorted(
            Fraction(1) if x is None else x
            for x in (d.of(c) for c in trace.children
                      if c.outcome is not Outcome.PASS and c.outcome is not Outcome.NOT_APPLICABLE))
        return sum(distances[:self.more_needed], Fraction(0))

    @property
    def shortfall_quantity(self) -> Quantity | None:
        """The parts more needed, in conditions; ``None`` when enough pass."""
        more = self.more_needed
        return Quantity(more, QuantityUnit.CONDITIONS) if more else None

    @property
    def value_unit(self) -> QuantityUnit | None:
        return QuantityUnit.CONDITIONS

    def summary(self) -> dict[str, Any]:
        return {"observed": self.passed, "required": self.required,
                "observed_unit": QuantityUnit.CONDITIONS.value,
                **shortfall_columns(self.shortfall_quantity),
                "more_needed": self.more_needed if self.passed < self.required else None}

    def path(self, trace: Trace, p: PathSearch, want: bool) -> Any:
        need = (self.required - self.passed if want
                else (self.passed + self.unknown) - (self.required - 1))
        return p.choose(trace.children, need, want)


def _check_k(instance: AtLeast, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise NTMTypeError(f"at_least: k must be an int (got {shown(value)})")
    if not 1 <= value <= len(instance.rules):
        raise NTMValueError(
            f"at_least: k must be between 1 and the number of parts {len(instance.rules)} "
            f"(got {value}); at_least(0, ...) would always pass"
        )


@attrs.frozen(repr=False)
class AtLeast(_Junction):
    """At least ``k`` of the parts pass. PASS if p >= k; FAIL if p + u < k; else UNKNOWN."""

    rules: tuple[Rule, ...] = attrs.field(converter=to_rules, validator=check_nonempty,
                                          metadata=doc("of", kind="rules"))
    k: int = attrs.field(validator=_check_k, metadata=doc(kind="count", tag=True))
    tag: ClassVar[str] = "at_least"
    detail: ClassVar[type[RuleDetail] | None] = AtLeastDetail
    _depth: int = depth_field()

    def __attrs_post_init__(self) -> None:
        self._set_depth()

    def evaluate(self, ctx: Context) -> Trace:
        return self._evaluate(ctx, self.k, AtLeastDetail)

    def compile(self, c: Compiler) -> Reg:
        return c.at_least(self.k, [c.rule(part, index) for index, part in enumerate(self.rules)],
                          self.rules)

    def table_items(self, w: Words, prefix: str, label: str) -> list[TableItem]:
        n = len(self.rules)
        return _parts_items(self, w, prefix, w.t(f"ít nhất {self.k} trong {n}, mục",
                                                 f"at least {self.k} of {n}, item"))

    def witness(self, want: Outcome, s: WitnessSearch) -> Iterator[Any]:
        return s.k_of_n([(part, 0) for part in self.rules], self.k, want)

    @classmethod
    def example(cls, g: Examples) -> Rule | None:
        parts = g.rules(1, 3)
        return cls(parts, g.integer(1, len(parts)))

    def __repr__(self) -> str:
        return f"at_least({self.k}, {', '.join(map(repr, self.rules))})"


# ------------------------------------------------------------------------------ not
@attrs.frozen(kw_only=True)
class NotDetail(RuleDetail):
    kind: ClassVar[str] = "not"
    reports_shortfall: ClassVar[bool] = True

    def sentence(self, trace: Trace, w: Words) -> Sentence:
        return w.finish(trace, w.t("Không được xảy ra điều sau", "The following must not hold"),
                        children=[w.sentence(c) for c in trace.children])

    def distance(self, trace: Trace, d: Distances) -> Fraction | None:
        return Fraction(1)

    def path(self, trace: Trace, p: PathSearch, want: bool) -> Any:
        return p.plan(trace.children[0], not want)

    def summary(self) -> dict[str, Any]:
        return {}


@attrs.frozen(repr=False)
class Not(Rule):
    """Swaps PASS and FAIL; UNKNOWN stays UNKNOWN."""

    rule: Rule = attrs.field(converter=to_rule, metadata=doc(kind="rule", tag=True))
    tag: ClassVar[str] = "not"
    detail: ClassVar[type[RuleDetail] | None] = NotDetail
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
        inner = ctx.part(self.rule, 0)
        return ctx.trace(self, ~inner.outcome, NotDetail(), children=(inner,),
                         missing=inner.missing)

    def compile(self, c: Compiler) -> Reg:
        return c.negate(c.rule(self.rule, 0))

    def table_items(self, w: Words, prefix: str, label: str) -> list[TableItem]:
        return w.items(self.rule, prefix + w.t("không được: ", "must not hold: "))

    def witness(self, want: Outcome, s: WitnessSearch) -> Iterator[Any]:
        return s.same(self.rule, ~want)

    def directions(self, m: Directions, positive: bool) -> Iterator[tuple[str, str]]:
        return m.walk(self.rule, not positive)

    @classmethod
    def example(cls, g: Examples) -> Rule | None:
        return cls(g.rule())

    def __repr__(self) -> str:
        return f"not_({self.rule!r})"
