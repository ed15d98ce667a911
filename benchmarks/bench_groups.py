"""Benchmark: the 2026-2030 commune set over 10,000 synthetic communes, each classified
into its commune group by the set's resolver (or given its group), with every criterion a
rule table keyed by group; prints communes per second for plain records (the batch
chooses its backend) and for unit objects, and the share of the time the classification
costs.

Run: ``python benchmarks/bench_groups.py [--communes N]``. The facts are random (seeded),
synthetic and stand for no real commune; the rules are appraisal verdicts.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from decimal import Decimal
from typing import Any

from ntmcriteria import Commune
from ntmcriteria.batch import assess_many, assess_records
from ntmcriteria.catalog import get
from ntmcriteria.rules import rule_table, yes


def _facts(rng: random.Random) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "adjacent_existing_urban_area": rng.random() < 0.2,
        "urban_development_orientation": rng.random() < 0.3,
        "agriculture_share_of_economy": Decimal(rng.randint(0, 6000)) / 100,
        "designated_new_urban_area": rng.random() < 0.05,
        "ethnic_minority_area_level": rng.choice([0, 0, 0, 1, 2, 3]),
    }
    facts.update({f"vn51.ntm.c{k:02d}.appraised": rng.random() < 0.97 for k in range(1, 11)})
    return facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--communes", type=int, default=10_000)
    args = parser.parse_args(argv)
    cs = get("vn.commune.ntm.2026-2030")
    parameters: dict[str, Any] = {
        f"vn51.ntm.c{k:02d}.rule": rule_table(
            {g: yes(f"vn51.ntm.c{k:02d}.appraised") for g in ("1", "2", "3")}, by="group")
        for k in range(1, 11)}
    parameters["vn51.group.both_1_and_3"] = "3"
    rng = random.Random(2026)  # noqa: S311 - synthetic data
    records = [{"code": f"{i:05d}", "facts": _facts(rng)} for i in range(args.communes)]
    given = [{**r, "group": rng.choice(["1", "2", "3"])} for r in records]
    units = [Commune(code=r["code"], facts=r["facts"]) for r in records]
    print(f"{len(records)} communes, {len(cs.criteria)} criteria keyed by commune group")
    timings: dict[str, float] = {}
    for name, run in (
            ("records, resolver",
             lambda: assess_records(cs, records, year=2026, parameters=parameters)),
            ("records, given group",
             lambda: assess_records(cs, given, year=2026, parameters=parameters)),
            ("unit objects, resolver", lambda: assess_many(cs, units, year=2026,
                                                           parameters=parameters))):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - start)
        timings[name] = best
        print(f"  {name}: {best:.3f} s, {len(records) / best:,.0f} communes/s")
    cost = timings["records, resolver"] - timings["records, given group"]
    print(f"classifying by the resolver costs {cost:.3f} s "
          f"({cost / timings['records, resolver']:.0%} of the records run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
