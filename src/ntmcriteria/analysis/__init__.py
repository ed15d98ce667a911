"""Analysis of assessments: closeness to passing (and, at the top level of the
package, the path to the next tier, plan tracking and revocation)."""

from __future__ import annotations

from ntmcriteria.analysis.closeness import closest_alternative, normalised_shortfall

__all__ = ["closest_alternative", "normalised_shortfall"]
