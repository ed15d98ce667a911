"""Package hygiene: licence, changelog, what ``import ntmcriteria`` gives, CSV cells."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import tomllib
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria.batch import ROW_FIELDS, Batch
from ntmcriteria.outcome import Outcome
from ntmcriteria.render.delimited import cell_text, rows_csv
from tests.test_batch import _fixture_batch

ROOT = Path(__file__).resolve().parents[1]


def _project() -> dict[str, object]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project: dict[str, object] = data["project"]
    return project


def test_the_licence_file_is_the_mit_licence_the_metadata_names() -> None:
    assert _project()["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS"' in text


def test_the_changelog_has_a_place_for_new_entries_and_this_release() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\]", text, re.M)
    assert headings[0] == "Unreleased"
    assert str(_project()["version"]) in headings
    release = text.split(f"## [{_project()['version']}]", 1)[1]
    assert "compiled once" in release  # the engine redesign is listed


def _fresh(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603
                          check=False, timeout=120)


def test_the_catalog_is_reachable_after_import_ntmcriteria() -> None:
    done = _fresh("import ntmcriteria\n"
                  "s = ntmcriteria.catalog.get('vn.commune.ntm.2021-2025')\n"
                  "print(s.id, len(ntmcriteria.catalog.catalog()))\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "vn.commune.ntm.2021-2025"
    assert int(done.stdout.split()[1]) >= 10


def test_import_ntmcriteria_stays_light() -> None:
    """The package import loads neither the command line, nor the schema files, nor any
    optional dependency."""
    done = _fresh("import sys, ntmcriteria\n"
                  "heavy = ['ntmcriteria.cli', 'ntmcriteria.schemas', 'jsonschema', 'pandas',\n"
                  "         'polars', 'numpy', 'hypothesis', 'argparse']\n"
                  "print(' '.join(m for m in heavy if m in sys.modules))\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_csv_cells_never_hold_python_reprs() -> None:
    text = _fixture_batch().to_csv("en")
    rows = list(csv.DictReader(text.splitlines()))
    assert rows, "rows were written"
    assert list(rows[0]) == list(ROW_FIELDS)
    for row in rows:
        for value in row.values():
            assert not re.search(r"^\(|^\[|Decimal\(|^None$|<.*object|Outcome\.", value), value
    by_key = {(r["unit_code"], r["criterion_id"]): r for r in rows}
    villages = by_key[("20345", "model_villages")]
    assert villages["failed_members"] == "02"  # not "('02',)"
    income = by_key[("20345", "income")]
    assert (income["observed"], income["required"], income["shortfall"]) == (
        "59.99", "60.0", "0.01")
    culture = by_key[("20345", "culture")]
    assert culture["outcome"] == Outcome.UNKNOWN.value
    assert culture["missing"].startswith("parameter «Minimum cultural facilities score»")
    assert by_key[("20345", "income")]["more_needed"] == ""  # None is an empty cell


def test_verdicts_write_the_same_csv_as_the_batch() -> None:
    from ntmcriteria.batch import assess_records
    from ntmcriteria.serialize import unit_to_data
    from tests.test_render_fixture import CRITERIA_SET, PARAMETER_VALUES, YEAR

    batch = _fixture_batch()
    records = [unit_to_data(a.unit) for a in batch]
    verdicts = assess_records(CRITERIA_SET, records, year=YEAR, parameters=PARAMETER_VALUES)
    assert verdicts.to_csv("vi") == batch.to_csv("vi")


def test_cell_text_of_each_kind_of_value() -> None:
    assert cell_text(None) == ""
    assert (cell_text(True), cell_text(False)) == ("true", "false")
    assert cell_text(Decimal("1E+3")) == "1000"
    assert cell_text(Decimal("-0.00")) == "0.00"
    assert cell_text(Decimal("59.990")) == "59.990"
    assert cell_text(("03",)) == "03"
    assert cell_text(["a", ("b", None)]) == "a; b; "
    assert cell_text(Outcome.PASS) == "pass"
    assert cell_text({"x": 1}) == "x=1"


@given(st.lists(st.dictionaries(st.sampled_from(["a", "b"]),
                                st.one_of(st.none(), st.booleans(), st.integers(),
                                          st.decimals(allow_nan=False, allow_infinity=False),
                                          st.text(), st.lists(st.text(max_size=3), max_size=3)
                                          .map(tuple))),
                max_size=5))
def test_csv_reads_back_cell_for_cell(rows: list[dict[str, object]]) -> None:
    text = rows_csv(rows, ("a", "b"))
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert back[0] == ["a", "b"]
    assert back[1:] == [[cell_text(r.get("a")), cell_text(r.get("b"))] for r in rows]


_REPR = re.compile(r"^\(|^\[|\('|Decimal\(|<.*object|Outcome\.")


def _catalog_batches() -> list[Batch]:
    from ntmcriteria import catalog
    from ntmcriteria.batch import assess_many

    batches = []
    for set_id in ("vn.commune.ntm-model.2021-2025", "qn.commune.field.group1.2021-2025",
                   "qn.district.model.2021-2025"):
        cs = catalog.get(set_id)
        units = (catalog.illustrative_districts(2024) if cs.level.value == "district"
                 else catalog.illustrative_communes(2024))
        batches.append(assess_many(cs, units, year=2024,
                                   parameters=catalog.illustrative_parameters(cs)))
    return batches


def test_frames_hold_no_tuples_and_their_csv_no_python_reprs() -> None:
    """``to_pandas()`` / ``to_polars()`` of a batch and ``results_to_pandas`` /
    ``results_to_polars``: the lists of a row are joined text, so ``df.to_csv()`` (or
    polars' ``write_csv``, which refuses nested columns) writes plain cells."""
    import pytest

    pytest.importorskip("pandas")
    polars = pytest.importorskip("polars")
    from ntmcriteria.tables import results_to_pandas, results_to_polars

    lists = 0
    for batch in _catalog_batches():
        rows = batch.to_dicts("vi")
        for frame in (batch.to_pandas("vi"), results_to_pandas(batch),
                      results_to_pandas(batch, wide=True)):
            assert not any(isinstance(v, tuple | list) for v in frame.to_numpy().ravel())
            for row in csv.DictReader(io.StringIO(frame.to_csv(index=False), newline="")):
                for value in row.values():
                    assert not _REPR.search(value), value
        for pl_frame in (batch.to_polars("vi"), results_to_polars(batch),
                         results_to_polars(batch, wide=True)):
            assert not any(isinstance(dtype, polars.List) for dtype in pl_frame.dtypes)
            for row in csv.DictReader(io.StringIO(pl_frame.write_csv(), newline="")):
                for value in row.values():
                    assert not _REPR.search(value), value
        frame = batch.to_pandas("vi")
        for index, row in enumerate(rows):
            for key in ("failed_members", "missing"):
                if len(row[key]) > 1:
                    lists += 1
                    assert frame.iloc[index][key] == "; ".join(row[key])
    assert lists, "some rows have lists of several items"
