"""The published JSON Schema (draft 2020-12) of criteria-set and unit documents.

Editors use it to validate and autocomplete provincial files. The schema is
built fresh on each call, so callers may modify what they get.
"""

from __future__ import annotations

from typing import Any

from ntmcriteria.criteria import Confidence
from ntmcriteria.indicators import Measure, ValueType
from ntmcriteria.rules import OPERATORS
from ntmcriteria.serialize._errors import FormatError, Problem
from ntmcriteria.serialize._names import (
    CRITERIA_SET_FORMAT,
    DECIMAL_PATTERN,
    FORMAT_VERSION,
    MAX_WINDOW_YEARS,
    UNIT_FORMAT,
    YEAR_KEY_PATTERN,
)
from ntmcriteria.units import Level, Region, Tier

__all__ = ["criteria_set_schema", "json_schema", "unit_schema"]

Schema = dict[str, Any]
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


def _rule_defs() -> dict[str, Schema]:
    fact = _obj(
        {"fact": {**_TEXT, "description": "An indicator key."}},
        {"at": _ref("year_ref")},
        "The value of an indicator (in a year).",
    )
    year_refs = [
        _obj({"current": {"const": True}}),
        _obj({"years_before": {"type": "integer", "minimum": 1}}),
        _obj({"in_year": _INT}),
        _obj({"recognition_year": _enum(Tier, "A recognition tier.")}),
    ]
    pair: Schema = {"type": "array", "items": _ref("fact"), "minItems": 2, "maxItems": 2}
    rules: list[Schema] = [
        _obj({"all_of": _ref("rules")}, description="Every part passes (Kleene and)."),
        _obj({"any_of": _ref("rules")}, description="Some part passes (Kleene or)."),
        _obj(
            {"at_least": {"type": "integer", "minimum": 0}, "of": _ref("rules")},
            description="At least k of the parts pass.",
        ),
        _obj({"not": _ref("rule")}, description="Swaps pass and fail; unknown stays."),
        _obj(
            {"labelled": _ref("rule"), "vi": _TEXT, "en": _TEXT},
            description="A rule with a Vietnamese and an English label.",
        ),
        _obj(
            {
                "compare": _ref("expr"),
                "op": {"enum": list(OPERATORS)},
                "threshold": _ref("threshold"),
            },
            description="expr op threshold.",
        ),
        _obj(
            {
                "share": _enum(Level, "Level of the member units."),
                "rule": _ref("rule"),
                "at_least": _ref("threshold"),
            },
            description="The percentage of member units meeting the rule is at least ...",
        ),
        _obj(
            {
                "count": _enum(Level, "Level of the member units."),
                "rule": _ref("rule"),
                "at_least": _ref("threshold"),
            },
            description="At least ... member units meet the rule.",
        ),
        _obj(
            {
                "held_each_year": _ref("rule"),
                "years": {"type": "integer", "minimum": 1, "maximum": MAX_WINDOW_YEARS},
            },
            description="The rule held in each of the years before the year evaluated.",
        ),
        _obj(
            {"meets": {**_TEXT, "description": "Id of a set declared in references."}},
            {"tier": _enum(Tier, "A recognition that counts."), "recognised_from": _INT},
            "The unit meets another criteria set.",
        ),
        _obj({"rule_param": _TEXT}, description="A rule supplied as a parameter."),
    ]
    entry: Schema = {
        **_obj(
            {"value": _ref("number")},
            {"region": _enum(Region, "A socio-economic region."), "year": _INT},
        ),
        "anyOf": [{"required": ["region"]}, {"required": ["year"]}],
    }
    thresholds: list[Schema] = [
        {"type": "boolean"},
        _ref("number"),
        _obj({"const": _ref("value")}),
        _ref("schedule"),
        _obj({"param": _TEXT}, description="A named parameter."),
        _obj(
            {"scaled": _ref("number"), "base": _ref("threshold")},
            description="factor x another threshold.",
        ),
    ]
    return {
        "year_ref": {"oneOf": year_refs},
        "fact": fact,
        "expr": {"oneOf": [_ref("fact"), _obj({"difference": pair}), _obj({"ratio": pair})]},
        "schedule": _obj(
            {"schedule": {"type": "array", "items": entry, "minItems": 1}},
            description="Values by region, by year, or by (region, year).",
        ),
        "threshold": {
            "description": "A number, true/false, or a tagged threshold.",
            "oneOf": thresholds,
        },
        "rule": {"description": "A rule node, tagged by its kind.", "oneOf": rules},
        "rules": {"type": "array", "items": _ref("rule"), "minItems": 1},
    }


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
    changes = [
        _obj({"set_parameter": _TEXT, **cite}, {"value": _ref("parameter_value")}),
        _obj(
            {"replace_threshold": _TEXT, "threshold": _ref("threshold"), **cite},
            {"path": {"type": "array", "items": {"type": "integer", "minimum": 0}}},
        ),
        _obj({"replace_criterion": _ref("criterion"), **cite}),
        _obj({"drop_criterion": _TEXT, **cite}),
        _obj({"add_criterion": _ref("criterion"), **cite}),
        _obj({"add_indicator": _ref("indicator"), **cite}),
        _obj({"add_parameter": _ref("parameter"), **cite}),
        _obj({"replace_reference": _TEXT, "criteria_set": _ref("criteria_set"), **cite}),
    ]
    return {
        "citation": citation,
        "indicator": indicator,
        "parameter_value": parameter_value,
        "parameter": parameter,
        "criterion": criterion,
        "region_override": _obj(
            {"when": _ref("rule"), "region": _enum(Region, "Region used for thresholds."), **cite}
        ),
        "change": {"oneOf": changes},
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
        "$defs": {**_common_defs(), **_rule_defs(), **_set_defs()},
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
        "schema request", [Problem("$", f"kind must be 'criteria-set' or 'unit' (got {kind!r})")]
    )
