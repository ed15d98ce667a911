"""``rule_param``: a rule the caller (usually a province) supplies as a parameter.

With no rule supplied (and no default declared) the node is UNKNOWN and names
the parameter; with one, it evaluates like the supplied rule. A parameter keyed
by a classification (``keyed_by=("group",)``) may be given a :class:`RuleTable`,
one rule per value (``rule_table({"1": ..., "2": ..., "3": ...}, by="group")``):
the unit's value picks the rule; a value the table does not list, or a unit
whose value is not known, is UNKNOWN and names what is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import attrs

from ntmcriteria._values import to_parameter_name
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules._base import Rule, RuleDetail, doc
from ntmcriteria.thresholds import check_class_name, class_code
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

__all__ = ["RuleParam", "RuleTable", "SuppliedDetail", "rule_table"]

#: A rule table's key: ``(classification, code)`` pairs in the order of the names.
TableKey: TypeAlias = tuple[tuple[str, str], ...]


def _to_table(value: object) -> tuple[tuple[TableKey, Rule], ...]:
    items = list(value.items()) if isinstance(value, Mapping) else (
        list(value) if isinstance(value, tuple | list) else None)
    if items is None:
        raise NTMTypeError(f"a rule table must be a mapping of key to rule (got {value!r:.60})")
    entries: dict[TableKey, Rule] = {}
    for item in items:
        if not isinstance(item, tuple) or len(item) != 2:
            raise NTMTypeError(f"a rule table entry must be a (key, rule) pair (got {item!r:.60})")
        raw, rule = item
        if not isinstance(raw, tuple) or not raw or not all(
                isinstance(p, tuple) and len(p) == 2 for p in raw):
            raise NTMTypeError(
                f"a rule table key must be (classification, code) pairs (got {raw!r:.60})")
        if not isinstance(rule, Rule):
            raise NTMTypeError(f"a rule table maps keys to rules (got {rule!r:.60} for {raw!r})")
        names = [check_class_name(n) for n, _ in raw]
        if len(set(names)) != len(names):
            raise NTMValueError(f"rule table key {raw!r} names a classification twice")
        key = tuple(sorted((n, class_code(n, c)) for n, c in raw))
        if key in entries:
            raise NTMValueError(f"the rule table lists the key {raw!r} twice")
        entries[key] = rule
    if not entries:
        raise NTMValueError("a rule table must have at least one entry")
    if len({tuple(n for n, _ in k) for k in entries}) != 1:
        raise NTMValueError("the keys of a rule table must all name the same classifications")
    return tuple(sorted(entries.items(), key=lambda e: e[0]))


@attrs.frozen
class RuleTable:
    """One supplied rule per value of the classifications a rule parameter is keyed by."""

    entries: tuple[tuple[TableKey, Rule], ...] = attrs.field(converter=_to_table)

    @property
    def by(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.entries[0][0])

    def find(self, key: Mapping[str, str]) -> tuple[int, Rule] | None:
        """The position and rule of the entry for ``key`` (classification -> code)."""
        wanted = tuple((name, key.get(name)) for name in self.by)
        for index, (entry, rule) in enumerate(self.entries):
            if entry == wanted:
                return index, rule
        return None

    def rules(self) -> tuple[Rule, ...]:
        return tuple(rule for _, rule in self.entries)

    def __repr__(self) -> str:
        inner = ", ".join(
            f"{codes[0][1]!r}: {rule!r}" if len(codes) == 1
            else f"({', '.join(repr(c) for _, c in codes)}): {rule!r}"
            for codes, rule in self.entries)
        return f"rule_table({{{inner}}}, by={self.by!r})"


def rule_table(values: Mapping[Any, Rule], by: str | Sequence[str]) -> RuleTable:
    """A rule per value of ``by``: ``rule_table({"1": r1, "2": r2}, by="group")``; with two
    classifications the keys are tuples in the order of ``by``."""
    names = (by,) if isinstance(by, str) else tuple(by)
    if not names or not all(isinstance(n, str) for n in names) or "year" in names:
        raise NTMTypeError(f"by must name one or more classifications, not 'year' (got {by!r:.60})")
    if not isinstance(values, Mapping):
        raise NTMTypeError(f"rule table values must be a mapping (got {type(values).__name__})")
    entries = []
    for raw, rule in values.items():
        parts = raw if isinstance(raw, tuple) else (raw,)
        if len(parts) != len(names):
            raise NTMValueError(f"rule table key {raw!r} must give one code for each of {names!r}")
        entries.append((tuple(zip(names, parts, strict=True)), rule))
    return RuleTable(tuple(entries))


@attrs.frozen(kw_only=True)
class SuppliedDetail(RuleDetail):
    """The parameter a rule was supplied as, and whether it was supplied."""

    kind: ClassVar[str] = "rule_param"
    shortfall_children: ClassVar[bool] = True

    name: str
    supplied: bool
    #: the classification values that picked the rule from a rule table
    key: tuple[tuple[str, str], ...] = ()

    def summary(self) -> dict[str, Any]:
        return {}

    def sentence(self, trace: Trace, w: Words) -> Sentence:
        text = w.t(f"Quy định do địa phương ban hành {w.parameter(self.name)}",
                   f"Rule supplied by the province {w.parameter(self.name)}")
        if self.key:
            text += " (" + ", ".join(f"{w.class_name(n)}: {w.class_label(n, c)}"
                                     for n, c in self.key) + ")"
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
        if isinstance(rule, RuleTable):
            key, index, picked, missing = ctx.pick_rule(self.name, rule)
            if picked is None:
                return ctx.trace(self, Outcome.UNKNOWN,
                                 SuppliedDetail(name=self.name, supplied=False, key=key),
                                 missing=missing)
            inner = ctx.part(picked, index)
            return ctx.trace(self, inner.outcome,
                             SuppliedDetail(name=self.name, supplied=True, key=key),
                             children=(inner,), missing=inner.missing)
        inner = ctx.part(rule, 0)
        return ctx.trace(self, inner.outcome, SuppliedDetail(name=self.name, supplied=True),
                         children=(inner,), missing=inner.missing)

    def unfolds(self, u: Unfolder) -> Iterable[tuple[Rule, int]]:
        return u.supplied(self.name)

    def compile(self, c: Compiler) -> Reg:
        rule = c.supplied(self.name)
        if isinstance(rule, RuleTable):
            return c.rule_table(rule)
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
