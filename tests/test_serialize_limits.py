"""Limits: nesting depth and document size give a clear FormatError, never a RecursionError."""

from __future__ import annotations

from typing import Any

import pytest

from ntmcriteria.criteria import MAX_RULE_DEPTH
from ntmcriteria.errors import NTMValueError
from ntmcriteria.rules import Not, Rule, rule_param, yes
from ntmcriteria.serialize import (
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_SIZE,
    FormatError,
    criteria_set_from_data,
    criteria_set_from_json,
    from_json,
    rule_from_data,
    rule_to_data,
    unit_from_data,
    unit_from_json,
)

DEEP = 100_000


def _depth_message(error: FormatError) -> str:
    (problem,) = error.problems
    assert problem.path == "$"
    return problem.message


def test_defaults() -> None:
    assert DEFAULT_MAX_SIZE == 10_000_000
    assert DEFAULT_MAX_DEPTH >= 2 * MAX_RULE_DEPTH + 16  # room for a 64-deep rule in a set


@pytest.mark.parametrize("text", [
    "[" * DEEP + "]" * DEEP,
    "[" * DEEP,  # not even valid JSON: the depth check comes before parsing
    '{"a":' * DEEP + "1" + "}" * DEEP,
    '{"format": "ntmcriteria/criteria-set", "criteria": ' + '{"not": ' * DEEP + "{}" + "}" * DEEP,
])
def test_a_document_nested_100000_levels_fails_with_the_depth_error(text: str) -> None:
    for load in (criteria_set_from_json, unit_from_json, from_json):
        with pytest.raises(FormatError) as info:
            load(text)
        assert f"more than {DEFAULT_MAX_DEPTH} levels deep" in _depth_message(info.value)


def test_brackets_inside_strings_do_not_count() -> None:
    text = '{"format": "ntmcriteria/unit", "version": 1, "level": "village", "code": "' + \
        "[{" * DEEP + '"}'
    unit = unit_from_json(text)
    assert unit.code == "[{" * DEEP


def test_escaped_quotes_do_not_end_strings_for_the_depth_check() -> None:
    text = '{"format": "ntmcriteria/unit", "version": 1, "level": "village", "code": "\\"' + \
        "[" * 300 + '"}'
    assert unit_from_json(text).code == '"' + "[" * 300


def _nested_dict(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"rule_param": "x"}
    for _ in range(depth):
        node = {"not": node}
    return node


def test_deeply_nested_plain_data_fails_with_the_depth_error() -> None:
    deep = _nested_dict(DEEP)
    for load in (rule_from_data, criteria_set_from_data, unit_from_data):
        with pytest.raises(FormatError) as info:
            load(deep)
        assert "levels deep" in _depth_message(info.value)


def test_self_referencing_plain_data_fails_with_the_depth_error() -> None:
    loop: dict[str, Any] = {"not": None}
    loop["not"] = loop
    with pytest.raises(FormatError) as info:
        rule_from_data(loop)
    assert "levels deep" in _depth_message(info.value)
    items: list[Any] = []
    items.append(items)
    with pytest.raises(FormatError):
        rule_from_data({"all_of": items})


def test_rule_depth_limit_matches_the_core() -> None:
    ok = _nested_dict(MAX_RULE_DEPTH - 1)
    assert isinstance(rule_from_data(ok), Not)
    with pytest.raises(FormatError) as info:
        rule_from_data(_nested_dict(MAX_RULE_DEPTH))
    (problem,) = info.value.problems
    assert problem.path == "$" + ".not" * MAX_RULE_DEPTH
    assert f"more than {MAX_RULE_DEPTH} levels deep" in problem.message


def test_limits_are_configurable() -> None:
    deeper = _nested_dict(20)
    assert isinstance(rule_from_data(deeper), Not)
    with pytest.raises(FormatError):
        rule_from_data(deeper, max_rule_depth=10)
    # the core refuses rules deeper than 64 levels whatever the loader's limit
    with pytest.raises(FormatError):
        rule_from_data(_nested_dict(80), max_rule_depth=100)
    with pytest.raises(FormatError) as info:
        rule_from_data({"all_of": [{"all_of": [{"rule_param": "x"}]}]}, max_depth=3)
    assert "more than 3 levels deep" in _depth_message(info.value)
    text = '{"format": "ntmcriteria/unit", "version": 1, "level": "village", "code": "01"}'
    assert unit_from_json(text, max_size=len(text)).code == "01"
    with pytest.raises(FormatError) as info:
        unit_from_json(text, max_size=len(text) - 1)
    assert "max_size" in str(info.value)
    with pytest.raises(FormatError):
        unit_from_json(text.encode(), max_size=10)


@pytest.mark.parametrize("bad", [0, -1, True, "10", 1.5])
def test_bad_limits_are_refused(bad: Any) -> None:
    with pytest.raises(FormatError):
        unit_from_json("{}", max_depth=bad)
    with pytest.raises(FormatError):
        unit_from_json("{}", max_size=bad)
    with pytest.raises(FormatError):
        rule_from_data({"rule_param": "x"}, max_rule_depth=bad)


def test_a_raised_depth_limit_still_gives_a_format_error() -> None:
    with pytest.raises(FormatError):
        unit_from_json("[" * DEEP + "]" * DEEP, max_depth=10 * DEEP)


def test_dumping_a_rule_deeper_than_the_limit_is_refused_cleanly() -> None:
    rule: Rule = rule_param("x")
    for _ in range(20):
        rule = Not(rule)
    with pytest.raises(FormatError) as info:
        rule_to_data(rule, max_rule_depth=10)
    assert "nested 21 levels deep" in str(info.value)
    # a rule cannot even be built deeper than the core's limit
    for _ in range(43):
        rule = Not(rule)
    with pytest.raises(NTMValueError, match="at most 64 levels deep"):
        Not(rule)
    assert rule_to_data(Not(yes("a")), max_rule_depth=2) == {
        "not": {"compare": {"fact": "a"}, "op": "==", "threshold": True}}
