"""The command line's files: the only place in the package that reads and writes them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["XLSX_SUFFIXES", "CliError", "is_file", "read_text", "read_xlsx", "split_sheet",
           "write_text", "write_xlsx"]


class CliError(Exception):
    """Bad usage or bad input: the message is shown, the exit status is 2, no traceback."""


def read_text(name: str) -> str:
    """The UTF-8 text of file ``name`` (a byte-order mark is allowed and dropped)."""
    path = Path(name)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise CliError(f"cannot read {name!r}: it is a directory") from None
    except OSError as exc:
        raise CliError(f"cannot read {name!r}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CliError(f"{name!r} is not UTF-8 text (byte {exc.start}: "
                       f"{data[exc.start:exc.start + 1]!r})") from None


def is_file(name: str) -> bool:
    return Path(name).is_file()


def write_text(name: str, text: str, *, bom: bool = False) -> None:
    """Write ``text`` to file ``name`` as UTF-8 (with a byte-order mark when ``bom``: a
    spreadsheet then reads Vietnamese CSV correctly)."""
    try:
        Path(name).write_text(text, encoding="utf-8-sig" if bom else "utf-8", newline="")
    except OSError as exc:
        raise CliError(f"cannot write {name!r}: {exc.strerror or exc}") from None


#: Spreadsheet files read as tables, by suffix.
XLSX_SUFFIXES = (".xlsx", ".xlsm")


def split_sheet(name: str) -> tuple[str, str | None]:
    """``("book.xlsx", "Thôn")`` for ``"book.xlsx:Thôn"`` (a worksheet of a workbook);
    ``(name, None)`` otherwise."""
    lowered = name.lower()
    for suffix in XLSX_SUFFIXES:
        index = lowered.rfind(suffix + ":")
        if index >= 0:
            return name[:index + len(suffix)], name[index + len(suffix) + 1:]
    return name, None


def _openpyxl() -> object:
    try:
        import openpyxl
    except ImportError:
        raise CliError("reading and writing .xlsx files needs the optional dependency "
                       "'openpyxl'; install it with pip install 'ntmcriteria[xlsx]' (or save "
                       "the sheet as CSV, UTF-8)") from None
    return openpyxl


def _percent_text(value: float | int, decimal: str) -> str:
    """A cell shown as a percentage (0.965 formatted ``0.0%``) as the text ``96,5%``: the
    value the office sees, exact (the stored double's shortest text, times 100)."""
    from decimal import Decimal

    shown = Decimal(float.__repr__(float(value))) * 100
    text = format(shown.normalize(), "f") if shown != shown.to_integral_value() else (
        format(shown.to_integral_value(), "f"))
    return (text.replace(".", ",") if decimal == "," else text) + "%"


def _cell(cell: object, decimal: str) -> object:
    import datetime

    value = getattr(cell, "value", None)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float) and "%" in str(getattr(cell, "number_format", "")):
        return _percent_text(value, decimal)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)  # a whole number stored as a double (a code, a count, a year)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return value


def _plain(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _sheet_hint(sheet: str, names: list[str]) -> str:
    """A did-you-mean for a worksheet name, also when only its diacritics differ."""
    from ntmcriteria.errors import did_you_mean

    same = [n for n in names if _plain(n) == _plain(sheet)]
    return f" (did you mean {same[0]!r}?)" if same else did_you_mean(sheet, names)


def read_xlsx(name: str, decimal: str = ",") -> tuple[str, list[tuple[int, list[object]]]]:
    """The table name (``file`` or ``file:sheet``) and the non-blank rows ``(row number,
    cells)`` of a worksheet of the workbook ``name`` (``book.xlsx`` for its first sheet,
    ``book.xlsx:Sheet`` for another), from its header: the first row with two or more
    cells (title lines above it are skipped). Cached values of formulas are read; a cell
    shown as a percentage gives its text (``96,5%``)."""
    path, sheet = split_sheet(name)
    label = Path(path).name if sheet is None else f"{Path(path).name}:{sheet}"
    openpyxl: Any = _openpyxl()
    if not Path(path).is_file():
        raise CliError(f"cannot read {path!r}: "
                       + ("it is a directory" if Path(path).is_dir() else "No such file"))
    try:
        book = openpyxl.load_workbook(Path(path), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, key errors)
        raise CliError(f"cannot read {path!r} as an Excel workbook (.xlsx): "
                       f"{type(exc).__name__}: {exc}") from None
    try:
        names = list(book.sheetnames)
        if sheet is None:
            sheet = names[0]
        elif sheet not in names:
            raise CliError(f"{path!r} has no worksheet {sheet!r}{_sheet_hint(sheet, names)}; "
                           f"its worksheets: {', '.join(names)}")
        rows: list[tuple[int, list[object]]] = []
        for index, cells in enumerate(book[sheet].iter_rows(min_row=1), start=1):
            values = [_cell(c, decimal) for c in cells]
            while values and (values[-1] is None or values[-1] == ""):
                values.pop()
            if any(v is not None and str(v).strip() for v in values):
                rows.append((index, values))
    finally:
        book.close()
    # title lines above the header (one cell each, as a merged title) are not the header
    filled = [sum(v is not None and str(v).strip() != "" for v in cells) for _, cells in rows]
    start = next((i for i, n in enumerate(filled) if n >= 2), 0)
    return label, rows[start:]


def write_xlsx(name: str, title: str, header: Sequence[str], rows: Iterable[Sequence[object]],
               *, fill: Sequence[int] = (), widths: Mapping[int, int] | None = None) -> None:
    """Write one worksheet ``title`` (header in bold, frozen; columns ``fill`` shaded as
    the cells to fill in) to the workbook file ``name``."""
    openpyxl: Any = _openpyxl()
    from openpyxl.styles import Font, PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    shade = PatternFill("solid", fgColor="FFF8C5")
    for row in rows:
        sheet.append(list(row))
    for column in fill:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
            cell.fill = shade
    from openpyxl.utils import get_column_letter

    for index, width in (widths or {}).items():
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    try:
        book.save(Path(name))
    except OSError as exc:
        raise CliError(f"cannot write {name!r}: {exc.strerror or exc}") from None
