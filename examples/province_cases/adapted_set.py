"""An adapted criteria set, as a province (or a district office) would build it.

It starts from the bundled Quảng Nam "field group 2" set (production and
income of model communes) and makes one change: criterion g2.2 compares the
production value per hectare with a named parameter the office sets each
year, instead of a fixed value.

ILLUSTRATIVE ONLY: the adaptation and every number in ``cases.yaml`` are made
up to show the workflow; they are not legal thresholds.
"""

from __future__ import annotations

from ntmcriteria.catalog import get
from ntmcriteria.changes import AddParameter, ReplaceCriterion
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, Criterion, Parameter
from ntmcriteria.rules import fact, param

BASE_ID = "qn.commune.field.group2.2021-2025"
FLOOR = "example.production_value_floor"

EXAMPLE = Citation(
    document="Ví dụ minh hoạ cách điều chỉnh bộ tiêu chí (không phải văn bản pháp lý)",
    confidence="unknown",
    note="illustrative adaptation for the documentation",
)


def adapted_set() -> CriteriaSet:
    """The bundled group-2 set with the g2.2 floor turned into a yearly parameter."""
    floor = Parameter(
        name=FLOOR,
        label_vi="Mức sàn giá trị sản xuất trên 1 ha đất sản xuất",
        label_en="Floor of production value per hectare",
        citation=EXAMPLE,
        measure="million_vnd_per_hectare_year",
    )
    base = get(BASE_ID)
    production = Criterion(
        id="g2.2",
        number=base.criterion("g2.2").number,
        label_vi="Giá trị sản xuất trên 1 ha đất sản xuất đạt mức sàn do tỉnh quy định hằng năm",
        label_en="Production value per hectare at least the floor the province sets each year",
        rule=fact("production_value_per_ha") >= param(FLOOR),
        citation=EXAMPLE,
        group=base.criterion("g2.2").group,
    )
    return base.derive(
        id="example.commune.field.group2",
        label_vi="Nhóm 2 (bản điều chỉnh minh hoạ)",
        label_en="Group 2 (illustrative adaptation)",
        changes=[
            AddParameter(parameter=floor, citation=EXAMPLE),
            ReplaceCriterion(criterion=production, citation=EXAMPLE),
        ],
    )
