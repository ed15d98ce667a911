"""A table of cells, whatever it came from: row mappings, CSV text, pandas or polars.

:func:`as_table` turns what a caller has into a :class:`Table`: named columns
(NFC, stripped), the cells column by column, and for each row the number a
spreadsheet shows (header = row 1, first data row = row 2). pandas and polars
are optional: a frame is recognised by its type, never imported here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.tables.cells import is_missing
from ntmcriteria.tables.csvtext import csv_records
from ntmcriteria.tables.problems import CellProblem, TableError

__all__ = ["Table", "TableLike", "as_table"]

#: What the table readers accept: a Table, CSV text, row mappings or a data frame.
TableLike = Any


def _header(name: object) -> str:
    return unicodedata.normalize("NFC", str(name)).strip()


@attrs.frozen(kw_only=True, eq=False)
class Table:
    """Cells by column: ``data[i]`` is the column ``columns[i]``; ``rows[j]`` the row
    number (as a spreadsheet shows it) of the ``j``-th data row."""

    name: str
    columns: tuple[str, ...]
    data: tuple[Sequence[object], ...]
    rows: Sequence[int]

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> Sequence[object]:
        return self.data[self.columns.index(name)]

    def blank(self, index: int) -> bool:
        """Whether every cell of the ``index``-th data row is missing (a blank row, which
        readers skip, as a frame reading a blank line may give)."""
        return all(is_missing(column[index]) for column in self.data)

    def records(self) -> list[dict[str, object]]:
        """The rows as mappings of column to cell."""
        return [dict(zip(self.columns, cells, strict=True)) for cells in zip(*self.data,
                                                                             strict=True)]

    # -- builders ------------------------------------------------------------------------
    @classmethod
    def from_csv(cls, text: str, name: str = "table", delimiter: str | None = None) -> Table:
        """A table from CSV text (see :mod:`ntmcriteria.tables.csvtext`)."""
        try:
            records = iter(list(csv_records(text, delimiter)))
        except NTMValueError as error:  # malformed CSV: say which sheet
            raise NTMValueError(f"{name}: {error}") from None
        first = next(records, None)
        if first is None:
            return cls(name=name, columns=(), data=(), rows=())
        _, header = first
        columns = [_header(c) for c in header]
        width = len(columns)
        cells: list[list[str]] = [[] for _ in columns]
        rows: list[int] = []
        problems: list[CellProblem] = []
        for row, record in records:
            if len(record) > width:
                extra = record[width:]
                if any(c.strip() for c in extra):
                    problems.append(CellProblem(
                        table=name, row=row, column="", value=None,
                        expected=f"at most {width} cells, as many as the header has "
                                 f"(got {len(record)})",
                        expected_vi=f"tối đa {width} ô như dòng tiêu đề (có {len(record)})"))
                record = record[:width]
            elif len(record) < width:
                record = record + [""] * (width - len(record))
            rows.append(row)
            for column, cell in zip(cells, record, strict=True):
                column.append(cell)
        return cls._checked(name, columns, cells, rows, problems)

    @classmethod
    def from_grid(cls, records: Iterable[tuple[int, Sequence[object]]], name: str = "table"
                  ) -> Table:
        """A table from numbered rows of cells, as a spreadsheet file gives them: ``(row
        number, cells)`` for each non-blank row, the first being the header. The row
        numbers are kept (a sheet whose header is in row 3 reports its first data row as
        row 4); a row shorter than the header has blank cells at its end."""
        items = iter(records)
        first = next(items, None)
        if first is None:
            return cls(name=name, columns=(), data=(), rows=())
        _, header = first
        columns = ["" if c is None else _header(c) for c in header]
        width = len(columns)
        cells: list[list[object]] = [[] for _ in columns]
        rows: list[int] = []
        problems: list[CellProblem] = []
        for row, record in items:
            values = list(record)
            if len(values) > width:
                if any(not is_missing(c) for c in values[width:]):
                    problems.append(CellProblem(
                        table=name, row=row, column="", value=None,
                        expected=f"at most {width} cells, as many as the header has "
                                 f"(got {len(values)})",
                        expected_vi=f"tối đa {width} ô như dòng tiêu đề (có {len(values)})"))
                values = values[:width]
            elif len(values) < width:
                values += [None] * (width - len(values))
            rows.append(row)
            for column, cell in zip(cells, values, strict=True):
                column.append(cell)
        return cls._checked(name, columns, cells, rows, problems)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, object]], name: str = "table") -> Table:
        """A table from row mappings; a key a row lacks is a blank cell."""
        if isinstance(rows, str | bytes | Mapping) or not isinstance(rows, Iterable):
            raise NTMTypeError(f"{name}: rows must be an iterable of mappings "
                               f"(got {type(rows).__name__})")
        items = list(rows)
        columns: dict[str, object] = {}
        for index, row in enumerate(items):
            if not isinstance(row, Mapping):
                raise NTMTypeError(f"{name}: row {index + 2} must be a mapping of column to "
                                   f"cell (got {type(row).__name__})")
            for key in row:
                columns.setdefault(key, None)
        keys = list(columns)
        cells = [[row.get(key) for row in items] for key in keys]
        return cls._checked(name, [_header(k) for k in keys], cells,
                            range(2, len(items) + 2), [])

    @classmethod
    def from_frame(cls, frame: Any, name: str = "table") -> Table:
        """A table from a pandas or polars DataFrame (its index is not a column)."""
        module = type(frame).__module__.split(".")[0]
        if module == "polars":
            keys = list(frame.columns)
            cells = [frame.get_column(k).to_list() for k in keys]
            n = frame.height
        elif module == "pandas":
            keys = list(frame.columns)
            cells = [frame.iloc[:, i].tolist() for i in range(len(keys))]
            n = len(frame)
        else:
            raise NTMTypeError(f"{name}: expected a pandas or polars DataFrame "
                               f"(got {type(frame).__name__})")
        return cls._checked(name, [_header(k) for k in keys], cells, range(2, n + 2), [])

    @classmethod
    def _checked(cls, name: str, columns: list[str], cells: list[list[Any]],
                 rows: Sequence[int], problems: list[CellProblem]) -> Table:
        seen: dict[str, int] = {}
        keep: list[int] = []
        for index, column in enumerate(columns):
            if not column:
                if any(c is not None and str(c).strip() for c in cells[index]):
                    problems.append(CellProblem(
                        table=name, row=1, column=f"#{index + 1}", value=None,
                        expected="a column name (the header cell is blank)",
                        expected_vi="tên cột (ô tiêu đề đang trống)"))
                continue  # a blank column (e.g. trailing delimiters)
            if column in seen:
                problems.append(CellProblem(
                    table=name, row=1, column=column, value=None,
                    expected=f"a column name used once (columns {seen[column] + 1} and "
                             f"{index + 1} have it)",
                    expected_vi=f"tên cột không trùng (cột {seen[column] + 1} và {index + 1})"))
                continue
            seen[column] = index
            keep.append(index)
        if problems:
            raise TableError(problems)
        return cls(name=name, columns=tuple(columns[i] for i in keep),
                   data=tuple(cells[i] for i in keep), rows=rows)


def as_table(value: TableLike, name: str = "table", delimiter: str | None = None) -> Table:
    """``value`` as a :class:`Table`: a Table (kept), CSV text, a pandas or polars
    DataFrame, or an iterable of row mappings."""
    if isinstance(value, Table):
        return value
    if isinstance(value, str):
        return Table.from_csv(value, name, delimiter)
    if type(value).__module__.split(".")[0] in ("pandas", "polars") and hasattr(
            value, "columns"):
        return Table.from_frame(value, name)
    if isinstance(value, bytes):
        raise NTMTypeError(f"{name}: CSV must be given as text (decode the bytes first, "
                           "e.g. data.decode('utf-8-sig'))")
    return Table.from_rows(value, name)
