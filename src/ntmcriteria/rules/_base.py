"""The base of every rule kind: structure, operators and the hooks each kind declares.

A rule kind is one frozen attrs class (its *home*) that declares everything
about itself: its fields (with document metadata), its parts, its evaluation
(the tree interpreter, :meth:`Rule.evaluate`), its compiled form
(:meth:`Rule.compile`), its checks against a criteria set, and its hooks for
the edges (wording of the official table, the witness solver, monotonicity,
Hypothesis strategies). The hooks that read a trace (wording of an
explanation, closeness, path to tier, shortfalls) live on the kind's trace
detail class, declared in the same module.

Every hook of this base raises :class:`NotImplementedError` naming the kind and
the operation, and a test checks that every kind overrides every one of them:
there is no silent fallback.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

import attrs

from ntmcriteria._fields import doc
from ntmcriteria._values import shown
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.limits import MAX_RULE_DEPTH
from ntmcriteria.outcome import Outcome
from ntmcriteria.trace import Detail, Missing, Trace

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
    from ntmcriteria.quantity import Quantity, QuantityUnit

__all__ = [
    "RULE_HOOKS",
    "TRACE_HOOKS",
    "Rule",
    "RuleDetail",
    "doc",
    "merge_missing",
    "not_implemented",
    "to_rule",
    "to_rules",
]

#: The hooks every rule kind declares (methods of the rule class).
RULE_HOOKS = ("evaluate", "compile", "check", "with_parts", "table_items", "witness",
              "directions", "example")
#: The hooks every trace detail declares (methods of the detail class).
TRACE_HOOKS = ("sentence", "distance", "path", "summary")


def not_implemented(owner: object, operation: str) -> NoReturn:
    kind = owner if isinstance(owner, type) else type(owner)
    raise NotImplementedError(f"the kind {kind.__name__} does not implement {shown(operation)}")


class Rule:
    """Base of every rule node: a frozen, inspectable value (never a closure).

    ``a & b`` builds an ``all_of``, ``a | b`` an ``any_of`` (both flattened when
    chained), ``~a`` a ``not_``. ``repr()`` is Python code that rebuilds the rule
    from the constructors in :mod:`ntmcriteria.rules`. A rule has no truth value
    (``a and b`` would silently be ``b``): ``bool(rule)`` is an error.
    """

    __slots__ = ()
    #: the document tag of the kind, also the ``kind`` of its traces
    tag: ClassVar[str] = "rule"
    #: True for kinds without sub-rules
    leaf: ClassVar[bool] = True
    #: the field holding the node's threshold (``ReplaceThreshold`` replaces it), if any
    threshold_field: ClassVar[str | None] = None
    #: the class of the kind's trace detail (None: its trace is a part's, e.g. labelled)
    detail: ClassVar[type[RuleDetail] | None] = None

    # -- structure -----------------------------------------------------------------
    @property
    def parts(self) -> tuple[Rule, ...]:
        """The rule's direct sub-rules."""
        return ()

    def unfolds(self, u: Unfolder) -> Iterable[tuple[Rule, int]]:
        """The rules one evaluation of this node evaluates, each with how many years before
        the node's year it is evaluated in (the static work bound walks them, see
        :mod:`ntmcriteria.evaluation.work`): by default its parts, in its own year. A kind
        that evaluates a part in several years, or another set, says so here."""
        return ((part, 0) for part in self.parts)

    def walk(self) -> Iterator[Rule]:
        """This rule and every rule below it, depth first (iterative, no recursion limit)."""
        stack: list[Rule] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.parts))

    @property
    def depth(self) -> int:
        """Levels of nesting: 1 for a leaf."""
        depth: int = getattr(self, "_depth", 1)
        return depth

    def _set_depth(self) -> None:
        depth = 1 + max((part.depth for part in self.parts), default=0)
        if depth > MAX_RULE_DEPTH:
            raise NTMValueError(
                f"a rule may be nested at most {MAX_RULE_DEPTH} levels deep (got {depth}); "
                "flatten it (a & b & c builds one all_of)"
            )
        object.__setattr__(self, "_depth", depth)

    # -- operators -----------------------------------------------------------------
    def __bool__(self) -> bool:
        raise NTMTypeError(
            f"a rule has no truth value ({self!r}); combine rules with & | ~ or all_of(...), "
            "and assess them to get an outcome"
        )

    def __rand__(self, other: object) -> Rule:
        raise _not_a_rule(other, "&")

    def __ror__(self, other: object) -> Rule:
        raise _not_a_rule(other, "|")

    def __and__(self, other: Rule) -> Rule:
        joined: Rule = _junction(self, other, "all_of")
        return joined

    def __or__(self, other: Rule) -> Rule:
        joined: Rule = _junction(self, other, "any_of")
        return joined

    def __invert__(self) -> Rule:
        not_: Any = _logic_kind("not")
        return not_(self)  # type: ignore[no-any-return]

    # -- hooks every kind declares -------------------------------------------------
    def evaluate(self, ctx: Context) -> Trace:
        """The tree interpreter: this node's trace for ``ctx``'s unit and year."""
        not_implemented(self, "evaluate")

    def compile(self, c: Compiler) -> Reg:
        """The compiled form: the column operations that compute this node's outcome."""
        not_implemented(self, "compile")

    def check(self, v: Checker) -> None:
        """Check the names this node uses against the set it is part of (raise if unknown)."""
        not_implemented(self, "check")

    def with_parts(self, parts: tuple[Rule, ...]) -> Rule:
        """This node with its parts replaced (a leaf returns itself)."""
        not_implemented(self, "with_parts")

    def table_items(self, w: Words, prefix: str, label: str) -> list[TableItem]:
        """The rows of the official-style table for this node."""
        not_implemented(self, "table_items")

    def witness(self, want: Outcome, s: WitnessSearch) -> Iterator[Any]:
        """The witness solver's successors that give this node the outcome ``want``."""
        not_implemented(self, "witness")

    def directions(self, m: Directions, positive: bool) -> Iterator[tuple[str, str]]:
        """(indicator key, "up" or "down"): the directions in which a fact helps passing."""
        not_implemented(self, "directions")

    @classmethod
    def example(cls, g: Examples) -> Rule | None:
        """A random instance of the kind for property tests (None if ``g`` cannot make one)."""
        not_implemented(cls, "example")


class RuleDetail(Detail):
    """Base of a rule kind's trace detail; declares the trace hooks."""

    __slots__ = ()
    #: a failing node of this kind is listed by ``Assessment.shortfalls()``
    reports_shortfall: ClassVar[bool] = False
    #: ``shortfalls()`` looks for failing checks among this node's children
    shortfall_children: ClassVar[bool] = False

    @property
    def shortfall_quantity(self) -> Quantity | None:
        """How far this node is from passing, as a number with its unit (percentage
        points, members, conditions, years, the indicator's unit...); ``None`` when the
        node has no such figure. A kind with a shortfall overrides it."""
        return None

    @property
    def value_unit(self) -> QuantityUnit | None:
        """The unit of the node's observed and required values (``None``: none stated)."""
        return None

    def sentence(self, trace: Trace, w: Words) -> Sentence:
        """The wording of a trace of this kind."""
        not_implemented(self, "sentence")

    def distance(self, trace: Trace, d: Distances) -> Fraction | None:
        """How far a FAIL trace is from passing, unit-free (see ``analysis.closeness``)."""
        not_implemented(self, "distance")

    def path(self, trace: Trace, p: PathSearch, want: bool) -> Any:
        """The path-to-tier proposal that makes this trace pass (or fail)."""
        not_implemented(self, "path")

    def summary(self) -> dict[str, Any]:
        """The node's figures as flat columns (indicator, op, observed, required,
        observed_unit, shortfall, shortfall_unit, more_needed, failed_members) for tables:
        ``observed_unit`` the code of the unit of observed and required, ``shortfall_unit``
        that of the shortfall (see :mod:`ntmcriteria.quantity`)."""
        not_implemented(self, "summary")


def kind_named(tag: str, module: str = "ntmcriteria.rules.logic") -> type[Rule]:
    """The rule kind with document tag ``tag`` declared in ``module``.

    Found among the subclasses, so that a module that builds nodes of a kind (the
    operators ``& | ~`` build logic nodes, ``fact(...) >= 45`` builds a comparison)
    needs no import of that kind's home, which imports it: no import cycle.
    """
    stack = list(Rule.__subclasses__())
    while stack:
        cls = stack.pop()
        if cls.tag == tag and cls.__module__ == module:
            return cls
        stack.extend(cls.__subclasses__())
    raise NTMTypeError(f"the rule kind {shown(tag)} is not loaded")  # pragma: no cover


def _logic_kind(tag: str) -> type[Rule]:
    return kind_named(tag)


def _junction(left: Rule, right: object, tag: str) -> Any:
    if not isinstance(right, Rule):
        return NotImplemented
    cls: Any = _logic_kind(tag)
    first = left.rules if isinstance(left, cls) else (left,)
    second = right.rules if isinstance(right, cls) else (right,)
    return cls((*first, *second))


def _not_a_rule(other: object, op: str) -> NTMTypeError:
    hint = (" (did you write fact(...) == value? use fact(...).equals(value))"
            if isinstance(other, bool) else "")
    return NTMTypeError(f"'{op}' combines rules, not {type(other).__name__} {shown(other)}{hint}")


def merge_missing(traces: Iterable[Trace]) -> tuple[Missing, ...]:
    """The missing items of the UNKNOWN traces, without repeats, in order."""
    seen: dict[Missing, None] = {}
    for trace in traces:
        if trace.outcome is Outcome.UNKNOWN:
            for item in trace.missing:
                seen.setdefault(item, None)
    return tuple(seen)


def to_rule(value: object) -> Rule:
    """``value`` if it is a rule; a clear error otherwise."""
    if not isinstance(value, Rule):
        raise NTMTypeError(
            f"expected a rule built with ntmcriteria.rules (got {type(value).__name__} "
            f"{shown(value)})")
    return value


def to_rules(value: object) -> tuple[Rule, ...]:
    """A non-string sequence of rules as a tuple; a clear error otherwise."""
    if isinstance(value, Rule | str | bytes) or not isinstance(value, Iterable):
        raise NTMTypeError(f"parts must be a sequence of rules (got {type(value).__name__})")
    items: tuple[object, ...] = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, Rule):
            raise NTMTypeError(
                f"parts[{index}] must be a rule (got {type(item).__name__} {shown(item)})"
            )
    return items  # type: ignore[return-value]


def check_nonempty(instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]
                   ) -> None:
    if not value:
        raise NTMValueError(f"{type(instance).__name__} needs at least one part (got none)")


def depth_field() -> Any:
    """The cached nesting depth of a composite node (not part of equality or repr)."""
    return attrs.field(init=False, default=1, eq=False, repr=False, hash=False)
