"""Diffs: the Quảng Nam group-2 field set against a derived set with 200 replaced by 190
million VND/ha names exactly the criteria and communes that change; other diffs."""

from __future__ import annotations

import json
from decimal import Decimal

from ntmcriteria import (
    AddCriterion,
    Citation,
    Commune,
    Criterion,
    DropCriterion,
    Outcome,
    ReplaceCriterion,
    ReplaceThreshold,
    SetParameter,
    assess_many,
)
from ntmcriteria.catalog import get
from ntmcriteria.diffs import diff_outcomes, diff_sets
from ntmcriteria.rules import fact, yes
from ntmcriteria.tables import units_from_csv
from tests._sheets import COMMUNE_COLUMNS, field_set, model_set, text

#: A made-up provincial decision (test data, not law).
DECISION = Citation(document="Quyết định số 12/2023/QĐ-UBND tỉnh Quảng Nam (minh họa)",
                    article="Điều 2", confidence="unknown")


def _field_190() -> object:
    return field_set().derive(id="qn.commune.field.group2.190", changes=[
        ReplaceThreshold(criterion_id="g2.2", threshold=190, citation=DECISION)])


def _sheet_communes() -> tuple[Commune, ...]:
    return units_from_csv(model_set(), text("qn_xa_2025.csv"),  # type: ignore[return-value]
                          columns=COMMUNE_COLUMNS).units


def test_the_set_diff_names_exactly_the_rethresholded_criterion() -> None:
    old, new = field_set(), _field_190()
    diff = diff_sets(old, new)  # type: ignore[arg-type]
    assert diff.changed_criteria == ("g2.2",)
    (change,) = diff.criteria
    assert change.kind == "changed"
    assert change.aspects == ("threshold", "wording", "citation")
    (moved,) = change.thresholds
    assert (moved.old.value, moved.new.value) == (200, 190)  # type: ignore[union-attr]
    assert moved.describe("vi") == "200,0 triệu đồng/ha/năm → 190,0 triệu đồng/ha/năm"
    assert moved.describe("en") == "200.0 million VND/ha/year → 190.0 million VND/ha/year"
    # the replaced threshold updated the labels that quote it
    assert change.new is not None
    assert "≥ 190 triệu đồng/năm" in change.new.label_vi
    assert ">= 190 million VND" in change.new.label_en
    # the citation is the authorising decision, saying what it amends
    assert change.citation is not None
    assert change.citation.document == DECISION.document
    assert change.citation.amends.startswith("Dự thảo Kế hoạch")
    assert diff.parameters == ()
    text_vi = diff.to_text()
    assert "Tiêu chí 2 [g2.2]" in text_vi
    assert "ngưỡng 200,0 triệu đồng/ha/năm → 190,0 triệu đồng/ha/năm" in text_vi
    assert "sửa đổi quy định tại Dự thảo Kế hoạch" in text_vi
    markdown = diff.to_markdown("en")
    assert markdown.startswith("# Comparing")
    assert "## Criteria" in markdown
    assert "threshold 200.0 million VND/ha/year → 190.0 million VND/ha/year" in markdown


def test_the_outcome_diff_names_exactly_the_communes_that_change() -> None:
    old, new = field_set(), _field_190()
    units = _sheet_communes()
    diff = diff_outcomes(old, new, units, year=2025)  # type: ignore[arg-type]
    # production value per ha: 192.3 (Điện Trung) and 199.5 (Duy Châu) are in [190, 200)
    assert diff.changed_units == ("20299", "20455")
    assert diff.changed_criteria == ("g2.2",)
    # checked independently: every other verdict is the same under both sets
    before = assess_many(old, units, year=2025)
    after = assess_many(new, units, year=2025)  # type: ignore[arg-type]
    differing = {(a.unit.code, ra.id) for a, b in zip(before, after, strict=True)
                 for ra, rb in zip(a.results, b.results, strict=True)
                 if ra.outcome is not rb.outcome}
    assert differing == {("20299", "g2.2"), ("20455", "g2.2")}
    for code in diff.changed_units:
        whole, criterion = diff.for_unit(code)
        assert whole.criterion_id is None
        assert (whole.old, whole.new) == (Outcome.FAIL, Outcome.PASS)
        assert (criterion.criterion_id, criterion.old, criterion.new) == (
            "g2.2", Outcome.FAIL, Outcome.PASS)
    why = diff.for_unit("20299")[1].describe("vi")
    assert why == ("Điện Trung (20299), tiêu chí [g2.2]: không đạt → đạt — ngưỡng 200,0 triệu "
                   "đồng/ha/năm → 190,0 triệu đồng/ha/năm, thực tế 192,3 triệu đồng/ha/năm")
    assert "observed 199.5 million VND/ha/year" in diff.for_unit("20455")[1].describe("en")
    report = diff.to_text()
    assert report.splitlines()[0].endswith("năm 2025: 2/8 đơn vị")
    assert "| Duy Châu (20455) | g2.2 | fail | pass |" in diff.to_markdown("en")
    assert [r["unit_code"] for r in diff.rows()] == ["20299", "20299", "20455", "20455"]


def test_a_diff_of_a_set_with_itself_is_empty() -> None:
    cs = field_set()
    diff = diff_sets(cs, cs)
    assert not diff
    assert "Không có khác biệt." in diff.to_text()
    assert "No differences." in diff.to_markdown("en")
    unchanged = diff_outcomes(cs, cs, _sheet_communes(), year=2025)
    assert unchanged.changes == ()
    assert "No verdict changes." in unchanged.to_text("en")


def test_criteria_added_dropped_replaced_and_parameter_values() -> None:
    national = get("vn.commune.ntm.2021-2025")
    extra = Criterion(id="qn1", number="20", label_vi="Tiêu chí riêng của tỉnh",
                      label_en="The province's own criterion", rule=yes("gender_equality_met"),
                      citation=DECISION)
    replaced = Criterion(id="c11", number="11", label_vi="Nghèo đa chiều (tỉnh)",
                         label_en="Multidimensional poverty (province)",
                         rule=(fact("multidimensional_poverty_rate") <= Decimal(3))
                         & yes("gender_equality_met"), citation=DECISION)
    province = national.derive(id="qn.commune.ntm", changes=[
        DropCriterion(criterion_id="c19", citation=DECISION),
        AddCriterion(criterion=extra, citation=DECISION),
        ReplaceCriterion(criterion=replaced, citation=DECISION),
        SetParameter(name="vn318.health_insurance.ntm", value={"DHNTB": 95},
                     citation=DECISION)])
    diff = diff_sets(national, province)
    kinds = {c.criterion_id: c.kind for c in diff.criteria}
    assert kinds == {"c19": "dropped", "c11": "changed", "qn1": "added"}
    dropped = diff.criterion("c19")
    assert dropped is not None
    assert dropped.citation == DECISION  # the DropCriterion's citation
    c11 = diff.criterion("c11")
    assert c11 is not None
    # another rule, not a mere threshold; the name, group and source changed too
    assert c11.aspects == ("rule", "wording", "group", "citation")
    assert c11.thresholds == ()
    (parameter,) = diff.parameters
    assert (parameter.name, parameter.kind) == ("vn318.health_insurance.ntm", "value")
    assert parameter.describe("vi").endswith(
        "chưa có giá trị → Duyên hải Nam Trung Bộ: 95% (căn cứ: Quyết định số "
        "12/2023/QĐ-UBND tỉnh Quảng Nam (minh họa), Điều 2 (độ tin cậy: chưa xác định); "
        "sửa đổi quy định tại Quyết định 318/QĐ-TTg (Bộ tiêu chí quốc gia về xã nông thôn mới "
        "2021-2025), Phụ lục I (số phụ lục suy đoán), tiêu chí số 15)")
    text = diff.to_text("en")
    assert "Criterion 19 [c19]: dropped" in text
    assert "Criterion 20 [qn1]: added" in text
    assert "another rule" in text
    # an outcome diff explains a verdict moved by a parameter value
    facts = {"health_insurance_rate": Decimal(96), "stunting_rate_under5": Decimal(10),
             "ehealth_record_rate": Decimal(80), "vn318.ntm.c15.appraised": True,
             "especially_disadvantaged": False, "safe_zone_commune": False,
             "district_poor_2018_2020": False}
    commune = Commune(code="1", region="DHNTB", facts=facts)
    ehealth = {"vn318.ehealth_record.ntm": {"DHNTB": 70}, "vn318.ntm.c15.rule": yes(
        "vn318.ntm.c15.appraised")}
    outcomes = diff_outcomes(national, province, [commune], year=2024, parameters=ehealth)
    change = next(c for c in outcomes.changes if c.criterion_id == "c15")
    assert (change.old, change.new) == (Outcome.UNKNOWN, Outcome.PASS)
    assert "vn318.health_insurance.ntm" in change.describe("en")


def test_two_versions_of_a_set_file() -> None:
    from ntmcriteria import criteria_set_from_json, criteria_set_to_json

    cs = field_set()
    first = criteria_set_to_json(cs)
    data = json.loads(first)
    edited = False
    for criterion in data["criteria"]:
        if criterion["id"] == "g2.1":
            criterion["label_vi"] = "Ít nhất 03 HTX hoạt động hiệu quả"
            criterion["rule"]["all_of"][0]["threshold"] = 3
            edited = True
    assert edited
    second = criteria_set_from_json(json.dumps(data, ensure_ascii=False))
    diff = diff_sets(criteria_set_from_json(first), second)
    assert diff.changed_criteria == ("g2.1",)
    (change,) = diff.criteria
    assert change.aspects == ("threshold", "wording")
    assert [t.path for t in change.thresholds] == [(0,)]
    assert change.thresholds[0].describe("vi") == "2 → 3"


def _well_formed(html_text: str) -> str:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(html_text.replace("<br>", "<br/>"))  # noqa: S314 - our own output
    assert "<script" not in html_text
    for style in root.iter("style"):
        style.text = ""
    return " ".join(" ".join(root.itertext()).split())


def test_diffs_show_as_html_in_a_notebook_and_repr_in_one_line() -> None:
    old, new = field_set(), _field_190()
    diff = diff_sets(old, new)  # type: ignore[arg-type]
    text_vi = _well_formed(diff._repr_html_())
    assert f"So sánh {old.label('vi')} {old.id} → " in text_vi
    assert "ngưỡng 200,0 triệu đồng/ha/năm → 190,0 triệu đồng/ha/năm" in text_vi
    assert "Quyết định số 12/2023/QĐ-UBND tỉnh Quảng Nam (minh họa)" in text_vi
    text_en = _well_formed(diff.to_html("en"))
    assert "threshold 200.0 million VND/ha/year → 190.0 million VND/ha/year" in text_en
    assert repr(diff) == (f"<SetDiff {old.id!r} -> 'qn.commune.field.group2.190': criteria 0 "
                          "added, 0 dropped, 1 changed; 0 parameters changed>")
    outcomes = diff_outcomes(old, new, _sheet_communes(), year=2025)  # type: ignore[arg-type]
    shown = _well_formed(outcomes._repr_html_())
    assert shown.startswith("Kết quả thay đổi: 2/8 đơn vị, năm 2025")
    assert "Điện Trung (20299) g2.2 không đạt đạt ngưỡng 200,0" in shown
    assert "Duy Châu (20455)" in shown
    assert "Verdicts that change: 2/8 units" in _well_formed(outcomes.to_html("en"))
    assert repr(outcomes) == (f"<OutcomeDiff {old.id!r} -> 'qn.commune.field.group2.190', "
                              "2025: 4 verdicts change in 2 of 8 units>")
    assert "\n" not in repr(diff) + repr(outcomes)
    empty = diff_sets(old, old)
    assert "Không có khác biệt." in _well_formed(empty._repr_html_())
    unchanged = diff_outcomes(old, old, _sheet_communes(), year=2025)
    assert "No verdict changes." in _well_formed(unchanged.to_html("en"))


def test_a_diff_of_parameters_and_added_criteria_as_html() -> None:
    national = get("vn.commune.ntm.2021-2025")
    extra = Criterion(id="qn1", number="20", label_vi="Tiêu chí riêng của tỉnh",
                      label_en="The province's own criterion", rule=yes("gender_equality_met"),
                      citation=DECISION)
    province = national.derive(id="qn.commune.ntm", changes=[
        DropCriterion(criterion_id="c19", citation=DECISION),
        AddCriterion(criterion=extra, citation=DECISION),
        SetParameter(name="vn318.health_insurance.ntm", value={"DHNTB": 95},
                     citation=DECISION)])
    shown = _well_formed(diff_sets(national, province).to_html("en"))
    assert "19 National defence and security c19 dropped Quyết định số 12/2023" in shown
    assert "The province's own criterion qn1 added" in shown
    assert ("Minimum health-insurance participation rate vn318.health_insurance.ntm no value "
            "South Central Coast: 95% Quyết định số 12/2023") in shown
