"""The loader's building blocks: problem collection, fields, scalars and enums."""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from ntmcriteria.errors import NTMError, did_you_mean
from ntmcriteria.serialize._errors import FormatError, Problem, join_path
from ntmcriteria.serialize._names import DECIMAL_PATTERN, FORMAT_VERSION

__all__ = ["BaseLoader", "describe"]

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

_DECIMAL = re.compile(DECIMAL_PATTERN)
#: Errors a core constructor may raise on bad values; reported as problems.
BUILD_ERRORS = (NTMError, ValueError, TypeError, LookupError, ArithmeticError)


def describe(value: object) -> str:
    """A short description of a document value for messages: ``the string 'x'``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal | float):
        text = str(value)
        return f"the number {text[:40]}{'...' if len(text) > 40 else ''}"
    if isinstance(value, str):
        text = repr(value)
        return f"the string {text[:60]}{'...' if len(text) > 60 else ''}"
    if isinstance(value, Mapping):
        keys = ", ".join(repr(k) for k in list(value)[:6])
        return (
            f"an object with keys {keys}{', ...' if len(value) > 6 else ''}"
            if value
            else "an empty object"
        )
    if isinstance(value, list | tuple):
        return f"an array of {len(value)} items"
    return f"a {type(value).__name__}"


class BaseLoader:
    """Collects problems; each method returns a value, or ``None`` after recording why."""

    def __init__(self, max_rule_depth: int) -> None:
        self.problems: list[Problem] = []
        self.max_rule_depth = max_rule_depth

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def finish(self, what: str) -> None:
        if self.problems:
            raise FormatError(what, self.problems)

    def build(self, where: str, ctor: Callable[..., T], /, *args: Any, **kwargs: Any) -> T | None:
        """Call a core constructor; its domain error becomes a problem at ``where``."""
        try:
            return ctor(*args, **kwargs)
        except BUILD_ERRORS as exc:
            self.add(where, str(exc))
            return None

    # -- objects ---------------------------------------------------------------------
    def fields(
        self,
        data: object,
        path: str,
        what: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
        partial: bool = False,
    ) -> Mapping[str, Any] | None:
        """``data`` if it is an object with the required keys, else ``None``.

        With ``partial``, an object missing required keys is still returned (the
        missing keys are reported), so that the caller can check the keys present.
        """
        if not isinstance(data, Mapping):
            self.add(path, f"expected {what} as an object (got {describe(data)})")
            return None
        allowed = (*required, *optional)
        for key in data:
            if not isinstance(key, str):
                self.add(path, f"object keys must be strings (got {describe(key)})")
            elif key not in allowed:
                self.add(
                    join_path(path, key),
                    f"unknown key {key!r} in {what}"
                    f"{did_you_mean(key, allowed)}; allowed: {', '.join(allowed)}",
                )
        # Unknown keys are reported but the known ones are still loaded, so that every
        # problem of the document is found in one pass.
        complete = True
        for key in required:
            if key not in data:
                self.add(join_path(path, key), f"{what} is missing the required key {key!r}")
                complete = False
        return data if complete or partial else None

    def tagged(
        self,
        data: object,
        path: str,
        what: str,
        kinds: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]],
    ) -> str | None:
        """The kind tag of a tagged node (``{"all_of": [...]}``), after checking its keys."""
        if not isinstance(data, Mapping):
            self.add(
                path,
                f"expected {what}: an object with one of the keys "
                f"{', '.join(kinds)} (got {describe(data)})",
            )
            return None
        tags = [key for key in data if key in kinds]
        if len(tags) > 1:  # a tag may also be another kind's field ("share" has "at_least")
            tags = [t for t in tags if all(o == t or o in sum(kinds[t], ()) for o in tags)]
        if len(tags) != 1:
            if any(key in kinds for key in data):
                found = ", ".join(repr(k) for k in data if k in kinds)
                self.add(path, f"{what} has several kind keys {found}; give exactly one")
            else:
                hints = "".join(did_you_mean(k, kinds) for k in data if isinstance(k, str))
                self.add(
                    path,
                    f"expected {what}: an object with one of the keys "
                    f"{', '.join(kinds)} (got {describe(data)}){hints}",
                )
            return None
        tag: str = tags[0]
        required, optional = kinds[tag]
        if self.fields(data, path, f"a {tag!r} {what}", (tag, *required), optional) is None:
            return None
        return tag

    def header(self, data: Mapping[str, Any], path: str, fmt: str) -> None:
        if "format" in data and data["format"] != fmt:
            got = data["format"]
            hint = did_you_mean(got, [fmt]) if isinstance(got, str) else ""
            self.add(
                join_path(path, "format"),
                f"expected the format {fmt!r} (got {describe(got)}){hint}",
            )
        if "version" in data:
            version = data["version"]
            # Type first: comparing a signalling-NaN Decimal would raise.
            if (
                isinstance(version, bool)
                or not isinstance(version, int)
                or version != FORMAT_VERSION
            ):
                self.add(
                    join_path(path, "version"),
                    f"unsupported version {describe(version)}; this library reads "
                    f"version {FORMAT_VERSION}",
                )

    def array(self, data: object, path: str, what: str, nonempty: bool = False) -> list[Any] | None:
        if not isinstance(data, list | tuple):
            self.add(path, f"expected an array of {what} (got {describe(data)})")
            return None
        if nonempty and not data:
            self.add(path, f"expected a non-empty array of {what} (got an empty array)")
            return None
        return list(data)

    def each(
        self,
        data: object,
        path: str,
        what: str,
        load: Callable[[Any, str], T | None],
        nonempty: bool = False,
    ) -> tuple[T, ...] | None:
        items = self.array(data, path, what, nonempty)
        if items is None:
            return None
        mark = len(self.problems)
        out = [load(item, join_path(path, i)) for i, item in enumerate(items)]
        if len(self.problems) > mark:
            return None
        return tuple(x for x in out if x is not None)

    # -- scalars ---------------------------------------------------------------------
    def text(self, data: object, path: str, what: str = "a string") -> str | None:
        if not isinstance(data, str):
            self.add(path, f"expected {what} (got {describe(data)})")
            return None
        return data

    def opt_text(self, obj: Mapping[str, Any], key: str, path: str) -> str | None:
        """An optional string field: ``""`` when absent."""
        if key not in obj:
            return ""
        return self.text(obj[key], join_path(path, key))

    def integer(
        self,
        data: object,
        path: str,
        what: str = "a whole number",
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        if isinstance(data, bool) or not isinstance(data, int):
            self.add(path, f"expected {what} (got {describe(data)})")
            return None
        if (minimum is not None and data < minimum) or (maximum is not None and data > maximum):
            low = "" if minimum is None else f">= {minimum}"
            high = "" if maximum is None else f"<= {maximum}"
            self.add(
                path, f"expected {what} {' and '.join(x for x in (low, high) if x)} (got {data})"
            )
            return None
        return data

    def number(self, data: object, path: str, what: str = "a number") -> int | Decimal | None:
        """A number: a JSON number or a decimal string such as ``"59.99"`` (never a float)."""
        if isinstance(data, bool):
            self.add(path, f"expected {what}, not a yes/no value (got {describe(data)})")
            return None
        if isinstance(data, int):
            return data
        if isinstance(data, Decimal):
            if not data.is_finite():
                self.add(path, f"expected {what}, finite (got {describe(data)})")
                return None
            return data
        if isinstance(data, float):  # plain data from a caller (e.g. YAML): shortest repr
            if not math.isfinite(data):
                self.add(path, f"expected {what}, finite (got {describe(data)})")
                return None
            return Decimal(repr(data))
        if isinstance(data, str) and _DECIMAL.match(data):
            return Decimal(data)
        self.add(
            path,
            f"expected {what}: a JSON number or a decimal string such as "
            f'"59.99" (got {describe(data)})',
        )
        return None

    def value(self, data: object, path: str) -> bool | int | Decimal | None:
        """A fact or threshold value: true/false or a number."""
        if isinstance(data, bool):
            return data
        return self.number(data, path, "a number or true/false")

    def member(self, data: object, path: str, cls: type[E], what: str) -> E | None:
        allowed = [m.value for m in cls]
        if isinstance(data, str):
            for m in cls:
                if m.value == data:
                    return m
        hint = did_you_mean(data, allowed) if isinstance(data, str) else ""
        self.add(
            path,
            f"expected {what}, one of {', '.join(map(repr, allowed))} (got {describe(data)}){hint}",
        )
        return None
