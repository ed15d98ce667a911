"""A criteria set as the official-style table a reviewer holds against the legal text.

One row per criterion: number, criterion, and for each condition of its rule
the indicator (with its unit) and the threshold (a constant, the values by
region or by year, a named parameter and its value or "not set"), then the
source. Built from the rule trees by each kind's table hook, so the table shows
what is actually checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ntmcriteria.hooks import TableItem
from ntmcriteria.render._format import check_lang
from ntmcriteria.render._model import Wording
from ntmcriteria.render.markdown import escape_markdown

if TYPE_CHECKING:
    from ntmcriteria.criteria import CriteriaSet

__all__ = ["TableItem", "TableRow", "criteria_table", "criteria_table_markdown"]


@attrs.frozen
class TableRow:
    """One criterion of the table."""

    number: str
    id: str
    criterion: str
    group: str
    items: tuple[TableItem, ...]
    source: str


def criteria_table(criteria_set: CriteriaSet, lang: str = "vi") -> tuple[TableRow, ...]:
    """The rows of the official-style table of ``criteria_set`` in ``lang``."""
    w = Wording(check_lang(lang), criteria_set)
    return tuple(
        TableRow(number=c.number, id=c.id, criterion=c.label(lang), group=c.group,
                 items=tuple(w.items(c.rule)), source=c.citation.describe(lang))
        for c in criteria_set.criteria
    )


def criteria_table_markdown(criteria_set: CriteriaSet, lang: str = "vi") -> str:
    """The table as Markdown: one line per condition; a criterion's first line carries its
    number, name and source."""
    lang = check_lang(lang)
    e = escape_markdown
    head = (("TT", "Tên tiêu chí", "Nội dung tiêu chí", "Chỉ tiêu", "Căn cứ") if lang == "vi"
            else ("No.", "Criterion", "Indicator", "Threshold", "Source"))
    out = [f"# {e(criteria_set.label(lang))} \\[{e(criteria_set.id)}\\]", "",
           "| " + " | ".join(head) + " |", "|---|---|---|---|---|"]
    for row in criteria_table(criteria_set, lang):
        items = row.items or (TableItem("", ""),)
        for index, item in enumerate(items):
            first = index == 0
            cells = (row.number if first else "", row.criterion if first else "",
                     item.indicator, item.threshold, row.source if first else "")
            out.append("| " + " | ".join(e(c) for c in cells) + " |")
    return "\n".join(out) + "\n"
