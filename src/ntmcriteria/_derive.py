"""Deriving a criteria set from another: each change checked and recorded."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from ntmcriteria.errors import DerivationError, UnknownNameError
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
    Share,
)

if TYPE_CHECKING:
    from ntmcriteria.criteria import Change, Citation, CriteriaSet, Criterion, Parameter
    from ntmcriteria.units import Level


def with_parts(rule: Rule, parts: tuple[Rule, ...]) -> Rule:
    """``rule`` with its direct sub-rules replaced by ``parts``."""
    if isinstance(rule, AllOf | AnyOf | AtLeast):
        return attrs.evolve(rule, rules=parts)
    if isinstance(rule, Not | Labelled | Share | Count | HeldEachYear):
        return attrs.evolve(rule, rule=parts[0])
    return rule


def transform(rule: Rule, fn: Callable[[Rule], Rule]) -> Rule:
    """Rebuild ``rule`` bottom-up, applying ``fn`` to every node."""
    parts = tuple(transform(part, fn) for part in rule.parts)
    return fn(with_parts(rule, parts) if parts else rule)


def _thresholded_paths(rule: Rule, prefix: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    found = [prefix] if isinstance(rule, Compare | Share | Count) else []
    for index, part in enumerate(rule.parts):
        found.extend(_thresholded_paths(part, (*prefix, index)))
    return found


def _replace_at(rule: Rule, path: tuple[int, ...], fn: Callable[[Rule], Rule]) -> Rule:
    if not path:
        return fn(rule)
    index, rest = path[0], path[1:]
    parts = list(rule.parts)
    parts[index] = _replace_at(parts[index], rest, fn)
    return with_parts(rule, tuple(parts))


def _node_at(rule: Rule, path: tuple[int, ...]) -> Rule | None:
    node = rule
    for index in path:
        if not 0 <= index < len(node.parts):
            return None
        node = node.parts[index]
    return node


def _amended(original: Citation, by: Citation) -> Citation:
    """The citation of something ``by`` changed: ``by``, noting where the original came from."""
    source = original.document + (f", {original.article}" if original.article else "")
    return attrs.evolve(by, amends=source)


def _setter(field: str, value: object) -> Callable[[Rule], Rule]:
    def set_field(node: Rule) -> Rule:
        return attrs.evolve(node, **{field: value})  # type: ignore[misc]

    return set_field


def apply_changes(
    base: CriteriaSet,
    *,
    id: str,
    changes: tuple[Change, ...],
    label_vi: str | None,
    label_en: str | None,
    level: Level | None,
    valid_from: int | None,
    valid_to: int | None,
    citation: Citation | None,
) -> CriteriaSet:
    from ntmcriteria.criteria import (
        CHANGE_TYPES,
        AddCriterion,
        AddIndicator,
        AddParameter,
        DropCriterion,
        ReplaceCriterion,
        ReplaceReference,
        ReplaceThreshold,
        SetParameter,
        coerce_parameter_value,
    )

    criteria: list[Criterion] = list(base.criteria)
    indicators = list(base.indicators)
    parameters: dict[str, Parameter] = {p.name: p for p in base.parameters}
    references = list(base.references)

    def ids() -> list[str]:
        return [c.id for c in criteria]

    def position(criterion_id: str, index: int) -> int:
        for i, criterion in enumerate(criteria):
            if criterion.id == criterion_id:
                return i
        raise DerivationError(
            f"changes[{index}]: {UnknownNameError('criterion', criterion_id, ids(), base.id)}"
        )

    for index, change in enumerate(changes):
        if not isinstance(change, CHANGE_TYPES):
            raise DerivationError(
                f"changes[{index}] must be a change such as SetParameter or "
                f"DropCriterion (got {type(change).__name__})"
            )
        if isinstance(change, SetParameter):
            declaration = parameters.get(change.name) or base.all_parameters.get(change.name)
            if declaration is None:
                raise DerivationError(
                    f"changes[{index}]: "
                    + str(UnknownNameError("parameter", change.name, base.all_parameters, base.id))
                )
            value = coerce_parameter_value(declaration, change.value)
            # the value now comes from the authorising document
            parameters[change.name] = attrs.evolve(
                declaration, default=value, citation=_amended(declaration.citation, change.citation)
            )
        elif isinstance(change, ReplaceThreshold):
            i = position(change.criterion_id, index)
            rule = criteria[i].rule
            if change.path is None:
                paths = _thresholded_paths(rule)
                if paths and paths[0] == ():
                    paths = [()]  # the criterion's own threshold comes first
                if len(paths) != 1:
                    raise DerivationError(
                        f"changes[{index}]: criterion {change.criterion_id!r} has {len(paths)} "
                        f"nodes with a threshold (at paths {paths}); give path= to choose one"
                    )
                path = paths[0]
            else:
                path = change.path
            node = _node_at(rule, path)
            if not isinstance(node, Compare | Share | Count):
                raise DerivationError(
                    f"changes[{index}]: criterion {change.criterion_id!r} has "
                    f"no comparison or count at path {list(path)}"
                )
            field = "threshold" if isinstance(node, Compare) else "at_least"
            new_rule = _replace_at(rule, path, _setter(field, change.threshold))
            criteria[i] = attrs.evolve(
                criteria[i],
                rule=new_rule,
                citation=_amended(criteria[i].citation, change.citation),
            )
        elif isinstance(change, ReplaceCriterion):
            criteria[position(change.criterion.id, index)] = change.criterion
        elif isinstance(change, DropCriterion):
            del criteria[position(change.criterion_id, index)]
        elif isinstance(change, AddCriterion):
            if change.criterion.id in ids():
                raise DerivationError(
                    f"changes[{index}]: criterion {change.criterion.id!r} "
                    "already exists; use ReplaceCriterion to change it"
                )
            criteria.append(change.criterion)
        elif isinstance(change, AddIndicator):
            if any(i.key == change.indicator.key for i in indicators):
                raise DerivationError(
                    f"changes[{index}]: indicator {change.indicator.key!r} already exists"
                )
            indicators.append(change.indicator)
        elif isinstance(change, AddParameter):
            if change.parameter.name in parameters:
                raise DerivationError(
                    f"changes[{index}]: parameter {change.parameter.name!r} "
                    "already exists; use SetParameter to give it a value"
                )
            parameters[change.parameter.name] = change.parameter
        elif isinstance(change, ReplaceReference):
            old = change.old_id
            if old not in [r.id for r in references]:
                raise DerivationError(
                    f"changes[{index}]: "
                    + str(
                        UnknownNameError(
                            "criteria set",
                            old,
                            [r.id for r in references],
                            f"references of {base.id!r}",
                        )
                    )
                )
            new_id = change.criteria_set.id
            references = [change.criteria_set if r.id == old else r for r in references]

            def swap(node: Rule, old: str = old, new_id: str = new_id) -> Rule:
                if isinstance(node, MeetsSet) and node.set_id == old:
                    return attrs.evolve(node, set_id=new_id)
                return node

            criteria = [attrs.evolve(c, rule=transform(c.rule, swap)) for c in criteria]
    from ntmcriteria.criteria import CriteriaSet as _Set

    return _Set(
        id=id,
        label_vi=base.label_vi if label_vi is None else label_vi,
        label_en=base.label_en if label_en is None else label_en,
        level=base.level if level is None else level,
        valid_from=base.valid_from if valid_from is None else valid_from,
        valid_to=base.valid_to if valid_to is None else valid_to,
        criteria=tuple(criteria),
        indicators=tuple(indicators),
        parameters=tuple(parameters.values()),
        references=tuple(references),
        region_overrides=base.region_overrides,
        citation=base.citation if citation is None else citation,
        derived_from=base.id,
        changes=changes,
    )
