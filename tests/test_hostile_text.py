"""Hostile text: ids, line breaks and invisible characters (issue 10, items 8, 12, 14, 15).

The policy (``docs/security.md``): ids are NFC and may not hold control,
format (the bidirectional controls among them) or line-separator characters;
every rendering shows a line break inside a text as ``↵`` (Markdown and plain
text) and an invisible character as ``<U+XXXX>``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

import pytest

from ntmcriteria import Commune, CriteriaSet, Criterion, Indicator, Parameter, Village
from ntmcriteria.errors import NTMTypeError, NTMValueError, UnknownNameError
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import fact, labelled, meets, param, rule_param, yes
from ntmcriteria.serialize import FormatError, criteria_set_from_data, criteria_set_to_data
from tests._core_fixtures import SEED, ind, one_criterion_set

FLAG = ind("flag", "boolean")
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
        "\u2069", "\u200e", "\u200f", "\u061c"]
INVISIBLE = [*BIDI, "\u200b", "\u200d", "\ufeff", "\u00ad", "\x00", "\x1b", "\n", "\u2028"]


def _set(**kw: Any) -> CriteriaSet:
    base: dict[str, Any] = {
        "id": "s", "label_vi": "Bộ", "label_en": "Set", "level": "commune",
        "valid_from": 2021, "valid_to": 2025, "indicators": (FLAG,),
        "criteria": (Criterion(id="c1", number="1", label_vi="Tiêu chí", label_en="C",
                               rule=yes("flag"), citation=SEED),)}
    base.update(kw)
    return CriteriaSet(**base)


# ------------------------------------------------------------ item 8: indicator keys
@pytest.mark.parametrize("key", [5, ["x"], None, b"x", 1.5])
def test_an_indicator_key_that_is_not_a_string_is_a_clear_error(key: Any) -> None:
    with pytest.raises(NTMTypeError, match="indicator key must be a string"):
        Indicator(key=key, label_vi="a", label_en="a", measure="count", value_type="integer")


def test_a_fact_key_that_is_not_a_string_is_a_clear_error() -> None:
    with pytest.raises(NTMTypeError, match="indicator key must be a string"):
        fact(["x"])  # type: ignore[arg-type]


# ------------------------------------------------------------------- item 14: NFC ids
NFD = unicodedata.normalize("NFD", "tiêu_chí")
NFC = unicodedata.normalize("NFC", "tiêu_chí")


def test_ids_are_kept_in_nfc() -> None:
    assert NFD != NFC
    cs = _set(id=NFD, criteria=(Criterion(id=NFD, number="1", label_vi="a", label_en="a",
                                          rule=yes("flag"), citation=SEED),))
    assert cs.id == NFC
    assert cs.criteria[0].id == NFC
    assert cs.criterion(NFD).id == NFC  # looked up in NFC too
    assert cs.criterion(NFC).id == NFC


def test_two_ids_that_look_alike_are_the_same_id() -> None:
    one = Criterion(id=NFD, number="1", label_vi="a", label_en="a", rule=yes("flag"),
                    citation=SEED)
    two = Criterion(id=NFC, number="2", label_vi="b", label_en="b", rule=yes("flag"),
                    citation=SEED)
    with pytest.raises(NTMValueError, match="twice"):
        _set(criteria=(one, two))


def test_parameter_names_references_and_lookups_are_nfc_consistently() -> None:
    p = Parameter(name=NFD, label_vi="p", label_en="p", citation=SEED)
    q = Parameter(name="rule_" + NFD, label_vi="q", label_en="q", citation=SEED, kind="rule")
    assert p.name == NFC
    x = ind("x", "decimal", "score")
    cs = one_criterion_set((fact("x") >= param(NFD)) & rule_param("rule_" + NFC), x,
                           parameters=(p, q))
    assert cs.parameter(NFD).name == NFC
    unit = Commune(code="1", facts={"x": 5})
    # supplied under the other form, still the same parameter
    assessment = cs.assess(unit, year=2024, parameters={NFD: 3, "rule_" + NFD: fact("x") >= 1})
    assert assessment.outcome is Outcome.PASS
    ref = _set(id=NFD)
    top = _set(id="top", references=(ref,), criteria=(
        Criterion(id="c1", number="1", label_vi="a", label_en="a", rule=meets(NFC),
                  citation=SEED),))
    assert top.reference(NFD).id == NFC


def test_fact_keys_of_units_are_nfc() -> None:
    unit = Village(code="1", facts={unicodedata.normalize("NFD", "é"): 1})
    assert list(unit.facts) == [unicodedata.normalize("NFC", "é")]
    with pytest.raises(NTMValueError, match="twice"):
        Village(code="1", facts={unicodedata.normalize("NFD", "é"): 1,
                                 unicodedata.normalize("NFC", "é"): 2})


# --------------------------------------------------------- item 15: bidi and invisible
@pytest.mark.parametrize("char", INVISIBLE)
def test_ids_refuse_invisible_and_bidirectional_characters(char: str) -> None:
    name = f"U+{ord(char):04X}"
    for make in (lambda: _set(id=f"s{char}t"),
                 lambda: Criterion(id=f"c{char}1", number="1", label_vi="a", label_en="a",
                                   rule=yes("flag"), citation=SEED),
                 lambda: Parameter(name=f"p{char}q", label_vi="p", label_en="p", citation=SEED),
                 lambda: Commune(code=f"01{char}2"),
                 lambda: meets(f"s{char}t")):
        with pytest.raises(NTMValueError, match=re.escape(name)):
            make()


def test_a_document_with_a_bidi_control_in_an_id_is_refused_with_its_path() -> None:
    data = criteria_set_to_data(_set())
    data["criteria"][0]["id"] = "c\u202e1"
    with pytest.raises(FormatError) as info:
        criteria_set_from_data(data)
    assert "U+202E" in str(info.value)
    assert info.value.paths == ("$.criteria[0].id",)


def _spoofed() -> tuple[CriteriaSet, Commune]:
    label = "Tiêu chí \u202eĐẠT\u202c\u2066 giả"
    rule = labelled(yes("flag"), vi=label, en=label)
    cs = _set(label_vi="Bộ \u200b thử", criteria=(
        Criterion(id="c1", number="1", label_vi=label, label_en=label, rule=rule,
                  citation=SEED),))
    return cs, Commune(code="1", name="Xã \u202eA", facts={"flag": False})


@pytest.mark.parametrize("render", ["explain", "to_markdown", "to_html"])
def test_renderings_make_invisible_characters_visible(render: str) -> None:
    cs, unit = _spoofed()
    out = getattr(cs.assess(unit, year=2024), render)()
    for char in ("\u202e", "\u202c", "\u2066", "\u200b"):
        assert char not in out
    text = html.unescape(out).replace("\\", "")
    assert "<U+202E>ĐẠT<U+202C><U+2066>" in text
    assert "<U+200B>" in text


@pytest.mark.parametrize("render", ["to_markdown", "to_html"])
def test_the_official_table_makes_invisible_characters_visible(render: str) -> None:
    cs, _ = _spoofed()
    out = getattr(cs, render)()
    assert "\u202e" not in out
    assert "U+202E" in out


# -------------------------------------------------------- item 12: Markdown line breaks
INJECTION = "Nhãn\n- **ĐẠT** tiêu chí giả\n# Tiêu đề giả\r\n| a | b |\u2028x"


def _injected() -> tuple[CriteriaSet, Commune]:
    rule = labelled(yes("flag"), vi=INJECTION, en=INJECTION)
    cs = _set(criteria=(Criterion(id="c1", number="1\n2", label_vi=INJECTION,
                                  label_en=INJECTION, rule=rule, citation=SEED),))
    return cs, Commune(code="1", name="Xã\nGiả", facts={"flag": False})


@pytest.mark.parametrize("render", ["to_markdown", "explain"])
def test_a_line_break_in_a_label_cannot_inject_lines(render: str) -> None:
    cs, unit = _injected()
    out = getattr(cs.assess(unit, year=2024), render)()
    lines = out.splitlines()
    # no line of the output starts with injected text: every break was shown as ↵
    assert not any(line.lstrip().startswith(("- **ĐẠT** tiêu chí giả", "# Tiêu đề giả",
                                             "| a | b |", "x", "Giả", "2"))
                   for line in lines)
    assert "↵" in out
    assert out.count("\n") == len(lines)  # no \r, no U+2028 left
    assert "\u2028" not in out
    assert "\r" not in out


def test_table_rows_stay_one_line_each() -> None:
    cs, unit = _injected()
    md = cs.assess(unit, year=2024).to_markdown()
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    assert rows
    assert all(line.endswith(" |") and line.count(" | ") == 2 for line in rows)
    table = cs.to_markdown()
    assert all(line.endswith("|") for line in table.splitlines() if line.startswith("|"))


def test_unknown_names_are_still_reported_with_a_suggestion() -> None:
    cs = _set()
    with pytest.raises(UnknownNameError, match=r"did you mean 'c1'\?"):
        cs.criterion("c1x")
