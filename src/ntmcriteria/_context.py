"""Evaluation context: which unit, which year, which set, which parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ntmcriteria._values import Value
from ntmcriteria.errors import NTMTypeError, NTMValueError, ScheduleError
from ntmcriteria.outcome import Outcome
from ntmcriteria.thresholds import Schedule
from ntmcriteria.trace import Missing, Trace
from ntmcriteria.units import Region, Tier, Unit

if TYPE_CHECKING:
    from ntmcriteria.criteria import CriteriaSet
    from ntmcriteria.indicators import Indicator
    from ntmcriteria.rules import Rule

__all__ = ["Context"]


class Context:
    """One evaluation step: which unit, which year, which set, which parameters.

    Treated as immutable; moving to a child unit, another year or a referenced set
    makes a new context that shares the cache of its relatives.
    """

    __slots__ = (
        "assessment_year",
        "cache",
        "criteria_set",
        "parameters",
        "parent",
        "root_set",
        "unit",
        "year",
    )

    def __init__(
        self,
        *,
        unit: Unit,
        year: int,
        assessment_year: int,
        criteria_set: CriteriaSet,
        parameters: Mapping[str, Any],
        parent: Context | None = None,
        cache: dict[Any, Any] | None = None,
        root_set: CriteriaSet | None = None,
    ) -> None:
        self.unit = unit
        self.year = year
        self.assessment_year = assessment_year
        self.criteria_set = criteria_set
        self.parameters = parameters
        self.parent = parent
        self.cache: dict[Any, Any] = {} if cache is None else cache
        # the set being assessed (with its references), for did-you-mean hints
        self.root_set = criteria_set if root_set is None else root_set

    def _with(
        self,
        *,
        unit: Unit | None = None,
        year: int | None = None,
        criteria_set: CriteriaSet | None = None,
        parent: Context | None = None,
    ) -> Context:
        return Context(
            unit=self.unit if unit is None else unit,
            year=self.year if year is None else year,
            assessment_year=self.assessment_year,
            criteria_set=self.criteria_set if criteria_set is None else criteria_set,
            parameters=self.parameters,
            parent=self.parent if parent is None else parent,
            cache=self.cache,
            root_set=self.root_set,
        )

    # -- moving around -------------------------------------------------------------
    def at_year(self, year: int) -> Context:
        return self._with(year=year)

    def for_child(self, unit: Unit) -> Context:
        return self._with(unit=unit, parent=self)

    def for_set(self, criteria_set: CriteriaSet) -> Context:
        if criteria_set.level is not self.unit.level:
            raise NTMValueError(
                f"criteria set {criteria_set.id!r} applies to the {criteria_set.level.value} "
                "level, "
                f"but it was referenced for {self.unit.level.value} {self.unit.code!r}"
            )
        return self._with(criteria_set=criteria_set)

    def evaluate_criteria(self) -> tuple[Trace, ...]:
        out = []
        for criterion in self.criteria_set.criteria:
            trace = criterion.rule.evaluate(self)
            out.append(
                attrs.evolve(
                    trace,
                    label_vi=criterion.label_vi,
                    label_en=criterion.label_en,
                    citation=criterion.citation,
                )
            )
        return tuple(out)

    # -- looking things up -----------------------------------------------------------
    def indicator(self, key: str) -> Indicator | None:
        return self.criteria_set.indicator_map.get(key)

    def fact(self, key: str, year: int) -> tuple[Value | None, tuple[Missing, ...]]:
        unit = self.unit
        facts = unit.facts_at(year, self.assessment_year)
        indicator = self.indicator(key)
        value = facts.get(key)
        if value is None:
            from ntmcriteria.errors import did_you_mean

            return None, (
                Missing(
                    kind="fact",
                    key=key,
                    unit=unit.code,
                    year=year,
                    # a near-miss among the unit's undeclared keys is likely a typo
                    hint=did_you_mean(
                        key, [k for k in facts if k not in self.root_set.known_fact_keys]
                    ),
                    label_vi=indicator.label_vi if indicator else "",
                    label_en=indicator.label_en if indicator else "",
                ),
            )
        if indicator is not None:
            where = f"{unit.level.value} {unit.code!r}, year {year}"
            value = indicator.check(value, where)
        return value, ()

    def recognition_year(self, tier: Tier) -> tuple[int | None, tuple[Missing, ...]]:
        year = self.unit.recognitions.get(tier)
        if year is None:
            return None, (
                Missing(
                    kind="recognition",
                    key=tier.value,
                    unit=self.unit.code,
                    label_vi=tier.label_vi,
                    label_en=tier.label_en,
                ),
            )
        return year, ()

    def reference(self, set_id: str) -> CriteriaSet:
        return self.criteria_set.reference(set_id)

    def region(self) -> tuple[Region | None, tuple[Missing, ...]]:
        key = ("region", id(self.unit), self.year, self.criteria_set.id)
        cached = self.cache.get(key)
        if cached is None:
            if key in self.cache.get("computing", ()):
                raise NTMValueError(
                    f"criteria set {self.criteria_set.id!r}: a region override condition "
                    "depends on the region itself"
                )
            self.cache.setdefault("computing", set()).add(key)
            try:
                cached = self._compute_region()
            finally:
                self.cache["computing"].discard(key)
            self.cache[key] = cached
        return cached

    def _compute_region(self) -> tuple[Region | None, tuple[Missing, ...]]:
        own: Region | None = getattr(self.unit, "region", None)
        if self.unit.level is self.criteria_set.level:
            # an override decides the region by itself, whatever the unit's own region
            for override in self.criteria_set.region_overrides:
                trace = override.when.evaluate(self)
                if trace.outcome is Outcome.PASS:
                    return override.region, ()
                if trace.outcome is Outcome.UNKNOWN:
                    return None, trace.missing
        if own is not None:
            return own, ()
        if self.parent is not None:
            return self.parent.region()
        return None, (
            Missing(
                kind="region",
                key="region",
                unit=self.unit.code,
                label_vi="vùng của đơn vị",
                label_en="the unit's region",
            ),
        )

    def lookup_schedule(
        self, table: Schedule, parameter: str | None
    ) -> tuple[Value | None, tuple[Missing, ...]]:
        region: Region | None = None
        if table.by_region:
            region, missing = self.region()
            if region is None:
                return None, missing
        try:
            return table.lookup(region, self.year), ()
        except ScheduleError as exc:
            where = f"parameter {parameter!r}" if parameter else "schedule"
            raise ScheduleError(
                f"criteria set {self.criteria_set.id!r}, {where}, unit {self.unit.code!r}: {exc}"
            ) from None

    def _declared(self, name: str, kind: str) -> Any:
        # The set being assessed decides: a value a derived set gave a parameter that a
        # referenced set declares applies inside that referenced set too.
        declaration = self.root_set.all_parameters.get(name) or self.criteria_set.parameter(name)
        if declaration.kind != kind:
            raise NTMTypeError(
                f"parameter {name!r} of criteria set {self.criteria_set.id!r} is a "
                f"{declaration.kind} "
                f"parameter, but it is used as a {kind}"
            )
        return declaration

    def parameter_value(self, name: str) -> tuple[Value | None, tuple[Missing, ...]]:
        declaration = self._declared(name, "value")
        raw = self.parameters.get(name, declaration.default)
        if raw is None:
            region = None
            if "region" in declaration.keyed_by:
                region, _ = self.region()
            year = self.year if "year" in declaration.keyed_by else None
            return None, (
                Missing(
                    kind="parameter",
                    key=name,
                    unit=self.unit.code,
                    year=year,
                    region=region,
                    label_vi=declaration.label_vi,
                    label_en=declaration.label_en,
                ),
            )
        if isinstance(raw, Schedule):
            return self.lookup_schedule(raw, name)
        return raw, ()

    def rule_parameter(self, name: str) -> tuple[Rule | None, tuple[Missing, ...]]:
        declaration = self._declared(name, "rule")
        rule = self.parameters.get(name, declaration.default)
        if rule is None:
            return None, (
                Missing(
                    kind="parameter",
                    key=name,
                    unit=self.unit.code,
                    label_vi=declaration.label_vi,
                    label_en=declaration.label_en,
                ),
            )
        return rule, ()
