"""The keys a parameter's value is given for: one per region and year it is keyed by.

A parameter declared ``keyed_by=("region", "year")`` needs one value per region
and per year of the period of the set that declares it; keyed by nothing, one
value. :func:`parameter_keys` enumerates them — the one place that knows the
dimensions (the parameter sheets, the completeness report and their readers
all go through it and :data:`DIMENSIONS`). :func:`schedule_key` turns a key
into the key of a :class:`~ntmcriteria.thresholds.Schedule`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any, TypeAlias

from ntmcriteria.criteria import CriteriaSet, Parameter
from ntmcriteria.errors import NTMValueError
from ntmcriteria.thresholds import Schedule, _schedule_key
from ntmcriteria.units import Region

__all__ = ["DIMENSIONS", "ParameterKey", "declaring_set", "entry_key", "missing_keys",
           "parameter_keys", "schedule_key"]

#: One key of a parameter: dimension -> value (``{"region": Region.DHNTB, "year": 2024}``).
ParameterKey: TypeAlias = Mapping[str, Any]
#: The dimensions a parameter may be keyed by, in the order of a schedule key.
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
    dimensions = [d for d in DIMENSIONS if d in declaration.keyed_by]
    extra = [d for d in declaration.keyed_by if d not in DIMENSIONS]
    dimensions.extend(extra)
    values = [_values(d, owner) for d in dimensions]
    return tuple(dict(zip(dimensions, combo, strict=True)) for combo in itertools.product(*values))


def schedule_key(key: ParameterKey) -> Any:
    """The schedule key of ``key``: a region, a year, or a (region, year) pair."""
    region, year = key.get("region"), key.get("year")
    if region is not None and year is not None:
        return (region, year)
    if region is not None:
        return region
    if year is not None:
        return year
    raise NTMValueError(f"a parameter key needs a region or a year (got {dict(key)!r})")


def missing_keys(criteria_set: CriteriaSet, parameter: Parameter, value: object
                 ) -> tuple[ParameterKey, ...]:
    """The keys of ``parameter`` that ``value`` (its current value) gives nothing for:
    every key when there is no value, those a schedule lacks, none otherwise."""
    keys = parameter_keys(criteria_set, parameter)
    if value is None:
        return keys
    if not isinstance(value, Schedule) or keys == ({},):
        return ()
    have = {entry for entry, _ in value.entries}
    return tuple(key for key in keys if entry_key(value, key) not in have)


def entry_key(schedule: Schedule, key: ParameterKey) -> Any:
    """The key of ``schedule``'s entry for ``key`` (the key on the schedule's own
    dimensions, in the schedule's canonical form), or None when it has no such dimension."""
    own = {d: key[d] for d in DIMENSIONS
           if d in key and (schedule.by_region if d == "region" else schedule.by_year)}
    return _schedule_key(schedule_key(own)) if own else None
