"""CSV text in and out, with the standard :mod:`csv` module and no file or stream.

Reading takes the text of a sheet (a UTF-8 byte-order mark is dropped; the
delimiter is ``,``, ``;`` or a tab, guessed from the header unless given) and
gives its records with the row number a spreadsheet shows for each (header =
row 1; blank lines count, as a spreadsheet shows them, and are skipped).
Writing gives CSV text (``\\r\\n`` line ends, quoted where needed).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence

from ntmcriteria.errors import NTMTypeError, NTMValueError

__all__ = ["csv_records", "guess_delimiter", "write_csv"]

_DELIMITERS = (",", ";", "\t")


def guess_delimiter(header_line: str) -> str:
    """The most frequent of ``,``, ``;`` and tab outside quotes in ``header_line``."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_records(text: str, delimiter: str | None = None
                ) -> Iterator[tuple[int, list[str]]]:
    """``(row number, cells)`` for every non-blank record of the CSV ``text``."""
    if not isinstance(text, str):
        raise NTMTypeError(f"CSV text must be a string (got {type(text).__name__})")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if delimiter is None:
        first = next((line for line in lines if line.strip()), "")
        delimiter = guess_delimiter(first)
    elif delimiter not in _DELIMITERS:
        raise NTMValueError(f"delimiter must be ',', ';' or a tab (got {delimiter!r})")
    # strict: a quote left open, or text after a closing quote, is an error, not a cell
    # silently swallowing the rows after it
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    row = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise NTMValueError(_malformed(row + 1, reader.line_num, error)) from None
        # a spreadsheet shows a quoted cell holding line breaks as one row
        row += 1
        if not record or all(not cell.strip() for cell in record):
            continue
        yield row, record


def _malformed(row: int, line: int, error: csv.Error) -> str:
    reason = str(error)
    if "field larger than field limit" in reason:
        reason = (f"a cell is longer than {csv.field_size_limit():,} characters (the limit "
                  "of a CSV cell)")
    elif "unexpected end of data" in reason:
        reason = "a quote (\") is opened and never closed"
    return f"malformed CSV at row {row} (line {line}): {reason}"


class _Lines:
    """The ``write`` target :class:`csv.writer` needs, collecting text in memory."""

    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)


def write_csv(header: Sequence[str], rows: Iterable[Sequence[str]], delimiter: str = ","
              ) -> str:
    """CSV text of ``header`` and ``rows`` (cells already text)."""
    if delimiter not in _DELIMITERS:
        raise NTMValueError(f"delimiter must be ',', ';' or a tab (got {delimiter!r})")
    out = _Lines()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "".join(out.parts)
