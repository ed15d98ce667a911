"""Set and outcome diffs as HTML (``SetDiff._repr_html_``, ``OutcomeDiff._repr_html_``).

A set diff: a heading (old set → new set), a table of the criteria added,
dropped or changed (number, criterion, what changed, the source that
authorises it) and one of the parameters given another value. An outcome diff:
a heading (sets, year, how many units change), a table of unit, criterion,
verdict before and after, and why. Escaped text, no script, readable without
styles; Vietnamese unless ``lang="en"``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from ntmcriteria.errors import NTMTypeError
from ntmcriteria.outcome import Outcome
from ntmcriteria.period import HEADING, period_note
from ntmcriteria.render._format import check_lang
from ntmcriteria.render._model import outcome_label

if TYPE_CHECKING:
    from ntmcriteria.diffs import CriterionChange, OutcomeDiff, SetDiff

__all__ = ["outcome_diff_html", "set_diff_html"]

_STYLE = ("<style>.ntm-diff table{border-collapse:collapse;margin:0.4em 0}"
          ".ntm-diff th,.ntm-diff td{border:1px solid #bbb;padding:2px 6px;text-align:left;"
          "vertical-align:top}.ntm-diff .ntm-pass{color:#1a7f37}.ntm-diff .ntm-fail"
          "{color:#c62828}.ntm-diff .ntm-unknown{color:#9a6700}.ntm-diff del{color:#777}"
          "</style>")
_KINDS = {"added": ("thêm", "added"), "dropped": ("bỏ", "dropped"),
          "changed": ("sửa đổi", "changed")}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _outcome(outcome: Outcome, lang: str) -> str:
    return f'<strong class="ntm-{outcome.value}">{_e(outcome_label(outcome, lang))}</strong>'


def _table(heads: tuple[str, ...], rows: list[str]) -> str:
    return ("<table><thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in heads)
            + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _what(change: CriterionChange, lang: str) -> str:
    vi = lang == "vi"
    i = 0 if vi else 1
    kind = _KINDS.get(change.kind, (change.kind, change.kind))[i]
    if change.kind != "changed":
        return _e(kind)
    parts = []
    for t in change.thresholds:
        parts.append(f"{_e('ngưỡng' if vi else 'threshold')} <del>{_e(t.old_text[i])}</del> → "
                     f"<strong>{_e(t.new_text[i])}</strong>")
    if "wording" in change.aspects and change.old is not None and change.new is not None:
        parts.append(f"{_e('tên' if vi else 'wording')}: <del>{_e(change.old.label(lang))}"
                     f"</del> → {_e(change.new.label(lang))}")
    for aspect, words in (("rule", ("quy tắc khác", "another rule")),
                          ("group", ("nhóm khác", "another group"))):
        if aspect in change.aspects:
            parts.append(_e(words[i]))
    if "citation" in change.aspects and not parts:
        parts.append(_e("căn cứ khác" if vi else "another source"))
    return "<br>".join(parts) or _e(kind)


def set_diff_html(diff: SetDiff, lang: str = "vi") -> str:
    """``diff`` (a :class:`~ntmcriteria.diffs.SetDiff`) as an HTML fragment in ``lang``."""
    if not all(hasattr(diff, name) for name in ("old", "new", "criteria", "parameters")):
        raise NTMTypeError(f"diff must be a SetDiff (got {type(diff).__name__})")
    lang = check_lang(lang)
    vi = lang == "vi"
    out = [f'<div class="ntm ntm-diff" lang="{_e(lang)}">{_STYLE}']
    out.append(f"<h3>{_e('So sánh' if vi else 'Comparing')} {_e(diff.old.label(lang))} "
               f"<code>{_e(diff.old.id)}</code> → {_e(diff.new.label(lang))} "
               f"<code>{_e(diff.new.id)}</code></h3>")
    if not diff:
        out.append(f"<p>{_e('Không có khác biệt.' if vi else 'No differences.')}</p>")
    if diff.criteria:
        heads = (("TT", "Tiêu chí", "Thay đổi", "Căn cứ") if vi
                 else ("No.", "Criterion", "Change", "Source"))
        rows = []
        for c in diff.criteria:
            criterion = c.new or c.old
            label = "" if criterion is None else criterion.label(lang)
            source = "" if c.citation is None else c.citation.describe(lang)
            rows.append(f"<tr><td>{_e(c.number)}</td><td>{_e(label)} <code>"
                        f"{_e(c.criterion_id)}</code></td><td>{_what(c, lang)}</td>"
                        f"<td>{_e(source)}</td></tr>")
        out.append(_table(heads, rows))
    if diff.parameters:
        heads = (("Tham số", "Trước", "Sau", "Căn cứ") if vi
                 else ("Parameter", "Before", "After", "Source"))
        i = 0 if vi else 1
        rows = []
        for p in diff.parameters:
            declaration = p.new or p.old
            label = "" if declaration is None else declaration.label(lang)
            if p.kind == "added":
                old, new = "", _KINDS["added"][i]
            elif p.kind == "dropped":
                old, new = _KINDS["dropped"][i], ""
            elif p.kind == "labels" and p.old is not None and p.new is not None:
                old, new = p.old.label(lang), p.new.label(lang)
            else:
                old, new = p.old_text[i], p.new_text[i]
            source = "" if p.citation is None else p.citation.describe(lang)
            rows.append(f"<tr><td>{_e(label)} <code>{_e(p.name)}</code></td><td><del>"
                        f"{_e(old)}</del></td><td><strong>{_e(new)}</strong></td>"
                        f"<td>{_e(source)}</td></tr>")
        out.append(_table(heads, rows))
    for title, keys in ((("Chỉ tiêu thêm", "Indicators added"), diff.indicators_added),
                        (("Chỉ tiêu bỏ", "Indicators dropped"), diff.indicators_dropped)):
        if keys:
            out.append(f"<p><strong>{_e(title[0 if vi else 1])}:</strong> "
                       + ", ".join(f"<code>{_e(k)}</code>" for k in keys) + "</p>")
    out.append("</div>")
    return "\n".join(out)


def outcome_diff_html(diff: OutcomeDiff, lang: str = "vi") -> str:
    """``diff`` (an :class:`~ntmcriteria.diffs.OutcomeDiff`) as an HTML fragment."""
    if not all(hasattr(diff, name) for name in ("old_set", "new_set", "changes", "units")):
        raise NTMTypeError(f"diff must be an OutcomeDiff (got {type(diff).__name__})")
    lang = check_lang(lang)
    vi = lang == "vi"
    i = 0 if vi else 1
    out = [f'<div class="ntm ntm-diff" lang="{_e(lang)}">{_STYLE}']
    changed = len(diff.changed_units)
    title = (f"Kết quả thay đổi: {changed}/{len(diff.units)} đơn vị, năm {diff.year}" if vi
             else f"Verdicts that change: {changed}/{len(diff.units)} units, year {diff.year}")
    out.append(f"<h3>{_e(title)}</h3>")
    out.append(f"<p><code>{_e(diff.old_set.id)}</code> → <code>{_e(diff.new_set.id)}</code>"
               "</p>")
    note = period_note(getattr(diff, "outside_period", ()), lang)
    if note:
        out.append(f'<p class="ntm-outside-period"><strong>{_e(HEADING[lang])}:</strong> '
                   f"{_e(note)}</p>")
    if not diff.changes:
        out.append(f"<p>{_e('Không có kết quả nào thay đổi.' if vi else 'No verdict changes.')}"
                   "</p>")
    else:
        heads = (("Đơn vị", "Tiêu chí", "Trước", "Sau", "Lý do") if vi
                 else ("Unit", "Criterion", "Before", "After", "Why"))
        rows = []
        for c in diff.changes:
            unit = f"{c.unit_name} ({c.unit_code})" if c.unit_name else c.unit_code
            what = (_e("cả bộ tiêu chí" if vi else "whole set") if c.criterion_id is None
                    else f"<code>{_e(c.criterion_id)}</code>")
            why = "<br>".join(_e(r[i]) for r in c.reasons)
            rows.append(f"<tr><td>{_e(unit)}</td><td>{what}</td><td>{_outcome(c.old, lang)}"
                        f"</td><td>{_outcome(c.new, lang)}</td><td>{why}</td></tr>")
        out.append(_table(heads, rows))
    out.append("</div>")
    return "\n".join(out)
