"""Benchmark: build 10,000 communes with about 100,000 villages from tables, and print rows
per second (commune rows + village rows + long-history rows, read into unit objects).
Wall-clock and CPU time are both shown: on a shared machine the CPU figure is steadier.

The sheets are synthetic (seeded random figures written the way an office types them:
decimal commas, "có"/"không", "96,5%", blank cells, yearly columns): they stand for no
real commune. The set is the Quảng Nam model-commune set of group 2 (its indicators and
those of the sets it refers to). Each input kind is timed separately:

- CSV text (``units_from_csv``: the csv module plus the cell readers),
- row mappings (what ``csv.DictReader`` gives),
- pandas and polars DataFrames (when installed; read as text, ``dtype=str``).

Run: ``python benchmarks/bench_tables.py [--communes N] [--villages-per-commune K]
[--repeat R]``. The best of ``R`` runs is reported.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections.abc import Callable
from typing import Any

from ntmcriteria.catalog import get
from ntmcriteria.tables import HistoryColumns, UnitColumns, units_from_table, write_csv

SET_ID = "qn.commune.model.group2.2021-2025"
COMMUNE_COLUMNS = UnitColumns(code="Mã xã", name="Tên xã", parent="Mã huyện", region="Vùng",
                              recognitions={"ntm": "Năm đạt chuẩn NTM"}, ignore=("STT",))
VILLAGE_COLUMNS = UnitColumns(code="Mã thôn", name="Tên thôn", parent="Mã xã",
                              ignore=("STT",))
HISTORY_COLUMNS = HistoryColumns(code="Mã xã", year="Năm", indicator="Chỉ tiêu",
                                 value="Giá trị")
REGIONS = ("DHNTB", "Duyên hải Nam Trung Bộ", "BTB", "TN")


def _decimal(rng: random.Random, low: int, high: int) -> str:
    return f"{rng.randint(low, high)},{rng.randint(0, 99):02d}"


def _yes(rng: random.Random) -> str:
    return rng.choice(("có", "không", "x", "", "Có", "đạt"))


def sheets(n: int, per_commune: int, seed: int = 2025) -> tuple[str, str, str]:
    """Synthetic commune, village and long-history sheets as CSV text."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    commune_head = ["STT", "Mã xã", "Tên xã", "Mã huyện", "Vùng", "Năm đạt chuẩn NTM",
                    "Số hợp tác xã hoạt động hiệu quả",
                    "Số hợp tác xã nông nghiệp ứng dụng công nghệ cao",
                    "Giá trị sản xuất bình quân trên 01 ha đất nông nghiệp",
                    "concentrated_production_area", "Thu nhập bình quân đầu người",
                    "Số hộ nghèo", "poor_households_exempt",
                    "Tỷ lệ người dân tham gia bảo hiểm y tế",
                    "Tỷ lệ nghèo đa chiều giai đoạn 2021-2025", "income_2015", "income_2018"]
    communes = []
    villages = []
    history = []
    row = 0
    for i in range(n):
        code = f"{20000 + i:05d}"
        ntm = rng.choice((2015, 2018))
        communes.append([
            str(i + 1), code, f"Xã {i}", f"{500 + i % 18}", rng.choice(REGIONS), str(ntm),
            str(rng.randint(0, 4)), str(rng.randint(0, 2)), _decimal(rng, 120, 260), _yes(rng),
            _decimal(rng, 40, 80), str(rng.randint(0, 8)), str(rng.randint(0, 2)),
            f"{_decimal(rng, 85, 99)}%", rng.choice(("", "2,5", "3", "1,25")),
            _decimal(rng, 25, 35) if ntm == 2015 else "",
            _decimal(rng, 30, 40) if ntm == 2018 else ""])
        for year in (2022, 2023):
            history.append([code, str(year), "Thu nhập bình quân đầu người",
                            _decimal(rng, 35, 70)])
        for k in range(rng.randint(per_commune - 2, per_commune + 2)):
            row += 1
            villages.append([str(row), f"{k + 1:02d}", f"Thôn {k + 1}", code,
                             rng.choice(("không", "", "có")), rng.choice(("không", "")),
                             _yes(rng)])
    village_head = ["STT", "Mã thôn", "Tên thôn", "Mã xã", "Thôn thuộc KV1", "Thôn thuộc KV2",
                    "qn2254.village.appraised"]
    return (write_csv(commune_head, communes), write_csv(village_head, villages),
            write_csv(["Mã xã", "Năm", "Chỉ tiêu", "Giá trị"], history))


def _time(build: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """The best wall-clock and CPU seconds of ``repeat`` runs, and the result."""
    best = cpu = float("inf")
    result = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = build()
        best = min(best, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return best, cpu, result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=10_000)
    parser.add_argument("--villages-per-commune", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    cs = get(SET_ID)
    communes, villages, history = sheets(args.communes, args.villages_per_commune)
    n_communes = communes.count("\n") - 1
    n_villages = villages.count("\n") - 1
    n_history = history.count("\n") - 1
    total = n_communes + n_villages + n_history
    print(f"tables: {n_communes:,} communes, {n_villages:,} villages, {n_history:,} history "
          f"rows ({total:,} rows); set {SET_ID} ({len(cs.all_indicators())} indicators)")
    print(f"Python {sys.version.split()[0]}; best of {args.repeat}")

    def read(c: Any, v: Any, h: Any) -> Any:
        return units_from_table(cs, c, villages=v, history=h, columns=COMMUNE_COLUMNS,
                                village_columns=VILLAGE_COLUMNS,
                                history_columns=HISTORY_COLUMNS)

    inputs: list[tuple[str, Callable[[], Any]]] = [
        ("CSV text", lambda: read(communes, villages, history))]
    rows = [list(csv.DictReader(t.splitlines())) for t in (communes, villages, history)]
    inputs.append(("row mappings", lambda: read(*rows)))
    try:
        import io

        import pandas

        frames = [pandas.read_csv(io.StringIO(t), dtype=str, keep_default_na=False)
                  for t in (communes, villages, history)]
        inputs.append(("pandas (dtype=str)", lambda: read(*frames)))
    except ImportError:
        print("pandas not installed: skipped")
    try:
        import io

        import polars

        pframes = [polars.read_csv(io.StringIO(t), infer_schema=False)
                   for t in (communes, villages, history)]
        inputs.append(("polars (strings)", lambda: read(*pframes)))
    except ImportError:
        print("polars not installed: skipped")
    reference = None
    for label, build in inputs:
        seconds, cpu, units = _time(build, args.repeat)
        if reference is None:
            reference = units.units
        elif units.units != reference:
            raise SystemExit(f"{label}: the units differ from those read from CSV text")
        villages_built = sum(len(u.villages) for u in units)
        print(f"{label:>20}: {seconds:6.2f} s, {total / seconds:9,.0f} rows/s "
              f"(CPU {cpu:6.2f} s, {total / cpu:9,.0f} rows/s; {len(units):,} communes, "
              f"{villages_built:,} villages)")


if __name__ == "__main__":
    main()
