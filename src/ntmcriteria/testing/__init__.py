"""Tools to test criteria sets: witnesses, a case runner, and author checks.

Everything here needs nothing but ntmcriteria, except the Hypothesis strategies
(extra ``ntmcriteria[hypothesis]``): :func:`ntmcriteria.testing.witnesses.witnesses`,
and the strategies of units, rules and sets in :mod:`ntmcriteria.testing.strategies`
(re-exported by :mod:`ntmcriteria.strategies`). The witness search, the strategies
and the author checks never ask what kind a rule node is: they drive each kind's
``witness``, ``example`` and ``directions`` hooks (:mod:`ntmcriteria.hooks`).

* :func:`find_witness` — a unit, year and parameters giving a criterion, a rule
  or a whole set a wanted outcome (or :class:`UnsatisfiableError`);
* :func:`check_cases` / :func:`check_case` / :func:`parametrize_cases` — cases as
  plain data (YAML-friendly) with the expected verdict per criterion;
* :func:`check_criteria_set` — author checks: criteria that can never pass, that
  always pass, and indicators a criterion is not monotone in.
"""

from __future__ import annotations

from ntmcriteria.testing._build import Witness, assess_rule, find_witness, rule_set
from ntmcriteria.testing._solver import SearchBudgetError, UnsatisfiableError
from ntmcriteria.testing.cases import (
    CaseMismatchError,
    case_id,
    check_case,
    check_cases,
    parametrize_cases,
    unit_from_data,
)
from ntmcriteria.testing.checks import CheckReport, Finding, check_criteria_set, directions

__all__ = [
    "CaseMismatchError",
    "CheckReport",
    "Finding",
    "SearchBudgetError",
    "UnsatisfiableError",
    "Witness",
    "assess_rule",
    "case_id",
    "check_case",
    "check_cases",
    "check_criteria_set",
    "directions",
    "find_witness",
    "parametrize_cases",
    "rule_set",
    "unit_from_data",
]
