"""The text summary of many units (the command line's ``assess --format text``): units x
criteria with the counts per criterion, and the units closest to passing."""

from __future__ import annotations

import pytest

from ntmcriteria import catalog
from ntmcriteria.batch import Batch, assess_many
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.outcome import Outcome
from ntmcriteria.render.summary import ranked, units_summary_text

MODEL = "qn.commune.model.group2.2021-2025"


def _batch() -> Batch:
    cs = catalog.get(MODEL)
    codes = [c.code for c in catalog.quang_nam_plan().candidates if c.group == 2]
    units = [u for u in catalog.illustrative_communes(2024) if u.code in codes]
    return assess_many(cs, units, year=2024, parameters=catalog.illustrative_parameters(cs))


def test_the_matrix_and_counts_agree_with_the_assessments() -> None:
    batch = _batch()
    lines = units_summary_text(batch, closest=3).splitlines()
    assert lines[0] == "Tổng hợp kết quả đánh giá — năm đánh giá 2024, 8 đơn vị"
    counts = batch.counts()
    assert (f"Kết quả chung: {counts[Outcome.PASS]} đạt, {counts[Outcome.FAIL]} không đạt, "
            f"{counts[Outcome.UNKNOWN]} chưa đủ dữ liệu (tổng số 8)") in lines
    marks = {"✓": Outcome.PASS, "✗": Outcome.FAIL, "?": Outcome.UNKNOWN}
    ids = [c.id for c in batch.assessments[0].criteria_set.criteria]
    for a in batch:
        (row,) = [line for line in lines if line.startswith(a.unit.label())]
        cells = row[len(a.unit.label()):].split()
        assert [marks[c] for c in cells[:len(ids)]] == [a.result(i).outcome for i in ids]
    (passing,) = [line for line in lines if line.startswith("Số đạt ")]
    numbers = passing.split()[2:]
    assert numbers[:len(ids)] == [str(sum(a.result(i).outcome is Outcome.PASS for a in batch))
                                  for i in ids]
    assert numbers[-1] == f"{counts[Outcome.PASS]}/8"
    start = lines.index("Các đơn vị gần đạt nhất:")
    listed = [line for line in lines[start + 1:] if line[:3].strip().rstrip(".").isdigit()]
    assert [line.split(": ")[0].split(". ", 1)[1] for line in listed] == [
        a.unit.label() for a in ranked(batch)[:3]]


def test_english_names_and_no_closest() -> None:
    batch = _batch()
    first = batch.assessments[0].unit
    text = units_summary_text(batch, "en", closest=0, names={first.code: "Xã thứ nhất"})
    assert text.startswith("Summary of assessments — year assessed 2024, 8 units")
    assert "Closest to passing" not in text
    assert "\nXã thứ nhất " in text
    assert "✓ pass  ✗ fail  ? not enough data; m1: 1. " in text
    with pytest.raises(NTMValueError, match="closest must be a whole number"):
        units_summary_text(batch, closest=-1)
    with pytest.raises(NTMTypeError, match="assessments must be a sequence"):
        units_summary_text("batch")  # type: ignore[arg-type]
