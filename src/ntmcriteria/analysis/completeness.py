"""Which criteria of a set can be decided from facts, and which still need what.

A criterion can be decided from facts alone when every parameter its rule
needs — thresholds, rules a province supplies, and those of the sets it refers
to (``meets``) — has a value for every key (region, commune group, zone..., year)
considered. The
report names, per criterion, each parameter still missing and the keys it
lacks::

    report = completeness(criteria_set, region="DHNTB", year=2024)
    report.decidable          # ids of the criteria decided by facts alone
    print(report.explain())   # Vietnamese; explain("en") for English
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ntmcriteria._values import check_lang
from ntmcriteria.analysis.parameter_keys import ParameterKey, missing_keys
from ntmcriteria.criteria import CriteriaSet, Criterion, Parameter
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.rules import MeetsSet, Rule, RuleParam, RuleTable
from ntmcriteria.thresholds import THRESHOLD_KINDS
from ntmcriteria.units import Region, to_region

__all__ = ["Completeness", "CriterionCompleteness", "Need", "completeness"]


@attrs.frozen(kw_only=True)
class Need:
    """A parameter a criterion needs, and the keys (region, group, zone..., year) it has
    no value for (``({},)`` for a parameter keyed by nothing)."""

    parameter: Parameter
    keys: tuple[ParameterKey, ...]
    #: the labels (name, Vietnamese, English) of the classifications the keys name
    class_labels: tuple[tuple[str, str, str], ...] = ()

    @property
    def name(self) -> str:
        return self.parameter.name

    def describe(self, lang: str = "vi") -> str:
        vi = check_lang(lang) == "vi"
        text = f"«{self.parameter.label(lang)}» [{self.name}]"
        where = _keys_text(self.keys, vi, self.class_labels)
        return f"{text} ({where})" if where else text


def _keys_text(keys: tuple[ParameterKey, ...], vi: bool,
               class_labels: tuple[tuple[str, str, str], ...] = ()) -> str:
    if keys == ({},) or not keys:
        return ""
    present = {k["region"] for k in keys if "region" in k}
    regions = [r.value for r in Region if r in present]
    years = sorted({k["year"] for k in keys if "year" in k})
    parts = []
    if len(regions) == len(Region):
        parts.append(f"mọi vùng ({len(regions)})" if vi else f"every region ({len(regions)})")
    elif regions:
        parts.append(("vùng " if vi else "region ") + ", ".join(regions))
    labels = {name: (label_vi if vi else label_en) for name, label_vi, label_en in class_labels}
    names = dict.fromkeys(n for k in keys for n in k if n not in ("region", "year"))
    for name in names:  # the codes of each other classification (group, zone) still empty
        codes = dict.fromkeys(str(k[name]) for k in keys if name in k)
        parts.append(f"{labels.get(name, name)} {', '.join(codes)}")
    if years:
        span = (f"{years[0]}-{years[-1]}" if len(years) > 1 and years == list(
            range(years[0], years[-1] + 1)) else ", ".join(map(str, years)))
        parts.append(("năm " if vi else "year ") + span)
    count = len(keys)
    parts.append(f"{count} giá trị còn trống" if vi else
                 f"{count} value{'s' if count != 1 else ''} missing")
    return "; ".join(parts)


@attrs.frozen(kw_only=True)
class CriterionCompleteness:
    """One criterion: the parameters it still needs (none: decided from facts alone)."""

    criterion: Criterion
    needs: tuple[Need, ...]

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def decidable(self) -> bool:
        return not self.needs


@attrs.frozen(kw_only=True, eq=False)
class Completeness:
    """The completeness of a set's parameters, criterion by criterion."""

    criteria_set: CriteriaSet
    criteria: tuple[CriterionCompleteness, ...]
    region: Region | None = None
    years: tuple[int, ...] | None = None
    #: the regions considered besides ``region``: those the set's region overrides send
    #: some units to (especially disadvantaged communes use the TDMNPB levels)
    override_regions: tuple[Region, ...] = ()

    @property
    def decidable(self) -> tuple[str, ...]:
        """Ids of the criteria that can be decided from facts alone."""
        return tuple(c.id for c in self.criteria if c.decidable)

    @property
    def undecidable(self) -> tuple[str, ...]:
        """Ids of the criteria that still need a parameter."""
        return tuple(c.id for c in self.criteria if not c.decidable)

    def criterion(self, criterion_id: str) -> CriterionCompleteness:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        from ntmcriteria.errors import UnknownNameError

        raise UnknownNameError("criterion", criterion_id, [c.id for c in self.criteria],
                               f"criteria set {self.criteria_set.id!r}")

    def needs(self) -> tuple[Need, ...]:
        """Every parameter still needed (each once, merging the keys of all criteria)."""
        merged: dict[str, tuple[Parameter, dict[tuple[tuple[str, Any], ...], ParameterKey]]] = {}
        for c in self.criteria:
            for need in c.needs:
                _, keys = merged.setdefault(need.name, (need.parameter, {}))
                for key in need.keys:
                    keys.setdefault(tuple(sorted(key.items(), key=lambda kv: kv[0])), key)
        labels = tuple((c.name, c.label_vi, c.label_en)
                       for c in self.criteria_set.classification_map.values())
        return tuple(Need(parameter=p, keys=tuple(k.values()), class_labels=labels)
                     for p, k in merged.values())

    def rows(self, lang: str = "vi") -> list[dict[str, Any]]:
        """One row per criterion: id, number, label, decidable, what it needs."""
        return [{"criterion_id": c.id, "criterion_number": c.criterion.number,
                 "criterion": c.criterion.label(lang), "decidable": c.decidable,
                 "needs": tuple(n.name for n in c.needs),
                 "needs_text": "; ".join(n.describe(lang) for n in c.needs)}
                for c in self.criteria]

    def explain(self, lang: str = "vi") -> str:
        """The report as plain text (Vietnamese by default)."""
        vi = check_lang(lang) == "vi"
        cs = self.criteria_set
        total = len(self.criteria)
        scope = []
        if self.region is not None:
            scope.append(("vùng " if vi else "region ") + self.region.value)
            if self.override_regions:
                others = ", ".join(r.value for r in self.override_regions)
                scope.append(f"và vùng {others} (đơn vị áp dụng mức vùng khác)" if vi else
                               f"and region {others} (units that use another region's "
                               "levels)")
        if self.years is not None:
            scope.append(("năm " if vi else "year ") + ", ".join(map(str, self.years)))
        lines = [f"{cs.label(lang)} [{cs.id}]" + (f" — {', '.join(scope)}" if scope else "")]
        done = [c for c in self.criteria if c.decidable]
        lines.append((f"Xác định được từ số liệu: {len(done)}/{total} tiêu chí" if vi
                      else f"Decided from facts alone: {len(done)}/{total} criteria")
                     + (": " + ", ".join(c.criterion.number for c in done) if done else ""))
        left = [c for c in self.criteria if not c.decidable]
        if left:
            lines.append(f"Còn cần tham số: {len(left)} tiêu chí" if vi
                         else f"Still needing parameters: {len(left)} criteria")
            for c in left:
                head = ("Tiêu chí " if vi else "Criterion ") + (
                    f"{c.criterion.number} — {c.criterion.label(lang)}")
                lines.append(f"  - {head}:")
                lines.extend(f"      {n.describe(lang)}" for n in c.needs)
        return "\n".join(lines)


class _Walk:
    def __init__(self, root: CriteriaSet, supplied: Mapping[str, Any],
                 regions: frozenset[Region] | None, years: tuple[int, ...] | None) -> None:
        self.root = root
        self.supplied = supplied
        self.regions = regions
        self.years = years
        self._sets: dict[str, dict[str, Need]] = {}
        self.labels = tuple((c.name, c.label_vi, c.label_en)
                            for c in root.classification_map.values())

    def value(self, name: str) -> Any:
        if name in self.supplied:
            return self.supplied[name]
        return self.root.all_parameters[name].default

    def need(self, name: str) -> Need | None:
        declaration = self.root.all_parameters[name]
        keys = missing_keys(self.root, declaration, self.value(name))
        keys = tuple(k for k in keys if (self.regions is None or k.get("region") is None
                                         or k["region"] in self.regions)
                     and (self.years is None or k.get("year") is None
                          or k["year"] in self.years))
        if not keys:
            return None
        return Need(parameter=declaration, keys=keys, class_labels=self.labels)

    def rule(self, rule: Rule, owner: CriteriaSet, out: dict[str, Need]) -> None:
        for node in rule.walk():
            for field in attrs.fields(type(node)):  # type: ignore[arg-type]
                value = getattr(node, field.name)
                if isinstance(value, THRESHOLD_KINDS):
                    for name in value.parameter_names():
                        self._param(name, out)
            if isinstance(node, RuleParam):
                supplied = self.value(node.name)
                if supplied is None:
                    self._param(node.name, out)
                elif isinstance(supplied, Rule):
                    self.rule(supplied, self.root.parameter_owner(node.name), out)
                elif isinstance(supplied, RuleTable):  # the codes it lacks, and its rules' needs
                    self._param(node.name, out)
                    for rule in supplied.rules():
                        self.rule(rule, self.root.parameter_owner(node.name), out)
            elif isinstance(node, MeetsSet):
                for name, need in self.criteria_set(owner.reference(node.set_id)).items():
                    out.setdefault(name, need)

    def _param(self, name: str, out: dict[str, Need]) -> None:
        if name in out:
            return
        need = self.need(name)
        if need is not None:
            out[name] = need

    def criteria_set(self, cs: CriteriaSet) -> dict[str, Need]:
        found = self._sets.get(cs.id)
        if found is None:
            found = self._sets[cs.id] = {}
            for criterion in cs.criteria:
                self.rule(criterion.rule, cs, found)
        return found


def _years(year: object, years: object) -> tuple[int, ...] | None:
    if year is not None and years is not None:
        raise NTMValueError("give year= or years=, not both")
    if year is not None:
        years = (year,)
    if years is None:
        return None
    if isinstance(years, str | bytes) or not isinstance(years, Iterable):
        raise NTMTypeError(f"years must be a sequence of years (got {years!r:.40})")
    out = tuple(years)
    for y in out:
        if isinstance(y, bool) or not isinstance(y, int):
            raise NTMTypeError(f"a year must be an int (got {y!r:.40})")
    return out


def completeness(criteria_set: CriteriaSet, parameters: Mapping[str, Any] | None = None, *,
                 region: Region | str | None = None, year: int | None = None,
                 years: Iterable[int] | None = None) -> Completeness:
    """For each criterion of ``criteria_set``, the parameters it still needs.

    Values come from the set's declarations (a derived set's, e.g. one read from a
    parameter sheet) and ``parameters``; ``region`` and ``year``/``years`` limit the
    keys considered to those a province needs — with ``region``, the regions the set's
    region overrides send some units to are needed too (under Decision 318 an
    especially disadvantaged commune uses the TDMNPB levels, whatever its region).
    """
    if not isinstance(criteria_set, CriteriaSet):
        raise NTMTypeError(f"criteria_set must be a CriteriaSet (got "
                           f"{type(criteria_set).__name__})")
    supplied = criteria_set.resolve_parameters({} if parameters is None else parameters)
    wanted_region = None if region is None else to_region(region)
    wanted_years = _years(year, years)
    overrides: tuple[Region, ...] = ()
    regions = None
    if wanted_region is not None:
        sent = {o.region for s in (criteria_set, *criteria_set.walk_references())
                for o in s.region_overrides} - {wanted_region}
        overrides = tuple(r for r in Region if r in sent)
        regions = frozenset({wanted_region, *overrides})
    walk = _Walk(criteria_set, supplied, regions, wanted_years)
    criteria = []
    for criterion in criteria_set.criteria:
        out: dict[str, Need] = {}
        walk.rule(criterion.rule, criteria_set, out)
        criteria.append(CriterionCompleteness(criterion=criterion, needs=tuple(out.values())))
    return Completeness(criteria_set=criteria_set, criteria=tuple(criteria),
                        region=wanted_region, years=wanted_years, override_regions=overrides)
