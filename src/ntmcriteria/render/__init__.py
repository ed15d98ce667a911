"""Renderings of assessments, batches and criteria sets: text, Markdown, HTML, tables.

The core never imports this package, except for the thin delegations
``explain()``, ``to_markdown()``, ``to_html()`` and ``_repr_html_()`` of
assessments and criteria sets. The words come from each rule kind's wording
hooks; this package offers them locale formatting, labels and layout.
"""

from __future__ import annotations

from ntmcriteria.render._format import format_amount, format_number, format_quantity, format_value
from ntmcriteria.render.html import assessment_html, assessments_html, criteria_set_html
from ntmcriteria.render.markdown import assessment_markdown, escape_markdown
from ntmcriteria.render.table import (
    TableItem,
    TableRow,
    criteria_table,
    criteria_table_markdown,
)
from ntmcriteria.render.text import explain_text

__all__ = [
    "TableItem",
    "TableRow",
    "assessment_html",
    "assessment_markdown",
    "assessments_html",
    "criteria_set_html",
    "criteria_table",
    "criteria_table_markdown",
    "escape_markdown",
    "explain_text",
    "format_amount",
    "format_number",
    "format_quantity",
    "format_value",
]
