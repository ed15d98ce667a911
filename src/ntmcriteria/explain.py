"""Plain-text explanations of assessments, in Vietnamese (default) or English."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ntmcriteria.errors import NTMValueError
from ntmcriteria.outcome import Outcome
from ntmcriteria.trace import Trace

if TYPE_CHECKING:
    from ntmcriteria.assessment import Assessment

__all__ = ["explain_text", "format_number", "format_value"]

LANGS = ("vi", "en")
_OPS = {">=": "≥", "<=": "≤", "==": "=", "!=": "≠"}


def _check_lang(lang: str) -> bool:
    if lang not in LANGS:
        raise NTMValueError(f"lang must be 'vi' or 'en' (got {lang!r})")
    return lang == "vi"


def format_number(value: Decimal | int, lang: str = "vi") -> str:
    """A number with the locale's decimal mark (Vietnamese: comma) and no exponent."""
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",") if lang == "vi" else text


def format_value(value: object, lang: str = "vi") -> str:
    vi = lang == "vi"
    if isinstance(value, bool):
        return ("có" if value else "không") if vi else ("yes" if value else "no")
    if isinstance(value, Decimal | int):
        return format_number(value, lang)
    return "—" if value is None else str(value)


def _unit_symbol(trace: Trace, vi: bool) -> str:
    if trace.indicator is None:
        return ""
    symbol = trace.indicator.symbol("vi" if vi else "en")
    if not symbol:
        return ""
    return symbol if symbol == "%" else " " + symbol


def _mark(outcome: Outcome, vi: bool) -> str:
    return "[" + (outcome.label_vi if vi else outcome.label_en).upper() + "]"


def _label(trace: Trace, vi: bool) -> str:
    label = trace.label_vi if vi else trace.label_en
    if label:
        return label
    if trace.indicator is not None:
        return trace.indicator.label("vi" if vi else "en")
    return ""


def _plural(n: int) -> str:
    return "s" if n > 1 else ""


def _members(trace: Trace, codes: tuple[str, ...]) -> str:
    names = {c.unit: c.unit_name for c in trace.children}
    return ", ".join(f"{names[c]} ({c})" if names.get(c) else c for c in codes)


def _missing_text(trace: Trace, vi: bool) -> str:
    lang = "vi" if vi else "en"
    items = "; ".join(m.describe(lang) for m in trace.missing)
    return (" — thiếu: " if vi else " — missing: ") + items if items else ""


def _line(trace: Trace, vi: bool) -> str:
    lang = "vi" if vi else "en"
    kind = trace.kind
    label = _label(trace, vi)
    head = f"{_mark(trace.outcome, vi)} "
    if kind == "compare":
        unit = _unit_symbol(trace, vi)
        op = _OPS.get(trace.op or "", trace.op or "")
        observed = format_value(trace.observed, lang)
        if isinstance(trace.required, bool):
            need = ("phải là " if vi else "must be ") + format_value(trace.required, lang)
            text = f"{label}: " + ("thực tế " if vi else "observed ") + f"{observed}; {need}"
        else:
            required = format_value(trace.required, lang)
            text = (
                f"{label}: "
                + ("thực tế " if vi else "observed ")
                + f"{observed}{unit}; "
                + ("yêu cầu " if vi else "required ")
                + f"{op} {required}{unit}"
            )
            if trace.factor is not None:
                base = format_value(trace.baseline, lang)
                year = (
                    f", {'năm' if vi else 'year'} {trace.baseline_year}"
                    if trace.baseline_year
                    else ""
                )
                text += f" (= {format_value(trace.factor, lang)} × {base}{year})"
            if trace.shortfall is not None and trace.outcome is Outcome.FAIL:
                text += (
                    ("; còn thiếu " if vi else "; short by ")
                    + format_value(trace.shortfall, lang)
                    + unit
                )
        return head + text + _missing_text(trace, vi)
    if kind in ("share", "count"):
        rule = trace.rule
        level = rule.level  # type: ignore[attr-defined]
        what = level.label_vi if vi else level.label_en
        if kind == "share":
            text = (f"Tỷ lệ {what} đạt: " if vi else f"Share of {what}s meeting the rule: ") + (
                f"{len(trace.passed)}/{trace.total} = {format_value(trace.observed, lang)}%; "
                + ("yêu cầu ≥ " if vi else "required ≥ ")
                + f"{format_value(trace.required, lang)}%"
            )
        else:
            text = (f"Số {what} đạt: " if vi else f"Number of {what}s meeting the rule: ") + (
                f"{len(trace.passed)}/{trace.total}; "
                + ("yêu cầu ≥ " if vi else "required ≥ ")
                + format_value(trace.required, lang)
            )
        if label:
            text = f"{label} — {text}"
        if trace.more_needed and trace.outcome is not Outcome.PASS:
            text += (
                f"; cần thêm {trace.more_needed} {what}"
                if vi
                else f"; {trace.more_needed} more {what}{_plural(trace.more_needed)} needed"
            )
        if trace.failed:
            text += ("; không đạt: " if vi else "; failing: ") + _members(trace, trace.failed)
        if trace.unknown:
            text += ("; chưa đủ dữ liệu: " if vi else "; not enough data: ") + _members(
                trace, trace.unknown
            )
        return head + text + _missing_text(trace, vi)
    generic = {
        "all_of": ("Đạt tất cả các điều kiện sau", "All of the following"),
        "any_of": ("Đạt ít nhất một trong các điều kiện sau", "At least one of the following"),
        "not": ("Không được xảy ra điều sau", "The following must not hold"),
        "held_each_year": (
            f"Đạt trong từng năm của {trace.total} năm liền trước",
            f"Held in each of the {trace.total} years before",
        ),
        "rule_param": ("Quy định do địa phương ban hành", "Rule supplied by the province"),
    }
    if kind == "at_least":
        text = (
            f"Đạt ít nhất {trace.required} trong {trace.total} điều kiện (đạt {trace.observed})"
            if vi
            else f"At least {trace.required} of {trace.total} ({trace.observed} met)"
        )
    elif kind == "meets":
        name = trace.label_vi if vi else trace.label_en
        text = ("Đạt bộ tiêu chí " if vi else "Meets the criteria set ") + f"«{name}»"
        label = ""
    elif kind == "rule_param":
        text = generic[kind][0 if vi else 1] + f" ({trace.rule.name!r})"  # type: ignore[attr-defined]
    else:
        text = generic.get(kind, (kind, kind))[0 if vi else 1]
    if label:
        text = f"{label}: {text}"
    note = trace.note_vi if vi else trace.note_en
    if note:
        text += f" ({note})"
    return head + text + _missing_text(trace, vi)


def _render(trace: Trace, vi: bool, depth: int, lines: list[str]) -> None:
    lines.append("  " * depth + "- " + _line(trace, vi))
    if trace.kind in ("share", "count"):
        return
    children = trace.children
    if trace.kind == "meets":
        # only the referenced criteria that did not pass
        children = tuple(c for c in children if c.outcome is not Outcome.PASS)
    for child in children:
        if child.citation is not None:
            _criterion(child, vi, depth + 1, lines)
        else:
            _render(child, vi, depth + 1, lines)


def _criterion(trace: Trace, vi: bool, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    label = trace.label_vi if vi else trace.label_en
    lines.append(f"{pad}{_mark(trace.outcome, vi)} {label}")
    if trace.citation is not None:
        lines.append(
            f"{pad}  "
            + ("Căn cứ: " if vi else "Source: ")
            + trace.citation.describe("vi" if vi else "en")
        )
    bare = _strip(trace)
    _render(bare, vi, depth + 1, lines)


def _strip(trace: Trace) -> Trace:
    import attrs

    return attrs.evolve(trace, label_vi="", label_en="", citation=None)


def explain_text(assessment: Assessment, lang: str = "vi") -> str:
    """Render ``assessment`` as plain text in ``lang`` ('vi' or 'en')."""
    vi = _check_lang(lang)
    unit = assessment.unit
    cs = assessment.criteria_set
    level = unit.level.label_vi if vi else unit.level.label_en
    counts = {o: len(assessment.ids(o)) for o in Outcome}
    lines = [
        (
            f"Đánh giá {level} {unit.label()} năm {assessment.year}"
            if vi
            else f"Assessment of {level} {unit.label()} in {assessment.year}"
        ),
        ("Bộ tiêu chí: " if vi else "Criteria set: ") + f"{cs.label(lang)} [{cs.id}]",
        ("Kết quả chung: " if vi else "Overall: ")
        + (assessment.outcome.label_vi if vi else assessment.outcome.label_en).upper()
        + (
            f" ({counts[Outcome.PASS]} đạt, {counts[Outcome.FAIL]} không đạt, "
            f"{counts[Outcome.UNKNOWN]} chưa đủ dữ liệu)"
            if vi
            else f" ({counts[Outcome.PASS]} pass, {counts[Outcome.FAIL]} fail, "
            f"{counts[Outcome.UNKNOWN]} not enough data)"
        ),
        "",
    ]
    for result in assessment.results:
        c = result.criterion
        name = c.label(lang)
        prefix = ("Tiêu chí " if vi else "Criterion ") + c.number
        lines.append(f"{_mark(result.outcome, vi)} {prefix}. {name} [{c.id}]")
        lines.append("  " + ("Căn cứ: " if vi else "Source: ") + c.citation.describe(lang))
        _render(_strip(result.trace), vi, 1, lines)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
