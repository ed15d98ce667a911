"""Merged units: a recognition crosses a merger only by a cited rule, never by default.

A unit formed by a merger records it (:class:`~ntmcriteria.units.Merger`: the units
merged into it, as they were, and the date). Nothing is carried from them
unless a rule says so:

* **Recognitions.** A :class:`MergerPolicy` holds cited :class:`CarryOver` rules, each
  for a tier and a case: ``"all"`` (every merged unit was recognised at the
  tier) or ``"some"`` (some were, some were not). A rule either settles the case
  (the recognition carries, dated by the most recent recognition among the merged
  units, or it does not) or names a yes/no parameter that does. A case no rule
  settles is the policy's ``unsettled`` parameter: without a value the result is
  UNKNOWN and names it. When no merged unit was recognised there is nothing to
  carry. :meth:`MergerPolicy.recognition` decides one tier for one unit;
  :meth:`MergerPolicy.apply` returns the unit (and its members) with the
  recognitions that carry, and every decision with its reason.
* **History.** Facts of the years before the merger are never guessed from the
  merged units: an assessment that needs them reports them as missing. A caller
  who has them supplies them in the unit's ``history``, or declares how each is
  aggregated from the merged units with :func:`merged_history`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ntmcriteria._values import Value, exact_add, is_vi, to_label_en, to_label_vi, typed
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import Parameter
from ntmcriteria.errors import NTMTypeError, NTMValueError, UnknownNameError
from ntmcriteria.outcome import Outcome
from ntmcriteria.recognition import Recognition
from ntmcriteria.trace import Missing
from ntmcriteria.units import Tier, Unit, to_tier

__all__ = [
    "AGGREGATIONS",
    "CASES",
    "CarriedRecognition",
    "CarryOver",
    "MergerPolicy",
    "MergerResult",
    "merged_history",
]

#: The cases a carry-over rule settles: every merged unit was recognised at the tier, or
#: some were and some were not.
CASES = ("all", "some")


def _case(value: object) -> str:
    if value not in CASES:
        raise NTMValueError(f"case must be one of {', '.join(CASES)} (got {value!r:.40})")
    return str(value)


def _optional_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, bool):
        raise NTMTypeError(f"{attribute.name} must be True, False or None (got {value!r:.40})")


def _optional_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise NTMTypeError(f"{attribute.name} must be a parameter name or None "
                           f"(got {value!r:.40})")


@attrs.frozen(kw_only=True)
class CarryOver:
    """For merged units recognised at ``tier`` in the ``case`` (``"all"`` or ``"some"``):
    ``carries`` True (the unit they form is recognised, dated by the most recent
    recognition among them), False (it is not), or None (the yes/no ``parameter`` says)."""

    tier: Tier = attrs.field(converter=to_tier)
    case: str = attrs.field(converter=_case)
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))
    carries: bool | None = attrs.field(default=None, validator=_optional_bool)
    parameter: str | None = attrs.field(default=None, validator=_optional_name)

    def __attrs_post_init__(self) -> None:
        if (self.carries is None) == (self.parameter is None):
            raise NTMValueError(f"carry-over rule for {self.tier.value}/{self.case}: give "
                                "either carries=True/False or the parameter that decides")


def _tuple(value: object, kind: type[Any], field: str) -> tuple[Any, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise NTMTypeError(f"{field} must be a sequence (got {type(value).__name__})")
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise NTMTypeError(f"{field}[{index}] must be a {kind.__name__} "
                               f"(got {type(item).__name__})")
    return items


def _to_rules(value: object) -> tuple[CarryOver, ...]:
    return _tuple(value, CarryOver, "rules")


def _to_parameters(value: object) -> tuple[Parameter, ...]:
    return _tuple(value, Parameter, "parameters")


@attrs.frozen(kw_only=True)
class CarriedRecognition:
    """The decision on one tier for one unit: PASS (recognised, ``year``), FAIL (not), or
    UNKNOWN (``missing`` names the parameter to supply), with its reason."""

    unit: str
    tier: Tier
    outcome: Outcome
    #: "own" (the unit's own recognition), "not merged", "none" (no merged unit was
    #: recognised), "all" or "some"
    case: str
    year: int | None = None
    recognised: int = 0
    merged: int = 0
    citation: Citation | None = None
    missing: tuple[Missing, ...] = ()
    #: the recognition the unit holds or that carries over (the most recent one, with its
    #: decision), when PASS
    recognition: Recognition | None = None

    def describe(self, lang: str = "vi") -> str:
        vi = is_vi(lang)
        tier = self.tier.label_vi if vi else self.tier.label_en
        if self.case == "own":
            return (f"{self.unit}: đã được công nhận {tier} năm {self.year}" if vi else
                    f"{self.unit}: recognised {tier} in {self.year}")
        if self.case == "not merged":
            return (f"{self.unit}: chưa được công nhận {tier} và không hình thành do sáp nhập"
                    if vi else f"{self.unit}: not recognised {tier}, and not formed by a merger")
        if self.case == "none":
            return (f"{self.unit}: không đơn vị nào trước sáp nhập đạt {tier}, không có công nhận "
                    "để kế thừa" if vi else
                    f"{self.unit}: none of the merged units was recognised {tier}; nothing to "
                    "carry over")
        parts = (f"{self.recognised}/{self.merged} đơn vị trước sáp nhập đạt {tier}" if vi else
                 f"{self.recognised} of {self.merged} merged units recognised {tier}")
        source = ""
        if self.citation is not None:
            source = (" — căn cứ: " if vi else " — source: ") + self.citation.describe(lang)
        if self.outcome is Outcome.PASS:
            return (f"{self.unit}: {parts}; được thừa nhận {tier}, năm công nhận {self.year}"
                    f"{source}" if vi else
                    f"{self.unit}: {parts}; acknowledged {tier}, dated {self.year}{source}")
        if self.outcome is Outcome.FAIL:
            return (f"{self.unit}: {parts}; không kế thừa công nhận{source}" if vi else
                    f"{self.unit}: {parts}; the recognition does not carry over{source}")
        what = "; ".join(m.describe(lang) for m in self.missing)
        return (f"{self.unit}: {parts}; chưa xác định được: {what}{source}" if vi else
                f"{self.unit}: {parts}; not decided: {what}{source}")


@attrs.frozen(kw_only=True, eq=False)
class MergerResult:
    """A unit with the recognitions that carry over (its members' too), and each decision."""

    unit: Unit
    decisions: tuple[CarriedRecognition, ...]

    def undecided(self) -> tuple[CarriedRecognition, ...]:
        return tuple(d for d in self.decisions if d.outcome is Outcome.UNKNOWN)


def _check_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, datetime.date)
                              or isinstance(value, datetime.datetime)):
        raise NTMTypeError(f"{attribute.name} must be a date or None (got {value!r:.40})")


@attrs.frozen(kw_only=True)
class MergerPolicy:
    """How recognitions carry across mergers: cited rules, and the parameters for the rest.

    ``covers_from`` / ``covers_to``: the merger dates the policy is for (None: no bound);
    applying it to a merger outside them is an error. ``unsettled``: the yes/no parameter
    deciding every tier and case no rule settles (declared in ``parameters``).
    """

    id: str = attrs.field(validator=typed(str, "a policy id (a string)"))
    label_vi: str = attrs.field(converter=to_label_vi)
    label_en: str = attrs.field(converter=to_label_en)
    rules: tuple[CarryOver, ...] = attrs.field(converter=_to_rules)
    parameters: tuple[Parameter, ...] = attrs.field(converter=_to_parameters)
    unsettled: str = attrs.field(validator=typed(str, "a parameter name"))
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))
    covers_from: datetime.date | None = attrs.field(default=None, validator=_check_date)
    covers_to: datetime.date | None = attrs.field(default=None, validator=_check_date)

    def __attrs_post_init__(self) -> None:
        names = {p.name for p in self.parameters}
        needed = [self.unsettled, *(r.parameter for r in self.rules if r.parameter)]
        for name in needed:
            if name not in names:
                raise UnknownNameError("parameter", name, names, f"merger policy {self.id!r}")
        for parameter in self.parameters:
            if parameter.kind != "value":
                raise NTMTypeError(f"merger policy {self.id!r}: parameter {parameter.name!r} "
                                   "must be a yes/no value parameter")
        seen: set[tuple[Tier, str]] = set()
        for rule in self.rules:
            if (rule.tier, rule.case) in seen:
                raise NTMValueError(f"merger policy {self.id!r} has two rules for "
                                    f"{rule.tier.value}/{rule.case}")
            seen.add((rule.tier, rule.case))

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if is_vi(lang) else self.label_en

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise UnknownNameError("parameter", name, [p.name for p in self.parameters],
                               f"merger policy {self.id!r}")

    def _checked(self, parameters: Mapping[str, Any] | None) -> dict[str, bool]:
        if parameters is None:
            return {}
        if not isinstance(parameters, Mapping):
            raise NTMTypeError(f"parameters must be a mapping (got {type(parameters).__name__})")
        out: dict[str, bool] = {}
        for name, value in parameters.items():
            self.parameter(str(name))
            if not isinstance(value, bool):
                raise NTMTypeError(f"merger policy {self.id!r}: parameter {name!r} takes "
                                   f"True or False (got {value!r:.40})")
            out[str(name)] = value
        return out

    def recognition(self, unit: Unit, tier: Tier | str,
                    parameters: Mapping[str, Any] | None = None) -> CarriedRecognition:
        """Whether ``unit`` counts as recognised at ``tier`` under this policy."""
        return self._decide(unit, to_tier(tier), self._checked(parameters))

    def _decide(self, unit: Unit, tier: Tier, values: Mapping[str, bool]) -> CarriedRecognition:
        own = unit.recognitions.get(tier)
        if own is not None:
            return CarriedRecognition(unit=unit.code, tier=tier, outcome=Outcome.PASS,
                                      case="own", year=own.year, recognition=own)
        merger = unit.merged_from
        if merger is None:
            return CarriedRecognition(unit=unit.code, tier=tier, outcome=Outcome.FAIL,
                                      case="not merged")
        if ((self.covers_from is not None and merger.date < self.covers_from)
                or (self.covers_to is not None and merger.date > self.covers_to)):
            raise NTMValueError(
                f"merger policy {self.id!r} is for mergers from {self.covers_from or '...'} to "
                f"{self.covers_to or '...'}; {unit.level.value} {unit.code!r} was formed on "
                f"{merger.date.isoformat()}")
        held = [r for u in merger.units if (r := u.recognitions.get(tier)) is not None
                and r.year <= merger.year]
        n, k = len(merger.units), len(held)
        if k == 0:
            return CarriedRecognition(unit=unit.code, tier=tier, outcome=Outcome.FAIL,
                                      case="none", merged=n)
        case = "all" if k == n else "some"
        rule = next((r for r in self.rules if r.tier is tier and r.case == case), None)
        citation = rule.citation if rule is not None else self.parameter(self.unsettled).citation
        carries = rule.carries if rule is not None else None
        name = rule.parameter if rule is not None else self.unsettled
        base: dict[str, Any] = {"unit": unit.code, "tier": tier, "case": case,
                                "recognised": k, "merged": n, "citation": citation}
        if carries is None:
            assert name is not None  # noqa: S101 - a rule without carries names a parameter
            found = values.get(name, self.parameter(name).default)
            if found is None:
                declaration = self.parameter(name)
                return CarriedRecognition(**base, outcome=Outcome.UNKNOWN, missing=(
                    Missing(kind="parameter", key=name, unit=unit.code,
                            label_vi=declaration.label_vi, label_en=declaration.label_en),))
            carries = bool(found)
        if carries:
            latest = max(held, key=lambda r: r.year)
            return CarriedRecognition(**base, outcome=Outcome.PASS, year=latest.year,
                                      recognition=latest)
        return CarriedRecognition(**base, outcome=Outcome.FAIL)

    def apply(self, unit: Unit, parameters: Mapping[str, Any] | None = None) -> MergerResult:
        """``unit`` and its members with the recognitions this policy carries over to the
        units that record a merger (a recognition of their own is kept), and every
        decision taken (for each tier some merged unit held)."""
        values = self._checked(parameters)
        decisions: list[CarriedRecognition] = []
        return MergerResult(unit=self._apply(unit, values, decisions),
                            decisions=tuple(decisions))

    def _apply(self, unit: Unit, values: Mapping[str, bool],
               decisions: list[CarriedRecognition]) -> Unit:
        changes: dict[str, Any] = {}
        for field in _CHILD_FIELDS.get(unit.level.value, ()):
            members = getattr(unit, field)
            updated = tuple(self._apply(m, values, decisions) for m in members)
            if any(a is not b for a, b in zip(updated, members, strict=True)):
                changes[field] = updated
        merger = unit.merged_from
        if merger is not None:
            tiers = [t for t in Tier if any(t in u.recognitions for u in merger.units)]
            carried = dict(unit.recognitions)
            for tier in tiers:
                decision = self._decide(unit, tier, values)
                decisions.append(decision)
                if decision.outcome is Outcome.PASS and decision.recognition is not None:
                    carried[tier] = decision.recognition
            if carried != dict(unit.recognitions):
                changes["recognitions"] = carried
        return attrs.evolve(unit, **changes) if changes else unit


_CHILD_FIELDS = {"commune": ("villages",), "district": ("communes", "townships"),
                 "province": ("districts", "communes", "wards")}

#: How a fact of the merged units may be aggregated (see :func:`merged_history`).
AGGREGATIONS = ("sum", "mean", "min", "max", "all", "any")


def merged_history(unit: Unit, aggregations: Mapping[str, str],
                   years: Iterable[int] | None = None) -> Unit:
    """``unit`` with history facts of the years before its merger aggregated from the merged
    units' histories, as the caller declares: ``{"households": "sum", "income": "mean"}``.

    Only the declared keys are aggregated; a year for which a merged unit lacks the value
    gets no value (it stays missing); the unit's own history values are kept. ``years``:
    the years to fill (default: every year before the merger that a merged unit's
    history holds).
    """
    merger = unit.merged_from
    if merger is None:
        raise NTMValueError(f"{unit.level.value} {unit.code!r} records no merger")
    if not isinstance(aggregations, Mapping):
        raise NTMTypeError(f"aggregations must be a mapping of fact key to one of "
                           f"{', '.join(AGGREGATIONS)} (got {aggregations!r:.60})")
    for key, how in aggregations.items():
        if how not in AGGREGATIONS:
            raise NTMValueError(f"aggregation of {key!r} must be one of "
                                f"{', '.join(AGGREGATIONS)} (got {how!r:.40})")
    if years is None:
        wanted = sorted({y for u in merger.units for y in u.history if y < merger.year})
    else:
        wanted = sorted(set(years))
        late = [y for y in wanted if y >= merger.year]
        if late:
            raise NTMValueError(f"{unit.level.value} {unit.code!r} was formed in "
                                f"{merger.year}; its history from then on is its own "
                                f"(got year {late[0]})")
    history = {year: dict(facts) for year, facts in unit.history.items()}
    for year in wanted:
        for key, how in aggregations.items():
            if key in history.get(year, {}):
                continue
            values = [u.history.get(year, {}).get(key) for u in merger.units]
            if any(v is None for v in values):
                continue
            history.setdefault(year, {})[key] = _aggregate(how, values, key)
    return attrs.evolve(unit, history=history)


def _aggregate(how: str, values: list[Value], key: str) -> Value:
    if how in ("all", "any"):
        if not all(isinstance(v, bool) for v in values):
            raise NTMTypeError(f"{how}() aggregates yes/no facts; {key!r} holds {values!r:.60}")
        return all(values) if how == "all" else any(values)
    if any(isinstance(v, bool) for v in values):
        raise NTMTypeError(f"{how}() aggregates numbers; {key!r} holds yes/no values")
    numbers: list[Decimal | int] = [v for v in values if not isinstance(v, bool)]
    if how == "min":
        return min(numbers)
    if how == "max":
        return max(numbers)
    total: Decimal | int = 0
    for v in numbers:
        total = exact_add(total, v)
    if how == "sum":
        return total
    return Decimal(total) / len(numbers)
