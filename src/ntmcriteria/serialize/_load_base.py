"""The record loader's building blocks: problem collection, fields, scalars and enums.

Each method returns a value, or ``None`` after recording why at its path. The
scalar checks are those of :mod:`._scalars`, shared with the generated loaders.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from ntmcriteria._values import check_id, shown
from ntmcriteria.errors import NTMError, did_you_mean
from ntmcriteria.serialize import _scalars
from ntmcriteria.serialize._engine import BUILD_ERRORS
from ntmcriteria.serialize._errors import FormatError, Problem, StopLoading, enough, join_path
from ntmcriteria.serialize._names import FORMAT_VERSION
from ntmcriteria.serialize._scalars import BadValueError, describe

__all__ = ["BUILD_ERRORS", "BaseLoader", "describe"]

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)


class BaseLoader:
    """Collects problems; each method returns a value, or ``None`` after recording why."""

    def __init__(self, max_rule_depth: int) -> None:
        self.problems: list[Problem] = []
        self.max_rule_depth = max_rule_depth
        #: how deep the rule being loaded is nested (counted by the generated loaders)
        self.rule_depth = 0

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))
        if enough(self.problems):
            raise StopLoading

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

    def _check(self, path: str, check: Callable[[], T]) -> T | None:
        try:
            return check()
        except BadValueError as exc:
            self.add(path, exc.message)
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
            if enough(self.problems):
                break
            if not isinstance(key, str):
                self.add(path, f"object keys must be strings (got {describe(key)})")
            elif key not in allowed:
                self.add(
                    join_path(path, key),
                    f"unknown key {shown(key)} in {what}"
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

    def header(self, data: Mapping[str, Any], path: str, fmt: str) -> None:
        if "format" in data and data["format"] != fmt:
            got = data["format"]
            hint = did_you_mean(got, [fmt]) if isinstance(got, str) else ""
            self.add(
                join_path(path, "format"),
                f"expected the format {fmt!r} (got {describe(got)}){hint}",
            )
        if "$schema" in data and not (isinstance(data["$schema"], str)
                                      and data["$schema"].strip()):
            self.add(join_path(path, "$schema"),
                     f"expected the URI or path of a JSON Schema as a non-empty string "
                     f"(got {describe(data['$schema'])})")
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
        return self._check(path, lambda: _scalars.text(data, what))

    def ident(self, data: object, path: str, what: str) -> str | None:
        """An id (a criterion id, a set id, a parameter name): a string the core accepts as
        an id (NFC, no invisible characters), checked here so the problem is at its path."""
        value = self.text(data, path, what)
        if value is None:
            return None
        try:
            return check_id(value, what)
        except NTMError as exc:
            self.add(path, str(exc))
            return None

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
        return self._check(path, lambda: _scalars.integer(data, what, minimum, maximum))

    def number(self, data: object, path: str, what: str = "a number") -> int | Decimal | None:
        """A number: a JSON number or a decimal string such as ``"59.99"`` (never a float)."""
        return self._check(path, lambda: _scalars.number(data, what))

    def value(self, data: object, path: str) -> bool | int | Decimal | None:
        """A fact or threshold value: true/false or a number."""
        return self._check(path, lambda: _scalars.value(data))

    def member(self, data: object, path: str, cls: type[E], what: str) -> E | None:
        if isinstance(data, str):
            for m in cls:
                if m.value == data:
                    return m
        name = self._check(path, lambda: _scalars.member(data, [m.value for m in cls], what))
        return None if name is None else cls(name)
