"""A criteria set as the official-style table a reviewer holds against the legal text.

One row per criterion: number, criterion, and for each condition of its rule
the indicator (with its unit) and the threshold (a constant, the values by
region or by year, a named parameter and its value or "not set"), then the
source. Built from the rule trees, so the table shows what is actually checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from ntmcriteria.indicators import Indicator
from ntmcriteria.render._format import check_lang, format_quantity, format_value
from ntmcriteria.render.markdown import escape_markdown
from ntmcriteria.rules import (
    AllOf,
    AnyOf,
    AtLeast,
    Compare,
    Count,
    Current,
    Difference,
    Fact,
    HeldEachYear,
    InYear,
    Labelled,
    MeetsSet,
    Not,
    Ratio,
    RecognitionYear,
    Rule,
    RuleParam,
    Share,
    YearsBefore,
)
from ntmcriteria.thresholds import Const, Param, Schedule, Threshold

if TYPE_CHECKING:
    from ntmcriteria.criteria import CriteriaSet, Parameter

__all__ = ["TableItem", "TableRow", "criteria_table", "criteria_table_markdown"]

_OPS = {">=": "≥", "<=": "≤", "==": "=", "!=": "≠"}


@attrs.frozen
class TableItem:
    """One condition of a criterion: what is measured and the threshold."""

    indicator: str
    threshold: str


@attrs.frozen
class TableRow:
    """One criterion of the table."""

    number: str
    id: str
    criterion: str
    group: str
    items: tuple[TableItem, ...]
    source: str


@attrs.frozen
class _Ctx:
    lang: str
    indicators: Mapping[str, Indicator]
    parameters: Mapping[str, Parameter]
    sets: Mapping[str, str]

    def t(self, vi: str, en: str) -> str:
        return vi if self.lang == "vi" else en


def criteria_table(criteria_set: CriteriaSet, lang: str = "vi") -> tuple[TableRow, ...]:
    """The rows of the official-style table of ``criteria_set`` in ``lang``."""
    lang = check_lang(lang)
    indicators: dict[str, Indicator] = {}
    sets: dict[str, str] = {}
    for ref in criteria_set.walk_references():
        indicators.update(ref.indicator_map)
        sets[ref.id] = ref.label(lang)
    indicators.update(criteria_set.indicator_map)
    ctx = _Ctx(lang, indicators, criteria_set.all_parameters, sets)
    return tuple(
        TableRow(number=c.number, id=c.id, criterion=c.label(lang), group=c.group,
                 items=tuple(_items(c.rule, "", ctx)), source=c.citation.describe(lang))
        for c in criteria_set.criteria
    )


# ------------------------------------------------------------------ describing rules
def _when(fact: Fact, ctx: _Ctx) -> str:
    at = fact.at
    if isinstance(at, Current):
        return ""
    if isinstance(at, YearsBefore):
        return ctx.t(f" ({at.n} năm trước)", f" ({at.n} years before)")
    if isinstance(at, InYear):
        return ctx.t(f" (năm {at.year})", f" (in {at.year})")
    assert isinstance(at, RecognitionYear)  # noqa: S101 - YearRef is a closed union
    return ctx.t(f" (năm được công nhận {at.tier.label_vi})",
                 f" (in the year recognised {at.tier.label_en})")


def _fact_label(fact: Fact, ctx: _Ctx) -> str:
    indicator = ctx.indicators.get(fact.key)
    label = fact.key if indicator is None else indicator.label(ctx.lang)
    return label + _when(fact, ctx)


def _unit_text(indicator: Indicator | None, ctx: _Ctx) -> str:
    if indicator is None:
        return ""
    symbol = indicator.symbol(ctx.lang)
    return f" ({symbol})" if symbol else ""


def _parameter(name: str, ctx: _Ctx) -> str:
    declaration = ctx.parameters.get(name)
    if declaration is None:
        return ctx.t(f"tham số [{name}]", f"parameter [{name}]")
    label = declaration.label_vi if ctx.lang == "vi" else declaration.label_en
    default = declaration.default
    if default is None:
        value = ctx.t("chưa có giá trị", "no value set")
    elif isinstance(default, Schedule):
        value = _schedule(default, None, ctx)
    elif isinstance(default, bool | Decimal | int):
        value = format_value(default, ctx.lang)
    else:
        value = ctx.t("quy định", "a rule")
    return ctx.t(f"tham số «{label}» [{name}]: {value}", f"parameter «{label}» [{name}]: {value}")


def _schedule(schedule: Schedule, indicator: Indicator | None, ctx: _Ctx) -> str:
    parts = []
    for (region, year), value in schedule.entries:
        keys = []
        if region is not None:
            keys.append(region.label_vi if ctx.lang == "vi" else region.label_en)
        if year is not None:
            keys.append(str(year))
        parts.append(f"{', '.join(keys)}: {format_quantity(value, ctx.lang, indicator)}")
    return "; ".join(parts)


def threshold_text(threshold: Threshold, indicator: Indicator | None, ctx: _Ctx) -> str:
    if isinstance(threshold, Const):
        return format_quantity(threshold.value, ctx.lang, indicator)
    if isinstance(threshold, Schedule):
        return _schedule(threshold, indicator, ctx)
    if isinstance(threshold, Param):
        return _parameter(threshold.name, ctx)
    base = threshold_text(threshold.base, indicator, ctx)
    return f"{format_value(threshold.factor, ctx.lang)} × ({base})"


def _compare(rule: Compare, prefix: str, label: str, ctx: _Ctx) -> TableItem:
    expr = rule.expr
    op = _OPS[rule.op]
    if isinstance(expr, Difference):
        indicator = ctx.indicators.get(expr.left.key)
        subject = f"{_fact_label(expr.left, ctx)} − {_fact_label(expr.right, ctx)}"
    else:
        fact = expr.numerator if isinstance(expr, Ratio) else expr
        indicator = ctx.indicators.get(fact.key)
        subject = _fact_label(fact, ctx)
    if label:
        subject = f"{label} ({subject})"
    subject += _unit_text(indicator, ctx)
    threshold = rule.threshold
    if isinstance(threshold, Const) and isinstance(threshold.value, bool):
        wanted = threshold.value if rule.op == "==" else not threshold.value
        return TableItem(prefix + subject, format_value(wanted, ctx.lang))
    text = f"{op} {threshold_text(threshold, indicator, ctx)}"
    if isinstance(expr, Ratio):
        text = (f"{op} {threshold_text(threshold, None, ctx)} × "
                f"{_fact_label(expr.denominator, ctx)}")
    return TableItem(prefix + subject, text)


def _inner(items: list[TableItem]) -> str:
    return "; ".join(f"{i.indicator}: {i.threshold}" for i in items)


def _items(rule: Rule, prefix: str, ctx: _Ctx, label: str = "") -> list[TableItem]:
    if isinstance(rule, Labelled):
        return _items(rule.rule, prefix, ctx, rule.vi if ctx.lang == "vi" else rule.en)
    if isinstance(rule, Compare):
        return [_compare(rule, prefix, label, ctx)]
    if isinstance(rule, AllOf):
        return [item for part in rule.rules for item in _items(part, prefix, ctx)]
    if isinstance(rule, AnyOf | AtLeast):
        out: list[TableItem] = []
        n = len(rule.rules)
        head = (ctx.t(f"ít nhất {rule.k} trong {n}, mục", f"at least {rule.k} of {n}, item")
                if isinstance(rule, AtLeast) else ctx.t("phương án", "option"))
        for index, part in enumerate(rule.rules, 1):
            name = ""
            if isinstance(part, Labelled):
                name = ": " + (part.vi if ctx.lang == "vi" else part.en)
                part = part.rule
            out.extend(_items(part, f"{prefix}({head} {index}{name}) ", ctx))
        return out
    if isinstance(rule, Not):
        return _items(rule.rule, prefix + ctx.t("không được: ", "must not hold: "), ctx)
    if isinstance(rule, HeldEachYear):
        suffix = ctx.t(f" — trong từng năm của {rule.years} năm liền trước",
                       f" — in each of the {rule.years} years before")
        return [attrs.evolve(i, threshold=i.threshold + suffix)
                for i in _items(rule.rule, prefix, ctx, label)]
    if isinstance(rule, Share | Count):
        what = rule.level.label_vi if ctx.lang == "vi" else rule.level.label_en
        inner = _inner(_items(rule.rule, "", ctx))
        if isinstance(rule, Share):
            subject = ctx.t(f"Tỷ lệ {what} đạt ({inner}) (%)",
                            f"Share of {what}s meeting ({inner}) (%)")
            threshold = "≥ " + threshold_text(rule.at_least, None, ctx) + (
                "%" if isinstance(rule.at_least, Const) else "")
        else:
            subject = ctx.t(f"Số {what} đạt ({inner})", f"Number of {what}s meeting ({inner})")
            threshold = "≥ " + threshold_text(rule.at_least, None, ctx)
        if label:
            subject = f"{label}: {subject}"
        return [TableItem(prefix + subject, threshold)]
    if isinstance(rule, MeetsSet):
        name = ctx.sets.get(rule.set_id, rule.set_id)
        subject = ctx.t(f"Đạt bộ tiêu chí «{name}» [{rule.set_id}]",
                        f"Meets the criteria set «{name}» [{rule.set_id}]")
        if rule.tier is not None:
            tier = rule.tier.label_vi if ctx.lang == "vi" else rule.tier.label_en
            since = (ctx.t(f" từ năm {rule.recognised_from}", f" from {rule.recognised_from}")
                     if rule.recognised_from is not None else "")
            return [TableItem(prefix + subject,
                              ctx.t(f"đạt, hoặc đã được công nhận {tier}{since}",
                                    f"met, or recognised {tier}{since}"))]
        return [TableItem(prefix + subject, ctx.t("đạt", "met"))]
    if isinstance(rule, RuleParam):
        return [TableItem(prefix + _parameter(rule.name, ctx),
                          ctx.t("do tỉnh ban hành", "supplied by the province"))]
    return [TableItem(prefix + repr(rule), "")]


def criteria_table_markdown(criteria_set: CriteriaSet, lang: str = "vi") -> str:
    """The table as Markdown: one line per condition; a criterion's first line carries its
    number, name and source."""
    lang = check_lang(lang)
    e = escape_markdown
    head = (("TT", "Tên tiêu chí", "Nội dung tiêu chí", "Chỉ tiêu", "Căn cứ") if lang == "vi"
            else ("No.", "Criterion", "Indicator", "Threshold", "Source"))
    out = [f"# {e(criteria_set.label(lang))} \\[{e(criteria_set.id)}\\]", "",
           "| " + " | ".join(head) + " |", "|---|---|---|---|---|"]
    for row in criteria_table(criteria_set, lang):
        items = row.items or (TableItem("", ""),)
        for index, item in enumerate(items):
            first = index == 0
            cells = (row.number if first else "", row.criterion if first else "",
                     item.indicator, item.threshold, row.source if first else "")
            out.append("| " + " | ".join(e(c) for c in cells) + " |")
    return "\n".join(out) + "\n"
