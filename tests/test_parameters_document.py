"""Parameter documents: values for a set's parameters kept in a small file."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from ntmcriteria import Citation
from ntmcriteria.catalog import get
from ntmcriteria.catalog._vn_51 import GROUP_CONFLICT, NTM_ID
from ntmcriteria.rules import RuleTable, rule_table, yes
from ntmcriteria.serialize import (
    FormatError,
    parameters_from_data,
    parameters_from_json,
    parameters_to_json,
)


def _document(values: dict[str, Any], set_id: str = NTM_ID) -> dict[str, Any]:
    return {"format": "ntmcriteria/parameters", "version": 1, "criteria_set": set_id,
            "values": values}


def test_values_rules_tables_and_choices_round_trip() -> None:
    cs = get(NTM_ID)
    values = {"vn51.ntm.c01.rule": yes("vn51.ntm.c01.appraised"),
              "vn51.ntm.c02.rule": rule_table({"1": yes("vn51.ntm.c02.appraised")}, by="group"),
              GROUP_CONFLICT: "3"}
    source = Citation(document="Quyết định của tỉnh (minh họa)", confidence="unknown")
    text = parameters_to_json(cs, values, source)
    assert json.loads(text)["source"]["document"] == source.document
    loaded = parameters_from_json(cs, text)
    assert loaded == cs.resolve_parameters(values)
    assert isinstance(loaded["vn51.ntm.c02.rule"], RuleTable)


def test_a_schedule_by_region_and_year_for_the_2021_2025_set() -> None:
    cs = get("vn.commune.ntm.2021-2025")
    loaded = parameters_from_data(cs, _document(
        {"vn318.income.ntm": {"schedule": [{"region": "DHNTB", "year": 2024, "value": "45.5"}]}},
        set_id=cs.id))
    assert loaded["vn318.income.ntm"].lookup("DHNTB", 2024) == Decimal("45.5")


def test_every_problem_is_reported_with_its_path() -> None:
    cs = get(NTM_ID)
    bad = _document({
        "vn51.ntm.c01.rul": yes_data(),                       # a typo
        "vn51.ntm.c02.rule": 45,                              # a number for a rule
        GROUP_CONFLICT: "7",                                  # not a group
        "vn51.ntm.c03.rule": {"rule_table": [{"group": "1"}]},  # no rule
    }, set_id="vn.commune.ntm.2021-2025")
    with pytest.raises(FormatError) as info:
        parameters_from_data(cs, bad)
    text = str(info.value)
    assert "$.criteria_set" in text
    assert "$.values['vn51.ntm.c01.rul']: unknown parameter" in text
    assert "$.values['vn51.ntm.c02.rule']: expected rule" in text
    assert "did you mean 'vn51.ntm.c01.rule'" in text
    assert "not a value of the classification 'group'" in text
    assert "missing the required key 'rule'" in text
    assert len(info.value.problems) == 5


def yes_data() -> dict[str, Any]:
    return {"compare": {"fact": "vn51.ntm.c01.appraised"}, "op": "==", "threshold": True}
