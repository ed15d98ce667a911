"""The Quảng Nam 2021-2025 plan as data: 25 candidate communes, 2 districts, targets.

Each commune's own set is the model-commune set of its group in the 2021 draft; from
2022 the set in force is Decision 2429/QĐ-UBND (``qn.commune.model.2022-2025``), which
the plan lists in ``in_force``: by default the tracker judges communes by it in 2022-2025
and by the draft's group sets otherwise. No final model-district rule was found, so
districts are judged by the draft's set.

From the seed (draft plan, section II.3.1): name, district, group and the year
each commune was recognised NTM. Codes are the library's own slugs, not the
official statistical codes.
"""

from __future__ import annotations

from functools import cache

from ntmcriteria.catalog._common import QN_2429, SEED, cite
from ntmcriteria.catalog._quang_nam import DISTRICT_MODEL_ID, MODEL_IDS
from ntmcriteria.catalog._quang_nam_2022 import MODEL_2022_ID
from ntmcriteria.plans import Candidate, Plan, SetInForce, Target

__all__ = ["CANDIDATE_COMMUNES", "CANDIDATE_DISTRICTS", "quang_nam_plan"]

#: (code, commune, district, group, NTM year)
CANDIDATE_COMMUNES: tuple[tuple[str, str, str, int, int], ...] = (
    ("tam-thanh", "Tam Thanh", "Tam Kỳ", 1, 2017),
    ("duy-vinh", "Duy Vinh", "Duy Xuyên", 1, 2019),
    ("duy-phu", "Duy Phú", "Duy Xuyên", 1, 2019),
    ("tien-canh", "Tiên Cảnh", "Tiên Phước", 1, 2015),
    ("tien-chau", "Tiên Châu", "Tiên Phước", 1, 2019),
    ("tien-loc", "Tiên Lộc", "Tiên Phước", 1, 2020),
    ("tien-my", "Tiên Mỹ", "Tiên Phước", 1, 2020),
    ("tam-hai", "Tam Hải", "Núi Thành", 1, 2020),
    ("cam-kim", "Cẩm Kim", "Hội An", 1, 2020),
    ("cam-thanh", "Cẩm Thanh", "Hội An", 1, 2015),
    ("tan-hiep", "Tân Hiệp", "Hội An", 1, 2018),
    ("binh-phu", "Bình Phú", "Thăng Bình", 1, 2017),
    ("dien-quang", "Điện Quang", "Điện Bàn", 2, 2014),
    ("dien-trung", "Điện Trung", "Điện Bàn", 2, 2014),
    ("tam-ngoc", "Tam Ngọc", "Tam Kỳ", 2, 2015),
    ("que-xuan-1", "Quế Xuân 1", "Quế Sơn", 2, 2015),
    ("tam-thai", "Tam Thái", "Phú Ninh", 2, 2015),
    ("dai-quang", "Đại Quang", "Đại Lộc", 2, 2018),
    ("duy-chau", "Duy Châu", "Duy Xuyên", 2, 2018),
    ("tien-ha", "Tiên Hà", "Tiên Phước", 2, 2020),
    ("dien-phong", "Điện Phong", "Điện Bàn", 3, 2014),
    ("tam-phuoc", "Tam Phước", "Phú Ninh", 3, 2014),
    ("tam-xuan-2", "Tam Xuân 2", "Núi Thành", 3, 2015),
    ("duy-phuoc", "Duy Phước", "Duy Xuyên", 3, 2015),
    ("que-phu", "Quế Phú", "Quế Sơn", 3, 2018),
)

#: (code, district)
CANDIDATE_DISTRICTS: tuple[tuple[str, str], ...] = (
    ("tien-phuoc", "Tiên Phước"),
    ("duy-xuyen", "Duy Xuyên"),
)


@cache
def quang_nam_plan() -> Plan:
    """The plan of the seed document (targets from Resolution 68/NQ-HĐND of 08/12/2020)."""
    targets_cite = cite(SEED, "Mục II.3.1; Nghị quyết 68/NQ-HĐND ngày 08/12/2020", "seed")
    candidates = [
        Candidate(code=code, name=name, level="commune", district=district, group=group,
                  ntm_year=year, set_id=MODEL_IDS[group])
        for code, name, district, group, year in CANDIDATE_COMMUNES
    ] + [
        Candidate(code=code, name=name, level="district", district=name,
                  set_id=DISTRICT_MODEL_ID)
        for code, name in CANDIDATE_DISTRICTS
    ]
    return Plan(
        id="qn.plan.model.2021-2025",
        label_vi="Kế hoạch xây dựng xã, huyện NTM kiểu mẫu tỉnh Quảng Nam giai đoạn 2021-2025",
        label_en="Quảng Nam plan for model NTM communes and districts, 2021-2025",
        candidates=tuple(candidates),
        targets=(
            Target(level="commune", count=16, year=2025, citation=targets_cite,
                   label_vi="16 xã đạt chuẩn NTM kiểu mẫu đến năm 2025",
                   label_en="16 model NTM communes by 2025"),
            Target(level="district", count=2, year=2025, citation=targets_cite,
                   label_vi="02 huyện NTM kiểu mẫu đến năm 2025",
                   label_en="2 model NTM districts by 2025"),
        ),
        citation=cite(SEED, "Mục II.3", "seed"),
        in_force=(SetInForce(level="commune", set_id=MODEL_2022_ID, valid_from=2022,
                             valid_to=2025,
                             citation=cite(QN_2429, "có hiệu lực giai đoạn 2022-2025",
                                           "secondary")),),
    )
