"""Evaluation: the tree interpreter (the reference) and the compiled plan.

- :mod:`ntmcriteria.evaluation.context` — the interpreter's context; every rule
  kind's ``evaluate`` hook reads through it and returns a typed trace.
- :mod:`ntmcriteria.evaluation.compiler` and :mod:`ntmcriteria.evaluation.plan`
  — a set compiled once into column operations, run over chunks of units.
- :mod:`ntmcriteria.evaluation.sources` — unit objects, plain records, columns.
"""

from __future__ import annotations

from ntmcriteria.evaluation.plan import EvaluationPlan, Results
from ntmcriteria.evaluation.sources import Columns, Layout

__all__ = ["Columns", "EvaluationPlan", "Layout", "Results"]
