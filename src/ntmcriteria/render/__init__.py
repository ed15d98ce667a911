"""Renderings of assessments, batches and criteria sets: text, Markdown, HTML, tables.

The core never imports this package; :class:`~ntmcriteria.assessment.Assessment`
and :class:`~ntmcriteria.criteria.CriteriaSet` call into it lazily for
``explain()``, ``to_markdown()``, ``to_html()`` and ``_repr_html_()``.
"""

from __future__ import annotations

from ntmcriteria.render._closeness import closest_alternative, normalised_shortfall
from ntmcriteria.render._format import format_number, format_quantity, format_value
from ntmcriteria.render.html import assessment_html, assessments_html, criteria_set_html
from ntmcriteria.render.markdown import assessment_markdown, escape_markdown
from ntmcriteria.render.table import (
    TableItem,
    TableRow,
    criteria_table,
    criteria_table_markdown,
)

__all__ = [
    "TableItem",
    "TableRow",
    "assessment_html",
    "assessment_markdown",
    "assessments_html",
    "closest_alternative",
    "criteria_set_html",
    "criteria_table",
    "criteria_table_markdown",
    "escape_markdown",
    "format_number",
    "format_quantity",
    "format_value",
    "normalised_shortfall",
]
