"""The keys a parameter's value is given for: one per region, other classification
(commune group, zone...) and year it is keyed by.

A parameter declared ``keyed_by=("region", "year")`` needs one value per region
and per year of the period of the set that declares it; ``keyed_by=("group",)``
one per commune group; keyed by nothing, one value. :func:`parameter_keys`
enumerates them — the one place that knows the dimensions (the parameter sheets,
the completeness report and their readers all go through it and the set's
classifications). :func:`schedule_key` turns a key into the key of a
:class:`~ntmcriteria.thresholds.Schedule`, :func:`table_key` into that of a
:class:`~ntmcriteria.rules.RuleTable` (a rule parameter keyed by classes).
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Mapping
from typing import Any, TypeAlias

from ntmcriteria.criteria import CriteriaSet, Parameter
from ntmcriteria.errors import NTMValueError
from ntmcriteria.rules import RuleTable
from ntmcriteria.thresholds import Schedule, ScheduleKey, _schedule_key
from ntmcriteria.units import Region

__all__ = ["DIMENSIONS", "ParameterKey", "declaring_set", "entry_key", "missing_keys",
           "parameter_keys", "schedule_key", "table_key"]

#: One key of a parameter: dimension -> value (``{"region": Region.DHNTB, "year": 2024}``,
#: ``{"group": "2"}``, ``{"zone": "KV1", "year": 2023}``).
ParameterKey: TypeAlias = Mapping[str, Any]
#: The dimensions every set knows, in the order of a schedule key; a set's other
#: classifications (its ``classification_map``) come between them.
DIMENSIONS = ("region", "year")


def declaring_set(criteria_set: CriteriaSet, name: str) -> CriteriaSet:
    """The set that declares the parameter ``name`` (``criteria_set`` or a set it refers to);
    its period gives the years the parameter is keyed by."""
    for current in (criteria_set, *criteria_set.walk_references()):
        if any(p.name == name for p in current.parameters):
            return current
    criteria_set.parameter(name)  # raises the did-you-mean error
    raise NTMValueError(f"parameter {name!r} is not declared")  # pragma: no cover


def _values(dimension: str, owner: CriteriaSet) -> tuple[Any, ...]:
    if dimension == "region":
        return tuple(Region)
    if dimension == "year":
        return tuple(range(owner.valid_from, owner.valid_to + 1))
    # another classification the set knows (commune groups, provincial zones): its codes
    declared = owner.classification_map.get(dimension)
    if declared is not None:
        return declared.codes
    raise NTMValueError(f"unknown parameter dimension {dimension!r}; known: "
                        f"{', '.join(DIMENSIONS)}")


def parameter_keys(criteria_set: CriteriaSet, parameter: Parameter | str
                   ) -> tuple[ParameterKey, ...]:
    """Every key ``parameter`` needs a value for; ``({},)`` when it is keyed by nothing.

    Years are those of the period of the set declaring the parameter.
    """
    declaration = (criteria_set.parameter(parameter) if isinstance(parameter, str)
                   else parameter)
    owner = declaring_set(criteria_set, declaration.name)
    dimensions = list(declaration.keyed_by)  # the region first, the year last
    values = [_values(d, owner) for d in dimensions]
    return tuple(dict(zip(dimensions, combo, strict=True)) for combo in itertools.product(*values))


def _code(value: object) -> str:
    return str(value.value) if isinstance(value, enum.Enum) else str(value)


def schedule_key(key: ParameterKey) -> ScheduleKey:
    """The (canonical) schedule key of ``key``: its classification codes (the region's
    among them) and its year."""
    year = key.get("year")
    pairs = tuple(sorted((name, _code(code)) for name, code in key.items()
                         if name != "year" and code is not None))
    if not pairs and year is None:
        raise NTMValueError(f"a parameter key needs a classification code or a year "
                            f"(got {dict(key)!r})")
    return _schedule_key((pairs, year))


def table_key(key: ParameterKey, by: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The key of a rule table's entry for ``key``: the codes of ``by``, in that order."""
    return tuple((name, _code(key[name])) for name in by if key.get(name) is not None)


def missing_keys(criteria_set: CriteriaSet, parameter: Parameter, value: object
                 ) -> tuple[ParameterKey, ...]:
    """The keys of ``parameter`` that ``value`` (its current value) gives nothing for:
    every key when there is no value, those a schedule or a rule table lacks, none
    otherwise."""
    keys = parameter_keys(criteria_set, parameter)
    if value is None:
        return keys
    if keys == ({},):
        return ()
    if isinstance(value, RuleTable):
        have_rules = {codes for codes, _ in value.entries}
        return tuple(key for key in keys if table_key(key, value.by) not in have_rules)
    if not isinstance(value, Schedule):
        return ()
    have = {entry for entry, _ in value.entries}
    return tuple(key for key in keys if entry_key(value, key) not in have)


def entry_key(schedule: Schedule, key: ParameterKey) -> Any:
    """The key of ``schedule``'s entry for ``key`` (the key on the schedule's own
    dimensions, in the schedule's canonical form), or None when it has no such dimension."""
    own = {d: key[d] for d in (*schedule.by, "year")
           if key.get(d) is not None and (d != "year" or schedule.by_year)}
    return schedule_key(own) if own else None
