"""Assess a commune for 2026 against the 2026-2030 national set (Decision 51/2025/QĐ-TTg).

The set's criteria are split by commune group (nhóm xã): the commune's group is
decided from its facts by the set's cited resolver (agriculture below 10% of its
economy: group 1), and each criterion is a parameter keyed by the group, supplied
here from a small parameter file (``commune_2026_parameters.json``) read by this
example; the library itself does no I/O. The explanation is printed in Vietnamese.

THE COMMUNE AND THE PARAMETER FILE ARE ILLUSTRATIVE (made up), NOT REAL DATA OR LAW:
the Annex I indicators of Decision 51/2025 were not read, so each criterion is
judged by its appraisal verdict. Run: ``python examples/commune_2026.py [vi|en]``.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from ntmcriteria import Commune
from ntmcriteria.catalog import ILLUSTRATIVE_NOTE, get, in_force
from ntmcriteria.serialize import parameters_from_json

YEAR = 2026
PARAMETERS = Path(__file__).with_name("commune_2026_parameters.json")


def illustrative_commune() -> Commune:
    """A made-up commune of Đà Nẵng city: agriculture is 8.5% of its economy (group 1);
    the appraisal found criterion 7 (digital transformation) not yet met."""
    facts: dict[str, object] = {
        "agriculture_share_of_economy": Decimal("8.5"),
        "adjacent_existing_urban_area": False,
        "urban_development_orientation": True,
        "designated_new_urban_area": False,
        "ethnic_minority_area_level": 0,
    }
    facts.update({f"vn51.ntm.c{k:02d}.appraised": k != 7 for k in range(1, 11)})
    return Commune(code="DN-X01", name="Minh Họa (Đà Nẵng)", facts=facts)


def main(lang: str = "vi") -> None:
    banner = "=" * 78
    print(f"{banner}\n{ILLUSTRATIVE_NOTE}\n{banner}")
    (entry, *_) = in_force("commune", YEAR)
    criteria_set = get(entry.id)
    parameters = parameters_from_json(criteria_set, PARAMETERS.read_text(encoding="utf-8"))
    print(("Bộ tiêu chí áp dụng năm " if lang == "vi" else "Criteria set in force in ")
          + f"{YEAR}: {criteria_set.id}; "
          + (f"{len(parameters)} tham số đọc từ {PARAMETERS.name}" if lang == "vi"
             else f"{len(parameters)} parameters read from {PARAMETERS.name}"))
    print()
    assessment = criteria_set.assess(illustrative_commune(), year=YEAR, parameters=parameters)
    print(assessment.explain(lang))
    print(f"{banner}\n{ILLUSTRATIVE_NOTE}\n{banner}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "vi")
