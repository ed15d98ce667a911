"""The path to the next tier as HTML (``PathToTier._repr_html_`` in notebooks).

A heading with the unit, the target set and the year; the fact changes as a
table (unit, year, indicator, from, to); what no change of facts can fix; and
the result after the changes. Escaped text, no script, readable without styles.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from ntmcriteria.errors import NTMTypeError
from ntmcriteria.outcome import Outcome
from ntmcriteria.render._format import check_lang, format_quantity
from ntmcriteria.render._model import outcome_label

if TYPE_CHECKING:
    from ntmcriteria.paths import PathToTier

__all__ = ["path_html"]

_STYLE = ("<style>.ntm-path table{border-collapse:collapse;margin:0.4em 0}"
          ".ntm-path th,.ntm-path td{border:1px solid #bbb;padding:2px 6px;text-align:left;"
          "vertical-align:top}.ntm-path .ntm-pass{color:#1a7f37}.ntm-path .ntm-fail"
          "{color:#c62828}.ntm-path .ntm-unknown{color:#9a6700}</style>")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _outcome(outcome: Outcome, lang: str) -> str:
    return f'<strong class="ntm-{outcome.value}">{_e(outcome_label(outcome, lang))}</strong>'


def path_html(path: PathToTier, lang: str = "vi") -> str:
    """``path`` as an HTML fragment in ``lang``."""
    # checked by its fields: the paths module imports this package, not the other way round
    if not all(hasattr(path, name) for name in ("before", "after", "changes", "blockers")):
        raise NTMTypeError(f"path must be a PathToTier (got {type(path).__name__})")
    lang = check_lang(lang)
    vi = lang == "vi"
    a = path.before
    name = a.criteria_set.label(lang)
    out = [f'<div class="ntm ntm-path" lang="{_e(lang)}">{_STYLE}']
    title = (f"Lộ trình để {a.unit.label()} đạt «{name}» năm {a.year}" if vi
             else f"Path for {a.unit.label()} to meet «{name}» in {a.year}")
    out.append(f"<h3>{_e(title)}</h3>")
    out.append(f"<p><strong>{_e('Hiện nay' if vi else 'Now')}:</strong> "
               f"{_outcome(a.outcome, lang)} — <strong>"
               f"{_e('Sau khi thay đổi' if vi else 'After the changes')}:</strong> "
               f"{_outcome(path.after.outcome, lang)}</p>")
    if a.outcome is Outcome.PASS:
        done = "Đã đạt: không cần thay đổi." if vi else "Already met: nothing to change."
        out.append(f"<p>{_e(done)}</p>")
    if path.changes:
        heads = (("Đơn vị", "Năm", "Chỉ tiêu", "Hiện tại", "Cần đạt") if vi
                 else ("Unit", "Year", "Indicator", "Now", "Needed"))
        n = len(path.changes)
        intro = f"Cần thay đổi {n} số liệu:" if vi else f"{n} facts to change:"
        out.append(f"<p>{_e(intro)}</p>")
        out.append("<table><thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in heads)
                   + "</tr></thead><tbody>")
        for c in path.changes:
            unit = f"{c.unit_name} ({c.unit})" if c.unit_name else c.unit
            label = c.key if c.indicator is None else c.indicator.label(lang)
            old = (("chưa có số liệu" if vi else "no data") if c.old is None
                   else format_quantity(c.old, lang, c.indicator))
            year = f"{c.year}" + ((" (năm đã qua)" if vi else " (a past year)") if c.past else "")
            out.append(f"<tr><td>{_e(unit)}</td><td>{_e(year)}</td><td>{_e(label)} "
                       f"<code>{_e(c.key)}</code></td><td>{_e(old)}</td>"
                       f"<td><strong>{_e(format_quantity(c.new, lang, c.indicator))}</strong></td>"
                       "</tr>")
        out.append("</tbody></table>")
    if path.blockers:
        cannot = "Không thể khắc phục bằng số liệu" if vi else "Cannot be fixed by facts"
        out.append(f"<p><strong>{_e(cannot)}:</strong></p><ul>")
        out += [f"<li>{_e(b.describe(lang))}</li>" for b in path.blockers]
        out.append("</ul>")
    note = path.note(lang) if hasattr(path, "note") else ""
    if note:
        out.append(f"<p><em>{_e('Ghi chú' if vi else 'Note')}: {_e(note)}</em></p>")
    out.append("</div>")
    return "\n".join(out) + "\n"
