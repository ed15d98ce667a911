"""A province derives its criteria set from the national one, saves it as JSON, loads it
back and assesses a commune with the loaded set.

The library does no I/O: it turns the set into JSON text and back; reading and
writing the file happens here, in the example. The provincial values below and
the commune's facts are ILLUSTRATIVE (made up), NOT real data or law.

Run: ``python examples/province_derive_json.py [en|vi]``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from ntmcriteria.catalog import (
    ILLUSTRATIVE_NOTE,
    appraisal_rules,
    get,
    illustrative_communes,
    illustrative_parameters,
)
from ntmcriteria.changes import ReplaceThreshold, SetParameter
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import Change, CriteriaSet
from ntmcriteria.rules import param, scaled
from ntmcriteria.serialize import FormatError, criteria_set_from_json, criteria_set_to_json

YEAR = 2024
NATIONAL_ID = "vn.commune.ntm.2021-2025"


def derive_provincial_set() -> CriteriaSet:
    """Quảng Nam's (illustrative) commune set: the national set with its own values."""
    national = get(NATIONAL_ID)
    decision = Citation(
        document="Quyết định của UBND tỉnh Quảng Nam (minh họa / illustrative)",
        confidence="unknown", date="2022-06-30", article="Điều 1", note=ILLUSTRATIVE_NOTE,
    )
    changes: list[Change] = [
        SetParameter(name=name, value=value, citation=decision)
        for name, value in illustrative_parameters(national).items()
    ]
    changes += [SetParameter(name=name, value=rule, citation=decision)
                for name, rule in appraisal_rules(national).items()]
    # The province asks 5% more income than its national level.
    changes.append(ReplaceThreshold(
        criterion_id="c10", citation=decision,
        threshold=scaled("1.05", param("vn318.income.ntm"))))
    return national.derive(
        id="qn.commune.ntm.2021-2025.example",
        label_vi="Bộ tiêu chí xã nông thôn mới tỉnh Quảng Nam (minh họa)",
        label_en="Quảng Nam commune NTM criteria (illustrative)",
        changes=changes, citation=decision,
    )


def main(lang: str = "en") -> None:
    banner = "=" * 78
    print(f"{banner}\n{ILLUSTRATIVE_NOTE}\n{banner}")
    provincial = derive_provincial_set()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "qn_commune_ntm.json"
        path.write_text(criteria_set_to_json(provincial), encoding="utf-8")
        print(f"saved {path.name}: {path.stat().st_size:,} bytes, "
              f"{len(provincial.changes)} recorded changes")
        text = path.read_text(encoding="utf-8")

    loaded = criteria_set_from_json(text)
    if loaded != provincial:
        raise SystemExit("the loaded set differs from the saved one")
    print(f"loaded {loaded.id!r} (equal to the saved set), derived from "
          f"{loaded.derived_from!r}\n")

    commune = illustrative_communes(YEAR)[0]
    assessment = loaded.assess(commune, year=YEAR)
    print(assessment.explain(lang))

    # A hand-edited file with mistakes: every problem is reported at once, with its path.
    broken = text.replace('"op": ">="', '"op": "=>"', 1).replace('"label_en"', '"labl_en"', 1)
    try:
        criteria_set_from_json(broken)
    except FormatError as error:
        print("\n" + str(error))
    print(f"{banner}\n{ILLUSTRATIVE_NOTE}\n{banner}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "en")
