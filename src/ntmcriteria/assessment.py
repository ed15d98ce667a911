"""Assessments: the outcome of a criteria set for one unit in one year, with traces."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ntmcriteria._values import Number, Value, to_enum
from ntmcriteria.errors import UnknownNameError
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import (
    AllOf,
    AnyOf,
    AtLeast,
    Compare,
    Count,
    HeldEachYear,
    MeetsSet,
    Not,
    RuleParam,
    Share,
)
from ntmcriteria.trace import Missing, Trace

if TYPE_CHECKING:
    from ntmcriteria.criteria import Citation, CriteriaSet, Criterion
    from ntmcriteria.indicators import Indicator
    from ntmcriteria.units import Unit

__all__ = ["Assessment", "CriterionResult", "Shortfall"]


@attrs.frozen(kw_only=True)
class CriterionResult:
    """The verdict of one criterion, with its trace tree."""

    criterion: Criterion
    trace: Trace

    @property
    def outcome(self) -> Outcome:
        return self.trace.outcome

    @property
    def id(self) -> str:
        return self.criterion.id


@attrs.frozen(kw_only=True)
class Shortfall:
    """One failing check: what was observed, what was required, how far off."""

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
    more_needed: int | None
    failed_members: tuple[str, ...]
    citation: Citation
    trace: Trace = attrs.field(eq=False, repr=False)

    @property
    def indicator_key(self) -> str | None:
        return None if self.indicator is None else self.indicator.key


@attrs.frozen(kw_only=True, eq=False)
class Assessment:
    """The result of ``criteria_set.assess(unit, year=...)``."""

    criteria_set: CriteriaSet
    unit: Unit
    year: int
    parameters: Mapping[str, Any]
    outcome: Outcome
    results: tuple[CriterionResult, ...]

    def __iter__(self) -> Iterator[CriterionResult]:
        return iter(self.results)

    def result(self, criterion_id: str) -> CriterionResult:
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
        """Ids of the criteria with ``outcome`` (an Outcome or 'pass', 'fail', 'unknown')."""
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

    def shortfalls(self) -> tuple[Shortfall, ...]:
        """The failing checks that make failing criteria fail, leaf first, in order."""
        out: list[Shortfall] = []
        for result in self.results:
            if result.outcome is Outcome.FAIL:
                _collect(result.trace, (), result.criterion, result.criterion.citation, out)
        return tuple(out)

    def missing(self) -> tuple[Missing, ...]:
        """What is missing for the criteria whose verdict is UNKNOWN (each item once)."""
        seen: dict[Missing, None] = {}
        for result in self.results:
            if result.outcome is Outcome.UNKNOWN:
                for item in result.trace.missing:
                    seen.setdefault(item, None)
        return tuple(seen)

    def explain(self, lang: str = "vi") -> str:
        """A plain-text explanation, in Vietnamese (``"vi"``, default) or English (``"en"``)."""
        from ntmcriteria.explain import explain_text

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


def _collect(
    trace: Trace,
    path: tuple[int, ...],
    criterion: Criterion,
    citation: Citation,
    out: list[Shortfall],
) -> None:
    """Walk a failing trace down to the checks that make it fail."""
    if trace.outcome is not Outcome.FAIL:
        return
    rule = trace.rule
    citation = trace.citation or citation
    if isinstance(rule, Compare | Share | Count | AtLeast | Not) or (
        isinstance(rule, MeetsSet) and not trace.children
    ):
        out.append(
            Shortfall(
                criterion_id=criterion.id,
                unit=trace.unit,
                year=trace.year,
                path=path,
                kind=rule.kind,
                indicator=trace.indicator,
                op=trace.op,
                observed=trace.observed,
                required=trace.required,
                shortfall=trace.shortfall,
                more_needed=trace.more_needed,
                failed_members=trace.failed,
                citation=citation,
                trace=trace,
            )
        )
    if isinstance(rule, AllOf | AnyOf | AtLeast | HeldEachYear | MeetsSet | RuleParam):
        for index, child in enumerate(trace.children):
            _collect(child, (*path, index), criterion, citation, out)
