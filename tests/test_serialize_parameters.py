"""Parameter values as a JSON object (``parameters_from_data``): the values a set document
writes for a parameter's default, every problem at once with its path."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria.catalog import get, illustrative_communes, illustrative_parameters
from ntmcriteria.rules import yes
from ntmcriteria.serialize import FormatError, parameters_from_data, rule_to_data
from ntmcriteria.serialize._dump import parameter_value_to_data
from ntmcriteria.thresholds import Schedule

MODEL = "qn.commune.model.group2.2021-2025"


def test_the_illustrative_values_written_as_data_load_back_and_assess_the_same() -> None:
    cs = get(MODEL)
    values = illustrative_parameters(cs)
    data = {"$schema": "x", **{k: parameter_value_to_data(v) for k, v in values.items()}}
    loaded = parameters_from_data(cs, data)
    assert loaded == dict(values)
    units = illustrative_communes(2024)[12:20]
    for unit in units:
        assert cs.assess(unit, year=2024, parameters=loaded).outcome is cs.assess(
            unit, year=2024, parameters=values).outcome


def test_numbers_stay_exact() -> None:
    cs = get(MODEL)
    loaded = parameters_from_data(cs, {
        "vn318.road_maintenance.advanced": "80.10",
        "vn318.poverty.ntm": {"schedule": [{"region": "DHNTB", "value": "4.5"}]},
        "vn318.ntm.c01.rule": rule_to_data(yes("vn318.ntm.c01.appraised"))})
    assert loaded["vn318.road_maintenance.advanced"] == Decimal("80.10")
    assert loaded["vn318.poverty.ntm"] == Schedule({"DHNTB": Decimal("4.5")})
    assert loaded["vn318.ntm.c01.rule"] == yes("vn318.ntm.c01.appraised")


def test_every_problem_with_its_path_and_a_did_you_mean() -> None:
    cs = get(MODEL)
    with pytest.raises(FormatError) as caught:
        parameters_from_data(cs, {"vn318.income.ntn": 3, "vn318.ntm.c01.rule": 5,
                                  "vn318.road_maintenance.advanced": rule_to_data(yes("x")),
                                  "vn318.poverty.ntm": None, 7: 1})
    paths = [p.path for p in caught.value.problems]
    assert paths == ["$['vn318.income.ntn']", "$['vn318.ntm.c01.rule']",
                     "$['vn318.road_maintenance.advanced']", "$['vn318.poverty.ntm']", "$['7']"]
    assert "(did you mean 'vn318.income.ntm'?)" in caught.value.problems[0].message
    for data in ([1, 2], "x", None):
        with pytest.raises(FormatError, match="expected an object mapping parameter names"):
            parameters_from_data(cs, data)
    with pytest.raises(FormatError, match="criteria_set must be a CriteriaSet"):
        parameters_from_data("qn", {})  # type: ignore[arg-type]


@given(st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.integers(), st.text(),
                                                      st.lists(st.integers(), max_size=2)),
                       max_size=4))
def test_any_object_loads_or_is_refused_with_problems(data: dict[str, object]) -> None:
    cs = get(MODEL)
    problems: tuple[object, ...] = ()
    loaded: dict[str, object] = {}
    try:
        loaded = parameters_from_data(cs, data)
    except FormatError as exc:
        problems = tuple(exc.problems)
    if problems:
        assert not loaded
    else:
        assert set(loaded) <= set(cs.all_parameters)
        assert set(loaded) == {k for k, v in data.items() if k != "$schema"}
