"""Decision 51/2025/QĐ-TTg (29/12/2025, in force 15/02/2026): the national NTM criteria 2026-2030.

Article 1 (verified-text) lists three annexes: I, the commune set; II, the pilot
framework for a "modern NTM commune" (xã nông thôn mới hiện đại); III, a province or
city completing the NTM task. There is no district annex (the district level was
abolished on 1 July 2025) and no advanced or model commune set.

What the reference notes could read is encoded, with its confidence; nothing
else. Annex I has 10 criteria (names: secondary) and 47 indicators whose
texts and levels were **not** read; every criterion is split by the three
commune groups (secondary), so each criterion is a rule parameter keyed by the
commune group (``vn51.ntm.cNN.rule``, keyed by ``group``), without a default: a
province supplies one rule per group (a rule table), or one rule for all groups
(for instance the appraisal verdict ``yes("vn51.ntm.cNN.appraised")``, see
:func:`ntmcriteria.catalog.appraisal_rules`). The commune group itself is a
classification with its resolver, as the decision is reported to define it:

* group 1: next to an existing urban area and meant to become urban, or
  agriculture under 10% of the economy, or designated a new urban area;
* group 3: a commune of area (khu vực) II or III of the ethnic-minority and
  mountain area, as classified by the competent authority;
* group 2: every other commune (the residual value).

How a commune that fits groups 1 and 3 is classified was not read: that case
is the choice parameter ``vn51.group.both_1_and_3`` (no default, so such a
commune's group is UNKNOWN until it is supplied). A commune whose group the
competent authority assigned gives it directly (``Commune(group="2")``), which
wins over the resolver.

Annexes II and III: only their titles were read, so their conditions are
parameters: the modern commune meets the 2026-2030 commune set (as Resolution
257/2025/QH15 counts modern communes among NTM communes) and two rule
parameters (the central framework, the province's criteria); the province set
aggregates the province's communes (with or without districts; wards are not
communes) by a share whose level is a parameter, plus a rule parameter for its
other conditions.
"""

from __future__ import annotations

from functools import cache

from ntmcriteria.catalog._common import flag, pct
from ntmcriteria.citations import Citation
from ntmcriteria.classifications import Classification, ClassRule, ClassValue
from ntmcriteria.criteria import CriteriaSet, Criterion, Parameter
from ntmcriteria.indicators import Indicator
from ntmcriteria.rules import Rule, all_of, any_of, fact, meets, param, rule_param, share, yes

__all__ = [
    "CRITERIA_51",
    "D51",
    "GROUP_CONFLICT",
    "MODERN_ID",
    "NTM_ID",
    "PROVINCE_ID",
    "commune_group",
    "modern_commune",
    "ntm_commune",
    "province_completion",
]

NTM_ID = "vn.commune.ntm.2026-2030"
MODERN_ID = "vn.commune.ntm-modern.2026-2030"
PROVINCE_ID = "vn.province.ntm-complete.2026-2030"
GROUP_CONFLICT = "vn51.group.both_1_and_3"

D51 = "Quyết định 51/2025/QĐ-TTg (Bộ tiêu chí quốc gia về nông thôn mới giai đoạn 2026 - 2030)"
D51_DATE = "29/12/2025"
IN_FORCE = ("Hiệu lực từ 15/02/2026 (nguồn thứ cấp: vneconomy) / in force from 15/02/2026 "
            "(secondary)")

#: The 10 criteria of Annex I: number -> (Vietnamese, English), as vietnamplus numbers them.
CRITERIA_51: dict[int, tuple[str, str]] = {
    1: ("Quy hoạch", "Planning"),
    2: ("Hạ tầng kinh tế - xã hội", "Socio-economic infrastructure"),
    3: ("Phát triển kinh tế nông thôn", "Rural economic development"),
    4: ("Đào tạo nguồn nhân lực nông thôn", "Rural human-resource training"),
    5: ("Văn hóa, giáo dục, y tế", "Culture, education, health"),
    6: ("Giảm nghèo và an sinh xã hội", "Poverty reduction and social security"),
    7: ("Khoa học công nghệ và chuyển đổi số",
        "Science, technology and digital transformation"),
    8: ("Môi trường và cảnh quan nông thôn", "Rural environment and landscape"),
    9: ("Xây dựng hệ thống chính trị và hành chính công",
        "Political system and public administration"),
    10: ("Tiếp cận pháp luật và an ninh, quốc phòng", "Access to law, security and defence"),
}

_NAMES_NOTE = ("Tên tiêu chí: nguồn thứ cấp (vietnamplus, vneconomy, thoibaotaichinh, baonghean "
               "thống nhất 10 tiêu chí, 47 chỉ tiêu) / criterion names: secondary sources")
_NOT_READ = ("Các chỉ tiêu và mức đạt theo từng nhóm xã chưa đọc được; không tự đặt giá trị / "
             "the indicators and their levels per commune group were not read; no value is "
             "invented")
_GROUPS_QUOTE = ("\"Xã nhóm 1 là xã liền kề đô thị hiện hữu và có định hướng phát triển thành đô "
                 "thị hoặc xã có tỷ trọng ngành nông nghiệp trong cơ cấu kinh tế dưới 10%, hoặc "
                 "xã được định hướng là đô thị mới. Xã nhóm 2 là xã không thuộc nhóm 1 và nhóm 3. "
                 "Xã nhóm 3 là xã khu vực II và xã khu vực III thuộc địa bàn vùng đồng bào dân tộc "
                 "thiểu số và miền núi được cấp có thẩm quyền phân định theo quy định.\" "
                 "(thoibaotaichinh, trích Phụ lục I)")


def cite51(article: str, confidence: str, note: str = "") -> Citation:
    """A citation of Decision 51/2025/QĐ-TTg."""
    return Citation(document=D51, date=D51_DATE, article=article, confidence=confidence,
                    note=note)


# ------------------------------------------------------------------------ commune groups
def group_indicators() -> tuple[Indicator, ...]:
    """The facts the commune-group resolver reads."""
    authority = ("Do cấp có thẩm quyền xác định / as determined by the competent authority")
    return (
        flag("adjacent_existing_urban_area", "Xã liền kề đô thị hiện hữu",
             "Commune adjacent to an existing urban area", note=authority),
        flag("urban_development_orientation", "Xã có định hướng phát triển thành đô thị",
             "Commune oriented to develop into an urban area", note=authority),
        pct("agriculture_share_of_economy",
            "Tỷ trọng ngành nông nghiệp trong cơ cấu kinh tế của xã",
            "Share of agriculture in the commune's economic structure"),
        flag("designated_new_urban_area", "Xã được định hướng là đô thị mới",
             "Commune designated to become a new urban area", note=authority),
        Indicator(key="ethnic_minority_area_level",
                  label_vi="Khu vực của xã thuộc vùng đồng bào dân tộc thiểu số và miền núi "
                           "(1, 2, 3: khu vực I, II, III; 0: không thuộc vùng)",
                  label_en="Area (khu vực) of the commune in the ethnic-minority and mountain "
                           "area (1, 2, 3: area I, II, III; 0: not in that area)",
                  measure="count", value_type="integer", minimum=0, maximum=3,
                  note="Theo phân định của cấp có thẩm quyền (tiêu chí phân định 2026-2030 mới "
                       "ở dạng dự thảo) / as classified by the competent authority"),
    )


def commune_group() -> Classification:
    """The commune group (nhóm xã) of Decision 51/2025, Annex I, with its resolver."""
    rules_cite = cite51("Phụ lục I (phân nhóm xã)", "secondary", _GROUPS_QUOTE)
    group1: Rule = any_of(
        all_of(yes("adjacent_existing_urban_area"), yes("urban_development_orientation")),
        fact("agriculture_share_of_economy") < 10,
        yes("designated_new_urban_area"),
    )
    return Classification(
        name="group", label_vi="nhóm xã", label_en="commune group", field="group",
        values=(
            ClassValue(code="1", label_vi="Nhóm 1 (xã ven đô, định hướng đô thị)",
                       label_en="Group 1 (peri-urban, urbanising)"),
            ClassValue(code="2", label_vi="Nhóm 2 (các xã còn lại)",
                       label_en="Group 2 (all other communes)"),
            ClassValue(code="3", label_vi="Nhóm 3 (xã khu vực II, III vùng đồng bào DTTS và "
                                          "miền núi)",
                       label_en="Group 3 (area II or III of the ethnic-minority and mountain "
                                "area)"),
        ),
        rules=(
            ClassRule(value="1", when=group1, citation=rules_cite),
            ClassRule(value="3", when=fact("ethnic_minority_area_level") >= 2,
                      citation=rules_cite),
        ),
        residual="2", conflict_parameter=GROUP_CONFLICT,
        citation=cite51("Phụ lục I (phân nhóm xã)", "secondary",
                        "Dự thảo giữa năm 2025 đánh số nhóm ngược lại; chỉ mã hóa bản cuối / "
                        "a mid-2025 draft numbered the groups the other way; only the final "
                        "text is encoded"),
    )


def group_conflict_parameter() -> Parameter:
    return Parameter(
        name=GROUP_CONFLICT, kind="choice",
        label_vi="Nhóm áp dụng cho xã thỏa cả điều kiện nhóm 1 và nhóm 3",
        label_en="Group of a commune that meets the conditions of both group 1 and group 3",
        citation=cite51("Phụ lục I (phân nhóm xã)", "unknown",
                        "Quy định cho trường hợp này chưa đọc được / the rule for this case "
                        "was not read"),
    )


# ------------------------------------------------------------------------ Annex I
def _criterion(number: int) -> tuple[Criterion, Parameter, Indicator]:
    vi, en = CRITERIA_51[number]
    key = f"vn51.ntm.c{number:02d}"
    parameter = Parameter(
        name=f"{key}.rule", kind="rule", keyed_by=("group",),
        label_vi=f"Các chỉ tiêu của tiêu chí {number} ({vi}) theo nhóm xã — chưa mã hóa",
        label_en=f"The indicators of criterion {number} ({en}) by commune group — not encoded",
        citation=cite51(f"Phụ lục I, tiêu chí {number}", "unknown", _NOT_READ))
    indicator = flag(f"{key}.appraised",
                     f"Tiêu chí {number} ({vi}) đạt theo kết quả thẩm định",
                     f"Criterion {number} ({en}) met per the appraisal verdict",
                     note="Yêu cầu định tính: sự kiện có/không do cơ quan thẩm định đánh giá / "
                          "a yes/no fact assessed by the appraisal body")
    criterion = Criterion(id=f"c{number:02d}", number=str(number), label_vi=vi, label_en=en,
                          rule=rule_param(parameter.name),
                          citation=cite51(f"Phụ lục I, tiêu chí {number}", "secondary",
                                          _NAMES_NOTE))
    return criterion, parameter, indicator


@cache
def ntm_commune() -> CriteriaSet:
    """``vn.commune.ntm.2026-2030``: the 10 criteria of Decision 51/2025, Annex I."""
    pieces = [_criterion(n) for n in CRITERIA_51]
    indicators = group_indicators()
    return CriteriaSet(
        id=NTM_ID,
        label_vi="Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2026 - 2030",
        label_en="National criteria set for new-rural (NTM) communes, 2026-2030",
        level="commune", valid_from=2026, valid_to=2030,
        criteria=tuple(c for c, _, _ in pieces),
        indicators=(*indicators, *(i for _, _, i in pieces)),
        parameters=(group_conflict_parameter(), *(p for _, p, _ in pieces)),
        classifications=(commune_group(),),
        citation=cite51("Điều 1, khoản 1, điểm a; Phụ lục I", "secondary",
                        "Điều 1: đã đối chiếu văn bản (chinhphu.vn); 10 tiêu chí, 47 chỉ tiêu: "
                        "nguồn thứ cấp. " + IN_FORCE),
    )


# ------------------------------------------------------------------------ Annex II
def _rule_parameter(key: str, vi: str, en: str, citation: Citation
                    ) -> tuple[Parameter, Indicator]:
    parameter = Parameter(name=f"{key}.rule", kind="rule", label_vi=vi, label_en=en,
                          citation=citation)
    indicator = flag(f"{key}.appraised", f"{vi}: đạt theo kết quả thẩm định",
                     f"{en}: met per the appraisal verdict",
                     note="Sự kiện có/không do cơ quan thẩm định đánh giá / a yes/no fact "
                          "assessed by the appraisal body")
    return parameter, indicator


@cache
def modern_commune() -> CriteriaSet:
    """``vn.commune.ntm-modern.2026-2030``: the pilot framework of Annex II, as parameters
    on top of the commune set."""
    framework, framework_flag = _rule_parameter(
        "vn51.modern.framework", "Các tiêu chí của khung thí điểm xã nông thôn mới hiện đại",
        "The criteria of the pilot framework for a modern NTM commune",
        cite51("Phụ lục II", "unknown", "Chỉ đọc được tên phụ lục / only the annex title "
                                        "was read"))
    provincial, provincial_flag = _rule_parameter(
        "vn51.modern.province", "Tiêu chí xã nông thôn mới hiện đại do tỉnh ban hành",
        "The province's criteria for a modern NTM commune",
        cite51("Phụ lục II (tiêu chí do tỉnh ban hành)", "unknown",
               "Nội dung do từng tỉnh ban hành, chưa có ở đây / issued by each province, not "
               "known here"))
    provincial_cite = cite51(
        "Phụ lục II (tiêu chí do tỉnh ban hành)", "secondary",
        "Theo tờ trình của Chính phủ ngày 03/12/2025 (en.vietnamplus.vn): \"under a pilot "
        "framework issued by central authorities and provincial-level criteria\"")
    ntm = ntm_commune()
    criteria = (
        Criterion(id="c00", number="0",
                  label_vi="Đạt chuẩn xã nông thôn mới giai đoạn 2026 - 2030",
                  label_en="Meets the NTM commune set 2026-2030",
                  rule=meets(NTM_ID, tier="ntm", recognised_from=2026),
                  citation=cite51("Phụ lục II (điều kiện chưa đọc được)", "unknown",
                                  "Suy ra từ NQ 257/2025/QH15: 'khoảng 65% số xã đạt chuẩn nông "
                                  "thôn mới, trong đó có khoảng 10% số xã được công nhận đạt "
                                  "nông thôn mới hiện đại' (thứ cấp) / inferred from "
                                  "Resolution 257, which counts modern communes among NTM "
                                  "communes")),
        Criterion(id="c01", number="1", label_vi=framework.label_vi,
                  label_en=framework.label_en, rule=rule_param(framework.name),
                  citation=framework.citation),
        Criterion(id="c02", number="2", label_vi=provincial.label_vi,
                  label_en=provincial.label_en, rule=rule_param(provincial.name),
                  citation=provincial_cite),
    )
    return CriteriaSet(
        id=MODERN_ID,
        label_vi="Khung thí điểm xây dựng xã nông thôn mới hiện đại giai đoạn 2026 - 2030",
        label_en="Pilot framework for modern NTM communes, 2026-2030",
        level="commune", valid_from=2026, valid_to=2030, criteria=criteria,
        indicators=(framework_flag, provincial_flag), parameters=(framework, provincial),
        references=(ntm,),
        citation=cite51("Điều 1, khoản 1, điểm b; Phụ lục II", "verified-text",
                        "Chỉ Điều 1 đã đối chiếu văn bản; nội dung Phụ lục II chưa đọc được / "
                        "only Article 1 verified; the annex's content was not read"),
    )


# ------------------------------------------------------------------------ Annex III
SHARE_PARAMETER = "vn51.province.ntm_commune_share"


@cache
def province_completion() -> CriteriaSet:
    """``vn.province.ntm-complete.2026-2030``: a province or city completing the NTM task
    (Annex III), over the province's communes."""
    other, other_flag = _rule_parameter(
        "vn51.province.other", "Các điều kiện khác của Phụ lục III (chưa mã hóa)",
        "The other conditions of Annex III (not encoded)",
        cite51("Phụ lục III", "unknown", "Chỉ đọc được tên phụ lục; báo chí nêu Quyết định "
                                         "'siết chặt các điều kiện' / only the title was read"))
    share_parameter = Parameter(
        name=SHARE_PARAMETER, measure="percent",
        label_vi="Tỷ lệ tối thiểu số xã trên địa bàn đạt chuẩn nông thôn mới 2026-2030",
        label_en="Minimum share of the province's communes meeting the NTM set 2026-2030",
        citation=cite51("Phụ lục III", "unknown",
                        "Mức chưa đọc được; giai đoạn 2021-2025 QĐ 320 Phụ lục II mở đầu bằng "
                        "'(1) Có 100% số xã…' nhưng không suy ra mức 2026-2030 / not read; "
                        "the 2021-2025 annex began with '(1) 100% of communes…', which is not "
                        "assumed here"))
    criteria = (
        Criterion(id="c01", number="1",
                  label_vi="Tỷ lệ xã trên địa bàn đạt chuẩn nông thôn mới giai đoạn 2026 - 2030",
                  label_en="Share of the province's communes meeting the NTM set 2026-2030",
                  rule=share("commune", meets(NTM_ID, tier="ntm", recognised_from=2026),
                             at_least=param(SHARE_PARAMETER)),
                  citation=cite51("Phụ lục III", "unknown",
                                  "Điều kiện theo cấu trúc giai đoạn 2021-2025 (tỷ lệ xã đạt "
                                  "chuẩn); chỉ tính xã, không tính phường / modelled on the "
                                  "2021-2025 structure; communes only, wards are not counted")),
        Criterion(id="c02", number="2", label_vi=other.label_vi, label_en=other.label_en,
                  rule=rule_param(other.name), citation=other.citation),
    )
    return CriteriaSet(
        id=PROVINCE_ID,
        label_vi="Quy định tỉnh, thành phố hoàn thành nhiệm vụ xây dựng nông thôn mới giai "
                 "đoạn 2026 - 2030",
        label_en="A province or city completing the NTM task, 2026-2030",
        level="province", member_level="commune", valid_from=2026, valid_to=2030,
        criteria=criteria, indicators=(other_flag,), parameters=(share_parameter, other),
        references=(ntm_commune(),),
        citation=cite51("Điều 1, khoản 1, điểm c; Phụ lục III", "verified-text",
                        "Chỉ Điều 1 đã đối chiếu văn bản; nội dung Phụ lục III chưa đọc được / "
                        "only Article 1 verified; the annex's content was not read"),
    )
