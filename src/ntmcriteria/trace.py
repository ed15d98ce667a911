"""The trace of an evaluation: one node per rule node, with the numbers behind it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from ntmcriteria._values import Number, Value
from ntmcriteria.outcome import Outcome
from ntmcriteria.units import Region

if TYPE_CHECKING:
    from ntmcriteria.criteria import Citation
    from ntmcriteria.indicators import Indicator
    from ntmcriteria.rules import Rule

__all__ = ["Missing", "Trace"]

MISSING_KINDS = ("fact", "parameter", "recognition", "region", "children")


@attrs.frozen(kw_only=True)
class Missing:
    """Something an evaluation needed and did not have.

    ``kind`` is one of ``fact``, ``parameter``, ``recognition``, ``region`` or
    ``children``; ``key`` names the fact, parameter or tier; ``unit`` is the code
    of the unit it was looked up on; ``year`` and ``region`` say for which year
    and region, where that matters; ``hint`` may carry a did-you-mean.
    """

    kind: str
    key: str
    unit: str
    year: int | None = None
    region: Region | None = None
    # presentation only: two reports of the same missing item are the same item
    hint: str = attrs.field(default="", eq=False)
    label_vi: str = attrs.field(default="", eq=False)
    label_en: str = attrs.field(default="", eq=False)

    def describe(self, lang: str = "vi") -> str:
        """This item as a sentence fragment in Vietnamese (``"vi"``) or English (``"en"``)."""
        from ntmcriteria.render._model import describe_missing

        return describe_missing(self, lang)


@attrs.frozen(kw_only=True, eq=False)
class Trace:
    """What one rule node found for one unit in one year.

    ``observed`` and ``required`` are in the indicator's unit; ``shortfall`` is
    how far the observed value is from passing (``None`` when passing or when
    not numeric); ``missing`` lists what made an UNKNOWN node unknown;
    aggregation nodes list the codes of members that passed, failed or were
    unknown and how many more passing members are needed.
    """

    rule: Rule
    outcome: Outcome
    unit: str
    year: int
    unit_name: str = ""
    children: tuple[Trace, ...] = ()
    missing: tuple[Missing, ...] = ()
    indicator: Indicator | None = None
    op: str | None = None
    observed: Value | None = None
    required: Value | None = None
    shortfall: Number | None = None
    baseline: Value | None = None
    baseline_year: int | None = None
    factor: Number | None = None
    passed: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    total: int | None = None
    more_needed: int | None = None
    label_vi: str = ""
    label_en: str = ""
    note_vi: str = ""
    note_en: str = ""
    citation: Citation | None = None

    def walk(self) -> Iterator[Trace]:
        """This node and every node below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def kind(self) -> str:
        return self.rule.kind
