"""Not applicable (issue 11, point 12): ``applies_if`` and the fourth outcome.

Hand cases (a commune without an upper-secondary school, a condition that is not known,
a share over villages some of which are not concerned) and the laws of Kleene's logic
extended with NOT_APPLICABLE, on outcomes and on generated rule trees, each evaluated by
the interpreter and by the compiled plan (both backends).
"""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntmcriteria.catalog import get
from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.evaluation.sources import UnitSource
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import (
    ApplicableDetail,
    Rule,
    ShareDetail,
    all_of,
    any_of,
    applies_if,
    at_least,
    count,
    fact,
    not_,
    share,
    yes,
)
from ntmcriteria.serialize import rule_from_data, rule_to_data
from ntmcriteria.strategies import communes, outcomes, rules
from ntmcriteria.trace import Trace
from ntmcriteria.units import Commune, Village
from tests._helpers_testing import HISTORY, YEAR, ind, make_set

P, F, U, NA = Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN, Outcome.NOT_APPLICABLE
D = Decimal
_NUMPY = importlib.util.find_spec("numpy") is not None
BACKENDS = ["python", *(["numpy"] if _NUMPY else [])]


# ------------------------------------------------------------------ helpers
def _compiled(cs: CriteriaSet, unit: Any, backend: str = "python") -> dict[str | None, Outcome]:
    """The compiled plan's outcome of every criterion (and of the set, key None)."""
    results = cs.compile({}).run(UnitSource(cs.level), [unit], YEAR, backend=backend)
    out: dict[str | None, Outcome] = {c.id: results.outcomes(cs.id, c.id)[0]
                                      for c in cs.criteria}
    out[None] = results.outcomes(cs.id)[0]
    return out


def _traces(cs: CriteriaSet, unit: Any) -> dict[str, Trace]:
    """The interpreter's trace of every criterion."""
    a = cs.assess(unit, year=YEAR)
    return {r.id: r.trace for r in a.results}


def _both(cs: CriteriaSet, unit: Any) -> dict[str | None, Outcome]:
    """Every criterion's outcome, after checking the plan (both backends) agrees with the
    interpreter."""
    traces = _traces(cs, unit)
    interpreted: dict[str | None, Outcome] = {k: t.outcome for k, t in traces.items()}
    interpreted[None] = Outcome.all(t.outcome for t in traces.values())
    for backend in BACKENDS:
        assert _compiled(cs, unit, backend) == interpreted, backend
    return interpreted


def _find(trace: Trace, kind: str) -> Trace:
    return next(t for t in trace.walk() if t.kind == kind)


# ------------------------------------------------------------------ the Quảng Nam plan
GROUP1: dict[str, Any] = {
    "kindergarten_enrolment_rate": D("95"), "grade1_entry_rate": D("100"),
    "primary_completion_rate_age11": D("97"), "age11_rest_in_primary": True,
    "age15_18_in_education_rate": D("96"), "basic_schools_standard_rate": D("100"),
    "schools_level2_count": 2, "health_station_insurance": True,
    "health_monitoring_rate": D("99"), "health_insurance_rate": D("97"),
    "infectious_diseases_controlled": True, "mass_food_poisoning": False,
    "cultural_commune": True, "cultural_facilities_upgraded": True,
    "effective_tourism_models": 1, "landscape_outstanding": True,
    "waste_treatment_in_place": True,
}
GROUP1_SET = "qn.commune.field.group1.2021-2025"


def _group1(**facts: Any) -> Commune:
    return Commune(code="x", name="Xã thử", region="DHNTB", facts={**GROUP1, **facts},
                   recognitions={"ntm": 2015})


def test_a_commune_without_an_upper_secondary_school_can_pass() -> None:
    # the plan (section III.1.b, b1): "100% trường THPT đạt chuẩn quốc gia" of the schools
    # "trên địa bàn": a commune with none cannot meet it or fail it; no rate is needed
    cs = get(GROUP1_SET)
    unit = _group1(has_upper_secondary_school=False)
    a = cs.assess(unit, year=YEAR)
    assert a.result("g1.5").outcome is P
    assert a.outcome is P
    node = _find(a.result("g1.5").trace, "applies_if")
    assert node.outcome is NA
    assert node.detail_as(ApplicableDetail).applies is False
    assert a.missing() == ()
    vi, en = a.explain("vi"), a.explain("en")
    assert ("[KHÔNG ÁP DỤNG] Tỷ lệ trường THPT đạt chuẩn quốc gia (%) ≥ 100%: không áp dụng, "
            "vì không thỏa điều kiện áp dụng (Trên địa bàn xã có trường THPT: thực tế không"
            in vi)
    assert "Trên địa bàn xã có trường THPT" in vi
    assert "[NOT APPLICABLE] Share of upper-secondary schools" in en
    assert "not applicable, since the condition for it to apply does not hold" in en
    assert "There is an upper-secondary school" in en
    assert "chỉ áp dụng khi" in a.result("g1.5").criterion.citation.note.lower()
    assert _both(cs, unit)[None] is P


def test_a_commune_with_one_must_have_it_at_standard() -> None:
    cs = get(GROUP1_SET)
    ok = cs.assess(_group1(has_upper_secondary_school=True,
                           upper_secondary_standard_rate=D("100")), year=YEAR)
    assert ok.result("g1.5").outcome is P
    short = _group1(has_upper_secondary_school=True, upper_secondary_standard_rate=D("99.9"))
    a = cs.assess(short, year=YEAR)
    assert a.result("g1.5").outcome is F
    assert a.failed == ("g1.5",)
    assert _both(cs, short)["g1.5"] is F


def test_an_unknown_condition_is_unknown_naming_the_fact() -> None:
    cs = get(GROUP1_SET)
    # the rate alone does not tell whether the requirement applies
    unit = _group1(upper_secondary_standard_rate=D("100"))
    a = cs.assess(unit, year=YEAR)
    assert a.result("g1.5").outcome is U
    assert [m.key for m in a.missing()] == ["has_upper_secondary_school"]
    assert _both(cs, unit)["g1.5"] is U


# ------------------------------------------------------------------ hand cases
HAS = ind("has_x", "boolean")
RATE = ind("rate")
OK = ind("ok", "boolean")
HAND = (HAS, RATE, OK)
RULE = applies_if(yes("has_x"), fact("rate") >= 100)


def test_the_outcome_of_applies_if_follows_its_condition() -> None:
    cs = make_set(HAND, RULE)
    for facts, expected in [({"has_x": True, "rate": D("100")}, P),
                            ({"has_x": True, "rate": D("99")}, F),
                            ({"has_x": True}, U),
                            ({"has_x": False}, NA),
                            ({"has_x": False, "rate": D("1")}, NA),
                            ({"rate": D("100")}, U)]:
        unit = Commune(code="1", facts=facts)
        assert _both(cs, unit)["c1"] is expected, facts


def test_a_set_passes_when_every_applicable_criterion_passes() -> None:
    cs = make_set(HAND, RULE, yes("ok"))
    unit = Commune(code="1", facts={"has_x": False, "ok": True})
    outcomes_ = _both(cs, unit)
    assert outcomes_ == {"c1": NA, "c2": P, None: P}
    a = cs.assess(unit, year=YEAR)
    assert a.outcome is P
    assert a.not_applicable == ("c1",)
    assert "1 không áp dụng" in a.explain("vi")
    failing = Commune(code="1", facts={"has_x": False, "ok": False})
    assert _both(cs, failing)[None] is F


def test_a_set_whose_criteria_are_all_not_applicable_is_not_applicable() -> None:
    cs = make_set(HAND, RULE, applies_if(yes("has_x"), yes("ok")))
    unit = Commune(code="1", facts={"has_x": False})
    assert _both(cs, unit) == {"c1": NA, "c2": NA, None: NA}
    a = cs.assess(unit, year=YEAR)
    assert a.outcome is NA
    assert a.outcome.label_vi == "không áp dụng"
    assert a.outcome.label_en == "not applicable"


def _villages(*facts: dict[str, Any]) -> Commune:
    return Commune(code="c", villages=[Village(code=f"0{i}", facts=f)
                                       for i, f in enumerate(facts, 1)])


def test_a_share_leaves_villages_not_concerned_out_of_the_denominator() -> None:
    # 4 villages: one has no X (not applicable), two pass, one fails: 2 of 3 = 66.67%
    unit = _villages({"has_x": True, "rate": D("100")}, {"has_x": True, "rate": D("100")},
                     {"has_x": True, "rate": D("50")}, {"has_x": False})
    for threshold, expected in [(D("66.66"), P), (D("66.67"), F), (D("100"), F)]:
        cs = make_set(HAND, share("village", RULE, at_least=threshold))
        assert _both(cs, unit)["c1"] is expected, threshold
    cs = make_set(HAND, share("village", RULE, at_least=50))
    detail = cs.assess(unit, year=YEAR).result("c1").trace.detail_as(ShareDetail)
    assert detail.total == 3
    assert detail.observed == D("66.67")
    assert detail.not_applicable == ("04",)
    text = cs.assess(unit, year=YEAR).explain("vi")
    assert "2/3" in text
    assert "Không áp dụng (không tính vào tổng số): 04" in text
    # counts too: 2 pass among the applicable; 3 would need the village not concerned
    assert _both(make_set(HAND, count("village", RULE, at_least=2)), unit)["c1"] is P
    assert _both(make_set(HAND, count("village", RULE, at_least=3)), unit)["c1"] is F


def test_a_share_whose_members_are_all_not_applicable_is_not_applicable() -> None:
    unit = _villages({"has_x": False}, {"has_x": False})
    for rule in (share("village", RULE, at_least=100), count("village", RULE, at_least=1)):
        assert _both(make_set(HAND, rule), unit)["c1"] is NA
    # with no member listed at all it stays UNKNOWN (never a vacuous verdict)
    assert _both(make_set(HAND, share("village", RULE, at_least=100)), _villages())["c1"] is U


def test_at_least_k_over_fewer_than_k_applicable_parts_is_unknown() -> None:
    # 2 of 3, one not applicable, the two others pass: PASS; one of them fails: neither
    # PASS (it would count the part that does not apply) nor FAIL: UNKNOWN, saying why
    na = applies_if(yes("has_x"), yes("ok"))
    passing = [yes("ok"), yes("ok"), na]
    unit = Commune(code="1", facts={"has_x": False, "ok": True})
    assert _both(make_set(HAND, at_least(2, *passing)), unit)["c1"] is P
    cs = make_set(HAND, at_least(3, *passing))
    assert _both(cs, unit)["c1"] is U
    missing = cs.assess(unit, year=YEAR).missing()
    assert [m.key for m in missing] == ["applicable_parts"]
    assert "chỉ 2 điều kiện được áp dụng" in missing[0].describe("vi")
    all_na = make_set(HAND, at_least(1, na, na))
    assert _both(all_na, unit)["c1"] is NA


def test_applies_if_round_trips_through_documents_and_repr() -> None:
    data = rule_to_data(RULE)
    assert set(data) == {"applies_if", "rule"}
    assert rule_from_data(data) == RULE
    import ntmcriteria.rules

    assert eval(repr(RULE), vars(ntmcriteria.rules)) == RULE


def test_the_table_says_when_it_applies() -> None:
    from ntmcriteria.render.table import criteria_table_markdown

    vi = criteria_table_markdown(make_set(HAND, RULE), "vi")
    assert "≥ 100% (chỉ áp dụng khi: Chỉ tiêu has\\_x có)" in vi
    assert "(applies only when: Indicator has\\_x" in criteria_table_markdown(
        make_set(HAND, RULE), "en")


# ------------------------------------------------------------------ laws on outcomes
@given(outcomes(), outcomes())
def test_de_morgan(a: Outcome, b: Outcome) -> None:
    assert ~(a & b) is (~a | ~b)
    assert ~(a | b) is (~a & ~b)
    assert ~NA is NA


@given(outcomes(), outcomes(), outcomes())
def test_identity_absorption_commutativity(a: Outcome, b: Outcome, c: Outcome) -> None:
    # NOT_APPLICABLE is the identity of & and |; PASS and FAIL are those of the applicable
    assert (a & NA) is a
    assert (NA & a) is a
    assert (a | NA) is a
    assert (NA | a) is a
    if a is not NA:
        assert (a & P) is a
        assert (a | F) is a
        assert (a & (a | b)) is a
        assert (a | (a & b)) is a
    else:  # absorption by NA reduces to the identity
        assert (a & (a | b)) is b
        assert (a | (a & b)) is b
    assert (a & b) is (b & a)
    assert (a | b) is (b | a)
    assert ((a & b) & c) is (a & (b & c))
    assert ((a | b) | c) is (a | (b | c))


@given(st.lists(outcomes(), min_size=1, max_size=6), st.integers(0, 3), st.randoms())
def test_a_not_applicable_part_never_changes_a_decided_verdict(
        xs: list[Outcome], extra: int, rnd: Any) -> None:
    ys = [*xs, *([NA] * extra)]
    rnd.shuffle(ys)
    assert Outcome.all(ys) is Outcome.all(xs)
    assert Outcome.any(ys) is Outcome.any(xs)
    applicable = [x for x in xs if x is not NA]
    for k in range(1, len(applicable) + 1):
        assert Outcome.at_least(k, ys) is Outcome.at_least(k, applicable)
    # all parts not applicable: not applicable, never PASS or FAIL
    assert Outcome.all([NA] * len(xs)) is NA
    assert Outcome.any([NA] * len(xs)) is NA
    assert Outcome.at_least(1, [NA] * len(xs)) is NA


@given(st.lists(outcomes(), min_size=1, max_size=6), st.integers(1, 6))
def test_not_applicable_never_becomes_pass_or_fail_in_at_least(xs: list[Outcome],
                                                               k: int) -> None:
    if k > len(xs):
        return
    result = Outcome.at_least(k, xs)
    passed = xs.count(P)
    applicable = len(xs) - xs.count(NA)
    if result is P:
        assert passed >= k  # k parts that apply passed
    if result is F:
        assert applicable >= k  # a FAIL is decided by applicable parts only
    if result is NA:
        assert applicable == 0


# ------------------------------------------------------------------ laws on rules
INDICATORS = (ind("rate", "decimal"), ind("stations", "integer"), ind("certified", "boolean"),
              ind("none_here", "boolean"))
RULES = rules(indicators=INDICATORS[:3], max_depth=3)
UNITS = communes(indicators=INDICATORS[:3], years=HISTORY, max_villages=3)
NEVER = applies_if(yes("none_here"), yes("certified"))  # not applicable on every unit


def _with_none_here(unit: Commune) -> Commune:
    return attrs.evolve(unit, facts={**unit.facts, "none_here": False})


def _outcomes_of(rules_: list[Rule], unit: Commune) -> list[Outcome]:
    cs = make_set(INDICATORS, *rules_)
    got = _both(cs, unit)
    return [got[f"c{i + 1}"] for i in range(len(rules_))]


SLOW = settings(suppress_health_check=(HealthCheck.too_slow,), deadline=None,
                max_examples=60)


@SLOW
@given(UNITS, RULES, RULES, RULES)
def test_on_rules_the_laws_hold_and_the_plan_agrees(unit: Commune, a: Rule, b: Rule,
                                                     c: Rule) -> None:
    unit = _with_none_here(unit)
    oa, ob, *rest = _outcomes_of(
        [a, b, ~(a & b), ~a | ~b, ~(a | b), ~a & ~b, a & NEVER, a | NEVER, not_(NEVER),
         a & (a | b), all_of(a, b, c), all_of(c, NEVER, b, a), any_of(a, b, c),
         any_of(b, NEVER, c, a), at_least(2, a, b, c), at_least(2, a, NEVER, b, c)], unit)
    (not_and, or_not, not_or, and_not, a_never, a_or_never, not_never, absorb,
     abc, abc_never, any_abc, any_abc_never, two, two_never) = rest
    assert not_and is or_not
    assert not_or is and_not
    assert a_never is oa
    assert a_or_never is oa
    assert not_never is NA
    assert absorb is (oa if oa is not NA else ob)  # absorption
    assert abc is abc_never
    assert any_abc is any_abc_never
    assert abc is Outcome.all(_outcomes_of([a, b, c], unit))
    assert two is two_never


@SLOW
@given(communes(indicators=INDICATORS[:3], min_villages=1, max_villages=4),
       rules(indicators=INDICATORS[:3], max_depth=2, level="village", time=False),
       st.sampled_from([0, 50, D("66.7"), 100]))
def test_not_applicable_members_are_left_out_of_shares(unit: Commune, rule: Rule,
                                                       threshold: Any) -> None:
    # every second village is not concerned: the share is that over the others
    villages = [attrs.evolve(v, facts={**v.facts, "none_here": i % 2 == 1})
                for i, v in enumerate(unit.villages)]
    unit = attrs.evolve(unit, villages=villages)
    guarded = applies_if(~yes("none_here"), rule)
    kept = attrs.evolve(unit, villages=villages[::2])
    with_na = _outcomes_of([share("village", guarded, at_least=threshold),
                            count("village", guarded, at_least=1)], unit)
    without = _outcomes_of([share("village", rule, at_least=threshold),
                            count("village", rule, at_least=1)], kept)
    assert with_na == without


def test_a_tally_whose_members_may_all_not_apply_is_undecided() -> None:
    """Members whose ``applies_if`` condition is unknown may turn out not applicable: with
    no applicable member decided, the tally may be not applicable, so it is UNKNOWN
    (naming what is missing), never a FAIL or PASS that the data could overturn."""
    counted = make_set(HAND, count("village", RULE, at_least=2))
    shared = make_set(HAND, share("village", RULE, at_least=0))
    unknown = _villages({"rate": D(100)})  # has_x unknown: it may not apply
    assert _both(counted, unknown)["c1"] is Outcome.UNKNOWN
    assert _both(shared, unknown)["c1"] is Outcome.UNKNOWN
    trace = _traces(counted, unknown)["c1"]
    assert [m.key for m in trace.missing] == ["has_x"]
    # the data settles it either way
    assert _both(counted, _villages({"rate": D(100), "has_x": False}))["c1"] is NA
    assert _both(counted, _villages({"rate": D(100), "has_x": True}))["c1"] is Outcome.FAIL
    assert _both(shared, _villages({"rate": D(100), "has_x": True}))["c1"] is Outcome.PASS
    # a member whose condition holds applies, even with its own value unknown: decided
    assert _both(counted, _villages({"has_x": True}))["c1"] is Outcome.FAIL
    # one applicable member decided: the others not applying cannot make it not applicable
    two = _villages({"rate": D(100), "has_x": True}, {"rate": D(100)})
    assert _both(counted, two)["c1"] is Outcome.UNKNOWN  # 1 passing, 1 may: 2 possible
    assert _both(make_set(HAND, count("village", RULE, at_least=3)), two)["c1"] is \
        Outcome.FAIL


def test_at_least_k_is_not_failed_while_too_few_parts_may_turn_out_to_apply() -> None:
    """A part whose ``applies_if`` condition is unknown may turn out not applicable; if
    then fewer than k parts would apply, at least k is UNKNOWN (the library's reading
    of fewer than k applicable parts), so a FAIL is not decided yet: supplying the
    condition must not overturn it."""
    maybe = applies_if(yes("has_x"), fact("rate") >= 50)
    three = make_set(HAND, at_least(3, yes("ok"), fact("rate") >= 100, maybe))
    unit = Commune(code="1", facts={"ok": True, "rate": D(60)})  # has_x unknown
    assert _both(three, unit)["c1"] is U
    assert [m.key for m in _traces(three, unit)["c1"].missing] == ["has_x"]
    # the data settles it either way: not applicable leaves 2 of the 3 needed (unknown)
    for has_x, expected in [(False, U), (True, F)]:
        supplied = Commune(code="1", facts={"ok": True, "rate": D(60), "has_x": has_x})
        assert _both(three, supplied)["c1"] is expected
    # enough parts apply whatever comes: the FAIL is decided
    two = make_set(HAND, at_least(2, yes("ok"), fact("rate") >= 100, maybe))
    failing = Commune(code="1", facts={"ok": False, "rate": D(60)})
    assert _both(two, failing)["c1"] is F
    for has_x in (False, True):
        supplied = Commune(code="1", facts={"ok": False, "rate": D(60), "has_x": has_x})
        assert _both(two, supplied)["c1"] is F
    # a part whose condition holds applies, its own value unknown or not: decided
    assert _both(three, Commune(code="1", facts={"ok": False, "has_x": True}))["c1"] is F
    assert _both(three, Commune(code="1", facts={"ok": False}))["c1"] is U


def test_a_rule_made_of_parts_that_may_all_not_apply_may_not_apply() -> None:
    """Not only an ``applies_if``: an ``all_of`` (``any_of``, ``at_least``) whose parts
    are each not applicable or, unknown, may not apply, and a ``not`` of such a rule,
    may still turn out not applicable; a tally of such members, and at least k of such
    parts, are then not decided yet."""
    both = all_of(applies_if(yes("has_x"), fact("rate") >= 100),
                  applies_if(yes("ok"), fact("rate") >= 50))
    counted = make_set(HAND, count("village", both, at_least=2))
    unknown = _villages({"rate": D(100)})  # has_x and ok unknown: it may not apply
    assert _both(counted, unknown)["c1"] is U
    assert sorted(m.key for m in _traces(counted, unknown)["c1"].missing) == ["has_x", "ok"]
    # the data settles it either way
    assert _both(counted, _villages({"rate": D(100), "has_x": False, "ok": False}))["c1"] \
        is NA
    assert _both(counted, _villages({"rate": D(100), "has_x": True, "ok": True}))["c1"] is F
    # one part applies: the village applies, whatever the other
    assert _both(counted, _villages({"rate": D(100), "has_x": True}))["c1"] is F
    # at least k over a ``not`` of such a rule
    negated = make_set(HAND, at_least(2, fact("rate") >= 100,
                                      not_(applies_if(yes("has_x"), fact("rate") >= 50))))
    assert _both(negated, Commune(code="1", facts={"rate": D(60)}))["c1"] is U
    for has_x, expected in [(False, U), (True, F)]:
        supplied = Commune(code="1", facts={"rate": D(60), "has_x": has_x})
        assert _both(negated, supplied)["c1"] is expected


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_plan_encodes_not_applicable_as_a_fourth_code(backend: str) -> None:
    from ntmcriteria.evaluation.plan import OUTCOME_CODES

    assert OUTCOME_CODES[NA] == 3
    cs = make_set(HAND, RULE)
    assert _compiled(cs, Commune(code="1", facts={"has_x": False}), backend)["c1"] is NA


# ------------------------------------------------------------------ the compiled form
def test_a_plan_without_applies_if_keeps_the_three_valued_instructions() -> None:
    from ntmcriteria.evaluation import compiler

    applicable = (compiler.AllOfApplicable, compiler.AnyOfApplicable,
                  compiler.AtLeastApplicable, compiler.TallyApplicable,
                  compiler.MembersApplicable, compiler.AppliesIf)
    plain = make_set(HAND, yes("ok") & (fact("rate") >= 1),
                     share("village", yes("ok"), at_least=50))
    kinds = {type(i) for i in plain.compile({}).program.instructions}
    assert not kinds & set(applicable)
    guarded = make_set(HAND, yes("ok") & RULE, share("village", RULE, at_least=50))
    kinds = {type(i) for i in guarded.compile({}).program.instructions}
    assert {compiler.AllOfApplicable, compiler.AppliesIf, compiler.TallyApplicable,
            compiler.MembersApplicable} <= kinds


def test_not_applicable_flows_through_every_combinator() -> None:
    from ntmcriteria.rules import held_each_year, labelled

    unit = Commune(code="1", facts={"has_x": False, "ok": True},
                   history={y: {"has_x": False} for y in HISTORY})
    cs = make_set(HAND, not_(RULE), labelled(RULE, vi="Nhãn", en="Label"),
                  held_each_year(RULE, years=2), RULE | yes("ok"), RULE & ~yes("ok"),
                  at_least(1, RULE, RULE), not_(RULE) | RULE)
    assert _both(cs, unit) == {"c1": NA, "c2": NA, "c3": NA, "c4": P, "c5": F, "c6": NA,
                               "c7": NA, None: F}


def test_a_referenced_set_that_does_not_apply_is_not_applicable_unless_a_recognition_counts(
) -> None:
    from ntmcriteria.recognition import Recognition
    from ntmcriteria.rules import meets

    ref = make_set(HAND, RULE, id="ref")
    cs = make_set(HAND, meets("ref", tier="ntm", by="decided"), references=(ref,))
    bare = Commune(code="1", facts={"has_x": False})
    assert _both(cs, bare)["c1"] is NA
    # a recognition with no decision date may count: the set is still not applicable
    undated = attrs.evolve(bare, recognitions={"ntm": Recognition(year=2022)})
    assert _both(cs, undated)["c1"] is NA
    dated = attrs.evolve(bare, recognitions={"ntm": Recognition(
        year=2022, decided="2023-08-09")})
    assert _both(cs, dated)["c1"] is P
