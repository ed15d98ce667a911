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

from ntmcriteria._values import shown
from ntmcriteria.criteria import CriteriaSet, Criterion
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import Rule, RuleTable
from ntmcriteria.testing._build import find_witness
from ntmcriteria.testing._solver import SearchBudgetError, UnsatisfiableError

__all__ = ["CHECKS", "CheckReport", "Finding", "check_criteria_set", "directions"]

CHECKS = ("never_passes", "always_passes", "monotonicity")


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

    ``up``: raising it never hurts (``>=``, ``>``, ``yes``); ``down``: lowering it
    never hurts (``<=``, ``<``, ``no``); both: the rule is not monotone in it. Each
    kind declares its directions (its ``directions`` hook); rules supplied as
    parameters and referenced sets are followed.
    """
    if not isinstance(rule, Rule):
        raise NTMTypeError(f"rule must be a rule (got {type(rule).__name__} {shown(rule)})")
    out: dict[str, set[str]] = {}
    walker = _Directions(criteria_set, dict(parameters or {}), frozenset())
    for key, direction in walker.walk(rule, True):
        out.setdefault(key, set()).add(direction)
    return out


class _Directions:
    """The monotonicity check's side of the ``directions`` hooks
    (:class:`ntmcriteria.hooks.Directions`), for rules evaluated in ``cs``."""

    def __init__(self, cs: CriteriaSet, parameters: dict[str, Any], seen: frozenset[str]
                 ) -> None:
        self.cs = cs
        self.parameters = parameters
        self.seen = seen

    def walk(self, rule: Rule, positive: bool) -> Iterator[tuple[str, str]]:
        """``rule``'s directions; with ``positive`` False, those that help it fail."""
        return rule.directions(self, positive)

    def supplied(self, name: str, positive: bool) -> Iterator[tuple[str, str]]:
        inner = self.parameters.get(name)
        if inner is None:
            inner = self.cs.parameter(name).default
        if isinstance(inner, Rule):
            yield from self.walk(inner, positive)
        elif isinstance(inner, RuleTable):  # every rule of the table may be the one used
            for rule in inner.rules():
                yield from self.walk(rule, positive)

    def reference(self, set_id: str, positive: bool) -> Iterator[tuple[str, str]]:
        if set_id in self.seen:
            return
        other = self.cs.reference(set_id)
        inner = _Directions(other, self.parameters, self.seen | {set_id})
        for criterion in other.criteria:
            yield from inner.walk(criterion.rule, positive)


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
        raise NTMValueError(f"checks must be a tuple drawn from {CHECKS} (got {shown(checks)})")
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
