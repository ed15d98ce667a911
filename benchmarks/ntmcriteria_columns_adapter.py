"""The yardstick adapter for ntmcriteria's columns way in (``../shared/perf`` harness,
``--adapter``), the counterpart of the harness's ``numpy`` engine.

``prepare`` turns the yardstick's records into NumPy columns once (as the NumPy engine's
``prepare`` does; the harness times it apart); ``evaluate_prepared`` assesses them with
:func:`ntmcriteria.assess_columns` and gives the yardstick's result format. The time of
the assessment alone (columns in, outcome columns out) is kept as ``last_kernel_s``, the
figure the harness reports as the NumPy engine's kernel.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from yardstick import Yardstick, columns_of, columns_results

NAME = "ntmcriteria_columns"


class State:
    """The compiled rule sets and the time of the last assessment."""

    def __init__(self) -> None:
        import ntmcriteria.evaluation.vector  # noqa: F401 - loaded with the rules

        self.yardstick = Yardstick()
        self.yardstick.district.compile()
        self.last_kernel_s = 0.0


def setup() -> State:
    return State()


def prepare(dataset: Any, state: State) -> tuple[Any, Any]:
    return dataset, columns_of(state.yardstick, dataset)


def evaluate_prepared(prepared: tuple[Any, Any], state: State) -> dict[str, Any]:
    dataset, columns = prepared
    start = time.perf_counter()
    results = columns_results(state.yardstick, columns, None)
    state.last_kernel_s = time.perf_counter() - start
    formatted: dict[str, Any] = columns_results(state.yardstick, columns, dataset,
                                                results=results)
    return formatted


def evaluate(dataset: Any, state: State) -> dict[str, Any]:
    return evaluate_prepared(prepare(dataset, state), state)
