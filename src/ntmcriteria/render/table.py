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

__all__ = ["ClassRow", "TableItem", "TableRow", "classification_table", "criteria_table",
           "criteria_table_markdown"]


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


@attrs.frozen
class ClassRow:
    """One value of a classification the set declares and how a unit gets it: the
    conditions of its resolver rule (or "every other unit" for the residual value)."""

    classification: str
    value: str
    items: tuple[TableItem, ...]
    source: str


def classification_table(criteria_set: CriteriaSet, lang: str = "vi") -> tuple[ClassRow, ...]:
    """The declared classifications (commune groups, zones...) as rows: overrides first,
    then each resolver rule, the residual value and the rule for a conflict."""
    w = Wording(check_lang(lang), criteria_set)
    rows: list[ClassRow] = []
    for classification in criteria_set.classifications:
        name = classification.label(lang)
        source = (classification.citation.describe(lang)
                  if classification.citation is not None else "")
        for rule in (*classification.overrides, *classification.rules):
            rows.append(ClassRow(classification=name,
                                 value=classification.value_label(rule.value, lang),
                                 items=tuple(w.items(rule.when)),
                                 source=rule.citation.describe(lang)))
        if classification.residual is not None:
            rows.append(ClassRow(
                classification=name,
                value=classification.value_label(classification.residual, lang),
                items=(TableItem(w.t("không thuộc các trường hợp trên", "none of the above"),
                                 ""),), source=source))
        if classification.conflict_parameter is not None:
            rows.append(ClassRow(
                classification=name, value=w.t("thỏa nhiều trường hợp", "several match"),
                items=(TableItem(w.parameter_entry(classification.conflict_parameter), ""),),
                source=source))
        if classification.field is not None:
            rows.append(ClassRow(
                classification=name, value=w.t("đơn vị đã được xếp", "given by the unit"),
                items=(TableItem(w.t(f"trường «{classification.field}» của đơn vị (ưu tiên "
                                     "hơn các quy tắc trên)",
                                     f"the unit's field {classification.field!r} (wins over the "
                                     "rules above)"), ""),), source=""))
    return tuple(rows)


def classification_table_markdown(criteria_set: CriteriaSet, lang: str) -> list[str]:
    e = escape_markdown
    rows = classification_table(criteria_set, lang)
    if not rows:
        return []
    head = (("Phân loại", "Giá trị", "Điều kiện", "Ngưỡng", "Căn cứ") if lang == "vi"
            else ("Classification", "Value", "Condition", "Threshold", "Source"))
    out = ["", "| " + " | ".join(head) + " |", "|---|---|---|---|---|"]
    for row in rows:
        for index, item in enumerate(row.items or (TableItem("", ""),)):
            first = index == 0
            cells = (row.classification if first else "", row.value if first else "",
                     item.indicator, item.threshold, row.source if first else "")
            out.append("| " + " | ".join(e(c) for c in cells) + " |")
    return out


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
    out.extend(classification_table_markdown(criteria_set, lang))
    return "\n".join(out) + "\n"
