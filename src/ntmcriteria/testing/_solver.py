"""A small backtracking search for facts that give a rule a wanted outcome.

The search walks the rule tree with a wanted set of outcomes per node and
narrows a domain per fact slot (unit, indicator, year). Choices (which part of
an ``any_of`` passes, how many villages a ``share`` needs, ...) are explored
depth first in an order the caller's random generator picks, so a drawn
witness varies while an exhausted search proves that no witness exists within
the search space (e.g. ``fact("x") >= 10`` and ``fact("x") <= 5`` together).
Pure Python, no Hypothesis: :mod:`ntmcriteria.testing.witnesses` wraps it.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeAlias

from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.errors import NTMError, NTMValueError, ScheduleError
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import (
    AllOf,
    AnyOf,
    AtLeast,
    Compare,
    Count,
    Current,
    Difference,
    Fact,
    HeldEachYear,
    InYear,
    Labelled,
    MeetsSet,
    Not,
    Ratio,
    RecognitionYear,
    Rule,
    RuleParam,
    Share,
    YearsBefore,
)
from ntmcriteria.testing._domains import ABSENT, Absent, Bools, Num, initial_domain, restrict
from ntmcriteria.thresholds import Const, Param, Scaled, Schedule, Threshold
from ntmcriteria.units import Level, Region

__all__ = ["Goal", "SearchBudgetError", "Solver", "State", "UnsatisfiableError"]

State: TypeAlias = dict[Any, Any]
Path: TypeAlias = tuple[str, ...]
Wanted: TypeAlias = frozenset[Outcome]
Goal: TypeAlias = tuple[Any, ...]
Successor: TypeAlias = tuple[State, list[Goal]]

ALL = frozenset(Outcome)
_FLIP = {Outcome.PASS: Outcome.FAIL, Outcome.FAIL: Outcome.PASS, Outcome.UNKNOWN: Outcome.UNKNOWN}
_UNARY = {(">=", True): ">=", (">=", False): "<", ("<=", True): "<=", ("<=", False): ">",
          ("==", True): "==", ("==", False): "!=", ("!=", True): "!=", ("!=", False): "=="}
#: Member units a witness can create directly under a unit of each level.
CHILD_LEVELS = {(Level.COMMUNE, Level.VILLAGE), (Level.DISTRICT, Level.COMMUNE),
                (Level.DISTRICT, Level.TOWNSHIP), (Level.PROVINCE, Level.COMMUNE),
                (Level.PROVINCE, Level.DISTRICT)}
#: How many years before the assessment a generated recognition may lie.
RECOGNITION_SPAN = 10


class UnsatisfiableError(NTMValueError):
    """No facts give the rule the wanted outcome (e.g. contradictory thresholds)."""


class SearchBudgetError(NTMError, RuntimeError):
    """The search gave up after its step budget without deciding."""


def _const(value: Decimal | int | bool) -> Decimal | bool:
    return value if isinstance(value, bool) else Decimal(value)


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

    # ------------------------------------------------------------------ driver
    def solve(self, rule: Rule, wanted: Outcome, years: tuple[int, ...],
              rng: random.Random) -> State | None:
        """A state whose facts give ``rule`` the ``wanted`` outcome, or None if none exists.

        Raises :class:`SearchBudgetError` when the budget runs out first.
        """
        self.rng = rng
        order = list(years)
        rng.shuffle(order)
        starts: Iterator[Successor] = (
            ({"year": y}, [("rule", rule, (), y, self.criteria_set, frozenset((wanted,)))])
            for y in order
        )
        stack: list[Iterator[Successor]] = [starts]
        steps = 0
        while stack:
            try:
                state, goals = next(stack[-1])
            except StopIteration:
                stack.pop()
                continue
            steps += 1
            if steps > self.budget:
                raise SearchBudgetError(
                    f"the witness search gave up after {self.budget} steps without finding "
                    f"facts for outcome {wanted.name}; raise budget= or simplify the rule"
                )
            if not goals:
                return state
            stack.append(self._expand(goals[0], state, goals[1:]))
        return None

    def _expand(self, goal: Goal, state: State, rest: list[Goal]) -> Iterator[Successor]:
        if goal[0] == "rel":
            yield from self._relation(goal, state, rest)
            return
        _, rule, path, year, cs, wanted = goal
        options = list(wanted)
        self.rng.shuffle(options)
        for outcome in options:
            yield from self._rule(rule, path, year, cs, outcome, state, rest)

    def _sub(self, rule: Rule, path: Path, year: int, cs: CriteriaSet,
             wanted: Wanted) -> Goal:
        return ("rule", rule, path, year, cs, wanted)

    # ------------------------------------------------------------------ rule nodes
    def _rule(self, rule: Rule, path: Path, year: int, cs: CriteriaSet, want: Outcome,
              state: State, rest: list[Goal]) -> Iterator[Successor]:
        one = frozenset((want,))
        if isinstance(rule, Labelled):
            yield state, [self._sub(rule.rule, path, year, cs, one), *rest]
        elif isinstance(rule, Not):
            yield state, [self._sub(rule.rule, path, year, cs, frozenset((_FLIP[want],))), *rest]
        elif isinstance(rule, AllOf | AnyOf | AtLeast | HeldEachYear):
            if isinstance(rule, HeldEachYear):
                parts = [(rule.rule, y) for y in range(year - rule.years, year)]
                k = len(parts)
            else:
                parts = [(r, year) for r in rule.rules]
                k = (len(parts) if isinstance(rule, AllOf) else 1 if isinstance(rule, AnyOf)
                     else rule.k)
            for assignment in self._k_of_n(len(parts), k, want):
                goals = [self._sub(r, path, y, cs, w)
                         for (r, y), w in zip(parts, assignment, strict=True) if w != ALL]
                yield state, [*goals, *rest]
        elif isinstance(rule, Share | Count):
            yield from self._aggregate(rule, path, year, cs, want, state, rest)
        elif isinstance(rule, MeetsSet):
            yield from self._meets(rule, path, year, cs, want, state, rest)
        elif isinstance(rule, RuleParam):
            inner = self.parameters.get(rule.name)
            if inner is None:
                inner = cs.parameter(rule.name).default or self.rule_defaults.get(rule.name)
            if isinstance(inner, Rule):
                yield state, [self._sub(inner, path, year, cs, one), *rest]
            elif want is Outcome.UNKNOWN:
                yield state, rest
        elif isinstance(rule, Compare):
            yield from self._compare(rule, path, year, cs, want, state, rest)
        else:
            raise NTMValueError(f"witnesses do not support the rule node {rule!r}")

    def _k_of_n(self, n: int, k: int, want: Outcome) -> Iterator[list[Wanted]]:
        """Wanted outcomes per part so that 'at least k of n pass' has outcome ``want``."""
        pass_, fail, unknown = (frozenset((o,)) for o in (Outcome.PASS, Outcome.FAIL,
                                                            Outcome.UNKNOWN))
        if want is Outcome.PASS:
            for chosen in self._subsets(n, k):
                yield [pass_ if i in chosen else ALL for i in range(n)]
        elif want is Outcome.FAIL:
            if n - k + 1 <= n:
                for chosen in self._subsets(n, n - k + 1):
                    yield [fail if i in chosen else ALL for i in range(n)]
        else:
            # p < k parts pass, k - p are unknown, and the other n - k may not pass
            not_pass = frozenset((Outcome.FAIL, Outcome.UNKNOWN))
            passes = list(range(1, k))
            self.rng.shuffle(passes)
            for p in [0, *passes] if k else []:  # none passing is the easiest to reach
                labels = [pass_] * p + [unknown] * (k - p) + [not_pass] * (n - k)
                for order in self._permutations(n):
                    out: list[Wanted] = [ALL] * n
                    for index, label in zip(order, labels, strict=True):
                        out[index] = label
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

    # ------------------------------------------------------------------ member units
    def _aggregate(self, rule: Share | Count, path: Path, year: int, cs: CriteriaSet,
                   want: Outcome, state: State, rest: list[Goal]) -> Iterator[Successor]:
        level = self._level_of(path, cs)
        if (level, rule.level) not in CHILD_LEVELS:
            raise NTMValueError(
                f"witnesses can create {rule.level.value} members only directly under a unit "
                f"one level up (got {rule.level.value} under a {level.value})")
        key = ("children", path, rule.level)
        counts = [state[key]] if key in state else list(range(self.max_children + 1))
        self.rng.shuffle(counts)
        for base, required in self._threshold(rule.at_least, path, year, cs, state, rest,
                                              hint=rule):
            state_t, goals_t = base
            if required is None:
                if want is Outcome.UNKNOWN:
                    yield state_t, goals_t
                continue
            for n in counts:
                for p, u in self._tallies(rule, n, required, want):
                    new = dict(state_t)
                    new[key] = n
                    order = list(range(n))
                    self.rng.shuffle(order)
                    goals = []
                    for rank, index in enumerate(order):
                        outcome = (Outcome.PASS if rank < p else Outcome.UNKNOWN if rank < p + u
                                   else Outcome.FAIL)
                        child = (*path, _child_code(rule.level, index))
                        goals.append(self._sub(rule.rule, child, year, cs, frozenset((outcome,))))
                    yield new, [*goals, *goals_t]

    def _tallies(self, rule: Share | Count, n: int, required: Decimal | bool,
                 want: Outcome) -> list[tuple[int, int]]:
        if isinstance(required, bool):
            return []
        out = []
        for p in range(n + 1):
            for u in range(n - p + 1):
                if _aggregate_outcome(rule, n, p, u, required) is want:
                    out.append((p, u))
        self.rng.shuffle(out)
        return out

    def _level_of(self, path: Path, cs: CriteriaSet) -> Level:
        """The level of the unit at ``path`` (the root is at the assessed set's level)."""
        return self.criteria_set.level if not path else _PATH_LEVEL[path[-1][0]]

    # ------------------------------------------------------------------ other sets
    def _meets(self, rule: MeetsSet, path: Path, year: int, cs: CriteriaSet, want: Outcome,
               state: State, rest: list[Goal]) -> Iterator[Successor]:
        other = cs.reference(rule.set_id)
        whole = AllOf(tuple(c.rule for c in other.criteria)) if other.criteria else None
        counting: frozenset[int | None] = frozenset()
        if rule.tier is not None:
            low = rule.recognised_from if rule.recognised_from is not None else year - 50
            counting = frozenset(range(low, year + 1))
        rec_key = ("rec", path, rule.tier)
        allowed = state.get(rec_key, self._recognition_domain(year))
        options: list[Successor] = []
        if want is Outcome.PASS and rule.tier is not None and allowed & counting:
            new = dict(state)
            new[rec_key] = allowed & counting
            options.append((new, rest))
        not_counting = allowed - counting
        if rule.tier is None or not_counting:
            new = dict(state)
            if rule.tier is not None:
                new[rec_key] = not_counting
            if whole is not None:
                options.append((new, [self._sub(whole, path, year, other, frozenset((want,))),
                                      *rest]))
            elif want is Outcome.PASS:
                options.append((new, rest))
        self.rng.shuffle(options)
        yield from options

    def _recognition_domain(self, year: int) -> frozenset[int | None]:
        return frozenset((None, *range(year - RECOGNITION_SPAN, year + 1)))

    # ------------------------------------------------------------------ thresholds
    def _threshold(self, threshold: Threshold, path: Path, year: int, cs: CriteriaSet,
                   state: State, rest: list[Goal], hint: Any
                   ) -> Iterator[tuple[Successor, Decimal | bool | None]]:
        """(state, goals) and the threshold's value (None: missing) for each choice."""
        if isinstance(threshold, Const):
            yield (state, rest), _const(threshold.value)
        elif isinstance(threshold, Schedule):
            yield from self._schedule(threshold, path, year, cs, state, rest)
        elif isinstance(threshold, Scaled):
            for base, value in self._threshold(threshold.base, path, year, cs, state, rest, hint):
                if value is None or isinstance(value, bool):
                    yield base, None
                else:
                    yield base, Decimal(threshold.factor) * value
        elif isinstance(threshold, Param):
            yield from self._param(threshold.name, path, year, cs, state, rest, hint)

    def _param(self, name: str, path: Path, year: int, cs: CriteriaSet, state: State,
               rest: list[Goal], hint: Any) -> Iterator[tuple[Successor, Decimal | bool | None]]:
        raw = self.parameters.get(name)
        if raw is None:
            raw = cs.parameter(name).default
        if isinstance(raw, Schedule):
            yield from self._schedule(raw, path, year, cs, state, rest)
            return
        if isinstance(raw, Decimal | int):
            yield (state, rest), _const(raw)
            return
        key = ("param", name)
        if key in state:
            value = state[key]
            yield (state, rest), None if isinstance(value, Absent) else value
            return
        values: list[Decimal | bool | Absent] = [*self._param_candidates(hint, cs), ABSENT]
        self.rng.shuffle(values)
        for value in values:
            new = dict(state)
            new[key] = value
            yield (new, rest), None if isinstance(value, Absent) else value

    def _param_candidates(self, hint: Any, cs: CriteriaSet) -> list[Decimal | bool]:
        if isinstance(hint, Share):
            domain: Bools | Num = Num(integer=False, lo=Decimal(0), hi=Decimal(100))
        elif isinstance(hint, Count):
            domain = Num(integer=True, lo=Decimal(0), hi=Decimal(self.max_children))
        elif isinstance(hint, Compare) and isinstance(hint.expr, Ratio):
            domain = Num(integer=False, lo=Decimal("0.5"), hi=Decimal(2))
        elif isinstance(hint, Compare) and isinstance(hint.expr, Difference):
            domain = Num(integer=False, lo=Decimal(-50), hi=Decimal(50))
        elif isinstance(hint, Compare):
            domain = initial_domain(cs.indicator_map.get(hint.expr.fact_keys()[0]))
        else:
            domain = Num(integer=False)
        if isinstance(domain, Bools):
            return sorted(domain.allowed)
        return list(domain.candidates(self.rng, limit=3))

    def _schedule(self, table: Schedule, path: Path, year: int, cs: CriteriaSet, state: State,
                  rest: list[Goal]) -> Iterator[tuple[Successor, Decimal | bool | None]]:
        if not table.by_region:
            try:
                yield (state, rest), _const(table.lookup(None, year))
            except ScheduleError:
                return
            return
        for (new, goals), region in self._regions(cs, path, year, state, rest):
            if region is None:  # a village assessed on its own has no region
                yield (new, goals), None
                continue
            try:
                value = table.lookup(region, year)
            except ScheduleError:
                continue
            yield (new, goals), _const(value)

    def _regions(self, cs: CriteriaSet, path: Path, year: int, state: State,
                 rest: list[Goal]) -> Iterator[tuple[Successor, Region | None]]:
        """The region thresholds are looked up for, with the override goals it needs.

        As in the core: a unit with a region uses it, after the overrides of the
        set being evaluated when the unit is at that set's level; a village uses
        its parent's region (none when it is assessed on its own).
        """
        level = self._level_of(path, cs)
        if level is Level.VILLAGE:
            if not path:
                yield (state, rest), None
                return
            path = path[:-1]
            level = self._level_of(path, cs)
        applying = cs if cs.level is level else None
        key = ("region", path, applying.id if applying else None, year)
        if key in state:
            yield (state, rest), state[key]
            return
        own_key = ("own_region", path)
        owns = [state[own_key]] if own_key in state else list(Region)
        self.rng.shuffle(owns)
        overrides = applying.region_overrides if applying else ()
        for own in owns:
            choices = [(i, o.region) for i, o in enumerate(overrides)] + [(len(overrides), own)]
            self.rng.shuffle(choices)
            for index, region in choices:
                new = dict(state)
                new[own_key] = own
                new[key] = region
                goals = [self._sub(o.when, path, year, cs, frozenset((Outcome.FAIL,)))
                         for o in overrides[:index]]
                if index < len(overrides):
                    goals.append(self._sub(overrides[index].when, path, year, cs,
                                           frozenset((Outcome.PASS,))))
                yield (new, [*goals, *rest]), region

    # ------------------------------------------------------------------ comparisons
    def _years(self, at: Any, path: Path, year: int, state: State,
               want_missing: bool) -> Iterator[tuple[State, int | None]]:
        if isinstance(at, Current):
            yield state, year
        elif isinstance(at, YearsBefore):
            yield state, year - at.n
        elif isinstance(at, InYear):
            yield state, at.year
        elif isinstance(at, RecognitionYear):
            key = ("rec", path, at.tier)
            allowed = state.get(key, self._recognition_domain(year))
            years = sorted(y for y in allowed if y is not None and y < year)
            self.rng.shuffle(years)
            for y in years[:4]:
                new = dict(state)
                new[key] = frozenset((y,))
                yield new, y
            if want_missing and None in allowed:
                new = dict(state)
                new[key] = frozenset((None,))
                yield new, None

    def _compare(self, rule: Compare, path: Path, year: int, cs: CriteriaSet, want: Outcome,
                 state: State, rest: list[Goal]) -> Iterator[Successor]:
        expr = rule.expr
        facts = (expr,) if isinstance(expr, Fact) else (
            (expr.left, expr.right) if isinstance(expr, Difference)
            else (expr.numerator, expr.denominator))
        unknown = want is Outcome.UNKNOWN
        for (state_t, goals_t), required in self._threshold(rule.threshold, path, year, cs,
                                                            state, rest, hint=rule):
            if unknown and required is None:
                yield state_t, goals_t
                continue
            for state_y, slots in self._slots(facts, path, year, state_t, unknown):
                if unknown:
                    yield from self._make_missing(slots, state_y, goals_t, cs)
                    continue
                if required is None or None in slots:
                    continue
                yield from self._decide(rule, slots, cs, required, want is Outcome.PASS,
                                        state_y, goals_t)

    def _slots(self, facts: tuple[Fact, ...], path: Path, year: int, state: State,
               unknown: bool) -> Iterator[tuple[State, list[Any]]]:
        def walk(index: int, current: State, acc: list[Any]) -> Iterator[tuple[State, list[Any]]]:
            if index == len(facts):
                yield current, acc
                return
            item = facts[index]
            for new, y in self._years(item.at, path, year, current, unknown):
                slot = None if y is None else ("fact", path, item.key, y)
                yield from walk(index + 1, new, [*acc, slot])

        yield from walk(0, state, [])

    def _make_missing(self, slots: list[Any], state: State, goals: list[Goal],
                      cs: CriteriaSet) -> Iterator[Successor]:
        if None in slots:  # a recognition year is missing
            yield state, goals
            return
        order = list(slots)
        self.rng.shuffle(order)
        for slot in order:
            current = state.get(slot)
            if current is None or isinstance(current, Absent):
                new = dict(state)
                new[slot] = ABSENT
                yield new, goals

    def _domain(self, state: State, slot: Any, cs: CriteriaSet) -> Bools | Num | None:
        current = state.get(slot)
        if isinstance(current, Absent):
            return None
        fresh = initial_domain(cs.indicator_map.get(slot[2]))
        if current is None:
            return fresh
        if isinstance(fresh, Num) and isinstance(current, Num):
            narrowed: Any = current
            for op, bound in ((">=", fresh.lo), ("<=", fresh.hi)):
                if bound is not None and narrowed is not None:
                    narrowed = restrict(narrowed, op, bound)
            return narrowed  # type: ignore[no-any-return]
        return current  # type: ignore[no-any-return]

    def _decide(self, rule: Compare, slots: list[Any], cs: CriteriaSet,
                required: Decimal | bool, passing: bool, state: State,
                goals: list[Goal]) -> Iterator[Successor]:
        op = _UNARY[(rule.op, passing)]
        new = dict(state)
        for slot in slots:
            domain = self._domain(new, slot, cs)
            if domain is None:
                return
            new[slot] = domain
        if len(slots) == 1:
            narrowed = restrict(new[slots[0]], op, required)
            if narrowed is not None:
                new[slots[0]] = narrowed
                yield new, goals
            return
        kind = "diff" if isinstance(rule.expr, Difference) else "ratio"
        yield new, [*goals, ("rel", kind, slots[0], slots[1], op, required)]

    def _relation(self, goal: Goal, state: State, rest: list[Goal]) -> Iterator[Successor]:
        _, kind, left, right, op, required = goal
        right_domain = state[right]
        if isinstance(right_domain, Num) and right_domain.lo == right_domain.hi \
                and right_domain.lo is not None:
            values = [right_domain.lo]
        elif isinstance(right_domain, Num):
            values = right_domain.candidates(self.rng, limit=4)
        else:
            return
        for value in values:
            new = dict(state)
            fixed = restrict(right_domain, "==", value)
            if fixed is None:
                continue
            new[right] = fixed
            bound = required + value if kind == "diff" else required * value
            narrowed = restrict(new[left], op, bound)
            if narrowed is not None:
                new[left] = narrowed
                yield new, rest


_PATH_LEVEL = {"V": Level.VILLAGE, "C": Level.COMMUNE, "T": Level.TOWNSHIP, "D": Level.DISTRICT}


def _child_code(level: Level, index: int) -> str:
    prefix = {Level.VILLAGE: "V", Level.COMMUNE: "C", Level.TOWNSHIP: "T",
              Level.DISTRICT: "D"}[level]
    return f"{prefix}{index + 1:02d}"


def _aggregate_outcome(rule: Share | Count, n: int, p: int, u: int,
                       required: Decimal) -> Outcome:
    """The documented semantics of share and count, on exact rationals.

    With no members listed both are UNKNOWN, never a vacuous PASS.
    """
    if n == 0:
        return Outcome.UNKNOWN
    if isinstance(rule, Share):
        need = Fraction(required) / 100
        if Fraction(p, n) >= need:
            return Outcome.PASS
        return Outcome.FAIL if Fraction(p + u, n) < need else Outcome.UNKNOWN
    if p >= required:
        return Outcome.PASS
    return Outcome.FAIL if p + u < required else Outcome.UNKNOWN
