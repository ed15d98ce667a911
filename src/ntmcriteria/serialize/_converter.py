"""One cattrs converter for every public value type.

``converter.unstructure(obj)`` gives the same plain data as the ``*_to_data``
functions; ``converter.structure(data, CriteriaSet)`` (or a unit class, or
``Rule``) loads through the same checked loader and raises
:class:`~ntmcriteria.serialize.FormatError`. The hooks are registered on a
converter made for this module (no global state is changed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import cattrs

from ntmcriteria.assessment import Assessment, Shortfall
from ntmcriteria.criteria import (
    CHANGE_TYPES,
    Citation,
    CriteriaSet,
    Criterion,
    Parameter,
    RegionOverride,
)
from ntmcriteria.indicators import Indicator
from ntmcriteria.rules import (
    Current,
    Difference,
    Fact,
    InYear,
    Ratio,
    RecognitionYear,
    Rule,
    YearsBefore,
)
from ntmcriteria.serialize import _dump
from ntmcriteria.serialize._api import (
    criteria_set_from_data,
    rule_from_data,
    threshold_from_data,
    unit_from_data,
)
from ntmcriteria.serialize._errors import FormatError, Problem
from ntmcriteria.thresholds import Const, Param, Scaled, Schedule, Threshold
from ntmcriteria.trace import Missing, Trace
from ntmcriteria.units import Commune, District, Province, Township, Unit, Village

__all__ = ["converter", "make_converter"]

_UNITS = (Village, Commune, Township, District, Province)


def _unit_hook(cls: type[Any]) -> Callable[[Any, type[Any]], Any]:
    def structure(data: Any, _: type[Any]) -> Any:
        unit = unit_from_data(data)
        if not isinstance(unit, cls):
            raise FormatError(
                "unit document",
                [Problem("$.level", f"expected a {cls.__name__} (got a {type(unit).__name__})")],
            )
        return unit

    return structure


def make_converter() -> cattrs.Converter:
    """A new converter with the ntmcriteria hooks registered."""
    conv = cattrs.Converter()
    unstructure: list[tuple[type[Any], Callable[[Any], Any]]] = [
        (CriteriaSet, _dump.criteria_set_to_data),
        (Criterion, _dump.criterion_to_data),
        (Citation, _dump.citation_to_data),
        (Indicator, _dump.indicator_to_data),
        (Parameter, _dump.parameter_to_data),
        (RegionOverride, _dump.region_override_to_data),
        (Rule, _dump.rule_to_data),
        (Fact, _dump.expr_to_data),
        (Difference, _dump.expr_to_data),
        (Ratio, _dump.expr_to_data),
        (Current, _dump.year_ref_to_data),
        (YearsBefore, _dump.year_ref_to_data),
        (InYear, _dump.year_ref_to_data),
        (RecognitionYear, _dump.year_ref_to_data),
        (Const, _dump.threshold_to_data),
        (Schedule, _dump.threshold_to_data),
        (Param, _dump.threshold_to_data),
        (Scaled, _dump.threshold_to_data),
        (Assessment, _dump.assessment_to_data),
        (Trace, _dump.trace_to_data),
        (Missing, _dump.missing_to_data),
        (Shortfall, _dump.shortfall_to_data),
        *((cls, _dump.unit_to_data) for cls in _UNITS),
        *((cls, _dump.change_to_data) for cls in CHANGE_TYPES),
    ]
    # Predicate hooks: no type-hint resolution of the classes (their annotations name
    # types imported only for type checking).
    for cls, hook in unstructure:
        conv.register_unstructure_hook_func(_is(cls), hook)
    conv.register_structure_hook_func(
        _is(CriteriaSet), lambda data, _: criteria_set_from_data(data)
    )
    conv.register_structure_hook_func(_is(Rule), lambda data, _: rule_from_data(data))
    for threshold_cls in (Const, Schedule, Param, Scaled):
        conv.register_structure_hook_func(_is(threshold_cls), _threshold_hook(threshold_cls))
    for cls in _UNITS:
        conv.register_structure_hook_func(_is(cls), _unit_hook(cls))
    # The unions: any unit (by its "level"), any threshold.
    conv.register_structure_hook_func(lambda tp: tp == Unit, lambda data, _: unit_from_data(data))
    conv.register_structure_hook_func(
        lambda tp: tp == Threshold, lambda data, _: threshold_from_data(data)
    )
    return conv


def _is(cls: type[Any]) -> Callable[[Any], bool]:
    def predicate(tp: Any) -> bool:
        return isinstance(tp, type) and issubclass(tp, cls)

    return predicate


def _threshold_hook(cls: type[Any]) -> Callable[[Any, type[Any]], Any]:
    def structure(data: Any, _: type[Any]) -> Any:
        threshold = threshold_from_data(data)
        if not isinstance(threshold, cls):
            raise FormatError(
                "threshold",
                [
                    Problem(
                        "$",
                        f"expected a {cls.__name__} threshold (got a {type(threshold).__name__})",
                    )
                ],
            )
        return threshold

    return structure


#: The library's converter (hooks for every public value type).
converter = make_converter()
