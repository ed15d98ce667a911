"""Assess many units in one call, and turn the results into rows.

``assess_many(criteria_set, units, year=...)`` returns a :class:`Batch`:
``.assessments`` (one per unit, in order), ``to_dicts()`` (one plain row per unit
and criterion, no dependency), ``to_pandas()`` / ``to_polars()`` (optional
extras, imported only when called) and ``_repr_html_`` for notebooks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ntmcriteria.errors import NTMTypeError
from ntmcriteria.outcome import Outcome

if TYPE_CHECKING:
    from ntmcriteria.assessment import Assessment, CriterionResult, Shortfall
    from ntmcriteria.criteria import CriteriaSet
    from ntmcriteria.units import Unit

__all__ = ["ROW_FIELDS", "Batch", "assess_many", "row_for"]

#: The keys of every row of :meth:`Batch.to_dicts`, in column order.
ROW_FIELDS = (
    "unit_code", "unit_name", "level", "year", "criteria_set", "criterion_id",
    "criterion_number", "criterion", "outcome", "indicator", "op", "observed", "required",
    "shortfall", "more_needed", "failed_members", "missing", "citation",
)


def _to_assessments(value: object) -> tuple[Assessment, ...]:
    from ntmcriteria.assessment import Assessment

    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise NTMTypeError(f"assessments must be a sequence of Assessment "
                           f"(got {type(value).__name__})")
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, Assessment):
            raise NTMTypeError(f"assessments[{index}] must be an Assessment "
                               f"(got {type(item).__name__})")
    return items


@attrs.frozen
class Batch:
    """The assessments of many units, with tabular views."""

    assessments: tuple[Assessment, ...] = attrs.field(converter=_to_assessments)

    def __iter__(self) -> Iterator[Assessment]:
        return iter(self.assessments)

    def __len__(self) -> int:
        return len(self.assessments)

    def counts(self) -> Mapping[Outcome, int]:
        """How many units pass, fail, or lack data for the whole set."""
        out = dict.fromkeys(Outcome, 0)
        for a in self.assessments:
            out[a.outcome] += 1
        return out

    def to_dicts(self, lang: str = "vi") -> list[dict[str, Any]]:
        """One row per unit and criterion, with the keys of :data:`ROW_FIELDS`.

        ``observed``, ``required`` and ``shortfall`` are those of the criterion's
        main failing check (the first from :meth:`Assessment.shortfalls`); for a
        passing or unknown criterion, of its top check when it has them.
        ``missing`` lists what an UNKNOWN criterion lacks (text in ``lang``).
        """
        rows: list[dict[str, Any]] = []
        for a in self.assessments:
            shortfalls = a.shortfalls()
            rows.extend(row_for(a, r, lang, shortfalls) for r in a.results)
        return rows

    def to_pandas(self, lang: str = "vi") -> Any:
        """The rows as a :class:`pandas.DataFrame` (needs the extra ``ntmcriteria[pandas]``)."""
        try:
            import pandas
        except ImportError:
            raise ImportError(_missing_extra("pandas")) from None
        return pandas.DataFrame(self.to_dicts(lang), columns=list(ROW_FIELDS))

    def to_polars(self, lang: str = "vi") -> Any:
        """The rows as a :class:`polars.DataFrame` (needs the extra ``ntmcriteria[polars]``).

        Exact numbers are given to polars as text (``observed``, ``required``,
        ``shortfall``), so nothing is rounded through floats.
        """
        try:
            import polars
        except ImportError:
            raise ImportError(_missing_extra("polars")) from None
        rows = self.to_dicts(lang)
        for row in rows:
            for key in ("observed", "required", "shortfall"):
                if row[key] is not None:
                    row[key] = str(row[key])
        return polars.DataFrame(rows, schema=list(ROW_FIELDS), orient="row",
                                infer_schema_length=None) if rows else polars.DataFrame(
            schema=list(ROW_FIELDS))

    def _repr_html_(self) -> str:
        from ntmcriteria.render.html import assessments_html

        return assessments_html(self)

    def __repr__(self) -> str:
        counts = ", ".join(f"{o.value}={n}" for o, n in self.counts().items())
        return f"<Batch of {len(self.assessments)} assessments ({counts})>"


def _missing_extra(module: str) -> str:
    return (f"this needs the optional dependency {module!r}; install it with "
            f"pip install 'ntmcriteria[{module}]'")


def assess_many(criteria_set: CriteriaSet, units: Iterable[Unit], *, year: int,
                parameters: Mapping[str, Any] | None = None,
                allow_outside_period: bool = False) -> Batch:
    """Assess every unit of ``units`` against ``criteria_set`` in ``year``.

    Each assessment is exactly ``criteria_set.assess(unit, year=..., parameters=...)``;
    duplicate unit codes are refused, since rows are keyed by code.
    """
    from ntmcriteria import units as _units
    from ntmcriteria.criteria import CriteriaSet

    if not isinstance(criteria_set, CriteriaSet):
        raise NTMTypeError(f"criteria_set must be a CriteriaSet "
                           f"(got {type(criteria_set).__name__}: {criteria_set!r:.60})")
    if isinstance(units, str | bytes | Mapping) or not isinstance(units, Iterable):
        raise NTMTypeError(f"units must be a sequence of units "
                           f"(got {type(units).__name__}: {units!r:.60})")
    items = tuple(units)
    seen: set[str] = set()
    for index, unit in enumerate(items):
        if not isinstance(unit, _units.Unit):
            raise NTMTypeError(f"units[{index}] must be a unit (Commune, Village, ...) "
                               f"(got {type(unit).__name__}: {unit!r:.60})")
        code = unit.code
        if code in seen:
            from ntmcriteria.errors import NTMValueError

            raise NTMValueError(f"units[{index}] repeats the code {code!r}; codes must be unique")
        seen.add(code)
    return Batch(tuple(
        criteria_set.assess(unit, year=year, parameters=parameters,
                            allow_outside_period=allow_outside_period)
        for unit in items
    ))


def _main_shortfall(shortfalls: Iterable[Shortfall], result: CriterionResult
                    ) -> Shortfall | None:
    for shortfall in shortfalls:
        if shortfall.criterion_id == result.id:
            return shortfall
    return None


def row_for(assessment: Assessment, result: CriterionResult, lang: str = "vi",
            shortfalls: tuple[Shortfall, ...] | None = None) -> dict[str, Any]:
    """The row of one criterion of one assessment (see :meth:`Batch.to_dicts`)."""
    from ntmcriteria.render._format import check_lang
    from ntmcriteria.render._model import describe_missing

    lang = check_lang(lang)
    unit = assessment.unit
    shortfall = None
    if result.outcome is Outcome.FAIL:
        found = assessment.shortfalls() if shortfalls is None else shortfalls
        shortfall = _main_shortfall(found, result)
    trace = result.trace if shortfall is None else shortfall.trace
    indicator = trace.indicator
    return {
        "unit_code": unit.code,
        "unit_name": unit.name,
        "level": unit.level.value,
        "year": assessment.year,
        "criteria_set": assessment.criteria_set.id,
        "criterion_id": result.id,
        "criterion_number": result.criterion.number,
        "criterion": result.criterion.label(lang),
        "outcome": result.outcome.value,
        "indicator": None if indicator is None else indicator.key,
        "op": trace.op,
        "observed": trace.observed,
        "required": trace.required,
        "shortfall": None if shortfall is None else shortfall.shortfall,
        "more_needed": None if shortfall is None else shortfall.more_needed,
        "failed_members": () if shortfall is None else shortfall.failed_members,
        "missing": tuple(describe_missing(m, lang) for m in result.trace.missing)
        if result.outcome is Outcome.UNKNOWN else (),
        "citation": (shortfall.citation if shortfall is not None
                     else result.criterion.citation).describe(lang),
    }
