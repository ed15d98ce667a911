"""Benchmark: assess 10,000 synthetic communes (about 10 villages each) against a set
of 20 criteria, and print communes per second and peak memory.

Run: ``python benchmarks/bench_assess.py [--communes N] [--explain]``.
The facts are random (seeded) and synthetic: they stand for no real commune.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from decimal import Decimal

from ntmcriteria import Commune, Outcome, Village
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, Criterion, Parameter
from ntmcriteria.indicators import Indicator
from ntmcriteria.rules import (
    Rule,
    at_least,
    count,
    fact,
    held_each_year,
    no,
    param,
    ratio,
    recognition_year,
    scaled,
    schedule,
    share,
    yes,
)

CITE = Citation(document="Synthetic benchmark set", confidence="unknown")
REGIONS = ("TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL")


def _indicators() -> tuple[Indicator, ...]:
    out = [
        Indicator(key="income", label_vi="Thu nhập", label_en="Income",
                  measure="million_vnd_per_person_year", value_type="decimal", minimum=0),
        Indicator(key="poor", label_vi="Hộ nghèo", label_en="Poor households",
                  measure="households", value_type="integer"),
        Indicator(key="poor_exempt", label_vi="Hộ nghèo loại trừ", label_en="Exempt poor",
                  measure="households", value_type="integer"),
        Indicator(key="complaints", label_vi="Khiếu kiện đông người", label_en="Mass complaints",
                  measure="yes_no", value_type="boolean"),
        Indicator(key="model_village", label_vi="Thôn kiểu mẫu", label_en="Model village",
                  measure="yes_no", value_type="boolean"),
        Indicator(key="smart_village", label_vi="Thôn thông minh", label_en="Smart village",
                  measure="yes_no", value_type="boolean"),
    ]
    out += [
        Indicator(key=f"rate_{i}", label_vi=f"Tỷ lệ {i}", label_en=f"Rate {i}",
                  measure="percent", value_type="decimal")
        for i in range(14)
    ]
    return tuple(out)


def build_set() -> CriteriaSet:
    income_table = schedule({(r, y): 40 + 3 * k + (y - 2021) for k, r in enumerate(REGIONS)
                             for y in range(2021, 2026)})
    rules: list[Rule] = [
        fact("income") >= income_table,
        ratio(fact("income"), fact("income", at=recognition_year("ntm"))) >= Decimal("1.5"),
        (fact("poor") - fact("poor_exempt")).equals(0),
        held_each_year(no("complaints"), years=3),
        share("village", yes("model_village"), at_least=100),
        count("village", yes("smart_village"), at_least=1),
        fact("rate_0") >= scaled(Decimal("1.1"), param("level")),
        at_least(2, fact("rate_1") >= 90, fact("rate_2") >= 90, fact("rate_3") >= 90),
        (fact("rate_4") >= 80) | (fact("rate_5") >= 95),
    ]
    rules += [fact(f"rate_{i}") >= 50 + 3 * i for i in range(6, 14)]
    rules += [(fact("rate_6") >= 60) & (fact("rate_7") <= 99) & ~(fact("rate_8") <= 10)]
    rules += [share("village", fact("rate_9") >= 50, at_least=60)]
    rules += [fact("rate_10") <= 99]
    criteria = tuple(
        Criterion(id=f"c{i:02d}", number=str(i + 1), label_vi=f"Tiêu chí {i + 1}",
                  label_en=f"Criterion {i + 1}", rule=rule, citation=CITE)
        for i, rule in enumerate(rules)
    )
    level = Parameter(name="level", label_vi="Mức", label_en="Level", citation=CITE)
    return CriteriaSet(id="bench", label_vi="Bộ đo hiệu năng", label_en="Benchmark set",
                       level="commune", valid_from=2021, valid_to=2025, criteria=criteria,
                       indicators=_indicators(), parameters=(level,))


def _rate(rng: random.Random) -> Decimal:
    return Decimal(rng.randint(3000, 10000)) / 100


def make_communes(n: int, seed: int = 7) -> list[Commune]:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    communes = []
    for i in range(n):
        villages = [
            Village(code=f"{i:05d}{j:02d}", name=f"Thôn {j}",
                    facts={"model_village": rng.random() < 0.95,
                           "smart_village": rng.random() < 0.2, "rate_9": _rate(rng)})
            for j in range(rng.randint(8, 12))
        ]
        facts: dict[str, object] = {f"rate_{k}": _rate(rng) for k in range(14)
                                    if rng.random() > 0.02}
        facts.update(income=Decimal(rng.randint(3500, 9000)) / 100,
                     poor=rng.randint(0, 4), poor_exempt=rng.randint(0, 4))
        history: dict[int, dict[str, object]] = {
            y: {"complaints": rng.random() < 0.05} for y in range(2019, 2024)
        }
        ntm_year = rng.randint(2012, 2020)
        history[ntm_year] = {**history.get(ntm_year, {}),
                             "income": Decimal(rng.randint(2000, 4000)) / 100}
        communes.append(Commune(code=f"{i:05d}", name=f"Xã {i}", region=rng.choice(REGIONS),
                                facts=facts, history=history, recognitions={"ntm": ntm_year},
                                villages=villages))
    return communes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--communes", type=int, default=10_000)
    parser.add_argument("--explain", action="store_true", help="also render every explanation")
    parser.add_argument("--trace-memory", action="store_true",
                        help="measure peak allocations with tracemalloc (about 5x slower)")
    args = parser.parse_args(argv)

    criteria_set = build_set()
    communes = make_communes(args.communes)
    villages = sum(len(c.villages) for c in communes)
    print(f"{len(communes)} communes, {villages} villages, {len(criteria_set.criteria)} criteria")

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.trace_memory:
        tracemalloc.start()
    start = time.perf_counter()
    tally = dict.fromkeys(Outcome, 0)
    for commune in communes:
        assessment = criteria_set.assess(commune, year=2024, parameters={"level": 60})
        tally[assessment.outcome] += 1
        if args.explain:
            assessment.explain()
    elapsed = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print("outcomes: " + ", ".join(f"{o.name}={n}" for o, n in tally.items()))
    print(f"assessed in {elapsed:.2f} s: {len(communes) / elapsed:,.0f} communes/s "
          f"({elapsed / len(communes) * 1e3:.3f} ms each)")
    print(f"process peak RSS: {rss_before:.0f} MiB after building the units, "
          f"{rss:.0f} MiB after assessing")
    if args.trace_memory:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"peak traced allocations during assessment: {peak / 2**20:.1f} MiB "
              "(timing above is slowed by tracing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
