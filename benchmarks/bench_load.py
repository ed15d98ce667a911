"""Benchmark: loading (and assessing) hostile documents is linear in their size.

For each adversarial shape of issue 10 it builds documents of about 1, 2, 4 and 8 MB
(the size limit is 10 MB), loads each from JSON text (and, when it loads, assesses
it), and prints the seconds per MB and the peak memory (traced by ``tracemalloc``,
in a second run so that tracing does not slow the timed one) in MB and as a
multiple of the document's size. Linear loading shows as a flat seconds-per-MB
column; the goals are under about 1 s/MB and a peak under about 10 times the size.
Assessing (and explaining or rendering) what loaded is timed and traced apart: its
extra memory is the traces of every member, which grows with the members, not with
the hostility of the document.

Run: ``python benchmarks/bench_load.py [--sizes 1 2 4 8] [--shapes NAME ...]``.
The documents are synthetic: they stand for no real rule set or commune.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from ntmcriteria import Commune
from ntmcriteria.errors import NTMError
from ntmcriteria.serialize import criteria_set_from_json, unit_from_json

MB = 1_000_000
SET_HEAD = {"format": "ntmcriteria/criteria-set", "version": 1, "label_vi": "Bộ thử",
            "label_en": "Test set", "level": "commune", "valid_from": 2021, "valid_to": 2025}
UNIT_HEAD = {"format": "ntmcriteria/unit", "version": 1, "level": "commune", "code": "01"}
CITATION = {"document": "Synthetic benchmark document", "confidence": "unknown"}
FLAG = {"key": "flag", "label_vi": "Cờ", "label_en": "Flag", "measure": "yes_no",
        "value_type": "boolean"}
RATE = {"key": "rate", "label_vi": "Tỷ lệ", "label_en": "Rate", "measure": "percent",
        "value_type": "decimal"}


def _criterion(i: int, rule: Any, label: str = "Tiêu chí") -> dict[str, Any]:
    return {"id": f"c{i}", "number": str(i), "label_vi": f"{label} {i}",
            "label_en": f"Criterion {i}", "rule": rule, "citation": CITATION}


def _fill(size: int, make: Callable[[int], str]) -> str:
    """``make(n)`` for the n that makes a document of about ``size`` characters."""
    small = make(1000)
    per_item = max(1, (len(make(2000)) - len(small)) / 1000)
    n = max(1, int((size - len(small)) / per_item) + 1000)
    return make(n)


# -------------------------------------------------------------------------- shapes
def unterminated_escapes(size: int) -> str:
    """One string of escaped quotes that never ends (quadratic in the old scanner)."""
    return '"' + '\\"' * ((size - 1) // 2)


def escapes_in_names(size: int) -> str:
    """A valid unit whose villages have names made of escaped quotes and backslashes."""
    def make(n: int) -> str:
        villages = [{"level": "village", "code": f"v{i}", "name": '"\\' * 40}
                    for i in range(n)]
        return json.dumps({**UNIT_HEAD, "villages": villages})
    return _fill(size, make)


def huge_exponents(size: int) -> str:
    """Facts like "1e999999999" (11 characters each): refused at the door."""
    def make(n: int) -> str:
        facts = ", ".join(f'"k{i}": 1e999999999' for i in range(n))
        return json.dumps(UNIT_HEAD)[:-1] + f', "facts": {{{facts}}}}}'
    return _fill(size, make)


def long_digit_strings(size: int) -> str:
    """Decimal strings of 5,000 digits (refused: at most 100 significant digits)."""
    def make(n: int) -> str:
        facts = {f"k{i}": "1." + "7" * 5_000 for i in range(n)}
        return json.dumps({**UNIT_HEAD, "facts": facts})
    return _fill(size, make)


def full_size_numbers(size: int) -> str:
    """Valid facts with the most digits allowed (100) and large exponents, in villages."""
    def make(n: int) -> str:
        villages = [{"level": "village", "code": f"v{i}",
                     "facts": {"rate": "9." + "1" * 99 + "e-399", "flag": True}}
                    for i in range(n)]
        return json.dumps({**UNIT_HEAD, "villages": villages})
    return _fill(size, make)


def deep_meets(size: int) -> str:
    """A chain of 100 referenced sets, each with many criteria meeting the set below
    (2**100 paths to the bottom when evaluated afresh)."""
    def make(n: int) -> str:
        per_level = max(2, n // 100)
        doc: dict[str, Any] = {"id": "level0", **SET_HEAD, "indicators": [FLAG],
                               "criteria": [_criterion(0, {"compare": {"fact": "flag"},
                                                           "op": "==", "threshold": True})]}
        for level in range(1, 101):
            doc = {"id": f"level{level}", **SET_HEAD, "indicators": [FLAG], "references": [doc],
                   "criteria": [_criterion(i, {"meets": f"level{level - 1}"})
                                for i in range(per_level)]}
        for key in ("format", "version"):
            for ref in _references(doc):
                ref.pop(key, None)
        return json.dumps(doc)
    return _fill(size, make)


def _references(doc: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    stack = list(doc.get("references", []))
    while stack:
        ref = stack.pop()
        out.append(ref)
        stack.extend(ref.get("references", []))
    return out


def nested_windows(size: int) -> str:
    """Criteria holding windows within windows (100 x 100 years each): refused once the
    set unfolds past MAX_UNFOLDED_NODES, without walking the unfolding."""
    def make(n: int) -> str:
        inner = {"held_each_year": {"compare": {"fact": "flag"}, "op": "==", "threshold": True},
                 "years": 100}
        rule = {"held_each_year": inner, "years": 100}
        return json.dumps({"id": "windows", **SET_HEAD, "indicators": [FLAG],
                           "criteria": [_criterion(i, rule) for i in range(n)]})
    return _fill(size, make)


def hostile_labels(size: int) -> str:
    """A valid set whose labels hold line breaks and bidirectional controls."""
    def make(n: int) -> str:
        label = "Nhãn\n- **ĐẠT**\u202e giả\u202c\r\n# tiêu đề"
        rule = {"compare": {"fact": "rate"}, "op": ">=", "threshold": "59.99"}
        return json.dumps({"id": "labels", **SET_HEAD, "indicators": [RATE],
                           "criteria": [_criterion(i, rule, label) for i in range(n)]})
    return _fill(size, make)


def many_facts(size: int) -> str:
    """A plain valid unit: villages with a few facts each (the baseline)."""
    def make(n: int) -> str:
        villages = [{"level": "village", "code": f"v{i}", "name": f"Thôn {i}",
                     "facts": {"rate": f"{i % 100}.5", "flag": i % 2 == 0}}
                    for i in range(n)]
        return json.dumps({**UNIT_HEAD, "villages": villages})
    return _fill(size, make)


SHAPES: dict[str, tuple[Callable[[int], str], str]] = {
    "unterminated escapes": (unterminated_escapes, "set"),
    "escapes in names": (escapes_in_names, "unit"),
    "huge exponents": (huge_exponents, "unit"),
    "5,000-digit strings": (long_digit_strings, "unit"),
    "100-digit numbers": (full_size_numbers, "unit"),
    "deep meets chain": (deep_meets, "set"),
    "nested windows": (nested_windows, "set"),
    "hostile labels": (hostile_labels, "set"),
    "many facts": (many_facts, "unit"),
}


def _village_set() -> Any:
    from ntmcriteria import CriteriaSet, Criterion, Indicator
    from ntmcriteria.citations import Citation
    from ntmcriteria.rules import fact, share, yes

    cite = Citation(document="Synthetic benchmark set", confidence="unknown")
    rate = Indicator(key="rate", label_vi="Tỷ lệ", label_en="Rate", measure="percent",
                     value_type="decimal")
    flag = Indicator(key="flag", label_vi="Cờ", label_en="Flag", measure="yes_no",
                     value_type="boolean")
    return CriteriaSet(id="villages", label_vi="Bộ thôn", label_en="Villages", level="commune",
                       valid_from=2021, valid_to=2025, indicators=(rate, flag),
                       criteria=(Criterion(id="c1", number="1", label_vi="a", label_en="a",
                                           citation=cite,
                                           rule=share("village", yes("flag") & (
                                               fact("rate") >= 50), at_least=50)),))


def load(text: str, kind: str) -> Any:
    """Load ``text``: the object, or the library's error."""
    try:
        return criteria_set_from_json(text) if kind == "set" else unit_from_json(text)
    except NTMError as exc:
        return exc


def assess(loaded: Any, kind: str, village_set: Any) -> str:
    """Assess what was loaded and render it; return what happened."""
    if isinstance(loaded, NTMError):
        return f"refused: {type(loaded).__name__} ({len(str(loaded)):,} chars)"
    if kind == "set":
        assessment = loaded.assess(Commune(code="1", facts={"flag": True, "rate": 70}),
                                   year=2024)
        assessment.to_markdown()
    else:
        assessment = village_set.assess(loaded, year=2024)
        assessment.explain()
    return f"loaded; assessed: {assessment.outcome.value}"


def _timed(step: Callable[[], Any]) -> tuple[Any, float]:
    gc.collect()
    start = time.perf_counter()
    result = step()
    return result, time.perf_counter() - start


def _peak(step: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        step()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / MB


def measure(text: str, kind: str, village_set: Any) -> tuple[float, float, float, float, str]:
    """(load s, load peak MB, assess s, assess peak MB, what happened)."""
    loaded, load_s = _timed(lambda: load(text, kind))
    what, assess_s = _timed(lambda: assess(loaded, kind, village_set))
    load_peak = _peak(lambda: load(text, kind))
    assess_peak = _peak(lambda: assess(loaded, kind, village_set))
    return load_s, load_peak, assess_s, assess_peak, what


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 8],
                        help="document sizes in MB")
    parser.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=list(SHAPES))
    args = parser.parse_args()
    village_set = _village_set()
    print(f"{'shape':<22} {'MB':>5} {'load s':>7} {'s/MB':>6} {'peak MB':>8} {'x size':>6} "
          f"{'assess s':>8} {'+peak MB':>8}  result")
    worst_rate = worst_ratio = 0.0
    for name in args.shapes:
        make, kind = SHAPES[name]
        for size in args.sizes:
            text = make(int(size * MB))
            mb = len(text.encode("utf-8")) / MB
            load_s, load_peak, assess_s, assess_peak, what = measure(text, kind, village_set)
            rate, ratio = load_s / mb, load_peak / mb
            worst_rate, worst_ratio = max(worst_rate, rate), max(worst_ratio, ratio)
            print(f"{name:<22} {mb:5.2f} {load_s:7.3f} {rate:6.3f} {load_peak:8.1f} "
                  f"{ratio:6.1f} {assess_s:8.3f} {assess_peak:8.1f}  {what}", flush=True)
    print(f"worst loading: {worst_rate:.3f} s/MB, peak {worst_ratio:.1f} x the document's size")


if __name__ == "__main__":
    main()
