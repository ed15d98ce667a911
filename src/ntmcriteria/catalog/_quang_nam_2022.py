"""Quảng Nam 2022-2025 as decided: the model commune of Decision 2429/QĐ-UBND (09/2022).

Decision 2429 is the provincial regulation issued under Decision 319/QĐ-TTg; it is in
force for 2022-2025 and replaces, for recognitions, the 2021 draft plan encoded in
:mod:`ntmcriteria.catalog._quang_nam` (which predates Decision 319). Its text was read
in a provincial newspaper summary (baoquangnam.vn, "Quy định xã nông thôn mới kiểu mẫu
giai đoạn 2022-2025", confidence secondary). A model commune meets all of:

1. the Quảng Nam advanced set 2022-2025 (Decision 2333/QĐ-UBND of 08/09/2022), newly,
   or by maintaining or upgrading for communes recognised advanced in 2021 or earlier
   (so an advanced recognition from 2022 on counts; an earlier one does not);
2. per-capita income at least 10% above the advanced-NTM income level of the
   commune's zone at the same time (also for communes advanced in 2021 or earlier):
   ``income >= 1.10 x qn2333.income.advanced[zone, year]``;
3. at least one smart village (a provincial rule): the two items of group 1 that were
   read (fibre internet and 3G/4G reaching households; free Wi-Fi at the cultural
   house), plus the rule parameter ``qn2429.smart_village.rest.rule`` for everything
   not read (the rest of group 1 and the other groups);
4. the criteria of one outstanding field from the closed list of 11 fields, each field's
   criteria a rule parameter ``qn2429.field.<field>.rule`` (not read). No source says
   the draft plan's three groups are the criteria of any of these fields, so none is
   used, even as a default; a caller who wants one derives a set that references the
   draft group set and supplies ``meets(...)`` of it as the field's rule, and owns that
   reading.

**Decision 2333** (``qn.commune.ntm-advanced.2022-2025``): its content was not read. The
reference notes record it as the province's implementation of the national advanced
set; it is encoded as the national advanced set 2021-2025 plus a rule parameter for
whatever the province adds (``qn2333.commune.a2.rule``), and its income level "tính theo
khu vực" is the value parameter ``qn2333.income.advanced`` keyed by zone and year.

**Zones.** Decision 2429 reads the income level "per zone" (tính theo khu vực); which
zones Decision 2333 uses was not read (the province's NTM commune set is reported to use
two zones, membership not read). The library keys the level by the provincial zones
KV1-KV3 of Decision 2254 (the commune's ``zone`` field) and the year: a two-zone table
is supplied by giving two of the zones the same value. A commune without its zone is
UNKNOWN, naming the zone.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from ntmcriteria.catalog._common import (
    D318_ADVANCED,
    HUMAN,
    QN_2333,
    QN_2429,
    appraised,
    cite,
    flag,
)
from ntmcriteria.catalog._quang_nam import zone_values
from ntmcriteria.catalog._vn_318 import ADVANCED_ID, advanced_commune, income_indicator
from ntmcriteria.citations import Citation
from ntmcriteria.classifications import Classification
from ntmcriteria.criteria import CriteriaSet, Criterion, Parameter
from ntmcriteria.indicators import Indicator
from ntmcriteria.rules import all_of, any_of, count, fact, meets, param, rule_param, scaled, yes

__all__ = [
    "ADVANCED_QN_ID",
    "FIELDS",
    "INCOME_PARAMETER",
    "MODEL_2022_ID",
    "SMART_VILLAGE_REST",
    "advanced_commune_qn",
    "commune_zone",
    "field_parameter",
    "model_commune_2022",
]

ADVANCED_QN_ID = "qn.commune.ntm-advanced.2022-2025"
MODEL_2022_ID = "qn.commune.model.2022-2025"
INCOME_PARAMETER = "qn2333.income.advanced"
SMART_VILLAGE_REST = "qn2429.smart_village.rest.rule"

_SOURCE = ("Báo Quảng Nam, 'Quy định xã nông thôn mới kiểu mẫu giai đoạn 2022-2025' "
           "(baoquangnam.vn, 09/2022) / provincial newspaper summary")

#: The closed list of 11 outstanding fields of Decision 2429: code -> (Vietnamese, English).
FIELDS: dict[str, tuple[str, str]] = {
    "san_xuat": ("sản xuất", "production"),
    "giao_duc": ("giáo dục", "education"),
    "van_hoa": ("văn hóa", "culture"),
    "canh_quan": ("cảnh quan", "landscape"),
    "moi_truong": ("môi trường", "environment"),
    "an_ninh_trat_tu": ("an ninh trật tự", "security and order"),
    "chuyen_doi_so": ("chuyển đổi số", "digital transformation"),
    "giao_thong": ("giao thông", "transport"),
    "y_te": ("y tế", "health"),
    "du_lich": ("du lịch", "tourism"),
    "nganh_nghe_nong_thon": ("ngành nghề nông thôn", "rural crafts"),
}


def _cite2429(article: str, confidence: str = "secondary", note: str = "") -> Citation:
    return cite(QN_2429, article, confidence, f"{_SOURCE}. {note}" if note else _SOURCE)


def field_parameter(code: str) -> str:
    """The rule parameter of the outstanding field ``code`` (one of :data:`FIELDS`)."""
    return f"qn2429.field.{code}.rule"


@cache
def commune_zone() -> Classification:
    """The commune's provincial zone, as the 2429 income level is keyed ("tính theo khu
    vực"): the commune's own ``zone`` field, KV1-KV3; no resolver (membership not read)."""
    return Classification(
        name="zone", label_vi="khu vực", label_en="zone", field="zone", values=zone_values(),
        citation=_cite2429(
            "Điều kiện 2 (thu nhập 'tính theo khu vực')", "secondary",
            "Khu vực của QĐ 2333 chưa đọc được; thư viện dùng KV1-KV3 của QĐ 2254 theo trường "
            "zone của xã (bảng 2 khu vực: cho hai khu vực cùng một giá trị) / the zones of "
            "Decision 2333 were not read; the library keys by the KV1-KV3 zones of Decision "
            "2254, the commune's zone field (a two-zone table: give two zones the same value)"))


@cache
def advanced_commune_qn() -> CriteriaSet:
    """``qn.commune.ntm-advanced.2022-2025`` (Decision 2333/QĐ-UBND): the national advanced
    set plus the province's additions (a rule parameter: the content was not read)."""
    provincial = appraised(
        set_key="qn2333.commune", criterion_id="a2", number="2",
        vi="Các nội dung, mức đạt riêng của Bộ tiêu chí tỉnh (QĐ 2333) — chưa mã hóa",
        en="The province's own contents and levels (Decision 2333) — not encoded",
        citation=cite(QN_2333, "Toàn văn", "unknown",
                      "Nội dung QĐ 2333 chưa đọc được / the content of Decision 2333 was not "
                      "read"))
    criteria = (
        Criterion(id="a1", number="1",
                  label_vi="Đạt Bộ tiêu chí quốc gia về xã NTM nâng cao giai đoạn 2021-2025",
                  label_en="Meets the national advanced NTM commune set 2021-2025",
                  rule=meets(ADVANCED_ID),
                  citation=cite(QN_2333, "Tên quyết định: 'thực hiện trên địa bàn tỉnh'",
                                "secondary",
                                "Bộ tiêu chí tỉnh thực hiện bộ tiêu chí quốc gia "
                                f"({D318_ADVANCED}); theo ghi chú tham khảo, nội dung chưa "
                                "đọc được / the provincial set implements the national one, "
                                "per the reference notes; its text was not read")),
        provincial.criterion,
    )
    income = Parameter(
        name=INCOME_PARAMETER, measure="million_vnd_per_person_year", keyed_by=("zone", "year"),
        label_vi="Mức thu nhập bình quân đầu người đạt chuẩn xã NTM nâng cao của tỉnh (theo "
                 "khu vực, năm)",
        label_en="Per-capita income level of the province's advanced NTM set (by zone and "
                 "year)",
        citation=cite(QN_2333, "Tiêu chí thu nhập (theo khu vực)", "unknown",
                      "Mức chưa đọc được; QĐ 2429 ghi mức này 'tính theo khu vực' / the level "
                      "was not read; Decision 2429 says it is 'per zone'"))
    return CriteriaSet(
        id=ADVANCED_QN_ID,
        label_vi="Bộ tiêu chí xã NTM nâng cao tỉnh Quảng Nam giai đoạn 2022-2025 (QĐ 2333)",
        label_en="Quảng Nam advanced NTM commune criteria 2022-2025 (Decision 2333)",
        level="commune", valid_from=2022, valid_to=2025, criteria=criteria,
        indicators=(provincial.indicator,), parameters=(provincial.parameter, income),
        references=(advanced_commune(),), classifications=(commune_zone(),),
        citation=cite(QN_2333, "Toàn văn", "secondary",
                      "Số, ngày quyết định: thứ cấp; nội dung chưa đọc được / number and date "
                      "secondary; content not read"))


def _smart_village() -> tuple[Criterion, tuple[Indicator, ...], Parameter]:
    group1 = ("QĐ 2429, thôn thông minh, nhóm 1 'Về thiết chế, hạ tầng' (nguồn thứ cấp) / "
              "Decision 2429, smart village, group 1 'institutions and infrastructure' "
              "(secondary)")
    indicators = (
        flag("qn2429.smart_village.fibre_4g",
             "Hạ tầng internet cáp quang và mạng di động 3G/4G đến hộ gia đình",
             "Fibre-optic internet and 3G/4G mobile coverage reaching households",
             note=group1),
        flag("qn2429.smart_village.cultural_house_wifi",
             "Nhà văn hóa thôn có Wi-Fi miễn phí, duy trì thường xuyên phục vụ người dân",
             "The village cultural house has free Wi-Fi, maintained regularly for residents",
             note=group1),
        flag("qn2429.smart_village.rest.appraised",
             "Thôn đạt các nội dung thôn thông minh còn lại theo kết quả thẩm định",
             "The village meets the other smart-village contents per the appraisal verdict",
             note=HUMAN),
    )
    rest = Parameter(
        name=SMART_VILLAGE_REST, kind="rule",
        label_vi="Các nội dung thôn thông minh còn lại (nhóm 1 từ mục 3, các nhóm khác) — "
                 "chưa mã hóa",
        label_en="The other smart-village contents (group 1 from item 3, the other groups) — "
                 "not encoded",
        citation=_cite2429("Thôn thông minh", "unknown",
                           "Chỉ đọc được hai mục đầu của nhóm 1 (mục 3 bị cắt) / only the first "
                           "two items of group 1 were read (item 3 is cut off)"))
    village_rule = all_of(yes("qn2429.smart_village.fibre_4g"),
                          yes("qn2429.smart_village.cultural_house_wifi"),
                          rule_param(SMART_VILLAGE_REST))
    criterion = Criterion(
        id="k3", number="3", label_vi="Có ít nhất 01 thôn thông minh",
        label_en="At least one smart village",
        rule=count("village", village_rule, at_least=1),
        citation=_cite2429("Điều kiện 3", "secondary",
                           "Thôn thông minh do tỉnh quy định (QĐ 319, Điều 1, khoản 3) / the "
                           "province defines the smart village (Decision 319, Article 1.3)"))
    return criterion, indicators, rest


def _outstanding() -> tuple[Criterion, tuple[Indicator, ...], tuple[Parameter, ...]]:
    parameters = []
    indicators = []
    for code, (vi, en) in FIELDS.items():
        parameters.append(Parameter(
            name=field_parameter(code), kind="rule",
            label_vi=f"Tiêu chí xã NTM kiểu mẫu lĩnh vực nổi trội: {vi} — chưa mã hóa",
            label_en=f"Model-commune criteria of the outstanding field: {en} — not encoded",
            citation=_cite2429(f"Điều kiện 4, lĩnh vực {vi}", "unknown",
                               "Tiêu chí của lĩnh vực chưa đọc được / the field's criteria "
                               "were not read")))
        indicators.append(flag(
            f"qn2429.field.{code}.appraised",
            f"Xã đạt tiêu chí lĩnh vực nổi trội {vi} theo kết quả thẩm định",
            f"The commune meets the outstanding-field criteria ({en}) per the appraisal "
            "verdict", note=HUMAN))
    names = ", ".join(vi for vi, _ in FIELDS.values())
    criterion = Criterion(
        id="k4", number="4",
        label_vi="Đạt tiêu chí xã NTM kiểu mẫu của ít nhất 01 lĩnh vực nổi trội (danh mục 11 "
                 "lĩnh vực)",
        label_en="Meets the model-commune criteria of at least one outstanding field (closed "
                 "list of 11)",
        rule=any_of(*(rule_param(field_parameter(code)) for code in FIELDS)),
        citation=_cite2429("Điều kiện 4", "secondary",
                           f"Danh mục đóng: {names} / closed list of 11 fields"))
    return criterion, tuple(indicators), tuple(parameters)


@cache
def model_commune_2022() -> CriteriaSet:
    """``qn.commune.model.2022-2025``: the model commune of Decision 2429/QĐ-UBND."""
    advanced = advanced_commune_qn()
    smart, smart_indicators, smart_rest = _smart_village()
    outstanding, field_indicators, field_parameters = _outstanding()
    criteria = (
        Criterion(id="k1", number="1",
                  label_vi="Đạt chuẩn xã NTM nâng cao theo Bộ tiêu chí tỉnh giai đoạn "
                           "2022-2025 (QĐ 2333)",
                  label_en="Meets the Quảng Nam advanced NTM set 2022-2025 (Decision 2333)",
                  rule=meets(ADVANCED_QN_ID, tier="advanced", recognised_from=2022),
                  citation=_cite2429(
                      "Điều kiện 1", "secondary",
                      "Đạt mới, hoặc duy trì, nâng chất đối với xã đạt chuẩn NTM nâng cao năm "
                      "2021 trở về trước: công nhận nâng cao từ năm 2022 được tính là cách hiểu "
                      "của thư viện / newly, or by maintaining and upgrading for communes "
                      "advanced in 2021 or earlier: counting an advanced recognition from 2022 "
                      "on is this library's reading")),
        Criterion(id="k2", number="2",
                  label_vi="Thu nhập bình quân đầu người cao hơn từ 10% trở lên so với mức thu "
                           "nhập đạt chuẩn xã NTM nâng cao (theo khu vực) tại cùng thời điểm",
                  label_en="Per-capita income at least 10% above the advanced-NTM income level "
                           "of the commune's zone at the same time",
                  rule=fact("income") >= scaled(Decimal("1.10"), param(INCOME_PARAMETER)),
                  citation=_cite2429(
                      "Điều kiện 2", "secondary",
                      "'cao hơn từ 10% trở lên ... (tính theo khu vực) tại cùng thời điểm (kể cả "
                      "những xã đã đạt chuẩn NTM nâng cao năm 2021 trở về trước)'")),
        smart,
        outstanding,
    )
    return CriteriaSet(
        id=MODEL_2022_ID,
        label_vi="Xã NTM kiểu mẫu tỉnh Quảng Nam giai đoạn 2022-2025 (QĐ 2429/QĐ-UBND)",
        label_en="Quảng Nam model NTM commune 2022-2025 (Decision 2429/QĐ-UBND)",
        level="commune", valid_from=2022, valid_to=2025, criteria=criteria,
        indicators=(income_indicator(), *smart_indicators, *field_indicators),
        parameters=(smart_rest, *field_parameters),
        references=(advanced,),
        citation=_cite2429("Toàn văn (4 điều kiện)", "secondary",
                           "Văn bản có hiệu lực 2022-2025, thay dự thảo Kế hoạch 2021 / in force "
                           "2022-2025, in place of the 2021 draft plan"))
