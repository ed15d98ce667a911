"""Objects -> plain data (dicts, lists, str, int, Decimal, bool, None).

Rules, expressions, year references, thresholds and derivation changes are
written from their kinds' declarations (:mod:`._fieldkinds`); the records
around them (criteria sets, criteria, citations, indicators, parameters,
units, assessments) are written here. Fields holding their default value are
left out, so documents stay short and dumping is canonical: the same object
always gives the same data. A trace is written as its header and its kind's
typed detail, field by field.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ntmcriteria._values import shown
from ntmcriteria.assessment import Assessment, Shortfall
from ntmcriteria.citations import Citation
from ntmcriteria.classifications import Classification, ClassRule
from ntmcriteria.criteria import (
    MAX_RULE_DEPTH,
    CriteriaSet,
    Criterion,
    Parameter,
    PeriodLink,
    RegionOverride,
)
from ntmcriteria.indicators import Indicator
from ntmcriteria.recognition import Recognition
from ntmcriteria.rules import Rule, RuleTable
from ntmcriteria.serialize import _engine, _fieldkinds
from ntmcriteria.serialize._errors import FormatError, Problem
from ntmcriteria.serialize._names import (
    ASSESSMENT_FORMAT,
    ASSESSMENT_SCHEMA_ID,
    CRITERIA_SET_FORMAT,
    CRITERIA_SET_SCHEMA_ID,
    FORMAT_VERSION,
    PARAMETERS_FORMAT,
    UNIT_FORMAT,
    UNIT_SCHEMA_ID,
)
from ntmcriteria.serialize._scalars import exact_scalar
from ntmcriteria.thresholds import Schedule, Threshold
from ntmcriteria.trace import Detail, Missing, Trace
from ntmcriteria.units import (
    ClosedRegister,
    Commune,
    District,
    Merger,
    Province,
    Township,
    Unit,
    Village,
    Ward,
)

__all__ = [
    "TRACE_HEADER",
    "assessment_to_data",
    "change_to_data",
    "criteria_set_to_data",
    "detail_to_data",
    "kind_to_data",
    "rule_to_data",
    "threshold_to_data",
    "unit_to_data",
]

Data = dict[str, Any]


def _cannot(what: str, value: object) -> FormatError:
    return FormatError(
        f"{what} to dump",
        [Problem("$", f"cannot write a {type(value).__name__} as a {what} (got {shown(value)})")],
    )


# ------------------------------------------------------------------------------- kinds
def kind_to_data(family: str, obj: object) -> Any:
    """Plain data for ``obj``, a kind of the family ``family`` ("rule", "threshold", ...)."""
    return _engine.dump(_fieldkinds.family(family), obj)


def threshold_to_data(threshold: Threshold) -> Any:
    """A constant is written bare (``45``, ``true``); other thresholds are tagged objects."""
    return kind_to_data("threshold", threshold)


def change_to_data(change: object) -> Data:
    data: Data = kind_to_data("change", change)
    return data


def rule_depth(rule: Rule) -> int:
    """The nesting depth of ``rule`` (1 for a leaf), computed without recursion."""
    deepest = 0
    stack: list[tuple[Rule, int]] = [(rule, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((part, depth + 1) for part in node.parts)
    return deepest


def rule_to_data(rule: Rule, *, max_rule_depth: int = MAX_RULE_DEPTH) -> Data:
    """Plain data for ``rule``; a rule nested deeper than ``max_rule_depth`` is refused."""
    if not isinstance(rule, Rule):
        raise _cannot("rule", rule)
    depth = rule_depth(rule)
    if depth > max_rule_depth:
        raise FormatError("rule to dump", [Problem(
            "$", f"the rule is nested {depth} levels deep, more than max_rule_depth="
                 f"{max_rule_depth}")])
    data: Data = kind_to_data("rule", rule)
    return data


# ----------------------------------------------------------------------------- records
def citation_to_data(citation: Citation) -> Data:
    out: Data = {"document": citation.document, "confidence": citation.confidence.value}
    for name in ("date", "article", "note", "amends"):
        if getattr(citation, name):
            out[name] = getattr(citation, name)
    return out


def indicator_to_data(indicator: Indicator) -> Data:
    out: Data = {
        "key": indicator.key,
        "label_vi": indicator.label_vi,
        "label_en": indicator.label_en,
        "measure": indicator.measure.value,
        "value_type": indicator.value_type.value,
    }
    if indicator.minimum is not None:
        out["minimum"] = indicator.minimum
    if indicator.maximum is not None:
        out["maximum"] = indicator.maximum
    if indicator.note:
        out["note"] = indicator.note
    return out


def rule_table_to_data(table: RuleTable) -> Data:
    """``{"rule_table": [{"group": "1", "rule": {...}}, ...]}``."""
    return {"rule_table": [{**dict(key), "rule": rule_to_data(rule)}
                           for key, rule in table.entries]}


def parameter_value_to_data(value: object) -> Any:
    """A parameter's value: a scalar, a choice (a code), ``{"schedule": [...]}``,
    ``{"rule_table": [...]}`` or a rule object."""
    if isinstance(value, Rule):
        return rule_to_data(value)
    if isinstance(value, RuleTable):
        return rule_table_to_data(value)
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        value = Schedule(value)
    dumped = _fieldkinds.dump_any(value)
    return exact_scalar(value) if dumped is None else dumped


def parameter_to_data(parameter: Parameter) -> Data:
    out: Data = {
        "name": parameter.name,
        "label_vi": parameter.label_vi,
        "label_en": parameter.label_en,
        "citation": citation_to_data(parameter.citation),
    }
    if parameter.kind != "value":
        out["kind"] = parameter.kind
    if parameter.measure is not None:
        out["measure"] = parameter.measure.value
    if parameter.keyed_by:
        out["keyed_by"] = list(parameter.keyed_by)
    if parameter.default is not None:
        out["default"] = parameter_value_to_data(parameter.default)
    return out


def parameters_to_data(cs: CriteriaSet, values: Mapping[str, Any],
                       source: Citation | None = None) -> Data:
    """A parameters document: values for ``cs``'s parameters (checked first)."""
    if not isinstance(cs, CriteriaSet):
        raise _cannot("criteria set", cs)
    checked = cs.resolve_parameters(values)
    out: Data = {"format": PARAMETERS_FORMAT, "version": FORMAT_VERSION, "criteria_set": cs.id}
    if source is not None:
        out["source"] = citation_to_data(source)
    out["values"] = {name: parameter_value_to_data(value) for name, value in checked.items()}
    return out


def criterion_to_data(criterion: Criterion) -> Data:
    out: Data = {
        "id": criterion.id,
        "number": criterion.number,
        "label_vi": criterion.label_vi,
        "label_en": criterion.label_en,
    }
    if criterion.group:
        out["group"] = criterion.group
    out["rule"] = rule_to_data(criterion.rule)
    out["citation"] = citation_to_data(criterion.citation)
    return out


def region_override_to_data(override: RegionOverride) -> Data:
    return {
        "when": rule_to_data(override.when),
        "region": override.region.value,
        "citation": citation_to_data(override.citation),
    }


def class_rule_to_data(rule: ClassRule) -> Data:
    return {"value": rule.value, "when": rule_to_data(rule.when),
            "citation": citation_to_data(rule.citation)}


def classification_to_data(classification: Classification) -> Data:
    out: Data = {
        "name": classification.name,
        "label_vi": classification.label_vi,
        "label_en": classification.label_en,
        "values": [{"code": v.code, "label_vi": v.label_vi, "label_en": v.label_en}
                   for v in classification.values],
    }
    if classification.field is not None:
        out["field"] = classification.field
    if classification.overrides:
        out["overrides"] = [class_rule_to_data(r) for r in classification.overrides]
    if classification.rules:
        out["rules"] = [class_rule_to_data(r) for r in classification.rules]
    if classification.residual is not None:
        out["residual"] = classification.residual
    if classification.conflict_parameter is not None:
        out["conflict_parameter"] = classification.conflict_parameter
    if classification.citation is not None:
        out["citation"] = citation_to_data(classification.citation)
    if classification.stated:
        out["stated"] = [{"key": f.key, "value": f.value} for f in classification.stated]
    return out


def period_link_to_data(link: PeriodLink) -> Data:
    return {"set_id": link.set_id, "valid_from": link.valid_from, "valid_to": link.valid_to,
            "citation": citation_to_data(link.citation)}


def set_body_to_data(cs: CriteriaSet) -> Data:
    """A criteria set without the format header (as nested in ``references``)."""
    out: Data = {
        "id": cs.id,
        "label_vi": cs.label_vi,
        "label_en": cs.label_en,
        "level": cs.level.value,
        "valid_from": cs.valid_from,
        "valid_to": cs.valid_to,
    }
    if cs.member_level is not None:
        out["member_level"] = cs.member_level.value
    if cs.citation is not None:
        out["citation"] = citation_to_data(cs.citation)
    if cs.indicators:
        out["indicators"] = [indicator_to_data(i) for i in cs.indicators]
    if cs.parameters:
        out["parameters"] = [parameter_to_data(p) for p in cs.parameters]
    if cs.references:
        out["references"] = [set_body_to_data(r) for r in cs.references]
    if cs.region_overrides:
        out["region_overrides"] = [region_override_to_data(o) for o in cs.region_overrides]
    if cs.classifications:
        out["classifications"] = [classification_to_data(c) for c in cs.classifications]
    out["criteria"] = [criterion_to_data(c) for c in cs.criteria]
    if cs.derived_from is not None:
        out["derived_from"] = cs.derived_from
        if len(cs.derivation) > 1:  # the whole chain, for a set derived more than once
            out["derivation"] = list(cs.derivation)
    if cs.changes:
        out["changes"] = [change_to_data(c) for c in cs.changes]
    if cs.other_periods:
        out["other_periods"] = [period_link_to_data(link) for link in cs.other_periods]
    return out


def _schema_key(with_schema: bool, schema_id: str) -> Data:
    """``{"$schema": id}`` first in a document, when asked for (editors read it)."""
    if not isinstance(with_schema, bool):
        raise FormatError("dump options", [Problem(
            "$", f"with_schema must be True or False (got {with_schema!r:.60})")])
    return {"$schema": schema_id} if with_schema else {}


def criteria_set_to_data(cs: CriteriaSet, *, with_schema: bool = False) -> Data:
    """A criteria-set document: the format header, then the set. ``with_schema=True`` adds
    the document's ``$schema`` (the published schema's ``$id``) first."""
    if not isinstance(cs, CriteriaSet):
        raise _cannot("criteria set", cs)
    return {**_schema_key(with_schema, CRITERIA_SET_SCHEMA_ID), "format": CRITERIA_SET_FORMAT,
            "version": FORMAT_VERSION, **set_body_to_data(cs)}


def _facts(facts: Mapping[str, Any]) -> Data:
    return {key: exact_scalar(value) for key, value in facts.items()}


def unit_body_to_data(unit: Unit) -> Data:
    out: Data = {"level": unit.level.value, "code": unit.code}
    if unit.name:
        out["name"] = unit.name
    region = getattr(unit, "region", None)
    if region is not None:
        out["region"] = region.value
    zone = getattr(unit, "zone", None)
    if zone is not None:
        out["zone"] = zone
    group = getattr(unit, "group", None)
    if group is not None:
        out["group"] = group
    if unit.facts:
        out["facts"] = _facts(unit.facts)
    if unit.history:
        out["history"] = {str(year): _facts(facts) for year, facts in unit.history.items()}
    if unit.recognitions:
        out["recognitions"] = {tier.value: recognition_to_data(r)
                               for tier, r in unit.recognitions.items()}
    if unit.registers:
        out["registers"] = [register_to_data(r) for r in unit.registers]
    if isinstance(unit, Commune) and unit.villages:
        out["villages"] = [unit_body_to_data(v) for v in unit.villages]
    if isinstance(unit, District):
        if unit.communes:
            out["communes"] = [unit_body_to_data(c) for c in unit.communes]
        if unit.townships:
            out["townships"] = [unit_body_to_data(t) for t in unit.townships]
    if isinstance(unit, Province):
        if unit.districts:
            out["districts"] = [unit_body_to_data(d) for d in unit.districts]
        if unit.communes:
            out["communes"] = [unit_body_to_data(c) for c in unit.communes]
        if unit.wards:
            out["wards"] = [unit_body_to_data(w) for w in unit.wards]
    if unit.merged_from is not None:
        out["merged_from"] = merger_to_data(unit.merged_from)
    return out


def recognition_to_data(recognition: Recognition) -> int | Data:
    """A recognition: its year alone when that is all it says, else an object."""
    if recognition.decided is None and recognition.decision is None:
        return recognition.year
    out: Data = {"year": recognition.year}
    if recognition.decided is not None:
        out["decided"] = recognition.decided.isoformat()
    if recognition.decision is not None:
        out["decision"] = recognition.decision
    return out


def register_to_data(register: ClosedRegister) -> Data:
    out: Data = {"tier": register.tier.value, "start": register.start, "end": register.end}
    if register.level is not None:
        out["level"] = register.level.value
    if register.by != "year":
        out["by"] = register.by
    return out


def merger_to_data(merger: Merger) -> Data:
    out: Data = {"date": merger.date.isoformat(),
                 "units": [unit_body_to_data(u) for u in merger.units]}
    if merger.citation is not None:
        out["citation"] = citation_to_data(merger.citation)
    return out


def unit_to_data(unit: Unit, *, with_schema: bool = False) -> Data:
    """A unit document: the format header, then the unit and its members."""
    if not isinstance(unit, Village | Commune | Township | Ward | District | Province):
        raise _cannot("unit", unit)
    return {**_schema_key(with_schema, UNIT_SCHEMA_ID), "format": UNIT_FORMAT,
            "version": FORMAT_VERSION, **unit_body_to_data(unit)}


# ------------------------------------------------------------------------- assessments
def missing_to_data(item: Missing) -> Data:
    """A missing item; ``suggestion`` is a near-miss fact key the unit carries (a typo)."""
    out: Data = {"kind": item.kind, "key": item.key, "unit": item.unit}
    if item.year is not None:
        out["year"] = item.year
    if item.region is not None:
        out["region"] = item.region.value
    if item.classes:
        out["classes"] = dict(item.classes)
    suggestion = item.suggestion
    if suggestion:
        out["suggestion"] = suggestion
    for name in ("label_vi", "label_en", "note_vi", "note_en"):
        if getattr(item, name):
            out[name] = getattr(item, name)
    return out


#: The keys of a trace's header; a detail's fields are written beside them.
TRACE_HEADER = ("kind", "outcome", "unit", "year", "unit_name", "path", "label_vi",
                "label_en", "missing", "citation", "children")


def _detail_value(value: object) -> Any:
    """A detail field's value as plain data, by its type (kinds by their declarations)."""
    if value is None or isinstance(value, bool | int | Decimal | float):
        return exact_scalar(value)
    if isinstance(value, str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Indicator):
        return value.key
    if isinstance(value, tuple | list):
        return [_detail_value(item) for item in value]
    dumped = _fieldkinds.dump_any(value)
    if dumped is None:
        raise _cannot("trace detail value", value)
    return dumped


def detail_to_data(detail: Detail) -> Data:
    """A trace's typed detail, field by field; empty values and defaults are left out."""
    cls = type(detail)
    if not attrs.has(cls):
        return {}
    out: Data = {}
    for field in attrs.fields(cls):
        value = getattr(detail, field.name)
        if value is None or (isinstance(value, str | tuple) and not value) or (
                field.default is not attrs.NOTHING and type(value) is type(field.default)
                and value == field.default):
            continue
        out[field.name] = _detail_value(value)
    return out


def trace_to_data(trace: Trace, written: dict[int, Trace] | None = None) -> Data:
    """A trace and its children. A referenced set is evaluated once per unit, set and year,
    so its criteria's traces are shared by every ``meets`` that refers to it: they are
    written in full at their first occurrence in ``written`` (traces already written), and
    later as their header with ``"explained_above": true``. The document then grows with
    the number of distinct evaluations, not with the number of paths to them."""
    seen: dict[int, Trace] = {} if written is None else written
    repeated = id(trace) in seen
    seen[id(trace)] = trace
    out: Data = {
        "kind": trace.kind,
        "outcome": trace.outcome.value,
        "unit": trace.unit,
        "year": trace.year,
    }
    if trace.unit_name:
        out["unit_name"] = trace.unit_name
    if trace.path:
        out["path"] = list(trace.path)
    out.update(detail_to_data(trace.detail))
    for name in ("label_vi", "label_en"):
        if getattr(trace, name):
            out[name] = getattr(trace, name)
    if trace.missing:
        out["missing"] = [missing_to_data(m) for m in trace.missing]
    if trace.citation is not None:
        out["citation"] = citation_to_data(trace.citation)
    if repeated:
        out["explained_above"] = True
    elif trace.children:
        out["children"] = [trace_to_data(c, seen) for c in trace.children]
    return out


def shortfall_to_data(item: Shortfall) -> Data:
    out: Data = {
        "criterion": item.criterion_id,
        "unit": item.unit,
        "year": item.year,
        "path": list(item.path),
        "kind": item.kind,
    }
    if item.indicator is not None:
        out["indicator"] = item.indicator.key
    detail: Any = item.trace.detail
    unit = detail.value_unit
    for name in ("op", "observed", "required", "observed_unit", "shortfall", "shortfall_unit",
                 "more_needed"):
        value = (("" if unit is None else unit.value) if name == "observed_unit"
                 else getattr(item, name))
        if value is not None and value != "":
            out[name] = value if isinstance(value, str) else exact_scalar(value)
    if item.failed_members:
        out["failed_members"] = list(item.failed_members)
    out["citation"] = citation_to_data(item.citation)
    return out


def assessment_to_data(assessment: Assessment, *, with_schema: bool = False) -> Data:
    """An assessment document (output only): outcome, results with traces, shortfalls, missing."""
    if not isinstance(assessment, Assessment):
        raise _cannot("assessment", assessment)
    schema_key = _schema_key(with_schema, ASSESSMENT_SCHEMA_ID)
    unit = assessment.unit
    unit_data: Data = {"level": unit.level.value, "code": unit.code}
    if unit.name:
        unit_data["name"] = unit.name
    out: Data = {
        **schema_key,
        "format": ASSESSMENT_FORMAT,
        "version": FORMAT_VERSION,
        "criteria_set": assessment.criteria_set.id,
        "unit": unit_data,
        "year": assessment.year,
        "parameters": {
            name: parameter_value_to_data(value) for name, value in assessment.parameters.items()
        },
        "outcome": assessment.outcome.value,
    }
    if assessment.outside_period:
        # assessed with allow_outside_period=True: which sets, their period, the year
        out["outside_period"] = [r.to_dict() for r in assessment.outside_period]
    out.update({
        "results": _results(assessment),
        "shortfalls": [shortfall_to_data(s) for s in assessment.shortfalls()],
        "missing": [missing_to_data(m) for m in assessment.missing(all=True)],
    })
    return out


def _results(assessment: Assessment) -> list[Data]:
    written: dict[int, Trace] = {}
    return [
            {
                "criterion": r.id,
                "number": r.criterion.number,
                "label_vi": r.criterion.label_vi,
                "label_en": r.criterion.label_en,
                "outcome": r.outcome.value,
                "citation": citation_to_data(r.criterion.citation),
                "trace": trace_to_data(r.trace, written),
            }
            for r in assessment.results
        ]


# The records a derivation change holds, as field kinds (read by the loader's methods).
_fieldkinds.register(
    _fieldkinds.record_kind("citation", "a citation", citation_to_data,
                            lambda h, d, p: h.citation(d, p), last=True),
    _fieldkinds.record_kind("criterion", "a criterion", criterion_to_data,
                            lambda h, d, p: h.criterion(d, p)),
    _fieldkinds.record_kind("indicator", "an indicator", indicator_to_data,
                            lambda h, d, p: h.indicator(d, p)),
    _fieldkinds.record_kind("parameter", "a parameter", parameter_to_data,
                            lambda h, d, p: h.parameter(d, p)),
    _fieldkinds.record_kind("criteria_set", "a criteria set", set_body_to_data,
                            lambda h, d, p: h.criteria_set(d, p)),
    _fieldkinds.record_kind("parameter_value", "a parameter value", parameter_value_to_data,
                            lambda h, d, p: h.parameter_value(d, p), absent=None),
)
