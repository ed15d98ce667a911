"""Generators for the serialization tests, beyond :mod:`ntmcriteria.strategies`.

The public strategies cover units, plain rules and simple sets; these add what
a document can hold and they do not draw: every threshold kind (schedules,
parameters, scaled), year references, ``meets`` with references, rule
parameters, region overrides, classifications (a commune group with its
resolver, schedules and rule tables keyed by it), townships, wards, merged
units, odd decimals, and derivation changes.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from hypothesis import strategies as st

from ntmcriteria.changes import (
    AddCriterion,
    AddIndicator,
    AddParameter,
    DropCriterion,
    ReplaceCriterion,
    ReplaceReference,
    ReplaceThreshold,
    SetParameter,
)
from ntmcriteria.citations import Citation
from ntmcriteria.classifications import Classification, ClassRule, ClassValue
from ntmcriteria.criteria import (
    CriteriaSet,
    Criterion,
    Parameter,
    PeriodLink,
    RegionOverride,
)
from ntmcriteria.indicators import Indicator
from ntmcriteria.rules import (
    Rule,
    all_of,
    any_of,
    at_least,
    count,
    fact,
    held_each_year,
    in_year,
    labelled,
    meets,
    no,
    not_,
    param,
    ratio,
    recognition_year,
    rule_param,
    rule_table,
    scaled,
    schedule,
    share,
    years_before,
    yes,
)
from ntmcriteria.thresholds import Schedule, Threshold
from ntmcriteria.units import (
    Commune,
    District,
    Merger,
    Province,
    Region,
    Tier,
    Township,
    Village,
    Ward,
)

_SAMPLES = ("Xã Tam Thanh", "Thôn Đông", "Tiêu chí 17.1", "Quyết định 318/QĐ-TTg",
            "Nước sạch – vệ sinh", "Income", "a'b\\\"c", "Điều 3, khoản 2")
# Unicode text that survives NFC normalisation and stripping unchanged.
texts = st.sampled_from(_SAMPLES) | st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=8
).map(lambda s: unicodedata.normalize("NFC", s))

#: Exact decimals of every shape: exponents, trailing zeros, negatives, big and small.
decimals = st.decimals(allow_nan=False, allow_infinity=False) | st.decimals(
    min_value=-1000, max_value=1000, places=3
)
numbers = st.integers(-(10**20), 10**20) | decimals
#: Texts an id may be: no surrounding spaces, no format characters (bidirectional controls,
#: zero-width characters, soft hyphens...).
ids = texts.filter(lambda s: s == s.strip()
                   and not any(unicodedata.category(c) == "Cf" for c in s))
values = st.booleans() | numbers

CITATION = Citation(
    document="Quyết định 318/QĐ-TTg", confidence="verified-text", date="2022-03-08",
    article="Phụ lục I, mục 10",
)
CITATIONS = st.builds(
    Citation,
    document=texts,
    confidence=st.sampled_from(["verified-text", "secondary", "seed", "unknown"]),
    date=st.just("") | texts,
    article=st.just("") | texts,
    note=st.just("") | texts,
)

INDICATORS = (
    Indicator(key="income", label_vi="Thu nhập bình quân đầu người", label_en="Income",
              measure="million_vnd_per_person_year", value_type="decimal", minimum=0),
    Indicator(key="poor", label_vi="Số hộ nghèo", label_en="Poor households",
              measure="households", value_type="integer", maximum=500),
    Indicator(key="exempt", label_vi="Hộ nghèo loại trừ", label_en="Exempt households",
              measure="households", value_type="integer"),
    Indicator(key="water", label_vi="Tỷ lệ hộ dùng nước sạch", label_en="Clean water",
              measure="percent", value_type="decimal", note="Theo QCVN 01-1:2018/BYT"),
    Indicator(key="station", label_vi="Có trạm y tế đạt chuẩn", label_en="Health station",
              measure="yes_no", value_type="boolean"),
)
NUMERIC_KEYS = ("income", "poor", "exempt", "water")

VALUE_PARAMS = ("income_level", "water_share")
RULE_PARAMS = ("smart_village", "group_rule")
REFERENCE_ID = "vn.ref"
GROUP_CODES = ("1", "2", "3")

#: A commune group as a rich set declares it: a resolver over the set's indicators, a
#: residual value and a choice parameter for a conflict.
GROUP = Classification(
    name="group", label_vi="nhóm xã", label_en="commune group", field="group",
    values=tuple(ClassValue(code=c, label_vi=f"Nhóm {c}", label_en=f"Group {c}")
                 for c in GROUP_CODES),
    rules=(ClassRule(value="1", when=yes("station"), citation=CITATION),
           ClassRule(value="3", when=fact("water") >= 50, citation=CITATION)),
    residual="2", conflict_parameter="group_choice", citation=CITATION)


def schedules() -> st.SearchStrategy[Schedule]:
    years = st.integers(2000, 2100)
    by_region = st.dictionaries(st.sampled_from(Region), numbers, min_size=1, max_size=3)
    by_year = st.dictionaries(years, numbers, min_size=1, max_size=3)
    by_pair = st.dictionaries(st.tuples(st.sampled_from(Region), years), numbers, min_size=1,
                              max_size=3)
    groups = st.sampled_from(GROUP_CODES)
    by_group = st.dictionaries(groups, numbers, min_size=1, max_size=3).map(
        lambda d: schedule(d, by="group"))
    by_group_year = st.dictionaries(st.tuples(groups, years), numbers, min_size=1,
                                    max_size=3).map(lambda d: schedule(d, by=("group", "year")))
    return st.one_of(by_region.map(Schedule), by_year.map(Schedule), by_pair.map(Schedule),
                     by_group, by_group_year)


def thresholds(with_params: bool = True) -> st.SearchStrategy[Threshold]:
    base: st.SearchStrategy[Any] = numbers | schedules()
    if with_params:
        base = base | st.sampled_from(VALUE_PARAMS).map(param)
    return st.recursive(base, lambda inner: st.builds(scaled, decimals, inner), max_leaves=3)


def year_refs() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers(1, 5).map(years_before),
        st.integers(1990, 2030).map(in_year),
        st.sampled_from(Tier).map(recognition_year),
    )


def _facts() -> st.SearchStrategy[Any]:
    return st.builds(fact, st.sampled_from(NUMERIC_KEYS), st.none() | year_refs())


@st.composite
def leaves(draw: Any, with_refs: bool = True) -> Rule:
    choice = draw(st.integers(0, 6 if with_refs else 4))
    if choice == 0:
        op = draw(st.sampled_from([">=", "<=", "==", "!="]))
        expr = draw(_facts())
        t = draw(thresholds(with_refs))
        made: Rule = {">=": expr.__ge__, "<=": expr.__le__, "==": expr.equals,
                      "!=": expr.differs}[op](t)
        return made
    if choice == 1:
        expr = draw(_facts()) - draw(_facts())
        return expr >= draw(thresholds(with_refs))  # type: ignore[no-any-return]
    if choice == 2:
        expr = ratio(draw(_facts()), draw(_facts()))
        t = draw(thresholds(with_refs))
        return expr >= t if draw(st.booleans()) else expr <= t  # type: ignore[no-any-return]
    if choice in (3, 4):
        return yes("station") if choice == 3 else no("station")
    if choice == 5:
        tier = draw(st.none() | st.sampled_from(Tier))
        since = None if tier is None else draw(st.none() | st.integers(2000, 2030))
        return meets(REFERENCE_ID, tier=tier, recognised_from=since)
    return rule_param(draw(st.sampled_from(RULE_PARAMS)))


def _member_rules() -> st.SearchStrategy[Rule]:
    """Rules evaluated on villages: no nested member counts and no commune-level meets()."""
    def extend(inner: st.SearchStrategy[Rule]) -> st.SearchStrategy[Rule]:
        parts = st.lists(inner, min_size=1, max_size=3)
        return st.one_of(parts.map(lambda rs: all_of(*rs)), parts.map(lambda rs: any_of(*rs)),
                         inner.map(not_))

    return st.recursive(leaves(with_refs=False), extend, max_leaves=3)


def rules(with_refs: bool = True, max_leaves: int = 6) -> st.SearchStrategy[Rule]:
    members = _member_rules()

    def extend(inner: st.SearchStrategy[Rule]) -> st.SearchStrategy[Rule]:
        parts = st.lists(inner, min_size=1, max_size=3)
        return st.one_of(
            parts.map(lambda rs: all_of(*rs)),
            parts.map(lambda rs: any_of(*rs)),
            parts.flatmap(lambda rs: st.integers(1, len(rs)).map(lambda k: at_least(k, *rs))),
            inner.map(not_),
            st.builds(lambda r, vi, en: labelled(r, vi=vi, en=en), inner, texts, texts),
            st.builds(lambda r, n: held_each_year(r, years=n), inner, st.integers(1, 5)),
            st.builds(lambda r, t: share("village", r, at_least=t), members,
                      st.decimals(min_value=0, max_value=100, places=2)
                      | st.sampled_from(VALUE_PARAMS).map(param)),
            st.builds(lambda r, t: count("village", r, at_least=t), members, st.integers(0, 9)),
        )

    return st.recursive(leaves(with_refs), extend, max_leaves=max_leaves)


def _reference_set() -> CriteriaSet:
    return CriteriaSet(
        id=REFERENCE_ID, label_vi="Bộ tiêu chí tham chiếu", label_en="Reference set",
        level="commune", valid_from=2021, valid_to=2025, indicators=INDICATORS[:2],
        parameters=(Parameter(name="income_level", label_vi="Mức thu nhập",
                              label_en="Income level", citation=CITATION,
                              measure="million_vnd_per_person_year", keyed_by=("region",)),),
        criteria=(Criterion(id="income", number="10", label_vi="Thu nhập", label_en="Income",
                            citation=CITATION, rule=fact("income") >= param("income_level")),),
    )


@st.composite
def parameters(draw: Any) -> tuple[Parameter, ...]:
    value_default = st.none() | numbers | schedules()
    out = [
        Parameter(name="water_share", label_vi="Tỷ lệ nước sạch", label_en="Water share",
                  citation=draw(CITATIONS), measure="percent",
                  keyed_by=draw(st.sampled_from([(), ("region",), ("region", "year")])),
                  default=draw(value_default)),
        Parameter(name="smart_village", label_vi="Thôn thông minh", label_en="Smart village",
                  citation=CITATION, kind="rule",
                  default=draw(st.none() | rules(with_refs=False, max_leaves=3))),
        Parameter(name="group_rule", label_vi="Quy tắc theo nhóm", label_en="Rule by group",
                  citation=CITATION, kind="rule", keyed_by=("group",),
                  default=draw(st.none() | st.dictionaries(
                      st.sampled_from(GROUP_CODES), rules(with_refs=False, max_leaves=2),
                      min_size=1, max_size=3).map(lambda d: rule_table(d, by="group")))),
        Parameter(name="group_choice", label_vi="Nhóm khi trùng", label_en="Group on conflict",
                  citation=CITATION, kind="choice",
                  default=draw(st.none() | st.sampled_from(GROUP_CODES))),
    ]
    return tuple(out)


def changes() -> st.SearchStrategy[Any]:
    crit = st.builds(Criterion, id=st.just("extra"), number=st.just("20"), label_vi=texts,
                     label_en=texts, rule=rules(with_refs=False, max_leaves=3),
                     citation=CITATIONS, group=st.just("") | texts)
    return st.one_of(
        st.builds(SetParameter, name=st.sampled_from(VALUE_PARAMS),
                  value=st.none() | numbers | schedules(), citation=CITATIONS),
        st.builds(SetParameter, name=st.just("smart_village"),
                  value=rules(with_refs=False, max_leaves=2), citation=CITATIONS),
        st.builds(ReplaceThreshold, criterion_id=ids, threshold=thresholds(),
                  citation=CITATIONS,
                  path=st.none() | st.lists(st.integers(0, 5), max_size=3).map(tuple)),
        st.builds(ReplaceCriterion, criterion=crit, citation=CITATIONS),
        st.builds(DropCriterion, criterion_id=ids, citation=CITATIONS),
        st.builds(AddCriterion, criterion=crit, citation=CITATIONS),
        st.builds(AddIndicator, indicator=st.sampled_from(INDICATORS), citation=CITATIONS),
        st.builds(AddParameter, parameter=parameters().map(lambda ps: ps[0]),
                  citation=CITATIONS),
        st.builds(ReplaceReference, old_id=ids, criteria_set=st.just(_reference_set()),
                  citation=CITATIONS),
    )


@st.composite
def rich_sets(draw: Any, max_criteria: int = 3) -> CriteriaSet:
    """Commune sets using every rule, threshold and expression kind, and every set field."""
    size = draw(st.integers(1, max_criteria))
    criteria = tuple(
        Criterion(id=f"c{n}", number=str(n + 1), label_vi=draw(texts), label_en=draw(texts),
                  group=draw(st.just("") | texts), rule=draw(rules()),
                  citation=draw(CITATIONS))
        for n in range(size)
    )
    overrides = draw(st.lists(st.builds(
        RegionOverride, when=rules(with_refs=False, max_leaves=2),
        region=st.sampled_from(Region), citation=CITATIONS), max_size=2))
    links = draw(st.lists(st.builds(
        PeriodLink, set_id=texts, valid_from=st.integers(2000, 2020),
        valid_to=st.integers(2020, 2040), citation=CITATIONS), max_size=2))
    return CriteriaSet(
        id=draw(ids), label_vi=draw(texts),
        label_en=draw(texts), level="commune", valid_from=2021,
        valid_to=draw(st.integers(2021, 2030)), indicators=INDICATORS,
        parameters=draw(parameters()), references=(_reference_set(),),
        region_overrides=tuple(overrides), citation=draw(st.none() | CITATIONS),
        derived_from=draw(st.none() | ids),
        changes=tuple(draw(st.lists(changes(), max_size=3))), criteria=criteria,
        classifications=(GROUP,), member_level=draw(st.sampled_from([None, "village"])),
        other_periods=tuple(links),
    )


def _unit_facts() -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(("income", "poor", "water", "station", "x.y_2")),
                           values, max_size=4)


def _history() -> st.SearchStrategy[dict[int, dict[str, Any]]]:
    return st.dictionaries(st.integers(1, 3000), _unit_facts(), max_size=3)


def _common() -> dict[str, Any]:
    return {"name": st.just("") | texts, "facts": _unit_facts(), "history": _history(),
            "recognitions": st.dictionaries(st.sampled_from(Tier), st.integers(1990, 2030))}


def _codes() -> st.SearchStrategy[str]:
    return ids  # codes are ids


def _unique(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    return st.lists(strategy, max_size=3, unique_by=lambda u: u.code)


def districts_with_townships() -> st.SearchStrategy[District]:
    """Districts with communes (with villages) and townships, odd names and decimals."""
    village = st.builds(Village, code=_codes(), zone=st.none() | texts, **_common())
    commune = st.builds(Commune, code=_codes(), region=st.none() | st.sampled_from(Region),
                        zone=st.none() | texts, villages=_unique(village), **_common())
    township = st.builds(Township, code=_codes(), region=st.none() | st.sampled_from(Region),
                         **_common())
    return st.builds(District, code=_codes(), region=st.none() | st.sampled_from(Region),
                     communes=_unique(commune), townships=_unique(township), **_common())


def provinces_without_districts() -> st.SearchStrategy[Province]:
    """Provinces holding communes (with a group, some formed by a merger) and wards
    directly, as since 1 July 2025."""
    village = st.builds(Village, code=_codes(), zone=st.none() | texts, **_common())
    former = st.builds(Commune, code=_codes(), **_common())
    merger = st.builds(Merger, date=st.dates(), units=_unique(former).filter(bool),
                       citation=st.none() | CITATIONS)
    commune = st.builds(Commune, code=_codes(), region=st.none() | st.sampled_from(Region),
                        group=st.none() | st.sampled_from(GROUP_CODES), villages=_unique(village),
                        merged_from=st.none() | merger, **_common())
    ward = st.builds(Ward, code=_codes(), region=st.none() | st.sampled_from(Region),
                     **_common())
    return st.builds(Province, code=_codes(), communes=_unique(commune), wards=_unique(ward),
                     merged_from=st.none() | merger, **_common())
