"""The tree interpreter's context: which unit, year, set and parameters a node sees.

The interpreter is the reference evaluation: every rule kind's ``evaluate``
hook reads facts, thresholds and parameters through a :class:`Context` and
returns its typed trace. The compiled plan (:mod:`ntmcriteria.evaluation.plan`)
must agree with it on every outcome.

A context is immutable; moving to a part, a member unit, another year or a
referenced set makes a new one sharing the :class:`Session` of the assessment
(its caches and its work counter). A referenced set is evaluated once per
unit, set and year.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ntmcriteria._values import Value, shown
from ntmcriteria.errors import NTMTypeError, NTMValueError, ScheduleError
from ntmcriteria.limits import MAX_WORK
from ntmcriteria.outcome import Outcome
from ntmcriteria.thresholds import Schedule
from ntmcriteria.trace import Missing, NearMiss, Trace
from ntmcriteria.units import Level, Region, Tier, Unit

if TYPE_CHECKING:
    from ntmcriteria.criteria import CriteriaSet, Criterion
    from ntmcriteria.indicators import Indicator
    from ntmcriteria.rules import Rule
    from ntmcriteria.rules._base import RuleDetail

__all__ = ["Context", "Session", "WorkLimitError"]


class WorkLimitError(NTMValueError):
    """One assessment would evaluate more rule nodes than :data:`~ntmcriteria.limits.MAX_WORK`."""


class Session:
    """What the contexts of one assessment share: caches and the work counter."""

    __slots__ = ("cache", "criterion", "limit", "work")

    def __init__(self, limit: int = MAX_WORK) -> None:
        self.cache: dict[Any, Any] = {}
        self.work = 0
        self.limit = limit
        self.criterion = ""

    def count(self, n: int = 1) -> None:
        self.work += n
        if self.work > self.limit:
            where = f" (criterion {self.criterion!r})" if self.criterion else ""
            raise WorkLimitError(
                f"the assessment would evaluate more than {self.limit:,} rule nodes{where}: "
                "windows within windows, references or members multiply the work; "
                f"simplify the rule (limit MAX_WORK={self.limit})"
            )


class Context:
    """One evaluation step: which unit, which year, which set, which parameters."""

    __slots__ = (
        "assessment_year",
        "criteria_set",
        "parameters",
        "parent",
        "path",
        "root_set",
        "session",
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
        session: Session | None = None,
        root_set: CriteriaSet | None = None,
        path: tuple[int, ...] = (),
    ) -> None:
        self.unit = unit
        self.year = year
        self.assessment_year = assessment_year
        self.criteria_set = criteria_set
        self.parameters = parameters
        self.parent = parent
        self.session = Session() if session is None else session
        # the set being assessed (with its references), for did-you-mean hints
        self.root_set = criteria_set if root_set is None else root_set
        self.path = path

    def _with(self, *, unit: Unit | None = None, year: int | None = None,
              criteria_set: CriteriaSet | None = None, parent: Context | None = None,
              path: tuple[int, ...] | None = None) -> Context:
        return Context(
            unit=self.unit if unit is None else unit,
            year=self.year if year is None else year,
            assessment_year=self.assessment_year,
            criteria_set=self.criteria_set if criteria_set is None else criteria_set,
            parameters=self.parameters,
            parent=self.parent if parent is None else parent,
            session=self.session,
            root_set=self.root_set,
            path=self.path if path is None else path,
        )

    # -- evaluating parts ----------------------------------------------------------
    def part(self, rule: Rule, index: int) -> Trace:
        """Evaluate ``rule``, part ``index`` of the current node, in this context."""
        self.session.count()
        return rule.evaluate(self._with(path=(*self.path, index)))

    def member(self, rule: Rule, unit: Unit) -> Trace:
        """Evaluate ``rule`` (part 0 of the current node) on the member ``unit``."""
        self.session.count()
        return rule.evaluate(self.member_context(unit))

    def member_context(self, unit: Unit) -> Context:
        return self._with(unit=unit, parent=self, path=(*self.path, 0))

    def at_year(self, year: int) -> Context:
        return self._with(year=year)

    def trace(self, rule: Rule, outcome: Outcome, detail: RuleDetail, *,
              children: tuple[Trace, ...] = (), missing: tuple[Missing, ...] = ()) -> Trace:
        """The trace of the current node."""
        return Trace(outcome=outcome, detail=detail, unit=self.unit.code,
                     unit_name=self.unit.name, year=self.year, rule=rule, path=self.path,
                     children=children, missing=missing)

    def members(self, level: Level) -> tuple[Unit, ...]:
        return tuple(self.unit.descendants(level))

    # -- criteria sets -------------------------------------------------------------
    def for_set(self, criteria_set: CriteriaSet) -> Context:
        if criteria_set.level is not self.unit.level:
            raise NTMValueError(
                f"criteria set {criteria_set.id!r} applies to the {criteria_set.level.value} "
                f"level, but it was referenced for {self.unit.level.value} {self.unit.code!r}"
            )
        return self._with(criteria_set=criteria_set, path=())

    def evaluate_criterion(self, criterion: Criterion) -> Trace:
        """The trace of ``criterion`` of the current set, labelled and cited."""
        self.session.count()
        trace = criterion.rule.evaluate(self._with(path=()))
        return trace.relabelled(criterion.label_vi, criterion.label_en, criterion.citation)

    def criteria_of(self, criteria_set: CriteriaSet) -> tuple[Trace, ...]:
        """The traces of every criterion of ``criteria_set`` for this unit and year (cached)."""
        key = ("set", id(self.unit), criteria_set.id, self.year)
        cached: tuple[Trace, ...] | None = self.session.cache.get(key)
        if cached is None:
            ctx = self.for_set(criteria_set)
            cached = tuple(ctx.evaluate_criterion(c) for c in criteria_set.criteria)
            self.session.cache[key] = cached
        return cached

    def reference(self, set_id: str) -> CriteriaSet:
        return self.criteria_set.reference(set_id)

    # -- looking things up ---------------------------------------------------------
    def indicator(self, key: str) -> Indicator | None:
        return self.criteria_set.indicator_map.get(key)

    def fact(self, key: str, year: int) -> tuple[Value | None, tuple[Missing, ...]]:
        unit = self.unit
        facts = unit.facts_at(year, self.assessment_year)
        indicator = self.indicator(key)
        value = facts.get(key)
        if value is None:
            return None, (
                Missing(
                    kind="fact", key=key, unit=unit.code, year=year,
                    label_vi=indicator.label_vi if indicator else "",
                    label_en=indicator.label_en if indicator else "",
                    # a near-miss among the unit's undeclared keys is likely a typo
                    near=NearMiss(facts.keys(), self.root_set.known_fact_keys),
                ),
            )
        if indicator is not None:
            value = indicator.check(value, f"{unit.level.value} {unit.code!r}, year {year}")
        return value, ()

    def recognition_year(self, tier: Tier) -> tuple[int | None, tuple[Missing, ...]]:
        year = self.unit.recognitions.get(tier)
        if year is None:
            return None, (
                Missing(kind="recognition", key=tier.value, unit=self.unit.code,
                        label_vi=tier.label_vi, label_en=tier.label_en),
            )
        return year, ()

    def region(self) -> tuple[Region | None, tuple[Missing, ...]]:
        key = ("region", id(self.unit), self.year, self.criteria_set.id)
        cache = self.session.cache
        cached = cache.get(key)
        if cached is None:
            computing: set[Any] = cache.setdefault("computing", set())
            if key in computing:
                raise NTMValueError(
                    f"criteria set {self.criteria_set.id!r}: a region override condition "
                    "depends on the region itself"
                )
            computing.add(key)
            try:
                cached = self._compute_region()
            finally:
                computing.discard(key)
            cache[key] = cached
        return cached

    def _compute_region(self) -> tuple[Region | None, tuple[Missing, ...]]:
        own: Region | None = getattr(self.unit, "region", None)
        if self.unit.level is self.criteria_set.level:
            # an override decides the region by itself, whatever the unit's own region
            for override in self.criteria_set.region_overrides:
                trace = override.when.evaluate(self._with(path=()))
                if trace.outcome is Outcome.PASS:
                    return override.region, ()
                if trace.outcome is Outcome.UNKNOWN:
                    return None, trace.missing
        if own is not None:
            return own, ()
        if self.parent is not None:
            return self.parent.region()
        return None, (
            Missing(kind="region", key="region", unit=self.unit.code,
                    label_vi="vùng của đơn vị", label_en="the unit's region"),
        )

    def lookup_schedule(self, table: Schedule, parameter: str | None
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
                f"parameter {shown(name)} of criteria set {self.criteria_set.id!r} is a "
                f"{declaration.kind} parameter, but it is used as a {kind}"
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
                Missing(kind="parameter", key=name, unit=self.unit.code, year=year,
                        region=region, label_vi=declaration.label_vi,
                        label_en=declaration.label_en),
            )
        if isinstance(raw, Schedule):
            return self.lookup_schedule(raw, name)
        return raw, ()

    def rule_parameter(self, name: str) -> tuple[Rule | None, tuple[Missing, ...]]:
        declaration = self._declared(name, "rule")
        rule = self.parameters.get(name, declaration.default)
        if rule is None:
            return None, (
                Missing(kind="parameter", key=name, unit=self.unit.code,
                        label_vi=declaration.label_vi, label_en=declaration.label_en),
            )
        return rule, ()
