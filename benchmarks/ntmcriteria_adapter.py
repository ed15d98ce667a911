"""The yardstick adapter for ntmcriteria (``../shared/perf`` harness, ``--adapter``).

``evaluate`` assesses the yardstick's plain records as they are (a Layout names
their keys: no record is converted) and returns the yardstick's result format.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from yardstick import Yardstick, yardstick_results

NAME = "ntmcriteria"


def setup() -> Yardstick:
    """The rule sets, compiled, and the NumPy backend their runs use, loaded (the harness
    times setup apart from evaluation; otherwise the first evaluation imports NumPy)."""
    import ntmcriteria.evaluation.vector  # noqa: F401 - loaded with the rules

    state = Yardstick()
    state.district.compile()
    state.model.compile()
    return state


def evaluate(dataset: Any, state: Yardstick) -> dict[str, Any]:
    return yardstick_results(state, dataset)


def explain(dataset: Any, state: Yardstick) -> dict[str, Any]:
    from yardstick import explained_results

    return explained_results(state, dataset)
