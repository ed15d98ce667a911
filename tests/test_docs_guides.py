"""The office guides' commands run as written: the sheet-in / review-sheet-out flow of
docs/guide/office-vi.md and office-en.md, on the illustrative example sheets (copied
under the names the guides use), with the parameter sheet the guide writes filled in
as an office would."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from ntmcriteria import catalog
from ntmcriteria.serialize import unit_to_data
from ntmcriteria.sheets import SHEET_FIELDS, SHEET_HEADERS
from tests.test_cli import run

ROOT = Path(__file__).resolve().parents[1]
SHEETS = ROOT / "examples" / "sheets"
FILLED = SHEETS / "minh_hoa_tham_so_nhom2.csv"
#: the files each guide names: communes, villages, JSON units
NAMES = {"office-vi": ("xa.csv", "thon.csv", "xa.json"),
         "office-en": ("communes.csv", "villages.csv", "communes.json")}


def commands(page: str) -> list[list[str]]:
    """The ``ntmcriteria`` commands of the page's bash blocks, continuations joined."""
    text = (ROOT / "docs" / "guide" / f"{page}.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] == "ntmcriteria":
                out.append(words[1:])
    return out


def _filled_rows() -> dict[tuple[str, str, str], dict[str, str]]:
    rows = csv.DictReader(io.StringIO(FILLED.read_text(encoding="utf-8"), newline=""))
    h = SHEET_HEADERS["vi"]
    return {(r[h["parameter"]], r[h["region"]], r[h["year"]]): r for r in rows
            if r[h["value"]]}


def _fill(path: Path, lang: str) -> None:
    """Fill the sheet ``ntmcriteria params`` wrote, as an office would: the value and the
    source of the rows the example sheet fills."""
    filled = _filled_rows()
    vi = SHEET_HEADERS["vi"]
    head = SHEET_HEADERS[lang]
    if path.suffix == ".xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.load_workbook(path)
        sheet = book.active
        header = [c.value for c in sheet[1]]
        col = {f: header.index(head[f]) + 1 for f in SHEET_FIELDS}
        count = 0
        for row in range(2, sheet.max_row + 1):
            key = tuple("" if sheet.cell(row, col[f]).value is None
                        else str(sheet.cell(row, col[f]).value)
                        for f in ("parameter", "region", "year"))
            if key in filled:
                count += 1
                for field in ("value", "source", "confidence"):
                    sheet.cell(row, col[field]).value = filled[key][vi[field]]
        book.save(path)
    else:
        text = path.read_bytes().decode("utf-8-sig")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = list(reader)
        count = 0
        for line in rows:
            key = (line[head["parameter"]], line[head["region"]], line[head["year"]])
            if key in filled:
                count += 1
                for field in ("value", "source", "confidence"):
                    line[head[field]] = filled[key][vi[field]]
        sink = io.StringIO()
        writer = csv.DictWriter(sink, list(reader.fieldnames or ()))  # with the zone column
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(sink.getvalue(), encoding="utf-8")
    assert count == len(filled)


@pytest.mark.parametrize("page", sorted(NAMES))
def test_the_guides_commands_run_as_written(page: str, tmp_path: Path) -> None:
    if page == "office-vi":
        pytest.importorskip("openpyxl")  # the Vietnamese guide's parameter sheet is Excel
    communes, villages, documents = NAMES[page]
    shutil.copy(SHEETS / "minh_hoa_xa_nhom2_2024.csv", tmp_path / communes)
    shutil.copy(SHEETS / "minh_hoa_thon_nhom2_2024.csv", tmp_path / villages)
    codes = [c.code for c in catalog.quang_nam_plan().candidates if c.group == 2]
    units = [unit_to_data(u) for u in catalog.illustrative_communes(2024) if u.code in codes]
    (tmp_path / documents).write_text(json.dumps(units, default=str, ensure_ascii=False),
                                      encoding="utf-8")
    found = commands(page)
    assert [c[0] for c in found].count("assess") >= 3
    assert [c[0] for c in found if c[0] in ("params", "assess")][:2] == ["params", "assess"]
    for words in found:
        done = run(*words, cwd=tmp_path)
        assert done.returncode == 0, (words, done.stderr)
        if "-o" in words:
            target = tmp_path / words[words.index("-o") + 1]
            assert target.stat().st_size > 0, words
            if words[0] == "params":
                _fill(target, "en" if "en" in words else "vi")
            if words[0] == "assess":
                page_text = target.read_text(encoding="utf-8")
                assert page_text.count('class="ntm-sheet"') == len(codes)
                # the filled parameters decided the criteria they leave open
                assert "chưa có giá trị của tham số" not in page_text
        elif "--brief" in words:
            assert re.search(r"\nDuy Châu \(duy-chau\) +✓ +✓ +✓ +(đạt|pass)\n", done.stdout)
