"""The illustrative Quảng Nam sheets of tests/data, their mappings, and the units they
hold, built by hand (the expected result of reading them)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ntmcriteria import Commune, CriteriaSet, Village
from ntmcriteria.catalog import get
from ntmcriteria.tables import HistoryColumns, UnitColumns

DATA = Path(__file__).parent / "data"
MODEL_SET = "qn.commune.model.group2.2021-2025"
FIELD_SET = "qn.commune.field.group2.2021-2025"

COMMUNE_COLUMNS = UnitColumns(
    code="Mã xã", name="Tên xã", parent="Mã huyện", parent_name="Tên huyện", region="Vùng",
    recognitions={"ntm": "Năm đạt chuẩn NTM", "advanced": "Năm đạt chuẩn NTM nâng cao"},
    ignore=("STT", "Ghi chú"))
VILLAGE_COLUMNS = UnitColumns(code="Mã thôn", name="Tên thôn", parent="Mã xã",
                              ignore=("STT", "Ghi chú"))
HISTORY_COLUMNS = HistoryColumns(code="Mã xã", year="Năm", indicator="Chỉ tiêu",
                                 value="Giá trị")
D = Decimal


def text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def model_set() -> CriteriaSet:
    return get(MODEL_SET)


def field_set() -> CriteriaSet:
    return get(FIELD_SET)


def _v(code: str, name: str, **facts: object) -> Village:
    return Village(code=code, name=name, facts=facts)


#: The villages of the village sheet, by commune code.
VILLAGES = {
    "20296": (
        _v("01", "Thôn Hà Dừa", in_zone_kv1=False, in_zone_kv2=False,
           **{"qn2254.village.appraised": True}),
        _v("02", "Thôn Xuân Đông", in_zone_kv1=False, **{"qn2254.village.appraised": True}),
        _v("03", "Thôn Thanh Chiêm", **{"qn2254.village.appraised": True}),
    ),
    "20299": (
        _v("01", "Thôn Đông Hòa", in_zone_kv1=False, in_zone_kv2=False,
           **{"qn2254.village.appraised": True}),
        _v("02", "Thôn Tây Hòa", in_zone_kv1=False, in_zone_kv2=False,
           **{"qn2254.village.appraised": False}),
    ),
    "20350": (_v("01", "Thôn Ngọc Nam", in_zone_kv1=False, in_zone_kv2=False,
                 **{"qn2254.village.appraised": True}),),
    "20455": (
        _v("01", "Thôn Châu Hiệp", in_zone_kv1=False, in_zone_kv2=False,
           **{"qn2254.village.appraised": True}),
        _v("02", "Thôn Phú Nham Tây", in_zone_kv1=False),
    ),
}

_POOR_EXEMPT = "poor_households_exempt"
_COMMUNES = (
    # code, name, ntm, advanced, coops, hightech, value/ha, area, income, NTM-year income,
    # poor, exempt, health insurance
    ("20296", "Điện Quang", 2014, 2021, 3, 1, D("205.5"), True, D("68.4"), D("28.5"), 0, 0,
     D("96.5")),
    ("20299", "Điện Trung", 2014, 2022, 2, 1, D("192.3"), True, D("61.2"), D("27.9"), 2, 2,
     D("95.1")),
    ("20350", "Tam Ngọc", 2015, None, 2, 0, 188, False, D("59.99"), D("30.2"), 1, 0, None),
    ("20401", "Quế Xuân 1", 2015, 2023, None, None, 201, True, D("55.0"), 29, 3, 1, 97),
    ("20420", "Tam Thái", 2015, None, 4, 2, D("230.75"), True, None, None, 0, 0, D("92.35")),
    ("20440", "Đại Quang", 2018, None, 1, 0, D("150.2"), False, D("48.6"), D("33.4"), 5, 2, 94),
    ("20455", "Duy Châu", 2018, 2024, 2, 1, D("199.5"), True, D("63.1"), D("36.8"), 0, 0,
     D("98.2")),
    ("20470", "Tiên Hà", 2020, None, 2, 1, D("176.4"), False, D("47.25"), D("32.1"), 1, 1, 90),
)
#: The district of each commune (code, name).
DISTRICTS = {"20296": ("503", "Thị xã Điện Bàn"), "20299": ("503", "Thị xã Điện Bàn"),
             "20350": ("502", "Thành phố Tam Kỳ"), "20401": ("512", "Huyện Quế Sơn"),
             "20420": ("518", "Huyện Phú Ninh"), "20440": ("506", "Huyện Đại Lộc"),
             "20455": ("508", "Huyện Duy Xuyên"), "20470": ("516", "Huyện Tiên Phước")}

#: The long history sheet, by commune code and year.
LONG_HISTORY: dict[str, dict[int, dict[str, object]]] = {
    "20296": {
        2022: {"effective_cooperatives": 1, "hightech_cooperatives": 0,
               "production_value_per_ha": D("160.5"), "concentrated_production_area": False,
               "income": D("52.3"), "poor_households": 6, _POOR_EXEMPT: 1},
        2023: {"effective_cooperatives": 2, "hightech_cooperatives": 1,
               "production_value_per_ha": 182, "concentrated_production_area": True,
               "income": D("58.1"), "poor_households": 3, _POOR_EXEMPT: 1},
        2024: {"effective_cooperatives": 3, "hightech_cooperatives": 1,
               "production_value_per_ha": D("198.4"), "concentrated_production_area": True,
               "income": D("63.9"), "poor_households": 1, _POOR_EXEMPT: 1},
    },
    "20455": {2024: {"production_value_per_ha": 195}},
}


def communes(*, villages: bool = True, history: bool = False) -> tuple[Commune, ...]:
    """The communes of the commune sheet, built by hand."""
    out = []
    for (code, name, ntm, advanced, coops, hightech, value, area, income, ntm_income, poor,
         exempt, insurance) in _COMMUNES:
        facts = {"effective_cooperatives": coops, "hightech_cooperatives": hightech,
                 "production_value_per_ha": value, "concentrated_production_area": area,
                 "income": income, "poor_households": poor, _POOR_EXEMPT: exempt,
                 "health_insurance_rate": insurance}
        years: dict[int, dict[str, object]] = {}
        if ntm_income is not None:
            years[ntm] = {"income": ntm_income}
        if history:
            for year, past in LONG_HISTORY.get(code, {}).items():
                years.setdefault(year, {}).update(past)
        recognitions = {"ntm": ntm} if advanced is None else {"ntm": ntm, "advanced": advanced}
        out.append(Commune(code=code, name=name, region="DHNTB", facts=facts, history=years,
                           recognitions=recognitions,
                           villages=VILLAGES.get(code, ()) if villages else ()))
    return tuple(out)
