"""Checks a rule author can run on their own criteria set.

* ``never_passes``: no unit can pass the criterion (contradictory thresholds).
* ``always_passes``: no unit can fail it (given its facts, it always passes).
* ``not_monotone``: raising one indicator can turn a PASS into a FAIL *and*
  raising it elsewhere can turn a FAIL into a PASS (the indicator is compared
  in both directions, or with ``equals``/``differs``). Often intended (a
  difference that must be 0), so it is a finding to read, not an error.
* ``undecided``: the witness search gave up within its budget.

::

    report = check_criteria_set(my_set)
    assert report.ok, str(report)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from ntmcriteria.criteria import CriteriaSet, Criterion
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import (
    AllOf,
    AnyOf,
    AtLeast,
    Compare,
    Count,
    Difference,
    Fact,
    HeldEachYear,
    Labelled,
    MeetsSet,
    Not,
    Ratio,
    Rule,
    RuleParam,
    Share,
)
from ntmcriteria.testing._build import find_witness
from ntmcriteria.testing._solver import SearchBudgetError, UnsatisfiableError

__all__ = ["CHECKS", "CheckReport", "Finding", "check_criteria_set", "directions"]

CHECKS = ("never_passes", "always_passes", "monotonicity")
UP, DOWN = "up", "down"


@attrs.frozen(kw_only=True)
class Finding:
    """One thing a check found about a criterion."""

    kind: str
    criterion_id: str
    message: str
    indicator: str | None = None

    def __str__(self) -> str:
        return f"[{self.kind}] {self.criterion_id}: {self.message}"


@attrs.frozen(kw_only=True)
class CheckReport:
    """The findings of :func:`check_criteria_set` (empty when all is well)."""

    criteria_set_id: str
    checks: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.findings

    def of_kind(self, kind: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == kind)

    def for_criterion(self, criterion_id: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.criterion_id == criterion_id)

    def __str__(self) -> str:
        head = (f"criteria set {self.criteria_set_id!r}: {len(self.findings)} finding(s) "
                f"from checks {', '.join(self.checks)}")
        return "\n".join([head, *(f"  {f}" for f in self.findings)])


# ------------------------------------------------------------------ monotonicity
def directions(rule: Rule, criteria_set: CriteriaSet,
               parameters: Mapping[str, Any] | None = None) -> dict[str, set[str]]:
    """For each indicator key, the directions in which raising it helps the rule pass.

    ``up``: raising it never hurts (``>=``, ``yes``); ``down``: lowering it
    never hurts (``<=``, ``no``); both: the rule is not monotone in it.
    """
    out: dict[str, set[str]] = {}
    for key, direction in _walk(rule, criteria_set, dict(parameters or {}), True, set()):
        out.setdefault(key, set()).add(direction)
    return out


def _flip(direction: str, positive: bool) -> str:
    if positive:
        return direction
    return DOWN if direction == UP else UP


def _compare_directions(rule: Compare) -> Iterator[tuple[str, str]]:
    expr = rule.expr
    if rule.op in ("==", "!="):
        is_bool = isinstance(getattr(rule.threshold, "value", None), bool)
        if is_bool and isinstance(expr, Fact):
            value = rule.threshold.value  # type: ignore[union-attr]
            yes_wanted = value if rule.op == "==" else not value
            yield expr.key, UP if yes_wanted else DOWN
            return
        for key in expr.fact_keys():
            yield key, UP
            yield key, DOWN
        return
    direction = UP if rule.op == ">=" else DOWN
    if isinstance(expr, Fact):
        yield expr.key, direction
    elif isinstance(expr, Difference):
        yield expr.left.key, direction
        yield expr.right.key, _flip(direction, False)
    elif isinstance(expr, Ratio):
        if expr.numerator.key == expr.denominator.key:
            # the same indicator now and in a base year: raising "it" is ambiguous
            yield expr.numerator.key, direction
        else:
            yield expr.numerator.key, direction
            yield expr.denominator.key, _flip(direction, False)


def _walk(rule: Rule, cs: CriteriaSet, parameters: dict[str, Any], positive: bool,
          seen: set[str]) -> Iterator[tuple[str, str]]:
    if isinstance(rule, Compare):
        for key, direction in _compare_directions(rule):
            yield key, _flip(direction, positive)
    elif isinstance(rule, Not):
        yield from _walk(rule.rule, cs, parameters, not positive, seen)
    elif isinstance(rule, AllOf | AnyOf | AtLeast):
        for part in rule.rules:
            yield from _walk(part, cs, parameters, positive, seen)
    elif isinstance(rule, Labelled | HeldEachYear | Share | Count):
        yield from _walk(rule.rule, cs, parameters, positive, seen)
    elif isinstance(rule, RuleParam):
        inner = parameters.get(rule.name) or cs.parameter(rule.name).default
        if isinstance(inner, Rule):
            yield from _walk(inner, cs, parameters, positive, seen)
    elif isinstance(rule, MeetsSet) and rule.set_id not in seen:
        other = cs.reference(rule.set_id)
        for criterion in other.criteria:
            yield from _walk(criterion.rule, other, parameters, positive, seen | {rule.set_id})


# ------------------------------------------------------------------ the checks
def _search(cs: CriteriaSet, criterion: Criterion, outcome: Outcome, year: int | None,
            parameters: Mapping[str, Any] | None, budget: int) -> str:
    try:
        find_witness(cs, outcome, criterion=criterion.id, year=year, parameters=parameters,
                     budget=budget)
    except UnsatisfiableError:
        return "impossible"
    except SearchBudgetError:
        return "undecided"
    return "possible"


def check_criteria_set(criteria_set: CriteriaSet, *, checks: tuple[str, ...] = CHECKS,
                       year: int | None = None, parameters: Mapping[str, Any] | None = None,
                       budget: int = 20_000) -> CheckReport:
    """Run the author checks on every criterion of ``criteria_set``.

    ``parameters`` fixes parameters (the others may take any value, so a
    criterion is reported as never passing only if no value would help).
    """
    if not isinstance(criteria_set, CriteriaSet):
        raise NTMTypeError(
            f"criteria_set must be a CriteriaSet (got {type(criteria_set).__name__})")
    if isinstance(checks, str) or not all(c in CHECKS for c in checks):
        raise NTMValueError(f"checks must be a tuple drawn from {CHECKS} (got {checks!r})")
    findings: list[Finding] = []
    for criterion in criteria_set.criteria:
        cid = criterion.id
        if "never_passes" in checks:
            found = _search(criteria_set, criterion, Outcome.PASS, year, parameters, budget)
            if found == "impossible":
                findings.append(Finding(kind="never_passes", criterion_id=cid, message=(
                    "no unit can pass it: its thresholds contradict each other "
                    f"({criterion.rule!r})")))
            elif found == "undecided":
                findings.append(Finding(kind="undecided", criterion_id=cid, message=(
                    f"could not decide within {budget} steps whether it can pass")))
        if "always_passes" in checks:
            found = _search(criteria_set, criterion, Outcome.FAIL, year, parameters, budget)
            if found == "impossible":
                findings.append(Finding(kind="always_passes", criterion_id=cid, message=(
                    "no unit can fail it: with its facts supplied it always passes "
                    f"({criterion.rule!r})")))
            elif found == "undecided":
                findings.append(Finding(kind="undecided", criterion_id=cid, message=(
                    f"could not decide within {budget} steps whether it can fail")))
        if "monotonicity" in checks:
            for key, seen in sorted(directions(criterion.rule, criteria_set,
                                               parameters).items()):
                if len(seen) > 1:
                    findings.append(Finding(kind="not_monotone", criterion_id=cid, indicator=key,
                                            message=(
                        f"not monotone in {key!r}: raising it can turn a pass into a fail "
                        "and elsewhere a fail into a pass (compared in both directions or "
                        "with equals/differs)")))
    return CheckReport(criteria_set_id=criteria_set.id, checks=tuple(checks),
                       findings=tuple(findings))
