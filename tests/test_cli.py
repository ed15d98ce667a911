"""The command line, run as a subprocess: every subcommand and format, good and bad files.

Exit status 0 when the job ran (whatever the verdicts), 2 for bad usage or bad
input with the library's message and no traceback; Vietnamese by default.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ntmcriteria import catalog
from ntmcriteria.schemas import load_schema, schema_text
from ntmcriteria.serialize import criteria_set_to_json, unit_to_data, unit_to_json

SET = "vn.commune.ntm-model.2021-2025"
MODEL = "qn.commune.model.group2.2021-2025"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "ntmcriteria", *args],  # noqa: S603
                          capture_output=True, text=True, check=False, timeout=300, cwd=cwd,
                          encoding="utf-8")
    assert "Traceback" not in done.stderr, done.stderr
    return done


def bad(*args: str) -> str:
    """Run a command that must fail with status 2; its message on standard error."""
    done = run(*args)
    assert done.returncode == 2, (done.returncode, done.stdout[:500], done.stderr)
    assert done.stdout == ""
    return done.stderr


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("cli")
    communes = catalog.illustrative_communes(2024)
    out = {
        "set": root / "model.criteria-set.json",
        "units": root / "communes.json",
        "one": root / "tam-thanh.json",
        "district": root / "district.json",
        "root": root,
    }
    out["set"].write_text(criteria_set_to_json(catalog.get(MODEL)), encoding="utf-8")
    out["units"].write_text(json.dumps([unit_to_data(c) for c in communes[:4]],
                                       default=str, ensure_ascii=False), encoding="utf-8")
    out["one"].write_text(unit_to_json(communes[0]), encoding="utf-8")
    out["district"].write_text(unit_to_json(catalog.illustrative_districts(2024)[0]),
                               encoding="utf-8")
    return out


# ------------------------------------------------------------------------------ catalog
def test_catalog_lists_every_bundled_set_in_vietnamese_by_default() -> None:
    done = run("catalog")
    assert done.returncode == 0
    assert done.stdout.startswith(f"Bộ tiêu chí có sẵn: {len(catalog.catalog())}")
    for entry in catalog.catalog():
        assert entry.id in done.stdout
        assert entry.label_vi in done.stdout
    assert "Căn cứ: Quyết định 318/QĐ-TTg" in done.stdout


def test_catalog_in_english_markdown_and_json() -> None:
    en = run("catalog", "--lang", "en")
    assert en.stdout.startswith("Bundled criteria sets:")
    assert catalog.catalog()[0].label_en in en.stdout
    md = run("catalog", "--format", "md")
    assert md.stdout.splitlines()[1] == "|---|---|---|---|---|"
    assert f"| `{SET}` | xã | 2021-2025 |" in md.stdout
    rows = json.loads(run("catalog", "--format", "json").stdout)
    assert [r["id"] for r in rows] == [e.id for e in catalog.catalog()]
    assert rows[0]["level"] == "commune"


# ---------------------------------------------------------------------------------- show
@pytest.mark.parametrize("fmt", ["text", "md", "html"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_show_every_format_and_language(fmt: str, lang: str) -> None:
    done = run("show", SET, "--format", fmt, "--lang", lang)
    assert done.returncode == 0, done.stderr
    cs = catalog.get(SET)
    assert cs.label(lang) in done.stdout
    for criterion in cs.criteria:
        assert criterion.label(lang) in done.stdout
    if fmt == "html":
        assert done.stdout.startswith("<!DOCTYPE html>")
        assert "<script" not in done.stdout
    if fmt == "md":
        assert "| TT | Tên tiêu chí |" in done.stdout if lang == "vi" else "| No. |" in done.stdout


def test_show_a_set_file_to_an_output_file(files: dict[str, Path]) -> None:
    target = files["root"] / "table.md"
    done = run("show", str(files["set"]), "--format", "md", "-o", str(target))
    assert done.returncode == 0
    assert done.stdout == ""
    assert catalog.get(MODEL).label("vi") in target.read_text(encoding="utf-8")


def test_an_unknown_set_id_gets_a_did_you_mean() -> None:
    message = bad("show", "vn.commune.ntm-2021-2025")
    assert message.startswith("ntmcriteria: error: unknown criteria set")
    assert "did you mean 'vn.commune.ntm.2021-2025'?" in message


# ------------------------------------------------------------------------------ validate
def test_validate_good_documents(files: dict[str, Path]) -> None:
    done = run("validate", str(files["set"]), str(files["one"]), str(files["district"]))
    assert done.returncode == 0, done.stdout
    lines = done.stdout.splitlines()
    assert lines[0] == f"{files['set']}: hợp lệ — bộ tiêu chí {MODEL}, 3 tiêu chí"
    assert lines[1].startswith(f"{files['one']}: hợp lệ — đơn vị xã ")
    assert "đơn vị trực thuộc" in lines[2]
    en = run("validate", "--lang", "en", str(files["set"]))
    assert en.stdout.strip().endswith(f"valid — criteria set {MODEL}, 3 criteria")


def test_validate_lists_every_problem_with_its_path(files: dict[str, Path]) -> None:
    data = json.loads(files["set"].read_text(encoding="utf-8"))
    for index, criterion in enumerate(data["criteria"]):
        del criterion["citation"]  # a missing field in each criterion
        criterion["numbr"] = str(index)  # and a misspelt key
    data["level"] = "comune"
    broken = files["root"] / "broken.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = run("validate", str(files["one"]), str(broken))
    assert done.returncode == 2
    out = done.stdout
    assert f"{files['one']}: hợp lệ" in out  # the good file is still reported
    assert f"{broken}: KHÔNG HỢP LỆ" in out
    assert "$.level: " in out
    assert "did you mean 'commune'" in out
    for index in range(len(data["criteria"])):
        assert f"$.criteria[{index}].citation: " in out
        assert f"$.criteria[{index}].numbr: unknown key 'numbr'" in out
        assert "did you mean 'number'" in out


def test_validate_a_malformed_json_document(files: dict[str, Path]) -> None:
    broken = files["root"] / "malformed.json"
    broken.write_text('{"format": "ntmcriteria/unit", "version": 1,, }', encoding="utf-8")
    done = run("validate", str(broken))
    assert done.returncode == 2
    assert "KHÔNG HỢP LỆ" in done.stdout
    assert "JSON" in done.stdout
    not_a_document = files["root"] / "list.json"
    not_a_document.write_text("[1, 2]", encoding="utf-8")
    done = run("validate", str(not_a_document))
    assert done.returncode == 2
    # an array is read as unit documents (as assess reads it): each item is named
    assert "$[0]: expected a unit as an object (got the number 1)" in done.stdout
    assert "$[1]: expected a unit as an object (got the number 2)" in done.stdout
    number = files["root"] / "number.json"
    number.write_text("3", encoding="utf-8")
    done = run("validate", str(number))
    assert done.returncode == 2
    assert '"format"' in done.stdout


def test_validate_a_missing_file() -> None:
    message = bad("validate", "/nonexistent/x.json")
    assert "cannot read '/nonexistent/x.json'" in message


# -------------------------------------------------------------------------------- schema
@pytest.mark.parametrize("kind", ["criteria-set", "unit", "assessment"])
def test_schema_writes_the_shipped_file(kind: str, tmp_path: Path) -> None:
    done = run("schema", kind)
    assert done.returncode == 0
    assert done.stdout == schema_text(kind)
    target = tmp_path / f"{kind}.schema.json"
    assert run("schema", kind, "-o", str(target)).returncode == 0
    assert json.loads(target.read_text(encoding="utf-8")) == load_schema(kind)


def test_bad_usage_exits_with_2() -> None:
    assert "invalid choice: 'units'" in bad("schema", "units")
    assert "the following arguments are required: --units" in bad("assess", SET, "--year",
                                                                   "2024")
    assert "invalid int value" in bad("assess", SET, "--units", "x.json", "--year", "soon")
    assert "required: COMMAND" in bad()


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.startswith("ntmcriteria ")


# -------------------------------------------------------------------------------- assess
def test_assess_text_in_vietnamese_by_default(files: dict[str, Path]) -> None:
    done = run("assess", MODEL, "--units", str(files["units"]), "--year", "2024")
    assert done.returncode == 0, done.stderr
    # the summary (units x criteria, counts, closest to passing), then each explanation
    assert done.stdout.startswith("Tổng hợp kết quả đánh giá — năm đánh giá 2024, 4 đơn vị")
    assert "Các đơn vị gần đạt nhất:" in done.stdout
    assert done.stdout.count("Đánh giá xã ") == 4
    assert done.stderr == ""  # no progress line: standard error is not a terminal


@pytest.mark.parametrize("fmt", ["text", "md", "html", "csv", "json"])
def test_assess_every_format(fmt: str, files: dict[str, Path]) -> None:
    done = run("assess", str(files["set"]), "--units", str(files["units"]), "--year", "2024",
               "--format", fmt, "--lang", "en", "--date", "2025-05-12")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    communes = catalog.illustrative_communes(2024)[:4]
    for commune in communes:
        assert commune.name in out
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        assert len(rows) == 4 * len(catalog.get(MODEL).criteria)
        assert {r["outcome"] for r in rows} <= {"pass", "fail", "unknown"}
        assert not any(v.startswith(("(", "[")) for r in rows for v in r.values())
    elif fmt == "json":
        jsonschema = pytest.importorskip("jsonschema")

        documents = json.loads(out, parse_float=Decimal)
        assert [d["unit"]["code"] for d in documents] == [c.code for c in communes]
        validator = jsonschema.Draft202012Validator(load_schema("assessment"))
        for document in documents:
            assert list(validator.iter_errors(document)) == []
    elif fmt == "html":
        assert out.startswith("<!DOCTYPE html>")
        assert out.count('class="ntm-sheet"') == 4  # a review sheet per unit
        assert "Results by unit and criterion" in out or "Closest to passing" in out
        assert "Date produced:</dt> <dd>2025-05-12" in out
    elif fmt == "md":
        assert out.count("# Assessment of commune ") == 4
    else:
        assert out.startswith("Summary of assessments — year assessed 2024, 4 units")
        assert out.count("Assessment of commune ") == 4


def test_assess_one_unit_as_a_review_sheet(files: dict[str, Path]) -> None:
    done = run("assess", MODEL, "--units", str(files["one"]), "--year", "2024",
               "--format", "html")
    assert done.returncode == 0
    assert done.stdout.count('class="ntm-sheet"') == 1
    assert "Phiếu rà soát kết quả đánh giá tiêu chí" in done.stdout


def test_assess_the_communes_of_a_district_names_their_parent(files: dict[str, Path]) -> None:
    district = catalog.illustrative_districts(2024)[0]
    target = files["root"] / "sheets.html"
    done = run("assess", MODEL, "--units", str(files["district"]), "--year", "2024",
               "--format", "html", "-o", str(target), "--date", "12/05/2025")
    assert done.returncode == 0, done.stderr
    page = target.read_text(encoding="utf-8")
    assert page.count('class="ntm-sheet"') == len(district.communes)
    assert f"Thuộc:</dt> <dd>huyện {district.name}" in page


def test_assess_outside_the_period_only_when_asked(files: dict[str, Path]) -> None:
    message = bad("assess", MODEL, "--units", str(files["one"]), "--year", "2027")
    assert "year 2027 is outside the valid period 2021-2025" in message
    assert "vn.commune.ntm.2026-2030" in message  # the sets in force that year
    assert "give --allow-outside-period" in message
    done = run("assess", MODEL, "--units", str(files["one"]), "--year", "2027",
               "--allow-outside-period", "--format", "json")
    assert done.returncode == 0, done.stderr
    [document] = json.loads(done.stdout)
    assert document["year"] == 2027
    outside = {o["set_id"] for o in document["outside_period"]}
    assert MODEL in outside
    assert "vn.commune.ntm.2021-2025" in outside  # a set it refers to, named too


def test_assess_csv_to_a_file_has_a_byte_order_mark(files: dict[str, Path]) -> None:
    target = files["root"] / "rows.csv"
    assert run("assess", MODEL, "--units", str(files["one"]), "--year", "2024", "--format",
               "csv", "-o", str(target)).returncode == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfunit_code,")
    assert "Tam Thanh" in data.decode("utf-8-sig")


def _write(path: Path, data: Any) -> str:
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    return str(path)


def test_assess_bad_files(files: dict[str, Path]) -> None:
    root = files["root"]
    units = json.loads(files["units"].read_text(encoding="utf-8"))
    # a bad cell: a number where a fact must be a number, and a missing code
    units[1]["facts"]["income"] = "lots"
    del units[2]["code"]
    message = bad("assess", MODEL, "--units", _write(root / "bad.json", units), "--year", "2024")
    assert "invalid unit documents: 2 problems" in message
    assert "$[1].facts.income" in message
    assert "$[2].code" in message
    # a malformed document
    (root / "malformed.json").write_text("[{", encoding="utf-8")
    assert "JSON" in bad("assess", MODEL, "--units", str(root / "malformed.json"),
                         "--year", "2024")
    # units of the wrong level
    village = {"format": "ntmcriteria/unit", "version": 1, "level": "village", "code": "01"}
    assert "holds no commune to assess (it holds: village)" in bad(
        "assess", MODEL, "--units", _write(root / "village.json", village), "--year", "2024")
    # a year outside the set's period, a missing file, an unknown set, not UTF-8
    assert "2031" in bad("assess", MODEL, "--units", str(files["one"]), "--year", "2031")
    assert "cannot read" in bad("assess", MODEL, "--units", str(root / "none.json"),
                                "--year", "2024")
    assert "did you mean" in bad("assess", "qn.commune.model.group4.2021-2025", "--units",
                                 str(files["one"]), "--year", "2024")
    (root / "latin1.json").write_bytes('{"name": "Tiên Phước"}'.encode("utf-16"))
    assert "is not UTF-8 text" in bad("assess", MODEL, "--units", str(root / "latin1.json"),
                                      "--year", "2024")
    assert "--closest must be" in bad("assess", MODEL, "--units", str(files["one"]),
                                      "--year", "2024", "--closest", "-1")


def test_the_console_script_is_installed() -> None:
    script = shutil.which("ntmcriteria", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the package is not installed with its scripts")
    done = subprocess.run([script, "catalog", "--format", "json"], capture_output=True,  # noqa: S603
                          text=True, check=False, timeout=120, encoding="utf-8")
    assert done.returncode == 0
    assert json.loads(done.stdout)[0]["id"] == catalog.catalog()[0].id


# ------------------------------------------------------------- progress (in process)
class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_batch_shows_progress_on_a_terminal_only(
        files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from ntmcriteria import cli

    commune = catalog.illustrative_communes(2024)[0]
    many = [{**unit_to_data(commune), "code": f"x{i:04d}"} for i in range(cli.CHUNK + 10)]
    path = _write(files["root"] / "many.json", many)
    monkeypatch.setattr(cli, "PROGRESS_MIN_UNITS", 100)
    for terminal, shown in ((True, True), (False, False)):
        err = _Terminal() if terminal else io.StringIO()
        out = io.StringIO()
        monkeypatch.setattr(sys, "stderr", err)
        monkeypatch.setattr(sys, "stdout", out)
        assert cli.main(["assess", MODEL, "--units", path, "--year", "2024",
                         "--format", "csv"]) == 0
        progress = err.getvalue()
        assert (f"{len(many)}/{len(many)}" in progress) is shown
        assert (f"{cli.CHUNK}/{len(many)}" in progress) is shown
        assert len(out.getvalue().splitlines()) == 1 + len(many) * 3


def test_the_sheet_date_must_be_a_date(files: dict[str, Path]) -> None:
    for given in ("notadate", "31/02/2026", "2026/02/01"):
        message = bad("assess", MODEL, "--units", str(files["units"]), "--year", "2024",
                      "--date", given)
        assert "expected a date as DD/MM/YYYY or YYYY-MM-DD" in message, message
