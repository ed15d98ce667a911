"""Walking and rebuilding rule trees by path (for derivation)."""

from __future__ import annotations

from collections.abc import Callable

from ntmcriteria.rules._base import Rule

__all__ = ["node_at", "replace_at", "thresholded_paths", "transform"]


def transform(rule: Rule, fn: Callable[[Rule], Rule]) -> Rule:
    """Rebuild ``rule`` bottom-up, applying ``fn`` to every node."""
    parts = tuple(transform(part, fn) for part in rule.parts)
    return fn(rule.with_parts(parts) if parts else rule)


def thresholded_paths(rule: Rule, prefix: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    """The paths of the nodes that hold a threshold, depth first."""
    found = [prefix] if rule.threshold_field is not None else []
    for index, part in enumerate(rule.parts):
        found.extend(thresholded_paths(part, (*prefix, index)))
    return found


def replace_at(rule: Rule, path: tuple[int, ...], fn: Callable[[Rule], Rule]) -> Rule:
    """``rule`` with the node at ``path`` replaced by ``fn(node)``."""
    if not path:
        return fn(rule)
    index, rest = path[0], path[1:]
    parts = list(rule.parts)
    parts[index] = replace_at(parts[index], rest, fn)
    return rule.with_parts(tuple(parts))


def node_at(rule: Rule, path: tuple[int, ...]) -> Rule | None:
    """The node at ``path`` (None when the path leads nowhere)."""
    node = rule
    for index in path:
        if not 0 <= index < len(node.parts):
            return None
        node = node.parts[index]
    return node
