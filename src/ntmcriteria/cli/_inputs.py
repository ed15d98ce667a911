"""What the command line reads: unit sheets (CSV, Excel), column mappings, parameters.

- A **unit sheet** (``--units``, ``--villages``, ``--communes``, ``--history``) is
  CSV text (``.csv``, ``.tsv``, ``.txt``; UTF-8, a byte-order mark allowed; the
  delimiter ``,``, ``;`` or a tab is guessed) or an Excel workbook (``.xlsx``:
  its first worksheet, or ``book.xlsx:Sheet``), read through
  :mod:`ntmcriteria.tables`. The usual Vietnamese and English headers are
  recognised (:mod:`ntmcriteria.tables.headers`); ``--columns FILE`` (JSON)
  declares the others. Every bad cell of every sheet is reported at once, with
  the file, row and column.
- **Parameters** (``--parameters``) are a filled parameter sheet (CSV or Excel,
  as ``ntmcriteria params`` writes it: it gives a derived set whose every value
  cites the sheet's source) or a JSON object of values
  (:func:`ntmcriteria.serialize.parameters_from_data`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ntmcriteria.cli._files import XLSX_SUFFIXES, CliError, read_text, read_xlsx, split_sheet
from ntmcriteria.errors import NTMError, did_you_mean

__all__ = ["COLUMN_SECTIONS", "TABLE_SUFFIXES", "is_json", "load_columns", "load_parameters",
           "load_table_units", "table_from_file"]

#: Files read as tables, by suffix (anything else that is not .json is read as CSV text).
TABLE_SUFFIXES = (".csv", ".tsv", ".txt", *XLSX_SUFFIXES)
#: The sections of a ``--columns`` file: the sheet each mapping is for.
COLUMN_SECTIONS = ("units", "villages", "communes", "history")


def _suffix(name: str) -> str:
    path, _ = split_sheet(name)
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[-1].lower() if "." in base else ""


def is_json(name: str) -> bool:
    return _suffix(name) == ".json"


def _base(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def table_from_file(name: str, decimal: str = ",") -> Any:
    """The :class:`~ntmcriteria.tables.Table` of a CSV file or an Excel worksheet, named
    after the file (so that problems say which file)."""
    from ntmcriteria.tables import Table

    suffix = _suffix(name)
    if suffix == ".json":
        raise CliError(f"{name!r} is a JSON document, not a sheet: give sheets as CSV "
                       "(UTF-8) or Excel (.xlsx) files")
    if suffix in (".xls", ".ods"):
        raise CliError(f"{name!r}: .{suffix[1:]} files are not read; save the sheet as .xlsx "
                       "or as CSV (UTF-8)")
    if suffix in XLSX_SUFFIXES:
        label, rows = read_xlsx(name, decimal)
        return Table.from_grid(rows, label)
    return Table.from_csv(read_text(name), _base(name), "\t" if suffix == ".tsv" else None)


def _fields(section: str, data: object, kind: type[Any]) -> tuple[Any, tuple[str, ...]]:
    import attrs

    allowed = [f.name for f in attrs.fields(kind)]
    if not isinstance(data, Mapping):
        raise CliError(f"--columns: {section!r} must be an object naming the columns "
                       f"(keys: {', '.join(allowed)})")
    for key in data:
        if key not in allowed:
            hint = did_you_mean(str(key), allowed)
            raise CliError(f"--columns: {section}.{key}: unknown key{hint}; allowed: "
                           f"{', '.join(allowed)}")
    try:
        return kind(**data), tuple(data)
    except (NTMError, TypeError, ValueError) as exc:
        raise CliError(f"--columns: {section}: {exc}") from None


def load_columns(name: str | None) -> dict[str, tuple[Any, tuple[str, ...]]]:
    """The mappings of a ``--columns`` JSON file, by section (see :data:`COLUMN_SECTIONS`):
    ``{"units": {"code": "Mã ĐVHC", "indicators": {"Cột": "key"}, "ignore": [...]},
    "villages": {...}, "history": {...}}``, each with the fields it names."""
    if name is None:
        return {}
    from ntmcriteria.serialize._safety import parse_json
    from ntmcriteria.tables import HistoryColumns, UnitColumns

    data = parse_json(read_text(name), what="column mapping")
    if not isinstance(data, Mapping):
        raise CliError(f"--columns {name!r}: expected a JSON object with the keys "
                       f"{', '.join(COLUMN_SECTIONS)}")
    out: dict[str, tuple[Any, tuple[str, ...]]] = {}
    for section, mapping in data.items():
        if section == "$schema":
            continue
        if section not in COLUMN_SECTIONS:
            raise CliError(f"--columns: unknown section {section!r}"
                           f"{did_you_mean(str(section), COLUMN_SECTIONS)}; allowed: "
                           f"{', '.join(COLUMN_SECTIONS)}")
        out[section] = _fields(section, mapping,
                               HistoryColumns if section == "history" else UnitColumns)
    return out


def _parent_names(table: Any, columns: Any) -> dict[str, str]:
    """Parent code -> name, from a sheet's parent-name column (where it has one)."""
    from ntmcriteria.tables import CellError
    from ntmcriteria.tables.cells import read_code, read_text

    if columns.parent_name is None or columns.parent_name not in table.columns:
        return {}
    parent = columns.parent
    if parent is None or parent not in table.columns:
        return {}
    names: dict[str, str] = {}
    for code, name in zip(table.column(parent), table.column(columns.parent_name), strict=True):
        try:
            names.setdefault(read_code(code), read_text(name))
        except CellError:
            continue
    return {k: v for k, v in names.items() if k and v}


def load_table_units(criteria_set: Any, *, units: str, villages: str | None,
                     communes: str | None, history: str | None, columns: str | None,
                     table_level: str | None, decimal: str, lang: str
                     ) -> tuple[Any, dict[str, str]]:
    """The units of the set's level read from the sheets, and a label of each unit's
    parent (``huyện Tiên Phước``) for the review sheets."""
    from ntmcriteria.tables import guess_columns, guess_history_columns, units_from_tables
    from ntmcriteria.units import Level, to_level

    declared = load_columns(columns)
    top = criteria_set.level if table_level is None else to_level(table_level)
    sheets: dict[Level, Any] = {top: table_from_file(units, decimal)}
    sections = {top: "units"}
    for member_level, member in ((Level.VILLAGE, villages), (Level.COMMUNE, communes)):
        if member is None:
            continue
        if member_level is top:
            option = "villages" if member_level is Level.VILLAGE else "communes"
            raise CliError(f"the units sheet holds {top.value} units: they cannot also be "
                           f"given as --{option}")
        sheets[member_level] = table_from_file(member, decimal)
        sections[member_level] = "villages" if member_level is Level.VILLAGE else "communes"
    for section in declared:
        if section != "history" and section not in sections.values():
            raise CliError(f"--columns has a {section!r} section, but no --{section} sheet is "
                           "given")
    mappings = {}
    for level, table in sheets.items():
        given = declared.get(sections[level])
        mappings[level] = guess_columns(table.columns, level,
                                        declared=None if given is None else given[0],
                                        declared_fields=() if given is None else given[1])
    history_table = history_columns = None
    if history is not None:
        history_table = table_from_file(history, decimal)
        given = declared.get("history")
        history_columns = guess_history_columns(
            history_table.columns, declared=None if given is None else given[0],
            declared_fields=() if given is None else given[1])
    elif "history" in declared:
        raise CliError("--columns has a 'history' section, but no --history sheet is given")
    found = units_from_tables(criteria_set, sheets, columns=mappings, history=history_table,
                              history_columns=history_columns, level=criteria_set.level,
                              decimal=decimal)
    names: dict[str, str] = {}
    for level, table in sheets.items():
        names.update(_parent_names(table, mappings[level]))
    labels: dict[str, str] = {}
    for unit in found:
        chain = found.parents.get(unit.code, ())
        if not chain:
            continue
        level, code = chain[0]
        word = level.label_vi if lang == "vi" else level.label_en
        name = names.get(code)
        labels[unit.code] = name if name else f"{word} {code}"
    return found, labels


def load_parameters(criteria_set: Any, name: str, *, decimal: str, source: str | None
                    ) -> tuple[Any, dict[str, Any]]:
    """``(set, parameter values)``: a filled parameter sheet gives the derived set (and no
    values); a JSON object gives the values (and the set unchanged)."""
    if is_json(name):
        from ntmcriteria.serialize import parameters_from_data
        from ntmcriteria.serialize._safety import parse_json

        data = parse_json(read_text(name), what="parameter values")
        return criteria_set, parameters_from_data(criteria_set, data)
    from ntmcriteria.sheets import read_parameter_sheet

    table = table_from_file(name, decimal)
    return read_parameter_sheet(criteria_set, table, source=source, decimal=decimal), {}
