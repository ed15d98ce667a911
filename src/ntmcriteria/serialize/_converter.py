"""One cattrs converter for every public value type.

``converter.unstructure(obj)`` gives the same plain data as the ``*_to_data``
functions; ``converter.structure(data, CriteriaSet)`` (or a unit class, ``Rule``,
a threshold, an expression, a year reference or a change class, or one of their
unions) loads through the same checked loader and raises
:class:`~ntmcriteria.serialize.FormatError`. The hooks of the kinds are made
from the families (the core's kind tuples), so a new kind has them too. They
are registered on a converter made for this module (no global state is
changed).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Any

import cattrs

from ntmcriteria.assessment import Assessment, Shortfall
from ntmcriteria.citations import Citation
from ntmcriteria.classifications import Classification
from ntmcriteria.criteria import CriteriaSet, Criterion, Parameter, PeriodLink, RegionOverride
from ntmcriteria.indicators import Indicator
from ntmcriteria.rules import Rule
from ntmcriteria.serialize import _dump, _engine, _fieldkinds
from ntmcriteria.serialize._api import (
    criteria_set_from_data,
    kind_from_data,
    rule_from_data,
    unit_from_data,
)
from ntmcriteria.serialize._errors import FormatError, Problem
from ntmcriteria.serialize._kinds import Family
from ntmcriteria.trace import Missing, Trace
from ntmcriteria.units import Commune, District, Province, Township, Unit, Village, Ward

__all__ = ["converter", "make_converter"]

_UNITS = (Village, Commune, Township, Ward, District, Province)


def _checked(what: str, cls: type[Any], load: Callable[[Any], Any]) -> Callable[[Any, Any], Any]:
    """A structure hook loading with ``load`` and checking the result is a ``cls``."""

    def structure(data: Any, _: Any) -> Any:
        obj = load(data)
        if not isinstance(obj, cls):
            raise FormatError(what, [Problem(
                "$", f"expected a {cls.__name__} (got a {type(obj).__name__})")])
        return obj

    return structure


def make_converter() -> cattrs.Converter:
    """A new converter with the ntmcriteria hooks registered."""
    conv = cattrs.Converter()
    # The kinds of every family first (the hooks registered later take precedence: a rule's,
    # which checks its depth). They find the kind's family when used, so that the families
    # are built from the declarations on first use, never at import.
    conv.register_unstructure_hook_func(lambda tp: _family_of(tp) is not None,
                                        lambda obj: _dump_kind(obj))
    conv.register_structure_hook_func(lambda tp: _family_of(tp) is not None, _structure_kind)
    unstructure: list[tuple[type[Any], Callable[[Any], Any]]] = [
        (CriteriaSet, _dump.criteria_set_to_data),
        (Criterion, _dump.criterion_to_data),
        (Citation, _dump.citation_to_data),
        (Indicator, _dump.indicator_to_data),
        (Parameter, _dump.parameter_to_data),
        (RegionOverride, _dump.region_override_to_data),
        (Classification, _dump.classification_to_data),
        (PeriodLink, _dump.period_link_to_data),
        (Rule, _dump.rule_to_data),
        (Assessment, _dump.assessment_to_data),
        (Trace, _dump.trace_to_data),
        (Missing, _dump.missing_to_data),
        (Shortfall, _dump.shortfall_to_data),
        *((cls, _dump.unit_to_data) for cls in _UNITS),
    ]
    # Predicate hooks: no type-hint resolution of the classes (their annotations name
    # types imported only for type checking).
    for cls, hook in unstructure:
        conv.register_unstructure_hook_func(_is(cls), hook)
    conv.register_structure_hook_func(_is(CriteriaSet),
                                      lambda data, _: criteria_set_from_data(data))
    conv.register_structure_hook_func(lambda tp: tp is Rule, lambda data, _: rule_from_data(data))
    for cls in _UNITS:
        conv.register_structure_hook_func(_is(cls), _checked("unit document", cls,
                                                             unit_from_data))
    conv.register_structure_hook_func(lambda tp: tp == Unit, lambda data, _: unit_from_data(data))
    return conv


def _family_of(tp: Any) -> Family | None:
    """The family of the kind class ``tp``, or whose kinds' union ``tp`` is
    (``Threshold``, ``Expr``, ``YearRef``, ``AnyChange``)."""
    for family in _fieldkinds.families():
        if isinstance(tp, type) and any(issubclass(tp, spec.cls) for spec in family.kinds):
            return family
        if tp == _union(family):
            return family
    return None


def _union(family: Family) -> Any:
    return functools.reduce(operator.or_, (spec.cls for spec in family.kinds))


def _dump_kind(obj: Any) -> Any:
    family = _family_of(type(obj))
    assert family is not None  # noqa: S101 - the predicate found it
    return _engine.dump(family, obj)


def _structure_kind(data: Any, tp: Any) -> Any:
    family = _family_of(tp)
    assert family is not None  # noqa: S101 - the predicate found it
    obj = kind_from_data(family.name, data)
    if isinstance(tp, type) and not isinstance(obj, tp):
        raise FormatError(family.what, [Problem(
            "$", f"expected a {tp.__name__} (got a {type(obj).__name__})")])
    return obj


def _is(cls: type[Any]) -> Callable[[Any], bool]:
    def predicate(tp: Any) -> bool:
        return isinstance(tp, type) and issubclass(tp, cls)

    return predicate


#: The library's converter (hooks for every public value type).
converter = make_converter()
