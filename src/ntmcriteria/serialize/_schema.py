"""The published JSON Schemas (draft 2020-12) of criteria-set, unit and assessment documents.

Editors use them to validate and autocomplete provincial files. The definitions
of rules, expressions, year references, thresholds and derivation changes are
generated from the kinds' declarations (a definition per kind, named by its
tag, and one per family); a trace node of an assessment from its kind's typed
detail (a property per detail field); those of the records around them are
written here. A schema is built fresh on each call, so callers may modify what
they get. The package ships the same schemas as files (``ntmcriteria/schemas/``,
written by ``scripts/generate_schemas.py``; a test checks they are current).
"""

from __future__ import annotations

from typing import Any, cast

import attrs

from ntmcriteria._values import shown
from ntmcriteria.citations import Confidence
from ntmcriteria.criteria import ParameterKind
from ntmcriteria.errors import did_you_mean
from ntmcriteria.indicators import Measure, ValueType
from ntmcriteria.outcome import Outcome
from ntmcriteria.quantity import QuantityUnit
from ntmcriteria.rules._base import RuleDetail
from ntmcriteria.serialize._errors import FormatError, Problem
from ntmcriteria.serialize._fieldkinds import families
from ntmcriteria.serialize._kinds import KindSpec, Schema
from ntmcriteria.serialize._names import (
    ASSESSMENT_FORMAT,
    ASSESSMENT_SCHEMA_ID,
    CRITERIA_SET_FORMAT,
    CRITERIA_SET_SCHEMA_ID,
    DECIMAL_PATTERN,
    FORMAT_VERSION,
    UNIT_FORMAT,
    UNIT_SCHEMA_ID,
    YEAR_KEY_PATTERN,
)
from ntmcriteria.trace import MISSING_KINDS
from ntmcriteria.units import CLASS_FIELDS, Level, Region, Tier

__all__ = ["SCHEMA_KINDS", "assessment_schema", "criteria_set_schema", "json_schema",
           "unit_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: The documents that have a schema, as ``json_schema`` and the command line name them.
SCHEMA_KINDS = ("criteria-set", "unit", "assessment")
#: A document may name its schema; the loader accepts any non-empty string there.
_SCHEMA_PROPERTY: Schema = {
    "type": "string", "minLength": 1,
    "description": "The JSON Schema of this document (its $id, or a local path), for editors.",
}


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
_NAME_PATTERN = "^[a-z][a-z0-9_]*$"
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
    rule_table: Schema = _obj(
        {"rule_table": {
            "type": "array", "minItems": 1,
            "items": {"type": "object", "properties": {"rule": _ref("rule")},
                      "required": ["rule"], "minProperties": 2,
                      "propertyNames": {"pattern": _NAME_PATTERN},
                      "additionalProperties": {"type": "string", "minLength": 1}},
            "description": "One rule per value of the classifications the parameter is "
                           "keyed by: {\"group\": \"1\", \"rule\": {...}}."}},
        description="Rules by classification value.")
    parameter_value: Schema = {
        "anyOf": [{"type": "null"}, _ref("value"), {"type": "string"}, _ref("schedule"),
                  _ref("rule_table"), _ref("rule")]
    }
    parameter = _obj(
        {"name": _TEXT, "label_vi": _TEXT, "label_en": _TEXT, "citation": _ref("citation")},
        {
            "kind": {"enum": [k.value for k in ParameterKind]},
            "measure": _enum(Measure, "Unit of measure."),
            "keyed_by": {"type": "array", "items": {"type": "string", "pattern": _NAME_PATTERN},
                         "description": "'year' and the names of classifications ('region', "
                                        "'group', ...)."},
            "default": _ref("parameter_value"),
        },
        "A named value or rule the set needs (no default: supplied by the caller).",
    )
    class_rule = _obj({"value": _TEXT, "when": _ref("rule"), "citation": _ref("citation")},
                      description="When the rule passes, the unit gets the value.")
    classification = _obj(
        {"name": {"type": "string", "pattern": _NAME_PATTERN}, "label_vi": _TEXT,
         "label_en": _TEXT,
         "values": {"type": "array", "minItems": 1, "items": _obj(
             {"code": {"type": "string", "minLength": 1}, "label_vi": _TEXT,
              "label_en": _TEXT})}},
        {"field": {"enum": sorted(set().union(*CLASS_FIELDS.values()))},
         "overrides": {"type": "array", "items": _ref("class_rule")},
         "rules": {"type": "array", "items": _ref("class_rule")},
         "residual": _TEXT, "conflict_parameter": _TEXT, "citation": _ref("citation"),
         "stated": {"type": "array", "items": _obj(
             {"key": _TEXT, "value": {"type": "string", "minLength": 1}},
             description="The yes/no fact key states whether the unit's value is value.")}},
        "A dimension thresholds are keyed by (a commune group, a zone): its values, the "
        "unit field giving it, its resolver rules and residual value, and the yes/no facts "
        "stating a value (checked against the field).")
    period_link = _obj({"set_id": _TEXT, "valid_from": _INT, "valid_to": _INT,
                        "citation": _ref("citation")},
                       description="The set for the same level in another period.")
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
        "rule_table": rule_table,
        "parameter_value": parameter_value,
        "parameter": parameter,
        "class_rule": class_rule,
        "classification": classification,
        "period_link": period_link,
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
    schema_key: dict[str, Schema] = {"$schema": _SCHEMA_PROPERTY}

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
        "member_level": _enum(Level, "The level of the members the set's shares and counts "
                                     "are over."),
        "citation": _ref("citation"),
        "indicators": items("indicator"),
        "parameters": items("parameter"),
        "references": items("criteria_set"),
        "region_overrides": items("region_override"),
        "classifications": items("classification"),
        "derived_from": {"type": ["string", "null"]},
        "derivation": {"type": ["array", "null"], "items": {"type": "string"},
                       "description": "The whole derivation chain, nearest first "
                                      "(derived_from first, the base set last)."},
        "changes": items("change"),
        "other_periods": items("period_link"),
    }
    if nested:
        return _obj(required, {**optional, **header, **schema_key})
    return _obj({**header, **required}, {**optional, **schema_key})


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
                "additionalProperties": _ref("recognition"),
            },
            "registers": {"type": "array", "items": _ref("closed_register"),
                          "description": "Registers of recognitions declared complete."},
            "merged_from": _ref("merger"),
            "format": {"const": UNIT_FORMAT},
            "version": {"const": FORMAT_VERSION},
            "$schema": _SCHEMA_PROPERTY,
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

    citation = _obj(
        {"document": _TEXT, "confidence": _enum(Confidence, "Confidence.")},
        {"date": _TEXT, "article": _TEXT, "note": _TEXT, "amends": _TEXT},
        "Where a rule comes from.",
    )
    merger = _obj(
        {"date": {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
         "units": {"type": "array", "minItems": 1,
                   "items": {"oneOf": [_ref(n) for n in _UNIT_NAMES]}}},
        {"citation": citation},
        "The units merged into this one (as they were) and the date the merger took effect.")
    group = {"group": {"type": "string", "minLength": 1,
                       "description": "Commune group (nhóm xã) 1-3, 2026-2030."}}
    iso_date = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    recognition = {"oneOf": [
        {**_INT, "description": "The year recognised for (the assessment year)."},
        _obj({"year": {**_INT, "description": "The assessment year recognised for."}},
             {"decided": {**iso_date, "description": "The date of the decision."},
              "decision": {**_TEXT, "description": "The decision's reference."}},
             "A recognition: the year it is for and the decision."),
    ]}
    register = _obj(
        {"tier": _enum(Tier, "A recognition tier."), "start": _INT, "end": _INT},
        {"level": _enum(Level, "Only the units at this level."),
         "by": {"enum": ["year", "decided"],
                "description": "Which date the period is of (default: the year)."}},
        "A register of recognitions declared complete for a tier and period: a unit "
        "(or descendant) without a recognition in it is not recognised.")
    return {
        "merger": merger,
        "recognition": recognition,
        "closed_register": register,
        "village": unit(Level.VILLAGE, zone),
        "commune": unit(Level.COMMUNE, {**region, **zone, **group,
                                        "villages": units("village")}),
        "township": unit(Level.TOWNSHIP, region),
        "ward": unit(Level.WARD, region),
        "district": unit(
            Level.DISTRICT, {**region, "communes": units("commune"), "townships": units("township")}
        ),
        "province": unit(
            Level.PROVINCE, {**region, "districts": units("district"), "communes": units("commune"),
                             "wards": units("ward")}
        ),
    }


_UNIT_NAMES = ("village", "commune", "township", "ward", "district", "province")


def criteria_set_schema() -> Schema:
    """The JSON Schema of a criteria-set document (``"format": "ntmcriteria/criteria-set"``)."""
    return {
        "$schema": _DIALECT,
        "$id": CRITERIA_SET_SCHEMA_ID,
        "title": "ntmcriteria criteria set",
        **_set_body(nested=False),
        "$defs": _merge(_merge({**_common_defs()}, _kind_defs()), _set_defs()),
    }


def unit_schema() -> Schema:
    """The JSON Schema of a unit document (``"format": "ntmcriteria/unit"``)."""
    return {
        "$schema": _DIALECT,
        "$id": UNIT_SCHEMA_ID,
        "title": "ntmcriteria unit",
        "oneOf": [
            {**_ref(name), "required": ["format", "version"]}
            for name in _UNIT_NAMES
        ],
        "$defs": {**_common_defs(), **_unit_defs()},
    }


# ------------------------------------------------------------------------- assessments
def _detail_classes() -> dict[str, type[RuleDetail]]:
    """Each rule kind's trace detail class, by its tag (every loaded kind)."""
    found: dict[str, type[RuleDetail]] = {}
    stack = list(RuleDetail.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        kind = cls.kind
        if not kind or not attrs.has(cast(Any, cls)):
            continue
        if found.setdefault(kind, cls) is not cls:  # pragma: no cover - two kinds clash
            raise ValueError(f"two trace details are of the kind {kind!r}")
    return dict(sorted(found.items()))


def _figure(annotation: object, where: str) -> Schema:
    """The schema of one detail field, from its declared type (as written in the source)."""
    text = str(annotation).replace(" ", "")
    optional = text.endswith("|None")
    base = text.removesuffix("|None")
    simple: dict[str, Schema] = {
        "int": _INT, "str": _TEXT, "bool": {"type": "boolean"},
        "tuple[int,...]": {"type": "array", "items": _INT},
        "tuple[str,...]": {"type": "array", "items": _TEXT},
        "tuple[tuple[str,int|None],...]": {
            "type": "array", "description": "(indicator key, year) pairs.",
            "items": {"type": "array", "prefixItems": [_TEXT, {"type": ["integer", "null"]}],
                      "minItems": 2, "maxItems": 2}},
        "tuple[tuple[str,str],...]": {
            "type": "array", "description": "(classification, value) pairs.",
            "items": {"type": "array", "prefixItems": [_TEXT, _TEXT],
                      "minItems": 2, "maxItems": 2}},
        "Level": _enum(Level, "A level."),
        "Tier": _enum(Tier, "A recognition tier."),
        "Expr": _ref("expr"),
        "Indicator": {"type": "string", "description": "An indicator's key."},
        "Value": _ref("value"),
        "Number": _ref("number"),
        "Any": {"description": "A figure of the node (a number, text or true/false)."},
    }
    if base not in simple:  # pragma: no cover - a new detail field type needs a schema here
        raise ValueError(f"no schema for the trace detail field {where} of type {annotation!r}")
    schema = simple[base]
    return {"anyOf": [schema, {"type": "null"}]} if optional else schema


def _trace_defs() -> dict[str, Schema]:
    """A trace node: its header, and per kind the fields of its typed detail."""
    header: dict[str, Schema] = {
        "kind": _TEXT,
        "outcome": _enum(Outcome, "Outcome."),
        "unit": _TEXT,
        "year": _INT,
        "unit_name": _TEXT,
        "path": {"type": "array", "items": _INT,
                 "description": "The node's position in its criterion's rule."},
        "label_vi": _TEXT,
        "label_en": _TEXT,
        "missing": {"type": "array", "items": _ref("missing")},
        "citation": _ref("citation"),
        "children": {"type": "array", "items": _ref("trace")},
    }
    details = _detail_classes()
    branches: list[Schema] = []
    for kind, cls in details.items():
        fields = {f.name: _figure(f.type, f"{cls.__name__}.{f.name}")
                  for f in attrs.fields(cast(Any, cls))}
        # the header is checked once, below; here its keys are only allowed (checking them
        # again in each branch would validate the children twice per level)
        branches.append({
            "if": {"properties": {"kind": {"const": kind}}},
            "then": {"properties": {**dict.fromkeys(header, True), **fields},
                     "additionalProperties": False},
        })
    trace: Schema = {
        "type": "object",
        "description": "What one rule node found: a header and its kind's figures.",
        "properties": {**header, "kind": {"enum": list(details)}},
        "required": ["kind", "outcome", "unit", "year"],
        "allOf": branches,
    }
    missing = _obj(
        {"kind": {"enum": list(MISSING_KINDS)}, "key": _TEXT, "unit": _TEXT},
        {"year": _INT, "region": _enum(Region, "Region."), "suggestion": _TEXT,
         "label_vi": _TEXT, "label_en": _TEXT},
        "Something the evaluation needed and did not have.",
    )
    shortfall = _obj(
        {"criterion": _TEXT, "unit": _TEXT, "year": _INT,
         "path": {"type": "array", "items": _INT}, "kind": _TEXT, "citation": _ref("citation")},
        {"indicator": _TEXT, "op": _TEXT, "observed": _ref("value"), "required": _ref("value"),
         "observed_unit": _enum(QuantityUnit, "QuantityUnit."), "shortfall": _ref("number"),
         "shortfall_unit": _enum(QuantityUnit, "QuantityUnit."), "more_needed": _INT,
         "failed_members": {"type": "array", "items": _TEXT}},
        "A failing check: observed and required (in observed_unit) and how far off (in "
        "shortfall_unit: percentage points for a percentage, members for a share).",
    )
    result = _obj(
        {"criterion": _TEXT, "number": _TEXT, "label_vi": _TEXT, "label_en": _TEXT,
         "outcome": _enum(Outcome, "Outcome."), "citation": _ref("citation"),
         "trace": _ref("trace")},
        description="The verdict of one criterion, with its trace.",
    )
    return {"trace": trace, "missing": missing, "shortfall": shortfall, "result": result}


def _outside_period() -> Schema:
    return _obj({"set_id": _TEXT, "valid_from": _INT, "valid_to": _INT, "year": _INT,
                 "referenced_by": {"type": "string"}},
                description="A set used outside its valid period: its id and period, the year "
                            "it was used in, the set referring to it ('' for the set "
                            "assessed).")


def assessment_schema() -> Schema:
    """The JSON Schema of an assessment document (``"format": "ntmcriteria/assessment"``),
    as :func:`~ntmcriteria.serialize.assessment_to_data` writes it."""
    set_defs = _set_defs()
    unit = _obj({"level": _enum(Level, "Level."), "code": {"type": "string", "minLength": 1}},
                {"name": _TEXT}, "The assessed unit.")
    body = _obj(
        {
            "format": {"const": ASSESSMENT_FORMAT},
            "version": {"const": FORMAT_VERSION},
            "criteria_set": _TEXT,
            "unit": unit,
            "year": _INT,
            "parameters": {"type": "object", "additionalProperties": _ref("parameter_value"),
                           "description": "The parameter values used, by name."},
            "outcome": _enum(Outcome, "The verdict of the whole set."),
            "results": {"type": "array", "items": _ref("result")},
            "shortfalls": {"type": "array", "items": _ref("shortfall")},
            "missing": {"type": "array", "items": _ref("missing")},
        },
        {"$schema": _SCHEMA_PROPERTY, "outside_period": {
            "type": "array", "items": _outside_period(),
            "description": "The sets assessed in a year outside their valid period "
                           "(allow_outside_period=True); absent when there is none."}},
    )
    defs = _merge(_merge({**_common_defs()}, _kind_defs()),
                  {name: set_defs[name] for name in ("citation", "parameter_value", "rule_table")})
    return {
        "$schema": _DIALECT,
        "$id": ASSESSMENT_SCHEMA_ID,
        "title": "ntmcriteria assessment",
        **body,
        "$defs": _merge(defs, _trace_defs()),
    }


def json_schema(kind: str) -> Schema:
    """The schema of ``kind``: ``"criteria-set"``, ``"unit"`` or ``"assessment"``."""
    if kind == "criteria-set":
        return criteria_set_schema()
    if kind == "unit":
        return unit_schema()
    if kind == "assessment":
        return assessment_schema()
    raise FormatError(
        "schema request",
        [Problem("$", f"kind must be one of {', '.join(map(repr, SCHEMA_KINDS))} "
                      f"(got {shown(kind)}){did_you_mean(kind, SCHEMA_KINDS)}")],
    )
