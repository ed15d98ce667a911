"""ntmcriteria: Vietnam's New Rural Development (Nông thôn mới) criteria as typed,
composable, explainable rules.

The core does no I/O: build units and criteria sets, call
``criteria_set.assess(unit, year=...)``, read the :class:`Assessment`.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from ntmcriteria import rules
from ntmcriteria.assessment import Assessment, CriterionResult, Shortfall
from ntmcriteria.batch import Batch, assess_many
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
from ntmcriteria.paths import PathToTier, path_to_tier, rank_candidates
from ntmcriteria.plans import Candidate, Plan, PlanProgress, Target
from ntmcriteria.revocation import RevocationCheck, RevocationRule, check_revocation
from ntmcriteria.serialize import (
    FormatError,
    assessment_to_json,
    criteria_set_from_json,
    criteria_set_schema,
    criteria_set_to_json,
    unit_from_json,
    unit_schema,
    unit_to_json,
)
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
    "Batch",
    "Candidate",
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
    "FormatError",
    "Indicator",
    "Level",
    "Measure",
    "Missing",
    "NTMError",
    "Outcome",
    "Parameter",
    "PathToTier",
    "PeriodError",
    "Plan",
    "PlanProgress",
    "Province",
    "Region",
    "RegionOverride",
    "ReplaceCriterion",
    "ReplaceReference",
    "ReplaceThreshold",
    "RevocationCheck",
    "RevocationRule",
    "ScheduleError",
    "SetParameter",
    "Shortfall",
    "Target",
    "Tier",
    "Township",
    "Trace",
    "UnknownNameError",
    "ValueType",
    "Village",
    "__version__",
    "assess_many",
    "assessment_to_json",
    "check_revocation",
    "criteria_set_from_json",
    "criteria_set_schema",
    "criteria_set_to_json",
    "path_to_tier",
    "rank_candidates",
    "rules",
    "unit_from_json",
    "unit_schema",
    "unit_to_json",
]
