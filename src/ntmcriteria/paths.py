"""The path to the next tier: which facts to change, on which unit, to what values.

:func:`path_to_tier` walks the traces of an assessment against the target set
and proposes the **fewest facts to change** that make the unit pass, then, among
those, the smallest total normalised change (``|new - old| / |new|``; 1 from no data
or for a yes/no). A fact several conditions need counts once, at the value that
satisfies them all. How each kind of condition can be fixed:

- a comparison sets its fact to the required value (rounded *towards passing*
  for whole-number indicators; ``a - b`` changes ``a``; a ratio changes the
  current value, never the baseline);
- ``all_of`` (and ``held_each_year``, ``meets``) fixes every part that does not
  pass; ``any_of`` fixes one part, ``at_least(k)`` the parts it lacks, shares and
  counts the member units (villages included) they lack, and the search tries
  every choice; ``not_`` makes its part fail;
- **a fact of a year before the assessment year is never changed**: a failing
  record of a past year is a :class:`Blocker` of kind ``past``, "cannot pass
  before year Y" with Y the first assessment year in which no window reads that
  record any more (a 3-year window failing in the year 3 years back can pass the
  next year), and a missing past record is data to supply (kind ``fact``);
- what facts cannot fix is reported as a :class:`Blocker`: a missing parameter,
  recognition or region, a requirement out of the indicator's bounds, a baseline
  that is missing, conditions that contradict each other.

The search is exact: every condition's ways of being fixed are listed, and of
those that agree on the facts other conditions also touch only the cheapest is
kept (a dynamic programme over the parts of any_of, at_least and members). It
stops after :data:`~ntmcriteria.limits.MAX_PATH_COMBINATIONS` combinations and
then falls back to the greedy proposal (the nearest part or member first, node by
node), with a note saying so.

The proposal is then checked: the changes are applied and the unit re-assessed
(repeating, a few rounds at most, where a change breaks a condition that passed; a
later round settles each fact with the earlier rounds' conditions on it, so it does
not break them in turn),
so ``path.reachable`` is true exactly when applying ``path.changes`` makes the unit
pass. :func:`rank_candidates` orders a plan's candidates by how close they are.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

import attrs

from ntmcriteria._values import Number, Value, exact_add, exact_sub, shown
from ntmcriteria._visible import one_line
from ntmcriteria.analysis.closeness import normalised_shortfall
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.indicators import Indicator, ValueType
from ntmcriteria.limits import MAX_PATH_COMBINATIONS
from ntmcriteria.outcome import Outcome
from ntmcriteria.render._format import check_lang, format_quantity
from ntmcriteria.rules import CompareDetail, Difference, Fact, Ratio
from ntmcriteria.trace import Missing, Trace
from ntmcriteria.units import Level

if TYPE_CHECKING:
    from ntmcriteria.assessment import Assessment
    from ntmcriteria.criteria import CriteriaSet
    from ntmcriteria.units import Unit

__all__ = [
    "Blocker",
    "FactChange",
    "PathToTier",
    "Ranked",
    "apply_changes",
    "path_to_tier",
    "rank_candidates",
]

#: Rounds of proposing and re-assessing, where a change breaks a condition that passed.
MAX_ROUNDS = 8


@attrs.frozen(kw_only=True)
class FactChange:
    """Set fact ``key`` of the unit at ``unit_path`` (codes from the assessed unit down)
    for ``year`` from ``old`` (``None``: no data yet) to ``new``."""

    unit_path: tuple[str, ...]
    unit_name: str
    key: str
    year: int
    old: Value | None
    new: Value
    indicator: Indicator | None = attrs.field(default=None, eq=False)
    past: bool = False

    @property
    def unit(self) -> str:
        return self.unit_path[-1]

    def describe(self, lang: str = "vi") -> str:
        vi = check_lang(lang) == "vi"
        label = self.key if self.indicator is None else self.indicator.label(lang)
        unit = f"{self.unit_name} ({self.unit})" if self.unit_name else self.unit
        new = format_quantity(self.new, lang, self.indicator)
        old = (("chưa có số liệu" if vi else "no data") if self.old is None
               else format_quantity(self.old, lang, self.indicator))
        past = (" (năm đã qua)" if vi else " (a past year)") if self.past else ""
        if vi:
            return f"{unit}, năm {self.year}{past}: «{label}» [{self.key}] từ {old} thành {new}"
        return f"{unit}, year {self.year}{past}: «{label}» [{self.key}] from {old} to {new}"


@attrs.frozen(kw_only=True)
class Blocker:
    """Something no change of facts can fix: ``kind`` is ``parameter``, ``recognition``,
    ``region``, ``children``, ``fact`` (a value the requirement itself depends on, or a
    past year's record that is missing), ``past`` (a failing record of a past year, which
    is never changed: ``year`` is its year and ``earliest_year`` the first assessment year
    it no longer counts in, None when waiting never helps), ``bounds`` (the requirement is
    outside the indicator's range), ``conflict`` (conditions that contradict each other)
    or ``unsupported``."""

    kind: str
    unit_path: tuple[str, ...]
    key: str
    text_vi: str
    text_en: str
    missing: Missing | None = None
    year: int | None = None
    earliest_year: int | None = None

    def describe(self, lang: str = "vi") -> str:
        return self.text_vi if check_lang(lang) == "vi" else self.text_en


@attrs.frozen(kw_only=True, eq=False)
class PathToTier:
    """The proposed changes, what facts cannot fix, and the assessments before and after.

    ``exact`` is false when the proposal is the greedy one (asked for, or because the
    exact search reached its bound: then :meth:`note` says so).
    """

    before: Assessment
    after: Assessment
    changes: tuple[FactChange, ...]
    blockers: tuple[Blocker, ...]
    exact: bool = True
    note_vi: str = ""
    note_en: str = ""

    @property
    def reachable(self) -> bool:
        """Applying :attr:`changes` makes the unit pass the target set."""
        return not self.blockers and self.after.outcome is Outcome.PASS

    @property
    def earliest_year(self) -> int | None:
        """When every blocker is a failing past record that will leave its window: the
        first assessment year the unit can pass in (the latest such year); else None."""
        if not self.blockers or any(b.kind != "past" or b.earliest_year is None
                                    for b in self.blockers):
            return None
        return max(b.earliest_year for b in self.blockers if b.earliest_year is not None)

    def note(self, lang: str = "vi") -> str:
        """How the proposal was made, when it is not the exact one ("" otherwise)."""
        return self.note_vi if check_lang(lang) == "vi" else self.note_en

    def __repr__(self) -> str:
        a = self.before
        state = "reachable" if self.reachable else "not reachable"
        return (f"<PathToTier {a.criteria_set.id!r} {a.unit.level.value} {a.unit.code!r} "
                f"{a.year}: {a.outcome.name} -> {self.after.outcome.name}, "
                f"{len(self.changes)} changes, {len(self.blockers)} blockers, {state}>")

    def to_html(self, lang: str = "vi") -> str:
        """The path as an HTML fragment (:func:`ntmcriteria.render.path.path_html`)."""
        from ntmcriteria.render.path import path_html

        return path_html(self, lang)

    def _repr_html_(self) -> str:
        return self.to_html()

    def apply(self) -> Unit:
        """The assessed unit with the changes applied."""
        return apply_changes(self.before.unit, self.changes, self.before.year)

    def explain(self, lang: str = "vi") -> str:
        """The path as a short list, in Vietnamese (default) or English."""
        vi = check_lang(lang) == "vi"
        a = self.before
        name = a.criteria_set.label(lang)
        if a.outcome is Outcome.PASS:
            return one_line(f"{a.unit.label()} đã đạt «{name}» năm {a.year}." if vi
                            else f"{a.unit.label()} already meets «{name}» in {a.year}.") + "\n"
        lines = [f"Lộ trình để {a.unit.label()} đạt «{name}» năm {a.year}:" if vi
                 else f"Path for {a.unit.label()} to meet «{name}» in {a.year}:"]
        if self.changes:
            lines.append(f"Cần thay đổi {len(self.changes)} số liệu:" if vi
                         else f"{len(self.changes)} facts to change:")
            lines.extend("  - " + c.describe(lang) for c in self.changes)
        if self.blockers:
            lines.append("Không thể khắc phục bằng số liệu:" if vi
                         else "Cannot be fixed by facts:")
            lines.extend("  - " + b.describe(lang) for b in self.blockers)
        earliest = self.earliest_year
        if earliest is not None:
            valid_to = a.criteria_set.valid_to
            late = valid_to is not None and earliest > valid_to
            lines.append((f"Không thể đạt trước năm {earliest}" if vi
                          else f"Cannot pass before year {earliest}")
                         + ((f" (sau thời hạn của bộ tiêu chí, hết năm {valid_to})" if vi
                             else f" (after the set's period, which ends in {valid_to})")
                            if late else "") + ".")
        verdict = self.after.outcome
        lines.append(("Sau khi thay đổi: " if vi else "After the changes: ")
                     + (verdict.label_vi if vi else verdict.label_en))
        if self.note(lang):
            lines.append(("Ghi chú: " if vi else "Note: ") + self.note(lang))
        return "\n".join(map(one_line, lines)) + "\n"


# ------------------------------------------------------------------ applying changes
_CHILD_FIELDS = ("villages", "communes", "townships", "districts")


def _set_fact(unit: Unit, key: str, year: int, value: Value, assessment_year: int) -> Unit:
    if year == assessment_year:
        facts = dict(unit.facts)
        facts[key] = value
        return attrs.evolve(unit, facts=facts)
    history = {y: dict(f) for y, f in unit.history.items()}
    history.setdefault(year, {})[key] = value
    return attrs.evolve(unit, history=history)


def _apply_one(unit: Unit, path: tuple[str, ...], change: FactChange, year: int) -> Unit:
    if not path or path[0] != unit.code:
        raise NTMValueError(f"change of {change.key!r}: unit path {change.unit_path!r} does not "
                            f"start at unit {unit.code!r}")
    if len(path) == 1:
        return _set_fact(unit, change.key, change.year, change.new, year)
    for field in _CHILD_FIELDS:
        members = getattr(unit, field, None)
        if members is None:
            continue
        for index, member in enumerate(members):
            if member.code == path[1]:
                updated = _apply_one(member, path[1:], change, year)
                new_members = (*members[:index], updated, *members[index + 1:])
                rebuilt: Unit = attrs.evolve(cast(Any, unit), **{field: new_members})
                return rebuilt
    raise NTMValueError(f"change of {change.key!r}: no member {path[1]!r} under unit "
                        f"{unit.code!r} (path {change.unit_path!r})")


def apply_changes(unit: Unit, changes: Iterable[FactChange], year: int) -> Unit:
    """``unit`` with every change applied (facts of ``year``, or the history of other years)."""
    for change in changes:
        if not isinstance(change, FactChange):
            raise NTMTypeError(f"changes must be FactChange values (got {type(change).__name__})")
        unit = _apply_one(unit, change.unit_path, change, year)
    return unit


# ------------------------------------------------------------------ planning
#: A fact of one unit for one year: (unit path, key, year).
Slot = tuple[tuple[str, ...], str, int]
#: What a plan may touch: a fact, or something no fact fixes (counted once, like a fact).
Item = Slot | Blocker
#: A condition to fix, as the search sees it: (id of its trace, pass wanted).
_Node = tuple[int, bool]


@attrs.frozen
class _Want:
    """A proposed value with its direction, so two proposals for one fact can merge."""

    path: tuple[str, ...]
    name: str = attrs.field(eq=False)
    key: str
    year: int
    value: Value
    #: ">=" at least, "<=" at most, "==" exactly, "!=" anything but ``avoid`` (``value``:
    #: one step away from it, the proposal when nothing else bears on the fact)
    direction: str
    indicator: Indicator | None = attrs.field(eq=False)
    avoid: Value | None = None

    @property
    def slot(self) -> Slot:
        return (self.path, self.key, self.year)


@attrs.frozen
class _Plan:
    wants: tuple[_Want, ...] = ()
    blockers: tuple[Blocker, ...] = ()

    def __add__(self, other: _Plan) -> _Plan:
        return _Plan(self.wants + other.wants, self.blockers + other.blockers)


_INF = Fraction(10**9)


def _key(plan: _Plan, trace: Trace) -> tuple[int, Fraction, int]:
    distance = normalised_shortfall(trace)
    return (len(plan.blockers), _INF if distance is None else distance, len(plan.wants))


@attrs.frozen
class _Walk:
    unit: Unit
    path: tuple[str, ...]
    year: int  # the assessment year
    indicators: Mapping[str, Indicator]

    def member(self, unit: Unit, path: tuple[str, ...]) -> _Walk:
        return attrs.evolve(self, unit=unit, path=path)


def _members(unit: Unit, level: Level, path: tuple[str, ...]
             ) -> Iterator[tuple[Unit, tuple[str, ...]]]:
    """Like ``unit.descendants(level)``, with the path of codes to each member."""
    for child in unit.children:
        child_path = (*path, child.code)
        if child.level is level:
            yield child, child_path
        else:
            yield from _members(child, level, child_path)


def _blocker_for(item: Missing, path: tuple[str, ...]) -> Blocker:
    return Blocker(kind=item.kind, unit_path=path, key=item.key, missing=item,
                   text_vi=item.describe("vi"), text_en=item.describe("en"))


def _unsupported(path: tuple[str, ...], key: str, vi: str, en: str) -> Blocker:
    return Blocker(kind="unsupported", unit_path=path, key=key,
                   text_vi=f"Không đề xuất được thay đổi: {vi}",
                   text_en=f"No change can be proposed: {en}")


class _BoundHitError(Exception):
    """The exact search explored more combinations than its bound."""


class _State:
    """What the searches of one round share: plans by condition, and what each touches."""

    def __init__(self, root: Unit, year: int, limit: int) -> None:
        self.root = root
        self.year = year
        self.limit = limit
        self.explored = 0
        #: the plan of each comparison (the trace kept alive, so its id stays its own)
        self.atoms: dict[_Node, tuple[Trace, _Plan]] = {}
        #: per condition: the items its plans may touch, and the comparisons below it
        self.touched: dict[_Node, tuple[object, frozenset[Item], frozenset[Hashable]]] = {}
        #: per item: the comparisons (or blocked conditions) that touch it
        self.holders: dict[Item, set[Hashable]] = {}
        self.shared: frozenset[Item] = frozenset()
        self.external: dict[_Node, frozenset[Item]] = {}
        self.options: dict[_Node, tuple[Trace, tuple[_Option, ...]]] = {}
        self.greedy: dict[_Node, tuple[Trace, _Plan]] = {}
        self.stack: list[_Node] = []
        self.old: dict[Slot, Value | None] = {}
        self.contrib: dict[tuple[Slot, frozenset[_Want]], tuple[int, int, Fraction]] = {}
        self.serial = 0

    def count(self, n: int = 1) -> None:
        self.explored += n
        if self.explored > self.limit:
            raise _BoundHitError

    def original(self, slot: Slot) -> Value | None:
        if slot not in self.old:
            path, key, year = slot
            self.old[slot] = _original(self.root, path, key, year, self.year)
        return self.old[slot]


class _Base:
    """The primitives every path search shares (:class:`ntmcriteria.hooks.PathSearch`).

    ``span`` is the total length of the windows around the condition being planned:
    a failing record of a past year read there stops counting ``span`` years after
    the year it was read for.
    """

    def __init__(self, walk: _Walk, state: _State, span: int = 0) -> None:
        self.walk = walk
        self.state = state
        self.span = span

    def _with(self, walk: _Walk, span: int) -> Any:
        return type(self)(walk, self.state, span)

    def plan(self, trace: Trace, want: bool) -> Any:  # pragma: no cover - each search has it
        raise NotImplementedError

    def every(self, traces: Sequence[Trace], want: bool) -> Any:  # pragma: no cover
        raise NotImplementedError

    def choose(self, traces: Sequence[Trace], need: int, want: bool
               ) -> Any:  # pragma: no cover
        raise NotImplementedError

    def window(self, trace: Trace, years: int, want: bool) -> Any:
        inner = self._with(self.walk, self.span + years)
        return inner.every(trace.children, want) if want else inner.choose(trace.children, 1,
                                                                            want)

    def _member_walks(self, trace: Trace, level: Level) -> list[tuple[Trace, _Walk]]:
        walk = self.walk
        return [(child, walk.member(unit, path)) for child, (unit, path)
                in zip(trace.children, list(_members(walk.unit, level, walk.path)), strict=True)
                if child.outcome is not Outcome.PASS]

    def _members_blocked(self, trace: Trace, need: int, want: bool) -> _Plan | None:
        """Why members cannot be planned (a plan of blockers), or None when they can."""
        walk = self.walk
        if not want:
            return _Plan(blockers=(_unsupported(walk.path, trace.kind,
                                                "điều kiện phủ định về đơn vị trực thuộc",
                                                "a negated condition on member units"),))
        detail: Any = trace.detail
        if not trace.children or getattr(detail, "required", None) is None:
            return _Plan(blockers=tuple(_blocker_for(m, walk.path) for m in trace.missing))
        if need > sum(c.outcome is not Outcome.PASS for c in trace.children):
            return _Plan(blockers=(_unsupported(
                walk.path, trace.kind, "không đủ đơn vị trực thuộc để đạt yêu cầu",
                "not enough member units to reach the requirement"),))
        return None

    def _atom(self, trace: Trace, want: bool) -> _Plan:
        node = (id(trace), want)
        known = self.state.atoms.get(node)
        if known is None:
            known = (trace, _atom_plan(self.walk, trace, want, self.span))
            self.state.atoms[node] = known
        return known[1]


def _atom_plan(walk: _Walk, trace: Trace, want: bool, span: int) -> _Plan:
    """A comparison: set its fact to the value closest to passing (never a past year's)."""
    detail = trace.detail
    assert isinstance(detail, CompareDetail)  # noqa: S101 - only comparisons are atoms
    hard = [m for m in trace.missing if m.kind != "fact"]
    if hard:
        return _Plan(blockers=tuple(_blocker_for(m, walk.path) for m in hard))
    expr = detail.expr
    required = detail.required
    target = expr.primary
    offset: Number = 0
    reads = dict(detail.reads[i] for i in range(len(detail.reads)))
    if isinstance(expr, Difference):
        right_year = detail.reads[1][1] if len(detail.reads) > 1 else None
        right = None if right_year is None else _current_value(walk, expr.right.key,
                                                               right_year)
        if right is None or isinstance(right, bool):
            return _Plan(blockers=tuple(
                _blocker_for(m, walk.path) for m in trace.missing
                if m.key == expr.right.key) or (_unsupported(
                    walk.path, expr.right.key, "thiếu số liệu vế phải",
                    "the right-hand fact is missing"),))
        offset = right
    if required is None:
        # a missing baseline (ratio) or threshold fact: facts cannot set the requirement
        return _Plan(blockers=tuple(_blocker_for(m, walk.path) for m in trace.missing
                                    if m.key != target.key or isinstance(expr, Ratio)))
    year = detail.reads[0][1] if detail.reads else reads.get(target.key)
    if year is None:  # pragma: no cover - a missing recognition is a hard blocker above
        return _Plan(blockers=(_unsupported(walk.path, target.key, "thiếu năm",
                                            "the year is unknown"),))
    indicator = walk.indicators.get(target.key)
    if year < walk.year:
        return _past(walk, trace, target, year, indicator, span)
    op = detail.op if want else detail.operator.negation
    result = _target(op, required, offset, indicator)
    if result is None:
        label = target.key if indicator is None else indicator.label("vi")
        label_en = target.key if indicator is None else indicator.label("en")
        return _Plan(blockers=(Blocker(
            kind="bounds", unit_path=walk.path, key=target.key,
            text_vi=f"«{label}» [{target.key}] không thể đạt yêu cầu trong phạm vi giá trị "
                    "hợp lệ của chỉ tiêu",
            text_en=f"«{label_en}» [{target.key}] cannot meet the requirement within the "
                    "indicator's valid range"),))
    value, direction = result
    avoid = exact_add(required, offset) if direction == "!=" else None
    return _Plan(wants=(_Want(walk.path, walk.unit.name, target.key, year, value,
                              direction, indicator, avoid),))


def _past(walk: _Walk, trace: Trace, target: Fact, year: int, indicator: Indicator | None,
          span: int) -> _Plan:
    """A record of a past year is never changed: missing, it is data to supply; failing,
    the condition cannot pass until the year leaves every window that reads it."""
    unit = f"{walk.unit.name} ({walk.unit.code})" if walk.unit.name else walk.unit.code
    missing = [m for m in trace.missing if m.kind == "fact" and m.key == target.key]
    if missing:
        return _Plan(blockers=tuple(attrs.evolve(
            _blocker_for(m, walk.path), year=year,
            text_vi=m.describe("vi") + f" (năm {year} đã qua: cần bổ sung số liệu thực tế, "
                                       "không đề xuất thay đổi)",
            text_en=m.describe("en") + f" ({year} is a past year: its actual record is "
                                       "needed; no change is proposed)") for m in missing))
    label = target.key if indicator is None else indicator.label("vi")
    label_en = target.key if indicator is None else indicator.label("en")
    head_vi = (f"«{label}» [{target.key}] của {unit} năm {year}: năm đã qua, không thể "
               "thay đổi số liệu")
    head_en = (f"«{label_en}» [{target.key}] of {unit} in {year}: a past year, whose record "
               "cannot be changed")
    if target.at.form[0] != "offset":
        # a fixed year (or the year of a recognition): waiting never moves it
        return _Plan(blockers=(Blocker(
            kind="past", unit_path=walk.path, key=target.key, year=year,
            text_vi=f"{head_vi} — không thể đạt bằng cách thay đổi số liệu",
            text_en=f"{head_en} — it cannot be met by changing facts"),))
    # read for the year the condition was evaluated in (trace.year), itself ``span`` years
    # at most before the assessment year inside windows: the record is read again in every
    # later assessment year up to trace.year + span, and by none after
    until = trace.year + span + 1
    return _Plan(blockers=(Blocker(
        kind="past", unit_path=walk.path, key=target.key, year=year, earliest_year=until,
        text_vi=f"{head_vi} — không thể đạt trước năm {until}",
        text_en=f"{head_en} — cannot pass before year {until}"),))


# ------------------------------------------------------------------ the greedy search
class _Greedy(_Base):
    """Node by node: ``any_of`` takes the nearest part, ``at_least`` and members the
    nearest ones (the fallback when the exact search's bound is reached)."""

    def plan(self, trace: Trace, want: bool) -> _Plan:
        """Changes that make ``trace`` pass (``want=True``) or fail (``want=False``)."""
        goal = Outcome.PASS if want else Outcome.FAIL
        if trace.outcome is goal:
            return _Plan()
        node = (id(trace), want)
        known = self.state.greedy.get(node)
        if known is not None:
            return known[1]
        detail: Any = trace.detail
        plan: _Plan = detail.path(trace, self, want)
        self.state.greedy[node] = (trace, plan)
        return plan

    def every(self, traces: Sequence[Trace], want: bool) -> _Plan:
        plan = _Plan()
        for child in traces:
            plan = plan + self.plan(child, want)
        return plan

    def choose(self, traces: Sequence[Trace], need: int, want: bool) -> _Plan:
        goal = Outcome.PASS if want else Outcome.FAIL
        options = [(c, self.plan(c, want)) for c in traces if c.outcome is not goal]
        options.sort(key=lambda o: _key(o[1], o[0]) if want else (len(o[1].blockers),
                                                                    _INF, len(o[1].wants)))
        plan = _Plan()
        for _, option in options[:max(need, 0)]:
            plan = plan + option
        return plan

    def members(self, trace: Trace, level: Level, need: int, want: bool) -> _Plan:
        blocked = self._members_blocked(trace, need, want)
        if blocked is not None:
            return blocked
        options = []
        for child, walk in self._member_walks(trace, level):
            plan: _Plan = self._with(walk, self.span).plan(child, True)
            options.append((_key(plan, child), plan))
        options.sort(key=lambda o: o[0])
        plan = _Plan()
        for _, option in options[:need]:
            plan = plan + option
        return plan

    def atom(self, trace: Trace, want: bool) -> _Plan:
        return self._atom(trace, want)

    def blocked(self, missing: Iterable[Missing]) -> _Plan:
        return _Plan(blockers=tuple(_blocker_for(m, self.walk.path) for m in missing))

    def unsupported(self, key: str, vi: str, en: str) -> _Plan:
        return _Plan(blockers=(_unsupported(self.walk.path, key, vi, en),))


# ------------------------------------------------------------------ the exact search
# It runs the kinds' hooks twice. First :class:`_Touch` finds, for every condition to fix,
# the items (facts, blockers) any of its plans may touch and the comparisons below it:
# an item is *external* to a condition when a comparison elsewhere touches it too. Then
# :class:`_Exact` lists, for every condition, its ways of being fixed (options), keeping
# of the options that agree on the external items only the cheapest: an item no other
# condition touches adds the same to every total, so the cheapest choice there is the
# cheapest overall. Alternatives are combined in a dynamic programme over the parts
# (how many chosen so far), reduced the same way after each part. Exact, and bounded by
# the number of combinations made.
_Touched = tuple[frozenset[Item], frozenset[Hashable]]
_NOTHING: _Touched = (frozenset(), frozenset())


class _Touch(_Base):
    """What each condition's plans may touch (the exact search's first pass)."""

    def plan(self, trace: Trace, want: bool) -> _Touched:
        goal = Outcome.PASS if want else Outcome.FAIL
        if trace.outcome is goal:
            return _NOTHING
        node = (id(trace), want)
        known = self.state.touched.get(node)
        if known is not None:
            return known[1], known[2]
        detail: Any = trace.detail
        items, atoms = detail.path(trace, self, want)
        self.state.touched[node] = (trace, items, atoms)
        return items, atoms

    def _union(self, parts: Iterable[_Touched]) -> _Touched:
        items: set[Item] = set()
        atoms: set[Hashable] = set()
        for i, a in parts:
            items |= i
            atoms |= a
        return frozenset(items), frozenset(atoms)

    def every(self, traces: Sequence[Trace], want: bool) -> _Touched:
        return self._union(self.plan(c, want) for c in traces)

    def choose(self, traces: Sequence[Trace], need: int, want: bool) -> _Touched:
        return self.every(traces, want)

    def members(self, trace: Trace, level: Level, need: int, want: bool) -> _Touched:
        blocked = self._members_blocked(trace, need, want)
        if blocked is not None:
            return self._leaf(blocked, None)
        return self._union(self._with(walk, self.span).plan(child, True)
                           for child, walk in self._member_walks(trace, level))

    def _leaf(self, plan: _Plan, holder: Hashable | None) -> _Touched:
        state = self.state
        if holder is None:
            state.serial += 1
            holder = ("blocked", state.serial)
        items: frozenset[Item] = frozenset([*(w.slot for w in plan.wants), *plan.blockers])
        for item in items:
            state.holders.setdefault(item, set()).add(holder)
        return items, frozenset((holder,))

    def atom(self, trace: Trace, want: bool) -> _Touched:
        return self._leaf(self._atom(trace, want), (id(trace), want))

    def blocked(self, missing: Iterable[Missing]) -> _Touched:
        return self._leaf(_Plan(blockers=tuple(_blocker_for(m, self.walk.path)
                                               for m in missing)), None)

    def unsupported(self, key: str, vi: str, en: str) -> _Touched:
        return self._leaf(_Plan(blockers=(_unsupported(self.walk.path, key, vi, en),)), None)


def _same(a: Value | None, b: Value | None) -> bool:
    return a is not None and b is not None and isinstance(a, bool) == isinstance(b, bool) \
        and a == b


def _settle(wants: Iterable[_Want], old: Value | None) -> Value | None:
    """The value closest to ``old`` that every proposal for one fact accepts (None: none)."""
    exact: list[Value] = []
    lows: list[Number] = []
    highs: list[Number] = []
    avoids: list[_Want] = []
    for w in wants:
        if w.direction == "==":
            exact.append(w.value)
        elif w.direction == "!=":
            avoids.append(w)
        elif not isinstance(w.value, bool):
            (lows if w.direction == ">=" else highs).append(w.value)
    low = max(lows) if lows else None
    high = min(highs) if highs else None

    def accepted(value: Value) -> bool:
        return not any(_same(value, w.avoid) for w in avoids) and (isinstance(value, bool) or (
            (low is None or value >= low) and (high is None or value <= high)))

    if exact:
        first = exact[0]
        if any(not _same(first, other) for other in exact[1:]):
            return None
        if isinstance(first, bool):
            return None if lows or highs or avoids else first
        return first if accepted(first) else None
    if low is not None and high is not None and low > high:
        return None
    value: Value | None
    if old is not None and not isinstance(old, bool):
        value = (low if low is not None and old < low
                 else high if high is not None and old > high else old)
    else:
        value = low if low is not None else high
    if not avoids or (value is not None and accepted(value)):
        return value
    # a value to avoid: the nearest on either side of it that the rest accepts
    near = value if value is not None else avoids[0].value
    options = [w.value for w in avoids] + [
        step for w in avoids if not isinstance(w.avoid, bool) and w.avoid is not None
        for step in _beside(w.avoid, w.indicator)]
    fits = [v for v in options if not isinstance(v, bool) and accepted(v)
            and all(_in_bounds(v, w.indicator) for w in avoids)]
    if not fits:
        return None
    return min(fits, key=lambda v: abs(Fraction(v) - Fraction(near)))


def _beside(value: Number, indicator: Indicator | None) -> tuple[Number, Number]:
    """The values one step below and above ``value`` (whole numbers: one)."""
    step: Number = 1 if indicator is not None and \
        indicator.value_type is ValueType.INTEGER else _step(value)
    return exact_sub(value, step), exact_add(value, step)


def _change(old: Value | None, new: Value) -> Fraction:
    """The normalised size of a change: |new - old| / |new| (1 from no data, or for yes/no)."""
    if old is None or isinstance(old, bool) or isinstance(new, bool):
        return Fraction(1)
    moved = abs(Fraction(new) - Fraction(old))
    scale = abs(Fraction(new))
    return moved / scale if scale else moved


@attrs.frozen(eq=False)
class _Option:
    """One way of fixing a condition: the proposals per fact, the blockers, and its cost
    (blockers and contradictions, facts changed, total normalised change)."""

    wants: Mapping[Slot, frozenset[_Want]]
    blockers: tuple[Blocker, ...]
    conflicts: int
    changed: int
    moved: Fraction

    @property
    def cost(self) -> tuple[int, int, Fraction]:
        return (len(self.blockers) + self.conflicts, self.changed, self.moved)


_EMPTY = _Option({}, (), 0, 0, Fraction(0))


class _Exact(_Base):
    """The exact search (second pass): every condition's cheapest options."""

    def _contrib(self, slot: Slot, wants: frozenset[_Want]) -> tuple[int, int, Fraction]:
        state = self.state
        known = state.contrib.get((slot, wants))
        if known is None:
            old = state.original(slot)
            value = _settle(wants, old)
            if value is None:
                known = (1, 0, Fraction(0))
            elif _same(old, value):
                known = (0, 0, Fraction(0))
            else:
                known = (0, 1, _change(old, value))
            state.contrib[(slot, wants)] = known
        return known

    def _option(self, plan: _Plan) -> _Option:
        wants: dict[Slot, frozenset[_Want]] = {}
        for w in plan.wants:
            wants[w.slot] = wants.get(w.slot, frozenset()) | {w}
        conflicts = changed = 0
        moved = Fraction(0)
        for slot, group in wants.items():
            c, n, m = self._contrib(slot, group)
            conflicts, changed, moved = conflicts + c, changed + n, moved + m
        return _Option(wants, tuple(dict.fromkeys(plan.blockers)), conflicts, changed, moved)

    def _join(self, a: _Option, b: _Option) -> _Option:
        if a is _EMPTY:
            return b
        if b is _EMPTY:
            return a
        self.state.count()
        wants = {**a.wants, **b.wants}
        conflicts = a.conflicts + b.conflicts
        changed = a.changed + b.changed
        moved = a.moved + b.moved
        for slot in a.wants.keys() & b.wants.keys():
            x, y = a.wants[slot], b.wants[slot]
            if x == y:
                c, n, m = self._contrib(slot, x)
                conflicts, changed, moved = conflicts - c, changed - n, moved - m
                continue
            both = x | y
            wants[slot] = both
            for group, sign in ((x, -1), (y, -1), (both, 1)):
                c, n, m = self._contrib(slot, group)
                conflicts, changed, moved = (conflicts + sign * c, changed + sign * n,
                                             moved + sign * m)
        blockers = a.blockers if not b.blockers else tuple(dict.fromkeys(
            (*a.blockers, *b.blockers)))
        return _Option(wants, blockers, conflicts, changed, moved)

    @staticmethod
    def _reduce(options: Iterable[_Option], keep: frozenset[Item]) -> list[_Option]:
        """The cheapest option for each way of touching the items in ``keep`` (the first
        on a tie)."""
        best: dict[Hashable, _Option] = {}
        for option in options:
            if keep:
                key: Hashable = (
                    frozenset((s, option.wants[s]) for s in option.wants if s in keep),
                    frozenset(b for b in option.blockers if b in keep))
            else:
                key = None
            known = best.get(key)
            if known is None or option.cost < known.cost:
                best[key] = option
        return list(best.values())

    def _external(self) -> frozenset[Item]:
        """The items of the condition being planned that conditions elsewhere touch."""
        state = self.state
        node = state.stack[-1]
        known = state.external.get(node)
        if known is None:
            _, items, atoms = state.touched[node]
            known = frozenset(i for i in items & state.shared
                              if not state.holders[i] <= atoms)
            state.external[node] = known
        return known

    def plan(self, trace: Trace, want: bool) -> tuple[_Option, ...]:
        goal = Outcome.PASS if want else Outcome.FAIL
        if trace.outcome is goal:
            return (_EMPTY,)
        node = (id(trace), want)
        state = self.state
        known = state.options.get(node)
        if known is not None:
            return known[1]
        state.stack.append(node)
        try:
            detail: Any = trace.detail
            options = tuple(self._reduce(detail.path(trace, self, want), self._external()))
        finally:
            state.stack.pop()
        state.options[node] = (trace, options)
        return options

    def _items(self, trace: Trace, want: bool) -> frozenset[Item]:
        known = self.state.touched.get((id(trace), want))
        return frozenset() if known is None else known[1]

    def _later(self, parts: Sequence[tuple[Trace, bool, Any]]) -> list[frozenset[Item]]:
        """For each i, the items the parts from i on may touch."""
        later: list[frozenset[Item]] = [frozenset()] * (len(parts) + 1)
        for i in range(len(parts) - 1, -1, -1):
            trace, want, _ = parts[i]
            later[i] = later[i + 1] | self._items(trace, want)
        return later

    def _pick(self, parts: Sequence[tuple[Trace, bool, Any]], need: int
              ) -> tuple[_Option, ...]:
        """Options choosing ``need`` of ``parts`` ((trace, want, search)): a dynamic
        programme over the parts by the number chosen, reduced after each part to the
        items the parts still to come or other conditions may touch."""
        if need <= 0:
            return (_EMPTY,)
        external = self._external()
        later = self._later(parts)
        n = len(parts)
        states: list[list[_Option]] = [[_EMPTY]] + [[] for _ in range(need)]
        for i, (trace, want, search) in enumerate(parts):
            options = search.plan(trace, want)
            keep = external | later[i + 1]
            for j in range(min(i + 1, need), 0, -1):
                if j + (n - i - 1) < need:
                    break  # too few parts left to reach need from here (or below)
                grown = [self._join(s, o) for s in states[j - 1] for o in options]
                states[j] = self._reduce([*states[j], *grown], keep)
            low = need - (n - i - 1)  # states below this cannot reach need any more
            for j in range(max(low, 0)):
                states[j] = []
        return tuple(states[need])

    def every(self, traces: Sequence[Trace], want: bool) -> tuple[_Option, ...]:
        goal = Outcome.PASS if want else Outcome.FAIL
        parts = [(c, want, self) for c in traces if c.outcome is not goal]
        external = self._external()
        later = self._later(parts)
        options: list[_Option] = [_EMPTY]
        for i, (trace, part_want, _) in enumerate(parts):
            mine = self.plan(trace, part_want)
            options = self._reduce([self._join(s, o) for s in options for o in mine],
                                   external | later[i + 1])
        return tuple(options)

    def choose(self, traces: Sequence[Trace], need: int, want: bool) -> tuple[_Option, ...]:
        goal = Outcome.PASS if want else Outcome.FAIL
        parts = [(c, want, self) for c in traces if c.outcome is not goal]
        if need > len(parts):
            return (self._option(_Plan(blockers=(_unsupported(
                self.walk.path, "", "không đủ điều kiện để đạt yêu cầu",
                "not enough conditions to reach the requirement"),))),)
        return self._pick(parts, need)

    def members(self, trace: Trace, level: Level, need: int, want: bool
                ) -> tuple[_Option, ...]:
        blocked = self._members_blocked(trace, need, want)
        if blocked is not None:
            return (self._option(blocked),)
        parts = [(child, True, self._with(walk, self.span))
                 for child, walk in self._member_walks(trace, level)]
        return self._pick(parts, need)

    def atom(self, trace: Trace, want: bool) -> tuple[_Option, ...]:
        return (self._option(self._atom(trace, want)),)

    def blocked(self, missing: Iterable[Missing]) -> tuple[_Option, ...]:
        return (self._option(_Plan(blockers=tuple(_blocker_for(m, self.walk.path)
                                                  for m in missing))),)

    def unsupported(self, key: str, vi: str, en: str) -> tuple[_Option, ...]:
        return (self._option(_Plan(blockers=(_unsupported(self.walk.path, key, vi, en),))),)


def _current_value(walk: _Walk, key: str, year: int) -> Value | None:
    return walk.unit.facts_at(year, walk.year).get(key)


def _target(op: str, required: Value, offset: Number, indicator: Indicator | None
            ) -> tuple[Value, str] | None:
    """The value closest to passing ``fact op required`` (``fact - offset op required``)."""
    if isinstance(required, bool):
        if op in ("==", "!="):
            return (required if op == "==" else not required), "=="
        return None  # pragma: no cover - yes/no thresholds only take == and !=
    whole = indicator is not None and indicator.value_type is ValueType.INTEGER
    goal: Number = exact_add(required, offset)
    if op == ">=":
        value: Number = math.ceil(goal) if whole else goal
        direction = ">="
    elif op == "<=":
        value = math.floor(goal) if whole else goal
        direction = "<="
    elif op == "==":
        if whole and goal != int(goal):
            return None
        value, direction = (int(goal) if whole else goal), "=="
    elif op == "<":
        value = (math.ceil(goal) - 1) if whole else exact_sub(goal, _step(goal))
        direction = "<="
    elif op == ">":
        value = (math.floor(goal) + 1) if whole else exact_add(goal, _step(goal))
        direction = ">="
    else:  # "!=": one step away, inside the bounds if possible
        value = exact_add(goal, 1 if whole else _step(goal))
        direction = "!="
        if not _in_bounds(value, indicator):
            value = exact_sub(goal, 1 if whole else _step(goal))
    if not _in_bounds(value, indicator):
        return None
    return value, direction


def _step(value: Number) -> Decimal:
    exponent = Decimal(value).as_tuple().exponent
    places = min(int(exponent) if isinstance(exponent, int) else 0, -2)
    return Decimal(f"1E{places}")  # exact, whatever the caller's decimal context


def _in_bounds(value: Number, indicator: Indicator | None) -> bool:
    if indicator is None:
        return True
    low, high = indicator.bounds
    return (low is None or value >= low) and (high is None or value <= high)


def _walk_for(assessment: Assessment) -> _Walk:
    indicators = assessment.criteria_set.all_indicators()
    unit = assessment.unit
    return _Walk(unit=unit, path=(unit.code,), year=assessment.year, indicators=indicators)


def _original(unit: Unit, path: tuple[str, ...], key: str, year: int, assessment_year: int
              ) -> Value | None:
    node = unit
    for code in path[1:]:
        node = next(c for c in node.children if c.code == code)
    return node.facts_at(year, assessment_year).get(key)


@attrs.frozen
class _Proposal:
    values: dict[Slot, tuple[Value, _Want]]
    blockers: tuple[Blocker, ...]
    bound_hit: bool = False
    #: the proposals each value settles, per fact
    wants: dict[Slot, frozenset[_Want]] = attrs.field(factory=dict)


def _greedy(assessment: Assessment) -> _Proposal:
    walk = _walk_for(assessment)
    state = _State(assessment.unit, assessment.year, 0)
    plan = _Greedy(walk, state).every([r.trace for r in assessment.results], True)
    merged: dict[Slot, _Want] = {}
    for w in plan.wants:
        old = merged.get(w.slot)
        if old is not None and old.direction == w.direction and not isinstance(w.value, bool) \
                and not isinstance(old.value, bool):
            if w.direction == ">=" and old.value >= w.value:
                continue
            if w.direction == "<=" and old.value <= w.value:
                continue
        merged[w.slot] = w
    return _Proposal({s: (w.value, w) for s, w in merged.items()},
                     tuple(dict.fromkeys(plan.blockers)),
                     wants={s: frozenset((w,)) for s, w in merged.items()})


def _exact(assessment: Assessment, limit: int) -> _Proposal:
    walk = _walk_for(assessment)
    state = _State(assessment.unit, assessment.year, limit)
    traces = [r.trace for r in assessment.results]
    root: _Node = (0, True)  # no trace has id 0
    items, atoms = _Touch(walk, state).every(traces, True)
    state.touched[root] = (traces, items, atoms)
    state.shared = frozenset(i for i, holders in state.holders.items() if len(holders) > 1)
    state.stack.append(root)
    search = _Exact(walk, state)
    options = search.every(traces, True)
    best = min(options, key=lambda o: o.cost)
    values: dict[Slot, tuple[Value, _Want]] = {}
    blockers = list(best.blockers)
    for slot, wants in best.wants.items():
        value = _settle(wants, state.original(slot))
        first = next(iter(wants))
        if value is None:
            label = first.key if first.indicator is None else first.indicator.label("vi")
            label_en = first.key if first.indicator is None else first.indicator.label("en")
            blockers.append(Blocker(
                kind="conflict", unit_path=slot[0], key=slot[1], year=slot[2],
                text_vi=f"Các điều kiện về «{label}» [{slot[1]}] năm {slot[2]} mâu thuẫn "
                        "nhau: không có giá trị nào thỏa mãn tất cả",
                text_en=f"The conditions on «{label_en}» [{slot[1]}] in {slot[2]} "
                        "contradict each other: no value satisfies them all"))
            continue
        values[slot] = (value, first)
    return _Proposal(values, tuple(blockers), wants=dict(best.wants))


def path_to_tier(criteria_set: CriteriaSet, unit: Unit, *, year: int,
                 parameters: Mapping[str, Any] | None = None,
                 allow_outside_period: bool = False, exact: bool = True,
                 max_combinations: int = MAX_PATH_COMBINATIONS) -> PathToTier:
    """The fewest fact changes that make ``unit`` pass ``criteria_set`` in ``year``.

    Fewest facts first (a fact shared by several conditions counts once), then the
    smallest total normalised change; no fact of a year before ``year`` is ever
    changed (see the module docstring). ``exact=False`` gives the greedy proposal
    (node by node); the exact search explores at most ``max_combinations``
    combinations (:data:`~ntmcriteria.limits.MAX_PATH_COMBINATIONS`) and beyond
    that falls back to the greedy proposal, saying so in :attr:`PathToTier.note_vi`
    and :attr:`PathToTier.note_en`.
    """
    from ntmcriteria import units as _units
    from ntmcriteria.criteria import CriteriaSet

    if not isinstance(criteria_set, CriteriaSet):
        raise NTMTypeError(f"criteria_set must be a CriteriaSet "
                           f"(got {type(criteria_set).__name__}: {shown(criteria_set)})")
    if not isinstance(unit, _units.Unit):
        raise NTMTypeError(f"unit must be a unit (Commune, Village, ...) "
                           f"(got {type(unit).__name__}: {shown(unit)})")
    if not isinstance(exact, bool):
        raise NTMTypeError(f"exact must be True or False (got {shown(exact)})")
    if isinstance(max_combinations, bool) or not isinstance(max_combinations, int) \
            or max_combinations < 1:
        raise NTMValueError(f"max_combinations must be a whole number of at least 1 "
                            f"(got {shown(max_combinations)})")

    def assess(u: Unit) -> Assessment:
        return criteria_set.assess(u, year=year, parameters=parameters,
                                   allow_outside_period=allow_outside_period)

    before = assess(unit)
    merged: dict[Slot, tuple[Value, _Want]] = {}
    #: every round's proposals for each fact: a later round (fixing a condition an earlier
    #: change broke) settles its value with them, so it does not break them in turn
    kept: dict[Slot, frozenset[_Want]] = {}
    blockers: dict[Blocker, None] = {}
    bound_hit = False
    current = before
    for _ in range(MAX_ROUNDS):
        if current.outcome is Outcome.PASS:
            break
        proposal: _Proposal | None = None
        if exact and not bound_hit:
            try:
                proposal = _exact(current, max_combinations)
            except _BoundHitError:
                bound_hit = True
        if proposal is None:
            proposal = _greedy(current)
        for blocker in proposal.blockers:
            blockers.setdefault(blocker, None)
        size = dict(merged)
        values = dict(proposal.values)
        for slot, wants in proposal.wants.items():
            earlier = kept.get(slot)
            kept[slot] = wants if earlier is None else earlier | wants
            if earlier is not None and slot in values and not wants <= earlier:
                path, key, fact_year = slot
                value = _settle(kept[slot], _original(unit, path, key, fact_year, year))
                if value is not None:
                    values[slot] = (value, values[slot][1])
        merged.update(values)
        if merged == size:
            break
        current = assess(apply_changes(unit, _changes(unit, merged, year), year))
    changes = _changes(unit, merged, year)
    after = assess(apply_changes(unit, changes, year)) if changes else before
    if not blockers and after.outcome is not Outcome.PASS:
        blockers.setdefault(Blocker(
            kind="conflict", unit_path=(unit.code,), key="",
            text_vi="Các điều kiện mâu thuẫn nhau: không tìm được số liệu thỏa mãn tất cả "
                    f"(sau khi thay đổi vẫn {after.outcome.label_vi})",
            text_en="The conditions contradict each other: no facts satisfy them all "
                    f"(after the changes: {after.outcome.label_en})"), None)
    note_vi = note_en = ""
    if bound_hit:
        bound = f"{max_combinations:,}"
        note_vi = (f"Đã chạm giới hạn tìm kiếm ({bound.replace(',', '.')} tổ hợp, "
                   "MAX_PATH_COMBINATIONS): đề xuất theo cách chọn từng bước, có thể chưa phải "
                   "ít thay đổi nhất")
        note_en = (f"The search bound was reached ({bound} combinations, "
                   "MAX_PATH_COMBINATIONS): the proposal is chosen step by step and may not be "
                   "the fewest changes")
    return PathToTier(before=before, after=after, changes=changes, blockers=tuple(blockers),
                      exact=exact and not bound_hit, note_vi=note_vi, note_en=note_en)


def _changes(unit: Unit, merged: Mapping[Slot, tuple[Value, _Want]], year: int
             ) -> tuple[FactChange, ...]:
    out = []
    for (path, key, fact_year), (value, want) in merged.items():
        old = _original(unit, path, key, fact_year, year)
        if _same(old, value):
            continue
        out.append(FactChange(unit_path=path, unit_name=want.name, key=key, year=fact_year,
                              old=old, new=value, indicator=want.indicator,
                              past=fact_year < year))
    return tuple(out)


# ------------------------------------------------------------------ ranking candidates
@attrs.frozen(kw_only=True, eq=False)
class Ranked:
    """A candidate's place: fewer failing criteria first, then the smaller total normalised
    shortfall, then fewer criteria without enough data, then the unit code."""

    position: int
    unit: Unit
    assessment: Assessment
    failed: int
    unknown: int
    distance: Fraction


def rank_candidates(candidates: Iterable[tuple[Unit, Assessment]]) -> tuple[Ranked, ...]:
    """Order a plan's candidates ``(unit, assessment)`` by how close they are to passing."""
    from ntmcriteria import units as _units
    from ntmcriteria.assessment import Assessment

    if isinstance(candidates, str | bytes | Mapping) or not isinstance(candidates, Iterable):
        raise NTMTypeError(f"candidates must be a sequence of (unit, assessment) pairs "
                           f"(got {type(candidates).__name__}: {shown(candidates)})")
    rows = []
    for index, item in enumerate(candidates):
        if not (isinstance(item, tuple) and len(item) == 2):
            raise NTMTypeError(f"candidates[{index}] must be a (unit, assessment) pair "
                               f"(got {type(item).__name__}: {shown(item)})")
        unit, assessment = item
        if not isinstance(unit, _units.Unit):
            raise NTMTypeError(f"candidates[{index}][0] must be a unit (Commune, District, ...) "
                               f"(got {type(unit).__name__}: {shown(unit)})")
        if not isinstance(assessment, Assessment):
            raise NTMTypeError(f"candidates[{index}][1] must be an Assessment "
                               f"(got {type(assessment).__name__}: {shown(assessment)})")
        if assessment.unit.code != unit.code:
            raise NTMValueError(f"candidates[{index}]: the assessment is of unit "
                                f"{assessment.unit.code!r}, not {unit.code!r}")
        distance = Fraction(0)
        for result in assessment.results:
            if result.outcome is Outcome.FAIL:
                distance += normalised_shortfall(result.trace) or Fraction(0)
        rows.append((len(assessment.failed), distance, len(assessment.unknown), unit.code,
                     index, unit, assessment))
    rows.sort(key=lambda r: r[:5])
    return tuple(Ranked(position=i + 1, unit=r[5], assessment=r[6], failed=r[0], unknown=r[2],
                        distance=r[1]) for i, r in enumerate(rows))
