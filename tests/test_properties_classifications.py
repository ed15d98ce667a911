"""Laws of classifications, as Hypothesis properties.

1. For generated classifications (values, ordered resolver rules, a residual value or
   none, a conflict parameter or UNKNOWN on a conflict, an override) and schedules (by
   the classification, by it and the year, not always covering every value), a
   threshold lookup agrees with a brute-force table: the unit's value worked out by
   trying every way its missing facts could be, then the table's cell for it and the
   year. The interpreter and the compiled plan (unit objects and records, pure Python and
   NumPy) give that same outcome, or the same error.
2. A unit whose classification the resolver decides, and the same unit giving that value
   directly in its own field, assess alike.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
)
from ntmcriteria.evaluation.context import Context, Session
from ntmcriteria.evaluation.sources import RecordSource, UnitSource
from ntmcriteria.rules import Rule, fact, no, param, schedule, yes

CITE = Citation(document="Thuộc tính", confidence="unknown")
CODES = ("a", "b", "c", "d")
FLAGS = ("f0", "f1", "f2", "f3")
YEARS = (2024, 2025)
INDICATORS = (
    *(Indicator(key=k, label_vi=k, label_en=k, measure="yes_no", value_type="boolean")
      for k in (*FLAGS, "o")),
    Indicator(key="x", label_vi="x", label_en="x", measure="percent", value_type="decimal"),
)
#: What a completion of the missing facts gives when no rule or several rules match.
NONE: tuple[str, ...] = ("none",)
CONFLICT: tuple[str, ...] = ("conflict",)


@st.composite
def cases(draw: Any) -> dict[str, Any]:
    codes = draw(st.lists(st.sampled_from(CODES), min_size=2, max_size=4, unique=True))
    n_rules = draw(st.integers(0, 4))
    rules = [(draw(st.sampled_from(codes)), FLAGS[i], draw(st.booleans()))
             for i in range(n_rules)]
    residual = draw(st.none() | st.sampled_from(codes))
    conflict = draw(st.booleans()) and len({v for v, _, _ in rules}) >= 2
    override = draw(st.none() | st.sampled_from(codes))
    by_year = draw(st.booleans())
    keys = [(c, y) for c in codes for y in YEARS] if by_year else [(c, None) for c in codes]
    cells = draw(st.lists(st.sampled_from(keys), min_size=1, unique=True))
    table = {k: draw(st.sampled_from([Decimal(0), Decimal(40), Decimal(50), Decimal(60)]))
             for k in cells}
    facts = {k: v for k in (*FLAGS, "o")
             if (v := draw(st.none() | st.booleans())) is not None}
    facts["x"] = Decimal(50)
    return {
        "codes": codes, "rules": rules, "residual": residual, "conflict": conflict,
        "override": override, "by_year": by_year, "table": table, "facts": facts,
        "own": draw(st.none() | st.sampled_from(codes)),
        "choice": draw(st.none() | st.sampled_from(codes)) if conflict else None,
        "year": draw(st.sampled_from(YEARS)),
    }


def _condition(key: str, positive: bool) -> Rule:
    return yes(key) if positive else no(key)


def _set(case: dict[str, Any]) -> CriteriaSet:
    classification = Classification(
        name="group", label_vi="nhóm", label_en="group", field="group",
        values=[ClassValue(code=c, label_vi=c, label_en=c) for c in case["codes"]],
        overrides=([ClassRule(value=case["override"], when=yes("o"), citation=CITE)]
                   if case["override"] else []),
        rules=[ClassRule(value=v, when=_condition(k, p), citation=CITE)
               for v, k, p in case["rules"]],
        residual=case["residual"], conflict_parameter="choice" if case["conflict"] else None)
    if case["by_year"]:
        table = schedule(dict(case["table"]), by=("group", "year"))
    else:
        table = schedule({c: v for (c, _), v in case["table"].items()}, by="group")
    return CriteriaSet(
        id="prop.group", label_vi="p", label_en="p", level="commune", valid_from=2021,
        valid_to=2030, indicators=INDICATORS, classifications=(classification,),
        parameters=(Parameter(name="choice", label_vi="c", label_en="c", citation=CITE,
                              kind="choice"),
                    Parameter(name="level", label_vi="l", label_en="l", citation=CITE,
                              keyed_by=("group",))),
        criteria=(Criterion(id="t", number="1", label_vi="t", label_en="t", citation=CITE,
                            rule=fact("x") >= table),
                  Criterion(id="p", number="2", label_vi="p", label_en="p", citation=CITE,
                            rule=fact("x") >= param("level"))))


def _brute_force_class(case: dict[str, Any]) -> str | None:
    """The unit's value, by trying every way its missing facts could be (None: unknown)."""
    facts = case["facts"]
    if case["override"] is not None:
        if facts.get("o") is True:
            return str(case["override"])
        if facts.get("o") is None:
            return None
    if case["own"] is not None:
        return str(case["own"])
    rules = case["rules"]
    if not rules and case["residual"] is None:
        return None
    missing = sorted({k for _, k, _ in rules if k not in facts})
    results: set[tuple[str, ...]] = set()
    for bits in itertools.product((False, True), repeat=len(missing)):
        world = {**facts, **dict(zip(missing, bits, strict=True))}
        matched = {v for v, k, p in rules if world[k] is p}
        if not matched:
            results.add(NONE if case["residual"] is None else ("value", case["residual"]))
        elif len(matched) == 1:
            results.add(("value", next(iter(matched))))
        else:
            results.add(CONFLICT if case["choice"] is None else ("value", case["choice"]))
    if len(results) != 1:
        return None
    (result,) = results
    return result[1] if result[0] == "value" else None


def _expected(case: dict[str, Any]) -> Outcome | str:
    """The outcome of ``x >= table[group, year]`` (x is 50); a cell the schedule does not
    list is a missing legal value, UNKNOWN (issue 11, point 10)."""
    code = _brute_force_class(case)
    if code is None:
        return Outcome.UNKNOWN
    key = (code, case["year"] if case["by_year"] else None)
    if key not in case["table"]:
        return Outcome.UNKNOWN
    return Outcome.PASS if Decimal(50) >= case["table"][key] else Outcome.FAIL


def _unit(case: dict[str, Any], own: str | None) -> Commune:
    return Commune(code="u", facts=case["facts"], group=own)


def _run(cs: CriteriaSet, unit: Commune, case: dict[str, Any], criterion: str,
         extra: dict[str, Any] | None = None) -> set[Any]:
    """The criterion's outcome by the interpreter and each compiled way ("error" when it
    raises)."""
    parameters = {"choice": case["choice"]} if case["choice"] else {}
    values = cs.resolve_parameters({**parameters, **(extra or {})})
    found: set[Any] = set()
    try:  # the whole set, as the plan runs it: a schedule error in one criterion is raised
        ctx = Context(unit=unit, year=case["year"], assessment_year=case["year"],
                      criteria_set=cs, parameters=values, session=Session())
        traces = {c.id: ctx.evaluate_criterion(c) for c in cs.criteria}
        found.add(traces[criterion].outcome)
    except NTMError:
        found.add("error")
    record: dict[str, Any] = {"code": "u", "facts": dict(unit.facts.items())}
    if unit.group is not None:
        record["group"] = unit.group
    for source, rows, backend in ((UnitSource(cs.level), [unit], "python"),
                                  (RecordSource(cs.level), [record], "python"),
                                  (RecordSource(cs.level), [record], "numpy")):
        try:
            results = cs.compile(values).run(source, rows, case["year"], backend=backend)
            found.add(results.outcomes(cs.id, criterion)[0])
        except NTMError:
            found.add("error")
    return found


@settings(deadline=None, max_examples=300)
@given(cases())
def test_lookups_agree_with_a_brute_force_table(case: dict[str, Any]) -> None:
    cs = _set(case)
    assert _run(cs, _unit(case, case["own"]), case, "t") == {_expected(case)}


@settings(deadline=None, max_examples=300)
@given(cases())
def test_a_unit_given_its_class_and_the_same_unit_classified_assess_alike(
        case: dict[str, Any]) -> None:
    case = {**case, "own": None}
    code = _brute_force_class(case)
    if code is None:
        return  # the resolver does not decide: nothing to give directly
    cs = _set(case)
    resolved, given = _unit(case, None), _unit(case, code)
    assert given.group == code
    levels = {"level": {code: Decimal(45)}}
    for criterion in ("t", "p"):
        assert _run(cs, resolved, case, criterion) == _run(cs, given, case, criterion)
        assert _run(cs, resolved, case, criterion, levels) == _run(cs, given, case, criterion,
                                                                   levels)
    if _expected(case) != "error":  # 50 >= 45, the level supplied for the unit's own group
        assert _run(cs, resolved, case, "p", levels) == {Outcome.PASS}
        assert _run(cs, resolved, case, "p") == {Outcome.UNKNOWN}


def test_the_brute_force_sees_a_conflict() -> None:
    """A control: two matching rules with no choice are unknown, with a choice decided."""
    case = {"codes": ["a", "b"], "rules": [("a", "f0", True), ("b", "f1", True)],
            "residual": None, "conflict": True, "override": None, "by_year": False,
            "table": {("a", None): Decimal(40), ("b", None): Decimal(60)},
            "facts": {"f0": True, "f1": True, "x": Decimal(50)}, "own": None, "choice": None,
            "year": 2024}
    assert _expected(case) is Outcome.UNKNOWN
    assert _run(_set(case), _unit(case, None), case, "t") == {Outcome.UNKNOWN}
    decided = {**case, "choice": "b"}
    assert _expected(decided) is Outcome.FAIL
    assert _run(_set(decided), _unit(decided, None), decided, "t") == {Outcome.FAIL}
    with pytest.raises(AssertionError):
        assert _expected(case) == _expected(decided)
