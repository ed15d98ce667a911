"""Plain-text explanations of assessments, in Vietnamese (default) or English.

The wording is built once by :mod:`ntmcriteria.render._model` and shared with
the Markdown and HTML renderings; this module only lays it out as indented
text, one criterion after another, like a coordination office's review sheet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ntmcriteria._visible import one_line
from ntmcriteria.outcome import Outcome
from ntmcriteria.render._format import check_lang
from ntmcriteria.render._model import Document, Line, build_document, outcome_label

if TYPE_CHECKING:
    from ntmcriteria.assessment import Assessment

__all__ = ["document_text", "explain_text"]


def _mark(line_outcome: Outcome, lang: str) -> str:
    return "[" + outcome_label(line_outcome, lang).upper() + "]"


def _lines(line: Line, lang: str, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    out.append(f"{pad}- {_mark(line.outcome, lang)} {one_line(line.text)}")
    out.extend(f"{pad}    {one_line(note)}" for note in line.notes)
    for child in line.children:
        _lines(child, lang, depth + 1, out)


def document_text(doc: Document) -> str:
    """Lay out a worded assessment as plain text (each text on its own line: a line break
    inside one is shown as ``↵``, invisible characters as ``<U+XXXX>``)."""
    h = doc.headings
    lang = doc.lang
    t = one_line
    out = [
        t(doc.title),
        f"{h['set']}: {t(doc.criteria_set)}",
        f"{h['overall']}: {outcome_label(doc.outcome, lang).upper()} — {t(doc.summary)}",
    ]
    if doc.outside_period:
        out.append(f"{h['outside_period']}: {t(doc.outside_period)}")
    if doc.classes:
        out.append(f"{h['classes']}: " + "; ".join(doc.classes))
    if doc.parameters:
        out.append(f"{h['parameters']}: " + "; ".join(map(t, doc.parameters)))
    if doc.collect_first:
        out.append(f"{h['collect']}: {t(doc.collect_first)}")
    out.append("")
    for block in doc.blocks:
        out.append(f"{_mark(block.outcome, lang)} {h['criterion']} {t(block.number)}. "
                   f"{t(block.label)} [{t(block.id)}]")
        out.append(f"  {h['source']}: {t(block.source)}")
        for line in block.lines:
            _lines(line, lang, 1, out)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def explain_text(assessment: Assessment, lang: str = "vi") -> str:
    """Render ``assessment`` as plain text in ``lang`` ('vi' or 'en')."""
    return document_text(build_document(assessment, check_lang(lang)))
