"""Parameter sheets: the national NTM set exported, a few cells filled, read back into a
derived set whose changes cite the sheet's source, assessed; a completeness report."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from typing import Any

import pytest

from ntmcriteria import (
    Citation,
    Commune,
    Missing,
    Outcome,
    Region,
    SetParameter,
    assess_many,
)
from ntmcriteria.analysis.completeness import completeness
from ntmcriteria.analysis.parameter_keys import parameter_keys
from ntmcriteria.catalog import get
from ntmcriteria.evaluation.sources import RecordSource, UnitSource
from ntmcriteria.rules import fact, yes
from ntmcriteria.serialize import rule_to_data
from ntmcriteria.sheets import (
    SHEET_FIELDS,
    SHEET_HEADERS,
    parameter_sheet,
    parameter_sheet_csv,
    read_parameter_sheet,
)
from ntmcriteria.tables import TableError, write_csv
from ntmcriteria.thresholds import Schedule
from tests._core_fixtures import INCOME as INCOME_INDICATOR
from tests._core_fixtures import one_criterion_set

NATIONAL = "vn.commune.ntm.2021-2025"
#: A made-up provincial decision: test data, not law.
DECISION = Citation(document="Quyết định số 99/2022/QĐ-UBND tỉnh Quảng Nam (minh họa)",
                    date="30/06/2022", article="Điều 1", confidence="unknown")
INCOME = "vn318.income.ntm"


def _national() -> Any:
    return get(NATIONAL)


def _filled(text: str, values: dict[tuple[str, str, str], str], lang: str = "vi",
            extra: dict[tuple[str, str, str], dict[str, str]] | None = None) -> str:
    """The sheet ``text`` with the value cell of (parameter, region, year) filled."""
    rows = list(csv.reader(text.splitlines()))
    head = rows[0]
    h = {field: head.index(SHEET_HEADERS[lang][field]) for field in SHEET_FIELDS}
    for row in rows[1:]:
        key = (row[h["parameter"]], row[h["region"]], row[h["year"]])
        if key in values:
            row[h["value"]] = values[key]
        for field, cell in (extra or {}).get(key, {}).items():
            row[h[field]] = cell
    return write_csv(head, rows[1:])


def _income_cells(region: str = "DHNTB") -> dict[tuple[str, str, str], str]:
    return {(INCOME, region, str(y)): f"{40 + 3 * (y - 2021)},5" for y in range(2021, 2026)}


def _all_facts(income: str = "50") -> dict[str, Any]:
    cs = _national()
    facts: dict[str, Any] = {key: True for key in cs.indicator_map
                             if key.endswith(".appraised")}
    facts.update(income=Decimal(income), multidimensional_poverty_rate=Decimal("3.2"),
                 trained_labour_rate_men=Decimal(75), trained_labour_rate_women=Decimal(80),
                 health_insurance_rate=Decimal("95.5"), stunting_rate_under5=Decimal(12),
                 ehealth_record_rate=Decimal(70), gender_equality_met=True,
                 especially_disadvantaged=False, safe_zone_commune=False,
                 district_poor_2018_2020=False)
    return facts


def test_the_sheet_lists_every_missing_parameter_one_row_per_key() -> None:
    cs = _national()
    rows = parameter_sheet(cs)
    by_name: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_name.setdefault(row["parameter"], []).append(row)
    # no number is invented: every parameter without a value is listed, none with one
    assert set(by_name) == {p.name for p in cs.all_parameters.values() if p.default is None}
    assert "vn318.stunting.ntm" not in by_name  # it has a (secondary-source) schedule
    income = by_name[INCOME]
    assert len(income) == 7 * 5  # keyed by region and year: one row per key
    assert {(r["region"], r["year"]) for r in income} == {
        (k["region"].value, k["year"]) for k in parameter_keys(cs, INCOME)}
    first = income[0]
    assert first["criteria_set"] == NATIONAL
    assert first["value"] is None
    assert first["unit"] == "triệu đồng/người/năm"
    assert first["keyed_by"] == "vùng, năm"
    assert "Quyết định 318/QĐ-TTg" in first["where_to_find"]
    assert first["label_vi"].startswith("Mức thu nhập bình quân đầu người")
    (rule_row,) = by_name["vn318.ntm.c01.rule"]
    assert rule_row["kind"] == "quy tắc"
    assert (rule_row["region"], rule_row["year"]) == (None, None)
    assert "thẩm định" in rule_row["note"]
    assert len(rows) == 35 + 4 * 7 + 17  # income; poverty, labour, insurance, e-health; rules
    every = parameter_sheet(cs, missing_only=False)
    stunting = [r for r in every if r["parameter"] == "vn318.stunting.ntm"]
    assert {r["region"]: r["current"] for r in stunting}["DHNTB"] == Decimal("22")


def test_a_filled_sheet_reads_back_into_a_derived_set_that_decides_the_filled_criteria(
) -> None:
    national = _national()
    sheet = parameter_sheet_csv(national)
    # the province's region, and the region whose levels its especially disadvantaged
    # communes use (the region override of Decision 318)
    values = {**_income_cells(), **_income_cells("TDMNPB"),
              ("vn318.poverty.ntm", "DHNTB", ""): "4%",
              ("vn318.poverty.ntm", "TDMNPB", ""): "6",
              ("vn318.ntm.c01.rule", "", ""): "thẩm định"}
    provincial = read_parameter_sheet(national, _filled(sheet, values), id="qn.commune.ntm",
                                      source=DECISION)
    assert provincial.derived_from == NATIONAL
    assert [c.name for c in provincial.changes] == [  # type: ignore[attr-defined]
        INCOME, "vn318.ntm.c01.rule", "vn318.poverty.ntm"]
    for change in provincial.changes:
        assert isinstance(change, SetParameter)
        assert change.citation.document == DECISION.document  # the sheet's source
        assert change.citation.article == "Điều 1"
        assert "Bảng tham số, dòng" in change.citation.note
    # the derived parameter cites the sheet's source and says what it amends
    income = provincial.parameter(INCOME)
    assert income.citation.document == DECISION.document
    assert income.citation.amends.startswith("Quyết định 318/QĐ-TTg")
    assert income.default == Schedule({(r, y): Decimal(f"{40 + 3 * (y - 2021)}.5")
                                       for r in ("DHNTB", "TDMNPB") for y in range(2021, 2026)})
    assert provincial.parameter("vn318.poverty.ntm").default == Schedule({"DHNTB": 4,
                                                                          "TDMNPB": 6})
    commune = Commune(code="20296", name="Điện Quang", region="DHNTB", facts=_all_facts())
    assessment = provincial.assess(commune, year=2024)
    decided = {r.id for r in assessment if r.outcome is not Outcome.UNKNOWN}
    assert decided == {"c01", "c10", "c11"}  # the filled criteria are decided
    assert assessment.result("c10").outcome is Outcome.PASS  # 50 >= 49.5 (2024)
    assert assessment.result("c11").outcome is Outcome.PASS  # 3.2 <= 4
    low = provincial.assess(Commune(code="2", region="DHNTB", facts=_all_facts("49.4")),
                            year=2024)
    assert low.result("c10").outcome is Outcome.FAIL
    # the rest still name what is missing: the parameters the sheet left empty
    for result in assessment:
        if result.id in decided:
            continue
        assert result.outcome is Outcome.UNKNOWN
        kinds = {m.kind for m in result.trace.missing}
        assert kinds == {"parameter"}, (result.id, result.trace.missing)
    missing = {m.key for m in assessment.missing()}
    assert "vn318.ntm.c02.rule" in missing
    assert "vn318.health_insurance.ntm" in missing
    assert INCOME not in missing
    # the national set itself still decides nothing of these
    assert national.assess(commune, year=2024).result("c10").outcome is Outcome.UNKNOWN
    # the completeness report says the same, without any facts
    report = completeness(provincial, region="DHNTB", year=2024)
    assert report.decidable == ("c01", "c10", "c11")
    assert set(report.undecidable) == {c.id for c in national.criteria} - {"c01", "c10", "c11"}
    c15 = report.criterion("c15")
    assert {n.name for n in c15.needs} == {"vn318.health_insurance.ntm",
                                           "vn318.ehealth_record.ntm", "vn318.ntm.c15.rule"}
    text = report.explain()
    assert "và vùng TDMNPB" in text.splitlines()[0]
    assert "Xác định được từ số liệu: 3/19 tiêu chí: 1, 10, 11" in text
    assert "Decided from facts alone: 3/19 criteria" in report.explain("en")
    # other regions and years still lack the income level
    national_report = completeness(provincial)
    income_need = next(n for n in national_report.criterion("c10").needs)
    assert len(income_need.keys) == 5 * 5
    # a sheet filled for the province's own region only leaves its especially
    # disadvantaged communes (TDMNPB levels) undecided, and the report says so
    own_only = read_parameter_sheet(national, _filled(sheet, _income_cells()),
                                    source=DECISION)
    c10 = completeness(own_only, region="DHNTB", year=2024).criterion("c10")
    assert not c10.decidable
    assert [{k["region"].value for k in n.keys} for n in c10.needs] == [{"TDMNPB"}]


def _income_missing(assessment: Any) -> list[Missing]:
    return [m for m in assessment.result("c10").trace.missing if m.key == INCOME]


def test_a_region_the_sheet_left_empty_is_unknown_naming_the_missing_cell_never_a_nearest_value(
) -> None:
    national = _national()
    provincial = read_parameter_sheet(national, _filled(parameter_sheet_csv(national),
                                                        _income_cells()), source=DECISION)
    elsewhere = Commune(code="1", region="TDMNPB", facts=_all_facts())
    assessment = provincial.assess(elsewhere, year=2024)
    result = assessment.result("c10")
    # the compiled verdict and the interpreter's trace agree: UNKNOWN, not an error
    assert result.outcome is Outcome.UNKNOWN
    assert result.trace.outcome is Outcome.UNKNOWN
    (cell,) = _income_missing(assessment)
    assert cell == Missing(kind="parameter", key=INCOME, unit="1", year=2024,
                           region=Region.TDMNPB)
    assert cell in assessment.missing()
    vi, en = cell.describe("vi"), cell.describe("en")
    assert f"[{INCOME}]" in vi
    assert "vùng" in vi
    assert "năm 2024" in vi
    assert "chưa có ô này" in vi
    assert f"[{INCOME}]" in en
    assert "region" in en
    assert "year 2024" in en
    assert "has no value for this key" in en
    assert "did you mean" not in en
    assert "nhập nhầm" not in vi
    assert cell.label_vi == provincial.parameter(INCOME).label_vi
    # the region the sheet filled is decided: 50 >= 49.5 (DHNTB, 2024); 49.4 < 49.5
    here = provincial.assess(Commune(code="2", region="DHNTB", facts=_all_facts()), year=2024)
    assert here.result("c10").outcome is Outcome.PASS
    low = provincial.assess(Commune(code="3", region="DHNTB", facts=_all_facts("49.4")),
                            year=2024)
    assert low.result("c10").outcome is Outcome.FAIL
    assert low.result("c10").trace.outcome is Outcome.FAIL


def test_years_the_sheet_left_empty_are_unknown_naming_the_year_and_the_report_lists_them(
) -> None:
    national = _national()
    some_years = {key: value for key, value in _income_cells().items()
                  if int(key[2]) <= 2023}
    provincial = read_parameter_sheet(national, _filled(parameter_sheet_csv(national),
                                                        some_years), source=DECISION)
    commune = Commune(code="1", region="DHNTB", facts=_all_facts("47"))
    # 2023: 46.5 filled, 47 >= 46.5
    assert provincial.assess(commune, year=2023).result("c10").outcome is Outcome.PASS
    for year in (2024, 2025):
        assessment = provincial.assess(commune, year=year)
        assert assessment.result("c10").outcome is Outcome.UNKNOWN
        (cell,) = _income_missing(assessment)
        assert (cell.region, cell.year) == (Region.DHNTB, year)
    # never the nearest value: the 2023 level (46.5) would have passed 47 in 2024
    # the completeness report says which keys still need a value
    report = completeness(provincial, region="DHNTB", year=2024)
    assert "c10" in report.undecidable
    (need,) = [n for n in report.criterion("c10").needs if n.name == INCOME]
    assert {(k["region"], k["year"]) for k in need.keys} == {(Region.DHNTB, 2024),
                                                            (Region.TDMNPB, 2024)}
    assert "2024" in need.describe("vi")
    assert "DHNTB" in need.describe("en")
    assert completeness(provincial, region="DHNTB", year=2023).criterion("c10").needs != ()
    whole = completeness(provincial)
    (need,) = [n for n in whole.criterion("c10").needs if n.name == INCOME]
    assert len(need.keys) == 7 * 5 - 3  # every key but DHNTB 2021-2023
    assert (Region.DHNTB, 2024) in {(k["region"], k["year"]) for k in need.keys}
    assert (Region.DHNTB, 2023) not in {(k["region"], k["year"]) for k in need.keys}
    # the sheet of the derived set offers exactly those cells to fill
    rows = [r for r in parameter_sheet(provincial) if r["parameter"] == INCOME]
    assert {(r["region"], r["year"]) for r in rows} == {
        (k["region"].value, k["year"]) for k in need.keys}


def test_a_partial_sheet_gives_the_same_verdicts_one_by_one_in_batch_and_from_records(
) -> None:
    national = _national()
    cells = {**_income_cells(), **{(INCOME, "TDMNPB", "2022"): "30"}}
    provincial = read_parameter_sheet(national, _filled(parameter_sheet_csv(national), cells),
                                      source=DECISION)
    communes = [Commune(code=f"{region}-{income}", region=region,
                        facts=_all_facts(income))
                for region in ("DHNTB", "TDMNPB", "DBSCL") for income in ("30", "49.4", "50")]
    for year in (2022, 2024):
        single = [provincial.assess(c, year=year).result("c10") for c in communes]
        assert all(r.outcome is r.trace.outcome for r in single)
        batch = assess_many(provincial, communes, year=year)
        assert [a.result("c10").outcome for a in batch] == [r.outcome for r in single]
        records = [{"code": c.code, "region": c.region.value,  # type: ignore[union-attr]
                    "facts": dict(c.facts)} for c in communes]
        for backend in ("python", "numpy"):
            plan = provincial.compile()
            results = plan.run(RecordSource(provincial.level), records, year, backend=backend)
            assert results.outcomes(provincial.id, "c10") == [r.outcome for r in single]
        expected = {("DHNTB", 2022): {"30": Outcome.FAIL, "49.4": Outcome.PASS,
                                      "50": Outcome.PASS},
                    ("DHNTB", 2024): {"30": Outcome.FAIL, "49.4": Outcome.FAIL,
                                      "50": Outcome.PASS},
                    ("TDMNPB", 2022): dict.fromkeys(("30", "49.4", "50"), Outcome.PASS)}
        for commune, result in zip(communes, single, strict=True):
            region, income = commune.code.split("-")
            want = expected.get((region, year), dict.fromkeys(("30", "49.4", "50"),
                                                             Outcome.UNKNOWN))[income]
            assert result.outcome is want, (commune.code, year)
    # a unit per year (a timeline): each year looked up in its own cell
    plan = provincial.compile()
    results = plan.run(UnitSource(provincial.level), [communes[1], communes[1]], [2022, 2024])
    assert results.outcomes(provincial.id, "c10") == [Outcome.PASS, Outcome.FAIL]
    results = plan.run(UnitSource(provincial.level), [communes[4], communes[4]], [2022, 2024])
    assert results.outcomes(provincial.id, "c10") == [Outcome.PASS, Outcome.UNKNOWN]
    twice = [{"code": f"t{i}", "region": "TDMNPB", "facts": dict(communes[4].facts)}
             for i in range(2)]
    for backend in ("python", "numpy"):
        results = plan.run(RecordSource(provincial.level), twice, [2022, 2024],
                           backend=backend)
        assert results.outcomes(provincial.id, "c10") == [Outcome.PASS, Outcome.UNKNOWN]


def test_a_key_a_schedule_written_in_a_rule_lacks_is_unknown_naming_the_cell() -> None:
    """A schedule a set writes in its rules may lack a region or year too: that is a missing
    legal value (issue 11, point 10), UNKNOWN naming the set's schedule, the region and the
    year, in the interpreter and the compiled plan alike, never the nearest value."""
    rule_set = one_criterion_set(fact("income") >= Schedule({"DHNTB": 40}), INCOME_INDICATOR,
                                 set_id="t.literal")
    commune = Commune(code="1", region="TDMNPB", facts={"income": 50})
    assessment = rule_set.assess(commune, year=2024)
    assert assessment.outcome is Outcome.UNKNOWN
    (item,) = assessment.missing()
    assert (item.kind, item.key, item.unit, item.region) == ("schedule", "t.literal", "1",
                                                             Region.TDMNPB)
    assert "t.literal" in item.describe("en")
    assert "Trung du miền núi phía Bắc" in item.describe()
    (many,) = assess_many(rule_set, [commune], year=2024)
    assert many.outcome is Outcome.UNKNOWN
    decided = rule_set.assess(Commune(code="2", region="DHNTB", facts={"income": 39}), year=2024)
    assert decided.outcome is Outcome.FAIL


def test_the_sheet_of_a_derived_set_lists_what_is_still_missing_and_merges_new_values(
) -> None:
    national = _national()
    first = read_parameter_sheet(national, _filled(parameter_sheet_csv(national),
                                                   _income_cells()), id="qn.1", source=DECISION)
    remaining = parameter_sheet(first)
    income_rows = [r for r in remaining if r["parameter"] == INCOME]
    assert len(income_rows) == 6 * 5
    assert all(r["region"] != "DHNTB" for r in income_rows)
    second = read_parameter_sheet(first, _filled(parameter_sheet_csv(first),
                                                 _income_cells("BTB")), id="qn.2",
                                  source="Quyết định khác (minh họa)")
    merged = second.parameter(INCOME).default
    assert isinstance(merged, Schedule)
    assert len(merged.entries) == 10  # DHNTB and BTB, 2021-2025
    assert second.parameter(INCOME).citation.document == "Quyết định khác (minh họa)"
    assert second.parameter(INCOME).citation.amends.startswith(DECISION.document)


def test_english_headers_key_headers_rows_and_frames_read_the_same() -> None:
    pd = pytest.importorskip("pandas")
    national = _national()
    values = {**_income_cells(), ("vn318.ntm.c01.rule", "", ""): "appraisal"}
    expected = read_parameter_sheet(national, _filled(parameter_sheet_csv(national), values),
                                    source=DECISION)
    english = _filled(parameter_sheet_csv(national, lang="en"), values, lang="en")
    assert read_parameter_sheet(national, english, source=DECISION, decimal=",") == expected
    keyed = parameter_sheet_csv(national, headers="keys")
    rows = list(csv.DictReader(keyed.splitlines()))
    for row in rows:
        key = (row["parameter"], row["region"], row["year"])
        if key in values:
            row["value"] = values[key]
    assert read_parameter_sheet(national, rows, source=DECISION) == expected
    frame = pd.DataFrame(rows)
    assert read_parameter_sheet(national, frame, source=DECISION) == expected


def test_a_rule_given_as_json_in_the_sheet() -> None:
    national = _national()
    rule = yes("vn318.ntm.c02.appraised") & (fact("income") >= 3)
    values = {("vn318.ntm.c02.rule", "", ""): json.dumps(rule_to_data(rule),
                                                          ensure_ascii=False)}
    derived = read_parameter_sheet(national, _filled(parameter_sheet_csv(national), values),
                                   source=DECISION)
    assert derived.parameter("vn318.ntm.c02.rule").default == rule


def test_every_bad_row_of_a_sheet_is_named_in_one_error() -> None:
    national = _national()
    sheet = parameter_sheet_csv(national)
    rows = list(csv.reader(sheet.splitlines()))
    head = rows[0]
    h = {f: head.index(SHEET_HEADERS["vi"][f]) for f in SHEET_FIELDS}

    def row(parameter: str, region: str = "", year: str = "", value: str = "",
            **cells: str) -> list[str]:
        out = [""] * len(head)
        out[h["criteria_set"]] = NATIONAL
        out[h["parameter"]] = parameter
        out[h["region"]], out[h["year"]], out[h["value"]] = region, year, value
        out[h["source"]] = "Quyết định minh họa"
        for field, cell in cells.items():
            out[h[field]] = cell
        return out

    bad = [
        row(INCOME, "DHNTB", "2024", "45,5", source=""),                       # 2: no source
        row(INCOME, "DHNTB", "2024", "46"),                                    # 3: twice
        row("vn318.income.ntmm", "DHNTB", "2024", "45"),                       # 4: typo
        row(INCOME, "Miền Trung", "2024", "45"),                               # 5: region
        row(INCOME, "DHNTB", "2026", "45"),                                    # 6: period
        row(INCOME, "DHNTB", "", "45"),                                        # 7: no year
        row(INCOME, "DHNTB", "2023", "45", unit="nghìn đồng/người/năm"),       # 8: unit
        row("vn318.poverty.ntm", "DHNTB", "", "có"),                           # 9: type
        row("vn318.poverty.ntm", "BTB", "", "105%"),                           # 10: bounds
        row("vn318.poverty.ntm", "DBSH", "2024", "4"),                         # 11: not by year
        row("vn318.ntm.c01.rule", "", "", "đạt"),                              # 12: rule text
        row("vn318.ntm.c02.rule", "", "", '{"yes": "khong_co"}'),              # 13: bad JSON
        row(INCOME, "BTB", "2024", "45", confidence="chắc chắn"),              # 14: confidence
        [*row(INCOME, "TN", "2024", "45")[:h["criteria_set"]], "vn.other",
         *row(INCOME, "TN", "2024", "45")[h["criteria_set"] + 1:]],           # 15: other set
        row(INCOME, "TN", "2025", ""),                                         # 16: empty: fine
    ]
    with pytest.raises(TableError) as caught:
        read_parameter_sheet(national, write_csv(head, bad))
    found = {(p.row, p.column) for p in caught.value.problems}
    vi = SHEET_HEADERS["vi"]
    assert found == {
        (2, vi["source"]),  # this value has no source: neither its cell nor source=
        (3, vi["value"]), (4, vi["parameter"]), (5, vi["region"]), (6, vi["year"]),
        (7, vi["year"]), (8, vi["unit"]), (9, vi["value"]), (10, vi["value"]),
        (11, vi["year"]), (12, vi["value"]), (13, vi["value"]), (14, vi["confidence"]),
        (15, vi["criteria_set"])}
    message = str(caught.value)
    assert "did you mean 'vn318.income.ntm'" in message
    assert "2021-2025" in message
    assert "the unit of 'vn318.income.ntm': 'triệu đồng/người/năm'" in message
    assert "sheet of criteria set 'vn.commune.ntm.2021-2025'" in message
    # with a source for the whole sheet, the first row is fine
    with pytest.raises(TableError) as again:
        read_parameter_sheet(national, write_csv(head, bad), source=DECISION)
    assert 2 not in {p.row for p in again.value.problems}
    with pytest.raises(TableError, match="a column 'Giá trị'"):
        read_parameter_sheet(national, [{"Tham số": INCOME}])


def _page_text(html_text: str) -> str:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(html_text)  # noqa: S314 - our own output
    for style in root.iter("style"):
        style.text = ""
    return " ".join(" ".join(root.itertext()).split())


def test_the_sheet_shows_as_a_table_in_a_notebook_and_repr_in_one_line() -> None:
    national = _national()
    sheet = parameter_sheet(national)
    count = len({r["parameter"] for r in sheet})
    assert repr(sheet) == (f"<ParameterSheet of {NATIONAL!r}: {len(sheet)} rows to fill, "
                           f"{count} parameters>")
    assert sheet.parameters[0] == sheet[0]["parameter"]
    page = sheet._repr_html_()
    assert "<script" not in page
    assert page.count("<tr>") == len(sheet) + 1  # the header and a row per key
    assert page.count('class="ntm-value"></td>') == len(sheet)  # every value cell empty
    shown = _page_text(page)
    assert shown.startswith(f"Bảng tham số cần điền — {len(sheet)} dòng, {count} tham số")
    first = sheet[0]
    assert f"{first['label_vi']} {first['parameter']} {first['unit']}" in shown
    assert "Quyết định 318/QĐ-TTg" in shown
    english = parameter_sheet(national, lang="en")
    assert _page_text(english.to_html()).startswith("Parameter sheet to fill — ")
    # a sheet of every parameter shows the current values (a rule as JSON, no repr)
    every = parameter_sheet(national, missing_only=False)
    assert repr(every).endswith(f"rows in all, {len(every.parameters)} parameters>")
    assert "Giá trị hiện có" in _page_text(every.to_html())
    filled = read_parameter_sheet(national, _filled(parameter_sheet_csv(national), {
        ("vn318.ntm.c01.rule", "", ""): "thẩm định"}), source=DECISION)
    rows = parameter_sheet(filled, missing_only=False)
    (rule_row,) = [r for r in rows if r["parameter"] == "vn318.ntm.c01.rule"]
    assert json.loads(rule_row["current"]) == rule_to_data(yes("vn318.ntm.c01.appraised"))
    assert "yes(" not in parameter_sheet_csv(filled, missing_only=False)


def test_the_sheet_is_a_sequence_of_its_rows() -> None:
    sheet = parameter_sheet(_national())
    assert list(sheet) == list(sheet.rows)
    assert sheet == list(sheet.rows)
    assert sheet[1:3] == sheet.rows[1:3]
    assert sheet.to_csv() == parameter_sheet_csv(_national())
    assert sheet.to_csv(headers="keys").startswith(",".join(SHEET_FIELDS))
    with pytest.raises(TypeError, match="headers must be"):
        sheet.to_csv(headers="names")
