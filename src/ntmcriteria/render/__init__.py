"""Renderings of assessments, batches and criteria sets: text, Markdown, HTML, tables.

The core never imports this package; :class:`~ntmcriteria.assessment.Assessment`
and :class:`~ntmcriteria.criteria.CriteriaSet` call into it lazily for
``explain()``, ``to_markdown()`` and ``_repr_html_()``.
"""

from __future__ import annotations

from ntmcriteria.render._closeness import closest_alternative, normalised_shortfall
from ntmcriteria.render._format import format_number, format_quantity, format_value

__all__ = [
    "closest_alternative",
    "format_number",
    "format_quantity",
    "format_value",
    "normalised_shortfall",
]
