"""Dumping and loading a kind from its spec, generically over its attrs fields.

Loading a node of a family:

1. the safe front (ours): the node must be an object (or the family's bare value);
   its tag keys choose the kind (with a did-you-mean); unknown keys (with a
   did-you-mean) and missing required keys are problems; a ``pair`` must be an
   array of exactly two items; rules count their nesting depth.
2. each field kind's loader runs on its value (then the field's own attrs
   converter, so that its error is reported at the field); every field's error
   is collected at its JSONPath (the attribute's slot key), and nothing is
   built when one failed (cattrs' detailed validation, without its generated
   code: the library never executes generated source);
3. the kind's constructor builds it; its error is a problem at the node.

Problems travel up as :class:`ProblemsError` (relative paths); the loaders put them
at their absolute path. The structuring functions are generated from the
kinds' declarations (never from a document) once, on first use, as plain
closures.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from decimal import Decimal
from typing import Any, Protocol

import attrs

from ntmcriteria._values import shown
from ntmcriteria.errors import NTMError, did_you_mean
from ntmcriteria.serialize._errors import FormatError, Problem, enough, join_path
from ntmcriteria.serialize._kinds import NOTHING, Family, KindSpec, Slot
from ntmcriteria.serialize._scalars import BadValueError, describe

__all__ = [
    "BUILD_ERRORS",
    "Host",
    "ProblemsError",
    "dump",
    "dump_kind",
    "hosting",
    "load",
    "load_kind",
]

#: Errors a core constructor or converter may raise on bad values; reported as problems.
BUILD_ERRORS = (NTMError, ValueError, TypeError, LookupError, ArithmeticError)


class ProblemsError(Exception):
    """Problems found in a node, each at a path relative to the node (``""``, ``.key``,
    ``[0]``...)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(problems)
        self.problems = problems

    @classmethod
    def here(cls, message: str) -> ProblemsError:
        return cls([("", message)])

    def under(self, prefix: str) -> list[tuple[str, str]]:
        return [(prefix + path, message) for path, message in self.problems]


class Host(Protocol):
    """The loader a load runs for: the depth limit, and the loaders of the records a
    change holds (they report problems in ``problems`` at the path they are given)."""

    problems: list[Problem]
    max_rule_depth: int
    rule_depth: int

    def citation(self, data: object, path: str) -> Any: ...
    def criterion(self, data: object, path: str) -> Any: ...
    def indicator(self, data: object, path: str) -> Any: ...
    def parameter(self, data: object, path: str) -> Any: ...
    def criteria_set(self, data: object, path: str) -> Any: ...
    def parameter_value(self, data: object, path: str) -> Any: ...


_HOST: ContextVar[Host | None] = ContextVar("ntmcriteria_serialize_host", default=None)


@contextlib.contextmanager
def hosting(host: Host) -> Iterator[None]:
    """Run loads for ``host`` (its depth limit and record loaders)."""
    token = _HOST.set(host)
    try:
        yield
    finally:
        _HOST.reset(token)


def host() -> Host:
    current = _HOST.get()
    if current is None:  # pragma: no cover - every load goes through a loader
        raise RuntimeError("no document is being loaded")
    return current


def via_host(method: Callable[[Host, object, str], Any]) -> Callable[[object], Any]:
    """A field-kind loader calling one of the host's record loaders, its problems raised
    as a :class:`ProblemsError` relative to the value."""

    def load(data: object) -> Any:
        loader = host()
        mark = len(loader.problems)
        result = method(loader, data, "$")
        if len(loader.problems) > mark:
            found = loader.problems[mark:]
            del loader.problems[mark:]
            raise ProblemsError([(p.path[1:], p.message) for p in found])
        return result

    return load


# ------------------------------------------------------------------------------- dumping
def dump(family: Family, obj: object) -> Any:
    """Plain data for ``obj``, a kind of ``family``."""
    spec = family.spec(obj)
    if spec is None:
        raise FormatError(f"{family.what} to dump", [Problem(
            "$", f"cannot write a {type(obj).__name__} as a {family.what} (got {shown(obj)}); "
            f"the {family.what} kinds are {', '.join(family.tags)}")])
    if spec is family.bare:
        (slot,) = spec.slots
        return slot.codec.dump(getattr(obj, slot.fields[0].name))
    return dump_kind(spec, obj)


def dump_kind(spec: KindSpec, obj: object) -> dict[str, Any]:
    """The object of ``obj``: its slots in document order, optional ones left out when
    equal to their default; a kind without fields is ``{tag: true}``."""
    if not spec.slots:
        return {spec.tag: True}
    out: dict[str, Any] = {}
    for slot in spec.slots:
        values = [getattr(obj, f.name) for f in slot.fields]
        if slot.optional and len(values) == 1 and values[0] == slot.default:
            continue
        dumped = [slot.codec.dump(v) for v in values]
        out[slot.key] = dumped if slot.codec.pair else dumped[0]
    return out


# ------------------------------------------------------------------------------- loading
def load(family: Family, data: object) -> Any:
    """The kind of ``family`` that ``data`` describes; raises :class:`ProblemsError`."""
    if not family.counts_depth:
        return _load(family, data)
    loader = host()
    loader.rule_depth += 1
    try:
        if loader.rule_depth > loader.max_rule_depth:
            limit = loader.max_rule_depth
            raise ProblemsError.here(f"the {family.what} is nested more than {limit} levels deep "
                               f"(max_rule_depth={limit}); flatten it")
        return _load(family, data)
    finally:
        loader.rule_depth -= 1


def _load(family: Family, data: object) -> Any:
    if not isinstance(data, Mapping):
        bare = family.bare
        if bare is not None and isinstance(data, bool | int | Decimal | float | str):
            (slot,) = bare.slots
            return _structure(bare, {slot.fields[0].name: data}, [], set(), bare=True)
        raise ProblemsError.here(f"expected {_expected(family)} (got {describe(data)})")
    return load_kind(_pick(family, data), data)


def _expected(family: Family) -> str:
    objects = f"an object with one of the keys {', '.join(family.tags)}"
    if family.bare is not None:
        return f"{family.what}: {family.bare.slots[0].codec.what}, or {objects}"
    return f"{family.what}: {objects}"


def _pick(family: Family, data: Mapping[Any, Any]) -> KindSpec:
    """The kind whose tag ``data`` carries; a tag may also be another kind's key ("share"
    has "at_least"), then the kind whose keys include the others wins."""
    tags = [key for key in data if isinstance(key, str) and key in family.by_tag]
    if len(tags) > 1:
        tags = [t for t in tags if all(o == t or o in family.by_tag[t].keys for o in tags)]
    if len(tags) == 1:
        return family.by_tag[tags[0]]
    found = [key for key in data if isinstance(key, str) and key in family.by_tag]
    if found:
        shown = ", ".join(repr(k) for k in found)
        raise ProblemsError.here(f"{family.what} has several kind keys {shown}; give exactly one")
    hints = "".join(did_you_mean(k, family.tags) for k in data if isinstance(k, str))
    raise ProblemsError.here(f"expected {_expected(family)} (got {describe(data)}){hints}")


def load_kind(spec: KindSpec, data: object) -> Any:
    """An object of the kind ``spec`` from ``data``; raises :class:`ProblemsError`."""
    if not isinstance(data, Mapping):
        raise ProblemsError.here(f"expected {spec.named} as an object (got {describe(data)})")
    problems: list[tuple[str, str]] = []
    allowed = spec.keys
    for key in data:
        if enough(problems):
            break
        if not isinstance(key, str):
            problems.append(("", f"object keys must be strings (got {describe(key)})"))
        elif key not in allowed:
            problems.append((join_path("", key), f"unknown key {shown(key)} in {spec.named}"
                             f"{did_you_mean(key, allowed)}; allowed: {', '.join(allowed)}"))
    values: dict[str, Any] = {}
    skipped: set[str] = set()
    if not spec.slots:  # a kind without fields: {"current": true}
        if spec.tag not in data:  # pragma: no cover - its tag chose it
            problems.append(("", f"{spec.named} is missing the required key {spec.tag!r}"))
        elif data[spec.tag] is not True:
            problems.append((join_path("", spec.tag),
                             f"expected true (got {describe(data[spec.tag])})"))
    for slot in spec.slots:
        names = [f.name for f in slot.fields]
        where = join_path("", slot.key)
        if slot.key not in data:
            if slot.required:
                problems.append((where, f"{spec.named} is missing the required key "
                                        f"{slot.key!r}"))
                skipped.update(names)
            elif slot.codec.absent is not NOTHING and slot.default is slot.codec.absent:
                values[names[0]] = slot.codec.absent
            continue
        raw = data[slot.key]
        if not slot.codec.pair:
            values[names[0]] = raw
        elif not isinstance(raw, list | tuple):
            problems.append((where, f"expected an array of {slot.codec.what} "
                                    f"(got {describe(raw)})"))
            skipped.update(names)
        elif len(raw) != len(names):
            problems.append((where, f"expected exactly {slot.codec.what} (got {len(raw)})"))
            skipped.update(names)
        else:
            values.update(zip(names, raw, strict=True))
    return _structure(spec, values, problems, skipped)


def _structure(spec: KindSpec, values: dict[str, Any], problems: list[tuple[str, str]],
               skipped: set[str], bare: bool = False) -> Any:
    """Build the kind from its fields' values, loading each with its field kind; every
    field's problem joins ``problems``, and nothing is built when there is one."""
    kwargs: dict[str, Any] = {}
    for field, hook in _hooks(spec):
        if field.name not in values:
            if field.default is attrs.NOTHING and field.name not in skipped:
                raise KeyError(field.name)  # a bug: the front checks the required keys
            continue
        try:
            kwargs[field.alias or field.name] = hook(values[field.name])
        except ProblemsError as exc:
            problems.extend(exc.under("" if bare else _field_path(spec, field.name)))
    if problems:
        raise ProblemsError(problems)
    try:
        return spec.cls(**kwargs)
    except BUILD_ERRORS as exc:  # the kind's constructor refused the values
        raise ProblemsError([("", str(exc))]) from None


def _field_path(spec: KindSpec, field_name: str) -> str:
    slot = spec.slot_of(field_name)
    path = join_path("", slot.key)
    if slot.codec.pair:
        path = join_path(path, [f.name for f in slot.fields].index(field_name))
    return path


_HOOKS: dict[type[Any], list[tuple[attrs.Attribute[Any], Callable[[Any], Any]]]] = {}


def _hooks(spec: KindSpec) -> list[tuple[attrs.Attribute[Any], Callable[[Any], Any]]]:
    """Each init field of the kind with its loader, made once from the declaration (a
    plain loop: no code is generated or executed)."""
    hooks = _HOOKS.get(spec.cls)
    if hooks is None:
        hooks = _HOOKS[spec.cls] = [(f, _field_hook(slot, f)) for slot in spec.slots
                                    for f in slot.fields if f.init]
    return hooks


def _field_hook(slot: Slot, field: attrs.Attribute[Any]) -> Callable[[Any], Any]:
    """Load a field's value with its field kind, then its attrs converter (so that the
    converter's error is the field's problem, not the node's)."""
    load_value = slot.codec.load
    convert = field.converter if callable(field.converter) and not isinstance(
        field.converter, attrs.Converter) else None

    def hook(data: Any) -> Any:
        try:
            value = load_value(data)
        except BadValueError as exc:
            raise ProblemsError.here(exc.message) from None
        if convert is not None:
            try:
                value = convert(value)
            except BUILD_ERRORS as exc:
                raise ProblemsError.here(str(exc)) from None
        return value

    return hook
