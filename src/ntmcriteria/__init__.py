"""ntmcriteria: Vietnam's New Rural Development (Nông thôn mới) criteria as typed,
composable, explainable rules.

The core does no I/O: build units and criteria sets, call
``criteria_set.assess(unit, year=...)``, read the :class:`Assessment`.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from ntmcriteria import rules
from ntmcriteria.assessment import Assessment, CriterionResult, Shortfall
from ntmcriteria.criteria import (
    AddCriterion,
    AddIndicator,
    AddParameter,
    Citation,
    Confidence,
    CriteriaSet,
    Criterion,
    DropCriterion,
    Parameter,
    RegionOverride,
    ReplaceCriterion,
    ReplaceReference,
    ReplaceThreshold,
    SetParameter,
)
from ntmcriteria.errors import (
    DerivationError,
    FactError,
    FactTypeError,
    NTMError,
    PeriodError,
    ScheduleError,
    UnknownNameError,
)
from ntmcriteria.indicators import Indicator, Measure, ValueType
from ntmcriteria.outcome import Outcome
from ntmcriteria.trace import Missing, Trace
from ntmcriteria.units import Commune, District, Level, Province, Region, Tier, Township, Village

try:
    __version__ = version("ntmcriteria")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "AddCriterion",
    "AddIndicator",
    "AddParameter",
    "Assessment",
    "Citation",
    "Commune",
    "Confidence",
    "CriteriaSet",
    "Criterion",
    "CriterionResult",
    "DerivationError",
    "District",
    "DropCriterion",
    "FactError",
    "FactTypeError",
    "Indicator",
    "Level",
    "Measure",
    "Missing",
    "NTMError",
    "Outcome",
    "Parameter",
    "PeriodError",
    "Province",
    "Region",
    "RegionOverride",
    "ReplaceCriterion",
    "ReplaceReference",
    "ReplaceThreshold",
    "ScheduleError",
    "SetParameter",
    "Shortfall",
    "Tier",
    "Township",
    "Trace",
    "UnknownNameError",
    "ValueType",
    "Village",
    "__version__",
    "rules",
]
