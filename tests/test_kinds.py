"""Every kind declares every operation, in its own home: no silent fallback anywhere.

A rule kind must override each hook of :class:`~ntmcriteria.rules.Rule` (the base
raises ``NotImplementedError`` naming the kind and the operation), declare its
document tag and its trace detail class, whose trace hooks it must override in
turn; expressions, year references, thresholds, operators and derivation
changes declare theirs. A kind added without one of them fails here, named.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from ntmcriteria._change import Change
from ntmcriteria.changes import CHANGE_TYPES
from ntmcriteria.rules import (
    EXPR_KINDS,
    OPERATORS,
    RULE_KINDS,
    THRESHOLD_KINDS,
    YEAR_KINDS,
    Rule,
    RuleDetail,
)
from ntmcriteria.rules._base import RULE_HOOKS, TRACE_HOOKS

EXPR_HOOKS = ("observe", "compile", "facts", "fact_keys", "signs", "bound", "subject",
              "table_subject", "example", "primary")
YEAR_HOOKS = ("form", "resolve", "text", "example")
THRESHOLD_HOOKS = ("resolve", "compile", "parameter_names", "text", "witness")


def _missing(cls: type, hooks: tuple[str, ...], base: type | None) -> list[str]:
    """The hooks ``cls`` neither defines nor inherits from a class other than ``base``."""
    missing = []
    for hook in hooks:
        owner = next((k for k in cls.__mro__ if hook in vars(k)), None)
        if owner is None or owner is base:
            missing.append(hook)
    return missing


@pytest.mark.parametrize("kind", RULE_KINDS, ids=lambda k: k.__name__)
def test_every_rule_kind_declares_every_hook(kind: type[Rule]) -> None:
    missing = _missing(kind, RULE_HOOKS, Rule)
    assert not missing, f"the rule kind {kind.__name__} lacks {missing}"
    assert kind.tag != Rule.tag, f"the rule kind {kind.__name__} declares no document tag"


@pytest.mark.parametrize("kind", RULE_KINDS, ids=lambda k: k.__name__)
def test_every_rule_kind_declares_its_trace_detail(kind: type[Rule]) -> None:
    detail = kind.detail
    if detail is None:
        assert getattr(kind, "transparent", False), (
            f"the rule kind {kind.__name__} declares no trace detail and is not transparent")
        return
    assert issubclass(detail, RuleDetail)
    assert detail.kind == kind.tag, f"{detail.__name__}.kind must be {kind.tag!r}"
    missing = _missing(detail, TRACE_HOOKS, RuleDetail)
    assert not missing, f"the trace detail of {kind.__name__} lacks {missing}"
    assert attrs.has(detail), f"{detail.__name__} must be an attrs class (typed fields)"


def test_the_tags_are_unique() -> None:
    kinds: tuple[Any, ...] = (*RULE_KINDS, *EXPR_KINDS, *YEAR_KINDS, *THRESHOLD_KINDS)
    tags = [k.tag for k in kinds]
    assert len(tags) == len(set(tags)), tags


@pytest.mark.parametrize("kind", EXPR_KINDS, ids=lambda k: k.__name__)
def test_every_expression_kind_declares_every_hook(kind: type) -> None:
    assert not _missing(kind, EXPR_HOOKS, None), kind.__name__


@pytest.mark.parametrize("kind", YEAR_KINDS, ids=lambda k: k.__name__)
def test_every_year_reference_declares_every_hook(kind: type) -> None:
    assert not _missing(kind, YEAR_HOOKS, None), kind.__name__


@pytest.mark.parametrize("kind", THRESHOLD_KINDS, ids=lambda k: k.__name__)
def test_every_threshold_kind_declares_every_hook(kind: type) -> None:
    assert not _missing(kind, THRESHOLD_HOOKS, None), kind.__name__


@pytest.mark.parametrize("kind", CHANGE_TYPES, ids=lambda k: k.__name__)
def test_every_change_kind_applies_itself(kind: type[Change]) -> None:
    assert kind.apply is not Change.apply, f"the change {kind.__name__} lacks 'apply'"
    assert kind.kind != Change.kind


@pytest.mark.parametrize("symbol", list(OPERATORS))
def test_every_operator_declares_its_semantics(symbol: str) -> None:
    op = OPERATORS[symbol]
    assert op.negation in OPERATORS
    assert OPERATORS[op.negation].negation == symbol
    assert op.form in ("ge_lo", "ge_hi", "lt_hi", "lt_lo", "in", "out")
    assert op.direction in ("up", "down", None)
    # the negation holds exactly where the operator does not
    for a, b in ((1, 2), (2, 2), (3, 2)):
        assert op.holds(a, b) != OPERATORS[op.negation].holds(a, b)


def test_a_kind_without_a_hook_fails_naming_it() -> None:
    @attrs.frozen
    class Half(Rule):
        tag = "half"

    with pytest.raises(NotImplementedError, match="the kind Half does not implement 'compile'"):
        Half().compile(None)  # type: ignore[arg-type]
    assert _missing(Half, RULE_HOOKS, Rule) == list(RULE_HOOKS)
