"""Assess many units in one call, and turn the results into rows.

- ``assess_many(criteria_set, units, year=...)`` assesses unit objects and
  returns a :class:`Batch` of assessments (verdicts from the compiled plan,
  traces on demand).
- ``assess_records(criteria_set, records, year=...)`` assesses plain records (a
  mapping per unit, members as nested lists, as a JSON document gives them)
  and ``assess_columns(criteria_set, columns, year=...)`` columns (lists,
  NumPy arrays, pandas or polars columns), without building unit objects:
  both return :class:`Verdicts`, one outcome per unit and criterion as columns,
  with rows, assessments and explanations on demand.

``to_dicts()`` gives one plain row per unit and criterion (no dependency);
``to_pandas()`` / ``to_polars()`` (optional extras) the same as a frame, where
the lists of a row (``failed_members``, ``missing``) are text joined by ``"; "``
(a frame's cells hold no tuples, so ``frame.to_csv()`` writes no Python repr).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from ntmcriteria._values import check_lang, shown
from ntmcriteria.assessment import Assessment, CriterionResult, Shortfall, assessments_from
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.evaluation.plan import Results
from ntmcriteria.evaluation.sources import (
    Columns,
    ColumnSource,
    Layout,
    RecordSource,
    Source,
    UnitSource,
)
from ntmcriteria.outcome import Outcome
from ntmcriteria.period import OutsidePeriod, period_note

if TYPE_CHECKING:
    from ntmcriteria.criteria import CriteriaSet
    from ntmcriteria.units import Level, Unit

__all__ = ["ROW_FIELDS", "Batch", "Verdicts", "assess_columns", "assess_many", "assess_records",
           "joined_sequences", "row_for"]

#: The keys of every row of :meth:`Batch.to_dicts`, in column order.
ROW_FIELDS = (
    "unit_code", "unit_name", "level", "year", "criteria_set", "criterion_id",
    "criterion_number", "criterion", "outcome", "indicator", "op", "observed", "required",
    "observed_unit", "shortfall", "shortfall_unit", "more_needed", "failed_members", "missing",
    "citation", "outside_period",
)
_OUTCOMES = (Outcome.UNKNOWN, Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE)


def _to_assessments(value: object) -> tuple[Assessment, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise NTMTypeError(f"assessments must be a sequence of Assessment "
                           f"(got {type(value).__name__})")
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, Assessment):
            raise NTMTypeError(f"assessments[{index}] must be an Assessment "
                               f"(got {type(item).__name__})")
    return items


def _rows(assessments: Iterable[Assessment], lang: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for a in assessments:
        shortfalls = a.shortfalls() if a.outcome is Outcome.FAIL else ()
        rows.extend(row_for(a, r, lang, shortfalls) for r in a.results)
    return rows


def _missing_extra(module: str) -> str:
    return (f"this needs the optional dependency {module!r}; install it with "
            f"pip install 'ntmcriteria[{module}]'")


def _csv(rows: list[dict[str, Any]]) -> str:
    from ntmcriteria.render.delimited import rows_csv

    return rows_csv(rows, ROW_FIELDS)


def joined_sequences(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with every tuple or list cell as its items' text joined by ``"; "`` (for a
    frame: no cell holds a Python sequence, whose repr ``to_csv()`` would write)."""
    from ntmcriteria.render.delimited import SEPARATOR, cell_text

    for row in rows:
        for key, value in row.items():
            if isinstance(value, tuple | list):
                row[key] = SEPARATOR.join(cell_text(item) for item in value)
    return rows


def _pandas(rows: list[dict[str, Any]]) -> Any:
    try:
        import pandas
    except ImportError:
        raise ImportError(_missing_extra("pandas")) from None
    return pandas.DataFrame(joined_sequences(rows), columns=list(ROW_FIELDS))


def _polars(rows: list[dict[str, Any]]) -> Any:
    """The rows as a polars frame; exact numbers as text (never through a float)."""
    try:
        import polars
    except ImportError:
        raise ImportError(_missing_extra("polars")) from None
    joined_sequences(rows)
    for row in rows:
        for key in ("observed", "required", "shortfall"):
            if row[key] is not None:
                row[key] = str(row[key])
    if not rows:
        return polars.DataFrame(schema=list(ROW_FIELDS))
    return polars.DataFrame(rows, schema=list(ROW_FIELDS), orient="row",
                            infer_schema_length=None)


@attrs.frozen
class Batch:
    """The assessments of many units, with tabular views."""

    assessments: tuple[Assessment, ...] = attrs.field(converter=_to_assessments)
    #: the plan's outcome columns, when the batch came from :func:`assess_many`
    results: Results | None = attrs.field(default=None, eq=False, repr=False)

    def __iter__(self) -> Iterator[Assessment]:
        return iter(self.assessments)

    def __len__(self) -> int:
        return len(self.assessments)

    def counts(self) -> Mapping[Outcome, int]:
        """How many units pass, fail, lack data, or are not concerned by the whole set
        (not applicable: none of its criteria applies)."""
        out = dict.fromkeys(Outcome, 0)
        for a in self.assessments:
            out[a.outcome] += 1
        return out

    def to_dicts(self, lang: str = "vi") -> list[dict[str, Any]]:
        """One row per unit and criterion, with the keys of :data:`ROW_FIELDS`.

        ``observed``, ``required`` and ``shortfall`` are those of the criterion's
        main failing check (the first from :meth:`Assessment.shortfalls`); for a
        passing or unknown criterion, of its top check when it has them. Each number
        column has its unit beside it, as a code of
        :class:`~ntmcriteria.quantity.QuantityUnit`: ``observed_unit`` for
        ``observed`` and ``required`` (``percent`` for a share), ``shortfall_unit``
        for ``shortfall`` (``percentage_points`` for a percentage, ``communes`` or
        ``villages`` for a share or a count, ``conditions`` for at least k of n, the
        indicator's measure otherwise); a sum or comparison of ``shortfall`` is only
        meaningful among the rows of one ``shortfall_unit``.
        ``missing`` lists what an UNKNOWN criterion lacks (text in ``lang``).
        ``outside_period`` says, when the assessment was made with
        ``allow_outside_period=True`` outside the valid period of some set, which (else "").
        """
        return _rows(self.assessments, check_lang(lang))

    def to_csv(self, lang: str = "vi") -> str:
        """The rows of :meth:`to_dicts` as CSV text (see :mod:`ntmcriteria.render.delimited`):
        a header of :data:`ROW_FIELDS`, exact numbers as written, lists joined by ``"; "``,
        never a Python repr."""
        return _csv(self.to_dicts(lang))

    def to_pandas(self, lang: str = "vi") -> Any:
        """The rows as a :class:`pandas.DataFrame` (needs the extra ``ntmcriteria[pandas]``).

        Exact numbers stay ``Decimal`` objects; ``failed_members`` and ``missing`` are
        text joined by ``"; "`` (no cell holds a tuple)."""
        return _pandas(self.to_dicts(lang))

    def to_polars(self, lang: str = "vi") -> Any:
        """The rows as a :class:`polars.DataFrame` (needs the extra ``ntmcriteria[polars]``).

        Exact numbers are given to polars as text (``observed``, ``required``,
        ``shortfall``), so nothing is rounded through floats; ``failed_members`` and
        ``missing`` are text joined by ``"; "``.
        """
        return _polars(self.to_dicts(lang))

    def _repr_html_(self) -> str:
        from ntmcriteria.render.html import assessments_html

        return assessments_html(self)

    def __repr__(self) -> str:
        counts = ", ".join(f"{o.value}={n}" for o, n in self.counts().items())
        return f"<Batch of {len(self.assessments)} assessments ({counts})>"


class Verdicts:
    """The outcomes of many units as columns, with rows and assessments on demand.

    ``column(criterion_id)`` is a ``bytes`` with one code per unit (0 unknown,
    1 pass, 2 fail); ``outcomes(criterion_id)`` the same as :class:`Outcome`
    values; ``criterion_id=None`` is the whole set. ``set_id`` selects a set the
    assessed set refers to. ``members(level)`` are the verdicts of member units
    where sets were evaluated on them (e.g. the communes of assessed districts).
    """

    def __init__(self, criteria_set: CriteriaSet, results: Results,
                 parameters: Mapping[str, Any],
                 outside_period: tuple[OutsidePeriod, ...] = ()) -> None:
        self.criteria_set = criteria_set
        self.results = results
        self.parameters = parameters
        #: the sets used outside their valid period (``allow_outside_period=True``)
        self.outside_period = outside_period

    @property
    def year(self) -> int:
        """The year the units were assessed in (see :attr:`years` when each has its own)."""
        years = self.results.years
        if years is not None and len(set(years)) > 1:
            raise NTMValueError(
                f"the units were assessed in years of their own ({min(years)}-{max(years)});"
                " see Verdicts.years")
        return self.results.year if years is None or not years else years[0]

    @property
    def years(self) -> tuple[int, ...]:
        """The year each unit was assessed in, in order."""
        return tuple(self.results.year_of(index) for index in range(len(self.results)))

    def __len__(self) -> int:
        return len(self.results)

    def codes(self) -> list[str]:
        return self.results.codes()

    def column(self, criterion_id: str | None = None, *, set_id: str | None = None) -> bytes:
        return self.results.column(set_id or self.criteria_set.id, criterion_id)

    def outcomes(self, criterion_id: str | None = None, *, set_id: str | None = None
                 ) -> list[Outcome]:
        return self.results.outcomes(set_id or self.criteria_set.id, criterion_id)

    def counts(self) -> Mapping[Outcome, int]:
        """How many units pass, fail, lack data, or are not concerned by the whole set
        (not applicable: none of its criteria applies)."""
        codes = self.column()
        return {outcome: codes.count(i) for i, outcome in enumerate(_OUTCOMES)}

    def row(self, index: int) -> dict[str, Outcome]:
        """The outcome of every criterion of the assessed set for unit ``index``."""
        index = self._index(index)
        cs = self.criteria_set
        return {c.id: _OUTCOMES[self.results.columns[(cs.id, c.id)][index]]
                for c in cs.criteria}

    def members(self, level: Level | str) -> Verdicts:
        from ntmcriteria.units import to_level

        lv = to_level(level)
        member = self.results.members.get(lv)
        if member is None:
            raise NTMValueError(
                f"no set was evaluated on {lv.value} members (known: "
                f"{', '.join(m.value for m in self.results.members) or 'none'})")
        # the set evaluated on them (the first, in the order the plan met them): their
        # criteria, rows and assessments; ``set_id`` reaches the others
        evaluated = member.sets()
        found = {s.id: s for s in self.criteria_set.walk_references() if s.id in evaluated}
        criteria_set = next((found[i] for i in evaluated if i in found), self.criteria_set)
        return Verdicts(criteria_set, member, self.parameters, self.outside_period)

    def assessments(self) -> tuple[Assessment, ...]:
        """One :class:`Assessment` per unit (its unit object built from its record)."""
        return assessments_from(self.criteria_set, self.results, self.parameters,
                                outside_period=self.outside_period)

    def assessment(self, index: int) -> Assessment:
        """The assessment of unit ``index`` (its traces built on demand)."""
        return self.assessments()[self._index(index)]

    def _index(self, index: object) -> int:
        """``index`` checked: the position of one of the units (0 for the first)."""
        if isinstance(index, bool) or not isinstance(index, int):
            raise NTMTypeError(f"index must be an int, the position of a unit "
                               f"(got {type(index).__name__}: {shown(index)})")
        if not 0 <= index < len(self.results):
            raise NTMValueError(f"index must be in 0..{len(self.results) - 1}, the position "
                                f"of one of the {len(self.results)} units (got {index})")
        return index

    def to_dicts(self, lang: str = "vi") -> list[dict[str, Any]]:
        """One row per unit and criterion (see :meth:`Batch.to_dicts`)."""
        return _rows(self.assessments(), check_lang(lang))

    def to_csv(self, lang: str = "vi") -> str:
        """The rows as CSV text (see :meth:`Batch.to_csv`)."""
        return _csv(self.to_dicts(lang))

    def to_pandas(self, lang: str = "vi") -> Any:
        return _pandas(self.to_dicts(lang))

    def to_polars(self, lang: str = "vi") -> Any:
        return _polars(self.to_dicts(lang))

    def __repr__(self) -> str:
        counts = ", ".join(f"{o.value}={n}" for o, n in self.counts().items())
        return (f"<Verdicts of {len(self)} {self.results.level.value} units against "
                f"{self.criteria_set.id!r} ({counts})>")


def _check_set(criteria_set: object) -> CriteriaSet:
    from ntmcriteria.criteria import CriteriaSet

    if not isinstance(criteria_set, CriteriaSet):
        raise NTMTypeError(f"criteria_set must be a CriteriaSet "
                           f"(got {type(criteria_set).__name__}: {shown(criteria_set)})")
    return criteria_set


def assess_many(criteria_set: CriteriaSet, units: Iterable[Unit], *, year: Years,
                parameters: Mapping[str, Any] | None = None,
                allow_outside_period: bool = False) -> Batch:
    """Assess every unit of ``units`` against ``criteria_set`` in ``year`` (one year for
    every unit, or one per unit in their order).

    Each assessment agrees with ``criteria_set.assess(unit, year=..., parameters=...)``;
    the compiled plan decides all of them in chunks. Duplicate unit codes are
    refused, since rows are keyed by code.
    """
    from ntmcriteria import units as _units

    cs = _check_set(criteria_set)
    if isinstance(units, str | bytes | Mapping) or not isinstance(units, Iterable):
        raise NTMTypeError(f"units must be a sequence of units "
                           f"(got {type(units).__name__}: {shown(units)})")
    items = tuple(units)
    seen: set[str] = set()
    expected = cs.unit_classes[cs.level]
    for index, unit in enumerate(items):
        if not isinstance(unit, _units.Unit):
            raise NTMTypeError(f"units[{index}] must be a unit (Commune, Village, ...) "
                               f"(got {type(unit).__name__}: {shown(unit)})")
        if not isinstance(unit, expected):
            raise NTMTypeError(f"units[{index}]: criteria set {cs.id!r} assesses a "
                               f"{expected.__name__} (got {type(unit).__name__})")
        code = unit.code
        if code in seen:
            raise NTMValueError(f"units[{index}] repeats the code "
                                f"{shown(code)}; codes must be unique")
        seen.add(code)
    values = cs.resolve_parameters({} if parameters is None else parameters)
    years, outside = _checked_years(cs, year, len(items), allow_outside_period, values)
    results = cs.compile(values).run(UnitSource(cs.level), items, years)
    return Batch(assessments_from(cs, results, values, items, outside), results)


def _verdicts(cs: CriteriaSet, source: Source, rows: Sequence[Any], year: Years,
              parameters: Mapping[str, Any] | None, allow_outside_period: bool) -> Verdicts:
    values = cs.resolve_parameters({} if parameters is None else parameters)
    years, outside = _checked_years(cs, year, source.count(rows), allow_outside_period,
                                    values)
    _unique_codes(source.codes(rows), source.level)
    return Verdicts(cs, cs.compile(values).run(source, rows, years), values, outside)


def _unique_codes(codes: list[str], level: Level) -> None:
    """Refuse codes given twice (rows are keyed by code, as in :func:`assess_many`); the
    source refused missing and malformed ones, naming the row."""
    if len(set(codes)) == len(codes):
        return
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            raise NTMValueError(f"{level.value} row {index} (counting from 0) repeats the code "
                                f"{shown(code)}; codes must be unique")
        seen.add(code)


#: the year of an assessment: one for every unit, or one per unit (in their order)
Years = int | Sequence[int]
#: a pandas or polars DataFrame (typed loosely: neither library is a dependency)
DataFrameLike: TypeAlias = Any


def _checked_years(cs: CriteriaSet, year: object, n: int, allow_outside_period: bool,
                   values: Mapping[str, Any]) -> tuple[int | list[int],
                                                       tuple[OutsidePeriod, ...]]:
    """``year`` checked (one year, or one per unit: each in the set's period unless
    ``allow_outside_period``), with the sets used outside their period in those years."""
    tolist = getattr(year, "tolist", None)
    if callable(tolist) and getattr(year, "ndim", None) == 1:  # an array, a Series
        year = tolist()
    if isinstance(year, str | bytes | Mapping) or not isinstance(year, Sequence):
        one = cs.check_year(year, allow_outside_period)
        return one, cs.check_periods(one, allow_outside_period, values)
    years = list(year)
    if len(years) != n:
        raise NTMValueError(f"year: one year per unit is needed ({n} units, got "
                            f"{len(years)} years)")
    checked: set[int] = set()  # the plain ints checked already
    out: list[int] = []
    for index, value in enumerate(years):
        if type(value) is not int or value not in checked:
            try:
                value = cs.check_year(value, allow_outside_period)
            except (NTMTypeError, NTMValueError) as error:
                # the same error (its kind and fields: a PeriodError's set and year), its
                # message naming the unit's position
                error.args = (f"year[{index}]: {error}", *error.args[1:])
                raise
            checked.add(value)
        out.append(value)
    if not out:  # no units: nothing assessed in any year
        return cs.check_year(cs.valid_from, True), ()
    outside: dict[Any, OutsidePeriod] = {}
    for one in sorted(set(out)):
        for record in cs.check_periods(one, allow_outside_period, values):
            outside.setdefault(record, record)
    return out, tuple(outside)


def assess_records(criteria_set: CriteriaSet, records: Sequence[Mapping[str, Any]], *,
                   year: Years, layout: Layout | None = None,
                   parameters: Mapping[str, Any] | None = None,
                   allow_outside_period: bool = False) -> Verdicts:
    """Assess plain records (no unit objects are built): see :class:`Layout`. ``year``:
    one year for every record, or one per record (in their order), each in the set's
    period unless ``allow_outside_period``."""
    cs = _check_set(criteria_set)
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Sequence):
        raise NTMTypeError(f"records must be a sequence of mappings "
                           f"(got {type(records).__name__}: {shown(records)})")
    if layout is not None and not isinstance(layout, Layout):
        raise NTMTypeError(f"layout must be a Layout (got {type(layout).__name__})")
    return _verdicts(cs, RecordSource(cs.level, layout), records, year, parameters,
                     allow_outside_period)


def assess_columns(criteria_set: CriteriaSet,
                   columns: Columns | Mapping[str, Any] | DataFrameLike, *,
                   year: Years, parameters: Mapping[str, Any] | None = None,
                   allow_outside_period: bool = False) -> Verdicts:
    """Assess units given as columns (see :class:`Columns`; a plain mapping of column name
    to sequence, or a pandas or polars DataFrame, is read with the default column
    names). ``year``: one year for every
    row, or one per row (a sequence or array, in row order)."""
    cs = _check_set(criteria_set)
    if not isinstance(columns, Columns) and getattr(columns, "columns", None) is not None:
        columns = Columns(data=columns)  # a pandas or polars DataFrame: its columns
    if isinstance(columns, Mapping):
        columns = Columns(data=columns)
    if not isinstance(columns, Columns):
        raise NTMTypeError(f"columns must be a Columns or a mapping of column name to "
                           f"sequence (got {type(columns).__name__})")
    return _verdicts(cs, ColumnSource(cs.level, columns), range(len(columns)), year,
                     parameters, allow_outside_period)


def _main_shortfall(shortfalls: Iterable[Shortfall], result: CriterionResult
                    ) -> Shortfall | None:
    for shortfall in shortfalls:
        if shortfall.criterion_id == result.id:
            return shortfall
    return None


def row_for(assessment: Assessment, result: CriterionResult, lang: str = "vi",
            shortfalls: tuple[Shortfall, ...] | None = None) -> dict[str, Any]:
    """The row of one criterion of one assessment (see :meth:`Batch.to_dicts`)."""
    lang = check_lang(lang)
    unit = assessment.unit
    shortfall = None
    if result.outcome is Outcome.FAIL:
        found = assessment.shortfalls() if shortfalls is None else shortfalls
        shortfall = _main_shortfall(found, result)
    trace = result.trace if shortfall is None else shortfall.trace
    detail: Any = trace.detail
    summary: dict[str, Any] = detail.summary()
    indicator = summary.get("indicator")
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
        "op": summary.get("op"),
        "observed": summary.get("observed"),
        "required": summary.get("required"),
        "observed_unit": summary.get("observed_unit", ""),
        "shortfall": None if shortfall is None else shortfall.shortfall,
        "shortfall_unit": "" if shortfall is None else shortfall.shortfall_unit,
        "more_needed": None if shortfall is None else shortfall.more_needed,
        "failed_members": () if shortfall is None else shortfall.failed_members,
        "missing": tuple(m.describe(lang) for m in result.trace.missing)
        if result.outcome is Outcome.UNKNOWN else (),
        "citation": (shortfall.citation if shortfall is not None
                     else result.criterion.citation).describe(lang),
        # "" unless assessed outside the valid period of some set (allow_outside_period=True)
        "outside_period": period_note(assessment.outside_period, lang),
    }
