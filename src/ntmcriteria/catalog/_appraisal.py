"""Rules that judge a not-yet-encoded criterion by its appraisal verdict."""

from __future__ import annotations

from collections.abc import Mapping

from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.rules import Rule, yes

__all__ = ["appraisal_rules"]


def appraisal_rules(criteria_set: CriteriaSet) -> Mapping[str, Rule]:
    """For every ``<key>.rule`` parameter whose set declares ``<key>.appraised``, the rule
    ``yes("<key>.appraised")``: the criterion is judged by its appraisal verdict.

    Covers the set and every set it references. Supply the result (merged with
    your own values) as ``parameters=`` to assess on appraisal verdicts while
    the legal indicator tables are not encoded.
    """
    check_set(criteria_set)
    out: dict[str, Rule] = {}
    for current in (criteria_set, *criteria_set.walk_references()):
        for parameter in current.parameters:
            if parameter.kind != "rule" or not parameter.name.endswith(".rule"):
                continue
            key = parameter.name.removesuffix(".rule") + ".appraised"
            if key in current.indicator_map:
                out[parameter.name] = yes(key)
    return out


def check_set(value: object) -> None:
    """Refuse anything but a criteria set (the helpers' argument)."""
    from ntmcriteria.criteria import CriteriaSet
    from ntmcriteria.errors import NTMTypeError

    if not isinstance(value, CriteriaSet):
        raise NTMTypeError(f"criteria_set must be a CriteriaSet (got {type(value).__name__})")
