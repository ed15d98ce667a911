"""The library against the common yardstick, in one process, interleaved.

Runs the yardstick's hand-written straight-line Python reference and the
library on the same seeded synthetic national data (``../shared/perf``, or
``$NTM_PERF_DIR``), alternating them round after round, and prints the median
time per commune of each and their ratio. Every timing counts whatever
conversion from the yardstick's dicts a user would have to write (none for
plain records: a ``Layout`` names their keys). Modes:

- ``records``: verdicts from the plain records (``assess_records``), to the
  yardstick's result format; against the hand reference.
- ``units``: verdicts from prebuilt unit objects (``assess_many`` over
  ``District`` objects built beforehand, not timed; building them is timed
  apart); against the hand reference.
- ``explain``: full explained results (every atom's observed and required
  value, from the plan's columns); against the hand version that records them.
- ``numpy``: columns in as NumPy arrays (``assess_columns``); against the NumPy
  kernel of the yardstick's NumPy reference (columns in, booleans out).
- ``memory``: peak memory of 100,000 communes (about a million villages),
  each engine in a fresh subprocess.

Run: ``python benchmarks/bench_yardstick.py [--communes 10000] [--rounds 7]
[--modes records units explain numpy memory]``. Every result is checked
against the hand reference before it is timed.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from yardstick import Yardstick, load_perf

MODES = ("records", "units", "explain", "numpy", "memory")


def _timed(fn: Callable[[], Any]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleaved(pairs: dict[str, Callable[[], Any]], rounds: int, n: int) -> dict[str, float]:
    """Median microseconds per commune of each function, alternating them each round."""
    samples: dict[str, list[float]] = {name: [] for name in pairs}
    for _ in range(rounds):
        for name, fn in pairs.items():
            samples[name].append(_timed(fn) / n * 1e6)
    return {name: statistics.median(values) for name, values in samples.items()}


def _check(ruleset: Any, reference: dict[str, Any], got: dict[str, Any], what: str) -> None:
    diffs = ruleset.diff_results(reference, got, limit=5)
    if diffs:
        raise SystemExit(f"{what} differs from the hand reference: {diffs}")


def _report(title: str, times: dict[str, float], ours: str, theirs: str, target: float) -> None:
    ratio = times[ours] / times[theirs]
    verdict = "meets" if ratio <= target else "MISSES"
    print(f"{title}: {ours} {times[ours]:.2f} us/commune, {theirs} {times[theirs]:.2f} "
          f"us/commune -> {ratio:.2f}x (target <= {target}x: {verdict})", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    parser.add_argument("--memory-communes", type=int, default=100_000)
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _memory_worker(args.worker[0], int(args.worker[1]))
    gen_data, ruleset = load_perf()
    from engines import eng_hand, eng_numpy  # type: ignore[import-not-found]

    ys = Yardstick()
    dataset = gen_data.load_or_generate(args.communes)
    n = args.communes
    print(f"# yardstick ntm-bench-1, {n} communes, {args.rounds} interleaved rounds; "
          f"python {sys.version.split()[0]}", flush=True)
    from yardstick import explained_results, units_of, yardstick_results

    if "records" in args.modes:
        reference = eng_hand.evaluate(dataset)
        _check(ruleset, reference, yardstick_results(ys, dataset), "records")
        times = interleaved({"hand": lambda: eng_hand.evaluate(dataset),
                             "ntmcriteria": lambda: yardstick_results(ys, dataset)},
                            args.rounds, n)
        _report("verdicts from plain records", times, "ntmcriteria", "hand", 1.5)
        python = interleaved({"hand": lambda: eng_hand.evaluate(dataset),
                              "ntmcriteria": lambda: yardstick_results(ys, dataset,
                                                                       backend="python")},
                             args.rounds, n)
        _report("  (pure-Python backend, NumPy not used)", python, "ntmcriteria", "hand", 1.5)
    if "units" in args.modes:
        start = time.perf_counter()
        units = units_of(ys, dataset)
        build = (time.perf_counter() - start) / n * 1e6
        reference = eng_hand.evaluate(dataset)
        _check(ruleset, reference, yardstick_results(ys, dataset, units=units), "units")
        times = interleaved({"hand": lambda: eng_hand.evaluate(dataset),
                             "ntmcriteria": lambda: yardstick_results(ys, dataset, units=units)},
                            args.rounds, n)
        _report("verdicts from prebuilt unit objects", times, "ntmcriteria", "hand", 3.0)
        print(f"  (building the District/Commune/Village objects: {build:.1f} us/commune, "
              f"{build / times['hand']:.1f}x hand, not counted above)", flush=True)
    if "explain" in args.modes:
        reference = eng_hand.explain(dataset)
        _check(ruleset, reference, explained_results(ys, dataset), "explain")
        times = interleaved({"hand explain": lambda: eng_hand.explain(dataset),
                             "ntmcriteria": lambda: explained_results(ys, dataset)},
                            args.rounds, n)
        _report("full explained results", times, "ntmcriteria", "hand explain", 1.0)
    if "numpy" in args.modes:
        state = eng_numpy.setup()
        prepared = eng_numpy.prepare(dataset, state)
        from yardstick import columns_of, columns_results

        columns = columns_of(ys, dataset)
        _check(ruleset, eng_hand.evaluate(dataset), columns_results(ys, columns, dataset),
               "numpy columns")
        kernel = eng_numpy._kernel  # the yardstick's kernel: columns in, booleans out
        times = interleaved({"numpy kernel": lambda: kernel(prepared),
                             "ntmcriteria": lambda: columns_results(ys, columns, None)},
                            args.rounds, n)
        _report("columns in with NumPy", times, "ntmcriteria", "numpy kernel", 3.0)
    if "memory" in args.modes:
        m = args.memory_communes
        gen_data.load_or_generate(m)
        peaks = {}
        for engine in ("hand", "ntmcriteria", "ntmcriteria-eager"):
            out = subprocess.run([sys.executable, __file__, "--worker", engine, str(m)],  # noqa: S603
                                 capture_output=True, text=True, check=True)
            peaks[engine] = json.loads(out.stdout.strip().splitlines()[-1])["peak_mb"]
        ratio = peaks["ntmcriteria"] / peaks["hand"]
        print(f"peak memory, {m} communes: ntmcriteria {peaks['ntmcriteria']:.0f} MB, hand "
              f"{peaks['hand']:.0f} MB -> {ratio:.2f}x (target <= 2x: "
              f"{'meets' if ratio <= 2 else 'MISSES'})", flush=True)
        eager = peaks["ntmcriteria-eager"] / peaks["hand"]
        print(f"  (with a real dict of criteria per commune, as the hand builds: "
              f"{peaks['ntmcriteria-eager']:.0f} MB -> {eager:.2f}x)", flush=True)
    return 0


def _rss() -> dict[str, int]:
    out = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(("VmHWM", "VmRSS")):
                key, value = line.split(":")
                out[key] = int(value.split()[0]) * 1024
    return out


def _memory_worker(engine: str, n: int) -> int:
    """Peak extra memory (high-water mark minus the resident size before) of one run."""
    gen_data, _ = load_perf()
    from engines import eng_hand

    dataset = gen_data.load_or_generate(n)
    ys = Yardstick() if engine.startswith("ntmcriteria") else None
    if ys is not None:
        ys.district.compile()
    gc.collect()
    with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
        refs.write("5")
    before = _rss()["VmRSS"]
    if ys is not None:
        from yardstick import yardstick_results

        result = yardstick_results(ys, dataset, eager=engine.endswith("eager"))
    else:
        result = eng_hand.evaluate(dataset)
    peak = _rss()["VmHWM"] - before
    print(json.dumps({"engine": engine, "peak_mb": peak / 2**20, "communes": len(result)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
