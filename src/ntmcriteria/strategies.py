"""Public Hypothesis strategies (a re-export of :mod:`ntmcriteria.testing.strategies`).

Hypothesis is an optional extra (``pip install 'ntmcriteria[hypothesis]'``);
importing this module without it raises an ImportError naming the extra::

    from ntmcriteria.strategies import criteria_sets, communes_for
"""

from __future__ import annotations

from ntmcriteria.testing.strategies import (
    DEFAULT_INDICATORS,
    GENERATED_CITATION,
    closed_registers,
    communes,
    communes_for,
    criteria_sets,
    districts,
    facts_for,
    indicators,
    outcomes,
    provinces,
    rules,
    thresholds_for,
    values_for,
    villages,
)

__all__ = [
    "DEFAULT_INDICATORS",
    "GENERATED_CITATION",
    "closed_registers",
    "communes",
    "communes_for",
    "criteria_sets",
    "districts",
    "facts_for",
    "indicators",
    "outcomes",
    "provinces",
    "rules",
    "thresholds_for",
    "values_for",
    "villages",
]
