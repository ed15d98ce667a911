"""Decision 320/QĐ-TTg (08/03/2022): the NTM district set (Annex I) and the advanced
district set (Annex III, not read: a single rule parameter).

Annex I conditions 1-4 are verified-text; condition 5 ("meets the district
criteria, including: ...") is cut off in the source, so the nine district
criteria are rule parameters. Only four of their names were read (secondary);
the other five are the reference's unverified guesses (confidence unknown).
"""

from __future__ import annotations

from functools import cache

from ntmcriteria.catalog._common import D320, AppraisedCriterion, appraised, cite, flag, pct
from ntmcriteria.catalog._vn_318 import ADVANCED_ID, NTM_ID, advanced_commune, ntm_commune
from ntmcriteria.criteria import CriteriaSet, Criterion
from ntmcriteria.rules import fact, meets, no, share, yes

__all__ = ["DISTRICT_ADVANCED_ID", "DISTRICT_CRITERIA_320", "DISTRICT_NTM_ID",
           "advanced_district", "ntm_district"]

DISTRICT_NTM_ID = "vn.district.ntm.2021-2025"
DISTRICT_ADVANCED_ID = "vn.district.ntm-advanced.2021-2025"

#: The nine district criteria: id -> (vi, en, confidence of the name).
DISTRICT_CRITERIA_320: dict[str, tuple[str, str, str]] = {
    "d01": ("Quy hoạch", "Planning", "unknown"),
    "d02": ("Giao thông", "Transport", "unknown"),
    "d03": ("Thủy lợi và phòng, chống thiên tai", "Irrigation and disaster prevention",
            "unknown"),
    "d04": ("Điện", "Electricity", "unknown"),
    "d05": ("Y tế - Văn hóa - Giáo dục", "Health - Culture - Education", "unknown"),
    "d06": ("Kinh tế", "Economy", "secondary"),
    "d07": ("Môi trường", "Environment", "secondary"),
    "d08": ("Chất lượng môi trường sống", "Quality of living environment", "secondary"),
    "d09": ("Hệ thống chính trị - An ninh, trật tự - Hành chính công",
            "Political system - Security and order - Public administration", "secondary"),
}

_ANNEX_I = "Phụ lục I, điểm {}"


@cache
def ntm_district() -> CriteriaSet:
    """``vn.district.ntm.2021-2025``."""
    criteria = [
        Criterion(id="h1", number="1", label_vi="100% số xã đạt chuẩn nông thôn mới",
                  label_en="100% of communes meet the NTM commune set",
                  rule=share("commune", meets(NTM_ID, tier="ntm", recognised_from=2021),
                             at_least=100),
                  citation=cite(D320, _ANNEX_I.format(1), "verified-text",
                                "Công nhận từ 2021 được tính; còn lại đánh giá theo số liệu")),
        Criterion(id="h2", number="2", label_vi="Ít nhất 10% số xã đạt chuẩn NTM nâng cao",
                  label_en="At least 10% of communes meet the advanced NTM set",
                  rule=share("commune", meets(ADVANCED_ID, tier="advanced", recognised_from=2021),
                             at_least=10),
                  citation=cite(D320, _ANNEX_I.format(2), "verified-text")),
        Criterion(id="h3", number="3", label_vi="100% số thị trấn đạt chuẩn đô thị văn minh",
                  label_en="100% of townships meet the civilised-urban standard",
                  rule=no("has_townships") | share("township", yes("civilised_urban"),
                                                   at_least=100),
                  citation=cite(D320, _ANNEX_I.format(3), "verified-text",
                                "Huyện không có thị trấn: điều kiện không áp dụng (has_townships = "
                                "không)")),
        Criterion(id="h4", number="4",
                  label_vi="Tỷ lệ hài lòng của người dân đạt từ 90% trở lên (từng xã, từng nội "
                           "dung đạt từ 80% trở lên)",
                  label_en="Residents' satisfaction >= 90% (>= 80% for each content in every "
                           "commune)",
                  rule=(fact("resident_satisfaction_rate") >= 90)
                  & share("commune", fact("satisfaction_lowest_content_rate") >= 80,
                          at_least=100),
                  citation=cite(D320, _ANNEX_I.format(4), "verified-text")),
    ]
    pieces: list[AppraisedCriterion] = []
    for cid, (vi, en, confidence) in DISTRICT_CRITERIA_320.items():
        pieces.append(appraised(
            set_key="vn320.district", criterion_id=cid, number=f"5.{cid[1:].lstrip('0')}",
            vi=vi, en=en, group="Tiêu chí huyện / district criteria",
            citation=cite(D320, _ANNEX_I.format(5), confidence,
                          "Danh mục bị cắt trong nguồn / list cut off in the source")))
    indicators = [
        flag("has_townships", "Huyện có thị trấn", "The district has townships"),
        flag("civilised_urban", "Thị trấn đạt chuẩn đô thị văn minh",
             "Township meets the civilised-urban standard",
             note="Đánh giá theo quy định riêng / assessed under its own rules"),
        pct("resident_satisfaction_rate",
            "Tỷ lệ hài lòng của người dân với kết quả xây dựng NTM của huyện",
            "Residents' satisfaction with the district's NTM results"),
        pct("satisfaction_lowest_content_rate",
            "Tỷ lệ hài lòng thấp nhất trong các nội dung xây dựng NTM của xã",
            "Lowest satisfaction rate over the commune's NTM content items",
            note="Sự kiện của xã / a commune fact"),
    ]
    return CriteriaSet(
        id=DISTRICT_NTM_ID,
        label_vi="Bộ tiêu chí quốc gia về huyện nông thôn mới giai đoạn 2021 - 2025",
        label_en="National criteria set for NTM districts, 2021-2025", level="district",
        valid_from=2021, valid_to=2025,
        criteria=(*criteria, *(p.criterion for p in pieces)),
        indicators=(*indicators, *(p.indicator for p in pieces)),
        parameters=tuple(p.parameter for p in pieces),
        references=(ntm_commune(), advanced_commune()),
        citation=cite(D320, "Phụ lục I", "verified-text"))


@cache
def advanced_district() -> CriteriaSet:
    """``vn.district.ntm-advanced.2021-2025``: Annex III was not found; one rule parameter."""
    piece = appraised(
        set_key="vn320.advanced", criterion_id="a1", number="1",
        vi="Đạt Bộ tiêu chí huyện NTM nâng cao", en="Meets the advanced NTM district criteria",
        citation=cite(D320, "Phụ lục III (số phụ lục suy đoán)", "unknown", "not found"))
    prerequisite = Criterion(
        id="a0", number="0", label_vi="Đạt chuẩn huyện nông thôn mới 2021-2025",
        label_en="Meets the NTM district set 2021-2025",
        rule=meets(DISTRICT_NTM_ID, tier="ntm", recognised_from=2021),
        citation=cite(D320, "Phụ lục III (điều kiện tiên quyết, suy đoán)", "unknown"))
    return CriteriaSet(
        id=DISTRICT_ADVANCED_ID,
        label_vi="Bộ tiêu chí quốc gia về huyện nông thôn mới nâng cao giai đoạn 2021 - 2025",
        label_en="National criteria set for advanced NTM districts, 2021-2025",
        level="district", valid_from=2021, valid_to=2025,
        criteria=(prerequisite, piece.criterion), indicators=(piece.indicator,),
        parameters=(piece.parameter,), references=(ntm_district(),),
        citation=cite(D320, "Phụ lục III", "unknown"))
