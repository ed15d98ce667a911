"""The README's main job: the final review of Quảng Nam's 2021-2025 model-commune plan.

Assesses the 25 candidate communes against the set in force in the year assessed —
from 2022 Quảng Nam's Decision 2429/QĐ-UBND (``qn.commune.model.2022-2025``), not the
2021 draft plan's group sets — and the 2 candidate districts (the draft's model-district
set: no final rule was found) on their 2025 data, then prints
the plan's progress: per group and overall pass / fail / unknown counts, the
distance to the targets (16 model communes, 2 model districts by 2025) and the
candidates closest to passing with their main shortfalls.

The review happens in 2026, but on 2025 data under the 2021-2025 sets: since 1 July
2025 Quảng Nam is part of Đà Nẵng city (Resolution 202/2025/QH15) and there are no
districts; from 2026 its former communes are assessed against the 2026-2030 set.

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
from ntmcriteria.plans import describe_shortfall
from ntmcriteria.units import Unit

YEAR = 2025
MERGED_EN = (
    "Quảng Nam merged into Đà Nẵng city on 1 July 2025 (Resolution 202/2025/QH15); this is "
    "the plan's final review, on 2025 data, under the 2021-2025 sets. From 2026 the communes "
    "are assessed against vn.commune.ntm.2026-2030 (Decision 51/2025/QĐ-TTg)."
)
MERGED_VI = (
    "Tỉnh Quảng Nam đã hợp nhất vào thành phố Đà Nẵng từ ngày 01/7/2025 (Nghị quyết "
    "202/2025/QH15); đây là tổng kết cuối kỳ của Kế hoạch, trên số liệu năm 2025, theo các bộ "
    "tiêu chí 2021-2025. Từ năm 2026 các xã được đánh giá theo bộ vn.commune.ntm.2026-2030 "
    "(Quyết định 51/2025/QĐ-TTg)."
)
SCOPE_EN = (
    "Scope: communes are judged by the set in force in the year assessed, Decision "
    "2429/QĐ-UBND (qn.commune.model.2022-2025: Quảng Nam advanced set 2333, income ≥ 110% "
    "of the advanced level of the zone, a smart village, one of 11 outstanding fields), not "
    "by the 2021 draft plan; pass judge='candidate' to judge by the draft's group sets."
)
SCOPE_VI = (
    "Phạm vi: các xã được đánh giá theo bộ tiêu chí có hiệu lực trong năm đánh giá, tức "
    "Quyết định 2429/QĐ-UBND (qn.commune.model.2022-2025: đạt Bộ tiêu chí xã NTM nâng cao "
    "theo Quyết định 2333/QĐ-UBND, thu nhập bình quân đầu người ≥ 110% mức thu nhập xã NTM "
    "nâng cao của khu vực, có ít nhất 01 thôn thông minh, có 01 trong 11 lĩnh vực nổi trội), "
    "không theo dự thảo Kế hoạch năm 2021; dùng judge='candidate' để đánh giá theo các bộ "
    "tiêu chí nhóm của dự thảo."
)


def main(lang: str = "en", judge: str | None = None) -> None:
    """Print the review; ``judge``: None (the set in force), "candidate" (the draft's
    group sets) or a set id, as :meth:`ntmcriteria.plans.Plan.progress` takes it."""
    plan = quang_nam_plan()
    units: dict[str, Unit] = {c.code: c for c in illustrative_communes(YEAR)}
    units.update({d.code: d for d in illustrative_districts(YEAR)})
    assessments: list[Assessment] = []
    for candidate in plan.candidates:
        set_id, _ = plan.judged_set(candidate, YEAR, judge)
        criteria_set = get(set_id)
        assessments.append(criteria_set.assess(
            units[candidate.code], year=YEAR,
            parameters=illustrative_parameters(criteria_set)))
    progress = plan.progress(assessments, judge_by=judge)
    banner = "=" * 78
    print(banner)
    print(ILLUSTRATIVE_NOTE)
    print(banner)
    vi = lang == "vi"
    print(("Năm đánh giá: " if vi else "Year assessed: ") + f"{YEAR}")
    print(MERGED_VI if vi else MERGED_EN)
    if judge is None:
        print(SCOPE_VI if vi else SCOPE_EN)
    else:
        print(f"Phạm vi: đánh giá theo judge_by={judge!r} (xem dòng 'Đánh giá ... theo')" if vi
              else f"Scope: judged by judge_by={judge!r} (see the 'judged by' lines)")
    print()
    print(progress.explain(lang, closest=6))
    print()
    print("Huyện ứng viên — các tiêu chí chưa đạt:" if vi
          else "Candidate districts — criteria not met:")
    for status in progress.statuses:
        if status.candidate.level.value != "district" or status.assessment is None:
            continue
        print(f"  {status.candidate.name}: "
              + (status.assessment.outcome.label_vi if vi
                 else status.assessment.outcome.label_en))
        for shortfall in status.shortfalls:
            print("      - " + describe_shortfall(shortfall, lang))
    print()
    print(banner)
    print(ILLUSTRATIVE_NOTE)
    print(banner)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "en",
         sys.argv[2] if len(sys.argv) > 2 else None)
