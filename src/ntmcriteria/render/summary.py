"""Summaries for a district, a province or a plan: units x criteria, counts, targets, a chart.

- :func:`units_summary_html`: many units assessed against a set (the communes of
  a district, the districts of a province): a table of units x criteria with
  the result of each, the number of units passing, failing or lacking data per
  criterion and per group of criteria, and the units closest to passing with
  their main shortfalls.
- :func:`plan_summary_html`: a plan's progress (:class:`~ntmcriteria.plans.PlanProgress`):
  candidates per group, the distance to each target, the candidates closest to
  passing, a small inline SVG chart of candidates passing per group against the
  target, and the units x criteria table of each set assessed.

HTML only (no script, no plotting dependency); every text is escaped; results
are written out in words, so the page reads the same without its styles or in
black and white. ``standalone=False`` gives a fragment (notebooks).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ntmcriteria.analysis.closeness import normalised_shortfall
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.glossary import counted, term
from ntmcriteria.outcome import Outcome
from ntmcriteria.period import HEADING, period_notes
from ntmcriteria.render._format import check_lang, format_quantity
from ntmcriteria.render._model import Wording, outcome_label
from ntmcriteria.render.review import PRINT_STYLE, group_label, page

if TYPE_CHECKING:
    from ntmcriteria.assessment import Assessment, Shortfall
    from ntmcriteria.criteria import CriteriaSet
    from ntmcriteria.plans import PlanProgress, Tally

__all__ = ["SUMMARY_STYLE", "criterion_heading", "plan_chart_svg", "plan_summary_html",
           "ranked", "shortfall_text", "units_summary_html", "units_summary_text"]

#: Styles of the summaries (screen, A4 landscape print); they read the same without them.
SUMMARY_STYLE = """
.ntm-summary { font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  font-size: 10pt; color: #000; }
.ntm-summary h1 { font-size: 14pt; margin: 2mm 0; } .ntm-summary h2 { font-size: 12pt;
  margin: 5mm 0 2mm; }
.ntm-summary table { border-collapse: collapse; margin: 1mm 0 3mm; }
.ntm-summary th, .ntm-summary td { border: 1px solid #888; padding: 1px 5px; text-align: left;
  vertical-align: top; }
.ntm-summary th { background: #eee; } .ntm-summary td.ntm-n { text-align: right; }
.ntm-summary tfoot td, .ntm-summary tfoot th { background: #f4f4f4; font-weight: bold; }
.ntm-summary .ntm-pass { color: #1a5e20; } .ntm-summary .ntm-fail { color: #b71c1c; }
.ntm-summary .ntm-unknown { color: #7a4f00; }
.ntm-summary .ntm-small { font-size: 8.5pt; color: #333; }
.ntm-summary svg { max-width: 100%; height: auto; }
@media print { @page { size: A4 landscape; margin: 10mm; } }
"""

_W = {
    "vi": {"units": "Đơn vị", "code": "Mã", "overall": "Kết quả chung", "passing": "Số đạt",
           "failing": "Số không đạt", "unknown": "Số chưa đủ dữ liệu", "group": "Nhóm tiêu chí",
           "criteria": "Số tiêu chí", "all_pass": "Đạt cả nhóm",
           "some_fail": "Có tiêu chí không đạt",
           "some_unknown": "Còn lại: chưa đủ dữ liệu", "closest": "Các đơn vị gần đạt nhất",
           "shortfalls": "Các điểm không đạt chính", "n_short": "Số điểm không đạt",
           "n_missing": "Số mục thiếu dữ liệu", "matrix": "Kết quả theo đơn vị và tiêu chí",
           "by_group": "Theo nhóm tiêu chí", "date": "Ngày lập", "year": "Năm đánh giá",
           "set": "Bộ tiêu chí", "candidates": "Ứng viên", "not_assessed": "Chưa đánh giá",
           "targets": "Mục tiêu", "target": "Mục tiêu", "required": "Cần đạt",
           "distance": "Còn thiếu", "state": "Tình hình", "plan_groups": "Ứng viên theo nhóm",
           "chart": "Số ứng viên đạt theo nhóm so với mục tiêu", "no_group": "Không thuộc nhóm",
           "districts": "Huyện", "met": "đã đạt", "reachable": "còn có thể đạt",
           "out_of_reach": "không thể đạt với các ứng viên hiện có",
           "after": "chỉ có đánh giá sau năm mục tiêu", "none": "Không có.",
           "summary_of": "Tổng hợp kết quả đánh giá", "missing": term("missing_data", "vi")},
    "en": {"units": "Unit", "code": "Code", "overall": "Overall", "passing": "Passing",
           "failing": "Failing", "unknown": "Not enough data", "group": "Group of criteria",
           "criteria": "Criteria", "all_pass": "Pass the whole group",
           "some_fail": "Fail a criterion", "some_unknown": "Others: not enough data",
           "closest": "Closest to passing", "shortfalls": "Main shortfalls",
           "n_short": "Shortfalls", "n_missing": "Missing items",
           "matrix": "Results by unit and criterion", "by_group": "By group of criteria",
           "date": "Date produced", "year": "Year assessed", "set": "Criteria set",
           "candidates": "Candidates", "not_assessed": "Not assessed", "targets": "Targets",
           "target": "Target", "required": "Required", "distance": "Still needed",
           "state": "State", "plan_groups": "Candidates by group",
           "chart": "Candidates passing per group against the target", "no_group": "No group",
           "districts": "Districts", "met": "met", "reachable": "still reachable",
           "out_of_reach": "out of reach with the current candidates",
           "after": "assessed only after the target year", "none": "None.",
           "summary_of": "Summary of assessments", "missing": "missing"},
}
#: Fill colours of the groups in the chart (also told apart by their labels).
_COLOURS = ("#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def criterion_heading(number: str, label: str, limit: int = 48) -> str:
    """A column name for a criterion: its number and label (``"2.4. Thu nhập"``), shortened."""
    text = f"{number}. {label}" if number else label
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def shortfall_text(shortfall: Shortfall, lang: str = "vi") -> str:
    """One line: the condition, observed against required, and the shortfall with its unit."""
    w = Wording(check_lang(lang))
    trace = shortfall.trace
    ind = shortfall.indicator
    label = trace.label(lang) or (ind.label(lang) if ind is not None else shortfall.kind)
    where = f"[{shortfall.criterion_id}] {label}"
    if isinstance(shortfall.required, bool):
        return where + w.t(": phải là ", ": must be ") + w.value(shortfall.required)
    quantity = shortfall.quantity
    if shortfall.more_needed is not None and shortfall.kind in ("share", "count", "at_least"):
        more = w.value(shortfall.more_needed)
        if quantity is None:
            return where + w.t(f": cần thêm {more}", f": {more} more needed")
        return where + w.t(f": cần thêm {w.amount(quantity)}",
                           f": {more} more {quantity.label('en')} needed")
    observed = w.term("no_data") if shortfall.observed is None else \
        format_quantity(shortfall.observed, lang, ind)
    text = where + f": {w.term('observed')} {observed}"
    if shortfall.required is not None:
        text += f", {w.term('required')} " + format_quantity(shortfall.required, lang, ind)
    if quantity is not None:
        text += f", {w.term('short_by')} " + w.amount(quantity)
    return text


def _distance(assessment: Assessment) -> Fraction:
    total = Fraction(0)
    for result in assessment.results:
        if result.outcome is Outcome.FAIL:
            total += normalised_shortfall(result.trace) or Fraction(0)
    return total


def ranked(assessments: Iterable[Assessment]) -> list[Assessment]:
    """Units not passing, closest first: fewest failing criteria, then the smallest total
    normalised shortfall, then the fewest criteria without enough data, then the code."""
    pool = [a for a in assessments if a.outcome is not Outcome.PASS]
    pool.sort(key=lambda a: (len(a.failed), _distance(a), len(a.unknown), a.unit.code))
    return pool


def _check_assessments(value: object) -> tuple[Assessment, ...]:
    """A Batch, Verdicts or any iterable of assessments, as a tuple."""
    from ntmcriteria.assessment import Assessment

    source: Any = getattr(value, "assessments", value)
    if callable(source):  # Verdicts.assessments()
        source = source()
    if isinstance(source, str | bytes | Mapping) or not isinstance(source, Iterable):
        raise NTMTypeError(f"assessments must be a sequence of Assessment "
                           f"(got {type(value).__name__})")
    items = tuple(source)
    for index, item in enumerate(items):
        if not isinstance(item, Assessment):
            raise NTMTypeError(f"assessments[{index}] must be an Assessment "
                               f"(got {type(item).__name__})")
    return items


def _by_set(items: Sequence[Assessment]) -> dict[str, list[Assessment]]:
    out: dict[str, list[Assessment]] = {}
    for a in items:
        out.setdefault(a.criteria_set.id, []).append(a)
    return out


_MARKS = {"pass": "✓", "fail": "✗", "unknown": "?", "not_applicable": "–"}


def _cell(outcome: Outcome, lang: str, words: bool = True) -> str:
    """A result: its mark and its word (or the mark alone, explained by the legend)."""
    label = _e(outcome_label(outcome, lang))
    mark = _MARKS[outcome.value]
    return (f'<td class="ntm-{outcome.value}" title="{label}">{mark}'
            + (f" {label}" if words else "") + "</td>")


def _legend(lang: str) -> str:
    return ('<p class="ntm-small">' + " · ".join(
        f"{_MARKS[o.value]} {_e(outcome_label(o, lang))}" for o in Outcome) + "</p>")


def _matrix(cs: CriteriaSet, items: Sequence[Assessment], lang: str) -> list[str]:
    """Units x criteria with the counts per criterion in the footer."""
    h = _W[lang]
    criteria = cs.criteria
    out = ["<table><thead><tr>"
           f"<th>{_e(h['units'])}</th><th>{_e(h['overall'])}</th>"
           + "".join(f'<th title="{_e(c.id)}">'
                     f"{_e(criterion_heading(c.number, c.label(lang), 32))}</th>"
                     for c in criteria)
           + "</tr></thead><tbody>"]
    words = len(criteria) <= 6
    for a in items:
        outcomes = {r.id: r.outcome for r in a.results}
        out.append(f"<tr><th>{_e(a.unit.label())}</th>{_cell(a.outcome, lang)}"
                   + "".join(_cell(outcomes[c.id], lang, words) for c in criteria) + "</tr>")
    out.append("</tbody><tfoot>")
    for outcome, name in ((Outcome.PASS, "passing"), (Outcome.FAIL, "failing"),
                          (Outcome.UNKNOWN, "unknown")):
        overall = sum(a.outcome is outcome for a in items)
        counts = [sum(a.result(c.id).outcome is outcome for a in items) for c in criteria]
        out.append(f"<tr><th>{_e(h[name])}</th><td class=\"ntm-n\">{overall}/{len(items)}</td>"
                   + "".join(f'<td class="ntm-n">{n}</td>' for n in counts) + "</tr>")
    out.append("</tfoot></table>")
    if not words:
        out.append(_legend(lang))
    return out


def _groups(cs: CriteriaSet, items: Sequence[Assessment], lang: str) -> list[str]:
    """Per group of criteria: how many units pass all of it, fail one, or lack data."""
    h = _W[lang]
    groups: dict[str, list[str]] = {}
    for c in cs.criteria:
        groups.setdefault(group_label(c.group, lang) or "—", []).append(c.id)
    if len(groups) < 2:
        return []
    out = [f"<h3>{_e(h['by_group'])}</h3><table><thead><tr><th>{_e(h['group'])}</th>"
           f"<th>{_e(h['criteria'])}</th><th>{_e(h['all_pass'])}</th>"
           f"<th>{_e(h['some_fail'])}</th><th>{_e(h['some_unknown'])}</th></tr></thead><tbody>"]
    for name, ids in groups.items():
        passing = failing = 0
        for a in items:
            outcomes = [a.result(i).outcome for i in ids]
            if Outcome.FAIL in outcomes:
                failing += 1
            elif all(o is Outcome.PASS for o in outcomes):
                passing += 1
        unknown = len(items) - passing - failing
        out.append(f"<tr><th>{_e(name)}</th><td class=\"ntm-n\">{len(ids)}</td>"
                   f'<td class="ntm-n">{passing}</td><td class="ntm-n">{failing}</td>'
                   f'<td class="ntm-n">{unknown}</td></tr>')
    out.append("</tbody></table>")
    return out


def _closest(pool: Sequence[Assessment], lang: str,
             names: Mapping[str, str] | None = None) -> list[str]:
    """The table of the units in ``pool`` (already in order) with their main shortfalls."""
    h = _W[lang]
    out = [f"<h3>{_e(h['closest'])}</h3>"]
    if not pool:
        return [*out, f"<p>{_e(h['none'])}</p>"]
    out.append(f"<table><thead><tr><th>#</th><th>{_e(h['units'])}</th>"
               f"<th>{_e(h['overall'])}</th><th>{_e(h['n_short'])}</th>"
               f"<th>{_e(h['n_missing'])}</th><th>{_e(h['shortfalls'])}</th></tr></thead><tbody>")
    for index, a in enumerate(pool, 1):
        shortfalls = a.shortfalls()
        lines = [shortfall_text(s, lang) for s in shortfalls[:3]]
        missing = a.missing(all=True)  # counted in full; shown: those that matter, first
        lines += [f"? {h['missing']}: {m.describe(lang)}" for m in a.missing()[:2]]
        label = (names or {}).get(a.unit.code) or a.unit.label()
        out.append(f"<tr><td class=\"ntm-n\">{index}</td><th>{_e(label)}</th>"
                   f"{_cell(a.outcome, lang)}<td class=\"ntm-n\">{len(shortfalls)}</td>"
                   f'<td class="ntm-n">{len(missing)}</td><td class="ntm-small">'
                   + "<br/>".join(_e(x) for x in lines) + "</td></tr>")
    out.append("</tbody></table>")
    return out


def _open(title: str, lang: str, meta: Sequence[tuple[str, str]]) -> list[str]:
    out = [f'<div class="ntm-summary" lang="{_e(lang)}"><style>{SUMMARY_STYLE}</style>',
           f"<h1>{_e(title)}</h1>"]
    if meta:
        out.append("<p>" + "<br/>".join(f"<strong>{_e(k)}:</strong> {_e(v)}" for k, v in meta)
                   + "</p>")
    return out


def _check_text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise NTMTypeError(f"{name} must be a string (got {type(value).__name__}: "
                           f"{value!r:.60})")
    return value


def _check_count(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise NTMTypeError(f"{name} must be a whole number >= 0 (got {type(value).__name__}: "
                           f"{value!r:.60})")
    if value < 0:
        raise NTMValueError(f"{name} must be a whole number >= 0 (got {value!r})")
    return value


def units_summary_html(assessments: Iterable[Assessment], lang: str = "vi", *, title: str = "",
                       date: str = "", closest: int = 5, standalone: bool = True) -> str:
    """The summary of many units' assessments (a :class:`~ntmcriteria.batch.Batch` or any
    iterable of assessments): per set assessed, units x criteria with counts per criterion
    and per group of criteria, and the ``closest`` units nearest to passing."""
    lang = check_lang(lang)
    items = _check_assessments(assessments)
    title = _check_text("title", title) or _W[lang]["summary_of"]
    date = _check_text("date", date)
    closest = _check_count("closest", closest)
    h = _W[lang]
    years = sorted({a.year for a in items})
    meta = [(h["year"], ", ".join(map(str, years)) or "—"), (h["units"], str(len(items)))]
    if date:
        meta.append((h["date"], date))
    out = _open(title, lang, meta)
    for items_of_set in _by_set(items).values():
        cs = items_of_set[0].criteria_set
        out.append(f"<h2>{_e(h['set'])}: {_e(cs.label(lang))} <code>{_e(cs.id)}</code></h2>")
        out += [f'<p class="ntm-outside-period"><strong>{_e(HEADING[lang])}:</strong> '
                f"{_e(note)}</p>"
                for note in period_notes((a.outside_period for a in items_of_set), lang)]
        out += _matrix(cs, items_of_set, lang)
        out += _groups(cs, items_of_set, lang)
        out += _closest(ranked(items_of_set)[:closest], lang)
    out.append("</div>\n")
    body = "\n".join(out)
    return page(title, body, lang, PRINT_STYLE) if standalone else body


def _pad(text: str, width: int) -> str:
    shown = text if len(text) <= width else text[:width - 1] + "…"
    return shown.ljust(width)


def units_summary_text(assessments: Iterable[Assessment], lang: str = "vi", *,
                       closest: int = 5, names: Mapping[str, str] | None = None) -> str:
    """The summary of :func:`units_summary_html` as plain text for a terminal: per set
    assessed, units x criteria (✓ pass, ✗ fail, ? not enough data) with the counts per
    criterion, the groups of criteria, and the ``closest`` units nearest to passing with
    their main shortfalls and missing data. ``names`` gives a label per unit code
    (default: the unit's name and code)."""
    lang = check_lang(lang)
    items = _check_assessments(assessments)
    closest = _check_count("closest", closest)
    h = _W[lang]
    vi = lang == "vi"
    years = ", ".join(map(str, sorted({a.year for a in items}))) or "—"
    out = [f"{h['summary_of']} — {h['year'].lower()} {years}, {len(items)} "
           + ("đơn vị" if vi else "units")]
    for items_of_set in _by_set(items).values():
        cs = items_of_set[0].criteria_set
        n = len(items_of_set)
        counts = {o: sum(a.outcome is o for a in items_of_set) for o in Outcome}
        # not applicable is shown only where some criterion or unit is not applicable
        na = any(r.outcome is Outcome.NOT_APPLICABLE for a in items_of_set for r in a.results)
        shown = [o for o in Outcome if na or o is not Outcome.NOT_APPLICABLE]
        out += ["", f"{h['set']}: {cs.label(lang)} [{cs.id}]",
                (f"{h['overall']}: " + ", ".join(f"{counts[o]} {outcome_label(o, lang)}"
                                                 for o in shown)
                 + (f" (tổng số {n})" if vi else f" (of {n})"))]
        out += [f"{HEADING[lang]}: {note}"
                for note in period_notes((a.outside_period for a in items_of_set), lang)]
        labels = [(names or {}).get(a.unit.code) or a.unit.label() for a in items_of_set]
        width = min(max([len(x) for x in labels] + [len(h["unknown"]), 12]), 36)
        ids = [c.id for c in cs.criteria]
        cols = [max(len(i), 2) for i in ids]
        out.append("")
        out.append(_pad(h["units"], width) + "  " + "  ".join(
            i.ljust(w) for i, w in zip(ids, cols, strict=True)) + "  " + h["overall"])
        for label, a in zip(labels, items_of_set, strict=True):
            outcomes = {r.id: r.outcome for r in a.results}
            out.append(_pad(label, width) + "  " + "  ".join(
                _MARKS[outcomes[i].value].ljust(w) for i, w in zip(ids, cols, strict=True))
                + "  " + outcome_label(a.outcome, lang))
        for outcome, key in ((Outcome.PASS, "passing"), (Outcome.FAIL, "failing"),
                             (Outcome.UNKNOWN, "unknown")):
            numbers = [str(sum(a.result(i).outcome is outcome for a in items_of_set))
                       for i in ids]
            out.append(_pad(h[key], width) + "  " + "  ".join(
                x.ljust(w) for x, w in zip(numbers, cols, strict=True))
                + f"  {counts[outcome]}/{n}")
        out.append("  ".join(f"{_MARKS[o.value]} {outcome_label(o, lang)}" for o in shown)
                   + "; " + "; ".join(f"{c.id}: {criterion_heading(c.number, c.label(lang), 60)}"
                                      for c in cs.criteria))
        pool = ranked(items_of_set)[:closest]
        if closest:
            out += ["", f"{h['closest']}:"]
            if not pool:
                out.append(f"  {h['none']}")
        for index, a in enumerate(pool, 1):
            label = (names or {}).get(a.unit.code) or a.unit.label()
            shortfalls = a.shortfalls()
            missing = a.missing(all=True)  # counted in full; shown: those that matter
            out.append(f"  {index}. {label}: {outcome_label(a.outcome, lang)} — "
                       + f"{counted(len(shortfalls), 'shortfalls', lang)}, "
                       + counted(len(missing), "missing_items", lang))
            out += [f"      - {shortfall_text(x, lang)}" for x in shortfalls[:3]]
            out += [f"      ? {h['missing']}: {m.describe(lang)}" for m in a.missing()[:2]]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------- plans
def _group_name(progress: PlanProgress, group: int | None, lang: str) -> str:
    h = _W[lang]
    if group is not None:
        return f"Nhóm {group}" if lang == "vi" else f"Group {group}"
    levels = {s.candidate.level.value for s in progress.statuses if s.candidate.group is None}
    return h["districts"] if levels == {"district"} else h["no_group"]


def plan_chart_svg(progress: PlanProgress, lang: str = "vi") -> str:
    """A small bar chart: for each target, the candidates passing (one segment per group)
    against the target's count and the number of candidates; then, per group, how many
    pass, fail, lack data or were not assessed. Labels are text in the SVG."""
    lang = check_lang(lang)
    h = _W[lang]
    rows: list[tuple[str, list[tuple[int, str, str]], int, int | None]] = []
    groups = [g for g, _ in progress.by_group]
    colour = {g: _COLOURS[i % len(_COLOURS)] for i, g in enumerate(groups)}
    for tp in progress.targets:
        target = tp.target
        segments = []
        for group, tally in progress.by_group:
            codes = [c for c in tally.passed if progress.plan.candidate(c).level is target.level]
            if codes:
                segments.append((len(codes), colour[group], _group_name(progress, group, lang)))
        total = sum(1 for c in progress.plan.candidates if c.level is target.level)
        label = target.label_vi if lang == "vi" else target.label_en
        rows.append((label, segments, total, target.count))
    for group, tally in progress.by_group:
        segments = [(len(tally.passed), colour[group], outcome_label(Outcome.PASS, lang)),
                    (len(tally.unknown), "#bdbdbd", outcome_label(Outcome.UNKNOWN, lang)),
                    (len(tally.failed), "#ffffff", outcome_label(Outcome.FAIL, lang))]
        rows.append((_group_name(progress, group, lang), [s for s in segments if s[0]],
                     tally.total, None))
    scale_max = max([1, *(max(total, count or 0) for _, _, total, count in rows)])
    left, width, bar, gap = 290, 420, 18, 12
    height = 30 + len(rows) * (bar + gap) + 20
    unit = width / scale_max
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 '
           f'{left + width + 120} {height}" width="{left + width + 120}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f"<title>{_e(h['chart'])}</title>",
           f'<text x="0" y="16" font-weight="bold">{_e(h["chart"])}</text>']
    y = 30
    for label, segments, total, count in rows:
        out.append(f'<text x="{left - 8}" y="{y + bar - 5}" text-anchor="end">'
                   f"{_e(label if len(label) <= 44 else label[:43] + '…')}</text>")
        out.append(f'<rect x="{left}" y="{y}" width="{total * unit:.1f}" height="{bar}" '
                   'fill="#f5f5f5" stroke="#555"/>')
        x = float(left)
        for n, fill, part in segments:
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{n * unit:.1f}" height="{bar}" '
                       f'fill="{fill}" stroke="#555"><title>{_e(part)}: {n}</title></rect>')
            if n * unit >= 16:
                ink = "#000" if fill in ("#ffffff", "#bdbdbd") else "#fff"
                out.append(f'<text x="{x + n * unit / 2:.1f}" y="{y + bar - 5}" '
                           f'text-anchor="middle" fill="{ink}">{n}</text>')
            x += n * unit
        if count is not None:
            passed = sum(n for n, _, _ in segments)
            tx = left + count * unit
            out.append(f'<line x1="{tx:.1f}" y1="{y - 4}" x2="{tx:.1f}" y2="{y + bar + 4}" '
                       'stroke="#000" stroke-width="2" stroke-dasharray="4 2"/>')
            out.append(f'<text x="{left + width + 8}" y="{y + bar - 5}">{passed}/{count} '
                       f"({_e(h['target'].lower())})</text>")
        else:
            passing = sum(n for n, _, part in segments
                          if part == outcome_label(Outcome.PASS, lang))
            out.append(f'<text x="{left + width + 8}" y="{y + bar - 5}">{passing}/{total} '
                       f"{_e(outcome_label(Outcome.PASS, lang))}</text>")
        y += bar + gap
    out.append("</svg>")
    return "".join(out)


def _tally_row(name: str, tally: Tally) -> str:
    cells = (len(tally.passed), len(tally.failed), len(tally.unknown), len(tally.not_assessed),
             tally.total)
    return f"<tr><th>{_e(name)}</th>" + "".join(f'<td class="ntm-n">{n}</td>' for n in cells) \
        + "</tr>"


def plan_summary_html(progress: PlanProgress, lang: str = "vi", *, date: str = "",
                      closest: int = 5, standalone: bool = True) -> str:
    """The summary of a plan's progress (see the module docstring)."""
    # checked by its fields: the plans module imports this package, not the other way round
    if not all(hasattr(progress, name) for name in ("plan", "statuses", "by_group", "targets")):
        raise NTMTypeError(f"progress must be a PlanProgress (got {type(progress).__name__})")
    lang = check_lang(lang)
    date = _check_text("date", date)
    closest = _check_count("closest", closest)
    h = _W[lang]
    plan = progress.plan
    title = plan.label_vi if lang == "vi" else plan.label_en
    years = sorted({s.assessment.year for s in progress.statuses if s.assessment is not None})
    meta = [(h["year"], ", ".join(map(str, years)) or "—"),
            (h["candidates"], str(len(plan.candidates)))]
    if date:
        meta.append((h["date"], date))
    out = _open(title, lang, meta)
    out.append(f'<p class="ntm-small">{_e(plan.citation.describe(lang))}</p>')
    # which set judged the candidates, and why (the set in force, the caller's choice...)
    out += [f'<p class="ntm-judged">{_e(j.describe(lang))}</p>' for j in progress.judged_by]
    out.append(f"<h2>{_e(h['targets'])}</h2><table><thead><tr><th>{_e(h['target'])}</th>"
               f"<th>{_e(h['required'])}</th><th>{_e(h['passing'])}</th>"
               f"<th>{_e(h['distance'])}</th><th>{_e(h['state'])}</th></tr></thead><tbody>")
    for tp in progress.targets:
        target = tp.target
        state = (h["met"] if tp.met else h["after"] if tp.only_after
                 else h["out_of_reach"] if not tp.reachable else h["reachable"])
        label = target.label_vi if lang == "vi" else target.label_en
        out.append(f"<tr><th>{_e(label)}</th><td class=\"ntm-n\">{target.count}</td>"
                   f'<td class="ntm-n">{tp.passed}</td><td class="ntm-n">{tp.distance}</td>'
                   f"<td>{_e(state)}</td></tr>")
    out.append("</tbody></table>")
    out.append(plan_chart_svg(progress, lang))
    heads = (h["plan_groups"], outcome_label(Outcome.PASS, lang),
             outcome_label(Outcome.FAIL, lang), outcome_label(Outcome.UNKNOWN, lang),
             h["not_assessed"], h["candidates"])
    out.append(f"<h2>{_e(h['plan_groups'])}</h2><table><thead><tr>"
               + "".join(f"<th>{_e(x)}</th>" for x in heads) + "</tr></thead><tbody>")
    out += [_tally_row(_group_name(progress, g, lang), t) for g, t in progress.by_group]
    out.append("</tbody><tfoot>")
    out += [_tally_row((lv.label_vi if lang == "vi" else lv.label_en).capitalize(), t)
            for lv, t in progress.by_level]
    out.append("</tfoot></table>")
    names = {s.candidate.code: f"{s.candidate.name} ({s.candidate.district})"
             if s.candidate.district else s.candidate.name for s in progress.statuses}
    assessed = [s.assessment for s in progress.statuses if s.assessment is not None]
    out.append(f"<h2>{_e(h['closest'])}</h2>")
    out += _closest([s.assessment for s in progress.closest(closest)
                     if s.assessment is not None], lang, names)[1:]
    out.append(f"<h2>{_e(h['matrix'])}</h2>")
    for items in _by_set(assessed).values():
        cs = items[0].criteria_set
        out.append(f"<h3>{_e(cs.label(lang))} <code>{_e(cs.id)}</code></h3>")
        out += _matrix(cs, items, lang)
    out.append("</div>\n")
    body = "\n".join(out)
    return page(title, body, lang, PRINT_STYLE) if standalone else body
