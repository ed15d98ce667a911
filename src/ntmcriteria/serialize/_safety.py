"""Limits checked before parsing, exact JSON parsing, and exact JSON writing.

Nothing here evaluates, imports or unpickles anything: JSON text is scanned for
its size and nesting depth *before* it is parsed, in one pass that is linear in
the text's length and needs constant extra memory (strings are skipped by a
regular expression with possessive quantifiers, which never backtracks; a
document nested 100,000 levels deep fails at once with the depth error). It is
then parsed with :func:`json.loads` with numbers kept exact (``Decimal`` or
``int``, never ``float``), and the parsed data is walked once, iteratively, for
its depth and for text that is not valid Unicode (a lone surrogate such as
``"\\ud800"``, which no UTF-8 output could hold).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ntmcriteria.limits import DEFAULT_MAX_DEPTH, DEFAULT_MAX_SIZE, MAX_PROBLEMS
from ntmcriteria.serialize._errors import FormatError, Problem, join_path
from ntmcriteria.serialize._scalars import parse_number

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_SIZE",
    "check_data",
    "check_data_depth",
    "parse_json",
    "scan_depth",
    "write_json",
]

# The next bracket or quote outside strings.
_NEXT = re.compile(r'[\[\]{}"]')
# The rest of a string after its opening quote, through its closing quote: runs of plain
# characters and escapes, possessive (no backtracking, so linear time and constant memory
# even when the string never ends: '"' + '\\"' * n fails in one pass).
_STRING_REST = re.compile(r'[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)


def _check_limits(max_depth: int, max_size: int) -> None:
    for name, value in (("max_depth", max_depth), ("max_size", max_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise FormatError(
                "limits", [Problem("$", f"{name} must be an int >= 1 (got {_small(value)})")]
            )


def _small(value: object) -> str:
    from ntmcriteria._values import shown

    return shown(value)


def _depth_error(what: str, max_depth: int) -> FormatError:
    return FormatError(
        what,
        [
            Problem(
                "$",
                f"the document is nested more than {max_depth} levels deep (max_depth={max_depth})",
            )
        ],
    )


def scan_depth(text: str, max_depth: int, what: str) -> int:
    """Refuse ``text`` when its brackets nest deeper than ``max_depth`` (brackets inside
    strings do not count); return how many characters the scan examined.

    One pass: each regular-expression call starts where the previous one stopped, and
    neither backtracks, so the characters examined are at most the text's length
    (an unterminated string ends the scan: the parser then reports it).
    """
    depth = 0
    pos = 0
    examined = 0
    search = _NEXT.search
    skip = _STRING_REST.match
    while True:
        found = search(text, pos)
        if found is None:
            return examined + len(text) - pos
        at = found.start()
        examined += at + 1 - pos
        char = text[at]
        if char == '"':
            rest = skip(text, at + 1)
            if rest is None:  # never closed: the parser reports it
                return examined + len(text) - at - 1
            examined += rest.end() - at - 1
            pos = rest.end()
            continue
        pos = at + 1
        if char in "[{":
            depth += 1
            if depth > max_depth:
                raise _depth_error(what, max_depth)
        else:
            depth -= 1


class _BadDocumentError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _no_constant(name: str) -> Any:
    raise _BadDocumentError(f"{name} is not a number; numbers must be finite")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _BadDocumentError(f"the key {_small(key)} appears twice in one object")
        out[key] = value
    return out


def parse_json(
    text: str | bytes | bytearray,
    *,
    what: str,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_size: int = DEFAULT_MAX_SIZE,
) -> Any:
    """Parse JSON ``text`` into plain data with exact numbers, after checking the limits."""
    _check_limits(max_depth, max_size)
    if isinstance(text, bytes | bytearray):
        if len(text) > max_size:
            raise FormatError(
                what,
                [
                    Problem(
                        "$", f"the document has {len(text)} bytes, more than max_size={max_size}"
                    )
                ],
            )
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FormatError(
                what, [Problem("$", f"the document is not UTF-8 text ({exc})")]
            ) from None
    elif not isinstance(text, str):
        raise FormatError(
            what, [Problem("$", f"expected JSON text as str or bytes (got {type(text).__name__})")]
        )
    if len(text) > max_size:
        raise FormatError(
            what,
            [
                Problem(
                    "$", f"the document has {len(text)} characters, more than max_size={max_size}"
                )
            ],
        )
    scan_depth(text, max_depth, what)
    try:
        return json.loads(
            text,
            parse_float=parse_number,
            parse_int=parse_number,
            parse_constant=_no_constant,
            object_pairs_hook=_pairs,
        )
    except _BadDocumentError as exc:
        raise FormatError(what, [Problem("$", exc.message)]) from None
    except json.JSONDecodeError as exc:
        raise FormatError(
            what,
            [Problem("$", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")],
        ) from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer with too many digits
        raise FormatError(what, [Problem("$", f"not acceptable JSON: {exc}")]) from None


def check_data_depth(data: object, *, what: str, max_depth: int = DEFAULT_MAX_DEPTH) -> None:
    """Refuse plain data nested deeper than ``max_depth`` (iterative; cycles count as deep),
    or holding a string or key that is not valid Unicode (a lone surrogate)."""
    check_data(data, what=what, max_depth=max_depth)


def check_data(data: object, *, what: str, max_depth: int = DEFAULT_MAX_DEPTH) -> int:
    """:func:`check_data_depth`; returns the number of nodes visited (each once)."""
    _check_limits(max_depth, DEFAULT_MAX_SIZE)
    stack: list[tuple[object, int]] = [(data, 0)]
    visited = 0
    bad = False
    while stack:
        node, depth = stack.pop()
        visited += 1
        if isinstance(node, str):
            bad = bad or not _valid_text(node)
            continue
        if isinstance(node, Mapping):
            children: Any = node.values()
            bad = bad or not all(_valid_text(k) for k in node if isinstance(k, str))
        elif isinstance(node, list | tuple):
            children = node
        else:
            continue
        if depth + 1 > max_depth:
            raise _depth_error(what, max_depth)
        stack.extend((child, depth + 1) for child in children)
    if bad:
        raise FormatError(what, _text_problems(data))
    return visited


def _valid_text(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (it holds no lone surrogate)."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _surrogate(text: str) -> str:
    index = next(i for i, char in enumerate(text) if 0xD800 <= ord(char) <= 0xDFFF)
    return (f"U+{ord(text[index]):04X} at character {index}; text must be valid Unicode "
            "(a lone surrogate cannot be written as UTF-8)")


def _text_problems(data: object) -> list[Problem]:
    """Where the strings holding lone surrogates are (a second walk, with paths, only
    when the first found one; the depth is already known to be within the limit)."""
    problems: list[Problem] = []
    stack: list[tuple[object, str]] = [(data, "$")]
    while stack and len(problems) < MAX_PROBLEMS:
        node, path = stack.pop()
        if isinstance(node, str):
            if not _valid_text(node):
                problems.append(Problem(
                    path, f"the string holds a lone surrogate, {_surrogate(node)}"))
        elif isinstance(node, Mapping):
            for key, value in reversed(list(node.items())):
                if isinstance(key, str) and not _valid_text(key):
                    problems.append(Problem(path, f"an object key holds a lone surrogate, "
                                                  f"{_surrogate(key)}"))
                    continue
                stack.append((value, join_path(path, key) if isinstance(key, str) else path))
        elif isinstance(node, list | tuple):
            stack.extend((item, join_path(path, i)) for i, item in reversed(list(enumerate(node))))
    return problems


# ------------------------------------------------------------------------------ writing
def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        text = str(value)  # exact decimal text, a valid JSON number when finite
        # "-0" would be read back as the int 0; write "0" so the text round-trips.
        return "0" if text == "-0" else text
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")  # pragma: no cover


def write_json(data: object, indent: int | None = 2) -> str:
    """JSON text for plain data; ``Decimal`` values are written with their exact text."""
    out: list[str] = []
    sep = "" if indent is None else "\n"

    def emit(value: object, level: int) -> None:
        pad = "" if indent is None else " " * (indent * (level + 1))
        end = "" if indent is None else " " * (indent * level)
        if isinstance(value, Mapping):
            if not value:
                out.append("{}")
                return
            out.append("{" + sep)
            for i, (key, item) in enumerate(value.items()):
                out.append(pad + json.dumps(key, ensure_ascii=False) + (": " if indent else ":"))
                emit(item, level + 1)
                out.append(("," if i < len(value) - 1 else "") + sep)
            out.append(end + "}")
        elif isinstance(value, list | tuple):
            if not value:
                out.append("[]")
                return
            out.append("[" + sep)
            for i, item in enumerate(value):
                out.append(pad)
                emit(item, level + 1)
                out.append(("," if i < len(value) - 1 else "") + sep)
            out.append(end + "]")
        else:
            out.append(_scalar(value))

    emit(data, 0)
    return "".join(out)
