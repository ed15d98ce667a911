"""Criteria and criteria sets: what is checked, for which level and period, and why.

A :class:`CriteriaSet` declares every indicator and parameter its rules use and
the other sets it refers to (``meets(...)``); all of this is checked when the
set is built, with a did-you-mean for unknown names. ``criteria_set.compile()``
turns the set (its references and parameters included) into an evaluation
plan, once; ``assess`` runs it.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import attrs

from ntmcriteria._change import Change
from ntmcriteria._frozen import FrozenMap
from ntmcriteria._values import (
    Value,
    exact,
    is_vi,
    nfc,
    shown,
    to_criterion_id,
    to_enum,
    to_group,
    to_label_en,
    to_label_vi,
    to_number_text,
    to_optional_set_id,
    to_parameter_name,
    to_set_id,
    to_year,
    typed,
)
from ntmcriteria.citations import Citation, Confidence
from ntmcriteria.classifications import REGIONS, Classification, ClassRule
from ntmcriteria.errors import (
    DerivationError,
    NTMTypeError,
    NTMValueError,
    PeriodError,
    UnknownNameError,
)
from ntmcriteria.indicators import Indicator, Measure
from ntmcriteria.limits import MAX_DERIVATION_DEPTH, MAX_RULE_DEPTH
from ntmcriteria.period import Evaluation, OutsidePeriod, evaluated_sets, outside_periods
from ntmcriteria.rules import Rule, RuleTable, rule_table
from ntmcriteria.rules._base import to_rule
from ntmcriteria.thresholds import REGION, Schedule, check_class_name, schedule
from ntmcriteria.units import (
    Commune,
    District,
    Level,
    Province,
    Region,
    Township,
    Village,
    Ward,
    to_level,
    to_region,
)

if TYPE_CHECKING:
    from ntmcriteria.assessment import Assessment
    from ntmcriteria.evaluation.plan import EvaluationPlan
    from ntmcriteria.units import Unit

__all__ = [
    "MAX_RULE_DEPTH",
    "Change",
    "Checker",
    "Citation",
    "Confidence",
    "CriteriaSet",
    "Criterion",
    "Draft",
    "Parameter",
    "ParameterKey",
    "ParameterKind",
    "PeriodLink",
    "RegionOverride",
]


def _to_name(value: object) -> str:
    return to_parameter_name(value)


@attrs.frozen(kw_only=True)
class Criterion:
    """One criterion of a set: id, number, labels, group, rule and citation."""

    id: str = attrs.field(converter=to_criterion_id)
    number: str = attrs.field(converter=to_number_text)
    label_vi: str = attrs.field(converter=to_label_vi)
    label_en: str = attrs.field(converter=to_label_en)
    rule: Rule = attrs.field(converter=to_rule)
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))
    group: str = attrs.field(default="", converter=to_group)

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if is_vi(lang) else self.label_en


class ParameterKind(enum.Enum):
    """``value``: a number, yes/no or schedule; ``rule``: a rule (or a rule table); ``choice``:
    a value of a classification (which value a unit two resolver rules match gets)."""

    VALUE = "value"
    RULE = "rule"
    CHOICE = "choice"


ParameterValue: TypeAlias = Value | Schedule | Rule | RuleTable | str


def _to_kind(value: object) -> str:
    try:
        return ParameterKind(value).value
    except ValueError:
        raise NTMValueError(
            f"kind must be 'value', 'rule' or 'choice' (got {shown(value)})") from None


def _to_measure(value: object) -> Measure | None:
    return None if value is None else to_enum(Measure, value, "measure")


def _keyed_by(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise NTMTypeError(
            f"keyed_by must be a sequence such as ('region', 'year') (got {shown(value)})"
        )
    items = tuple(value)
    for item in items:
        if item != "year":
            check_class_name(item, "keyed_by items (classification names or 'year')")
    names = list(dict.fromkeys(i for i in items if i != "year"))
    if REGION in names:  # the region first, as documents have always written it
        names.remove(REGION)
        names.insert(0, REGION)
    return (*names, "year") if "year" in items else tuple(names)


@attrs.frozen(kw_only=True)
class Parameter:
    """A named value (or rule) that a set needs and a province or caller supplies.

    ``default=None`` means no default: an assessment that needs it reports it
    as missing (UNKNOWN), never a silent 0 or False.
    """

    name: str = attrs.field(converter=_to_name)
    label_vi: str = attrs.field(converter=to_label_vi)
    label_en: str = attrs.field(converter=to_label_en)
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))
    kind: str = attrs.field(default="value", converter=_to_kind)
    measure: Measure | None = attrs.field(default=None, converter=_to_measure)
    keyed_by: tuple[str, ...] = attrs.field(default=(), converter=_keyed_by)
    default: ParameterValue | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "default", coerce_parameter_value(self, self.default))

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if is_vi(lang) else self.label_en

    @property
    def classifications(self) -> tuple[str, ...]:
        """The classifications the parameter is keyed by (``keyed_by`` without the year)."""
        return tuple(k for k in self.keyed_by if k != "year")


def coerce_parameter_value(declaration: Parameter, value: object) -> Any:
    """Check and convert a supplied parameter value against its declaration.

    A mapping is read by the classifications the parameter is keyed by: for a value
    parameter keyed by ``("group", "year")``, ``{("1", 2026): 5, ...}`` is a schedule;
    for a rule parameter keyed by ``("group",)``, ``{"1": rule, ...}`` is a rule table.
    """
    if value is None:
        return None
    if declaration.kind == "value" and isinstance(value, int | Decimal) \
            and not isinstance(value, bool):
        return exact(value, f"parameter {declaration.name!r}")  # the common case, first
    where = f"parameter {declaration.name!r}"
    classes = declaration.classifications
    if declaration.kind == "choice":
        if not isinstance(value, str) and not (isinstance(value, int)
                                               and not isinstance(value, bool)):
            raise NTMTypeError(f"{where} takes a classification code such as '1' "
                               f"(got {type(value).__name__} {value!r:.60})")
        return str(value).strip()
    if declaration.kind == "rule":
        if isinstance(value, Mapping) and len(classes) == 1:
            value = rule_table(value, by=classes[0])
        if isinstance(value, RuleTable):
            extra = [n for n in value.by if n not in classes]
            if extra:
                raise NTMValueError(
                    f"{where} is keyed by {classes or 'nothing'}, but the rule table is keyed "
                    f"by {extra[0]!r}")
            return value
        if not isinstance(value, Rule):
            raise NTMTypeError(
                f"{where} must be a rule built with ntmcriteria.rules "
                f"(got {type(value).__name__} {shown(value)})"
            )
        return value
    if isinstance(value, Rule | RuleTable):
        raise NTMTypeError(f"{where} takes a value or a schedule, not a rule (got {shown(value)})")
    if isinstance(value, Schedule):
        return value
    if isinstance(value, Mapping):
        if classes and set(classes) != {REGION}:
            return schedule(value, by=declaration.keyed_by)
        return Schedule(value)
    return exact(value, where)


@attrs.frozen(kw_only=True)
class RegionOverride:
    """When ``when`` passes for a unit, its thresholds are looked up for ``region``: an
    override of the built-in region classification (applied before the unit's own region)."""

    when: Rule = attrs.field(converter=to_rule)
    region: Region = attrs.field(converter=to_region)
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))

    def as_rule(self) -> ClassRule:
        """The override as a classification rule of the region."""
        return ClassRule(value=self.region.value, when=self.when, citation=self.citation)


def _check_link_year(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise NTMTypeError(f"{attribute.name} must be a year as a positive int "
                           f"(got {value!r:.40})")


@attrs.frozen(kw_only=True)
class PeriodLink:
    """Another criteria set for the same level in another period (the set in force then),
    so that a year outside this set's period names the set that applies to it."""

    set_id: str = attrs.field(validator=typed(str, "a criteria set id (a string)"))
    valid_from: int = attrs.field(validator=_check_link_year)
    valid_to: int = attrs.field(validator=_check_link_year)
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))

    def __attrs_post_init__(self) -> None:
        if self.valid_from > self.valid_to:
            raise NTMValueError(f"period link {self.set_id!r}: valid_from {self.valid_from} is "
                                f"after valid_to {self.valid_to}")

    def covers(self, year: int) -> bool:
        return self.valid_from <= year <= self.valid_to


@attrs.frozen(kw_only=True)
class ParameterKey:
    """One cell of a parameter keyed by classifications and/or the year: the codes of its
    classifications (``(("group", "1"),)``) and its year (None: not keyed by year)."""

    name: str
    classes: tuple[tuple[str, str], ...] = ()
    year: int | None = None


# ------------------------------------------------------------------------- checking
_RANK = {Level.VILLAGE: 0, Level.COMMUNE: 1, Level.TOWNSHIP: 1, Level.WARD: 1,
         Level.DISTRICT: 2, Level.PROVINCE: 3}


class Checker:
    """Checks a rule against a set: names it uses, levels of members and references.

    Each rule kind's ``check`` hook calls back into it (and recurses into its parts
    through :meth:`rule`, at the level those parts are evaluated at).
    """

    __slots__ = ("criteria_set", "level", "place")

    def __init__(self, criteria_set: CriteriaSet, level: Level, place: str) -> None:
        self.criteria_set = criteria_set
        self.level = level
        self.place = place

    def rule(self, rule: Rule) -> None:
        rule.check(self)

    def fail(self, message: str, error: type[Exception] = NTMValueError) -> None:
        raise error(f"{self.place}: {message}")

    def indicator(self, key: str) -> Indicator:
        indicator = self.criteria_set.indicator_map.get(key)
        if indicator is None:
            raise UnknownNameError("indicator", key, self.criteria_set.indicator_map, self.place)
        return indicator

    def parameter(self, name: str, kind: str) -> Parameter:
        declaration = self.criteria_set.all_parameters.get(name)
        if declaration is None:
            raise UnknownNameError("parameter", name, self.criteria_set.all_parameters,
                                   self.place)
        if declaration.kind != kind:
            raise NTMTypeError(
                f"{self.place}: parameter {shown(name)} is a {declaration.kind} parameter, "
                f"used as a {kind}")
        return declaration

    def reference(self, set_id: str) -> CriteriaSet:
        references = self.criteria_set.reference_map
        other = references.get(set_id)
        if other is None:
            raise UnknownNameError("criteria set", set_id, references,
                                   self.place + " (declare it in references=)")
        if other.level is not self.level:
            raise NTMValueError(
                f"{self.place}: meets({shown(set_id)}) is evaluated on a {self.level.value}, but "
                f"that set applies to the {other.level.value} level")
        return other

    def member(self, level: Level, node: Rule) -> Checker:
        """The checker of the parts a node evaluates on members at ``level``."""
        if _RANK[level] >= _RANK[self.level]:
            raise NTMValueError(
                f"{self.place}: {node.tag}({level.value!r}, ...) counts members of a "
                f"{self.level.value}, so it must name a level below {self.level.value!r}")
        aggregated = self.criteria_set.member_level
        if (aggregated is not None and self.level is self.criteria_set.level
                and level is not aggregated):
            raise NTMValueError(
                f"{self.place}: {node.tag}({level.value!r}, ...) counts {level.value} members, "
                f"but the set declares that it aggregates its {aggregated.value} members "
                f"(member_level={aggregated.value!r})")
        return Checker(self.criteria_set, level, self.place)

    def classification(self, name: str) -> Classification:
        """The classification ``name`` the set declares (the region is always known)."""
        found = self.criteria_set.classification_map.get(name)
        if found is None:
            raise UnknownNameError("classification", name, self.criteria_set.classification_map,
                                   self.place + " (declare it in classifications=)")
        return found


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


# ------------------------------------------------------------------------- derivation
class Draft:
    """A derived set being built: the lists each change edits (see :mod:`ntmcriteria.changes`)."""

    def __init__(self, base: CriteriaSet) -> None:
        self.base = base
        self.criteria: list[Criterion] = list(base.criteria)
        self.indicators: list[Indicator] = list(base.indicators)
        self.parameters: dict[str, Parameter] = {p.name: p for p in base.parameters}
        self.references: list[CriteriaSet] = list(base.references)

    def position(self, criterion_id: str, index: int) -> int:
        for i, criterion in enumerate(self.criteria):
            if criterion.id == criterion_id:
                return i
        raise DerivationError(
            f"changes[{index}]: "
            f"{UnknownNameError('criterion', criterion_id, self.criterion_ids(), self.base.id)}"
        )

    def criterion_ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    def declaration(self, name: str, index: int) -> Parameter:
        declaration = self.parameters.get(name) or self.base.all_parameters.get(name)
        if declaration is None:
            raise DerivationError(f"changes[{index}]: " + str(
                UnknownNameError("parameter", name, self.base.all_parameters, self.base.id)))
        return declaration


def _tuple_of(value: object, kind: type[Any], field: str, names: str) -> Any:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise NTMTypeError(f"{field} must be a sequence (got {type(value).__name__})")
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise NTMTypeError(
                f"{field}[{index}] must be {names} (got {type(item).__name__} {shown(item)})"
            )
    return items


def _to_criteria(value: object) -> tuple[Criterion, ...]:
    return _tuple_of(value, Criterion, "criteria", "a Criterion")  # type: ignore[no-any-return]


def _to_indicators(value: object) -> tuple[Indicator, ...]:
    return _tuple_of(value, Indicator, "indicators",  # type: ignore[no-any-return]
                     "an Indicator")


def _to_parameters(value: object) -> tuple[Parameter, ...]:
    return _tuple_of(value, Parameter, "parameters",  # type: ignore[no-any-return]
                     "a Parameter")


def _to_references(value: object) -> tuple[CriteriaSet, ...]:
    return _tuple_of(value, CriteriaSet, "references",  # type: ignore[no-any-return]
                     "a CriteriaSet")


def _to_classifications(value: object) -> tuple[Classification, ...]:
    return _tuple_of(value, Classification,  # type: ignore[no-any-return]
                     "classifications", "a Classification")


def _to_links(value: object) -> tuple[PeriodLink, ...]:
    return _tuple_of(value, PeriodLink, "other_periods",  # type: ignore[no-any-return]
                     "a PeriodLink")


def _to_derivation(value: object) -> tuple[str, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise NTMTypeError(f"derivation must be a sequence of criteria set ids, nearest first "
                           f"(got {type(value).__name__}: {shown(value)})")
    items = tuple(value)
    if len(items) > MAX_DERIVATION_DEPTH:
        raise NTMValueError(f"derivation lists {len(items)} sets; at most "
                            f"{MAX_DERIVATION_DEPTH} derivations are allowed")
    return tuple(to_set_id(item) for item in items)


def _to_member_level(value: object) -> Level | None:
    return None if value is None else to_level(value)


def _to_overrides(value: object) -> tuple[RegionOverride, ...]:
    return _tuple_of(value, RegionOverride, "region_overrides",  # type: ignore[no-any-return]
                     "a RegionOverride")


def _to_changes(value: object) -> tuple[Change, ...]:
    return _tuple_of(value, Change, "changes",  # type: ignore[no-any-return]
                     "a derivation change")


def _to_valid_from(value: object) -> int:
    return to_year(value, "valid_from")


def _to_valid_to(value: object) -> int:
    return to_year(value, "valid_to")


def _optional_citation(
    instance: object, attribute: attrs.Attribute[Citation | None], value: Citation | None
) -> None:
    if value is not None and not isinstance(value, Citation):
        raise NTMTypeError(
            f"{attribute.name} must be a Citation or None (got {type(value).__name__} "
            f"{shown(value)})")


UNIT_CLASSES: Mapping[Level, type[Any]] = {
    Level.VILLAGE: Village,
    Level.COMMUNE: Commune,
    Level.TOWNSHIP: Township,
    Level.WARD: Ward,
    Level.DISTRICT: District,
    Level.PROVINCE: Province,
}

#: How many compiled plans a set keeps (one per distinct set of supplied parameters).
_PLAN_CACHE = 16


@attrs.frozen(kw_only=True)
class CriteriaSet:
    """A dated criteria set for one administrative level.

    It declares every indicator and parameter its rules use, and the other sets
    it refers to (``meets(...)``); all of this is checked when the set is
    built, with a did-you-mean for unknown names.
    """

    id: str = attrs.field(converter=to_set_id)
    label_vi: str = attrs.field(converter=to_label_vi)
    label_en: str = attrs.field(converter=to_label_en)
    level: Level = attrs.field(converter=to_level)
    valid_from: int = attrs.field(converter=_to_valid_from)
    valid_to: int = attrs.field(converter=_to_valid_to)
    criteria: tuple[Criterion, ...] = attrs.field(converter=_to_criteria)
    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=_to_indicators)
    parameters: tuple[Parameter, ...] = attrs.field(default=(), converter=_to_parameters)
    references: tuple[CriteriaSet, ...] = attrs.field(default=(), converter=_to_references)
    region_overrides: tuple[RegionOverride, ...] = attrs.field(default=(), converter=_to_overrides)
    citation: Citation | None = attrs.field(default=None, validator=_optional_citation)
    derived_from: str | None = attrs.field(default=None, converter=to_optional_set_id)
    #: the whole derivation chain, nearest first: ``derived_from``, the set it derives
    #: from, ... the base set last (empty for a set derived from none; a set built with
    #: only ``derived_from`` has the chain ``(derived_from,)``)
    derivation: tuple[str, ...] = attrs.field(default=(), converter=_to_derivation)
    changes: tuple[Change, ...] = attrs.field(default=(), converter=_to_changes)
    #: the classifications (commune group, zone...) thresholds may be keyed by, besides the
    #: built-in region (see :mod:`ntmcriteria.classifications`)
    classifications: tuple[Classification, ...] = attrs.field(
        default=(), converter=_to_classifications)
    #: the level of the members this set's shares and counts are over (None: not declared)
    member_level: Level | None = attrs.field(default=None, converter=_to_member_level)
    #: the sets for the same level in other periods (the set in force in another year)
    other_periods: tuple[PeriodLink, ...] = attrs.field(default=(), converter=_to_links)

    indicator_map: Mapping[str, Indicator] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _parameter_map: Mapping[str, Parameter] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    #: every indicator key declared by this set or any set it refers to
    known_fact_keys: frozenset[str] = attrs.field(init=False, eq=False, repr=False, hash=False)
    reference_map: Mapping[str, CriteriaSet] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    #: every classification a rule of this set may be keyed by: the region (with this set's
    #: region overrides) and the declared ones (of the referenced sets too; this set's win)
    classification_map: Mapping[str, Classification] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _plans: dict[Any, EvaluationPlan] = attrs.field(init=False, eq=False, repr=False, hash=False,
                                          factory=dict)
    #: the sets an assessment evaluates (and how many years back), per supplied rules
    #: (see :func:`ntmcriteria.period.evaluated_sets`)
    _evaluations: dict[Any, tuple[Evaluation, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False, factory=dict)
    #: the rule nodes of each evaluation of a set this one unfolds into per unit,
    #: (set id, years back) -> nodes (see :mod:`ntmcriteria.evaluation.work`)
    unfolded: dict[tuple[str, int], int] | None = attrs.field(
        init=False, eq=False, repr=False, hash=False, default=None)

    unit_classes: ClassVar[Mapping[Level, type[Any]]] = UNIT_CLASSES

    def __attrs_post_init__(self) -> None:
        self._check_derivation()
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
        object.__setattr__(self, "reference_map", FrozenMap({r.id: r for r in self.references}))
        known = set(self.indicator_map)
        for ref in self.references:
            known |= ref.known_fact_keys
        object.__setattr__(self, "known_fact_keys", frozenset(known))
        self._build_classifications()
        self._validate_rules()
        from ntmcriteria.evaluation.work import unfolded_costs

        # windows within windows must not multiply beyond the limit
        object.__setattr__(self, "unfolded", unfolded_costs(self))

    def _build_classifications(self) -> None:
        _unique([c.name for c in self.classifications], "classification", self.id)
        classes: dict[str, Classification] = {}
        for ref in self.references:
            for name, declared in ref.classification_map.items():
                if name != REGION:
                    classes.setdefault(name, declared)
        for declared in self.classifications:
            if declared.name == REGION:
                raise NTMValueError(
                    f"criteria set {self.id!r}: the classification 'region' is built in; "
                    "give its overrides as region_overrides")
            classes[declared.name] = declared
        region = REGIONS if not self.region_overrides else attrs.evolve(
            REGIONS, overrides=tuple(o.as_rule() for o in self.region_overrides))
        object.__setattr__(self, "classification_map", FrozenMap({REGION: region, **classes}))

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
        for index, override in enumerate(self.region_overrides):
            self.validate_rule(override.when, f"region_overrides[{index}]")
        for declared in self.classifications:
            where = f"classification {declared.name!r}"
            for what, rules in (("overrides", declared.overrides), ("rules", declared.rules)):
                for index, rule in enumerate(rules):
                    self.validate_rule(rule.when, f"{where}, {what}[{index}]")
            if declared.conflict_parameter is not None:
                found = self._parameter_map.get(declared.conflict_parameter)
                if found is None:
                    raise UnknownNameError("parameter", declared.conflict_parameter,
                                           self._parameter_map,
                                           f"criteria set {self.id!r}, {where}")
                if found.kind != "choice":
                    raise NTMTypeError(
                        f"criteria set {self.id!r}, {where}: the conflict parameter "
                        f"{found.name!r} must be a 'choice' parameter (got {found.kind!r})")
        for declaration in self.parameters:
            where = f"parameter {declaration.name!r}"
            for name in declaration.classifications:
                self._classification(name, where)
            self.parameter_owner(declaration.name).check_parameter_value(
                declaration, declaration.default, where)

    def validate_rule(self, rule: Rule, where: str) -> None:
        """Check that ``rule`` only names what this set declares; raise otherwise."""
        _check_depth(rule, where)
        Checker(self, self.level, f"criteria set {self.id!r}, {where}").rule(rule)
        for node in rule.walk():
            field = type(node).threshold_field
            threshold = getattr(node, field, None) if field else None
            while threshold is not None:
                if isinstance(threshold, Schedule):
                    self._check_codes(threshold, where)
                threshold = getattr(threshold, "base", None)

    def _classification(self, name: str, where: str) -> Classification:
        found = self.classification_map.get(name)
        if found is None:
            raise UnknownNameError("classification", name, self.classification_map,
                                   f"criteria set {self.id!r}, {where} (declare it in "
                                   "classifications=)")
        return found

    def _check_codes(self, value: Schedule | RuleTable, where: str) -> None:
        """The classifications a schedule or rule table is keyed by are declared, and its
        codes are values of them."""
        for name in value.by:
            found = self._classification(name, where)
            codes = (value.codes(name) if isinstance(value, Schedule)
                     else tuple(dict(k)[name] for k, _ in value.entries))
            for code in codes:
                if code not in found.index:
                    raise NTMValueError(
                        f"criteria set {self.id!r}, {where}: {code!r} is not a value of the "
                        f"classification {name!r} (expected one of {', '.join(found.codes)})")

    def check_parameter_value(self, declaration: Parameter, value: object, where: str) -> None:
        """Check a (coerced) parameter value against this set: the classifications of a
        schedule or rule table are declared, their codes are values of them, the rules of a
        rule table name only what the set declares, a choice is a value of its
        classification."""
        if value is None:
            return
        if isinstance(value, Rule):
            self.validate_rule(value, where)
        elif isinstance(value, Schedule | RuleTable):
            self._check_codes(value, where)
            if isinstance(value, RuleTable):
                for rule in value.rules():
                    self.validate_rule(rule, where)
        elif declaration.kind == "choice":
            users = [c for c in self.classification_map.values()
                     if c.conflict_parameter == declaration.name]
            for user in users:
                if value not in user.index:
                    raise NTMValueError(
                        f"criteria set {self.id!r}, {where}: {value!r:.40} is not a value of the "
                        f"classification {user.name!r} (expected one of {', '.join(user.codes)})")

    # -- lookups -----------------------------------------------------------------------
    def criterion(self, criterion_id: str) -> Criterion:
        criterion_id = _lookup_key(criterion_id)
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise UnknownNameError(
            "criterion", criterion_id, [c.id for c in self.criteria], f"criteria set {self.id!r}"
        )

    def indicator(self, key: str) -> Indicator:
        key = _lookup_key(key)
        try:
            return self.indicator_map[key]
        except KeyError:
            raise UnknownNameError(
                "indicator", key, self.indicator_map, f"criteria set {self.id!r}"
            ) from None

    def parameter(self, name: str) -> Parameter:
        name = _lookup_key(name)
        try:
            return self._parameter_map[name]
        except KeyError:
            raise UnknownNameError(
                "parameter", name, self._parameter_map, f"criteria set {self.id!r}"
            ) from None

    def reference(self, set_id: str) -> CriteriaSet:
        set_id = _lookup_key(set_id)
        try:
            return self.reference_map[set_id]
        except KeyError:
            raise UnknownNameError(
                "criteria set", set_id, self.reference_map, f"the references of {self.id!r}"
            ) from None

    def classification(self, name: str) -> Classification:
        """The classification ``name`` (``"region"`` is always known)."""
        try:
            return self.classification_map[name]
        except KeyError:
            raise UnknownNameError(
                "classification", name, self.classification_map, f"criteria set {self.id!r}"
            ) from None

    def parameter_keys(self, name: str) -> tuple[ParameterKey, ...]:
        """The cells of parameter ``name``: one per combination of the values of the
        classifications it is keyed by and, if it is keyed by year, of the years of this
        set's period (a parameter keyed by nothing has one cell). For parameter sheets."""
        declaration = self.parameter(name)
        axes: list[list[tuple[str, str]]] = [
            [(c, code) for code in self.classification(c).codes]
            for c in declaration.classifications]
        years: list[int | None] = (list(range(self.valid_from, self.valid_to + 1))
                                   if "year" in declaration.keyed_by else [None])
        return tuple(ParameterKey(name=name, classes=tuple(combo), year=year)
                     for combo in itertools.product(*axes) for year in years)

    @property
    def all_parameters(self) -> Mapping[str, Parameter]:
        """Every parameter this set and the sets it references declare."""
        return self._parameter_map

    def all_indicators(self) -> dict[str, Indicator]:
        """Every indicator this set and the sets it references declare (this set's win)."""
        out: dict[str, Indicator] = {}
        for ref in self.walk_references():
            out.update(ref.indicator_map)
        out.update(self.indicator_map)
        return out

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if is_vi(lang) else self.label_en

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

    # -- renderings (thin delegations to the rendering package) ---------------------------
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
    def check_assessment(self, unit: object, year: object, allow_outside_period: bool) -> int:
        """Refuse a unit of another level, a year that is not an int, a year outside the
        valid period (unless allowed) and an empty set; return the year."""
        expected = UNIT_CLASSES[self.level]
        if not isinstance(unit, expected):
            raise NTMTypeError(
                f"criteria set {self.id!r} assesses a {expected.__name__} "
                f"(got {type(unit).__name__})"
            )
        return self.check_year(year, allow_outside_period)

    def check_year(self, year: object, allow_outside_period: bool) -> int:
        year = to_year(year, "year")
        if not isinstance(allow_outside_period, bool):
            raise NTMTypeError(
                f"allow_outside_period must be True or False (got {shown(allow_outside_period)})")
        if not allow_outside_period and not self.valid_from <= year <= self.valid_to:
            in_force, hint = self.in_force_hint(year)
            raise PeriodError(
                f"year {year} is outside the valid period {self.valid_from}-{self.valid_to} of "
                f"criteria set {self.id!r}{hint}; pass allow_outside_period=True to assess "
                "anyway", set_id=self.id, year=year, in_force=in_force)
        if not self.criteria:
            raise NTMValueError(
                f"criteria set {self.id!r} has no criteria to assess (an empty set declares "
                "indicators only; assessing it would be a vacuous pass)"
            )
        return year

    def in_force_hint(self, year: int) -> tuple[tuple[str, ...], str]:
        """The ids of the sets this one names as in force in ``year`` (its links to other
        periods) and a clause naming them, for a :class:`PeriodError`."""
        in_force = tuple(link.set_id for link in self.other_periods if link.covers(year))
        if in_force:
            quoted = [repr(i) for i in in_force]
            names = (", ".join(quoted[:-1]) + " and " + quoted[-1] if len(quoted) > 1
                     else quoted[0])
            hint = (f"; the set in force for {year} is {names}" if len(in_force) == 1
                    else f"; the sets in force for {year} are {names}")
        elif self.other_periods:
            hint = (f"; none of the sets this one names for other periods "
                    f"({', '.join(repr(link.set_id) for link in self.other_periods)}) "
                    f"covers {year}")
        else:
            hint = ""
        return in_force, hint

    def check_periods(self, year: int, allow_outside_period: bool,
                      parameters: Mapping[str, Any] | None = None
                      ) -> tuple[OutsidePeriod, ...]:
        """The sets an assessment in ``year`` (with the resolved ``parameters``) uses outside
        their valid period, this set first (see :mod:`ntmcriteria.period`); unless
        ``allow_outside_period``, a referenced set among them raises a
        :class:`PeriodError` naming it, its period and the set that refers to it (this
        set's own period is checked by :meth:`check_year`)."""
        values = parameters or {}
        # the walk depends on the rules only: the set's, and the rules supplied
        key = tuple(sorted(((name, value) for name, value in values.items()
                            if isinstance(value, Rule | RuleTable)), key=lambda kv: kv[0]))
        evaluations = self._evaluations.get(key)
        if evaluations is None:
            evaluations = evaluated_sets(self, values)
            if len(self._evaluations) >= _PLAN_CACHE:
                self._evaluations.pop(next(iter(self._evaluations)))
            self._evaluations[key] = evaluations
        found = outside_periods(self, year, evaluations=evaluations)
        if allow_outside_period:
            return found
        for record in found:
            if not record.referenced_by:
                continue
            used = self if record.set_id == self.id else next(
                s for s in self.walk_references() if s.id == record.set_id)
            in_force, hint = used.in_force_hint(record.year)
            when = ("" if record.year == year
                    else f" (a year the rules evaluate it in for the assessment of {year})")
            via = ("" if record.referenced_by == self.id
                   else f", which {self.id!r} uses")
            raise PeriodError(
                f"year {record.year}{when} is outside the valid period {record.period} of "
                f"criteria set {record.set_id!r}, which criteria set {record.referenced_by!r} "
                f"refers to{via}{hint}; assessing {self.id!r} in {year} would apply it "
                "outside its period; pass allow_outside_period=True to assess anyway",
                set_id=record.set_id, year=record.year, in_force=in_force,
                referenced_by=record.referenced_by)
        return found

    def assess(
        self,
        unit: Unit,
        *,
        year: int,
        parameters: Mapping[str, Any] | None = None,
        allow_outside_period: bool = False,
    ) -> Assessment:
        """Assess ``unit`` in ``year``; ``parameters`` supplies named parameters."""
        from ntmcriteria.assessment import assess_units

        year = self.check_assessment(unit, year, allow_outside_period)
        (assessment,) = assess_units(self, (unit,), year=year, parameters=parameters,
                                     allow_outside_period=allow_outside_period)
        return assessment

    def compile(self, parameters: Mapping[str, Any] | None = None) -> EvaluationPlan:
        """The evaluation plan of this set (with its references) for ``parameters``.

        Compiled once per distinct set of parameters and kept on the set.
        """
        from ntmcriteria.evaluation.plan import EvaluationPlan

        values = self.resolve_parameters({} if parameters is None else parameters)
        key = tuple(sorted(values.items(), key=lambda item: item[0]))
        plan = self._plans.get(key)
        if plan is None:
            plan = EvaluationPlan(self, values)
            if len(self._plans) >= _PLAN_CACHE:
                self._plans.pop(next(iter(self._plans)))
            self._plans[key] = plan
        return plan

    def resolve_parameters(self, supplied: Mapping[str, Any]) -> dict[str, Any]:
        """Check supplied parameters against the declarations (did-you-mean on typos)."""
        if not isinstance(supplied, Mapping):
            raise NTMTypeError(
                f"parameters must be a mapping of name to value (got {type(supplied).__name__})"
            )
        out: dict[str, Any] = {}
        for raw_name, value in supplied.items():
            name = _lookup_key(raw_name)
            declaration = self._parameter_map.get(name)
            if declaration is None:
                raise UnknownNameError(
                    "parameter", name, self._parameter_map, f"criteria set {self.id!r}"
                )
            if name in out:  # two spellings of one name (NFC and NFD): which would win?
                raise NTMValueError(
                    f"parameter {name!r} of criteria set {self.id!r} is given twice (as "
                    f"{shown(raw_name)} and another spelling of the same name)")
            coerced = coerce_parameter_value(declaration, value)
            if isinstance(coerced, Rule | RuleTable | Schedule) or declaration.kind == "choice":
                # a supplied rule is evaluated in the set that declares the parameter, so
                # check it against that set's indicators (it may be a referenced set)
                self.parameter_owner(name).check_parameter_value(
                    declaration, coerced, f"parameter {name!r}")
            out[name] = coerced
        return out

    def parameter_owner(self, name: str) -> CriteriaSet:
        """The set whose rules use the parameter ``name``, where a supplied rule is
        evaluated: a referenced set declaring it (a derived set may give it a value),
        else this set."""
        return next((s for s in self.walk_references()
                     if any(p.name == name for p in s.parameters)), self)

    # -- derivation --------------------------------------------------------------------
    def _check_derivation(self) -> None:
        chain = self.derivation
        if self.derived_from is None:
            if chain:
                raise DerivationError(
                    f"criteria set {self.id!r}: derivation {shown(chain)} is given but "
                    "derived_from is not; the chain starts with the set it derives from")
            return
        if not chain:
            object.__setattr__(self, "derivation", (self.derived_from,))
            return
        if chain[0] != self.derived_from:
            raise DerivationError(
                f"criteria set {self.id!r}: derivation must start with derived_from "
                f"{self.derived_from!r} (got {shown(chain)})")
        seen = {self.id}
        for set_id in chain:
            if set_id in seen:
                raise DerivationError(
                    f"criteria set {self.id!r}: the derivation chain {shown(chain)} names "
                    f"{set_id!r} twice (a cycle); each set derives from sets before it")
            seen.add(set_id)

    @property
    def base_set_id(self) -> str:
        """The set at the root of the derivation chain (this set's id if it is not derived)."""
        return self.derivation[-1] if self.derivation else self.id

    def derives_from(self, set_id: str) -> bool:
        """Whether ``set_id`` is this set or any set of its derivation chain (a set derived
        from a derived set still derives from the base set, and judges the same tier)."""
        return set_id == self.id or set_id in self.derivation

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
        if isinstance(changes, str | bytes | Mapping) or not isinstance(changes, Iterable):
            raise NTMTypeError(f"changes must be a sequence of changes (got {shown(changes)})")
        if id == self.id:
            raise DerivationError(
                "a derived set needs its own id, not the id of the set it derives from "
                f"({shown(id)})"
            )
        changes = tuple(changes)
        draft = Draft(self)
        for index, change in enumerate(changes):
            if not isinstance(change, Change):
                raise DerivationError(
                    f"changes[{index}] must be a change such as SetParameter or "
                    f"DropCriterion (got {type(change).__name__})"
                )
            change.apply(draft, index)
        return CriteriaSet(
            id=id,
            label_vi=self.label_vi if label_vi is None else label_vi,
            label_en=self.label_en if label_en is None else label_en,
            level=self.level if level is None else level,
            valid_from=self.valid_from if valid_from is None else valid_from,
            valid_to=self.valid_to if valid_to is None else valid_to,
            criteria=tuple(draft.criteria),
            indicators=tuple(draft.indicators),
            parameters=tuple(draft.parameters.values()),
            references=tuple(draft.references),
            region_overrides=self.region_overrides,
            citation=self.citation if citation is None else citation,
            derived_from=self.id,
            derivation=(self.id, *self.derivation),
            changes=changes,
            classifications=self.classifications,
            member_level=self.member_level,
            other_periods=self.other_periods,
        )


def _lookup_key(key: object) -> Any:
    """A looked-up id in the form ids are kept in (NFC), so that a visually identical id
    finds its entry; anything else is looked up as given (and reported as unknown)."""
    return nfc(key, "id") if isinstance(key, str) else key


def _unique(values: list[str], what: str, set_id: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise NTMValueError(f"criteria set {shown(set_id)} lists the {what} "
                                f"{shown(value)} twice")
        seen.add(value)
