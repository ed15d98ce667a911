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
from ntmcriteria.classifications import ClassDecision
from ntmcriteria.errors import NTMTypeError, NTMValueError, ScheduleError
from ntmcriteria.limits import MAX_WORK
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules.supplied import RuleTable
from ntmcriteria.thresholds import REGION, Schedule
from ntmcriteria.trace import Missing, NearMiss, Trace
from ntmcriteria.units import ClosedRegister, Level, Region, Tier, Unit

if TYPE_CHECKING:
    from ntmcriteria.criteria import CriteriaSet, Criterion
    from ntmcriteria.indicators import Indicator
    from ntmcriteria.rules import Rule
    from ntmcriteria.rules._base import RuleDetail

__all__ = ["Context", "Session", "WorkLimitError"]


def _between(top: Unit) -> dict[int, tuple[ClosedRegister, ...]]:
    """For each unit below ``top`` (by id), the registers of the units strictly between
    them (only those with some)."""
    out: dict[int, tuple[ClosedRegister, ...]] = {}
    stack: list[tuple[Unit, tuple[ClosedRegister, ...]]] = [
        (child, ()) for child in top.children]
    while stack:
        unit, above = stack.pop()
        if above:
            out[id(unit)] = above
        if unit.children:
            inner = (*above, *unit.registers)
            stack.extend((child, inner) for child in unit.children)
    return out


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
            merger = unit.merged_from
            note_vi = note_en = ""
            if merger is not None and year < merger.year:
                # never guessed from the merged units: the caller supplies it, or declares
                # an aggregation (ntmcriteria.mergers.merged_history)
                when = merger.date.strftime("%d/%m/%Y")
                note_vi = (f"năm trước khi đơn vị được thành lập do sáp nhập ngày {when}; không "
                           "suy ra từ các đơn vị cũ")
                note_en = (f"a year before the unit was formed by the merger of "
                           f"{merger.date.isoformat()}; not derived from the former units")
            return None, (
                Missing(
                    kind="fact", key=key, unit=unit.code, year=year,
                    label_vi=indicator.label_vi if indicator else "",
                    label_en=indicator.label_en if indicator else "",
                    # a near-miss among the unit's undeclared keys is likely a typo
                    near=NearMiss(facts.keys(), self.root_set.known_fact_keys),
                    note_vi=note_vi, note_en=note_en,
                ),
            )
        if indicator is not None:
            value = indicator.check(value, f"{unit.level.value} {unit.code!r}, year {year}")
        return value, ()

    def recognition_year(self, tier: Tier) -> tuple[int | None, tuple[Missing, ...]]:
        """The year the unit's recognition at ``tier`` is for (the data year)."""
        recognition = self.unit.recognitions.get(tier)
        if recognition is None:
            return None, (
                Missing(kind="recognition", key=tier.value, unit=self.unit.code,
                        label_vi=tier.label_vi, label_en=tier.label_en),
            )
        if recognition.year > self.assessment_year:
            # not yet recognised in the year assessed: its year is not known then
            return None, (
                Missing(kind="recognition", key=tier.value, unit=self.unit.code,
                        label_vi=tier.label_vi, label_en=tier.label_en,
                        note_vi=f"công nhận năm {recognition.year}, sau năm đánh giá "
                                f"{self.assessment_year}",
                        note_en=f"recognised in {recognition.year}, after the year "
                                f"assessed, {self.assessment_year}"),
            )
        return recognition.year, ()

    def registers(self) -> tuple[ClosedRegister, ...]:
        """The closed registers that apply to the unit: its own, those of the units above
        it up to the assessed unit (see :class:`~ntmcriteria.units.ClosedRegister`)."""
        own = self.unit.registers
        parent = self.parent
        if parent is None:
            return own
        key = ("registers", id(parent.unit))
        cache = self.session.cache
        between: dict[int, tuple[ClosedRegister, ...]] | None = cache.get(key)
        if between is None:
            between = cache[key] = _between(parent.unit)
        return (*own, *between.get(id(self.unit), ()), *parent.registers())

    def region(self) -> tuple[Region | None, tuple[Missing, ...]]:
        code, missing = self.classify(REGION)
        return (None if code is None else Region(code)), missing

    def classify(self, name: str) -> tuple[str | None, tuple[Missing, ...]]:
        """The unit's value of the classification ``name`` (see
        :mod:`ntmcriteria.classifications`), or None with what is missing."""
        code, missing, _, _ = self._classified(name)
        return code, missing

    def decision(self, name: str) -> ClassDecision:
        """The unit's value of the classification ``name`` and how it was decided."""
        code, missing, source, rule = self._classified(name)
        classification = self.criteria_set.classification(name)
        return ClassDecision(
            name=name, label_vi=classification.label_vi, label_en=classification.label_en,
            code=code, source=source, rule=rule, missing=missing,
            value_vi="" if code is None else classification.value_label(code, "vi"),
            value_en="" if code is None else classification.value_label(code, "en"))

    def _classified(self, name: str) -> tuple[str | None, tuple[Missing, ...], str, Any]:
        key = ("class", name, id(self.unit), self.year, self.criteria_set.id)
        cache = self.session.cache
        cached = cache.get(key)
        if cached is None:
            computing: set[Any] = cache.setdefault("computing", set())
            if key in computing:
                what = "a region override" if name == REGION else f"a {name!r} rule"
                raise NTMValueError(
                    f"criteria set {self.criteria_set.id!r}: {what} condition "
                    f"depends on the {'region' if name == REGION else name} itself"
                )
            computing.add(key)
            try:
                cached = self._compute_class(name)
            finally:
                computing.discard(key)
            cache[key] = cached
        return cached

    def _compute_class(self, name: str) -> tuple[str | None, tuple[Missing, ...], str, Any]:
        classification = self.criteria_set.classification(name)
        at_level = self.unit.level is self.criteria_set.level
        own = classification.own(self.unit)  # read (and checked) first, as the plan does
        if at_level:
            # an override decides by itself, whatever the unit's own value
            for override in classification.overrides:
                trace = override.when.evaluate(self._with(path=()))
                if trace.outcome is Outcome.PASS:
                    return override.value, (), "override", override
                if trace.outcome is Outcome.UNKNOWN:
                    return None, trace.missing, "unknown", None
        if own is not None:
            return own, (), "own", None
        if at_level and classification.resolves and not classification.silent_unit(self.unit):
            traces = [rule.when.evaluate(self._with(path=())) for rule in classification.rules]
            choice, choice_missing = self._choice(classification)
            found = classification.resolve([t.outcome for t in traces], choice)
            if found.state == "decided":
                matched = [r for r, t in zip(classification.rules, traces, strict=True)
                           if t.outcome is Outcome.PASS]
                if not matched:
                    return found.code, (), "residual", None
                if len({r.value for r in matched}) > 1:
                    return found.code, (), "choice", None
                return found.code, (), "rule", matched[0]
            if found.state != "none":
                missing: list[Missing] = []
                for trace in traces:
                    if trace.outcome is Outcome.UNKNOWN:
                        missing.extend(trace.missing)
                if found.needs_choice:
                    missing.extend(choice_missing or self._conflict(classification))
                return None, tuple(dict.fromkeys(missing)), "unknown", None
        if self.parent is not None:
            code, found_missing, source, rule = self.parent._classified(name)
            return code, found_missing, "parent" if code is not None else source, rule
        if name == REGION:
            return None, (
                Missing(kind="region", key="region", unit=self.unit.code,
                        label_vi="vùng của đơn vị", label_en="the unit's region"),
            ), "unknown", None
        return None, (
            Missing(kind="classification", key=name, unit=self.unit.code,
                    label_vi=classification.label_vi, label_en=classification.label_en),
        ), "unknown", None

    def _choice(self, classification: Any) -> tuple[str | None, tuple[Missing, ...]]:
        """The supplied conflict value of ``classification`` (None: none supplied)."""
        name = classification.conflict_parameter
        if name is None:
            return None, ()
        declaration = self._declared(name, "choice")
        value = self.parameters.get(name, declaration.default)
        if value is None:
            return None, (
                Missing(kind="parameter", key=name, unit=self.unit.code,
                        label_vi=declaration.label_vi, label_en=declaration.label_en,
                        note_vi=classification.conflict_text("vi"),
                        note_en=classification.conflict_text("en")),
            )
        return str(value), ()

    def _conflict(self, classification: Any) -> tuple[Missing, ...]:
        return (Missing(kind="classification", key=classification.name, unit=self.unit.code,
                        label_vi=classification.label_vi, label_en=classification.label_en,
                        note_vi=classification.conflict_text("vi"),
                        note_en=classification.conflict_text("en")),)

    def classes_of(self, names: tuple[str, ...]
                   ) -> tuple[tuple[tuple[str, str], ...] | None, tuple[Missing, ...]]:
        """The unit's codes of ``names`` (None, with what is missing, when one is unknown)."""
        out = []
        for name in names:
            code, missing = self.classify(name)
            if code is None:
                return None, missing
            out.append((name, code))
        return tuple(out), ()

    def lookup_schedule(self, table: Schedule, parameter: str | None
                        ) -> tuple[Value | None, tuple[Missing, ...]]:
        """The value of ``table`` for this unit and year. A key (region, other classes,
        year) the schedule has no value for is a missing legal value, never the nearest
        one: UNKNOWN naming the cell — of the parameter whose value the schedule is
        (supplied, or given by a derived set: a filled parameter sheet), or of the
        schedule written in the criterion's rule (issue 11, point 10)."""
        codes, missing = self.classes_of(table.by)
        if codes is None:
            return None, missing
        try:
            return table.lookup(dict(codes), self.year), ()
        except ScheduleError:
            return None, (self._missing_cell(table, parameter),)

    def _missing_cell(self, table: Schedule, name: str | None) -> Missing:
        """The cell (key) the schedule has no value for: of the parameter ``name``, or (None)
        of the schedule written in the current criterion's rule."""
        region = self.region()[0] if REGION in table.by else None
        classes, where_vi, where_en = self._where(table.by)
        year = self.year if table.by_year else None
        if name is None:
            cset = self.criteria_set
            return Missing(
                kind="schedule", key=cset.id, unit=self.unit.code, year=year, region=region,
                classes=classes, label_vi=cset.label_vi, label_en=cset.label_en,
                where_vi=where_vi, where_en=where_en,
                note_vi="bảng ngưỡng của bộ tiêu chí không quy định giá trị cho ô này",
                note_en="the set's schedule of thresholds gives no value for this key")
        declaration = self._declared(name, "value")
        return Missing(
            kind="parameter", key=name, unit=self.unit.code,
            year=year, region=region, classes=classes,
            label_vi=declaration.label_vi, label_en=declaration.label_en,
            where_vi=where_vi, where_en=where_en,
            note_vi="bảng giá trị đã cung cấp chưa có ô này",
            note_en="the table of values supplied has no value for this key")

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

    def _where(self, names: tuple[str, ...]) -> tuple[tuple[tuple[str, str], ...], str, str]:
        """The unit's known codes of ``names`` (the region apart) and their wording."""
        pairs: list[tuple[str, str]] = []
        vi: list[str] = []
        en: list[str] = []
        for name in names:
            if name in (REGION, "year"):
                continue
            code, _ = self.classify(name)
            if code is None:
                continue
            classification = self.criteria_set.classification(name)
            pairs.append((name, code))
            vi.append(f"{classification.label_vi}: {classification.value_label(code, 'vi')}")
            en.append(f"{classification.label_en}: {classification.value_label(code, 'en')}")
        return tuple(pairs), ", ".join(vi), ", ".join(en)

    def parameter_value(self, name: str) -> tuple[Value | None, tuple[Missing, ...]]:
        declaration = self._declared(name, "value")
        raw = self.parameters.get(name, declaration.default)
        if raw is None:
            region = None
            if "region" in declaration.keyed_by:
                region, _ = self.region()
            year = self.year if "year" in declaration.keyed_by else None
            classes, where_vi, where_en = self._where(declaration.keyed_by)
            return None, (
                Missing(kind="parameter", key=name, unit=self.unit.code, year=year,
                        region=region, classes=classes, label_vi=declaration.label_vi,
                        label_en=declaration.label_en, where_vi=where_vi, where_en=where_en),
            )
        if isinstance(raw, Schedule):
            return self.lookup_schedule(raw, name)
        return raw, ()

    def rule_parameter(self, name: str) -> tuple[Rule | RuleTable | None, tuple[Missing, ...]]:
        declaration = self._declared(name, "rule")
        rule = self.parameters.get(name, declaration.default)
        if rule is None:
            classes, where_vi, where_en = self._where(declaration.keyed_by)
            return None, (
                Missing(kind="parameter", key=name, unit=self.unit.code, classes=classes,
                        label_vi=declaration.label_vi, label_en=declaration.label_en,
                        where_vi=where_vi, where_en=where_en),
            )
        return rule, ()

    def pick_rule(self, name: str, table: RuleTable
                  ) -> tuple[tuple[tuple[str, str], ...], int, Rule | None, tuple[Missing, ...]]:
        """The entry of the rule table supplied as ``name`` for this unit: (key, position,
        rule), or no rule with what is missing (the unit's value, or the table's entry)."""
        codes, missing = self.classes_of(table.by)
        if codes is None:
            return (), 0, None, missing
        found = table.find(dict(codes))
        if found is None:
            declaration = self._declared(name, "rule")
            _, where_vi, where_en = self._where(table.by)
            return codes, 0, None, (
                Missing(kind="parameter", key=name, unit=self.unit.code, classes=codes,
                        label_vi=declaration.label_vi, label_en=declaration.label_en,
                        where_vi=where_vi, where_en=where_en),
            )
        index, rule = found
        return codes, index, rule, ()
