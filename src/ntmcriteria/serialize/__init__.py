"""Criteria sets, units and assessments as data: plain dicts, JSON text and a JSON Schema.

The core does no I/O: these functions convert between objects and plain data
(dicts, lists, strings, exact numbers) or JSON text; the caller reads and
writes files (the schemas are also shipped as files: :mod:`ntmcriteria.schemas`).
Loading never evaluates, imports or unpickles anything, checks
the document's size and nesting depth before parsing, keeps numbers exact
(``Decimal``, decimal strings accepted, never ``float``), and reports every
problem at once in one :class:`FormatError`, each with its JSONPath. The
document format is described in ``docs/format.md``.

    >>> from ntmcriteria.rules import fact
    >>> from ntmcriteria.serialize import rule_to_data
    >>> rule_to_data(fact("income") >= 45)
    {'compare': {'fact': 'income'}, 'op': '>=', 'threshold': 45}
"""

from __future__ import annotations

from ntmcriteria.serialize._api import (
    assessment_to_data,
    assessment_to_json,
    criteria_set_from_data,
    criteria_set_from_json,
    criteria_set_to_data,
    criteria_set_to_json,
    from_data,
    from_json,
    parameters_from_data,
    rule_from_data,
    rule_to_data,
    threshold_from_data,
    threshold_to_data,
    to_data,
    to_json,
    unit_from_data,
    unit_from_json,
    unit_to_data,
    unit_to_json,
)
from ntmcriteria.serialize._converter import converter, make_converter
from ntmcriteria.serialize._errors import FormatError, Problem
from ntmcriteria.serialize._names import (
    ASSESSMENT_FORMAT,
    ASSESSMENT_SCHEMA_ID,
    CRITERIA_SET_FORMAT,
    CRITERIA_SET_SCHEMA_ID,
    FORMAT_VERSION,
    SCHEMA_BASE,
    UNIT_FORMAT,
    UNIT_SCHEMA_ID,
)
from ntmcriteria.serialize._safety import DEFAULT_MAX_DEPTH, DEFAULT_MAX_SIZE
from ntmcriteria.serialize._schema import (
    SCHEMA_KINDS,
    assessment_schema,
    criteria_set_schema,
    json_schema,
    unit_schema,
)

__all__ = [
    "ASSESSMENT_FORMAT",
    "ASSESSMENT_SCHEMA_ID",
    "CRITERIA_SET_FORMAT",
    "CRITERIA_SET_SCHEMA_ID",
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_SIZE",
    "FORMAT_VERSION",
    "SCHEMA_BASE",
    "SCHEMA_KINDS",
    "UNIT_FORMAT",
    "UNIT_SCHEMA_ID",
    "FormatError",
    "Problem",
    "assessment_schema",
    "assessment_to_data",
    "assessment_to_json",
    "converter",
    "criteria_set_from_data",
    "criteria_set_from_json",
    "criteria_set_schema",
    "criteria_set_to_data",
    "criteria_set_to_json",
    "from_data",
    "from_json",
    "json_schema",
    "make_converter",
    "parameters_from_data",
    "rule_from_data",
    "rule_to_data",
    "threshold_from_data",
    "threshold_to_data",
    "to_data",
    "to_json",
    "unit_from_data",
    "unit_from_json",
    "unit_schema",
    "unit_to_data",
    "unit_to_json",
]
