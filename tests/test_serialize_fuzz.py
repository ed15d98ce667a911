"""Fuzz: arbitrary JSON values and mutated valid documents only ever raise FormatError.

With ``HYPOTHESIS_PROFILE=ci`` each fuzz test runs 5,000 examples; the default
``dev`` profile runs a few hundred.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntmcriteria.citations import Citation
from ntmcriteria.criteria import (
    CriteriaSet,
    Criterion,
    Parameter,
    RegionOverride,
)
from ntmcriteria.rules import (
    Aggregate,
    applies_if,
    at_least,
    count,
    fact,
    held_each_year,
    labelled,
    meets,
    param,
    ratio,
    recognition_year,
    rule_param,
    scaled,
    schedule,
    share,
    yes,
)
from ntmcriteria.serialize import (
    FormatError,
    criteria_set_from_data,
    criteria_set_from_json,
    criteria_set_to_data,
    from_data,
    from_json,
    rule_from_data,
    threshold_from_data,
    unit_from_data,
    unit_from_json,
    unit_to_data,
)
from ntmcriteria.serialize._fieldkinds import families, family
from ntmcriteria.units import Commune, District, Township, Village
from tests import _gen

CI = os.environ.get("HYPOTHESIS_PROFILE") == "ci"
FUZZ = settings(
    max_examples=5000 if CI else 300,
    deadline=None,
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large),
)
# secondary fuzz targets: fewer examples so that CI stays well inside its time budget
FUZZ_LIGHT = settings(FUZZ, max_examples=2000 if CI else 300)

# Keys the loader knows, so that generated objects reach deep into it: every key of every
# kind (from the kinds' declarations), and the keys of the records around them.
KIND_KEYS = {key for fam in families() for spec in fam.kinds for key in spec.keys}
RULE_TAGS = set(family("rule").tags)
KNOWN_KEYS = sorted({
    *KIND_KEYS, "value", "region", "year", "format", "version", "id", "label_vi", "label_en",
    "level", "valid_from", "valid_to", "criteria", "indicators", "parameters", "references",
    "region_overrides", "citation", "derived_from", "changes", "document", "confidence", "key",
    "measure", "value_type", "minimum", "maximum", "name", "kind", "default", "keyed_by",
    "number", "group", "when", "code", "facts", "history", "recognitions", "villages",
    "communes", "districts", "townships", "zone", "path", "criteria_set",
})
KNOWN_VALUES = ["ntmcriteria/criteria-set", "ntmcriteria/unit", "commune", "village", ">=",
                "==", "<", "min", "mean", "DBSH", "ntm", "verified-text", "percent", "decimal",
                "boolean", "2021", "1.5", "-0", "1e999999", "NaN"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-3, 3000),
    st.decimals(allow_nan=True, allow_infinity=True), st.floats(), st.text(max_size=12),
    st.sampled_from(KNOWN_VALUES),
)
keys = st.sampled_from(KNOWN_KEYS) | st.text(max_size=8)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)

LOADERS: tuple[Callable[[Any], Any], ...] = (
    criteria_set_from_data, unit_from_data, rule_from_data, threshold_from_data, from_data)


def _only_format_error(load: Callable[[Any], Any], data: Any) -> Any:
    with contextlib.suppress(FormatError):
        return load(data)
    return None


def _json_text(data: Any) -> str:
    return json.dumps(data, default=str, ensure_ascii=False)


@FUZZ
@given(json_values)
def test_arbitrary_json_values_only_raise_format_error(value: Any) -> None:
    for load in LOADERS:
        _only_format_error(load, value)


@FUZZ_LIGHT
@given(json_values)
def test_arbitrary_json_text_only_raises_format_error(value: Any) -> None:
    text = _json_text(value)
    _only_format_error(criteria_set_from_json, text)
    _only_format_error(unit_from_json, text.encode("utf-8"))
    _only_format_error(from_json, text)


@FUZZ_LIGHT
@given(st.text(max_size=200) | st.binary(max_size=200))
def test_arbitrary_text_only_raises_format_error(text: str | bytes) -> None:
    for load in (criteria_set_from_json, unit_from_json, from_json):
        _only_format_error(load, text)


# ------------------------------------------------------------------ mutated documents
_CITE = Citation(document="Quyết định 318/QĐ-TTg", confidence="verified-text",
                 article="Phụ lục I")


def _sample_set() -> CriteriaSet:
    ref = _gen._reference_set()
    inds = _gen.INDICATORS
    return CriteriaSet(
        id="qn.commune", label_vi="Bộ tiêu chí tỉnh", label_en="Province set", level="commune",
        valid_from=2021, valid_to=2025, indicators=inds, references=(ref,), citation=_CITE,
        parameters=(
            Parameter(name="water_share", label_vi="Nước sạch", label_en="Water",
                      citation=_CITE, measure="percent", keyed_by=("region",),
                      default=schedule({"DBSH": 95, "TN": Decimal("80.5")})),
            Parameter(name="smart_village", label_vi="Thôn thông minh", label_en="Smart",
                      citation=_CITE, kind="rule", default=yes("station")),
        ),
        region_overrides=(RegionOverride(when=yes("station"), region="TN", citation=_CITE),),
        criteria=(
            Criterion(id="income", number="10", label_vi="Thu nhập", label_en="Income",
                      citation=_CITE, group="Kinh tế",
                      rule=ratio(fact("income"), fact("income", at=recognition_year("ntm")))
                      >= Decimal("1.5")),
            Criterion(id="water", number="17.1", label_vi="Nước", label_en="Water",
                      citation=_CITE,
                      rule=at_least(1, fact("water") >= scaled(Decimal("1.1"),
                                                                param("water_share")),
                                    (fact("poor") - fact("exempt")).equals(0))),
            Criterion(id="villages", number="19", label_vi="Thôn", label_en="Villages",
                      citation=_CITE,
                      rule=labelled(share("village", rule_param("smart_village"), at_least=30)
                                    & count("village", yes("station"), at_least=2),
                                    vi="Thôn thông minh", en="Smart villages")),
            Criterion(id="lowest", number="18", label_vi="Thôn thấp nhất", label_en="Lowest",
                      citation=_CITE,
                      rule=Aggregate("min", "village", fact("water"), ">=", Decimal("80.5"))
                      | applies_if(yes("station"), fact("poor") < 5)),
            Criterion(id="ntm", number="0", label_vi="Đạt chuẩn", label_en="NTM",
                      citation=_CITE, rule=meets("vn.ref", tier="ntm", recognised_from=2021)
                      | held_each_year(fact("income") >= 40, years=3)),
        ),
    )


def _sample_unit() -> District:
    village = Village(code="01", name="Thôn Đông", zone="KV1", facts={"station": True},
                      history={2020: {"station": False}})
    commune = Commune(code="20345", name="Tam Thanh", region="DHNTB", villages=[village],
                      facts={"income": Decimal("59.99"), "poor": 3},
                      recognitions={"ntm": 2017}, history={2017: {"income": 40}})
    return District(code="206", name="Núi Thành", communes=[commune],
                    townships=[Township(code="20300", name="Núi Thành", facts={"poor": 0})])


SET_DOCS = (criteria_set_to_data(_sample_set()),)
UNIT_DOCS = (unit_to_data(_sample_unit()),)


def _slots(doc: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in ``doc``, found iteratively."""
    out: list[tuple[Any, Any]] = []
    stack = [doc]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in items:
            out.append((node, key))
            if isinstance(child, dict | list):
                stack.append(child)
    return out


@st.composite
def mutated(draw: Any, docs: tuple[dict[str, Any], ...]) -> Any:
    doc = copy.deepcopy(draw(st.sampled_from(docs)))
    for _ in range(draw(st.integers(1, 3))):
        slots = _slots(doc)
        if not slots:
            break
        container, key = draw(st.sampled_from(slots))
        action = draw(st.integers(0, 5))
        if action == 0:
            container[key] = draw(json_values)
        elif action == 1:
            del container[key]
        elif action == 2 and isinstance(container, dict):
            container[draw(keys)] = draw(json_values)
        elif action == 3:
            container[key] = [container[key]]
        elif action == 4:
            value = container[key]
            container[key] = str(value) if not isinstance(value, dict | list) else {}
        else:
            container[key] = copy.deepcopy(draw(st.sampled_from(slots))[0])
    return doc


def _round_trips_if_loaded(load: Callable[[Any], Any], dump: Callable[[Any], Any],
                           data: Any) -> None:
    loaded = _only_format_error(load, data)
    if loaded is not None:
        assert load(dump(loaded)) == loaded


@FUZZ
@given(mutated(SET_DOCS))
def test_mutated_criteria_sets_only_raise_format_error(data: Any) -> None:
    _round_trips_if_loaded(criteria_set_from_data, criteria_set_to_data, data)
    _only_format_error(criteria_set_from_json, _json_text(data))


@FUZZ_LIGHT
@given(mutated(UNIT_DOCS))
def test_mutated_units_only_raise_format_error(data: Any) -> None:
    _round_trips_if_loaded(unit_from_data, unit_to_data, data)
    _only_format_error(unit_from_json, _json_text(data))


def test_the_sample_documents_are_valid() -> None:
    """The mutation fuzz starts from documents that load (else it would test little)."""
    assert criteria_set_from_data(SET_DOCS[0]) == _sample_set()
    assert unit_from_data(UNIT_DOCS[0]) == _sample_unit()
    kinds = {key for container, key in _slots(SET_DOCS[0]) if isinstance(key, str)}
    assert kinds >= RULE_TAGS - {"any_of", "not"} | {"schedule", "scaled", "param"}


@settings(max_examples=50, deadline=None)
@given(_gen.rich_sets(max_criteria=2).map(criteria_set_to_data).flatmap(
    lambda doc: mutated((doc,))))
def test_mutated_generated_sets_only_raise_format_error(data: Any) -> None:
    _round_trips_if_loaded(criteria_set_from_data, criteria_set_to_data, data)
