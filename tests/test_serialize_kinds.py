"""Every kind serializes from its declaration: a kind (or a field) lacking what the
serializer needs fails here, naming it; every kind round-trips and validates; the
documents of the first release keep their exact shape; the new kinds (aggregate,
strict operators, the evaluated year) are written, read and described."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any, ClassVar

import attrs
import pytest

from ntmcriteria._change import Change
from ntmcriteria._fields import doc
from ntmcriteria.changes import CHANGE_TYPES, AddCriterion, SetParameter
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, Criterion, Parameter
from ntmcriteria.rules import (
    EXPR_KINDS,
    RULE_KINDS,
    THRESHOLD_KINDS,
    YEAR_KINDS,
    Aggregate,
    Expr,
    Fact,
    InYear,
    Rule,
    RuleDetail,
    YearRef,
    YearsBefore,
    any_of,
    applies_if,
    at_least,
    count,
    fact,
    held_each_year,
    meets,
    not_,
    rule_param,
    share,
    yes,
)
from ntmcriteria.serialize import (
    FormatError,
    assessment_to_data,
    converter,
    criteria_set_from_data,
    criteria_set_schema,
    criteria_set_to_data,
    rule_from_data,
    rule_to_data,
    threshold_from_data,
    threshold_to_data,
    to_json,
)
from ntmcriteria.serialize._api import kind_from_data
from ntmcriteria.serialize._dump import TRACE_HEADER, kind_to_data
from ntmcriteria.serialize._fieldkinds import (
    FAMILIES,
    FIELD_KINDS,
    all_declaration_problems,
    families,
    family,
)
from ntmcriteria.serialize._kinds import DeclarationError, build_family, declaration_problems
from ntmcriteria.serialize._safety import parse_json, write_json
from ntmcriteria.thresholds import Threshold
from ntmcriteria.units import Commune, District, Level, Tier, Village
from tests import _gen

jsonschema = pytest.importorskip("jsonschema")

CITE = Citation(document="Quyết định 318/QĐ-TTg", confidence="verified-text",
                article="Phụ lục I")
ALL_KINDS = [(name, cls) for name, _, kinds, *_ in FAMILIES for cls in kinds]


def _id(item: tuple[str, type[Any]]) -> str:
    return f"{item[0]}.{item[1].__name__}"


# --------------------------------------------------------------------- the declarations
def test_every_kind_declares_what_serialization_needs() -> None:
    assert all_declaration_problems() == []
    assert [f.name for f in families()] == ["rule", "expr", "year_ref", "threshold", "change"]


def test_the_families_are_the_core_kind_tuples() -> None:
    declared = {name: kinds for name, _, kinds, *_ in FAMILIES}
    assert declared == {"rule": RULE_KINDS, "expr": EXPR_KINDS, "year_ref": YEAR_KINDS,
                        "threshold": THRESHOLD_KINDS, "change": CHANGE_TYPES}


def _subclasses(base: type[Any]) -> set[type[Any]]:
    """The public classes of the library derived from ``base`` (as their modules name them:
    an attrs slotted class replaces the class its decorator was given)."""
    found: set[type[Any]] = set()
    stack = list(base.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        module = sys.modules.get(cls.__module__)
        if (not cls.__name__.startswith("_") and cls.__module__.startswith("ntmcriteria.")
                and module is not None and vars(module).get(cls.__qualname__) is cls):
            found.add(cls)
    return found


def test_every_rule_and_change_class_is_in_its_kind_tuple() -> None:
    """A kind class left out of its tuple would silently not serialize."""
    assert _subclasses(Rule) <= set(RULE_KINDS), _subclasses(Rule) - set(RULE_KINDS)
    assert _subclasses(Change) <= set(CHANGE_TYPES), _subclasses(Change) - set(CHANGE_TYPES)


def test_every_trace_detail_belongs_to_a_rule_kind_and_fits_beside_the_header() -> None:
    tags = set(family("rule").tags)
    details = [cls for cls in _subclasses(RuleDetail) if "kind" in vars(cls)]
    assert details
    for cls in details:
        assert cls.kind in tags, cls
        assert attrs.has(cls), cls
        clash = {f.name for f in attrs.fields(cls)} & set(TRACE_HEADER)
        assert not clash, f"{cls.__name__}: detail fields {clash} clash with the trace header"


def test_every_field_kind_has_a_sample_here() -> None:
    """A new field kind must be sampled below, so that the kinds using it are tested."""
    assert set(FIELD_KINDS) == set(SAMPLES)


@attrs.frozen
class _NoTag:
    key: str = attrs.field(metadata=doc(kind="key", tag=True))


@attrs.frozen
class _NoDocKind:
    tag: ClassVar[str] = "no_doc_kind"
    key: str = attrs.field(metadata=doc(kind="key", tag=True))
    extra: int = 0


@attrs.frozen
class _UnknownDocKind:
    tag: ClassVar[str] = "unknown_doc_kind"
    key: str = attrs.field(metadata=doc(kind="colour", tag=True))


@attrs.frozen
class _NoTagField:
    tag: ClassVar[str] = "no_tag_field"
    key: str = attrs.field(metadata=doc(kind="key"))


@attrs.frozen
class _LonelyPair:
    tag: ClassVar[str] = "lonely_pair"
    left: Fact = attrs.field(metadata=doc("lonely_pair", kind="pair"))


@attrs.frozen
class _OptionalNoDefault:
    tag: ClassVar[str] = "optional_no_default"
    key: str = attrs.field(metadata=doc(kind="key", tag=True))
    year: int = attrs.field(metadata=doc(kind="year", optional=True))


class _NotAttrs:
    tag: ClassVar[str] = "not_attrs"


@pytest.mark.parametrize(("cls", "fragments"), [
    (_NoTag, ["_NoTag", "no ClassVar 'tag'"]),
    (_NoDocKind, ["_NoDocKind.extra", "no doc_kind"]),
    (_UnknownDocKind, ["_UnknownDocKind.key", "'colour'", "does not know"]),
    (_NoTagField, ["_NoTagField", "exactly one field under its tag 'no_tag_field'"]),
    (_LonelyPair, ["_LonelyPair.left", "partner"]),
    (_OptionalNoDefault, ["_OptionalNoDefault.year", "no default"]),
    (_NotAttrs, ["_NotAttrs", "not an attrs class"]),
])
def test_a_declaration_lacking_something_is_named(cls: type[Any], fragments: list[str]) -> None:
    problems = declaration_problems([cls], "tag", FIELD_KINDS)
    assert problems, cls
    text = "\n".join(problems)
    for fragment in fragments:
        assert fragment in text
    with pytest.raises(DeclarationError) as info:
        build_family("test", "test kind", [cls], tag_attr="tag", codecs=FIELD_KINDS)
    assert cls.__name__ in str(info.value)


def test_shared_tags_and_mutually_ambiguous_keys_are_named() -> None:
    @attrs.frozen
    class First:
        tag: ClassVar[str] = "first"
        key: str = attrs.field(metadata=doc(kind="key", tag=True))
        second: str = attrs.field(metadata=doc(kind="key"))

    @attrs.frozen
    class Second:
        tag: ClassVar[str] = "second"
        key: str = attrs.field(metadata=doc(kind="key", tag=True))
        first: str = attrs.field(metadata=doc(kind="key"))

    @attrs.frozen
    class Again:
        tag: ClassVar[str] = "first"
        key: str = attrs.field(metadata=doc(kind="key", tag=True))

    problems = "\n".join(declaration_problems([First, Second, Again], "tag", FIELD_KINDS))
    assert "First and Again share the tag 'first'" in problems
    assert "each use the other's tag" in problems


# ----------------------------------------------------------------- every kind, generated
SAMPLES: dict[str, Any] = {
    "rule": yes("station"),
    "rules": (yes("station"), fact("income") >= 45),
    "expr": Fact("income", YearsBefore(1)),
    "year_ref": YearsBefore(2),
    "threshold": threshold_from_data({"scaled": "1.1", "base": {"param": "income_level"}}),
    "fact": Fact("income", InYear(2020)),
    "pair": Fact("poor"),
    "level": Level.VILLAGE,
    "tier": Tier.NTM,
    "function": "mean",
    "op": "<",
    "recognition_date": "decided",
    "text": "Thôn thông minh – kiểu mẫu",
    "key": "income",
    "count": 1,
    "offset": 2,
    "year": 2021,
    "window": 3,
    "number": Decimal("1.25"),
    "value": Decimal("45.50"),
    "schedule": {("DBSH", 2024): Decimal("48.5"), ("TN", 2024): 41},
    "path": (0, 1),
    "citation": CITE,
    "criterion": Criterion(id="extra", number="20", label_vi="Tiêu chí", label_en="Criterion",
                           citation=CITE, rule=fact("income") > 45),
    "indicator": _gen.INDICATORS[0],
    "parameter": Parameter(name="water_share", label_vi="Nước", label_en="Water",
                           citation=CITE, measure="percent", keyed_by=("region",)),
    "criteria_set": _gen._reference_set(),
    "parameter_value": Decimal("92.5"),
}


def _sample(cls: type[Any]) -> Any:
    """An instance of ``cls`` built from its declaration: a sample of each field's kind."""
    return cls(**{f.alias: SAMPLES[f.metadata["doc_kind"]]
                  for f in attrs.fields(cls) if f.init})


def _node_schema(family_name: str) -> Any:
    schema = criteria_set_schema()
    return jsonschema.Draft202012Validator(
        {"$schema": schema["$schema"], "$defs": schema["$defs"],
         "$ref": f"#/$defs/{family_name}"})


@pytest.mark.parametrize("item", ALL_KINDS, ids=_id)
def test_every_kind_round_trips_and_validates(item: tuple[str, type[Any]]) -> None:
    family_name, cls = item
    obj = _sample(cls)
    data = kind_to_data(family_name, obj)
    spec = family(family_name).by_class[cls]
    if family(family_name).bare is not spec:
        assert isinstance(data, dict)
        assert next(iter(data)) == spec.tag  # the kind key comes first
    assert kind_from_data(family_name, data) == obj
    text = write_json(data)
    assert kind_from_data(family_name, parse_json(text, what="node")) == obj
    assert write_json(kind_to_data(family_name, kind_from_data(family_name, data))) == text
    assert list(_node_schema(family_name).iter_errors(data)) == []
    assert converter.structure(converter.unstructure(obj), cls) == obj


@pytest.mark.parametrize("item", ALL_KINDS, ids=_id)
def test_every_kind_refuses_unknown_keys_with_a_did_you_mean(item: tuple[str, type[Any]]
                                                            ) -> None:
    family_name, cls = item
    data = kind_to_data(family_name, _sample(cls))
    if not isinstance(data, dict):
        data = {family(family_name).by_class[cls].tag: data}
    key = next(iter(data))
    bad = {**data, key + "s": data[key]}
    with pytest.raises(FormatError) as info:
        kind_from_data(family_name, bad)
    messages = {p.path: p.message for p in info.value.problems}
    assert f"did you mean {key!r}" in messages[f"$.{key}s"]
    assert list(_node_schema(family_name).iter_errors(bad))


# ------------------------------------------------------------- the first release's shapes
def _same(node: Any, loaded: Any, dumped: Any) -> None:
    assert json.dumps(dumped, default=str) == json.dumps(node, default=str)


_F = {"fact": "income"}
_YES = {"compare": {"fact": "station"}, "op": "==", "threshold": True}
RULE_DOCUMENTS: list[Any] = [
    {"compare": _F, "op": ">=", "threshold": 45},
    {"compare": _F, "op": "!=", "threshold": Decimal("59.99")},
    {"all_of": [_YES, {"compare": _F, "op": "<=", "threshold": 45}]},
    {"any_of": [_YES]},
    {"at_least": 2, "of": [_YES, _YES, {"not": _YES}]},
    {"labelled": _YES, "vi": "Trạm y tế", "en": "Health station"},
    {"share": "village", "rule": _YES, "at_least": 100},
    {"count": "village", "rule": _YES, "at_least": 2},
    {"held_each_year": {"compare": _F, "op": ">=", "threshold": 40}, "years": 3},
    {"meets": "vn.ref", "tier": "ntm", "recognised_from": 2021},
    {"meets": "vn.ref", "tier": "advanced"},
    {"meets": "vn.ref"},
    {"rule_param": "smart_village"},
    {"compare": {"difference": [{"fact": "poor"}, {"fact": "exempt"}]}, "op": "==",
     "threshold": 0},
    {"compare": {"ratio": [_F, {"fact": "income", "at": {"recognition_year": "ntm"}}]},
     "op": ">=", "threshold": Decimal("1.5")},
    {"compare": {"fact": "income", "at": {"years_before": 1}}, "op": ">=",
     "threshold": {"schedule": [{"region": "DHNTB", "year": 2024, "value": 45}]}},
    {"compare": {"fact": "income", "at": {"in_year": 2020}}, "op": ">=",
     "threshold": {"param": "income_level"}},
    {"compare": _F, "op": ">=",
     "threshold": {"scaled": Decimal("1.1"), "base": {"param": "income_level"}}},
    {"compare": _F, "op": ">=", "threshold": {"schedule": [
        {"region": "DBSH", "value": 48}, {"region": "TN", "value": Decimal("41.5")}]}},
    {"compare": _F, "op": ">=", "threshold": {"schedule": [
        {"year": 2021, "value": 40}, {"year": 2025, "value": 50}]}},
]


@pytest.mark.parametrize("node", RULE_DOCUMENTS, ids=lambda n: next(iter(n)))
def test_first_release_rule_documents_load_and_dump_identically(node: Any) -> None:
    rule = rule_from_data(node)
    _same(node, rule, rule_to_data(rule))
    text = to_json(rule)
    assert to_json(rule_from_data(parse_json(text, what="rule"))) == text


@pytest.mark.parametrize(("written", "dumped"), [
    ({"compare": {"fact": "income", "at": {"current": True}}, "op": ">=", "threshold": 45},
     {"compare": {"fact": "income"}, "op": ">=", "threshold": 45}),
    ({"compare": _F, "op": ">=", "threshold": {"const": 45}},
     {"compare": _F, "op": ">=", "threshold": 45}),
    ({"compare": _F, "op": ">=", "threshold": "45.50"},
     {"compare": _F, "op": ">=", "threshold": Decimal("45.50")}),
    ({"compare": _F, "op": ">=", "threshold": {"scaled": "1.1", "base": 40}},
     {"compare": _F, "op": ">=", "threshold": {"scaled": Decimal("1.1"), "base": 40}}),
])
def test_accepted_spellings_dump_canonically(written: Any, dumped: Any) -> None:
    assert rule_to_data(rule_from_data(written)) == dumped


@pytest.mark.parametrize("node", [45, True, False, Decimal("59.99"),
                                  {"param": "x"}, {"evaluated_year": 0}])
def test_thresholds_dump_identically(node: Any) -> None:
    _same(node, None, threshold_to_data(threshold_from_data(node)))


# ------------------------------------------------------------------------- the new kinds
@pytest.mark.parametrize("fn", ["sum", "mean", "min", "max"])
@pytest.mark.parametrize("op", [">=", "<=", "==", "!=", ">", "<"])
def test_aggregates_are_written_from_their_declaration(fn: str, op: str) -> None:
    rule = Aggregate(fn, "commune", fact("x"), op, 80)
    data = rule_to_data(rule)
    assert json.dumps(data) == json.dumps(
        {"aggregate": fn, "level": "commune", "of": {"fact": "x"}, "op": op, "threshold": 80})
    assert rule_from_data(data) == rule
    assert list(_node_schema("rule").iter_errors(data)) == []


def test_aggregate_of_a_difference_with_a_schedule_round_trips() -> None:
    rule = Aggregate("sum", "village", fact("poor") - fact("exempt", at=YearsBefore(1)), "<",
                     threshold_from_data({"schedule": [{"year": 2024, "value": 3}]}))
    data = rule_to_data(rule)
    assert data["of"] == {"difference": [{"fact": "poor"},
                                         {"fact": "exempt", "at": {"years_before": 1}}]}
    assert rule_from_data(data) == rule


@pytest.mark.parametrize("op", [">", "<"])
def test_strict_operators_round_trip_and_validate(op: str) -> None:
    data = {"compare": {"fact": "x"}, "op": op, "threshold": 10}
    assert rule_to_data(rule_from_data(data)) == data
    assert list(_node_schema("rule").iter_errors(data)) == []
    assert op in criteria_set_schema()["$defs"]["compare"]["properties"]["op"]["enum"]


@pytest.mark.parametrize(("node", "path", "fragments"), [
    ({"aggregate": "median", "level": "commune", "of": _F, "op": ">=", "threshold": 1},
     "$.aggregate", ["'median'", "one of 'sum', 'mean', 'min', 'max'"]),
    ({"aggregate": "min", "level": "comune", "of": _F, "op": ">=", "threshold": 1},
     "$.level", ["did you mean 'commune'"]),
    ({"aggregate": "min", "level": "commune", "of": _F, "op": "=>", "threshold": 1},
     "$.op", ["'=>'", "'>='"]),
    ({"aggregate": "min", "level": "commune", "of": _F, "op": ">=", "threshold": True},
     "$", ["yes/no"]),
    ({"aggregate": "min", "level": "commune", "of": {"ratio": [_F, _F]}, "op": ">=",
      "threshold": 1}, "$", ["fact(...) or a difference"]),
    ({"aggregate": "min", "level": "commune", "op": ">=", "threshold": 1}, "$.of",
     ["missing the required key 'of'"]),
    ({"aggregate": "min", "level": "commune", "of": _F, "op": ">=", "threshold": 1,
      "over": "x"}, "$.over", ["unknown key 'over'"]),
])
def test_aggregate_problems_name_the_field_the_value_and_what_was_expected(
        node: Any, path: str, fragments: list[str]) -> None:
    with pytest.raises(FormatError) as info:
        rule_from_data(node)
    messages = {p.path: p.message for p in info.value.problems}
    assert path in messages, info.value
    for fragment in fragments:
        assert fragment in messages[path], messages[path]


def test_schema_refuses_an_unknown_aggregate_function() -> None:
    bad = {"aggregate": "median", "level": "commune", "of": _F, "op": ">=", "threshold": 1}
    assert list(_node_schema("rule").iter_errors(bad))


def test_the_converter_structures_kinds_and_their_unions() -> None:
    rule = Aggregate("max", "village", fact("water"), ">", Decimal("99.5"))
    data = converter.unstructure(rule)
    assert converter.structure(data, Aggregate) == rule
    assert converter.structure(data, Rule) == rule
    threshold: Any = Threshold
    assert converter.structure({"evaluated_year": 2}, threshold) == threshold_from_data(
        {"evaluated_year": 2})
    expr: Any = Expr
    assert converter.structure({"ratio": [_F, _F]}, expr) == rule_from_data(
        {"compare": {"ratio": [_F, _F]}, "op": ">=", "threshold": 1}).expr  # type: ignore[attr-defined]
    year: Any = YearRef
    assert converter.structure({"in_year": 2020}, year) == InYear(2020)
    change = SetParameter(name="water_share", value=Decimal("95"), citation=CITE)
    assert converter.structure(converter.unstructure(change), SetParameter) == change
    with pytest.raises(FormatError):
        converter.structure({"in_year": 2020}, YearsBefore)


# --------------------------------------------------------------------- derivation changes
def test_change_problems_have_paths_through_the_records_they_hold() -> None:
    cs = CriteriaSet(
        id="qn", label_vi="Bộ", label_en="Set", level="commune", valid_from=2021,
        valid_to=2025, indicators=_gen.INDICATORS, derived_from="vn",
        criteria=(Criterion(id="income", number="10", label_vi="Thu nhập", label_en="Income",
                            citation=CITE, rule=fact("income") >= 45),),
        changes=(AddCriterion(criterion=SAMPLES["criterion"], citation=CITE),
                 SetParameter(name="x", value=None, citation=CITE)),
    )
    data = criteria_set_to_data(cs)
    assert data["changes"][0] == {"add_criterion": data["changes"][0]["add_criterion"],
                                  "citation": {"document": CITE.document,
                                               "confidence": "verified-text",
                                               "article": "Phụ lục I"}}
    # first release: a set_parameter always writes its value, null included
    assert data["changes"][1] == {"set_parameter": "x", "value": None,
                                  "citation": data["changes"][1]["citation"]}
    assert criteria_set_from_data(data) == cs
    del data["changes"][1]["value"]  # ... and it may be left out when read
    assert criteria_set_from_data(data) == cs
    data["changes"][0]["add_criterion"]["rule"]["compare"] = {"fakt": "income"}
    data["changes"][0]["citation"]["confidence"] = "sure"
    data["changes"][1]["set_parameter"] = 7
    with pytest.raises(FormatError) as info:
        criteria_set_from_data(data)
    assert set(info.value.paths) == {
        "$.changes[0].add_criterion.rule.compare",
        "$.changes[0].citation.confidence",
        "$.changes[1].set_parameter",
    }


# ------------------------------------------------------------------- assessment details
def _every_kind_set() -> CriteriaSet:
    ref = _gen._reference_set()
    rules = {
        "agg": Aggregate("min", "village", fact("water"), ">=", 80),
        "strict": at_least(1, fact("poor") < 3, fact("income") > 50),
        "window": held_each_year(fact("income") >= 40, years=2),
        "members": share("village", yes("station"), at_least=50)
        | count("village", not_(yes("station")), at_least=1),
        "meets": meets("vn.ref", tier="ntm"),
        "supplied": rule_param("smart_village"),
        "any": any_of(fact("income") >= 1),
        "applies": applies_if(yes("station"), fact("income") >= 1),
    }
    return CriteriaSet(
        id="every", label_vi="Bộ", label_en="Set", level="commune", valid_from=2021,
        valid_to=2025, indicators=_gen.INDICATORS, references=(ref,),
        parameters=(Parameter(name="smart_village", label_vi="Thôn thông minh",
                              label_en="Smart village", citation=CITE, kind="rule"),),
        criteria=tuple(Criterion(id=key, number=str(i), label_vi=key, label_en=key,
                                 citation=CITE, rule=rule)
                       for i, (key, rule) in enumerate(rules.items())))


def test_assessment_traces_are_written_from_their_typed_details() -> None:
    unit = Commune(code="1", facts={"poor": 4, "income": 50, "watter": 1},
                   history={2023: {"income": 41}}, recognitions={"ntm": 2019},
                   villages=[Village(code="01", facts={"water": 90, "station": True}),
                             Village(code="02", facts={"water": Decimal("79.5")})])
    assessment = _every_kind_set().assess(unit, year=2024)
    data = assessment_to_data(assessment)
    json.loads(write_json(data))
    kinds: set[str] = set()
    stack = [r["trace"] for r in data["results"]]
    while stack:
        node = stack.pop()
        kinds.add(node["kind"])
        stack.extend(node.get("children", ()))
    assert kinds >= set(family("rule").tags) - {"labelled", "not", "all_of"}
    traces = {r["criterion"]: r["trace"] for r in data["results"]}
    agg = traces["agg"]
    assert (agg["kind"], agg["fn"], agg["level"], agg["expr"], agg["op"]) == (
        "aggregate", "min", "village", {"fact": "water"}, ">=")
    assert (agg["observed"], agg["required"], agg["shortfall"], agg["failing"]) == (
        Decimal("79.5"), 80, Decimal("0.5"), ["02"])
    strict = traces["strict"]
    assert (strict["passed"], strict["required"]) == (0, 1)
    above = strict["children"][1]
    assert (above["op"], above["observed"], above["required"], above["path"]) == (
        ">", 50, 50, [1])
    window = traces["window"]
    assert (window["first_year"], window["last_year"], window["unknown_years"]) == (
        2022, 2023, [2022])
    assert traces["meets"]["set_id"] == "vn.ref"
    assert traces["supplied"]["supplied"] is False
    units = {(s["criterion"], s.get("indicator")): s.get("shortfall_unit")
             for s in data["shortfalls"]}
    assert units[("agg", "water")] == "percentage_points"
    assert units[("strict", "poor")] == "households"
    # the at_least node: short by its parts more needed, in conditions
    assert units[("strict", None)] == "conditions"
    # near misses: the unit carries 'watter' no set declares
    missing = [m for m in data["missing"] if m["kind"] == "fact"]
    assert all("hint" not in m for m in data["missing"])
    assert missing
    assert all(set(m) <= {"kind", "key", "unit", "year", "region", "suggestion", "label_vi",
                          "label_en"} for m in missing)


def test_a_district_aggregate_over_communes_assesses_and_serializes() -> None:
    cs = CriteriaSet(
        id="district", label_vi="Huyện", label_en="District", level="district",
        valid_from=2021, valid_to=2025, indicators=_gen.INDICATORS,
        criteria=(Criterion(id="mean", number="1", label_vi="b", label_en="b", citation=CITE,
                            rule=Aggregate("mean", "commune", fact("income"), ">=", 50)),))
    district = District(code="206", communes=[Commune(code="1", facts={"income": 49}),
                                              Commune(code="2", facts={"income": 51})])
    data = criteria_set_to_data(cs)
    assert data["criteria"][0]["rule"] == {"aggregate": "mean", "level": "commune",
                                           "of": {"fact": "income"}, "op": ">=",
                                           "threshold": 50}
    assert criteria_set_from_data(data) == cs
    assert list(jsonschema.Draft202012Validator(criteria_set_schema()).iter_errors(data)) == []
    trace = assessment_to_data(cs.assess(district, year=2024))["results"][0]["trace"]
    assert (trace["kind"], trace["observed"], trace["total"]) == ("aggregate", 50, 2)
