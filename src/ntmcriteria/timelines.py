"""Timelines: one unit or many assessed over a range of years, in one call.

Each year is assessed with the facts and history *of that year*: the unit's
history of that year as its facts (merged with its ``facts`` when they are of
that year, ``facts_year=``), and its history of the years before only — what
was known then. Members (villages, communes) are taken the same way::

    tl = timeline(criteria_set, commune, years=range(2022, 2026), parameters=...)
    tl.matrix("20296")     # one row per year: the set's outcome and each criterion's
    print(tl.explain())    # a year x criterion grid, in Vietnamese by default

:meth:`Timeline.assessments` gives every (unit, year) assessment, e.g. for
:meth:`ntmcriteria.plans.Plan.progress`, whose trajectories then show every year.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar, cast

import attrs

from ntmcriteria._frozen import FrozenMap
from ntmcriteria._values import check_lang
from ntmcriteria.assessment import Assessment
from ntmcriteria.batch import assess_many
from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.errors import NTMTypeError, NTMValueError, UnknownNameError
from ntmcriteria.glossary import term
from ntmcriteria.outcome import Outcome
from ntmcriteria.period import HEADING, period_note, period_notes
from ntmcriteria.units import Commune, District, Province, Township, Unit, Village

__all__ = ["Timeline", "timeline", "unit_in_year"]

_MEMBER_FIELDS = ("villages", "communes", "townships", "districts")
U = TypeVar("U", Village, Commune, Township, District, Province)
#: The mark of each outcome in a timeline grid.
_MARKS = {Outcome.PASS: "✓", Outcome.FAIL: "✗", Outcome.UNKNOWN: "?",
          Outcome.NOT_APPLICABLE: "–"}


def unit_in_year(unit: U, year: int, facts_year: int | None = None) -> U:
    """``unit`` as known in ``year``: its facts of that year, its history before it.

    The facts of ``year`` are ``history[year]``, with ``unit.facts`` over them when
    ``facts_year == year``; when ``facts_year`` is earlier, ``unit.facts`` are part of
    the history of ``facts_year``. History after ``year`` is dropped (it was not
    known yet); recognitions and closed registers are kept (a recognition dated after
    the year assessed does not count, and the assessment says so). Members are taken the same way.
    """
    return cast(U, _in_year(unit, year, facts_year))


def _in_year(unit: Unit, year: int, facts_year: int | None) -> Unit:
    history: dict[int, Mapping[str, Any]] = {}
    for y, past in unit.history.items():
        if y < year:
            history[y] = past
    if facts_year is not None and facts_year < year and unit.facts:
        merged = dict(unit.history.get(facts_year, {}))
        merged.update(unit.facts)
        history[facts_year] = merged
    now: dict[str, Any] = dict(unit.history.get(year, {}))
    if facts_year == year:
        now.update(unit.facts)
    changes: dict[str, Any] = {"facts": now, "history": dict(sorted(history.items()))}
    for field in _MEMBER_FIELDS:
        members = getattr(unit, field, None)
        if members:
            changes[field] = tuple(_in_year(m, year, facts_year) for m in members)
    return attrs.evolve(unit, **changes)


def _has_facts(unit: Unit) -> bool:
    stack = [unit]
    while stack:
        node = stack.pop()
        if node.facts:
            return True
        stack.extend(node.children)
    return False


@attrs.frozen(kw_only=True, eq=False)
class Timeline:
    """Assessments of units in each of ``years``: ``assessment(code, year)``, a year x
    criterion ``matrix(code)``, the ``series`` of one criterion, and renderings."""

    criteria_set: CriteriaSet
    years: tuple[int, ...]
    units: tuple[Unit, ...]
    _by_key: FrozenMap[tuple[str, int], Assessment] = attrs.field(alias="by_key")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(u.code for u in self.units)

    def _code(self, code: str | None) -> str:
        if code is None:
            if len(self.units) != 1:
                raise NTMValueError(f"the timeline has {len(self.units)} units: name one "
                                    f"(code=...) of {', '.join(self.codes[:12])}")
            return self.units[0].code
        if code not in self.codes:
            raise UnknownNameError("unit", code, self.codes, "the timeline")
        return code

    def assessment(self, code: str | None, year: int) -> Assessment:
        """The assessment of unit ``code`` (None: the only unit) in ``year``."""
        unit = self._code(code)
        if year not in self.years:
            raise NTMValueError(f"year {year} is not in the timeline "
                                f"({', '.join(map(str, self.years))})")
        return self._by_key[(unit, year)]

    def assessments(self) -> tuple[Assessment, ...]:
        """Every assessment, unit by unit and year by year."""
        return tuple(self._by_key.values())

    def outcomes(self, code: str | None = None) -> dict[int, dict[str | None, Outcome]]:
        """year -> {criterion id: outcome, None: the set's outcome}."""
        unit = self._code(code)
        out: dict[int, dict[str | None, Outcome]] = {}
        for year in self.years:
            a = self._by_key[(unit, year)]
            row: dict[str | None, Outcome] = {None: a.outcome}
            row.update({r.id: r.outcome for r in a.results})
            out[year] = row
        return out

    def series(self, code: str | None = None, criterion_id: str | None = None
               ) -> tuple[tuple[int, Outcome], ...]:
        """(year, outcome) of one criterion (None: the whole set) over the years."""
        if criterion_id is not None:
            self.criteria_set.criterion(criterion_id)
        return tuple((year, row[criterion_id]) for year, row in self.outcomes(code).items())

    def matrix(self, code: str | None = None) -> list[dict[str, Any]]:
        """One row per year: ``year``, ``outcome`` (the set's) and one key per criterion
        id with its outcome value."""
        rows = []
        for year, row in self.outcomes(code).items():
            out: dict[str, Any] = {"year": year, "outcome": row[None].value}
            out.update({cid: o.value for cid, o in row.items() if cid is not None})
            rows.append(out)
        return rows

    def to_rows(self, lang: str = "vi") -> list[dict[str, Any]]:
        """One row per unit, year and criterion (long form), with the criterion's label and
        ``outside_period`` (which sets that year's assessment used outside their valid
        period, "" when none)."""
        lang = check_lang(lang)
        rows = []
        for (code, year), a in self._by_key.items():
            for r in a.results:
                rows.append({"unit_code": code, "unit_name": a.unit.name, "year": year,
                             "criteria_set": self.criteria_set.id, "criterion_id": r.id,
                             "criterion_number": r.criterion.number,
                             "criterion": r.criterion.label(lang),
                             "outcome": r.outcome.value,
                             "outside_period": period_note(a.outside_period, lang)})
        return rows

    def changes(self, code: str | None = None) -> list[dict[str, Any]]:
        """Each change of verdict from one year to the next: criterion (None: the set),
        years and outcomes."""
        out = []
        years = self.years
        table = self.outcomes(code)
        for before, after in itertools.pairwise(years):
            for cid, outcome in table[after].items():
                if table[before][cid] is not outcome:
                    out.append({"criterion_id": cid, "from_year": before, "to_year": after,
                                "from": table[before][cid].value, "to": outcome.value})
        return out

    def explain(self, lang: str = "vi", code: str | None = None) -> str:
        """A year x criterion grid per unit (✓ pass, ✗ fail, ? not enough data, – not
        applicable)."""
        lang = check_lang(lang)
        vi = lang == "vi"
        codes = self.codes if code is None else (self._code(code),)
        # not applicable ("–") is in the legend only where some criterion is
        na = any(r.outcome is Outcome.NOT_APPLICABLE for a in self._by_key.values()
                 for r in a.results)
        legend = ", ".join(f"{_MARKS[o]} {term(o.value, lang)}" for o in Outcome
                           if na or o is not Outcome.NOT_APPLICABLE)
        lines = [f"{self.criteria_set.label(lang)} [{self.criteria_set.id}]", legend]
        # the years assessed outside the valid period of some set (allow_outside_period)
        lines += [f"{HEADING[lang]}: {note}" for note in period_notes(
            (a.outside_period for (c, _), a in self._by_key.items() if c in codes), lang)]
        labels = [(c.id, f"{c.number}. {c.label(lang)}") for c in self.criteria_set.criteria]
        width = min(48, max([len(t) for _, t in labels] + [12]))
        for unit_code in codes:
            unit = next(u for u in self.units if u.code == unit_code)
            table = self.outcomes(unit_code)
            lines.append("")
            lines.append(unit.label())
            head = ("Tiêu chí" if vi else "Criterion").ljust(width)
            lines.append(head + "  " + "  ".join(str(y) for y in self.years))
            whole = ("Cả bộ tiêu chí" if vi else "Whole set").ljust(width)
            lines.append(whole + "  " + "  ".join(
                _MARKS[table[y][None]].center(4) for y in self.years))
            for cid, text in labels:
                shown = text if len(text) <= width else text[:width - 1] + "…"
                lines.append(shown.ljust(width) + "  " + "  ".join(
                    _MARKS[table[y][cid]].center(4) for y in self.years))
        return "\n".join(lines)

    def __repr__(self) -> str:
        span = f"{self.years[0]}-{self.years[-1]}" if self.years else "no years"
        return (f"<Timeline of {len(self.units)} units against {self.criteria_set.id!r}, "
                f"{span}>")


def _years(years: object) -> tuple[int, ...]:
    if isinstance(years, str | bytes) or not isinstance(years, Iterable):
        raise NTMTypeError(f"years must be a sequence of years such as range(2022, 2026) "
                           f"(got {years!r:.40})")
    out = tuple(years)
    if not out:
        raise NTMValueError("years must list at least one year")
    for y in out:
        if isinstance(y, bool) or not isinstance(y, int):
            raise NTMTypeError(f"a year must be an int (got {y!r:.40})")
    if len(set(out)) != len(out):
        raise NTMValueError(f"years lists a year twice (got {list(out)})")
    return tuple(sorted(out))


def timeline(criteria_set: CriteriaSet, units: Unit | Iterable[Unit], years: Iterable[int], *,
             parameters: Mapping[str, Any] | None = None, facts_year: int | None = None,
             allow_outside_period: bool = False) -> Timeline:
    """Assess ``units`` (one unit or many) in each of ``years``.

    Each year is assessed as :func:`unit_in_year` takes the unit. Units whose
    ``facts`` are not empty must say the year those facts are of
    (``facts_year=``): a timeline never guesses it.
    """
    from ntmcriteria import units as _units

    if not isinstance(criteria_set, CriteriaSet):
        raise NTMTypeError(f"criteria_set must be a CriteriaSet (got "
                           f"{type(criteria_set).__name__})")
    items: tuple[Unit, ...] = (units,) if isinstance(units, _units.Unit) else tuple(units)
    wanted = _years(years)
    if facts_year is not None and (isinstance(facts_year, bool)
                                   or not isinstance(facts_year, int)):
        raise NTMTypeError(f"facts_year must be a year as an int (got {facts_year!r:.40})")
    if facts_year is None:
        for unit in items:
            if isinstance(unit, _units.Unit) and _has_facts(unit):
                raise NTMValueError(
                    f"unit {unit.code!r} (or one of its members) has facts without a year: "
                    "give facts_year= (the year they are of), or give every year in history")
    by_key: dict[tuple[str, int], Assessment] = {}
    per_year = {}
    for year in wanted:
        sliced = [_in_year(u, year, facts_year) if isinstance(u, _units.Unit) else u
                  for u in items]
        per_year[year] = assess_many(criteria_set, sliced, year=year, parameters=parameters,
                                     allow_outside_period=allow_outside_period)
    for index, unit in enumerate(items):
        for year in wanted:
            by_key[(unit.code, year)] = per_year[year].assessments[index]
    return Timeline(criteria_set=criteria_set, years=wanted, units=items,
                    by_key=FrozenMap(by_key))
