"""The bundled catalog: listing, lookup, labels, citations, and no invented thresholds."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ntmcriteria.catalog import (
    ILLUSTRATIVE_NOTE,
    appraisal_rules,
    catalog,
    get,
    illustrative_parameters,
)
from ntmcriteria.catalog._vn_318 import CRITERIA_318, STUNTING_318
from ntmcriteria.citations import Confidence
from ntmcriteria.criteria import CriteriaSet, Parameter
from ntmcriteria.errors import UnknownNameError
from ntmcriteria.rules import Compare, Param, RuleParam, Scaled
from ntmcriteria.thresholds import Schedule
from ntmcriteria.units import Level, Region

ALL_IDS = [entry.id for entry in catalog()]
REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / \
    "ntm_criteria_2021_2025.yaml"


def _every_set() -> list[CriteriaSet]:
    seen: dict[str, CriteriaSet] = {}
    for set_id in ALL_IDS:
        top = get(set_id)
        for s in (top, *top.walk_references()):
            seen.setdefault(s.id, s)
    return list(seen.values())


def _nfc(text: str) -> bool:
    return unicodedata.normalize("NFC", text) == text


# -------------------------------------------------------------------- listing and lookup
def test_catalog_lists_the_issue_sets_with_periods_and_sources() -> None:
    expected = {
        "vn.commune.ntm.2021-2025": (Level.COMMUNE, "318/QĐ-TTg"),
        "vn.commune.ntm-advanced.2021-2025": (Level.COMMUNE, "318/QĐ-TTg"),
        "vn.commune.ntm-model.2021-2025": (Level.COMMUNE, "319/QĐ-TTg"),
        "vn.district.ntm.2021-2025": (Level.DISTRICT, "320/QĐ-TTg"),
        "qn.village.model.2022-2025": (Level.VILLAGE, "2254/QĐ-UBND"),
        "qn.commune.model.2021-2025": (Level.COMMUNE, "Quảng Nam"),
        "qn.district.model.2021-2025": (Level.DISTRICT, "Quảng Nam"),
    }
    entries = {e.id: e for e in catalog()}
    for set_id, (level, source) in expected.items():
        entry = entries[set_id]
        assert entry.level is level
        assert any(source in s for s in entry.sources), (set_id, entry.sources)
        assert entry.period == f"{entry.valid_from}-{entry.valid_to}"
        assert entry.valid_to == 2025


def test_catalog_ids_are_unique() -> None:
    assert len(ALL_IDS) == len(set(ALL_IDS))


@pytest.mark.parametrize("set_id", ALL_IDS)
def test_entry_matches_the_built_set(set_id: str) -> None:
    entry = next(e for e in catalog() if e.id == set_id)
    built = get(set_id)
    assert (built.id, built.level, built.valid_from, built.valid_to) == (
        entry.id, entry.level, entry.valid_from, entry.valid_to)
    assert get(set_id) is built  # built once, then kept


def test_lookup_typo_offers_did_you_mean() -> None:
    with pytest.raises(UnknownNameError) as info:
        get("vn.commune.ntm-modle.2021-2025")
    assert "did you mean 'vn.commune.ntm-model.2021-2025'" in str(info.value)
    assert isinstance(info.value, KeyError)


def test_lookup_of_nonsense_lists_known_ids() -> None:
    with pytest.raises(UnknownNameError) as info:
        get("zzz")
    assert "known:" in str(info.value)


# -------------------------------------------------------------------- labels and citations
@pytest.mark.parametrize("criteria_set", _every_set(), ids=lambda s: s.id)
def test_every_criterion_has_labels_citation_and_confidence(criteria_set: CriteriaSet) -> None:
    assert criteria_set.label_vi
    assert criteria_set.label_en
    for criterion in criteria_set.criteria:
        assert criterion.label_vi.strip(), criterion.id
        assert criterion.label_en.strip(), criterion.id
        assert _nfc(criterion.label_vi)
        assert criterion.citation.document, criterion.id
        assert isinstance(criterion.citation.confidence, Confidence)
        assert criterion.citation.article, criterion.id
    for parameter in criteria_set.parameters:
        assert parameter.label_vi
        assert parameter.label_en
        assert parameter.citation.document
    for indicator in criteria_set.indicators:
        assert indicator.label_vi
        assert indicator.label_en
        assert _nfc(indicator.label_vi)


def test_seed_requirements_cite_the_plan_section_with_seed_confidence() -> None:
    for group in (1, 2, 3):
        field = get(f"qn.commune.field.group{group}.2021-2025")
        for criterion in field.criteria:
            assert criterion.citation.confidence is Confidence.SEED
            assert f"III.1.b, điểm b{group}" in criterion.citation.article


def test_319_has_exactly_its_four_conditions_verified() -> None:
    model = get("vn.commune.ntm-model.2021-2025")
    assert [c.id for c in model.criteria] == ["km1", "km2", "km3", "km4"]
    assert {c.citation.confidence for c in model.criteria} == {Confidence.VERIFIED_TEXT}


def test_ntm_set_has_the_19_criteria_in_five_groups() -> None:
    ntm = get("vn.commune.ntm.2021-2025")
    assert [c.number for c in ntm.criteria] == [str(n) for n in range(1, 20)]
    assert len({c.group for c in ntm.criteria}) == 5


# -------------------------------------------------------------------- no invented threshold
def _params_used(criteria_set: CriteriaSet) -> set[str]:
    names: set[str] = set()
    for criterion in criteria_set.criteria:
        for node in criterion.rule.walk():
            if isinstance(node, RuleParam):
                names.add(node.name)
            threshold: Any = getattr(node, "threshold", None) or getattr(node, "at_least", None)
            while isinstance(threshold, Scaled):
                threshold = threshold.base
            if isinstance(threshold, Param):
                names.add(threshold.name)
    return names


def test_no_parameter_of_unknown_confidence_has_a_default() -> None:
    checked = 0
    for criteria_set in _every_set():
        for parameter in criteria_set.parameters:
            if parameter.citation.confidence is Confidence.UNKNOWN:
                assert parameter.default is None, parameter.name
                checked += 1
    assert checked > 40


def test_every_parameter_with_a_default_is_sourced() -> None:
    for criteria_set in _every_set():
        for parameter in criteria_set.parameters:
            if parameter.default is not None:
                assert parameter.citation.confidence in (Confidence.SECONDARY,
                                                         Confidence.VERIFIED_TEXT)


def test_every_used_parameter_is_declared_somewhere() -> None:
    for criteria_set in _every_set():
        declared = criteria_set.all_parameters
        for name in _params_used(criteria_set):
            assert name in declared, (criteria_set.id, name)


def test_income_levels_are_parameters_by_region_and_year_without_default() -> None:
    model = get("vn.commune.ntm-model.2021-2025")  # declares neither, sees both via references
    for name in ("vn318.income.ntm", "vn318.income.advanced"):
        parameter: Parameter = model.parameter(name)
        assert parameter.default is None
        assert parameter.keyed_by == ("region", "year")


def test_stunting_ceilings_match_the_reference_notes() -> None:
    parameter = get("vn.commune.ntm.2021-2025").parameter("vn318.stunting.ntm")
    assert isinstance(parameter.default, Schedule)
    hand = {"TDMNPB": "24", "DBSH": "16.5", "BTB": "25", "DHNTB": "22", "TN": "26.5",
            "DNB": "14.5", "DBSCL": "19"}
    for region, value in hand.items():
        assert parameter.default.lookup(Region(region), 2024) == Decimal(value)
        assert STUNTING_318[region] == Decimal(value)


def test_stunting_is_a_ceiling() -> None:
    health = get("vn.commune.ntm.2021-2025").criterion("c15")
    ops = {node.fact_keys()[0]: node.op for node in health.rule.walk()
           if isinstance(node, Compare)}
    assert ops["stunting_rate_under5"] == "<="
    assert ops["health_insurance_rate"] == ">="


def test_labour_is_checked_for_men_and_for_women_against_one_parameter() -> None:
    labour = get("vn.commune.ntm.2021-2025").criterion("c12")
    compares = [n for n in labour.rule.walk() if isinstance(n, Compare)]
    keys = {n.fact_keys()[0] for n in compares}
    assert keys == {"trained_labour_rate_men", "trained_labour_rate_women"}
    assert {n.threshold for n in compares} == {Param("vn318.trained_labour.ntm")}


def test_appraisal_rules_cover_every_not_encoded_criterion() -> None:
    ntm = get("vn.commune.ntm.2021-2025")
    rules = appraisal_rules(ntm)
    rule_params = {p.name for p in ntm.parameters if p.kind == "rule"}
    assert set(rules) == rule_params
    assert len(rule_params) == 17  # all but income (10) and poverty (11)


def test_illustrative_values_are_never_defaults() -> None:
    assert "ILLUSTRATIVE" in ILLUSTRATIVE_NOTE
    assert "MINH HỌA" in ILLUSTRATIVE_NOTE
    district = get("qn.district.model.2021-2025")
    for name in illustrative_parameters():
        declaration = (district.all_parameters.get(name)
                       or get("qn.commune.model.group1.2021-2025").all_parameters.get(name)
                       or get("qn.commune.model.2022-2025").all_parameters.get(name))
        assert declaration is not None, name
        assert declaration.default is None, name


# -------------------------------------------------------------------- against the reference
def _reference() -> dict[str, Any]:
    if not REFERENCE.exists():
        pytest.skip("shared/reference is not beside the clone")
    yaml = pytest.importorskip("yaml")
    with REFERENCE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def _national(data: dict[str, Any], set_id: str) -> dict[str, Any]:
    return next(s for s in data["criteria_sets"] if s["id"] == set_id)


def test_reference_criteria_names_match() -> None:
    ntm = _national(_reference(), "VN-XA-NTM-2021-2025")
    for item in ntm["criteria"]:
        vi, en, _ = CRITERIA_318[item["number"]]
        assert (vi, en) == (item["name_vi"], item["name_en"])


def test_reference_stunting_values_match() -> None:
    ntm = _national(_reference(), "VN-XA-NTM-2021-2025")
    health = next(c for c in ntm["criteria"] if c["number"] == 15)
    stunting = next(i for i in health["indicators"] if i["id"] == "15.x-stunting")
    assert {k: Decimal(str(v)) for k, v in stunting["regional_thresholds"].items()} == \
        STUNTING_318


UNKNOWN_IN_REFERENCE = {
    ("VN-XA-NTM-2021-2025", 10, "10.1"): ("vn.commune.ntm.2021-2025", "vn318.income.ntm"),
    ("VN-XA-NTM-2021-2025", 11, "11.1"): ("vn.commune.ntm.2021-2025", "vn318.poverty.ntm"),
    ("VN-XA-NTM-2021-2025", 12, "12.x"): ("vn.commune.ntm.2021-2025",
                                         "vn318.trained_labour.ntm"),
    ("VN-XA-NTM-2021-2025", 15, "15.x-bhyt"): ("vn.commune.ntm.2021-2025",
                                              "vn318.health_insurance.ntm"),
    ("VN-XA-NTMNC-2021-2025", 10, "10.1"): ("vn.commune.ntm-advanced.2021-2025",
                                           "vn318.income.advanced"),
    ("VN-XA-NTMNC-2021-2025", 2, "2.x-maintenance"): ("vn.commune.ntm-advanced.2021-2025",
                                                     "vn318.road_maintenance.advanced"),
}


@pytest.mark.parametrize("where", sorted(UNKNOWN_IN_REFERENCE))
def test_thresholds_unknown_in_the_reference_have_no_default(
        where: tuple[str, int, str]) -> None:
    set_id, number, indicator_id = where
    criterion = next(c for c in _national(_reference(), set_id)["criteria"]
                     if c["number"] == number)
    indicator = next(i for i in criterion["indicators"] if i["id"] == indicator_id)
    assert indicator["threshold"] is None
    regional = indicator.get("regional_thresholds") or {}
    assert all(v is None for v in regional.values())
    our_set, name = UNKNOWN_IN_REFERENCE[where]
    assert get(our_set).parameter(name).default is None


def test_partial_ehealth_values_are_not_a_default() -> None:
    ntm = _national(_reference(), "VN-XA-NTM-2021-2025")
    health = next(c for c in ntm["criteria"] if c["number"] == 15)
    ehr = next(i for i in health["indicators"] if i["id"] == "15.x-ehr")
    assert any(v is None for v in ehr["regional_thresholds"].values())
    assert get("vn.commune.ntm.2021-2025").parameter("vn318.ehealth_record.ntm").default is None


def test_319_and_320_conditions_in_the_reference_are_encoded() -> None:
    data = _reference()
    model = _national(data, "VN-XA-NTMKM-2021-2025")
    assert len(model["conditions"]) == len(get("vn.commune.ntm-model.2021-2025").criteria)
    district = _national(data, "VN-HUYEN-NTM-2021-2025")
    verified = [c for c in district["conditions"] if c["confidence"] == "verified-text"]
    ours = get("vn.district.ntm.2021-2025")
    assert [c.id for c in ours.criteria[:len(verified)]] == ["h1", "h2", "h3", "h4"]
    assert all(c.citation.confidence is Confidence.VERIFIED_TEXT
               for c in ours.criteria[:len(verified)])
