"""Small hand-built indicators and sets shared by the core tests."""

from __future__ import annotations

from decimal import Decimal

from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, Criterion, Parameter
from ntmcriteria.indicators import Indicator
from ntmcriteria.rules import Rule

SEED = Citation(
    document="Dự thảo Kế hoạch xây dựng xã NTM kiểu mẫu, huyện NTM kiểu mẫu tỉnh Quảng Nam",
    date="2021-05-11",
    article="Mục III.1.b",
    confidence="seed",
)


def ind(key: str, kind: str = "decimal", measure: str | None = None, **kw: object) -> Indicator:
    if measure is None:
        measure = {"decimal": "percent", "integer": "count", "boolean": "yes_no"}[kind]
    return Indicator(
        key=key,
        label_vi=f"Chỉ tiêu {key}",
        label_en=f"Indicator {key}",
        measure=measure,
        value_type=kind,
        **kw,
    )


INCOME = Indicator(
    key="income",
    label_vi="Thu nhập bình quân đầu người",
    label_en="Per-capita income",
    measure="million_vnd_per_person_year",
    value_type="decimal",
    minimum=0,
)
POOR = Indicator(
    key="poor_households",
    label_vi="Số hộ nghèo",
    label_en="Poor households",
    measure="households",
    value_type="integer",
)
POOR_EXEMPT = Indicator(
    key="poor_households_exempt",
    label_vi="Số hộ nghèo thuộc diện loại trừ",
    label_en="Exempt poor households",
    measure="households",
    value_type="integer",
)
MODEL_VILLAGE = Indicator(
    key="model_village",
    label_vi="Thôn đạt chuẩn thôn NTM kiểu mẫu",
    label_en="Meets the model-village standard",
    measure="yes_no",
    value_type="boolean",
)
MODEL_COMMUNE = Indicator(
    key="model_commune",
    label_vi="Xã đạt chuẩn NTM kiểu mẫu",
    label_en="Model commune",
    measure="yes_no",
    value_type="boolean",
)


def one_criterion_set(
    rule: Rule,
    *indicators: Indicator,
    level: str = "commune",
    parameters: tuple[Parameter, ...] = (),
    references: tuple[CriteriaSet, ...] = (),
    set_id: str = "test.set",
) -> CriteriaSet:
    return CriteriaSet(
        id=set_id,
        label_vi="Bộ thử",
        label_en="Test set",
        level=level,
        valid_from=2021,
        valid_to=2025,
        indicators=indicators,
        parameters=parameters,
        references=references,
        criteria=(
            Criterion(
                id="c1", number="1", label_vi="Tiêu chí", label_en="Criterion", rule=rule,
                citation=SEED,
            ),
        ),
    )


D = Decimal
