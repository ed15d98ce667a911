"""Objects -> plain data (dicts, lists, str, int, Decimal, bool, None).

Fields holding their default value are left out, so documents stay short and
dumping is canonical: the same object always gives the same data.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ntmcriteria._values import exact
from ntmcriteria.assessment import Assessment, Shortfall
from ntmcriteria.criteria import (
    MAX_RULE_DEPTH,
    AddCriterion,
    AddIndicator,
    AddParameter,
    Change,
    Citation,
    CriteriaSet,
    Criterion,
    DropCriterion,
    Parameter,
    RegionOverride,
    ReplaceCriterion,
    ReplaceReference,
    ReplaceThreshold,
    SetParameter,
)
from ntmcriteria.indicators import Indicator
from ntmcriteria.rules import (
    AllOf,
    AnyOf,
    AtLeast,
    Compare,
    Count,
    Current,
    Difference,
    Expr,
    Fact,
    HeldEachYear,
    InYear,
    Labelled,
    MeetsSet,
    Not,
    Ratio,
    RecognitionYear,
    Rule,
    RuleParam,
    Share,
    YearRef,
    YearsBefore,
)
from ntmcriteria.serialize._errors import FormatError, Problem
from ntmcriteria.serialize._names import (
    ASSESSMENT_FORMAT,
    CRITERIA_SET_FORMAT,
    FORMAT_VERSION,
    UNIT_FORMAT,
)
from ntmcriteria.thresholds import Const, Param, Scaled, Schedule, Threshold
from ntmcriteria.trace import Missing, Trace
from ntmcriteria.units import Commune, District, Province, Township, Unit, Village

__all__ = [
    "assessment_to_data",
    "criteria_set_to_data",
    "rule_to_data",
    "threshold_to_data",
    "unit_to_data",
]

Data = dict[str, Any]


def _value(value: object) -> Any:
    """An exact scalar (Decimal, int, bool) or None; floats go through their repr."""
    if value is None or isinstance(value, bool | int | Decimal):
        return value
    return exact(value, "value")


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


def schedule_to_data(schedule: Schedule) -> Data:
    entries = []
    for (region, year), value in schedule.entries:
        entry: Data = {}
        if region is not None:
            entry["region"] = region.value
        if year is not None:
            entry["year"] = year
        entry["value"] = value
        entries.append(entry)
    return {"schedule": entries}


def threshold_to_data(threshold: Threshold) -> Any:
    """A constant is written bare (``45``, ``true``); other thresholds are tagged objects."""
    if isinstance(threshold, Const):
        return threshold.value
    if isinstance(threshold, Schedule):
        return schedule_to_data(threshold)
    if isinstance(threshold, Param):
        return {"param": threshold.name}
    if isinstance(threshold, Scaled):
        return {"scaled": threshold.factor, "base": threshold_to_data(threshold.base)}
    raise _cannot("threshold", threshold)


def year_ref_to_data(ref: YearRef) -> Data:
    if isinstance(ref, Current):
        return {"current": True}
    if isinstance(ref, YearsBefore):
        return {"years_before": ref.n}
    if isinstance(ref, InYear):
        return {"in_year": ref.year}
    if isinstance(ref, RecognitionYear):
        return {"recognition_year": ref.tier.value}
    raise _cannot("year reference", ref)


def fact_to_data(fact: Fact) -> Data:
    out: Data = {"fact": fact.key}
    if not isinstance(fact.at, Current):
        out["at"] = year_ref_to_data(fact.at)
    return out


def expr_to_data(expr: Expr) -> Data:
    if isinstance(expr, Fact):
        return fact_to_data(expr)
    if isinstance(expr, Difference):
        return {"difference": [fact_to_data(expr.left), fact_to_data(expr.right)]}
    if isinstance(expr, Ratio):
        return {"ratio": [fact_to_data(expr.numerator), fact_to_data(expr.denominator)]}
    raise _cannot("expression", expr)


def _cannot(what: str, value: object) -> FormatError:
    return FormatError(
        f"{what} to dump",
        [Problem("$", f"cannot write a {type(value).__name__} as a {what} (got {value!r})")],
    )


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
        raise FormatError(
            "rule to dump",
            [
                Problem(
                    "$",
                    f"the rule is nested {depth} levels deep, more than max_rule_depth="
                    f"{max_rule_depth}",
                )
            ],
        )
    return _rule(rule)


def _rule(rule: Rule) -> Data:
    if isinstance(rule, AllOf):
        return {"all_of": [_rule(r) for r in rule.rules]}
    if isinstance(rule, AnyOf):
        return {"any_of": [_rule(r) for r in rule.rules]}
    if isinstance(rule, AtLeast):
        return {"at_least": rule.k, "of": [_rule(r) for r in rule.rules]}
    if isinstance(rule, Not):
        return {"not": _rule(rule.rule)}
    if isinstance(rule, Labelled):
        return {"labelled": _rule(rule.rule), "vi": rule.vi, "en": rule.en}
    if isinstance(rule, Compare):
        return {
            "compare": expr_to_data(rule.expr),
            "op": rule.op,
            "threshold": threshold_to_data(rule.threshold),
        }
    if isinstance(rule, Share | Count):
        return {
            rule.kind: rule.level.value,
            "rule": _rule(rule.rule),
            "at_least": threshold_to_data(rule.at_least),
        }
    if isinstance(rule, HeldEachYear):
        return {"held_each_year": _rule(rule.rule), "years": rule.years}
    if isinstance(rule, MeetsSet):
        out: Data = {"meets": rule.set_id}
        if rule.tier is not None:
            out["tier"] = rule.tier.value
        if rule.recognised_from is not None:
            out["recognised_from"] = rule.recognised_from
        return out
    if isinstance(rule, RuleParam):
        return {"rule_param": rule.name}
    raise _cannot("rule", rule)


def parameter_value_to_data(value: object) -> Any:
    """A parameter's value: a scalar, ``{"schedule": [...]}`` or a rule object."""
    if isinstance(value, Rule):
        return rule_to_data(value)
    if isinstance(value, Schedule):
        return schedule_to_data(value)
    if isinstance(value, Mapping):
        return schedule_to_data(Schedule(value))
    return _value(value)


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


def change_to_data(change: Change) -> Data:
    citation = citation_to_data(change.citation)
    if isinstance(change, SetParameter):
        return {
            "set_parameter": change.name,
            "value": parameter_value_to_data(change.value),
            "citation": citation,
        }
    if isinstance(change, ReplaceThreshold):
        out: Data = {
            "replace_threshold": change.criterion_id,
            "threshold": threshold_to_data(change.threshold),
        }
        if change.path is not None:
            out["path"] = list(change.path)
        out["citation"] = citation
        return out
    if isinstance(change, ReplaceCriterion):
        return {"replace_criterion": criterion_to_data(change.criterion), "citation": citation}
    if isinstance(change, DropCriterion):
        return {"drop_criterion": change.criterion_id, "citation": citation}
    if isinstance(change, AddCriterion):
        return {"add_criterion": criterion_to_data(change.criterion), "citation": citation}
    if isinstance(change, AddIndicator):
        return {"add_indicator": indicator_to_data(change.indicator), "citation": citation}
    if isinstance(change, AddParameter):
        return {"add_parameter": parameter_to_data(change.parameter), "citation": citation}
    if isinstance(change, ReplaceReference):
        return {
            "replace_reference": change.old_id,
            "criteria_set": set_body_to_data(change.criteria_set),
            "citation": citation,
        }
    raise _cannot("change", change)


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
    out["criteria"] = [criterion_to_data(c) for c in cs.criteria]
    if cs.derived_from is not None:
        out["derived_from"] = cs.derived_from
    if cs.changes:
        out["changes"] = [change_to_data(c) for c in cs.changes]
    return out


def criteria_set_to_data(cs: CriteriaSet) -> Data:
    """A criteria-set document: the format header, then the set."""
    if not isinstance(cs, CriteriaSet):
        raise _cannot("criteria set", cs)
    return {"format": CRITERIA_SET_FORMAT, "version": FORMAT_VERSION, **set_body_to_data(cs)}


def _facts(facts: Mapping[str, Any]) -> Data:
    return {key: _value(value) for key, value in facts.items()}


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
    if unit.facts:
        out["facts"] = _facts(unit.facts)
    if unit.history:
        out["history"] = {str(year): _facts(facts) for year, facts in unit.history.items()}
    if unit.recognitions:
        out["recognitions"] = {tier.value: year for tier, year in unit.recognitions.items()}
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
    return out


def unit_to_data(unit: Unit) -> Data:
    """A unit document: the format header, then the unit and its members."""
    if not isinstance(unit, Village | Commune | Township | District | Province):
        raise _cannot("unit", unit)
    return {"format": UNIT_FORMAT, "version": FORMAT_VERSION, **unit_body_to_data(unit)}


# ------------------------------------------------------------------------- assessments
def missing_to_data(item: Missing) -> Data:
    out: Data = {"kind": item.kind, "key": item.key, "unit": item.unit}
    if item.year is not None:
        out["year"] = item.year
    if item.region is not None:
        out["region"] = item.region.value
    for name in ("hint", "label_vi", "label_en"):
        if getattr(item, name):
            out[name] = getattr(item, name)
    return out


_TRACE_SCALARS = (
    "op",
    "observed",
    "required",
    "shortfall",
    "baseline",
    "baseline_year",
    "factor",
    "total",
    "more_needed",
    "label_vi",
    "label_en",
    "note_vi",
    "note_en",
)


def trace_to_data(trace: Trace) -> Data:
    out: Data = {
        "kind": trace.kind,
        "outcome": trace.outcome.value,
        "unit": trace.unit,
        "year": trace.year,
    }
    if trace.unit_name:
        out["unit_name"] = trace.unit_name
    if trace.indicator is not None:
        out["indicator"] = trace.indicator.key
    for name in _TRACE_SCALARS:
        value = getattr(trace, name)
        if value is not None and value != "":
            out[name] = _value(value) if not isinstance(value, str) else value
    for name in ("passed", "failed", "unknown"):
        if getattr(trace, name):
            out[name] = list(getattr(trace, name))
    if trace.missing:
        out["missing"] = [missing_to_data(m) for m in trace.missing]
    if trace.citation is not None:
        out["citation"] = citation_to_data(trace.citation)
    if trace.children:
        out["children"] = [trace_to_data(c) for c in trace.children]
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
    for name in ("op", "observed", "required", "shortfall", "more_needed"):
        value = getattr(item, name)
        if value is not None:
            out[name] = value if isinstance(value, str) else _value(value)
    if item.failed_members:
        out["failed_members"] = list(item.failed_members)
    out["citation"] = citation_to_data(item.citation)
    return out


def assessment_to_data(assessment: Assessment) -> Data:
    """An assessment document (output only): outcome, results with traces, shortfalls, missing."""
    if not isinstance(assessment, Assessment):
        raise _cannot("assessment", assessment)
    unit = assessment.unit
    unit_data: Data = {"level": unit.level.value, "code": unit.code}
    if unit.name:
        unit_data["name"] = unit.name
    return {
        "format": ASSESSMENT_FORMAT,
        "version": FORMAT_VERSION,
        "criteria_set": assessment.criteria_set.id,
        "unit": unit_data,
        "year": assessment.year,
        "parameters": {
            name: parameter_value_to_data(value) for name, value in assessment.parameters.items()
        },
        "outcome": assessment.outcome.value,
        "results": [
            {
                "criterion": r.id,
                "number": r.criterion.number,
                "label_vi": r.criterion.label_vi,
                "label_en": r.criterion.label_en,
                "outcome": r.outcome.value,
                "citation": citation_to_data(r.criterion.citation),
                "trace": trace_to_data(r.trace),
            }
            for r in assessment.results
        ],
        "shortfalls": [shortfall_to_data(s) for s in assessment.shortfalls()],
        "missing": [missing_to_data(m) for m in assessment.missing()],
    }
