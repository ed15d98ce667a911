"""A parameter sheet as HTML (``ParameterSheet._repr_html_`` in notebooks).

A heading (the set, how many rows and parameters), then one table row per
parameter and key: the parameter's name and code, its unit, the region, the
classifications (commune group, zone) and year it is for, the value column to
fill (or the current value, for a sheet of every parameter), and where the value
is to be found. Escaped text, no script,
readable without styles, in the sheet's language.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from ntmcriteria.errors import NTMTypeError
from ntmcriteria.tables.cells import format_cell

if TYPE_CHECKING:
    from ntmcriteria.sheets import ParameterSheet

__all__ = ["parameter_sheet_html"]

_STYLE = ("<style>.ntm-params table{border-collapse:collapse;margin:0.4em 0}"
          ".ntm-params th,.ntm-params td{border:1px solid #bbb;padding:2px 6px;text-align:left;"
          "vertical-align:top}.ntm-params td.ntm-value{background:#fff8c5;min-width:6em}"
          ".ntm-params .ntm-where{font-size:90%}</style>")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def parameter_sheet_html(sheet: ParameterSheet) -> str:
    """``sheet`` as an HTML fragment in the sheet's language."""
    if not all(hasattr(sheet, name) for name in ("rows", "criteria_set_id", "lang")):
        raise NTMTypeError(f"sheet must be a ParameterSheet (got {type(sheet).__name__})")
    lang = sheet.lang
    vi = lang == "vi"
    n, count = len(sheet.rows), len(sheet.parameters)
    title = ((f"Bảng tham số cần điền — {n} dòng, {count} tham số" if sheet.missing_only
              else f"Bảng tham số — {n} dòng, {count} tham số") if vi else
             (f"Parameter sheet to fill — {n} rows, {count} parameters" if sheet.missing_only
              else f"Parameter sheet — {n} rows, {count} parameters"))
    out = [f'<div class="ntm ntm-params" lang="{_e(lang)}">{_STYLE}',
           f"<h3>{_e(title)}</h3>",
           f"<p>{_e('Bộ tiêu chí' if vi else 'Criteria set')}: "
           f"<code>{_e(sheet.criteria_set_id)}</code></p>"]
    if not sheet.rows:
        none = "Không còn tham số nào cần điền." if vi else "No parameter left to fill."
        out.append(f"<p>{_e(none)}</p></div>")
        return "\n".join(out)
    value_head = ("Giá trị" if vi else "Value") if sheet.missing_only else (
        "Giá trị hiện có" if vi else "Current value")
    # a column per classification the set declares (commune group, zone), as in the CSV
    classes = sheet.classes
    class_heads = tuple(label_vi if vi else label_en for _, label_vi, label_en in classes)
    heads = (("Tham số", "Đơn vị tính", "Vùng", *class_heads, "Năm", value_head,
              "Nơi tìm giá trị") if vi else
             ("Parameter", "Unit", "Region", *class_heads, "Year", value_head,
              "Where to find it"))
    out.append("<table><thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in heads)
               + "</tr></thead><tbody>")
    for row in sheet.rows:
        label = row["label_vi"] if vi else row["label_en"]
        value = row["value"] if sheet.missing_only else row["current"]
        shown = "" if value is None else format_cell(value, "," if vi else ".", lang)
        cells = (f"{_e(label)} <code>{_e(row['parameter'])}</code>", _e(row["unit"]),
                 _e(row["region"] or ""),
                 *(_e(row.get(name) or "") for name, _, _ in classes),
                 _e("" if row["year"] is None else row["year"]))
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells)
                   + f'<td class="ntm-value">{_e(shown)}</td>'
                   + f'<td class="ntm-where">{_e(row["where_to_find"])}</td></tr>')
    out.append("</tbody></table></div>")
    return "\n".join(out)
