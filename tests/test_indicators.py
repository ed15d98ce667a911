"""Indicators: declared units, types and bounds, checked when a fact is read."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ntmcriteria import Commune, Indicator
from ntmcriteria.errors import FactError, FactTypeError, NTMValueError
from ntmcriteria.rules import fact, yes
from tests._core_fixtures import ind, one_criterion_set


def test_fact_out_of_bounds_names_unit_indicator_value_and_bounds() -> None:
    cs = one_criterion_set(fact("insured") >= 95, ind("insured"))
    with pytest.raises(FactError) as info:
        cs.assess(Commune(code="20345", facts={"insured": Decimal("104.5")}), year=2024)
    message = str(info.value)
    for part in ("commune '20345'", "'insured'", "104.5", "[0, 100] %"):
        assert part in message
    assert isinstance(info.value, ValueError)


def test_fact_of_the_wrong_type_is_refused() -> None:
    cs = one_criterion_set(fact("schools") >= 2, ind("schools", "integer"))
    with pytest.raises(FactTypeError, match="must be a whole number"):
        cs.assess(Commune(code="1", facts={"schools": Decimal("2.5")}), year=2024)
    flag = one_criterion_set(yes("flag"), ind("flag", "boolean"))
    with pytest.raises(FactTypeError, match=r"must be yes/no .*got 1"):
        flag.assess(Commune(code="1", facts={"flag": 1}), year=2024)
    with pytest.raises(FactTypeError, match="must be a number"):
        cs.assess(Commune(code="1", facts={"schools": True}), year=2024)


def test_indicator_declaration_is_consistent() -> None:
    with pytest.raises(NTMValueError, match="indicator key must be lower-case"):
        ind("Income")
    with pytest.raises(NTMValueError, match="minimum 5 is above maximum 1"):
        ind("x", minimum=5, maximum=1)
    with pytest.raises(NTMValueError, match="needs value_type 'boolean'"):
        Indicator(key="x", label_vi="x", label_en="x", measure="yes_no", value_type="decimal")


def test_labels_are_nfc_and_bounds_default_for_percent() -> None:
    i = ind("insured")
    assert i.bounds == (0, 100)
    assert ind("n", "integer").bounds == (0, None)
