"""Limits checked before parsing, exact JSON parsing, and exact JSON writing.

Nothing here evaluates, imports or unpickles anything: JSON text is scanned for
its size and nesting depth *before* it is parsed (iteratively, so a document
nested 100,000 levels deep fails at once with the depth error), then parsed
with :func:`json.loads` with numbers kept exact (``Decimal`` or ``int``, never
``float``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ntmcriteria.serialize._errors import FormatError, Problem

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_SIZE",
    "check_data_depth",
    "parse_json",
    "write_json",
]

#: Deepest nesting of objects and arrays a document may have.
DEFAULT_MAX_DEPTH = 256
#: Largest JSON text accepted, in characters (or bytes when given bytes).
DEFAULT_MAX_SIZE = 10_000_000

# A JSON string (skipped whole, in C) or one bracket.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _check_limits(max_depth: int, max_size: int) -> None:
    for name, value in (("max_depth", max_depth), ("max_size", max_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise FormatError(
                "limits", [Problem("$", f"{name} must be an int >= 1 (got {value!r})")]
            )


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


def _scan_depth(text: str, max_depth: int, what: str) -> None:
    depth = 0
    for match in _TOKENS.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > max_depth:
                raise _depth_error(what, max_depth)
        elif char in "]}":
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
            raise _BadDocumentError(f"the key {key!r} appears twice in one object")
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
    _scan_depth(text, max_depth, what)
    try:
        return json.loads(
            text,
            parse_float=Decimal,
            parse_int=int,
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
    """Refuse plain data nested deeper than ``max_depth`` (iterative; cycles count as deep)."""
    _check_limits(max_depth, DEFAULT_MAX_SIZE)
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Mapping):
            children: Any = node.values()
        elif isinstance(node, list | tuple):
            children = node
        else:
            continue
        if depth + 1 > max_depth:
            raise _depth_error(what, max_depth)
        stack.extend((child, depth + 1) for child in children)


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
