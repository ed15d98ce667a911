"""Relevance: which missing items could still change a set's outcome, and which first.

An item the traces report missing is **relevant** when some value of it (together
with some values of the other missing items) could change the outcome of the
assessed set. It is computed from the traces, bottom up, by what each node's
outcome could still do:

- A decided node (any outcome but UNKNOWN: PASS, FAIL, and any outcome added
  later) stays decided when missing facts are supplied: Kleene's logic, shares,
  counts, windows and aggregates are monotone, so refining an UNKNOWN part never
  overturns a decided whole. The one exception is a recognition: supplying a
  unit's recognition at a tier can make a ``meets`` node of that unit at that
  tier or a lower one pass where the set was assessed on facts and failed (or a
  closed register said no). Such a node *can change* under that recognition.
- An UNKNOWN node can change under the items it reports itself (a leaf's fact,
  a threshold's parameter, a recognition's date), and under whatever can change
  one of its parts, unless a part that cannot change already settles the node:
  a failing part of an all-of (``all_of``, ``held_each_year``, ``meets``, the set
  itself), a passing part of an ``any_of``, enough passing parts of an ``at_least``
  (or enough failing ones, once it is decided: an UNKNOWN ``at_least`` with that many
  waits on a part that may still not apply). So in an any-of where one branch
  already passes, the other branches' facts are not relevant.
- A decided node can change only through a part that can itself change its
  outcome (a recognition, as above), again unless a stable part settles it.

The set's outcome is the all-of of its criteria. An item is relevant when the
set can change under it. This is sound (an item left out never changes the set's
outcome, whatever its value: a property test holds it) and, for plain Kleene
structures, exact. Kinds whose combination is not known here are treated
conservatively: any change of a part may change them.

For each relevant item :func:`worth_collecting` says which of the set's criteria
it could help settle (their verdict could change with its value) and in which of
them it is the only relevant item missing (supplying it settles that criterion,
unless the value brings a further need, e.g. the income of the year it names).
Items are ranked by the number of criteria they could help settle, then by the
number they alone settle, ties in the order the criteria report them.

Adding member units (a ``children`` item) changes the structure of a unit, not
a missing value; it is ranked like any item but the guarantee is about values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from ntmcriteria._values import check_lang
from ntmcriteria.outcome import Outcome
from ntmcriteria.units import Tier

if TYPE_CHECKING:
    from ntmcriteria.trace import Missing, Trace

__all__ = ["ALL_LIKE", "ANY_LIKE", "WorthCollecting", "full_missing", "needs_decided",
           "worth_collecting"]

#: Kinds whose outcome is the all-of of their parts: a part that fails settles them.
ALL_LIKE = frozenset({"all_of", "held_each_year", "meets"})
#: Kinds whose outcome is the any-of of their parts: a part that passes settles them.
ANY_LIKE = frozenset({"any_of"})

_EMPTY: frozenset[Missing] = frozenset()


@attrs.frozen(kw_only=True)
class WorthCollecting:
    """A missing item whose value could still change the set's outcome.

    ``criteria`` are the ids of the set's criteria whose verdict its value could
    change (the undecided ones it could help settle; also a decided one that a
    recognition could overturn); ``alone`` those among them in which it is the
    only relevant item missing.
    """

    item: Missing
    criteria: tuple[str, ...]
    alone: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        """How many of the set's criteria this item could help settle."""
        return len(self.criteria)

    def describe(self, lang: str = "vi", names: Mapping[str, str] | None = None,
                 numbers: Mapping[str, str] | None = None) -> str:
        """The item and what it would settle, e.g. "chưa có số liệu [income] của đơn vị 1
        (giúp quyết định 2 tiêu chí: 10, 17)". ``numbers`` maps criterion ids to the
        numbers shown (default: the ids)."""
        vi = check_lang(lang) == "vi"
        shown = ", ".join((numbers or {}).get(c, c) for c in self.criteria)
        n = self.count
        what = (f"giúp quyết định {n} tiêu chí: {shown}" if vi else
                f"helps settle {n} {'criterion' if n == 1 else 'criteria'}: {shown}")
        return f"{self.item.describe(lang, names)} ({what})"


def full_missing(results: Iterable[tuple[str, Outcome, Trace | None]]) -> tuple[Missing, ...]:
    """What the UNKNOWN criteria need, each item once, in order (``results``: criterion id,
    outcome, trace)."""
    seen: dict[Missing, None] = {}
    for _, outcome, trace in results:
        if outcome is Outcome.UNKNOWN and trace is not None:
            for item in trace.missing:
                seen.setdefault(item, None)
    return tuple(seen)


def needs_decided(items: Iterable[Missing]) -> bool:
    """Whether the traces of the decided criteria are needed to judge ``items``: only a
    recognition can overturn a decided node."""
    return any(item.kind == "recognition" for item in items)


def worth_collecting(outcome: Outcome, results: Sequence[tuple[str, Outcome, Trace | None]]
                     ) -> tuple[WorthCollecting, ...]:
    """The relevant missing items of a set whose outcome is ``outcome`` and whose criteria
    came out as ``results`` (criterion id, outcome, trace), most useful first.

    The candidates are what the UNKNOWN criteria report (:func:`full_missing`); a decided
    criterion's trace may be None when no candidate is a recognition (nothing else can
    overturn it)."""
    pool = {item: i for i, item in enumerate(full_missing(results))}
    if not pool:
        return ()
    tokens = {item: _token(item) for item in pool}
    recognitions = tuple(item for item in pool if item.kind == "recognition")
    changers = _Changers(frozenset(tokens.values()), recognitions)
    per_criterion = [(cid, o, _EMPTY if trace is None else changers.of(trace))
                     for cid, o, trace in results]
    relevant = _combine(outcome, "all_of", [(o, ch) for _, o, ch in per_criterion], None)
    out = []
    for item, token in tokens.items():
        if token not in relevant:
            continue
        criteria = tuple(cid for cid, _, ch in per_criterion if token in ch)
        alone = tuple(cid for cid, _, ch in per_criterion if ch == {token})
        out.append(WorthCollecting(item=item, criteria=criteria, alone=alone))
    out.sort(key=lambda w: (-len(w.criteria), -len(w.alone), pool[w.item]))
    return tuple(out)


def _token(item: Missing) -> Missing:
    """What supplying ``item`` supplies: a parameter is supplied once for every unit, region,
    year and class it is looked up for, so all its items share one token."""
    if item.kind == "parameter":
        return attrs.evolve(item, unit="", year=None, region=None, classes=())
    return item


def _rank(key: str) -> int | None:
    try:
        return Tier(key).rank
    except ValueError:
        return None


class _Changers:
    """The candidate items (their tokens, see :func:`_token`) each trace node's outcome
    could change under, memoised per node (a referenced set's traces are shared by the
    ``meets`` that refer to them)."""

    def __init__(self, pool: frozenset[Missing], recognitions: tuple[Missing, ...]) -> None:
        self.pool = pool
        self.recognitions = recognitions
        self.memo: dict[int, frozenset[Missing]] = {}

    def of(self, root: Trace) -> frozenset[Missing]:
        # iterative post-order: traces over many members can be deep
        memo = self.memo
        stack: list[tuple[Trace, bool]] = [(root, False)]
        while stack:
            node, ready = stack.pop()
            if id(node) in memo:
                continue
            if ready:
                memo[id(node)] = self._node(node)
                continue
            stack.append((node, True))
            stack.extend((c, False) for c in node.children if id(c) not in memo)
        return memo[id(root)]

    def _node(self, node: Trace) -> frozenset[Missing]:
        memo = self.memo
        parts = [(c.outcome, memo[id(c)]) for c in node.children]
        found = set(_combine(node.outcome, node.kind, parts, node.detail))
        if node.outcome is Outcome.UNKNOWN and node.missing:
            below: set[Missing] = set()
            for child in node.children:
                if child.outcome is Outcome.UNKNOWN:
                    below.update(child.missing)
            below = {_token(item) for item in below}
            for item in node.missing:
                token = _token(item)
                if token in self.pool and (token not in below or (
                        item.kind == "recognition" and item.unit == node.unit)):
                    found.add(token)  # reported by the node itself
        found.update(self._sensitive(node))
        return frozenset(found) if found else _EMPTY

    def _sensitive(self, node: Trace) -> Iterable[Missing]:
        """The recognitions that could make a ``meets`` node pass that does not."""
        if node.kind != "meets" or node.outcome is Outcome.PASS or not self.recognitions:
            return ()
        tier = getattr(node.detail, "tier", None)
        if not isinstance(tier, Tier):
            return ()
        out = []
        for item in self.recognitions:
            if item.unit != node.unit:
                continue
            rank = _rank(item.key)
            if rank is None or rank >= tier.rank:
                out.append(item)
        return out


def _combine(outcome: Outcome, kind: str, parts: Sequence[tuple[Outcome, frozenset[Missing]]],
             detail: object) -> frozenset[Missing] | set[Missing]:
    """The items under which a node of ``kind`` with ``outcome`` could change through its
    ``parts`` ((outcome, items the part could change under) each)."""
    decided = outcome is not Outcome.UNKNOWN
    route: set[Missing] = set()
    for part_outcome, items in parts:
        # a decided node is monotone: an UNKNOWN part refined never overturns it
        if items and not (decided and part_outcome is Outcome.UNKNOWN):
            route.update(items)
    if not route:
        return _EMPTY
    if kind in ALL_LIKE or kind in ANY_LIKE:
        settling = Outcome.FAIL if kind in ALL_LIKE else Outcome.PASS
        for part_outcome, items in parts:
            if part_outcome is settling:
                route.intersection_update(items)  # stable unless the item changes it
                if not route:
                    break
        return route
    if kind == "at_least":
        need = getattr(detail, "required", None)
        if not isinstance(need, int):
            return route
        counted = [(o, items) for o, items in parts
                   if o is Outcome.PASS or o is Outcome.FAIL or o is Outcome.UNKNOWN]
        kept = set()
        for item in route:
            passed = sum(1 for o, items in counted if o is Outcome.PASS and item not in items)
            failed = sum(1 for o, items in counted if o is Outcome.FAIL and item not in items)
            # enough failing parts settle a FAIL; an UNKNOWN node with that many is UNKNOWN
            # because some part may still not apply (fewer than k could be left), and an
            # item deciding that part decides the node
            if passed < need and (failed <= len(counted) - need or not decided):
                kept.add(item)
        return kept
    return route
