"""``meets``: the unit meets another criteria set (declared among the set's references).

If ``tier`` is given, a recognition at that tier **or a higher one** (NTM <
advanced < model: a model commune meets the advanced set, Decision 319/QĐ-TTg,
Article 1, clause 1; the advanced set requires NTM) counts as meeting the set
when its date is ``recognised_from`` or later and not after the year being
evaluated. ``by`` says which date: ``"year"`` (the default, as the texts read:
the assessment year the recognition is for) or ``"decided"`` (the year of the
decision; a recognition whose decision date is not given may count, so the
set is then PASS or UNKNOWN). An earlier recognition does not carry over, and
the set is then assessed on the unit's facts.

When the unit (or an ancestor, see :class:`~ntmcriteria.units.ClosedRegister`)
declares the register at ``tier`` closed for a period covering
``recognised_from`` to the year evaluated, a unit without a recognition that
counts is *not* recognised: FAIL, without assessing the set on facts.

A referenced set is evaluated once per unit, set and year, however many criteria
refer to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ntmcriteria._values import to_set_id, to_year
from ntmcriteria.citations import Citation
from ntmcriteria.errors import NTMValueError
from ntmcriteria.outcome import Outcome
from ntmcriteria.recognition import Recognition, to_recognition_date
from ntmcriteria.rules._base import Rule, RuleDetail, doc, merge_missing
from ntmcriteria.trace import Missing, Trace
from ntmcriteria.units import ClosedRegister, Tier, Unit, to_optional_tier

if TYPE_CHECKING:
    from ntmcriteria.criteria import Checker
    from ntmcriteria.evaluation.compiler import Compiler, Reg
    from ntmcriteria.evaluation.context import Context
    from ntmcriteria.evaluation.work import Unfolder
    from ntmcriteria.hooks import (
        Directions,
        Distances,
        Examples,
        PathSearch,
        Sentence,
        TableItem,
        WitnessSearch,
        Words,
    )

__all__ = ["IMPLIED_BY", "MeetsDetail", "MeetsSet", "RecognitionFinding", "find_recognition"]

#: Why a recognition at a tier implies the tier below it (of the same period).
IMPLIED_BY: dict[Tier, Citation] = {
    Tier.MODEL: Citation(
        document="Quyết định 319/QĐ-TTg (Quy định xã nông thôn mới kiểu mẫu 2021-2025)",
        date="08/03/2022", article="Điều 1, khoản 1", confidence="verified-text",
        note="xã NTM kiểu mẫu đạt chuẩn NTM nâng cao / a model commune meets the advanced set"),
    Tier.ADVANCED: Citation(
        document=("Quyết định 318/QĐ-TTg (Bộ tiêu chí quốc gia về xã nông thôn mới nâng cao "
                  "2021-2025)"),
        date="08/03/2022", article="Phụ lục II (điều kiện tiên quyết, suy đoán)",
        confidence="unknown",
        note="xã NTM nâng cao đã đạt chuẩn NTM (điều kiện suy ra, chưa đọc văn bản) / an "
             "advanced commune is NTM (implied; the text was not read)"),
}


@attrs.frozen
class RecognitionFinding:
    """What a unit's recognitions say about "recognised at ``tier``, dated ``by``, from
    ``since`` to ``year``": ``state`` is ``counted`` (``tier_found`` and ``recognition``
    say which), ``unknown`` (a recognition whose decision date is not given),
    ``closed`` (not recognised: ``register`` is complete for the period) or ``open``
    (no recognition counts; the set is assessed). ``seen`` is a recognition that was
    considered and did not count (for the explanation)."""

    state: str
    tier_found: Tier | None = None
    recognition: Recognition | None = None
    register: ClosedRegister | None = None
    seen: tuple[Tier, Recognition] | None = None


def find_recognition(unit: Unit, registers: tuple[ClosedRegister, ...], tier: Tier,
                     since: int | None, year: int, by: str) -> RecognitionFinding:
    """The recognition of ``unit`` that counts at ``tier`` (or a higher tier) in ``year``,
    or why none does (``registers``: the closed registers that apply to the unit)."""
    recognitions = unit.recognitions
    seen: tuple[Tier, Recognition] | None = None
    unknown: tuple[Tier, Recognition] | None = None
    for candidate in tier.and_above():
        found = recognitions.get(candidate)
        if found is None:
            continue
        date = found.date_year(by)
        if date is None:
            if found.year <= year and unknown is None:
                unknown = (candidate, found)  # decided in or after its year: it may count
            continue
        if date <= year and (since is None or date >= since):
            return RecognitionFinding("counted", candidate, found)
        if seen is None:
            seen = (candidate, found)
    if unknown is not None:
        return RecognitionFinding("unknown", unknown[0], unknown[1], seen=seen)
    register = next((r for r in registers if r.covers(tier, since, year, unit.level, by)),
                    None)
    if register is not None:
        return RecognitionFinding("closed", register=register, seen=seen)
    return RecognitionFinding("open", seen=seen)


@attrs.frozen(kw_only=True)
class MeetsDetail(RuleDetail):
    """Which set was referenced, and whether a recognition decided it.

    ``recognised`` is the year (the date ``by`` names) of the unit's recognition at
    ``tier`` or the higher tier ``counted_tier`` (if any); ``counted`` says whether it
    counted as meeting the set (then there are no children: the set was not
    assessed); ``closed`` that a closed register decided the unit is not recognised
    (no children either); ``citations`` why a higher tier implies ``tier``.
    """

    kind: ClassVar[str] = "meets"
    reports_shortfall: ClassVar[bool] = True
    shortfall_children: ClassVar[bool] = True

    set_id: str
    tier: Tier | None = None
    recognised: int | None = None
    counted: bool = False
    counted_tier: Tier | None = None
    by: str = "year"
    closed: bool = False
    citations: tuple[str, ...] = ()
    note_vi: str = ""
    note_en: str = ""

    def note(self, lang: str) -> str:
        return self.note_vi if lang == "vi" else self.note_en

    def summary(self) -> dict[str, Any]:
        return {"observed": self.recognised} if self.counted else {}

    def sentence(self, trace: Trace, w: Words) -> Sentence:
        from ntmcriteria.hooks import Sentence

        name = w.set_label(self.set_id) or trace.label(w.lang) or self.set_id
        text = w.t("Đạt bộ tiêu chí ", "Meets the criteria set ") + f"«{name}» [{self.set_id}]"
        note = self.note(w.lang)
        if note:
            text += f" ({note})"
        children = tuple(w.criterion_sentence(c) for c in trace.children
                         if c.outcome is not Outcome.PASS)
        return Sentence(trace.outcome, text, w.missing_notes(trace), children)

    def distance(self, trace: Trace, d: Distances) -> Fraction | None:
        if not trace.children:
            return Fraction(1)
        total = Fraction(0)
        for child in trace.children:
            if child.outcome is Outcome.FAIL:
                total += d.of(child) or Fraction(0)
        return total

    def path(self, trace: Trace, p: PathSearch, want: bool) -> Any:
        if not trace.children:
            return p.unsupported("meets", "một bộ tiêu chí tham chiếu",
                                 "a referenced criteria set")
        if want:
            return p.every(trace.children, want)
        return p.choose(trace.children, 1, want)


def _opt_year(value: object) -> int | None:
    return None if value is None else to_year(value, "meets: recognised_from")


def _by(value: object) -> str:
    return to_recognition_date(value, "meets: by")


def _when(recognition: Recognition, by: str, lang: str) -> str:
    """"năm 2022" or, by the decision, "cho năm 2022 theo quyết định ngày 09/08/2023"."""
    vi = lang == "vi"
    if by == "year" or recognition.decided is None:
        text = (f"năm {recognition.year}" if vi else f"in {recognition.year}")
    else:
        when = recognition.decided.strftime("%d/%m/%Y")
        text = (f"cho năm {recognition.year} theo quyết định ngày {when}" if vi
                else f"for {recognition.year} by the decision of {when}")
    if recognition.decision:
        text += f" ({recognition.decision})"
    return text


def _implication(found: Tier, asked: Tier) -> tuple[Citation, ...]:
    """The citations making a recognition at ``found`` one at the lower tier ``asked``:
    each step down, from ``found``."""
    return tuple(IMPLIED_BY[t] for t in reversed(tuple(Tier))
                 if asked.rank < t.rank <= found.rank)


@attrs.frozen(repr=False)
class MeetsSet(Rule):
    """The unit meets the criteria set ``set_id`` (declared among the set's references)."""

    set_id: str = attrs.field(converter=to_set_id,
                              metadata=doc(kind="key", tag=True))
    tier: Tier | None = attrs.field(default=None, converter=to_optional_tier,
                                    metadata=doc(kind="tier", optional=True))
    recognised_from: int | None = attrs.field(default=None, converter=_opt_year,
                                              metadata=doc(kind="year", optional=True))
    by: str = attrs.field(default="year", converter=_by,
                          metadata=doc(kind="recognition_date", optional=True))
    tag: ClassVar[str] = "meets"
    detail: ClassVar[type[RuleDetail] | None] = MeetsDetail

    def __attrs_post_init__(self) -> None:
        if self.recognised_from is not None and self.tier is None:
            raise NTMValueError(f"meets({self.set_id!r}): recognised_from needs a tier")
        if self.by != "year" and self.tier is None:
            raise NTMValueError(f"meets({self.set_id!r}): by={self.by!r} needs a tier")

    def with_parts(self, parts: tuple[Rule, ...]) -> Rule:
        return self

    def check(self, v: Checker) -> None:
        v.reference(self.set_id)

    def evaluate(self, ctx: Context) -> Trace:
        other = ctx.reference(self.set_id)
        if self.tier is None:
            return self._assessed(ctx, other, MeetsDetail(set_id=self.set_id))
        tier, by = self.tier, self.by
        finding = find_recognition(ctx.unit, ctx.registers(), tier, self.recognised_from,
                                   ctx.year, by)
        if finding.state == "counted":
            assert finding.recognition is not None  # noqa: S101 - a counted one is given
            assert finding.tier_found is not None  # noqa: S101
            found, recognition = finding.tier_found, finding.recognition
            citations = _implication(found, tier)
            note_vi = f"đã được công nhận {found.label_vi} {_when(recognition, by, 'vi')}"
            note_en = f"recognised {found.label_en} {_when(recognition, by, 'en')}"
            if found is not tier:
                refs_vi = "; ".join(c.describe("vi") for c in citations)
                refs_en = "; ".join(c.describe("en") for c in citations)
                note_vi += f", nên được tính là {tier.label_vi} ({refs_vi})"
                note_en += f", which implies {tier.label_en} ({refs_en})"
            detail = MeetsDetail(
                set_id=self.set_id, tier=tier, recognised=recognition.date_year(by),
                counted=True, counted_tier=found, by=by,
                citations=tuple(c.describe("vi") for c in citations),
                note_vi=note_vi, note_en=note_en)
            return ctx.trace(self, Outcome.PASS, detail).relabelled(other.label_vi,
                                                                    other.label_en)
        note_vi, note_en = self._not_counted(finding, ctx.year)
        seen = finding.seen
        base: dict[str, Any] = {
            "set_id": self.set_id, "tier": tier, "by": by,
            "recognised": None if seen is None else seen[1].date_year(by),
            "counted_tier": None if seen is None else seen[0]}
        if finding.state == "closed":
            assert finding.register is not None  # noqa: S101 - a closed one names it
            register = finding.register
            vi = f"không có trong sổ đã đóng về {register.describe('vi')}"
            en = f"not in the closed register of {register.describe('en')}"
            detail = MeetsDetail(**base, closed=True,
                                 note_vi="; ".join(filter(None, (vi, note_vi))),
                                 note_en="; ".join(filter(None, (en, note_en))))
            return ctx.trace(self, Outcome.FAIL, detail).relabelled(other.label_vi,
                                                                    other.label_en)
        detail = MeetsDetail(**base, note_vi=note_vi, note_en=note_en)
        if finding.state == "unknown":
            assert finding.recognition is not None  # noqa: S101
            assert finding.tier_found is not None  # noqa: S101
            found, recognition = finding.tier_found, finding.recognition
            vi = (f"chưa có ngày quyết định công nhận {found.label_vi} năm {recognition.year}, "
                  "nên chưa biết công nhận có được tính")
            en = (f"the decision date of the {found.label_en} recognition for "
                  f"{recognition.year} is not given, so whether it counts is not known")
            missing = Missing(kind="recognition", key=found.value, unit=ctx.unit.code,
                              label_vi=found.label_vi, label_en=found.label_en,
                              note_vi="ngày quyết định công nhận",
                              note_en="the date of the recognition decision")
            detail = attrs.evolve(detail, recognised=None, counted_tier=found,
                                  note_vi=vi, note_en=en)
            return self._assessed(ctx, other, detail, unknown=missing)
        return self._assessed(ctx, other, detail)

    def _not_counted(self, finding: RecognitionFinding, year: int) -> tuple[str, str]:
        """Why the recognition considered (if any) does not count."""
        if finding.seen is None:
            return "", ""
        tier, recognition = finding.seen
        date = recognition.date_year(self.by)
        assert date is not None  # noqa: S101 - a recognition seen has its date
        what_vi = f"công nhận {tier.label_vi} {_when(recognition, self.by, 'vi')}"
        what_en = f"the {tier.label_en} recognition {_when(recognition, self.by, 'en')}"
        if date > year:
            return (f"{what_vi} chưa có ở năm {year} đang xét",
                    f"{what_en} is later than the year assessed, {year}")
        return (f"{what_vi} không được tính (chỉ tính từ năm {self.recognised_from})",
                f"{what_en} does not count (only from {self.recognised_from})")

    def _assessed(self, ctx: Context, other: Any, detail: MeetsDetail,
                  unknown: Missing | None = None) -> Trace:
        """The set assessed on the unit's facts (``unknown``: a recognition that may count,
        so the set passes or is UNKNOWN)."""
        children = ctx.criteria_of(other)
        outcome = Outcome.all(c.outcome for c in children)
        if unknown is not None and outcome is Outcome.FAIL:
            outcome = Outcome.UNKNOWN
        missing: tuple[Missing, ...] = ()
        if outcome is Outcome.UNKNOWN:
            missing = merge_missing(children)
            if unknown is not None:
                missing = (unknown, *missing)
        return ctx.trace(self, outcome, detail, children=children,
                         missing=missing).relabelled(other.label_vi, other.label_en)

    def unfolds(self, u: Unfolder) -> Iterable[tuple[Rule, int]]:
        return u.reference(self.set_id)

    def compile(self, c: Compiler) -> Reg:
        outcome = c.reference(self.set_id).set_outcome()
        if self.tier is None:
            return outcome
        return c.pass_where(c.recognised(self.tier, self.recognised_from, self.by), outcome)

    def table_items(self, w: Words, prefix: str, label: str) -> list[TableItem]:
        from ntmcriteria.hooks import TableItem

        name = w.set_label(self.set_id) or self.set_id
        subject = w.t(f"Đạt bộ tiêu chí «{name}» [{self.set_id}]",
                      f"Meets the criteria set «{name}» [{self.set_id}]")
        if self.tier is not None:
            tier = w.t(self.tier.label_vi, self.tier.label_en)
            since = (w.t(f" từ năm {self.recognised_from}", f" from {self.recognised_from}")
                     if self.recognised_from is not None else "")
            if self.by == "decided":
                since += w.t(" (theo ngày quyết định)", " (by the decision date)")
            above = w.t(" hoặc cao hơn", " or higher") if self.tier is not Tier.MODEL else ""
            return [TableItem(prefix + subject,
                              w.t(f"đạt, hoặc đã được công nhận {tier}{above}{since}",
                                  f"met, or recognised {tier}{above}{since}"))]
        return [TableItem(prefix + subject, w.t("đạt", "met"))]

    def witness(self, want: Outcome, s: WitnessSearch) -> Iterator[Any]:
        return s.meets(self.set_id, self.tier, self.recognised_from, 0, want, self.by)

    def directions(self, m: Directions, positive: bool) -> Iterator[tuple[str, str]]:
        return m.reference(self.set_id, positive)

    @classmethod
    def example(cls, g: Examples) -> Rule | None:
        return None  # needs a referenced set, which generated sets do not declare

    def __repr__(self) -> str:
        args = [repr(self.set_id)]
        if self.tier is not None:
            args.append(f"tier={self.tier.value!r}")
        if self.recognised_from is not None:
            args.append(f"recognised_from={self.recognised_from}")
        if self.by != "year":
            args.append(f"by={self.by!r}")
        return f"meets({', '.join(args)})"
