"""Records and columns the plan cannot read get the library's error, never a bare one.

``assess_records`` reads plain mappings as they are and ``assess_columns`` columns of
any length the caller gives: a record that is not a mapping, facts or a history that
are not mappings, members that are not lists of records, a history key that is no
year, a column of the wrong length or shape, member counts that do not add up. Each
gets an error naming the record (or column), the key and what was expected, and a
column of another length is never read as if it fitted.
"""

from __future__ import annotations

import importlib.util
import math
from typing import Any

import pytest

from ntmcriteria import assess_columns, assess_records
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.evaluation import Columns
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import fact, share, yes
from tests._helpers_testing import CITE, ind, make_set

_NUMPY = importlib.util.find_spec("numpy") is not None
_PANDAS = importlib.util.find_spec("pandas") is not None
_POLARS = importlib.util.find_spec("polars") is not None

CS = make_set((ind("p"), ind("ok", "boolean")), fact("p") >= 50,
              share("village", yes("ok"), at_least=50))


@pytest.mark.parametrize(("records", "error", "message"), [
    ([1], NTMTypeError, r"records\[0\] must be a mapping \(got int 1\)"),
    ([{"code": "a", "facts": [1]}], NTMTypeError,
     r"records\[0\]\['facts'\] must be a mapping of indicator keys to values"),
    ([{"code": "a", "villages": "x"}], NTMTypeError,
     r"records\[0\]\['villages'\] must be a list of village records \(got str 'x'\)"),
    ([{"code": "a", "villages": [{"code": "v", "facts": {"ok": True}}, 5]}], NTMTypeError,
     r"records\[0\]\['villages'\]\[1\] must be a mapping \(got int 5\)"),
    ([{"code": "a", "history": [1]}], NTMTypeError,
     r"records\[0\]\['history'\] must be a mapping of years to mappings of facts"),
    ([{"code": "a", "history": {"2O23": {"p": 60}}}], NTMValueError,
     r"commune 'a': its history \('history'\) has the key '2O23': expected a year"),
])
def test_a_record_it_cannot_read_is_named(records: list[Any], error: type[Exception],
                                          message: str) -> None:
    with pytest.raises(error, match=message):
        assess_records(CS, records, year=2023)


def test_a_record_without_a_code_is_refused_before_it_is_assessed() -> None:
    # (it was assessed and counted, and refused only when the codes were read)
    with pytest.raises(NTMValueError, match=r"commune record 1 .* has no code"):
        assess_records(CS, [{"code": "a", "facts": {"p": 60}}, {"facts": {"p": 40}}],
                       year=2023)


def test_codes_given_twice_are_refused_as_by_assess_many() -> None:
    with pytest.raises(NTMValueError, match=r"commune row 2 .* repeats the code '1'"):
        assess_records(CS, [{"code": "1"}, {"code": "2"}, {"code": "1"}], year=2023)
    with pytest.raises(NTMValueError, match=r"commune row 1 .* repeats the code '1'"):
        assess_columns(CS, {"code": ["1", "1"]}, year=2023)


def test_good_records_are_read_as_before() -> None:
    records = [{"code": "a", "facts": {"p": 60}, "history": {"2022": {"p": 10}},
                "villages": [{"code": "v1", "facts": {"ok": True}}]}]
    verdicts = assess_records(CS, records, year=2023)
    assert verdicts.row(0) == {"c1": Outcome.PASS, "c2": Outcome.PASS}


def _village_columns(n: int) -> Columns:
    return Columns(data={"code": [f"v{i}" for i in range(n)], "ok": [True] * n}, region=None)


@pytest.mark.parametrize(("columns", "error", "message"), [
    ({"code": ["a", "b"], "p": [60]}, NTMValueError,
     r"column 'p' has 1 values for 2 rows \(the code column 'code' has 2\)"),
    ({"code": ["a", "b"], "p": "60"}, NTMValueError, r"column 'p' has 2 values for 2 rows"),
    ({"code": ["a", "b"], "p": 60}, NTMTypeError, r"column 'p' must be a sequence of values"),
    (Columns(data={"code": ["a"]}, members={"village": "x"}),  # type: ignore[dict-item]
     NTMTypeError,
     r"columns.members\['village'\] must be a pair"),
    (Columns(data={"code": ["a"]}, members={"village": (_village_columns(1), [3])}),
     NTMValueError, r"the counts add up to 3 members, but the member columns have 1 rows"),
    (Columns(data={"code": ["a", "b"]}, members={"village": (_village_columns(1), [-1, 2])}),
     NTMValueError, r"members\['village'\]\[1\]\[0\] must be a whole number >= 0"),
    (Columns(data={"code": ["a"]}, members={"village": (_village_columns(1), [1, 0])}),
     NTMValueError, r"must give the number of members of each of the 1 rows"),
    (Columns(data={"code": ["a"]}, members={"village": (
        Columns(data={"code": ["v"], "ok": [True, False]}, region=None), [1])}),
     NTMValueError, r"members\['village'\]\[0\]: column 'ok' has 2 values for 1 rows"),
])
def test_columns_it_cannot_read_are_named(columns: Any, error: type[Exception],
                                          message: str) -> None:
    with pytest.raises(error, match=message):
        assess_columns(CS, columns, year=2023)


@pytest.mark.skipif(not _NUMPY, reason="needs numpy")
def test_a_two_dimensional_array_is_not_a_column() -> None:
    import numpy as np

    with pytest.raises(NTMValueError, match=r"column 'p' must be one-dimensional.*\(2, 2\)"):
        assess_columns(CS, {"code": np.array(["a", "b"]), "p": np.ones((2, 2))}, year=2023)
    counts = np.array([1, -2])
    with pytest.raises(NTMValueError, match=r"\[1\]\[1\] must be a whole number >= 0 .*-2"):
        assess_columns(CS, Columns(data={"code": ["a", "b"]},
                                   members={"village": (_village_columns(1), counts)}),
                       year=2023)


def _frames() -> list[Any]:
    out: list[Any] = []
    if _PANDAS:
        import pandas as pd

        out.append(pd.DataFrame({"code": ["a", "b", "c"], "p": [60, None, 40],
                                 "ok": pd.array([True, None, False], dtype="boolean")}))
        out.append({"code": pd.Series(["a", "b", "c"]),
                    "p": pd.Series([60, None, 40], dtype="Int64"),
                    "ok": pd.Series([True, None, False])})
    if _POLARS:
        import polars as pl

        out.append(pl.DataFrame({"code": ["a", "b", "c"], "p": [60, None, 40],
                                 "ok": [True, None, False]}))
        out.append({"code": pl.Series(["a", "b", "c"]), "p": pl.Series([60, None, 40]),
                    "ok": pl.Series([True, None, False])})
    return out


@pytest.mark.parametrize("data", _frames())
@pytest.mark.parametrize("year", [2023, [2022, 2023, 2024]])
@pytest.mark.parametrize("wrapped", [False, True])
def test_frames_and_their_columns_are_read_with_missing_values(data: Any, year: Any,
                                                                wrapped: bool) -> None:
    cs = make_set((ind("p"), ind("ok", "boolean")), fact("p") >= 50, yes("ok"))
    verdicts = assess_columns(cs, Columns(data=data) if wrapped else data, year=year)
    assert verdicts.outcomes("c1") == [Outcome.PASS, Outcome.UNKNOWN, Outcome.FAIL]
    assert verdicts.outcomes("c2") == [Outcome.PASS, Outcome.UNKNOWN, Outcome.FAIL]


@pytest.mark.parametrize("data", [[1, 2], "code", 5])
def test_columns_data_is_a_mapping_or_a_frame(data: Any) -> None:
    with pytest.raises(NTMTypeError, match="Columns data must be a mapping of column name"):
        Columns(data=data)


def test_an_unknown_region_is_named_with_a_did_you_mean() -> None:
    from ntmcriteria.catalog import get
    from ntmcriteria.errors import UnknownNameError

    national = get("vn.commune.ntm.2021-2025")
    with pytest.raises(UnknownNameError, match=r"unknown region 'DBHS' in commune record 1 "
                                               r".*did you mean 'DBSH'"):
        assess_records(national, [{"code": "a", "region": "DBSH"},
                                  {"code": "b", "region": "DBHS"}], year=2023)
    with pytest.raises(UnknownNameError, match=r"unknown region 'XYZ' in commune row 0"):
        assess_columns(national, {"code": ["a"], "region": ["XYZ"]}, year=2023)


def test_recognitions_that_are_not_a_mapping_are_named() -> None:
    from ntmcriteria.catalog import get

    advanced = get("vn.commune.ntm-advanced.2021-2025")
    with pytest.raises(NTMTypeError, match=r"records\[0\]\['recognitions'\] must be a "
                                           r"mapping of tier to the year recognised"):
        assess_records(advanced, [{"code": "a", "recognitions": [2020]}], year=2023)


def test_a_recognition_under_no_tier_is_named_with_a_did_you_mean() -> None:
    from ntmcriteria.catalog import get
    from ntmcriteria.errors import UnknownNameError

    advanced = get("vn.commune.ntm-advanced.2021-2025")
    good = {"code": "a", "recognitions": {"ntm": 2020}}
    assert assess_records(advanced, [good], year=2023).codes() == ["a"]
    # a misspelt tier was ignored: the commune read as never recognised
    with pytest.raises(UnknownNameError, match=r"unknown tier 'ntn' in record 1 .*"
                                               r"did you mean 'ntm'"):
        assess_records(advanced, [good, {"code": "b", "recognitions": {"ntn": 2020}}],
                       year=2023)
    with pytest.raises(NTMValueError, match=r"tier must be one of 'ntm', 'advanced', 'model' "
                                            r"\(got 'nope'\)"):
        Columns(data={"code": ["a"], "y": [2020]}, recognitions={"nope": "y"})


@pytest.mark.parametrize(("code", "error", "message"), [
    ({"x": 1}, NTMTypeError, r"commune record 1 .*: a code must be text or a whole number "
                             r"\(got dict"),
    (True, NTMTypeError, r"a code must be text or a whole number \(got bool True\)"),
    ([1], NTMTypeError, r"a code must be text or a whole number \(got list \[1\]\)"),
    (None, NTMValueError, r"commune record 1 .* has no code"),
])
def test_a_code_that_is_not_text_is_refused(code: Any, error: type[Exception],
                                            message: str) -> None:
    with pytest.raises(error, match=message):
        assess_records(CS, [{"code": "a"}, {"code": code}], year=2023)


def test_codes_in_columns_are_text_and_none_is_refused() -> None:
    assert assess_columns(CS, {"code": ["01", 7]}, year=2023).codes() == ["01", "7"]
    with pytest.raises(NTMValueError, match=r"commune row 1 .* has no code \(the column "
                                            r"'code'\)"):
        assess_columns(CS, {"code": ["a", None]}, year=2023)
    with pytest.raises(NTMValueError, match=r"a code given as a number must have at most 30 "
                                            r"digits \(got <an integer of about 5,000"):
        assess_records(CS, [{"code": 10**5000}], year=2023)


def test_a_history_giving_a_year_twice_is_refused() -> None:
    # 2023 and "2023": the plan read one, the explanation the other (a FAIL explained as
    # a PASS)
    from ntmcriteria.rules import years_before

    cs = make_set((ind("p"),), fact("p", at=years_before(1)) >= 50)
    record = {"code": "1", "history": {2023: {"p": 10}, "2023": {"p": 90}}}
    with pytest.raises(NTMValueError, match=r"gives the year 2023 twice"):
        assess_records(cs, [record], year=2024)
    # a year of no facts (None) reads as empty, and the explanation reads it alike
    verdicts = assess_records(cs, [{"code": "1", "facts": {"p": 70},
                                    "history": {2023: None}}], year=2024)
    assert verdicts.assessment(0).results[0].outcome is Outcome.UNKNOWN
    assert verdicts.to_dicts()[0]["unit_code"] == "1"


@pytest.mark.parametrize(("value", "error", "message"), [
    (2017.9, NTMTypeError, r"must be a year as an int \(got float 2017.9\)"),
    (True, NTMTypeError, r"must be a year as an int \(got bool True\)"),
    ("2017", NTMTypeError, r"must be a year as an int \(got str '2017'\)"),
    (float("inf"), NTMTypeError, r"must be a year as an int \(got float inf\)"),
    ([2017], NTMTypeError, r"must be a year as an int \(got list"),
    (10**6, NTMValueError, r"must be a year from"),
])
def test_a_recognition_column_holds_years_never_truncated(value: Any, error: type[Exception],
                                                          message: str) -> None:
    from ntmcriteria.catalog import get

    advanced = get("vn.commune.ntm-advanced.2021-2025")
    with pytest.raises(error, match=r"commune row 1 .*the recognition column 'r'.*" + message):
        assess_columns(advanced, Columns(data={"code": ["1", "2"], "r": [2020, value]},
                                         recognitions={"ntm": "r"}), year=2023)
    # a whole float (a column of years with missing values) and NaN are read
    verdicts = assess_columns(advanced, Columns(data={"code": ["1", "2"],
                                                      "r": [2020.0, float("nan")]},
                                                recognitions={"ntm": "r"}), year=2023)
    assert verdicts.codes() == ["1", "2"]


def test_a_region_code_missing_from_region_codes_is_named() -> None:
    from ntmcriteria.catalog import get
    from ntmcriteria.errors import UnknownNameError

    national = get("vn.commune.ntm.2021-2025")
    for value in (9, [1]):
        with pytest.raises(UnknownNameError, match=r"unknown region code .* in commune row 1 "):
            assess_columns(national, Columns(data={"code": ["1", "2"], "region": [1, value]},
                                             region_codes={1: "DHNTB"}), year=2023)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("history", {"p": "x"}, r"history: each entry must be \(indicator key, year\)"),
    ("history", {("p", 0): "x"}, r"history: each entry must be"),
    ("trailing", {("p", -1): "x"}, r"trailing: each entry must be"),
    ("trailing", {("p", True): "x"}, r"trailing: each entry must be"),
    ("history", [("p", 2023)], r"history must be a mapping"),
])
def test_history_and_trailing_columns_are_checked(field: str, value: Any,
                                                  message: str) -> None:
    with pytest.raises((NTMTypeError, NTMValueError), match=message):
        Columns(data={"code": ["1"]}, **{field: value})


def test_a_parameter_given_in_two_spellings_is_refused() -> None:
    import unicodedata

    from ntmcriteria import Parameter

    name = "tiêu_chí"
    cs = make_set((ind("p"),), fact("p") >= 0, parameters=(
        Parameter(name=name, label_vi="Ngưỡng", label_en="Threshold", kind="value",
                  citation=CITE),))
    nfd = unicodedata.normalize("NFD", name)
    assert nfd != name
    for supplied in ({name: 60, nfd: 80}, {nfd: 80, name: 60}):
        with pytest.raises(NTMValueError, match=r"is given twice"):
            cs.resolve_parameters(supplied)


@pytest.mark.parametrize("backend", ["python", *(["numpy"] if _NUMPY else [])])
def test_a_nan_in_a_record_is_refused_by_both_backends(backend: str) -> None:
    # a record's missing value is None (or no key); NaN is refused, as units refuse it (the
    # NumPy backend read it as missing, the pure-Python one refused it)
    from ntmcriteria.evaluation.sources import RecordSource

    plan = CS.compile()
    good = [{"code": "1", "facts": {"p": 70.0}}, {"code": "2", "facts": {}}]
    assert plan.run(RecordSource(CS.level), good, 2023, backend=backend).outcomes(
        "test", "c1") == [Outcome.PASS, Outcome.UNKNOWN]
    with pytest.raises(NTMValueError, match=r"commune '3', year 2023: fact 'p' must be a "
                                            r"finite number \(got nan\)"):
        plan.run(RecordSource(CS.level), [*good, {"code": "3", "facts": {"p": math.nan}}],
                 2023, backend=backend)


@pytest.mark.skipif(not _POLARS, reason="needs polars")
def test_a_polars_struct_column_is_named() -> None:
    import polars as pl

    frame: Any = pl.DataFrame({"code": ["1"], "p": [{"a": 1}]})
    with pytest.raises(NTMTypeError, match=r"fact 'p' must be a Decimal, int, float or bool "
                                           r"\(got dict"):
        assess_columns(CS, frame, year=2023)


def test_result_ids_are_strings_looked_up_in_nfc() -> None:
    import unicodedata

    from ntmcriteria.errors import UnknownNameError

    cs = make_set((ind("p"),), fact("p") >= 50, id="bộ")
    verdicts = assess_records(cs, [{"code": "1", "facts": {"p": 60}}], year=2023)
    nfd = unicodedata.normalize("NFD", "bộ")
    assert verdicts.outcomes(set_id=nfd) == [Outcome.PASS]
    assert verdicts.assessment(0).result(unicodedata.normalize("NFD", "c1")).id == "c1"
    with pytest.raises(NTMTypeError, match=r"criterion_id must be an id, a string \(got list"):
        verdicts.outcomes(["c1"])  # type: ignore[arg-type]
    with pytest.raises(UnknownNameError, match=r"unknown result column 'bộ/'"):
        verdicts.outcomes("")
    with pytest.raises(UnknownNameError, match=r"unknown criterion '1'"):
        verdicts.assessment(0).result(1)  # type: ignore[arg-type]


def test_catalog_helpers_and_flags_check_their_arguments() -> None:
    from ntmcriteria import Commune, catalog

    with pytest.raises(NTMTypeError, match=r"criteria_set must be a CriteriaSet \(got int\)"):
        catalog.illustrative_parameters(5)  # type: ignore[arg-type]
    with pytest.raises(NTMTypeError, match=r"criteria_set must be a CriteriaSet \(got str\)"):
        catalog.appraisal_rules("x")  # type: ignore[arg-type]
    with pytest.raises(NTMTypeError, match=r"units must be a unit or an iterable of units"):
        catalog.programme_plan(5)  # type: ignore[arg-type]
    with pytest.raises(NTMTypeError, match=r"provinces must be True or False"):
        catalog.programme_targets("x")  # type: ignore[arg-type]
    with pytest.raises(NTMValueError, match=r"year must be a year from 1 to 9999 \(got 0\)"):
        catalog.in_force("commune", 0)
    with pytest.raises(NTMTypeError, match=r"drafts must be True or False"):
        catalog.in_force("commune", 2024, drafts="x")  # type: ignore[arg-type]
    national = catalog.get("vn.commune.ntm.2021-2025")
    # parameters=[] is not a mapping (it was read as none given)
    with pytest.raises(NTMTypeError, match=r"parameters must be a mapping"):
        national.assess(Commune(code="1"), year=2023, parameters=[])  # type: ignore[arg-type]
    with pytest.raises(NTMTypeError, match=r"parameters must be a mapping"):
        assess_records(national, [{"code": "1"}], year=2023,
                       parameters=[])  # type: ignore[arg-type]
    with pytest.raises(NTMTypeError, match=r"all must be True or False"):
        national.assess(Commune(code="1"), year=2023).missing(all="yes")  # type: ignore[arg-type]
    with pytest.raises(NTMTypeError, match=r"villages must be a sequence of units \(got dict\)"):
        Commune(code="1", villages={"a": 1})


def test_did_you_mean_finds_a_name_written_in_another_case() -> None:
    from ntmcriteria import catalog
    from ntmcriteria.errors import UnknownNameError, did_you_mean

    assert did_you_mean("C1", ["c1", "c2"]) == " (did you mean 'c1'?)"
    assert did_you_mean("incme", ["income", "poor"]) == " (did you mean 'income'?)"
    assert did_you_mean("zzz", ["income"]) == ""
    with pytest.raises(UnknownNameError, match=r"did you mean 'vn\.commune\.ntm\.2021-2025'"):
        catalog.get("VN.COMMUNE.NTM.2021-2025")
    with pytest.raises(UnknownNameError, match=r"did you mean 'c1'"):
        CS.criterion("C1")
