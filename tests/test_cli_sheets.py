"""The command line with sheets, run as a subprocess: ``assess`` on CSV and Excel unit
sheets (villages joined on the commune code, a long history, declared columns),
parameters from a filled parameter sheet or a JSON object, every output format;
``params`` writing the sheet to fill (CSV, Excel); bad sheets and files exit 2 with
every problem named (file, row, column) and no traceback.

The sheets are the ILLUSTRATIVE ones of ``examples/sheets/`` (the demo's) and of
``tests/data/``.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ntmcriteria import catalog
from ntmcriteria.batch import assess_many
from ntmcriteria.outcome import Outcome
from ntmcriteria.schemas import load_schema
from ntmcriteria.serialize import rule_to_data
from ntmcriteria.sheets import SHEET_FIELDS, SHEET_HEADERS, parameter_sheet
from ntmcriteria.tables import parse_number, units_from_csv
from tests._sheets import COMMUNE_COLUMNS, HISTORY_COLUMNS, VILLAGE_COLUMNS, text
from tests.test_cli import bad, run

ROOT = Path(__file__).resolve().parents[1]
SHEETS = ROOT / "examples" / "sheets"
DATA = ROOT / "tests" / "data"
MODEL = "qn.commune.model.group2.2021-2025"
COMMUNES = str(SHEETS / "minh_hoa_xa_nhom2_2024.csv")
VILLAGES = str(SHEETS / "minh_hoa_thon_nhom2_2024.csv")
PARAMETERS = str(SHEETS / "minh_hoa_tham_so_nhom2.csv")
EXAMPLE = ("--units", COMMUNES, "--villages", VILLAGES, "--parameters", PARAMETERS,
           "--year", "2024")


def _expected() -> dict[str, dict[str | None, Outcome]]:
    """The verdicts of the group-2 candidates, assessed directly from the bundled
    illustrative facts and parameters (what the sheets were written from)."""
    cs = catalog.get(MODEL)
    plan = catalog.quang_nam_plan()
    codes = [c.code for c in plan.candidates if c.group == 2]
    units = {u.code: u for u in catalog.illustrative_communes(2024)}
    out: dict[str, dict[str | None, Outcome]] = {}
    for a in assess_many(cs, [units[c] for c in codes], year=2024,
                         parameters=catalog.illustrative_parameters(cs)):
        out[a.unit.code] = {None: a.outcome, **{r.id: r.outcome for r in a.results}}
    return out


def _verdicts(documents: list[dict[str, Any]]) -> dict[str, dict[str | None, Outcome]]:
    return {d["unit"]["code"]: {None: Outcome(d["outcome"]),
                                **{r["criterion"]: Outcome(r["outcome"]) for r in d["results"]}}
            for d in documents}


# ------------------------------------------------------------------ the example sheets
def test_the_example_sheets_give_the_verdicts_of_the_facts_they_were_written_from() -> None:
    done = run("assess", MODEL, *EXAMPLE, "--format", "json")
    assert done.returncode == 0, done.stderr
    documents = json.loads(done.stdout, parse_float=Decimal)
    assert _verdicts(documents) == _expected()
    # the values of the filled parameter sheet are recorded changes citing its source
    assert {d["criteria_set"] for d in documents} == {f"{MODEL}.filled"}
    counts = {o: sum(v[None] is o for v in _expected().values()) for o in Outcome}
    assert counts == {Outcome.PASS: 1, Outcome.FAIL: 6, Outcome.UNKNOWN: 1,  # as the plan says
                      Outcome.NOT_APPLICABLE: 0}


def test_the_example_sheets_are_current() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_example_sheets.py"),  # noqa: S603
                           "--check"], capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_example_sheets_say_they_are_illustrative() -> None:
    for name in ("minh_hoa_xa_nhom2_2024.csv", "minh_hoa_thon_nhom2_2024.csv"):
        rows = list(csv.DictReader(io.StringIO((SHEETS / name).read_text(encoding="utf-8"),
                                               newline="")))
        assert rows
        assert all("minh họa" in row["Ghi chú"] and "not real" in row["Ghi chú"] for row in rows)
    sheet = list(csv.DictReader(io.StringIO(Path(PARAMETERS).read_text(encoding="utf-8"),
                                            newline="")))
    filled = [r for r in sheet if r["Giá trị"]]
    assert filled
    assert all(r["Văn bản quy định giá trị"].startswith("DỮ LIỆU MINH HỌA") for r in filled)
    assert any(not r["Giá trị"] for r in sheet)  # other regions are left empty
    assert "ILLUSTRATIVE" in (SHEETS / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["text", "md", "html", "csv", "json"])
def test_assess_sheets_in_every_format(fmt: str) -> None:
    done = run("assess", MODEL, *EXAMPLE, "--format", fmt, "--date", "12/05/2025")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    names = [u.name for u in catalog.illustrative_communes(2024)
             if u.code in _expected()]
    assert all(name in out for name in names)
    if fmt == "text":
        assert out.startswith("Tổng hợp kết quả đánh giá — năm đánh giá 2024, 8 đơn vị")
        assert "Kết quả chung: 1 đạt, 6 không đạt, 1 chưa đủ dữ liệu (tổng số 8)" in out
        assert out.count("Đánh giá xã ") == 8
    elif fmt == "md":
        assert out.count("# Đánh giá xã ") == 8
    elif fmt == "html":
        assert out.startswith("<!DOCTYPE html>")
        assert out.count('class="ntm-sheet"') == 8  # a review sheet per commune
        assert "Thuộc:</dt> <dd>Điện Bàn" in out  # the district's name from the sheet
        # the values of the filled parameter sheet, with the document the sheet cites
        assert out.count("Giá trị tham số đã quy định:</dt>") == 8
        assert "— Căn cứ: DỮ LIỆU MINH HỌA — giá trị giả định" in out
        assert "Mức thu nhập bình quân đầu người đạt chuẩn xã NTM (theo vùng, năm) " \
               "[vn318.income.ntm] = bảng theo vùng và năm" in out
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        assert len(rows) == 8 * 3
        assert list(rows[0])[:3] == ["unit_code", "unit_name", "district_code"]
        assert {r["district_code"] for r in rows if r["unit_code"] == "dien-quang"} == {
            "dien-ban"}
        assert any("," in r["observed"] for r in rows)  # the decimal comma
        assert not any(v.startswith(("(", "[")) for r in rows for v in r.values())
    else:
        jsonschema = pytest.importorskip("jsonschema")
        validator = jsonschema.Draft202012Validator(load_schema("assessment"))
        for document in json.loads(out, parse_float=Decimal):
            assert list(validator.iter_errors(document)) == []


def test_brief_wide_and_decimal_point() -> None:
    brief = run("assess", MODEL, *EXAMPLE, "--brief", "--lang", "en", "--closest", "2")
    assert brief.returncode == 0, brief.stderr
    assert "Overall: 1 pass, 6 fail, 1 not enough data (of 8)" in brief.stdout
    assert "Closest to passing:\n  1. Tam Thái (tam-thai): not enough data" in brief.stdout
    assert "  3. " not in brief.stdout
    assert "Assessment of commune" not in brief.stdout  # no explanations
    wide = run("assess", MODEL, *EXAMPLE, "--format", "csv", "--wide", "--decimal", ".")
    rows = list(csv.DictReader(io.StringIO(wide.stdout, newline="")))
    assert [r["unit_code"] for r in rows] == list(_expected())
    assert {r["unit_code"]: r["m2"] for r in rows} == {
        code: v["m2"].value for code, v in _expected().items()}
    long = run("assess", MODEL, *EXAMPLE, "--format", "csv", "--decimal", ".")
    observed = [r["observed"] for r in csv.DictReader(io.StringIO(long.stdout, newline=""))]
    assert any("." in v for v in observed)
    assert not any("," in v for v in observed)


# ------------------------------------------------------------------ the tests/data sheets
def test_a_sheet_with_villages_and_a_long_history_gives_the_units_of_the_library() -> None:
    done = run("assess", MODEL, "--units", str(DATA / "qn_xa_2025.csv"),
               "--villages", str(DATA / "qn_thon_2025.csv"),
               "--history", str(DATA / "qn_lich_su.csv"), "--year", "2025", "--format", "json")
    assert done.returncode == 0, done.stderr
    cs = catalog.get(MODEL)
    units = units_from_csv(cs, text("qn_xa_2025.csv"), villages=text("qn_thon_2025.csv"),
                           history=text("qn_lich_su.csv"), columns=COMMUNE_COLUMNS,
                           village_columns=VILLAGE_COLUMNS, history_columns=HISTORY_COLUMNS)
    want = {a.unit.code: {None: a.outcome, **{r.id: r.outcome for r in a.results}}
            for a in assess_many(cs, units, year=2025)}
    documents = json.loads(done.stdout, parse_float=Decimal)
    assert _verdicts(documents) == want
    assert any(u.history.keys() - {2014, 2015, 2018, 2020} for u in units)  # the long history
    # the history sheet is read: a bad cell of it is reported with its file and row
    lines = text("qn_lich_su.csv").splitlines()
    lines[2] = lines[2].replace(",0", ",không rõ")
    broken = DATA.parent / "_tmp_lich_su.csv"
    try:
        broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
        message = bad("assess", MODEL, "--units", str(DATA / "qn_xa_2025.csv"),
                      "--history", str(broken), "--year", "2025", "--lang", "en")
    finally:
        broken.unlink()
    assert "_tmp_lich_su.csv, row 3, column 'Giá trị'" in message


def test_a_district_set_from_a_commune_sheet() -> None:
    done = run("assess", "qn.district.model.2021-2025", "--units", str(DATA / "qn_xa_2025.csv"),
               "--units-level", "commune", "--year", "2025", "--brief", "--closest", "0")
    assert done.returncode == 0, done.stderr
    assert "7 đơn vị" in done.stdout.splitlines()[0]  # the 7 districts the sheet names
    assert "Thị xã Điện Bàn (503)" in done.stdout


def test_declared_columns_for_headers_that_are_not_the_usual_ones(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(text("qn_xa_2025.csv"), newline="")))
    rows[0] = ["Mã ĐVHC" if h == "Mã xã" else "Thu nhập BQ" if h ==
               "Thu nhập bình quân đầu người" else h for h in rows[0]]
    sheet = tmp_path / "xa.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    undeclared = bad("assess", MODEL, "--units", str(sheet), "--year", "2025", "--lang", "en")
    assert "xa.csv, row 1, column 'Mã xã': a column 'Mã xã' with the unit codes" not in undeclared
    assert "column 'Thu nhập BQ'" in undeclared
    columns = tmp_path / "columns.json"
    columns.write_text(json.dumps({"units": {"code": "Mã ĐVHC", "indicators": {
        "Thu nhập BQ": "income"}}}, ensure_ascii=False), encoding="utf-8")
    done = run("assess", MODEL, "--units", str(sheet), "--columns", str(columns),
               "--year", "2025", "--format", "csv", "--wide")
    assert done.returncode == 0, done.stderr
    plain = run("assess", MODEL, "--units", str(DATA / "qn_xa_2025.csv"), "--year", "2025",
                "--format", "csv", "--wide")
    assert done.stdout == plain.stdout
    columns.write_text(json.dumps({"units": {"cod": "Mã ĐVHC"}}), encoding="utf-8")
    message = bad("assess", MODEL, "--units", str(sheet), "--columns", str(columns),
                  "--year", "2025")
    assert "--columns: units.cod: unknown key (did you mean 'code'?)" in message
    columns.write_text(json.dumps({"thon": {}}), encoding="utf-8")
    assert "unknown section 'thon'" in bad("assess", MODEL, "--units", str(sheet),
                                           "--columns", str(columns), "--year", "2025")


# ------------------------------------------------------------------ Excel
def _numbers(data: Any) -> Any:
    """``data`` with every number as a normalised Decimal (55 == 55.0)."""
    if isinstance(data, dict):
        return {k: _numbers(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_numbers(v) for v in data]
    if isinstance(data, int | Decimal) and not isinstance(data, bool):
        return Decimal(data).normalize()
    return data


def _xlsx(path: Path, sheets: dict[str, str], percent: str | None = None) -> Path:
    """A workbook with a worksheet per CSV text; numbers typed as numbers, and the column
    ``percent`` written as fractions shown as percentages (as Excel stores 96,5%)."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, csv_text in sheets.items():
        sheet = book.create_sheet(title)
        rows = list(csv.reader(io.StringIO(csv_text, newline="")))
        sheet.append(["Bảng minh họa (ILLUSTRATIVE)"])  # a title row above the header
        sheet.append([])
        sheet.append(rows[0])
        for row in rows[1:]:
            cells: list[object] = []
            for head, cell in zip(rows[0], row + [""] * (len(rows[0]) - len(row)),
                                  strict=True):
                if head == percent and cell:
                    cells.append(float(parse_number(cell.rstrip("%"))) / 100)
                elif head.startswith("Mã") or not cell:
                    cells.append(cell or None)  # codes stay text, with their leading zeros
                else:
                    try:
                        number = parse_number(cell)
                        cells.append(int(number) if isinstance(number, int) else float(number))
                    except ValueError:
                        cells.append(cell)
            sheet.append(cells)
            if percent in rows[0]:
                column = rows[0].index(percent) + 1
                sheet.cell(row=sheet.max_row, column=column).number_format = "0.0%"
    book.save(path)
    return path


def test_excel_sheets_give_what_the_csv_sheets_give(tmp_path: Path) -> None:
    percent = "Tỷ lệ người dân tham gia bảo hiểm y tế"
    book = _xlsx(tmp_path / "so_lieu.xlsx", {"Xã": text("qn_xa_2025.csv"),
                                             "Thôn": text("qn_thon_2025.csv")}, percent)
    done = run("assess", MODEL, "--units", f"{book}:Xã", "--villages", f"{book}:Thôn",
               "--year", "2025", "--format", "json")
    assert done.returncode == 0, done.stderr
    from_csv = run("assess", MODEL, "--units", str(DATA / "qn_xa_2025.csv"),
                   "--villages", str(DATA / "qn_thon_2025.csv"), "--year", "2025",
                   "--format", "json")
    # the same assessments, observed values (96,5% typed as a percentage) included; a
    # number typed 55,0 in a spreadsheet is stored as 55
    assert _numbers(json.loads(done.stdout, parse_float=Decimal)) == _numbers(
        json.loads(from_csv.stdout, parse_float=Decimal))
    from ntmcriteria.cli._files import read_xlsx

    label, rows = read_xlsx(f"{book}:Xã")
    assert label == "so_lieu.xlsx:Xã"
    assert rows[0][0] == 3  # the header row, below the title row and a blank one
    column = rows[0][1].index(percent)
    assert [cells[column] if column < len(cells) else None for _, cells in rows[1:4]] == [
        "96,5%", "95,1%", None]
    # the first worksheet by default; a worksheet that does not exist
    first = run("assess", MODEL, "--units", str(book), "--year", "2025", "--format", "csv")
    assert first.returncode == 0, first.stderr
    message = bad("assess", MODEL, "--units", f"{book}:Xa", "--year", "2025")
    assert "has no worksheet 'Xa' (did you mean 'Xã'?)" in message


def test_an_excel_sheet_reports_the_rows_it_shows(tmp_path: Path) -> None:
    book = _xlsx(tmp_path / "loi.xlsx", {"Xã": text("qn_xa_loi.csv")})
    message = bad("assess", MODEL, "--units", str(book), "--year", "2025", "--lang", "en")
    # the header is in row 3 of the worksheet: the CSV's row 3 is the worksheet's row 5
    assert "loi.xlsx, row 5, column 'Tỷ lệ người dân tham gia bảo hiểm y tế'" in message
    assert "loi.xlsx, row 4, column 'Thu nhập bình quân đầu người'" in message


def test_params_to_excel_filled_and_read_back(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "tham_so.xlsx"
    done = run("params", "vn.commune.ntm.2021-2025", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    book = openpyxl.load_workbook(target)
    sheet = book.active
    assert sheet.title == "Tham số"
    header = [c.value for c in sheet[1]]
    assert header == [SHEET_HEADERS["vi"][f] for f in SHEET_FIELDS]
    national = catalog.get("vn.commune.ntm.2021-2025")
    assert sheet.max_row == 1 + len(parameter_sheet(national))
    col = {f: header.index(SHEET_HEADERS["vi"][f]) + 1 for f in SHEET_FIELDS}
    filled = 0
    for row in range(2, sheet.max_row + 1):
        name = sheet.cell(row, col["parameter"]).value
        region = sheet.cell(row, col["region"]).value
        if name == "vn318.poverty.ntm" and region == "DHNTB":
            sheet.cell(row, col["value"]).value = 0.04  # typed in Excel as 4%
            sheet.cell(row, col["value"]).number_format = "0%"
        elif name == "vn318.health_insurance.ntm" and region == "DHNTB":
            sheet.cell(row, col["value"]).value = 95
        elif name == "vn318.ntm.c01.rule":
            sheet.cell(row, col["value"]).value = "thẩm định"
        else:
            continue
        filled += 1
        sheet.cell(row, col["source"]).value = "Quyết định số 99/2022/QĐ-UBND (minh họa)"
    assert filled == 3
    book.save(target)
    commune = catalog.illustrative_communes(2024)[0]
    from ntmcriteria.serialize import unit_to_json

    unit = tmp_path / "xa.json"
    unit.write_text(unit_to_json(commune), encoding="utf-8")
    result = run("assess", "vn.commune.ntm.2021-2025", "--units", str(unit), "--parameters",
                 str(target), "--year", "2024", "--format", "json")
    assert result.returncode == 0, result.stderr
    (document,) = json.loads(result.stdout, parse_float=Decimal)
    outcomes = {r["criterion"]: r["outcome"] for r in document["results"]}
    assert outcomes["c01"] == "pass"  # judged by the appraisal verdict the sheet chose
    without = run("assess", "vn.commune.ntm.2021-2025", "--units", str(unit), "--year",
                  "2024", "--format", "json")
    (plain,) = json.loads(without.stdout, parse_float=Decimal)
    assert {r["criterion"]: r["outcome"] for r in plain["results"]}["c01"] == "unknown"
    # 4% typed as a percentage is the value 4 (per cent)
    c11 = next(r for r in document["results"] if r["criterion"] == "c11")
    assert '"required": "4"' in json.dumps(c11, default=str) or \
        '"required": 4' in json.dumps(c11, default=str), json.dumps(c11, default=str)[:3000]


def test_params_csv_in_both_languages_and_every_parameter(tmp_path: Path) -> None:
    done = run("params", MODEL)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout, newline="")))
    cs = catalog.get(MODEL)
    assert len(rows) == len(parameter_sheet(cs))
    assert {r["Bộ tiêu chí"] for r in rows} == {MODEL}
    assert all(r["Giá trị"] == "" for r in rows)
    english = run("params", MODEL, "--lang", "en")
    assert english.stdout.startswith("Criteria set,Parameter,")
    every = run("params", MODEL, "--all", "-o", str(tmp_path / "all.csv"))
    assert every.returncode == 0
    data = (tmp_path / "all.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # a spreadsheet reads the Vietnamese right
    all_rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(all_rows) > len(rows)
    assert not any("yes(" in v or "Decimal(" in v for r in all_rows for v in r.values())
    assert "did you mean 'vn.commune.ntm.2021-2025'?" in bad("params", "vn.commune.ntm-2021-2025")


def test_a_filled_csv_parameter_sheet_and_a_json_mapping_agree(tmp_path: Path) -> None:
    cs = catalog.get(MODEL)
    values = catalog.illustrative_parameters(cs)
    data: dict[str, Any] = {"$schema": "illustrative"}
    from ntmcriteria.serialize import _dump

    for name, value in values.items():
        data[name] = _dump.parameter_value_to_data(value)
    mapping = tmp_path / "tham_so.json"
    mapping.write_text(json.dumps(data, default=str, ensure_ascii=False), encoding="utf-8")
    done = run("assess", MODEL, "--units", COMMUNES, "--villages", VILLAGES,
               "--parameters", str(mapping), "--year", "2024", "--format", "json")
    assert done.returncode == 0, done.stderr
    documents = json.loads(done.stdout, parse_float=Decimal)
    assert _verdicts(documents) == _expected()
    assert {d["criteria_set"] for d in documents} == {MODEL}  # values, not a derived set
    assert rule_to_data(values["qn2254.village.kv1"]) == data["qn2254.village.kv1"]


# ------------------------------------------------------------------ bad sheets and files
def test_every_bad_cell_of_both_sheets_in_one_message_with_row_and_column() -> None:
    message = bad("assess", MODEL, "--units", str(DATA / "qn_xa_loi.csv"),
                  "--villages", str(DATA / "qn_thon_loi.csv"), "--year", "2025")
    assert message.startswith("ntmcriteria: error: Bảng có 15 ô không hợp lệ:")
    for where in ("qn_xa_loi.csv, dòng 2, cột 'Thu nhập bình quân đầu người'",
                  "qn_xa_loi.csv, dòng 3, cột 'Tỷ lệ người dân tham gia bảo hiểm y tế'",
                  "qn_xa_loi.csv, dòng 5, cột 'Vùng'", "qn_xa_loi.csv, dòng 7, cột 'Mã xã'",
                  "qn_thon_loi.csv, dòng 3, cột 'Mã thôn'",
                  "qn_thon_loi.csv, dòng 4, cột 'Mã xã'"):
        assert where in message
    assert "(có phải 'Thu nhập bình quân đầu người'?)" in message  # a misspelt column
    english = bad("assess", MODEL, "--units", str(DATA / "qn_xa_loi.csv"), "--year", "2025",
                  "--lang", "en")
    assert "problems in the table:" in english.splitlines()[0]
    assert "qn_xa_loi.csv, row 5, column 'Vùng': a region" in english


def test_a_missing_column(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(text("qn_thon_2025.csv"), newline="")))
    drop = rows[0].index("Mã xã")
    villages = tmp_path / "thon.csv"
    with villages.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([r[:drop] + r[drop + 1:] for r in rows])
    message = bad("assess", MODEL, "--units", str(DATA / "qn_xa_2025.csv"),
                  "--villages", str(villages), "--year", "2025", "--lang", "en")
    assert "thon.csv, row 1, column 'commune_code': a column 'commune_code' with the code of " \
           "each unit's parent" in message
    no_code = tmp_path / "xa.csv"
    no_code.write_text("Tên xã,Vùng\nTam Thanh,DHNTB\n", encoding="utf-8")
    assert "a column 'code' with the unit codes" in bad(
        "assess", MODEL, "--units", str(no_code), "--year", "2025", "--lang", "en")


def test_a_bad_parameter_sheet_names_its_rows(tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(Path(PARAMETERS).read_text(encoding="utf-8"),
                                           newline="")))
    header = list(rows[0])
    income = next(i for i, r in enumerate(rows) if r["Tham số"] == "vn318.income.ntm"
                  and r["Giá trị"])
    rows[income]["Giá trị"] = "năm mươi"
    rows[income + 1]["Vùng"] = "Miền Trung"
    sheet = tmp_path / "tham_so.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)
    message = bad("assess", MODEL, "--units", COMMUNES, "--parameters", str(sheet),
                  "--year", "2024", "--lang", "en")
    assert f"tham_so.csv, row {income + 2}, column 'Giá trị': a number" in message
    assert f"tham_so.csv, row {income + 3}, column 'Vùng': a region" in message
    other = run("params", "vn.commune.ntm.2021-2025").stdout
    (tmp_path / "other.csv").write_text(other, encoding="utf-8")
    assert "a row of the sheet of criteria set" in bad(
        "assess", MODEL, "--units", COMMUNES, "--parameters", str(tmp_path / "other.csv"),
        "--year", "2024", "--lang", "en")


def test_bad_parameter_json_and_malformed_documents(tmp_path: Path) -> None:
    mapping = tmp_path / "p.json"
    mapping.write_text(json.dumps({"vn318.income.ntn": 50, "vn318.poverty.ntm": "x"}),
                       encoding="utf-8")
    message = bad("assess", MODEL, "--units", COMMUNES, "--parameters", str(mapping),
                  "--year", "2024")
    assert "invalid parameter values: 2 problems" in message
    assert "$['vn318.income.ntn']: unknown parameter" in message
    assert "(did you mean 'vn318.income.ntm'?)" in message
    assert "$['vn318.poverty.ntm']: expected a number" in message
    mapping.write_text('{"vn318.income.ntm": ', encoding="utf-8")
    assert "JSON" in bad("assess", MODEL, "--units", COMMUNES, "--parameters", str(mapping),
                         "--year", "2024")
    columns = tmp_path / "columns.json"
    columns.write_text("{units: 1}", encoding="utf-8")
    assert "JSON" in bad("assess", MODEL, "--units", COMMUNES, "--columns", str(columns),
                         "--year", "2024")


def test_sheet_options_that_do_not_fit(tmp_path: Path) -> None:
    unit = tmp_path / "xa.json"
    from ntmcriteria.serialize import unit_to_json

    unit.write_text(unit_to_json(catalog.illustrative_communes(2024)[0]), encoding="utf-8")
    assert "--villages go with a units sheet" in bad(
        "assess", MODEL, "--units", str(unit), "--villages", VILLAGES, "--year", "2024")
    assert "--source names the document" in bad(
        "assess", MODEL, "--units", COMMUNES, "--source", "QĐ 1", "--year", "2024")
    (tmp_path / "xa.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert "save the sheet as .xlsx or as CSV" in bad(
        "assess", MODEL, "--units", str(tmp_path / "xa.xls"), "--year", "2024")
    (tmp_path / "hong.xlsx").write_bytes(b"not a zip")
    message = bad("assess", MODEL, "--units", str(tmp_path / "hong.xlsx"), "--year", "2024")
    if importlib.util.find_spec("openpyxl") is None:  # the xlsx extra is not installed
        assert "needs the optional dependency 'openpyxl'" in message
        assert "pip install 'ntmcriteria[xlsx]'" in message
    else:
        assert "as an Excel workbook" in message
    assert "cannot read" in bad("assess", MODEL, "--units", str(tmp_path / "none.csv"),
                                "--year", "2024")
    assert "did you mean" in bad("assess", "qn.commune.model.group4.2021-2025",
                                 "--units", COMMUNES, "--year", "2024")
    (tmp_path / "empty.csv").write_text("Mã xã,Tên xã\n", encoding="utf-8")
    assert "holds no commune to assess" in bad(
        "assess", MODEL, "--units", str(tmp_path / "empty.csv"), "--year", "2024")


def test_validate_an_array_of_unit_documents_as_assess_reads_them(tmp_path: Path) -> None:
    from ntmcriteria.serialize import unit_to_data

    units = [unit_to_data(u) for u in catalog.illustrative_communes(2024)[:3]]
    good = tmp_path / "xa.json"
    good.write_text(json.dumps(units, default=str, ensure_ascii=False), encoding="utf-8")
    done = run("validate", str(good))
    assert done.returncode == 0, done.stdout
    villages = sum(len(u["villages"]) for u in units)
    assert done.stdout == f"{good}: hợp lệ — 3 đơn vị (xã), {villages} đơn vị trực thuộc\n"
    units[1]["facts"]["income"] = "nhiều"
    del units[2]["code"]
    broken = tmp_path / "hong.json"
    broken.write_text(json.dumps(units, default=str, ensure_ascii=False), encoding="utf-8")
    done = run("validate", "--lang", "en", str(broken))
    assert done.returncode == 2
    assert done.stdout.splitlines()[0] == f"{broken}: INVALID — 2 problem(s) (unit documents)"
    assert "  $[1].facts.income: " in done.stdout
    assert "  $[2].code: " in done.stdout
