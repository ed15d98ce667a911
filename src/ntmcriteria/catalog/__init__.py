"""Bundled criteria sets with citations: the national 2021-2025 and 2026-2030 sets and
Quảng Nam's 2021-2025 sets.

Quảng Nam's model commune has two encodings: ``qn.commune.model.2022-2025`` (Decision
2429/QĐ-UBND, in force 2022-2025) and the sets of the 2021 draft plan
(``qn.commune.model[.groupN].2021-2025``, the outstanding-group sets and the model
district), kept for tracking the plan by its own criteria and marked ``draft``: a
draft is never in force, so :func:`in_force` leaves it out unless asked
(``drafts=True``).

>>> from ntmcriteria.catalog import catalog, get, in_force
>>> [entry.id for entry in catalog()][:2]
['vn.commune.ntm.2021-2025', 'vn.commune.ntm-advanced.2021-2025']
>>> get("vn.commune.ntm-model.2021-2025").level.value
'commune'
>>> [entry.id for entry in in_force("commune", 2026)]
['vn.commune.ntm.2026-2030', 'vn.commune.ntm-modern.2026-2030']

Each bundled set names the national sets of its level in the other periods
(``other_periods``), so that assessing it in a year outside its period raises a
:class:`~ntmcriteria.errors.PeriodError` naming the set in force that year.

Sets are built on first use (and then kept). Thresholds the sources do not give
are parameters without a default: an assessment that needs one reports it as
missing. Criteria whose indicator tables were not read are rule parameters
named ``<...>.rule``; :func:`appraisal_rules` supplies, for each of them, "the
appraisal verdict on this criterion is yes" — a yes/no fact assessed by people.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import attrs

from ntmcriteria._values import shown, to_year
from ntmcriteria.catalog import _quang_nam, _quang_nam_2022, _vn_51, _vn_318, _vn_319, _vn_320
from ntmcriteria.catalog._appraisal import appraisal_rules
from ntmcriteria.catalog._common import (
    D18,
    D318,
    D318_ADVANCED,
    D319,
    D320,
    QN_2254,
    QN_2333,
    QN_2429,
    SEED,
)
from ntmcriteria.catalog._illustrative import (
    ILLUSTRATIVE_NOTE,
    illustrative_communes,
    illustrative_districts,
    illustrative_parameters,
)
from ntmcriteria.catalog._mergers import cv3372_policy, merger_2025_policy, merger_policies
from ntmcriteria.catalog._plan_data import quang_nam_plan
from ntmcriteria.catalog._programme import programme_plan, programme_targets
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, PeriodLink
from ntmcriteria.errors import NTMTypeError, UnknownNameError
from ntmcriteria.units import Level, to_level

__all__ = [
    "ILLUSTRATIVE_NOTE",
    "CatalogEntry",
    "appraisal_rules",
    "catalog",
    "cv3372_policy",
    "get",
    "illustrative_communes",
    "illustrative_districts",
    "illustrative_parameters",
    "in_force",
    "merger_2025_policy",
    "merger_policies",
    "programme_plan",
    "programme_targets",
    "quang_nam_plan",
]


@attrs.frozen(kw_only=True)
class CatalogEntry:
    """One bundled set: id, labels, level, period and source documents; ``draft``: the set
    encodes a draft (never in force)."""

    id: str
    label_vi: str
    label_en: str
    level: Level
    valid_from: int
    valid_to: int
    sources: tuple[str, ...]
    _build: Callable[[], CriteriaSet] = attrs.field(eq=False, repr=False, alias="build")
    draft: bool = False

    @property
    def period(self) -> str:
        return f"{self.valid_from}-{self.valid_to}"

    @property
    def national(self) -> bool:
        """Whether the set is a national one (its id starts with ``vn.``)."""
        return self.id.startswith("vn.")

    def covers(self, year: int) -> bool:
        return self.valid_from <= year <= self.valid_to

    def load(self) -> CriteriaSet:
        """The criteria set (built on first use), with its links to the national sets of
        its level in other periods."""
        return _linked(self.id)


def _entry(build: Callable[[], CriteriaSet], *sources: str, vi: str, en: str, set_id: str,
           level: str, valid_from: int = 2021, valid_to: int = 2025,
           draft: bool = False) -> CatalogEntry:
    if draft:
        vi, en = vi + _quang_nam.DRAFT_VI, en + _quang_nam.DRAFT_EN
    return CatalogEntry(id=set_id, label_vi=vi, label_en=en, level=Level(level),
                        valid_from=valid_from, valid_to=valid_to, sources=sources, build=build,
                        draft=draft)


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
        _entry(_quang_nam_2022.advanced_commune_qn, QN_2333, D318_ADVANCED,
               set_id=_quang_nam_2022.ADVANCED_QN_ID, level="commune", valid_from=2022,
               vi="Bộ tiêu chí xã NTM nâng cao tỉnh Quảng Nam giai đoạn 2022-2025 (QĐ 2333)",
               en="Quảng Nam advanced NTM commune criteria 2022-2025 (Decision 2333)"),
        _entry(_quang_nam_2022.model_commune_2022, QN_2429, QN_2333,
               set_id=_quang_nam_2022.MODEL_2022_ID, level="commune", valid_from=2022,
               vi="Xã NTM kiểu mẫu tỉnh Quảng Nam giai đoạn 2022-2025 (QĐ 2429/QĐ-UBND)",
               en="Quảng Nam model NTM commune 2022-2025 (Decision 2429/QĐ-UBND)"),
    ]
    for group in (1, 2, 3):
        vi, en = _quang_nam.GROUP_LABELS[group]
        entries.append(_entry(_group_builder(group, False), SEED,
                              set_id=_quang_nam.FIELD_IDS[group], level="commune", draft=True,
                              vi=f"Nhóm {group} — kiểu mẫu nổi trội: {vi}",
                              en=f"Group {group} — outstanding model field: {en}"))
    for group in (1, 2, 3):
        entries.append(_entry(_group_builder(group, True), SEED, D318_ADVANCED, QN_2254,
                              set_id=_quang_nam.MODEL_IDS[group], level="commune", draft=True,
                              vi=f"Xã NTM kiểu mẫu tỉnh Quảng Nam 2021-2025, nhóm {group}",
                              en=f"Quảng Nam model NTM commune 2021-2025, group {group}"))
    entries.append(_entry(_quang_nam.model_commune_any, SEED, D318_ADVANCED, QN_2254,
                          set_id=_quang_nam.MODEL_ANY_ID, level="commune", draft=True,
                          vi="Xã NTM kiểu mẫu tỉnh Quảng Nam 2021-2025 (một nhóm bất kỳ)",
                          en="Quảng Nam model NTM commune 2021-2025 (any group)"))
    entries.append(_entry(_quang_nam.model_district, SEED, D320,
                          set_id=_quang_nam.DISTRICT_MODEL_ID, level="district", draft=True,
                          vi="Huyện NTM kiểu mẫu tỉnh Quảng Nam giai đoạn 2021-2025",
                          en="Quảng Nam model NTM district 2021-2025"))
    return tuple(entries)


def _entries_2026() -> tuple[CatalogEntry, ...]:
    return (
        _entry(_vn_51.ntm_commune, _vn_51.D51, set_id=_vn_51.NTM_ID, level="commune",
               valid_from=2026, valid_to=2030,
               vi="Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2026 - 2030",
               en="National NTM commune criteria 2026-2030"),
        _entry(_vn_51.modern_commune, _vn_51.D51, set_id=_vn_51.MODERN_ID, level="commune",
               valid_from=2026, valid_to=2030,
               vi="Khung thí điểm xã nông thôn mới hiện đại giai đoạn 2026 - 2030",
               en="Pilot framework for modern NTM communes 2026-2030"),
        _entry(_vn_51.province_completion, _vn_51.D51, set_id=_vn_51.PROVINCE_ID,
               level="province", valid_from=2026, valid_to=2030,
               vi="Tỉnh, thành phố hoàn thành nhiệm vụ xây dựng nông thôn mới 2026 - 2030",
               en="Province or city completing the NTM task 2026-2030"),
    )


_ENTRIES = _entries() + _entries_2026()


def _link_citation(entry: CatalogEntry) -> Citation:
    if entry.valid_from >= 2026:
        return _vn_51.cite51("Điều 1", "verified-text",
                             "Bộ tiêu chí giai đoạn 2026-2030 thay cho các bộ 2021-2025 / the "
                             "2026-2030 criteria replace the 2021-2025 sets")
    return Citation(document=entry.sources[0], confidence="secondary",
                    article=f"giai đoạn {entry.period}")


@cache
def _linked(set_id: str) -> CriteriaSet:
    entry = next(e for e in _ENTRIES if e.id == set_id)
    built = entry._build()
    links = tuple(
        PeriodLink(set_id=other.id, valid_from=other.valid_from, valid_to=other.valid_to,
                   citation=_link_citation(other))
        for other in _ENTRIES
        if other.national and other.level is entry.level and other.id != entry.id
        and (other.valid_to < entry.valid_from or other.valid_from > entry.valid_to))
    if not links:
        return built
    return attrs.evolve(built, other_periods=(*built.other_periods, *links))


def in_force(level: Level | str, year: int, *, national_only: bool = False,
             drafts: bool = False) -> tuple[CatalogEntry, ...]:
    """The bundled sets that apply to units of ``level`` in ``year`` (their valid period
    covers it), in catalog order; ``national_only`` leaves out the provincial sets; the
    sets of a draft (the 2021 Quảng Nam plan) are never in force and are listed only
    with ``drafts=True``.

    ``in_force("commune", 2025)`` gives the 2021-2025 sets, ``in_force("commune", 2026)``
    those of Decision 51/2025, ``in_force("district", 2026)`` none (the district level
    was abolished on 1 July 2025), and a year no bundled set covers (2031) none.
    """
    wanted = to_level(level)
    year = to_year(year, "year")
    for name, flag in (("national_only", national_only), ("drafts", drafts)):
        if not isinstance(flag, bool):
            raise NTMTypeError(f"{name} must be True or False (got {shown(flag)})")
    return tuple(e for e in _ENTRIES if e.level is wanted and e.covers(year)
                 and (e.national or not national_only) and (drafts or not e.draft))


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
