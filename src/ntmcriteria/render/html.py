"""HTML for notebooks: an assessment, a batch of assessments, a criteria set.

Every piece of text goes through :func:`html.escape` (invisible characters such as
the bidirectional controls first made visible, ``<U+202E>``); the output is a
well-formed fragment (it parses as XML), carries no JavaScript, and reads
correctly with the small ``<style>`` block removed (outcomes are written out in
bold, not shown by colour alone).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ntmcriteria._visible import visible
from ntmcriteria.outcome import Outcome
from ntmcriteria.period import HEADING, period_notes
from ntmcriteria.render._format import check_lang
from ntmcriteria.render._model import Document, Line, build_document, outcome_label
from ntmcriteria.render.table import classification_table, criteria_table

if TYPE_CHECKING:
    from ntmcriteria.assessment import Assessment
    from ntmcriteria.criteria import CriteriaSet

__all__ = ["assessment_html", "assessments_html", "criteria_set_html", "document_html"]

_STYLE = (
    "<style>"
    ".ntm table{border-collapse:collapse;margin:0.5em 0}"
    ".ntm th,.ntm td{border:1px solid #bbb;padding:2px 6px;text-align:left;vertical-align:top}"
    ".ntm .ntm-pass{color:#1a7f37}.ntm .ntm-fail{color:#c62828}"
    ".ntm .ntm-unknown{color:#9a6700}.ntm .ntm-note{color:#555}"
    ".ntm .ntm-source{color:#555;font-size:0.9em}"
    "</style>"
)


def _e(text: object) -> str:
    return html.escape(visible(str(text)), quote=True)


def _outcome(outcome: Outcome, lang: str, upper: bool = True) -> str:
    label = outcome_label(outcome, lang)
    return (f'<strong class="ntm-{outcome.value}">'
            f"{_e(label.upper() if upper else label)}</strong>")


def _line(line: Line, lang: str) -> str:
    parts = [f"<li>[{_outcome(line.outcome, lang)}] {_e(line.text)}"]
    if line.notes:
        parts.append('<ul class="ntm-notes">')
        parts.extend(f'<li class="ntm-note"><em>{_e(note)}</em></li>' for note in line.notes)
        parts.append("</ul>")
    if line.children:
        parts.append("<ul>")
        parts.extend(_line(child, lang) for child in line.children)
        parts.append("</ul>")
    parts.append("</li>")
    return "".join(parts)


def _open(kind: str, lang: str) -> str:
    return f'<div class="ntm {kind}" lang="{_e(lang)}">{_STYLE}'


def document_html(doc: Document) -> str:
    """Lay out a worded assessment as an HTML fragment."""
    h = doc.headings
    lang = doc.lang
    out = [
        _open("ntm-assessment", lang),
        f"<h3>{_e(doc.title)}</h3>",
        f"<p><strong>{_e(h['set'])}:</strong> {_e(doc.criteria_set)}<br/>",
        f"<strong>{_e(h['overall'])}:</strong> {_outcome(doc.outcome, lang)} — "
        f"{_e(doc.summary)}</p>",
    ]
    if doc.outside_period:
        out.append(f'<p class="ntm-outside-period"><strong>{_e(h["outside_period"])}:</strong> '
                   f"{_e(doc.outside_period)}</p>")
    if doc.classes:
        out.append(f"<p><strong>{_e(h['classes'])}:</strong> "
                   + "; ".join(_e(c) for c in doc.classes) + "</p>")
    if doc.parameters:
        out.append(f"<p><strong>{_e(h['parameters'])}:</strong> "
                   + "; ".join(_e(p) for p in doc.parameters) + "</p>")
    if doc.collect_first:
        out.append(f"<p class=\"ntm-collect\"><strong>{_e(h['collect'])}:</strong> "
                   f"{_e(doc.collect_first)}</p>")
    out.append(f"<table><thead><tr><th>{_e(h['criterion'])}</th><th>{_e(h['content'])}</th>"
               f"<th>{_e(h['result'])}</th></tr></thead><tbody>")
    for block in doc.blocks:
        out.append(f"<tr><td>{_e(block.number)}</td><td>{_e(block.label)} "
                   f"<code>{_e(block.id)}</code></td>"
                   f"<td>{_outcome(block.outcome, lang, upper=False)}</td></tr>")
    out.append("</tbody></table>")
    for block in doc.blocks:
        out.append(f"<h4>{_e(h['criterion'])} {_e(block.number)}. {_e(block.label)} "
                   f"<code>{_e(block.id)}</code> — {_outcome(block.outcome, lang)}</h4>")
        out.append(f'<p class="ntm-source"><em>{_e(h["source"])}:</em> {_e(block.source)}</p>')
        if block.lines:
            out.append("<ul>" + "".join(_line(line, lang) for line in block.lines) + "</ul>")
    out.append("</div>")
    return "\n".join(out) + "\n"


def assessment_html(assessment: Assessment, lang: str = "vi") -> str:
    """An assessment as an HTML fragment (used by ``Assessment._repr_html_``)."""
    return document_html(build_document(assessment, check_lang(lang)))


def assessments_html(batch: Iterable[Assessment], lang: str = "vi") -> str:
    """Many assessments as one table: a row per unit, a column per criterion (named by its
    number and label; the id is the column's tooltip).

    ``batch`` is a :class:`~ntmcriteria.batch.Batch` or any iterable of assessments.
    """
    lang = check_lang(lang)
    vi = lang == "vi"
    items = tuple(getattr(batch, "assessments", batch))
    ids: list[str] = []
    names: dict[str, str] = {}
    for a in items:
        for r in a.results:
            if r.id not in names:
                ids.append(r.id)
                label = r.criterion.label(lang)
                names[r.id] = f"{r.criterion.number}. {label}" if r.criterion.number else label
    head = (("Đơn vị", "Năm", "Bộ tiêu chí", "Kết quả", "Đạt", "Không đạt", "Chưa đủ dữ liệu")
            if vi else
            ("Unit", "Year", "Criteria set", "Result", "Passed", "Failed", "Not enough data"))
    caption = (f"{len(items)} đơn vị được đánh giá" if vi else f"{len(items)} units assessed")
    out = [_open("ntm-batch", lang), f"<table><caption>{_e(caption)}</caption><thead><tr>"
           + "".join(f"<th>{_e(c)}</th>" for c in head)
           + "".join(f'<th title="{_e(i)}">{_e(names[i])}</th>' for i in ids)
           + "</tr></thead><tbody>"]
    for a in items:
        outcomes = {r.id: r.outcome for r in a.results}
        cells = [_e(a.unit.label()), _e(a.year), _e(a.criteria_set.id),
                 _outcome(a.outcome, lang, upper=False), _e(len(a.passed)), _e(len(a.failed)),
                 _e(len(a.unknown))]
        cells += [_outcome(outcomes[i], lang, upper=False) if i in outcomes else "—" for i in ids]
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    out += [f'<p class="ntm-outside-period"><strong>{_e(HEADING[lang])}:</strong> '
            f"{_e(note)}</p>" for note in period_notes((a.outside_period for a in items), lang)]
    out.append("</div>")
    return "\n".join(out) + "\n"


def criteria_set_html(criteria_set: CriteriaSet, lang: str = "vi") -> str:
    """A criteria set as the official-style table (used by ``CriteriaSet._repr_html_``)."""
    lang = check_lang(lang)
    vi = lang == "vi"
    head = ("TT", "Tên tiêu chí", "Nội dung tiêu chí", "Chỉ tiêu", "Căn cứ") if vi \
        else ("No.", "Criterion", "Indicator", "Threshold", "Source")
    level = criteria_set.level.label_vi if vi else criteria_set.level.label_en
    period = f"{criteria_set.valid_from}–{criteria_set.valid_to}"
    sub = (f"Cấp: {level}; giai đoạn {period}" if vi else f"Level: {level}; period {period}")
    out = [_open("ntm-criteria-set", lang),
           f"<h3>{_e(criteria_set.label(lang))} <code>{_e(criteria_set.id)}</code></h3>",
           f"<p>{_e(sub)}</p>"]
    if criteria_set.derived_from:
        what = "Điều chỉnh từ" if vi else "Derived from"
        out.append(f"<p>{_e(what)} <code>{_e(criteria_set.derived_from)}</code> "
                   f"({_e(len(criteria_set.changes))} "
                   f"{_e('thay đổi' if vi else 'changes')})</p>")
    out.append("<table><thead><tr>" + "".join(f"<th>{_e(c)}</th>" for c in head)
               + "</tr></thead><tbody>")
    for row in criteria_table(criteria_set, lang):
        items = row.items or ()
        span = max(len(items), 1)
        rs = f' rowspan="{span}"' if span > 1 else ""
        first = items[0] if items else None
        out.append(f"<tr><td{rs}>{_e(row.number)}</td><td{rs}>{_e(row.criterion)}</td>"
                   f"<td>{_e(first.indicator if first else '')}</td>"
                   f"<td>{_e(first.threshold if first else '')}</td>"
                   f"<td{rs}>{_e(row.source)}</td></tr>")
        for item in items[1:]:
            out.append(f"<tr><td>{_e(item.indicator)}</td><td>{_e(item.threshold)}</td></tr>")
    out.append("</tbody></table>")
    classes = classification_table(criteria_set, lang)
    if classes:
        head = (("Phân loại", "Giá trị", "Điều kiện", "Ngưỡng", "Căn cứ") if vi
                else ("Classification", "Value", "Condition", "Threshold", "Source"))
        out.append("<table><thead><tr>" + "".join(f"<th>{_e(c)}</th>" for c in head)
                   + "</tr></thead><tbody>")
        for crow in classes:
            span = max(len(crow.items), 1)
            rs = f' rowspan="{span}"' if span > 1 else ""
            first = crow.items[0] if crow.items else None
            out.append(f"<tr><td{rs}>{_e(crow.classification)}</td><td{rs}>{_e(crow.value)}</td>"
                       f"<td>{_e(first.indicator if first else '')}</td>"
                       f"<td>{_e(first.threshold if first else '')}</td>"
                       f"<td{rs}>{_e(crow.source)}</td></tr>")
            for item in crow.items[1:]:
                out.append(f"<tr><td>{_e(item.indicator)}</td><td>{_e(item.threshold)}</td>"
                           "</tr>")
        out.append("</tbody></table>")
    out[-1] += "</div>"
    return "\n".join(out) + "\n"
