"""Derivation changes: what a derived set changes in the set it derives from.

Each change is checked when applied and recorded in the derived set with the
citation of the document that authorises it; a replaced value's citation says
what it amends. ``criteria_set.derive(id=..., changes=[...])`` applies them in
order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar, TypeAlias

import attrs

from ntmcriteria._change import Change
from ntmcriteria._fields import doc
from ntmcriteria._values import (
    Number,
    shown,
    to_criterion_id,
    to_parameter_name,
    to_set_id,
    typed,
)
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import (
    CriteriaSet,
    Criterion,
    Draft,
    Parameter,
    coerce_parameter_value,
)
from ntmcriteria.errors import DerivationError, NTMTypeError, UnknownNameError
from ntmcriteria.indicators import Indicator
from ntmcriteria.rules import MeetsSet, Rule
from ntmcriteria.rules._tree import node_at, replace_at, thresholded_paths, transform
from ntmcriteria.thresholds import Const, Threshold, to_threshold

__all__ = [
    "CHANGE_TYPES",
    "AddCriterion",
    "AddIndicator",
    "AddParameter",
    "AnyChange",
    "Change",
    "DropCriterion",
    "ReplaceCriterion",
    "ReplaceReference",
    "ReplaceThreshold",
    "SetParameter",
]

_CITATION = typed(Citation, "a Citation")


@attrs.frozen(kw_only=True)
class SetParameter(Change):
    """Give a parameter a value (its new default in the derived set)."""

    name: str = attrs.field(converter=to_parameter_name,
                            metadata=doc(kind="key", tag=True))
    value: Any = attrs.field(metadata=doc(kind="parameter_value"))
    citation: Citation = attrs.field(validator=_CITATION, metadata=doc(kind="citation"))
    kind: ClassVar[str] = "set_parameter"

    def apply(self, draft: Draft, index: int) -> None:
        declaration = draft.declaration(self.name, index)
        value = coerce_parameter_value(declaration, self.value)
        # the value now comes from the authorising document
        draft.parameters[self.name] = attrs.evolve(
            declaration, default=value, citation=declaration.citation.amended_by(self.citation))


def _to_path(value: object) -> tuple[int, ...] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise NTMTypeError(f"path must be a sequence of child indexes (got {shown(value)})")
    items = tuple(value)
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in items):
        raise NTMTypeError(f"path must contain whole numbers only (got {shown(value)})")
    return items


@attrs.frozen(kw_only=True)
class ReplaceThreshold(Change):
    """Replace the threshold of the node at ``path`` of a criterion's rule (a comparison,
    a share, a count or an aggregate); without ``path`` the rule must have one such node."""

    criterion_id: str = attrs.field(converter=to_criterion_id,
                                    metadata=doc(kind="key", tag=True))
    threshold: Threshold = attrs.field(converter=to_threshold, metadata=doc(kind="threshold"))
    citation: Citation = attrs.field(validator=_CITATION, metadata=doc(kind="citation"))
    path: tuple[int, ...] | None = attrs.field(default=None, converter=_to_path,
                                               metadata=doc(kind="path", optional=True))
    kind: ClassVar[str] = "replace_threshold"

    def apply(self, draft: Draft, index: int) -> None:
        i = draft.position(self.criterion_id, index)
        criterion = draft.criteria[i]
        rule = criterion.rule
        if self.path is None:
            paths = thresholded_paths(rule)
            if paths and paths[0] == ():
                paths = [()]  # the criterion's own threshold comes first
            if len(paths) != 1:
                raise DerivationError(
                    f"changes[{index}]: criterion {self.criterion_id!r} has {len(paths)} "
                    f"nodes with a threshold (at paths {paths}); give path= to choose one"
                )
            path = paths[0]
        else:
            path = self.path
        node = node_at(rule, path)
        if node is None or node.threshold_field is None:
            raise DerivationError(
                f"changes[{index}]: criterion {self.criterion_id!r} has "
                f"no comparison or count at path {list(path)}"
            )
        field = node.threshold_field
        old_threshold = getattr(node, field)

        def set_threshold(target: Rule) -> Rule:
            return attrs.evolve(target, **{field: self.threshold})  # type: ignore[misc]

        draft.criteria[i] = attrs.evolve(
            criterion, rule=replace_at(rule, path, set_threshold),
            citation=criterion.citation.amended_by(self.citation),
            label_vi=requote(criterion.label_vi, old_threshold, self.threshold, vi=True),
            label_en=requote(criterion.label_en, old_threshold, self.threshold, vi=False))


#: What a label quoting a replaced threshold that cannot be re-quoted says.
AMENDED = (" (ngưỡng đã sửa đổi)", " (threshold amended)")


def _number_text(value: Number, vi: bool, group: bool) -> str:
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    frac = frac.rstrip("0")
    if group and len(whole) > 3:
        head = len(whole) % 3 or 3
        whole = ("." if vi else ",").join(
            [whole[:head], *(whole[k:k + 3] for k in range(head, len(whole), 3))])
    return sign + whole + ((("," if vi else ".") + frac) if frac else "")


def requote(label: str, old: Threshold, new: Threshold, *, vi: bool) -> str:
    """``label`` after its threshold ``old`` was replaced by ``new``.

    A label that quotes ``old`` once (``"≥ 200 triệu đồng/năm"``, written as the
    language writes numbers) quotes ``new`` instead when it is a number; when it is
    not (a schedule, a parameter) or the number is quoted more than once, the label
    says the threshold was amended. A label that does not quote ``old`` is kept.
    """
    if not isinstance(old, Const) or isinstance(old.value, bool):
        return label
    value = old.value
    matches: list[tuple[re.Match[str], bool]] = []
    for group in (False, True):
        form = _number_text(value, vi, group)
        pattern = r"(?<![\d.,])" + re.escape(form) + r"(?![\d]|[.,]\d)"
        for match in re.finditer(pattern, label):
            if all(m.span() != match.span() for m, _ in matches):
                matches.append((match, group))
    if not matches:
        return label
    if (len(matches) == 1 and isinstance(new, Const) and not isinstance(new.value, bool)):
        match, group = matches[0]
        start, end = match.span()
        return label[:start] + _number_text(new.value, vi, group) + label[end:]
    note = AMENDED[0 if vi else 1]
    return label if label.endswith(note) else label + note


@attrs.frozen(kw_only=True)
class ReplaceCriterion(Change):
    """Replace the criterion with the same id."""

    criterion: Criterion = attrs.field(validator=typed(Criterion, "a Criterion"),
                                       metadata=doc(kind="criterion", tag=True))
    citation: Citation = attrs.field(validator=_CITATION, metadata=doc(kind="citation"))
    kind: ClassVar[str] = "replace_criterion"

    def apply(self, draft: Draft, index: int) -> None:
        draft.criteria[draft.position(self.criterion.id, index)] = self.criterion


@attrs.frozen(kw_only=True)
class DropCriterion(Change):
    """Drop a criterion."""

    criterion_id: str = attrs.field(converter=to_criterion_id,
                                    metadata=doc(kind="key", tag=True))
    citation: Citation = attrs.field(validator=_CITATION, metadata=doc(kind="citation"))
    kind: ClassVar[str] = "drop_criterion"

    def apply(self, draft: Draft, index: int) -> None:
        del draft.criteria[draft.position(self.criterion_id, index)]


@attrs.frozen(kw_only=True)
class AddCriterion(Change):
    """Add a criterion (its id must be new)."""

    criterion: Criterion = attrs.field(validator=typed(Criterion, "a Criterion"),
                                       metadata=doc(kind="criterion", tag=True))
    citation: Citation = attrs.field(validator=_CITATION, metadata=doc(kind="citation"))
    kind: ClassVar[str] = "add_criterion"

    def apply(self, draft: Draft, index: int) -> None:
        if self.criterion.id in draft.criterion_ids():
            raise DerivationError(
                f"changes[{index}]: criterion {self.criterion.id!r} "
                "already exists; use ReplaceCriterion to change it"
            )
        draft.criteria.append(self.criterion)


@attrs.frozen(kw_only=True)
class AddIndicator(Change):
    """Declare a new indicator."""

    indicator: Indicator = attrs.field(validator=typed(Indicator, "an Indicator"),
                                       metadata=doc(kind="indicator", tag=True))
    citation: Citation = attrs.field(validator=_CITATION, metadata=doc(kind="citation"))
    kind: ClassVar[str] = "add_indicator"

    def apply(self, draft: Draft, index: int) -> None:
        if any(i.key == self.indicator.key for i in draft.indicators):
            raise DerivationError(
                f"changes[{index}]: indicator {self.indicator.key!r} already exists")
        draft.indicators.append(self.indicator)


@attrs.frozen(kw_only=True)
class AddParameter(Change):
    """Declare a new parameter."""

    parameter: Parameter = attrs.field(validator=typed(Parameter, "a Parameter"),
                                       metadata=doc(kind="parameter", tag=True))
    citation: Citation = attrs.field(validator=_CITATION, metadata=doc(kind="citation"))
    kind: ClassVar[str] = "add_parameter"

    def apply(self, draft: Draft, index: int) -> None:
        if self.parameter.name in draft.parameters:
            raise DerivationError(
                f"changes[{index}]: parameter {self.parameter.name!r} "
                "already exists; use SetParameter to give it a value"
            )
        draft.parameters[self.parameter.name] = self.parameter


def _is_criteria_set(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, CriteriaSet):
        raise NTMTypeError(f"{type(instance).__name__}.{attribute.name} must be a CriteriaSet "
                           f"(got {type(value).__name__} {shown(value)})")


@attrs.frozen(kw_only=True)
class ReplaceReference(Change):
    """Use ``criteria_set`` wherever the rules say ``meets(old_id)``."""

    old_id: str = attrs.field(converter=to_set_id,
                              metadata=doc(kind="key", tag=True))
    criteria_set: CriteriaSet = attrs.field(validator=_is_criteria_set,
                                            metadata=doc(kind="criteria_set"))
    citation: Citation = attrs.field(validator=_CITATION, metadata=doc(kind="citation"))
    kind: ClassVar[str] = "replace_reference"

    def apply(self, draft: Draft, index: int) -> None:
        old = self.old_id
        ids = [r.id for r in draft.references]
        if old not in ids:
            raise DerivationError(f"changes[{index}]: " + str(
                UnknownNameError("criteria set", old, ids, f"references of {draft.base.id!r}")))
        new_id = self.criteria_set.id
        draft.references = [self.criteria_set if r.id == old else r for r in draft.references]

        def swap(node: Rule) -> Rule:
            if isinstance(node, MeetsSet) and node.set_id == old:
                return attrs.evolve(node, set_id=new_id)
            return node

        draft.criteria = [attrs.evolve(c, rule=transform(c.rule, swap)) for c in draft.criteria]


AnyChange: TypeAlias = (
    SetParameter
    | ReplaceThreshold
    | ReplaceCriterion
    | DropCriterion
    | AddCriterion
    | AddIndicator
    | AddParameter
    | ReplaceReference
)
#: Every change kind, in document order.
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
