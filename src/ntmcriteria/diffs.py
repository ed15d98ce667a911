"""Diffs: what changed between two criteria sets, and what that changes for units.

- :func:`diff_sets` compares two sets (a national set and a province's derived
  one, or two versions of a file): criteria added, dropped, re-thresholded,
  re-worded or otherwise re-ruled, and parameters whose value changed — each
  with the citation that authorises it and what it amends.
- :func:`diff_outcomes` assesses the same units against both sets in one year
  and lists the units and criteria whose verdict changes, and why (the
  threshold that moved, with the value observed).

Both read as text (:meth:`SetDiff.to_text`) and Markdown (``to_markdown``), in
Vietnamese by default, and as rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ntmcriteria._values import check_lang
from ntmcriteria.assessment import Assessment
from ntmcriteria.batch import assess_many
from ntmcriteria.changes import DropCriterion
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, Criterion, Parameter
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.glossary import term
from ntmcriteria.indicators import Indicator, Measure, ValueType
from ntmcriteria.outcome import Outcome
from ntmcriteria.period import HEADING, OutsidePeriod, period_note
from ntmcriteria.render._model import Wording
from ntmcriteria.render.markdown import escape_markdown
from ntmcriteria.rules import Rule
from ntmcriteria.rules._tree import node_at, replace_at, thresholded_paths
from ntmcriteria.rules.expressions import Ratio
from ntmcriteria.thresholds import Schedule, Threshold
from ntmcriteria.trace import Trace
from ntmcriteria.units import Unit

__all__ = ["CriterionChange", "OutcomeDiff", "ParameterChange", "SetDiff", "ThresholdChange",
           "VerdictChange", "diff_outcomes", "diff_sets"]


# ------------------------------------------------------------------ set diffs
@attrs.frozen(kw_only=True)
class ThresholdChange:
    """One threshold of a criterion's rule that moved: its path, old and new threshold,
    and their wording in Vietnamese and English."""

    path: tuple[int, ...]
    old: Threshold
    new: Threshold
    old_text: tuple[str, str]
    new_text: tuple[str, str]

    def describe(self, lang: str = "vi") -> str:
        i = 0 if check_lang(lang) == "vi" else 1
        return f"{self.old_text[i]} → {self.new_text[i]}"


@attrs.frozen(kw_only=True)
class CriterionChange:
    """A criterion added, dropped or changed; ``aspects`` of a change are ``threshold``
    (see ``thresholds``), ``wording`` (labels or number), ``rule`` (another rule than
    by thresholds), ``group`` and ``citation``."""

    kind: str
    criterion_id: str
    old: Criterion | None
    new: Criterion | None
    aspects: tuple[str, ...] = ()
    thresholds: tuple[ThresholdChange, ...] = ()
    citation: Citation | None = None

    @property
    def number(self) -> str:
        criterion = self.new or self.old
        assert criterion is not None  # noqa: S101 - one of them is set
        return criterion.number

    def describe(self, lang: str = "vi") -> str:
        vi = check_lang(lang) == "vi"
        criterion = self.new or self.old
        assert criterion is not None  # noqa: S101 - one of them is set
        head = f"{'Tiêu chí' if vi else 'Criterion'} {criterion.number} [{self.criterion_id}]"
        if self.kind == "added":
            text = f"{head}: {'thêm' if vi else 'added'} — {criterion.label(lang)}"
        elif self.kind == "dropped":
            text = f"{head}: {'bỏ' if vi else 'dropped'} — {criterion.label(lang)}"
        else:
            parts = []
            for change in self.thresholds:
                parts.append(("ngưỡng " if vi else "threshold ") + change.describe(lang))
            if "wording" in self.aspects and self.old is not None and self.new is not None:
                parts.append(("tên: " if vi else "wording: ")
                             + f"«{self.old.label(lang)}» → «{self.new.label(lang)}»")
            if "rule" in self.aspects:
                parts.append("quy tắc khác" if vi else "another rule")
            if "group" in self.aspects:
                parts.append("nhóm khác" if vi else "another group")
            if "citation" in self.aspects and not parts:
                parts.append("căn cứ khác" if vi else "another source")
            text = f"{head} — {criterion.label(lang)}: " + "; ".join(parts)
        if self.citation is not None:
            text += (" (căn cứ: " if vi else " (source: ") + self.citation.describe(lang) + ")"
        return text


@attrs.frozen(kw_only=True)
class ParameterChange:
    """A parameter added, dropped, or given another value (``value``) or labels."""

    kind: str
    name: str
    old: Parameter | None
    new: Parameter | None
    old_text: tuple[str, str] = ("", "")
    new_text: tuple[str, str] = ("", "")

    @property
    def citation(self) -> Citation | None:
        return None if self.new is None else self.new.citation

    def describe(self, lang: str = "vi") -> str:
        vi = check_lang(lang) == "vi"
        i = 0 if vi else 1
        declaration = self.new or self.old
        assert declaration is not None  # noqa: S101 - one of them is set
        head = f"{'Tham số' if vi else 'Parameter'} «{declaration.label(lang)}» [{self.name}]"
        if self.kind == "added":
            return f"{head}: {'thêm' if vi else 'added'}"
        if self.kind == "dropped":
            return f"{head}: {'bỏ' if vi else 'dropped'}"
        text = f"{head}: {self.old_text[i]} → {self.new_text[i]}"
        if self.citation is not None:
            text += (" (căn cứ: " if vi else " (source: ") + self.citation.describe(lang) + ")"
        return text


@attrs.frozen(kw_only=True, eq=False)
class SetDiff:
    """The differences between ``old`` and ``new``."""

    old: CriteriaSet
    new: CriteriaSet
    criteria: tuple[CriterionChange, ...]
    parameters: tuple[ParameterChange, ...]
    indicators_added: tuple[str, ...] = ()
    indicators_dropped: tuple[str, ...] = ()

    @property
    def changed_criteria(self) -> tuple[str, ...]:
        """Ids of the criteria added, dropped or changed, in order."""
        return tuple(c.criterion_id for c in self.criteria)

    def criterion(self, criterion_id: str) -> CriterionChange | None:
        return next((c for c in self.criteria if c.criterion_id == criterion_id), None)

    def __bool__(self) -> bool:
        return bool(self.criteria or self.parameters or self.indicators_added
                    or self.indicators_dropped)

    def _lines(self, lang: str) -> tuple[str, list[str], list[str], list[str]]:
        vi = check_lang(lang) == "vi"
        title = (f"{'So sánh' if vi else 'Comparing'} {self.old.label(lang)} [{self.old.id}] → "
                 f"{self.new.label(lang)} [{self.new.id}]")
        criteria = [c.describe(lang) for c in self.criteria]
        parameters = [p.describe(lang) for p in self.parameters]
        indicators = []
        if self.indicators_added:
            indicators.append(("Chỉ tiêu thêm: " if vi else "Indicators added: ")
                              + ", ".join(self.indicators_added))
        if self.indicators_dropped:
            indicators.append(("Chỉ tiêu bỏ: " if vi else "Indicators dropped: ")
                              + ", ".join(self.indicators_dropped))
        return title, criteria, parameters, indicators

    def to_text(self, lang: str = "vi") -> str:
        vi = check_lang(lang) == "vi"
        title, criteria, parameters, indicators = self._lines(lang)
        lines = [title]
        if not self:
            lines.append("Không có khác biệt." if vi else "No differences.")
        if criteria:
            lines.append("Tiêu chí:" if vi else "Criteria:")
            lines.extend(f"  - {c}" for c in criteria)
        if parameters:
            lines.append("Tham số:" if vi else "Parameters:")
            lines.extend(f"  - {p}" for p in parameters)
        lines.extend(indicators)
        return "\n".join(lines)

    def to_markdown(self, lang: str = "vi") -> str:
        vi = check_lang(lang) == "vi"
        e = escape_markdown
        title, criteria, parameters, indicators = self._lines(lang)
        lines = [f"# {e(title)}", ""]
        if not self:
            lines.append("Không có khác biệt." if vi else "No differences.")
        if criteria:
            lines += [f"## {'Tiêu chí' if vi else 'Criteria'}", "",
                      *(f"- {e(c)}" for c in criteria), ""]
        if parameters:
            lines += [f"## {'Tham số' if vi else 'Parameters'}", "",
                      *(f"- {e(p)}" for p in parameters), ""]
        lines += [e(i) for i in indicators]
        return "\n".join(lines).rstrip("\n") + "\n"

    def to_html(self, lang: str = "vi") -> str:
        """An HTML fragment: the criteria and parameters that changed, with their sources
        (:func:`ntmcriteria.render.diffs.set_diff_html`)."""
        from ntmcriteria.render.diffs import set_diff_html

        return set_diff_html(self, lang)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __str__(self) -> str:
        return self.to_text("vi")

    def __repr__(self) -> str:
        kinds = {k: sum(c.kind == k for c in self.criteria) for k in ("added", "dropped",
                                                                     "changed")}
        return (f"<SetDiff {self.old.id!r} -> {self.new.id!r}: criteria {kinds['added']} "
                f"added, {kinds['dropped']} dropped, {kinds['changed']} changed; "
                f"{len(self.parameters)} parameters changed>")


def _indicator_of(node: Rule, indicators: Mapping[str, Indicator]) -> Indicator | None:
    expr = getattr(node, "expr", None)
    if expr is None or isinstance(expr, Ratio):
        return None
    primary = getattr(expr, "primary", None)
    return None if primary is None else indicators.get(primary.key)


def _threshold_text(threshold: Threshold, node: Rule, cs: CriteriaSet) -> tuple[str, str]:
    indicators = cs.all_indicators()
    indicator = _indicator_of(node, indicators)
    return tuple(threshold.text(Wording(lang, cs), indicator)  # type: ignore[return-value]
                 for lang in ("vi", "en"))


def _threshold_changes(old: Criterion, new: Criterion, old_set: CriteriaSet,
                       new_set: CriteriaSet) -> tuple[tuple[ThresholdChange, ...], bool]:
    """The thresholds that moved, and whether the rules differ only by them."""
    old_rule, new_rule = old.rule, new.rule
    paths = thresholded_paths(old_rule)
    if paths != thresholded_paths(new_rule):
        return (), False
    moved = []
    patched = old_rule
    for path in paths:
        old_node, new_node = node_at(old_rule, path), node_at(new_rule, path)
        field = None if old_node is None else old_node.threshold_field
        if old_node is None or new_node is None or field is None:  # pragma: no cover
            return (), False  # the paths are the thresholded ones of both rules
        before, after = getattr(old_node, field), getattr(new_node, field)
        if before != after:
            moved.append(ThresholdChange(path=path, old=before, new=after,
                                         old_text=_threshold_text(before, old_node, old_set),
                                         new_text=_threshold_text(after, new_node, new_set)))

            def put(target: Rule, f: str = field, value: Threshold = after) -> Rule:
                return attrs.evolve(target, **{f: value})  # type: ignore[misc]

            patched = replace_at(patched, path, put)
    return tuple(moved), patched == new_rule


def _dropped_citation(new: CriteriaSet, criterion_id: str) -> Citation | None:
    for change in new.changes:
        if isinstance(change, DropCriterion) and change.criterion_id == criterion_id:
            return change.citation
    return None


def _measured(declaration: Parameter) -> Indicator | None:
    """An indicator of the parameter's measure, to word its values with their unit."""
    measure = declaration.measure
    if measure is None:
        return None
    kind = ValueType.BOOLEAN if measure is Measure.YES_NO else ValueType.DECIMAL
    return Indicator(key="parameter", label_vi=declaration.label_vi,
                     label_en=declaration.label_en, measure=measure, value_type=kind)


def _value_text(value: object, declaration: Parameter, cs: CriteriaSet) -> tuple[str, str]:
    out = []
    indicator = _measured(declaration)
    for lang in ("vi", "en"):
        w = Wording(lang, cs)
        if value is None:
            text = w.t("chưa có giá trị", "no value")
        elif isinstance(value, Schedule):
            text = value.text(w, indicator)
        elif isinstance(value, Rule):
            text = repr(value)
        else:
            text = w.quantity(value, indicator)
        out.append(text)
    return out[0], out[1]


def diff_sets(old: CriteriaSet, new: CriteriaSet) -> SetDiff:
    """What changes from ``old`` to ``new``: criteria (by id), parameters (by name, with
    the sets they refer to) and indicators."""
    for name, value in (("old", old), ("new", new)):
        if not isinstance(value, CriteriaSet):
            raise NTMTypeError(f"{name} must be a CriteriaSet (got {type(value).__name__})")
    old_map = {c.id: c for c in old.criteria}
    new_map = {c.id: c for c in new.criteria}
    criteria: list[CriterionChange] = []
    for c in old.criteria:
        if c.id not in new_map:
            criteria.append(CriterionChange(kind="dropped", criterion_id=c.id, old=c, new=None,
                                            citation=_dropped_citation(new, c.id)))
            continue
        n = new_map[c.id]
        if n == c:
            continue
        aspects = []
        moved: tuple[ThresholdChange, ...] = ()
        if n.rule != c.rule:
            moved, only = _threshold_changes(c, n, old, new)
            if moved:
                aspects.append("threshold")
            if not only:
                aspects.append("rule")
        if (n.label_vi, n.label_en, n.number) != (c.label_vi, c.label_en, c.number):
            aspects.append("wording")
        if n.group != c.group:
            aspects.append("group")
        if n.citation != c.citation:
            aspects.append("citation")
        criteria.append(CriterionChange(kind="changed", criterion_id=c.id, old=c, new=n,
                                        aspects=tuple(aspects), thresholds=moved,
                                        citation=n.citation))
    for n in new.criteria:
        if n.id not in old_map:
            criteria.append(CriterionChange(kind="added", criterion_id=n.id, old=None, new=n,
                                            citation=n.citation))
    parameters: list[ParameterChange] = []
    old_params, new_params = old.all_parameters, new.all_parameters
    for name in sorted(set(old_params) | set(new_params)):
        before, after = old_params.get(name), new_params.get(name)
        if before is None:
            parameters.append(ParameterChange(kind="added", name=name, old=None, new=after))
        elif after is None:
            parameters.append(ParameterChange(kind="dropped", name=name, old=before, new=None))
        elif before.default != after.default:
            parameters.append(ParameterChange(
                kind="value", name=name, old=before, new=after,
                old_text=_value_text(before.default, before, old),
                new_text=_value_text(after.default, after, new)))
        elif (before.label_vi, before.label_en) != (after.label_vi, after.label_en):
            parameters.append(ParameterChange(
                kind="labels", name=name, old=before, new=after,
                old_text=(before.label_vi, before.label_en),
                new_text=(after.label_vi, after.label_en)))
    old_ind, new_ind = old.all_indicators(), new.all_indicators()
    return SetDiff(old=old, new=new, criteria=tuple(criteria), parameters=tuple(parameters),
                   indicators_added=tuple(k for k in new_ind if k not in old_ind),
                   indicators_dropped=tuple(k for k in old_ind if k not in new_ind))


# ------------------------------------------------------------------ outcome diffs
@attrs.frozen(kw_only=True)
class VerdictChange:
    """A unit whose verdict on a criterion (``None``: the whole set) changes, and why:
    the thresholds that moved at the checks that decide it, with the value observed."""

    unit_code: str
    unit_name: str
    criterion_id: str | None
    old: Outcome
    new: Outcome
    reasons: tuple[tuple[str, str], ...] = ()

    def describe(self, lang: str = "vi") -> str:
        vi = check_lang(lang) == "vi"
        unit = f"{self.unit_name} ({self.unit_code})" if self.unit_name else self.unit_code
        what = (("cả bộ tiêu chí" if vi else "the whole set") if self.criterion_id is None
                else f"{'tiêu chí' if vi else 'criterion'} [{self.criterion_id}]")
        text = f"{unit}, {what}: {term(self.old.value, lang)} → {term(self.new.value, lang)}"
        if self.reasons:
            text += " — " + "; ".join(r[0 if vi else 1] for r in self.reasons)
        return text


@attrs.frozen(kw_only=True, eq=False)
class OutcomeDiff:
    """The verdicts that differ between two sets on the same units in one year."""

    old_set: CriteriaSet
    new_set: CriteriaSet
    year: int
    units: tuple[str, ...]
    changes: tuple[VerdictChange, ...]
    #: the sets the two assessments used outside their valid period (old set's first),
    #: when made with ``allow_outside_period=True``
    outside_period: tuple[OutsidePeriod, ...] = ()

    def _period_lines(self, lang: str) -> list[str]:
        note = period_note(self.outside_period, lang)
        return [f"{HEADING[check_lang(lang)]}: {note}"] if note else []

    @property
    def changed_units(self) -> tuple[str, ...]:
        """Codes of the units with at least one verdict changed, in the units' order."""
        found = {c.unit_code for c in self.changes}
        return tuple(code for code in self.units if code in found)

    @property
    def changed_criteria(self) -> tuple[str, ...]:
        """Ids of the criteria whose verdict changes for at least one unit."""
        return tuple(dict.fromkeys(c.criterion_id for c in self.changes
                                   if c.criterion_id is not None))

    def for_unit(self, code: str) -> tuple[VerdictChange, ...]:
        return tuple(c for c in self.changes if c.unit_code == code)

    def rows(self, lang: str = "vi") -> list[dict[str, Any]]:
        lang = check_lang(lang)
        i = 0 if lang == "vi" else 1
        return [{"unit_code": c.unit_code, "unit_name": c.unit_name, "year": self.year,
                 "criterion_id": c.criterion_id, "old": c.old.value, "new": c.new.value,
                 "why": "; ".join(r[i] for r in c.reasons)} for c in self.changes]

    def _title(self, lang: str) -> str:
        vi = check_lang(lang) == "vi"
        return (f"{'Kết quả thay đổi' if vi else 'Verdicts that change'} "
                f"[{self.old_set.id}] → [{self.new_set.id}], "
                f"{'năm' if vi else 'year'} {self.year}: "
                f"{len(self.changed_units)}/{len(self.units)} "
                f"{'đơn vị' if vi else 'units'}")

    def to_text(self, lang: str = "vi") -> str:
        vi = check_lang(lang) == "vi"
        lines = [self._title(lang), *self._period_lines(lang)]
        if not self.changes:
            lines.append("Không có kết quả nào thay đổi." if vi else "No verdict changes.")
        lines.extend(f"  - {c.describe(lang)}" for c in self.changes)
        return "\n".join(lines)

    def to_markdown(self, lang: str = "vi") -> str:
        vi = check_lang(lang) == "vi"
        e = escape_markdown
        lines = [f"# {e(self._title(lang))}", ""]
        lines += [e(line) for line in self._period_lines(lang)] + (
            [""] if self.outside_period else [])
        if not self.changes:
            lines.append("Không có kết quả nào thay đổi." if vi else "No verdict changes.")
            return "\n".join(lines) + "\n"
        head = (("Đơn vị", "Tiêu chí", "Trước", "Sau", "Lý do") if vi
                else ("Unit", "Criterion", "Before", "After", "Why"))
        lines += ["| " + " | ".join(head) + " |", "|---|---|---|---|---|"]
        i = 0 if vi else 1
        for c in self.changes:
            unit = f"{c.unit_name} ({c.unit_code})" if c.unit_name else c.unit_code
            what = ("cả bộ" if vi else "whole set") if c.criterion_id is None else c.criterion_id
            cells = (unit, what, term(c.old.value, lang), term(c.new.value, lang),
                     "; ".join(r[i] for r in c.reasons))
            lines.append("| " + " | ".join(e(x) for x in cells) + " |")
        return "\n".join(lines) + "\n"

    def to_html(self, lang: str = "vi") -> str:
        """An HTML fragment: the verdicts that change, before and after, and why
        (:func:`ntmcriteria.render.diffs.outcome_diff_html`)."""
        from ntmcriteria.render.diffs import outcome_diff_html

        return outcome_diff_html(self, lang)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __str__(self) -> str:
        return self.to_text("vi")

    def __repr__(self) -> str:
        return (f"<OutcomeDiff {self.old_set.id!r} -> {self.new_set.id!r}, {self.year}: "
                f"{len(self.changes)} verdicts change in {len(self.changed_units)} of "
                f"{len(self.units)} units>")


def _trace_at(trace: Trace, path: tuple[int, ...]) -> Trace | None:
    return next((t for t in trace.walk() if t.path == path), None)


def _reasons(old: Assessment, new: Assessment, criterion_id: str, diff: SetDiff
             ) -> tuple[tuple[str, str], ...]:
    change = diff.criterion(criterion_id)
    out: list[tuple[str, str]] = []
    if change is None or change.kind != "changed":
        if change is not None:
            return ((("tiêu chí thêm" if change.kind == "added" else "tiêu chí bỏ"),
                     ("criterion added" if change.kind == "added" else "criterion dropped")),)
        moved = [p for p in diff.parameters if p.kind == "value"]
        if moved:
            names = ", ".join(p.name for p in moved)
            return ((f"giá trị tham số thay đổi ({names})", f"parameter values changed ({names})"),)
        return ()
    old_trace = old.result(criterion_id).trace
    new_trace = new.result(criterion_id).trace
    cs = new.criteria_set
    for moved_threshold in change.thresholds:
        before = _trace_at(old_trace, moved_threshold.path)
        after = _trace_at(new_trace, moved_threshold.path)
        vi, en = (f"ngưỡng {moved_threshold.describe('vi')}",
                  f"threshold {moved_threshold.describe('en')}")
        if before is not None and after is not None:
            summary: dict[str, Any] = after.detail.summary()
            observed = summary.get("observed")
            indicator = summary.get("indicator")
            if observed is not None:
                vi += (f", {term('observed', 'vi')} "
                       f"{Wording('vi', cs).quantity(observed, indicator)}")
                en += (f", {term('observed', 'en')} "
                       f"{Wording('en', cs).quantity(observed, indicator)}")
        out.append((vi, en))
    if "rule" in change.aspects:
        out.append(("quy tắc của tiêu chí thay đổi", "the criterion's rule changed"))
    return tuple(out)


def diff_outcomes(old_set: CriteriaSet, new_set: CriteriaSet, units: Iterable[Unit], *,
                  year: int, parameters: Mapping[str, Any] | None = None,
                  new_parameters: Mapping[str, Any] | None = None,
                  allow_outside_period: bool = False) -> OutcomeDiff:
    """Assess ``units`` against both sets in ``year`` and list the verdicts that differ:
    per criterion present in both (and the whole set), with the reason.

    ``parameters`` are supplied to both sets (``new_parameters``, when given, to the
    new set instead)."""
    for name, value in (("old_set", old_set), ("new_set", new_set)):
        if not isinstance(value, CriteriaSet):
            raise NTMTypeError(f"{name} must be a CriteriaSet (got {type(value).__name__})")
    if old_set.level is not new_set.level:
        raise NTMValueError(f"the sets assess different levels ({old_set.level.value} and "
                            f"{new_set.level.value})")
    items = tuple(units)
    before = assess_many(old_set, items, year=year, parameters=parameters,
                         allow_outside_period=allow_outside_period)
    after = assess_many(new_set, items, year=year,
                        parameters=parameters if new_parameters is None else new_parameters,
                        allow_outside_period=allow_outside_period)
    diff = diff_sets(old_set, new_set)
    changes: list[VerdictChange] = []
    for a, b in zip(before, after, strict=True):
        old_outcomes = {r.id: r.outcome for r in a.results}
        per_criterion: list[VerdictChange] = []
        for r in b.results:
            previous = old_outcomes.get(r.id)
            if previous is None or previous is r.outcome:
                continue
            per_criterion.append(VerdictChange(
                unit_code=b.unit.code, unit_name=b.unit.name, criterion_id=r.id,
                old=previous, new=r.outcome, reasons=_reasons(a, b, r.id, diff)))
        if a.outcome is not b.outcome:
            changes.append(VerdictChange(
                unit_code=b.unit.code, unit_name=b.unit.name, criterion_id=None, old=a.outcome,
                new=b.outcome, reasons=tuple(
                    (f"tiêu chí [{c.criterion_id}]: {term(c.old.value, 'vi')} → "
                     f"{term(c.new.value, 'vi')}",
                     f"criterion [{c.criterion_id}]: {term(c.old.value, 'en')} → "
                     f"{term(c.new.value, 'en')}") for c in per_criterion)))
        changes.extend(per_criterion)
    outside = tuple(dict.fromkeys(
        record for batch in (before, after) for a in batch.assessments[:1]
        for record in a.outside_period))
    return OutcomeDiff(old_set=old_set, new_set=new_set, year=year,
                       units=tuple(u.code for u in items), changes=tuple(changes),
                       outside_period=outside)
