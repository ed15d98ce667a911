"""A small backtracking search for facts that give a rule a wanted outcome.

The search walks the rule tree with a wanted set of outcomes per node and
narrows a domain per fact slot (unit, indicator, year). It never asks what
kind a node is: it calls the node's ``witness`` hook (and a threshold's) with a
:class:`Node`, the solver's side of :class:`ntmcriteria.hooks.WitnessSearch`,
and the hook answers with the solver's primitives (``same``, ``k_of_n``,
``members``, ``compare``, ...). Choices (which part of an ``any_of`` passes,
how many villages a ``share`` needs, ...) are explored depth first in an order
the caller's random generator picks, so a drawn witness varies while an
exhausted search proves that no witness exists within the search space (e.g.
``fact("x") >= 10`` and ``fact("x") <= 5`` together).

To keep the search short: a goal that cannot be met even from a fresh state is
pruned wherever it appears; the number of a unit's members is chosen first and
the other goals are checked against it at once (likewise a parameter's value);
a goal that was a dead end is expanded first next time; the choices of one
node are the same wherever it recurs (each year of a window); and the search
restarts with new choices after 1/16, 1/8 and 1/4 of its budget.

Pure Python, no Hypothesis: :mod:`ntmcriteria.testing.witnesses` wraps it.

Limits of the search space: at most ``max_children`` members per unit; a tally
of members the kind's tally function does not decide is skipped; a threshold
over members is looked up in the unit's context for the tally and in each
member's for the member's rule (they differ only for a schedule by region
whose members lie in other regions).
"""

from __future__ import annotations

import itertools
import math
import random
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeAlias

from ntmcriteria._values import shown
from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.errors import NTMError, NTMTypeError, NTMValueError, ScheduleError
from ntmcriteria.hooks import Tally
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import Rule, RuleTable, yes
from ntmcriteria.rules.applicable import AppliesIf
from ntmcriteria.rules.logic import AllOf, AnyOf, AtLeast, Not
from ntmcriteria.rules.operators import Operator
from ntmcriteria.testing._domains import ABSENT, Absent, Bools, Num, initial_domain, restrict
from ntmcriteria.thresholds import Schedule, Threshold, to_threshold
from ntmcriteria.units import CLASS_FIELDS, Level, Tier

__all__ = ["Goal", "Node", "SearchBudgetError", "Solver", "State", "UnsatisfiableError"]

State: TypeAlias = dict[Any, Any]
Path: TypeAlias = tuple[str, ...]
Wanted: TypeAlias = frozenset[Outcome]
Goal: TypeAlias = tuple[Any, ...]
Successor: TypeAlias = tuple[State, list[Goal]]
#: a threshold's successors: (state, goals) and the threshold's value (None: missing)
Valued: TypeAlias = tuple[Successor, Decimal | bool | None]

ALL = frozenset(Outcome)
#: Member units a witness can create directly under a unit of each level.
CHILD_LEVELS = {(Level.COMMUNE, Level.VILLAGE), (Level.DISTRICT, Level.COMMUNE),
                (Level.DISTRICT, Level.TOWNSHIP), (Level.PROVINCE, Level.COMMUNE),
                (Level.PROVINCE, Level.DISTRICT)}
#: How many years before the assessment a generated recognition may lie.
RECOGNITION_SPAN = 10
_CENT = Decimal("0.01")
#: Steps of the search deciding whether one goal can be met at all (then: assume it can).
_PRECHECK_BUDGET = 400
#: Steps of the search deciding whether a goal can still be met after a choice that
#: binds the whole unit (the number of its members, a parameter's value).
_LOOKAHEAD_BUDGET = 60
#: The goal that checks the other goals after such a choice.
LOOK: Goal = ("look",)


class _GaveUp:
    """What a search returns when its budget ran out."""


_GAVE_UP = _GaveUp()


class UnsatisfiableError(NTMValueError):
    """No facts give the rule the wanted outcome (e.g. contradictory thresholds)."""


class SearchBudgetError(NTMError, RuntimeError):
    """The search gave up after its step budget without deciding."""


def _const(value: Decimal | int | bool) -> Decimal | bool:
    return value if isinstance(value, bool) else Decimal(value)


# ------------------------------------------------------------------ parameter candidates
class _Candidates:
    """Values worth trying for a parameter nobody supplied (opaque to the kinds: the
    solver passes it as the ``hint`` of a threshold's ``witness`` hook)."""

    def values(self, rng: random.Random) -> list[Decimal | bool]:  # pragma: no cover
        raise NotImplementedError

    def scaled(self, factor: Decimal) -> _Candidates:
        return _ScaledCandidates(self, factor)


class _TallyCandidates(_Candidates):
    """A threshold on a tally of members: whole numbers from 0 to 100, small ones first
    (valid both as a percentage of members and as a number of members)."""

    def __init__(self, max_children: int) -> None:
        self.pool = [*range(max_children + 1), 50, 100]

    def values(self, rng: random.Random) -> list[Decimal | bool]:
        return [Decimal(v) for v in rng.sample(self.pool, min(3, len(self.pool)))]


class _CompareCandidates(_Candidates):
    """A comparison's threshold t: for values drawn from the facts' domains, the t at
    which the first fact sits exactly at ``expr.bound(t, others)`` (bound is affine in
    t for every expression: read from two probes)."""

    def __init__(self, expr: Any, domains: Sequence[Bools | Num]) -> None:
        self.expr = expr
        self.domains = domains

    def values(self, rng: random.Random) -> list[Decimal | bool]:
        primary, others = self.domains[0], self.domains[1:]
        if isinstance(primary, Bools):
            return sorted(primary.allowed)
        out: list[Decimal | bool] = []
        for target in primary.candidates(rng, limit=3):
            drawn = []
            for domain in others:
                options = domain.candidates(rng, limit=4) if isinstance(domain, Num) else []
                if not options:
                    break
                drawn.append(rng.choice(options))
            else:
                low = Decimal(self.expr.bound(Decimal(0), drawn))
                slope = Decimal(self.expr.bound(Decimal(1), drawn)) - low
                if slope:
                    value = ((target - low) / slope).quantize(_CENT)
                    if value not in out:
                        out.append(value)
        return out


class _ScaledCandidates(_Candidates):
    """The base of ``scaled(factor, base)``: the outer candidates divided by the factor."""

    def __init__(self, outer: _Candidates, factor: Decimal) -> None:
        self.outer = outer
        self.factor = factor

    def values(self, rng: random.Random) -> list[Decimal | bool]:
        if not self.factor:
            return [Decimal(0)]
        return [v if isinstance(v, bool) else (v / self.factor).quantize(_CENT)
                for v in self.outer.values(rng)]


# ------------------------------------------------------------------ the solver
class Solver:
    """Search facts, member units, recognitions and parameters for a wanted outcome."""

    def __init__(self, criteria_set: CriteriaSet, *, parameters: Mapping[str, Any],
                 rule_defaults: Mapping[str, Rule], max_children: int, budget: int) -> None:
        self.criteria_set = criteria_set
        self.parameters = dict(parameters)
        self.rule_defaults = dict(rule_defaults)
        self.max_children = max_children
        self.budget = budget
        self.rng = random.Random(0)  # noqa: S311 - test data, replaced by solve()
        self.salt = 0
        self._possible_cache: dict[Any, tuple[Rule, CriteriaSet, bool]] = {}
        self._dead: dict[Any, int] = {}
        #: goal key -> the key of the goal whose expansion made it
        self._parents: dict[Any, Any] = {}
        #: how many searches deep the current one is (the lookahead is not nested)
        self._nested = 0

    def solve(self, rule: Rule, wanted: Outcome, years: tuple[int, ...],
              rng: random.Random) -> State | None:
        """A state whose facts give ``rule`` the ``wanted`` outcome, or None if none exists.

        The search restarts with new random choices after 1/16, 1/8 and 1/4 of the
        budget (a randomized depth-first search has a heavy tail); an exhausted
        attempt proves that no witness exists. Raises :class:`SearchBudgetError`
        when the whole budget runs out first.
        """
        self._possible_cache = {}
        self._dead = {}
        self._parents = {}
        left = self.budget
        for share in (16, 8, 4, 1):
            steps = left if share == 1 else max(self.budget // share, 1)
            steps = min(steps, left)
            if steps <= 0:
                break
            left -= steps
            self.rng = random.Random(rng.getrandbits(64))  # noqa: S311 - test data
            self.salt = self.rng.getrandbits(32)
            order = list(years)
            self.rng.shuffle(order)
            starts = [({"year": y}, [goal(rule, (), y, self.criteria_set,
                                          frozenset((wanted,)))]) for y in order]
            found = self._search(starts, steps)
            if not isinstance(found, _GaveUp):
                return found
        raise SearchBudgetError(
            f"the witness search gave up after {self.budget} steps without finding "
            f"facts for outcome {wanted.name}; raise budget= or simplify the rule"
        )

    def _search(self, starts: list[Successor], budget: int) -> State | _GaveUp | None:
        """Depth first from ``starts``: a solved state, None (none exists), or _GAVE_UP.

        The next goal is the first one of the list, unless some goal was a dead end
        before (no successor at all): the one that was so most often goes first, so
        that a choice it cannot live with is given up at once (not after the others
        are met again, and again).
        """
        # frames: (successors, key of the goal expanded, whether it gave any)
        stack: list[list[Any]] = [[iter(starts), None, True]]
        steps = 0
        while stack:
            frame = stack[-1]
            state: State
            goals: list[Goal]
            try:
                state, goals = next(frame[0])
            except StopIteration:
                stack.pop()
                if not frame[2] and frame[1] is not None:
                    self._dead_end(frame[1])
                continue
            frame[2] = True
            steps += 1
            if steps > budget:
                return _GAVE_UP
            if not goals:
                return state
            if not all(self._possible(item) for item in goals):
                continue
            if LOOK in goals:  # a choice binding the unit was made: check the others now
                index, key = goals.index(LOOK), None
            else:
                index, key = self._next_goal(goals)
            stack.append([self._expand(goals[index], state,
                                       [*goals[:index], *goals[index + 1:]]), key, False])
        return None

    def _dead_end(self, key: Any) -> None:
        """Count a dead end for the goal and for the goals it came from (so that a pending
        ancestor of goals that keep failing goes first)."""
        for _ in range(64):  # the chain of goals that created it, which is short
            self._dead[key] = self._dead.get(key, 0) + 1
            key = self._parents.get(key)
            if key is None:
                return

    def _next_goal(self, goals: list[Goal]) -> tuple[int, Any]:
        """The goal to expand next and its key (see :meth:`_search`)."""
        best, best_key, most = 0, _goal_key(goals[0]), 0
        if self._dead:
            for index, item in enumerate(goals):
                key = _goal_key(item)
                count = self._dead.get(key, 0)
                if count > most:
                    best, best_key, most = index, key, count
        return best, best_key

    def _reachable(self, state: State, item: Goal) -> bool:
        """Whether the goal alone may still be met from ``state`` (a small search; when
        it cannot decide, yes)."""
        if item[0] != "rule":
            return True
        self._nested += 1
        try:
            return self._search([(state, [item])], _LOOKAHEAD_BUDGET) is not None
        finally:
            self._nested -= 1

    def _possible(self, item: Goal) -> bool:
        """False when the goal has no solution even from a fresh state (the least
        constrained one), so from none: decided once per goal by a small search."""
        if item[0] != "rule":
            return True
        _, rule, path, year, cs, wanted = item
        key = _goal_key(item)
        cached = self._possible_cache.get(key)
        if cached is not None:
            return cached[2]
        # the cache holds the rule and the set, so that their ids are not reused
        self._possible_cache[key] = (rule, cs, True)  # while deciding: assume possible
        rng = self.rng
        # a generator of its own, so that the main search's choices stay as they were
        self.rng = self.local_rng("precheck", repr(rule)[:400], path, year, cs.id,
                                  sorted(o.value for o in wanted))
        self._nested += 1
        try:
            found = self._search([({"year": year}, [item])], _PRECHECK_BUDGET)
        finally:
            self.rng = rng
            self._nested -= 1
        possible = found is not None
        self._possible_cache[key] = (rule, cs, possible)
        return possible

    def _expand(self, item: Goal, state: State, rest: list[Goal]) -> Iterator[Successor]:
        if item[0] == "rel":
            yield from self._relation(item, state, rest)
            return
        if item[0] == "look":
            if self._nested or all(self._reachable(state, other) for other in rest):
                yield state, rest
            return
        _, rule, path, year, cs, wanted = item
        # sorted first: an Outcome's hash follows its name's, which varies with
        # PYTHONHASHSEED, and the search must not
        options = sorted(wanted, key=lambda o: o.value)
        self.rng.shuffle(options)
        for outcome in options:
            node = Node(self, path, year, cs, state, rest,
                        goal(rule, path, year, cs, frozenset((outcome,))))
            yield from rule.witness(outcome, node)

    # ------------------------------------------------------------------ choices
    def k_of_n(self, n: int, k: int, want: Outcome, every: bool = False,
               skippable: Sequence[bool] = (), turning: Sequence[bool] = ()
               ) -> Iterator[list[Wanted]]:
        """Wanted outcomes per part so that 'at least k of n pass' has outcome ``want``
        (``every``: the parts of an ``all_of``, which passes when every applicable part
        passes and one at least applies: a part of ``skippable`` may then not apply; a
        part of ``turning``, unknown, may still turn out not applicable)."""
        pass_, fail, unknown = (frozenset((o,)) for o in (Outcome.PASS, Outcome.FAIL,
                                                            Outcome.UNKNOWN))
        if want is Outcome.PASS:
            for chosen in self._subsets(n, k):
                yield [pass_ if i in chosen else ALL for i in range(n)]
            if every and any(skippable) and not all(skippable[:n]):
                # each part that may not apply passes or does not, the others pass
                either = frozenset((Outcome.PASS, Outcome.NOT_APPLICABLE))
                yield [either if skippable[i] else pass_ for i in range(n)]
        elif want is Outcome.NOT_APPLICABLE:
            # a combination applies when one of its parts does: none may apply
            if skippable and all(skippable[:n]):
                yield [frozenset((Outcome.NOT_APPLICABLE,))] * n
        elif want is Outcome.FAIL and every:
            for chosen in self._subsets(n, 1):  # one part fails: the others do not matter
                yield [fail if i in chosen else ALL for i in range(n)]
        elif want is Outcome.FAIL:
            # the other parts must apply: with fewer than k applicable parts, the result is
            # UNKNOWN, not FAIL (see the laws of not applicable)
            # (UNKNOWN too, but not for a part that may not apply: unknown, it may still
            # turn out not applicable, which leaves the FAIL undecided)
            applies = frozenset((Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN))
            decided = frozenset((Outcome.PASS, Outcome.FAIL))
            for chosen in self._subsets(n, n - k + 1):
                yield [fail if i in chosen
                       else decided if i < len(turning) and turning[i] else applies
                       for i in range(n)]
        else:
            # p < k parts pass, k - p are unknown, and the other n - k may not pass
            not_pass = frozenset((Outcome.FAIL, Outcome.UNKNOWN))
            passes = list(range(1, k))
            self.rng.shuffle(passes)
            seen: set[tuple[Wanted, ...]] = set()
            for p in [0, *passes] if k else []:  # none passing is the easiest to reach
                labels = [pass_] * p + [unknown] * (k - p) + [not_pass] * (n - k)
                for order in self._permutations(n):
                    out: list[Wanted] = [ALL] * n
                    for index, label in zip(order, labels, strict=True):
                        out[index] = label
                    if tuple(out) not in seen:  # orders of equal labels are one choice
                        seen.add(tuple(out))
                        yield out

    def _subsets(self, n: int, size: int, limit: int = 16) -> Iterator[frozenset[int]]:
        if size > n or size < 0:
            return
        if math.comb(n, size) <= limit:
            combos = [frozenset(c) for c in itertools.combinations(range(n), size)]
            self.rng.shuffle(combos)
            yield from combos
            return
        seen: set[frozenset[int]] = set()
        for _ in range(limit * 4):
            chosen = frozenset(self.rng.sample(range(n), size))
            if chosen not in seen:
                seen.add(chosen)
                yield chosen
            if len(seen) >= limit:
                return

    def _permutations(self, n: int, limit: int = 6) -> Iterator[list[int]]:
        if math.factorial(n) <= limit:
            perms = [list(p) for p in itertools.permutations(range(n))]
            self.rng.shuffle(perms)
            yield from perms
            return
        for _ in range(limit):
            order = list(range(n))
            self.rng.shuffle(order)
            yield order

    def tallies(self, tally: Tally, n: int, required: Decimal | bool | None,
                want: Outcome, rng: random.Random) -> list[tuple[int, int]]:
        """(passing, unknown) among ``n`` members for which ``tally`` decides ``want``
        (a tally it does not decide, None, is skipped)."""
        out = [(p, u) for p in range(n + 1) for u in range(n - p + 1)
               if tally(n, p, u, required) is want]
        rng.shuffle(out)
        return out

    def local_rng(self, *key: object) -> random.Random:
        """A generator for the choices of one node, the same wherever the node recurs in
        this search (e.g. in each year of a window, whose members read the same facts):
        its first choices agree, so they do not contradict each other."""
        digest = zlib.crc32(repr(key).encode())
        return random.Random(self.salt ^ digest)  # noqa: S311 - test data

    def level_of(self, path: Path) -> Level:
        """The level of the unit at ``path`` (the root is at the assessed set's level)."""
        return self.criteria_set.level if not path else _PATH_LEVEL[path[-1][0]]

    def recognition_domain(self, year: int) -> frozenset[int | None]:
        return frozenset((None, *range(year - RECOGNITION_SPAN, year + 1)))

    # ------------------------------------------------------------------ relations
    def _relation(self, item: Goal, state: State, rest: list[Goal]) -> Iterator[Successor]:
        """``primary op expr.bound(required, others)``: fix the other facts, narrow the first."""
        _, expr, primary, others, op, required = item

        def fix(index: int, current: State, values: list[Decimal]) -> Iterator[Successor]:
            if index == len(others):
                bound = expr.bound(required, values)
                narrowed = restrict(current[primary], op, _const(bound))
                if narrowed is not None:
                    new = dict(current)
                    new[primary] = narrowed
                    yield new, rest
                return
            slot = others[index]
            domain = current[slot]
            if not isinstance(domain, Num):
                return
            if domain.lo is not None and domain.lo == domain.hi:
                options = [domain.lo]
            else:
                options = domain.candidates(self.rng, limit=4)
                if index == len(others) - 1:  # first the values meeting the first fact
                    meeting = self._meeting(expr, required, values, current[primary], domain)
                    options = list(dict.fromkeys([*meeting, *options]))[:5]
            for value in options:
                fixed = restrict(domain, "==", value)
                if fixed is None:
                    continue
                new = dict(current)
                new[slot] = fixed
                yield from fix(index + 1, new, [*values, value])

        yield from fix(0, state, [])

    def _meeting(self, expr: Any, required: Decimal, values: list[Decimal], primary: Any,
                 domain: Num) -> list[Decimal]:
        """Values of the last other fact that put the first fact's candidates exactly at
        ``expr.bound(required, others)`` (bound is affine in it: read from two probes)."""
        if not isinstance(primary, Num):
            return []
        low = Decimal(expr.bound(required, [*values, Decimal(0)]))
        slope = Decimal(expr.bound(required, [*values, Decimal(1)])) - low
        if not slope:
            return []
        step = domain.step()
        out = []
        for target in primary.candidates(self.rng, limit=2):
            value = (target - low) / slope
            value = (value.to_integral_value() if domain.integer
                     else value.quantize(step))
            if domain.contains(value):
                out.append(value)
        return out


def _may_turn_not_applicable(rule: Rule) -> bool:
    """Whether ``rule``, unknown, may still turn out NOT_APPLICABLE as the interpreter reads
    it (``rules.applicable.may_not_apply``; over-approximated: such a rule is never left
    unknown where that would leave a PASS or FAIL goal undecided)."""
    if isinstance(rule, Not):
        return _may_turn_not_applicable(rule.rule)
    if isinstance(rule, AllOf | AnyOf | AtLeast):
        return bool(rule.rules) and all(_may_turn_not_applicable(part) or _may_skip(part)
                                        for part in rule.rules)
    return _may_skip(rule)


def _may_skip(rule: Rule) -> bool:
    """Whether the search can make ``rule`` NOT_APPLICABLE: an ``applies_if``, or an
    ``all_of``, ``any_of`` or ``at_least`` whose every part can be (its outcome is then
    NOT_APPLICABLE)."""
    if isinstance(rule, AppliesIf):
        return True
    return (isinstance(rule, AllOf | AnyOf | AtLeast) and bool(rule.rules)
            and all(map(_may_skip, rule.rules)))


def _arrangements(labels: list[Outcome], rng: random.Random, limit: int = 6
                  ) -> list[tuple[Outcome, ...]]:
    """Which member gets which outcome: every distinct arrangement of ``labels`` when
    there are at most ``limit``, else ``limit`` drawn ones (in ``rng``'s order)."""
    n = len(labels)
    counts = [labels.count(o) for o in set(labels)]
    distinct = math.factorial(n)
    for count in counts:
        distinct //= math.factorial(count)
    if distinct <= limit:
        out = sorted(set(itertools.permutations(labels)), key=lambda a: [o.value for o in a])
        rng.shuffle(out)
        return out
    drawn: list[tuple[Outcome, ...]] = []
    for _ in range(limit * 4):
        order = list(labels)
        rng.shuffle(order)
        if tuple(order) not in drawn:
            drawn.append(tuple(order))
        if len(drawn) == limit:
            break
    return drawn


def _goal_key(item: Goal) -> Any:
    """What identifies a goal across states (its rule held by the search's caches)."""
    if item[0] != "rule":
        return (item[0], item[2] if len(item) > 2 else None)
    _, rule, path, year, cs, wanted = item
    return (id(rule), path, year, id(cs), wanted)


def goal(rule: Rule, path: Path, year: int, cs: CriteriaSet, wanted: Wanted) -> Goal:
    """The goal: ``rule`` evaluated on the unit at ``path`` in ``year`` has an outcome in
    ``wanted``."""
    return ("rule", rule, path, year, cs, wanted)


def _comparison(rule: Rule) -> tuple[Any, Operator, Threshold]:
    """The expression, operator and threshold of a comparison node (for ``compare``)."""
    expr = getattr(rule, "expr", None)
    op = getattr(rule, "operator", None)
    threshold = getattr(rule, "threshold", None)
    if expr is None or not isinstance(op, Operator) or threshold is None:
        raise NTMTypeError(
            f"the witness primitive compare needs a rule with expr, operator and threshold "
            f"(got the kind {type(rule).__name__}: {shown(rule)})")
    return expr, op, threshold


class Node:
    """The solver's side of the ``witness`` hooks (:class:`ntmcriteria.hooks.WitnessSearch`)
    for one goal: the unit at ``path``, ``year``, the set ``cs`` evaluating it, the
    search state and the goals that remain."""

    def __init__(self, solver: Solver, path: Path, year: int, cs: CriteriaSet, state: State,
                 rest: list[Goal], current: Goal) -> None:
        self.solver = solver
        self.path = path
        self.year = year
        self.cs = cs
        self.state = state
        self.rest = rest
        #: the goal being expanded (re-queued once the number of members is chosen)
        self.current = current
        self._counted = False

    def _at(self, state: State, rest: list[Goal], cs: CriteriaSet | None = None) -> Node:
        return Node(self.solver, self.path, self.year, self.cs if cs is None else cs, state,
                    rest, self.current)

    def _goal(self, rule: Rule, wanted: Wanted, year: int | None = None,
              path: Path | None = None, cs: CriteriaSet | None = None) -> Goal:
        made = goal(rule, self.path if path is None else path,
                    self.year if year is None else year, self.cs if cs is None else cs, wanted)
        self.solver._parents[_goal_key(made)] = _goal_key(self.current)
        return made

    def threshold(self, threshold: Threshold, hint: _Candidates) -> Iterator[Valued]:
        """The successors with ``threshold``'s value, from the threshold's ``witness`` hook."""
        hook: Callable[[Node, Any], Iterator[Valued]] | None = getattr(threshold, "witness",
                                                                       None)
        if hook is None:
            raise NTMTypeError(f"witnesses do not support the threshold kind "
                               f"{type(threshold).__name__} ({shown(threshold)})")
        return hook(self, hint)

    # ------------------------------------------------------------------ rule primitives
    def same(self, rule: Rule, want: Outcome) -> Iterator[Successor]:
        """``rule`` must have the outcome ``want`` here."""
        yield self.state, [self._goal(rule, frozenset((want,))), *self.rest]

    def each(self, goals: Sequence[tuple[Rule, Outcome]]) -> Iterator[Successor]:
        """Each rule of ``goals`` must have its outcome here."""
        yield self.state, [*(self._goal(rule, frozenset((want,))) for rule, want in goals),
                           *self.rest]

    def k_of_n(self, parts: Sequence[tuple[Rule, int]], k: int, want: Outcome,
               every: bool = False) -> Iterator[Successor]:
        """At least ``k`` of ``parts`` (rule, year offset) pass has the outcome ``want``
        (``every``: the parts of an ``all_of``, see ``Solver.k_of_n``)."""
        # the search reaches NOT_APPLICABLE soundly through applies_if, and combinations
        # of them
        skippable = [_may_skip(rule) for rule, _ in parts]
        turning = [_may_turn_not_applicable(rule) for rule, _ in parts]
        for assignment in self.solver.k_of_n(len(parts), k, want, every, skippable, turning):
            goals = [self._goal(rule, wanted, year=self.year + offset)
                     for (rule, offset), wanted in zip(parts, assignment, strict=True)
                     if wanted != ALL]
            yield self.state, [*goals, *self.rest]

    def members(self, level: Level, rule: Rule, want: Outcome, tally: Tally,
                threshold: Threshold | None, hint: Rule) -> Iterator[Successor]:
        """Members at ``level`` of the unit, each with an outcome of ``rule``, such that
        ``tally(members, passing, unknown, threshold's value)`` is ``want``."""
        solver = self.solver
        parent = solver.level_of(self.path)
        if (parent, level) not in CHILD_LEVELS:
            raise NTMValueError(
                f"witnesses can create {level.value} members only directly under a unit "
                f"one level up (got {level.value} under a {parent.value} in {shown(hint)})")
        key = ("children", self.path, level)
        if key not in self.state:
            # choose the number of members first and meet the other goals before this
            # one: a count another node cannot live with is then given up at once
            if self._counted:
                return
            self._counted = True
            counts = list(range(solver.max_children + 1))
            solver.rng.shuffle(counts)
            for count in counts:
                new = dict(self.state)
                new[key] = count
                yield new, [LOOK, *self.rest, self.current]
            return
        n: int = self.state[key]
        valued: Iterator[Valued] = (
            iter([((self.state, self.rest), None)]) if threshold is None
            else self.threshold(threshold, _TallyCandidates(solver.max_children)))
        for (state, rest), required in valued:
            if threshold is not None and required is None:
                if want is Outcome.UNKNOWN:
                    yield state, rest
                continue
            local = solver.local_rng(key, n, want.name, required, repr(rule)[:400])
            # members nothing refers to yet are interchangeable: one arrangement will do
            limit = 6 if self._referred(level, state, rest) else 1
            decided = want is Outcome.PASS or want is Outcome.FAIL
            for p, u in solver.tallies(tally, n, required, want, local):
                if decided and u and u == n and _may_turn_not_applicable(rule):
                    # every member unknown: they may all turn out not applicable, which
                    # leaves the tally undecided (see the laws of share and count)
                    continue
                labels = ([Outcome.PASS] * p + [Outcome.UNKNOWN] * u
                          + [Outcome.FAIL] * (n - p - u))
                for outcomes in _arrangements(labels, local, limit):
                    goals = [self._goal(rule, frozenset((outcome,)),
                                        path=(*self.path, _child_code(level, index)))
                             for index, outcome in enumerate(outcomes)]
                    yield state, [*goals, *rest]

    def _referred(self, level: Level, state: State, rest: list[Goal]) -> bool:
        """Whether the state or a pending goal refers to a member at ``level`` of the unit
        (a fact, a recognition or members of its own, a goal on it)."""
        depth = len(self.path)
        prefix = _PREFIX[level]

        def member(path: Any) -> bool:
            return (isinstance(path, tuple) and len(path) > depth
                    and path[:depth] == self.path and path[depth][:1] == prefix)

        for key in state:
            if isinstance(key, tuple) and len(key) > 1 and member(key[1]):
                return True
        for item in rest:
            if item[0] == "rule" and member(item[2]):
                return True
            if item[0] == "rel" and any(member(slot[1]) for slot in (item[2], *item[3])):
                return True
        return False

    def meets(self, set_id: str, tier: Tier | None, recognised_from: int | None,
              year_offset: int, want: Outcome, by: str = "year") -> Iterator[Successor]:
        """The unit meets the referenced set, or holds a recognition at ``tier`` or a
        higher tier that counts (a recognition searched for a rule reading the decision
        date is decided in the year it is for)."""
        year = self.year + year_offset
        other = self.cs.reference(set_id)
        parts = [(c.rule, year_offset) for c in other.criteria]
        counting: frozenset[int | None] = frozenset()
        keys: list[Any] = []
        if tier is not None:
            low = recognised_from if recognised_from is not None else year - 50
            counting = frozenset(range(low, year + 1))
            keys = [("rec", self.path, t) for t in tier.and_above()]
        allowed = {k: self.state.get(k, self.solver.recognition_domain(year)) for k in keys}

        def marked(state: State) -> State:
            if by == "decided":
                for key in keys:
                    state[("rec_decided", *key[1:])] = True
            return state

        options: list[Iterator[Successor]] = []
        if want is Outcome.PASS:
            for key in keys:
                if allowed[key] & counting:
                    new = marked(dict(self.state))
                    new[key] = allowed[key] & counting
                    options.append(iter([(new, self.rest)]))
        if tier is None or all(allowed[k] - counting for k in keys):
            new = marked(dict(self.state))
            for key in keys:
                new[key] = allowed[key] - counting
            if parts:
                options.append(self._at(new, self.rest, other).k_of_n(parts, len(parts), want))
            elif want is Outcome.PASS:
                options.append(iter([(new, self.rest)]))
        self.solver.rng.shuffle(options)
        for option in options:
            yield from option

    def supplied(self, name: str, want: Outcome) -> Iterator[Successor]:
        """The rule supplied as parameter ``name`` (else its default, else a generated one);
        from a rule table, the rule of the unit's classification values."""
        inner = self.solver.parameters.get(name)
        if inner is None:
            inner = self.cs.parameter(name).default
        if inner is None:
            inner = self.solver.rule_defaults.get(name)
        if isinstance(inner, RuleTable):
            for (state, goals), key in self._keys(inner.by):
                found = None if key is None else inner.find(key)
                if found is None:
                    if want is Outcome.UNKNOWN:
                        yield state, goals
                    continue
                yield from self._at(state, goals).same(found[1], want)
        elif isinstance(inner, Rule):
            yield from self.same(inner, want)
        elif want is Outcome.UNKNOWN:
            yield self.state, self.rest

    def compare(self, rule: Rule, want: Outcome) -> Iterator[Successor]:
        """``expr op threshold`` has the outcome ``want``: narrow the first fact's domain by
        the operator (its negation for FAIL) at ``expr.bound(threshold, other facts)``."""
        expr, op, threshold = _comparison(rule)
        facts = tuple(expr.facts())
        unknown = want is Outcome.UNKNOWN
        domains = [initial_domain(self.cs.indicator_map.get(f.key)) for f in facts]
        for (state_t, goals_t), required in self.threshold(
                threshold, _CompareCandidates(expr, domains)):
            if unknown and required is None:
                yield state_t, goals_t
                continue
            for state_y, slots in self._slots(facts, state_t, unknown):
                if unknown:
                    yield from self._make_missing(slots, state_y, goals_t)
                    continue
                if required is None or None in slots:
                    continue
                yield from self._decide(expr, op, slots, required, want is Outcome.PASS,
                                        state_y, goals_t)

    # ------------------------------------------------------------------ threshold primitives
    def constant(self, value: Decimal | int | bool) -> Iterator[Valued]:
        yield (self.state, self.rest), _const(value)

    def evaluated_year(self, before: int) -> Iterator[Valued]:
        yield (self.state, self.rest), Decimal(self.year - before)

    def schedule(self, table: Schedule) -> Iterator[Valued]:
        for (new, goals), key in self._keys(table.by):
            if key is None:  # e.g. a village assessed on its own has no region
                yield (new, goals), None
                continue
            try:
                value = table.lookup(key, self.year)
            except ScheduleError:
                continue
            yield (new, goals), _const(value)

    def parameter(self, name: str, hint: _Candidates) -> Iterator[Valued]:
        raw = self.solver.parameters.get(name)
        if raw is None:
            raw = self.cs.parameter(name).default
        if raw is not None:  # supplied, or a default: a value or a schedule
            yield from self.threshold(to_threshold(raw), hint)
            return
        key = ("param", name)
        if key in self.state:
            value = self.state[key]
            yield (self.state, self.rest), None if isinstance(value, Absent) else value
            return
        values: list[Decimal | bool | Absent] = [*hint.values(self.solver.rng), ABSENT]
        self.solver.rng.shuffle(values)
        for value in values:
            new = dict(self.state)
            new[key] = value
            yield (new, [LOOK, *self.rest]), None if isinstance(value, Absent) else value

    def scaled(self, factor: Decimal | int, base: Threshold, hint: _Candidates
               ) -> Iterator[Valued]:
        for successor, value in self.threshold(base, hint.scaled(Decimal(factor))):
            if value is None or isinstance(value, bool):
                yield successor, None
            else:
                yield successor, Decimal(factor) * value

    # ------------------------------------------------------------------ classifications
    def _keys(self, names: tuple[str, ...]
              ) -> Iterator[tuple[Successor, dict[str, str] | None]]:
        """The codes of the classifications ``names`` thresholds are looked up for (None:
        one is not known), with the goals each needs."""
        if not names:
            yield (self.state, self.rest), {}
            return
        for (state, goals), code in self._classes(names[0]):
            if code is None:
                yield (state, goals), None
                continue
            for successor, key in self._at(state, goals)._keys(names[1:]):
                yield successor, None if key is None else {names[0]: code, **key}

    def _classes(self, name: str) -> Iterator[tuple[Successor, str | None]]:
        """The unit's value of the classification ``name``, with the goals it needs.

        As in the core: the overrides of the set being evaluated (when the unit is at
        that set's level) first, then the unit's own field; a unit without the field
        is classified by the set's resolver rules at the set's level, else takes its
        parent's value (none when it is assessed on its own). The search sets the own
        field where the unit has one (it wins over the resolver).
        """
        solver, cs, path, year = self.solver, self.cs, self.path, self.year
        classification = cs.classification(name)
        level = solver.level_of(path)
        while not (classification.field in CLASS_FIELDS[level]
                   or (cs.level is level and classification.resolves)):
            if not path:
                yield (self.state, self.rest), None
                return
            path = path[:-1]
            level = solver.level_of(path)
        applying = cs if cs.level is level else None
        key = ("class", name, path, applying.id if applying else None, year)
        if key in self.state:
            yield (self.state, self.rest), self.state[key]
            return
        overrides = classification.overrides if applying else ()
        own_key: tuple[Any, ...] | None = ("own_class", name, path)
        if classification.field in CLASS_FIELDS[level]:
            owns: list[tuple[str, list[tuple[Rule, Outcome]]]] = [
                (code, []) for code in ([self.state[own_key]] if own_key in self.state
                                        else list(classification.codes))]
        else:  # the resolver decides: one rule passes (the others fail), or none does
            rules = classification.rules
            owns = []
            for rule in rules:
                conds = [(r.when, Outcome.FAIL) for r in rules if r.value != rule.value]
                owns.append((rule.value, [(rule.when, Outcome.PASS), *conds]))
            if classification.residual is not None:
                owns.append((classification.residual,
                             [(r.when, Outcome.FAIL) for r in rules]))
            own_key = None
        solver.rng.shuffle(owns)
        for own, conditions in owns:
            choices = [(i, o.value) for i, o in enumerate(overrides)] + [(len(overrides), own)]
            solver.rng.shuffle(choices)
            for index, code in choices:
                new = dict(self.state)
                if own_key is not None:
                    new[own_key] = own
                new[key] = code
                goals = [self._goal(o.when, frozenset((Outcome.FAIL,)), path=path)
                         for o in overrides[:index]]
                if index < len(overrides):
                    goals.append(self._goal(overrides[index].when, frozenset((Outcome.PASS,)),
                                            path=path))
                else:
                    goals += [self._goal(rule, frozenset((want,)), path=path)
                              for rule, want in conditions]
                if own_key is not None:
                    # the field is the source: a stated fact given must agree with it
                    goals += [self._goal(yes(f.key), frozenset(
                        (Outcome.PASS if f.value == own else Outcome.FAIL, Outcome.UNKNOWN)),
                        path=path) for f in classification.stated]
                yield (new, [*goals, *self.rest]), code

    # ------------------------------------------------------------------ facts
    def _years(self, at: Any, state: State, want_missing: bool
               ) -> Iterator[tuple[State, int | None]]:
        """The years a year reference may read, from its ``form``."""
        kind, value = at.form
        if kind == "offset":
            yield state, self.year - value
        elif kind == "year":
            yield state, value
        elif kind == "recognition":
            key = ("rec", self.path, value)
            allowed = state.get(key, self.solver.recognition_domain(self.year))
            years = sorted(y for y in allowed if y is not None and y < self.year)
            self.solver.rng.shuffle(years)
            for y in years[:4]:
                new = dict(state)
                new[key] = frozenset((y,))
                yield new, y
            if want_missing and None in allowed:
                new = dict(state)
                new[key] = frozenset((None,))
                yield new, None
        else:
            raise NTMTypeError(f"witnesses do not support the year reference {shown(at)} "
                               f"(form {shown(kind)}; expected 'offset', 'year' or 'recognition')")

    def _slots(self, facts: tuple[Any, ...], state: State, unknown: bool
               ) -> Iterator[tuple[State, list[Any]]]:
        def walk(index: int, current: State, acc: list[Any]) -> Iterator[tuple[State, list[Any]]]:
            if index == len(facts):
                yield current, acc
                return
            item = facts[index]
            for new, y in self._years(item.at, current, unknown):
                slot = None if y is None else ("fact", self.path, item.key, y)
                yield from walk(index + 1, new, [*acc, slot])

        yield from walk(0, state, [])

    def _make_missing(self, slots: list[Any], state: State, goals: list[Goal]
                      ) -> Iterator[Successor]:
        if None in slots:  # a recognition year is missing
            yield state, goals
            return
        order = list(dict.fromkeys(slots))
        self.solver.rng.shuffle(order)
        for slot in order:
            current = state.get(slot)
            if current is None or isinstance(current, Absent):
                new = dict(state)
                new[slot] = ABSENT
                yield new, goals

    def _domain(self, state: State, slot: Any) -> Bools | Num | None:
        current = state.get(slot)
        if isinstance(current, Absent):
            return None
        fresh = initial_domain(self.cs.indicator_map.get(slot[2]))
        if current is None:
            return fresh
        if isinstance(fresh, Num) and isinstance(current, Num):
            narrowed: Any = current
            for op, bound in ((">=", fresh.lo), ("<=", fresh.hi)):
                if bound is not None and narrowed is not None:
                    narrowed = restrict(narrowed, op, bound)
            return narrowed  # type: ignore[no-any-return]
        return current  # type: ignore[no-any-return]

    def _decide(self, expr: Any, op: Operator, slots: list[Any], required: Decimal | bool,
                passing: bool, state: State, goals: list[Goal]) -> Iterator[Successor]:
        symbol = op.symbol if passing else op.negation
        new = dict(state)
        for slot in slots:
            domain = self._domain(new, slot)
            if domain is None:
                return
            new[slot] = domain
        if len(slots) == 1:
            bound = required if isinstance(required, bool) else _const(expr.bound(required, ()))
            narrowed = restrict(new[slots[0]], symbol, bound)
            if narrowed is not None:
                new[slots[0]] = narrowed
                yield new, goals
            return
        if isinstance(required, bool):
            return
        if len(slots) == 2 and slots[0] != slots[1] and not _narrow_pair(
                expr, symbol, required, slots[0], slots[1], new):
            return
        yield new, [*goals, ("rel", expr, slots[0], tuple(slots[1:]), symbol, required)]


def _narrow_pair(expr: Any, symbol: str, required: Decimal, first: Any, other: Any,
                 state: State) -> bool:
    """Narrow, in ``state``, the bounds of both facts of ``first symbol expr.bound(required,
    [other])`` (bound is affine in the other fact: b0 + s x other); the bounds are relaxed
    to closed ones and rounded outwards, so no value that could meet it is lost. False
    when a domain becomes empty (the relation cannot hold)."""
    a, b = state[first], state[other]
    if not isinstance(a, Num) or not isinstance(b, Num) or symbol == "!=":
        return True
    b0 = Fraction(expr.bound(required, [Decimal(0)]))
    slope = Fraction(expr.bound(required, [Decimal(1)])) - b0
    if not slope:
        return True
    sides = {">=": (">=",), ">": (">=",), "<=": ("<=",), "<": ("<=",), "==": (">=", "<=")}
    for side in sides[symbol]:
        up = side == ">="
        # first >= b0 + s x other (or <=): first is bounded by other's far end ...
        end = (b.lo if (slope > 0) == up else b.hi)
        if end is not None:
            narrowed = restrict(a, side, _outward(b0 + slope * Fraction(end), not up))
            if narrowed is None:
                return False
            a = narrowed
        # ... and other by first's end: s x other <= first.hi - b0 (or >= first.lo - b0)
        limit = a.hi if up else a.lo
        if limit is not None:
            value = (Fraction(limit) - b0) / slope
            at_most = up == (slope > 0)
            narrowed = restrict(b, "<=" if at_most else ">=", _outward(value, at_most))
            if narrowed is None:
                return False
            b = narrowed
    state[first], state[other] = a, b
    return True


def _outward(value: Fraction, upward: bool) -> Decimal:
    """``value`` as a decimal rounded away from the inside of a bound (up for an upper
    bound, down for a lower one), so the bound only ever widens."""
    scaled = value * 10**6
    whole = math.ceil(scaled) if upward else math.floor(scaled)
    return Decimal(whole).scaleb(-6)


_PATH_LEVEL = {"V": Level.VILLAGE, "C": Level.COMMUNE, "T": Level.TOWNSHIP, "D": Level.DISTRICT}
_PREFIX = {level: prefix for prefix, level in _PATH_LEVEL.items()}


def _child_code(level: Level, index: int) -> str:
    return f"{_PREFIX[level]}{index + 1:02d}"
