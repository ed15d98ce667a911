"""The village's own zone (issue 11, point 5): the unit's ``zone`` field is the source of
the model-village set's zone; the ``in_zone_*`` facts resolve a village without it; a
fact contradicting the field is an error naming both; a village with neither takes its
commune's zone; codes normalise (``kv1`` is ``KV1``). Both backends (the compiled plan
and the tree interpreter) agree."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ntmcriteria.assessment import Tracer
from ntmcriteria.catalog import get
from ntmcriteria.classifications import ClassFact, Classification, ClassValue
from ntmcriteria.errors import ClassConflictError, NTMValueError
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import no, yes
from ntmcriteria.units import Commune, Village

YEAR = 2023
VILLAGE_SET = "qn.village.model.2022-2025"
ZONES = ("kv1", "kv2", "kv3")
def _both(village: Village, parameters: dict[str, Any] | None = None) -> Outcome:
    """The compiled verdict, checked equal to the interpreter's."""
    cs = get(VILLAGE_SET)
    values = parameters if parameters is not None else PARAMETERS
    compiled = cs.assess(village, year=YEAR, parameters=values).outcome
    tracer = Tracer(cs, village, YEAR, cs.resolve_parameters(values))
    interpreted = tracer.trace(cs.criteria[0]).outcome
    assert compiled is interpreted
    return compiled


def _zone_rules(z1: bool, z2: bool, z3: bool) -> dict[str, Any]:
    """Rules that pass only in the zones flagged: the verdict says which zone was used."""
    ok = yes("qn2254.village.appraised")
    never = no("qn2254.village.appraised")
    return {"qn2254.village.kv1": ok if z1 else never, "qn2254.village.kv2": ok if z2 else never,
            "qn2254.village.kv3": ok if z3 else never}


ONLY = {z: _zone_rules(z == "kv1", z == "kv2", z == "kv3") for z in ZONES}
#: every zone's rule passes on an appraised village
PARAMETERS = _zone_rules(True, True, True)


def _village(zone: str | None = None, **facts: Any) -> Village:
    return Village(code="v1", zone=zone, facts={"qn2254.village.appraised": True, **facts})


# ------------------------------------------------------------------ field is the source
@pytest.mark.parametrize("zone", ZONES)
def test_the_field_picks_the_zone_rule(zone: str) -> None:
    for picked in ZONES:
        expected = Outcome.PASS if picked == zone else Outcome.FAIL
        assert _both(_village(zone.upper()), ONLY[picked]) is expected


def test_the_field_wins_over_absent_facts_and_agrees_with_consistent_ones() -> None:
    # zone KV2, facts say KV2 too: the KV2 rule applies
    village = _village("KV2", in_zone_kv1=False, in_zone_kv2=True, in_zone_kv3=False)
    assert _both(village, ONLY["kv2"]) is Outcome.PASS
    assert _both(village, ONLY["kv1"]) is Outcome.FAIL


@pytest.mark.parametrize("code", ["kv1", "Kv1", " KV1 "])
def test_zone_codes_normalise(code: str) -> None:
    assert _both(_village(code), ONLY["kv1"]) is Outcome.PASS
    assert _both(_village(code), ONLY["kv2"]) is Outcome.FAIL


def test_an_unknown_zone_code_is_refused_with_the_values() -> None:
    with pytest.raises(NTMValueError, match=r"zone 'KV4' is not a value .*KV1, KV2, KV3"):
        get(VILLAGE_SET).assess(_village("KV4"), year=YEAR, parameters=PARAMETERS)


# ------------------------------------------------------------------ conflicts
@pytest.mark.parametrize(("zone", "fact", "value"), [
    ("KV1", "in_zone_kv2", True),
    ("KV1", "in_zone_kv1", False),
    ("KV1", "in_zone_kv3", True),
    ("KV2", "in_zone_kv1", True),
    ("KV3", "in_zone_kv3", False),
    ("kv2", "in_zone_kv2", False),
])
def test_a_fact_contradicting_the_field_is_an_error_naming_both(zone: str, fact: str,
                                                                value: bool) -> None:
    cs = get(VILLAGE_SET)
    village = _village(zone, **{fact: value})
    with pytest.raises(ClassConflictError) as caught:
        cs.assess(village, year=YEAR, parameters=PARAMETERS)
    message = str(caught.value)
    assert f"zone {zone.strip().upper()!r}" in message  # the field and its value
    assert f"{fact} = {value}" in message  # the fact and its value
    assert "village 'v1'" in message
    error = caught.value
    assert (error.field, error.code, error.fact, error.fact_value) == (
        "zone", zone.upper(), fact, value)
    # the interpreter refuses it the same way
    with pytest.raises(ClassConflictError):
        Tracer(cs, village, YEAR, cs.resolve_parameters(PARAMETERS)).trace(cs.criteria[0])


def test_a_conflict_in_a_commune_s_village_is_refused_too() -> None:
    bad = Village(code="x.v2", zone="KV1", facts={"in_zone_kv2": True,
                                                  "qn2254.village.appraised": True})
    commune = Commune(code="x", region="DHNTB", zone="KV1", villages=(bad,))
    model = get("qn.commune.model.group3.2021-2025")
    with pytest.raises(ClassConflictError, match="x.v2"):
        model.assess(commune, year=YEAR, parameters=PARAMETERS)


# ------------------------------------------------------------------ facts resolve
@pytest.mark.parametrize(("facts", "zone"), [
    ({"in_zone_kv1": True}, "kv1"),
    ({"in_zone_kv1": True, "in_zone_kv2": True}, "kv1"),  # KV2 is "except KV1"
    ({"in_zone_kv1": False, "in_zone_kv2": True}, "kv2"),
    ({"in_zone_kv1": False, "in_zone_kv2": False}, "kv3"),  # KV3: every other village
])
def test_without_the_field_the_facts_resolve(facts: dict[str, bool], zone: str) -> None:
    for picked in ZONES:
        expected = Outcome.PASS if picked == zone else Outcome.FAIL
        assert _both(_village(None, **facts), ONLY[picked]) is expected


def test_facts_that_do_not_settle_the_zone_are_unknown_naming_them() -> None:
    village = _village(None, in_zone_kv1=False)
    assessment = get(VILLAGE_SET).assess(village, year=YEAR, parameters=ONLY["kv2"])
    assert assessment.outcome is Outcome.UNKNOWN
    assert "in_zone_kv2" in {m.key for m in assessment.missing()}


# ------------------------------------------------------------------ members inherit
def _in_commune(commune_zone: str | None, village: Village, picked: str) -> Outcome:
    """The verdict on ``village`` inside a commune of ``commune_zone``, through the draft
    model commune's "100% of villages" criterion (m3)."""
    commune = Commune(code="x", region="DHNTB", zone=commune_zone, villages=(village,))
    model = get("qn.commune.model.group3.2021-2025")
    result = model.assess(commune, year=YEAR, parameters=ONLY[picked]).result("m3")
    return result.outcome


@pytest.mark.parametrize("zone", ZONES)
def test_a_village_with_neither_field_nor_facts_takes_its_commune_s_zone(zone: str) -> None:
    for picked in ZONES:
        expected = Outcome.PASS if picked == zone else Outcome.FAIL
        assert _in_commune(zone.upper(), _village(None), picked) is expected


def test_a_village_s_own_field_or_facts_win_over_its_commune() -> None:
    assert _in_commune("KV3", _village("KV1"), "kv1") is Outcome.PASS
    assert _in_commune("KV3", _village(None, in_zone_kv1=True), "kv1") is Outcome.PASS


def test_no_zone_anywhere_is_unknown_naming_the_zone() -> None:
    commune = Commune(code="x", region="DHNTB", villages=(_village(None),))
    model = get("qn.commune.model.group3.2021-2025")
    assessment = model.assess(commune, year=YEAR, parameters=ONLY["kv1"])
    result = assessment.result("m3")
    assert result.outcome is Outcome.UNKNOWN
    assert ("classification", "zone") in {(m.kind, m.key) for m in result.trace.missing}


# ------------------------------------------------------------------ property
_FACT_STATES = st.sampled_from((None, True, False))


@settings(max_examples=150, deadline=None)
@given(zone=st.sampled_from(ZONES), case=st.sampled_from(("lower", "upper")),
       kv1=_FACT_STATES, kv2=_FACT_STATES, kv3=_FACT_STATES, appraised=st.booleans(),
       picked=st.sampled_from(ZONES))
def test_property_field_given_facts_irrelevant_when_consistent(
        zone: str, case: str, kv1: bool | None, kv2: bool | None, kv3: bool | None,
        appraised: bool, picked: str) -> None:
    facts = {"in_zone_kv1": kv1, "in_zone_kv2": kv2, "in_zone_kv3": kv3}
    # keep only the facts consistent with the field: True for its zone, False for others
    consistent = {k: v for k, v in facts.items()
                  if v is not None and v is (k == f"in_zone_{zone}")}
    code = zone if case == "lower" else zone.upper()
    rules = ONLY[picked]
    with_facts = Village(code="v", zone=code,
                         facts={"qn2254.village.appraised": appraised, **consistent})
    without = Village(code="v", zone=code, facts={"qn2254.village.appraised": appraised})
    assert _both(with_facts, rules) is _both(without, rules)
    conflicting = {k: v for k, v in facts.items()
                   if v is not None and v is not (k == f"in_zone_{zone}")}
    if conflicting:
        bad = Village(code="v", zone=code,
                      facts={"qn2254.village.appraised": appraised, **facts})
        with pytest.raises(ClassConflictError):
            get(VILLAGE_SET).assess(bad, year=YEAR, parameters=rules)


# ------------------------------------------------------------------ the machinery
def test_stated_facts_must_name_values_and_need_a_field() -> None:
    values = (ClassValue(code="A", label_vi="A", label_en="A"),
              ClassValue(code="B", label_vi="B", label_en="B"))
    with pytest.raises(NTMValueError, match="not one of its values"):
        Classification(name="zone", label_vi="k", label_en="z", field="zone", values=values,
                       stated=(ClassFact(key="in_c", value="C"),))
    with pytest.raises(NTMValueError, match="need the unit field"):
        Classification(name="zone", label_vi="k", label_en="z", values=values,
                       stated=(ClassFact(key="in_a", value="A"),))
    zone = Classification(name="zone", label_vi="k", label_en="z", field="zone",
                          values=values, stated=(ClassFact(key="in_a", value="A"),))
    assert zone.code_of("a") == "A"
    assert zone.code_of("c") is None
    assert zone.silent({})
    assert not zone.silent({"in_a": False})


def test_stated_facts_round_trip_through_the_document_format() -> None:
    from ntmcriteria.serialize import criteria_set_from_json, criteria_set_to_json

    cs = get(VILLAGE_SET)
    back = criteria_set_from_json(criteria_set_to_json(cs))
    assert back.classification("zone") == cs.classification("zone")
    assert [f.key for f in back.classification("zone").stated] == [
        "in_zone_kv1", "in_zone_kv2", "in_zone_kv3"]
    with pytest.raises(ClassConflictError):
        back.assess(_village("KV2", in_zone_kv2=False), year=YEAR, parameters=PARAMETERS)


_ZONE_FIELD = st.sampled_from((None, "KV1", "kv2", "KV3"))


@settings(max_examples=120, deadline=None)
@given(commune_zone=_ZONE_FIELD,
       villages=st.lists(st.tuples(_ZONE_FIELD, _FACT_STATES, _FACT_STATES, _FACT_STATES,
                                   st.booleans()), min_size=1, max_size=4),
       picked=st.sampled_from(ZONES))
def test_property_compiled_plan_equals_interpreter_on_zones(
        commune_zone: str | None, villages: list[tuple[Any, ...]], picked: str) -> None:
    units = []
    for i, (zone, kv1, kv2, kv3, appraised) in enumerate(villages):
        facts = {k: v for k, v in (("in_zone_kv1", kv1), ("in_zone_kv2", kv2),
                                   ("in_zone_kv3", kv3)) if v is not None}
        units.append(Village(code=f"v{i}", zone=zone,
                             facts={"qn2254.village.appraised": appraised, **facts}))
    commune = Commune(code="x", region="DHNTB", zone=commune_zone, villages=tuple(units))
    model = get("qn.commune.model.group3.2021-2025")
    criterion = model.criterion("m3")
    parameters = ONLY[picked]
    try:
        compiled: Outcome | None = model.assess(commune, year=YEAR,
                                                parameters=parameters).result("m3").outcome
    except ClassConflictError:
        compiled = None
    try:
        tracer = Tracer(model, commune, YEAR, model.resolve_parameters(parameters))
        interpreted: Outcome | None = tracer.trace(criterion).outcome
    except ClassConflictError:
        interpreted = None
    assert compiled is interpreted
