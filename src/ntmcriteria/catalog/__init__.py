"""Bundled criteria sets with citations: the national 2021-2025 sets and Quảng Nam's.

>>> from ntmcriteria.catalog import catalog, get
>>> [entry.id for entry in catalog()][:2]
['vn.commune.ntm.2021-2025', 'vn.commune.ntm-advanced.2021-2025']
>>> get("vn.commune.ntm-model.2021-2025").level.value
'commune'

Sets are built on first use (and then kept). Thresholds the sources do not give
are parameters without a default: an assessment that needs one reports it as
missing. Criteria whose indicator tables were not read are rule parameters
named ``<...>.rule``; :func:`appraisal_rules` supplies, for each of them, "the
appraisal verdict on this criterion is yes" — a yes/no fact assessed by people.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from ntmcriteria.catalog import _quang_nam, _vn_318, _vn_319, _vn_320
from ntmcriteria.catalog._appraisal import appraisal_rules
from ntmcriteria.catalog._common import D18, D318, D318_ADVANCED, D319, D320, QN_2254, SEED
from ntmcriteria.catalog._illustrative import (
    ILLUSTRATIVE_NOTE,
    illustrative_communes,
    illustrative_districts,
    illustrative_parameters,
)
from ntmcriteria.catalog._plan_data import quang_nam_plan
from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.errors import UnknownNameError
from ntmcriteria.units import Level

__all__ = [
    "ILLUSTRATIVE_NOTE",
    "CatalogEntry",
    "appraisal_rules",
    "catalog",
    "get",
    "illustrative_communes",
    "illustrative_districts",
    "illustrative_parameters",
    "quang_nam_plan",
]


@attrs.frozen(kw_only=True)
class CatalogEntry:
    """One bundled set: id, labels, level, period and source documents."""

    id: str
    label_vi: str
    label_en: str
    level: Level
    valid_from: int
    valid_to: int
    sources: tuple[str, ...]
    _build: Callable[[], CriteriaSet] = attrs.field(eq=False, repr=False, alias="build")

    @property
    def period(self) -> str:
        return f"{self.valid_from}-{self.valid_to}"

    def load(self) -> CriteriaSet:
        """The criteria set (built on first use)."""
        return self._build()


def _entry(build: Callable[[], CriteriaSet], *sources: str, vi: str, en: str, set_id: str,
           level: str, valid_from: int = 2021, valid_to: int = 2025) -> CatalogEntry:
    return CatalogEntry(id=set_id, label_vi=vi, label_en=en, level=Level(level),
                        valid_from=valid_from, valid_to=valid_to, sources=sources, build=build)


def _group_builder(group: int, model: bool) -> Callable[[], CriteriaSet]:
    if model:
        return lambda: _quang_nam.model_commune_group(group)
    return lambda: _quang_nam.field_group(group)


def _entries() -> tuple[CatalogEntry, ...]:
    entries = [
        _entry(_vn_318.ntm_commune, D318, D18, set_id=_vn_318.NTM_ID, level="commune",
               vi="Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025",
               en="National NTM commune criteria 2021-2025"),
        _entry(_vn_318.advanced_commune, D318_ADVANCED, set_id=_vn_318.ADVANCED_ID,
               level="commune",
               vi="Bộ tiêu chí quốc gia về xã nông thôn mới nâng cao giai đoạn 2021 - 2025",
               en="National advanced NTM commune criteria 2021-2025"),
        _entry(_vn_319.model_commune, D319, set_id=_vn_319.MODEL_ID, level="commune",
               vi="Quy định xã nông thôn mới kiểu mẫu giai đoạn 2021 - 2025",
               en="National model NTM commune rules 2021-2025"),
        _entry(_vn_320.ntm_district, D320, set_id=_vn_320.DISTRICT_NTM_ID, level="district",
               vi="Bộ tiêu chí quốc gia về huyện nông thôn mới giai đoạn 2021 - 2025",
               en="National NTM district criteria 2021-2025"),
        _entry(_vn_320.advanced_district, D320, set_id=_vn_320.DISTRICT_ADVANCED_ID,
               level="district",
               vi="Bộ tiêu chí quốc gia về huyện nông thôn mới nâng cao giai đoạn 2021 - 2025",
               en="National advanced NTM district criteria 2021-2025"),
        _entry(_quang_nam.model_village, QN_2254, set_id=_quang_nam.VILLAGE_MODEL_ID,
               level="village", valid_from=2022,
               vi="Bộ tiêu chí thôn NTM kiểu mẫu tỉnh Quảng Nam giai đoạn 2022-2025",
               en="Quảng Nam model-village criteria 2022-2025"),
    ]
    for group in (1, 2, 3):
        vi, en = _quang_nam.GROUP_LABELS[group]
        entries.append(_entry(_group_builder(group, False), SEED,
                              set_id=_quang_nam.FIELD_IDS[group], level="commune",
                              vi=f"Nhóm {group} — kiểu mẫu nổi trội: {vi}",
                              en=f"Group {group} — outstanding model field: {en}"))
    for group in (1, 2, 3):
        entries.append(_entry(_group_builder(group, True), SEED, D318_ADVANCED, QN_2254,
                              set_id=_quang_nam.MODEL_IDS[group], level="commune",
                              vi=f"Xã NTM kiểu mẫu tỉnh Quảng Nam 2021-2025, nhóm {group}",
                              en=f"Quảng Nam model NTM commune 2021-2025, group {group}"))
    entries.append(_entry(_quang_nam.model_commune_any, SEED, D318_ADVANCED, QN_2254,
                          set_id=_quang_nam.MODEL_ANY_ID, level="commune",
                          vi="Xã NTM kiểu mẫu tỉnh Quảng Nam 2021-2025 (một nhóm bất kỳ)",
                          en="Quảng Nam model NTM commune 2021-2025 (any group)"))
    entries.append(_entry(_quang_nam.model_district, SEED, D320,
                          set_id=_quang_nam.DISTRICT_MODEL_ID, level="district",
                          vi="Huyện NTM kiểu mẫu tỉnh Quảng Nam giai đoạn 2021-2025",
                          en="Quảng Nam model NTM district 2021-2025"))
    return tuple(entries)


_ENTRIES = _entries()


def catalog() -> tuple[CatalogEntry, ...]:
    """Every bundled set, with its labels, level, period and sources (nothing is built)."""
    return _ENTRIES


def get(set_id: str) -> CriteriaSet:
    """The bundled set ``set_id``; an unknown id raises with a did-you-mean."""
    for entry in _ENTRIES:
        if entry.id == set_id:
            return entry.load()
    raise UnknownNameError("criteria set", str(set_id), [e.id for e in _ENTRIES],
                           "the bundled catalog")
