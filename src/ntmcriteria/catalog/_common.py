"""Shared citations, indicator helpers and criterion helpers for the bundled sets.

Nothing here reads files: every set is Python code building frozen objects.
"""

from __future__ import annotations

from ntmcriteria.citations import Citation
from ntmcriteria.criteria import Criterion, Parameter
from ntmcriteria.indicators import Indicator
from ntmcriteria.rules import Rule, rule_param

__all__ = [
    "D18",
    "D318",
    "D318_ADVANCED",
    "D319",
    "D320",
    "HUMAN",
    "QN_2254",
    "QN_2333",
    "QN_2429",
    "SEED",
    "AppraisedCriterion",
    "appraised",
    "cite",
    "flag",
    "money",
    "number",
    "pct",
    "seed",
]

D318 = "Quyết định 318/QĐ-TTg (Bộ tiêu chí quốc gia về xã nông thôn mới 2021-2025)"
D318_ADVANCED = ("Quyết định 318/QĐ-TTg (Bộ tiêu chí quốc gia về xã nông thôn mới nâng cao "
                 "2021-2025)")
D319 = "Quyết định 319/QĐ-TTg (Quy định xã nông thôn mới kiểu mẫu 2021-2025)"
D320 = "Quyết định 320/QĐ-TTg (Bộ tiêu chí quốc gia về huyện nông thôn mới 2021-2025)"
D18 = "Quyết định 18/2022/QĐ-TTg (công nhận, công bố và thu hồi quyết định công nhận)"
SEED = ("Dự thảo Kế hoạch xây dựng xã NTM kiểu mẫu, huyện NTM kiểu mẫu tỉnh Quảng Nam "
        "giai đoạn 2021-2025 (Văn phòng Điều phối NTM tỉnh)")
QN_2254 = "Quyết định 2254/QĐ-UBND tỉnh Quảng Nam (Bộ tiêu chí thôn NTM kiểu mẫu 2022-2025)"
QN_2333 = ("Quyết định 2333/QĐ-UBND tỉnh Quảng Nam (Bộ tiêu chí xã NTM nâng cao giai đoạn "
           "2022-2025 thực hiện trên địa bàn tỉnh)")
QN_2429 = ("Quyết định 2429/QĐ-UBND tỉnh Quảng Nam (Quy định xã NTM kiểu mẫu giai đoạn "
           "2022-2025)")

_DATES = {D318: "08/03/2022", D318_ADVANCED: "08/03/2022", D319: "08/03/2022",
          D320: "08/03/2022", D18: "02/08/2022", SEED: "11/05/2021", QN_2254: "29/08/2022",
          QN_2333: "08/09/2022", QN_2429: "09/2022"}


def cite(document: str, article: str, confidence: str, note: str = "") -> Citation:
    """A citation of one of the known documents (its date filled in)."""
    return Citation(document=document, date=_DATES.get(document, ""), article=article,
                    confidence=confidence, note=note)


def seed(item: str, note: str = "") -> Citation:
    """A requirement of the Quảng Nam draft plan, section III.1.b, item ``item``."""
    return cite(SEED, f"Mục III.1.b, {item}", "seed", note)


def pct(key: str, vi: str, en: str, note: str = "") -> Indicator:
    """A percentage indicator (0..100)."""
    return Indicator(key=key, label_vi=vi, label_en=en, measure="percent",
                     value_type="decimal", note=note)


def money(key: str, vi: str, en: str, measure: str = "million_vnd_per_person_year",
          note: str = "") -> Indicator:
    """A money amount (million VND per person or per hectare per year), >= 0."""
    return Indicator(key=key, label_vi=vi, label_en=en, measure=measure,
                     value_type="decimal", minimum=0, note=note)


def number(key: str, vi: str, en: str, measure: str = "count", note: str = "") -> Indicator:
    """A whole number >= 0 (a count or a number of households)."""
    return Indicator(key=key, label_vi=vi, label_en=en, measure=measure,
                     value_type="integer", note=note)


def flag(key: str, vi: str, en: str, note: str = "") -> Indicator:
    """A yes/no fact. Qualitative requirements are yes/no facts assessed by people."""
    return Indicator(key=key, label_vi=vi, label_en=en, measure="yes_no",
                     value_type="boolean", note=note)


HUMAN = ("Yêu cầu định tính: sự kiện có/không do cơ quan thẩm định đánh giá. / "
         "Qualitative requirement: a yes/no fact assessed by people (the appraisal body).")


class AppraisedCriterion:
    """Pieces for a criterion whose detailed indicators are not encoded.

    The criterion's rule is the rule parameter ``param_name`` (no default, so an
    assessment reports it as missing). The set also declares the yes/no
    indicator ``indicator_key`` — the appraisal body's verdict on the criterion —
    so that a caller may supply ``yes(indicator_key)`` as the rule while the
    legal table is not encoded (see :func:`ntmcriteria.catalog.appraisal_rules`).
    """

    __slots__ = ("criterion", "indicator", "parameter")

    def __init__(self, criterion: Criterion, parameter: Parameter, indicator: Indicator) -> None:
        self.criterion = criterion
        self.parameter = parameter
        self.indicator = indicator


def appraised(*, set_key: str, criterion_id: str, number: str, vi: str, en: str,
              citation: Citation, group: str = "", extra: Rule | None = None,
              parameter_citation: Citation | None = None) -> AppraisedCriterion:
    """A criterion whose content is a province- or caller-supplied rule parameter.

    ``extra`` (if given) is a known part of the criterion that must hold as well.
    """
    name = f"{set_key}.{criterion_id}.rule"
    key = f"{set_key}.{criterion_id}.appraised"
    parameter = Parameter(
        name=name, kind="rule",
        label_vi=f"Quy tắc đánh giá tiêu chí {number} ({vi}) — chưa mã hóa",
        label_en=f"Rule for criterion {number} ({en}) — not encoded",
        citation=parameter_citation or Citation(
            document=citation.document, date=citation.date, article=citation.article,
            confidence="unknown",
            note="Bảng chỉ tiêu chưa đọc được / indicator table not read"),
    )
    indicator = flag(key, f"Tiêu chí {number} ({vi}) đạt theo kết quả thẩm định",
                     f"Criterion {number} ({en}) met per the appraisal verdict",
                     note=HUMAN)
    rule: Rule = rule_param(name)
    if extra is not None:
        rule = extra & rule
    criterion = Criterion(id=criterion_id, number=number, label_vi=vi, label_en=en, rule=rule,
                          citation=citation, group=group)
    return AppraisedCriterion(criterion, parameter, indicator)

