"""The rule algebra: constructors for frozen, inspectable rule trees.

Every rule's ``repr()`` is code built from the names in this module (and
``Decimal``), so ``eval(repr(rule), vars(ntmcriteria.rules))`` rebuilds it::

    >>> from ntmcriteria.rules import fact, yes, share
    >>> (fact("income") >= 45) & yes("health_station")
    all_of((fact('income') >= 45), yes('health_station'))

Each kind lives in its own home module, which declares everything about it;
:data:`RULE_KINDS`, :data:`EXPR_KINDS`, :data:`YEAR_KINDS` and
:data:`THRESHOLD_KINDS` list them all (the serializer, the schema and the
exhaustiveness tests read these tuples).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ntmcriteria.rules._base import Rule, RuleDetail
from ntmcriteria.rules.aggregate import Aggregate, AggregateDetail, Over
from ntmcriteria.rules.applicable import ApplicableDetail, AppliesIf
from ntmcriteria.rules.compare import Compare, CompareDetail
from ntmcriteria.rules.expressions import EXPR_KINDS, Difference, Expr, Fact, Ratio
from ntmcriteria.rules.labelled import Labelled
from ntmcriteria.rules.logic import (
    AllOf,
    AllOfDetail,
    AnyOf,
    AnyOfDetail,
    AtLeast,
    AtLeastDetail,
    Not,
    NotDetail,
)
from ntmcriteria.rules.meets import MeetsDetail, MeetsSet
from ntmcriteria.rules.members import Count, CountDetail, MembersDetail, Share, ShareDetail
from ntmcriteria.rules.operators import OPERATORS, Operator
from ntmcriteria.rules.supplied import RuleParam, RuleTable, SuppliedDetail, rule_table
from ntmcriteria.rules.window import HeldEachYear, WindowDetail
from ntmcriteria.rules.years import (
    YEAR_KINDS,
    Current,
    InYear,
    RecognitionYear,
    YearRef,
    YearsBefore,
)
from ntmcriteria.thresholds import (
    THRESHOLD_KINDS,
    Const,
    EvaluatedYear,
    Param,
    Scaled,
    Schedule,
    Threshold,
    schedule,
)
from ntmcriteria.units import Level, Tier

__all__ = [
    "EXPR_KINDS",
    "OPERATORS",
    "RULE_KINDS",
    "THRESHOLD_KINDS",
    "YEAR_KINDS",
    "Aggregate",
    "AggregateDetail",
    "AllOf",
    "AllOfDetail",
    "AnyOf",
    "AnyOfDetail",
    "ApplicableDetail",
    "AppliesIf",
    "AtLeast",
    "AtLeastDetail",
    "Compare",
    "CompareDetail",
    "Const",
    "Count",
    "CountDetail",
    "Current",
    "Decimal",
    "Difference",
    "EvaluatedYear",
    "Expr",
    "Fact",
    "HeldEachYear",
    "InYear",
    "Labelled",
    "MeetsDetail",
    "MeetsSet",
    "MembersDetail",
    "Not",
    "NotDetail",
    "Operator",
    "Over",
    "Param",
    "Ratio",
    "RecognitionYear",
    "Rule",
    "RuleDetail",
    "RuleParam",
    "RuleTable",
    "Scaled",
    "Schedule",
    "Share",
    "ShareDetail",
    "SuppliedDetail",
    "Threshold",
    "WindowDetail",
    "YearRef",
    "YearsBefore",
    "all_of",
    "any_of",
    "applies_if",
    "at_least",
    "compare",
    "count",
    "current",
    "evaluated_year",
    "fact",
    "held_each_year",
    "in_year",
    "labelled",
    "maximum",
    "mean",
    "meets",
    "minimum",
    "no",
    "not_",
    "param",
    "ratio",
    "recognition_year",
    "rule_param",
    "rule_table",
    "scaled",
    "schedule",
    "share",
    "total",
    "years_before",
    "yes",
]

#: Every rule kind, in document order.
RULE_KINDS: tuple[type[Rule], ...] = (
    AllOf, AnyOf, AtLeast, Not, Labelled, Compare, Share, Count, Aggregate, HeldEachYear,
    MeetsSet, RuleParam, AppliesIf,
)


def fact(key: str, at: YearRef | None = None) -> Fact:
    """The value of indicator ``key`` in the year being evaluated (or ``at``)."""
    return Fact(key, at if at is not None else Current())


def current() -> Current:
    return Current()


def years_before(n: int) -> YearsBefore:
    return YearsBefore(n)


def in_year(year: int) -> InYear:
    return InYear(year)


def recognition_year(tier: Tier | str) -> RecognitionYear:
    """The year the unit was recognised at ``tier`` ('ntm', 'advanced' or 'model')."""
    return RecognitionYear(tier)


def ratio(numerator: Fact, denominator: Fact) -> Ratio:
    """``numerator`` against ``denominator``, compared by multiplication (never division)."""
    return Ratio(numerator, denominator)


def compare(expr: Expr, op: str, threshold: Any) -> Compare:
    """``expr op threshold`` with ``op`` one of ``>=``, ``<=``, ``==``, ``!=``, ``>``, ``<``."""
    return Compare(expr, op, threshold)


def yes(key: str) -> Compare:
    """The yes/no fact ``key`` must be yes (shortfall: "must be yes")."""
    return Compare(Fact(key), "==", Const(True))


def no(key: str) -> Compare:
    """The yes/no fact ``key`` must be no."""
    return Compare(Fact(key), "==", Const(False))


def all_of(*rules: Rule) -> AllOf:
    """Kleene conjunction: one FAIL decides FAIL even if other parts are unknown."""
    return AllOf(rules)


def any_of(*rules: Rule) -> AnyOf:
    """Kleene disjunction: one PASS decides PASS even if other parts are unknown."""
    return AnyOf(rules)


def at_least(k: int, *rules: Rule) -> AtLeast:
    """At least ``k`` (1 or more) of ``rules`` pass."""
    return AtLeast(rules, k)


def not_(rule: Rule) -> Not:
    return Not(rule)


def applies_if(condition: Rule, rule: Rule) -> AppliesIf:
    """``rule`` where ``condition`` holds: NOT_APPLICABLE where it fails, UNKNOWN where it
    is unknown ("nếu có": e.g. the upper-secondary schools' standard, where there are any)."""
    return AppliesIf(condition, rule)


def labelled(rule: Rule, *, vi: str, en: str) -> Labelled:
    """Give ``rule`` a Vietnamese and an English label for explanations."""
    return Labelled(rule, vi, en)


def share(level: Level | str, rule: Rule, *, at_least: Any) -> Share:
    """The percentage of member units at ``level`` meeting ``rule`` is at least ``at_least``."""
    return Share(level, rule, at_least)


def count(level: Level | str, rule: Rule, *, at_least: Any) -> Count:
    """At least ``at_least`` member units at ``level`` meet ``rule``."""
    return Count(level, rule, at_least)


def total(level: Level | str, expr: Expr) -> Over:
    """The sum of ``expr`` over the members at ``level`` (compare it: ``total(...) >= t``)."""
    return Over("sum", level, expr)


def mean(level: Level | str, expr: Expr) -> Over:
    """The mean of ``expr`` over the members at ``level`` (compared exactly)."""
    return Over("mean", level, expr)


def minimum(level: Level | str, expr: Expr) -> Over:
    """The least value of ``expr`` among the members at ``level``."""
    return Over("min", level, expr)


def maximum(level: Level | str, expr: Expr) -> Over:
    """The greatest value of ``expr`` among the members at ``level``."""
    return Over("max", level, expr)


def held_each_year(rule: Rule, *, years: int) -> HeldEachYear:
    """``rule`` holds in each of the ``years`` years before the year being evaluated."""
    return HeldEachYear(rule, years)


def meets(
    set_id: str, *, tier: Tier | str | None = None, recognised_from: int | None = None,
    by: str = "year",
) -> MeetsSet:
    """The unit meets the referenced criteria set (or holds a recognition at ``tier`` or a
    higher tier that counts: dated ``recognised_from`` or later, by the year recognised for
    or, with ``by="decided"``, by the year of the decision)."""
    return MeetsSet(set_id, tier, recognised_from, by)


def rule_param(name: str) -> RuleParam:
    """A rule supplied as parameter ``name`` (e.g. the province's smart-village rule)."""
    return RuleParam(name)


def param(name: str) -> Param:
    """A threshold supplied as parameter ``name`` at assessment or by a derived set."""
    return Param(name)


def evaluated_year(before: int = 0) -> EvaluatedYear:
    """The year being evaluated, less ``before`` years (a threshold for year facts)."""
    return EvaluatedYear(before)


def scaled(factor: Any, base: Any) -> Scaled:
    """``factor`` times another threshold, e.g. ``scaled(Decimal("1.1"), param("income"))``."""
    return Scaled(factor, base)
