"""Plain data -> thresholds, expressions and rules (tagged nodes, checked with paths)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ntmcriteria.rules import (
    OPERATORS,
    AllOf,
    AnyOf,
    AtLeast,
    Compare,
    Count,
    Current,
    Difference,
    Expr,
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
    YearRef,
    YearsBefore,
)
from ntmcriteria.serialize._errors import join_path
from ntmcriteria.serialize._load_base import BaseLoader, describe
from ntmcriteria.serialize._names import (
    EXPR_KINDS,
    MAX_WINDOW_YEARS,
    RULE_FIELDS,
    THRESHOLD_KINDS,
    YEAR_REF_KINDS,
)
from ntmcriteria.thresholds import Const, Param, Scaled, Schedule, Threshold
from ntmcriteria.units import Level, Region, Tier

__all__ = ["RuleLoader"]


class RuleLoader(BaseLoader):
    """Loads thresholds, expressions and rules."""

    # -- thresholds ------------------------------------------------------------------
    def threshold(self, data: object, path: str) -> Threshold | None:
        """A bare number, true/false or decimal string, or a tagged threshold object."""
        if not isinstance(data, Mapping):
            if isinstance(data, bool | int | Decimal | float | str):
                value = self.value(data, path)
                return None if value is None else self.build(path, Const, value)
            self.add(
                path,
                "expected a threshold: a number, true/false, a decimal string, or "
                f"an object with one of the keys {', '.join(THRESHOLD_KINDS)} "
                f"(got {describe(data)})",
            )
            return None
        kind = self.tagged(data, path, "threshold", THRESHOLD_KINDS)
        if kind is None:
            return None
        inner = join_path(path, kind)
        if kind == "const":
            value = self.value(data[kind], inner)
            return None if value is None else self.build(path, Const, value)
        if kind == "schedule":
            return self.schedule(data[kind], inner)
        if kind == "param":
            name = self.text(data[kind], inner, "a parameter name")
            return None if name is None else Param(name)
        factor = self.number(data[kind], inner, "a number (the factor)")
        base = self.threshold(data["base"], join_path(path, "base"))
        if factor is None or base is None:
            return None
        return self.build(path, Scaled, factor, base)

    def schedule(self, data: object, path: str) -> Schedule | None:
        items = self.array(
            data, path, 'schedule entries {"region", "year", "value"}', nonempty=True
        )
        if items is None:
            return None
        mark = len(self.problems)
        values: dict[Any, int | Decimal] = {}
        for index, item in enumerate(items):
            where = join_path(path, index)
            entry = self.fields(item, where, "a schedule entry", ("value",), ("region", "year"))
            if entry is None:
                continue
            if "region" not in entry and "year" not in entry:
                self.add(where, 'a schedule entry needs a "region", a "year" or both')
                continue
            region = (
                None
                if "region" not in entry
                else self.member(entry["region"], join_path(where, "region"), Region, "a region")
            )
            year = (
                None
                if "year" not in entry
                else self.integer(entry["year"], join_path(where, "year"), "a year")
            )
            value = self.number(entry["value"], join_path(where, "value"))
            if len(self.problems) > mark:
                continue
            key: Any = (
                (region, year)
                if region is not None and year is not None
                else (region if region is not None else year)
            )
            if key in values:
                self.add(where, "this region and year already have a value in the schedule")
                continue
            assert value is not None  # noqa: S101 - checked through the problem count
            values[key] = value
        if len(self.problems) > mark:
            return None
        return self.build(path, Schedule, values)

    # -- expressions -----------------------------------------------------------------
    def year_ref(self, data: object, path: str) -> YearRef | None:
        kind = self.tagged(data, path, "year reference", YEAR_REF_KINDS)
        if kind is None:
            return None
        assert isinstance(data, Mapping)  # noqa: S101 - checked by tagged()
        inner, value = join_path(path, kind), data[kind]
        if kind == "current":
            if value is not True:
                self.add(inner, f"expected true (got {describe(value)})")
                return None
            return Current()
        if kind == "years_before":
            n = self.integer(value, inner, "a number of years", minimum=1)
            return None if n is None else YearsBefore(n)
        if kind == "in_year":
            year = self.integer(value, inner, "a year")
            return None if year is None else InYear(year)
        tier = self.member(value, inner, Tier, "a tier")
        return None if tier is None else RecognitionYear(tier)

    def fact(self, data: object, path: str) -> Fact | None:
        obj = self.fields(data, path, 'a fact such as {"fact": "income"}', ("fact",), ("at",))
        if obj is None:
            return None
        key = self.text(obj["fact"], join_path(path, "fact"), "an indicator key")
        at = self.year_ref(obj["at"], join_path(path, "at")) if "at" in obj else Current()
        if key is None or at is None:
            return None
        return self.build(path, Fact, key, at)

    def expr(self, data: object, path: str) -> Expr | None:
        kind = self.tagged(data, path, "expression", EXPR_KINDS)
        if kind is None:
            return None
        if kind == "fact":
            return self.fact(data, path)
        assert isinstance(data, Mapping)  # noqa: S101 - checked by tagged()
        inner = join_path(path, kind)
        pair = self.array(data[kind], inner, "two facts")
        if pair is None:
            return None
        if len(pair) != 2:
            self.add(inner, f"expected exactly two facts (got {len(pair)})")
            return None
        left, right = (self.fact(item, join_path(inner, i)) for i, item in enumerate(pair))
        if left is None or right is None:
            return None
        if kind == "difference":
            return self.build(path, Difference, left, right)
        return self.build(path, Ratio, left, right)

    # -- rules -----------------------------------------------------------------------
    def rule(self, data: object, path: str, depth: int = 1) -> Rule | None:
        """A rule node; deeper than ``max_rule_depth`` is a problem (no recursion past it)."""
        if depth > self.max_rule_depth:
            self.add(
                path,
                f"the rule is nested more than {self.max_rule_depth} levels deep "
                f"(max_rule_depth={self.max_rule_depth}); flatten it",
            )
            return None
        kind = self.tagged(data, path, "rule", RULE_FIELDS)
        if kind is None:
            return None
        assert isinstance(data, Mapping)  # noqa: S101 - checked by tagged()
        mark = len(self.problems)
        built = self._rule_of_kind(kind, data, path, depth)
        if built is None or len(self.problems) > mark:
            return None
        return built

    def rules(self, data: object, path: str, depth: int) -> tuple[Rule, ...] | None:
        return self.each(
            data,
            path,
            "rules",
            lambda item, where: self.rule(item, where, depth + 1),
            nonempty=True,
        )

    def _rule_of_kind(
        self, kind: str, data: Mapping[str, Any], path: str, depth: int
    ) -> Rule | None:
        inner, value = join_path(path, kind), data[kind]
        if kind in ("all_of", "any_of"):
            parts = self.rules(value, inner, depth)
            return (
                None
                if parts is None
                else self.build(path, AllOf if kind == "all_of" else AnyOf, parts)
            )
        if kind == "at_least":
            k = self.integer(value, inner, "a number of parts", minimum=0)
            parts = self.rules(data["of"], join_path(path, "of"), depth)
            return None if k is None or parts is None else self.build(path, AtLeast, parts, k)
        if kind in ("not", "held_each_year"):
            rule = self.rule(value, inner, depth + 1)
            if kind == "not":
                return None if rule is None else self.build(path, Not, rule)
            years = self.integer(
                data["years"],
                join_path(path, "years"),
                "a number of years",
                minimum=1,
                maximum=MAX_WINDOW_YEARS,
            )
            return (
                None
                if rule is None or years is None
                else self.build(path, HeldEachYear, rule, years)
            )
        if kind == "labelled":
            rule = self.rule(value, inner, depth + 1)
            vi = self.text(data["vi"], join_path(path, "vi"), "a Vietnamese label")
            en = self.text(data["en"], join_path(path, "en"), "an English label")
            if rule is None or vi is None or en is None:
                return None
            return self.build(path, Labelled, rule, vi, en)
        if kind == "compare":
            expr = self.expr(value, inner)
            op = data["op"]
            if op not in OPERATORS or not isinstance(op, str):
                self.add(
                    join_path(path, "op"),
                    f"expected one of {', '.join(map(repr, OPERATORS))} (got {describe(op)})",
                )
            threshold = self.threshold(data["threshold"], join_path(path, "threshold"))
            if expr is None or threshold is None or op not in OPERATORS:
                return None
            return self.build(path, Compare, expr, op, threshold)
        if kind in ("share", "count"):
            level = self.member(value, inner, Level, "a level")
            rule = self.rule(data["rule"], join_path(path, "rule"), depth + 1)
            at_least = self.threshold(data["at_least"], join_path(path, "at_least"))
            if level is None or rule is None or at_least is None:
                return None
            return self.build(path, Share if kind == "share" else Count, level, rule, at_least)
        if kind == "meets":
            set_id = self.text(value, inner, "a criteria set id")
            tier = (
                None
                if "tier" not in data
                else self.member(data["tier"], join_path(path, "tier"), Tier, "a tier")
            )
            since = (
                None
                if "recognised_from" not in data
                else self.integer(
                    data["recognised_from"], join_path(path, "recognised_from"), "a year"
                )
            )
            if set_id is None:
                return None
            return self.build(path, MeetsSet, set_id, tier, since)
        name = self.text(value, inner, "a parameter name")
        return None if name is None else RuleParam(name)
