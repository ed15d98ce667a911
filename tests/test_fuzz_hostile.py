"""Fuzzing the classes of hostile input of issue 10, one generator per class.

Each target draws inputs of one class (long escape runs, huge exponents and
digit strings, deep ``meets`` graphs, nested windows, hostile decimal contexts,
hostile subclasses, hostile text) and asserts that only the library's own
errors escape and that the work each example causes stays within the stated
bound. The work is counted (characters the scanner examines, rule nodes the
interpreter evaluates or the static bound unfolds, digits a stored number
keeps, characters an explanation holds), never timed: timings belong in
``benchmarks/bench_load.py``. In CI's profile (``HYPOTHESIS_PROFILE=ci``) every
target runs at least 2,000 examples; each example is kept small and cheap.
"""

from __future__ import annotations

import contextlib
import decimal
import os
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntmcriteria import Commune, CriteriaSet, Criterion, Village
from ntmcriteria._values import exact, exact_mul, exact_sub
from ntmcriteria.errors import NTMError
from ntmcriteria.evaluation.context import Context, Session, WorkLimitError
from ntmcriteria.evaluation.work import check_unfolding
from ntmcriteria.limits import (
    DEFAULT_MAX_DEPTH,
    MAX_DIGITS,
    MAX_EXACT_DIGITS,
    MAX_EXPONENT,
    MAX_UNFOLDED_NODES,
)
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import (
    Rule,
    all_of,
    any_of,
    fact,
    held_each_year,
    mean,
    meets,
    not_,
    ratio,
    scaled,
    share,
    years_before,
    yes,
)
from ntmcriteria.serialize import FormatError, threshold_from_data, unit_from_json
from ntmcriteria.serialize._safety import scan_depth
from tests._core_fixtures import SEED, ind, one_criterion_set

CI = os.environ.get("HYPOTHESIS_PROFILE") == "ci"
#: at least 2,000 examples per target in CI's profile
HOSTILE = settings(max_examples=2000 if CI else 100, deadline=None,
                   suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.filter_too_much))

X = ind("x", "decimal", "score")
FLAG = ind("flag", "boolean")


def _fits(value: Any) -> bool:
    """Whether a stored number is within the size limits (the bound on digits handled)."""
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return type(value) is int and abs(value) < 10**MAX_DIGITS
    return (type(value) is Decimal and len(value.as_tuple().digits) <= MAX_DIGITS
            and -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT)


# ------------------------------------------------------------- long escape runs
PIECES = ['"', '\\"', "\\\\", "\\", "[", "]", "{", "}", ",", ":", "a", "é", " ", "1",
          "1e999999999", '"x":', "\\u00e9", "\\ud800", "null"]
runs = st.lists(st.tuples(st.sampled_from(PIECES), st.integers(1, 400)), max_size=12)


@HOSTILE
@given(runs)
def test_escape_runs_are_scanned_in_one_pass(pieces: list[tuple[str, int]]) -> None:
    text = "".join(piece * n for piece, n in pieces)
    try:
        examined = scan_depth(text, DEFAULT_MAX_DEPTH, "document")
    except FormatError:
        return  # nested too deep, found within one pass as well
    assert examined <= len(text)
    doc = '{"format": "ntmcriteria/unit", "version": 1, "level": "commune", "code": "1", ' \
          f'"name": {text}}}'
    with contextlib.suppress(FormatError):  # or a unit: nothing else may escape
        unit_from_json(doc)


# ------------------------------------------------- huge exponents and digit strings
exponents = st.integers(-(10**9), 10**9) | st.integers(-2 * MAX_EXPONENT, 2 * MAX_EXPONENT)
digit_strings = st.text("0123456789", min_size=1, max_size=3 * MAX_DIGITS)
number_texts = st.builds(lambda sign, digits, e: f"{sign}{digits}e{e}",
                         st.sampled_from(["", "-", "+"]), digit_strings, exponents)
giant_ints = st.integers(-(10**5000), 10**5000) | st.integers(-(10**120), 10**120)
numbers = st.one_of(number_texts, giant_ints, number_texts.map(Decimal),
                    st.floats(allow_nan=False, allow_infinity=False))


@HOSTILE
@given(numbers, numbers)
def test_huge_numbers_are_refused_at_the_door_or_kept_within_the_limits(a: Any, b: Any
                                                                         ) -> None:
    for value in (a, b):
        for convert in (threshold_from_data, lambda v: exact(v, "fact"),
                        lambda v: Commune(code="1", facts={"x": v}).facts["x"]):
            try:
                stored = convert(value)
            except NTMError:
                continue
            stored = getattr(stored, "value", stored)
            assert _fits(stored), stored
    try:
        rule = fact("x") >= scaled(a, b)
        unit = Commune(code="1", facts={"x": a if not isinstance(a, str) else Decimal(a)})
    except (NTMError, decimal.InvalidOperation):
        return
    try:
        assessment = one_criterion_set(rule, X).assess(unit, year=2024)
        text = assessment.explain("en")
    except NTMError:
        return
    # every number written out in full is bounded, so is the explanation
    assert len(text) < 20 * MAX_EXACT_DIGITS


@HOSTILE
@given(number_texts.map(Decimal) | st.integers(-(10**MAX_DIGITS) + 1, 10**MAX_DIGITS - 1),
       number_texts.map(Decimal))
def test_exact_arithmetic_is_exact_or_the_library_error(a: Any, b: Any) -> None:
    try:
        da, db = exact(a, "a"), exact(b, "b")
    except NTMError:
        return
    assert not isinstance(da, bool)
    assert not isinstance(db, bool)
    ops: list[tuple[Callable[[Fraction, Fraction], Fraction], Callable[[Any, Any], Any]]] = [
        (lambda x, y: x * y, exact_mul), (lambda x, y: x - y, exact_sub)]
    for op, exact_op in ops:
        try:
            got = exact_op(da, db)
        except NTMError:
            continue
        assert Fraction(got) == op(Fraction(da), Fraction(db))  # never rounded
        digits = len(Decimal(got).as_tuple().digits)
        assert digits <= MAX_EXACT_DIGITS + 2


# --------------------------------------------------------------- deep meets graphs
@st.composite
def meets_graphs(draw: Any) -> tuple[CriteriaSet, int]:
    """Levels of sets, each criterion meeting some sets of the level below; returns the
    top set and the number of rule nodes over all sets (each evaluated once). The shape
    is decoded from one string of bytes (one draw, so that each example is cheap)."""
    shape = iter(draw(st.binary(min_size=1, max_size=120)))

    def pick(n: int) -> int:
        return next(shape, 0) % n

    below = [CriteriaSet(id="l0s0", label_vi="0", label_en="0", level="commune",
                         valid_from=2021, valid_to=2025, indicators=(FLAG,),
                         criteria=(Criterion(id="c", number="1", label_vi="c", label_en="c",
                                             rule=yes("flag"), citation=SEED),))]
    nodes = 2
    for level in range(1, 2 + pick(10)):
        current = []
        for index in range(1 + pick(2)):
            criteria = []
            for c in range(1 + pick(2)):
                targets = {below[pick(len(below))].id for _ in range(1 + pick(2))}
                parts: list[Rule] = [meets(t) for t in sorted(targets)]
                combine = all_of if pick(2) else any_of
                rule = combine(*parts) if len(parts) > 1 else parts[0]
                if pick(2):
                    rule = not_(rule)
                nodes += 1 + sum(1 for _ in rule.walk())
                criteria.append(Criterion(id=f"c{c}", number=str(c), label_vi="c",
                                          label_en="c", rule=rule, citation=SEED))
            current.append(CriteriaSet(
                id=f"l{level}s{index}", label_vi="s", label_en="s", level="commune",
                valid_from=2021, valid_to=2025, indicators=(FLAG,), references=tuple(below),
                criteria=tuple(criteria)))
        below = current
    return below[0], nodes


@HOSTILE
@given(meets_graphs(), st.booleans())
def test_a_meets_graph_costs_each_set_once(graph: tuple[CriteriaSet, int], flag: bool
                                           ) -> None:
    cs, nodes = graph
    session = Session()
    unit = Commune(code="1", facts={"flag": flag})
    ctx = Context(unit=unit, year=2024, assessment_year=2024, criteria_set=cs,
                  parameters={}, session=session)
    traces = ctx.criteria_of(cs)
    assert session.work <= nodes  # every set once: linear in the sets' nodes
    assert check_unfolding(cs) <= nodes
    assessment = cs.assess(unit, year=2024)
    assert [r.outcome for r in assessment.results] == [t.outcome for t in traces]
    # the explanation words each referenced set once, however many paths lead to it
    assert len(assessment.explain("en")) <= 400 * nodes


# ------------------------------------------------------------------ nested windows
@st.composite
def windowed_rules(draw: Any) -> Rule:
    rule: Rule = draw(st.sampled_from([yes("flag"), fact("x") >= 1, yes("flag") & (fact("x") < 5)]))
    for _ in range(draw(st.integers(1, 4))):
        rule = held_each_year(rule, years=draw(st.integers(1, 100)))
        if draw(st.booleans()):
            rule = rule | yes("flag")
    return rule


def _unfolded(rule: Rule) -> int:
    """Node evaluations of ``rule`` for one unit, counted independently of the library."""
    years = getattr(rule, "years", None)
    inner = sum(_unfolded(part) for part in rule.parts)
    return 1 + (years * inner if isinstance(years, int) else inner)


@HOSTILE
@given(windowed_rules())
def test_nested_windows_are_refused_exactly_when_they_unfold_past_the_limit(rule: Rule
                                                                            ) -> None:
    expected = 1 + _unfolded(rule)  # the criterion, then its rule
    if expected > MAX_UNFOLDED_NODES:
        with pytest.raises(WorkLimitError, match="criterion 'c1'"):
            one_criterion_set(rule, FLAG, X)
        return
    cs = one_criterion_set(rule, FLAG, X)
    assert expected <= MAX_UNFOLDED_NODES
    assert check_unfolding(cs) == _unfolded(rule)
    if expected <= 500:  # evaluating is proportional to it: only the small ones
        session = Session()
        ctx = Context(unit=Commune(code="1", facts={"flag": True, "x": 2}), year=2024,
                      assessment_year=2024, criteria_set=cs, parameters={}, session=session)
        ctx.criteria_of(cs)
        assert session.work <= expected


# ---------------------------------------------------------- hostile decimal contexts
SIGNALS = [decimal.Clamped, decimal.DivisionByZero, decimal.Inexact, decimal.Overflow,
           decimal.Rounded, decimal.Underflow, decimal.InvalidOperation, decimal.Subnormal,
           decimal.FloatOperation]
ROUNDINGS = [decimal.ROUND_UP, decimal.ROUND_DOWN, decimal.ROUND_CEILING, decimal.ROUND_FLOOR,
             decimal.ROUND_HALF_UP, decimal.ROUND_HALF_DOWN, decimal.ROUND_HALF_EVEN,
             decimal.ROUND_05UP]
contexts = st.builds(lambda prec, rounding, emax, traps: decimal.Context(
    prec=prec, rounding=rounding, Emax=emax, Emin=-emax, traps=traps),
    st.integers(1, 30), st.sampled_from(ROUNDINGS), st.integers(1, 999),
    st.lists(st.sampled_from(SIGNALS), unique=True))
#: a share, a mean and a ratio: the computations a decimal context could disturb
EXACT_SET = CriteriaSet(
    id="exact", label_vi="Bộ", label_en="Set", level="commune", valid_from=2021,
    valid_to=2025, indicators=(FLAG, X), criteria=tuple(
        Criterion(id=f"c{i}", number=str(i), label_vi=f"Tiêu chí {i}", label_en=f"C{i}",
                  rule=rule, citation=SEED)
        for i, rule in enumerate((
            share("village", yes("flag"), at_least=Decimal("33.34")),
            mean("village", fact("x")) >= Decimal("33.334"),
            ratio(fact("x"), fact("x", at=years_before(1))) >= Decimal("1.15")))))
small_decimals = st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False)


def _results(flags: list[bool], values: list[Decimal], now: Decimal, then: Decimal
             ) -> list[Any]:
    villages = [Village(code=f"v{i}", facts={"flag": f, "x": v})
                for i, (f, v) in enumerate(zip(flags, values, strict=False))]
    unit = Commune(code="1", villages=villages, facts={"x": now}, history={2023: {"x": then}})
    out: list[Any] = []
    try:
        a = EXACT_SET.assess(unit, year=2024)
        out += [[r.outcome for r in a.results], a.explain("en"), repr(a.shortfalls())]
    except NTMError as exc:
        out.append(str(exc))
    out += [exact_sub(now, then), exact_mul(now, Decimal("1.15"))]
    return out


@HOSTILE
@given(contexts, st.lists(st.booleans(), max_size=6), st.lists(small_decimals, max_size=6),
       small_decimals, small_decimals)
def test_results_do_not_depend_on_the_callers_decimal_context(
        context: decimal.Context, flags: list[bool], values: list[Decimal], now: Decimal,
        then: Decimal) -> None:
    expected = _results(flags, values, now, then)
    with decimal.localcontext(context):
        got = _results(flags, values, now, then)
    assert got == expected


# ---------------------------------------------------------------- hostile subclasses
def _liar(base: type, answer: bool, breaks_str: bool) -> Any:
    def lie(self: Any, other: object) -> bool:
        return answer

    def fail(self: Any) -> str:
        raise RuntimeError("no text for you")

    methods: dict[str, Any] = dict.fromkeys(("__ge__", "__gt__", "__le__", "__lt__", "__eq__",
                                             "__ne__"), lie)
    methods["__hash__"] = lambda self: 0
    if breaks_str:
        methods["__str__"] = methods["__repr__"] = fail
    return type(f"Lying{base.__name__}", (base,), methods)


@HOSTILE
@given(st.integers(-1000, 1000) | small_decimals, st.integers(-1000, 1000),
       st.sampled_from([int, Decimal]), st.booleans(), st.booleans())
def test_hostile_subclasses_are_copied_into_exact_base_types(
        value: Any, threshold: int, base: type, answer: bool, breaks_str: bool) -> None:
    if base is int:
        value = int(value)
    liar = _liar(base, answer, breaks_str)
    hostile, honest = liar(value), base(value)
    cs = one_criterion_set(fact("x") >= threshold, X)
    got = cs.assess(Commune(code="1", facts={"x": hostile}), year=2024)
    want = cs.assess(Commune(code="1", facts={"x": honest}), year=2024)
    assert got.outcome is want.outcome
    assert (got.outcome is Outcome.PASS) == (honest >= threshold)
    stored = Commune(code="1", facts={"x": hostile}).facts["x"]
    assert type(stored) is base
    lying_threshold = one_criterion_set(fact("x") >= liar(threshold), X)
    assert lying_threshold.assess(Commune(code="1", facts={"x": honest}), year=2024
                                  ).outcome is want.outcome


# ----------------------------------------------------------------------- hostile text
HOSTILE_CHARS = ["\u202e", "\u2066", "\u200b", "\ufeff", "\n", "\r\n", "\u2028", "\x1b",
                 "# ", "- ", "|", "*", "\u0301", "é", "a"]
hostile_texts = st.lists(st.sampled_from(HOSTILE_CHARS), min_size=1, max_size=12).map("".join)


@HOSTILE
@given(hostile_texts, hostile_texts)
def test_hostile_text_is_refused_in_ids_and_shown_in_renderings(label: str, ident: str
                                                                ) -> None:
    try:
        criterion = Criterion(id="c" + ident + "1", number="1", label_vi=label or "x",
                              label_en=label or "x", rule=yes("flag"), citation=SEED)
    except NTMError:
        assert any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in ident)
        criterion = Criterion(id="c1", number="1", label_vi=label or "x",
                              label_en=label or "x", rule=yes("flag"), citation=SEED)
    assert criterion.id == unicodedata.normalize("NFC", criterion.id)
    assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in criterion.id)
    cs = CriteriaSet(id="s", label_vi="s", label_en="s", level="commune", valid_from=2021,
                     valid_to=2025, indicators=(FLAG,), criteria=(criterion,))
    assessment = cs.assess(Commune(code="1", facts={"flag": False}), year=2024)
    plain = CriteriaSet(id="s", label_vi="s", label_en="s", level="commune", valid_from=2021,
                        valid_to=2025, indicators=(FLAG,), criteria=(
                            Criterion(id=criterion.id, number="1", label_vi="x",
                                      label_en="x", rule=yes("flag"), citation=SEED),))
    calm = plain.assess(Commune(code="1", facts={"flag": False}), year=2024)
    for render in ("explain", "to_markdown"):
        out, reference = getattr(assessment, render)(), getattr(calm, render)()
        # a label never adds a line, and no invisible character reaches the reader
        assert out.count("\n") == reference.count("\n")
        assert not any(c in out for c in ("\u202e", "\u2066", "\u200b", "\ufeff", "\x1b",
                                          "\u2028", "\r"))
    html = assessment.to_html()
    assert not any(c in html for c in ("\u202e", "\u2066", "\u200b", "\ufeff", "\x1b"))
