"""Tools to test criteria sets: witnesses, a case runner, and author checks.

``find_witness``, ``check_cases`` and ``check_criteria_set`` need nothing but
ntmcriteria. The Hypothesis strategies (``witnesses``) live in
:mod:`ntmcriteria.testing.witnesses` and need the extra
``ntmcriteria[hypothesis]``.
"""

from __future__ import annotations

from ntmcriteria.testing._build import Witness, assess_rule, find_witness, rule_set
from ntmcriteria.testing._solver import SearchBudgetError, UnsatisfiableError

__all__ = [
    "SearchBudgetError",
    "UnsatisfiableError",
    "Witness",
    "assess_rule",
    "find_witness",
    "rule_set",
]
