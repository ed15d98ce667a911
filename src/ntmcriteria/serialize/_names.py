"""Stable document names: format names, the version, and the kind tags of nodes.

These names are the file format. They never follow Python class names, so a
class can be renamed without breaking a saved document.
"""

from __future__ import annotations

__all__ = [
    "CHANGE_FIELDS",
    "CRITERIA_SET_FORMAT",
    "DECIMAL_PATTERN",
    "EXPR_KINDS",
    "FORMAT_VERSION",
    "RULE_FIELDS",
    "THRESHOLD_KINDS",
    "UNIT_FORMAT",
    "YEAR_KEY_PATTERN",
    "YEAR_REF_KINDS",
]

CRITERIA_SET_FORMAT = "ntmcriteria/criteria-set"
UNIT_FORMAT = "ntmcriteria/unit"
ASSESSMENT_FORMAT = "ntmcriteria/assessment"
FORMAT_VERSION = 1

#: A decimal number written as a string, e.g. "59.99" or "-1.5e3" (no NaN or Infinity).
DECIMAL_PATTERN = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
#: A year used as an object key (JSON keys are strings): "2021", canonical form.
YEAR_KEY_PATTERN = r"^-?(0|[1-9][0-9]{0,8})$"

#: Rule kind -> (required fields besides the tag, optional fields).
RULE_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "all_of": ((), ()),
    "any_of": ((), ()),
    "at_least": (("of",), ()),
    "not": ((), ()),
    "labelled": (("vi", "en"), ()),
    "compare": (("op", "threshold"), ()),
    "share": (("rule", "at_least"), ()),
    "count": (("rule", "at_least"), ()),
    "held_each_year": (("years",), ()),
    "meets": ((), ("tier", "recognised_from")),
    "rule_param": ((), ()),
}

THRESHOLD_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "const": ((), ()),
    "schedule": ((), ()),
    "param": ((), ()),
    "scaled": (("base",), ()),
}

EXPR_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "fact": ((), ("at",)),
    "difference": ((), ()),
    "ratio": ((), ()),
}

YEAR_REF_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "current": ((), ()),
    "years_before": ((), ()),
    "in_year": ((), ()),
    "recognition_year": ((), ()),
}

CHANGE_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "set_parameter": (("citation",), ("value",)),
    "replace_threshold": (("threshold", "citation"), ("path",)),
    "replace_criterion": (("citation",), ()),
    "drop_criterion": (("citation",), ()),
    "add_criterion": (("citation",), ()),
    "add_indicator": (("citation",), ()),
    "add_parameter": (("citation",), ()),
    "replace_reference": (("criteria_set", "citation"), ()),
}

#: Most years a held_each_year window may span (a bound against absurd documents).
MAX_WINDOW_YEARS = 100
