"""Assessments: the outcome of a criteria set for one unit in one year.

The verdicts come from the set's compiled plan; the trace of a criterion (what
was observed and required, what is missing, the members that failed) is
built by the tree interpreter only when it is asked for: by ``result.trace``,
``shortfalls()``, ``missing()`` or a rendering.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ntmcriteria._frozen import FrozenMap
from ntmcriteria._values import Number, Value, nfc, to_enum
from ntmcriteria.classifications import ClassDecision
from ntmcriteria.errors import NTMTypeError, UnknownNameError
from ntmcriteria.evaluation.context import Context, Session
from ntmcriteria.evaluation.plan import OUTCOME_CODES, Results
from ntmcriteria.evaluation.sources import Source, UnitSource
from ntmcriteria.outcome import Outcome
from ntmcriteria.period import OutsidePeriod
from ntmcriteria.quantity import Quantity
from ntmcriteria.relevance import (
    WorthCollecting,
    full_missing,
    needs_decided,
    worth_collecting,
)
from ntmcriteria.trace import Missing, Trace

if TYPE_CHECKING:
    from ntmcriteria.citations import Citation
    from ntmcriteria.criteria import CriteriaSet, Criterion
    from ntmcriteria.indicators import Indicator
    from ntmcriteria.units import Unit

__all__ = ["Assessment", "CriterionResult", "Shortfall", "Tracer", "assess_units",
           "assessments_from"]

_OUTCOMES = {code: outcome for outcome, code in OUTCOME_CODES.items()}


class Tracer:
    """Builds the traces of one unit's assessment on demand (the interpreter), each once."""

    __slots__ = ("_session", "_source", "_traces", "criteria_set", "parameters", "unit", "year")

    def __init__(self, criteria_set: CriteriaSet, unit: Unit | None, year: int,
                 parameters: Mapping[str, Any],
                 source: tuple[Source, Sequence[Any], int] | None = None) -> None:
        self.criteria_set = criteria_set
        self.unit = unit
        self.year = year
        self.parameters = parameters
        self._source = source
        self._session: Session | None = None
        self._traces: dict[str, Trace] = {}

    def the_unit(self) -> Unit:
        if self.unit is None:
            assert self._source is not None  # noqa: S101 - one of them is given
            source, rows, index = self._source
            self.unit = source.unit(rows, index, self.year)
        return self.unit

    def trace(self, criterion: Criterion) -> Trace:
        trace = self._traces.get(criterion.id)
        if trace is None:
            if self._session is None:
                self._session = Session()
            self._session.criterion = criterion.id
            ctx = Context(unit=self.the_unit(), year=self.year, assessment_year=self.year,
                          criteria_set=self.criteria_set, parameters=self.parameters,
                          session=self._session)
            trace = self._traces[criterion.id] = ctx.evaluate_criterion(criterion)
        return trace


@attrs.frozen(kw_only=True)
class CriterionResult:
    """The verdict of one criterion; its trace tree is built when first read."""

    criterion: Criterion
    outcome: Outcome
    tracer: Tracer = attrs.field(eq=False, repr=False)

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def trace(self) -> Trace:
        """The trace of the criterion (built by the tree interpreter on first access)."""
        return self.tracer.trace(self.criterion)


@attrs.frozen(kw_only=True)
class Shortfall:
    """One failing check: what was observed, what was required, how far off, in what unit."""

    criterion_id: str
    unit: str
    year: int
    path: tuple[int, ...]
    kind: str
    indicator: Indicator | None
    op: str | None
    observed: Value | None
    required: Value | None
    shortfall: Number | None
    #: the code of the unit of ``shortfall`` (:class:`~ntmcriteria.quantity.QuantityUnit`:
    #: "percentage_points", "communes", "conditions", an indicator's measure...)
    shortfall_unit: str
    more_needed: int | None
    failed_members: tuple[str, ...]
    citation: Citation
    trace: Trace = attrs.field(eq=False, repr=False)

    @property
    def indicator_key(self) -> str | None:
        return None if self.indicator is None else self.indicator.key

    @property
    def quantity(self) -> Quantity | None:
        """``shortfall`` with its unit, typed (``None`` when there is no shortfall)."""
        if self.shortfall is None or not self.shortfall_unit:
            return None
        return Quantity(self.shortfall, self.shortfall_unit)


@attrs.frozen(kw_only=True, eq=False)
class Assessment:
    """The result of ``criteria_set.assess(unit, year=...)``."""

    criteria_set: CriteriaSet
    unit: Unit = attrs.field(repr=False)
    year: int
    parameters: Mapping[str, Any]
    outcome: Outcome
    results: tuple[CriterionResult, ...]
    #: the sets this assessment used in a year outside their valid period (the set assessed
    #: and the sets it refers to), when it was made with ``allow_outside_period=True``
    outside_period: tuple[OutsidePeriod, ...] = ()

    def __iter__(self) -> Iterator[CriterionResult]:
        return iter(self.results)

    def result(self, criterion_id: str) -> CriterionResult:
        """The result of one criterion (its id looked up in NFC, as ids are kept)."""
        if isinstance(criterion_id, str):
            criterion_id = nfc(criterion_id, "criterion_id")
        for result in self.results:
            if result.id == criterion_id:
                return result
        raise UnknownNameError(
            "criterion",
            criterion_id,
            [r.id for r in self.results],
            f"the assessment of {self.unit.code!r}",
        )

    def ids(self, outcome: Outcome | str) -> tuple[str, ...]:
        """Ids of the criteria with ``outcome`` (an Outcome or 'pass', 'fail', 'unknown',
        'not_applicable')."""
        wanted = to_enum(Outcome, outcome, "outcome")
        return tuple(r.id for r in self.results if r.outcome is wanted)

    @property
    def passed(self) -> tuple[str, ...]:
        return self.ids(Outcome.PASS)

    @property
    def failed(self) -> tuple[str, ...]:
        return self.ids(Outcome.FAIL)

    @property
    def unknown(self) -> tuple[str, ...]:
        return self.ids(Outcome.UNKNOWN)

    @property
    def not_applicable(self) -> tuple[str, ...]:
        """Ids of the criteria that do not apply to the unit (left out of the verdict)."""
        return self.ids(Outcome.NOT_APPLICABLE)

    def shortfalls(self) -> tuple[Shortfall, ...]:
        """The failing checks that make failing criteria fail, leaf first, in order."""
        out: list[Shortfall] = []
        seen: set[int] = set()
        for result in self.results:
            if result.outcome is Outcome.FAIL:
                _collect(result.trace, result.criterion, result.criterion.citation, out, seen)
        return tuple(out)

    def classifications(self) -> tuple[ClassDecision, ...]:
        """The unit's value of each classification the set declares (its commune group,
        its zone...) and how it was decided: by its own field, a cited rule, the residual
        value, a supplied choice, or not at all (with what is missing)."""
        ctx = Context(unit=self.unit, year=self.year, assessment_year=self.year,
                      criteria_set=self.criteria_set, parameters=self.parameters,
                      session=Session())
        return tuple(ctx.decision(c.name) for c in self.criteria_set.classifications)

    def missing(self, *, all: bool = False) -> tuple[Missing, ...]:
        """What is missing that could still change the set's outcome, the item worth
        collecting first first (see :meth:`worth_collecting`): nothing once the outcome is
        decided (a criterion fails) and no missing value could overturn it.

        ``all=True``: everything the UNKNOWN criteria need, each item once, in the order
        they report it (what completeness reports and tables show); the default list is
        always among these.
        """
        if not isinstance(all, bool):
            raise NTMTypeError(f"all must be True or False (got {type(all).__name__})")
        if all:
            return full_missing(self._traced(decided=False))
        return tuple(w.item for w in self.worth_collecting())

    def worth_collecting(self) -> tuple[WorthCollecting, ...]:
        """The missing items whose value could still change the set's outcome, ranked: by
        how many of the set's criteria each could help settle, then by how many it alone
        settles, ties in the order the criteria report them; each with those criteria
        (see :mod:`ntmcriteria.relevance`)."""
        traced = self._traced(decided=False)
        if needs_decided(full_missing(traced)):
            traced = self._traced(decided=True)
        return worth_collecting(self.outcome, traced)

    def _traced(self, decided: bool) -> tuple[tuple[str, Outcome, Trace | None], ...]:
        """(id, outcome, trace) of each criterion; the trace of a decided one only if
        ``decided`` (traces are built on demand)."""
        return tuple((r.id, r.outcome,
                      r.trace if decided or r.outcome is Outcome.UNKNOWN else None)
                     for r in self.results)

    def explain(self, lang: str = "vi") -> str:
        """A plain-text explanation, in Vietnamese (``"vi"``, default) or English (``"en"``)."""
        from ntmcriteria.render.text import explain_text

        return explain_text(self, lang=lang)

    def to_markdown(self, lang: str = "vi") -> str:
        """The explanation as Markdown (Vietnamese by default)."""
        from ntmcriteria.render.markdown import assessment_markdown

        return assessment_markdown(self, lang)

    def to_html(self, lang: str = "vi") -> str:
        """The explanation as an HTML fragment: escaped text, no scripts, readable unstyled."""
        from ntmcriteria.render.html import assessment_html

        return assessment_html(self, lang)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        counts = ", ".join(f"{o.value}={len(self.ids(o))}" for o in Outcome)
        return (
            f"<Assessment {self.criteria_set.id!r} {self.unit.level.value} "
            f"{self.unit.code!r} {self.year}: {self.outcome.name} ({counts})>"
        )


def _collect(trace: Trace, criterion: Criterion, citation: Citation, out: list[Shortfall],
             seen: set[int]) -> None:
    """Walk a failing trace down to the checks that make it fail; a trace shared by
    several ``meets`` (a referenced set, evaluated once) is walked once."""
    if trace.outcome is not Outcome.FAIL or id(trace) in seen:
        return
    seen.add(id(trace))
    detail: Any = trace.detail
    citation = trace.citation or citation
    if detail.reports_shortfall and (trace.kind != "meets" or not trace.children):
        summary = detail.summary()
        out.append(Shortfall(
            criterion_id=criterion.id, unit=trace.unit, year=trace.year, path=trace.path,
            kind=trace.kind, indicator=summary.get("indicator"), op=summary.get("op"),
            observed=summary.get("observed"), required=summary.get("required"),
            shortfall=summary.get("shortfall"), shortfall_unit=summary.get("shortfall_unit", ""),
            more_needed=summary.get("more_needed"),
            failed_members=tuple(summary.get("failed_members") or ()),
            citation=citation, trace=trace))
    if detail.shortfall_children:
        for child in trace.children:
            _collect(child, criterion, citation, out, seen)


def assessments_from(criteria_set: CriteriaSet, results: Results,
                     parameters: Mapping[str, Any], units: Sequence[Unit] | None = None,
                     outside_period: tuple[OutsidePeriod, ...] = ()
                     ) -> tuple[Assessment, ...]:
    """One :class:`Assessment` per unit of ``results`` (traces built on demand);
    ``outside_period`` lists the sets used outside their valid period (see
    :meth:`~ntmcriteria.criteria.CriteriaSet.check_periods`)."""
    set_id = criteria_set.id
    columns = [(c, results.columns[(set_id, c.id)]) for c in criteria_set.criteria]
    overall = results.columns[(set_id, None)]
    frozen = FrozenMap(parameters)
    out = []
    for index, (source, rows, row) in enumerate(results.rows()):
        unit = units[index] if units is not None else None
        year = results.year_of(index)  # the unit's own, when each has one
        tracer = Tracer(criteria_set, unit, year, parameters, (source, rows, row))
        the_unit = unit if unit is not None else tracer.the_unit()
        out.append(Assessment(
            criteria_set=criteria_set, unit=the_unit, year=year, parameters=frozen,
            outcome=_OUTCOMES[overall[index]], outside_period=outside_period,
            results=tuple(CriterionResult(criterion=c, outcome=_OUTCOMES[col[index]],
                                          tracer=tracer) for c, col in columns)))
    return tuple(out)


def assess_units(criteria_set: CriteriaSet, units: Iterable[Unit], *, year: int,
                 parameters: Mapping[str, Any] | None = None,
                 allow_outside_period: bool = False) -> tuple[Assessment, ...]:
    """Assess unit objects (already checked, the set's own period too) with the set's
    compiled plan; a referenced set used outside its period is refused unless
    ``allow_outside_period``."""
    items = tuple(units)
    values = criteria_set.resolve_parameters({} if parameters is None else parameters)
    outside = criteria_set.check_periods(year, allow_outside_period, values)
    plan = criteria_set.compile(values)
    results = plan.run(UnitSource(criteria_set.level), items, year)
    return assessments_from(criteria_set, results, values, items, outside)
