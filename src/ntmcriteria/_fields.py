"""Document metadata of a value class's fields, read by the serializer and the schema.

Each field of a kind (a rule, an expression, a year reference, a threshold, a
change) says how it is written in a document: its name there (``doc_name``, the
field's own name when absent), the *kind* of its value (one of the
serializer's field kinds, listed in ``serialize._fieldkinds``: ``rule``,
``rules``, ``threshold``, ``expr``, ``fact``, ``pair``, ``year_ref``,
``level``, ``tier``, ``text``, ``key``, ``count``, ``offset``, ``window``,
``year``, ``number``, ``value``, ``schedule``, ``function``, ``op``, ``path``,
``citation``, ``criterion``, ``indicator``, ``parameter``, ``criteria_set``,
``parameter_value``), whether its value is written under the kind's tag, and
whether it may be left out. ``tests/test_serialize_kinds.py`` fails on a field
whose kind the serializer does not know.
"""

from __future__ import annotations

from typing import Any

__all__ = ["doc"]


def doc(name: str | None = None, *, kind: str, tag: bool = False, optional: bool = False
        ) -> dict[str, Any]:
    """The metadata of a field: written as ``name`` (default: the field's name), holding a
    value of ``kind``, under the kind's tag when ``tag``, left out when ``optional`` and
    equal to its default."""
    out: dict[str, Any] = {"doc_kind": kind, "doc_tag": tag, "doc_optional": optional}
    if name is not None:
        out["doc_name"] = name
    return out
