"""Parameter sheets keyed by classifications (issue 13, point 3): a column per
classification the set declares (commune group, zone), one row per key, read back into
a schedule or a rule table keyed by them; cells left empty stay missing (UNKNOWN naming
the cell); a bad code is one error naming the row, column, value and what was expected;
choice parameters; and ``ntmcriteria params`` for every bundled set."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ntmcriteria import (
    Citation,
    Classification,
    ClassValue,
    Commune,
    CriteriaSet,
    Criterion,
    Indicator,
    Outcome,
    Parameter,
)
from ntmcriteria.analysis.completeness import completeness
from ntmcriteria.catalog import catalog, get
from ntmcriteria.catalog._vn_51 import GROUP_CONFLICT, NTM_ID
from ntmcriteria.cli import main
from ntmcriteria.rules import RuleTable, fact, param
from ntmcriteria.sheets import (
    SHEET_FIELDS,
    SHEET_HEADERS,
    parameter_sheet,
    parameter_sheet_csv,
    read_parameter_sheet,
    sheet_fields,
)
from ntmcriteria.tables.problems import TableError
from ntmcriteria.thresholds import Schedule

D = Decimal
SOURCE = "Quyết định 99/2026/QĐ-UBND (kiểm thử)"
C01 = "vn51.ntm.c01.rule"
QN_MODEL = "qn.commune.model.2022-2025"
QN_INCOME = "qn2333.income.advanced"
CITE = Citation(document="Kiểm thử", confidence="unknown")


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _write(rows: list[dict[str, str]]) -> str:
    sink = io.StringIO()
    writer = csv.DictWriter(sink, list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return sink.getvalue()


def _fill(text: str, cells: dict[tuple[str, ...], str], keys: tuple[str, ...],
          lang: str = "vi") -> str:
    """Fill the value and source of the rows whose (parameter, *keys) is in ``cells``."""
    heads = SHEET_HEADERS[lang]
    rows = _rows(text)
    count = 0
    for row in rows:
        wanted = (row[heads["parameter"]], *(row[k] for k in keys))
        if wanted in cells:
            row[heads["value"]] = cells[wanted]
            row[heads["source"]] = SOURCE
            count += 1
    assert count == len(cells), "every cell to fill is a row of the sheet"
    return _write(rows)


# ------------------------------------------------------------------ the columns
def test_the_2026_sheet_has_a_group_column_headed_by_its_label() -> None:
    cs = get(NTM_ID)
    group = cs.classification("group")
    assert sheet_fields(cs) == (*SHEET_FIELDS[:SHEET_FIELDS.index("year")], "group",
                                *SHEET_FIELDS[SHEET_FIELDS.index("year"):])
    for lang in ("vi", "en"):
        head = next(csv.reader(io.StringIO(parameter_sheet_csv(cs, lang=lang))))
        label = group.label(lang)
        heading = label[:1].upper() + label[1:]  # "Nhóm xã", "Commune group"
        assert heading in head
        assert head.index(heading) == head.index(SHEET_HEADERS[lang]["year"]) - 1
    keys = parameter_sheet_csv(cs, headers="keys").splitlines()[0].split(",")
    assert "group" in keys


def test_a_group_keyed_rule_has_one_row_per_group() -> None:
    cs = get(NTM_ID)
    sheet = parameter_sheet(cs)
    rows = [r for r in sheet if r["parameter"] == C01]
    assert [r["group"] for r in rows] == list(cs.classification("group").codes)
    assert all(r["region"] is None and r["year"] is None for r in rows)


def test_a_zone_and_year_keyed_value_has_one_row_per_zone_and_year() -> None:
    cs = get(QN_MODEL)
    owner = next(s for s in (cs, *cs.walk_references())
                 if any(p.name == QN_INCOME for p in s.parameters))
    rows = [r for r in parameter_sheet(cs) if r["parameter"] == QN_INCOME]
    expected = {(z, y) for z in cs.classification("zone").codes
                for y in range(owner.valid_from, owner.valid_to + 1)}
    assert {(r["zone"], r["year"]) for r in rows} == expected
    assert len(rows) == len(expected)


def test_a_set_knowing_only_the_region_keeps_the_old_columns() -> None:
    cs = get("vn.commune.ntm.2021-2025")
    assert sheet_fields(cs) == SHEET_FIELDS
    head = parameter_sheet_csv(cs).splitlines()[0]
    assert head == ",".join(f'"{h}"' if "," in h else h
                            for h in (SHEET_HEADERS["vi"][f] for f in SHEET_FIELDS))


# ------------------------------------------------------------------ 2026-2030, by group
def _national_filled(group: str = "2", value: str = "thẩm định") -> CriteriaSet:
    cs = get(NTM_ID)
    text = _fill(parameter_sheet_csv(cs), {(C01, group): value}, ("Nhóm xã",))
    return read_parameter_sheet(cs, text)


def test_the_group_label_is_the_one_the_fill_uses() -> None:
    assert parameter_sheet(get(NTM_ID)).headers("vi")["group"] == "Nhóm xã"


def test_a_group_2_cell_decides_group_2_communes_and_leaves_group_1_unknown() -> None:
    filled = _national_filled()
    value = filled.all_parameters[C01].default
    assert isinstance(value, RuleTable)
    assert value.by == ("group",)
    assert [codes for codes, _ in value.entries] == [(("group", "2"),)]
    change = next(c for c in filled.changes if getattr(c, "name", None) == C01)
    assert change.citation.document == SOURCE

    for verdict, outcome in ((True, Outcome.PASS), (False, Outcome.FAIL)):
        two = Commune(code="x2", region="DHNTB", group="2",
                      facts={"vn51.ntm.c01.appraised": verdict})
        assert filled.assess(two, year=2027).result("c01").outcome is outcome

    one = Commune(code="x1", region="DHNTB", group="1",
                  facts={"vn51.ntm.c01.appraised": True})
    result = filled.assess(one, year=2027).result("c01")
    assert result.outcome is Outcome.UNKNOWN
    cells = [m for m in result.trace.missing if m.key == C01]
    assert cells, "the missing item names the parameter"
    assert cells[0].kind == "parameter"
    assert ("group", "1") in cells[0].classes
    text = cells[0].describe("vi")
    assert C01 in text or filled.all_parameters[C01].label_vi in text
    assert "Nhóm 1" in text or "1" in text


def test_a_choice_parameter_row_lists_its_choices_and_reads_back() -> None:
    cs = get(NTM_ID)
    row = next(r for r in parameter_sheet(cs) if r["parameter"] == GROUP_CONFLICT)
    assert row["kind"] == "lựa chọn"
    for value in cs.classification("group").values:
        assert value.code in row["note"]
        assert value.label_vi in row["note"]
    text = _fill(parameter_sheet_csv(cs), {(GROUP_CONFLICT,): "3"}, ())
    assert read_parameter_sheet(cs, text).all_parameters[GROUP_CONFLICT].default == "3"


def test_a_bad_choice_is_an_error_with_a_did_you_mean() -> None:
    cs = get(NTM_ID)
    text = _fill(parameter_sheet_csv(cs), {(GROUP_CONFLICT,): "4"}, ())
    with pytest.raises(TableError) as caught:
        read_parameter_sheet(cs, text)
    (problem,) = caught.value.problems
    assert problem.column == SHEET_HEADERS["vi"]["value"]
    assert problem.value == "4"
    for code in cs.classification("group").codes:
        assert code in problem.expected


def test_a_bad_group_code_is_one_error_naming_row_column_value_and_expected() -> None:
    cs = get(NTM_ID)
    text = parameter_sheet_csv(cs)
    rows = _rows(text)
    at = next(i for i, r in enumerate(rows) if r["Tham số"] == C01 and r["Nhóm xã"] == "2")
    rows[at]["Nhóm xã"] = "Nhom 22"
    rows[at]["Giá trị"] = "thẩm định"
    rows[at]["Văn bản quy định giá trị"] = SOURCE
    with pytest.raises(TableError) as caught:
        read_parameter_sheet(cs, _write(rows))
    (problem,) = caught.value.problems
    assert problem.row == at + 2  # the header is row 1
    assert problem.column == "Nhóm xã"
    assert problem.value == "Nhom 22"
    assert "group" in problem.expected
    assert "did you mean '2'" in problem.expected
    for code in cs.classification("group").codes:
        assert code in problem.expected
    message = str(caught.value)
    assert "Nhom 22" in message
    assert str(at + 2) in message


@pytest.mark.parametrize("how", ["code", "spaced", "label", "upper-label", "head"])
def test_a_group_is_matched_by_its_code_or_its_label_ignoring_case(how: str) -> None:
    cs = get(NTM_ID)
    group = cs.classification("group")
    label = group.values[group.index["2"]].label_vi
    written = {"code": "2", "spaced": " 2 ", "label": label, "upper-label": label.upper(),
               "head": "nhóm 2"}[how]
    rows = _rows(parameter_sheet_csv(cs))
    at = next(i for i, r in enumerate(rows) if r["Tham số"] == C01 and r["Nhóm xã"] == "2")
    rows[at].update({"Nhóm xã": written, "Giá trị": "thẩm định",
                     "Văn bản quy định giá trị": SOURCE})
    value = read_parameter_sheet(cs, _write(rows)).all_parameters[C01].default
    assert isinstance(value, RuleTable)
    assert [codes for codes, _ in value.entries] == [(("group", "2"),)]


def test_a_group_in_a_row_not_keyed_by_group_is_an_error() -> None:
    cs = get(NTM_ID)
    rows = _rows(parameter_sheet_csv(cs))
    at = next(i for i, r in enumerate(rows) if r["Tham số"] == GROUP_CONFLICT)
    rows[at].update({"Nhóm xã": "1", "Giá trị": "1", "Văn bản quy định giá trị": SOURCE})
    with pytest.raises(TableError) as caught:
        read_parameter_sheet(cs, _write(rows))
    (problem,) = caught.value.problems
    assert problem.column == "Nhóm xã"
    assert problem.row == at + 2


def test_completeness_lists_the_groups_still_empty() -> None:
    filled = _national_filled()
    need = next(n for n in completeness(filled).needs() if n.name == C01)
    assert {k["group"] for k in need.keys} == {"1", "3"}
    text = need.describe("vi")
    assert "Nhóm xã" in text or "nhóm xã" in text.casefold()
    assert "1, 3" in text
    # every group filled: the criterion needs nothing more
    cs = get(NTM_ID)
    text = _fill(parameter_sheet_csv(cs), {(C01, g): "thẩm định" for g in ("1", "2", "3")},
                 ("Nhóm xã",))
    done = completeness(read_parameter_sheet(cs, text))
    assert "c01" in done.decidable
    # and the sheet of the filled set no longer lists it
    assert C01 not in parameter_sheet(read_parameter_sheet(cs, text)).parameters


def test_the_remaining_groups_are_the_rows_of_the_filled_set_s_sheet() -> None:
    filled = _national_filled()
    assert [r["group"] for r in parameter_sheet(filled) if r["parameter"] == C01] == ["1", "3"]
    every = [r for r in parameter_sheet(filled, missing_only=False) if r["parameter"] == C01]
    assert [r["current"] is not None for r in every] == [False, True, False]


# ------------------------------------------------------------------ Quảng Nam, by zone
def test_a_kv1_income_decides_kv1_communes_and_leaves_kv2_unknown() -> None:
    cs = get(QN_MODEL)
    text = _fill(parameter_sheet_csv(cs), {(QN_INCOME, "KV1", "2023"): "50"},
                 ("Khu vực", "Năm"))
    filled = read_parameter_sheet(cs, text, id="qn.filled")
    value = filled.all_parameters[QN_INCOME].default
    assert isinstance(value, Schedule)
    assert value.keyed_by == ("zone", "year")
    assert value.entries == ((((("zone", "KV1"),), 2023), D(50)),)

    def k2(zone: str, income: str) -> Any:
        unit = Commune(code="x", region="DHNTB", zone=zone, facts={"income": D(income)})
        return filled.assess(unit, year=2023).result("k2")

    assert k2("KV1", "55").outcome is Outcome.PASS   # 110% of 50
    assert k2("KV1", "54.99").outcome is Outcome.FAIL
    kv2 = k2("KV2", "80")
    assert kv2.outcome is Outcome.UNKNOWN
    cells = [m for m in kv2.trace.missing if m.key == QN_INCOME]
    assert len(cells) == 1
    assert cells[0].kind == "parameter"
    assert cells[0].classes == (("zone", "KV2"),)
    assert cells[0].year == 2023
    need = next(n for n in completeness(filled, year=2023).needs() if n.name == QN_INCOME)
    assert {k["zone"] for k in need.keys} == {"KV2", "KV3"}


def test_a_zone_written_in_lower_case_is_its_code() -> None:
    cs = get(QN_MODEL)
    rows = _rows(parameter_sheet_csv(cs))
    at = next(i for i, r in enumerate(rows)
              if r["Tham số"] == QN_INCOME and r["Khu vực"] == "KV3" and r["Năm"] == "2024")
    rows[at].update({"Khu vực": "kv3", "Giá trị": "61,5", "Văn bản quy định giá trị": SOURCE})
    value = read_parameter_sheet(cs, _write(rows)).all_parameters[QN_INCOME].default
    assert isinstance(value, Schedule)
    assert value.lookup({"zone": "KV3"}, 2024) == D("61.5")


def test_every_bad_key_cell_is_reported_at_once() -> None:
    cs = get(QN_MODEL)
    rows = _rows(parameter_sheet_csv(cs))
    picked = [i for i, r in enumerate(rows) if r["Tham số"] == QN_INCOME][:3]
    for i, zone in zip(picked, ("KV4", "", "KV1"), strict=True):
        rows[i].update({"Khu vực": zone, "Giá trị": "50", "Văn bản quy định giá trị": SOURCE})
    rows[picked[2]]["Năm"] = "2031"
    with pytest.raises(TableError) as caught:
        read_parameter_sheet(cs, _write(rows))
    problems = caught.value.problems
    assert [(p.row, p.column) for p in problems] == [
        (picked[0] + 2, "Khu vực"), (picked[1] + 2, "Khu vực"), (picked[2] + 2, "Năm")]
    assert problems[0].value == "KV4"
    assert "did you mean" in problems[0].expected


# ------------------------------------------------------------------ group and year: a schedule
GROUP = Classification(
    name="group", label_vi="Nhóm xã", label_en="Commune group", field="group",
    values=(ClassValue(code="1", label_vi="Nhóm 1", label_en="Group 1"),
            ClassValue(code="2", label_vi="Nhóm 2", label_en="Group 2")))


def _by_group_and_year() -> CriteriaSet:
    return CriteriaSet(
        id="t.sheet.group", label_vi="Bộ thử", label_en="Test set", level="commune",
        valid_from=2026, valid_to=2028, classifications=(GROUP,),
        indicators=(Indicator(key="rate", label_vi="Tỷ lệ", label_en="Rate",
                              measure="percent", value_type="decimal"),),
        parameters=(Parameter(name="level", label_vi="Mức", label_en="Level", citation=CITE,
                              keyed_by=("group", "year"), measure="percent"),),
        criteria=(Criterion(id="a", number="1", label_vi="A", label_en="A", citation=CITE,
                            rule=fact("rate") >= param("level")),))


@settings(max_examples=30, deadline=None)
@given(group=st.sampled_from(("1", "2")), year=st.integers(2026, 2028),
       level=st.integers(0, 100), rate=st.integers(0, 100))
def test_a_group_and_year_cell_is_a_schedule_deciding_only_its_cell(
        group: str, year: int, level: int, rate: int) -> None:
    cs = _by_group_and_year()
    text = _fill(parameter_sheet_csv(cs), {("level", group, str(year)): str(level)},
                 ("Nhóm xã", "Năm"))
    filled = read_parameter_sheet(cs, text)
    value = filled.all_parameters["level"].default
    assert isinstance(value, Schedule)
    assert value.entries == ((((("group", group),), year), D(level)),)
    unit = Commune(code="x", group=group, facts={"rate": rate})
    expected = Outcome.PASS if rate >= level else Outcome.FAIL
    assert filled.assess(unit, year=year).result("a").outcome is expected
    for other_group, other_year in ((g, y) for g in ("1", "2") for y in (2026, 2027, 2028)):
        if (other_group, other_year) == (group, year):
            continue
        other = Commune(code="y", group=other_group, facts={"rate": rate})
        result = filled.assess(other, year=other_year).result("a")
        assert result.outcome is Outcome.UNKNOWN
        (cell,) = [m for m in result.trace.missing if m.key == "level"]
        assert cell.classes == (("group", other_group),)
        assert cell.year == other_year
    # read back through the English headers too
    en = _fill(parameter_sheet_csv(cs, lang="en"), {("level", group, str(year)): str(level)},
               ("Commune group", "Year"), lang="en")
    assert read_parameter_sheet(cs, en, decimal=",").all_parameters["level"].default == value


def test_a_partial_schedule_merges_with_the_cells_it_had() -> None:
    cs = _by_group_and_year()
    first = read_parameter_sheet(cs, _fill(parameter_sheet_csv(cs),
                                           {("level", "1", "2026"): "40"}, ("Nhóm xã", "Năm")))
    second = read_parameter_sheet(first, _fill(parameter_sheet_csv(first),
                                               {("level", "2", "2027"): "45"},
                                               ("Nhóm xã", "Năm")))
    value = second.all_parameters["level"].default
    assert isinstance(value, Schedule)
    assert value.lookup({"group": "1"}, 2026) == 40
    assert value.lookup({"group": "2"}, 2027) == 45
    assert len(value.entries) == 2


# ------------------------------------------------------------------ the command line
@pytest.mark.parametrize("set_id", [e.id for e in catalog()])
def test_params_runs_for_every_bundled_set(set_id: str, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    assert main(["params", set_id]) == 0
    out = capsys.readouterr().out
    cs = get(set_id)
    sheet = parameter_sheet(cs)
    header = next(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert header == [sheet.headers("vi")[f] for f in sheet_fields(cs)]
    assert len(_rows(out.lstrip("\ufeff"))) == len(sheet)
    assert main(["params", set_id, "--all", "--lang", "en"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("set_id", [e.id for e in catalog()])
def test_the_sheet_of_every_bundled_set_reads_back_unfilled(set_id: str) -> None:
    cs = get(set_id)
    derived = read_parameter_sheet(cs, parameter_sheet_csv(cs))
    assert derived.all_parameters == cs.all_parameters


def test_params_writes_the_group_column_to_excel(tmp_path: Any) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "tham_so.xlsx"
    assert main(["params", NTM_ID, "-o", str(target)]) == 0
    book = openpyxl.load_workbook(target)
    header = [c.value for c in book.active[1]]
    assert "Nhóm xã" in header
    assert header.index("Nhóm xã") == header.index("Năm") - 1


# ------------------------------------------------------------------ pandas, and any case
def test_a_group_column_read_by_pandas_as_numbers_is_its_codes() -> None:
    pd = pytest.importorskip("pandas")
    cs = get(NTM_ID)
    frame = pd.read_csv(io.StringIO(parameter_sheet_csv(cs)))
    assert frame["Nhóm xã"].dtype.kind == "f"  # blanks make it a float column: 2.0
    for column in ("Giá trị", "Văn bản quy định giá trị"):
        frame[column] = frame[column].astype(object)
    at = (frame["Tham số"] == C01) & (frame["Nhóm xã"] == 2)
    frame.loc[at, "Giá trị"] = "thẩm định"
    frame.loc[at, "Văn bản quy định giá trị"] = SOURCE
    value = read_parameter_sheet(cs, frame).all_parameters[C01].default
    assert isinstance(value, RuleTable)
    assert [codes for codes, _ in value.entries] == [(("group", "2"),)]
    frame.loc[at, "Nhóm xã"] = 2.5
    with pytest.raises(TableError) as caught:
        read_parameter_sheet(cs, frame)
    assert [p.column for p in caught.value.problems] == ["Nhóm xã"]


@settings(max_examples=40, deadline=None)
@given(zone=st.sampled_from(("KV1", "KV2", "KV3")),
       case=st.sampled_from((str.lower, str.upper, str.title)),
       pad=st.sampled_from(("", " ", "  ")))
def test_a_zone_in_any_case_and_padding_reads_as_its_code(zone: str, case: Any, pad: str
                                                           ) -> None:
    cs = get(QN_MODEL)
    rows = _rows(parameter_sheet_csv(cs))
    at = next(i for i, r in enumerate(rows)
              if r["Tham số"] == QN_INCOME and r["Khu vực"] == zone and r["Năm"] == "2023")
    rows[at].update({"Khu vực": pad + case(zone) + pad, "Giá trị": "50",
                     "Văn bản quy định giá trị": SOURCE})
    value = read_parameter_sheet(cs, _write(rows)).all_parameters[QN_INCOME].default
    assert isinstance(value, Schedule)
    assert value.entries == ((((("zone", zone),), 2023), D(50)),)


def test_the_notebook_view_of_a_sheet_shows_the_classification_columns() -> None:
    sheet = parameter_sheet(get("qn.commune.model.2022-2025"))
    page = sheet._repr_html_()
    assert "<th>Khu vực</th>" in page
    zones = {row["zone"] for row in sheet if row.get("zone")}
    assert zones
    assert all(f"<td>{zone}</td>" in page for zone in zones)
