"""Loading and dumping entry points: plain data and JSON text, with limits."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ntmcriteria._values import shown
from ntmcriteria.assessment import Assessment
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import MAX_RULE_DEPTH, CriteriaSet
from ntmcriteria.errors import did_you_mean
from ntmcriteria.limits import MAX_PROBLEMS
from ntmcriteria.rules import Rule
from ntmcriteria.serialize import _dump, _fieldkinds
from ntmcriteria.serialize._errors import FormatError, Problem, StopLoading, join_path
from ntmcriteria.serialize._load import Loader
from ntmcriteria.serialize._names import CRITERIA_SET_FORMAT, UNIT_FORMAT
from ntmcriteria.serialize._safety import (
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_SIZE,
    check_data_depth,
    parse_json,
    write_json,
)
from ntmcriteria.thresholds import Threshold
from ntmcriteria.units import Commune, District, Province, Township, Unit, Village, Ward

__all__ = [
    "assessment_to_data",
    "assessment_to_json",
    "criteria_set_from_data",
    "criteria_set_from_json",
    "criteria_set_to_data",
    "criteria_set_to_json",
    "from_data",
    "from_json",
    "kind_from_data",
    "parameters_from_data",
    "parameters_from_json",
    "parameters_to_data",
    "parameters_to_json",
    "rule_from_data",
    "rule_to_data",
    "threshold_from_data",
    "threshold_to_data",
    "to_data",
    "to_json",
    "unit_from_data",
    "unit_from_json",
    "unit_to_data",
    "unit_to_json",
]

_SET = "criteria-set document"
_PARAMETERS = "parameters document"
_UNIT = "unit document"

criteria_set_to_data = _dump.criteria_set_to_data
unit_to_data = _dump.unit_to_data
assessment_to_data = _dump.assessment_to_data
threshold_to_data = _dump.threshold_to_data


def rule_to_data(rule: Rule, *, max_rule_depth: int = MAX_RULE_DEPTH) -> dict[str, Any]:
    """Plain data for a rule (a rule node, no format header)."""
    return _dump.rule_to_data(rule, max_rule_depth=max_rule_depth)


def _check_rule_depth(max_rule_depth: int) -> None:
    if (
        isinstance(max_rule_depth, bool)
        or not isinstance(max_rule_depth, int)
        or max_rule_depth < 1
    ):
        raise FormatError(
            "limits",
            [Problem("$", f"max_rule_depth must be an int >= 1 (got {shown(max_rule_depth)})")],
        )


def _load(what: str, data: object, max_depth: int, max_rule_depth: int,
          load: Callable[[Loader, object], Any]) -> Any:
    _check_rule_depth(max_rule_depth)
    check_data_depth(data, what=what, max_depth=max_depth)
    loader = Loader(max_rule_depth)
    try:
        result = load(loader, data)
    except StopLoading:
        raise FormatError(what, [*loader.problems, Problem(
            "$", f"stopped reading after {len(loader.problems)} problems "
                 f"(MAX_PROBLEMS={MAX_PROBLEMS}); fix these and load the document again")]
        ) from None
    except RecursionError:  # only reachable when a caller raises max_depth very high
        raise FormatError(
            what, [Problem("$", "the document is nested too deeply to load; lower max_depth")]
        ) from None
    loader.finish(what)
    if result is None:  # pragma: no cover - every None comes with a problem
        raise FormatError(what, [Problem("$", "the document could not be loaded")])
    return result


def kind_from_data(
    family: str, data: object, *, max_depth: int = DEFAULT_MAX_DEPTH,
    max_rule_depth: int = MAX_RULE_DEPTH
) -> Any:
    """A node of ``family`` ("rule", "expr", "year_ref", "threshold", "change")."""
    what = _fieldkinds.family(family).what
    return _load(what, data, max_depth, max_rule_depth,
                 lambda loader, d: loader.generated(family, d, "$"))


def criteria_set_from_data(
    data: object, *, max_depth: int = DEFAULT_MAX_DEPTH, max_rule_depth: int = MAX_RULE_DEPTH
) -> CriteriaSet:
    """A criteria set from plain data; raises :class:`FormatError` listing every problem."""
    result: CriteriaSet = _load(_SET, data, max_depth, max_rule_depth,
                                lambda loader, d: loader.criteria_set(d, "$", top=True))
    return result


def unit_from_data(data: object, *, max_depth: int = DEFAULT_MAX_DEPTH) -> Unit:
    """A unit (any level, with its members) from plain data."""
    result: Unit = _load(_UNIT, data, max_depth, MAX_RULE_DEPTH,
                         lambda loader, d: loader.unit(d, "$", top=True))
    return result


def rule_from_data(
    data: object, *, max_depth: int = DEFAULT_MAX_DEPTH, max_rule_depth: int = MAX_RULE_DEPTH
) -> Rule:
    """A rule from plain data (a rule node such as ``{"all_of": [...]}``)."""
    result: Rule = kind_from_data("rule", data, max_depth=max_depth,
                                  max_rule_depth=max_rule_depth)
    return result


def threshold_from_data(data: object, *, max_depth: int = DEFAULT_MAX_DEPTH) -> Threshold:
    """A threshold from plain data (``45``, ``"59.99"``, ``{"param": "x"}``, ...)."""
    result: Threshold = kind_from_data("threshold", data, max_depth=max_depth)
    return result


def parameters_from_data(criteria_set: CriteriaSet, data: object, *,
                         max_depth: int = DEFAULT_MAX_DEPTH,
                         max_rule_depth: int = MAX_RULE_DEPTH) -> dict[str, Any]:
    """Parameter values for ``criteria_set`` from a parameters document
    (``{"format": "ntmcriteria/parameters", "version": 1, "criteria_set": id, "values":
    {name: value}}``), or from a plain object mapping each parameter's name (of the set,
    or of a set it refers to) to its value (an object without a ``"format"`` key; a
    ``"$schema"`` key is allowed). Each value as its declaration's kind takes it (a number
    or true/false, ``{"schedule": [...]}``, a code for a choice, a rule or ``{"rule_table":
    [...]}``); every unknown name (with a did-you-mean) and bad value is reported at once
    with its path, in one :class:`FormatError`. Give the result as ``parameters=`` to
    ``assess``."""
    if not isinstance(data, Mapping) or "format" not in data:  # not a parameters document
        return _plain_parameters(criteria_set, data, max_depth=max_depth,
                                 max_rule_depth=max_rule_depth)
    if not isinstance(criteria_set, CriteriaSet):
        raise FormatError(_PARAMETERS, [Problem("$", f"criteria_set must be a CriteriaSet "
                                                     f"(got {type(criteria_set).__name__})")])
    result: dict[str, Any] = _load(_PARAMETERS, data, max_depth, max_rule_depth,
                                   lambda loader, d: loader.parameters(d, "$", criteria_set))
    return result


def _plain_parameters(criteria_set: CriteriaSet, data: object, *, max_depth: int,
                      max_rule_depth: int) -> dict[str, Any]:
    """Parameter values from a plain object of name -> value."""
    what = "parameter values"
    if not isinstance(criteria_set, CriteriaSet):
        raise FormatError(what, [Problem("$", "criteria_set must be a CriteriaSet (got "
                                              f"{type(criteria_set).__name__})")])
    _check_rule_depth(max_rule_depth)
    check_data_depth(data, what=what, max_depth=max_depth)
    if not isinstance(data, Mapping):
        raise FormatError(what, [Problem("$", "expected an object mapping parameter names to "
                                              f"values (got {type(data).__name__})")])
    loader = Loader(max_rule_depth)
    declared = criteria_set.all_parameters
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name == "$schema":
            continue
        path = join_path("$", str(name))
        declaration = declared.get(name) if isinstance(name, str) else None
        if declaration is None:
            loader.add(path, f"unknown parameter {str(name)!r} of criteria set "
                             f"{criteria_set.id!r}{did_you_mean(str(name), declared)}")
            continue
        try:
            loaded = loader.parameter_value(value, path, declaration.kind)
        except RecursionError:  # pragma: no cover - only with a very high max_depth
            loader.add(path, "the value is nested too deeply to load")
            continue
        if loaded is not None:
            out[name] = loaded
        elif value is None:
            loader.add(path, "expected a value (null gives none: leave the parameter out)")
    loader.finish(what)
    return out

def parameters_from_json(criteria_set: CriteriaSet, text: str | bytes, *,
                         max_depth: int = DEFAULT_MAX_DEPTH,
                         max_rule_depth: int = MAX_RULE_DEPTH,
                         max_size: int = DEFAULT_MAX_SIZE) -> dict[str, Any]:
    """:func:`parameters_from_data` from JSON text."""
    data = parse_json(text, what=_PARAMETERS, max_depth=max_depth, max_size=max_size)
    return parameters_from_data(criteria_set, data, max_depth=max_depth,
                                max_rule_depth=max_rule_depth)


def parameters_to_data(criteria_set: CriteriaSet, values: Mapping[str, Any],
                       source: Citation | None = None) -> dict[str, Any]:
    """A parameters document for ``criteria_set`` (``source``: where the values come from)."""
    return _dump.parameters_to_data(criteria_set, values, source)


def parameters_to_json(criteria_set: CriteriaSet, values: Mapping[str, Any],
                       source: Citation | None = None, *, indent: int | None = 2) -> str:
    return write_json(parameters_to_data(criteria_set, values, source), indent)


def criteria_set_to_json(cs: CriteriaSet, *, indent: int | None = 2,
                         with_schema: bool = False) -> str:
    """JSON text of a criteria-set document (decimals written with their exact text);
    ``with_schema=True`` writes its ``$schema`` first."""
    return write_json(criteria_set_to_data(cs, with_schema=with_schema), indent)


def unit_to_json(unit: Unit, *, indent: int | None = 2, with_schema: bool = False) -> str:
    return write_json(unit_to_data(unit, with_schema=with_schema), indent)


def assessment_to_json(assessment: Assessment, *, indent: int | None = 2,
                       with_schema: bool = False) -> str:
    return write_json(assessment_to_data(assessment, with_schema=with_schema), indent)


def criteria_set_from_json(
    text: str | bytes,
    *,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_rule_depth: int = MAX_RULE_DEPTH,
    max_size: int = DEFAULT_MAX_SIZE,
) -> CriteriaSet:
    """A criteria set from JSON text; size and depth are checked before parsing."""
    data = parse_json(text, what=_SET, max_depth=max_depth, max_size=max_size)
    return criteria_set_from_data(data, max_depth=max_depth, max_rule_depth=max_rule_depth)


def unit_from_json(
    text: str | bytes, *, max_depth: int = DEFAULT_MAX_DEPTH, max_size: int = DEFAULT_MAX_SIZE
) -> Unit:
    data = parse_json(text, what=_UNIT, max_depth=max_depth, max_size=max_size)
    return unit_from_data(data, max_depth=max_depth)


# ------------------------------------------------------------------------------- generic
def to_data(obj: CriteriaSet | Unit | Assessment | Rule) -> dict[str, Any]:
    """Plain data for a criteria set, unit or assessment (a document), or a rule (a node)."""
    if isinstance(obj, CriteriaSet):
        return criteria_set_to_data(obj)
    if isinstance(obj, Village | Commune | Township | Ward | District | Province):
        return unit_to_data(obj)
    if isinstance(obj, Assessment):
        return assessment_to_data(obj)
    if isinstance(obj, Rule):
        return rule_to_data(obj)
    raise FormatError(
        "object to dump",
        [
            Problem(
                "$",
                f"expected a CriteriaSet, a unit, an Assessment or a rule "
                f"(got {type(obj).__name__})",
            )
        ],
    )


def to_json(obj: CriteriaSet | Unit | Assessment | Rule, *, indent: int | None = 2) -> str:
    return write_json(to_data(obj), indent)


def from_data(
    data: object, *, max_depth: int = DEFAULT_MAX_DEPTH, max_rule_depth: int = MAX_RULE_DEPTH
) -> CriteriaSet | Unit:
    """A criteria set or a unit, chosen by the document's ``format``."""
    fmt = data.get("format") if isinstance(data, Mapping) else None
    if fmt == UNIT_FORMAT:
        return unit_from_data(data, max_depth=max_depth)
    if fmt == CRITERIA_SET_FORMAT:
        return criteria_set_from_data(data, max_depth=max_depth, max_rule_depth=max_rule_depth)
    raise FormatError(
        "document",
        [
            Problem(
                "$.format" if isinstance(data, Mapping) else "$",
                f'expected a document with "format": {CRITERIA_SET_FORMAT!r} or {UNIT_FORMAT!r} '
                f"(got {'no format' if fmt is None else repr(fmt)[:60]})",
            )
        ],
    )


def from_json(
    text: str | bytes,
    *,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_rule_depth: int = MAX_RULE_DEPTH,
    max_size: int = DEFAULT_MAX_SIZE,
) -> CriteriaSet | Unit:
    data = parse_json(text, what="document", max_depth=max_depth, max_size=max_size)
    return from_data(data, max_depth=max_depth, max_rule_depth=max_rule_depth)
