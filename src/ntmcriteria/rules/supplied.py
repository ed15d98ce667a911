"""``rule_param``: a rule the caller (usually a province) supplies as a parameter.

With no rule supplied (and no default declared) the node is UNKNOWN and names
the parameter; with one, it evaluates like the supplied rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ntmcriteria._values import to_parameter_name
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules._base import Rule, RuleDetail, doc
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

__all__ = ["RuleParam", "SuppliedDetail"]


@attrs.frozen(kw_only=True)
class SuppliedDetail(RuleDetail):
    """The parameter a rule was supplied as, and whether it was supplied."""

    kind: ClassVar[str] = "rule_param"
    shortfall_children: ClassVar[bool] = True

    name: str
    supplied: bool

    def summary(self) -> dict[str, Any]:
        return {}

    def sentence(self, trace: Trace, w: Words) -> Sentence:
        text = w.t(f"Quy định do địa phương ban hành {w.parameter(self.name)}",
                   f"Rule supplied by the province {w.parameter(self.name)}")
        return w.finish(trace, text, children=[w.sentence(c) for c in trace.children])

    def distance(self, trace: Trace, d: Distances) -> Fraction | None:
        return d.of(trace.children[0]) if trace.children else Fraction(1)

    def path(self, trace: Trace, p: PathSearch, want: bool) -> Any:
        if not trace.children:
            return p.blocked(trace.missing)
        return p.plan(trace.children[0], want)


@attrs.frozen(repr=False)
class RuleParam(Rule):
    """A rule the caller (usually a province) supplies as a parameter, e.g. "smart village"."""

    name: str = attrs.field(converter=to_parameter_name,
                            metadata=doc(kind="key", tag=True))
    tag: ClassVar[str] = "rule_param"
    detail: ClassVar[type[RuleDetail] | None] = SuppliedDetail

    def with_parts(self, parts: tuple[Rule, ...]) -> Rule:
        return self

    def check(self, v: Checker) -> None:
        v.parameter(self.name, "rule")

    def evaluate(self, ctx: Context) -> Trace:
        rule, missing = ctx.rule_parameter(self.name)
        if rule is None:
            return ctx.trace(self, Outcome.UNKNOWN, SuppliedDetail(name=self.name, supplied=False),
                             missing=missing)
        inner = ctx.part(rule, 0)
        return ctx.trace(self, inner.outcome, SuppliedDetail(name=self.name, supplied=True),
                         children=(inner,), missing=inner.missing)

    def unfolds(self, u: Unfolder) -> Iterable[tuple[Rule, int]]:
        return u.supplied(self.name)

    def compile(self, c: Compiler) -> Reg:
        rule = c.supplied(self.name)
        return c.unknown() if rule is None else c.rule(rule, 0)

    def table_items(self, w: Words, prefix: str, label: str) -> list[TableItem]:
        from ntmcriteria.hooks import TableItem

        return [TableItem(prefix + w.parameter_entry(self.name),
                          w.t("do tỉnh ban hành", "supplied by the province"))]

    def witness(self, want: Outcome, s: WitnessSearch) -> Iterator[Any]:
        return s.supplied(self.name, want)

    def directions(self, m: Directions, positive: bool) -> Iterator[tuple[str, str]]:
        return m.supplied(self.name, positive)

    @classmethod
    def example(cls, g: Examples) -> Rule | None:
        return None  # needs a declared rule parameter, which generated sets do not declare

    def __repr__(self) -> str:
        return f"rule_param({self.name!r})"
