"""Criteria sets: validation at construction, periods, parameters, references, derivation."""

from __future__ import annotations

import pytest

from ntmcriteria import Commune, Outcome, Tier, Village
from ntmcriteria.changes import (
    AddCriterion,
    AddIndicator,
    DropCriterion,
    ReplaceCriterion,
    ReplaceReference,
    ReplaceThreshold,
    SetParameter,
)
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, Criterion, Parameter
from ntmcriteria.errors import (
    DerivationError,
    NTMError,
    NTMTypeError,
    NTMValueError,
    PeriodError,
    UnknownNameError,
)
from ntmcriteria.rules import (
    MeetsDetail,
    Rule,
    all_of,
    fact,
    meets,
    param,
    rule_param,
    share,
    yes,
)
from tests._core_fixtures import INCOME, SEED, ind, one_criterion_set

PROVINCE = Citation(document="Quyết định 2429/QĐ-UBND tỉnh Quảng Nam", date="2022-09",
                    confidence="secondary")


def test_undeclared_indicator_fails_at_construction_with_did_you_mean() -> None:
    with pytest.raises(UnknownNameError, match=r"unknown indicator 'incme'.*did you mean 'income'"):
        one_criterion_set(fact("incme") >= 45, INCOME)
    with pytest.raises(KeyError):  # also a KeyError for callers who catch built-ins
        one_criterion_set(fact("incme") >= 45, INCOME)


def test_undeclared_parameter_and_reference_fail_at_construction() -> None:
    with pytest.raises(UnknownNameError, match="unknown parameter 'income.min'"):
        one_criterion_set(fact("income") >= param("income.min"), INCOME)
    with pytest.raises(UnknownNameError, match="unknown criteria set 'vn.advanced'"):
        one_criterion_set(meets("vn.advanced"), INCOME)


def test_yes_no_threshold_must_match_the_indicator_type() -> None:
    with pytest.raises(NTMTypeError, match="compares the decimal indicator 'income'"):
        one_criterion_set(yes("income"), INCOME)


def test_unknown_supplied_parameter_gets_did_you_mean() -> None:
    declared = Parameter(name="income.min", label_vi="Mức", label_en="Level", citation=SEED)
    cs = one_criterion_set(fact("income") >= param("income.min"), INCOME, parameters=(declared,))
    with pytest.raises(UnknownNameError, match="did you mean 'income.min'"):
        cs.assess(Commune(code="1"), year=2024, parameters={"income.mni": 45})


def test_assessing_outside_the_period_is_an_error_unless_allowed() -> None:
    cs = one_criterion_set(fact("income") >= 45, INCOME)
    commune = Commune(code="1", facts={"income": 50})
    with pytest.raises(PeriodError, match="year 2026 is outside the valid period 2021-2025"):
        cs.assess(commune, year=2026)
    assert cs.assess(commune, year=2026, allow_outside_period=True).outcome is Outcome.PASS


def test_level_mismatch_is_an_error() -> None:
    cs = one_criterion_set(fact("income") >= 45, INCOME)
    with pytest.raises(NTMTypeError, match="assesses a Commune"):
        cs.assess(Village(code="1"), year=2024)


def test_duplicate_ids_and_deep_rules_are_refused() -> None:
    c = Criterion(id="x", number="1", label_vi="a", label_en="a", rule=fact("income") >= 1,
                  citation=SEED)
    with pytest.raises(NTMValueError, match="lists the criterion id 'x' twice"):
        CriteriaSet(id="s", label_vi="s", label_en="s", level="commune", valid_from=2021,
                    valid_to=2025, indicators=(INCOME,), criteria=(c, c))
    deep: Rule = fact("income") >= 1
    for _ in range(63):
        deep = all_of(deep)
    assert deep.depth == 64  # the deepest rule that can be built
    with pytest.raises(NTMValueError, match="at most 64 levels deep"):
        all_of(deep)


def test_errors_subclass_the_fitting_builtin() -> None:
    assert issubclass(UnknownNameError, KeyError)
    assert issubclass(PeriodError, ValueError)
    assert issubclass(NTMTypeError, TypeError)
    assert issubclass(DerivationError, NTMError)
    err = UnknownNameError("indicator", "incme", ["income"])
    assert str(err).startswith("unknown indicator 'incme' (did you mean 'income'?)")


ADVANCED_FLAG = ind("advanced_ok", "boolean")


def _advanced_set() -> CriteriaSet:
    return one_criterion_set(yes("advanced_ok"), ADVANCED_FLAG, set_id="vn.advanced")


def _model_set() -> CriteriaSet:
    return one_criterion_set(
        meets("vn.advanced", tier="advanced", recognised_from=2021),
        ADVANCED_FLAG,
        references=(_advanced_set(),),
        set_id="vn.model",
    )


def test_recognition_from_the_current_period_counts() -> None:
    commune = Commune(code="1", recognitions={Tier.ADVANCED: 2022})
    trace = _model_set().assess(commune, year=2024).results[0].trace
    assert trace.outcome is Outcome.PASS
    assert "2022" in trace.detail_as(MeetsDetail).note_en


def test_recognition_from_2018_2020_does_not_carry_over() -> None:
    old = Commune(code="1", recognitions={Tier.ADVANCED: 2019}, facts={"advanced_ok": False})
    assessment = _model_set().assess(old, year=2024)
    assert assessment.outcome is Outcome.FAIL
    assert "does not count" in assessment.explain("en")
    unknown = Commune(code="2", recognitions={Tier.ADVANCED: 2019})
    assert _model_set().assess(unknown, year=2024).outcome is Outcome.UNKNOWN
    meets_on_facts = Commune(code="3", recognitions={Tier.ADVANCED: 2019},
                             facts={"advanced_ok": True})
    assert _model_set().assess(meets_on_facts, year=2024).outcome is Outcome.PASS


def _base_for_derivation() -> CriteriaSet:
    share_flag = ind("model_village", "boolean")
    level = Parameter(name="income.min", label_vi="Mức thu nhập", label_en="Income level",
                      citation=SEED)
    return CriteriaSet(
        id="vn.base", label_vi="Bộ gốc", label_en="Base", level="commune", valid_from=2021,
        valid_to=2025, indicators=(INCOME, share_flag), parameters=(level,),
        criteria=(
            Criterion(id="income", number="10", label_vi="Thu nhập", label_en="Income",
                      rule=fact("income") >= param("income.min"), citation=SEED),
            Criterion(id="villages", number="20", label_vi="Thôn", label_en="Villages",
                      rule=share("village", yes("model_village"), at_least=100), citation=SEED),
        ),
    )


def test_derivation_records_each_change_with_its_citation() -> None:
    base = _base_for_derivation()
    poor = ind("poor_rate")
    derived = base.derive(
        id="qn.derived",
        changes=[
            SetParameter(name="income.min", value=50, citation=PROVINCE),
            ReplaceThreshold(criterion_id="villages", threshold=80, citation=PROVINCE),
            AddIndicator(indicator=poor, citation=PROVINCE),
            AddCriterion(
                criterion=Criterion(id="poor", number="11", label_vi="Nghèo", label_en="Poverty",
                                    rule=fact("poor_rate") <= 2, citation=PROVINCE),
                citation=PROVINCE,
            ),
        ],
    )
    assert derived.derived_from == "vn.base"
    assert [c.kind for c in derived.changes] == [
        "set_parameter", "replace_threshold", "add_indicator", "add_criterion"]
    assert all(c.citation == PROVINCE for c in derived.changes)
    villages = [Village(code=f"{i}", facts={"model_village": i < 8}) for i in range(10)]
    commune = Commune(code="1", facts={"income": 50, "poor_rate": 1}, villages=villages)
    assert base.assess(commune, year=2024).outcome is Outcome.FAIL  # 80% < 100%, income unknown
    assert derived.assess(commune, year=2024).outcome is Outcome.PASS
    assert base.parameter("income.min").default is None  # the base is unchanged


def test_derivation_drop_and_replace() -> None:
    base = _base_for_derivation()
    derived = base.derive(
        id="qn.derived",
        changes=[
            DropCriterion(criterion_id="villages", citation=PROVINCE),
            ReplaceCriterion(
                criterion=Criterion(id="income", number="10", label_vi="Thu nhập",
                                    label_en="Income", rule=fact("income") >= 60,
                                    citation=PROVINCE),
                citation=PROVINCE,
            ),
        ],
    )
    assert [c.id for c in derived.criteria] == ["income"]
    assert derived.assess(Commune(code="1", facts={"income": 59}), year=2024).outcome is (
        Outcome.FAIL
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (DropCriterion(criterion_id="incom", citation=PROVINCE), "did you mean 'income'"),
        (SetParameter(name="income.mn", value=1, citation=PROVINCE), "did you mean 'income.min'"),
        (ReplaceThreshold(criterion_id="income", threshold=1, path=(5,), citation=PROVINCE),
         "no comparison or count at path"),
        (ReplaceReference(old_id="vn.none", criteria_set=_advanced_set(), citation=PROVINCE),
         "unknown criteria set 'vn.none'"),
    ],
)
def test_derivation_of_missing_ids_is_an_error(change: object, message: str) -> None:
    with pytest.raises(DerivationError, match=message):
        _base_for_derivation().derive(id="x", changes=[change])  # type: ignore[list-item]


def test_replace_reference_rewrites_meets() -> None:
    provincial = one_criterion_set(yes("advanced_ok"), ADVANCED_FLAG, set_id="qn.advanced")
    derived = _model_set().derive(
        id="qn.model",
        changes=[ReplaceReference(old_id="vn.advanced", criteria_set=provincial,
                                  citation=PROVINCE)],
    )
    assert repr(derived.criteria[0].rule) == (
        "meets('qn.advanced', tier='advanced', recognised_from=2021)"
    )
    commune = Commune(code="1", facts={"advanced_ok": True})
    assert derived.assess(commune, year=2024).outcome is Outcome.PASS


def test_a_replaced_threshold_cites_the_authorising_decision_and_what_it_amends() -> None:
    derived = _base_for_derivation().derive(
        id="qn.derived",
        changes=[ReplaceThreshold(criterion_id="villages", threshold=80, citation=PROVINCE),
                 SetParameter(name="income.min", value=50, citation=PROVINCE)],
    )
    villages = derived.criterion("villages").citation
    assert villages.document == PROVINCE.document
    assert villages.amends == SEED.document + ", " + SEED.article
    assert "amends " + SEED.document in villages.describe("en")
    assert derived.parameter("income.min").citation.document == PROVINCE.document
    assert derived.criterion("income").citation == SEED  # untouched criteria keep theirs


def test_a_recognition_after_the_assessed_year_does_not_count_and_says_why() -> None:
    later = Commune(code="1", recognitions={Tier.ADVANCED: 2024}, facts={"advanced_ok": False})
    assessment = _model_set().assess(later, year=2023)
    assert assessment.outcome is Outcome.FAIL
    assert "later than the year assessed, 2023" in assessment.explain("en")


def test_a_derived_value_reaches_the_referenced_set_that_declares_the_parameter() -> None:
    level = Parameter(name="lvl", label_vi="Mức", label_en="Level", citation=SEED)
    inner = one_criterion_set(fact("income") >= param("lvl"), INCOME, parameters=(level,),
                              set_id="inner")
    outer = one_criterion_set(meets("inner"), INCOME, references=(inner,), set_id="outer")
    derived = outer.derive(id="p", changes=[SetParameter(name="lvl", value=60, citation=PROVINCE)])
    commune = Commune(code="1", facts={"income": 50})
    assert outer.assess(commune, year=2022).outcome is Outcome.UNKNOWN
    assert derived.assess(commune, year=2022).outcome is Outcome.FAIL
    assert derived.assess(Commune(code="2", facts={"income": 60}), year=2022).outcome is (
        Outcome.PASS
    )


def test_a_derived_rule_parameter_of_a_referenced_set_is_checked_against_that_set() -> None:
    """The rule a derived set gives a referenced set's rule parameter is evaluated in
    that referenced set, so it may use (only) that set's indicators."""
    rule_level = Parameter(name="inner.rule", kind="rule", label_vi="Quy tắc",
                           label_en="Rule", citation=SEED)
    inner = one_criterion_set(rule_param("inner.rule"), ind("ok", "boolean"),
                              parameters=(rule_level,), set_id="inner")
    outer = one_criterion_set(meets("inner"), INCOME, references=(inner,), set_id="outer")
    derived = outer.derive(id="p", changes=[
        SetParameter(name="inner.rule", value=yes("ok"), citation=PROVINCE)])
    assert derived.assess(Commune(code="1", facts={"ok": False}), year=2022).outcome is (
        Outcome.FAIL)
    assert derived.assess(Commune(code="1", facts={"ok": True}), year=2022).outcome is (
        Outcome.PASS)
    derived.resolve_parameters({"inner.rule": yes("ok")})
    with pytest.raises(UnknownNameError, match="in criteria set 'inner'"):
        outer.derive(id="q", changes=[
            SetParameter(name="inner.rule", value=yes("income"), citation=PROVINCE)])


def test_derive_needs_a_new_id_and_a_sequence_of_changes() -> None:
    base = _base_for_derivation()
    with pytest.raises(DerivationError, match="needs its own id"):
        base.derive(id="vn.base", changes=[])
    with pytest.raises(NTMTypeError, match="changes must be a sequence"):
        base.derive(id="x", changes=None)  # type: ignore[arg-type]


def test_member_levels_and_meets_levels_are_checked_when_the_set_is_built() -> None:
    flag = ind("flag", "boolean")
    with pytest.raises(NTMValueError, match="must name a level below 'commune'"):
        one_criterion_set(share("district", yes("flag"), at_least=50), flag)
    with pytest.raises(NTMValueError, match="must name a level below 'village'"):
        one_criterion_set(share("village", share("village", yes("flag"), at_least=1),
                                at_least=50), flag)
    with pytest.raises(NTMValueError, match="at_least must be a percentage"):
        one_criterion_set(share("village", yes("flag"), at_least=150), flag)
    with pytest.raises(NTMValueError, match="that set applies to the commune level"):
        one_criterion_set(share("village", meets("vn.advanced"), at_least=100), ADVANCED_FLAG,
                          references=(_advanced_set(),))


def test_an_empty_set_cannot_be_assessed_or_referenced() -> None:
    empty = CriteriaSet(id="empty", label_vi="Rỗng", label_en="Empty", level="commune",
                        valid_from=2021, valid_to=2025, criteria=())
    with pytest.raises(NTMValueError, match="no criteria to assess"):
        empty.assess(Commune(code="1"), year=2022)
    with pytest.raises(NTMValueError, match="vacuous pass"):
        one_criterion_set(meets("empty"), INCOME, references=(empty,))


def test_a_replaced_threshold_updates_the_labels_that_quote_it() -> None:
    from decimal import Decimal

    from ntmcriteria.changes import requote
    from ntmcriteria.thresholds import Const, Param

    base = CriteriaSet(
        id="vn.q", label_vi="Bộ", label_en="Set", level="commune", valid_from=2021,
        valid_to=2025, indicators=(INCOME,), parameters=(
            Parameter(name="lvl", label_vi="Mức", label_en="Level", citation=SEED),),
        criteria=(
            Criterion(id="a", number="1", label_vi="Thu nhập ≥ 1,5 lần (đến năm 2025)",
                      label_en="Income >= 1.5 times (by 2025)",
                      rule=fact("income") >= Decimal("1.5"), citation=SEED),
            Criterion(id="b", number="2", label_vi="Thu nhập ≥ 45", label_en="Income >= 45",
                      rule=fact("income") >= 45, citation=SEED),
            Criterion(id="c", number="3", label_vi="Thu nhập", label_en="Income",
                      rule=fact("income") >= 45, citation=SEED),
        ))
    derived = base.derive(id="qn.q", changes=[
        ReplaceThreshold(criterion_id="a", threshold=Decimal("1.6"), citation=PROVINCE),
        ReplaceThreshold(criterion_id="b", threshold=param("lvl"), citation=PROVINCE),
        ReplaceThreshold(criterion_id="c", threshold=50, citation=PROVINCE)])
    a, b, c = derived.criteria
    # the number is re-quoted as each language writes it; the year 2025 is not touched
    assert (a.label_vi, a.label_en) == ("Thu nhập ≥ 1,6 lần (đến năm 2025)",
                                        "Income >= 1.6 times (by 2025)")
    # a parameter cannot be quoted: the label says the threshold was amended
    assert (b.label_vi, b.label_en) == ("Thu nhập ≥ 45 (ngưỡng đã sửa đổi)",
                                        "Income >= 45 (threshold amended)")
    assert (c.label_vi, c.label_en) == ("Thu nhập", "Income")  # quotes no number
    # a number quoted twice is ambiguous: amended, never a guess
    assert requote("1.000 hoặc 1000", Const(1000), Const(900), vi=True) == (
        "1.000 hoặc 1000 (ngưỡng đã sửa đổi)")
    assert requote("≥ 1.000 hộ", Const(1000), Const(1200), vi=True) == "≥ 1.200 hộ"
    assert requote("≥ 45", Const(45), Param("x"), vi=False) == "≥ 45 (threshold amended)"
