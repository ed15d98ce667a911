"""The usual headers of an office's sheets, recognised without a declared mapping.

A provincial office's review sheet says ``Mã xã``, ``Tên xã``, ``Mã huyện``,
``Vùng``, ``Năm đạt chuẩn NTM``..., not ``code``, ``name``, ``district_code``.
:func:`guess_columns` reads a table's header and gives the
:class:`~ntmcriteria.tables.columns.UnitColumns` that names those columns (for a
table of units of a given level), and :func:`guess_history_columns` the
:class:`~ntmcriteria.tables.columns.HistoryColumns` of a long history table.
Headers are compared after NFC, case folding and collapsing spaces; the
recognised names are listed in :data:`UNIT_HEADERS` and :data:`HISTORY_HEADERS`
(``{level}`` is the level's Vietnamese or English name, ``{parent}`` the
parent level's). A role with none of its names in the header keeps the
default mapping's column; a declared mapping (``UnitColumns(...)``) given to
:func:`guess_columns` wins over what it guesses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ntmcriteria.errors import NTMTypeError
from ntmcriteria.tables.columns import (
    PARENT_LEVEL,
    TIER_COLUMNS,
    HistoryColumns,
    UnitColumns,
    fold,
)
from ntmcriteria.units import Commune, District, Level, Province, Tier, Township, Village, to_level

__all__ = ["HISTORY_HEADERS", "IGNORED_HEADERS", "UNIT_HEADERS", "guess_columns",
           "guess_history_columns"]

#: The names of each role's column in a unit table, in order of preference.
UNIT_HEADERS: Mapping[str, tuple[str, ...]] = {
    "code": ("code", "mã {level}", "{level}_code", "{level} code", "mã đơn vị", "mã"),
    "name": ("name", "tên {level}", "{level}_name", "{level} name", "tên đơn vị", "tên"),
    "parent": ("{parent}_code", "mã {parent}", "{parent} code", "parent_code",
               "mã đơn vị cấp trên"),
    "parent_name": ("{parent}_name", "tên {parent}", "{parent} name", "tên đơn vị cấp trên"),
    "region": ("region", "vùng", "vùng kinh tế - xã hội", "vùng kinh tế xã hội"),
    "zone": ("zone", "khu vực"),
    "group": ("group", "nhóm"),
    "recognition:ntm": ("ntm_year", "năm đạt chuẩn ntm", "năm đạt chuẩn nông thôn mới",
                        "năm công nhận ntm", "năm công nhận đạt chuẩn ntm"),
    "recognition:advanced": ("advanced_year", "năm đạt chuẩn ntm nâng cao",
                             "năm đạt chuẩn nông thôn mới nâng cao",
                             "năm công nhận ntm nâng cao"),
    "recognition:model": ("model_year", "năm đạt chuẩn ntm kiểu mẫu",
                          "năm đạt chuẩn nông thôn mới kiểu mẫu",
                          "năm công nhận ntm kiểu mẫu"),
    "decided:ntm": ("ntm_decided", "ngày công nhận ntm", "ngày quyết định công nhận ntm",
                    "ngày công nhận đạt chuẩn ntm", "ngày công nhận nông thôn mới"),
    "decided:advanced": ("advanced_decided", "ngày công nhận ntm nâng cao",
                         "ngày quyết định công nhận ntm nâng cao",
                         "ngày công nhận nông thôn mới nâng cao"),
    "decided:model": ("model_decided", "ngày công nhận ntm kiểu mẫu",
                      "ngày quyết định công nhận ntm kiểu mẫu",
                      "ngày công nhận nông thôn mới kiểu mẫu"),
    "decision:ntm": ("ntm_decision", "quyết định công nhận ntm", "số quyết định công nhận ntm",
                     "quyết định công nhận nông thôn mới"),
    "decision:advanced": ("advanced_decision", "quyết định công nhận ntm nâng cao",
                          "số quyết định công nhận ntm nâng cao",
                          "quyết định công nhận nông thôn mới nâng cao"),
    "decision:model": ("model_decision", "quyết định công nhận ntm kiểu mẫu",
                       "số quyết định công nhận ntm kiểu mẫu",
                       "quyết định công nhận nông thôn mới kiểu mẫu"),
}
#: Columns an office's sheet often has that hold no data to assess: row numbers, notes.
IGNORED_HEADERS = ("stt", "tt", "số tt", "số thứ tự", "no.", "ghi chú", "note", "notes")
#: The names of each column of a long history table.
HISTORY_HEADERS: Mapping[str, tuple[str, ...]] = {
    "code": ("code", "mã", "mã đơn vị", "mã xã", "mã thôn", "mã huyện", "mã tỉnh"),
    "year": ("year", "năm"),
    "indicator": ("indicator", "chỉ tiêu"),
    "value": ("value", "giá trị"),
    "level": ("level", "cấp"),
    "parent": ("parent_code", "mã đơn vị cấp trên"),
}
_CLASSES = {Level.VILLAGE: Village, Level.COMMUNE: Commune, Level.TOWNSHIP: Township,
            Level.DISTRICT: District, Level.PROVINCE: Province}


def _names(level: Level) -> tuple[str, ...]:
    return tuple(dict.fromkeys((level.value, level.label_vi, level.label_en)))


def _candidates(pattern: str, level: Level, parent: Level | None) -> list[str]:
    if "{parent}" in pattern:
        if parent is None:
            return []
        return [fold(pattern.replace("{parent}", n)) for n in _names(parent)]
    if "{level}" in pattern:
        return [fold(pattern.replace("{level}", n)) for n in _names(level)]
    return [fold(pattern)]


def _header(header: object) -> list[str]:
    if isinstance(header, str | bytes) or not isinstance(header, Iterable):
        raise NTMTypeError(f"header must be a sequence of column names (got "
                           f"{type(header).__name__})")
    names = list(header)
    for name in names:
        if not isinstance(name, str):
            raise NTMTypeError(f"header: a column name must be a string (got {name!r:.60})")
    return names


def _find(columns: dict[str, str], names: Iterable[str], taken: set[str]) -> str | None:
    for name in names:
        column = columns.get(name)
        if column is not None and column not in taken:
            return column
    return None


def guess_columns(header: Iterable[str], level: Level | str, *,
                  declared: UnitColumns | None = None,
                  declared_fields: Iterable[str] = ()) -> UnitColumns:
    """The columns of a table of ``level`` units whose header is ``header``.

    Each role (code, name, parent code and name, region, zone, group, the years of
    recognition) takes the first column of the header with one of its names in
    :data:`UNIT_HEADERS`; the row-number and notes columns of
    :data:`IGNORED_HEADERS` are ignored. ``declared`` is a mapping the caller gives:
    its fields named in ``declared_fields`` (all of them when that is empty and
    ``declared`` is given) win over the guesses, except ``ignore``, whose columns are
    added to those ignored.
    """
    lv = to_level(level)
    names = _header(header)
    columns = {fold(c): c for c in reversed(names)}  # the first column of a name wins
    parent = declared.parent_level if declared is not None and declared.parent_level else (
        PARENT_LEVEL.get(lv))
    fields = attrs.fields_dict(_CLASSES[lv])
    found: dict[str, Any] = {}
    by_tier: dict[str, dict[Tier, str]] = {p: {} for _, p, _ in TIER_COLUMNS}
    taken: set[str] = set()
    for role, patterns in UNIT_HEADERS.items():
        if role in ("region", "zone", "group") and role not in fields:
            continue
        if role.startswith("parent") and parent is None:
            continue
        candidates = [c for p in patterns for c in _candidates(p, lv, parent)]
        column = _find(columns, candidates, taken)
        if column is None:
            continue
        taken.add(column)
        if ":" in role:
            prefix, tier = role.split(":", 1)
            by_tier[prefix][Tier(tier)] = column
        else:
            found[role] = column
    ignore = tuple(columns[f] for f in map(fold, IGNORED_HEADERS) if f in columns
                   and columns[f] not in taken)
    defaults = UnitColumns()
    tiers = {field: by_tier[prefix] or getattr(defaults, field)
             for field, prefix, _ in TIER_COLUMNS}
    guessed = UnitColumns(**found, **tiers, ignore=ignore)
    if declared is None:
        return guessed
    chosen = set(declared_fields) or {f.name for f in attrs.fields(UnitColumns)}
    overrides = {name: getattr(declared, name) for name in chosen}
    if "ignore" in overrides:
        overrides["ignore"] = tuple(dict.fromkeys((*guessed.ignore, *declared.ignore)))
    return attrs.evolve(guessed, **overrides)


def guess_history_columns(header: Iterable[str], *, declared: HistoryColumns | None = None,
                          declared_fields: Iterable[str] = ()) -> HistoryColumns:
    """The columns of a long history table whose header is ``header`` (see
    :data:`HISTORY_HEADERS`); ``declared`` fields named in ``declared_fields`` win."""
    names = _header(header)
    columns = {fold(c): c for c in reversed(names)}
    found: dict[str, Any] = {}
    taken: set[str] = set()
    for role, patterns in HISTORY_HEADERS.items():
        column = _find(columns, [fold(p) for p in patterns], taken)
        if column is not None:
            taken.add(column)
            found[role] = column
    ignore = tuple(columns[f] for f in map(fold, IGNORED_HEADERS) if f in columns
                   and columns[f] not in taken)
    guessed = HistoryColumns(**found, ignore=ignore)
    if declared is None:
        return guessed
    chosen = set(declared_fields) or {f.name for f in attrs.fields(HistoryColumns)}
    return attrs.evolve(guessed, **{name: getattr(declared, name) for name in chosen})
