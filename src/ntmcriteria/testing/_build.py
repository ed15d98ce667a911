"""Witnesses found without Hypothesis: targets, the search call, and building units."""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ntmcriteria._frozen import FrozenMap
from ntmcriteria._values import shown
from ntmcriteria.assessment import Assessment
from ntmcriteria.criteria import CriteriaSet, Criterion
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.indicators import ValueType
from ntmcriteria.outcome import Outcome
from ntmcriteria.period import outside_periods
from ntmcriteria.recognition import Recognition
from ntmcriteria.rules import AllOf, Rule, fact, yes
from ntmcriteria.testing._domains import Absent, Bools, Num, initial_domain, pick
from ntmcriteria.testing._solver import SearchBudgetError, Solver, State, UnsatisfiableError
from ntmcriteria.units import (
    CLASS_FIELDS,
    Commune,
    District,
    Level,
    Province,
    Region,
    Township,
    Unit,
    Village,
)

__all__ = ["Witness", "assess_rule", "find_witness", "rule_set"]

#: The criterion id :func:`rule_set` gives a lone rule.
RULE_ID = "rule"


@attrs.frozen(kw_only=True)
class Witness:
    """A unit, a year and parameters whose assessment has the ``wanted`` outcome."""

    unit: Unit
    year: int
    parameters: FrozenMap[str, Any]
    wanted: Outcome

    def assess(self, criteria_set: CriteriaSet) -> Assessment:
        """Assess the witness with ``criteria_set`` (the set it was made for)."""
        return criteria_set.assess(self.unit, year=self.year, parameters=dict(self.parameters))


def rule_set(criteria_set: CriteriaSet, rule: Rule) -> CriteriaSet:
    """``criteria_set`` with ``rule`` as its only criterion (id ``"rule"``)."""
    criterion = Criterion(id=RULE_ID, number="1", label_vi="Quy tắc", label_en="Rule",
                          rule=rule, citation=_citation(criteria_set))
    return attrs.evolve(criteria_set, criteria=(criterion,))


def _citation(criteria_set: CriteriaSet) -> Any:
    if criteria_set.citation is not None:
        return criteria_set.citation
    if criteria_set.criteria:
        return criteria_set.criteria[0].citation
    from ntmcriteria.citations import Citation

    return Citation(document="ntmcriteria.testing", confidence="unknown")


def assess_rule(criteria_set: CriteriaSet, rule: Rule, unit: Unit, *, year: int,
                parameters: Mapping[str, Any] | None = None) -> Outcome:
    """The outcome of ``rule`` alone for ``unit`` in ``year``, in ``criteria_set``'s context."""
    single = rule_set(criteria_set, rule)
    return single.assess(unit, year=year, parameters=parameters,
                         allow_outside_period=True).outcome


def _check_outcome(value: object) -> Outcome:
    if isinstance(value, Outcome):
        return value
    for member in Outcome:
        if value in (member.value, member.name):
            return member
    raise NTMValueError(f"outcome must be Outcome.PASS, FAIL or UNKNOWN, or 'pass', 'fail', "
                        f"'unknown' (got {shown(value)})")


def target_rule(criteria_set: CriteriaSet, *, criterion: str | None,
                rule: Rule | None) -> Rule | None:
    """The rule a witness must decide; None for a set without criteria."""
    if not isinstance(criteria_set, CriteriaSet):
        raise NTMTypeError(
            f"criteria_set must be a CriteriaSet (got {type(criteria_set).__name__})")
    if criterion is not None and rule is not None:
        raise NTMValueError("give criterion= or rule=, not both")
    if rule is not None:
        if not isinstance(rule, Rule):
            raise NTMTypeError(f"rule must be a rule (got {type(rule).__name__} {rule!r})")
        criteria_set.validate_rule(rule, "the witness rule")
        return rule
    if criterion is not None:
        return criteria_set.criterion(criterion).rule
    rules = tuple(c.rule for c in criteria_set.criteria)
    return AllOf(rules) if rules else None


def default_rule_parameters(criteria_set: CriteriaSet,
                            supplied: Mapping[str, Any]) -> dict[str, Rule]:
    """A simple yes/no rule for each rule parameter nobody supplied (so criteria can pass).

    A rule parameter is evaluated in the set that declares it, so the rule uses
    that set's indicators: ``<stem>.appraised`` for a parameter ``<stem>.rule``
    when declared, else its first yes/no indicator, else its first number.
    """
    out: dict[str, Rule] = {}
    for owner in (criteria_set, *criteria_set.walk_references()):
        booleans = [i.key for i in owner.indicators if i.value_type is ValueType.BOOLEAN]
        numbers = [i for i in owner.indicators if i.value_type is not ValueType.BOOLEAN]
        for declaration in owner.parameters:
            name = declaration.name
            if (declaration.kind != "rule" or declaration.default is not None
                    or name in supplied or name in out):
                continue
            appraised = name.removesuffix(".rule") + ".appraised"
            if appraised in booleans:
                out[name] = yes(appraised)
            elif booleans:
                out[name] = yes(booleans[0])
            elif numbers:
                low, _ = numbers[0].bounds
                out[name] = fact(numbers[0].key) >= (1 if low is None else low + 1)
    return out


def find_witness(criteria_set: CriteriaSet, outcome: Outcome | str, *,
                 criterion: str | None = None, rule: Rule | None = None,
                 year: int | None = None, parameters: Mapping[str, Any] | None = None,
                 seed: int | random.Random = 0, max_children: int = 3,
                 budget: int = 20_000, complete: bool = False) -> Witness:
    """One witness, found without Hypothesis.

    ``complete=True`` gives PASS and FAIL witnesses a value for every declared
    indicator (otherwise only the facts that decide the outcome are set).

    Raises :class:`UnsatisfiableError` when no unit can have the outcome and
    :class:`SearchBudgetError` when the search gives up undecided.
    """
    wanted = _check_outcome(outcome)
    target = target_rule(criteria_set, criterion=criterion, rule=rule)
    supplied = criteria_set.resolve_parameters({} if parameters is None else parameters)
    years = check_years(criteria_set, year, supplied)
    if isinstance(max_children, bool) or not isinstance(max_children, int) or not \
            0 <= max_children <= 12:
        raise NTMValueError(f"max_children must be an int between 0 and 12 (got "
                            f"{shown(max_children)})")
    if isinstance(budget, bool) or not isinstance(budget, int) or budget < 1:
        raise NTMValueError(f"budget must be a positive int (got {shown(budget)})")
    # test data, not secrets: a seeded generator keeps witnesses reproducible
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)  # noqa: S311
    defaults = default_rule_parameters(criteria_set, supplied)
    if target is None:
        if wanted is not Outcome.PASS:
            raise UnsatisfiableError(f"criteria set {criteria_set.id!r} has no criteria, so it "
                                     f"always passes; it can never be {wanted.name}")
        return build(criteria_set, {"year": years[0]}, supplied, defaults, wanted, rng,
                     complete)
    solver = Solver(criteria_set, parameters=supplied, rule_defaults=defaults,
                    max_children=max_children, budget=budget)
    state = solver.solve(target, wanted, years, rng)
    if state is None:
        what = f"criterion {criterion!r}" if criterion else "the rule" if rule else "the set"
        raise UnsatisfiableError(
            f"criteria set {criteria_set.id!r}: no unit can make {what} {wanted.name} "
            f"(years {years[0]}-{years[-1]}, up to {max_children} members per unit); its "
            f"thresholds contradict each other or a needed parameter is fixed: {target!r}"
        )
    return build(criteria_set, state, supplied, defaults, wanted, rng, complete)


def check_years(criteria_set: CriteriaSet, year: int | None,
                parameters: Mapping[str, Any] | None = None) -> tuple[int, ...]:
    """The years a witness may be assessed in: ``year``, or the years of the set's period in
    which every set the assessment uses is in its own period too (a model commune set of
    2021-2025 whose villages must meet a 2022-2025 set: 2022-2025); all the period's years
    when there is no such year."""
    if year is None:
        period = tuple(range(criteria_set.valid_from, criteria_set.valid_to + 1))
        inside = tuple(y for y in period if not outside_periods(criteria_set, y, parameters))
        return inside or period
    if isinstance(year, bool) or not isinstance(year, int):
        raise NTMTypeError(f"year must be an int (got {shown(year)})")
    if not criteria_set.valid_from <= year <= criteria_set.valid_to:
        raise NTMValueError(f"year {year} is outside the valid period {criteria_set.valid_from}-"
                            f"{criteria_set.valid_to} of criteria set {criteria_set.id!r}")
    return (year,)


# ------------------------------------------------------------------ building units
_CLASSES: dict[Level, type[Any]] = {Level.VILLAGE: Village, Level.COMMUNE: Commune,
                                    Level.TOWNSHIP: Township, Level.DISTRICT: District,
                                    Level.PROVINCE: Province}
_CHILD_FIELD = {(Level.COMMUNE, Level.VILLAGE): "villages",
                (Level.DISTRICT, Level.COMMUNE): "communes",
                (Level.DISTRICT, Level.TOWNSHIP): "townships",
                (Level.PROVINCE, Level.COMMUNE): "communes",
                (Level.PROVINCE, Level.DISTRICT): "districts"}
_NAMES = {Level.VILLAGE: "Thôn", Level.COMMUNE: "Xã", Level.TOWNSHIP: "Thị trấn",
          Level.DISTRICT: "Huyện", Level.PROVINCE: "Tỉnh"}


def _value(domain: Bools | Num, rng: random.Random) -> Decimal | int | bool:
    value = pick(domain, rng)
    if isinstance(value, bool):
        return value
    return int(value) if isinstance(domain, Num) and domain.integer else value


def build(criteria_set: CriteriaSet, state: State, supplied: Mapping[str, Any],
          defaults: Mapping[str, Rule], wanted: Outcome, rng: random.Random,
          complete: bool = False) -> Witness:
    """Turn a solved state into a :class:`Witness`.

    With ``complete`` (only for PASS and FAIL), every unit also gets a value for
    each declared indicator the search left free in the assessment year: a
    decided outcome stays decided when missing facts are supplied.
    """
    year: int = state["year"]
    facts: dict[tuple[str, ...], dict[int, dict[str, Any]]] = {}
    recognitions: dict[tuple[str, ...], dict[Any, Recognition]] = {}
    children: dict[tuple[str, ...], list[tuple[Level, int]]] = {}
    for key, value in sorted(state.items(), key=lambda item: repr(item[0])):
        if not isinstance(key, tuple):
            continue
        if key[0] == "fact" and not isinstance(value, Absent):
            _, path, name, at = key
            facts.setdefault(path, {}).setdefault(at, {})[name] = _value(value, rng)
        elif key[0] == "rec":
            choices = sorted(value, key=lambda y: (y is None, y))
            chosen = rng.choice(choices)
            if chosen is not None and key[2] is not None:
                # a rule reading the decision date: decided in the year recognised for
                decided = (datetime.date(chosen, 12, 31)
                           if state.get(("rec_decided", key[1], key[2])) else None)
                recognitions.setdefault(key[1], {})[key[2]] = Recognition(chosen, decided)
        elif key[0] == "children":
            children.setdefault(key[1], []).append((key[2], value))

    def make(path: tuple[str, ...], level: Level) -> Unit:
        by_year = facts.get(path, {})
        current = dict(by_year.get(year, {}))
        if complete and wanted is not Outcome.UNKNOWN:
            for indicator in criteria_set.indicators:
                if ("fact", path, indicator.key, year) not in state:
                    current[indicator.key] = _value(initial_domain(indicator), rng)
        kwargs: dict[str, Any] = {
            "code": path[-1] if path else "W001",
            "name": f"{_NAMES[level]} {path[-1] if path else 'Thử nghiệm'}",
            "facts": current,
            "history": {y: f for y, f in by_year.items() if y != year},
            "recognitions": recognitions.get(path, {}),
        }
        if level is not Level.VILLAGE:
            kwargs["region"] = (state.get(("own_class", "region", path))
                                or rng.choice(list(Region)))
        for name, classification in criteria_set.classification_map.items():
            code = state.get(("own_class", name, path))
            field = classification.field
            if name != "region" and code is not None and field in CLASS_FIELDS[level]:
                kwargs[field] = code
        for child_level, n in children.get(path, []):
            field = _CHILD_FIELD[(level, child_level)]
            prefix = {Level.VILLAGE: "V", Level.COMMUNE: "C", Level.TOWNSHIP: "T",
                      Level.DISTRICT: "D"}[child_level]
            kwargs[field] = [make((*path, f"{prefix}{i + 1:02d}"), child_level) for i in range(n)]
        return _CLASSES[level](**kwargs)  # type: ignore[no-any-return]

    params: dict[str, Any] = dict(supplied)
    params.update(defaults)
    for key, value in state.items():
        if isinstance(key, tuple) and key[0] == "param" and not isinstance(value, Absent):
            params[key[1]] = value
    return Witness(unit=make((), criteria_set.level), year=year, parameters=FrozenMap(params),
                   wanted=wanted)


__all__ += ["SearchBudgetError", "UnsatisfiableError"]
