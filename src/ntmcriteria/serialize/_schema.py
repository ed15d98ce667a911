"""The published JSON Schema (draft 2020-12) of criteria-set and unit documents.

Editors use it to validate and autocomplete provincial files. The definitions
of rules, expressions, year references, thresholds and derivation changes are
generated from the kinds' declarations (a definition per kind, named by its
tag, and one per family); those of the records around them are written here.
The schema is built fresh on each call, so callers may modify what they get.
"""

from __future__ import annotations

from typing import Any

from ntmcriteria._values import shown
from ntmcriteria.citations import Confidence
from ntmcriteria.indicators import Measure, ValueType
from ntmcriteria.serialize._errors import FormatError, Problem
from ntmcriteria.serialize._fieldkinds import families
from ntmcriteria.serialize._kinds import KindSpec, Schema
from ntmcriteria.serialize._names import (
    CRITERIA_SET_FORMAT,
    DECIMAL_PATTERN,
    FORMAT_VERSION,
    UNIT_FORMAT,
    YEAR_KEY_PATTERN,
)
from ntmcriteria.units import Level, Region, Tier

__all__ = ["criteria_set_schema", "json_schema", "unit_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def _enum(cls: Any, description: str) -> Schema:
    return {"enum": [m.value for m in cls], "description": description}


def _obj(
    required: dict[str, Schema], optional: dict[str, Schema] | None = None, description: str = ""
) -> Schema:
    out: Schema = {
        "type": "object",
        "properties": {**required, **(optional or {})},
        "required": list(required),
        "additionalProperties": False,
    }
    if description:
        out["description"] = description
    return out


_TEXT: Schema = {"type": "string"}
_INT: Schema = {"type": "integer"}


def _common_defs() -> dict[str, Schema]:
    return {
        "number": {
            "description": "An exact number: a JSON number or a decimal string "
            'such as "59.99" (never rounded through float).',
            "anyOf": [{"type": "number"}, {"type": "string", "pattern": DECIMAL_PATTERN}],
        },
        "value": {
            "description": "A fact value: a number or true/false.",
            "anyOf": [{"type": "boolean"}, _ref("number")],
        },
        "facts": {
            "type": "object",
            "description": "Indicator key -> value (null: missing).",
            "additionalProperties": {"anyOf": [_ref("value"), {"type": "null"}]},
        },
    }


def _kind_schema(spec: KindSpec) -> Schema:
    """The object of one kind: a property per slot, generated from its declaration."""
    properties: dict[str, Schema] = {}
    for slot in spec.slots:
        schema = slot.codec.schema()
        if slot.codec.pair:
            schema = {"type": "array", "items": schema, "minItems": 2, "maxItems": 2}
        properties[slot.key] = schema
    if not spec.slots:
        properties[spec.tag] = {"const": True}
    required = [slot.key for slot in spec.slots if slot.required] or [spec.tag]
    return {
        "type": "object",
        "description": spec.description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _kind_defs() -> dict[str, Schema]:
    """A definition per family (one of its kinds) and per kind (named by its tag)."""
    defs: dict[str, Schema] = {}
    for family in families():
        alternatives: list[Schema] = []
        description = f"A {family.what}: an object whose kind key names its kind."
        if family.bare is not None:
            alternatives.append(family.bare.slots[0].codec.schema())
            description = (f"A {family.what}: {family.bare.slots[0].codec.what}, or an object "
                           "whose kind key names its kind.")
        alternatives.extend(_ref(spec.tag) for spec in family.kinds)
        _merge(defs, {family.name: {"description": description, "oneOf": alternatives}})
        _merge(defs, {spec.tag: _kind_schema(spec) for spec in family.kinds})
    return defs


def _merge(defs: dict[str, Schema], more: dict[str, Schema]) -> dict[str, Schema]:
    for name, schema in more.items():
        if name in defs:  # pragma: no cover - a kind's tag naming another definition
            raise ValueError(f"two schema definitions are named {shown(name)}")
        defs[name] = schema
    return defs


def _set_defs() -> dict[str, Schema]:
    citation = _obj(
        {"document": _TEXT, "confidence": _enum(Confidence, "Confidence.")},
        {"date": _TEXT, "article": _TEXT, "note": _TEXT, "amends": _TEXT},
        "Where a rule comes from.",
    )
    indicator = _obj(
        {
            "key": {"type": "string", "pattern": "^[a-z][a-z0-9_.]*$"},
            "label_vi": _TEXT,
            "label_en": _TEXT,
            "measure": _enum(Measure, "Unit of measure."),
            "value_type": _enum(ValueType, "Type of the values."),
        },
        {"minimum": _ref("number"), "maximum": _ref("number"), "note": _TEXT},
        "A declared indicator.",
    )
    parameter_value: Schema = {
        "anyOf": [{"type": "null"}, _ref("value"), _ref("schedule"), _ref("rule")]
    }
    parameter = _obj(
        {"name": _TEXT, "label_vi": _TEXT, "label_en": _TEXT, "citation": _ref("citation")},
        {
            "kind": {"enum": ["value", "rule"]},
            "measure": _enum(Measure, "Unit of measure."),
            "keyed_by": {"type": "array", "items": {"enum": ["region", "year"]}},
            "default": _ref("parameter_value"),
        },
        "A named value or rule the set needs (no default: supplied by the caller).",
    )
    criterion = _obj(
        {
            "id": _TEXT,
            "number": _TEXT,
            "label_vi": _TEXT,
            "label_en": _TEXT,
            "rule": _ref("rule"),
            "citation": _ref("citation"),
        },
        {"group": _TEXT},
    )
    cite = {"citation": _ref("citation")}
    return {
        "citation": citation,
        "indicator": indicator,
        "parameter_value": parameter_value,
        "parameter": parameter,
        "criterion": criterion,
        "region_override": _obj(
            {"when": _ref("rule"), "region": _enum(Region, "Region used for thresholds."), **cite}
        ),
        "criteria_set": _set_body(nested=True),
    }


def _set_body(nested: bool) -> Schema:
    header: dict[str, Schema] = {
        "format": {"const": CRITERIA_SET_FORMAT},
        "version": {"const": FORMAT_VERSION},
    }

    def items(name: str) -> Schema:
        return {"type": "array", "items": _ref(name)}

    required: dict[str, Schema] = {
        "id": _TEXT,
        "label_vi": _TEXT,
        "label_en": _TEXT,
        "level": _enum(Level, "Level assessed."),
        "valid_from": _INT,
        "valid_to": _INT,
        "criteria": items("criterion"),
    }
    optional: dict[str, Schema] = {
        "citation": _ref("citation"),
        "indicators": items("indicator"),
        "parameters": items("parameter"),
        "references": items("criteria_set"),
        "region_overrides": items("region_override"),
        "derived_from": {"type": ["string", "null"]},
        "changes": items("change"),
    }
    if nested:
        return _obj(required, {**optional, **header})
    return _obj({**header, **required}, optional)


def _unit_defs() -> dict[str, Schema]:
    def unit(level: Level, extra: dict[str, Schema]) -> Schema:
        common: dict[str, Schema] = {
            "name": _TEXT,
            "facts": _ref("facts"),
            "history": {
                "type": "object",
                "propertyNames": {"pattern": YEAR_KEY_PATTERN},
                "additionalProperties": _ref("facts"),
            },
            "recognitions": {
                "type": "object",
                "propertyNames": _enum(Tier, "A recognition tier."),
                "additionalProperties": _INT,
            },
            "format": {"const": UNIT_FORMAT},
            "version": {"const": FORMAT_VERSION},
        }
        return _obj(
            {"level": {"const": level.value}, "code": {"type": "string", "minLength": 1}},
            {**common, **extra},
            f"A {level.label_en} ({level.label_vi}).",
        )

    region = {"region": _enum(Region, "Socio-economic region.")}
    zone = {"zone": _TEXT}

    def units(name: str) -> Schema:
        return {"type": "array", "items": _ref(name)}

    return {
        "village": unit(Level.VILLAGE, zone),
        "commune": unit(Level.COMMUNE, {**region, **zone, "villages": units("village")}),
        "township": unit(Level.TOWNSHIP, region),
        "district": unit(
            Level.DISTRICT, {**region, "communes": units("commune"), "townships": units("township")}
        ),
        "province": unit(
            Level.PROVINCE, {**region, "districts": units("district"), "communes": units("commune")}
        ),
    }


def criteria_set_schema() -> Schema:
    """The JSON Schema of a criteria-set document (``"format": "ntmcriteria/criteria-set"``)."""
    return {
        "$schema": _DIALECT,
        "$id": "urn:ntmcriteria:schema:criteria-set:1",
        "title": "ntmcriteria criteria set",
        **_set_body(nested=False),
        "$defs": _merge(_merge({**_common_defs()}, _kind_defs()), _set_defs()),
    }


def unit_schema() -> Schema:
    """The JSON Schema of a unit document (``"format": "ntmcriteria/unit"``)."""
    return {
        "$schema": _DIALECT,
        "$id": "urn:ntmcriteria:schema:unit:1",
        "title": "ntmcriteria unit",
        "oneOf": [
            {**_ref(name), "required": ["format", "version"]}
            for name in ("village", "commune", "township", "district", "province")
        ],
        "$defs": {**_common_defs(), **_unit_defs()},
    }


def json_schema(kind: str) -> Schema:
    """The schema of ``kind``: ``"criteria-set"`` or ``"unit"``."""
    if kind == "criteria-set":
        return criteria_set_schema()
    if kind == "unit":
        return unit_schema()
    raise FormatError(
        "schema request",
        [Problem("$", f"kind must be 'criteria-set' or 'unit' (got {shown(kind)})")],
    )
