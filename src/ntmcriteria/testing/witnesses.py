"""Hypothesis strategies of witnesses: units whose assessment has a wanted outcome.

::

    from ntmcriteria.testing.witnesses import witnesses

    @given(witnesses(my_set, "fail", criterion="income"))
    def test_income_failures_are_explained(w):
        assessment = w.assess(my_set)
        assert assessment.result("income").outcome is Outcome.FAIL

A witness puts values exactly at thresholds often (``>= 45`` gets 45, and a
failing ``>= 45`` gets 44.99), creates just enough member units for shares and
counts, fills history for time windows, supplies parameters the set leaves
open, and omits facts to make UNKNOWN. A rule that can never have the outcome
(e.g. ``fact("x") >= 10`` and ``fact("x") <= 5`` for PASS) raises
:class:`~ntmcriteria.testing.UnsatisfiableError` when the strategy is built,
never a search or a filter that runs forever.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "ntmcriteria.testing.witnesses needs Hypothesis; install the extra: "
        "pip install 'ntmcriteria[hypothesis]'"
    ) from exc

from ntmcriteria._values import shown
from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.errors import NTMTypeError
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import Rule
from ntmcriteria.testing._build import Witness, find_witness
from ntmcriteria.testing._solver import SearchBudgetError, UnsatisfiableError

__all__ = ["Witness", "witnesses"]


def witnesses(criteria_set: CriteriaSet, outcome: Outcome | str, *,
              criterion: str | None = None, rule: Rule | None = None, year: int | None = None,
              parameters: Mapping[str, Any] | None = None, max_children: int = 3,
              budget: int = 20_000, complete: bool | None = None
              ) -> st.SearchStrategy[Witness]:
    """Witnesses whose assessment by ``criteria_set`` has ``outcome``.

    With ``criterion`` the outcome is that criterion's; with ``rule`` it is the
    outcome of ``rule`` alone (assess with :func:`~ntmcriteria.testing.assess_rule`);
    otherwise the whole set's. ``year`` fixes the assessment year (default: any
    year of the set's period); ``parameters`` fixes parameters, the others are
    generated. Arguments are checked, and satisfiability decided, at once.

    PASS and FAIL witnesses set only the deciding facts or, with ``complete``,
    a value for every declared indicator too (by default Hypothesis draws both
    kinds). UNKNOWN witnesses leave the missing facts missing.
    """
    if complete is not None and not isinstance(complete, bool):
        raise NTMTypeError(f"complete must be True, False or None (got {shown(complete)})")
    first = find_witness(criteria_set, outcome, criterion=criterion, rule=rule, year=year,
                         parameters=parameters, seed=0, max_children=max_children, budget=budget)

    @st.composite
    def draw(draw_: Any) -> Witness:
        rng = draw_(st.randoms(use_true_random=False))
        full = draw_(st.booleans()) if complete is None else complete
        try:
            return find_witness(criteria_set, outcome, criterion=criterion, rule=rule, year=year,
                                parameters=parameters, seed=rng, max_children=max_children,
                                budget=budget, complete=full)
        except (UnsatisfiableError, SearchBudgetError):
            # a random order may miss the rare choices the first search found
            return first

    return draw()
