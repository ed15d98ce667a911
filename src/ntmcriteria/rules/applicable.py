"""``applies_if``: a rule that applies only where a condition holds.

The texts hold requirements that apply only where something exists ("nếu có":
"100% of upper-secondary schools meet the national standard" cannot be met, or
failed, by a commune that has none). ``applies_if(condition, rule)`` is
NOT_APPLICABLE where ``condition`` FAILs (or is itself not applicable), UNKNOWN
where ``condition`` is UNKNOWN (its missing items are the condition's), and
``rule``'s outcome where ``condition`` passes.

A not-applicable part is left out by every combination (see
:mod:`ntmcriteria.outcome` and ``docs/concepts.md``): ``all_of``, ``any_of`` and
``at_least`` count only the applicable parts, ``share`` and ``count`` leave the
not-applicable members out of the denominator, a set passes when every
applicable criterion passes, and a combination whose parts are all not
applicable is not applicable. Publicodes' ``applicable si`` / ``non applicable
si`` and PNNL's ruleset checker (outcome ``NOT_APPLICABLE``) read it the same way.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ntmcriteria.outcome import Outcome
from ntmcriteria.rules._base import Rule, RuleDetail, depth_field, doc, to_rule
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

__all__ = ["ApplicableDetail", "AppliesIf", "applicable_outcome", "may_not_apply"]


def applicable_outcome(condition: Outcome, outcome: Outcome) -> Outcome:
    """The outcome of ``applies_if`` from the condition's outcome and the rule's."""
    if condition is Outcome.PASS:
        return outcome
    if condition is Outcome.UNKNOWN:
        return Outcome.UNKNOWN
    return Outcome.NOT_APPLICABLE


def _applies(condition: Outcome) -> bool | None:
    if condition is Outcome.PASS:
        return True
    return None if condition is Outcome.UNKNOWN else False


@attrs.frozen(kw_only=True)
class ApplicableDetail(RuleDetail):
    """Whether the rule applies: True (the condition passes), False (it fails or is not
    applicable) or None (it is unknown); the children are (condition, rule)."""

    kind: ClassVar[str] = "applies_if"
    shortfall_children: ClassVar[bool] = True

    applies: bool | None

    def sentence(self, trace: Trace, w: Words) -> Sentence:
        condition, rule = trace.children
        reason = w.sentence(condition)
        if self.applies is False:
            # what does not apply (as in the official table: its data may well be absent)
            # and why: the condition, worded
            what = ""
            if isinstance(trace.rule, AppliesIf):
                what = "; ".join(f"{i.indicator} {i.threshold}".strip()
                                 for i in w.items(trace.rule.rule)) + ": "
            na = w.term("not_applicable")
            text = w.t(f"{what}{na}, vì không thỏa điều kiện áp dụng ({reason.text})",
                       f"{what}{na}, since the condition for it to apply does not hold "
                       f"({reason.text})")
            return w.finish(trace, text[0].upper() + text[1:])
        if self.applies is None:
            text = w.t(f"Chưa xác định được có áp dụng hay không ({reason.text})",
                       f"Not known whether it applies ({reason.text})")
            return w.finish(trace, text, children=[reason, w.sentence(rule)])
        inner = w.sentence(rule)
        text = w.t(f"Áp dụng vì {reason.text}: ", f"Applies since {reason.text}: ") + inner.text
        return w.finish(trace, text, notes=inner.notes, children=list(inner.children))

    def distance(self, trace: Trace, d: Distances) -> Fraction | None:
        if self.applies is not True:
            return Fraction(0)
        return d.of(trace.children[1])

    def path(self, trace: Trace, p: PathSearch, want: bool) -> Any:
        condition, rule = trace.children
        if self.applies is None:
            return p.blocked(condition.missing)
        if self.applies is False:
            if want:  # not applicable never blocks passing: nothing to change
                return p.every((), want)
            return p.unsupported("applies_if", "không áp dụng nên không thể không đạt",
                                 "not applicable, so it cannot fail")
        return p.plan(rule, want)

    def summary(self) -> dict[str, Any]:
        return {}


@attrs.frozen(repr=False)
class AppliesIf(Rule):
    """``rule``, where ``condition`` holds; NOT_APPLICABLE where it fails, UNKNOWN where
    it is unknown."""

    condition: Rule = attrs.field(converter=to_rule, metadata=doc(kind="rule", tag=True))
    rule: Rule = attrs.field(converter=to_rule, metadata=doc(kind="rule"))
    tag: ClassVar[str] = "applies_if"
    detail: ClassVar[type[RuleDetail] | None] = ApplicableDetail
    leaf: ClassVar[bool] = False
    _depth: int = depth_field()

    def __attrs_post_init__(self) -> None:
        self._set_depth()

    @property
    def parts(self) -> tuple[Rule, ...]:
        return (self.condition, self.rule)

    def with_parts(self, parts: tuple[Rule, ...]) -> Rule:
        return attrs.evolve(self, condition=parts[0], rule=parts[1])

    def check(self, v: Checker) -> None:
        v.rule(self.condition)
        v.rule(self.rule)

    def evaluate(self, ctx: Context) -> Trace:
        # both are evaluated (the compiled plan evaluates both, errors included)
        condition = ctx.part(self.condition, 0)
        inner = ctx.part(self.rule, 1)
        outcome = applicable_outcome(condition.outcome, inner.outcome)
        missing = ((condition.missing if condition.outcome is Outcome.UNKNOWN
                    else inner.missing) if outcome is Outcome.UNKNOWN else ())
        return ctx.trace(self, outcome, ApplicableDetail(applies=_applies(condition.outcome)),
                         children=(condition, inner), missing=missing)

    def compile(self, c: Compiler) -> Reg:
        return c.applies_if(c.rule(self.condition, 0), c.rule(self.rule, 1))

    def table_items(self, w: Words, prefix: str, label: str) -> list[TableItem]:
        conditions = "; ".join(f"{item.indicator} {item.threshold}".strip()
                               for item in w.items(self.condition))
        suffix = w.t(f" (chỉ áp dụng khi: {conditions})", f" (applies only when: {conditions})")
        return [attrs.evolve(item, threshold=item.threshold + suffix)
                for item in w.items(self.rule, prefix, label)]

    def witness(self, want: Outcome, s: WitnessSearch) -> Iterator[Any]:
        if want is Outcome.PASS or want is Outcome.FAIL:
            return s.each([(self.condition, Outcome.PASS), (self.rule, want)])
        if want is Outcome.UNKNOWN:  # the condition unknown, or holding for a rule unknown
            return itertools.chain(
                s.same(self.condition, Outcome.UNKNOWN),
                s.each([(self.condition, Outcome.PASS), (self.rule, Outcome.UNKNOWN)]))
        # not applicable: the condition fails, or holds for a rule that does not apply (the
        # search reaches NOT_APPLICABLE soundly through applies_if alone)
        found = s.same(self.condition, Outcome.FAIL)
        if isinstance(self.rule, AppliesIf):
            found = itertools.chain(found, s.each([(self.condition, Outcome.PASS),
                                                   (self.rule, Outcome.NOT_APPLICABLE)]))
        if isinstance(self.condition, AppliesIf):  # a condition that does not apply
            found = itertools.chain(found, s.same(self.condition, Outcome.NOT_APPLICABLE))
        return found

    def directions(self, m: Directions, positive: bool) -> Iterator[tuple[str, str]]:
        # the condition decides whether the rule applies, not whether it passes
        return m.walk(self.rule, positive)

    @classmethod
    def example(cls, g: Examples) -> Rule | None:
        return cls(g.rule(), g.rule())

    def __repr__(self) -> str:
        return f"applies_if({self.condition!r}, {self.rule!r})"


#: the kinds whose outcome is NOT_APPLICABLE when none of their parts applies
_JUNCTIONS = frozenset(("all_of", "any_of", "at_least"))


def may_not_apply(rule: Rule, trace: Trace) -> bool:
    """Whether ``rule``, UNKNOWN in ``trace``, may still turn out NOT_APPLICABLE: an
    ``applies_if`` whose condition is unknown, or holds for a rule that may; an
    ``all_of``, ``any_of`` or ``at_least`` whose every part is not applicable or,
    unknown, may not apply; a ``not`` of a rule that may. Other kinds are not looked
    through (a share whose members may all not apply, say, counts as applying). The
    compiled plan reads the same structure (``Compiler.may_na_tree``)."""
    if trace.outcome is not Outcome.UNKNOWN:
        return False
    tag = getattr(rule, "tag", None)
    children = trace.children
    if isinstance(rule, AppliesIf) and len(children) == 2:
        condition, inner = children
        if condition.outcome is Outcome.UNKNOWN:
            return True
        return condition.outcome is Outcome.PASS and may_not_apply(rule.rule, inner)
    if tag in _JUNCTIONS:
        parts: tuple[Rule, ...] = rule.rules  # type: ignore[attr-defined]
        return len(parts) == len(children) and all(
            child.outcome is Outcome.NOT_APPLICABLE or may_not_apply(part, child)
            for part, child in zip(parts, children, strict=True))
    if tag == "not" and len(children) == 1:
        return may_not_apply(rule.rule, children[0])  # type: ignore[attr-defined]
    return False
