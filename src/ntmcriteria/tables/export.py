"""Units to tables: the inverse of :func:`~ntmcriteria.tables.units.units_from_tables`.

:func:`units_to_tables` writes units (and their members, at every depth) as one
table per level, each member row carrying its parent's code, with the history
either in a long table (one row per unit, year and indicator: the default) or
in yearly columns (``income_2019``). Reading the result back gives the same
units: ``units_from_tables(cs, t.tables, history=t.history)``. A history year
without any fact is not written (it means the same as no year).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ntmcriteria._frozen import FrozenMap
from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.tables.cells import format_cell
from ntmcriteria.tables.csvtext import write_csv
from ntmcriteria.tables.units import TABLE_NAMES
from ntmcriteria.units import Level, Tier, Unit

__all__ = ["HISTORY_FIELDS", "UnitTables", "units_to_tables"]

#: The columns of a long history table, in order.
HISTORY_FIELDS = ("level", "parent_code", "code", "year", "indicator", "value")
_RECOGNITION_COLUMNS = {Tier.NTM: "ntm_year", Tier.ADVANCED: "advanced_year",
                        Tier.MODEL: "model_year"}
#: The columns of the recognition decisions' dates (ISO) and references: written only for
#: the levels where some unit gives one (older tables have none).
_DECIDED_COLUMNS = {Tier.NTM: "ntm_decided", Tier.ADVANCED: "advanced_decided",
                    Tier.MODEL: "model_decided"}
_DECISION_COLUMNS = {Tier.NTM: "ntm_decision", Tier.ADVANCED: "advanced_decision",
                     Tier.MODEL: "model_decision"}


@attrs.frozen(kw_only=True, eq=False)
class UnitTables:
    """One table (a list of row mappings) per level, and the long history table."""

    tables: FrozenMap[Level, tuple[dict[str, Any], ...]]
    columns: FrozenMap[Level, tuple[str, ...]]
    history: tuple[dict[str, Any], ...] = ()

    def table(self, level: Level | str) -> tuple[dict[str, Any], ...]:
        return self.tables[Level(level)]

    def to_csv(self, decimal: str = ",", lang: str = "vi") -> dict[str, str]:
        """CSV text per table name (``communes``, ``villages``, ..., ``history``)."""
        out = {TABLE_NAMES[level]: _csv(self.columns[level], rows, decimal, lang)
               for level, rows in self.tables.items()}
        if self.history:
            out["history"] = _csv(HISTORY_FIELDS, self.history, decimal, lang)
        return out

    def to_pandas(self) -> dict[str, Any]:
        """A pandas DataFrame per table name (exact values kept as objects)."""
        try:
            import pandas
        except ImportError:
            raise ImportError("this needs the optional dependency 'pandas'; install it with "
                              "pip install 'ntmcriteria[pandas]'") from None
        out = {TABLE_NAMES[level]: pandas.DataFrame(list(rows), columns=list(
            self.columns[level]), dtype=object) for level, rows in self.tables.items()}
        if self.history:
            out["history"] = pandas.DataFrame(list(self.history), columns=list(HISTORY_FIELDS),
                                              dtype=object)
        return out


def _csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]], decimal: str, lang: str
         ) -> str:
    return write_csv(columns, ([format_cell(row.get(c), decimal, lang) for c in columns]
                               for row in rows))


def _check_units(units: object) -> tuple[Unit, ...]:
    from ntmcriteria import units as _units

    if isinstance(units, str | bytes | Mapping) or not isinstance(units, Iterable):
        raise NTMTypeError(f"units must be a sequence of units (got {type(units).__name__})")
    items = tuple(units)
    for index, unit in enumerate(items):
        if not isinstance(unit, _units.Unit):
            raise NTMTypeError(f"units[{index}] must be a unit (Commune, Village, ...) "
                               f"(got {type(unit).__name__})")
    return items


def units_to_tables(units: Iterable[Unit], *, criteria_set: CriteriaSet | None = None,
                    history: str = "long") -> UnitTables:
    """Tables of ``units`` and their members; ``history="long"`` (a history table) or
    ``"wide"`` (yearly columns ``<key>_<year>``). With ``criteria_set``, indicator
    columns follow the order the set declares them in."""
    items = _check_units(units)
    if history not in ("long", "wide"):
        raise NTMValueError(f"history must be 'long' or 'wide' (got {history!r})")
    if len({u.level for u in items}) > 1:
        raise NTMValueError("units must all be of one level (got "
                            f"{', '.join(sorted({u.level.value for u in items}))})")
    order: dict[str, int] = {}
    if criteria_set is not None:
        for index, key in enumerate(criteria_set.all_indicators()):
            order[key] = index
    rows: dict[Level, list[dict[str, Any]]] = {}
    keys: dict[Level, dict[str, None]] = {}
    years: dict[Level, dict[tuple[str, int], None]] = {}
    long_rows: list[dict[str, Any]] = []
    fields: dict[Level, set[str]] = {}
    parent_levels: dict[Level, set[Level]] = {}
    decisions: dict[Level, dict[str, None]] = {}
    stack: list[tuple[Unit, Unit | None]] = [(u, None) for u in reversed(items)]
    while stack:
        unit, parent = stack.pop()
        level = unit.level
        row: dict[str, Any] = {"code": unit.code, "name": unit.name}
        if parent is not None:
            row["parent"] = parent.code
            parent_levels.setdefault(level, set()).add(parent.level)
        for field in ("region", "zone"):
            if hasattr(unit, field):
                row[field] = getattr(unit, field)
                fields.setdefault(level, set()).add(field)
        for tier, column in _RECOGNITION_COLUMNS.items():
            recognition = unit.recognitions.get(tier)
            row[column] = None if recognition is None else recognition.year
            if recognition is not None and recognition.decided is not None:
                row[_DECIDED_COLUMNS[tier]] = recognition.decided.isoformat()
                decisions.setdefault(level, {})[_DECIDED_COLUMNS[tier]] = None
            if recognition is not None and recognition.decision is not None:
                row[_DECISION_COLUMNS[tier]] = recognition.decision
                decisions.setdefault(level, {})[_DECISION_COLUMNS[tier]] = None
        for key, value in unit.facts.items():
            row[key] = value
            keys.setdefault(level, {})[key] = None
        for year, facts in unit.history.items():
            for key, value in facts.items():
                if history == "wide":
                    row[f"{key}_{year}"] = value
                    years.setdefault(level, {})[(key, year)] = None
                else:
                    long_rows.append({"level": level.value,
                                      "parent_code": None if parent is None else parent.code,
                                      "code": unit.code, "year": year, "indicator": key,
                                      "value": value})
        rows.setdefault(level, []).append(row)
        stack.extend((child, unit) for child in reversed(unit.children))
    tables: dict[Level, tuple[dict[str, Any], ...]] = {}
    columns: dict[Level, tuple[str, ...]] = {}
    for level, level_rows in rows.items():
        above = parent_levels.get(level, set())
        if len(above) > 1:
            raise NTMValueError(
                f"{level.value} units sit under units of several levels "
                f"({', '.join(sorted(lv.value for lv in above))}): one table cannot say so")
        parent_column = f"{next(iter(above)).value}_code" if above else None
        ordered = sorted(keys.get(level, {}), key=lambda k: (order.get(k, len(order)), k))
        yearly = [f"{k}_{y}" for k, y in sorted(
            years.get(level, {}), key=lambda ky: (order.get(ky[0], len(order)), ky[0], ky[1]))]
        head = ["code", "name", *([parent_column] if parent_column else []),
                *sorted(fields.get(level, ())), *_RECOGNITION_COLUMNS.values(),
                *(c for t in Tier for c in (_DECIDED_COLUMNS[t], _DECISION_COLUMNS[t])
                  if c in decisions.get(level, {})), *ordered, *yearly]
        out = []
        for row in level_rows:
            if parent_column is not None:
                row[parent_column] = row.pop("parent")
            out.append({c: row.get(c) for c in head})
        tables[level] = tuple(out)
        columns[level] = tuple(head)
    return UnitTables(tables=FrozenMap(tables), columns=FrozenMap(columns),
                      history=tuple(long_rows))
