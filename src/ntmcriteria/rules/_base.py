"""Rule base class and the Kleene logic nodes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar

import attrs

from ntmcriteria._values import to_label_en, to_label_vi, typed
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.outcome import Outcome
from ntmcriteria.trace import Missing, Trace

if TYPE_CHECKING:
    from ntmcriteria._context import Context

__all__ = ["AllOf", "AnyOf", "AtLeast", "Labelled", "Not", "Rule", "merge_missing"]


class Rule:
    """Base of every rule node: a frozen, inspectable value (never a closure).

    ``a & b`` builds an :class:`AllOf`, ``a | b`` an :class:`AnyOf` (both
    flattened when chained), ``~a`` a :class:`Not`. ``repr()`` is Python code
    that rebuilds the rule from the constructors in :mod:`ntmcriteria.rules`.
    """

    __slots__ = ()
    kind: ClassVar[str] = "rule"

    @property
    def parts(self) -> tuple[Rule, ...]:
        """The rule's direct sub-rules."""
        return ()

    def walk(self) -> Iterator[Rule]:
        """This rule and every rule below it, depth first (iterative, no recursion limit)."""
        stack: list[Rule] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.parts))

    def evaluate(self, ctx: Context) -> Trace:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def depth(self) -> int:
        """Levels of nesting: 1 for a leaf."""
        depth: int = getattr(self, "_depth", 1)
        return depth

    def _set_depth(self) -> None:
        depth = 1 + max((part.depth for part in self.parts), default=0)
        if depth > MAX_DEPTH:
            raise NTMValueError(
                f"a rule may be nested at most {MAX_DEPTH} levels deep (got {depth}); "
                "flatten it (a & b & c builds one all_of)"
            )
        object.__setattr__(self, "_depth", depth)

    def __rand__(self, other: object) -> AllOf:
        raise _not_a_rule(other, "&")

    def __ror__(self, other: object) -> AnyOf:
        raise _not_a_rule(other, "|")

    def __and__(self, other: Rule) -> AllOf:
        if not isinstance(other, Rule):
            return NotImplemented
        left = self.rules if isinstance(self, AllOf) else (self,)
        right = other.rules if isinstance(other, AllOf) else (other,)
        return AllOf((*left, *right))

    def __or__(self, other: Rule) -> AnyOf:
        if not isinstance(other, Rule):
            return NotImplemented
        left = self.rules if isinstance(self, AnyOf) else (self,)
        right = other.rules if isinstance(other, AnyOf) else (other,)
        return AnyOf((*left, *right))

    def __invert__(self) -> Not:
        return Not(self)


#: Rules nested deeper than this are refused when built (no RecursionError later).
MAX_DEPTH = 64

def _not_a_rule(other: object, op: str) -> NTMTypeError:
    hint = (" (did you write fact(...) == value? use fact(...).equals(value))"
            if isinstance(other, bool) else "")
    return NTMTypeError(f"'{op}' combines rules, not {type(other).__name__} {other!r}{hint}")


def merge_missing(traces: Iterable[Trace]) -> tuple[Missing, ...]:
    """The missing items of the UNKNOWN traces, without repeats, in order."""
    seen: dict[Missing, None] = {}
    for trace in traces:
        if trace.outcome is Outcome.UNKNOWN:
            for item in trace.missing:
                seen.setdefault(item, None)
    return tuple(seen)


def _to_rules(value: object) -> tuple[Rule, ...]:
    if isinstance(value, Rule | str | bytes) or not isinstance(value, Iterable):
        raise NTMTypeError(f"parts must be a sequence of rules (got {type(value).__name__})")
    items: tuple[object, ...] = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, Rule):
            raise NTMTypeError(
                f"parts[{index}] must be a rule (got {type(item).__name__} {item!r})"
            )
    return items  # type: ignore[return-value]


def _check_nonempty(
    instance: object, attribute: attrs.Attribute[tuple[Rule, ...]], value: tuple[Rule, ...]
) -> None:
    if not value:
        raise NTMValueError(f"{type(instance).__name__} needs at least one part (got none)")


class _Junction(Rule):
    """Shared evaluation of :class:`AllOf` and :class:`AnyOf`."""

    __slots__ = ()
    rules: tuple[Rule, ...]

    def combine(self, outcomes: Iterable[Outcome]) -> Outcome:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def parts(self) -> tuple[Rule, ...]:
        return self.rules

    def evaluate(self, ctx: Context) -> Trace:
        children = tuple(rule.evaluate(ctx) for rule in self.rules)
        outcome = self.combine(c.outcome for c in children)
        missing = merge_missing(children) if outcome is Outcome.UNKNOWN else ()
        return Trace(rule=self, outcome=outcome, unit=ctx.unit.code, unit_name=ctx.unit.name,
                     year=ctx.year, children=children, missing=missing)

    def __repr__(self) -> str:
        return f"{self.kind}({', '.join(map(repr, self.rules))})"


@attrs.frozen(repr=False)
class AllOf(_Junction):
    """PASS when every part passes; one FAIL decides FAIL even if others are unknown."""

    rules: tuple[Rule, ...] = attrs.field(converter=_to_rules, validator=_check_nonempty)
    kind: ClassVar[str] = "all_of"
    _depth: int = attrs.field(init=False, default=1, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        self._set_depth()

    def combine(self, outcomes: Iterable[Outcome]) -> Outcome:
        return Outcome.all(outcomes)


@attrs.frozen(repr=False)
class AnyOf(_Junction):
    """PASS when some part passes; else UNKNOWN if some part is unknown; else FAIL."""

    rules: tuple[Rule, ...] = attrs.field(converter=_to_rules, validator=_check_nonempty)
    kind: ClassVar[str] = "any_of"
    _depth: int = attrs.field(init=False, default=1, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        self._set_depth()

    def combine(self, outcomes: Iterable[Outcome]) -> Outcome:
        return Outcome.any(outcomes)


def _check_k(instance: AtLeast, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise NTMTypeError(f"at_least: k must be an int (got {value!r})")
    if not 0 <= value <= len(instance.rules):
        raise NTMValueError(
            f"at_least: k must be between 0 and the number of parts {len(instance.rules)} "
            f"(got {value})"
        )


@attrs.frozen(repr=False)
class AtLeast(Rule):
    """At least ``k`` of the parts pass. PASS if p >= k; FAIL if p + u < k; else UNKNOWN."""

    rules: tuple[Rule, ...] = attrs.field(converter=_to_rules, validator=_check_nonempty)
    k: int = attrs.field(validator=_check_k)
    kind: ClassVar[str] = "at_least"
    _depth: int = attrs.field(init=False, default=1, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        self._set_depth()

    @property
    def parts(self) -> tuple[Rule, ...]:
        return self.rules

    def evaluate(self, ctx: Context) -> Trace:
        children = tuple(rule.evaluate(ctx) for rule in self.rules)
        outcome = Outcome.at_least(self.k, (c.outcome for c in children))
        passed = sum(c.outcome is Outcome.PASS for c in children)
        missing = merge_missing(children) if outcome is Outcome.UNKNOWN else ()
        return Trace(
            rule=self,
            outcome=outcome,
            unit=ctx.unit.code,
            unit_name=ctx.unit.name,
            year=ctx.year,
            children=children,
            missing=missing,
            observed=passed,
            required=self.k,
            total=len(children),
            more_needed=max(0, self.k - passed),
        )

    def __repr__(self) -> str:
        return f"at_least({self.k}, {', '.join(map(repr, self.rules))})"


@attrs.frozen(repr=False)
class Not(Rule):
    """Swaps PASS and FAIL; UNKNOWN stays UNKNOWN."""

    rule: Rule = attrs.field(validator=typed(Rule, "a rule"))
    kind: ClassVar[str] = "not"
    _depth: int = attrs.field(init=False, default=1, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        self._set_depth()

    @property
    def parts(self) -> tuple[Rule, ...]:
        return (self.rule,)

    def evaluate(self, ctx: Context) -> Trace:
        inner = self.rule.evaluate(ctx)
        return Trace(
            rule=self,
            outcome=~inner.outcome,
            unit=ctx.unit.code,
            unit_name=ctx.unit.name,
            year=ctx.year,
            children=(inner,),
            missing=inner.missing,
        )

    def __repr__(self) -> str:
        return f"not_({self.rule!r})"


@attrs.frozen(repr=False)
class Labelled(Rule):
    """A rule with a human label (Vietnamese and English); evaluates like its rule."""

    rule: Rule = attrs.field(validator=typed(Rule, "a rule"))
    vi: str = attrs.field(converter=to_label_vi)
    en: str = attrs.field(converter=to_label_en)
    kind: ClassVar[str] = "labelled"
    _depth: int = attrs.field(init=False, default=1, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        self._set_depth()

    @property
    def parts(self) -> tuple[Rule, ...]:
        return (self.rule,)

    def evaluate(self, ctx: Context) -> Trace:
        inner = self.rule.evaluate(ctx)
        return attrs.evolve(inner, label_vi=self.vi, label_en=self.en)

    def __repr__(self) -> str:
        return f"labelled({self.rule!r}, vi={self.vi!r}, en={self.en!r})"
