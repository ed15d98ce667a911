"""The one exception a loader raises, listing every problem with its JSONPath."""

from __future__ import annotations

import re
from collections.abc import Sized

import attrs

from ntmcriteria.errors import NTMValueError, bounded
from ntmcriteria.limits import MAX_PROBLEM_LINE, MAX_PROBLEMS, MAX_QUOTED, MAX_SHOWN_PROBLEMS

__all__ = ["FormatError", "Problem", "StopLoading", "enough", "join_path"]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: Problems shown in the message (all of them are in ``FormatError.problems``).
MAX_SHOWN = MAX_SHOWN_PROBLEMS
#: Longest key shown whole in a path.
_MAX_KEY = MAX_QUOTED
#: Longest problem line shown in the message.
_MAX_LINE = MAX_PROBLEM_LINE


def enough(problems: Sized) -> bool:
    """Whether ``problems`` already holds :data:`~ntmcriteria.limits.MAX_PROBLEMS`: a loader
    then stops reading (a document of a million bad values is not read to its end)."""
    return len(problems) >= MAX_PROBLEMS


class StopLoading(Exception):  # noqa: N818 - a signal, not an error shown to anyone
    """Raised by a loader once it has collected :data:`MAX_PROBLEMS` problems."""


def join_path(path: str, key: str | int) -> str:
    """``$.a`` + ``b`` -> ``$.a.b``; + ``3`` -> ``$.a[3]``; odd keys are quoted."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if len(key) > _MAX_KEY:
        key = key[:_MAX_KEY] + "..."
    if _IDENT.match(key):
        return f"{path}.{key}"
    escaped = key.replace("\\", "\\\\").replace("'", "\\'")
    return f"{path}['{escaped}']"


@attrs.frozen
class Problem:
    """One problem in a document: where (a JSONPath such as ``$.criteria[3].rule``) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        line = f"{self.path}: {self.message}"
        if len(line) <= _MAX_LINE:
            return line
        return f"{line[:_MAX_LINE]}... ({len(line):,} characters)"


class FormatError(NTMValueError):
    """A document is not a valid ntmcriteria document.

    ``problems`` lists every problem found, each with its path and what was
    expected; ``str()`` shows them all, one per line.
    """

    def __init__(self, what: str, problems: tuple[Problem, ...] | list[Problem]) -> None:
        self.what = what
        self.problems = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        shown = self.problems[:MAX_SHOWN]
        lines = "\n".join(f"  {p}" for p in shown)
        more = f"\n  ... and {count - len(shown)} more" if count > len(shown) else ""
        self.message = f"invalid {bounded(what)}: {count} {noun}\n{lines}{more}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    @property
    def paths(self) -> tuple[str, ...]:
        """The paths of the problems, in order."""
        return tuple(p.path for p in self.problems)
