"""The path to the next tier is minimal and possible (issue 11, point 8).

Minimal: the fewest facts changed (a fact several conditions need counts once),
then the smallest total normalised change, over the alternatives of any_of,
at_least, shares and counts. Possible: no fact of a year before the assessment
year is ever changed; a failing past record is a blocker "cannot pass before
year Y", Y the first assessment year no window reads it in. Every expected value
below is worked out by hand in the comments.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, Criterion
from ntmcriteria.hooks import PathSearch
from ntmcriteria.indicators import Indicator
from ntmcriteria.limits import MAX_PATH_COMBINATIONS
from ntmcriteria.outcome import Outcome
from ntmcriteria.paths import path_to_tier
from ntmcriteria.rules import (
    Rule,
    all_of,
    any_of,
    at_least,
    compare,
    fact,
    held_each_year,
    in_year,
    no,
    share,
    years_before,
    yes,
)
from ntmcriteria.strategies import communes_for, criteria_sets
from ntmcriteria.units import Commune, Unit, Village

CITE = Citation(document="Bộ thử nghiệm", confidence="unknown")
YEAR = 2024


def _pct(key: str) -> Indicator:
    return Indicator(key=key, label_vi=f"Tỷ lệ {key}", label_en=f"Rate {key}",
                     measure="percent", value_type="decimal")


def _flag(key: str) -> Indicator:
    return Indicator(key=key, label_vi=f"Có {key}", label_en=f"Has {key}", measure="yes_no",
                     value_type="boolean")


def _set(*rules: Rule, indicators: tuple[Indicator, ...], valid_to: int = 2025
         ) -> CriteriaSet:
    return CriteriaSet(id="t", label_vi="Bộ thử", label_en="Test set", level="commune",
                       valid_from=2021, valid_to=valid_to, indicators=indicators,
                       criteria=tuple(Criterion(id=f"c{i}", number=str(i), label_vi=f"TC {i}",
                                                label_en=f"C {i}", rule=r, citation=CITE)
                                      for i, r in enumerate(rules, 1)))


def _changes(path: Any) -> list[tuple[str, Any]]:
    return sorted((c.key, c.new) for c in path.changes)


# ------------------------------------------------------------------ constructed cases
def test_any_of_takes_one_change_over_two_nearer_ones() -> None:
    # all_of(a, b): 89 and 89 of 90, normalised 1/90 + 1/90 = 0.022, two facts;
    # c: 50 of 90, normalised 40/90 = 0.44, one fact. The greedy takes the nearer
    # alternative (two changes); the fewest facts is c alone.
    cs = _set(any_of(all_of(fact("a") >= 90, fact("b") >= 90), fact("c") >= 90),
              indicators=(_pct("a"), _pct("b"), _pct("c")))
    commune = Commune(code="1", facts={"a": 89, "b": 89, "c": 50})
    path = path_to_tier(cs, commune, year=YEAR)
    assert _changes(path) == [("c", 90)]
    assert path.reachable
    assert path.exact
    assert path.note("vi") == ""
    greedy = path_to_tier(cs, commune, year=YEAR, exact=False)
    assert _changes(greedy) == [("a", 90), ("b", 90)]
    assert greedy.reachable
    assert not greedy.exact


def test_at_least_two_of_three_takes_the_two_single_changes() -> None:
    # parts: all_of(x, y) at 89/90 each (0.022, two facts), z 70/90 (0.22), w 60/90 (0.33).
    # The greedy takes the two nearest parts: x, y and z (three facts); two suffice: z, w.
    cs = _set(at_least(2, all_of(fact("x") >= 90, fact("y") >= 90), fact("z") >= 90,
                       fact("w") >= 90),
              indicators=(_pct("x"), _pct("y"), _pct("z"), _pct("w")))
    commune = Commune(code="1", facts={"x": 89, "y": 89, "z": 70, "w": 60})
    path = path_to_tier(cs, commune, year=YEAR)
    assert _changes(path) == [("w", 90), ("z", 90)]
    assert path.reachable
    assert len(path_to_tier(cs, commune, year=YEAR, exact=False).changes) == 3


def test_a_fact_shared_by_two_criteria_counts_once() -> None:
    # criterion 1: s 60/80 (0.25) or a 45/50 (0.1); criterion 2: s 60/70 (0.14) or
    # b 46/50 (0.08). The greedy fixes a and b; s = 80 fixes both criteria: one change.
    cs = _set(any_of(fact("s") >= 80, fact("a") >= 50),
              any_of(fact("s") >= 70, fact("b") >= 50),
              indicators=(_pct("s"), _pct("a"), _pct("b")))
    commune = Commune(code="1", facts={"s": 60, "a": 45, "b": 46})
    path = path_to_tier(cs, commune, year=YEAR)
    assert _changes(path) == [("s", 80)]
    assert path.reachable
    assert _changes(path_to_tier(cs, commune, year=YEAR, exact=False)) == [("a", 50),
                                                                          ("b", 50)]


def test_then_the_smallest_normalised_change() -> None:
    # one fact either way: p 80 -> 90 moves 10/90 = 0.111, q 50 -> 55 moves 5/55 = 0.091
    cs = _set(any_of(fact("p") >= 90, fact("q") >= 55), indicators=(_pct("p"), _pct("q")))
    assert _changes(path_to_tier(cs, Commune(code="1", facts={"p": 80, "q": 50}),
                                 year=YEAR)) == [("q", 55)]
    # a shared fact at the value that satisfies both: s >= 70 and s >= 80 -> 80
    cs = _set(fact("s") >= 70, fact("s") >= 80, indicators=(_pct("s"),))
    assert _changes(path_to_tier(cs, Commune(code="1", facts={"s": 10}), year=YEAR)) == [
        ("s", 80)]


def test_a_share_takes_the_villages_needing_fewest_changes() -> None:
    # 2 of 3 villages must meet all_of(x, y): village 01 lacks both by 1 point (two facts,
    # normalised 2/90), 02 and 03 lack only y, by 30 and 40 points (one fact each). The
    # greedy fixes 01 and 02 (three facts); 02 and 03 need two.
    rule = share("village", all_of(fact("x") >= 90, fact("y") >= 90), at_least=60)
    cs = _set(rule, indicators=(_pct("x"), _pct("y")))
    villages = (Village(code="01", facts={"x": 89, "y": 89}),
                Village(code="02", facts={"x": 95, "y": 60}),
                Village(code="03", facts={"x": 95, "y": 50}))
    commune = Commune(code="9", villages=villages)
    path = path_to_tier(cs, commune, year=YEAR)
    assert sorted((c.unit, c.key, c.new) for c in path.changes) == [
        ("02", "y", 90), ("03", "y", 90)]
    assert path.reachable
    assert len(path_to_tier(cs, commune, year=YEAR, exact=False).changes) == 3


def _crime_set(years: int = 3) -> CriteriaSet:
    return _set(held_each_year(no("crime"), years=years), indicators=(_flag("crime"),),
                valid_to=2030)


def test_a_bad_past_year_is_never_rewritten() -> None:
    # 2024, window 2021-2023: the crime record of 2021 (3 years back) fails. The window
    # of assessment year E is E-3 .. E-1, so 2021 is read up to E = 2024 and the first
    # year it no longer counts in is 2025.
    commune = Commune(code="1", name="Xã A", history={2021: {"crime": True},
                                                      2022: {"crime": False},
                                                      2023: {"crime": False}})
    cs = _crime_set()
    for exact in (True, False):
        path = path_to_tier(cs, commune, year=YEAR, exact=exact)
        assert path.changes == ()
        assert [(b.kind, b.key, b.year, b.earliest_year) for b in path.blockers] == [
            ("past", "crime", 2021, 2025)]
        assert not path.reachable
        assert path.earliest_year == 2025
        assert "không thể đạt trước năm 2025" in path.blockers[0].describe("vi")
        assert "cannot pass before year 2025" in path.blockers[0].describe("en")
        assert "Không thể đạt trước năm 2025." in path.explain("vi")
    # and in 2025 it can pass: 2022-2024 are clean once 2024's record is
    later = Commune(code="1", name="Xã A",
                    history={**commune.history, 2024: {"crime": False}})
    assert cs.assess(later, year=2024).outcome is Outcome.FAIL
    assert cs.assess(later, year=2025).outcome is Outcome.PASS
    # a record two years back (2022) leaves the window two years later: 2026
    two_back = Commune(code="1", history={2021: {"crime": False}, 2022: {"crime": True},
                                          2023: {"crime": False}})
    assert [b.earliest_year for b in path_to_tier(cs, two_back, year=YEAR).blockers] == [2026]


def test_the_latest_failing_past_year_decides_and_the_present_is_still_changed() -> None:
    # window of 2 (2022-2023) on yes("ok") and a current-year condition: both past years
    # fail; 2023 leaves the window of E-2 .. E-1 first in 2026. The current fact p is changed.
    cs = _set(held_each_year(yes("ok"), years=2), fact("p") >= 50,
              indicators=(_flag("ok"), _pct("p")), valid_to=2030)
    commune = Commune(code="1", facts={"p": 10}, history={2022: {"ok": False},
                                                          2023: {"ok": False}})
    path = path_to_tier(cs, commune, year=YEAR)
    assert _changes(path) == [("p", 50)]
    assert sorted((b.year, b.earliest_year) for b in path.blockers) == [(2022, 2025),
                                                                        (2023, 2026)]
    assert path.earliest_year == 2026


def test_an_alternative_without_past_years_is_preferred() -> None:
    # any_of(a clean 3-year record, p >= 50): the record failed in 2022, so the path
    # raises p (one change, no blocker) instead of rewriting 2022.
    cs = _set(any_of(held_each_year(no("crime"), years=3), fact("p") >= 50),
              indicators=(_flag("crime"), _pct("p")))
    commune = Commune(code="1", facts={"p": 40}, history={2021: {"crime": False},
                                                          2022: {"crime": True},
                                                          2023: {"crime": False}})
    path = path_to_tier(cs, commune, year=YEAR)
    assert _changes(path) == [("p", 50)]
    assert path.blockers == ()
    assert path.reachable


def test_a_missing_past_record_is_data_to_supply_not_a_change() -> None:
    commune = Commune(code="1", history={2021: {"crime": False}, 2023: {"crime": False}})
    path = path_to_tier(_crime_set(), commune, year=YEAR)
    assert path.changes == ()
    assert [(b.kind, b.key, b.year) for b in path.blockers] == [("fact", "crime", 2022)]
    assert "năm 2022 đã qua" in path.blockers[0].describe("vi")


def test_a_fixed_past_year_can_never_be_changed() -> None:
    # a fact read for the calendar year 2023: waiting does not move it
    cs = _set(fact("p", at=in_year(2023)) >= 50, indicators=(_pct("p"),))
    commune = Commune(code="1", history={2023: {"p": 10}})
    path = path_to_tier(cs, commune, year=YEAR)
    assert path.changes == ()
    assert [(b.kind, b.year, b.earliest_year) for b in path.blockers] == [("past", 2023, None)]
    assert path.earliest_year is None
    assert "không thể đạt bằng cách thay đổi số liệu" in path.blockers[0].describe("vi")
    # read one year back: the record of 2023 is read in 2024 only, so not before 2025
    cs = _set(fact("p", at=years_before(1)) >= 50, indicators=(_pct("p"),))
    path = path_to_tier(cs, commune, year=YEAR)
    assert path.changes == ()
    assert [(b.kind, b.year, b.earliest_year) for b in path.blockers] == [("past", 2023, 2025)]


def test_when_the_bound_is_hit_the_greedy_answer_comes_with_a_note() -> None:
    cs = _set(any_of(fact("s") >= 80, fact("a") >= 50),
              any_of(fact("s") >= 70, fact("b") >= 50),
              indicators=(_pct("s"), _pct("a"), _pct("b")))
    commune = Commune(code="1", facts={"s": 60, "a": 45, "b": 46})
    path = path_to_tier(cs, commune, year=YEAR, max_combinations=1)
    assert not path.exact
    assert _changes(path) == _changes(path_to_tier(cs, commune, year=YEAR, exact=False))
    assert path.reachable
    assert "giới hạn tìm kiếm (1 tổ hợp, MAX_PATH_COMBINATIONS)" in path.note("vi")
    assert "search bound was reached (1 combinations" in path.note("en")
    assert "Ghi chú: Đã chạm giới hạn tìm kiếm" in path.explain("vi")
    assert "Note: The search bound was reached" in path.explain("en")
    assert "MAX_PATH_COMBINATIONS" in path.to_html("en")
    # with the default bound the same case is exact
    assert path_to_tier(cs, commune, year=YEAR).exact
    assert MAX_PATH_COMBINATIONS >= 1000


def test_the_bound_is_checked() -> None:
    cs = _set(fact("p") >= 50, indicators=(_pct("p"),))
    for bad in (0, -1, True, "many"):
        with pytest.raises((ValueError, TypeError), match="max_combinations"):
            path_to_tier(cs, Commune(code="1"), year=YEAR, max_combinations=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="exact"):
        path_to_tier(cs, Commune(code="1"), year=YEAR, exact="yes")  # type: ignore[arg-type]


def test_every_search_implements_the_whole_protocol() -> None:
    from ntmcriteria import paths

    methods = [name for name in vars(PathSearch) if not name.startswith("_")]
    assert "window" in methods
    base = paths._Base
    for search in (paths._Exact, paths._Touch, paths._Greedy):
        lacking = []
        for name in methods:
            owner = next((k for k in search.__mro__ if name in vars(k)), None)
            # the base shares only the window (and the helpers); each search has the rest
            if owner is None or (owner is base and name != "window"):
                lacking.append(name)
        assert not lacking, f"{search.__name__} lacks {lacking}"


def test_a_value_to_avoid_settles_with_the_other_conditions_on_its_fact() -> None:
    """``!=`` excludes one value, it does not ask for the value one step away: with
    ``x != 0.01``, ``x >= 0`` and ``x <= 0`` the fact can be 0 (a random draw found the
    exact search calling this a contradiction while the greedy one reached it)."""
    cs = _set(compare(fact("x"), "!=", Decimal("0.01")), fact("x") >= 0, fact("x") <= 0,
              indicators=(_pct("x"),))
    for exact in (True, False):
        path = path_to_tier(cs, Commune(code="1", facts={}), year=YEAR, exact=exact)
        assert path.reachable, exact
        assert _changes(path) == [("x", 0)]
    # the value to avoid is the only one the others allow: a contradiction
    stuck = _set(compare(fact("x"), "!=", 5), fact("x") >= 5, fact("x") <= 5,
                 indicators=(_pct("x"),))
    assert not path_to_tier(stuck, Commune(code="1", facts={}), year=YEAR).reachable
    # next to it, on the side the others allow (from a value the others refuse)
    above = _set(compare(fact("x"), "!=", 5), fact("x") >= 5, indicators=(_pct("x"),))
    path = path_to_tier(above, Commune(code="1", facts={"x": Decimal(3)}), year=YEAR)
    assert path.reachable
    assert _changes(path) == [("x", Decimal("5.01"))]


def test_a_later_round_keeps_the_conditions_an_earlier_round_met() -> None:
    """A change that breaks a condition which passed (``x <= 5`` from 7 sets 5, which
    breaks ``x != 5``) is fixed in a later round *with* the earlier round's conditions:
    4.99, not 5.01, which broke ``x <= 5`` again and was reported as a contradiction."""
    cs = _set(compare(fact("x"), "!=", 5), fact("x") <= 5, indicators=(_pct("x"),))
    twice = _set(compare(fact("x"), "!=", 5), compare(fact("x"), "!=", Decimal("4.99")),
                 fact("x") <= 5, indicators=(_pct("x"),))
    for exact in (True, False):
        path = path_to_tier(cs, Commune(code="1", facts={"x": 7}), year=YEAR, exact=exact)
        assert path.reachable, exact
        assert _changes(path) == [("x", Decimal("4.99"))]
        path = path_to_tier(twice, Commune(code="1", facts={"x": 7}), year=YEAR, exact=exact)
        assert path.reachable, exact
        assert _changes(path) == [("x", Decimal("4.98"))]
    # conditions no value meets stay a contradiction
    stuck = _set(fact("x") >= 6, fact("x") <= 5, indicators=(_pct("x"),))
    path = path_to_tier(stuck, Commune(code="1", facts={"x": 7}), year=YEAR)
    assert not path.reachable
    assert [b.kind for b in path.blockers] == ["conflict"]


# ------------------------------------------------------------------ laws on generated sets
YEARS = (2021, 2022, 2023)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_the_path_is_possible(data: st.DataObject) -> None:
    cs = data.draw(criteria_sets(level="commune", max_depth=3, time=True))
    commune = data.draw(communes_for(cs, years=YEARS, max_villages=3))
    for exact in (True, False):
        path = path_to_tier(cs, commune, year=YEAR, exact=exact)
        # no proposed change is for a year before the assessment year
        assert all(c.year >= YEAR and not c.past for c in path.changes)
        again = cs.assess(path.apply(), year=YEAR)
        assert again.outcome is path.after.outcome
        if path.reachable:
            assert again.outcome is Outcome.PASS
        for b in path.blockers:
            if b.kind == "past":
                assert b.year is not None
                assert b.year < YEAR
                assert b.earliest_year is None or b.earliest_year > YEAR


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_the_exact_path_is_never_longer_than_the_greedy_one(data: st.DataObject) -> None:
    cs = data.draw(criteria_sets(level="commune", max_depth=3, time=True))
    commune = data.draw(communes_for(cs, years=YEARS, max_villages=3))
    greedy = path_to_tier(cs, commune, year=YEAR, exact=False)
    if greedy.reachable:
        path = path_to_tier(cs, commune, year=YEAR)
        assert path.reachable
        assert len(path.changes) <= len(greedy.changes)


# A monotone family with shared facts: several criteria over a few keys (numbers
# compared with >=, yes(...)), any_of, all_of, at_least and a share of villages, so
# that setting a fact to the highest value any leaf asks of it is always best. The
# fewest facts to change is then found by trying every set of facts, smallest first.
_KEYS = ("k0", "k1", "k2")
_INDICATORS = (_pct("k0"), _flag("k1"), _pct("k2"))


def _leaf(draw: Any) -> Rule:
    key: str = draw(st.sampled_from(_KEYS))
    if key == "k1":
        return yes(key)
    threshold: int = draw(st.integers(1, 100))
    return fact(key) >= threshold


def _tree(draw: Any, depth: int) -> Rule:
    if depth == 0 or draw(st.booleans()):
        return _leaf(draw)
    parts = [_tree(draw, depth - 1) for _ in range(draw(st.integers(2, 3)))]
    shape = draw(st.sampled_from(("all", "any", "at_least")))
    if shape == "all":
        return all_of(*parts)
    if shape == "any":
        return any_of(*parts)
    return at_least(draw(st.integers(1, len(parts))), *parts)


@st.composite
def _monotone(draw: Any) -> tuple[CriteriaSet, Commune]:
    rules = [_tree(draw, 2) for _ in range(draw(st.integers(1, 3)))]
    villages: tuple[Village, ...] = ()
    if draw(st.booleans()):
        rules.append(share("village", _leaf(draw), at_least=draw(st.integers(1, 100))))
        villages = tuple(Village(code=f"0{i}", facts=draw(_facts()))
                         for i in range(draw(st.integers(1, 2))))
    return _set(*rules, indicators=_INDICATORS), Commune(code="9", facts=draw(_facts()),
                                                          villages=villages)


@st.composite
def _facts(draw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in _KEYS:
        if draw(st.integers(0, 5)) == 0:
            continue  # no data
        out[key] = draw(st.booleans()) if key == "k1" else Decimal(draw(st.integers(0, 100)))
    return out


def _best(cs: CriteriaSet) -> dict[str, Any]:
    """The value that satisfies every leaf on a key: the highest threshold, or yes."""
    best: dict[str, Any] = {"k1": True}
    for criterion in cs.criteria:
        stack = [criterion.rule]
        while stack:
            rule = stack.pop()
            stack.extend(rule.parts)
            threshold = getattr(getattr(rule, "threshold", None), "value", None)
            expr = getattr(rule, "expr", None)
            if expr is not None and threshold is not None and not isinstance(threshold, bool):
                best[expr.key] = max(best.get(expr.key, 0), threshold)
    return best


def _with(commune: Commune, slots: tuple[tuple[str, str], ...], best: dict[str, Any]) -> Unit:
    codes = [commune.code, *(v.code for v in commune.villages)]
    facts: dict[str, dict[str, Any]] = {code: {} for code in codes}
    for code, key in slots:
        facts[code][key] = best[key]
    villages = tuple(Village(code=v.code, facts={**v.facts, **facts[v.code]})
                     for v in commune.villages)
    return Commune(code=commune.code, facts={**commune.facts, **facts[commune.code]},
                   villages=villages)


def _brute_force_minimum(cs: CriteriaSet, commune: Commune) -> int:
    best = _best(cs)
    # every fact not already at its best value (a fact no leaf reads never helps)
    slots = [(u.code, k) for u in (commune, *commune.villages) for k in best
             if u.facts.get(k) is None or u.facts[k] != best[k]]
    for size in range(len(slots) + 1):
        for chosen in itertools.combinations(slots, size):
            if cs.assess(_with(commune, chosen, best), year=YEAR).outcome is Outcome.PASS:
                return size
    raise AssertionError("a monotone set always passes with every fact at its best")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_monotone())
def test_the_path_is_minimal_on_small_sets(case: tuple[CriteriaSet, Commune]) -> None:
    cs, commune = case
    path = path_to_tier(cs, commune, year=YEAR)
    assert path.exact
    assert path.reachable
    assert cs.assess(path.apply(), year=YEAR).outcome is Outcome.PASS
    greedy = path_to_tier(cs, commune, year=YEAR, exact=False)
    assert len(path.changes) <= len(greedy.changes)
    assert len(path.changes) == _brute_force_minimum(cs, commune)
