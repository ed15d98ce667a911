"""Write the ILLUSTRATIVE example sheets of examples/sheets/ from the bundled made-up facts.

The README's main job (scripts/demo.sh) runs ``ntmcriteria assess`` on these
sheets: the 8 group-2 candidate communes of the Quảng Nam 2021-2025 plan, their
villages, and a filled parameter sheet, all written from
``ntmcriteria.catalog.illustrative_communes`` / ``illustrative_parameters``
(made-up numbers, NOT real data; every row says so in its note column).

    .venv/bin/python scripts/generate_example_sheets.py          # writes examples/sheets/*.csv
    .venv/bin/python scripts/generate_example_sheets.py --check  # exit 1 if a file is stale

``tests/test_example_sheets.py`` fails while a sheet differs from what this writes.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from ntmcriteria.analysis.parameter_keys import entry_key
from ntmcriteria.catalog import (
    get,
    illustrative_communes,
    illustrative_parameters,
    quang_nam_plan,
)
from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.rules import Rule, yes
from ntmcriteria.serialize import rule_to_data
from ntmcriteria.sheets import parameter_sheet, sheet_fields
from ntmcriteria.tables import format_cell, write_csv
from ntmcriteria.thresholds import Schedule
from ntmcriteria.units import Commune, Region

TARGET = Path(__file__).resolve().parents[1] / "examples" / "sheets"
#: The set the example sheets are for: the Quảng Nam model commune, outstanding group 2.
SET_ID = "qn.commune.model.group2.2021-2025"
GROUP = 2
YEAR = 2024  # the year of the made-up facts (the plan's year in the demo)
COMMUNES = "minh_hoa_xa_nhom2_2024.csv"
VILLAGES = "minh_hoa_thon_nhom2_2024.csv"
PARAMETERS = "minh_hoa_tham_so_nhom2.csv"
NOTE = "Số liệu minh họa, không phải số liệu thực (illustrative, not real data)"
SOURCE = ("DỮ LIỆU MINH HỌA — giá trị giả định, không phải văn bản pháp lý "
          "(ILLUSTRATIVE — made-up value, not a legal document)")
#: The regions a Quảng Nam sheet fills: its own, and the one its especially
#: disadvantaged communes use (the region override of Decision 318).
REGIONS = (Region.DHNTB.value, Region.TDMNPB.value)


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in plain if not unicodedata.combining(c))
    return "-".join(ascii_text.lower().split())


def _cell(value: object) -> str:
    return format_cell(value, ",", "vi")


def _communes(cs: CriteriaSet) -> tuple[list[tuple[Commune, str]], list[tuple[str, str]]]:
    """The group's candidate communes with their districts, and the (header, key) of each
    indicator column."""
    plan = quang_nam_plan()
    by_code = {c.code: c for c in illustrative_communes(YEAR)}
    chosen = [(by_code[c.code], c.district or "") for c in plan.candidates
              if c.level.value == "commune" and c.group == GROUP]
    indicators = cs.all_indicators()
    labels = Counter(i.label_vi for i in indicators.values())
    # an indicator's column is its Vietnamese label, or its key where two share a label
    header = {key: ind.label_vi if labels[ind.label_vi] == 1 else key
              for key, ind in indicators.items()}
    used = [key for key in indicators
            if any(key in unit.facts for unit, _ in chosen)
            and key not in ("in_zone_kv1", "in_zone_kv2", "in_zone_kv3")]
    return chosen, [(header[k], k) for k in used]


def communes_text(cs: CriteriaSet) -> str:
    chosen, columns = _communes(cs)
    headers, keys = [h for h, _ in columns], [k for _, k in columns]
    income = cs.all_indicators()["income"]
    years = sorted({y for unit, _ in chosen for y in unit.history})
    head = ["STT", "Mã xã", "Tên xã", "Mã huyện", "Tên huyện", "Vùng", "Khu vực",
            "Năm đạt chuẩn NTM", "Năm đạt chuẩn NTM nâng cao", *headers,
            *(f"{income.label_vi} năm {y}" for y in years), "Ghi chú"]
    rows = []
    for index, (unit, district) in enumerate(chosen, 1):
        recognitions = {t.value: r.year for t, r in unit.recognitions.items()}
        history = [unit.history.get(y, {}).get("income") for y in years]
        rows.append([str(index), unit.code, unit.name, _slug(district), district,
                     unit.region.value if unit.region else "", unit.zone or "",
                     _cell(recognitions.get("ntm")), _cell(recognitions.get("advanced")),
                     *(_cell(unit.facts.get(k)) for k in keys),
                     *(_cell(v) for v in history), NOTE])
    return write_csv(head, rows)


def villages_text(cs: CriteriaSet) -> str:
    chosen, _ = _communes(cs)
    indicators = cs.all_indicators()
    keys = ["in_zone_kv1", "in_zone_kv2", "in_zone_kv3", "qn2254.village.appraised"]
    head = ["STT", "Mã thôn", "Tên thôn", "Mã xã", "Khu vực",
            *(indicators[k].label_vi for k in keys), "Ghi chú"]
    rows = []
    index = 0
    for unit, _ in chosen:
        for village in unit.villages:
            index += 1
            rows.append([str(index), village.code, village.name, unit.code, village.zone or "",
                         *(_cell(village.facts.get(k)) for k in keys), NOTE])
    return write_csv(head, rows)


def _value(cs: CriteriaSet, name: str, value: object, row: dict[str, Any]) -> str | None:
    if isinstance(value, Schedule):
        wanted = entry_key(value, {d: row[d] for d in sheet_fields(cs)
                                   if d in value.keyed_by and row.get(d) is not None})
        return next((_cell(number) for entry, number in value.entries if entry == wanted),
                    None)
    if isinstance(value, Rule):
        appraisal = name.removesuffix(".rule") + ".appraised"
        if name.endswith(".rule") and value == yes(appraisal):
            return "thẩm định"
        return json.dumps(rule_to_data(value), ensure_ascii=False, sort_keys=True)
    return _cell(value)


def parameters_text(cs: CriteriaSet) -> str:
    values = illustrative_parameters(cs)
    sheet = parameter_sheet(cs)
    headers, fields = sheet.headers("vi"), sheet.fields
    rows = []
    for row in sheet:
        filled = dict(row)
        if row["region"] is None or row["region"] in REGIONS:
            value = _value(cs, row["parameter"], values.get(row["parameter"]), row)
            if value is not None:
                filled.update(value=value, source=SOURCE, confidence="unknown")
        rows.append([filled[f] if isinstance(filled[f], str) else _cell(filled[f])
                     for f in fields])
    return write_csv([headers[f] for f in fields], rows)


def sheets() -> dict[str, str]:
    """File name -> CSV text of every example sheet."""
    cs = get(SET_ID)
    return {COMMUNES: communes_text(cs), VILLAGES: villages_text(cs),
            PARAMETERS: parameters_text(cs)}


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, text in sheets().items():
        path = TARGET / name
        current = path.read_bytes().decode("utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(name)
        if not check:
            path.write_bytes(text.encode("utf-8"))
            print(f"wrote {path}")
    if check and stale:
        print("out of date: " + ", ".join(stale) + " (run scripts/generate_example_sheets.py)",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
