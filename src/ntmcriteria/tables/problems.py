"""Problems found in a table, all reported at once.

A sheet an office keeps may have many bad cells; fixing them one error at a
time is slow. Every reader of :mod:`ntmcriteria.tables` collects each problem
(the table, the row as the user sees it — the header is row 1 —, the column,
the value and what was expected) and raises one :class:`TableError` listing
them all.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ntmcriteria._values import check_lang
from ntmcriteria.errors import NTMValueError

__all__ = ["CellProblem", "TableError"]

#: Problems written out in an error message before "... and N more".
SHOWN = 50


@attrs.frozen(kw_only=True)
class CellProblem:
    """One bad cell (or a bad column, with ``row`` 1, the header).

    ``row`` is the row number as a spreadsheet shows it (header = row 1, first
    data row = row 2); ``expected`` says in English what the cell should hold,
    ``expected_vi`` the same in Vietnamese.
    """

    table: str
    row: int
    column: str
    value: object
    expected: str
    expected_vi: str = ""

    def describe(self, lang: str = "en") -> str:
        vi = check_lang(lang) == "vi"
        shown = _shown(self.value)
        column = f"cột {self.column!r}" if vi else f"column {self.column!r}"
        where = (f"{self.table}, dòng {self.row}, {column}" if vi
                 else f"{self.table}, row {self.row}, {column}")
        got = (f" (giá trị {shown})" if vi else f" (got {shown})") if shown else ""
        expected = (self.expected_vi or self.expected) if vi else self.expected
        if vi:
            expected = expected.replace(" (did you mean ", " (có phải ")
        return f"{where}: {expected}{got}"


def _shown(value: object) -> str:
    if value is None:
        return ""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _to_problems(value: Iterable[CellProblem]) -> tuple[CellProblem, ...]:
    return tuple(sorted(value, key=lambda p: (p.table, p.row, p.column)))


class TableError(NTMValueError):
    """One or more bad cells of one or more tables; ``problems`` lists every one."""

    def __init__(self, problems: Iterable[CellProblem]) -> None:
        self.problems = _to_problems(problems)
        super().__init__(self.describe("en"))

    def describe(self, lang: str = "en") -> str:
        """Every problem, one per line, in English (``"en"``) or Vietnamese (``"vi"``)."""
        vi = check_lang(lang) == "vi"
        n = len(self.problems)
        tables = len({p.table for p in self.problems})
        head = (f"Bảng có {n} ô không hợp lệ:" if vi
                else f"{n} problem{'s' if n != 1 else ''} in the table{'s' if tables > 1 else ''}:")
        lines = [head, *("  " + p.describe(lang) for p in self.problems[:SHOWN])]
        if n > SHOWN:
            lines.append(f"  ... và {n - SHOWN} ô khác" if vi else f"  ... and {n - SHOWN} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.describe("en")

    def rows(self) -> tuple[int, ...]:
        """The row numbers with a problem (sorted, each once)."""
        return tuple(sorted({p.row for p in self.problems}))
