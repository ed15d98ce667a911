"""Tables in and out (an edge): sheets to units, units and results back to tables.

Provincial offices keep their data in spreadsheets: one row per commune, one
column per indicator, villages in a second sheet, earlier years in more
columns. This package reads such tables — row mappings, CSV text, pandas or
polars DataFrames — into units (:func:`units_from_table`,
:func:`units_from_csv`, :func:`units_from_tables`), writes units back
(:func:`units_to_tables`) and turns results into rows, frames or CSV text
(:func:`result_rows`, :func:`results_csv`). It does no I/O: the caller (or the
command line) reads the files.
"""

from __future__ import annotations

from ntmcriteria.tables.cells import (
    FALSE_WORDS,
    MISSING_TEXTS,
    TRUE_WORDS,
    CellError,
    format_cell,
    is_missing,
    parse_number,
    read_value,
)
from ntmcriteria.tables.columns import HistoryColumns, UnitColumns
from ntmcriteria.tables.csvtext import write_csv
from ntmcriteria.tables.export import HISTORY_FIELDS, UnitTables, units_to_tables
from ntmcriteria.tables.headers import guess_columns, guess_history_columns
from ntmcriteria.tables.problems import CellProblem, TableError
from ntmcriteria.tables.results import (
    WIDE_FIELDS,
    result_columns,
    result_rows,
    results_csv,
    results_to_pandas,
    results_to_polars,
)
from ntmcriteria.tables.table import Table, as_table
from ntmcriteria.tables.units import Units, units_from_csv, units_from_table, units_from_tables

__all__ = [
    "FALSE_WORDS",
    "HISTORY_FIELDS",
    "MISSING_TEXTS",
    "TRUE_WORDS",
    "WIDE_FIELDS",
    "CellError",
    "CellProblem",
    "HistoryColumns",
    "Table",
    "TableError",
    "UnitColumns",
    "UnitTables",
    "Units",
    "as_table",
    "format_cell",
    "guess_columns",
    "guess_history_columns",
    "is_missing",
    "parse_number",
    "read_value",
    "result_columns",
    "result_rows",
    "results_csv",
    "results_to_pandas",
    "results_to_polars",
    "units_from_csv",
    "units_from_table",
    "units_from_tables",
    "units_to_tables",
    "write_csv",
]
