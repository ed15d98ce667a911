"""Stable document names: the format names, the version, and the number patterns.

The kind tags of nodes are declared by the kinds themselves (their ClassVar
``tag``, or ``kind`` for changes), never derived from Python class names, so a
class can be renamed without breaking a saved document.
"""

from __future__ import annotations

__all__ = [
    "ASSESSMENT_FORMAT",
    "ASSESSMENT_SCHEMA_ID",
    "CRITERIA_SET_FORMAT",
    "CRITERIA_SET_SCHEMA_ID",
    "DECIMAL_PATTERN",
    "FORMAT_VERSION",
    "PARAMETERS_FORMAT",
    "SCHEMA_BASE",
    "UNIT_FORMAT",
    "UNIT_SCHEMA_ID",
    "YEAR_KEY_PATTERN",
]

CRITERIA_SET_FORMAT = "ntmcriteria/criteria-set"
UNIT_FORMAT = "ntmcriteria/unit"
ASSESSMENT_FORMAT = "ntmcriteria/assessment"
PARAMETERS_FORMAT = "ntmcriteria/parameters"
FORMAT_VERSION = 1

#: Where the documentation site publishes the schema files (``docs/conf.py`` copies the
#: package's ``schemas/*.json`` there); the ``$id`` of each schema, stable per version.
SCHEMA_BASE = "https://ntmcriteria.readthedocs.io/en/stable/schemas/"
CRITERIA_SET_SCHEMA_ID = f"{SCHEMA_BASE}criteria-set-{FORMAT_VERSION}.schema.json"
UNIT_SCHEMA_ID = f"{SCHEMA_BASE}unit-{FORMAT_VERSION}.schema.json"
ASSESSMENT_SCHEMA_ID = f"{SCHEMA_BASE}assessment-{FORMAT_VERSION}.schema.json"

#: A decimal number written as a string, e.g. "59.99" or "-1.5e3" (no NaN or Infinity).
DECIMAL_PATTERN = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
#: A year used as an object key (JSON keys are strings): "2021", canonical form (years run
#: from 1 to 9999, ``limits.MIN_YEAR`` to ``limits.MAX_YEAR``).
YEAR_KEY_PATTERN = r"^[1-9][0-9]{0,3}$"
