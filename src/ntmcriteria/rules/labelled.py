"""``labelled``: a rule with a Vietnamese and an English label for explanations.

A labelled node evaluates exactly like its rule; its trace is the rule's trace
carrying the label (so it has no detail of its own).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ntmcriteria._values import is_vi, to_label_en, to_label_vi
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules._base import Rule, RuleDetail, depth_field, doc, to_rule
from ntmcriteria.trace import Trace

if TYPE_CHECKING:
    from ntmcriteria.criteria import Checker
    from ntmcriteria.evaluation.compiler import Compiler, Reg
    from ntmcriteria.evaluation.context import Context
    from ntmcriteria.hooks import Directions, Examples, TableItem, WitnessSearch, Words

__all__ = ["Labelled"]


@attrs.frozen(repr=False)
class Labelled(Rule):
    """A rule with a human label (Vietnamese and English); evaluates like its rule."""

    rule: Rule = attrs.field(converter=to_rule, metadata=doc(kind="rule", tag=True))
    vi: str = attrs.field(converter=to_label_vi, metadata=doc(kind="text"))
    en: str = attrs.field(converter=to_label_en, metadata=doc(kind="text"))
    tag: ClassVar[str] = "labelled"
    detail: ClassVar[type[RuleDetail] | None] = None
    leaf: ClassVar[bool] = False
    #: its trace is its rule's trace (with the label): it declares no detail
    transparent: ClassVar[bool] = True
    _depth: int = depth_field()

    def __attrs_post_init__(self) -> None:
        self._set_depth()

    @property
    def parts(self) -> tuple[Rule, ...]:
        return (self.rule,)

    def label(self, lang: str = "vi") -> str:
        return self.vi if is_vi(lang) else self.en

    def with_parts(self, parts: tuple[Rule, ...]) -> Rule:
        return attrs.evolve(self, rule=parts[0])

    def check(self, v: Checker) -> None:
        v.rule(self.rule)

    def evaluate(self, ctx: Context) -> Trace:
        return ctx.part(self.rule, 0).relabelled(self.vi, self.en)

    def compile(self, c: Compiler) -> Reg:
        return c.rule(self.rule, 0)

    def table_items(self, w: Words, prefix: str, label: str) -> list[TableItem]:
        return w.items(self.rule, prefix, self.label(w.lang))

    def witness(self, want: Outcome, s: WitnessSearch) -> Iterator[Any]:
        return s.same(self.rule, want)

    def directions(self, m: Directions, positive: bool) -> Iterator[tuple[str, str]]:
        return m.walk(self.rule, positive)

    @classmethod
    def example(cls, g: Examples) -> Rule | None:
        return cls(g.rule(), g.text(), g.text())

    def __repr__(self) -> str:
        return f"labelled({self.rule!r}, vi={self.vi!r}, en={self.en!r})"
