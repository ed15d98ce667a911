"""Hostile documents: the pre-parse scanner, lone surrogates, bounded problems and quoting.

Issue 10, items 1, 13 and 16: a document that is small (well under the size
limit) must not make the loader hang or take memory out of proportion, and what
it cannot accept is refused with a path and a message of bounded length.
Work is counted (characters examined, memory traced), never timed.
"""

from __future__ import annotations

import json
import tracemalloc
from typing import Any

import pytest

from ntmcriteria.limits import DEFAULT_MAX_DEPTH, MAX_PROBLEMS, MAX_QUOTED
from ntmcriteria.serialize import (
    FormatError,
    criteria_set_from_json,
    rule_from_data,
    unit_from_data,
    unit_from_json,
    unit_to_json,
)
from ntmcriteria.serialize._safety import parse_json, scan_depth

UNIT = {"format": "ntmcriteria/unit", "version": 1, "level": "commune", "code": "01"}


# ---------------------------------------------------------------- item 1: the scanner
HOSTILE_TEXTS = {
    # the issue's examples: an unterminated string of escaped quotes
    "escaped quotes, never closed": '"' + '\\"' * 20_000,
    "escaped quotes in an array, never closed": '["' + '\\"' * 20_000,
    "backslash runs, never closed": '"' + "\\\\" * 20_000,
    "many short strings": '[' + '"\\"", ' * 5_000 + '"x"]',
    "quotes and brackets": '[' + '"[{\\"}]", ' * 5_000 + '1]',
    "a long plain string, never closed": '"' + "a" * 40_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXTS))
def test_the_scanner_examines_each_character_at_most_once(name: str) -> None:
    text = HOSTILE_TEXTS[name]
    examined = scan_depth(text, DEFAULT_MAX_DEPTH, "document")
    # one pass: the old scanner re-examined the rest of the text at every escaped quote
    assert examined <= len(text)


def test_the_scanner_needs_constant_extra_memory() -> None:
    text = '"' + '\\"' * 500_000  # a 1 MB unterminated string
    tracemalloc.start()
    try:
        scan_depth(text, DEFAULT_MAX_DEPTH, "document")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # the backtracking scanner held about 70 bytes per character here (70 MB)
    assert peak < 64_000


def test_an_unterminated_string_is_a_format_error_not_a_hang() -> None:
    with pytest.raises(FormatError, match="Unterminated string"):
        parse_json('"' + '\\"' * 200_000, what="document")


def test_brackets_inside_escaped_strings_still_do_not_count() -> None:
    deep = "[" * 10 + '"\\"]]]]]]]]]]]]]]]]]]]]]]]\\\\"' + "]" * 10
    assert parse_json(deep, what="document", max_depth=10) is not None
    with pytest.raises(FormatError, match="nested more than 9 levels"):
        parse_json(deep, what="document", max_depth=9)


def test_depth_counting_continues_after_a_string_with_escapes() -> None:
    text = '["\\\\", ' + "[" * 20 + "]" * 20 + "]"
    with pytest.raises(FormatError, match="nested more than 5 levels"):
        parse_json(text, what="document", max_depth=5)


# ---------------------------------------------------------- item 13: lone surrogates
def test_a_lone_surrogate_from_json_text_is_refused_with_its_path() -> None:
    text = json.dumps({**UNIT, "name": "Xã \ud800"})
    with pytest.raises(FormatError) as info:
        unit_from_json(text)
    assert info.value.paths == ("$.name",)
    assert "U+D800" in str(info.value)


def test_a_lone_surrogate_in_a_key_or_nested_value_is_refused_with_its_path() -> None:
    data = {**UNIT, "villages": [{"level": "village", "code": "v1",
                                  "facts": {"a\udfff": 1}}]}
    with pytest.raises(FormatError) as info:
        unit_from_data(data)
    assert info.value.paths == ("$.villages[0].facts",)
    assert "U+DFFF" in str(info.value)


def test_constructors_refuse_lone_surrogates_too() -> None:
    from ntmcriteria import Commune
    from ntmcriteria.errors import NTMValueError

    with pytest.raises(NTMValueError, match=r"name holds a lone surrogate \(U\+D83D\)"):
        Commune(code="01", name="Xã \ud83d")


def test_every_accepted_document_can_be_written_as_utf8() -> None:
    unit = unit_from_json(json.dumps({**UNIT, "name": "Xã Tam Thanh \U0001F600"}))
    unit_to_json(unit).encode("utf-8")  # a surrogate pair decodes to one character


# ----------------------------------------------------------- item 16: bounded quoting
def test_a_five_million_character_unknown_key_gives_a_short_message() -> None:
    key = "k" * 5_000_000
    with pytest.raises(FormatError) as info:
        unit_from_data({**UNIT, key: 1})
    message = str(info.value)
    assert len(message) < 2_000
    assert "5,000,000 characters" in message
    assert "k" * (MAX_QUOTED + 1) not in message


def test_a_long_bad_value_is_quoted_by_a_bounded_prefix() -> None:
    with pytest.raises(FormatError) as info:
        rule_from_data({"compare": {"fact": "x" * 1_000_000}, "op": "~", "threshold": 1})
    assert len(str(info.value)) < 2_000


def test_a_long_unknown_name_in_python_gives_a_short_message() -> None:
    from ntmcriteria.errors import UnknownNameError
    from ntmcriteria.rules import fact
    from tests._core_fixtures import INCOME, one_criterion_set

    cs = one_criterion_set(fact("income") >= 1, INCOME)
    with pytest.raises(UnknownNameError) as info:
        cs.criterion("c" * 3_000_000)
    assert len(str(info.value)) < 1_000
    assert "3,000,000 characters" in str(info.value)


def test_a_million_bad_values_stop_the_loader_after_max_problems() -> None:
    data: dict[str, Any] = {**UNIT, "facts": {f"k{i}": "not a number" for i in range(200_000)}}
    with pytest.raises(FormatError) as info:
        unit_from_data(data)
    problems = info.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert "stopped reading after" in problems[-1].message
    assert len(str(info.value)) < 20_000  # 50 problems shown, then "... and N more"


def test_many_bad_parts_of_one_rule_stop_after_max_problems() -> None:
    data = {"all_of": [{"compare": {"fact": "a"}, "op": "~", "threshold": 1}] * 50_000}
    with pytest.raises(FormatError) as info:
        rule_from_data(data)
    assert len(info.value.problems) <= MAX_PROBLEMS + 1


def test_a_set_document_with_a_huge_id_is_refused_briefly() -> None:
    doc = {"format": "ntmcriteria/criteria-set", "version": 1, "id": " " + "x" * 100_000,
           "label_vi": "a", "label_en": "a", "level": "commune", "valid_from": 2021,
           "valid_to": 2025, "criteria": []}
    with pytest.raises(FormatError) as info:
        criteria_set_from_json(json.dumps(doc))
    assert len(str(info.value)) < 2_000
