"""The printable review sheet of one assessment (phiếu rà soát), for an office to sign.

A header (unit, parent unit, criteria set, year assessed, date produced), the
overall result, then the criteria grouped as in the official table, one line
per checked condition: what was observed, what is required, the shortfall in
the indicator's unit, the result, the legal source (under the criterion's
name), and an empty notes column
for the reviewer's hand; signature lines at the end. Vietnamese first.

The sheet is an HTML page (or a fragment) styled for A4 paper, and it reads the
same with the styles removed: results are written out in words, headings are
headings, tables are tables. The date is passed in (the library reads no
clock); without one, the sheet leaves a blank to fill by hand.

:func:`review_rows` gives the same lines as data, for other layouts.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ntmcriteria.errors import NTMTypeError
from ntmcriteria.glossary import term
from ntmcriteria.outcome import Outcome
from ntmcriteria.period import HEADING, period_note
from ntmcriteria.render._format import check_lang
from ntmcriteria.render._model import Wording, _parameters_text, _unit_names, outcome_label

if TYPE_CHECKING:
    from ntmcriteria.assessment import Assessment
    from ntmcriteria.trace import Trace

__all__ = ["PRINT_STYLE", "ReviewRow", "group_label", "outcome_html", "page", "review_rows",
           "review_sheet_html"]

#: Junctions whose parts are listed below them, one line each.
_JUNCTIONS = ("all_of", "any_of", "at_least", "not")
#: Kinds whose figures fill the observed / required / shortfall columns.
_FIGURES = ("compare", "aggregate", "share", "count")

#: Styles for screen and A4 print; the sheet reads the same without them.
PRINT_STYLE = """
@page { size: A4; margin: 15mm 12mm 15mm 12mm; }
.ntm-sheet { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif;
  font-size: 11pt; line-height: 1.3; color: #000; max-width: 190mm; margin: 0 auto; }
.ntm-sheet h1 { font-size: 14pt; text-align: center; margin: 4mm 0 1mm; text-transform: uppercase; }
.ntm-sheet h2 { font-size: 12pt; margin: 5mm 0 2mm; }
.ntm-sheet .ntm-sub { text-align: center; font-style: italic; margin: 0 0 4mm; }
.ntm-sheet table { border-collapse: collapse; width: 100%; margin: 2mm 0; }
.ntm-sheet th, .ntm-sheet td { border: 1px solid #444; padding: 1mm 1.5mm; vertical-align: top;
  text-align: left; }
.ntm-sheet th { background: #eee; }
.ntm-sheet dl.ntm-head { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm;
  margin: 0 0 3mm; }
.ntm-sheet dl.ntm-head dt { font-weight: bold; }
.ntm-sheet dl.ntm-head dd { margin: 0; }
.ntm-sheet tr.ntm-group th { background: #ddd; font-size: 10.5pt; }
.ntm-sheet tr.ntm-criterion td { border-top: 2px solid #000; }
.ntm-sheet td.ntm-num { white-space: nowrap; }
.ntm-sheet td.ntm-notes { min-width: 28mm; }
.ntm-sheet .ntm-pass { color: #1a5e20; } .ntm-sheet .ntm-fail { color: #b71c1c; }
.ntm-sheet .ntm-unknown { color: #7a4f00; }
.ntm-sheet .ntm-small { font-size: 9pt; color: #333; }
.ntm-sheet .ntm-signatures { display: flex; justify-content: space-between; margin-top: 8mm;
  page-break-inside: avoid; break-inside: avoid; }
.ntm-sheet .ntm-signatures > div { width: 45%; text-align: center; }
.ntm-sheet .ntm-sign-space { height: 22mm; }
.ntm-sheet thead { display: table-header-group; }
.ntm-sheet tr { page-break-inside: avoid; break-inside: avoid; }
.ntm-page-break { page-break-before: always; break-before: page; }
@media print { .ntm-sheet { max-width: none; } .ntm-noprint { display: none; } }
"""

def _cap(word: str) -> str:
    """A glossary term as a column heading (``thực tế`` -> ``Thực tế``)."""
    return word[:1].upper() + word[1:]


_WORDS = {
    "vi": {
        "title": "Phiếu rà soát kết quả đánh giá tiêu chí",
        "unit": "Đơn vị được đánh giá", "parent": "Thuộc", "set": "Bộ tiêu chí",
        "year": "Năm đánh giá", "date": "Ngày lập phiếu", "overall": "Kết quả chung",
        "no": "TT", "criterion": "Tiêu chí / điều kiện",
        "observed": _cap(term("observed", "vi")),
        "required": _cap(term("required", "vi")), "shortfall": _cap(term("short_by", "vi")),
        "result": "Kết quả", "source": term("source", "vi"), "notes": "Ghi chú",
        "parameters": "Tham số đã dùng",
        "set_values": "Giá trị tham số đã quy định",
        "prepared": "Người lập phiếu", "approved": "Thủ trưởng cơ quan",
        "sign": "(Ký, ghi rõ họ tên)", "sign_seal": "(Ký, đóng dấu, ghi rõ họ tên)",
        "blank_date": "ngày ..... tháng ..... năm ........",
        "details": "Kết quả chi tiết theo tiêu chí", "no_data": term("no_data", "vi"),
        "produced_by": "Lập bằng ntmcriteria từ số liệu đã nhập; kết quả cần được cán bộ rà "
                       "soát đối chiếu hồ sơ.",
    },
    "en": {
        "title": "Criteria assessment review sheet",
        "unit": "Unit assessed", "parent": "Part of", "set": "Criteria set",
        "year": "Year assessed", "date": "Date produced", "overall": "Overall result",
        "no": "No.", "criterion": "Criterion / condition", "observed": "Observed",
        "required": "Required", "shortfall": "Shortfall", "result": "Result",
        "source": "Source", "notes": "Notes", "parameters": "Parameters used",
        "set_values": "Parameter values set",
        "prepared": "Prepared by", "approved": "Head of office",
        "sign": "(Signature and full name)", "sign_seal": "(Signature, seal and full name)",
        "blank_date": "day ..... month ..... year ........",
        "details": "Results by criterion", "no_data": "no data",
        "produced_by": "Produced with ntmcriteria from the data entered; a reviewer checks the "
                       "results against the records.",
    },
}


@attrs.frozen
class ReviewRow:
    """One line of the sheet: a criterion's heading (``depth`` 0) or one of its conditions."""

    depth: int
    number: str
    text: str
    observed: str
    required: str
    shortfall: str
    outcome: Outcome
    source: str = ""
    notes: tuple[str, ...] = ()
    criterion_id: str = ""
    group: str = ""


def group_label(group: str, lang: str) -> str:
    """The group's name in ``lang`` (groups are written ``"vi / en"``)."""
    if not group:
        return ""
    parts = [p.strip() for p in group.split(" / ", 1)]
    return parts[1] if lang == "en" and len(parts) == 2 else parts[0]


def _required(detail: Any, w: Wording) -> str:
    required = detail.required
    if required is None:
        return ""
    if isinstance(required, bool):
        wanted = required if detail.op == "==" else not required
        return w.value(wanted)
    return f"{detail.operator.sign} {w.quantity(required, detail.indicator)}"


def _figures(trace: Trace, w: Wording) -> tuple[str, str, str, str]:
    """(condition, observed, required, shortfall) of a node with figures."""
    detail: Any = trace.detail
    label = trace.label(w.lang)
    failing = trace.outcome is Outcome.FAIL
    if trace.kind == "compare":
        subject = label or detail.expr.subject(w)
        observed = (_WORDS[w.lang]["no_data"] if detail.observed is None
                    else w.quantity(detail.observed, detail.indicator))
        quantity = detail.shortfall_quantity
        short = w.amount(quantity) if failing and quantity is not None else ""
        return subject, observed, _required(detail, w), short
    if trace.kind == "aggregate":
        text = w.sentence(trace).text
        observed = ("" if detail.observed is None
                    else w.quantity(detail.observed, detail.indicator))
        required = ("" if detail.required is None
                    else f"{detail.operator.sign} {w.quantity(detail.required, detail.indicator)}")
        quantity = detail.shortfall_quantity
        short = w.amount(quantity) if failing and quantity is not None else ""
        return text.split(":", 1)[0], observed, required, short
    what = w.level(detail.level)
    passed, total = len(detail.passed), detail.total
    quantity = detail.shortfall_quantity if trace.outcome is not Outcome.PASS else None
    short = "" if quantity is None else w.amount(quantity)  # in members: "2 xã", "2 communes"
    required = "" if detail.required is None else w.value(detail.required)
    if trace.kind == "share":
        subject = label or w.t(f"Tỷ lệ {what} đạt", f"Share of {w.level(detail.level, True)} "
                                                     "meeting the rule")
        share = "" if detail.observed is None else f" = {w.value(detail.observed)}%"
        return subject, f"{passed}/{total}{share}", f"≥ {required}%" if required else "", short
    subject = label or w.t(f"Số {what} đạt", f"Number of {w.level(detail.level, True)} "
                                             "meeting the rule")
    return subject, w.t(f"{passed} (trên {total})", f"{passed} (of {total})"), (
        f"≥ {required}" if required else ""), short


def _rows(trace: Trace, w: Wording, depth: int, out: list[ReviewRow], flatten: bool) -> None:
    kind = trace.kind
    if kind in _JUNCTIONS and flatten and kind == "all_of" and not trace.label(w.lang):
        for child in trace.children:
            _rows(child, w, depth, out, False)
        return
    sentence = w.sentence(trace)
    if kind in _FIGURES:
        text, observed, required, short = _figures(trace, w)
        out.append(ReviewRow(depth=depth, number="", text=text, observed=observed,
                             required=required, shortfall=short, outcome=trace.outcome,
                             notes=sentence.notes))
        return
    out.append(ReviewRow(depth=depth, number="", text=sentence.text, observed="", required="",
                         shortfall="", outcome=trace.outcome, notes=sentence.notes))
    if kind in _JUNCTIONS or kind == "rule_param":
        for child in trace.children:
            _rows(child, w, depth + 1, out, False)
    elif kind == "meets":
        # the referenced set's criteria, one line each; the conditions of those not passing
        for child in trace.children:
            out.append(ReviewRow(depth=depth + 1, number="", text=child.label(w.lang),
                                 observed="", required="", shortfall="", outcome=child.outcome))
            if child.outcome is not Outcome.PASS:
                _rows(child.relabelled("", ""), w, depth + 2, out, True)


def review_rows(assessment: Assessment, lang: str = "vi") -> tuple[ReviewRow, ...]:
    """The lines of the sheet: per criterion a heading line (depth 0, with its number,
    result and source), then its conditions (depth 1 and below)."""
    lang = check_lang(lang)
    w = Wording(lang, assessment.criteria_set, _unit_names(assessment.unit))
    out: list[ReviewRow] = []
    for result in assessment.results:
        c = result.criterion
        out.append(ReviewRow(depth=0, number=c.number, text=c.label(lang), observed="",
                             required="", shortfall="", outcome=result.outcome,
                             source=c.citation.describe(lang), criterion_id=c.id,
                             group=group_label(c.group, lang)))
        conditions: list[ReviewRow] = []
        _rows(result.trace.relabelled("", ""), w, 1, conditions, True)
        out.extend(attrs.evolve(row, criterion_id=c.id) for row in conditions)
    return tuple(out)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def outcome_html(outcome: Outcome, lang: str, upper: bool = False) -> str:
    label = outcome_label(outcome, lang)
    return f'<strong class="ntm-{outcome.value}">{_e(label.upper() if upper else label)}</strong>'


def _notes(notes: Sequence[str]) -> str:
    return "".join(f'<br/><span class="ntm-small"><em>{_e(n)}</em></span>' for n in notes)


def page(title: str, body: str, lang: str, style: str = PRINT_STYLE) -> str:
    """A whole HTML page (UTF-8, no script) around ``body``."""
    return (f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8"/>\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"/>\n'
            f"<title>{_e(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n{body}"
            "</body>\n</html>\n")


def _set_values(criteria_set: Any, lang: str) -> dict[str, dict[str, object]]:
    """The parameter values the set's own derivation set (``SetParameter`` changes, as a
    filled parameter sheet gives them), grouped by the citation that authorises them."""
    from ntmcriteria.changes import SetParameter

    out: dict[str, dict[str, object]] = {}
    for change in getattr(criteria_set, "changes", ()):
        if isinstance(change, SetParameter):
            out.setdefault(change.citation.describe(lang), {})[change.name] = change.value
    return out


def review_sheet_html(assessment: Assessment, lang: str = "vi", *, date: str = "",
                      parent: str = "", standalone: bool = True) -> str:
    """The review sheet of ``assessment``: a whole A4 page, or (``standalone=False``) a
    fragment to put in a page of several sheets (each starts on a new page when printed).

    ``date`` is the date the sheet is produced, as it should be printed (``"12/05/2025"``);
    ``parent`` names the unit the assessed one belongs to (``"huyện Tiên Phước"``).
    """
    lang = check_lang(lang)
    for name, value in (("date", date), ("parent", parent)):
        if not isinstance(value, str):
            raise NTMTypeError(f"{name} must be a string (got {type(value).__name__}: "
                               f"{value!r:.60})")
    h = _WORDS[lang]
    w = Wording(lang, assessment.criteria_set)
    unit = assessment.unit
    cs = assessment.criteria_set
    counts = {o: len(assessment.ids(o)) for o in Outcome}
    summary = w.t(f"{counts[Outcome.PASS]} đạt, {counts[Outcome.FAIL]} không đạt, "
                  f"{counts[Outcome.UNKNOWN]} chưa đủ dữ liệu / {len(assessment.results)} tiêu chí",
                  f"{counts[Outcome.PASS]} passed, {counts[Outcome.FAIL]} failed, "
                  f"{counts[Outcome.UNKNOWN]} not enough data, of {len(assessment.results)} "
                  "criteria")
    if counts[Outcome.NOT_APPLICABLE]:
        summary += w.t(f"; {counts[Outcome.NOT_APPLICABLE]} không áp dụng",
                       f"; {counts[Outcome.NOT_APPLICABLE]} not applicable")
    level = w.level(unit.level)
    head = [(h["unit"], f"{level} {unit.label()}"),
            (h["parent"], parent or "...................................................."),
            (h["set"], f"{cs.label(lang)} [{cs.id}]"),
            (h["year"], str(assessment.year)),
            (h["date"], date or h["blank_date"])]
    out = [f'<div class="ntm-sheet" lang="{_e(lang)}">',
           f"<h1>{_e(h['title'])}</h1>",
           f'<p class="ntm-sub">{_e(cs.label(lang))} — {_e(level)} {_e(unit.label())}, '
           f"{_e(assessment.year)}</p>",
           '<dl class="ntm-head">']
    out += [f"<dt>{_e(k)}:</dt> <dd>{_e(v)}</dd>" for k, v in head]
    out.append(f"<dt>{_e(h['overall'])}:</dt> <dd>{outcome_html(assessment.outcome, lang, True)}"
               f" — {_e(summary)}</dd>")
    outside = period_note(assessment.outside_period, lang)
    if outside:
        out.append(f'<dt>{_e(HEADING[lang])}:</dt> <dd class="ntm-outside-period">'
                   f"{_e(outside)}</dd>")
    params = _parameters_text(assessment.parameters, w)
    if params:
        out.append(f"<dt>{_e(h['parameters'])}:</dt> <dd class=\"ntm-small\">"
                   f"{_e('; '.join(params))}</dd>")
    for source, values in _set_values(cs, lang).items():
        # the values a derivation (a filled parameter sheet) set, with the document citing them
        out.append(f"<dt>{_e(h['set_values'])}:</dt> <dd class=\"ntm-small\">"
                   f"{_e('; '.join(_parameters_text(values, w)))} — {_e(h['source'])}: "
                   f"{_e(source)}</dd>")
    out.append("</dl>")
    out.append(f"<h2>{_e(h['details'])}</h2>")
    columns = ("no", "criterion", "observed", "required", "shortfall", "result", "notes")
    widths = ("6%", "40%", "12%", "12%", "10%", "8%", "12%")
    out.append("<table><colgroup>" + "".join(f'<col style="width:{x}"/>' for x in widths)
               + "</colgroup><thead><tr>" + "".join(f"<th>{_e(h[c])}</th>" for c in columns)
               + "</tr></thead><tbody>")
    group = None
    for row in review_rows(assessment, lang):
        if row.depth == 0:
            if row.group != group and row.group:
                out.append(f'<tr class="ntm-group"><th colspan="{len(columns)}">'
                           f"{_e(row.group)}</th></tr>")
            group = row.group
            out.append(f'<tr class="ntm-criterion"><td class="ntm-num"><strong>{_e(row.number)}'
                       f"</strong></td><td colspan=\"4\"><strong>{_e(row.text)}</strong>"
                       f'<br/><span class="ntm-small"><em>{_e(h["source"])}:</em> '
                       f"{_e(row.source)}</span></td>"
                       f"<td>{outcome_html(row.outcome, lang, True)}</td>"
                       '<td class="ntm-notes"></td></tr>')
            continue
        pad = "\u2003" * (row.depth - 1)
        text = f"{_e(pad)}– {_e(row.text)}{_notes(row.notes)}"
        if row.observed or row.required or row.shortfall:
            cells = (f"<td>{text}</td><td>{_e(row.observed)}</td><td>{_e(row.required)}</td>"
                     f"<td>{_e(row.shortfall)}</td>")
        else:  # a condition without figures (a set met, a rule supplied, a junction)
            cells = f'<td colspan="4">{text}</td>'
        out.append(f"<tr><td></td>{cells}<td>{outcome_html(row.outcome, lang)}</td>"
                   '<td class="ntm-notes"></td></tr>')
    out.append("</tbody></table>")
    out.append(f'<p class="ntm-small"><em>{_e(h["produced_by"])}</em></p>')
    out.append('<div class="ntm-signatures">'
               f"<div><strong>{_e(h['prepared'])}</strong><br/><em>{_e(h['sign'])}</em>"
               '<div class="ntm-sign-space"></div>........................................</div>'
               f"<div><strong>{_e(h['approved'])}</strong><br/><em>{_e(h['sign_seal'])}</em>"
               '<div class="ntm-sign-space"></div>........................................</div>'
               "</div>")
    out.append("</div>\n")
    body = "\n".join(out)
    if not standalone:
        return body
    return page(f"{h['title']} — {unit.label()} {assessment.year}", body, lang)
