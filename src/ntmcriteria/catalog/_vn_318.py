"""Decision 318/QĐ-TTg (08/03/2022): the national NTM and advanced-NTM commune sets 2021-2025.

Only what the reference notes could read is encoded as numbers (the stunting
ceilings by region, secondary). Every other threshold is a named parameter
without a default; every criterion whose indicator table was not read is a
rule parameter (``<set>.<criterion>.rule``) that a province or caller supplies —
for instance the appraisal verdict ``yes("<set>.<criterion>.appraised")``, see
:func:`ntmcriteria.catalog.appraisal_rules`.

The region override of Decision 318 (especially disadvantaged communes, and
safe-zone communes of districts poor or just out of poverty in 2018-2020, use
the Northern Midlands and Mountains thresholds) is stated for the NTM set; the
reference does not say it applies to the advanced set, so it is not applied
there (nor, consistently, to the 110% rule of Decision 319).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from ntmcriteria.catalog._common import (
    D318,
    D318_ADVANCED,
    AppraisedCriterion,
    appraised,
    cite,
    flag,
    money,
    pct,
)
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import (
    CriteriaSet,
    Criterion,
    Parameter,
    RegionOverride,
)
from ntmcriteria.indicators import Indicator
from ntmcriteria.rules import fact, meets, param, yes
from ntmcriteria.thresholds import Schedule

__all__ = [
    "ADVANCED_ID",
    "CRITERIA_318",
    "EHEALTH_PARTIAL_318",
    "GROUPS_318",
    "NTM_ID",
    "STUNTING_318",
    "advanced_commune",
    "ntm_commune",
]

NTM_ID = "vn.commune.ntm.2021-2025"
ADVANCED_ID = "vn.commune.ntm-advanced.2021-2025"

#: The 19 criteria: number -> (Vietnamese name, English name, group index).
CRITERIA_318: dict[int, tuple[str, str, int]] = {
    1: ("Quy hoạch", "Planning", 0),
    2: ("Giao thông", "Transport", 1),
    3: ("Thủy lợi và phòng, chống thiên tai", "Irrigation and natural-disaster prevention", 1),
    4: ("Điện", "Electricity", 1),
    5: ("Trường học", "Schools", 1),
    6: ("Cơ sở vật chất văn hóa", "Cultural facilities", 1),
    7: ("Cơ sở hạ tầng thương mại nông thôn", "Rural commercial infrastructure", 1),
    8: ("Thông tin và Truyền thông", "Information and communications", 1),
    9: ("Nhà ở dân cư", "Residential housing", 1),
    10: ("Thu nhập", "Income", 2),
    11: ("Nghèo đa chiều", "Multidimensional poverty", 2),
    12: ("Lao động", "Labour", 2),
    13: ("Tổ chức sản xuất và phát triển kinh tế nông thôn",
         "Production organisation and rural economic development", 2),
    14: ("Giáo dục và Đào tạo", "Education and training", 3),
    15: ("Y tế", "Health", 3),
    16: ("Văn hóa", "Culture", 3),
    17: ("Môi trường và an toàn thực phẩm", "Environment and food safety", 3),
    18: ("Hệ thống chính trị và tiếp cận pháp luật", "Political system and access to law", 4),
    19: ("Quốc phòng và An ninh", "National defence and security", 4),
}

#: The five groups (group 5 split from group 4 is an inference of the reference).
GROUPS_318 = (
    ("Quy hoạch", "Planning"),
    ("Hạ tầng kinh tế - xã hội", "Socio-economic infrastructure"),
    ("Kinh tế và tổ chức sản xuất", "Economy and production organisation"),
    ("Văn hóa - Xã hội - Môi trường", "Culture - Society - Environment"),
    ("Hệ thống chính trị", "Political system"),
)

#: Stunting ceilings (%) by region, read in a secondary source (S-TVPL-LISTING-TC-XA).
STUNTING_318: dict[str, Decimal] = {
    "TDMNPB": Decimal("24"), "DBSH": Decimal("16.5"), "BTB": Decimal("25"),
    "DHNTB": Decimal("22"), "TN": Decimal("26.5"), "DNB": Decimal("14.5"),
    "DBSCL": Decimal("19"),
}

#: E-health-record floors (%) read for two regions only (snippet cut off): not a default,
#: since a schedule missing five regions would fail; offered for callers to complete.
EHEALTH_PARTIAL_318: dict[str, Decimal] = {"TDMNPB": Decimal("50"), "DBSH": Decimal("70")}

_NAMES = "Tên tiêu chí và nhóm: nguồn thứ cấp / criterion names and groups: secondary sources"


def _group(number: int) -> str:
    vi, en = GROUPS_318[CRITERIA_318[number][2]]
    return f"{vi} / {en}"


def _annex(number: int, advanced: bool) -> str:
    annex = "Phụ lục II" if advanced else "Phụ lục I"
    return f"{annex} (số phụ lục suy đoán), tiêu chí số {number}"


def _unknown_param(name: str, vi: str, en: str, article: str, measure: str = "percent",
                   keyed_by: tuple[str, ...] = ("region",), document: str = D318,
                   note: str = "") -> Parameter:
    return Parameter(name=name, label_vi=vi, label_en=en, measure=measure, keyed_by=keyed_by,
                     citation=cite(document, article, "unknown",
                                   note or "Giá trị chưa tìm thấy / value not found"))


def override_318() -> RegionOverride:
    """The Decision 318 region override (before any threshold lookup)."""
    return RegionOverride(
        when=yes("especially_disadvantaged")
        | (yes("safe_zone_commune") & yes("district_poor_2018_2020")),
        region="TDMNPB",
        citation=cite(D318, "Điều 1 (tóm tắt)", "secondary",
                      "xã ĐBKK, xã ATK thuộc huyện nghèo / vừa thoát nghèo 2018-2020 áp dụng "
                      "mức vùng Trung du miền núi phía Bắc"),
    )


def _override_indicators() -> tuple[Indicator, ...]:
    return (
        flag("especially_disadvantaged", "Xã đặc biệt khó khăn",
             "Especially disadvantaged commune"),
        flag("safe_zone_commune", "Xã an toàn khu", "Safe-zone (an toàn khu) commune"),
        flag("district_poor_2018_2020",
             "Thuộc huyện nghèo hoặc huyện vừa thoát nghèo giai đoạn 2018-2020",
             "In a district poor, or just out of poverty, in 2018-2020"),
    )


def income_indicator() -> Indicator:
    return money("income", "Thu nhập bình quân đầu người", "Per-capita income")


def _assemble(*, set_id: str, vi: str, en: str, document: str, criteria: list[Criterion],
              pieces: list[AppraisedCriterion], indicators: list[Indicator],
              parameters: list[Parameter], references: tuple[CriteriaSet, ...] = (),
              overrides: tuple[RegionOverride, ...] = (), citation: Citation) -> CriteriaSet:
    by_number = {c.id: c for c in criteria} | {p.criterion.id: p.criterion for p in pieces}
    ordered = tuple(by_number[k] for k in sorted(by_number))
    return CriteriaSet(
        id=set_id, label_vi=vi, label_en=en, level="commune", valid_from=2021, valid_to=2025,
        criteria=ordered,
        indicators=(*indicators, *(p.indicator for p in pieces)),
        parameters=(*parameters, *(p.parameter for p in pieces)),
        references=references, region_overrides=overrides, citation=citation,
    )


@cache
def ntm_commune() -> CriteriaSet:
    """``vn.commune.ntm.2021-2025``: the 19 criteria of Decision 318, Annex I."""
    key = "vn318.ntm"
    criteria: list[Criterion] = []
    pieces: list[AppraisedCriterion] = []
    indicators: list[Indicator] = [
        income_indicator(),
        pct("multidimensional_poverty_rate", "Tỷ lệ nghèo đa chiều giai đoạn 2021-2025",
            "Multidimensional poverty rate (2021-2025 standard)",
            note="Theo kết quả rà soát định kỳ hằng năm / from the annual periodic review"),
        pct("trained_labour_rate_men", "Tỷ lệ lao động nam qua đào tạo",
            "Share of male workers with training"),
        pct("trained_labour_rate_women", "Tỷ lệ lao động nữ qua đào tạo",
            "Share of female workers with training"),
        pct("health_insurance_rate", "Tỷ lệ người dân tham gia bảo hiểm y tế",
            "Health-insurance participation rate"),
        pct("stunting_rate_under5",
            "Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi (chiều cao theo tuổi)",
            "Stunting rate (height-for-age) among children under 5"),
        pct("ehealth_record_rate", "Tỷ lệ dân số có sổ khám chữa bệnh điện tử",
            "Share of population with an electronic health record book"),
        flag("gender_equality_met",
             "Đảm bảo bình đẳng giới, phòng chống bạo lực gia đình, bạo lực trên cơ sở giới, "
             "xâm hại trẻ em; bảo vệ người dễ bị tổn thương",
             "Gender equality and prevention of domestic, gender-based violence and child abuse",
             note="Yêu cầu định tính, do cơ quan thẩm định đánh giá / qualitative, assessed by "
                  "people"),
        *_override_indicators(),
    ]
    parameters = [
        _unknown_param("vn318.income.ntm",
                       "Mức thu nhập bình quân đầu người đạt chuẩn xã NTM (theo vùng, năm)",
                       "Per-capita income level of the NTM commune set (by region and year)",
                       _annex(10, False), measure="million_vnd_per_person_year",
                       keyed_by=("region", "year")),
        _unknown_param("vn318.poverty.ntm", "Tỷ lệ nghèo đa chiều tối đa (theo vùng)",
                       "Maximum multidimensional poverty rate (by region)", _annex(11, False)),
        _unknown_param("vn318.trained_labour.ntm",
                       "Tỷ lệ lao động qua đào tạo tối thiểu, áp dụng cho cả nam và nữ (theo vùng)",
                       "Minimum share of trained workers, for men and for women (by region)",
                       _annex(12, False)),
        _unknown_param("vn318.health_insurance.ntm", "Tỷ lệ tham gia bảo hiểm y tế tối thiểu",
                       "Minimum health-insurance participation rate", _annex(15, False),
                       note="Giai đoạn 2016-2020 là 85%; 2021-2025 chưa tìm thấy / 85% in "
                            "2016-2020; 2021-2025 value not found"),
        Parameter(name="vn318.stunting.ntm",
                  label_vi="Tỷ lệ suy dinh dưỡng thể thấp còi tối đa (theo vùng)",
                  label_en="Maximum stunting rate (by region)", measure="percent",
                  keyed_by=("region",), default=Schedule(STUNTING_318),
                  citation=cite(D318, _annex(15, False), "secondary",
                                "Nguồn in dấu '≥' trước các giá trị; tỷ lệ thấp còi là mức trần "
                                "nên dùng '≤'; chưa khẳng định thuộc bộ NTM hay NTM nâng cao")),
        _unknown_param("vn318.ehealth_record.ntm",
                       "Tỷ lệ dân số có sổ khám chữa bệnh điện tử tối thiểu (theo vùng)",
                       "Minimum share with an electronic health record (by region)",
                       _annex(15, False),
                       note="Đọc được TDMNPB 50%, ĐBSH 70% (thứ cấp); các vùng khác chưa đọc "
                            "được — xem EHEALTH_PARTIAL_318"),
    ]
    criteria.append(Criterion(
        id="c10", number="10", label_vi="Thu nhập", label_en="Income", group=_group(10),
        rule=fact("income") >= param("vn318.income.ntm"),
        citation=cite(D318, _annex(10, False), "secondary", _NAMES)))
    criteria.append(Criterion(
        id="c11", number="11", label_vi="Nghèo đa chiều", label_en="Multidimensional poverty",
        group=_group(11), rule=fact("multidimensional_poverty_rate") <= param("vn318.poverty.ntm"),
        citation=cite(D318, _annex(11, False), "secondary",
                      "Hướng dẫn 1298/LĐTBXH-VPQGGN: đạt khi tỷ lệ ≤ mức theo vùng")))
    for number in (1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 16, 17, 19):
        vi, en, _ = CRITERIA_318[number]
        pieces.append(appraised(set_key=key, criterion_id=f"c{number:02d}", number=str(number),
                                vi=vi, en=en, group=_group(number),
                                citation=cite(D318, _annex(number, False), "secondary", _NAMES)))
    labour = (fact("trained_labour_rate_men") >= param("vn318.trained_labour.ntm")) & (
        fact("trained_labour_rate_women") >= param("vn318.trained_labour.ntm"))
    pieces.append(appraised(
        set_key=key, criterion_id="c12", number="12", vi="Lao động", en="Labour",
        group=_group(12), extra=labour,
        citation=cite(D318, _annex(12, False), "secondary",
                      "'Áp dụng đạt cho cả nam và nữ': hai phép so sánh / two checks")))
    health = ((fact("health_insurance_rate") >= param("vn318.health_insurance.ntm"))
              & (fact("stunting_rate_under5") <= param("vn318.stunting.ntm"))
              & (fact("ehealth_record_rate") >= param("vn318.ehealth_record.ntm")))
    pieces.append(appraised(set_key=key, criterion_id="c15", number="15", vi="Y tế",
                            en="Health", group=_group(15), extra=health,
                            citation=cite(D318, _annex(15, False), "secondary", _NAMES)))
    vi18, en18, _ = CRITERIA_318[18]
    pieces.append(appraised(set_key=key, criterion_id="c18", number="18", vi=vi18, en=en18,
                            group=_group(18), extra=yes("gender_equality_met"),
                            citation=cite(D318, _annex(18, False), "secondary", _NAMES)))
    return _assemble(
        set_id=NTM_ID, vi="Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025",
        en="National criteria set for new-rural (NTM) communes, 2021-2025", document=D318,
        criteria=criteria, pieces=pieces, indicators=indicators, parameters=parameters,
        overrides=(override_318(),), citation=cite(D318, "Phụ lục I", "secondary"))


@cache
def advanced_commune() -> CriteriaSet:
    """``vn.commune.ntm-advanced.2021-2025``: the advanced set, as structure plus parameters.

    Its criteria list was not read: the 19 criteria of the NTM set are assumed
    (confidence unknown), each a rule parameter, except the two read indicators
    (road maintenance, criterion 2; income, criterion 10). The prerequisite
    "already NTM" is implied (unknown) and encoded as meeting the NTM set on facts.
    """
    key = "vn318.advanced"
    ntm = ntm_commune()
    criteria = [
        Criterion(id="c00", number="0", label_vi="Đạt chuẩn xã nông thôn mới 2021-2025",
                  label_en="Meets the NTM commune set 2021-2025",
                  rule=meets(NTM_ID, tier="ntm", recognised_from=2021),
                  citation=cite(D318_ADVANCED, "Phụ lục II (điều kiện tiên quyết, suy đoán)",
                                "unknown", "implied; not read")),
        Criterion(id="c10", number="10", label_vi="Thu nhập", label_en="Income",
                  group=_group(10), rule=fact("income") >= param("vn318.income.advanced"),
                  citation=cite(D318_ADVANCED, _annex(10, True), "secondary")),
    ]
    pieces: list[AppraisedCriterion] = []
    for number in CRITERIA_318:
        if number == 10:
            continue
        vi, en, _ = CRITERIA_318[number]
        extra = None
        confidence = "unknown"
        if number == 2:
            extra = fact("commune_roads_maintained_rate") >= param(
                "vn318.road_maintenance.advanced")
            confidence = "secondary"
        pieces.append(appraised(set_key=key, criterion_id=f"c{number:02d}", number=str(number),
                                vi=vi, en=en, group=_group(number), extra=extra,
                                citation=cite(D318_ADVANCED, _annex(number, True), confidence)))
    indicators = [
        income_indicator(),
        pct("commune_roads_maintained_rate",
            "Tỷ lệ đường xã được bảo trì hằng năm, đảm bảo sáng - xanh - sạch - đẹp",
            "Share of commune roads maintained yearly, bright-green-clean-beautiful"),
    ]
    parameters = [
        _unknown_param("vn318.income.advanced",
                       "Mức thu nhập bình quân đầu người đạt chuẩn xã NTM nâng cao "
                       "(theo vùng, năm)",
                       "Per-capita income level of the advanced NTM set (by region and year)",
                       _annex(10, True), measure="million_vnd_per_person_year",
                       keyed_by=("region", "year"), document=D318_ADVANCED),
        _unknown_param("vn318.road_maintenance.advanced",
                       "Tỷ lệ đường xã được bảo trì hằng năm tối thiểu",
                       "Minimum share of commune roads maintained yearly", _annex(2, True),
                       keyed_by=(), document=D318_ADVANCED),
    ]
    return _assemble(
        set_id=ADVANCED_ID,
        vi="Bộ tiêu chí quốc gia về xã nông thôn mới nâng cao giai đoạn 2021 - 2025",
        en="National criteria set for advanced NTM communes, 2021-2025", document=D318_ADVANCED,
        criteria=criteria, pieces=pieces, indicators=indicators, parameters=parameters,
        references=(ntm,), citation=cite(D318_ADVANCED, "Phụ lục II", "unknown"))
