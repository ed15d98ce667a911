"""Results back to tables: rows, pandas and polars frames, CSV text.

Two shapes:

- **long** (default): one row per unit and criterion — the fields of
  :data:`ntmcriteria.batch.ROW_FIELDS` (unit, set, criterion, outcome, observed,
  required and their unit, shortfall and its unit, members more needed, failed
  members, missing items, citation; each unit a code of
  :class:`~ntmcriteria.quantity.QuantityUnit`, so that no number column is read
  without its unit) with the codes of the unit's parents (``district_code``,
  ``province_code``) after its name;
- **wide**: one row per unit — its parents, the set's outcome, how many criteria
  pass, fail or lack data, one column per criterion id with its outcome, and
  what is missing;

and both end with ``outside_period``: which sets the assessment used outside their valid
period (``allow_outside_period=True``), "" when none.

Results are a :class:`~ntmcriteria.batch.Batch`, :class:`~ntmcriteria.batch.
Verdicts`, one :class:`~ntmcriteria.assessment.Assessment` or an iterable of
them. Rows keep exact values (``Decimal``, ``int``, ``bool``); CSV text writes
them unrounded with the decimal comma (``decimal=","``), yes/no as có/không.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ntmcriteria._values import check_lang
from ntmcriteria.assessment import Assessment
from ntmcriteria.batch import ROW_FIELDS, Batch, Verdicts, joined_sequences, row_for
from ntmcriteria.errors import NTMTypeError
from ntmcriteria.glossary import term
from ntmcriteria.outcome import Outcome
from ntmcriteria.period import period_note
from ntmcriteria.tables.cells import format_cell
from ntmcriteria.tables.csvtext import write_csv
from ntmcriteria.tables.units import Ancestors, Units
from ntmcriteria.units import Level

__all__ = ["WIDE_FIELDS", "result_columns", "result_rows", "results_csv", "results_to_pandas",
           "results_to_polars"]

#: The leading keys of a wide row (then parents, then one key per criterion, then missing).
WIDE_FIELDS = ("unit_code", "unit_name", "level", "year", "criteria_set", "outcome", "passed",
               "failed", "unknown")
_EXACT = ("observed", "required", "shortfall")
_LEVEL_ORDER = (Level.VILLAGE, Level.COMMUNE, Level.TOWNSHIP, Level.DISTRICT, Level.PROVINCE)

Results = Batch | Verdicts | Assessment | Iterable[Assessment]


def _assessments(results: object) -> tuple[Assessment, ...]:
    if isinstance(results, Assessment):
        return (results,)
    if isinstance(results, Verdicts):
        return results.assessments()
    if isinstance(results, Batch):
        return results.assessments
    if isinstance(results, str | bytes | Mapping) or not isinstance(results, Iterable):
        raise NTMTypeError("results must be a Batch, Verdicts, an Assessment or assessments "
                           f"(got {type(results).__name__})")
    items = tuple(results)
    for index, item in enumerate(items):
        if not isinstance(item, Assessment):
            raise NTMTypeError(f"results[{index}] must be an Assessment "
                               f"(got {type(item).__name__})")
    return items


def _parents(parents: object) -> Mapping[str, Ancestors]:
    if parents is None:
        return {}
    if isinstance(parents, Units):
        return parents.parents
    if not isinstance(parents, Mapping):
        raise NTMTypeError("parents must be Units or a mapping of unit code to its parents "
                           f"(got {type(parents).__name__})")
    return parents


def _parent_columns(assessments: Sequence[Assessment], parents: Mapping[str, Ancestors]
                    ) -> list[Level]:
    levels = {lv for a in assessments for lv, _ in parents.get(a.unit.code, ())}
    return [lv for lv in _LEVEL_ORDER if lv in levels]


def _with_parents(row: dict[str, Any], code: str, levels: list[Level],
                  parents: Mapping[str, Ancestors]) -> dict[str, Any]:
    if not levels:
        return row
    found = dict(parents.get(code, ()))
    out: dict[str, Any] = {}
    for key, value in row.items():
        out[key] = value
        if key == "unit_name":
            for lv in levels:
                out[f"{lv.value}_code"] = found.get(lv)
    return out


def result_columns(results: Results, *, wide: bool = False, parents: object = None
                   ) -> tuple[str, ...]:
    """The keys of the rows :func:`result_rows` gives, in column order."""
    assessments = _assessments(results)
    return _columns(assessments, wide, _parents(parents))


def _columns(assessments: Sequence[Assessment], wide: bool, parents: Mapping[str, Ancestors]
             ) -> tuple[str, ...]:
    levels = [f"{lv.value}_code" for lv in _parent_columns(assessments, parents)]
    if not wide:
        return (*ROW_FIELDS[:2], *levels, *ROW_FIELDS[2:])
    ids: dict[str, None] = {}
    for a in assessments:
        for r in a.results:
            ids.setdefault(r.id, None)
    return (*WIDE_FIELDS[:2], *levels, *WIDE_FIELDS[2:], *ids, "missing", "outside_period")


def result_rows(results: Results, *, lang: str = "vi", wide: bool = False,
                parents: object = None) -> list[dict[str, Any]]:
    """The rows of ``results`` (long, or ``wide``); ``parents`` (the :class:`Units` the
    results came from, or a mapping code -> ancestors) adds the parents' codes."""
    lang = check_lang(lang)
    assessments = _assessments(results)
    found = _parents(parents)
    levels = _parent_columns(assessments, found)
    rows: list[dict[str, Any]] = []
    for a in assessments:
        if wide:
            row = _wide_row(a, lang)
        else:
            shortfalls = a.shortfalls() if a.outcome is Outcome.FAIL else ()
            for r in a.results:
                rows.append(_with_parents(row_for(a, r, lang, shortfalls), a.unit.code, levels,
                                          found))
            continue
        rows.append(_with_parents(row, a.unit.code, levels, found))
    return rows


def _wide_row(a: Assessment, lang: str) -> dict[str, Any]:
    row: dict[str, Any] = {
        "unit_code": a.unit.code, "unit_name": a.unit.name, "level": a.unit.level.value,
        "year": a.year, "criteria_set": a.criteria_set.id, "outcome": a.outcome.value,
        "passed": len(a.passed), "failed": len(a.failed), "unknown": len(a.unknown)}
    for r in a.results:
        row[r.id] = r.outcome.value
    row["missing"] = tuple(m.describe(lang) for m in a.missing(all=True))
    row["outside_period"] = period_note(a.outside_period, lang)
    return row


def results_csv(results: Results, *, lang: str = "vi", wide: bool = False,
                parents: object = None, decimal: str = ",", words: bool = False) -> str:
    """The rows as CSV text; ``words=True`` writes outcomes as words of ``lang``
    (``đạt`` / ``không đạt`` / ``chưa đủ dữ liệu``) instead of codes."""
    lang = check_lang(lang)
    assessments = _assessments(results)
    found = _parents(parents)
    columns = _columns(assessments, wide, found)
    rows = result_rows(assessments, lang=lang, wide=wide, parents=found)
    outcome_keys = {"outcome"}
    if wide:
        outcome_keys |= {r.id for a in assessments for r in a.results}
    outcome_words = {o.value: term(o.value, lang) for o in Outcome}

    def cell(key: str, value: Any) -> str:
        if words and key in outcome_keys and isinstance(value, str):
            return outcome_words.get(value, value)
        return format_cell(value, decimal, lang)

    return write_csv(columns, ([cell(c, row.get(c)) for c in columns] for row in rows))


def results_to_pandas(results: Results, *, lang: str = "vi", wide: bool = False,
                      parents: object = None) -> Any:
    """The rows as a pandas DataFrame; exact values stay Python objects (no floats), the
    lists of a row (failed members, missing items) text joined by ``"; "``."""
    try:
        import pandas
    except ImportError:
        raise ImportError("this needs the optional dependency 'pandas'; install it with "
                          "pip install 'ntmcriteria[pandas]'") from None
    assessments = _assessments(results)
    found = _parents(parents)
    rows = result_rows(assessments, lang=lang, wide=wide, parents=found)
    return pandas.DataFrame(joined_sequences(rows),
                            columns=list(_columns(assessments, wide, found)), dtype=object)


def results_to_polars(results: Results, *, lang: str = "vi", wide: bool = False,
                      parents: object = None) -> Any:
    """The rows as a polars DataFrame. ``observed``, ``required`` and ``shortfall`` mix
    numbers and yes/no values, so they are text (``"59.99"``, ``"true"``): exact,
    never through a float; the lists of a row are text joined by ``"; "``."""
    try:
        import polars
    except ImportError:
        raise ImportError("this needs the optional dependency 'polars'; install it with "
                          "pip install 'ntmcriteria[polars]'") from None
    assessments = _assessments(results)
    found = _parents(parents)
    columns = list(_columns(assessments, wide, found))
    rows = result_rows(assessments, lang=lang, wide=wide, parents=found)
    for row in rows:
        for key in _EXACT:
            if key in row and row[key] is not None:
                value = row[key]
                row[key] = (("true" if value else "false") if isinstance(value, bool)
                            else format(value, "f") if isinstance(value, Decimal) else str(value))
    joined_sequences(rows)
    if not rows:
        return polars.DataFrame(schema=columns)
    return polars.DataFrame(rows, schema=columns, orient="row", infer_schema_length=None)
