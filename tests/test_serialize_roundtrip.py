"""Round-trip laws: load(dump(x)) == x, and JSON text round-trips identically."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria import strategies as lib
from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.rules import Rule, fact, param, schedule, share, yes
from ntmcriteria.serialize import (
    CRITERIA_SET_FORMAT,
    FORMAT_VERSION,
    UNIT_FORMAT,
    converter,
    criteria_set_from_data,
    criteria_set_from_json,
    criteria_set_to_data,
    criteria_set_to_json,
    from_json,
    rule_from_data,
    rule_to_data,
    threshold_from_data,
    threshold_to_data,
    to_json,
    unit_from_data,
    unit_from_json,
    unit_to_data,
    unit_to_json,
)
from ntmcriteria.thresholds import Const, Threshold, to_threshold
from ntmcriteria.units import Commune, District, Province, Unit, Village
from tests import _gen

# ----------------------------------------------------------------------------- helpers


def _exact_json(text: str) -> object:
    return json.loads(text, parse_float=Decimal)


def _assert_set_round_trips(cs: CriteriaSet) -> None:
    data = criteria_set_to_data(cs)
    assert criteria_set_from_data(data) == cs
    text = criteria_set_to_json(cs)
    loaded = criteria_set_from_json(text)
    assert loaded == cs
    assert criteria_set_to_json(loaded) == text
    assert criteria_set_to_data(loaded) == data
    assert converter.structure(converter.unstructure(cs), CriteriaSet) == cs


def _assert_unit_round_trips(unit: Unit) -> None:
    data = unit_to_data(unit)
    assert unit_from_data(data) == unit
    text = unit_to_json(unit)
    loaded = unit_from_json(text)
    assert loaded == unit
    assert type(loaded) is type(unit)
    assert unit_to_json(loaded) == text
    assert converter.structure(converter.unstructure(unit), type(unit)) == unit


# ------------------------------------------------------------------------------ units
@given(st.one_of(lib.villages(years=(2019, 2020)), lib.communes(years=(2018, 2020)),
                 lib.districts(), lib.provinces()))
def test_generated_units_round_trip(unit: Unit) -> None:
    _assert_unit_round_trips(unit)


@given(_gen.districts_with_townships())
def test_units_with_townships_odd_text_and_decimals_round_trip(unit: District) -> None:
    _assert_unit_round_trips(unit)


@given(_gen.provinces_without_districts())
def test_provinces_with_communes_wards_groups_and_mergers_round_trip(unit: Unit) -> None:
    _assert_unit_round_trips(unit)


# ------------------------------------------------------------------------------ rules
@given(lib.indicators(min_size=1, max_size=4).flatmap(
    lambda inds: lib.rules(indicators=inds, max_depth=4)))
def test_generated_rules_round_trip(rule: Rule) -> None:
    data = rule_to_data(rule)
    assert rule_from_data(data) == rule
    text = to_json(rule)
    assert rule_from_data(_exact_json(text)) == rule
    assert to_json(rule_from_data(_exact_json(text))) == text


@given(_gen.rules())
def test_rules_of_every_kind_round_trip(rule: Rule) -> None:
    assert rule_from_data(rule_to_data(rule)) == rule
    assert converter.structure(converter.unstructure(rule), Rule) == rule


@given(_gen.thresholds().map(to_threshold))
def test_thresholds_round_trip(threshold: Threshold) -> None:
    assert threshold_from_data(threshold_to_data(threshold)) == threshold


# ----------------------------------------------------------------------- criteria sets
@given(lib.criteria_sets(level="commune", max_criteria=4))
def test_generated_criteria_sets_round_trip(cs: CriteriaSet) -> None:
    _assert_set_round_trips(cs)


@given(st.sampled_from(["village", "district", "province"]).flatmap(
    lambda level: lib.criteria_sets(level=level, max_criteria=3)))
def test_generated_sets_of_other_levels_round_trip(cs: CriteriaSet) -> None:
    _assert_set_round_trips(cs)


@given(_gen.rich_sets())
def test_sets_with_every_field_and_kind_round_trip(cs: CriteriaSet) -> None:
    _assert_set_round_trips(cs)


def test_derived_set_keeps_its_history() -> None:
    from ntmcriteria.changes import DropCriterion, ReplaceThreshold, SetParameter

    national = _national()
    derived = national.derive(id="qn.commune", label_vi="Bộ tiêu chí tỉnh Quảng Nam",
                              changes=[
        SetParameter(name="water_share", value=Decimal("92.5"), citation=_gen.CITATION),
        ReplaceThreshold(criterion_id="income", threshold=Decimal("50.05"),
                         citation=_gen.CITATION),
        DropCriterion(criterion_id="station", citation=_gen.CITATION),
    ])
    _assert_set_round_trips(derived)
    data = criteria_set_to_data(derived)
    assert data["derived_from"] == national.id
    assert [next(iter(c)) for c in data["changes"]] == [
        "set_parameter", "replace_threshold", "drop_criterion"]
    loaded = criteria_set_from_data(data)
    assert loaded.changes == derived.changes
    assert loaded.parameter("water_share").default == Decimal("92.5")


def _national() -> CriteriaSet:
    from ntmcriteria.criteria import Criterion, Parameter

    return CriteriaSet(
        id="vn.commune", label_vi="Bộ tiêu chí quốc gia", label_en="National set",
        level="commune", valid_from=2021, valid_to=2025, indicators=_gen.INDICATORS,
        parameters=(Parameter(name="water_share", label_vi="Tỷ lệ nước sạch",
                              label_en="Water share", citation=_gen.CITATION,
                              measure="percent"),),
        criteria=(
            Criterion(id="income", number="10", label_vi="Thu nhập", label_en="Income",
                      citation=_gen.CITATION,
                      rule=fact("income") >= schedule({"DBSH": 48, "TN": Decimal("41.5")})),
            Criterion(id="water", number="17.1", label_vi="Nước sạch", label_en="Water",
                      citation=_gen.CITATION, rule=fact("water") >= param("water_share")),
            Criterion(id="station", number="15", label_vi="Y tế", label_en="Health",
                      citation=_gen.CITATION,
                      rule=share("village", yes("station"), at_least=100)),
        ),
    )


# ------------------------------------------------------------------ format and numbers
def test_documents_carry_format_and_version_first() -> None:
    cs_data = criteria_set_to_data(_national())
    assert list(cs_data)[:2] == ["format", "version"]
    assert cs_data["format"] == CRITERIA_SET_FORMAT
    assert cs_data["version"] == FORMAT_VERSION == 1
    unit_data = unit_to_data(Commune(code="001", villages=[Village(code="01")]))
    assert (unit_data["format"], unit_data["version"]) == (UNIT_FORMAT, 1)
    assert "format" not in unit_data["villages"][0]


def test_rule_kinds_are_snake_case_names_not_class_names() -> None:
    data = rule_to_data(share("village", yes("station") & ~yes("station"), at_least=30))
    text = json.dumps(data)
    for class_name in ("Share", "AllOf", "Not", "Compare", "Fact", "Const"):
        assert class_name not in text
    assert data == {"share": "village",
                    "rule": {"all_of": [
                        {"compare": {"fact": "station"}, "op": "==", "threshold": True},
                        {"not": {"compare": {"fact": "station"}, "op": "==", "threshold": True}},
                    ]},
                    "at_least": 30}


@given(_gen.decimals)
def test_decimals_are_written_with_their_exact_text(value: Decimal) -> None:
    text = to_json(fact("income") >= value, indent=None)
    written = text.split('"threshold":')[1].rstrip("}")
    assert Decimal(written) == value
    loaded = rule_from_data(_exact_json(text))
    assert loaded.threshold.value == value  # type: ignore[attr-defined]
    assert not isinstance(loaded.threshold.value, float)  # type: ignore[attr-defined]


def test_decimal_strings_load_exactly_and_never_through_float() -> None:
    rule = rule_from_data({"compare": {"fact": "income"}, "op": ">=",
                           "threshold": "0.1000000000000000000000001"})
    assert rule.threshold.value == Decimal("0.1000000000000000000000001")  # type: ignore[attr-defined]
    from_text = criteria_set_from_json(criteria_set_to_json(_national()).replace(
        '"TN",\n              "value": 41.5', '"TN",\n              "value": "41.50"'))
    rule = from_text.criterion("income").rule
    assert (rule.threshold.entries[-1][1]  # type: ignore[attr-defined]
            == Decimal("41.50"))


def test_json_numbers_are_parsed_exactly() -> None:
    unit = unit_from_json('{"format": "ntmcriteria/unit", "version": 1, "level": "commune",'
                          ' "code": "1", "facts": {"income": 44.999999999999999999}}')
    assert unit.facts["income"] == Decimal("44.999999999999999999")


def test_booleans_stay_booleans() -> None:
    unit = Commune(code="1", facts={"station": True, "poor": 1, "other": False, "zero": 0})
    data = unit_to_data(unit)
    assert data["facts"] == {"station": True, "poor": 1, "other": False, "zero": 0}
    assert [type(v) for v in data["facts"].values()] == [bool, int, bool, int]
    assert '"station": true' in unit_to_json(unit)
    loaded = unit_from_json(unit_to_json(unit))
    assert loaded.facts["station"] is True
    assert loaded.facts["other"] is False
    assert type(loaded.facts["poor"]) is int


def test_history_years_are_string_keys_in_json() -> None:
    unit = Commune(code="1", history={2019: {"income": Decimal("40.1")}, 2020: {}})
    assert unit_to_data(unit)["history"] == {"2019": {"income": Decimal("40.1")}, "2020": {}}
    assert unit_from_json(unit_to_json(unit)).history == unit.history


def test_from_json_dispatches_on_format() -> None:
    cs = _national()
    unit = Province(code="49", communes=[Commune(code="20345")])
    assert from_json(criteria_set_to_json(cs)) == cs
    assert from_json(unit_to_json(unit)) == unit


def test_vietnamese_text_is_kept_with_diacritics() -> None:
    text = unit_to_json(Commune(code="1", name="Xã Tam Thanh – Núi Thành"))
    assert "Xã Tam Thanh – Núi Thành" in text
    assert unit_from_json(text.encode("utf-8")).name == "Xã Tam Thanh – Núi Thành"


def test_converter_structures_the_unions_and_checks_the_class() -> None:
    from ntmcriteria.serialize import FormatError
    from ntmcriteria.units import Township

    unit = District(code="206", townships=[Township(code="20300")])
    assert converter.structure(converter.unstructure(unit), Unit) == unit  # type: ignore[arg-type]
    assert converter.structure(45, Threshold) == to_threshold(45)  # type: ignore[arg-type]
    with pytest.raises(FormatError):
        converter.structure(converter.unstructure(unit), Commune)
    with pytest.raises(FormatError):
        converter.structure({"param": "x"}, Const)
