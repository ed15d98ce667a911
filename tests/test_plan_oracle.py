"""The tree interpreter is the oracle: the compiled plan must agree with it.

On generated criteria sets and units (missing facts, unknown and supplied
parameters, members, windows, references with recognitions (higher tiers, decision
dates, by the year or the decision), region overrides,
schedules by region and year, a commune-group classification with resolver rules,
overrides, a residual value and a conflict parameter, schedules and rule tables
keyed by it, strict comparisons, aggregates, values exactly at the thresholds),
for every criterion of the assessed set and of the sets it refers to:

- the plan's outcome equals the interpreter's, from unit objects and from plain
  records (pure-Python and NumPy backends, floats standing for decimals);
- the plan's own figures of each comparison (observed, required, shortfall,
  outcome) equal those of the interpreter's trace at the same path and year;
- an error raised by one is raised by the other.
"""

from __future__ import annotations

import importlib.util
import os
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntmcriteria import (
    Citation,
    Classification,
    ClassRule,
    ClassValue,
    CriteriaSet,
    Criterion,
    Indicator,
    Parameter,
    Recognition,
    RegionOverride,
)
from ntmcriteria.assessment import Tracer
from ntmcriteria.errors import NTMError
from ntmcriteria.evaluation.context import Context, Session
from ntmcriteria.evaluation.sources import Layout, RecordSource, UnitSource
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import (
    Rule,
    all_of,
    any_of,
    applies_if,
    at_least,
    compare,
    count,
    evaluated_year,
    fact,
    held_each_year,
    in_year,
    labelled,
    maximum,
    mean,
    meets,
    minimum,
    not_,
    param,
    ratio,
    recognition_year,
    rule_param,
    rule_table,
    scaled,
    schedule,
    share,
    total,
    years_before,
    yes,
)
from ntmcriteria.trace import Trace
from ntmcriteria.units import Commune, Region, Village

YEAR = 2024
CITE = Citation(document="Oracle", confidence="unknown")
PCT = Indicator(key="pct", label_vi="Tỷ lệ", label_en="Rate", measure="percent",
                value_type="decimal")
INC = Indicator(key="inc", label_vi="Thu nhập", label_en="Income",
                measure="million_vnd_per_person_year", value_type="decimal", minimum=0)
CNT = Indicator(key="cnt", label_vi="Số", label_en="Count", measure="count",
                value_type="integer")
FLAG = Indicator(key="flag", label_vi="Cờ", label_en="Flag", measure="yes_no",
                 value_type="boolean")
YR = Indicator(key="yr", label_vi="Năm", label_en="Year", measure="year",
               value_type="integer")
INDICATORS = (PCT, INC, CNT, FLAG, YR)
NUMERIC = ("pct", "inc", "cnt")
REGIONS = (Region.TDMNPB, Region.DHNTB, Region.DBSCL)
PARAMETERS = (
    Parameter(name="p_num", label_vi="Ngưỡng", label_en="Threshold", citation=CITE),
    Parameter(name="p_year", label_vi="Ngưỡng theo năm", label_en="By year", citation=CITE,
              keyed_by=("region", "year")),
    Parameter(name="p_rule", label_vi="Quy tắc", label_en="Rule", citation=CITE,
              kind="rule"),
    Parameter(name="p_group", label_vi="Ngưỡng theo nhóm", label_en="By group", citation=CITE,
              keyed_by=("group",)),
    Parameter(name="p_table", label_vi="Quy tắc theo nhóm", label_en="Rule by group",
              citation=CITE, kind="rule", keyed_by=("group",)),
    Parameter(name="p_choice", label_vi="Nhóm khi trùng", label_en="Group on conflict",
              citation=CITE, kind="choice"),
)
GROUPS = ("1", "2", "3")
#: (with decimals no float holds, next to 60: a unit's facts are compared as floats only
#: where the float is the decimal, see ``FactMap``)
grid = st.sampled_from([Decimal(v) for v in ("0", "10", "12.5", "45", "50", "59.99", "60",
                                             "59.99999999999999999999",
                                             "60.00000000000000000001", "80", "100")])
small = st.sampled_from([0, 1, 2, 3, 5])


def _values(key: str) -> st.SearchStrategy[Any]:
    if key == "flag":
        return st.booleans()
    if key == "cnt":
        return small
    if key == "yr":
        return st.sampled_from([2019, 2023, 2024])
    return grid


def _threshold(key: str) -> st.SearchStrategy[Any]:
    if key == "yr":
        return st.sampled_from([evaluated_year(), evaluated_year(before=1), 2023])
    values = _values(key)
    by_region = st.builds(lambda vs: schedule(dict(zip(REGIONS, vs, strict=True))),
                          st.tuples(values, values, values))
    by_both = st.builds(lambda vs: schedule({(r, y): v for r in REGIONS
                                             for y, v in zip(range(2021, 2025), vs,
                                                             strict=True)}),
                        st.tuples(values, values, values, values))
    by_group = st.builds(lambda vs: schedule(dict(zip(GROUPS, vs, strict=True)), by="group"),
                         st.tuples(values, values, values))
    by_group_year = st.builds(
        lambda vs: schedule({(g, y): v for g in GROUPS
                             for y, v in zip(range(2022, 2025), vs, strict=True)},
                            by=("group", "year")), st.tuples(values, values, values))
    by_region_group = st.builds(
        lambda vs: schedule({(r, g): vs[i % 3] for i, (r, g) in enumerate(
            (r, g) for r in REGIONS for g in GROUPS)}, by=("region", "group")),
        st.tuples(values, values, values))
    return st.one_of(values, values, by_region, by_both, st.just(param("p_num")),
                     st.just(param("p_year")),
                     by_group, by_group_year, by_region_group, st.just(param("p_group")),
                     st.builds(lambda v: scaled(Decimal("1.1"), v), st.one_of(values,
                                                                              by_region,
                                                                              by_group)))


@st.composite
def _leaf(draw: Any, members: bool) -> Rule:
    form = draw(st.sampled_from(["compare", "compare", "yes", "difference", "ratio", "param",
                                 "year", "meets"] if not members else
                                ["compare", "compare", "yes", "difference", "year"]))
    at = draw(st.sampled_from([None, None, None, years_before(1), in_year(2023),
                               recognition_year("ntm")]))
    if form == "yes":
        return yes("flag") if draw(st.booleans()) else compare(fact("flag", at), "!=", True)
    if form == "difference":
        a, b = draw(st.sampled_from(NUMERIC)), draw(st.sampled_from(NUMERIC))
        return compare(fact(a) - fact(b), draw(st.sampled_from([">=", "<=", ">", "<", "=="])),
                       draw(st.sampled_from([-10, 0, 5, Decimal("12.5")])))
    if form == "ratio":
        base = draw(st.sampled_from([years_before(1), recognition_year("ntm")]))
        factor = draw(st.sampled_from([Decimal("1.5"), Decimal("1"), param("p_num")]))
        return compare(ratio(fact("inc"), fact("inc", at=base)),
                       draw(st.sampled_from([">=", "<=", ">", "<"])), factor)
    if form == "param":
        return rule_param(draw(st.sampled_from(["p_rule", "p_table"])))
    if form == "year":
        return compare(fact("yr"), draw(st.sampled_from(["<", "<=", ">=", "=="])),
                       draw(_threshold("yr")))
    if form == "meets":
        tier = draw(st.sampled_from([None, "ntm", "advanced"]))
        if tier is None:
            return meets("ref")
        return meets("ref", tier=tier, recognised_from=draw(st.sampled_from([None, 2022])),
                     by=draw(st.sampled_from(["year", "decided"])))
    key = draw(st.sampled_from(NUMERIC))
    op = draw(st.sampled_from([">=", "<=", "==", "!=", ">", "<"]))
    return compare(fact(key, at), op, draw(_threshold(key)))


def _rules(depth: int, members: bool) -> st.SearchStrategy[Rule]:
    leaf = _leaf(members)
    if depth <= 1:
        return leaf
    sub = _rules(depth - 1, members)
    parts = st.lists(sub, min_size=1, max_size=3)
    branches = [
        parts.map(lambda rs: all_of(*rs)),
        parts.map(lambda rs: any_of(*rs)),
        parts.flatmap(lambda rs: st.integers(1, len(rs)).map(lambda k: at_least(k, *rs))),
        sub.map(not_),
        sub.map(lambda r: labelled(r, vi="Nhãn", en="Label")),
        st.builds(lambda r, n: held_each_year(r, years=n), sub, st.integers(1, 2)),
        st.builds(applies_if, sub, sub),
    ]
    if not members:
        inner = _rules(depth - 1, True)
        aggregate = st.builds(
            lambda fn, key, op, t: getattr(fn(("village"), fact(key)), op)(t),
            st.sampled_from([minimum, maximum, total, mean]), st.sampled_from(NUMERIC),
            st.sampled_from(["__ge__", "__le__", "__gt__", "__lt__", "equals", "differs"]),
            grid)
        branches += [
            st.builds(lambda r, s: share("village", r, at_least=s), inner,
                      st.sampled_from([0, 50, Decimal("66.7"), 100, param("p_num")])),
            st.builds(lambda r, k: count("village", r, at_least=k), inner,
                      st.sampled_from([0, 1, 2])),
            aggregate,
        ]
    return st.one_of(leaf, *branches)


REF = CriteriaSet(
    id="ref", label_vi="Bộ tham chiếu", label_en="Reference", level="commune",
    valid_from=2021, valid_to=2025, indicators=INDICATORS,
    criteria=(Criterion(id="r1", number="1", label_vi="a", label_en="a", citation=CITE,
                        rule=fact("pct") >= 50),
              Criterion(id="r2", number="2", label_vi="b", label_en="b", citation=CITE,
                        rule=yes("flag") | (fact("cnt") > 1))))


@st.composite
def groups(draw: Any) -> Classification:
    """A commune group: resolver rules (group 1 by the flag, group 3 by the rate), maybe an
    override, a residual value or none, a conflict parameter or UNKNOWN on a conflict."""
    overrides = draw(st.sampled_from([(), (ClassRule(value="2", when=fact("cnt") > 2,
                                                     citation=CITE),)]))
    return Classification(
        name="group", label_vi="nhóm", label_en="group", field="group",
        values=tuple(ClassValue(code=g, label_vi=f"Nhóm {g}", label_en=f"Group {g}")
                     for g in GROUPS),
        overrides=overrides,
        rules=(ClassRule(value="1", when=yes("flag"), citation=CITE),
               ClassRule(value="3", when=fact("pct") >= 50, citation=CITE)),
        residual=draw(st.sampled_from(["2", None])),
        conflict_parameter=draw(st.sampled_from(["p_choice", None])))


@st.composite
def criteria_sets(draw: Any) -> CriteriaSet:
    rules = draw(st.lists(_rules(3, False), min_size=1, max_size=4))
    overrides: tuple[RegionOverride, ...] = ()
    if draw(st.booleans()):
        overrides = (RegionOverride(when=yes("flag"), region="DBSCL", citation=CITE),)
    return CriteriaSet(
        id="gen", label_vi="Bộ sinh", label_en="Generated", level="commune",
        valid_from=2021, valid_to=2025, indicators=INDICATORS, parameters=PARAMETERS,
        references=(REF,), region_overrides=overrides, classifications=(draw(groups()),),
        criteria=tuple(Criterion(id=f"c{i}", number=str(i), label_vi=f"Tiêu chí {i}",
                                 label_en=f"Criterion {i}", citation=CITE, rule=r)
                       for i, r in enumerate(rules)))


@st.composite
def _facts(draw: Any) -> dict[str, Any]:
    out = {}
    for key in ("pct", "inc", "cnt", "flag", "yr"):
        if draw(st.integers(0, 4)):
            out[key] = draw(_values(key))
    return out


@st.composite
def communes(draw: Any) -> Commune:
    # (a history of the assessment year itself: a fact missing from ``facts`` is read there)
    history = {y: draw(_facts()) for y in draw(st.sets(st.sampled_from([2019, 2022, 2023,
                                                                        YEAR]), max_size=3))}
    villages = [Village(code=f"v{i}", facts=draw(_facts()),
                        history={draw(st.sampled_from([2023, YEAR])): draw(_facts())}
                        if draw(st.booleans()) else {})
                for i in range(draw(st.integers(0, 4)))]
    recognitions = {}
    for tier in ("ntm", "advanced", "model"):
        if draw(st.booleans()):
            year = draw(st.sampled_from([2019, 2022, 2023, 2024]))
            decided = draw(st.sampled_from([None, date(year, 6, 1), date(year + 1, 8, 9)]))
            recognitions[tier] = Recognition(year, decided)
    return Commune(code="c", name="Xã", region=draw(st.sampled_from([None, *REGIONS])),
                   group=draw(st.sampled_from([None, None, *GROUPS])),
                   facts=draw(_facts()), history=history, recognitions=recognitions,
                   villages=villages)


@st.composite
def parameter_values(draw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        out["p_num"] = draw(grid)
    if draw(st.booleans()):
        out["p_rule"] = draw(st.sampled_from([fact("pct") >= 60, yes("flag"), not_(yes("flag"))]))
    if draw(st.booleans()):  # a schedule by group, perhaps without every group
        codes = draw(st.lists(st.sampled_from(GROUPS), min_size=1, max_size=3, unique=True))
        out["p_group"] = {g: draw(grid) for g in codes}
    if draw(st.booleans()):  # a partly filled parameter sheet: some (region, year) cells
        cells = draw(st.lists(st.tuples(st.sampled_from(REGIONS), st.integers(2021, 2025)),
                              min_size=1, max_size=6, unique=True))
        out["p_year"] = {cell: draw(grid) for cell in cells}
    if draw(st.booleans()):  # a rule per group, perhaps without every group
        codes = draw(st.lists(st.sampled_from(GROUPS), min_size=1, max_size=3, unique=True))
        out["p_table"] = rule_table({g: draw(st.sampled_from(
            [fact("pct") >= 60, yes("flag"), fact("inc") < 45, not_(yes("flag"))]))
            for g in codes}, by="group")
    if draw(st.booleans()):
        out["p_choice"] = draw(st.sampled_from(GROUPS))
    return out


def _float(value: Any) -> Any:
    """A Decimal as the float whose shortest repr is that decimal, where one exists."""
    if isinstance(value, Decimal):
        f = float(value)
        if Decimal(repr(f)) == value:
            return f
    return value


def _record(unit: Any, floats: bool) -> dict[str, Any]:
    conv = _float if floats else (lambda v: v)
    out: dict[str, Any] = {"code": unit.code, "name": unit.name,
                           "facts": {k: conv(v) for k, v in unit.facts.items()},
                           "history": {str(y): {k: conv(v) for k, v in f.items()}
                                       for y, f in unit.history.items()},
                           "recognitions": {t.value: y for t, y in unit.recognitions.items()}}
    region = getattr(unit, "region", None)
    if region is not None:
        out["region"] = region.value
    group = getattr(unit, "group", None)
    if group is not None:
        out["group"] = group
    if unit.children:
        out["villages"] = [_record(v, floats) for v in unit.children]
    return out


#: The yearly facts as trailing lists (``Layout.trailing``): each key's values from 2019 to
#: the assessment year, None where a year lacks it (every list of one length).
_TRAILING_KEYS = ("pct", "inc", "cnt", "flag", "yr")
TRAILING_LAYOUT = Layout(trailing=_TRAILING_KEYS, history=None)


def _trailing_record(unit: Any, floats: bool) -> dict[str, Any]:
    """``unit`` as a record whose history is in trailing lists, not a ``history`` map."""
    out = _record(unit, floats)
    history = out.pop("history")
    years = [history.get(str(y), {}) for y in range(2019, YEAR)]
    facts = out["facts"]
    now = history.get(str(YEAR), {})
    for key in _TRAILING_KEYS:
        value = facts.get(key, now.get(key))
        if value is not None or any(key in f for f in years):
            facts[key] = [*(f.get(key) for f in years), value]
    if unit.children:
        out["villages"] = [_trailing_record(v, floats) for v in unit.children]
    return out


def records_of(units: list[Any], source: str) -> tuple[list[dict[str, Any]], Layout | None]:
    """The records of ``units`` for a way of the oracle (``records``: exact values,
    ``floats``: floats where they are exact, ``trailing``: yearly lists) and their layout."""
    if source == "trailing":
        return [_trailing_record(u, False) for u in units], TRAILING_LAYOUT
    return [_record(u, source == "floats") for u in units], None


def _interpreted(cs: CriteriaSet, unit: Commune, parameters: dict[str, Any]
                 ) -> dict[tuple[str, str], Trace]:
    tracer = Tracer(cs, unit, YEAR, parameters)
    out = {(cs.id, c.id): tracer.trace(c) for c in cs.criteria}
    ctx = Context(unit=unit, year=YEAR, assessment_year=YEAR, criteria_set=cs,
                  parameters=parameters, session=Session())
    for ref in cs.references:
        for criterion, trace in zip(ref.criteria, ctx.criteria_of(ref), strict=True):
            out[(ref.id, criterion.id)] = trace
    return out


def _own_nodes(trace: Trace) -> list[Trace]:
    """The criterion's own nodes: not those of a referenced set's criteria below a
    ``meets`` (their paths are relative to their own criterion)."""
    out, stack = [], [trace]
    while stack:
        node = stack.pop()
        out.append(node)
        if node.kind != "meets":
            stack.extend(reversed(node.children))
    return out


def _figures(trace: Trace, path: tuple[int, ...], year: int) -> list[Trace]:
    return [t for t in _own_nodes(trace)
            if t.path == path and t.year == year and t.kind == "compare"]


def _check_atoms(cs: CriteriaSet, results: Any, traces: dict[tuple[str, str], Trace]) -> None:
    for criterion in cs.criteria:
        trace = traces[(cs.id, criterion.id)]
        for figures in results.atoms(cs.id, criterion.id):
            if figures.kind != "compare":
                continue
            matches = _figures(trace, figures.path, YEAR - figures.back)
            if not matches or trace.unit != "c":
                continue
            found = matches[0]
            detail: Any = found.detail
            assert figures.outcome(0) is found.outcome, (criterion.rule, figures.path)
            observed, required = figures.observed[0], figures.required[0]
            if isinstance(observed, float):
                observed = Decimal(repr(observed))
            assert observed == detail.observed, (criterion.rule, figures.path)
            if detail.factor is None:  # a ratio's requirement is checked through its outcome
                assert required == detail.required, (criterion.rule, figures.path)
            if found.outcome is Outcome.FAIL and observed is not None and required is not None \
                    and not isinstance(observed, bool):
                assert detail.operator.shortfall(observed, detail.required) == detail.shortfall
            if found.outcome is Outcome.UNKNOWN:
                assert found.missing, "an UNKNOWN comparison names what is missing"
                assert observed is None or required is None or detail.required is None


def _plan(cs: CriteriaSet, parameters: dict[str, Any], unit: Commune, backend: str,
          source: str) -> Any:
    plan = cs.compile(parameters)
    if source == "units":
        return plan.run(UnitSource(cs.level), [unit], YEAR, explain=True, backend=backend)
    records, layout = records_of([unit], source)
    return plan.run(RecordSource(cs.level, layout), records, YEAR, explain=True,
                    backend=backend)


#: The acceptance floor: at least 2,000 examples in CI's profile.
ORACLE_EXAMPLES = 2000 if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else 200


#: The NumPy backend is checked where NumPy is installed (the dev extras; the README's
#: test command installs the test extra only).
_NUMPY = importlib.util.find_spec("numpy") is not None
_WAYS = [("units", "python"), ("records", "python"), ("floats", "python"),
         ("trailing", "python"),
         *([("floats", "numpy"), ("records", "numpy"), ("trailing", "numpy"),
            ("units", "numpy"), ("units", "auto")] if _NUMPY else [])]


@settings(suppress_health_check=(HealthCheck.too_slow, HealthCheck.filter_too_much),
          deadline=None, max_examples=ORACLE_EXAMPLES)
@given(criteria_sets(), communes(), parameter_values(), st.sampled_from(_WAYS))
def test_the_plan_agrees_with_the_interpreter(cs: CriteriaSet, unit: Commune,
                                              parameters: dict[str, Any],
                                              way: tuple[str, str]) -> None:
    source, backend = way
    values = cs.resolve_parameters(parameters)
    try:
        traces = _interpreted(cs, unit, values)
    except NTMError as error:
        with pytest.raises(NTMError):
            _plan(cs, values, unit, backend, source)
        del error
        return
    results = _plan(cs, values, unit, backend, source)
    for (set_id, criterion_id), trace in traces.items():
        key = (set_id, criterion_id)
        if key not in results.columns:
            continue  # a referenced set no criterion reaches
        assert results.outcomes(set_id, criterion_id)[0] is trace.outcome, (
            set_id, criterion_id, trace.rule)
    assert results.outcomes(cs.id)[0] is Outcome.all(
        traces[(cs.id, c.id)].outcome for c in cs.criteria)
    _check_atoms(cs, results, traces)


def test_the_oracle_sees_a_difference() -> None:
    """A control: the comparison the oracle relies on distinguishes the outcomes."""
    cs = CriteriaSet(id="x", label_vi="x", label_en="x", level="commune", valid_from=2021,
                     valid_to=2025, indicators=INDICATORS,
                     criteria=(Criterion(id="a", number="1", label_vi="a", label_en="a",
                                         citation=CITE, rule=fact("pct") >= 60),))
    unit = Commune(code="c", facts={"pct": Decimal("59.99")})
    results = _plan(cs, {}, unit, "python", "floats")
    assert results.outcomes("x", "a") == [Outcome.FAIL]
    assert results.atoms("x", "a")[0].observed == [59.99]
