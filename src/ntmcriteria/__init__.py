"""ntmcriteria: Vietnam's New Rural Development (Nông thôn mới) criteria as typed,
composable, explainable rules.

The core does no I/O: build units and criteria sets, call
``criteria_set.assess(unit, year=...)``, read the :class:`Assessment`.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from ntmcriteria import catalog, rules
from ntmcriteria.analysis.completeness import completeness
from ntmcriteria.assessment import Assessment, CriterionResult, Shortfall
from ntmcriteria.batch import Batch, Verdicts, assess_columns, assess_many, assess_records
from ntmcriteria.changes import (
    AddCriterion,
    AddIndicator,
    AddParameter,
    DropCriterion,
    ReplaceCriterion,
    ReplaceReference,
    ReplaceThreshold,
    SetParameter,
)
from ntmcriteria.citations import Citation, Confidence
from ntmcriteria.classifications import Classification, ClassRule, ClassValue
from ntmcriteria.criteria import (
    CriteriaSet,
    Criterion,
    Parameter,
    ParameterKey,
    PeriodLink,
    RegionOverride,
)
from ntmcriteria.diffs import diff_outcomes, diff_sets
from ntmcriteria.errors import (
    DerivationError,
    FactError,
    FactTypeError,
    NTMError,
    PeriodError,
    ScheduleError,
    UnknownNameError,
)
from ntmcriteria.evaluation import Columns, EvaluationPlan, Layout, Results
from ntmcriteria.indicators import Indicator, Measure, ValueType
from ntmcriteria.mergers import CarriedRecognition, CarryOver, MergerPolicy, merged_history
from ntmcriteria.outcome import Outcome
from ntmcriteria.paths import PathToTier, path_to_tier, rank_candidates
from ntmcriteria.period import OutsidePeriod
from ntmcriteria.plans import Candidate, Plan, PlanProgress, Target
from ntmcriteria.quantity import Quantity, QuantityUnit
from ntmcriteria.recognition import Recognition
from ntmcriteria.relevance import WorthCollecting
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
from ntmcriteria.sheets import parameter_sheet, parameter_sheet_csv, read_parameter_sheet
from ntmcriteria.tables import (
    TableError,
    result_rows,
    results_csv,
    units_from_csv,
    units_from_table,
    units_from_tables,
)
from ntmcriteria.timelines import timeline
from ntmcriteria.trace import Missing, Trace
from ntmcriteria.units import (
    ClosedRegister,
    Commune,
    District,
    Level,
    Merger,
    Province,
    Region,
    Tier,
    Township,
    Village,
    Ward,
)

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
    "CarriedRecognition",
    "CarryOver",
    "Citation",
    "ClassRule",
    "ClassValue",
    "Classification",
    "ClosedRegister",
    "Columns",
    "Commune",
    "Confidence",
    "CriteriaSet",
    "Criterion",
    "CriterionResult",
    "DerivationError",
    "District",
    "DropCriterion",
    "EvaluationPlan",
    "FactError",
    "FactTypeError",
    "FormatError",
    "Indicator",
    "Layout",
    "Level",
    "Measure",
    "Merger",
    "MergerPolicy",
    "Missing",
    "NTMError",
    "Outcome",
    "OutsidePeriod",
    "Parameter",
    "ParameterKey",
    "PathToTier",
    "PeriodError",
    "PeriodLink",
    "Plan",
    "PlanProgress",
    "Province",
    "Quantity",
    "QuantityUnit",
    "Recognition",
    "Region",
    "RegionOverride",
    "ReplaceCriterion",
    "ReplaceReference",
    "ReplaceThreshold",
    "Results",
    "RevocationCheck",
    "RevocationRule",
    "ScheduleError",
    "SetParameter",
    "Shortfall",
    "TableError",
    "Target",
    "Tier",
    "Township",
    "Trace",
    "UnknownNameError",
    "ValueType",
    "Verdicts",
    "Village",
    "Ward",
    "WorthCollecting",
    "__version__",
    "assess_columns",
    "assess_many",
    "assess_records",
    "assessment_to_json",
    "catalog",
    "check_revocation",
    "completeness",
    "criteria_set_from_json",
    "criteria_set_schema",
    "criteria_set_to_json",
    "diff_outcomes",
    "diff_sets",
    "merged_history",
    "parameter_sheet",
    "parameter_sheet_csv",
    "path_to_tier",
    "rank_candidates",
    "read_parameter_sheet",
    "result_rows",
    "results_csv",
    "rules",
    "timeline",
    "unit_from_json",
    "unit_schema",
    "unit_to_json",
    "units_from_csv",
    "units_from_table",
    "units_from_tables",
]
