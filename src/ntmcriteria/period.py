"""Valid periods: which sets an assessment uses outside the period they are valid for.

A criteria set is valid for a period (``valid_from``-``valid_to``); assessing a
unit in a year outside it applies rules the texts did not make for that year.
That holds for every set the assessment *uses*, not only the one assessed: a
model commune set of 2021-2025 that requires its villages to meet a 2022-2025
model-village set would otherwise silently apply the village set in 2021.

:func:`outside_periods` walks the rules an assessment evaluates, the way the
evaluation unfolds them (each rule kind's ``unfolds`` hook: a window evaluates
its rule in earlier years, ``meets`` evaluates another set, a rule parameter the
rule supplied for it), and lists every set evaluated in a year outside its
period, as :class:`OutsidePeriod` records: the set assessed first (``referenced_by``
empty), then the referenced sets in the order they are reached. The walk is
static (it does not look at the unit): a set is listed when the rules can
evaluate it, even if a recognition would spare it for a given unit.

Without ``allow_outside_period=True`` an assessment with any such set is refused
with a :class:`~ntmcriteria.errors.PeriodError`; with it, the records are kept on
the assessment (``Assessment.outside_period``) and every rendering says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ntmcriteria._values import check_lang

if TYPE_CHECKING:
    from ntmcriteria.criteria import CriteriaSet
    from ntmcriteria.rules import Rule

__all__ = ["HEADING", "Evaluation", "OutsidePeriod", "evaluated_sets", "outside_periods",
           "period_note", "period_notes"]


@attrs.frozen(kw_only=True)
class OutsidePeriod:
    """One set an assessment uses in a year outside its valid period.

    ``set_id`` and its labels name the set, ``valid_from``-``valid_to`` its period,
    ``year`` the year it is used in (the assessment year, or an earlier year a window
    evaluates it in), and ``referenced_by`` the set that refers to it (``""`` for the
    set assessed itself).
    """

    set_id: str
    valid_from: int
    valid_to: int
    year: int
    referenced_by: str = ""
    label_vi: str = attrs.field(default="", eq=False)
    label_en: str = attrs.field(default="", eq=False)

    @property
    def period(self) -> str:
        return f"{self.valid_from}-{self.valid_to}"

    @property
    def referenced(self) -> bool:
        """Whether the set is one the assessed set refers to (not the set assessed)."""
        return bool(self.referenced_by)

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if check_lang(lang) == "vi" else self.label_en

    def describe(self, lang: str = "vi") -> str:
        """This record as a sentence, in Vietnamese (``"vi"``) or English (``"en"``)."""
        vi = check_lang(lang) == "vi"
        label = self.label(lang)
        named = f"«{label}» [{self.set_id}]" if label else f"[{self.set_id}]"
        if vi:
            text = (f"năm {self.year} nằm ngoài giai đoạn áp dụng {self.period} của bộ tiêu chí "
                    f"{named}")
            if self.referenced_by:
                text += f" (được tham chiếu bởi [{self.referenced_by}])"
            return text
        text = f"year {self.year} is outside the valid period {self.period} of criteria set {named}"
        if self.referenced_by:
            text += f" (referenced by [{self.referenced_by}])"
        return text

    def to_dict(self) -> dict[str, Any]:
        """A plain mapping (for serialized assessments and tables)."""
        return {"set_id": self.set_id, "valid_from": self.valid_from,
                "valid_to": self.valid_to, "year": self.year,
                "referenced_by": self.referenced_by}


#: The heading renderings put before :func:`period_note` (Vietnamese, English).
HEADING: Mapping[str, str] = {"vi": "Ngoài giai đoạn áp dụng",
                              "en": "Outside the valid period"}


def period_note(records: Iterable[OutsidePeriod], lang: str = "vi") -> str:
    """The sentence every rendering shows for an assessment made outside the valid period
    of some of its sets (``""`` when there is none): that it was assessed anyway, and for
    which set(s), their period and the year."""
    vi = check_lang(lang) == "vi"
    parts = [r.describe(lang) for r in records]
    if not parts:
        return ""
    lead = ("đánh giá vẫn được thực hiện (allow_outside_period=True) dù "
            if vi else "assessed anyway (allow_outside_period=True) although ")
    return lead + "; ".join(parts)


def period_notes(records_of: Iterable[Iterable[OutsidePeriod]], lang: str = "vi"
                 ) -> tuple[str, ...]:
    """The distinct :func:`period_note` of many assessments' records (for a summary or a
    table of many units), in the order first met."""
    seen: dict[str, None] = {}
    for records in records_of:
        note = period_note(records, lang)
        if note:
            seen.setdefault(note, None)
    return tuple(seen)


#: One evaluation of a set: the set, how many years before the year assessed, and the id of
#: the set found referring to it ("" for the set assessed).
Evaluation = tuple["CriteriaSet", int, str]


def evaluated_sets(criteria_set: CriteriaSet, parameters: Mapping[str, Any] | None = None
                   ) -> tuple[Evaluation, ...]:
    """Every evaluation of a set an assessment of ``criteria_set`` (with ``parameters``,
    the resolved values) makes, whatever the year: the set assessed first, then each set
    in the order the walk reaches it, its years in increasing order (the most years back
    first). It depends on the rules only, so a caller may keep it (see
    :meth:`~ntmcriteria.criteria.CriteriaSet.check_periods`)."""
    walk = _Walk(criteria_set, parameters or {})
    walk.run()
    order = {set_id: index for index, (set_id, _) in enumerate(walk.evaluated)}
    ranked = sorted(walk.evaluated.items(), key=lambda item: (order[item[0][0]],
                                                              -item[0][1]))
    return tuple((found, back, referrer) for (_, back), (found, referrer) in ranked)


def outside_periods(criteria_set: CriteriaSet, year: int,
                    parameters: Mapping[str, Any] | None = None,
                    evaluations: tuple[Evaluation, ...] | None = None
                    ) -> tuple[OutsidePeriod, ...]:
    """Every set an assessment of ``criteria_set`` in ``year`` (with ``parameters``, the
    resolved values) evaluates in a year outside its valid period, in the order of
    :func:`evaluated_sets` (the set assessed first); ``evaluations`` gives that walk when
    the caller kept it. Each (set, year) is listed once, with the first set found to
    refer to it."""
    if evaluations is None:
        evaluations = evaluated_sets(criteria_set, parameters)
    return tuple(
        OutsidePeriod(set_id=found.id, valid_from=found.valid_from, valid_to=found.valid_to,
                      year=year - back, referenced_by=referrer, label_vi=found.label_vi,
                      label_en=found.label_en)
        for found, back, referrer in evaluations
        if not found.valid_from <= year - back <= found.valid_to)


class _Walk:
    """The sets the rules of a set evaluate, and how many years before the year assessed
    (the :class:`~ntmcriteria.evaluation.work.Unfolder` hooks of the rule kinds)."""

    __slots__ = ("_back", "_current", "_seen", "evaluated", "parameters", "root", "stack")

    def __init__(self, root: CriteriaSet, parameters: Mapping[str, Any]) -> None:
        self.root = root
        self.parameters = parameters
        #: (set id, years back) -> (the set, the id of the set found referring to it)
        self.evaluated: dict[tuple[str, int], tuple[CriteriaSet, str]] = {}
        self.stack: list[tuple[Rule, CriteriaSet, int]] = []
        self._seen: set[tuple[int, int, int]] = set()
        self._current = root
        self._back = 0

    def run(self) -> None:
        self._enter(self.root, 0, "")
        while self.stack:
            rule, owner, back = self.stack.pop()
            key = (id(rule), back, id(owner))  # a rule shared by a set and a derived one
            if key in self._seen:
                continue
            self._seen.add(key)
            self._current, self._back = owner, back
            for part, more in rule.unfolds(self):
                self.stack.append((part, owner, back + more))

    def _enter(self, criteria_set: CriteriaSet, back: int, referrer: str) -> None:
        key = (criteria_set.id, back)
        if key in self.evaluated:
            return
        self.evaluated[key] = (criteria_set, referrer)
        rules: list[Rule] = [c.rule for c in criteria_set.criteria]
        rules += [o.when for o in criteria_set.region_overrides]
        for declared in criteria_set.classifications:
            rules += [r.when for r in (*declared.overrides, *declared.rules)]
        self.stack.extend((rule, criteria_set, back) for rule in rules)

    # -- the Unfolder hooks ------------------------------------------------------------
    def reference(self, set_id: str) -> Iterable[tuple[Rule, int]]:
        other = self._current.reference_map.get(set_id)
        if other is None:  # a supplied rule is checked against the set that owns it
            other = next((s for s in self.root.walk_references() if s.id == set_id), None)
        if other is not None:
            self._enter(other, self._back, self._current.id)
        return ()

    def supplied(self, name: str) -> Iterable[tuple[Rule, int]]:
        """A rule parameter: the rule supplied (or its default), evaluated in the set that
        declares the parameter (pushed here with that set, so nothing is returned)."""
        from ntmcriteria.rules import Rule, RuleTable

        declaration = self.root.all_parameters.get(name)
        value = self.parameters.get(name, None if declaration is None else declaration.default)
        owner = self.root.parameter_owner(name)
        if isinstance(value, Rule):
            self.stack.append((value, owner, self._back))
        elif isinstance(value, RuleTable):
            self.stack.extend((rule, owner, self._back) for rule in value.rules())
        return ()
