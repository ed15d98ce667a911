"""Hypothesis's entry point for ntmcriteria: ``st.from_type(Commune)`` and friends.

Hypothesis runs :func:`_hypothesis_setup_hook` while it is itself being
imported, which may happen while a module of ntmcriteria that imports
Hypothesis (the strategies, the witnesses) is only half imported. So this
module imports neither Hypothesis nor the strategies when it is loaded, and it
registers functions that build the unit strategies on first use, once every
module is complete.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__: list[str] = []


def _unit_strategy(name: str, unit_type: type[Any]) -> SearchStrategy[Any]:
    """The strategy ``name`` of :mod:`ntmcriteria.testing.strategies` (drawing units of
    ``unit_type``), with facts for the default indicators."""
    from ntmcriteria.testing import strategies

    build = getattr(strategies, name)
    strategy: SearchStrategy[Any] = build(indicators=strategies.DEFAULT_INDICATORS)
    return strategy


def _hypothesis_setup_hook() -> None:
    """Register the unit strategies (lazily) so that ``st.from_type(Commune)`` works.

    Units drawn this way carry facts for
    :data:`ntmcriteria.testing.strategies.DEFAULT_INDICATORS`.
    """
    from hypothesis import strategies as st

    from ntmcriteria.units import Commune, District, Province, Village

    for unit_type, name in ((Village, "villages"), (Commune, "communes"),
                            (District, "districts"), (Province, "provinces")):
        st.register_type_strategy(unit_type, partial(_unit_strategy, name))
