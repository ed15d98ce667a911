"""Units: codes, names, facts, history, recognitions and children."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest

from ntmcriteria import (
    Commune,
    District,
    Level,
    Province,
    Recognition,
    Region,
    Tier,
    Township,
    Village,
)
from ntmcriteria.errors import NTMError, NTMTypeError, NTMValueError


def test_code_keeps_leading_zeros_and_must_be_a_string() -> None:
    assert Commune(code="00123").code == "00123"
    with pytest.raises(NTMTypeError, match=r"code must be a string.*got int 123"):
        Commune(code=123)
    with pytest.raises(NTMValueError, match="code must not be empty"):
        Village(code="  ")


def test_names_are_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Tiên Phước")
    assert decomposed != "Tiên Phước"
    assert District(code="1", name=decomposed).name == "Tiên Phước"


def test_facts_are_exact_and_none_is_missing() -> None:
    commune = Commune(code="1", facts={"income": 0.1, "poor": 3, "ok": True, "gone": None})
    assert commune.facts["income"] == Decimal("0.1")
    assert isinstance(commune.facts["poor"], int)
    assert commune.facts["ok"] is True
    assert "gone" not in commune.facts


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"income": "59,9"}, r"facts\['income'\] must be a Decimal, int, float or bool .*'59,9'"),
        ({"income": float("nan")}, r"facts\['income'\] must be a finite number"),
        ({1: 2}, "facts keys must be strings"),
    ],
)
def test_bad_facts_name_the_field(facts: dict[object, object], message: str) -> None:
    with pytest.raises(NTMError, match=message):
        Commune(code="1", facts=facts)


def test_history_and_facts_at() -> None:
    commune = Commune(
        code="1", facts={"a": 2}, history={2020: {"a": 1, "b": 5}, 2024: {"a": 9, "c": 1}}
    )
    assert commune.facts_at(2020, 2024) == {"a": 1, "b": 5}
    # in the assessment year, facts override that year's history
    assert commune.facts_at(2024, 2024) == {"a": 2, "c": 1}
    assert commune.facts_at(2019, 2024) == {}
    with pytest.raises(NTMTypeError, match="history keys must be years as int"):
        Commune(code="1", history={"2020": {}})


def test_recognitions_accept_tier_names() -> None:
    commune = Commune(code="1", recognitions={"ntm": 2015, Tier.ADVANCED: 2022})
    assert commune.recognitions[Tier.NTM] == Recognition(2015)
    assert commune.recognitions[Tier.ADVANCED].year == 2022
    with pytest.raises(NTMValueError, match="recognitions key must be one of"):
        Commune(code="1", recognitions={"modle": 2022})


def test_region_by_code_or_member() -> None:
    assert Commune(code="1", region="DHNTB").region is Region.DHNTB
    with pytest.raises(NTMValueError, match="region must be one of"):
        Commune(code="1", region="Quang Nam")


def test_children_checked_and_unique() -> None:
    with pytest.raises(NTMTypeError, match=r"villages\[0\] must be a Village"):
        Commune(code="1", villages=[Commune(code="2")])
    with pytest.raises(NTMValueError, match="lists the code '01' twice"):
        Commune(code="1", villages=[Village(code="01"), Village(code="01")])


def test_depth_is_not_fixed() -> None:
    village = Village(code="v")
    commune = Commune(code="c", villages=[village])
    direct = Province(code="p", communes=[commune])  # no district level (after 2025)
    nested = Province(
        code="p", districts=[District(code="d", communes=[commune], townships=[Township(code="t")])]
    )
    assert list(direct.descendants(Level.VILLAGE)) == [village]
    assert list(nested.descendants(Level.VILLAGE)) == [village]
    assert [u.code for u in nested.descendants(Level.TOWNSHIP)] == ["t"]


def test_units_are_frozen_and_hashable() -> None:
    commune = Commune(code="1", facts={"a": 1})
    with pytest.raises(AttributeError):
        commune.code = "2"  # type: ignore[misc]
    assert hash(commune) == hash(Commune(code="1", facts={"a": 1}))
