"""The JSON Schemas of the document formats, shipped as files inside the package.

``criteria-set.schema.json``, ``unit.schema.json`` and ``assessment.schema.json``
sit beside this module, so an editor (VS Code's ``json.schemas`` setting, for
instance) can point at the installed files, and a document may name its schema
with ``"$schema"``. Each file's ``$id`` is stable for the format version
(:data:`ntmcriteria.serialize.SCHEMA_BASE`). The files are generated from
:func:`ntmcriteria.serialize.json_schema` by ``scripts/generate_schemas.py``; a
test checks that they are current.

This module is an edge that reads package data (through :mod:`importlib.resources`,
nothing else); the core never imports it.

    >>> from ntmcriteria.schemas import load_schema
    >>> load_schema("unit")["$id"].endswith("/schemas/unit-1.schema.json")
    True
"""

from __future__ import annotations

import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from ntmcriteria.errors import did_you_mean
from ntmcriteria.serialize import SCHEMA_KINDS, FormatError, Problem, json_schema

__all__ = ["FILE_NAMES", "generated_text", "load_schema", "schema_file", "schema_text"]

#: The file of each schema, by the kind ``json_schema`` and ``ntmcriteria schema`` name.
FILE_NAMES = {kind: f"{kind}.schema.json" for kind in SCHEMA_KINDS}


def _check(kind: object) -> str:
    if not isinstance(kind, str) or kind not in FILE_NAMES:
        raise FormatError("schema request", [Problem(
            "$", f"kind must be one of {', '.join(map(repr, SCHEMA_KINDS))} (got {kind!r:.60})"
                 f"{did_you_mean(str(kind), SCHEMA_KINDS)}")])
    return kind


def schema_file(kind: str) -> Traversable:
    """The shipped file of ``kind`` (``"criteria-set"``, ``"unit"`` or ``"assessment"``)."""
    return files(__name__) / FILE_NAMES[_check(kind)]


def schema_text(kind: str) -> str:
    """The text of the shipped schema file of ``kind``."""
    return schema_file(kind).read_text(encoding="utf-8")


def load_schema(kind: str) -> dict[str, Any]:
    """The shipped schema of ``kind`` as a dict."""
    data: dict[str, Any] = json.loads(schema_text(kind))
    return data


def generated_text(kind: str) -> str:
    """The text the schema file of ``kind`` must hold: the schema generated from the kinds'
    declarations, indented, diacritics kept, ending with a newline."""
    return json.dumps(json_schema(_check(kind)), indent=2, ensure_ascii=False) + "\n"
