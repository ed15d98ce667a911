"""The wording of an assessment, shared by the text, Markdown and HTML renderers.

:func:`build_document` turns an :class:`~ntmcriteria.assessment.Assessment`
into a small tree of plain-text lines (no markup at all); each renderer only
adds its own framing and escaping, so the three renderings always say the same
thing in the same words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from ntmcriteria.indicators import Indicator
from ntmcriteria.outcome import Outcome
from ntmcriteria.render._closeness import closest_alternative
from ntmcriteria.render._format import check_lang, format_quantity, format_value
from ntmcriteria.rules import Difference
from ntmcriteria.trace import Missing, Trace

if TYPE_CHECKING:
    from ntmcriteria.assessment import Assessment
    from ntmcriteria.criteria import CriteriaSet, Parameter
    from ntmcriteria.units import Unit

__all__ = ["Block", "Document", "Line", "build_document", "describe_missing", "outcome_label"]

_OPS = {">=": "≥", "<=": "≤", "==": "=", "!=": "≠"}


@attrs.frozen
class Line:
    """One checked condition: its outcome, its sentence, notes and sub-conditions."""

    outcome: Outcome
    text: str
    notes: tuple[str, ...] = ()
    children: tuple[Line, ...] = ()


@attrs.frozen
class Block:
    """One criterion of the assessed set."""

    number: str
    id: str
    label: str
    outcome: Outcome
    source: str
    lines: tuple[Line, ...]


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

    @property
    def headings(self) -> Mapping[str, str]:
        return _HEADINGS[self.lang]


_HEADINGS: Mapping[str, Mapping[str, str]] = {
    "vi": {"set": "Bộ tiêu chí", "overall": "Kết quả chung", "source": "Căn cứ",
           "criterion": "Tiêu chí", "content": "Nội dung", "result": "Kết quả",
           "parameters": "Tham số đã dùng", "summary": "Tóm tắt"},
    "en": {"set": "Criteria set", "overall": "Overall", "source": "Source",
           "criterion": "Criterion", "content": "Content", "result": "Result",
           "parameters": "Parameters used", "summary": "Summary"},
}


def outcome_label(outcome: Outcome, lang: str) -> str:
    """``đạt`` / ``không đạt`` / ``chưa đủ dữ liệu``, or ``pass`` / ``fail`` / ``not enough
    data``."""
    return outcome.label_vi if lang == "vi" else outcome.label_en


@attrs.frozen
class _Ctx:
    lang: str
    indicators: Mapping[str, Indicator]
    parameters: Mapping[str, Parameter]
    names: Mapping[str, str]
    sets: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def vi(self) -> bool:
        return self.lang == "vi"

    def t(self, vi: str, en: str) -> str:
        return vi if self.vi else en

    def unit(self, code: str) -> str:
        name = self.names.get(code, "")
        return f"{name} ({code})" if name else code


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


def _all_indicators(criteria_set: CriteriaSet) -> dict[str, Indicator]:
    out: dict[str, Indicator] = {}
    for ref in criteria_set.walk_references():
        out.update(ref.indicator_map)
    out.update(criteria_set.indicator_map)
    return out


def build_document(assessment: Assessment, lang: str = "vi") -> Document:
    """Word ``assessment`` in ``lang`` (``'vi'`` or ``'en'``)."""
    lang = check_lang(lang)
    cs = assessment.criteria_set
    ctx = _Ctx(lang=lang, indicators=_all_indicators(cs), parameters=cs.all_parameters,
               names=_unit_names(assessment.unit),
               sets={ref.id: ref.label(lang) for ref in cs.walk_references()})
    unit = assessment.unit
    level = unit.level.label_vi if ctx.vi else unit.level.label_en
    title = ctx.t(f"Đánh giá {level} {unit.label()} năm {assessment.year}",
                  f"Assessment of {level} {unit.label()} in {assessment.year}")
    counts = {o: len(assessment.ids(o)) for o in Outcome}
    summary = ctx.t(
        f"{counts[Outcome.PASS]} đạt, {counts[Outcome.FAIL]} không đạt, "
        f"{counts[Outcome.UNKNOWN]} chưa đủ dữ liệu (trên tổng số "
        f"{len(assessment.results)} tiêu chí)",
        f"{counts[Outcome.PASS]} passed, {counts[Outcome.FAIL]} failed, "
        f"{counts[Outcome.UNKNOWN]} not enough data (of {len(assessment.results)} criteria)",
    )
    params = _parameters_text(assessment.parameters, ctx)
    blocks = tuple(
        Block(number=r.criterion.number, id=r.criterion.id, label=r.criterion.label(lang),
              outcome=r.outcome, source=r.criterion.citation.describe(lang),
              lines=_top_lines(r.trace, ctx))
        for r in assessment.results
    )
    return Document(lang=lang, title=title, criteria_set=f"{cs.label(lang)} [{cs.id}]",
                    outcome=assessment.outcome, summary=summary, parameters=params,
                    blocks=blocks)


def _parameters_text(values: Mapping[str, object], ctx: _Ctx) -> tuple[str, ...]:
    """Supplied values one by one; a schedule as "table by region/year"; supplied rules
    counted in one item (their verdicts appear in the criteria that use them)."""
    from ntmcriteria.rules import Rule
    from ntmcriteria.thresholds import Schedule

    out: list[str] = []
    rules = 0
    for name, value in sorted(values.items()):
        if isinstance(value, Rule):
            rules += 1
            continue
        declaration = ctx.parameters.get(name)
        label = "" if declaration is None else (
            declaration.label_vi if ctx.vi else declaration.label_en)
        if isinstance(value, Schedule):
            keys = [k for k, on in (("region", value.by_region), ("year", value.by_year)) if on]
            what = {"region": ctx.t("vùng", "region"), "year": ctx.t("năm", "year")}
            shown = ctx.t("bảng theo ", "table by ") + ctx.t(" và ", " and ").join(
                what[k] for k in keys)
        elif isinstance(value, bool | Decimal | int):
            shown = format_value(value, ctx.lang)
        else:
            shown = str(value)
        out.append(f"{label} [{name}] = {shown}" if label else f"[{name}] = {shown}")
    if rules:
        out.append(ctx.t(f"{rules} quy định do địa phương cung cấp",
                         f"{rules} rules supplied by the province"))
    return tuple(out)


def _top_lines(trace: Trace, ctx: _Ctx) -> tuple[Line, ...]:
    """The lines of a criterion: an unlabelled all_of at the top is listed flat."""
    bare = attrs.evolve(trace, label_vi="", label_en="", citation=None)
    if bare.kind == "all_of" and not bare.note_vi:
        return tuple(_line(child, ctx) for child in bare.children)
    return (_line(bare, ctx),)


# ------------------------------------------------------------------ missing items
def describe_missing(item: Missing, lang: str = "vi", names: Mapping[str, str] | None = None
                     ) -> str:
    """One missing item as a sentence fragment (never "observed —")."""
    ctx = _Ctx(lang=check_lang(lang), indicators={}, parameters={}, names=names or {})
    return _missing(item, ctx)


def _missing(item: Missing, ctx: _Ctx) -> str:
    label = item.label_vi if ctx.vi else item.label_en
    unit = ctx.unit(item.unit)
    where: list[str] = []
    if item.region is not None:
        where.append(ctx.t("vùng ", "region ") + (item.region.label_vi if ctx.vi
                                                   else item.region.label_en))
    if item.year is not None:
        where.append(ctx.t("năm ", "year ") + str(item.year))
    extra = (", " + ", ".join(where)) if where else ""
    named = f"«{label}» [{item.key}]" if label else f"[{item.key}]"
    if item.kind == "fact":
        text = ctx.t(f"chưa có số liệu {named} của đơn vị {unit}{extra}",
                     f"no data for {named} of unit {unit}{extra}")
    elif item.kind == "parameter":
        text = ctx.t(f"chưa có giá trị của tham số {named}{extra}",
                     f"parameter {named} not supplied{extra}")
    elif item.kind == "recognition":
        text = ctx.t(f"chưa có năm công nhận {label} của đơn vị {unit}",
                     f"no year of recognition as {label} for unit {unit}")
    elif item.kind == "region":
        text = ctx.t(f"chưa có vùng của đơn vị {unit}", f"the region of unit {unit} is not given")
    else:
        text = f"{label} ({ctx.t('đơn vị', 'unit')} {unit})" if label else unit
    return text + _hint(item, ctx)


def _hint(item: Missing, ctx: _Ctx) -> str:
    """The core's did-you-mean, reworded; dropped when it names another declared indicator
    (then the fact is simply missing, not misspelt)."""
    match = _HINT.fullmatch(item.hint)
    if match is None:
        return item.hint
    key = match.group(1)
    if key in ctx.indicators:
        return ""
    return ctx.t(f" (có số liệu '{key}': có phải nhập nhầm tên?)",
                 f" (there is a fact '{key}': a misspelling?)")


_HINT = re.compile(r" \(did you mean '([^']*)'\?\)")


def _missing_notes(trace: Trace, ctx: _Ctx) -> tuple[str, ...]:
    if trace.outcome is not Outcome.UNKNOWN or not trace.missing:
        return ()
    return (ctx.t("Thiếu: ", "Missing: ") + "; ".join(_missing(m, ctx) for m in trace.missing),)


# ------------------------------------------------------------------ one node
def _label(trace: Trace, ctx: _Ctx) -> str:
    return trace.label_vi if ctx.vi else trace.label_en


def _indicator_label(key: str, ctx: _Ctx) -> str:
    indicator = ctx.indicators.get(key)
    return key if indicator is None else indicator.label(ctx.lang)


def _compare_subject(trace: Trace, ctx: _Ctx) -> str:
    expr = getattr(trace.rule, "expr", None)
    label = _label(trace, ctx)
    if isinstance(expr, Difference):
        both = (f"{_indicator_label(expr.left.key, ctx)} − "
                f"{_indicator_label(expr.right.key, ctx)}")
        return f"{label} ({both})" if label else both
    if label:
        return label
    if trace.indicator is not None:
        return trace.indicator.label(ctx.lang)
    return "" if expr is None else repr(expr)


def _compare(trace: Trace, ctx: _Ctx) -> Line:
    lang = ctx.lang
    ind = trace.indicator
    subject = _compare_subject(trace, ctx)
    op = _OPS.get(trace.op or "", trace.op or "")
    if trace.observed is None:
        observed = ctx.t("chưa có số liệu", "no data")
    else:
        observed = format_quantity(trace.observed, lang, ind)
    if isinstance(trace.required, bool):
        wanted = format_value(trace.required if trace.op == "==" else not trace.required, lang)
        text = f"{subject}: " + ctx.t(f"thực tế {observed}; yêu cầu: {wanted}",
                                      f"observed {observed}; required: {wanted}")
        return Line(trace.outcome, text, _missing_notes(trace, ctx))
    if trace.required is None:
        if trace.factor is not None:
            year = trace.baseline_year
            base = ctx.t(f"giá trị năm {year}" if year else "giá trị năm gốc",
                         f"the value of {year}" if year else "the baseline value")
            required = (f"{op} {format_value(trace.factor, lang)} × {base} "
                        + ctx.t("(chưa có)", "(not available)"))
        else:
            required = f"{op} " + ctx.t("(chưa xác định)", "(not determined)")
    else:
        required = f"{op} {format_quantity(trace.required, lang, ind)}"
        if trace.factor is not None:
            base = format_quantity(trace.baseline, lang, ind)
            when = ""
            if trace.baseline_year is not None:
                when = ctx.t(" của năm ", " in ") + str(trace.baseline_year)
            required += f" (= {format_value(trace.factor, lang)} × {base}{when})"
    text = f"{subject}: " + ctx.t(f"thực tế {observed}; yêu cầu {required}",
                                  f"observed {observed}; required {required}")
    if trace.outcome is Outcome.FAIL and trace.shortfall is not None:
        amount = format_quantity(trace.shortfall, lang, ind)
        if trace.op == ">=":
            text += ctx.t(f"; còn thiếu {amount}", f"; short by {amount}")
        elif trace.op == "<=":
            text += ctx.t(f"; vượt {amount}", f"; over by {amount}")
        else:
            text += ctx.t(f"; chênh lệch {amount}", f"; off by {amount}")
    return Line(trace.outcome, text, _missing_notes(trace, ctx))


def _members_line(trace: Trace, ctx: _Ctx) -> Line:
    level = trace.rule.level  # type: ignore[attr-defined]
    what = level.label_vi if ctx.vi else level.label_en
    whats = what if ctx.vi else what + "s"
    passed, total = len(trace.passed), trace.total or 0
    required = "—" if trace.required is None else format_value(trace.required, ctx.lang)
    if trace.kind == "share":
        observed = "—" if trace.observed is None else format_value(trace.observed, ctx.lang) + "%"
        text = ctx.t(f"Tỷ lệ {what} đạt: {passed}/{total} = {observed}; yêu cầu ≥ {required}%",
                     f"Share of {whats} meeting the rule: {passed}/{total} = {observed}; "
                     f"required ≥ {required}%")
    else:
        text = ctx.t(f"Số {what} đạt: {passed} (trên tổng số {total}); yêu cầu ≥ {required}",
                     f"Number of {whats} meeting the rule: {passed} (of {total}); "
                     f"required ≥ {required}")
    label = _label(trace, ctx)
    if label:
        text = f"{label} — {text}"
    more = trace.more_needed
    if more and trace.outcome is not Outcome.PASS:
        text += ctx.t(f"; cần thêm {more} {what} đạt",
                      f"; {more} more {what if more == 1 else whats} needed")
    notes: list[str] = []
    members = {c.unit: _member(c) for c in trace.children}
    if trace.failed:
        notes.append(ctx.t("Không đạt: ", "Failing: ")
                     + ", ".join(members.get(c, c) for c in trace.failed))
    if trace.unknown:
        notes.append(ctx.t("Chưa đủ dữ liệu: ", "Not enough data: ")
                     + ", ".join(members.get(c, c) for c in trace.unknown))
    notes.extend(_missing_notes(trace, ctx))
    children = tuple(
        _prefixed(_line(child, ctx), _member(child) + ": ")
        for child in trace.children if child.outcome is not Outcome.PASS
    )
    return Line(trace.outcome, text, tuple(notes), children)


def _member(trace: Trace) -> str:
    return f"{trace.unit_name} ({trace.unit})" if trace.unit_name else trace.unit


def _prefixed(line: Line, prefix: str) -> Line:
    return attrs.evolve(line, text=prefix + line.text)


def _children(trace: Trace, ctx: _Ctx) -> tuple[Line, ...]:
    return tuple(_line(child, ctx) for child in trace.children)


def _line(trace: Trace, ctx: _Ctx) -> Line:
    kind = trace.kind
    if kind == "compare":
        return _compare(trace, ctx)
    if kind in ("share", "count"):
        return _members_line(trace, ctx)
    label = _label(trace, ctx)
    notes: list[str] = []
    children = _children(trace, ctx)
    if kind == "all_of":
        text = ctx.t("Đạt tất cả các điều kiện sau", "All of the following")
    elif kind == "any_of":
        text = ctx.t("Đạt ít nhất một trong các điều kiện sau", "At least one of the following")
        if trace.outcome is not Outcome.PASS:
            best = closest_alternative(trace)
            if best is not None:
                index, child = best
                name = _label(child, ctx) or _line(child, ctx).text
                notes.append(ctx.t(f"Phương án gần đạt nhất: phương án {index + 1} ({name})",
                                   f"Closest alternative: option {index + 1} ({name})"))
    elif kind == "at_least":
        text = ctx.t(f"Đạt ít nhất {trace.required} trong {trace.total} điều kiện sau "
                     f"(đang đạt {trace.observed})",
                     f"At least {trace.required} of the following {trace.total} "
                     f"({trace.observed} met)")
        if trace.more_needed and trace.outcome is not Outcome.PASS:
            text += ctx.t(f"; cần đạt thêm {trace.more_needed}",
                          f"; {trace.more_needed} more needed")
    elif kind == "not":
        text = ctx.t("Không được xảy ra điều sau", "The following must not hold")
    elif kind == "held_each_year":
        first = trace.year - (trace.total or 0)
        text = ctx.t(f"Đạt trong từng năm của {trace.total} năm liền trước "
                     f"({first}–{trace.year - 1})",
                     f"Held in each of the {trace.total} years before "
                     f"({first}–{trace.year - 1})")
        if trace.failed:
            notes.append(ctx.t("Năm không đạt: ", "Failing years: ") + ", ".join(trace.failed))
        children = tuple(
            _prefixed(_line(attrs.evolve(c, label_vi="", label_en=""), ctx),
                      ctx.t(f"Năm {c.year}: ", f"Year {c.year}: "))
            for c in trace.children)
    elif kind == "meets":
        set_id = trace.rule.set_id  # type: ignore[attr-defined]
        name = ctx.sets.get(set_id) or label or set_id
        text = ctx.t("Đạt bộ tiêu chí ", "Meets the criteria set ") + f"«{name}» [{set_id}]"
        label = ""
        children = tuple(_criterion_line(child, ctx) for child in trace.children
                         if child.outcome is not Outcome.PASS)
    elif kind == "rule_param":
        name = trace.rule.name  # type: ignore[attr-defined]
        declaration = ctx.parameters.get(name)
        plabel = "" if declaration is None else (
            declaration.label_vi if ctx.vi else declaration.label_en)
        shown = f"«{plabel}» [{name}]" if plabel else f"[{name}]"
        text = ctx.t(f"Quy định do địa phương ban hành {shown}",
                     f"Rule supplied by the province {shown}")
    else:
        text = kind
    if label:
        text = f"{label}: {text}"
    note = trace.note_vi if ctx.vi else trace.note_en
    if note:
        text += f" ({note})"
    notes.extend(_missing_notes(trace, ctx))
    return Line(trace.outcome, text, tuple(notes), children)


def _criterion_line(trace: Trace, ctx: _Ctx) -> Line:
    """A criterion of a referenced set (inside ``meets``), with its source."""
    label = _label(trace, ctx)
    notes: tuple[str, ...] = ()
    if trace.citation is not None:
        notes = (ctx.t("Căn cứ: ", "Source: ") + trace.citation.describe(ctx.lang),)
    return Line(trace.outcome, label, notes, _top_lines(trace, ctx))
