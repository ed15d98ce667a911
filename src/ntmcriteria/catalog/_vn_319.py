"""Decision 319/QĐ-TTg (08/03/2022), Article 1: the model NTM commune 2021-2025.

Exactly its four conditions (verified-text):

1. meets the advanced set 2021-2025 — an advanced recognition from 2021 on
   counts; one of 2018-2020 does not carry over, and the commune is then
   assessed on its facts against the 2021-2025 advanced set;
2. per-capita income at least 10% above the advanced-NTM income level of the
   same year and region: ``income >= 1.10 x vn318.income.advanced``;
3. at least one smart village — the province defines the smart-village rule
   (rule parameter ``vn319.smart_village``, evaluated on each village; the
   indicators it uses must be declared in this set or a set derived from it);
4. at least one outstanding field — an open list whose rules the province
   issues (rule parameter ``vn319.outstanding_field``, e.g. an ``any_of`` over
   the province's field rules).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from ntmcriteria.catalog._common import D319, cite
from ntmcriteria.catalog._vn_318 import ADVANCED_ID, advanced_commune, income_indicator
from ntmcriteria.criteria import CriteriaSet, Criterion, Parameter
from ntmcriteria.rules import count, fact, meets, param, rule_param, scaled

__all__ = ["MODEL_ID", "model_commune"]

MODEL_ID = "vn.commune.ntm-model.2021-2025"
_ARTICLE = "Điều 1, khoản {}"


@cache
def model_commune() -> CriteriaSet:
    """``vn.commune.ntm-model.2021-2025``."""
    criteria = (
        Criterion(
            id="km1", number="1",
            label_vi="Đạt chuẩn xã nông thôn mới nâng cao giai đoạn 2021-2025",
            label_en="Meets the advanced NTM commune set 2021-2025",
            rule=meets(ADVANCED_ID, tier="advanced", recognised_from=2021),
            citation=cite(D319, _ARTICLE.format(1), "verified-text",
                          "Công nhận NTM nâng cao giai đoạn 2018-2020 không được tính; công "
                          "nhận từ năm 2021 được tính là cách hiểu của thư viện (văn bản chỉ nêu "
                          "giai đoạn 2018-2020) / an advanced recognition of 2018-2020 does not "
                          "carry over; counting recognitions from 2021 on is this library's "
                          "reading (the text names only 2018-2020)")),
        Criterion(
            id="km2", number="2",
            label_vi="Thu nhập bình quân đầu người cao hơn từ 10% trở lên so với mức áp dụng "
                     "đối với xã NTM nâng cao tại cùng thời điểm",
            label_en="Per-capita income at least 10% above the advanced-NTM level of the same "
                     "year",
            rule=fact("income") >= scaled(Decimal("1.10"), param("vn318.income.advanced")),
            citation=cite(D319, _ARTICLE.format(2), "verified-text",
                          "Mức NTM nâng cao theo vùng thực tế của xã; quy định áp dụng mức vùng "
                          "TDMNPB cho xã ĐBKK chỉ được ghi nhận cho bộ tiêu chí xã NTM / the "
                          "advanced level of the commune's own region: the TDMNPB override for "
                          "especially disadvantaged communes is only recorded for the NTM set")),
        Criterion(
            id="km3", number="3", label_vi="Có ít nhất một mô hình thôn thông minh",
            label_en="At least one smart-village model",
            rule=count("village", rule_param("vn319.smart_village"), at_least=1),
            citation=cite(D319, _ARTICLE.format(3), "verified-text",
                          "UBND cấp tỉnh quy định cụ thể / the province defines it")),
        Criterion(
            id="km4", number="4",
            label_vi="Đạt tiêu chí xã NTM kiểu mẫu theo ít nhất một lĩnh vực nổi trội nhất",
            label_en="Meets the model criteria of at least one most outstanding field",
            rule=rule_param("vn319.outstanding_field"),
            citation=cite(D319, _ARTICLE.format(4), "verified-text",
                          "Danh mục mở (sản xuất, giáo dục, văn hóa, du lịch, cảnh quan môi "
                          "trường, an ninh trật tự, chuyển đổi số...), do UBND cấp tỉnh ban "
                          "hành / open list, issued by the province")),
    )
    parameters = (
        Parameter(name="vn319.smart_village", kind="rule",
                  label_vi="Quy tắc thôn thông minh (do UBND cấp tỉnh quy định)",
                  label_en="Smart-village rule (defined by the province)",
                  citation=cite(D319, _ARTICLE.format(3), "unknown",
                                "Nội dung do tỉnh quy định / content set by the province")),
        Parameter(name="vn319.outstanding_field", kind="rule",
                  label_vi="Quy tắc lĩnh vực nổi trội (do UBND cấp tỉnh ban hành)",
                  label_en="Outstanding-field rule (issued by the province)",
                  citation=cite(D319, _ARTICLE.format(4), "unknown",
                                "Nội dung do tỉnh ban hành / content issued by the province")),
    )
    return CriteriaSet(
        id=MODEL_ID, label_vi="Quy định xã nông thôn mới kiểu mẫu giai đoạn 2021 - 2025",
        label_en="Model NTM communes, 2021-2025", level="commune", valid_from=2021,
        valid_to=2025, criteria=criteria, indicators=(income_indicator(),),
        parameters=parameters, references=(advanced_commune(),),
        citation=cite(D319, "Điều 1", "verified-text"))
