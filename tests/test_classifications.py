"""Classifications, hand-computed: the commune-group resolver of Decision 51/2025 at each
boundary, thresholds and rule tables keyed by group, zones, inheritance, and the checks a
set makes when it is built.

Every case is run through the interpreter (``assess`` + traces) and through the compiled
plan from unit objects and plain records, on both backends.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ntmcriteria import (
    Citation,
    Classification,
    ClassRule,
    ClassValue,
    Commune,
    CriteriaSet,
    Criterion,
    Indicator,
    NTMError,
    Outcome,
    Parameter,
    RegionOverride,
    UnknownNameError,
    Village,
)
from ntmcriteria.catalog import appraisal_rules, get
from ntmcriteria.catalog._vn_51 import GROUP_CONFLICT, NTM_ID
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.evaluation.context import Context, Session
from ntmcriteria.evaluation.sources import RecordSource
from ntmcriteria.rules import fact, param, rule_param, rule_table, schedule, share, yes

CITE = Citation(document="Kiểm thử", confidence="unknown")
NEUTRAL = {"adjacent_existing_urban_area": False, "urban_development_orientation": False,
           "agriculture_share_of_economy": Decimal(40), "designated_new_urban_area": False,
           "ethnic_minority_area_level": 0}
WAYS = [("units", "python"), ("records", "python"), ("records", "numpy")]


def _record(unit: Commune) -> dict[str, Any]:
    out: dict[str, Any] = {"code": unit.code, "facts": dict(unit.facts)}
    if unit.group is not None:
        out["group"] = unit.group
    if unit.zone is not None:
        out["zone"] = unit.zone
    if unit.region is not None:
        out["region"] = unit.region.value
    if unit.villages:
        out["villages"] = [{"code": v.code, "facts": dict(v.facts),
                            **({"zone": v.zone} if v.zone else {})} for v in unit.villages]
    return out


def _outcomes(cs: CriteriaSet, unit: Commune, year: int, parameters: dict[str, Any]
              ) -> set[Outcome]:
    """The set's outcome by every way of assessing (they must agree: one element)."""
    values = cs.resolve_parameters(parameters)
    found = {cs.assess(unit, year=year, parameters=parameters).outcome}
    plan = cs.compile(values)
    from ntmcriteria.evaluation.sources import UnitSource
    for source, backend in WAYS:
        rows: list[Any] = [unit] if source == "units" else [_record(unit)]
        src = UnitSource(cs.level) if source == "units" else RecordSource(cs.level)
        found.add(plan.run(src, rows, year, backend=backend).outcomes(cs.id)[0])
    return found


def _group_of(facts: dict[str, Any], parameters: dict[str, Any] | None = None,
              group: str | None = None) -> tuple[str | None, tuple[Any, ...]]:
    cs = get(NTM_ID)
    unit = Commune(code="x", facts=facts, group=group)
    ctx = Context(unit=unit, year=2026, assessment_year=2026, criteria_set=cs,
                  parameters=cs.resolve_parameters(parameters or {}), session=Session())
    return ctx.classify("group")


# ----------------------------------------------------------------- the commune-group resolver
def test_agriculture_share_exactly_ten_percent_is_not_under_ten() -> None:
    assert _group_of({**NEUTRAL, "agriculture_share_of_economy": Decimal(10)})[0] == "2"
    assert _group_of({**NEUTRAL, "agriculture_share_of_economy": Decimal("9.99")})[0] == "1"
    assert _group_of({**NEUTRAL, "agriculture_share_of_economy": Decimal("10.01")})[0] == "2"


def test_the_other_ways_into_group_one() -> None:
    # next to an existing urban area AND meant to become urban
    assert _group_of({**NEUTRAL, "adjacent_existing_urban_area": True,
                      "urban_development_orientation": True})[0] == "1"
    assert _group_of({**NEUTRAL, "adjacent_existing_urban_area": True})[0] == "2"
    assert _group_of({**NEUTRAL, "urban_development_orientation": True})[0] == "2"
    assert _group_of({**NEUTRAL, "designated_new_urban_area": True})[0] == "1"


@pytest.mark.parametrize(("level", "group"), [(0, "2"), (1, "2"), (2, "3"), (3, "3")])
def test_area_two_and_three_are_group_three(level: int, group: str) -> None:
    assert _group_of({**NEUTRAL, "ethnic_minority_area_level": level})[0] == group


def test_a_commune_matching_groups_one_and_three_is_unknown_naming_the_parameter() -> None:
    facts = {**NEUTRAL, "agriculture_share_of_economy": Decimal(5),
             "ethnic_minority_area_level": 3}
    code, missing = _group_of(facts)
    assert code is None
    assert [(m.kind, m.key) for m in missing] == [("parameter", GROUP_CONFLICT)]
    assert "nhóm 1" in missing[0].label_vi.lower()
    assert "nhóm 3" in missing[0].label_vi.lower()
    assert _group_of(facts, {GROUP_CONFLICT: "1"})[0] == "1"
    assert _group_of(facts, {GROUP_CONFLICT: "3"})[0] == "3"
    with pytest.raises(NTMValueError, match="not a value of the classification 'group'"):
        get(NTM_ID).resolve_parameters({GROUP_CONFLICT: "4"})


def test_no_classifying_facts_is_unknown_naming_the_facts() -> None:
    code, missing = _group_of({})
    assert code is None
    keys = {m.key for m in missing}
    assert {"agriculture_share_of_economy", "ethnic_minority_area_level",
            "designated_new_urban_area"} <= keys
    # a conflict cannot be excluded either: the choice parameter is named too
    assert GROUP_CONFLICT in keys


def test_kleene_a_known_group_three_with_unknown_group_one_facts() -> None:
    facts = {"ethnic_minority_area_level": 3}
    assert _group_of(facts)[0] is None  # group 1 may hold too, and no choice is supplied
    # with the choice "3", both ways give group 3: decided without the group-1 facts
    assert _group_of(facts, {GROUP_CONFLICT: "3"})[0] == "3"
    assert _group_of(facts, {GROUP_CONFLICT: "1"})[0] is None
    # group 1 known to fail: the residual rule cannot apply, group 3 holds
    assert _group_of({**NEUTRAL, "ethnic_minority_area_level": 3})[0] == "3"


def test_the_units_own_group_wins_over_the_resolver() -> None:
    facts = {**NEUTRAL, "agriculture_share_of_economy": Decimal(5)}
    assert _group_of(facts)[0] == "1"
    assert _group_of(facts, group="2") == ("2", ())
    assert _group_of({}, group="3") == ("3", ())


def test_a_group_that_is_not_a_value_is_refused_by_every_engine() -> None:
    cs = _threshold_set()
    unit = Commune(code="x", group="4", facts={"rate": 50})
    with pytest.raises(NTMValueError, match="group '4' is not a value"):
        cs.assess(unit, year=2026, parameters={"level": {"1": 1, "2": 2, "3": 3}})
    plan = cs.compile(cs.resolve_parameters({"level": {"1": 1, "2": 2, "3": 3}}))
    for backend in ("python", "numpy"):
        with pytest.raises(NTMValueError, match="group '4' is not a value"):
            plan.run(RecordSource(cs.level), [_record(unit)], 2026, backend=backend)


def test_the_explanation_says_which_group_and_why() -> None:
    cs = get(NTM_ID)
    unit = Commune(code="x", facts={**NEUTRAL, "agriculture_share_of_economy": Decimal(8),
                                    **{f"vn51.ntm.c{k:02d}.appraised": True
                                       for k in range(1, 11)}})
    assessment = cs.assess(unit, year=2026, parameters=appraisal_rules(cs))
    assert assessment.outcome is Outcome.PASS
    (decision,) = assessment.classifications()
    assert (decision.code, decision.source) == ("1", "rule")
    assert decision.rule is not None
    assert decision.rule.citation.confidence.value == "secondary"
    text = assessment.explain("vi")
    assert "Phân loại: nhóm xã: Nhóm 1" in text
    assert "theo quy tắc phân loại" in text
    assert "Classification: commune group: Group 1" in assessment.explain("en")


# ----------------------------------------------------------------- thresholds keyed by group
GROUP = Classification(
    name="group", label_vi="nhóm xã", label_en="commune group", field="group",
    values=[ClassValue(code=c, label_vi=f"Nhóm {c}", label_en=f"Group {c}")
            for c in ("1", "2", "3")],
    rules=[ClassRule(value="1", when=fact("agri") < 10, citation=CITE),
           ClassRule(value="3", when=yes("mountain"), citation=CITE)],
    residual="2")
INDICATORS = (
    Indicator(key="rate", label_vi="Tỷ lệ", label_en="Rate", measure="percent",
              value_type="decimal"),
    Indicator(key="agri", label_vi="Nông nghiệp", label_en="Agriculture", measure="percent",
              value_type="decimal"),
    Indicator(key="mountain", label_vi="Miền núi", label_en="Mountain", measure="yes_no",
              value_type="boolean"),
)


def _threshold_set(**extra: Any) -> CriteriaSet:
    return CriteriaSet(
        id="t.group", label_vi="Bộ thử", label_en="Test set", level="commune",
        valid_from=2026, valid_to=2030, indicators=INDICATORS, classifications=(GROUP,),
        parameters=(Parameter(name="level", label_vi="Mức", label_en="Level", citation=CITE,
                              keyed_by=("group", "year") if extra.get("by_year")
                              else ("group",), measure="percent"),
                    Parameter(name="rules", label_vi="Quy tắc", label_en="Rules",
                              citation=CITE, kind="rule", keyed_by=("group",))),
        criteria=(Criterion(id="a", number="1", label_vi="A", label_en="A", citation=CITE,
                            rule=extra.get("rule", fact("rate") >= param("level"))),))


@pytest.mark.parametrize(("group", "rate", "expected"), [
    ("1", 50, Outcome.PASS), ("1", Decimal("49.9"), Outcome.FAIL),
    ("2", 60, Outcome.PASS), ("2", 59, Outcome.FAIL),
    ("3", 70, Outcome.PASS), ("3", 69, Outcome.FAIL),
])
def test_a_threshold_keyed_by_group_is_picked_for_each_group(group: str, rate: Any,
                                                             expected: Outcome) -> None:
    cs = _threshold_set()
    levels = {"level": {"1": 50, "2": 60, "3": 70}}
    # given directly, and classified by the resolver: the same threshold
    by_field = Commune(code="x", group=group, facts={"rate": rate})
    resolved = Commune(code="x", facts={"rate": rate, "agri": 5 if group == "1" else 30,
                                        "mountain": group == "3"})
    assert _outcomes(cs, by_field, 2026, levels) == {expected}
    assert _outcomes(cs, resolved, 2026, levels) == {expected}
    trace = cs.assess(by_field, year=2026, parameters=levels).result("a").trace
    assert trace.detail.required == {"1": 50, "2": 60, "3": 70}[group]  # type: ignore[attr-defined]


def test_a_schedule_by_group_and_year() -> None:
    cs = _threshold_set(by_year=True)
    levels = {"level": {("2", 2026): 60, ("2", 2027): 65}}
    unit = Commune(code="x", group="2", facts={"rate": 62})
    assert _outcomes(cs, unit, 2026, levels) == {Outcome.PASS}
    assert _outcomes(cs, unit, 2027, levels) == {Outcome.FAIL}


def test_a_missing_group_keyed_parameter_names_the_group() -> None:
    cs = _threshold_set()
    assessment = cs.assess(Commune(code="x", group="3", facts={"rate": 1}), year=2026)
    (item,) = assessment.missing()
    assert (item.kind, item.key, item.classes) == ("parameter", "level", (("group", "3"),))
    assert "nhóm xã: Nhóm 3" in item.describe("vi")


def test_a_rule_table_picks_the_rule_of_the_units_group() -> None:
    cs = _threshold_set(rule=rule_param("rules"))
    table = {"rules": rule_table({"1": fact("rate") >= 10, "2": fact("rate") >= 90},
                                 by="group")}
    assert _outcomes(cs, Commune(code="x", group="1", facts={"rate": 20}), 2026,
                     table) == {Outcome.PASS}
    assert _outcomes(cs, Commune(code="x", group="2", facts={"rate": 20}), 2026,
                     table) == {Outcome.FAIL}
    # the table has no rule for group 3: UNKNOWN, naming the parameter for group 3
    unit = Commune(code="x", group="3", facts={"rate": 20})
    assert _outcomes(cs, unit, 2026, table) == {Outcome.UNKNOWN}
    (item,) = cs.assess(unit, year=2026, parameters=table).missing()
    assert (item.key, item.classes) == ("rules", (("group", "3"),))
    # a plain mapping is read by the parameter's classification
    plain = {"rules": {"1": fact("rate") >= 10, "2": fact("rate") >= 90}}
    assert cs.resolve_parameters(plain) == cs.resolve_parameters(table)


def test_a_village_takes_its_communes_group() -> None:
    rule = share("village", fact("rate") >= param("level"), at_least=100)
    cs = _threshold_set(rule=rule)
    levels = {"level": {"1": 50, "2": 60, "3": 70}}
    villages = [Village(code="v1", facts={"rate": 55}), Village(code="v2", facts={"rate": 65})]
    group1 = Commune(code="x", facts={"agri": 5, "mountain": False}, villages=villages)
    group2 = Commune(code="x", facts={"agri": 50, "mountain": False}, villages=villages)
    assert _outcomes(cs, group1, 2026, levels) == {Outcome.PASS}
    assert _outcomes(cs, group2, 2026, levels) == {Outcome.FAIL}


def test_zones_of_villages_key_a_village_threshold() -> None:
    zone = Classification(name="zone", label_vi="khu vực", label_en="zone", field="zone",
                          values=[ClassValue(code=z, label_vi=z, label_en=z)
                                  for z in ("KV1", "KV2", "KV3")])
    villages = CriteriaSet(
        id="t.zone", label_vi="Thôn", label_en="Village", level="village", valid_from=2022,
        valid_to=2025, indicators=INDICATORS, classifications=(zone,),
        criteria=(Criterion(id="a", number="1", label_vi="A", label_en="A", citation=CITE,
                            rule=fact("rate") >= schedule({"KV1": 40, "KV2": 50, "KV3": 60},
                                                          by="zone")),))
    for code, expected in (("KV1", Outcome.PASS), ("KV3", Outcome.FAIL)):
        village = Village(code="v", zone=code, facts={"rate": 55})
        assert villages.assess(village, year=2024).outcome is expected
    unknown = villages.assess(Village(code="v", facts={"rate": 55}), year=2024)
    assert unknown.outcome is Outcome.UNKNOWN
    (item,) = unknown.missing()
    assert (item.kind, item.key) == ("classification", "zone")


def test_the_region_is_the_built_in_classification_with_the_overrides() -> None:
    override = RegionOverride(when=yes("mountain"), region="TDMNPB", citation=CITE)
    cs = CriteriaSet(
        id="t.region", label_vi="Vùng", label_en="Region", level="commune", valid_from=2021,
        valid_to=2025, indicators=INDICATORS, region_overrides=(override,),
        criteria=(Criterion(id="a", number="1", label_vi="A", label_en="A", citation=CITE,
                            rule=fact("rate") >= schedule({"TDMNPB": 30, "DBSH": 60})),))
    region = cs.classification("region")
    assert region.overrides == (override.as_rule(),)
    assert [v.code for v in region.values][:2] == ["TDMNPB", "DBSH"]
    lowland = Commune(code="x", region="DBSH", facts={"rate": 40, "mountain": False})
    upland = Commune(code="x", region="DBSH", facts={"rate": 40, "mountain": True})
    assert _outcomes(cs, lowland, 2024, {}) == {Outcome.FAIL}
    assert _outcomes(cs, upland, 2024, {}) == {Outcome.PASS}


# ----------------------------------------------------------------- checks when a set is built
def test_an_undeclared_classification_gets_a_did_you_mean() -> None:
    with pytest.raises(UnknownNameError, match="unknown classification 'grup'.*'group'"):
        _threshold_set(rule=fact("rate") >= schedule({"1": 5}, by="grup"))
    with pytest.raises(UnknownNameError, match="unknown classification 'zone'"):
        CriteriaSet(id="x", label_vi="x", label_en="x", level="commune", valid_from=2026,
                    valid_to=2030, indicators=INDICATORS,
                    parameters=(Parameter(name="p", label_vi="p", label_en="p", citation=CITE,
                                          keyed_by=("zone",)),),
                    criteria=(Criterion(id="a", number="1", label_vi="A", label_en="A",
                                        citation=CITE, rule=fact("rate") >= param("p")),))


def test_a_code_a_classification_does_not_have_is_refused() -> None:
    with pytest.raises(NTMValueError, match="'4' is not a value of the classification"):
        _threshold_set(rule=fact("rate") >= schedule({"4": 5}, by="group"))
    with pytest.raises(NTMValueError, match="'5' is not a value"):
        _threshold_set().resolve_parameters({"level": {"5": 1}})


def test_the_region_cannot_be_redeclared_and_names_must_be_unique() -> None:
    region = Classification(name="region", label_vi="v", label_en="r", field="region",
                            values=[ClassValue(code=r, label_vi=r, label_en=r)
                                    for r in ("TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB",
                                              "DBSCL")])
    with pytest.raises(NTMValueError, match="built in"):
        CriteriaSet(id="x", label_vi="x", label_en="x", level="commune", valid_from=2026,
                    valid_to=2030, classifications=(region,),
                    criteria=(Criterion(id="a", number="1", label_vi="A", label_en="A",
                                        citation=CITE, rule=yes("f")),),
                    indicators=(Indicator(key="f", label_vi="f", label_en="f",
                                          measure="yes_no", value_type="boolean"),))
    with pytest.raises(NTMValueError, match="lists the classification 'group' twice"):
        CriteriaSet(**{**_fields(_threshold_set()), "classifications": (GROUP, GROUP)})


def _fields(cs: CriteriaSet) -> dict[str, Any]:
    import attrs

    return {f.name: getattr(cs, f.name) for f in attrs.fields(type(cs)) if f.init}


def test_a_classification_checks_its_own_declaration() -> None:
    values = [ClassValue(code="a", label_vi="a", label_en="a")]
    with pytest.raises(NTMValueError, match="gives the value 'b'"):
        Classification(name="c", label_vi="c", label_en="c", values=values,
                       rules=[ClassRule(value="b", when=yes("f"), citation=CITE)])
    with pytest.raises(NTMValueError, match="residual value 'z'"):
        Classification(name="c", label_vi="c", label_en="c", values=values, residual="z")
    with pytest.raises(NTMValueError, match="not 'year'"):
        Classification(name="year", label_vi="c", label_en="c", values=values)
    with pytest.raises(NTMValueError, match="field must name a unit field"):
        Classification(name="c", label_vi="c", label_en="c", values=values, field="colour")
    with pytest.raises(NTMValueError, match="conflict parameter needs"):
        Classification(name="c", label_vi="c", label_en="c", values=values,
                       conflict_parameter="p")


def test_a_conflict_parameter_must_be_a_declared_choice() -> None:
    group = Classification(name="group", label_vi="g", label_en="g", values=GROUP.values,
                           rules=GROUP.rules, conflict_parameter="which")
    base = _fields(_threshold_set())
    with pytest.raises(UnknownNameError, match="unknown parameter 'which'"):
        CriteriaSet(**{**base, "classifications": (group,)})
    wrong = Parameter(name="which", label_vi="w", label_en="w", citation=CITE)
    with pytest.raises(NTMTypeError, match="must be a 'choice' parameter"):
        CriteriaSet(**{**base, "classifications": (group,),
                       "parameters": (*base["parameters"], wrong)})


def test_a_resolver_rule_depending_on_its_own_classification_is_an_error() -> None:
    looping = Classification(
        name="group", label_vi="g", label_en="g", field="group", values=GROUP.values,
        rules=[ClassRule(value="1", when=fact("rate") >= schedule({"1": 5, "2": 5, "3": 5},
                                                                  by="group"),
                         citation=CITE)], residual="2")
    cs = CriteriaSet(**{**_fields(_threshold_set()), "classifications": (looping,)})
    unit = Commune(code="x", facts={"rate": 10})
    with pytest.raises(NTMError, match="depends on the group itself"):
        cs.assess(unit, year=2026, parameters={"level": {"1": 1, "2": 1, "3": 1}})


def test_parameter_keys_enumerate_every_cell() -> None:
    cs = _threshold_set(by_year=True)
    keys = cs.parameter_keys("level")
    assert len(keys) == 3 * 5
    assert keys[0].classes == (("group", "1"),)
    assert keys[0].year == 2026
    assert {k.year for k in keys} == set(range(2026, 2031))
    national = get("vn.commune.ntm.2021-2025")
    income = national.parameter_keys("vn318.income.ntm")
    assert len(income) == 7 * 5
    assert income[0].classes == (("region", "TDMNPB"),)
    assert get(NTM_ID).parameter_keys(GROUP_CONFLICT)[0].classes == ()


# ----------------------------------------------------------------- columns and witnesses
def test_columns_and_records_give_the_group_by_their_own_keys() -> None:
    from ntmcriteria.evaluation.sources import Columns, ColumnSource, Layout

    cs = _threshold_set()
    values = cs.resolve_parameters({"level": {"1": 50, "2": 60, "3": 70}})
    plan = cs.compile(values)
    columns = Columns(data={"code": ["a", "b", "c"], "nhom": ["1", "2", None],
                            "rate": [55, 55, 55], "agri": [50, 50, 5],
                            "mountain": [False, False, False]}, classes={"group": "nhom"})
    results = plan.run(ColumnSource(cs.level, columns), range(3), 2026)
    assert results.outcomes(cs.id) == [Outcome.PASS, Outcome.FAIL, Outcome.PASS]
    records = [{"code": "a", "nhom": 3, "facts": {"rate": 65}}]
    layout = Layout(classes={"group": "nhom"})
    got = plan.run(RecordSource(cs.level, layout), records, 2026)
    assert got.outcomes(cs.id) == [Outcome.FAIL]  # group "3" (an int code read as text)
    assert RecordSource(cs.level, layout).unit(records, 0, 2026).group == "3"  # type: ignore[union-attr]


@pytest.mark.parametrize("wanted", [Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN])
def test_witnesses_are_found_for_thresholds_and_rule_tables_by_group(wanted: Outcome) -> None:
    from ntmcriteria.testing import find_witness

    cs = _threshold_set()
    levels = {"level": {"1": 50, "2": 60, "3": 70}}
    witness = find_witness(cs, wanted, parameters=levels, seed=3)
    assert witness.assess(cs).outcome is wanted
    tabled = _threshold_set(rule=rule_param("rules"))
    table = {"rules": rule_table({"1": fact("rate") >= 10, "3": fact("rate") <= 5},
                                 by="group")}
    found = find_witness(tabled, wanted, parameters=table, seed=5)
    assert found.assess(tabled).outcome is wanted


def test_many_communes_classified_alike_by_every_backend() -> None:
    import random

    cs = get(NTM_ID)
    rng = random.Random(7)  # noqa: S311 - test data
    records = []
    for i in range(300):
        facts: dict[str, Any] = {
            "adjacent_existing_urban_area": rng.choice([True, False, None]),
            "urban_development_orientation": rng.choice([True, False, None]),
            "agriculture_share_of_economy": rng.choice([Decimal(5), Decimal(10), None]),
            "designated_new_urban_area": rng.choice([True, False, None]),
            "ethnic_minority_area_level": rng.choice([0, 1, 2, 3, None]),
        }
        facts = {k: v for k, v in facts.items() if v is not None}
        facts.update({f"vn51.ntm.c{k:02d}.appraised": True for k in range(1, 11)})
        records.append({"code": f"c{i:03d}", "facts": facts})
    tables = {f"vn51.ntm.c{k:02d}.rule": rule_table(
        {"1": yes(f"vn51.ntm.c{k:02d}.appraised"), "3": yes(f"vn51.ntm.c{k:02d}.appraised")},
        by="group") for k in range(1, 11)}
    for choice in (None, "1"):
        parameters: dict[str, Any] = dict(tables)
        if choice:
            parameters[GROUP_CONFLICT] = choice
        plan = cs.compile(cs.resolve_parameters(parameters))
        python = plan.run(RecordSource(cs.level), records, 2026, backend="python")
        numpy = plan.run(RecordSource(cs.level), records, 2026, backend="numpy")
        expected = [cs.assess(Commune(code=r["code"], facts=r["facts"]), year=2026,
                              parameters=parameters).outcome for r in records]
        assert python.outcomes(cs.id) == expected
        assert numpy.outcomes(cs.id) == expected
        # group 2 has no rule in the tables: unknown; groups 1 and 3 pass
        assert {Outcome.PASS, Outcome.UNKNOWN} == set(expected)
