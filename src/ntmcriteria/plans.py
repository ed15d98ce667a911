"""Plans: candidates, targets, and a tracker of progress from assessments.

A :class:`Plan` lists candidate units (each with the criteria set it is
assessed against and, for communes, an outstanding group), targets ("16
model communes by 2025") and the sets in force (:class:`SetInForce`): which set a
unit of a level is judged by in a year, when the texts replaced the plan's own.

**Which set judges.** :meth:`Plan.progress` judges each candidate, in each year it
was assessed, by the set ``judge_by`` names: by default (``None``) the set the plan
lists as in force for its level in that year, or the candidate's own set when the
plan lists none for that year; ``"candidate"``: always the candidate's own set (for
the Quảng Nam plan, the 2021 draft's); a set id: that set, for the candidates of its
level. The progress records the choice (:attr:`PlanProgress.judged_by`) and every
rendering says it. :meth:`Plan.progress` takes assessments of any
subset of candidates, in any years, and reports per group and overall how many
pass, fail or are unknown, the distance to each target, and which candidates
are closest to passing (fewest, then smallest, shortfalls).

:func:`ntmcriteria.catalog.quang_nam_plan` is the Quảng Nam 2021-2025 plan of the seed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import cast

import attrs

from ntmcriteria._values import exact_number, nfc, shown, typed
from ntmcriteria._visible import one_line
from ntmcriteria.analysis.closeness import normalised_shortfall
from ntmcriteria.assessment import Assessment, Shortfall
from ntmcriteria.citations import Citation
from ntmcriteria.errors import NTMTypeError, NTMValueError, UnknownNameError
from ntmcriteria.glossary import counted, term
from ntmcriteria.outcome import Outcome
from ntmcriteria.render import format_amount, format_quantity, format_value
from ntmcriteria.render._format import check_lang
from ntmcriteria.units import Level, to_level

__all__ = [
    "CANDIDATE",
    "Candidate",
    "CandidateStatus",
    "Judgement",
    "Plan",
    "PlanProgress",
    "SetInForce",
    "Tally",
    "Target",
    "TargetProgress",
    "Trajectory",
    "TrajectoryPoint",
    "describe_shortfall",
]


def _level(value: object) -> Level:
    return to_level(value)


def _code(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise NTMTypeError(f"{attribute.name} must be a non-empty string (got {shown(value)})")


def _opt_int(instance: object, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise NTMTypeError(f"{attribute.name} must be an int or None (got {shown(value)})")


def _int(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise NTMTypeError(f"{type(instance).__name__}.{attribute.name} must be an int "
                           f"(got {type(value).__name__}: {shown(value)})")


def _text(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise NTMTypeError(f"{type(instance).__name__}.{attribute.name} must be a non-empty "
                           f"string (got {type(value).__name__}: {shown(value)})")


def _citation(instance: object, attribute: attrs.Attribute[Citation], value: Citation) -> None:
    if not isinstance(value, Citation):
        raise NTMTypeError(f"{type(instance).__name__}.{attribute.name} must be a Citation "
                           f"(got {type(value).__name__}: {shown(value)})")


def _name(value: object) -> str:
    return nfc(value, "name").strip()


def _district(value: object) -> str:
    return nfc(value, "district").strip()


def _sequence(name: str, value: object) -> tuple[object, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise NTMTypeError(f"{name} must be a sequence (got {type(value).__name__}: "
                           f"{shown(value)})")
    return tuple(value)


def _candidates(value: object) -> tuple[Candidate, ...]:
    # the items are checked by the validator ``_unique_codes``
    return cast("tuple[Candidate, ...]", _sequence("candidates", value))


def _in_force(value: object) -> tuple[SetInForce, ...]:
    items = _sequence("in_force", value)
    for index, item in enumerate(items):
        if not isinstance(item, SetInForce):
            raise NTMTypeError(f"in_force[{index}] must be a SetInForce "
                               f"(got {type(item).__name__})")
    return cast("tuple[SetInForce, ...]", items)


def _targets(value: object) -> tuple[Target, ...]:
    items = _sequence("targets", value)
    for index, item in enumerate(items):
        if not isinstance(item, Target):
            raise NTMTypeError(f"targets[{index}] must be a Target (got {type(item).__name__})")
    return cast("tuple[Target, ...]", items)


@attrs.frozen(kw_only=True)
class Candidate:
    """A unit a plan aims to bring to a tier: code, name, district, group, NTM year, set."""

    code: str = attrs.field(validator=_code)
    name: str = attrs.field(converter=_name)
    level: Level = attrs.field(converter=_level)
    set_id: str = attrs.field(validator=_code)
    district: str = attrs.field(default="", converter=_district)
    group: int | None = attrs.field(default=None, validator=_opt_int)
    ntm_year: int | None = attrs.field(default=None, validator=_opt_int)


def _opt_count(instance: object, attribute: attrs.Attribute[int | None], value: int | None
               ) -> None:
    if value is not None:
        _int(instance, attribute, value)  # type: ignore[arg-type]


def _to_share(value: object) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str | float):
        raise NTMTypeError(f"Target.share must be a percentage (got {type(value).__name__}: "
                           f"{value!r:.60})")
    share = exact_number(value, "Target.share")
    if not 0 <= share <= 100:
        raise NTMValueError(f"Target.share must be a percentage in [0, 100] (got {value!r})")
    return Decimal(share)


def _opt_set(instance: object, attribute: attrs.Attribute[str | None], value: str | None
             ) -> None:
    if value is not None:
        _text(instance, attribute, value)  # type: ignore[arg-type]


@attrs.frozen(kw_only=True)
class Target:
    """``count`` units of ``level`` passing by ``year``, or a ``share`` (a percentage) of the
    plan's candidates of that level; ``set_id``: the set a unit must pass to count (None:
    each candidate's own set); ``approximate``: the text says "about" (khoảng)."""

    level: Level = attrs.field(converter=_level)
    year: int = attrs.field(validator=_int)
    label_vi: str = attrs.field(validator=_text)
    label_en: str = attrs.field(validator=_text)
    citation: Citation = attrs.field(validator=_citation)
    count: int | None = attrs.field(default=None, validator=_opt_count)
    share: Decimal | None = attrs.field(default=None, converter=_to_share)
    set_id: str | None = attrs.field(default=None, validator=_opt_set)
    approximate: bool = attrs.field(default=False, validator=typed(bool, "True or False"))

    def __attrs_post_init__(self) -> None:
        if (self.count is None) == (self.share is None):
            raise NTMValueError("a target needs either count= (a number of units) or share= "
                                "(a percentage of the candidates), not both")
        if self.count is not None and self.count < 0:
            raise NTMValueError(f"target count must be a whole number >= 0 (got {self.count!r})")

    def required(self, candidates: int) -> int:
        """How many units must pass, out of ``candidates`` of the target's level."""
        if self.count is not None:
            return self.count
        assert self.share is not None  # noqa: S101 - one of count and share is given
        return math.ceil(Fraction(self.share) * candidates / 100)


def _year_range(instance: SetInForce, attribute: attrs.Attribute[int], value: int) -> None:
    _int(instance, attribute, value)


@attrs.frozen(kw_only=True)
class SetInForce:
    """``set_id`` is the set units of ``level`` are judged by from ``valid_from`` to
    ``valid_to`` (the text in force then, cited)."""

    level: Level = attrs.field(converter=_level)
    set_id: str = attrs.field(validator=_code)
    valid_from: int = attrs.field(validator=_year_range)
    valid_to: int = attrs.field(validator=_year_range)
    citation: Citation = attrs.field(validator=_citation)

    def __attrs_post_init__(self) -> None:
        if self.valid_from > self.valid_to:
            raise NTMValueError(f"set in force {self.set_id!r}: valid_from {self.valid_from} "
                                f"is after valid_to {self.valid_to}")

    def covers(self, level: Level, year: int) -> bool:
        return level is self.level and self.valid_from <= year <= self.valid_to


#: ``Plan.progress(judge_by=CANDIDATE)``: judge every candidate by its own set.
CANDIDATE = "candidate"
#: How a set came to judge (see :class:`Judgement`).
JUDGED_HOW = ("in_force", "own", "chosen")


@attrs.frozen(kw_only=True)
class Judgement:
    """The set candidates of ``level`` were judged by in ``years``, and why: ``how`` is
    ``"in_force"`` (the plan lists it as in force then), ``"own"`` (the candidates' own
    sets: the plan lists no set in force in those years) or ``"chosen"`` (the caller's
    ``judge_by``)."""

    level: Level
    set_id: str
    how: str
    years: tuple[int, ...]
    label_vi: str = ""
    label_en: str = ""
    citation: Citation | None = None

    def describe(self, lang: str = "vi") -> str:
        """"Đánh giá theo: <set> (<id>) — bộ có hiệu lực năm 2024", worded."""
        vi = check_lang(lang) == "vi"
        label = (self.label_vi if vi else self.label_en) or self.set_id
        name = label if label == self.set_id else f"{label} ({self.set_id})"
        years = ", ".join(map(str, self.years))
        level = self.level.label_vi if vi else self.level.label_en
        if self.how == "in_force":
            why = (f"bộ tiêu chí có hiệu lực năm {years}" if vi
                   else f"the set in force in {years}")
            if self.citation is not None:
                why += (f", {term('source', 'vi').lower()}: " if vi else ", source: "
                        ) + self.citation.describe(lang)
        elif self.how == "chosen":
            why = (f"do người dùng chọn (năm {years})" if vi
                   else f"chosen by the caller (for {years})")
        else:
            why = (f"bộ tiêu chí riêng của ứng viên; Kế hoạch không nêu bộ tiêu chí có hiệu lực "
                   f"năm {years}"
                   if vi else f"the candidate's own set; the plan names no set in force in "
                              f"{years}")
        head = f"Đánh giá {level} theo: " if vi else f"{level.capitalize()}s judged by: "
        return f"{head}{name} — {why}"


@attrs.frozen(kw_only=True)
class Tally:
    """Codes of candidates that pass, fail, are unknown, were not assessed, or to which no
    criterion of the set applies (``not_applicable``: not passing, and not failing)."""

    passed: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    not_assessed: tuple[str, ...] = ()
    not_applicable: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return (len(self.passed) + len(self.failed) + len(self.unknown) + len(self.not_assessed)
                + len(self.not_applicable))


@attrs.frozen(kw_only=True)
class TargetProgress:
    """How far a target is: ``distance`` more passing units are needed.

    Only assessments of the target year or earlier count: a unit passing after
    the target year does not show the target met *by* that year.
    """

    target: Target
    passed: int
    possible: int
    #: how many units must pass (the count, or the share of the candidates, rounded up)
    needed: int = 0
    #: candidates of the target's level in the plan
    candidates: int = 0
    #: the latest year assessed up to the target year (None when nothing was assessed by then)
    as_of: int | None = None
    #: candidates of the target's level assessed by the target year (their latest such year counts)
    counted: int = 0
    #: candidates of the target's level with assessments after the target year (not counted)
    assessed_after: int = 0

    @property
    def distance(self) -> int:
        return max(0, self.needed - self.passed)

    @property
    def met(self) -> bool:
        return self.distance == 0

    @property
    def final(self) -> bool:
        """Whether the assessments are of the target year or later (no time left)."""
        return self.assessed_after > 0 or (self.as_of is not None
                                           and self.as_of >= self.target.year)

    @property
    def only_after(self) -> bool:
        """Whether the target's candidates were assessed only after the target year, so
        nothing shows how many passed by then."""
        return self.counted == 0 and self.assessed_after > 0

    @property
    def reachable(self) -> bool:
        """Whether the target can still be met by the candidates.

        Before the target year every candidate may still improve, so only a plan
        with too few candidates is out of reach; from the target year on, failing
        candidates no longer count."""
        return self.possible >= self.needed


@attrs.frozen(kw_only=True, eq=False)
class CandidateStatus:
    """A candidate with its (latest) assessment, its shortfalls and its distance to passing."""

    candidate: Candidate
    assessment: Assessment | None
    shortfalls: tuple[Shortfall, ...] = ()
    distance: Fraction | None = None
    missing: int = 0

    @property
    def outcome(self) -> Outcome | None:
        return None if self.assessment is None else self.assessment.outcome


@attrs.frozen(kw_only=True)
class TrajectoryPoint:
    """A candidate's verdict in one year: the set's outcome and how many criteria pass,
    fail or lack data."""

    year: int
    outcome: Outcome
    passed: int
    failed: int
    unknown: int


@attrs.frozen(kw_only=True, eq=False)
class Trajectory:
    """A candidate's verdicts year by year (every year it was assessed in)."""

    candidate: Candidate
    points: tuple[TrajectoryPoint, ...]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(p.year for p in self.points)

    @property
    def first_passed(self) -> int | None:
        """The first year the candidate passed (None: it never did)."""
        return next((p.year for p in self.points if p.outcome is Outcome.PASS), None)

    def describe(self, lang: str = "vi") -> str:
        """``Name (district): 2022 không đạt (3/12 không đạt) → 2023 đạt``."""
        vi = check_lang(lang) == "vi"
        c = self.candidate
        steps = []
        for p in self.points:
            outcome = p.outcome.label_vi if vi else p.outcome.label_en
            total = p.passed + p.failed + p.unknown
            detail = ""
            if p.outcome is not Outcome.PASS:
                detail = (f" ({p.failed}/{total} {term('fail', 'vi')}, {p.unknown} "
                          f"{term('unknown', 'vi')})" if vi
                          else f" ({p.failed}/{total} failing, {p.unknown} lacking data)")
            steps.append(f"{p.year} {outcome}{detail}")
        place = f" ({c.district})" if c.district else ""
        return f"{c.name}{place}: " + (" → ".join(steps) if steps else (
            term("not_assessed", "vi" if vi else "en")))


@attrs.frozen(kw_only=True, eq=False)
class PlanProgress:
    """The progress of a plan from a set of assessments."""

    plan: Plan
    statuses: tuple[CandidateStatus, ...]
    by_group: tuple[tuple[int | None, Tally], ...]
    by_level: tuple[tuple[Level, Tally], ...]
    targets: tuple[TargetProgress, ...]
    #: every candidate's verdicts year by year, in the plan's order
    trajectories: tuple[Trajectory, ...] = ()
    #: which set judged the candidates of each level, in which years, and why
    judged_by: tuple[Judgement, ...] = ()

    def trajectory(self, code: str) -> Trajectory:
        """The trajectory of candidate ``code`` (every year it was assessed in)."""
        candidate = self.plan.candidate(code)
        for t in self.trajectories:
            if t.candidate.code == candidate.code:
                return t
        return Trajectory(candidate=candidate, points=())

    def group(self, group: int | None) -> Tally:
        if group is not None and (isinstance(group, bool) or not isinstance(group, int)):
            raise NTMTypeError(f"group must be an int or None (got {type(group).__name__}: "
                               f"{shown(group)})")
        for key, tally in self.by_group:
            if key == group:
                return tally
        raise UnknownNameError("group", str(group), [str(k) for k, _ in self.by_group],
                               f"plan {self.plan.id!r}")

    def level(self, level: Level | str) -> Tally:
        wanted = _level(level)
        for key, tally in self.by_level:
            if key is wanted:
                return tally
        return Tally()

    def closest(self, n: int = 5, level: Level | str | None = None) -> tuple[CandidateStatus, ...]:
        """Assessed candidates not passing, closest first: fewest shortfalls, then the
        smallest total normalised shortfall, then the fewest missing items."""
        _whole("n", n)
        wanted = None if level is None else _level(level)
        pool = [s for s in self.statuses if s.assessment is not None
                and s.outcome is not Outcome.PASS
                and (wanted is None or s.candidate.level is wanted)]
        pool.sort(key=lambda s: (len(s.shortfalls),
                                 s.distance if s.distance is not None else Fraction(10**9),
                                 s.missing, s.candidate.code))
        return tuple(pool[:n])

    def __repr__(self) -> str:
        assessed = sum(s.assessment is not None for s in self.statuses)
        targets = ", ".join(f"{t.passed}/{t.target.count} {t.target.level.value}s by "
                            f"{t.target.year}" for t in self.targets)
        judged = ", ".join(dict.fromkeys(j.how.replace("_", " ") for j in self.judged_by))
        return (f"<PlanProgress {self.plan.id!r}: {assessed} of {len(self.statuses)} "
                f"candidates assessed; targets {targets or 'none'}"
                + (f"; sets judging: {judged}" if judged else "") + ">")

    def to_html(self, lang: str = "vi", *, date: str = "", closest: int = 5,
                standalone: bool = False) -> str:
        """The plan's summary as HTML (:func:`ntmcriteria.render.summary.plan_summary_html`):
        targets and their distance, a chart of candidates passing per group against the
        target, candidates per group, those closest to passing, units x criteria."""
        from ntmcriteria.render.summary import plan_summary_html

        return plan_summary_html(self, lang, date=date, closest=closest, standalone=standalone)

    def _repr_html_(self) -> str:
        return self.to_html()

    def explain(self, lang: str = "vi", closest: int = 5) -> str:
        """A plain-text progress report (``closest``: how many candidates to list)."""
        vi = check_lang(lang) == "vi"
        _whole("closest", closest)
        lines = [self.plan.label_vi if vi else self.plan.label_en]
        lines.extend(j.describe(lang) for j in self.judged_by)

        def tally_line(name: str, t: Tally) -> str:
            if vi:
                return (f"  {name}: {len(t.passed)} {term('pass', 'vi')}, {len(t.failed)} "
                        f"{term('fail', 'vi')}, {len(t.unknown)} {term('unknown', 'vi')}, "
                        f"{len(t.not_assessed)} {term('not_assessed', 'vi')} "
                        f"(tổng số {t.total})")
            return (f"  {name}: {len(t.passed)} {term('pass', 'en')}, {len(t.failed)} "
                    f"{term('fail', 'en')}, {len(t.unknown)} {term('unknown', 'en')}, "
                    f"{len(t.not_assessed)} {term('not_assessed', 'en')} (of {t.total})")

        lines.append("Theo nhóm:" if vi else "By group:")
        for group, tally in self.by_group:
            if group is not None:
                name = f"Nhóm {group}" if vi else f"Group {group}"
            elif all(s.candidate.level is Level.DISTRICT for s in self.statuses
                     if s.candidate.group is None):
                name = "Huyện" if vi else "Districts"
            else:
                name = "Không thuộc nhóm" if vi else "No group"
            lines.append(tally_line(name, tally))
        lines.append("Tổng:" if vi else "Overall:")
        for level, tally in self.by_level:
            lines.append(tally_line(level.label_vi if vi else level.label_en, tally))
        lines.append("Mục tiêu:" if vi else "Targets:")
        for tp in self.targets:
            label = tp.target.label_vi if vi else tp.target.label_en
            year = tp.target.year
            if tp.met:
                state = "đã đạt" if vi else "met"
            elif tp.only_after:
                state = "đánh giá sau năm mục tiêu" if vi else "assessed after the target year"
            else:
                state = f"còn thiếu {tp.distance}" if vi else f"{tp.distance} more needed"
            late = ""
            if tp.assessed_after:
                late = (f" (không tính các đánh giá sau năm {year}, của {tp.assessed_after} "
                        f"ứng viên: chúng không cho biết kết quả tính đến năm {year})" if vi else
                        f" (assessments after {year}, of {tp.assessed_after} candidate(s), are "
                        f"not counted: they do not show the result by {year})")
            if not tp.reachable:
                reach = (" — không thể đạt với các ứng viên hiện có" if vi
                         else " — out of reach with the current candidates")
            elif not tp.met and not tp.final:
                others = tp.possible - tp.passed
                # a target "by year Y" counts the assessments of year Y or earlier
                reach = (f" — cần thêm {tp.distance} trong số {others} ứng viên chưa đạt phải "
                         f"đạt chuẩn {term('by_end_of', 'vi')} {tp.target.year}" if vi else
                         f" — {tp.distance} of the {others} candidates not yet passing must pass "
                         f"{term('by_end_of', 'en')} {tp.target.year}")
            else:
                reach = ""
            if tp.target.share is not None:
                about = ("khoảng " if vi else "about ") if tp.target.approximate else ""
                pct = format_value(tp.target.share, lang) + "%"
                level = tp.target.level
                count = (f"{tp.passed} đạt, cần {tp.needed} ({about}{pct} của {tp.candidates} "
                         f"{level.label_vi})" if vi else
                         f"{tp.passed} passing, {tp.needed} needed ({about}{pct} of "
                         f"{tp.candidates} {level.label_en}s)")
            else:
                count = f"{tp.passed}/{tp.needed}"
            lines.append(f"  {label}: {count}, {state}{reach}{late}")
        if any(len(t.points) > 1 for t in self.trajectories):
            lines.append("Diễn biến theo năm:" if vi else "Year by year:")
            lines.extend("  " + t.describe(lang) for t in self.trajectories if t.points)
        lines.append("Gần đạt nhất:" if vi else "Closest to passing:")
        for status in self.closest(closest):
            lines.append("  " + _status_line(status, vi))
            for shortfall in status.shortfalls[:3]:
                lines.append("      - " + describe_shortfall(shortfall, lang))
            if status.assessment is not None:
                for item in status.assessment.missing()[:3]:
                    lines.append(f"      ? {term('missing_data', lang)}: "
                                 + item.describe(lang))
        return "\n".join(map(one_line, lines))


def describe_shortfall(shortfall: Shortfall, lang: str = "vi") -> str:
    """One line: what failed, observed against required, and by how much."""
    if not isinstance(shortfall, Shortfall):
        raise NTMTypeError(f"shortfall must be a Shortfall (got {type(shortfall).__name__}: "
                           f"{shown(shortfall)})")
    vi = check_lang(lang) == "vi"
    trace = shortfall.trace
    label = (trace.label_vi if vi else trace.label_en) or (
        shortfall.indicator.label(lang) if shortfall.indicator is not None else shortfall.kind)
    where = f"[{shortfall.criterion_id}] "
    if shortfall.kind == "compare" and isinstance(shortfall.required, bool):
        if vi:
            return where + label + (": phải là có" if shortfall.required else ": phải là không")
        return where + label + (": must be yes" if shortfall.required else ": must be no")
    quantity = shortfall.quantity  # the shortfall in its unit (percentage points, communes...)
    if shortfall.kind in ("share", "count") or shortfall.more_needed is not None:
        more = shortfall.more_needed
        if quantity is not None:  # "cần thêm 2 xã" / "2 more communes needed"
            return where + label + (f": cần thêm {format_amount(quantity, lang)}" if vi
                                    else f": {more} more {quantity.label(lang)} needed")
        return where + label + (f": cần thêm {more}" if vi else f": {more} more needed")
    observed = format_quantity(shortfall.observed, lang, shortfall.indicator)
    required = format_quantity(shortfall.required, lang, shortfall.indicator)
    text = (f": {term('observed', lang)} {observed}, {term('required', lang)} {required}")
    if quantity is not None:
        text += f", {term('short_by', lang)} {format_amount(quantity, lang)}"
    return where + label + text


def _whole(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise NTMTypeError(f"{name} must be a whole number >= 0 (got {type(value).__name__}: "
                           f"{shown(value)})")
    if value < 0:
        raise NTMValueError(f"{name} must be a whole number >= 0 (got {shown(value)})")


def _status_line(status: CandidateStatus, vi: bool) -> str:
    c = status.candidate
    a = status.assessment
    if a is None:
        where = f" ({c.district})" if c.district else ""
        return f"{c.name}{where}: " + term("not_assessed", "vi" if vi else "en")
    outcome = a.outcome.label_vi if vi else a.outcome.label_en
    group = f", nhóm {c.group}" if vi and c.group else (f", group {c.group}" if c.group else "")
    count = len(status.shortfalls)
    lang = "vi" if vi else "en"
    what = f"{counted(count, 'shortfalls', lang)}, {counted(status.missing, 'missing_items', lang)}"
    context = f"{c.district}{group}".removeprefix(", ")
    where = f" ({context})" if context else ""
    return f"{c.name}{where}, {a.year}: {outcome} — {what}"


def _unique_codes(instance: Plan, attribute: attrs.Attribute[tuple[Candidate, ...]],
                  value: tuple[Candidate, ...]) -> None:
    seen: set[str] = set()
    for index, candidate in enumerate(value):
        if not isinstance(candidate, Candidate):
            raise NTMTypeError(f"candidates[{index}] must be a Candidate "
                               f"(got {type(candidate).__name__})")
        if candidate.code in seen:
            raise NTMValueError(f"plan lists the candidate code {candidate.code!r} twice")
        seen.add(candidate.code)


@attrs.frozen(kw_only=True)
class Plan:
    """Candidates and targets of a development plan."""

    id: str = attrs.field(validator=_text)
    label_vi: str = attrs.field(validator=_text)
    label_en: str = attrs.field(validator=_text)
    candidates: tuple[Candidate, ...] = attrs.field(converter=_candidates,
                                                    validator=_unique_codes)
    targets: tuple[Target, ...] = attrs.field(converter=_targets)
    citation: Citation = attrs.field(validator=_citation)
    #: the sets in force by level and years (a year none covers: each candidate's own set)
    in_force: tuple[SetInForce, ...] = attrs.field(default=(), converter=_in_force)

    def __repr__(self) -> str:
        return (f"<Plan {self.id!r}: {len(self.candidates)} candidates, "
                f"{len(self.targets)} targets>")

    def candidate(self, code: str) -> Candidate:
        if not isinstance(code, str):
            raise NTMTypeError(f"code must be a string (got {type(code).__name__}: "
                               f"{shown(code)})")
        for candidate in self.candidates:
            if candidate.code == code:
                return candidate
        raise UnknownNameError("candidate", code, [c.code for c in self.candidates],
                               f"plan {self.id!r}")

    def judged_set(self, candidate: Candidate | str, year: int,
                   judge_by: str | None = None) -> tuple[str, str]:
        """The set ``candidate`` is judged by in ``year`` and how it was chosen
        (``"in_force"``, ``"own"`` or ``"chosen"``; see the module docstring). With a set
        id as ``judge_by`` it applies to the candidates of the level the plan knows it
        for (a candidate's set or a set in force); others are judged by default."""
        if isinstance(candidate, str):
            candidate = self.candidate(candidate)
        if not isinstance(candidate, Candidate):
            raise NTMTypeError(f"candidate must be a Candidate or a code (got "
                               f"{type(candidate).__name__}: {shown(candidate)})")
        if isinstance(year, bool) or not isinstance(year, int):
            raise NTMTypeError(f"year must be an int (got {type(year).__name__}: {shown(year)})")
        if judge_by is not None and (not isinstance(judge_by, str) or not judge_by.strip()):
            raise NTMTypeError(f"judge_by must be None, {CANDIDATE!r} or a criteria set id "
                               f"(got {shown(judge_by)})")
        if judge_by == CANDIDATE:
            return candidate.set_id, "chosen"
        if judge_by is not None and candidate.level in self._levels_of(judge_by):
            return judge_by, "chosen"
        for entry in self.in_force:
            if entry.covers(candidate.level, year):
                return entry.set_id, "in_force"
        return candidate.set_id, "own"

    def _levels_of(self, set_id: str) -> set[Level]:
        return ({c.level for c in self.candidates if c.set_id == set_id}
                | {e.level for e in self.in_force if e.set_id == set_id})

    def progress(self, assessments: Iterable[Assessment], *,
                 judge_by: str | None = None) -> PlanProgress:
        """Progress from ``assessments`` of any subset of candidates, in any years.

        Each candidate is judged, in each year, by the set :meth:`judged_set` gives for
        ``judge_by`` (by default the set in force that year); an assessment against
        another set (that is not a target's set) is an error naming the set expected.
        For a candidate assessed several times, the latest year counts; two
        assessments of the same candidate in the same year are an error, as is
        an assessment of a unit that is not a candidate.
        A target "by year Y" counts only assessments of year Y or earlier.
        """
        items = _sequence("assessments", assessments)
        if judge_by is not None and judge_by != CANDIDATE:
            if not isinstance(judge_by, str) or not judge_by.strip():
                raise NTMTypeError(f"judge_by must be None, {CANDIDATE!r} or a criteria set "
                                   f"id (got {shown(judge_by)})")
            known = self._levels_of(judge_by) or {
                a.criteria_set.level for a in items if isinstance(a, Assessment)
                and a.criteria_set.derives_from(judge_by)}
            if not known:
                raise UnknownNameError(
                    "criteria set", judge_by,
                    sorted({c.set_id for c in self.candidates}
                           | {e.set_id for e in self.in_force}),
                    f"plan {self.id!r} (judge_by names no set the plan or the assessments "
                    "know)")
            judge_levels = {judge_by: known}
        else:
            judge_levels = {}
        latest: dict[str, Assessment] = {}
        #: (candidate code, set id) -> its assessments against that set; "" is the set
        #: the candidate is judged by (per year)
        every: dict[tuple[str, str], list[Assessment]] = {}
        #: (level, set id, how) -> years, with an assessment's set for its labels
        judged_years: dict[tuple[Level, str, str], tuple[set[int], Assessment]] = {}
        for index, a in enumerate(items):
            if not isinstance(a, Assessment):
                raise NTMTypeError(f"assessments[{index}] must be an Assessment "
                                   f"(got {type(a).__name__}: {shown(a)})")
            candidate = self.candidate(a.unit.code)
            own_set, how = self._judging(candidate, a.year, judge_by, judge_levels)
            allowed = [own_set, *(t.set_id for t in self.targets
                                  if t.set_id is not None and t.level is candidate.level)]
            judged = next((s for s in allowed
                           if a.criteria_set.derives_from(s)), None)
            if judged is None:
                why = {"in_force": f"the set in force in {a.year}",
                       "own": "its own set", "chosen": "the set judge_by chose"}[how]
                raise NTMValueError(
                    f"candidate {candidate.code!r} ({candidate.name}) is assessed against "
                    f"{' or '.join(repr(s) for s in dict.fromkeys(allowed))} in {a.year} "
                    f"({why}; got "
                    f"an assessment against {a.criteria_set.id!r}); assess it against that "
                    f"set, or pass judge_by={a.criteria_set.id!r} (or {CANDIDATE!r} for "
                    "each candidate's own set)")
            key = "" if judged == own_set else judged
            found = every.setdefault((candidate.code, key), [])
            if any(previous.year == a.year for previous in found):
                raise NTMValueError(f"two assessments of candidate {candidate.code!r} "
                                    f"in {a.year}" + ("" if not key else f" against {judged!r}"))
            found.append(a)
            if not key:
                years, _ = judged_years.setdefault((candidate.level, own_set, how), (set(), a))
                years.add(a.year)
                previous = latest.get(candidate.code)
                if previous is None or a.year > previous.year:
                    latest[candidate.code] = a
        statuses = tuple(_status(c, latest.get(c.code)) for c in self.candidates)
        groups = sorted({c.group for c in self.candidates}, key=lambda g: (g is None, g or 0))
        by_group = tuple((g, _tally(s for s in statuses if s.candidate.group == g))
                         for g in groups)
        levels = [lv for lv in Level if any(c.level is lv for c in self.candidates)]
        by_level = tuple((lv, _tally(s for s in statuses if s.candidate.level is lv))
                         for lv in levels)
        targets = tuple(_target_progress(self.candidates, every, target)
                        for target in self.targets)
        trajectories = tuple(_trajectory(c, every.get((c.code, ""), ()))
                             for c in self.candidates)
        judged_by = tuple(self._judgement(level, set_id, how, years, sample)
                          for (level, set_id, how), (years, sample) in judged_years.items())
        judged_by = tuple(sorted(judged_by, key=lambda j: (
            list(Level).index(j.level), j.years, j.set_id)))
        return PlanProgress(plan=self, statuses=statuses, by_group=by_group, by_level=by_level,
                            targets=targets, trajectories=trajectories, judged_by=judged_by)

    def _judging(self, candidate: Candidate, year: int, judge_by: str | None,
                 levels: Mapping[str, set[Level]]) -> tuple[str, str]:
        if judge_by is not None and judge_by != CANDIDATE:
            if candidate.level in levels.get(judge_by, set()):
                return judge_by, "chosen"
            return self.judged_set(candidate, year)
        return self.judged_set(candidate, year, judge_by)

    def _judgement(self, level: Level, set_id: str, how: str, years: set[int],
                   sample: Assessment) -> Judgement:
        cs = sample.criteria_set
        entry = next((e for e in self.in_force if e.set_id == set_id and e.level is level),
                     None)
        same = cs.id == set_id
        return Judgement(level=level, set_id=set_id, how=how, years=tuple(sorted(years)),
                         label_vi=cs.label_vi if same else "", label_en=cs.label_en if same
                         else "", citation=entry.citation if how == "in_force" and entry
                         else None)


def _target_progress(candidates: tuple[Candidate, ...],
                     every: dict[tuple[str, str], list[Assessment]],
                     target: Target) -> TargetProgress:
    """The target's progress from each candidate's latest assessment by the target year
    (against the target's set, or the candidate's own)."""
    statuses = []
    counted = after = 0
    as_of: int | None = None
    for candidate in candidates:
        if candidate.level is not target.level:
            continue
        assessed = every.get((candidate.code, target.set_id or ""), [])
        if target.set_id is not None:
            # the target's set may also be the set the candidate is judged by
            assessed = [*assessed, *(a for a in every.get((candidate.code, ""), ())
                                     if a.criteria_set.derives_from(target.set_id))]
        found = [a for a in assessed if a.year <= target.year]
        if found:
            as_of = max(as_of or 0, *(a.year for a in found))
        counted += bool(found)
        after += len(found) < len(assessed)
        last = max(found, key=lambda a: a.year) if found else None
        statuses.append(CandidateStatus(candidate=candidate, assessment=last))
    tally = _tally(statuses)
    open_now = len(tally.passed) + len(tally.unknown) + len(tally.not_assessed)
    final = after > 0 or (as_of is not None and as_of >= target.year)
    return TargetProgress(target=target, passed=len(tally.passed), as_of=as_of,
                          possible=open_now if final else tally.total, counted=counted,
                          assessed_after=after, needed=target.required(tally.total),
                          candidates=tally.total)


def _trajectory(candidate: Candidate, assessments: Iterable[Assessment]) -> Trajectory:
    points = tuple(TrajectoryPoint(year=a.year, outcome=a.outcome, passed=len(a.passed),
                                   failed=len(a.failed), unknown=len(a.unknown))
                   for a in sorted(assessments, key=lambda a: a.year))
    return Trajectory(candidate=candidate, points=points)


def _status(candidate: Candidate, assessment: Assessment | None) -> CandidateStatus:
    if assessment is None:
        return CandidateStatus(candidate=candidate, assessment=None)
    distance = Fraction(0)
    for result in assessment.results:
        if result.outcome is Outcome.FAIL:
            distance += normalised_shortfall(result.trace) or Fraction(0)
    return CandidateStatus(candidate=candidate, assessment=assessment,
                           shortfalls=assessment.shortfalls(), distance=distance,
                           missing=len(assessment.missing()))


def _tally(statuses: Iterable[CandidateStatus]) -> Tally:
    buckets: dict[str, list[str]] = {"passed": [], "failed": [], "unknown": [],
                                     "not_assessed": [], "not_applicable": []}
    for s in statuses:
        key = {None: "not_assessed", Outcome.PASS: "passed", Outcome.FAIL: "failed",
               Outcome.UNKNOWN: "unknown", Outcome.NOT_APPLICABLE: "not_applicable"}[s.outcome]
        buckets[key].append(s.candidate.code)
    return Tally(**{k: tuple(v) for k, v in buckets.items()})

