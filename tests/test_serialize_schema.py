"""The published JSON Schema: bundled and generated documents validate; bad ones do not."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria import strategies as lib
from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.serialize import (
    FormatError,
    criteria_set_from_data,
    criteria_set_from_json,
    criteria_set_schema,
    criteria_set_to_data,
    criteria_set_to_json,
    json_schema,
    unit_schema,
    unit_to_data,
)
from ntmcriteria.units import Unit
from tests import _gen

jsonschema = pytest.importorskip("jsonschema")

SET_VALIDATOR = jsonschema.Draft202012Validator(criteria_set_schema())
UNIT_VALIDATOR = jsonschema.Draft202012Validator(unit_schema())


def _errors(validator: Any, data: Any) -> list[Any]:
    return list(validator.iter_errors(data))


def test_schemas_are_valid_draft_2020_12_schemas() -> None:
    for schema in (criteria_set_schema(), unit_schema()):
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert json_schema("criteria-set") == criteria_set_schema()
    assert json_schema("unit") == unit_schema()
    with pytest.raises(FormatError):
        json_schema("assesment")


def test_schema_is_fresh_on_each_call() -> None:
    schema = criteria_set_schema()
    schema["$defs"].clear()
    assert criteria_set_schema()["$defs"]


def test_schema_is_plain_json() -> None:
    for schema in (criteria_set_schema(), unit_schema()):
        assert json.loads(json.dumps(schema)) == schema


def _catalog_entries() -> list[Any]:
    try:
        from ntmcriteria.catalog import catalog
    except ImportError:  # pragma: no cover - the catalog ships with the package
        return []
    return list(catalog())


CATALOG = _catalog_entries()


@pytest.mark.skipif(not CATALOG, reason="ntmcriteria.catalog is not available")
@pytest.mark.parametrize("entry", CATALOG, ids=[e.id for e in CATALOG])
def test_every_bundled_set_round_trips_and_validates(entry: Any) -> None:
    cs = entry.load()
    text = criteria_set_to_json(cs)
    loaded = criteria_set_from_json(text)
    assert loaded == cs
    assert criteria_set_to_json(loaded) == text
    data = json.loads(text, parse_float=Decimal)
    assert _errors(SET_VALIDATOR, data) == []
    assert data["id"] == entry.id


def test_the_catalog_is_not_empty() -> None:
    assert CATALOG, "no bundled sets found; the catalog round-trip test would test nothing"


@given(st.one_of(_gen.rich_sets(), lib.criteria_sets(max_criteria=3)))
def test_generated_sets_validate(cs: CriteriaSet) -> None:
    assert _errors(SET_VALIDATOR, criteria_set_to_data(cs)) == []
    assert _errors(SET_VALIDATOR, json.loads(criteria_set_to_json(cs),
                                             parse_float=Decimal)) == []


@given(st.one_of(_gen.districts_with_townships(), _gen.provinces_without_districts(),
                 lib.provinces(), lib.communes(years=(2020,)),
                 lib.villages()))
def test_generated_units_validate(unit: Unit) -> None:
    assert _errors(UNIT_VALIDATOR, unit_to_data(unit)) == []


def _valid_set() -> dict[str, Any]:
    return criteria_set_to_data(_gen._reference_set())


@pytest.mark.parametrize(("path", "value"), [
    (("format",), "ntmcriteria/unit"),
    (("version",), 2),
    (("level",), "comune"),
    (("criteria", 0, "rule", "op"), "=>"),
    (("criteria", 0, "rule", "threshold"), "forty"),
    (("criteria", 0, "rule", "compare"), {"fakt": "income"}),
    (("criteria", 0, "citation", "confidence"), "sure"),
    (("criteria", 0, "number"), 10),
    (("indicators", 0, "measure"), "percents"),
])
def test_schema_rejects_what_the_loader_rejects(path: tuple[Any, ...], value: Any) -> None:
    data = _valid_set()
    assert _errors(SET_VALIDATOR, data) == []
    bad = copy.deepcopy(data)
    node = bad
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert _errors(SET_VALIDATOR, bad)
    with pytest.raises(FormatError):
        criteria_set_from_data(bad)


def test_schema_rejects_unknown_keys_at_any_level() -> None:
    data = _valid_set()
    data["criteria"][0]["rule"]["unit"] = "%"
    assert _errors(SET_VALIDATOR, data)
    data = _valid_set()
    data["extra"] = 1
    assert _errors(SET_VALIDATOR, data)


def test_schema_accepts_decimal_strings_and_refuses_other_strings() -> None:
    data = _valid_set()
    data["criteria"][0]["rule"] = {"compare": {"fact": "income"}, "op": ">=",
                                   "threshold": "45.50"}
    assert _errors(SET_VALIDATOR, data) == []
    data["criteria"][0]["rule"]["threshold"] = "45,50"
    assert _errors(SET_VALIDATOR, data)


def test_unit_schema_checks_levels_and_children() -> None:
    from ntmcriteria.units import Commune, Village

    data = unit_to_data(Commune(code="1", villages=[Village(code="01")],
                                history={2020: {"income": 1}}))
    assert _errors(UNIT_VALIDATOR, data) == []
    data["villages"][0]["level"] = "commune"
    assert _errors(UNIT_VALIDATOR, data)
    data = unit_to_data(Commune(code="1"))
    data["history"] = {"twenty": {}}
    assert _errors(UNIT_VALIDATOR, data)
    data = unit_to_data(Commune(code="1"))
    del data["format"]
    assert _errors(UNIT_VALIDATOR, data)
