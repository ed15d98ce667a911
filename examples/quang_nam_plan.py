"""The README's main job: progress of Quảng Nam's 2021-2025 model-commune plan.

Assesses the 25 candidate communes (each against the model-commune set of its
outstanding group) and the 2 candidate districts, then prints the plan's
progress: per group and overall pass / fail / unknown counts, the distance to
the targets (16 model communes, 2 model districts by 2025) and the candidates
closest to passing with their main shortfalls.

THE FACTS AND THE UNKNOWN LEGAL PARAMETERS USED HERE ARE ILLUSTRATIVE (made up),
NOT REAL DATA. Run: ``python examples/quang_nam_plan.py [en|vi]``.
"""

from __future__ import annotations

import sys

from ntmcriteria.assessment import Assessment
from ntmcriteria.catalog import (
    ILLUSTRATIVE_NOTE,
    get,
    illustrative_communes,
    illustrative_districts,
    illustrative_parameters,
    quang_nam_plan,
)
from ntmcriteria.units import Unit

YEAR = 2024


def main(lang: str = "en") -> None:
    plan = quang_nam_plan()
    units: dict[str, Unit] = {c.code: c for c in illustrative_communes(YEAR)}
    units.update({d.code: d for d in illustrative_districts(YEAR)})
    assessments: list[Assessment] = []
    for candidate in plan.candidates:
        criteria_set = get(candidate.set_id)
        assessments.append(criteria_set.assess(
            units[candidate.code], year=YEAR,
            parameters=illustrative_parameters(criteria_set)))
    progress = plan.progress(assessments)
    banner = "=" * 78
    print(banner)
    print(ILLUSTRATIVE_NOTE)
    print(banner)
    print(f"Year assessed: {YEAR}\n")
    print(progress.explain(lang, closest=6))
    print()
    print(banner)
    print(ILLUSTRATIVE_NOTE)
    print(banner)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "en")
