"""Traces: what one rule node found for one unit in one year, with typed details.

A :class:`Trace` has a common header (outcome, unit, year, the node's path in
the criterion's rule, missing items, labels, citation, children) and one typed
*detail* per rule kind (a comparison's observed and required values and its
shortfall, a share's member tally, a window's years...). Each detail class is
declared next to its rule kind, in the kind's home module; consumers read the
detail's fields, never the rule, to know what a trace means.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterator, Mapping
from typing import TYPE_CHECKING, ClassVar, TypeVar

import attrs

from ntmcriteria._values import check_lang
from ntmcriteria.errors import NTMTypeError
from ntmcriteria.outcome import Outcome
from ntmcriteria.units import Region

if TYPE_CHECKING:
    from ntmcriteria.citations import Citation
    from ntmcriteria.rules import Rule
    from ntmcriteria.rules._base import RuleDetail

__all__ = ["MISSING_KINDS", "Detail", "Missing", "NearMiss", "Trace"]

MISSING_KINDS = ("fact", "parameter", "schedule", "recognition", "region", "classification",
                 "children")


@attrs.frozen(eq=False, repr=False)
class NearMiss:
    """The fact keys a unit carries that no assessed set declares, for a did-you-mean.

    The suggestion is computed only when asked for (when a message is rendered).
    """

    keys: Collection[str]
    declared: Collection[str]

    def suggestion(self, key: str) -> str | None:
        candidates = sorted(k for k in self.keys if k not in self.declared)
        close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
        return close[0] if close else None


@attrs.frozen(kw_only=True)
class Missing:
    """Something an evaluation needed and did not have.

    ``kind`` is one of ``fact``, ``parameter``, ``schedule`` (a schedule written in the
    rules of the set ``key`` has no value for the unit's region, classes or year),
    ``recognition``, ``region``,
    ``classification`` (the unit's value of a classification such as its commune
    group could not be decided; ``key`` names the classification) or
    ``children``; ``key`` names the fact, parameter, tier or classification;
    ``unit`` is the code of the unit it was looked up on; ``year``, ``region`` and
    ``classes`` (``(classification, code)`` pairs) say for which year, region and
    values of other classifications, where that matters. :attr:`suggestion` is a
    near-miss fact key the unit does carry (a likely typo), computed on demand.
    """

    kind: str
    key: str
    unit: str
    year: int | None = None
    region: Region | None = None
    classes: tuple[tuple[str, str], ...] = ()
    # presentation only: two reports of the same missing item are the same item
    label_vi: str = attrs.field(default="", eq=False)
    label_en: str = attrs.field(default="", eq=False)
    #: the classes worded (e.g. "nhóm xã: Nhóm 2"), and a note on why the item is missing
    where_vi: str = attrs.field(default="", eq=False)
    where_en: str = attrs.field(default="", eq=False)
    note_vi: str = attrs.field(default="", eq=False)
    note_en: str = attrs.field(default="", eq=False)
    near: NearMiss | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def suggestion(self) -> str | None:
        """A fact key of the unit that is close to :attr:`key` and declared nowhere."""
        if self.kind != "fact" or self.near is None:
            return None
        return self.near.suggestion(self.key)

    @property
    def hint(self) -> str:
        """``" (did you mean 'x'?)"`` for :attr:`suggestion`, or ``""``."""
        suggestion = self.suggestion
        return f" (did you mean {suggestion!r}?)" if suggestion else ""

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if check_lang(lang) == "vi" else self.label_en

    def describe(self, lang: str = "vi", names: Mapping[str, str] | None = None) -> str:
        """This item as a sentence fragment in Vietnamese (``"vi"``) or English (``"en"``).

        ``names`` maps unit codes to names for display.
        """
        vi = check_lang(lang) == "vi"

        def t(a: str, b: str) -> str:
            return a if vi else b

        label = self.label(lang)
        name = (names or {}).get(self.unit, "")
        unit = f"{name} ({self.unit})" if name else self.unit
        where: list[str] = []
        if self.region is not None:
            where.append(t("vùng ", "region ") + (self.region.label_vi if vi
                                                   else self.region.label_en))
        if self.classes:
            where.append(t(self.where_vi, self.where_en)
                         or ", ".join(f"{name} {code}" for name, code in self.classes))
        if self.year is not None:
            where.append(t("năm ", "year ") + str(self.year))
        extra = (", " + ", ".join(where)) if where else ""
        named = f"«{label}» [{self.key}]" if label else f"[{self.key}]"
        if self.kind == "fact":
            text = t(f"chưa có số liệu {named} của đơn vị {unit}{extra}",
                     f"no data for {named} of unit {unit}{extra}")
        elif self.kind == "parameter":
            text = t(f"chưa có giá trị của tham số {named}{extra}",
                     f"parameter {named} not supplied{extra}")
        elif self.kind == "schedule":
            text = t(f"chưa có giá trị ngưỡng trong bảng của bộ tiêu chí {named}{extra}",
                     f"no threshold in the schedule of criteria set {named}{extra}")
        elif self.kind == "recognition":
            text = t(f"chưa có năm công nhận {label} của đơn vị {unit}",
                     f"no year of recognition as {label} for unit {unit}")
        elif self.kind == "region":
            text = t(f"chưa có vùng của đơn vị {unit}", f"the region of unit {unit} is not given")
        elif self.kind == "classification":
            text = t(f"chưa xác định được {label or self.key} của đơn vị {unit}",
                     f"the {label or self.key} of unit {unit} is not known")
        else:
            text = f"{label} ({t('đơn vị', 'unit')} {unit})" if label else unit
        suggestion = self.suggestion
        if suggestion:
            text += t(f" (có số liệu '{suggestion}': có phải nhập nhầm tên?)",
                      f" (there is a fact '{suggestion}': a misspelling?)")
        note = t(self.note_vi, self.note_en)
        if note:
            text += f" ({note})"
        return text


class Detail:
    """Base of the typed detail of a trace; each rule kind declares its own subclass."""

    __slots__ = ()
    kind: ClassVar[str] = ""


D = TypeVar("D", bound=Detail)


@attrs.frozen(kw_only=True, eq=False)
class Trace:
    """What one rule node found for one unit in one year.

    ``path`` is the node's position in its criterion's rule (indexes into each
    node's parts); ``detail`` holds what the node's kind measured. ``missing``
    lists what made an UNKNOWN node unknown.
    """

    outcome: Outcome
    detail: RuleDetail
    unit: str
    year: int
    rule: Rule = attrs.field(repr=False)
    unit_name: str = ""
    path: tuple[int, ...] = ()
    children: tuple[Trace, ...] = ()
    missing: tuple[Missing, ...] = ()
    label_vi: str = ""
    label_en: str = ""
    citation: Citation | None = None

    @property
    def kind(self) -> str:
        """The rule kind's document tag (``compare``, ``share``, ...)."""
        return self.detail.kind

    def detail_as(self, kind: type[D]) -> D:
        """This trace's detail, checked to be of ``kind`` (for typed code:
        ``trace.detail_as(CompareDetail).shortfall``)."""
        detail = self.detail
        if not isinstance(detail, kind):
            raise NTMTypeError(
                f"this trace is of a {self.kind!r} node: its detail is a "
                f"{type(detail).__name__}, not a {kind.__name__}")
        return detail

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if check_lang(lang) == "vi" else self.label_en

    def walk(self) -> Iterator[Trace]:
        """This node and every node below it, depth first (iterative), each once: the
        traces of a referenced set's criteria, shared by every ``meets`` that refers to it
        in the same unit and year, are visited at their first occurrence only."""
        stack = [self]
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            yield node
            stack.extend(reversed(node.children))

    def relabelled(self, vi: str, en: str, citation: Citation | None = None) -> Trace:
        """This trace with other labels (and citation, when given)."""
        return attrs.evolve(self, label_vi=vi, label_en=en,
                            citation=self.citation if citation is None else citation)
