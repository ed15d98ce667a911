"""The field kinds the serializer knows, and the families of kinds it writes.

A field's ``doc_kind`` names one of :data:`FIELD_KINDS`; each says how a value
is written, read (exactly, with a message saying what was expected) and
described in the JSON Schema. The families are the core's kind tuples
(``RULE_KINDS``, ``EXPR_KINDS``, ``YEAR_KINDS``, ``THRESHOLD_KINDS``,
``CHANGE_TYPES``): adding a kind to a tuple is all it takes to write, read and
describe it, and :func:`declaration_problems` says (naming the kind and the
field) what its declaration lacks if it cannot be.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from ntmcriteria._values import shown
from ntmcriteria.changes import CHANGE_TYPES
from ntmcriteria.errors import did_you_mean
from ntmcriteria.limits import MAX_WINDOW_YEARS, MAX_YEAR, MIN_YEAR
from ntmcriteria.recognition import RECOGNITION_DATES
from ntmcriteria.rules import (
    EXPR_KINDS,
    OPERATORS,
    RULE_KINDS,
    THRESHOLD_KINDS,
    YEAR_KINDS,
    Fact,
)
from ntmcriteria.rules.aggregate import FUNCTIONS
from ntmcriteria.serialize import _engine
from ntmcriteria.serialize._engine import Host, ProblemsError
from ntmcriteria.serialize._errors import enough, join_path
from ntmcriteria.serialize._kinds import (
    Codec,
    Family,
    KindSpec,
    Schema,
    build_family,
    declaration_problems,
)
from ntmcriteria.serialize._scalars import (
    BadValueError,
    describe,
    exact_scalar,
    integer,
    member,
    number,
    text,
    value,
)
from ntmcriteria.units import Level, Region, Tier

__all__ = [
    "FAMILIES",
    "FIELD_KINDS",
    "all_declaration_problems",
    "dump_any",
    "families",
    "family",
    "kind_spec",
    "record_kind",
    "register",
]


def ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


# --------------------------------------------------------------------------- field kinds
def _family_kind(name: str, what: str) -> Codec:
    return Codec(name=name, what=what, dump=lambda v: _engine.dump(family(name), v),
                 load=lambda d: _engine.load(family(name), d), schema=lambda: ref(name))


def _load_rules(data: object) -> tuple[Any, ...]:
    if not isinstance(data, list | tuple):
        raise BadValueError(f"expected an array of rules (got {describe(data)})")
    if not data:
        raise BadValueError("expected a non-empty array of rules (got an empty array)")
    rules = family("rule")
    out: list[Any] = []
    problems: list[tuple[str, str]] = []
    for index, item in enumerate(data):
        if enough(problems):
            break
        try:
            out.append(_engine.load(rules, item))
        except ProblemsError as failure:
            problems.extend(failure.under(join_path("", index)))
    if problems:
        raise ProblemsError(problems)
    return tuple(out)


def _fact_kind(name: str, what: str, pair: bool) -> Codec:
    return Codec(name=name, what=what, pair=pair,
                 dump=lambda v: _engine.dump_kind(kind_spec(Fact), v),
                 load=lambda d: _engine.load_kind(kind_spec(Fact), d),
                 schema=lambda: ref(kind_spec(Fact).tag))


def _enum_kind(name: str, cls: type[enum.Enum], what: str) -> Codec:
    names = [m.value for m in cls]
    return Codec(name=name, what=what, dump=lambda v: v.value,
                 load=lambda d: cls(member(d, names, what)),
                 schema=lambda: {"enum": list(names), "description": what})


def _names_kind(name: str, names: Iterable[str], what: str) -> Codec:
    allowed = list(names)
    return Codec(name=name, what=what, dump=str, load=lambda d: member(d, allowed),
                 schema=lambda: {"enum": list(allowed), "description": what})


def _text_kind(name: str, what: str) -> Codec:
    return Codec(name=name, what=what, dump=str, load=lambda d: text(d, what),
                 schema=lambda: {"type": "string", "description": what})


def _integer_kind(name: str, what: str, minimum: int | None = None,
                  maximum: int | None = None) -> Codec:
    schema: Schema = {"type": "integer", "description": what}
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    return Codec(name=name, what=what, dump=int,
                 load=lambda d: integer(d, what, minimum, maximum), schema=lambda: dict(schema))


def record_kind(name: str, what: str, dump: Callable[[Any], Any],
                load: Callable[[Host, object, str], Any], **extra: Any) -> Codec:
    """The field kind of a record a change holds (a citation, a criterion...): written by
    ``dump``, read by the loader's record method ``load``, described by ``$defs/name``."""
    return Codec(name=name, what=what, dump=dump, load=_engine.via_host(load),
                 schema=lambda: ref(name), **extra)


# -- schedules
_ENTRY_FIXED = ("year", "value")
_CLASS_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


def _dump_entries(entries: Iterable[tuple[tuple[tuple[tuple[str, str], ...], int | None], Any]]
                  ) -> list[dict[str, Any]]:
    out = []
    for (codes, year), amount in entries:
        entry: dict[str, Any] = dict(codes)
        if year is not None:
            entry["year"] = year
        entry["value"] = exact_scalar(amount)
        out.append(entry)
    return out


def _entry_code(name: str, data: object) -> str:
    if name == "region":
        return member(data, [r.value for r in Region], "a region")
    if not isinstance(data, str) or not data.strip():
        raise BadValueError(f"expected a {name} code as a non-empty string such as \"1\" "
                            f"(got {describe(data)})")
    return data


def _load_entries(data: object) -> dict[Any, int | Decimal]:
    """Schedule entries ``[{"region": ..., "year": ..., "value": ...}, ...]`` (any
    classification may key an entry: ``{"group": "1", "value": 5}``) as the mapping a
    Schedule is built from (its own checks then run on it, at the entries' path)."""
    what = 'schedule entries {"region" or another classification, "year", "value"}'
    if not isinstance(data, list | tuple):
        raise BadValueError(f"expected an array of {what} (got {describe(data)})")
    if not data:
        raise BadValueError(f"expected a non-empty array of {what} (got an empty array)")
    problems: list[tuple[str, str]] = []
    values: dict[Any, int | Decimal] = {}
    for index, entry in enumerate(data):
        if enough(problems):
            break
        where = join_path("", index)
        if not isinstance(entry, Mapping):
            problems.append((where, f"expected a schedule entry as an object "
                                    f"(got {describe(entry)})"))
            continue
        found: list[tuple[str, str]] = []
        codes: list[tuple[str, str]] = []
        for key in entry:
            if not isinstance(key, str):
                found.append((where, f"object keys must be strings (got {describe(key)})"))
            elif key not in _ENTRY_FIXED and not _CLASS_NAME.match(key):
                found.append((join_path(where, key), f"unknown key {shown(key)} in a schedule entry"
                              f"{did_you_mean(key, ('region', *_ENTRY_FIXED))}; allowed: "
                              "a classification name (region, group, zone...), year, value"))
            elif key not in _ENTRY_FIXED:
                try:
                    codes.append((key, _entry_code(key, entry[key])))
                except BadValueError as exc:
                    found.append((join_path(where, key), exc.message))
        if "value" not in entry:
            found.append((join_path(where, "value"),
                          "a schedule entry is missing the required key 'value'"))
        elif not codes and "year" not in entry and not found:
            found.append((where, 'a schedule entry needs a "region" (or another '
                                 'classification), a "year" or both'))
        parts: dict[str, Any] = {}
        for key, check in (("year", lambda d: integer(d, "a year", MIN_YEAR, MAX_YEAR)),
                           ("value", number)):
            if key in entry:
                try:
                    parts[key] = check(entry[key])
                except BadValueError as exc:
                    found.append((join_path(where, key), exc.message))
        if found:
            problems.extend(found)
            continue
        entry_key: Any = (tuple(sorted(codes)), parts.get("year"))
        if entry_key in values:
            problems.append((where, "these codes and year already have a value in the "
                                    "schedule"))
            continue
        values[entry_key] = parts["value"]
    if problems:
        raise ProblemsError(problems)
    return values


def _entries_schema() -> Schema:
    entry: Schema = {
        "type": "object",
        "properties": {"region": {"enum": [r.value for r in Region],
                                  "description": "A socio-economic region."},
                       "year": {"type": "integer"}, "value": ref("number")},
        "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
        "additionalProperties": {"type": "string", "minLength": 1,
                                 "description": "The code of a classification the set "
                                                "declares (a commune group, a zone...)."},
        "required": ["value"],
        "minProperties": 2,
    }
    return {"type": "array", "items": entry, "minItems": 1,
            "description": "Values by classification (region, group...), by year, or both."}


# -- paths into a rule
def _load_path(data: object) -> tuple[int, ...] | None:
    if data is None:
        return None
    if not isinstance(data, list | tuple):
        raise BadValueError(f"expected an array of indexes (got {describe(data)})")
    out: list[int] = []
    problems: list[tuple[str, str]] = []
    for index, item in enumerate(data):
        if enough(problems):
            break
        try:
            out.append(integer(item, "an index", minimum=0))
        except BadValueError as exc:
            problems.append((join_path("", index), exc.message))
    if problems:
        raise ProblemsError(problems)
    return tuple(out)


def _path_schema() -> Schema:
    return {"type": "array", "items": {"type": "integer", "minimum": 0},
            "description": "Child indexes from the criterion's rule to the node."}


def _codecs() -> dict[str, Codec]:
    codecs = [
        _family_kind("rule", "a rule"),
        Codec(name="rules", what="a non-empty array of rules",
              dump=lambda v: [_engine.dump(family("rule"), r) for r in v], load=_load_rules,
              schema=lambda: {"type": "array", "items": ref("rule"), "minItems": 1}),
        _family_kind("expr", "an expression"),
        _family_kind("year_ref", "a year reference"),
        _family_kind("threshold", "a threshold"),
        _fact_kind("fact", 'a fact such as {"fact": "income"}', pair=False),
        _fact_kind("pair", "two facts", pair=True),
        _enum_kind("level", Level, "a level"),
        _enum_kind("tier", Tier, "a tier"),
        _names_kind("function", FUNCTIONS, "an aggregate function"),
        _names_kind("op", OPERATORS, "a comparison operator"),
        _names_kind("recognition_date", RECOGNITION_DATES,
                    "which date of a recognition ('year' recognised for, or 'decided')"),
        _text_kind("text", "a string"),
        _text_kind("key", "a name (a string)"),
        _integer_kind("count", "a whole number", minimum=0),
        _integer_kind("offset", "a whole number of years", minimum=1),
        _integer_kind("year", "a year", minimum=MIN_YEAR, maximum=MAX_YEAR),
        _integer_kind("window", "a number of years", minimum=1, maximum=MAX_WINDOW_YEARS),
        Codec(name="number", what="a number", dump=exact_scalar, load=number,
              schema=lambda: ref("number")),
        Codec(name="value", what="a number, true/false or a decimal string", dump=exact_scalar,
              load=value, schema=lambda: ref("value")),
        Codec(name="schedule", what="schedule entries", dump=_dump_entries, load=_load_entries,
              schema=_entries_schema),
        Codec(name="path", what="an array of indexes", dump=list, load=_load_path,
              schema=_path_schema),
    ]
    return {c.name: c for c in codecs}


#: Every field kind, by the name a field's ``doc_kind`` gives. The records a change holds
#: (citations, criteria, indicators, parameters, sets, parameter values) are registered by
#: the module that writes them (:mod:`._dump`), which needs the kinds to write their rules.
FIELD_KINDS: dict[str, Codec] = _codecs()


def register(*codecs: Codec) -> None:
    """Add field kinds (the families are built again on their next use)."""
    for codec in codecs:
        FIELD_KINDS[codec.name] = codec
    family.cache_clear()

#: (family, what it is called, its kinds, the ClassVar holding a kind's tag, the kind
#: written bare, whether its nesting depth is bounded)
FAMILIES: tuple[tuple[str, str, tuple[type[Any], ...], str, str | None, bool], ...] = (
    ("rule", "rule", RULE_KINDS, "tag", None, True),
    ("expr", "expression", EXPR_KINDS, "tag", None, False),
    ("year_ref", "year reference", YEAR_KINDS, "tag", None, False),
    ("threshold", "threshold", THRESHOLD_KINDS, "tag", "const", False),
    ("change", "derivation change", CHANGE_TYPES, "kind", None, False),
)


def families() -> tuple[Family, ...]:
    """Every family, built from the kinds' declarations (on first use)."""
    return tuple(family(declared[0]) for declared in FAMILIES)


@functools.cache
def family(name: str) -> Family:
    """The family ``name``, built from its kinds' declarations (once, on first use; a
    :class:`~._kinds.DeclarationError` names what a declaration lacks)."""
    for found, what, kinds, tag_attr, bare, depth in FAMILIES:
        if found == name:
            return build_family(name, what, kinds, tag_attr=tag_attr, codecs=FIELD_KINDS,
                                bare=bare, counts_depth=depth)
    raise KeyError(name)


def kind_spec(cls: type[Any]) -> KindSpec:
    """The spec of the kind ``cls`` (of any family)."""
    for found in families():
        spec = found.by_class.get(cls)
        if spec is not None:
            return spec
    raise KeyError(cls)


def dump_any(obj: object) -> Any:
    """Plain data for a kind of any family (``None`` if ``obj`` is not one)."""
    for found in families():
        if found.spec(obj) is not None:
            return _engine.dump(found, obj)
    return None


def all_declaration_problems() -> list[str]:
    """What the kinds' declarations lack for serialization, over every family."""
    problems: list[str] = []
    for _, _, kinds, tag_attr, bare, _ in FAMILIES:
        problems.extend(declaration_problems(kinds, tag_attr, FIELD_KINDS, bare))
    return problems
