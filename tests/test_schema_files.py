"""The schema files shipped in the package: current, stable ids, and what they validate.

Every bundled set, the catalog's illustrative units and assessments of them
(bundled and generated, every trace kind) validate against the *files*, not
only against the functions that generate them; documents may carry ``$schema``.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria import catalog
from ntmcriteria import strategies as lib
from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.schemas import FILE_NAMES, generated_text, load_schema, schema_file, schema_text
from ntmcriteria.serialize import (
    ASSESSMENT_SCHEMA_ID,
    CRITERIA_SET_SCHEMA_ID,
    SCHEMA_KINDS,
    UNIT_SCHEMA_ID,
    FormatError,
    assessment_to_data,
    assessment_to_json,
    criteria_set_from_data,
    criteria_set_from_json,
    criteria_set_to_data,
    criteria_set_to_json,
    json_schema,
    unit_from_data,
    unit_from_json,
    unit_to_data,
    unit_to_json,
)
from ntmcriteria.units import Commune

jsonschema = pytest.importorskip("jsonschema")

VALIDATORS = {kind: jsonschema.Draft202012Validator(load_schema(kind)) for kind in SCHEMA_KINDS}


def _errors(kind: str, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in VALIDATORS[kind].iter_errors(data)]


def _json(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_the_shipped_file_is_the_generated_schema(kind: str) -> None:
    assert schema_text(kind) == generated_text(kind), (
        f"{FILE_NAMES[kind]} is out of date: run scripts/generate_schemas.py")
    assert load_schema(kind) == json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(load_schema(kind))


def test_schema_ids_are_stable_https_uris() -> None:
    ids = {kind: load_schema(kind)["$id"] for kind in SCHEMA_KINDS}
    assert ids == {"criteria-set": CRITERIA_SET_SCHEMA_ID, "unit": UNIT_SCHEMA_ID,
                   "assessment": ASSESSMENT_SCHEMA_ID}
    for kind, uri in ids.items():
        assert uri.startswith("https://")
        assert uri.endswith(f"/{kind}-1.schema.json")


def test_unknown_schema_kinds_are_refused_with_a_suggestion() -> None:
    with pytest.raises(FormatError, match=r"did you mean 'assessment'"):
        schema_text("asessment")
    with pytest.raises(FormatError, match=r"did you mean 'unit'"):
        json_schema("units")
    assert schema_file("unit").name == "unit.schema.json"


ENTRIES = list(catalog.catalog())


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_every_bundled_set_validates_against_the_file(entry: Any) -> None:
    data = _json(criteria_set_to_json(entry.load(), with_schema=True))
    assert data["$schema"] == CRITERIA_SET_SCHEMA_ID
    assert _errors("criteria-set", data) == []


def _illustrative() -> list[tuple[CriteriaSet, Any, Any]]:
    """Each candidate of the Quảng Nam plan with its set and illustrative parameters."""
    plan = catalog.quang_nam_plan()
    units = {u.code: u for u in (*catalog.illustrative_communes(2024),
                                 *catalog.illustrative_districts(2024))}
    out = []
    for candidate in plan.candidates:
        cs = catalog.get(candidate.set_id)
        out.append((cs, units[candidate.code], catalog.illustrative_parameters(cs)))
    return out


def test_illustrative_units_and_their_assessments_validate() -> None:
    kinds: set[str] = set()
    for cs, unit, parameters in _illustrative():
        assert _errors("unit", _json(unit_to_json(unit, with_schema=True))) == []
        assessment = cs.assess(unit, year=2024, parameters=parameters)
        data = _json(assessment_to_json(assessment, with_schema=True))
        assert data["$schema"] == ASSESSMENT_SCHEMA_ID
        assert _errors("assessment", data) == []
        stack = [r["trace"] for r in data["results"]]
        while stack:
            node = stack.pop()
            kinds.add(node["kind"])
            stack.extend(node.get("children", ()))
    # the bundled assessments exercise most trace kinds (the rest come from generated sets)
    assert {"all_of", "compare", "share", "meets", "held_each_year"} <= kinds


@given(lib.criteria_sets(max_criteria=3).flatmap(
    lambda cs: st.tuples(st.just(cs), lib.communes_for(cs, years=(2021, 2022, 2023)))))
def test_generated_assessments_validate(pair: tuple[CriteriaSet, Commune]) -> None:
    cs, commune = pair
    assessment = cs.assess(commune, year=2024)
    assert _errors("assessment", assessment_to_data(assessment)) == []
    assert _errors("assessment", _json(assessment_to_json(assessment))) == []
    assert _errors("unit", unit_to_data(commune)) == []


def _fixture_assessment_data() -> dict[str, Any]:
    from tests.test_render_fixture import COMMUNE, CRITERIA_SET, PARAMETER_VALUES, YEAR

    assessment = CRITERIA_SET.assess(COMMUNE, year=YEAR, parameters=PARAMETER_VALUES)
    data: dict[str, Any] = assessment_to_data(assessment)
    return data


def _first(data: dict[str, Any], kind: str) -> dict[str, Any]:
    stack = [r["trace"] for r in data["results"]]
    while stack:
        node: dict[str, Any] = stack.pop()
        if node["kind"] == kind:
            return node
        stack.extend(node.get("children", ()))
    raise AssertionError(f"no {kind} trace")


def test_the_assessment_schema_refuses_what_the_format_never_writes() -> None:
    data = _fixture_assessment_data()
    assert _errors("assessment", data) == []
    cases = []
    bad = copy.deepcopy(data)
    _first(bad, "compare")["passed"] = 3  # a tally field on a comparison
    cases.append(bad)
    bad = copy.deepcopy(data)
    _first(bad, "share")["more_needed"] = "two"
    cases.append(bad)
    bad = copy.deepcopy(data)
    _first(bad, "compare")["kind"] = "comparison"
    cases.append(bad)
    bad = copy.deepcopy(data)
    bad["results"][0]["outcome"] = "passed"
    cases.append(bad)
    bad = copy.deepcopy(data)
    bad["shortfalls"][0]["extra"] = 1
    cases.append(bad)
    bad = copy.deepcopy(data)
    del bad["unit"]["code"]
    cases.append(bad)
    for case in cases:
        assert _errors("assessment", case), case


def test_documents_may_name_their_schema() -> None:
    cs = catalog.get("vn.commune.ntm-model.2021-2025")
    text = criteria_set_to_json(cs, with_schema=True)
    assert text.lstrip().startswith('{\n  "$schema": ')
    assert criteria_set_from_json(text) == cs
    data = criteria_set_to_data(cs)
    assert "$schema" not in data
    data["$schema"] = "./criteria-set.schema.json"  # a local copy is fine too
    data["references"][0]["$schema"] = CRITERIA_SET_SCHEMA_ID  # nested sets too
    assert criteria_set_from_data(data) == cs
    unit = catalog.illustrative_communes(2024)[0]
    assert unit_from_json(unit_to_json(unit, with_schema=True)) == unit
    with_members = unit_to_data(unit, with_schema=True)
    with_members["villages"][0]["$schema"] = UNIT_SCHEMA_ID
    assert unit_from_data(with_members) == unit


@pytest.mark.parametrize("value", [3, "", None, ["x"]])
def test_a_bad_schema_key_is_reported_with_its_path(value: object) -> None:
    data = unit_to_data(Commune(code="1"))
    data["$schema"] = value
    with pytest.raises(FormatError, match=r"\$\['\$schema'\]: expected the URI or path of a JSON "
                                          r"Schema"):
        unit_from_data(data)
    assert _errors("unit", data)


def test_with_schema_must_be_a_boolean() -> None:
    with pytest.raises(FormatError, match="with_schema must be True or False"):
        unit_to_data(Commune(code="1"), with_schema="yes")  # type: ignore[arg-type]
