"""The static work bound: how many rule nodes a set's criteria unfold into for one unit.

A window evaluates its rule once per year, and a window inside a window once
per pair of years, so three nested windows of 100 years are a million node
evaluations from a few hundred bytes of rules: the interpreter would spend
minutes on it and the compiled plan would record a million comparison
positions. Before a set is built (and again when it is compiled with supplied
parameters) its criteria are unfolded the way the evaluation unfolds them:
each rule kind says which parts one evaluation of it evaluates and how many
years earlier (:meth:`~ntmcriteria.rules.Rule.unfolds`); a referenced set is
counted once per year it is evaluated in (it is evaluated once per unit, set
and year); members are counted once (their number is the data's, bounded at
run time by :data:`~ntmcriteria.limits.MAX_WORK`). The walk stops as soon as
the count passes :data:`~ntmcriteria.limits.MAX_UNFOLDED_NODES`, so it costs at
most that many steps, and the error names the criterion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from ntmcriteria.evaluation.context import WorkLimitError
from ntmcriteria.limits import MAX_UNFOLDED_NODES

if TYPE_CHECKING:
    from ntmcriteria.criteria import CriteriaSet
    from ntmcriteria.rules import Rule

__all__ = ["Unfolder", "Unfolding", "check_unfolding", "unfolded_costs"]


class Unfolder(Protocol):
    """What a rule kind's ``unfolds`` hook may call: the set ``set_id`` it refers to, the
    rule parameter ``name`` it evaluates (each returns the rules to unfold, if any)."""

    def reference(self, set_id: str) -> Iterable[tuple[Rule, int]]: ...
    def supplied(self, name: str) -> Iterable[tuple[Rule, int]]: ...


class Unfolding:
    """One walk over the unfolded criteria of a set (see the module doc).

    The rule kinds call back into it from their ``unfolds`` hook: :meth:`reference`
    for a referenced set, :meth:`supplied` for a rule parameter.
    """

    __slots__ = ("_criterion", "_offset", "_owner", "_set", "_stack", "costs", "limit",
                 "parameters", "root", "supplies", "visited")

    def __init__(self, root: CriteriaSet, parameters: Mapping[str, Any] | None = None,
                 limit: int = MAX_UNFOLDED_NODES) -> None:
        self.root = root
        self.parameters: Mapping[str, Any] = parameters or {}
        self.limit = limit
        self.visited = 0
        #: the nodes of each evaluation of a set: (set id, years back) -> its own nodes
        self.costs: dict[tuple[str, int], int] = {}
        #: whether a rule parameter was unfolded (its value depends on the set assessed)
        self.supplies = False
        self._stack: list[tuple[Rule, CriteriaSet, int, str, tuple[str, int]]] = []
        self._set = root
        self._offset = 0
        self._criterion = ""
        self._owner = (root.id, 0)

    def run(self) -> int:
        """Walk every criterion (and region override) of the set; return the nodes counted,
        or raise :class:`~ntmcriteria.evaluation.context.WorkLimitError` past the limit.

        A subtree that refers to no other set and no rule parameter unfolds the same way in
        every year: its count is computed once, multiplying (a window of 100 years over a
        window of 100 years is 1 + 100 x (1 + 100 x ...)), so the walk costs the size of
        the rules, not the size of their unfolding."""
        self._enter(self.root, 0, "")
        stack = self._stack
        sizes = _Sizes()
        costs = self.costs
        while stack:
            rule, criteria_set, offset, criterion, owner = stack.pop()
            size = sizes.of(rule)
            count = 1 if size is None else size
            self.visited += count
            costs[owner] += count
            if self.visited > self.limit:
                self._fail(criterion)
            if size is not None:
                continue
            self._set, self._offset, self._criterion = criteria_set, offset, criterion
            self._owner = owner
            for part, back in rule.unfolds(self):
                stack.append((part, criteria_set, offset + back, criterion, owner))
        return self.visited

    def _enter(self, criteria_set: CriteriaSet, offset: int, criterion: str) -> None:
        """Count ``criteria_set`` once at ``offset`` (years before the year assessed).

        A referenced set was unfolded when it was built: its evaluations (each set below
        it once per year) are added from that count, not walked again, unless it unfolds
        a rule parameter (whose value the set assessed decides)."""
        key = (criteria_set.id, offset)
        if key in self.costs:
            return
        known = None if criteria_set is self.root else unfolded_costs_of(criteria_set)
        if known is not None:
            for (set_id, back), cost in known.items():
                shifted = (set_id, back + offset)
                if shifted not in self.costs:
                    self.costs[shifted] = cost
                    self.visited += cost
            if self.visited > self.limit:
                self._fail(criterion)
            return
        self.costs[key] = 0
        top = criteria_set is self.root and offset == 0
        for override in criteria_set.region_overrides:
            self._stack.append((override.when, criteria_set, offset,
                                criterion or f"the region overrides of {criteria_set.id!r}",
                                key))
        for item in criteria_set.criteria:
            name = f"criterion {item.id!r}" if top else criterion
            self._stack.append((item.rule, criteria_set, offset, name, key))

    # -- called by the kinds' ``unfolds`` hooks --------------------------------------
    def reference(self, set_id: str) -> Iterable[tuple[Rule, int]]:
        """A referenced set: its criteria are walked (once per year), nothing to return."""
        other = self._set.reference_map.get(set_id)
        if other is not None:
            self._enter(other, self._offset, self._criterion)
        return ()

    def supplied(self, name: str) -> Iterable[tuple[Rule, int]]:
        """A rule parameter: the rule supplied (or its default), if any."""
        from ntmcriteria.rules import Rule

        self.supplies = True
        declaration = self.root.all_parameters.get(name)
        value = self.parameters.get(name, None if declaration is None else declaration.default)
        return ((value, 0),) if isinstance(value, Rule) else ()

    def _fail(self, criterion: str) -> None:
        where = f" ({criterion})" if criterion else ""
        raise WorkLimitError(
            f"criteria set {self.root.id!r}{where}: one unit's criteria unfold into more than "
            f"{self.limit:,} rule evaluations (each year of a window, and each window inside "
            "it, multiplies the rule it holds; a referenced set counts once per year); "
            f"simplify the rule (limit MAX_UNFOLDED_NODES={self.limit:,})")


class _Sizes:
    """The unfolded size of subtrees that refer to no other set and no rule parameter
    (``None`` for the others, which the walk unfolds itself), each computed once."""

    __slots__ = ("_known", "_refers")

    def __init__(self) -> None:
        self._known: dict[int, tuple[Rule, int | None]] = {}
        self._refers = False

    # the kinds' hooks call these while a size is computed: the subtree then refers
    def reference(self, set_id: str) -> Iterable[tuple[Rule, int]]:
        self._refers = True
        return ()

    def supplied(self, name: str) -> Iterable[tuple[Rule, int]]:
        self._refers = True
        return ()

    def of(self, rule: Rule) -> int | None:
        """Iteratively (a rule may be 64 levels deep): children before their parents."""
        known = self._known
        if id(rule) in known:
            return known[id(rule)][1]
        stack: list[tuple[Rule, bool]] = [(rule, False)]
        while stack:
            node, ready = stack.pop()
            if id(node) in known:
                continue
            self._refers = False
            parts = list(node.unfolds(self))
            if self._refers:
                known[id(node)] = (node, None)
                continue
            pending = [part for part, _ in parts if id(part) not in known]
            if pending and not ready:
                stack.append((node, True))
                stack.extend((part, False) for part in pending)
                continue
            sizes = [known[id(part)][1] for part, _ in parts]
            total = None if None in sizes else 1 + sum(s for s in sizes if s is not None)
            known[id(node)] = (node, total)
        return known[id(rule)][1]


def check_unfolding(criteria_set: CriteriaSet, parameters: Mapping[str, Any] | None = None,
                    limit: int = MAX_UNFOLDED_NODES) -> int:
    """Refuse a set whose criteria unfold into more than ``limit`` node evaluations per
    unit (see the module doc); return how many they unfold into."""
    return Unfolding(criteria_set, parameters, limit).run()


def unfolded_costs(criteria_set: CriteriaSet) -> dict[tuple[str, int], int] | None:
    """Check ``criteria_set`` (its defaults as parameters) against the limit; return the
    nodes of each evaluation of a set it unfolds into, (set id, years back) -> nodes, for
    the sets that refer to it to add up, or ``None`` when it unfolds a rule parameter."""
    unfolding = Unfolding(criteria_set)
    unfolding.run()
    return None if unfolding.supplies else unfolding.costs


def unfolded_costs_of(criteria_set: CriteriaSet) -> dict[tuple[str, int], int] | None:
    """The costs :func:`unfolded_costs` found when ``criteria_set`` was built (if any)."""
    known: dict[tuple[str, int], int] | None = getattr(criteria_set, "unfolded", None)
    return known
