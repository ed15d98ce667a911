"""Criteria, criteria sets, their citations, parameters and derivations."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import attrs

from ntmcriteria._frozen import FrozenMap
from ntmcriteria._values import (
    Value,
    exact,
    is_vi,
    to_article,
    to_date,
    to_document,
    to_enum,
    to_group,
    to_label_en,
    to_label_vi,
    to_note,
    to_number_text,
    typed,
)
from ntmcriteria.errors import (
    DerivationError,
    NTMTypeError,
    NTMValueError,
    PeriodError,
    UnknownNameError,
)
from ntmcriteria.indicators import Indicator, Measure, ValueType
from ntmcriteria.rules import (
    AllOf,
    AnyOf,
    AtLeast,
    Compare,
    Count,
    HeldEachYear,
    Labelled,
    MeetsSet,
    Not,
    Rule,
    RuleParam,
    Share,
)
from ntmcriteria.rules._base import MAX_DEPTH
from ntmcriteria.thresholds import Const, Param, Scaled, Schedule, Threshold, to_threshold
from ntmcriteria.units import (
    Commune,
    District,
    Level,
    Province,
    Region,
    Township,
    Village,
    to_level,
    to_region,
)

if TYPE_CHECKING:
    from ntmcriteria.assessment import Assessment
    from ntmcriteria.units import Unit

__all__ = [
    "MAX_RULE_DEPTH",
    "AddCriterion",
    "AddIndicator",
    "AddParameter",
    "Change",
    "Citation",
    "Confidence",
    "CriteriaSet",
    "Criterion",
    "DropCriterion",
    "Parameter",
    "ParameterKind",
    "RegionOverride",
    "ReplaceCriterion",
    "ReplaceReference",
    "ReplaceThreshold",
    "SetParameter",
]

#: Rule trees deeper than this are refused when a set is built (no RecursionError later).
MAX_RULE_DEPTH = MAX_DEPTH


class Confidence(enum.Enum):
    """How sure we are of a criterion's values."""

    VERIFIED_TEXT = "verified-text"
    SECONDARY = "secondary"
    SEED = "seed"
    UNKNOWN = "unknown"

    @property
    def label_vi(self) -> str:
        return {
            "verified-text": "đã đối chiếu văn bản",
            "secondary": "nguồn thứ cấp",
            "seed": "theo dự thảo kế hoạch",
            "unknown": "chưa xác định",
        }[self.value]

    @property
    def label_en(self) -> str:
        return {
            "verified-text": "verified against the text",
            "secondary": "secondary source",
            "seed": "from the draft plan",
            "unknown": "unknown",
        }[self.value]


def _to_confidence(value: object) -> Confidence:
    return to_enum(Confidence, value, "confidence")


@attrs.frozen(kw_only=True)
class Citation:
    """Where a rule comes from: document, date, article/annex/section, and confidence."""

    document: str = attrs.field(converter=to_document)
    confidence: Confidence = attrs.field(converter=_to_confidence)
    date: str = attrs.field(default="", converter=to_date)
    article: str = attrs.field(default="", converter=to_article)
    note: str = attrs.field(default="", converter=to_note)
    #: for a value changed by derivation: the source of what it replaced
    amends: str = attrs.field(default="", converter=to_note)

    def describe(self, lang: str = "vi") -> str:
        vi = is_vi(lang)
        parts = [self.document]
        if self.date:
            parts.append(("ngày " if vi else "of ") + self.date)
        if self.article:
            parts.append(self.article)
        conf = self.confidence.label_vi if vi else self.confidence.label_en
        text = ", ".join(parts) + (f" (độ tin cậy: {conf})" if vi else f" (confidence: {conf})")
        if self.amends:
            text += ("; sửa đổi quy định tại " if vi else "; amends ") + self.amends
        return text


def _to_rule(value: object) -> Rule:
    if not isinstance(value, Rule):
        raise NTMTypeError(f"rule must be a rule built with ntmcriteria.rules (got {value!r})")
    return value


def _check_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise NTMValueError(
            f"{attribute.name} must be a non-empty string without surrounding "
            f"spaces (got {value!r})"
        )


@attrs.frozen(kw_only=True)
class Criterion:
    """One criterion of a set: id, number, labels, group, rule and citation."""

    id: str = attrs.field(validator=_check_id)
    number: str = attrs.field(converter=to_number_text)
    label_vi: str = attrs.field(converter=to_label_vi)
    label_en: str = attrs.field(converter=to_label_en)
    rule: Rule = attrs.field(converter=_to_rule)
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))
    group: str = attrs.field(default="", converter=to_group)

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if is_vi(lang) else self.label_en


class ParameterKind(enum.Enum):
    VALUE = "value"
    RULE = "rule"


ParameterValue: TypeAlias = Value | Schedule | Rule


def _to_kind(value: object) -> str:
    try:
        return ParameterKind(value).value
    except ValueError:
        raise NTMValueError(f"kind must be 'value' or 'rule' (got {value!r})") from None


def _to_measure(value: object) -> Measure | None:
    return None if value is None else to_enum(Measure, value, "measure")


def _keyed_by(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise NTMTypeError(
            f"keyed_by must be a sequence such as ('region', 'year') (got {value!r})"
        )
    items = tuple(value)
    for item in items:
        if item not in ("region", "year"):
            raise NTMValueError(f"keyed_by may contain 'region' and 'year' only (got {item!r})")
    return tuple(sorted(set(items), key=("region", "year").index))


@attrs.frozen(kw_only=True)
class Parameter:
    """A named value (or rule) that a set needs and a province or caller supplies.

    ``default=None`` means no default: an assessment that needs it reports it
    as missing (UNKNOWN), never a silent 0 or False.
    """

    name: str = attrs.field(validator=_check_id)
    label_vi: str = attrs.field(converter=to_label_vi)
    label_en: str = attrs.field(converter=to_label_en)
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))
    kind: str = attrs.field(default="value", converter=_to_kind)
    measure: Measure | None = attrs.field(default=None, converter=_to_measure)
    keyed_by: tuple[str, ...] = attrs.field(default=(), converter=_keyed_by)
    default: ParameterValue | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "default", coerce_parameter_value(self, self.default))


def coerce_parameter_value(declaration: Parameter, value: object) -> Any:
    """Check and convert a supplied parameter value against its declaration."""
    if value is None:
        return None
    where = f"parameter {declaration.name!r}"
    if declaration.kind == "rule":
        if not isinstance(value, Rule):
            raise NTMTypeError(
                f"{where} must be a rule built with ntmcriteria.rules "
                f"(got {type(value).__name__} {value!r})"
            )
        return value
    if isinstance(value, Rule):
        raise NTMTypeError(f"{where} takes a value or a schedule, not a rule (got {value!r})")
    if isinstance(value, Schedule):
        return value
    if isinstance(value, Mapping):
        return Schedule(value)
    return exact(value, where)


@attrs.frozen(kw_only=True)
class RegionOverride:
    """When ``when`` passes for a unit, its thresholds are looked up for ``region``."""

    when: Rule = attrs.field(converter=_to_rule)
    region: Region = attrs.field(converter=to_region)
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))


# ---------------------------------------------------------------- derivation changes
@attrs.frozen(kw_only=True)
class SetParameter:
    """Give a parameter a value (its new default in the derived set)."""

    name: str = attrs.field(validator=typed(str, "a parameter name (a string)"))
    value: Any
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))
    kind: ClassVar[str] = "set_parameter"


def _to_path(value: object) -> tuple[int, ...] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise NTMTypeError(f"path must be a sequence of child indexes (got {value!r})")
    items = tuple(value)
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in items):
        raise NTMTypeError(f"path must contain whole numbers only (got {value!r})")
    return items


@attrs.frozen(kw_only=True)
class ReplaceThreshold:
    """Replace the threshold of the comparison or count at ``path`` of a criterion's rule."""

    criterion_id: str = attrs.field(validator=typed(str, "a criterion id (a string)"))
    threshold: Threshold = attrs.field(converter=to_threshold)
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))
    path: tuple[int, ...] | None = attrs.field(default=None, converter=_to_path)
    kind: ClassVar[str] = "replace_threshold"


@attrs.frozen(kw_only=True)
class ReplaceCriterion:
    criterion: Criterion = attrs.field(validator=typed(Criterion, "a Criterion"))
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))
    kind: ClassVar[str] = "replace_criterion"


@attrs.frozen(kw_only=True)
class DropCriterion:
    criterion_id: str = attrs.field(validator=typed(str, "a criterion id (a string)"))
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))
    kind: ClassVar[str] = "drop_criterion"


@attrs.frozen(kw_only=True)
class AddCriterion:
    criterion: Criterion = attrs.field(validator=typed(Criterion, "a Criterion"))
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))
    kind: ClassVar[str] = "add_criterion"


@attrs.frozen(kw_only=True)
class AddIndicator:
    indicator: Indicator = attrs.field(validator=typed(Indicator, "an Indicator"))
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))
    kind: ClassVar[str] = "add_indicator"


@attrs.frozen(kw_only=True)
class AddParameter:
    parameter: Parameter = attrs.field(validator=typed(Parameter, "a Parameter"))
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))
    kind: ClassVar[str] = "add_parameter"


def _is_criteria_set(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, CriteriaSet):
        raise NTMTypeError(f"{type(instance).__name__}.{attribute.name} must be a CriteriaSet "
                           f"(got {type(value).__name__} {value!r})")


@attrs.frozen(kw_only=True)
class ReplaceReference:
    """Use ``criteria_set`` wherever the rules say ``meets(old_id)``."""

    old_id: str = attrs.field(validator=typed(str, "a criteria set id (a string)"))
    criteria_set: CriteriaSet = attrs.field(validator=_is_criteria_set)
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))
    kind: ClassVar[str] = "replace_reference"


Change: TypeAlias = (
    SetParameter
    | ReplaceThreshold
    | ReplaceCriterion
    | DropCriterion
    | AddCriterion
    | AddIndicator
    | AddParameter
    | ReplaceReference
)
CHANGE_TYPES = (
    SetParameter,
    ReplaceThreshold,
    ReplaceCriterion,
    DropCriterion,
    AddCriterion,
    AddIndicator,
    AddParameter,
    ReplaceReference,
)


def _tuple_of(value: object, kind: type[Any] | tuple[type[Any], ...], field: str) -> Any:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise NTMTypeError(f"{field} must be a sequence (got {type(value).__name__})")
    items = tuple(value)
    names = kind.__name__ if isinstance(kind, type) else "a derivation change"
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise NTMTypeError(
                f"{field}[{index}] must be {names} (got {type(item).__name__} {item!r})"
            )
    return items


def _to_criteria(value: object) -> tuple[Criterion, ...]:
    return _tuple_of(value, Criterion, "criteria")  # type: ignore[no-any-return]


def _to_indicators(value: object) -> tuple[Indicator, ...]:
    return _tuple_of(value, Indicator, "indicators")  # type: ignore[no-any-return]


def _to_parameters(value: object) -> tuple[Parameter, ...]:
    return _tuple_of(value, Parameter, "parameters")  # type: ignore[no-any-return]


def _to_references(value: object) -> tuple[CriteriaSet, ...]:
    return _tuple_of(value, CriteriaSet, "references")  # type: ignore[no-any-return]


def _to_overrides(value: object) -> tuple[RegionOverride, ...]:
    return _tuple_of(value, RegionOverride, "region_overrides")  # type: ignore[no-any-return]


def _to_changes(value: object) -> tuple[Change, ...]:
    return _tuple_of(value, CHANGE_TYPES, "changes")  # type: ignore[no-any-return]


def _check_year(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise NTMTypeError(f"{attribute.name} must be a year as a positive int (got {value!r})")


def _optional_citation(
    instance: object, attribute: attrs.Attribute[Citation | None], value: Citation | None
) -> None:
    if value is not None and not isinstance(value, Citation):
        raise NTMTypeError(
            f"{attribute.name} must be a Citation or None (got {type(value).__name__} {value!r})"
        )


def _optional_text_id(
    instance: object, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if value is not None:
        _check_id(instance, attribute, value)  # type: ignore[arg-type]


_UNIT_CLASSES = {
    Level.VILLAGE: Village,
    Level.COMMUNE: Commune,
    Level.TOWNSHIP: Township,
    Level.DISTRICT: District,
    Level.PROVINCE: Province,
}


@attrs.frozen(kw_only=True)
class CriteriaSet:
    """A dated criteria set for one administrative level.

    It declares every indicator and parameter its rules use, and the other sets
    it refers to (``meets(...)``); all of this is checked when the set is
    built, with a did-you-mean for unknown names.
    """

    id: str = attrs.field(validator=_check_id)
    label_vi: str = attrs.field(converter=to_label_vi)
    label_en: str = attrs.field(converter=to_label_en)
    level: Level = attrs.field(converter=to_level)
    valid_from: int = attrs.field(validator=_check_year)
    valid_to: int = attrs.field(validator=_check_year)
    criteria: tuple[Criterion, ...] = attrs.field(converter=_to_criteria)
    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=_to_indicators)
    parameters: tuple[Parameter, ...] = attrs.field(default=(), converter=_to_parameters)
    references: tuple[CriteriaSet, ...] = attrs.field(default=(), converter=_to_references)
    region_overrides: tuple[RegionOverride, ...] = attrs.field(default=(), converter=_to_overrides)
    citation: Citation | None = attrs.field(default=None, validator=_optional_citation)
    derived_from: str | None = attrs.field(default=None, validator=_optional_text_id)
    changes: tuple[Change, ...] = attrs.field(default=(), converter=_to_changes)

    indicator_map: Mapping[str, Indicator] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _parameter_map: Mapping[str, Parameter] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    #: every indicator key declared by this set or any set it refers to
    known_fact_keys: frozenset[str] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _reference_map: Mapping[str, CriteriaSet] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        if self.valid_from > self.valid_to:
            raise NTMValueError(
                f"criteria set {self.id!r}: valid_from {self.valid_from} is after "
                f"valid_to {self.valid_to}"
            )
        _unique([c.id for c in self.criteria], "criterion id", self.id)
        _unique([i.key for i in self.indicators], "indicator key", self.id)
        _unique([p.name for p in self.parameters], "parameter name", self.id)
        _unique([r.id for r in self.references], "reference id", self.id)
        params: dict[str, Parameter] = {}
        for ref in self.references:
            for name, declaration in ref._parameter_map.items():
                params.setdefault(name, declaration)
        params.update({p.name: p for p in self.parameters})
        object.__setattr__(self, "indicator_map", FrozenMap({i.key: i for i in self.indicators}))
        object.__setattr__(self, "_parameter_map", FrozenMap(params))
        object.__setattr__(self, "_reference_map", FrozenMap({r.id: r for r in self.references}))
        known = set(self.indicator_map)
        for ref in self.references:
            known |= ref.known_fact_keys
        object.__setattr__(self, "known_fact_keys", frozenset(known))
        self._validate_rules()

    # -- validation --------------------------------------------------------------------
    def _validate_rules(self) -> None:
        for ref in self.references:
            if not ref.criteria:
                raise NTMValueError(
                    f"criteria set {self.id!r} refers to {ref.id!r}, which has no criteria: "
                    "meeting it would be a vacuous pass"
                )
        for criterion in self.criteria:
            self.validate_rule(criterion.rule, f"criterion {criterion.id!r}")
            self._check_levels(criterion.rule, f"criterion {criterion.id!r}")
        for index, override in enumerate(self.region_overrides):
            self.validate_rule(override.when, f"region_overrides[{index}]")
        for declaration in self.parameters:
            if isinstance(declaration.default, Rule):
                self.validate_rule(declaration.default, f"parameter {declaration.name!r}")

    def validate_rule(self, rule: Rule, where: str) -> None:
        """Check that ``rule`` only names what this set declares; raise otherwise."""
        _check_depth(rule, where)
        place = f"criteria set {self.id!r}, {where}"
        for node in rule.walk():
            if isinstance(node, Compare):
                for key in node.fact_keys():
                    if key not in self.indicator_map:
                        raise UnknownNameError("indicator", key, self.indicator_map, place)
                self._check_threshold(node.threshold, place)
                indicator = self.indicator_map[node.fact_keys()[0]]
                is_bool = isinstance(node.threshold, Const) and isinstance(
                    node.threshold.value, bool
                )
                if is_bool != (indicator.value_type is ValueType.BOOLEAN):
                    raise NTMTypeError(
                        f"{place}: {node!r} compares the {indicator.value_type.value} indicator "
                        f"{indicator.key!r} with {'a yes/no' if is_bool else 'a numeric'} threshold"
                    )
            elif isinstance(node, Share | Count):
                self._check_threshold(node.at_least, place)
            elif isinstance(node, MeetsSet):
                if node.set_id not in self._reference_map:
                    raise UnknownNameError(
                        "criteria set",
                        node.set_id,
                        self._reference_map,
                        place + " (declare it in references=)",
                    )
            elif isinstance(node, RuleParam):
                self._check_parameter(node.name, "rule", place)

    def _check_levels(self, rule: Rule, where: str) -> None:
        """Members are counted below the level they are counted at; ``meets`` keeps it."""
        place = f"criteria set {self.id!r}, {where}"
        stack: list[tuple[Rule, Level]] = [(rule, self.level)]
        while stack:
            node, level = stack.pop()
            if isinstance(node, Share | Count):
                if _RANK[node.level] >= _RANK[level]:
                    raise NTMValueError(
                        f"{place}: {node.kind}({node.level.value!r}, ...) counts members of a "
                        f"{level.value}, so it must name a level below {level.value!r}"
                    )
                _check_member_threshold(node, place)
                stack.append((node.rule, node.level))
                continue
            if isinstance(node, MeetsSet):
                other = self._reference_map[node.set_id]
                if other.level is not level:
                    raise NTMValueError(
                        f"{place}: meets({node.set_id!r}) is evaluated on a {level.value}, but "
                        f"that set applies to the {other.level.value} level"
                    )
            stack.extend((part, level) for part in node.parts)

    def _check_threshold(self, threshold: Threshold, place: str) -> None:
        while isinstance(threshold, Scaled):
            threshold = threshold.base
        if isinstance(threshold, Param):
            self._check_parameter(threshold.name, "value", place)

    def _check_parameter(self, name: str, kind: str, place: str) -> None:
        declaration = self._parameter_map.get(name)
        if declaration is None:
            raise UnknownNameError("parameter", name, self._parameter_map, place)
        if declaration.kind != kind:
            raise NTMTypeError(
                f"{place}: parameter {name!r} is a {declaration.kind} parameter, used as a {kind}"
            )

    # -- lookups -----------------------------------------------------------------------
    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise UnknownNameError(
            "criterion", criterion_id, [c.id for c in self.criteria], f"criteria set {self.id!r}"
        )

    def indicator(self, key: str) -> Indicator:
        try:
            return self.indicator_map[key]
        except KeyError:
            raise UnknownNameError(
                "indicator", key, self.indicator_map, f"criteria set {self.id!r}"
            ) from None

    def parameter(self, name: str) -> Parameter:
        try:
            return self._parameter_map[name]
        except KeyError:
            raise UnknownNameError(
                "parameter", name, self._parameter_map, f"criteria set {self.id!r}"
            ) from None

    def reference(self, set_id: str) -> CriteriaSet:
        try:
            return self._reference_map[set_id]
        except KeyError:
            raise UnknownNameError(
                "criteria set", set_id, self._reference_map, f"the references of {self.id!r}"
            ) from None

    @property
    def all_parameters(self) -> Mapping[str, Parameter]:
        """Every parameter this set and the sets it references declare."""
        return self._parameter_map

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if is_vi(lang) else self.label_en

    def to_html(self, lang: str = "vi") -> str:
        """The set as an official-style HTML table (number, criterion, indicator,
        threshold by region or year, source)."""
        from ntmcriteria.render.html import criteria_set_html

        return criteria_set_html(self, lang)

    def to_markdown(self, lang: str = "vi") -> str:
        """The set as an official-style Markdown table."""
        from ntmcriteria.render.table import criteria_table_markdown

        return criteria_table_markdown(self, lang)

    def _repr_html_(self) -> str:
        return self.to_html()

    # -- assessment --------------------------------------------------------------------
    def assess(
        self,
        unit: Unit,
        *,
        year: int,
        parameters: Mapping[str, Any] | None = None,
        allow_outside_period: bool = False,
    ) -> Assessment:
        """Assess ``unit`` in ``year``; ``parameters`` supplies named parameters."""
        from ntmcriteria._context import Context
        from ntmcriteria.assessment import Assessment, CriterionResult
        from ntmcriteria.outcome import Outcome

        expected = _UNIT_CLASSES[self.level]
        if not isinstance(unit, expected):
            raise NTMTypeError(
                f"criteria set {self.id!r} assesses a {expected.__name__} "
                f"(got {type(unit).__name__})"
            )
        if isinstance(year, bool) or not isinstance(year, int):
            raise NTMTypeError(f"year must be an int (got {year!r})")
        if not allow_outside_period and not self.valid_from <= year <= self.valid_to:
            raise PeriodError(
                f"year {year} is outside the valid period {self.valid_from}-{self.valid_to} of "
                f"criteria set {self.id!r}; pass allow_outside_period=True to assess anyway"
            )
        if not self.criteria:
            raise NTMValueError(
                f"criteria set {self.id!r} has no criteria to assess (an empty set declares "
                "indicators only; assessing it would be a vacuous pass)"
            )
        values = self.resolve_parameters(parameters or {})
        ctx = Context(
            unit=unit, year=year, assessment_year=year, criteria_set=self, parameters=values
        )
        traces = ctx.evaluate_criteria()
        results = tuple(
            CriterionResult(criterion=c, trace=t)
            for c, t in zip(self.criteria, traces, strict=True)
        )
        return Assessment(
            criteria_set=self,
            unit=unit,
            year=year,
            parameters=FrozenMap(values),
            outcome=Outcome.all(r.outcome for r in results),
            results=results,
        )

    def resolve_parameters(self, supplied: Mapping[str, Any]) -> dict[str, Any]:
        """Check supplied parameters against the declarations (did-you-mean on typos)."""
        if not isinstance(supplied, Mapping):
            raise NTMTypeError(
                f"parameters must be a mapping of name to value (got {type(supplied).__name__})"
            )
        out: dict[str, Any] = {}
        for name, value in supplied.items():
            declaration = self._parameter_map.get(name)
            if declaration is None:
                raise UnknownNameError(
                    "parameter", str(name), self._parameter_map, f"criteria set {self.id!r}"
                )
            coerced = coerce_parameter_value(declaration, value)
            if isinstance(coerced, Rule):
                # a supplied rule is evaluated in the set that declares the parameter,
                # so check it against that set's indicators (it may be a referenced set)
                owner = next((s for s in (self, *self.walk_references())
                              if any(p.name == name for p in s.parameters)), self)
                owner.validate_rule(coerced, f"parameter {name!r}")
            out[name] = coerced
        return out

    # -- derivation --------------------------------------------------------------------
    def derive(
        self,
        *,
        id: str,
        changes: tuple[Change, ...] | list[Change],
        label_vi: str | None = None,
        label_en: str | None = None,
        level: Level | None = None,
        valid_from: int | None = None,
        valid_to: int | None = None,
        citation: Citation | None = None,
    ) -> CriteriaSet:
        """A new set made from this one by ``changes``, recording each with its citation."""
        from ntmcriteria._derive import apply_changes

        if isinstance(changes, str | bytes | Mapping) or not isinstance(changes, Iterable):
            raise NTMTypeError(f"changes must be a sequence of changes (got {changes!r})")
        if id == self.id:
            raise DerivationError(
                f"a derived set needs its own id, not the id of the set it derives from ({id!r})"
            )
        return apply_changes(
            self,
            id=id,
            changes=tuple(changes),
            label_vi=label_vi,
            label_en=label_en,
            level=level,
            valid_from=valid_from,
            valid_to=valid_to,
            citation=citation,
        )

    def walk_references(self) -> Iterator[CriteriaSet]:
        """Every set this one refers to, directly or not (each once)."""
        seen: set[str] = set()
        stack = list(self.references)
        while stack:
            ref = stack.pop()
            if ref.id in seen:
                continue
            seen.add(ref.id)
            yield ref
            stack.extend(ref.references)


_RANK = {Level.VILLAGE: 0, Level.COMMUNE: 1, Level.TOWNSHIP: 1, Level.DISTRICT: 2,
         Level.PROVINCE: 3}


def _check_member_threshold(node: Share | Count, place: str) -> None:
    threshold = node.at_least
    if not isinstance(threshold, Const):
        return
    value = threshold.value
    if isinstance(node, Share) and (isinstance(value, bool) or not 0 <= value <= 100):
        raise NTMValueError(f"{place}: {node!r}: at_least must be a percentage in [0, 100] "
                            f"(got {value!r})")
    if isinstance(node, Count) and (isinstance(value, bool) or value < 0
                                    or value != int(value)):
        raise NTMValueError(f"{place}: {node!r}: at_least must be a whole number >= 0 "
                            f"(got {value!r})")


def _unique(values: list[str], what: str, set_id: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise NTMValueError(f"criteria set {set_id!r} lists the {what} {value!r} twice")
        seen.add(value)


def _check_depth(rule: Rule, where: str) -> None:
    stack: list[tuple[Rule, int]] = [(rule, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_RULE_DEPTH:
            raise NTMValueError(
                f"{where}: the rule is nested more than {MAX_RULE_DEPTH} levels "
                "deep; flatten it (a & b & c builds one all_of)"
            )
        stack.extend((part, depth + 1) for part in node.parts)


# re-exported for _derive
LOGIC_TYPES = (AllOf, AnyOf, AtLeast, Not, Labelled, Share, Count, HeldEachYear)
