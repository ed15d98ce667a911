"""Tables to units: communes, their villages, districts and provinces from sheets.

One table per level (``{"commune": ..., "village": ...}``): each row a unit,
each member table (villages) joined on its parent's code, history from yearly
columns or from a long table, every cell read as :mod:`ntmcriteria.tables.cells`
says. All problems of all tables are reported at once in one
:class:`~ntmcriteria.tables.problems.TableError`::

    units = units_from_csv(criteria_set, communes_text, villages=villages_text)
    batch = assess_many(criteria_set, units, year=2024)

A table whose rows name a parent code for which no table is given (a commune
table with a ``district_code`` column) creates those parents when the units
asked for are of that level (``level="district"``); otherwise the parent codes
are kept in :attr:`Units.parents` for the result rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

import attrs

from ntmcriteria._frozen import FrozenMap
from ntmcriteria._values import Value
from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.errors import NTMError, NTMTypeError, did_you_mean
from ntmcriteria.recognition import Recognition
from ntmcriteria.tables.cells import (
    CellError,
    CellReader,
    is_missing,
    read_code,
    read_date,
    read_region,
    read_text,
    read_year,
    reader_for,
)
from ntmcriteria.tables.columns import (
    PARENT_LEVEL,
    HistoryColumns,
    IndicatorIndex,
    UnitColumns,
    check_columns,
    fold,
)
from ntmcriteria.tables.problems import CellProblem, TableError
from ntmcriteria.tables.table import Table, TableLike, as_table
from ntmcriteria.units import (
    Commune,
    District,
    Level,
    Province,
    Tier,
    Township,
    Unit,
    Village,
    to_level,
)

__all__ = ["TABLE_NAMES", "Units", "units_from_csv", "units_from_table", "units_from_tables"]

#: The name each level's table has in error messages, unless the Table is named.
TABLE_NAMES = {Level.VILLAGE: "villages", Level.COMMUNE: "communes",
               Level.TOWNSHIP: "townships", Level.DISTRICT: "districts",
               Level.PROVINCE: "provinces"}
_RANK = {Level.VILLAGE: 0, Level.COMMUNE: 1, Level.TOWNSHIP: 1, Level.DISTRICT: 2,
         Level.PROVINCE: 3}
_CLASSES: Mapping[Level, type[Any]] = {Level.VILLAGE: Village, Level.COMMUNE: Commune,
                                       Level.TOWNSHIP: Township, Level.DISTRICT: District,
                                       Level.PROVINCE: Province}
#: The field of a parent that holds its members of each level.
_MEMBER_FIELD = {(Level.COMMUNE, Level.VILLAGE): "villages",
                 (Level.DISTRICT, Level.COMMUNE): "communes",
                 (Level.DISTRICT, Level.TOWNSHIP): "townships",
                 (Level.PROVINCE, Level.DISTRICT): "districts",
                 (Level.PROVINCE, Level.COMMUNE): "communes"}
_LEVEL_WORDS = {fold(w): lv for lv in Level for w in (lv.value, lv.label_vi, lv.label_en)}
#: Distinct text cells remembered per column (repeated values are read once).
_CACHE = 4096

Ancestors = tuple[tuple[Level, str], ...]


@attrs.frozen(kw_only=True, eq=False)
class Units(Sequence[Unit]):
    """The units read from tables, at one level, with their parents' codes.

    A sequence of units (pass it to ``assess_many``); ``parents[code]`` lists the
    (level, code) of each ancestor of the unit ``code``, nearest first.
    """

    units: tuple[Unit, ...]
    level: Level
    parents: FrozenMap[str, Ancestors] = attrs.field(factory=FrozenMap)

    @overload
    def __getitem__(self, index: int) -> Unit: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Unit]: ...

    def __getitem__(self, index: int | slice) -> Unit | Sequence[Unit]:
        return self.units[index]

    def __len__(self) -> int:
        return len(self.units)

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units)

    def unit(self, code: str) -> Unit:
        for unit in self.units:
            if unit.code == code:
                return unit
        from ntmcriteria.errors import UnknownNameError

        raise UnknownNameError("unit", code, [u.code for u in self.units], "the tables")

    def __repr__(self) -> str:
        return f"<Units: {len(self.units)} {self.level.value} units>"


# ------------------------------------------------------------------ parsing one table
class _Row:
    """One row of a unit table, read (dicts made only when a cell fills them: a table of
    100,000 villages should not allocate 400,000 empty dicts)."""

    __slots__ = ("code", "decided", "facts", "fields", "history", "name", "parent",
                 "parent_name", "recognitions", "row")

    def __init__(self, row: int) -> None:
        self.row = row
        self.code = ""
        self.name = ""
        self.parent: str | None = None
        self.parent_name: str | None = None
        self.fields: dict[str, Any] | None = None
        self.facts: dict[str, Value] | None = None
        self.history: dict[int, dict[str, Value]] | None = None
        self.recognitions: dict[Tier, int] | None = None
        #: tier -> {"decided": date, "decision": text}, from the decision columns
        self.decided: dict[Tier, dict[str, Any]] | None = None

    def fact(self, key: str, value: Value) -> None:
        if self.facts is None:
            self.facts = {}
        self.facts[key] = value

    def year(self, year: int) -> dict[str, Value]:
        if self.history is None:
            self.history = {}
        return self.history.setdefault(year, {})

    def field(self, name: str, value: Any) -> None:
        if self.fields is None:
            self.fields = {}
        self.fields[name] = value

    def recognised(self, tier: Tier, year: int) -> None:
        if self.recognitions is None:
            self.recognitions = {}
        self.recognitions[tier] = year

    def decision(self, tier: Tier, what: str, value: Any) -> None:
        if self.decided is None:
            self.decided = {}
        self.decided.setdefault(tier, {})[what] = value

    def recognition_map(self) -> dict[Tier, Any] | None:
        """The recognitions: a year, or a Recognition when a decision is given."""
        if not self.decided:
            return self.recognitions
        out: dict[Tier, Any] = dict(self.recognitions or {})
        for tier, extra in self.decided.items():
            if tier in out:
                out[tier] = Recognition(out[tier], extra.get("decided"), extra.get("decision"))
        return out


class _Reader:
    """Reads the cells of every table, collecting every problem."""

    def __init__(self, criteria_set: CriteriaSet, decimal: str) -> None:
        self.index = IndicatorIndex(criteria_set.all_indicators())
        self.set_id = criteria_set.id
        self.decimal = decimal
        self.problems: list[CellProblem] = []
        self._readers: dict[str, CellReader] = {}
        #: (table, indicator key, year) -> the column that gives it
        self._targets: dict[tuple[str, str, int | None], str] = {}

    def problem(self, table: str, row: int, column: str, value: object, expected: str,
                expected_vi: str = "") -> None:
        self.problems.append(CellProblem(table=table, row=row, column=column, value=value,
                                         expected=expected, expected_vi=expected_vi))

    def indicator_reader(self, key: str) -> CellReader:
        reader = self._readers.get(key)
        if reader is None:
            reader = self._readers[key] = reader_for(self.index.indicators[key], self.decimal)
        return reader

    def cells(self, table: Table, column: str, reader: CellReader) -> Iterator[tuple[int, Any]]:
        """(row index, value) for each cell of ``column`` that is not missing and reads;
        a bad cell becomes a problem."""
        cache: dict[str, Any] = {}
        rows = table.rows
        for i, cell in enumerate(table.column(column)):
            if isinstance(cell, str):
                hit = cache.get(cell, cache)
                if hit is not cache:
                    if hit is not _BAD:
                        yield i, hit
                    else:
                        self._bad(table, rows[i], column, cell, reader)
                    continue
                if is_missing(cell):
                    continue
                try:
                    value = reader(cell)
                except CellError as exc:
                    if len(cache) < _CACHE:
                        cache[cell] = _BAD
                    self.problem(table.name, rows[i], column, cell, exc.expected,
                                 exc.expected_vi)
                    continue
                if len(cache) < _CACHE:
                    cache[cell] = value
                yield i, value
                continue
            if is_missing(cell):
                continue
            try:
                value = reader(cell)
            except CellError as exc:
                self.problem(table.name, rows[i], column, cell, exc.expected, exc.expected_vi)
                continue
            yield i, value

    def _bad(self, table: Table, row: int, column: str, cell: str, reader: CellReader) -> None:
        try:
            reader(cell)
        except CellError as exc:
            self.problem(table.name, row, column, cell, exc.expected, exc.expected_vi)

    # -- unit tables ---------------------------------------------------------------------
    def unit_table(self, table: Table, columns: UnitColumns, level: Level, member: bool
                   ) -> list[_Row]:
        name = table.name
        rows = [_Row(row=r) for r in table.rows]
        declared = columns.declared()
        parent_column = columns.parent_column(level)
        if parent_column is not None:
            declared.setdefault(parent_column, "parent")
        present = set(table.columns)
        for column, what in columns.explicit().items():
            if column not in present:
                self.problem(name, 1, column, None,
                             f"the column {column!r} the mapping names ({what}) is not in the "
                             f"table{did_you_mean(column, table.columns)}",
                             f"bảng không có cột {column!r} ({what})"
                             f"{did_you_mean(column, table.columns)}")
        if columns.code not in present:
            self.problem(name, 1, columns.code, None,
                         f"a column {columns.code!r} with the unit codes"
                         f"{did_you_mean(columns.code, table.columns)}",
                         f"cột mã đơn vị {columns.code!r}")
        if member and (parent_column is None or parent_column not in present):
            self.problem(name, 1, parent_column or "parent", None,
                         f"a column {parent_column!r} with the code of each unit's parent "
                         "(this table's units are members of another table's)",
                         f"cột {parent_column!r} ghi mã đơn vị cấp trên")
        unit_fields = attrs.fields_dict(_CLASSES[level])
        for column in table.columns:
            role = declared.get(column)
            if column in columns.ignore:
                continue
            if role is None and column in columns.indicators:
                self._indicator_column(table, column, columns.indicators[column], None, rows)
                continue
            if role is None:
                self._other_column(table, column, rows, declared)
                continue
            if role == "code":
                for i, value in self.cells(table, column, read_code):
                    rows[i].code = value
            elif role == "name":
                for i, value in self.cells(table, column, read_text):
                    rows[i].name = value
            elif role == "parent":
                for i, value in self.cells(table, column, read_code):
                    rows[i].parent = value
            elif role == "parent_name":
                for i, value in self.cells(table, column, read_text):
                    rows[i].parent_name = value
            elif role.startswith("recognition:"):
                tier = Tier(role.split(":", 1)[1])
                for i, value in self.cells(table, column, read_year):
                    rows[i].recognised(tier, value)
            elif role.startswith(("decided:", "decision:")):
                what, tier_name = role.split(":", 1)
                tier = Tier(tier_name)
                read_decision = read_date if what == "decided" else read_text
                for i, value in self.cells(table, column, read_decision):
                    rows[i].decision(tier, what, value)
            else:  # region, zone, group: fields of some unit classes only
                if role not in unit_fields:
                    self.problem(name, 1, column, None,
                                 f"a {level.value} has no {role}; remove the column or list it "
                                 "in ignore=",
                                 f"{level.label_vi} không có trường {role}; bỏ cột này hoặc "
                                 "ghi vào ignore=")
                    continue
                reader = read_region if role == "region" else read_text
                for i, value in self.cells(table, column, reader):
                    rows[i].field(role, value)
        if columns.code in present:
            for i, (r, cell) in enumerate(zip(rows, table.column(columns.code), strict=True)):
                if not r.code and is_missing(cell) and not table.blank(i):
                    self.problem(name, r.row, columns.code, None,
                                 "a unit code (every row needs one)",
                                 "mã đơn vị (mỗi dòng phải có mã)")
        return rows

    def _indicator_column(self, table: Table, column: str, key: str, year: int | None,
                          rows: list[_Row]) -> None:
        if key not in self.index.indicators:
            self.problem(table.name, 1, column, None,
                         f"an indicator key of criteria set {self.set_id!r} (the mapping names "
                         f"{key!r}{did_you_mean(key, self.index.indicators)})",
                         f"mã chỉ tiêu của bộ tiêu chí {self.set_id!r}")
            return
        target = (table.name, key, year)
        other = self._targets.setdefault(target, column)
        if other != column:
            when = f" in {year}" if year is not None else ""
            self.problem(table.name, 1, column, None,
                         f"one column per indicator and year (the column {other!r} gives "
                         f"{key!r}{when} too)",
                         f"mỗi chỉ tiêu, mỗi năm một cột (cột {other!r} đã ghi {key!r})")
            return
        reader = self.indicator_reader(key)
        if year is None:
            for i, value in self.cells(table, column, reader):
                rows[i].fact(key, value)
        else:
            for i, value in self.cells(table, column, reader):
                rows[i].year(year)[key] = value

    def _other_column(self, table: Table, column: str, rows: list[_Row],
                      declared: Mapping[str, str]) -> None:
        found = self.index.find(column)
        if isinstance(found, str):
            self._indicator_column(table, column, found, None, rows)
            return
        if isinstance(found, tuple):
            self.problem(table.name, 1, column, None,
                         f"a column naming one indicator; this label is shared by "
                         f"{', '.join(found)}: name the key in indicators=",
                         f"cột chỉ một chỉ tiêu; nhãn này dùng chung cho {', '.join(found)}")
            return
        yearly = self.index.find_yearly(column)
        if yearly is not None:
            self._indicator_column(table, column, yearly[0], yearly[1], rows)
            return
        hint = self.index.hint(column, declared)
        self.problem(table.name, 1, column, None,
                     f"an indicator of criteria set {self.set_id!r} (its key or label, "
                     f"optionally with a year: income_2019), a column of the mapping, or a "
                     f"column listed in ignore={hint}",
                     f"một chỉ tiêu của bộ tiêu chí {self.set_id!r} (mã hoặc tên, có thể kèm "
                     f"năm), một cột đã khai báo, hoặc cột ghi trong ignore={hint}")

    # -- long history ----------------------------------------------------------------------
    def history_table(self, table: Table, columns: HistoryColumns
                      ) -> list[tuple[int, Level | None, str | None, str, int, str, Value]]:
        """(row, level, parent, code, year, key, value) for each readable row."""
        name = table.name
        present = set(table.columns)
        required = (columns.code, columns.year, columns.indicator, columns.value)
        missing = [c for c in required if c not in present]
        for column in missing:
            self.problem(name, 1, column, None,
                         f"a column {column!r} (a long history has unit code, year, indicator "
                         f"and value){did_you_mean(column, table.columns)}",
                         f"cột {column!r} (bảng lịch sử dạng dài có mã, năm, chỉ tiêu, giá trị)")
        known = {*required, columns.level, columns.parent, *columns.ignore}
        for column in table.columns:
            if column not in known:
                self.problem(name, 1, column, None,
                             f"a column of the long history ({', '.join(required)}, "
                             f"{columns.level}, {columns.parent}) or one listed in ignore="
                             f"{did_you_mean(column, [c for c in known if c])}",
                             "một cột của bảng lịch sử dạng dài hoặc cột ghi trong ignore=")
        if missing:
            return []
        n = len(table)
        codes: list[str | None] = [None] * n
        years: list[int | None] = [None] * n
        keys: list[str | None] = [None] * n
        levels: list[Level | None] = [None] * n
        parents: list[str | None] = [None] * n
        for i, code in self.cells(table, columns.code, read_code):
            codes[i] = code
        for i, year in self.cells(table, columns.year, read_year):
            years[i] = year
        for i, key in self.cells(table, columns.indicator, self._indicator_cell):
            keys[i] = key
        if columns.level in present and columns.level is not None:
            for i, lv in self.cells(table, columns.level, _level_cell):
                levels[i] = lv
        if columns.parent in present and columns.parent is not None:
            for i, parent in self.cells(table, columns.parent, read_code):
                parents[i] = parent
        values = table.column(columns.value)
        out = []
        for i in range(n):
            code, year, key = codes[i], years[i], keys[i]
            if code is None or year is None or key is None:
                if table.blank(i):
                    continue
                for column, got in ((columns.code, code), (columns.year, year),
                                    (columns.indicator, key)):
                    if got is None and is_missing(table.column(column)[i]):
                        self.problem(name, table.rows[i], column, None,
                                     "a value (every history row needs a unit code, a year and "
                                     "an indicator)", "một giá trị (mỗi dòng cần mã, năm và "
                                                      "chỉ tiêu)")
                continue
            cell = values[i]
            if is_missing(cell):
                continue
            try:
                value = self.indicator_reader(key)(cell)
            except CellError as exc:
                self.problem(name, table.rows[i], columns.value, cell,
                             f"{exc.expected} for {key!r}", f"{exc.expected_vi} cho {key!r}")
                continue
            out.append((table.rows[i], levels[i], parents[i], code, year, key, value))
        return out

    def _indicator_cell(self, value: object) -> str:
        text = read_text(value)
        found = self.index.find(text)
        if isinstance(found, str):
            return found
        if isinstance(found, tuple):
            raise CellError(f"one indicator (this label is shared by {', '.join(found)}: "
                          "write the key)", "một chỉ tiêu (nhãn dùng chung: ghi mã)")
        hint = self.index.hint(text)
        raise CellError(f"an indicator key or label of criteria set {self.set_id!r}{hint}",
                      f"mã hoặc tên chỉ tiêu của bộ tiêu chí {self.set_id!r}{hint}")


_BAD = object()
_EMPTY: FrozenMap[Any, Any] = FrozenMap()


def _level_cell(value: object) -> Level:
    if isinstance(value, str):
        found = _LEVEL_WORDS.get(fold(value))
        if found is not None:
            return found
    raise CellError("a level: village, commune, township, district or province (thôn, xã, "
                  "thị trấn, huyện, tỉnh)", "một cấp: thôn, xã, thị trấn, huyện, tỉnh")


# ------------------------------------------------------------------ building units
def _parent_level(level: Level, columns: UnitColumns) -> Level | None:
    return columns.parent_level or PARENT_LEVEL.get(level)


def _check_set(criteria_set: object) -> CriteriaSet:
    if not isinstance(criteria_set, CriteriaSet):
        raise NTMTypeError(f"criteria_set must be a CriteriaSet (got "
                           f"{type(criteria_set).__name__})")
    return criteria_set


def _decimal(decimal: object) -> str:
    if decimal not in (",", "."):
        raise NTMTypeError(f"decimal must be ',' or '.' (got {decimal!r:.40})")
    return str(decimal)


def units_from_tables(criteria_set: CriteriaSet, tables: Mapping[Any, TableLike], *,
                      columns: Mapping[Any, UnitColumns] | None = None,
                      history: TableLike | None = None,
                      history_columns: HistoryColumns | None = None,
                      level: Level | str | None = None, decimal: str = ",",
                      delimiter: str | None = None) -> Units:
    """Units of ``level`` (the set's level by default) from one table per level.

    ``tables`` maps a level to its table (CSV text, row mappings, a pandas or
    polars DataFrame, or a :class:`~ntmcriteria.tables.table.Table`);
    ``columns`` maps a level to its :class:`UnitColumns`; ``history`` is a long
    history table (:class:`HistoryColumns`). Indicators are those the set (and
    the sets it refers to) declares. Raises one
    :class:`~ntmcriteria.tables.problems.TableError` listing every bad cell.
    """
    cs = _check_set(criteria_set)
    dec = _decimal(decimal)
    if not isinstance(tables, Mapping) or not tables:
        raise NTMTypeError("tables must be a non-empty mapping of level to table "
                           f"(got {type(tables).__name__})")
    by_level: dict[Level, Table] = {}
    for key, raw in tables.items():
        lv = to_level(key)
        if lv in by_level:
            raise NTMTypeError(f"tables lists the level {lv.value!r} twice")
        by_level[lv] = as_table(raw, TABLE_NAMES[lv], delimiter)
    specs: dict[Level, UnitColumns] = {}
    for key, spec in (columns or {}).items():
        lv = to_level(key)
        if lv not in by_level:
            raise NTMTypeError(f"columns are given for the level {lv.value!r}, which has no "
                               f"table (tables: {', '.join(x.value for x in by_level)})")
        specs[lv] = check_columns(spec, f"columns[{lv.value!r}]", UnitColumns)
    for lv in by_level:
        specs.setdefault(lv, UnitColumns())
    target = cs.level if level is None else to_level(level)
    top = max(by_level, key=lambda lv: _RANK[lv])
    reader = _Reader(cs, dec)
    parsed = {lv: reader.unit_table(by_level[lv], specs[lv], lv, member=lv is not top)
              for lv in by_level}
    build = _Builder(reader, by_level, specs, parsed, top)
    build.join()
    if history is not None:
        htable = as_table(history, "history", delimiter)
        hcols = check_columns(history_columns, "history_columns", HistoryColumns)
        default = target if target in by_level else top
        build.attach_history(reader.history_table(htable, hcols), htable.name, default, hcols)
    virtual = _RANK[target] > _RANK[top]
    if virtual:
        build.check_virtual(target)
    elif target not in by_level and target is not top:
        raise NTMTypeError(f"units of the level {target.value!r} were asked for, but no table "
                           f"of that level is given (tables: "
                           f"{', '.join(x.value for x in by_level)})")
    if reader.problems:
        raise TableError(reader.problems)
    return build.units(target)


class _Builder:
    def __init__(self, reader: _Reader, tables: dict[Level, Table],
                 specs: dict[Level, UnitColumns], parsed: dict[Level, list[_Row]],
                 top: Level) -> None:
        self.reader = reader
        self.tables = tables
        self.specs = specs
        self.parsed = parsed
        self.top = top
        #: level -> key -> row; a key is (parent code, code) below the top, (None, code) at it
        self.keyed: dict[Level, dict[tuple[str | None, str], _Row]] = {}
        self.children: dict[tuple[Level, str | None, str], dict[Level, list[_Row]]] = {}
        self.ancestors: dict[tuple[Level, str | None, str], Ancestors] = {}

    def _key(self, level: Level, row: _Row) -> tuple[str | None, str]:
        return (None if level is self.top else row.parent), row.code

    def join(self) -> None:
        for level in sorted(self.parsed, key=lambda lv: -_RANK[lv]):
            table = self.tables[level]
            code_column = self.specs[level].code
            keyed: dict[tuple[str | None, str], _Row] = {}
            for row in self.parsed[level]:
                if not row.code:
                    continue
                key = self._key(level, row)
                if key in keyed:
                    under = f" under the parent {row.parent!r}" if key[0] is not None else ""
                    self.reader.problem(
                        table.name, row.row, code_column, row.code,
                        f"a code used once{under} (row {keyed[key].row} has it too)",
                        f"mã không trùng (dòng {keyed[key].row} đã có mã này)")
                    continue
                keyed[key] = row
            self.keyed[level] = keyed
        for level in self.parsed:
            if level is self.top:
                continue
            parent_level = _parent_level(level, self.specs[level])
            if parent_level not in self.keyed or (parent_level, level) not in _MEMBER_FIELD:
                shown = parent_level.value if parent_level else "none"
                self.reader.problem(
                    self.tables[level].name, 1, self.specs[level].parent_column(level) or "",
                    None, f"a table of the parents' level ({shown}) among the tables: this "
                    f"table's units are members of {shown} units",
                    f"bảng của cấp trên ({shown})")
                continue
            parents = {key[1]: key for key in self.keyed[parent_level]}
            by_code: dict[str, list[tuple[str | None, str]]] = {}
            for key in self.keyed[parent_level]:
                by_code.setdefault(key[1], []).append(key)
            column = self.specs[level].parent_column(level) or ""
            for row in self.parsed[level]:
                if not row.code or row.parent is None:
                    if row.code and row.parent is None and column in self.tables[level].columns:
                        self.reader.problem(self.tables[level].name, row.row, column, None,
                                            "the code of the unit's parent",
                                            "mã đơn vị cấp trên")
                    continue
                found = by_code.get(row.parent, [])
                if not found:
                    self.reader.problem(
                        self.tables[level].name, row.row, column, row.parent,
                        f"the code of a {parent_level.value} of the table "
                        f"{self.tables[parent_level].name!r}{did_you_mean(row.parent, parents)}",
                        f"mã của một {parent_level.label_vi} trong bảng "
                        f"{self.tables[parent_level].name!r}{did_you_mean(row.parent, parents)}")
                    continue
                if len(found) > 1:
                    self.reader.problem(
                        self.tables[level].name, row.row, column, row.parent,
                        f"a parent code that names one {parent_level.value} (several "
                        f"{parent_level.value} units have this code under different parents)",
                        f"mã chỉ một {parent_level.label_vi}")
                    continue
                parent_key = found[0]
                self.children.setdefault((parent_level, *parent_key), {}).setdefault(
                    level, []).append(row)

    def check_virtual(self, target: Level) -> None:
        spec = self.specs[self.top]
        if _parent_level(self.top, spec) is not target:
            raise NTMTypeError(
                f"units of the level {target.value!r} were asked for, but the top table is of "
                f"{self.top.value} units whose parents are "
                f"{getattr(_parent_level(self.top, spec), 'value', 'none')!r}")
        table = self.tables[self.top]
        column = spec.parent_column(self.top)
        if column not in table.columns:
            self.reader.problem(table.name, 1, column or "", None,
                                f"a column {column!r} with the code of each unit's {target.value}",
                                f"cột {column!r} ghi mã {target.label_vi}")
            return
        names: dict[str, tuple[str, int]] = {}
        for row in self.parsed[self.top]:
            if not row.code:
                continue
            if row.parent is None:
                self.reader.problem(table.name, row.row, column or "", None,
                                    f"the code of the unit's {target.value}",
                                    f"mã {target.label_vi}")
                continue
            if row.parent_name:
                seen = names.setdefault(row.parent, (row.parent_name, row.row))
                if seen[0] != row.parent_name:
                    self.reader.problem(table.name, row.row, spec.parent_name or "",
                                        row.parent_name,
                                        f"the same name as row {seen[1]} gives the "
                                        f"{target.value} {row.parent!r} ({seen[0]!r})",
                                        f"cùng tên với dòng {seen[1]} ({seen[0]!r})")

    def attach_history(self, rows: list[tuple[int, Level | None, str | None, str, int, str,
                                              Value]], name: str, default: Level,
                       spec: HistoryColumns) -> None:
        seen: dict[tuple[Level, tuple[str | None, str], int, str], int] = {}
        by_code: dict[Level, dict[str, list[tuple[str | None, str]]]] = {}
        for lv, keyed_rows in self.keyed.items():
            index = by_code[lv] = {}
            for unit_key in keyed_rows:
                index.setdefault(unit_key[1], []).append(unit_key)
        for row, level, parent, code, year, key, value in rows:
            lv = level or default
            keyed = self.keyed.get(lv)
            if keyed is None:
                self.reader.problem(name, row, spec.level or "level", lv.value,
                                    f"the level of a unit table given (tables: "
                                    f"{', '.join(x.value for x in self.keyed)})",
                                    "cấp của một bảng đơn vị đã cho")
                continue
            found: list[tuple[str | None, str]]
            if parent is not None and lv is not self.top:
                found = [(parent, code)] if (parent, code) in keyed else []
            else:
                found = by_code[lv].get(code, [])
            if not found:
                self.reader.problem(name, row, spec.code, code,
                                    f"the code of a {lv.value} of the tables"
                                    f"{did_you_mean(code, [k[1] for k in keyed])}",
                                    f"mã của một {lv.label_vi} trong các bảng")
                continue
            if len(found) > 1:
                self.reader.problem(name, row, spec.code, code,
                                    f"a code that names one {lv.value} (give its parent's code "
                                    "too: several units have it)",
                                    "mã chỉ một đơn vị (ghi thêm mã đơn vị cấp trên)")
                continue
            unit_key = found[0]
            target = keyed[unit_key]
            key4 = (lv, unit_key, year, key)
            if key4 in seen:
                self.reader.problem(name, row, spec.value, value,
                                    f"one value per unit, year and indicator (row {seen[key4]} "
                                    f"gives {key!r} of {code!r} in {year} too)",
                                    f"một giá trị cho mỗi đơn vị, năm, chỉ tiêu (dòng "
                                    f"{seen[key4]} đã có)")
                continue
            seen[key4] = row
            facts = target.year(year)
            if key in facts and facts[key] != value:
                self.reader.problem(name, row, spec.value, value,
                                    f"the value the unit table gives for {key!r} in {year} "
                                    f"({facts[key]})", f"giá trị như bảng đơn vị ({facts[key]})")
                continue
            facts[key] = value

    # -- objects -------------------------------------------------------------------------
    def units(self, target: Level) -> Units:
        built: dict[tuple[Level, str | None, str], Unit] = {}
        for level in sorted(self.parsed, key=lambda lv: _RANK[lv]):
            cls = _CLASSES[level]
            for key, row in self.keyed[level].items():
                # the cells are read into exact values already: frozen maps skip the
                # unit's converters (which would check every value again)
                kwargs: dict[str, Any] = {
                    "code": row.code, "name": row.name,
                    "facts": FrozenMap(row.facts) if row.facts else _EMPTY,
                    "history": FrozenMap({y: FrozenMap(f) for y, f in sorted(
                        row.history.items())}) if row.history else _EMPTY,
                    "recognitions": row.recognition_map() or _EMPTY, **(row.fields or {})}
                for tier in (row.decided or {}):
                    if tier not in (row.recognitions or {}):
                        self.reader.problem(
                            self.tables[level].name, row.row, "", None,
                            f"the year recognised {tier.label_en} (a decision needs it)",
                            f"năm đạt chuẩn {tier.label_vi} (quyết định công nhận cần năm)")
                for member_level, members in self.children.get((level, *key), {}).items():
                    kwargs[_MEMBER_FIELD[(level, member_level)]] = tuple(
                        built[(member_level, *self._key(member_level, m))] for m in members)
                try:
                    built[(level, *key)] = cls(**kwargs)
                except NTMError as exc:  # pragma: no cover - cells are checked when read
                    self.reader.problem(self.tables[level].name, row.row, "", None, str(exc))
        if self.reader.problems:  # a decision without its year; else see above
            raise TableError(self.reader.problems)
        top_spec = self.specs[self.top]
        top_parent_level = _parent_level(self.top, top_spec)
        if _RANK[target] > _RANK[self.top]:
            return self._virtual(target, built)
        parents: dict[str, Ancestors] = {}
        out: list[Unit] = []
        for key, row in self.keyed[self.top].items():
            chain: Ancestors = ()
            if row.parent is not None and top_parent_level is not None:
                chain = ((top_parent_level, row.parent),)
            self._collect(self.top, key, chain, target, built, out, parents)
        return Units(units=tuple(out), level=target, parents=FrozenMap(parents))

    def _collect(self, level: Level, key: tuple[str | None, str], chain: Ancestors,
                 target: Level, built: dict[tuple[Level, str | None, str], Unit],
                 out: list[Unit], parents: dict[str, Ancestors]) -> None:
        if level is target:
            unit = built[(level, *key)]
            out.append(unit)
            parents.setdefault(unit.code, chain)
            return
        for member_level, members in self.children.get((level, *key), {}).items():
            for m in members:
                self._collect(member_level, self._key(member_level, m),
                              ((level, key[1]), *chain), target, built, out, parents)

    def _virtual(self, target: Level, built: dict[tuple[Level, str | None, str], Unit]
                 ) -> Units:
        groups: dict[str, list[Unit]] = {}
        names: dict[str, str] = {}
        for key, row in self.keyed[self.top].items():
            assert row.parent is not None  # noqa: S101 - checked in check_virtual
            groups.setdefault(row.parent, []).append(built[(self.top, *key)])
            if row.parent_name:
                names.setdefault(row.parent, row.parent_name)
        field = _MEMBER_FIELD[(target, self.top)]
        cls = _CLASSES[target]
        units = tuple(cls(code=code, name=names.get(code, ""), **{field: tuple(members)})
                      for code, members in groups.items())
        return Units(units=units, level=target,
                     parents=FrozenMap({u.code: () for u in units}))


# ------------------------------------------------------------------ conveniences
def units_from_table(criteria_set: CriteriaSet, table: TableLike, *,
                     villages: TableLike | None = None, communes: TableLike | None = None,
                     history: TableLike | None = None, columns: UnitColumns | None = None,
                     village_columns: UnitColumns | None = None,
                     commune_columns: UnitColumns | None = None,
                     history_columns: HistoryColumns | None = None,
                     level: Level | str | None = None, table_level: Level | str | None = None,
                     decimal: str = ",", delimiter: str | None = None) -> Units:
    """Units from a table of units (of ``table_level``, by default the set's level), with
    a table of their villages (``villages=``) or communes (``communes=``, for districts)
    joined on the parent code, and a long ``history`` table. The units returned are of
    ``level`` (by default the set's level): the members of the table's units, or the
    parents its parent-code column names (districts from a commune sheet with a
    ``district_code`` column). See :func:`units_from_tables`."""
    cs = _check_set(criteria_set)
    table_level = cs.level if table_level is None else to_level(table_level)
    tables: dict[Level | str, TableLike] = {table_level: table}
    specs: dict[Level | str, UnitColumns] = {}
    if columns is not None:
        specs[table_level] = columns
    for member_level, member, spec in ((Level.VILLAGE, villages, village_columns),
                                       (Level.COMMUNE, communes, commune_columns)):
        if member is None:
            if spec is not None:
                raise NTMTypeError(f"{member_level.value}_columns is given without a "
                                   f"{TABLE_NAMES[member_level]} table")
            continue
        if member_level is table_level:
            raise NTMTypeError(f"the units are {table_level.value} units: their members "
                               f"cannot be {TABLE_NAMES[member_level]} too")
        tables[member_level] = member
        if spec is not None:
            specs[member_level] = spec
    return units_from_tables(cs, tables, columns=specs, history=history,
                             history_columns=history_columns,
                             level=cs.level if level is None else level,
                             decimal=decimal, delimiter=delimiter)


def units_from_csv(criteria_set: CriteriaSet, text: str, *, villages: str | None = None,
                   communes: str | None = None, history: str | None = None,
                   columns: UnitColumns | None = None,
                   village_columns: UnitColumns | None = None,
                   commune_columns: UnitColumns | None = None,
                   history_columns: HistoryColumns | None = None,
                   level: Level | str | None = None, table_level: Level | str | None = None,
                   decimal: str = ",", delimiter: str | None = None) -> Units:
    """Units from CSV text (what a command line reads from files): see
    :func:`units_from_table`."""
    for name, value in (("text", text), ("villages", villages), ("communes", communes),
                        ("history", history)):
        if value is not None and not isinstance(value, str):
            raise NTMTypeError(f"{name} must be CSV text (got {type(value).__name__})")
    return units_from_table(criteria_set, text, villages=villages, communes=communes,
                            history=history, columns=columns, village_columns=village_columns,
                            commune_columns=commune_columns, history_columns=history_columns,
                            level=level, table_level=table_level, decimal=decimal,
                            delimiter=delimiter)
