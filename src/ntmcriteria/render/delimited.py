"""Rows as CSV text (RFC 4180), every cell plain text a spreadsheet reads as written.

No cell ever holds a Python repr: ``None`` is an empty cell, booleans are
``true``/``false``, exact numbers keep their decimal digits (``59.99``, never
through a float, never in exponent form), enumerations their value, and a
sequence (``failed_members``, ``missing``) its items joined by ``"; "``. The
text is returned, not written: the caller (the command line, a notebook) saves it.

    >>> from ntmcriteria.render.delimited import rows_csv
    >>> rows_csv([{"code": "03", "members": ("01", "02"), "ok": None}],
    ...          ("code", "members", "ok")).splitlines()
    ['code,members,ok', '03,01; 02,']
"""

from __future__ import annotations

import csv
import enum
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

__all__ = ["SEPARATOR", "cell_text", "rows_csv"]

#: Joins the items of a sequence in one cell.
SEPARATOR = "; "


class _Lines:
    """A minimal text sink for :func:`csv.writer` (the library opens no files)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)


def _number(value: Decimal) -> str:
    if not value.is_finite():
        return str(value)
    text = format(value, "f")
    return text[1:] if value.is_zero() and text.startswith("-") else text


def cell_text(value: object) -> str:
    """The text of one cell (see the module's docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, int | str):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, enum.Enum):
        return cell_text(value.value)
    if isinstance(value, Mapping):
        return SEPARATOR.join(f"{cell_text(k)}={cell_text(v)}" for k, v in value.items())
    if isinstance(value, Iterable):
        return SEPARATOR.join(cell_text(item) for item in value)
    return str(value)


def rows_csv(rows: Iterable[Mapping[str, object]], columns: Sequence[str],
             headers: Sequence[str] | None = None) -> str:
    """CSV text: a header line (``headers``, or the column names), then one line per row."""
    sink = _Lines()
    writer = csv.writer(sink, lineterminator="\r\n")
    writer.writerow(list(columns if headers is None else headers))
    for row in rows:
        writer.writerow([cell_text(row.get(column)) for column in columns])
    return "".join(sink.parts)
