"""Quảng Nam 2021-2025, from the seed (draft plan of 11/05/2021, section III): the DRAFT.

* **Model village** (``qn.village.model.2022-2025``, Decision 2254/QĐ-UBND): its
  criteria and per-zone thresholds were not read, so each zone KV1-KV3 has a rule
  parameter, picked by the village's zone (the classification ``zone``): the
  village's own ``zone`` field (``KV1``/``kv1``...) is the source; a village without
  it is placed by the yes/no facts ``in_zone_kv1``/``kv2``/``kv3`` (membership per
  Decision 2254; a village marked in several zones belongs to the first of KV1, KV2,
  KV3, the decision's order); a village with neither takes its commune's zone. A
  fact contradicting the field (``zone="KV1"`` with ``in_zone_kv2=True`` or
  ``in_zone_kv1=False``) raises :class:`~ntmcriteria.errors.ClassConflictError`.
* **Outstanding groups** (``qn.commune.field.group1|2|3.2021-2025``): one set per
  group of section III.1.b (items b1, b2, b3), one criterion per measurable
  requirement; qualitative requirements are yes/no facts assessed by people.
* **Model commune**: advanced NTM 2021-2025 (an advanced recognition from 2021 on
  counts), plus the criteria of one outstanding group, plus 100% of its villages
  meeting the model-village set. The plan assigns each candidate a group, so
  there is one model set per group (``qn.commune.model.groupN.2021-2025``) — the
  tracker assesses a candidate against its own group — and one set where any
  group will do (``qn.commune.model.2021-2025``), used where the group is not
  fixed (the 30% rule of the model district).
  The draft predates Decision 319; the provincial regulation in force for
  2022-2025, Decision 2429/QĐ-UBND, is ``qn.commune.model.2022-2025``
  (:mod:`ntmcriteria.catalog._quang_nam_2022`). These sets are kept, labelled as the
  draft, for tracking the plan by the draft's own criteria.
* **Model district** (``qn.district.model.2021-2025``): district NTM and advanced
  (recognitions from 2021 count), the Prime Minister's model-district criteria
  (not issued when the plan was drafted: a rule parameter), and at least 30% of
  its communes model communes.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import attrs

from ntmcriteria._values import shown
from ntmcriteria.catalog._common import (
    HUMAN,
    QN_2254,
    SEED,
    appraised,
    cite,
    flag,
    money,
    number,
    pct,
    seed,
)
from ntmcriteria.catalog._vn_318 import ADVANCED_ID, advanced_commune
from ntmcriteria.catalog._vn_320 import (
    DISTRICT_ADVANCED_ID,
    DISTRICT_NTM_ID,
    advanced_district,
    ntm_district,
)
from ntmcriteria.citations import Citation
from ntmcriteria.classifications import ClassFact, Classification, ClassRule, ClassValue
from ntmcriteria.criteria import CriteriaSet, Criterion, Parameter
from ntmcriteria.indicators import Indicator
from ntmcriteria.rules import (
    Rule,
    all_of,
    any_of,
    applies_if,
    fact,
    held_each_year,
    meets,
    no,
    ratio,
    recognition_year,
    rule_param,
    rule_table,
    share,
    yes,
)

__all__ = [
    "DISTRICT_MODEL_ID",
    "FIELD_IDS",
    "MODEL_ANY_ID",
    "MODEL_IDS",
    "VILLAGE_MODEL_ID",
    "field_group",
    "model_commune_any",
    "model_commune_group",
    "model_district",
    "model_village",
    "village_zone",
]

#: Appended to the labels of the sets from the 2021 draft plan (never in force as such).
DRAFT_VI = " (theo dự thảo Kế hoạch năm 2021, trước QĐ 319 và QĐ 2429)"
DRAFT_EN = " (2021 draft plan, before Decisions 319 and 2429)"

VILLAGE_MODEL_ID = "qn.village.model.2022-2025"
FIELD_IDS = {g: f"qn.commune.field.group{g}.2021-2025" for g in (1, 2, 3)}
MODEL_IDS = {g: f"qn.commune.model.group{g}.2021-2025" for g in (1, 2, 3)}
MODEL_ANY_ID = "qn.commune.model.2021-2025"
DISTRICT_MODEL_ID = "qn.district.model.2021-2025"

GROUP_LABELS = {
    1: ("Văn hóa - y tế - giáo dục, cảnh quan môi trường sáng - xanh - sạch - đẹp gắn với du "
        "lịch nông thôn, du lịch cộng đồng",
        "Culture - health - education, bright-green-clean-beautiful landscape, rural and "
        "community tourism"),
    2: ("Sản xuất hàng hóa nông nghiệp bền vững, hữu cơ, công nghệ cao, liên kết chuỗi giá trị, "
        "tăng nhanh thu nhập, không còn hộ nghèo",
        "Sustainable, organic, high-tech commodity agriculture, value chains, fast income growth, "
        "no poor households"),
    3: ("An ninh trật tự - hành chính công - chuyển đổi số",
        "Security and order - public administration - digital transformation"),
}

_ZONES = {
    "kv1": "Thôn thuộc các huyện miền núi cao (Bắc Trà My, Nam Trà My, Phước Sơn, Nam Giang, "
           "Đông Giang, Tây Giang), 3 xã khu vực III của Hiệp Đức, thôn ĐBKK vùng DTTS&MN",
    "kv2": "Thôn thuộc Tiên Phước, Nông Sơn, Hiệp Đức (trừ KV1) và thôn của các xã khu vực II/III "
           "giai đoạn 2016-2020 nay không còn thuộc khu vực II/III",
    "kv3": "Thôn thuộc các huyện, thị xã, thành phố còn lại",
}


ZONE_CLASS_NOTE = (
    "Khu vực của thôn: trường zone của thôn là nguồn; các sự kiện in_zone_kv1/kv2/kv3 chỉ dùng "
    "cho thôn không có trường zone, và mâu thuẫn với trường zone là lỗi; thôn không có cả hai "
    "lấy khu vực của xã / a village's zone field is the source; the in_zone_* facts resolve "
    "a village without it, a fact contradicting the field is an error; a village with "
    "neither takes its commune's zone")


def zone_values() -> tuple[ClassValue, ...]:
    """The zones KV1-KV3 of Decision 2254 (codes ``KV1``, ``KV2``, ``KV3``)."""
    return tuple(ClassValue(code=zone.upper(), label_vi=f"{zone.upper()}: {text}",
                            label_en=f"Zone {zone.upper()}")
                 for zone, text in _ZONES.items())


@cache
def village_zone() -> Classification:
    """The zone of a village (Decision 2254): its own ``zone`` field, else its yes/no facts
    ``in_zone_kv1``/``kv2``/``kv3`` (KV1 first: KV2 is "except KV1"; KV3 is every other
    village), else its commune's zone."""
    zone_cite = cite(QN_2254, "Phân vùng KV1-KV3", "secondary",
                     "KV2 'trừ KV1'; KV3 là các thôn còn lại / KV2 'except KV1'; KV3 is every "
                     "other village")
    return Classification(
        name="zone", label_vi="khu vực", label_en="zone", field="zone",
        values=zone_values(),
        rules=(ClassRule(value="KV1", when=yes("in_zone_kv1"), citation=zone_cite),
               ClassRule(value="KV2", when=yes("in_zone_kv2") & no("in_zone_kv1"),
                         citation=zone_cite)),
        residual="KV3",
        stated=tuple(ClassFact(key=f"in_zone_{zone}", value=zone.upper()) for zone in _ZONES),
        citation=cite(QN_2254, "Phân vùng KV1-KV3", "secondary", ZONE_CLASS_NOTE))


VILLAGE_RULE = "qn2254.village.by_zone"


@cache
def model_village() -> CriteriaSet:
    """``qn.village.model.2022-2025``: criteria as rule parameters, one per zone KV1-KV3,
    picked by the village's zone (:func:`village_zone`)."""
    zone_cite = cite(QN_2254, "Phân vùng KV1-KV3", "secondary")
    parameters = [
        Parameter(name=f"qn2254.village.{zone}", kind="rule",
                  label_vi=f"Bộ tiêu chí thôn NTM kiểu mẫu áp dụng cho {zone.upper()}",
                  label_en=f"Model-village criteria for zone {zone.upper()}",
                  citation=cite(QN_2254, "Tiêu chí và mức đạt theo khu vực", "unknown",
                                "Tiêu chí, chỉ tiêu chưa đọc được / criteria not read"))
        for zone in _ZONES]
    # the zone picks its rule parameter: a rule table keyed by the zone classification
    parameters.append(Parameter(
        name=VILLAGE_RULE, kind="rule", keyed_by=("zone",),
        label_vi="Bộ tiêu chí thôn NTM kiểu mẫu theo khu vực của thôn",
        label_en="Model-village criteria by the village's zone",
        citation=zone_cite,
        default=rule_table({zone.upper(): rule_param(f"qn2254.village.{zone}")
                            for zone in _ZONES}, by="zone")))
    indicators: list[Indicator] = [
        flag(f"in_zone_{zone}", f"Thôn thuộc {zone.upper()}", f"Village in zone {zone.upper()}",
             note=text) for zone, text in _ZONES.items()]
    indicators.append(flag("qn2254.village.appraised",
                           "Thôn đạt chuẩn thôn NTM kiểu mẫu theo kết quả thẩm định",
                           "Village meets the model-village set per the appraisal verdict",
                           note=HUMAN))
    criterion = Criterion(
        id="v1", number="1", label_vi="Đạt Bộ tiêu chí thôn NTM kiểu mẫu theo khu vực",
        label_en="Meets the model-village criteria of its zone", rule=rule_param(VILLAGE_RULE),
        citation=zone_cite)
    return CriteriaSet(
        id=VILLAGE_MODEL_ID,
        label_vi="Bộ tiêu chí thôn nông thôn mới kiểu mẫu tỉnh Quảng Nam giai đoạn 2022-2025",
        label_en="Quảng Nam model-village criteria 2022-2025", level="village",
        valid_from=2022, valid_to=2025, criteria=(criterion,), indicators=tuple(indicators),
        parameters=tuple(parameters), classifications=(village_zone(),),
        citation=cite(QN_2254, "Bộ tiêu chí thôn NTM kiểu mẫu, phân vùng KV1-KV3", "secondary"))


def _c(cid: str, vi: str, en: str, rule: Rule, citation: Citation) -> Criterion:
    return Criterion(id=cid, number=cid.split(".")[-1], label_vi=vi, label_en=en, rule=rule,
                     citation=citation)


def _group1() -> tuple[tuple[Criterion, ...], tuple[Indicator, ...]]:
    b1 = seed("điểm b1")
    indicators = (
        pct("kindergarten_enrolment_rate", "Tỷ lệ huy động trẻ đi học mẫu giáo",
            "Kindergarten enrolment (mobilisation) rate"),
        pct("grade1_entry_rate", "Tỷ lệ trẻ em 6 tuổi vào học lớp 1",
            "Share of 6-year-olds entering grade 1"),
        pct("primary_completion_rate_age11",
            "Tỷ lệ trẻ em 11 tuổi hoàn thành chương trình giáo dục tiểu học",
            "Share of 11-year-olds who completed primary school"),
        flag("age11_rest_in_primary", "Số trẻ em 11 tuổi còn lại đang học các lớp tiểu học",
             "The remaining 11-year-olds are still in primary school"),
        pct("age15_18_in_education_rate",
            "Tỷ lệ thanh thiếu niên 15-18 tuổi đang học THPT, GDTX cấp THPT hoặc giáo dục nghề "
            "nghiệp", "Share of 15-18-year-olds in upper-secondary, continuing or vocational "
            "education"),
        pct("basic_schools_standard_rate",
            "Tỷ lệ trường mẫu giáo, tiểu học, THCS trên địa bàn đạt chuẩn quốc gia",
            "Share of kindergartens, primary and lower-secondary schools at national standard"),
        number("schools_level2_count", "Số trường đạt chuẩn quốc gia mức độ 2",
               "Schools at national standard level 2"),
        pct("upper_secondary_standard_rate", "Tỷ lệ trường THPT đạt chuẩn quốc gia",
            "Share of upper-secondary schools at national standard"),
        flag("has_upper_secondary_school", "Trên địa bàn xã có trường THPT",
             "There is an upper-secondary school in the commune"),
        flag("health_station_insurance", "Trạm y tế xã đủ điều kiện khám, chữa bệnh bảo hiểm y tế",
             "The commune health station can examine and treat under health insurance"),
        pct("health_monitoring_rate", "Tỷ lệ dân số thường trú được quản lý, theo dõi sức khỏe",
            "Resident population under health management and monitoring"),
        pct("health_insurance_rate", "Tỷ lệ người dân tham gia bảo hiểm y tế",
            "Health-insurance participation rate"),
        flag("infectious_diseases_controlled", "Kiểm soát tốt dịch bệnh truyền nhiễm",
             "Infectious diseases under control", note=HUMAN),
        flag("mass_food_poisoning", "Có ngộ độc thực phẩm đông người trong năm",
             "Mass food poisoning occurred in the year"),
        flag("cultural_commune", "Xã đạt chuẩn văn hóa nông thôn mới",
             "The commune meets the cultural-commune standard"),
        flag("cultural_facilities_upgraded", "Thiết chế văn hóa, thể thao được nâng cấp",
             "Cultural and sports facilities upgraded", note=HUMAN),
        number("effective_tourism_models",
               "Số mô hình du lịch nông thôn, du lịch cộng đồng hoạt động hiệu quả",
               "Rural or community tourism models operating effectively"),
        flag("landscape_outstanding",
             "Cảnh quan môi trường sáng - xanh - sạch - đẹp nổi trội so với xã không làm kiểu mẫu",
             "Landscape and environment visibly better than non-model communes", note=HUMAN),
        flag("waste_treatment_in_place",
             "Có hạ tầng thu gom, xử lý rác thải (kể cả bao bì thuốc bảo vệ thực vật)",
             "Waste (and pesticide packaging) collection and treatment in place", note=HUMAN),
    )
    criteria = (
        _c("g1.1", "Tỷ lệ huy động trẻ đi học mẫu giáo ≥ 90%", "Kindergarten enrolment >= 90%",
           fact("kindergarten_enrolment_rate") >= 90, b1),
        _c("g1.2", "Trẻ 6 tuổi vào lớp 1 đạt 100%", "6-year-olds entering grade 1: 100%",
           fact("grade1_entry_rate") >= 100, b1),
        _c("g1.3", "Trẻ 11 tuổi hoàn thành tiểu học ≥ 95%, số còn lại đang học tiểu học",
           "11-year-olds completed primary >= 95%, the rest still in primary school",
           (fact("primary_completion_rate_age11") >= 95) & yes("age11_rest_in_primary"), b1),
        _c("g1.4", "Thanh thiếu niên 15-18 tuổi đang đi học ≥ 95%",
           "15-18-year-olds in upper-secondary, continuing or vocational education >= 95%",
           fact("age15_18_in_education_rate") >= 95, b1),
        _c("g1.5", "Trường học đạt chuẩn quốc gia, có trường đạt mức độ 2; 100% trường THPT đạt "
           "chuẩn", "Schools at national standard, one at level 2; all upper-secondary schools "
           "at national standard",
           (fact("basic_schools_standard_rate") >= 100) & (fact("schools_level2_count") >= 1)
           # the schools "trên địa bàn" (in the commune): a commune with no upper-secondary
           # school can neither meet nor fail "100% trường THPT đạt chuẩn quốc gia"
           & applies_if(yes("has_upper_secondary_school"),
                        fact("upper_secondary_standard_rate") >= 100),
           seed("điểm b1", "Yêu cầu 100% trường THPT đạt chuẩn chỉ áp dụng khi trên địa bàn "
                "xã có trường THPT (các trường học \"trên địa bàn\"; nếu có). / The 100% "
                "upper-secondary requirement applies only where the commune has such a "
                "school (the schools \"in the commune\"; where there are any).")),
        _c("g1.6", "Trạm y tế xã khám, chữa bệnh bảo hiểm y tế",
           "Health station treats under health insurance", yes("health_station_insurance"), b1),
        _c("g1.7", "Dân số được quản lý, theo dõi sức khỏe ≥ 98%",
           "Population under health monitoring >= 98%", fact("health_monitoring_rate") >= 98, b1),
        _c("g1.8", "Tỷ lệ tham gia bảo hiểm y tế ≥ 96%", "Health-insurance participation >= 96%",
           fact("health_insurance_rate") >= 96, b1),
        _c("g1.9", "Kiểm soát dịch bệnh; không có ngộ độc thực phẩm đông người trong năm",
           "Infectious diseases controlled; no mass food poisoning in the year",
           yes("infectious_diseases_controlled") & no("mass_food_poisoning"), b1),
        _c("g1.10", "Xã đạt chuẩn văn hóa; thiết chế văn hóa, thể thao được nâng cấp",
           "Cultural commune; cultural and sports facilities upgraded",
           yes("cultural_commune") & yes("cultural_facilities_upgraded"), b1),
        _c("g1.11", "Có ít nhất 01 mô hình du lịch nông thôn, cộng đồng hoạt động hiệu quả",
           "At least 1 effective rural or community tourism model",
           fact("effective_tourism_models") >= 1, b1),
        _c("g1.12", "Cảnh quan môi trường nổi trội; thu gom, xử lý rác thải",
           "Outstanding landscape; waste collection and treatment",
           yes("landscape_outstanding") & yes("waste_treatment_in_place"), b1),
    )
    return criteria, indicators


def _group2() -> tuple[tuple[Criterion, ...], tuple[Indicator, ...]]:
    b2 = seed("điểm b2")
    indicators = (
        number("effective_cooperatives", "Số hợp tác xã hoạt động hiệu quả",
               "Cooperatives operating effectively"),
        number("hightech_cooperatives", "Số hợp tác xã nông nghiệp ứng dụng công nghệ cao",
               "High-tech agricultural cooperatives"),
        money("production_value_per_ha", "Giá trị sản xuất bình quân trên 01 ha đất nông nghiệp",
              "Production value per hectare of agricultural land",
              measure="million_vnd_per_hectare_year"),
        flag("concentrated_production_area",
             "Có vùng sản xuất hàng hóa tập trung sản phẩm chủ lực (chất lượng, ATTP, hiệu quả, "
             "thích ứng BĐKH)", "A concentrated commodity-production area for the key product",
             note=HUMAN),
        money("income", "Thu nhập bình quân đầu người", "Per-capita income"),
        number("poor_households", "Số hộ nghèo", "Poor households", measure="households"),
        number("poor_households_exempt",
               "Số hộ nghèo thuộc diện loại trừ (bảo trợ xã hội, rủi ro bất khả kháng, bệnh hiểm "
               "nghèo)", "Exempt poor households (social protection, force majeure, serious "
               "illness)", measure="households"),
    )
    criteria = (
        _c("g2.1", "Ít nhất 02 HTX hoạt động hiệu quả, trong đó 01 HTX nông nghiệp công nghệ cao",
           "At least 2 effective cooperatives, at least 1 high-tech",
           (fact("effective_cooperatives") >= 2) & (fact("hightech_cooperatives") >= 1), b2),
        _c("g2.2", "Giá trị sản xuất trên 01 ha đất nông nghiệp ≥ 200 triệu đồng/năm (mục tiêu "
                   "đến năm 2025)",
           "Production value >= 200 million VND per hectare per year (the plan's target for "
           "2025)",
           fact("production_value_per_ha") >= 200,
           attrs.evolve(b2, note="Kế hoạch ghi 'phấn đấu đến năm 2025'; áp dụng mức này cho mọi "
                                 "năm xét công nhận / the plan says 'strive for by 2025'; the "
                                 "level is applied in every year of recognition")),
        _c("g2.3", "Có vùng sản xuất hàng hóa tập trung sản phẩm chủ lực",
           "A concentrated production area for the key product",
           yes("concentrated_production_area"), b2),
        _c("g2.4", "Thu nhập bình quân đầu người ≥ 1,5 lần so với năm được công nhận đạt "
                   "chuẩn NTM",
           "Per-capita income >= 1.5 x the income of the NTM-recognition year",
           ratio(fact("income"), fact("income", at=recognition_year("ntm")))
           >= Decimal("1.5"), b2),
        _c("g2.5", "Không có hộ nghèo (trừ các trường hợp loại trừ)",
           "No poor households except the exempt categories",
           (fact("poor_households") - fact("poor_households_exempt")).equals(0), b2),
    )
    return criteria, indicators


_DIGITAL = {
    "digital_infrastructure": ("Hạ tầng số (đường truyền chuyên dùng, LAN, an toàn thông tin, "
                               "IOC, hội nghị truyền hình, camera an ninh, nhà văn hóa thông minh)",
                               "Digital infrastructure (data line, LAN, security, IOC, video "
                               "conferencing, cameras, smart cultural houses)"),
    "digital_applications": ("Ứng dụng (Q-office, một cửa điện tử, DVC mức 3-4, báo cáo, thư "
                             "điện tử, chữ ký số, trang thông tin điện tử)",
                             "Applications (Q-office, one-stop e-portal, reporting, e-mail, "
                             "digital signatures, website)"),
    "digital_training": ("Đào tạo, bồi dưỡng kỹ năng số", "Digital-skills training"),
    "digital_channels": ("Kênh tương tác với người dân (Smart Quảng Nam, mạng xã hội, loa "
                         "thông minh)", "Channels with residents (Smart Quảng Nam app, social "
                         "networks, smart loudspeakers)"),
    "digital_ecommerce": ("Thương mại điện tử (thanh toán điện tử, mã địa chỉ số)",
                          "E-commerce (electronic payment, digital address codes)"),
    "digital_smart_services": ("Dịch vụ thông minh (du lịch, giáo dục, nông nghiệp, y tế)",
                               "Smart services (tourism, education, agriculture, health)"),
}


def _group3() -> tuple[tuple[Criterion, ...], tuple[Indicator, ...]]:
    b3 = seed("điểm b3")
    indicators: tuple[Indicator, ...] = (
        flag("illegal_mass_complaints", "Có khiếu kiện đông người trái pháp luật trong năm",
             "Illegal mass complaints occurred in the year"),
        flag("serious_crime_by_resident",
             "Có người dân của xã phạm tội từ nghiêm trọng trở lên trong năm",
             "A resident committed a serious crime or worse in the year"),
        flag("social_evils_reduced", "Tệ nạn xã hội được kiềm chế, giảm",
             "Social evils curbed and reduced", note=HUMAN),
        flag("admin_procedures_public", "Thủ tục hành chính được công khai đầy đủ",
             "Administrative procedures fully and publicly disclosed"),
        number("admin_reform_models", "Số mô hình cải cách hành chính hiệu quả",
               "Effective administrative-reform models"),
        flag("online_services_level34",
             "Cung cấp dịch vụ công trực tuyến mức độ 3, 4 qua Cổng dịch vụ công quốc gia",
             "Online public services at levels 3-4 via the national portal"),
        *(flag(key, vi, en, note=HUMAN) for key, (vi, en) in _DIGITAL.items()),
    )
    digital = all_of(*(yes(key) for key in _DIGITAL))
    criteria = (
        _c("g3.1", "Trong 03 năm liên tục trước năm xét công nhận: không khiếu kiện đông người "
           "trái pháp luật, không có người phạm tội nghiêm trọng, tệ nạn xã hội giảm",
           "In each of the 3 consecutive years before recognition: no illegal mass complaints, "
           "no resident convicted of a serious crime, social evils reduced",
           held_each_year(no("illegal_mass_complaints") & no("serious_crime_by_resident")
                          & yes("social_evils_reduced"), years=3), b3),
        _c("g3.2", "Thủ tục hành chính công khai; có mô hình cải cách hành chính hiệu quả",
           "Public administrative procedures; at least one effective reform model",
           yes("admin_procedures_public") & (fact("admin_reform_models") >= 1), b3),
        _c("g3.3", "Dịch vụ công trực tuyến mức độ 3, 4", "Online public services level 3-4",
           yes("online_services_level34"), b3),
        _c("g3.4", "Chính quyền số", "Digital government", digital, b3),
    )
    return criteria, indicators


_BUILDERS = {1: _group1, 2: _group2, 3: _group3}


@cache
def field_group(group: int) -> CriteriaSet:
    """The outstanding-field set of ``group`` (1, 2 or 3), from section III.1.b."""
    if group not in _BUILDERS:
        from ntmcriteria.errors import NTMValueError

        raise NTMValueError(f"group must be 1, 2 or 3 (got {shown(group)})")
    criteria, indicators = _BUILDERS[group]()
    vi, en = GROUP_LABELS[group]
    return CriteriaSet(
        id=FIELD_IDS[group], label_vi=f"Nhóm {group} — kiểu mẫu nổi trội: {vi}{DRAFT_VI}",
        label_en=f"Group {group} — outstanding model field: {en}{DRAFT_EN}", level="commune",
        valid_from=2021, valid_to=2025, criteria=criteria, indicators=indicators,
        citation=seed(f"điểm b{group}"))


def _model_criteria(outstanding: Rule, outstanding_citation: Citation) -> tuple[Criterion, ...]:
    return (
        Criterion(id="m1", number="1", label_vi="Đạt chuẩn xã NTM nâng cao giai đoạn 2021-2025",
                  label_en="Meets the advanced NTM commune set 2021-2025",
                  rule=meets(ADVANCED_ID, tier="advanced", recognised_from=2021),
                  citation=cite(SEED, "Mục II.1, chú thích (3), điểm (i)", "seed")),
        Criterion(id="m2", number="2", label_vi="Đạt tiêu chí lĩnh vực nổi trội",
                  label_en="Meets the criteria of an outstanding group", rule=outstanding,
                  citation=outstanding_citation),
        Criterion(id="m3", number="3", label_vi="100% số thôn đạt chuẩn thôn NTM kiểu mẫu",
                  label_en="100% of villages meet the model-village set",
                  rule=share("village", meets(VILLAGE_MODEL_ID), at_least=100),
                  citation=cite(SEED, "Mục III.1.a (nhiệm vụ chung)", "seed")),
    )


@cache
def model_commune_group(group: int) -> CriteriaSet:
    """``qn.commune.model.groupN.2021-2025``: the model commune of one outstanding group."""
    field = field_group(group)
    return CriteriaSet(
        id=MODEL_IDS[group],
        label_vi=f"Xã NTM kiểu mẫu tỉnh Quảng Nam 2021-2025, nhóm {group}{DRAFT_VI}",
        label_en=f"Quảng Nam model NTM commune 2021-2025, group {group}{DRAFT_EN}",
        level="commune",
        valid_from=2021, valid_to=2025,
        criteria=_model_criteria(meets(field.id), seed(f"điểm b{group}")),
        references=(advanced_commune(), field, model_village()),
        citation=cite(SEED, "Mục II.1, III.1", "seed"))


@cache
def model_commune_any() -> CriteriaSet:
    """``qn.commune.model.2021-2025``: the model commune, any outstanding group."""
    fields = tuple(field_group(g) for g in (1, 2, 3))
    return CriteriaSet(
        id=MODEL_ANY_ID,
        label_vi="Xã NTM kiểu mẫu tỉnh Quảng Nam 2021-2025 (một nhóm bất kỳ)" + DRAFT_VI,
        label_en="Quảng Nam model NTM commune 2021-2025 (any outstanding group)" + DRAFT_EN,
        level="commune", valid_from=2021, valid_to=2025,
        criteria=_model_criteria(any_of(*(meets(f.id) for f in fields)),
                                 seed("điểm b1, b2, b3")),
        references=(advanced_commune(), *fields, model_village()),
        citation=cite(SEED, "Mục II.1, III.1", "seed"))


@cache
def model_district() -> CriteriaSet:
    """``qn.district.model.2021-2025``."""
    national = appraised(
        set_key="qn.district.model", criterion_id="dm3", number="3",
        vi="Đạt Bộ tiêu chí huyện NTM kiểu mẫu do Thủ tướng Chính phủ ban hành",
        en="Meets the Prime Minister's model-district criteria",
        citation=cite(SEED, "Mục II.1, chú thích (4)", "seed",
                      "Yêu cầu có trong kế hoạch; bộ tiêu chí chưa ban hành khi lập kế hoạch nên "
                      "quy tắc là tham số / the plan states the requirement; the criteria were "
                      "not issued when it was drafted, so the rule is a parameter"))
    criteria = (
        Criterion(id="dm1", number="1", label_vi="Đạt chuẩn huyện NTM giai đoạn 2021-2025",
                  label_en="Meets the NTM district set 2021-2025",
                  rule=meets(DISTRICT_NTM_ID, tier="ntm", recognised_from=2021),
                  citation=cite(SEED, "Mục II.1", "seed")),
        Criterion(id="dm2", number="2", label_vi="Đạt chuẩn huyện NTM nâng cao giai đoạn 2021-2025",
                  label_en="Meets the advanced NTM district set 2021-2025",
                  rule=meets(DISTRICT_ADVANCED_ID, tier="advanced", recognised_from=2021),
                  citation=cite(SEED, "Mục II.1", "seed")),
        national.criterion,
        Criterion(id="dm4", number="4", label_vi="Ít nhất 30% số xã đạt chuẩn xã NTM kiểu mẫu",
                  label_en="At least 30% of communes are model communes",
                  rule=share("commune", meets(MODEL_ANY_ID, tier="model", recognised_from=2021),
                             at_least=30),
                  citation=cite(SEED, "Mục III.1.a (nhiệm vụ chung)", "seed")),
    )
    return CriteriaSet(
        id=DISTRICT_MODEL_ID,
        label_vi="Huyện NTM kiểu mẫu tỉnh Quảng Nam giai đoạn 2021-2025" + DRAFT_VI,
        label_en="Quảng Nam model NTM district 2021-2025" + DRAFT_EN, level="district",
        valid_from=2021,
        valid_to=2025, criteria=criteria, indicators=(national.indicator,),
        parameters=(national.parameter,),
        references=(ntm_district(), advanced_district(), model_commune_any()),
        citation=cite(SEED, "Mục II.1, III.1", "seed"))
