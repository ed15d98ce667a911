"""``meets``: the unit meets another criteria set (declared among the set's references).

If ``tier`` is given, a recognition at that tier counts as meeting the set when
it was made in ``recognised_from`` or later (and not after the year being
evaluated); an earlier recognition does not carry over, and the set is then
assessed on the unit's facts. A referenced set is evaluated once per unit, set
and year, however many criteria refer to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ntmcriteria._values import to_set_id, to_year
from ntmcriteria.errors import NTMValueError
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules._base import Rule, RuleDetail, doc, merge_missing
from ntmcriteria.trace import Trace
from ntmcriteria.units import Tier, to_optional_tier

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

__all__ = ["MeetsDetail", "MeetsSet"]


@attrs.frozen(kw_only=True)
class MeetsDetail(RuleDetail):
    """Which set was referenced, and whether a recognition decided it.

    ``recognised`` is the year of the unit's recognition at ``tier`` (if any);
    ``counted`` says whether it counted as meeting the set (then there are no
    children: the set was not assessed).
    """

    kind: ClassVar[str] = "meets"
    reports_shortfall: ClassVar[bool] = True
    shortfall_children: ClassVar[bool] = True

    set_id: str
    tier: Tier | None = None
    recognised: int | None = None
    counted: bool = False
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


@attrs.frozen(repr=False)
class MeetsSet(Rule):
    """The unit meets the criteria set ``set_id`` (declared among the set's references)."""

    set_id: str = attrs.field(converter=to_set_id,
                              metadata=doc(kind="key", tag=True))
    tier: Tier | None = attrs.field(default=None, converter=to_optional_tier,
                                    metadata=doc(kind="tier", optional=True))
    recognised_from: int | None = attrs.field(default=None, converter=_opt_year,
                                              metadata=doc(kind="year", optional=True))
    tag: ClassVar[str] = "meets"
    detail: ClassVar[type[RuleDetail] | None] = MeetsDetail

    def __attrs_post_init__(self) -> None:
        if self.recognised_from is not None and self.tier is None:
            raise NTMValueError(f"meets({self.set_id!r}): recognised_from needs a tier")

    def with_parts(self, parts: tuple[Rule, ...]) -> Rule:
        return self

    def check(self, v: Checker) -> None:
        v.reference(self.set_id)

    def counts(self, recognised: int | None, year: int) -> bool:
        """Whether a recognition in ``recognised`` counts as meeting the set in ``year``."""
        return (recognised is not None and recognised <= year
                and (self.recognised_from is None or recognised >= self.recognised_from))

    def evaluate(self, ctx: Context) -> Trace:
        other = ctx.reference(self.set_id)
        note_vi = note_en = ""
        recognised = None
        if self.tier is not None:
            recognised = ctx.unit.recognitions.get(self.tier)
            if self.counts(recognised, ctx.year):
                detail = MeetsDetail(
                    set_id=self.set_id, tier=self.tier, recognised=recognised, counted=True,
                    note_vi=f"đã được công nhận {self.tier.label_vi} năm {recognised}",
                    note_en=f"recognised {self.tier.label_en} in {recognised}")
                return ctx.trace(self, Outcome.PASS, detail).relabelled(other.label_vi,
                                                                        other.label_en)
            if recognised is not None and recognised > ctx.year:
                note_vi = (f"công nhận {self.tier.label_vi} năm {recognised} chưa có ở năm "
                           f"{ctx.year} đang xét")
                note_en = (f"the {self.tier.label_en} recognition of {recognised} is later "
                           f"than the year assessed, {ctx.year}")
            elif recognised is not None:
                note_vi = (f"công nhận {self.tier.label_vi} năm {recognised} không được tính "
                           f"(chỉ tính từ năm {self.recognised_from})")
                note_en = (f"the {self.tier.label_en} recognition of {recognised} does not "
                           f"count (only from {self.recognised_from})")
        children = ctx.criteria_of(other)
        outcome = Outcome.all(c.outcome for c in children)
        missing = merge_missing(children) if outcome is Outcome.UNKNOWN else ()
        detail = MeetsDetail(set_id=self.set_id, tier=self.tier, recognised=recognised,
                             note_vi=note_vi, note_en=note_en)
        return ctx.trace(self, outcome, detail, children=children,
                         missing=missing).relabelled(other.label_vi, other.label_en)

    def unfolds(self, u: Unfolder) -> Iterable[tuple[Rule, int]]:
        return u.reference(self.set_id)

    def compile(self, c: Compiler) -> Reg:
        outcome = c.reference(self.set_id).set_outcome()
        if self.tier is None:
            return outcome
        return c.pass_where(c.recognised(self.tier, self.recognised_from), outcome)

    def table_items(self, w: Words, prefix: str, label: str) -> list[TableItem]:
        from ntmcriteria.hooks import TableItem

        name = w.set_label(self.set_id) or self.set_id
        subject = w.t(f"Đạt bộ tiêu chí «{name}» [{self.set_id}]",
                      f"Meets the criteria set «{name}» [{self.set_id}]")
        if self.tier is not None:
            tier = w.t(self.tier.label_vi, self.tier.label_en)
            since = (w.t(f" từ năm {self.recognised_from}", f" from {self.recognised_from}")
                     if self.recognised_from is not None else "")
            return [TableItem(prefix + subject, w.t(f"đạt, hoặc đã được công nhận {tier}{since}",
                                                    f"met, or recognised {tier}{since}"))]
        return [TableItem(prefix + subject, w.t("đạt", "met"))]

    def witness(self, want: Outcome, s: WitnessSearch) -> Iterator[Any]:
        return s.meets(self.set_id, self.tier, self.recognised_from, 0, want)

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
        return f"meets({', '.join(args)})"
