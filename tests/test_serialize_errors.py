"""Loading bad documents: every problem at once, with its path, in one exception type."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, Criterion
from ntmcriteria.errors import NTMError, NTMValueError
from ntmcriteria.rules import all_of, fact, meets, yes
from ntmcriteria.serialize import (
    FormatError,
    Problem,
    criteria_set_from_data,
    criteria_set_from_json,
    criteria_set_to_data,
    from_data,
    rule_from_data,
    unit_from_data,
    unit_to_data,
)
from ntmcriteria.units import Commune, Village
from tests import _gen

CITE = Citation(document="Quyết định 318/QĐ-TTg", confidence="verified-text")


def _set() -> CriteriaSet:
    return CriteriaSet(
        id="vn.commune", label_vi="Bộ tiêu chí", label_en="Set", level="commune",
        valid_from=2021, valid_to=2025, indicators=_gen.INDICATORS,
        criteria=tuple(
            Criterion(id=f"c{i}", number=str(i), label_vi="Tiêu chí", label_en="Criterion",
                      citation=CITE,
                      rule=all_of(fact("income") >= 45, fact("water") >= Decimal("92.5")))
            for i in range(5)
        ),
    )


def _load_problems(data: Any) -> tuple[Problem, ...]:
    with pytest.raises(FormatError) as info:
        criteria_set_from_data(data)
    return info.value.problems


def test_format_error_is_a_library_value_error() -> None:
    assert issubclass(FormatError, NTMValueError)
    assert issubclass(FormatError, NTMError)
    assert issubclass(FormatError, ValueError)


def test_path_names_the_bad_threshold() -> None:
    data = criteria_set_to_data(_set())
    data["criteria"][3]["rule"]["all_of"][1]["threshold"] = "lots"
    (problem,) = _load_problems(data)
    assert problem.path == "$.criteria[3].rule.all_of[1].threshold"
    assert "expected" in problem.message
    assert "'lots'" in problem.message


def test_every_problem_is_reported_at_once() -> None:
    data = criteria_set_to_data(_set())
    data["criteria"][0]["rule"]["all_of"][0]["op"] = "=>"
    data["criteria"][1]["citaton"] = data["criteria"][1].pop("citation")
    data["criteria"][2]["rule"]["all_of"][1]["threshold"] = True
    data["criteria"][4]["number"] = 5
    data["valid_to"] = "2025"
    data["level"] = "comune"
    problems = _load_problems(data)
    paths = [p.path for p in problems]
    assert set(paths) >= {
        "$.criteria[0].rule.all_of[0].op",
        "$.criteria[1].citaton",
        "$.criteria[1].citation",
        "$.criteria[4].number",
        "$.valid_to",
        "$.level",
    }
    by_path = {p.path: p.message for p in problems}
    assert "did you mean 'citation'" in by_path["$.criteria[1].citaton"]
    assert "did you mean 'commune'" in by_path["$.level"]
    assert "missing the required key 'citation'" in by_path["$.criteria[1].citation"]


def test_str_lists_every_problem_with_its_path() -> None:
    data = criteria_set_to_data(_set())
    data["criteria"][0]["rule"]["all_of"][0]["op"] = "=>"
    data["labell_vi"] = "x"
    with pytest.raises(FormatError) as info:
        criteria_set_from_data(data)
    text = str(info.value)
    assert "2 problems" in text
    assert "$.criteria[0].rule.all_of[0].op: expected one of" in text
    assert "$.labell_vi: unknown key 'labell_vi'" in text
    assert "(did you mean 'label_vi'?)" in text
    assert info.value.paths == ("$.labell_vi", "$.criteria[0].rule.all_of[0].op")


@pytest.mark.parametrize(("node", "path", "fragment"), [
    ({"all_of": []}, "$.all_of", "non-empty array"),
    ({"all_off": [{"rule_param": "x"}]}, "$", "did you mean 'all_of'"),
    ({"compare": {"fact": "x"}, "op": ">=", "threshold": 1, "unit": "%"}, "$.unit",
     "unknown key 'unit'"),
    ({"compare": {"fact": "x"}, "op": ">="}, "$.threshold", "missing the required key"),
    ({"compare": {"fakt": "x"}, "op": ">=", "threshold": 1}, "$.compare", "did you mean 'fact'"),
    ({"compare": {"fact": "x", "at": {"years_before": 0}}, "op": ">=", "threshold": 1},
     "$.compare.at.years_before", ">= 1"),
    ({"compare": {"ratio": [{"fact": "x"}]}, "op": ">=", "threshold": 1}, "$.compare.ratio",
     "exactly two facts"),
    ({"at_least": 3, "of": [{"rule_param": "x"}]}, "$", "between 1 and the number of parts"),
    ({"at_least": True, "of": [{"rule_param": "x"}]}, "$.at_least", "a whole number"),
    ({"held_each_year": {"rule_param": "x"}, "years": 10_000_000}, "$.years", "<= 100"),
    ({"share": "village", "rule": {"rule_param": "x"}, "at_least": {"shedule": []}},
     "$.at_least", "did you mean 'schedule'"),
    ({"meets": "vn", "recognised_from": 2020}, "$", "recognised_from needs a tier"),
    ({"not": {"rule_param": "x"}, "all_of": [{"rule_param": "y"}]}, "$", "several kind keys"),
    ({"compare": {"fact": "x"}, "op": ">=", "threshold": {"schedule": [
        {"region": "DBSH", "value": 1}, {"year": 2021, "value": 2}]}}, "$.threshold.schedule",
     "same shape"),
    ({"compare": {"fact": "x"}, "op": ">=", "threshold": {"schedule": [
        {"region": "DBSH", "value": 1}, {"region": "DBSH", "value": 2}]}},
     "$.threshold.schedule[1]", "already have a value"),
    ({"compare": {"fact": "x"}, "op": "≥", "threshold": 1}, "$.op", "'>='"),
    ({"compare": {"fact": "x"}, "op": "gt", "threshold": 1}, "$.op", "'>'"),
    ({"compare": {"fact": "x"}, "op": ">=", "threshold": "NaN"}, "$.threshold", "decimal string"),
    ({"compare": {"difference": [{"fact": "x"}, {"fact": "y"}]}, "op": "==", "threshold": True},
     "$", "yes/no threshold needs a plain fact"),
    ([{"rule_param": "x"}], "$", "an array of 1 items"),
])
def test_rule_problems_name_their_path(node: Any, path: str, fragment: str) -> None:
    with pytest.raises(FormatError) as info:
        rule_from_data(node)
    messages = {p.path: p.message for p in info.value.problems}
    assert path in messages, info.value
    assert fragment in messages[path], messages[path]


def test_core_domain_errors_become_problems_at_their_path() -> None:
    data = criteria_set_to_data(_set())
    data["criteria"][2]["rule"]["all_of"][0]["compare"]["fact"] = "incme"
    data["criteria"][4]["rule"] = {"meets": "vn.other"}
    data["criteria"][1]["id"] = "c0"
    data["indicators"][0]["minimum"] = 10
    data["indicators"][0]["maximum"] = 5
    problems = _load_problems(data)
    assert [p.path for p in problems] == ["$.indicators[0]"]
    assert "minimum 10 is above maximum 5" in problems[0].message
    del data["indicators"][0]["maximum"]
    problems = _load_problems(data)
    messages = {p.path: p.message for p in problems}
    assert "did you mean 'income'" in messages["$.criteria[2].rule"]
    assert "unknown criteria set 'vn.other'" in messages["$.criteria[4].rule"]
    assert "already used by criteria[0]" in messages["$.criteria[1].id"]


def test_nested_reference_problems_have_nested_paths() -> None:
    ref = _set()
    top = CriteriaSet(id="adv", label_vi="Nâng cao", label_en="Advanced", level="commune",
                      valid_from=2021, valid_to=2025, references=(ref,),
                      criteria=(Criterion(id="base", number="1", label_vi="Đạt chuẩn",
                                          label_en="NTM", citation=CITE,
                                          rule=meets("vn.commune", tier="ntm")),))
    data = criteria_set_to_data(top)
    data["references"][0]["criteria"][2]["rule"]["all_of"][1]["compare"]["fact"] = 7
    data["criteria"][0]["rule"]["tier"] = "modle"
    problems = _load_problems(data)
    assert [p.path for p in problems] == [
        "$.references[0].criteria[2].rule.all_of[1].compare.fact",
        "$.criteria[0].rule.tier",
    ]
    assert "did you mean 'model'" in problems[1].message


def test_header_is_required_and_checked() -> None:
    data = criteria_set_to_data(_set())
    bad = copy.deepcopy(data)
    bad["format"] = "ntmcriteria/criteria-sets"
    bad["version"] = 2
    messages = {p.path: p.message for p in _load_problems(bad)}
    assert "did you mean 'ntmcriteria/criteria-set'" in messages["$.format"]
    assert "unsupported version" in messages["$.version"]
    del bad["format"]
    assert "$.format" in [p.path for p in _load_problems(bad)]
    with pytest.raises(FormatError) as info:
        from_data({"id": "x"})
    assert info.value.paths == ("$.format",)


def test_unit_problems_name_their_paths() -> None:
    data = unit_to_data(Commune(code="1", villages=[Village(code="01"), Village(code="02")]))
    data["villages"][1]["facts"] = {"income": "much", "water": None}
    data["villages"][0]["level"] = "commune"
    data["history"] = {"2020.5": {}, "2019": {"x": [1]}}
    data["recognitions"] = {"ntm": "2019", "gold": 2020}
    data["region"] = "Tay Nguyen"
    with pytest.raises(FormatError) as info:
        unit_from_data(data)
    paths = info.value.paths
    assert set(paths) == {
        "$.villages[1].facts.income", "$.villages[0].level", "$.history['2020.5']",
        "$.history['2019'].x", "$.recognitions.ntm", "$.recognitions.gold", "$.region",
    }


def test_duplicate_unit_codes_are_a_problem_at_the_unit() -> None:
    data = unit_to_data(Commune(code="1", villages=[Village(code="01"), Village(code="02")]))
    data["villages"][1]["code"] = "01"
    with pytest.raises(FormatError) as info:
        unit_from_data(data)
    assert info.value.paths == ("$",)
    assert "'01' twice" in info.value.problems[0].message


def test_missing_facts_are_null_not_zero() -> None:
    data = unit_to_data(Commune(code="1"))
    data["facts"] = {"income": None, "water": 0}
    unit = unit_from_data(data)
    assert "income" not in unit.facts
    assert unit.facts["water"] == 0


def test_json_syntax_errors_are_format_errors() -> None:
    for text in ("", "{", '{"a": 1,}', "[1, 2", "nul", '{"a": NaN}', '{"a": Infinity}',
                 '{"a": 1, "a": 2}', "\ud800", "1" * 5000):
        with pytest.raises(FormatError):
            criteria_set_from_json(text)
    with pytest.raises(FormatError) as info:
        criteria_set_from_json(b"\xff\xfe{}")
    assert "UTF-8" in str(info.value)
    with pytest.raises(FormatError) as info:
        criteria_set_from_json('{"id": 1, "id": 2}')
    assert "'id' appears twice" in str(info.value)


def test_loading_never_evaluates_imports_or_unpickles() -> None:
    """Strings that would run code elsewhere are just (bad) strings here."""
    evil = ["__import__('os').system('false')", "!!python/object/apply:os.system",
            "ntmcriteria.rules.yes", "cos\nsystem\n(S'false'\ntR."]
    for text in evil:
        with pytest.raises(FormatError) as info:
            rule_from_data({"compare": {"fact": "x"}, "op": ">=", "threshold": text})
        assert info.value.paths == ("$.threshold",)
        with pytest.raises(FormatError):
            rule_from_data({text: {}})
        with pytest.raises(FormatError):
            criteria_set_from_data({"format": text, "version": 1})


def test_plain_data_keys_must_be_strings() -> None:
    data: dict[Any, Any] = criteria_set_to_data(_set())
    data[1] = "x"
    assert "$" in [p.path for p in _load_problems(data)]


def test_a_valid_rule_still_loads_after_errors_elsewhere() -> None:
    good = yes("station")
    assert rule_from_data({"compare": {"fact": "station"}, "op": "==", "threshold": True}) == good


def test_a_missing_required_key_does_not_hide_other_problems() -> None:
    data = criteria_set_to_data(_set())
    del data["label_en"]
    del data["criteria"][1]["number"]
    data["criteria"][1]["rule"]["all_of"][0]["op"] = "=>"
    data["criteria"][3]["rule"]["all_of"][1]["threshold"] = None
    assert [p.path for p in _load_problems(data)] == [
        "$.label_en",
        "$.criteria[1].number",
        "$.criteria[1].rule.all_of[0].op",
        "$.criteria[3].rule.all_of[1].threshold",
    ]


@pytest.mark.parametrize("odd", [Decimal("sNaN"), Decimal("NaN"), Decimal("-Infinity"),
                                 float("nan"), float("inf")])
def test_non_finite_numbers_in_plain_data_are_problems(odd: Any) -> None:
    """Regression: a signalling NaN as the version used to raise decimal.InvalidOperation."""
    for data in ({"version": odd}, {"format": odd, "version": odd}):
        with pytest.raises(FormatError):
            criteria_set_from_data(data)
    with pytest.raises(FormatError) as info:
        rule_from_data({"compare": {"fact": "x"}, "op": ">=", "threshold": odd})
    assert info.value.paths == ("$.threshold",)
    with pytest.raises(FormatError) as info:
        unit_from_data({"format": "ntmcriteria/unit", "version": 1, "level": "village",
                        "code": "1", "facts": {"x": odd}})
    assert info.value.paths == ("$.facts.x",)


def test_many_problems_are_all_kept_but_the_message_stays_short() -> None:
    data = {"all_of": [{"rule_param": index} for index in range(500)]}
    with pytest.raises(FormatError) as info:
        rule_from_data(data)
    assert len(info.value.problems) == 500
    assert info.value.paths[-1] == "$.all_of[499].rule_param"
    assert "500 problems" in str(info.value)
    assert "... and 450 more" in str(info.value)
    assert str(info.value).count("\n") == 51


def test_long_keys_are_shortened_in_paths() -> None:
    with pytest.raises(FormatError) as info:
        rule_from_data({"rule_param": "x", "k" * 10_000: 1})
    (path,) = info.value.paths
    assert path == "$['" + "k" * 80 + "...']"
