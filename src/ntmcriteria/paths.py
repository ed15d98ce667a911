"""The path to the next tier: which facts to change, on which unit, to what values.

:func:`path_to_tier` walks the traces of an assessment against the target set
and proposes, for every condition that does not pass, the smallest change of
facts that makes it pass:

- a comparison sets its fact to the required value (rounded *towards passing*
  for whole-number indicators; ``a - b`` changes ``a``; a ratio changes the
  current value, never the baseline);
- ``all_of`` (and ``held_each_year``, ``meets``) fixes every part that does not
  pass; ``any_of`` fixes the single part with the smallest normalised
  shortfall (see :mod:`ntmcriteria.analysis.closeness`); ``at_least(k)``, shares
  and counts fix the fewest, nearest parts or member units (villages included)
  that reach the requirement; ``not_`` makes its part fail;
- what facts cannot fix is reported as a :class:`Blocker`: a missing parameter,
  recognition or region, a requirement out of the indicator's bounds, a baseline
  that is missing.

The proposal is then checked: the changes are applied and the unit re-assessed
(repeating, a few rounds at most, where one change interacts with another), so
``path.reachable`` is true exactly when applying ``path.changes`` makes the unit
pass. :func:`rank_candidates` orders a plan's candidates by how close they are.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

import attrs

from ntmcriteria._values import Number, Value, exact_add, exact_sub, shown
from ntmcriteria._visible import one_line
from ntmcriteria.analysis.closeness import normalised_shortfall
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.indicators import Indicator, ValueType
from ntmcriteria.outcome import Outcome
from ntmcriteria.render._format import check_lang, format_quantity
from ntmcriteria.rules import CompareDetail, Difference, Ratio
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
    ``region``, ``children``, ``fact`` (a value the requirement itself depends on),
    ``bounds`` (the requirement is outside the indicator's range), ``conflict`` (conditions
    that contradict each other) or ``unsupported``."""

    kind: str
    unit_path: tuple[str, ...]
    key: str
    text_vi: str
    text_en: str
    missing: Missing | None = None

    def describe(self, lang: str = "vi") -> str:
        return self.text_vi if check_lang(lang) == "vi" else self.text_en


@attrs.frozen(kw_only=True, eq=False)
class PathToTier:
    """The proposed changes, what facts cannot fix, and the assessments before and after."""

    before: Assessment
    after: Assessment
    changes: tuple[FactChange, ...]
    blockers: tuple[Blocker, ...]

    @property
    def reachable(self) -> bool:
        """Applying :attr:`changes` makes the unit pass the target set."""
        return not self.blockers and self.after.outcome is Outcome.PASS

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
        verdict = self.after.outcome
        lines.append(("Sau khi thay đổi: " if vi else "After the changes: ")
                     + (verdict.label_vi if vi else verdict.label_en))
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
@attrs.frozen
class _Want:
    """A proposed value with its direction, so two proposals for one fact can merge."""

    path: tuple[str, ...]
    name: str
    key: str
    year: int
    value: Value
    direction: str  # ">=" at least, "<=" at most, "==" exactly
    indicator: Indicator | None


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


class _Search:
    """The path search's side of the ``path`` hooks (:class:`ntmcriteria.hooks.PathSearch`)."""

    def __init__(self, walk: _Walk) -> None:
        self.walk = walk
        #: plans already made, by trace (a referenced set's traces are shared by every
        #: ``meets`` that refers to it: each is planned once)
        self._memo: dict[tuple[int, bool], tuple[Trace, _Plan]] = {}

    def plan(self, trace: Trace, want: bool) -> _Plan:
        """Changes that make ``trace`` pass (``want=True``) or fail (``want=False``)."""
        goal = Outcome.PASS if want else Outcome.FAIL
        if trace.outcome is goal:
            return _Plan()
        known = self._memo.get((id(trace), want))
        if known is not None:
            return known[1]
        detail: Any = trace.detail
        plan: _Plan = detail.path(trace, self, want)
        self._memo[(id(trace), want)] = (trace, plan)
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
        walk = self.walk
        if not want:
            return self.unsupported(trace.kind, "điều kiện phủ định về đơn vị trực thuộc",
                                    "a negated condition on member units")
        if not trace.children:
            return _Plan(blockers=tuple(_blocker_for(m, walk.path) for m in trace.missing))
        detail: Any = trace.detail
        if getattr(detail, "required", None) is None:
            return _Plan(blockers=tuple(_blocker_for(m, walk.path) for m in trace.missing))
        members = list(_members(walk.unit, level, walk.path))
        options = []
        for child, (unit, path) in zip(trace.children, members, strict=True):
            if child.outcome is Outcome.PASS:
                continue
            plan = _Search(walk.member(unit, path)).plan(child, True)
            options.append((_key(plan, child), plan))
        options.sort(key=lambda o: o[0])
        if need > len(options):
            return self.unsupported(trace.kind, "không đủ đơn vị trực thuộc để đạt yêu cầu",
                                    "not enough member units to reach the requirement")
        plan = _Plan()
        for _, option in options[:need]:
            plan = plan + option
        return plan

    def blocked(self, missing: Iterable[Missing]) -> _Plan:
        return _Plan(blockers=tuple(_blocker_for(m, self.walk.path) for m in missing))

    def unsupported(self, key: str, vi: str, en: str) -> _Plan:
        return _Plan(blockers=(Blocker(kind="unsupported", unit_path=self.walk.path, key=key,
                                       text_vi=f"Không đề xuất được thay đổi: {vi}",
                                       text_en=f"No change can be proposed: {en}"),))

    def atom(self, trace: Trace, want: bool) -> _Plan:
        """A comparison: set its fact to the value closest to passing."""
        walk = self.walk
        detail = trace.detail
        assert isinstance(detail, CompareDetail)  # noqa: S101 - only comparisons are atoms
        hard = [m for m in trace.missing if m.kind != "fact"]
        if hard:
            return self.blocked(hard)
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
                    if m.key == expr.right.key) or self.unsupported(
                    expr.right.key, "thiếu số liệu vế phải", "the right-hand fact is missing"
                ).blockers)
            offset = right
        if required is None:
            # a missing baseline (ratio) or threshold fact: facts cannot set the requirement
            return self.blocked(m for m in trace.missing
                                if m.key != target.key or isinstance(expr, Ratio))
        year = detail.reads[0][1] if detail.reads else reads.get(target.key)
        if year is None:  # pragma: no cover - a missing recognition is a hard blocker above
            return self.unsupported(target.key, "thiếu năm", "the year is unknown")
        indicator = walk.indicators.get(target.key)
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
        return _Plan(wants=(_Want(walk.path, walk.unit.name, target.key, year, value,
                                  direction, indicator),))


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
        direction = "=="
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


def _merge(wants: Iterable[_Want], merged: dict[tuple[tuple[str, ...], str, int], _Want]
           ) -> None:
    for w in wants:
        slot = (w.path, w.key, w.year)
        old = merged.get(slot)
        if old is not None and old.direction == w.direction and not isinstance(w.value, bool) \
                and not isinstance(old.value, bool):
            if w.direction == ">=" and old.value >= w.value:
                continue
            if w.direction == "<=" and old.value <= w.value:
                continue
        merged[slot] = w


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


def path_to_tier(criteria_set: CriteriaSet, unit: Unit, *, year: int,
                 parameters: Mapping[str, Any] | None = None,
                 allow_outside_period: bool = False) -> PathToTier:
    """The smallest set of fact changes that makes ``unit`` pass ``criteria_set`` in ``year``.

    See the module docstring for how each kind of condition is fixed.
    """
    from ntmcriteria import units as _units
    from ntmcriteria.criteria import CriteriaSet

    if not isinstance(criteria_set, CriteriaSet):
        raise NTMTypeError(f"criteria_set must be a CriteriaSet "
                           f"(got {type(criteria_set).__name__}: {shown(criteria_set)})")
    if not isinstance(unit, _units.Unit):
        raise NTMTypeError(f"unit must be a unit (Commune, Village, ...) "
                           f"(got {type(unit).__name__}: {shown(unit)})")

    def assess(u: Unit) -> Assessment:
        return criteria_set.assess(u, year=year, parameters=parameters,
                                   allow_outside_period=allow_outside_period)

    before = assess(unit)
    merged: dict[tuple[tuple[str, ...], str, int], _Want] = {}
    blockers: dict[Blocker, None] = {}
    current = before
    for _ in range(MAX_ROUNDS):
        if current.outcome is Outcome.PASS:
            break
        walk = _walk_for(current)
        plan = _Plan()
        for result in current.results:
            plan = plan + _Search(walk).plan(result.trace, True)
        for blocker in plan.blockers:
            blockers.setdefault(blocker, None)
        size = dict(merged)
        _merge(plan.wants, merged)
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
    return PathToTier(before=before, after=after, changes=changes, blockers=tuple(blockers))


def _changes(unit: Unit, merged: Mapping[tuple[tuple[str, ...], str, int], _Want], year: int
             ) -> tuple[FactChange, ...]:
    out = []
    for (path, key, fact_year), want in merged.items():
        old = _original(unit, path, key, fact_year, year)
        if old is not None and type(old) is type(want.value) and old == want.value:
            continue
        out.append(FactChange(unit_path=path, unit_name=want.name, key=key, year=fact_year,
                              old=old, new=want.value, indicator=want.indicator,
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
