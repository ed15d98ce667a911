"""Markdown rendering of an assessment (CommonMark; text is escaped, never interpreted:
line breaks inside a text are shown as ``↵``, invisible characters as ``<U+XXXX>``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ntmcriteria._visible import one_line
from ntmcriteria.render._format import check_lang
from ntmcriteria.render._model import Document, Line, build_document, outcome_label

if TYPE_CHECKING:
    from ntmcriteria.assessment import Assessment

__all__ = ["assessment_markdown", "document_markdown", "escape_markdown"]

_SPECIAL = set("\\`*_[]<>#|~")


def escape_markdown(text: str) -> str:
    """Backslash-escape the characters Markdown would interpret (``* _ [ ] < > # | ~``...),
    show line breaks as ``↵`` (a label cannot start a list item, a heading or a table row)
    and make invisible characters visible (see :mod:`ntmcriteria._visible`)."""
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in one_line(text))


def _mark(line: Line | Document, lang: str) -> str:
    return "**" + escape_markdown(outcome_label(line.outcome, lang).upper()) + "**"


def _lines(line: Line, lang: str, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    out.append(f"{pad}- {_mark(line, lang)} {escape_markdown(line.text)}")
    for note in line.notes:
        out.append(f"{pad}  - *{escape_markdown(note)}*")
    for child in line.children:
        _lines(child, lang, depth + 1, out)


def document_markdown(doc: Document) -> str:
    """Lay out a worded assessment as Markdown: a title, a summary table, one section per
    criterion with its source and a nested list of the checked conditions."""
    h = doc.headings
    lang = doc.lang
    e = escape_markdown
    out = [
        f"# {e(doc.title)}",
        "",
        f"- **{e(h['set'])}:** {e(doc.criteria_set)}",
        f"- **{e(h['overall'])}:** {_mark(doc, lang)} — {e(doc.summary)}",
    ]
    if doc.outside_period:
        out.append(f"- **{e(h['outside_period'])}:** {e(doc.outside_period)}")
    if doc.classes:
        out.append(f"- **{e(h['classes'])}:** " + "; ".join(map(e, doc.classes)))
    if doc.parameters:
        out.append(f"- **{e(h['parameters'])}:** " + "; ".join(map(e, doc.parameters)))
    if doc.collect_first:
        out.append(f"- **{e(h['collect'])}:** {e(doc.collect_first)}")
    out += ["", f"| {e(h['criterion'])} | {e(h['content'])} | {e(h['result'])} |",
            "|---|---|---|"]
    for block in doc.blocks:
        out.append(f"| {e(block.number)} | {e(block.label)} \\[{e(block.id)}\\] | "
                   f"{e(outcome_label(block.outcome, lang))} |")
    out.append("")
    for block in doc.blocks:
        out.append(f"## {e(h['criterion'])} {e(block.number)}. {e(block.label)} — "
                   f"{e(outcome_label(block.outcome, lang).upper())}")
        out.append("")
        out.append(f"*{e(h['source'])}:* {e(block.source)}")
        out.append("")
        for line in block.lines:
            _lines(line, lang, 0, out)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def assessment_markdown(assessment: Assessment, lang: str = "vi") -> str:
    """Render ``assessment`` as Markdown in ``lang`` ('vi' or 'en')."""
    return document_markdown(build_document(assessment, check_lang(lang)))
