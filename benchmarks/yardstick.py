"""The common speed yardstick's rule set (``ntm-bench-1``) written with ntmcriteria.

The yardstick lives in ``../shared/perf/`` (or ``$NTM_PERF_DIR``): a seeded
national data generator (``gen_data.py``), the rule set (``ruleset.py``, whose
numbers are representative, not the legal figures), a hand-written
straight-line Python reference and a NumPy reference. This module builds the
same rules as ntmcriteria criteria sets, from the yardstick's own atom lists,
and turns the library's results into the yardstick's result format. It is
used by ``bench_yardstick.py`` and by the tests that check it against the hand
reference.

Sets: ``bench.ntm`` (19 criteria), ``bench.advanced`` (the NTM set met, R and
19 criteria), the three outstanding fields ``bench.g1``..``bench.g3``,
``bench.model`` (advanced met, R, 100% model villages, one field met) and
``bench.district`` (100% of communes NTM, at least 30% model).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from types import ModuleType
from typing import Any

from ntmcriteria import Citation, CriteriaSet, Criterion, Indicator
from ntmcriteria.evaluation import Layout
from ntmcriteria.rules import (
    Rule,
    all_of,
    any_of,
    evaluated_year,
    fact,
    held_each_year,
    meets,
    ratio,
    scaled,
    schedule,
    share,
    yes,
)

__all__ = ["LAYOUT", "PERF_DIR", "Yardstick", "load_perf"]

PERF_DIR = Path(os.environ.get("NTM_PERF_DIR", Path(__file__).resolve().parents[2] / "shared"
                               / "perf"))
REGIONS = {1: "TDMNPB", 2: "DBSH", 3: "BTB", 4: "DHNTB", 5: "TN", 6: "DNB", 7: "DBSCL"}
CITE = Citation(document="Yardstick ntm-bench-1 (representative numbers, not the legal figures)",
                confidence="unknown")
TRAILING = ("no_mass_complaints", "no_serious_crime")
#: The yardstick's records read as they are: no conversion of any record.
LAYOUT = Layout(code="id", name="name", region="region", region_codes=REGIONS, facts=None,
                history=None, trailing=TRAILING, recognitions=None,
                members={"commune": "communes", "village": "villages"},
                ignore=("province_id", "district_id", "assess_year"))


def load_perf() -> tuple[ModuleType, ModuleType]:
    """The yardstick's ``gen_data`` and ``ruleset`` modules."""
    if not (PERF_DIR / "gen_data.py").exists():
        raise SystemExit(f"the yardstick is not at {PERF_DIR}; set NTM_PERF_DIR")
    sys.path.insert(0, str(PERF_DIR))
    import gen_data  # type: ignore[import-not-found]
    import ruleset  # type: ignore[import-not-found]

    return gen_data, ruleset


def _indicator(field: str, sample: Any) -> Indicator:
    label = field.replace("_", " ")
    if field.endswith("_pct"):
        return Indicator(key=field, label_vi=label, label_en=label, measure="percent",
                         value_type="decimal")
    if field in ("income_per_capita", "income_at_ntm_year"):
        return Indicator(key=field, label_vi=label, label_en=label,
                         measure="million_vnd_per_person_year", value_type="decimal",
                         minimum=0)
    if field in ("ntm_year", "adv_year"):
        return Indicator(key=field, label_vi=label, label_en=label, measure="year",
                         value_type="integer")
    if isinstance(sample, bool | list):
        return Indicator(key=field, label_vi=label, label_en=label, measure="yes_no",
                         value_type="boolean")
    return Indicator(key=field, label_vi=label, label_en=label, measure="count",
                     value_type="integer")


def _number(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return value


class Yardstick:
    """The yardstick's rule set as ntmcriteria sets, and the conversions of results."""

    def __init__(self) -> None:
        gen_data, ruleset = load_perf()
        self.gen_data = gen_data
        self.ruleset = ruleset
        sample = gen_data.generate(40, seed=1)
        commune = sample["provinces"][0]["districts"][0]["communes"][0]
        village = commune["villages"][0]
        self.commune_indicators = tuple(_indicator(f, commune[f])
                                        for f in gen_data.COMMUNE_FIELDS)
        self.village_indicators = tuple(_indicator(f, village[f])
                                        for f in gen_data.VILLAGE_FIELDS)
        self.tables = {name: schedule({(REGIONS[r], y): _number(v)
                                       for r, years in table.items() for y, v in years.items()})
                       for name, table in ruleset.TABLES.items()}
        r = ruleset
        village_rule = all_of(*(self._atom(a) for a in r.VILLAGE_RULE))
        self.village = CriteriaSet(
            id="bench.village", label_vi="Thôn kiểu mẫu", label_en="Model village",
            level="village", valid_from=2022, valid_to=2025,
            indicators=self.village_indicators,
            criteria=(self._criterion("V", village_rule),))
        self.ntm = self._set("bench.ntm", {f"ntm_{k}": v for k, v in r.NTM.items()})
        adv = self._set("bench.advanced", {f"adv_{k}": v for k, v in r.ADV.items()},
                        first=("ntm", meets("bench.ntm")), references=(self.ntm,))
        self.advanced = adv
        self.fields = tuple(self._set(f"bench.{g.lower()}", {f"model_{g}": r.MODEL[g]})
                            for g in ("G1", "G2", "G3"))
        model_criteria = {
            "advanced": meets("bench.advanced"),
            "model_R": self._all(r.MODEL["R"]),
            "model_V": share("village", village_rule, at_least=100),
            "fields": any_of(*(meets(f.id) for f in self.fields)),
        }
        self.model = CriteriaSet(
            id="bench.model", label_vi="Xã kiểu mẫu", label_en="Model commune",
            level="commune", valid_from=2022, valid_to=2025,
            indicators=(*self.commune_indicators, *self._village_only()),
            references=(adv, *self.fields),
            criteria=tuple(self._criterion(k, v) for k, v in model_criteria.items()))
        self.district = CriteriaSet(
            id="bench.district", label_vi="Huyện kiểu mẫu", label_en="Model district",
            level="district", valid_from=2022, valid_to=2025, references=(self.ntm, self.model),
            criteria=(
                self._criterion("all_ntm", share("commune", meets("bench.ntm"), at_least=100)),
                self._criterion("model_30", share("commune", meets("bench.model"),
                                                  at_least=30)),
            ))
        self.criterion_sets = {cid: self._owner(cid) for cid in r.CRITERION_IDS}

    def _village_only(self) -> tuple[Indicator, ...]:
        keys = {i.key for i in self.commune_indicators}
        return tuple(i for i in self.village_indicators if i.key not in keys)

    def _owner(self, criterion_id: str) -> tuple[str, str | None]:
        """(set id, criterion id or None for the whole set) of a yardstick criterion."""
        if criterion_id.startswith("ntm_"):
            return "bench.ntm", criterion_id
        if criterion_id.startswith("adv_"):
            return "bench.advanced", criterion_id
        if criterion_id in ("model_G1", "model_G2", "model_G3"):
            return f"bench.{criterion_id[-2:].lower()}", None
        return "bench.model", criterion_id

    def _criterion(self, cid: str, rule: Rule) -> Criterion:
        return Criterion(id=cid, number=cid, label_vi=cid, label_en=cid, rule=rule,
                         citation=CITE)

    def _set(self, set_id: str, atoms: Mapping[str, Any], first: tuple[str, Rule] | None = None,
             references: tuple[CriteriaSet, ...] = ()) -> CriteriaSet:
        criteria = [] if first is None else [self._criterion(*first)]
        criteria += [self._criterion(k, self._all(v)) for k, v in atoms.items()]
        return CriteriaSet(id=set_id, label_vi=set_id, label_en=set_id, level="commune",
                           valid_from=2022, valid_to=2025, indicators=self.commune_indicators,
                           references=references, criteria=tuple(criteria))

    def _all(self, atoms: tuple[Any, ...]) -> Rule:
        rules = [self._atom(a) for a in atoms]
        return rules[0] if len(rules) == 1 else all_of(*rules)

    def _atom(self, atom: Any) -> Rule:
        kind, field, op, value = atom.kind, atom.field, atom.op, atom.value
        if kind == "cmp":
            if value is True and op == "==":
                return yes(field)
            return fact(field).__ge__(value) if op == ">=" else (
                fact(field).__le__(value) if op == "<=" else fact(field).equals(value))
        if kind == "lookup":
            return fact(field) >= self.tables[value]
        if kind == "ratio":
            relative: Rule = ratio(fact(field), fact(value)) >= _number(atom.factor)
            return relative
        if kind == "before":
            return fact(field) < evaluated_year()
        if kind == "hist":
            now = yes(field)
            return now if value == 1 else all_of(now, held_each_year(now, years=value - 1))
        if kind == "vratio_lookup":
            return fact(field) >= scaled(_number(atom.factor), self.tables[value])
        raise ValueError(f"unknown yardstick atom {atom!r}")  # pragma: no cover

    # -- results ------------------------------------------------------------------------
    def districts_by_year(self, dataset: Mapping[str, Any]) -> dict[int, list[Any]]:
        out: dict[int, list[Any]] = {}
        for province in dataset["provinces"]:
            for district in province["districts"]:
                out.setdefault(district["assess_year"], []).append(district)
        return out


class CriteriaView(Mapping[str, bool]):
    """A unit's criteria, read from the result columns on demand (no copy)."""

    __slots__ = ("columns", "index")

    def __init__(self, columns: Mapping[str, bytes], index: int) -> None:
        self.columns = columns
        self.index = index

    def __getitem__(self, key: str) -> bool:
        return self.columns[key][self.index] == 1

    def __iter__(self) -> Iterator[str]:
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)


class CommuneRow(Mapping[str, Any]):
    """A commune's result in the yardstick's format (``tier``, ``criteria``, and
    ``explain`` once set), its criteria read from the result columns on demand."""

    __slots__ = ("columns", "explain", "index", "tier")

    def __init__(self, tier: str, columns: Mapping[str, bytes], index: int) -> None:
        self.tier = tier
        self.columns = columns
        self.index = index
        self.explain: Any = None

    def __getitem__(self, key: str) -> Any:
        if key == "tier":
            return self.tier
        if key == "criteria":
            return CriteriaView(self.columns, self.index)
        if key == "explain" and self.explain is not None:
            return self.explain
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(("tier", "criteria") if self.explain is None
                    else ("tier", "criteria", "explain"))

    def __len__(self) -> int:
        return 2 if self.explain is None else 3


#: a commune's tier by its code ntm + 2 x advanced + 4 x model (1: passed)
_TIERS = ("none", "ntm", "none", "advanced", "none", "ntm", "none", "model")


#: an outcome code as 1 where passed, else 0
_PASSED = bytes.maketrans(b"\x00\x01\x02", b"\x00\x01\x00")


def _tiers(ntm: bytes, adv: bytes, model: bytes) -> list[str]:
    """Each commune's tier from the outcome codes of the three sets (1: passed)."""
    n, a, m = (int.from_bytes(c.translate(_PASSED), "little") for c in (ntm, adv, model))
    code = n | (a << 1) | (m << 2)
    return list(map(_TIERS.__getitem__, code.to_bytes(len(ntm), "little")))


def _by_id(codes: list[str], column: bytes) -> Iterator[tuple[str, int]]:
    return zip(codes, column, strict=True)


def _runs(ys: Yardstick, dataset: Mapping[str, Any], backend: str,
          units: Mapping[str, Any] | None) -> list[tuple[int | list[int], list[Any]]]:
    """The runs of the plan: every district at once, each in its own year (NumPy, from the
    records); or one run per year (unit objects, or the pure-Python backend, which would
    run the years one by one and merge them)."""
    by_year = ys.districts_by_year(dataset)
    if backend == "python" or units is not None or len(by_year) == 1:
        return list(by_year.items())
    group = [d for p in dataset["provinces"] for d in p["districts"]]
    return [([d["assess_year"] for d in group], group)]


def _verdicts(ys: Yardstick, year: int | list[int], group: list[Any], backend: str,
              units: Mapping[str, Any] | None, explain: bool = False) -> Any:
    """The verdicts of ``group`` (records, or their prebuilt unit objects) in ``year``:
    through the public functions a user calls (``assess_many``, ``assess_records``),
    or through the plan when a backend is named or the figures are kept (``explain``),
    which the public functions do not offer."""
    from ntmcriteria import assess_many, assess_records
    from ntmcriteria.batch import Verdicts
    from ntmcriteria.evaluation.sources import RecordSource, UnitSource

    public = backend == "auto" and not explain
    if units is not None:
        objects = [units[d["id"]] for d in group]
        if public:
            batch = assess_many(ys.district, objects, year=year)
            assert batch.results is not None  # noqa: S101 - assess_many keeps its columns
            return Verdicts(ys.district, batch.results, {})
        results = ys.district.compile().run(UnitSource(ys.district.level), objects, year,
                                            explain=explain, backend=backend)
        return Verdicts(ys.district, results, {})
    if public:
        return assess_records(ys.district, group, year=year, layout=LAYOUT)
    results = ys.district.compile().run(RecordSource(ys.district.level, LAYOUT), group, year,
                                        explain=explain, backend=backend)
    return Verdicts(ys.district, results, {})


def yardstick_results(ys: Yardstick, dataset: Mapping[str, Any], *, eager: bool = False,
                      backend: str = "auto", units: Mapping[str, Any] | None = None,
                      explain: bool = False) -> dict[str, Any]:
    """Assess the yardstick's dataset (its plain records as they are, or prebuilt ``units``)
    and return the yardstick's result format (``eager``: real dicts per commune instead of
    views on the result columns; ``explain``: with every atom's figures, from the same
    run)."""
    communes: dict[str, Any] = {}
    districts: dict[str, Any] = {}
    ids = ys.ruleset.CRITERION_IDS
    for year, group in _runs(ys, dataset, backend, units):
        verdicts = _verdicts(ys, year, group, backend, units, explain=explain)
        members = verdicts.members("commune")
        results = members.results
        columns = {cid: bytes(results.columns[owner]) for cid, owner in
                   ys.criterion_sets.items()}
        codes = members.codes()
        tiers = _tiers(bytes(results.columns[("bench.ntm", None)]),
                       bytes(results.columns[("bench.advanced", None)]),
                       bytes(results.columns[("bench.model", None)]))
        if eager:
            rows = zip(*(columns[c] for c in ids), strict=True)
            for index, (code, row) in enumerate(zip(codes, rows, strict=True)):
                communes[code] = {"tier": tiers[index],
                                  "criteria": dict(zip(ids, map((1).__eq__, row), strict=True))}
        else:
            communes.update(zip(codes, map(CommuneRow, tiers, repeat(columns),
                                           range(len(codes))), strict=True))
        if explain:
            _explained(ys, results, codes, communes,
                       year if isinstance(year, int) else [year[r] for r in results.roots])
        outcome = verdicts.column()
        start = 0
        for district, code in zip(group, outcome, strict=True):
            n = len(district["communes"])
            part = tiers[start:start + n]
            start += n
            districts[district["id"]] = {"model_district": code == 1, "n_communes": n,
                                         "n_ntm": n - part.count("none"),
                                         "n_model": part.count("model")}
    _own_years(ys, dataset, communes, districts, backend, eager, explain)
    return {"communes": communes, "districts": districts}


_ASSESS_YEAR = itemgetter("assess_year")


def _own_years(ys: Yardstick, dataset: Mapping[str, Any], communes: dict[str, Any],
               districts: dict[str, Any], backend: str, eager: bool,
               explain: bool = False) -> None:
    """A commune whose own assessment year differs from its district's (the yardstick
    allows it) is assessed again in its own year, with the commune sets; its district's
    counts are then the yardstick's formula over its communes' tiers."""
    from ntmcriteria.evaluation.sources import RecordSource

    odd: dict[int, list[tuple[Any, Any]]] = {}
    for province in dataset["provinces"]:
        for district in province["districts"]:
            year, members = district["assess_year"], district["communes"]
            try:  # each commune's year, read in C; the district's own alone is the rule
                years = list(map(_ASSESS_YEAR, members))
            except KeyError:
                years = [c.get("assess_year", year) for c in members]
            if years.count(year) == len(years):
                continue
            for commune, own in zip(members, years, strict=True):
                if own != year:
                    odd.setdefault(own, []).append((district, commune))
    if not odd:
        return
    plan = ys.model.compile()
    ids = ys.ruleset.CRITERION_IDS
    touched = {}
    for year, pairs in odd.items():
        records = [commune for _, commune in pairs]
        results = plan.run(RecordSource(ys.model.level, LAYOUT), records, year,
                           explain=explain, backend=backend)
        columns = {cid: bytes(results.columns[owner]) for cid, owner in
                   ys.criterion_sets.items()}
        for index, (district, commune) in enumerate(pairs):
            if results.columns[("bench.model", None)][index] == 1:
                tier = "model"
            elif results.columns[("bench.advanced", None)][index] == 1:
                tier = "advanced"
            else:
                tier = "ntm" if results.columns[("bench.ntm", None)][index] == 1 else "none"
            entry: dict[str, Any] = {
                "tier": tier, "criteria": ({c: columns[c][index] == 1 for c in ids} if eager
                                           else CriteriaView(columns, index))}
            if explain:
                entry["explain"] = _explanation(ys, results, index, year)
            communes[commune["id"]] = entry
            touched[district["id"]] = district
    for did, district in touched.items():
        tiers = [communes[c["id"]]["tier"] for c in district["communes"]]
        n, n_ntm, n_model = len(tiers), len(tiers) - tiers.count("none"), tiers.count("model")
        districts[did] = {"model_district": n > 0 and n_ntm == n and 10 * n_model >= 3 * n,
                          "n_communes": n, "n_ntm": n_ntm, "n_model": n_model}


def _explanation(ys: Yardstick, results: Any, index: int, year: int) -> dict[str, Any]:
    out = {}
    for cid in ys.ruleset.CRITERION_IDS:
        set_id, criterion_id = ys.criterion_sets[cid]
        rows = _yardstick_rows(ys.ruleset.CRITERIA[cid],
                               results.atoms(set_id, criterion_id or cid), year)
        out[cid] = [column[index] for column in rows]
    return out


def units_of(ys: Yardstick, dataset: Mapping[str, Any]) -> dict[str, Any]:
    """The yardstick's districts as unit objects (District > Commune > Village), by id."""
    from ntmcriteria.evaluation.sources import RecordSource
    from ntmcriteria.units import Level

    out = {}
    source = RecordSource(Level.DISTRICT, LAYOUT)
    for year, group in ys.districts_by_year(dataset).items():
        for index, district in enumerate(group):
            out[district["id"]] = source.unit(group, index, year)
    return out


#: the yardstick's label of a history atom ("field[last k]") and of the village atom
def _label(ruleset: Any, atom: Any) -> str:
    return str(atom.label)


def explained_results(ys: Yardstick, dataset: Mapping[str, Any], *, backend: str = "auto"
                      ) -> dict[str, Any]:
    """The yardstick's result format with explanations: every atom as [label, actual, op,
    threshold, ok], from the plan's own figures of each comparison (no trace is built)."""
    return yardstick_results(ys, dataset, backend=backend, explain=True)


def _explained(ys: Yardstick, results: Any, codes: list[str], communes: dict[str, Any],
               year: int | list[int]) -> None:
    """Each commune's explanation, column by column from the atoms' figures: its rows are
    tuples made in C by ``zip`` (tuples of plain values, which the cyclic garbage collector
    stops tracking), each commune's dict made in C from the columns."""
    r = ys.ruleset
    cids = [cid for cid in r.CRITERION_IDS if r.CRITERIA[cid]]
    columns = []
    for cid in cids:
        set_id, criterion_id = ys.criterion_sets[cid]
        rows = _yardstick_rows(r.CRITERIA[cid], results.atoms(set_id, criterion_id or cid),
                               year)
        columns.append(zip(*rows, strict=True))  # per commune, the rows of its atoms
    explained = map(dict, map(zip, repeat(cids), zip(*columns, strict=True)))
    for code, explanation in zip(codes, explained, strict=True):
        entry = communes[code]
        if isinstance(entry, CommuneRow):
            entry.explain = explanation
        else:
            entry["explain"] = explanation


_ONE = (1).__eq__  # an outcome code: passed


def _yardstick_rows(atoms: tuple[Any, ...], figures: list[Any], year: int | list[int]
                    ) -> list[list[tuple[Any, ...]]]:
    """Per yardstick atom, the column of its rows (label, actual, op, threshold, ok);
    ``year``: the communes' assessment year, or each commune's."""
    columns: list[list[tuple[Any, ...]]] = []
    position = 0
    for atom in atoms:
        if atom.kind == "hist":
            k = atom.value
            parts = figures[position:position + k]
            position += k
            counts = list(map(sum, zip(*(map(_ONE, f.codes) for f in parts), strict=True)))
            columns.append(list(zip(repeat(atom.label), counts, repeat(">="), repeat(k),
                                    map(k.__le__, counts))))
            continue
        f = figures[position]
        position += 1
        if atom.kind == "villages":
            columns.append(list(zip(repeat("villages"), f.observed, repeat("=="), _totals(f),
                                    map(_ONE, f.codes))))
            continue
        op = atom.op if atom.kind != "before" else "<"
        threshold: Any = f.required if atom.kind != "before" else (
            repeat(year) if isinstance(year, int) else year)
        columns.append(list(zip(repeat(atom.label), f.observed, repeat(op), threshold,
                                map(_ONE, f.codes))))
    return columns


def _totals(figures: Any) -> list[Any]:
    totals: list[Any] = figures.totals
    return totals


def columns_of(ys: Yardstick, dataset: Mapping[str, Any]) -> tuple[Any, list[int]]:
    """The yardstick's data as NumPy columns (districts, their communes, their villages)
    and each district's assessment year: the conversion a user of columns makes once
    (not timed). The yearly lists become columns relative to each unit's year."""
    import numpy as np

    from ntmcriteria.evaluation import Columns

    group = [d for p in dataset["provinces"] for d in p["districts"]]
    communes = [c for d in group for c in d["communes"]]
    villages = [v for c in communes for v in c["villages"]]

    def columns(records: list[Any], fields: tuple[str, ...]) -> dict[str, Any]:
        data: dict[str, Any] = {"code": np.array([r["id"] for r in records])}
        for field in fields:
            values = [r[field] for r in records]
            if field in TRAILING:
                for back in range(3):
                    data[f"{field}@{back}"] = np.array([v[-1 - back] for v in values])
            elif any(v is None for v in values):
                data[field] = np.array([np.nan if v is None else v for v in values],
                                       dtype=np.float64)
            else:
                data[field] = np.array(values)
        return data

    commune_data = columns(communes, ys.gen_data.COMMUNE_FIELDS)
    commune_data["region"] = np.array([c["region"] for c in communes])
    trailing = {(field, back): f"{field}@{back}" for field in TRAILING for back in (1, 2)}
    facts = {field: f"{field}@0" for field in TRAILING}
    village_columns = Columns(data=columns(villages, ys.gen_data.VILLAGE_FIELDS), region=None)
    commune_columns = Columns(
        data=commune_data, region="region", region_codes=REGIONS, facts=facts,
        trailing=trailing,
        members={"village": (village_columns,
                             np.array([len(c["villages"]) for c in communes]))})
    district_columns = Columns(
        data={"code": np.array([d["id"] for d in group])}, region=None,
        members={"commune": (commune_columns, np.array([len(d["communes"]) for d in group]))})
    return district_columns, [d["assess_year"] for d in group]


def columns_results(ys: Yardstick, columns: tuple[Any, list[int]],
                    dataset: Mapping[str, Any] | None, results: Any = None) -> Any:
    """Assess the columns in one run (NumPy backend, each district in its own year); with
    ``dataset``, the yardstick's result format (for checking), else the outcome columns
    only (what the NumPy kernel returns). ``results``: the outcome columns of an
    assessment already made, to give in the yardstick's format."""
    from ntmcriteria import assess_columns

    district_columns, years = columns
    if results is None:
        results = assess_columns(ys.district, district_columns, year=years).results
    if dataset is None:
        return results
    communes: dict[str, Any] = {}
    districts: dict[str, Any] = {}
    group = [d for p in dataset["provinces"] for d in p["districts"]]
    members = results.members[next(iter(results.members))]
    cols = {cid: bytes(members.columns[owner]) for cid, owner in ys.criterion_sets.items()}
    ntm = members.columns[("bench.ntm", None)]
    adv = members.columns[("bench.advanced", None)]
    model = members.columns[("bench.model", None)]
    tiers = ["model" if m == 1 else "advanced" if a == 1 else "ntm" if n == 1 else "none"
             for n, a, m in zip(ntm, adv, model, strict=True)]
    for index, code in enumerate(members.codes()):
        communes[code] = {"tier": tiers[index], "criteria": CriteriaView(cols, index)}
    start = 0
    for district, outcome in zip(group, results.columns[("bench.district", None)],
                                 strict=True):
        n = len(district["communes"])
        part = tiers[start:start + n]
        start += n
        districts[district["id"]] = {"model_district": outcome == 1, "n_communes": n,
                                     "n_ntm": n - part.count("none"),
                                     "n_model": part.count("model")}
    return {"communes": communes, "districts": districts}
