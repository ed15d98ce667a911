"""Stable document names: the format names, the version, and the number patterns.

The kind tags of nodes are declared by the kinds themselves (their ClassVar
``tag``, or ``kind`` for changes), never derived from Python class names, so a
class can be renamed without breaking a saved document.
"""

from __future__ import annotations

__all__ = [
    "ASSESSMENT_FORMAT",
    "CRITERIA_SET_FORMAT",
    "DECIMAL_PATTERN",
    "FORMAT_VERSION",
    "UNIT_FORMAT",
    "YEAR_KEY_PATTERN",
]

CRITERIA_SET_FORMAT = "ntmcriteria/criteria-set"
UNIT_FORMAT = "ntmcriteria/unit"
ASSESSMENT_FORMAT = "ntmcriteria/assessment"
FORMAT_VERSION = 1

#: A decimal number written as a string, e.g. "59.99" or "-1.5e3" (no NaN or Infinity).
DECIMAL_PATTERN = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
#: A year used as an object key (JSON keys are strings): "2021", canonical form (years run
#: from 1 to 9999, ``limits.MIN_YEAR`` to ``limits.MAX_YEAR``).
YEAR_KEY_PATTERN = r"^[1-9][0-9]{0,3}$"
