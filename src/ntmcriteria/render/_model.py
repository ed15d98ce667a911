"""The wording of an assessment, shared by the text, Markdown and HTML renderers.

:func:`build_document` turns an :class:`~ntmcriteria.assessment.Assessment`
into a small tree of plain-text sentences (no markup at all); each renderer
only adds its own framing and escaping, so the three renderings always say
the same thing in the same words. The sentences themselves come from each
rule kind's wording hook (declared in the kind's home); :class:`Wording` is
what this edge offers those hooks: locale formatting, labels, and recursion.

Repeated problems are grouped: the missing items of many members are listed
once per item with the units that lack it, and beyond a few members each
member gets one line, so an explanation grows with the number of distinct
problems, not with members x criteria.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from ntmcriteria.analysis.closeness import closest_alternative
from ntmcriteria.classifications import REGIONS
from ntmcriteria.glossary import term
from ntmcriteria.hooks import Sentence, TableItem
from ntmcriteria.outcome import Outcome
from ntmcriteria.period import HEADING, period_note
from ntmcriteria.quantity import Quantity, difference_of
from ntmcriteria.render._format import check_lang, format_amount, format_quantity, format_value
from ntmcriteria.rules.supplied import RuleTable
from ntmcriteria.thresholds import REGION, Schedule

if TYPE_CHECKING:
    from ntmcriteria.assessment import Assessment
    from ntmcriteria.classifications import Classification
    from ntmcriteria.criteria import CriteriaSet, Parameter
    from ntmcriteria.indicators import Indicator
    from ntmcriteria.rules import Fact, Rule
    from ntmcriteria.thresholds import Threshold
    from ntmcriteria.trace import Missing, Trace
    from ntmcriteria.units import Level, Unit

__all__ = ["Block", "Document", "Line", "Wording", "build_document", "outcome_label"]

#: A worded condition (an alias kept for the renderers).
Line = Sentence
#: Members shown one by one in full under an aggregate; beyond, a line per member.
MEMBERS_IN_FULL = 3
#: Units named in a grouped missing item before "and N more".
UNITS_NAMED = 12


@attrs.frozen
class Block:
    """One criterion of the assessed set."""

    number: str
    id: str
    label: str
    outcome: Outcome
    source: str
    lines: tuple[Sentence, ...]


@attrs.frozen
class Document:
    """A whole assessment, worded in one language."""

    lang: str
    title: str
    criteria_set: str
    outcome: Outcome
    summary: str
    parameters: tuple[str, ...]
    blocks: tuple[Block, ...]
    #: the unit's value of each classification the set declares, and how it was decided
    classes: tuple[str, ...] = ()
    #: that the assessment is outside the valid period of some set(s) ("" when it is not)
    outside_period: str = ""
    #: the missing items worth collecting first, worded in one line ("" when none matters)
    collect_first: str = ""

    @property
    def headings(self) -> Mapping[str, str]:
        return _HEADINGS[self.lang]


_HEADINGS: Mapping[str, Mapping[str, str]] = {
    "vi": {"set": "Bộ tiêu chí", "overall": "Kết quả chung", "source": "Căn cứ",
           "criterion": "Tiêu chí", "content": "Nội dung", "result": "Kết quả",
           "parameters": "Tham số đã dùng", "summary": "Tóm tắt", "classes": "Phân loại",
           "outside_period": HEADING["vi"], "collect": "Cần thu thập trước"},
    "en": {"set": "Criteria set", "overall": "Overall", "source": "Source",
           "criterion": "Criterion", "content": "Content", "result": "Result",
           "parameters": "Parameters used", "summary": "Summary",
           "classes": "Classification", "outside_period": HEADING["en"],
           "collect": "Collect first"},
}


def outcome_label(outcome: Outcome, lang: str) -> str:
    """``đạt`` / ``không đạt`` / ``chưa đủ dữ liệu``, or ``pass`` / ``fail`` / ``not enough
    data``."""
    return term(outcome.value, lang)


def _unit_names(unit: Unit) -> dict[str, str]:
    """Code -> name over the whole tree; a code used by two differently named units (codes
    are only unique among siblings) maps to "" so that no wrong name is shown."""
    names: dict[str, str] = {}
    stack: list[Unit] = [unit]
    while stack:
        node = stack.pop()
        if names.setdefault(node.code, node.name) != node.name:
            names[node.code] = ""
        stack.extend(reversed(node.children))
    return names


class Wording:
    """The rendering edge's side of the wording hooks (:class:`ntmcriteria.hooks.Words`)."""

    def __init__(self, lang: str, criteria_set: CriteriaSet | None = None,
                 names: Mapping[str, str] | None = None) -> None:
        self.lang = check_lang(lang)
        self.indicators: dict[str, Indicator] = (
            {} if criteria_set is None else criteria_set.all_indicators())
        self.parameters: Mapping[str, Parameter] = (
            {} if criteria_set is None else criteria_set.all_parameters)
        self.sets: dict[str, str] = ({} if criteria_set is None else
                                     {ref.id: ref.label(self.lang)
                                      for ref in criteria_set.walk_references()})
        self.names: Mapping[str, str] = names or {}
        self.classifications: Mapping[str, Classification] = (
            {REGION: REGIONS} if criteria_set is None else criteria_set.classification_map)
        #: the criteria of referenced sets already worded (their traces are shared by every
        #: ``meets`` that refers to the set in the same unit and year): worded once
        self._worded: dict[int, Trace] = {}

    # -- words and values ------------------------------------------------------------
    def t(self, vi: str, en: str) -> str:
        return vi if self.lang == "vi" else en

    def term(self, key: str) -> str:
        return term(key, self.lang)

    def value(self, value: object, indicator: Indicator | None = None) -> str:
        return format_value(value, self.lang, indicator)

    def quantity(self, value: object, indicator: Indicator | None = None) -> str:
        return format_quantity(value, self.lang, indicator)

    def amount(self, value: object, indicator: Indicator | None = None) -> str:
        """A shortfall in words of its unit (``2,5 điểm phần trăm``, ``2 xã``): ``value``
        a :class:`~ntmcriteria.quantity.Quantity`, or a number that is a difference of
        ``indicator``'s values (percentage points for a percentage)."""
        if isinstance(value, Quantity):
            return format_amount(value, self.lang)
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            return self.value(value, indicator)
        quantity = difference_of(value, indicator)
        assert quantity is not None  # noqa: S101 - a number was given
        return format_amount(quantity, self.lang)

    def indicator(self, key: str) -> Indicator | None:
        return self.indicators.get(key)

    def indicator_label(self, key: str) -> str:
        indicator = self.indicators.get(key)
        return key if indicator is None else indicator.label(self.lang)

    def unit(self, code: str) -> str:
        name = self.names.get(code, "")
        return f"{name} ({code})" if name else code

    def level(self, level: Level, plural: bool = False) -> str:
        if self.lang == "vi":
            return level.label_vi
        return level.label_en + ("s" if plural else "")

    def set_label(self, set_id: str) -> str:
        return self.sets.get(set_id, "")

    def parameter(self, name: str) -> str:
        declaration = self.parameters.get(name)
        label = "" if declaration is None else declaration.label(self.lang)
        return f"«{label}» [{name}]" if label else f"[{name}]"

    def parameter_entry(self, name: str) -> str:
        """A parameter in the official table: its label, name and value (or "not set"),
        and what it is keyed by."""
        declaration = self.parameters.get(name)
        if declaration is None:
            return self.t(f"tham số [{name}]", f"parameter [{name}]")
        default = declaration.default
        if default is None:
            value = self.t("chưa có giá trị", "no value set")
        elif isinstance(default, Schedule):
            value = default.text(self, None)
        elif isinstance(default, bool | Decimal | int):
            value = self.value(default)
        elif isinstance(default, RuleTable):
            value = self.t("quy định theo ", "a rule by ") + self.keys_text(default.by)
        else:
            value = self.t("quy định", "a rule")
        label = declaration.label(self.lang)
        keyed = ""
        if declaration.keyed_by and default is None:
            keyed = self.t(" (theo ", " (by ") + self.keys_text(declaration.keyed_by) + ")"
        return self.t(f"tham số «{label}» [{name}]: {value}{keyed}",
                      f"parameter «{label}» [{name}]: {value}{keyed}")

    def class_name(self, name: str) -> str:
        """The label of a classification ("nhóm xã" / "commune group")."""
        if name == "year":
            return self.t("năm", "year")
        found = self.classifications.get(name)
        return name if found is None else found.label(self.lang)

    def class_label(self, name: str, code: str) -> str:
        """The label of a classification's value ("Nhóm 1", "Trung du miền núi phía Bắc")."""
        found = self.classifications.get(name)
        return code if found is None else found.value_label(code, self.lang)

    def keys_text(self, names: Sequence[str]) -> str:
        return self.t(" và ", " and ").join(self.class_name(n) for n in names)

    # -- sentences --------------------------------------------------------------------
    def sentence(self, trace: Trace) -> Sentence:
        detail: Any = trace.detail
        return detail.sentence(trace, self)  # type: ignore[no-any-return]

    def finish(self, trace: Trace, text: str, notes: Sequence[str] = (),
               children: Sequence[Sentence] = ()) -> Sentence:
        label = trace.label(self.lang)
        if label:
            text = f"{label}: {text}"
        return Sentence(trace.outcome, text, (*notes, *self.missing_notes(trace)),
                        tuple(children))

    def criterion_sentence(self, trace: Trace) -> Sentence:
        """A criterion of a referenced set (inside ``meets``), with its source; worded in
        full once, then referred to ("explained above")."""
        if id(trace) in self._worded:
            return Sentence(trace.outcome, trace.label(self.lang)
                            + self.t(" (đã trình bày ở trên)", " (explained above)"))
        self._worded[id(trace)] = trace
        notes: tuple[str, ...] = ()
        if trace.citation is not None:
            notes = (self.t("Căn cứ: ", "Source: ") + trace.citation.describe(self.lang),)
        return Sentence(trace.outcome, trace.label(self.lang), notes, top_sentences(trace, self))

    def member_sentences(self, traces: Sequence[Trace]) -> tuple[Sentence, ...]:
        """The members that did not pass: in full for a few, else one line each."""
        if len(traces) <= MEMBERS_IN_FULL:
            out = []
            for child in traces:
                line = self.sentence(child)
                out.append(attrs.evolve(line, text=f"{self._member(child)}: {line.text}"))
            return tuple(out)
        return tuple(Sentence(child.outcome, f"{self._member(child)}: "
                              + outcome_label(child.outcome, self.lang)) for child in traces)

    def _member(self, trace: Trace) -> str:
        return f"{trace.unit_name} ({trace.unit})" if trace.unit_name else trace.unit

    def missing_notes(self, trace: Trace) -> tuple[str, ...]:
        if trace.outcome is not Outcome.UNKNOWN or not trace.missing:
            return ()
        return (self.t("Thiếu: ", "Missing: ") + "; ".join(self.grouped(trace.missing)),)

    def grouped(self, items: Sequence[Missing]) -> list[str]:
        """The missing items, those that differ only by unit given once with the units."""
        groups: dict[tuple[Any, ...], list[Missing]] = {}
        for item in items:
            key = (item.kind, item.key, item.year, item.region, item.classes)
            groups.setdefault(key, []).append(item)
        out = []
        for members in groups.values():
            first = members[0]
            if len(members) == 1:
                out.append(first.describe(self.lang, self.names))
                continue
            units = [self.unit(m.unit) for m in members]
            shown = ", ".join(units[:UNITS_NAMED])
            if len(units) > UNITS_NAMED:
                shown += self.t(f" và {len(units) - UNITS_NAMED} đơn vị khác",
                                f" and {len(units) - UNITS_NAMED} more")
            label = first.label(self.lang)
            named = f"«{label}» [{first.key}]" if label else f"[{first.key}]"
            when = "" if first.year is None else self.t(f" năm {first.year}",
                                                        f" for {first.year}")
            if first.kind == "fact":
                out.append(self.t(f"chưa có số liệu {named}{when} của {len(units)} đơn vị: "
                                  f"{shown}",
                                  f"no data for {named}{when} of {len(units)} units: {shown}"))
            else:
                out.append(self.t(f"{first.describe(self.lang)} (và ở {len(units)} đơn vị: "
                                  f"{shown})",
                                  f"{first.describe(self.lang)} (and for {len(units)} units: "
                                  f"{shown})"))
        return out

    def closest(self, trace: Trace) -> tuple[int, Trace] | None:
        return closest_alternative(trace)

    # -- the official table -----------------------------------------------------------
    def threshold(self, threshold: Threshold, indicator: Indicator | None) -> str:
        return threshold.text(self, indicator)

    def fact(self, fact: Fact) -> str:
        return self.indicator_label(fact.key) + fact.at.text(self)

    def items(self, rule: Rule, prefix: str = "", label: str = "") -> list[TableItem]:
        return rule.table_items(self, prefix, label)


def top_sentences(trace: Trace, w: Wording) -> tuple[Sentence, ...]:
    """The lines of a criterion: an unlabelled all_of at the top is listed flat."""
    bare = trace.relabelled("", "")
    if bare.kind == "all_of":
        return tuple(w.sentence(child) for child in bare.children)
    return (w.sentence(bare),)


def build_document(assessment: Assessment, lang: str = "vi") -> Document:
    """Word ``assessment`` in ``lang`` (``'vi'`` or ``'en'``)."""
    lang = check_lang(lang)
    cs = assessment.criteria_set
    w = Wording(lang, cs, _unit_names(assessment.unit))
    unit = assessment.unit
    level = w.level(unit.level)
    title = w.t(f"Đánh giá {level} {unit.label()} năm {assessment.year}",
                f"Assessment of {level} {unit.label()} in {assessment.year}")
    counts = {o: len(assessment.ids(o)) for o in Outcome}
    summary = w.t(
        f"{counts[Outcome.PASS]} {term('pass', 'vi')}, {counts[Outcome.FAIL]} "
        f"{term('fail', 'vi')}, {counts[Outcome.UNKNOWN]} {term('unknown', 'vi')} (trên tổng số "
        f"{len(assessment.results)} tiêu chí)",
        f"{counts[Outcome.PASS]} passed, {counts[Outcome.FAIL]} failed, "
        f"{counts[Outcome.UNKNOWN]} not enough data (of {len(assessment.results)} criteria)",
    )
    if counts[Outcome.NOT_APPLICABLE]:
        summary += f"; {counts[Outcome.NOT_APPLICABLE]} {term('not_applicable', lang)}"
    params = _parameters_text(assessment.parameters, w)
    blocks = tuple(
        Block(number=r.criterion.number, id=r.criterion.id, label=r.criterion.label(lang),
              outcome=r.outcome, source=r.criterion.citation.describe(lang),
              lines=top_sentences(r.trace, w))
        for r in assessment.results
    )
    classes = tuple(d.describe(lang) for d in assessment.classifications())
    return Document(lang=lang, title=title, criteria_set=f"{cs.label(lang)} [{cs.id}]",
                    outcome=assessment.outcome, summary=summary, parameters=params,
                    blocks=blocks, classes=classes,
                    outside_period=period_note(assessment.outside_period, lang),
                    collect_first=collect_first_text(assessment, w))


#: Missing items named in the "collect first" line before "and N more".
COLLECT_SHOWN = 3


def collect_first_text(assessment: Assessment, w: Wording) -> str:
    """The missing items worth collecting first, each with the criteria it could help
    settle, the first :data:`COLLECT_SHOWN` of them ("" when no missing item matters)."""
    ranked = assessment.worth_collecting()
    if not ranked:
        return ""
    numbers = {r.id: r.criterion.number or r.id for r in assessment.results}
    shown = [item.describe(w.lang, w.names, numbers) for item in ranked[:COLLECT_SHOWN]]
    rest = len(ranked) - COLLECT_SHOWN
    if rest > 0:
        shown.append(w.t(f"và {rest} mục khác", f"and {rest} more"))
    return "; ".join(shown)


def _parameters_text(values: Mapping[str, object], w: Wording) -> tuple[str, ...]:
    """Supplied values one by one; a schedule as "table by region/year"; supplied rules
    counted in one item (their verdicts appear in the criteria that use them)."""
    from ntmcriteria.rules import Rule

    out: list[str] = []
    rules = 0
    for name, value in sorted(values.items()):
        if isinstance(value, Rule):
            rules += 1
            continue
        declaration = w.parameters.get(name)
        label = "" if declaration is None else declaration.label(w.lang)
        if isinstance(value, Schedule):
            shown = w.t("bảng theo ", "table by ") + w.keys_text(value.keyed_by)
        elif isinstance(value, RuleTable):
            rules += 1
            continue
        elif isinstance(value, bool | Decimal | int):
            shown = format_value(value, w.lang)
        else:
            shown = str(value)
        out.append(f"{label} [{name}] = {shown}" if label else f"[{name}] = {shown}")
    if rules:
        out.append(w.t(f"{rules} quy định do địa phương cung cấp",
                       f"{rules} rules supplied by the province"))
    return tuple(out)
