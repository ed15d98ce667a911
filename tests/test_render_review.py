"""Review sheets, summaries, the path's HTML and the short reprs of notebook objects."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache
from typing import Any

import pytest

from ntmcriteria import catalog
from ntmcriteria.assessment import Assessment
from ntmcriteria.batch import assess_many
from ntmcriteria.errors import NTMTypeError
from ntmcriteria.outcome import Outcome
from ntmcriteria.paths import path_to_tier
from ntmcriteria.plans import PlanProgress
from ntmcriteria.render.html import assessments_html
from ntmcriteria.render.review import group_label, review_rows, review_sheet_html
from ntmcriteria.render.summary import (
    criterion_heading,
    plan_chart_svg,
    plan_summary_html,
    shortfall_text,
    units_summary_html,
)
from tests.test_render_fixture import COMMUNE, CRITERIA_SET, PARAMETER_VALUES, YEAR


def _fixture() -> Assessment:
    return CRITERIA_SET.assess(COMMUNE, year=YEAR, parameters=PARAMETER_VALUES)


def _text(markup: str) -> str:
    """The text a reader sees with every style removed (the markup must be well formed)."""
    body = markup
    if markup.startswith("<!DOCTYPE"):
        body = markup.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    root = ET.fromstring(f"<root>{body}</root>")  # noqa: S314 - our own output
    for style in root.iter("style"):
        style.text = ""
    return " ".join(" ".join(t.strip() for t in root.itertext() if t.strip()).split())


@cache
def _progress() -> PlanProgress:
    plan = catalog.quang_nam_plan()
    units: dict[str, Any] = {u.code: u for u in (*catalog.illustrative_communes(2024),
                                                 *catalog.illustrative_districts(2024))}
    assessments = []
    for candidate in plan.candidates:
        cs = catalog.get(plan.judged_set(candidate, 2024)[0])
        assessments.append(cs.assess(units[candidate.code], year=2024,
                                     parameters=catalog.illustrative_parameters(cs)))
    return plan.progress(assessments)


# ---------------------------------------------------------------------------- review sheet
def test_review_sheet_header_results_and_signatures() -> None:
    page = review_sheet_html(_fixture(), "vi", date="12/05/2025", parent="thành phố Tam Kỳ")
    assert page.startswith("<!DOCTYPE html>")
    assert "@page { size: A4" in page
    assert "<script" not in page
    text = _text(page)
    for expected in ("PHIẾU RÀ SOÁT" if False else "Phiếu rà soát kết quả đánh giá tiêu chí",
                     "Đơn vị được đánh giá: xã Tam Thanh (20345)",
                     "Thuộc: thành phố Tam Kỳ", "Năm đánh giá: 2024",
                     "Ngày lập phiếu: 12/05/2025", "Người lập phiếu", "Thủ trưởng cơ quan",
                     "(Ký, đóng dấu, ghi rõ họ tên)", "Ghi chú", "Còn thiếu"):
        assert expected in text, expected
    # the income check: observed, required and the shortfall in the indicator's unit
    assert re.search(r"59,99 triệu đồng/người/năm ≥ 60,0 triệu đồng/người/năm "
                     r"0,01 triệu đồng/người/năm không đạt", text), text[:3000]
    # results are words, not colours only
    assert "KHÔNG ĐẠT" in text


def test_review_sheet_without_a_date_leaves_a_blank_and_is_english_on_request() -> None:
    text = _text(review_sheet_html(_fixture(), "en"))
    assert "Date produced: day ..... month ..... year" in text
    assert "Unit assessed: commune Tam Thanh (20345)" in text
    assert "Part of: ....." in text
    fragment = review_sheet_html(_fixture(), "vi", standalone=False)
    assert fragment.startswith('<div class="ntm-sheet"')


def test_review_rows_follow_the_criteria_and_their_conditions() -> None:
    assessment = _fixture()
    rows = review_rows(assessment, "en")
    heads = [r for r in rows if r.depth == 0]
    assert [r.criterion_id for r in heads] == [c.id for c in CRITERIA_SET.criteria]
    assert [r.outcome for r in heads] == [r.outcome for r in assessment.results]
    assert all(r.source for r in heads)
    income = next(r for r in rows if r.depth > 0 and r.criterion_id == "income")
    assert (income.observed, income.shortfall) == ("59.99 million VND/person/year",
                                                   "0.01 million VND/person/year")
    assert income.outcome is Outcome.FAIL
    villages = [r for r in rows if r.depth > 0 and r.criterion_id == "model_villages"]
    assert villages
    assert villages[0].shortfall.startswith("2 ")


def test_review_sheet_lists_the_referenced_sets_criteria_that_do_not_pass() -> None:
    cs = catalog.get("qn.commune.model.group2.2021-2025")
    parameters = {**catalog.illustrative_parameters(cs), **catalog.appraisal_rules(cs)}
    commune = next(c for c in catalog.illustrative_communes() if c.name == "Tam Ngọc")
    assessment = cs.assess(commune, year=2024, parameters=parameters)
    rows = review_rows(assessment, "vi")
    failing = [r for r in rows if r.depth > 0 and r.outcome is Outcome.FAIL and r.shortfall]
    assert failing, "a failing condition with its shortfall is on the sheet"
    assert any("triệu đồng" in r.shortfall for r in failing)
    _text(review_sheet_html(assessment))  # well formed


def test_group_label_and_bad_arguments() -> None:
    assert group_label("Quy hoạch / Planning", "vi") == "Quy hoạch"
    assert group_label("Quy hoạch / Planning", "en") == "Planning"
    assert group_label("Chỉ tiếng Việt", "en") == "Chỉ tiếng Việt"
    with pytest.raises(NTMTypeError, match="date must be a string"):
        review_sheet_html(_fixture(), date=20250512)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lang"):
        review_sheet_html(_fixture(), "fr")


# ---------------------------------------------------------------------------- summaries
def test_units_summary_counts_per_criterion_and_group() -> None:
    cs = catalog.get("vn.commune.ntm.2021-2025")
    communes = list(catalog.illustrative_communes(2024))
    batch = assess_many(cs, communes, year=2024, parameters=catalog.illustrative_parameters(cs))
    page = units_summary_html(batch, "vi", title="Tổng hợp", date="01/12/2025")
    text = _text(page)
    assert "Tổng hợp" in text
    assert "Ngày lập: 01/12/2025" in text
    assert f"Đơn vị: {len(communes)}" in text
    root = ET.fromstring(page.split("<body>", 1)[1].rsplit("</body>", 1)[0])  # noqa: S314
    table = root.find(".//table")
    assert table is not None
    heads = ["".join(th.itertext()) for th in table.find("thead").iter("th")]  # type: ignore[union-attr]
    assert heads[2] == criterion_heading(cs.criteria[0].number, cs.criteria[0].label("vi"), 32)
    assert len(table.find("tbody").findall("tr")) == len(communes)  # type: ignore[union-attr]
    foot = table.find("tfoot").findall("tr")  # type: ignore[union-attr]
    passing = [int("".join(td.itertext())) for td in foot[0].findall("td")[1:]]
    expected = [sum(a.result(c.id).outcome is Outcome.PASS for a in batch) for c in cs.criteria]
    assert passing == expected
    overall = "".join(foot[0].findall("td")[0].itertext())
    assert overall == f"{batch.counts()[Outcome.PASS]}/{len(communes)}"
    assert "Theo nhóm tiêu chí" in text  # the 19 criteria come in 5 groups


def test_units_summary_refuses_what_is_not_assessments() -> None:
    with pytest.raises(NTMTypeError, match=r"assessments\[0\] must be an Assessment"):
        units_summary_html([1])  # type: ignore[list-item]
    with pytest.raises(NTMTypeError, match="assessments must be a sequence"):
        units_summary_html("x")  # type: ignore[arg-type]


def test_plan_summary_targets_chart_closest_and_matrices() -> None:
    progress = _progress()
    page = plan_summary_html(progress, "vi", date="02/12/2026")
    text = _text(page)
    communes = progress.targets[0]
    assert communes.target.count == 16
    assert (f"{communes.target.label_vi} 16 {communes.passed} {communes.distance}") in text
    assert "Các đơn vị gần đạt nhất" in text
    first = progress.closest(1)[0]
    assert first.candidate.name in text
    # one units x criteria table per set assessed (the set in force, not the draft's)
    sets = {s.assessment.criteria_set.id for s in progress.statuses if s.assessment}
    assert "qn.commune.model.2022-2025" in sets
    assert all(set_id in text for set_id in sets)
    # the summary says which set judged the communes, and why
    assert ("Đánh giá xã theo: Xã NTM kiểu mẫu tỉnh Quảng Nam giai đoạn 2022-2025 (QĐ "
            "2429/QĐ-UBND) (qn.commune.model.2022-2025) — bộ tiêu chí có hiệu lực năm 2024") in text
    svg = plan_chart_svg(progress, "en")
    chart = ET.fromstring(svg)  # noqa: S314 - our own output
    labels = "".join(chart.itertext())
    assert f"{communes.passed}/16 (target)" in labels
    for group, tally in progress.by_group:
        if group is not None:
            assert f"Group {group}" in labels
            assert f"{len(tally.passed)}/{tally.total} pass" in labels
    assert "<script" not in svg
    assert "<script" not in page


def test_plan_chart_bars_add_up_to_the_passing_candidates() -> None:
    progress = _progress()
    svg = plan_chart_svg(progress, "vi")
    first_row = svg.split("<line", 1)[0]
    segments = re.findall(r"<title>([^<]+): (\d+)</title></rect>", first_row)
    assert sum(int(n) for _, n in segments) == progress.targets[0].passed


def test_shortfall_text_reads_observed_required_and_shortfall() -> None:
    shortfall = next(s for s in _fixture().shortfalls() if s.criterion_id == "income")
    assert shortfall_text(shortfall, "en") == (
        "[income] Income: observed 59.99 million VND/person/year, required 60.0 "
        "million VND/person/year, short by 0.01 million VND/person/year")


# ---------------------------------------------------------------------------- notebooks
def test_plan_progress_has_a_short_repr_and_html() -> None:
    progress = _progress()
    text = repr(progress)
    assert len(text) < 200
    assert "\n" not in text
    assert text.startswith(f"<PlanProgress {progress.plan.id!r}: 27 of 27 candidates assessed")
    assert "16 communes by 2025" in text
    html = progress._repr_html_()
    _text(html)
    assert html.startswith('<div class="ntm-summary"')
    assert len(repr(progress.plan)) < 120


def test_path_to_tier_has_a_short_repr_and_html() -> None:
    path = path_to_tier(CRITERIA_SET, COMMUNE, year=YEAR, parameters=PARAMETER_VALUES)
    text = repr(path)
    assert "\n" not in text
    assert len(text) < 200
    assert f"{len(path.changes)} changes" in text
    html = path._repr_html_()
    shown = _text(html)
    assert "Lộ trình để Tam Thanh (20345) đạt" in shown
    for change in path.changes:
        assert change.key in shown
    assert path.to_html("en").count("<tr>") == len(path.changes) + 1


def test_batch_table_columns_are_named_by_number_and_label() -> None:
    batch = assess_many(CRITERIA_SET, [COMMUNE], year=YEAR, parameters=PARAMETER_VALUES)
    html = assessments_html(batch, "en")
    root: Any = ET.fromstring(html)  # noqa: S314 - our own output
    heads = ["".join(th.itertext()) for th in root.iter("th")]
    for c in CRITERIA_SET.criteria:
        assert f"{c.number}. {c.label('en')}" in heads
    assert re.search(r'<th title="income">', html)
