"""Administrative units: Province > District > Commune > Village (depth not fixed).

Units are frozen value objects. A unit carries its facts for the assessment
year (``facts``), its yearly ``history`` (year -> facts), the years in which it
was recognised at each tier (``recognitions``) and its children. Codes are
strings (leading zeros kept); names are normalised to NFC.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeAlias, TypeVar

import attrs

from ntmcriteria._frozen import FrozenMap
from ntmcriteria._values import Value, check_id, exact, nfc, shown, to_enum, to_year
from ntmcriteria.errors import NTMTypeError, NTMValueError

__all__ = [
    "Commune",
    "District",
    "Facts",
    "Level",
    "Province",
    "Region",
    "Tier",
    "Township",
    "Unit",
    "Village",
]

Facts: TypeAlias = FrozenMap[str, Value]
#: The empty mapping every unit without facts, history or recognitions shares (it is
#: immutable), so that a document of many small units costs no map per empty field.
_EMPTY: FrozenMap[Any, Any] = FrozenMap()
_U = TypeVar("_U", bound="_UnitMixin")


class _Bilingual(enum.Enum):
    """An enum whose members have Vietnamese and English labels (in ``_LABELS``)."""

    @property
    def label_vi(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]


class Level(_Bilingual):
    """Administrative level a unit or a criteria set belongs to."""

    VILLAGE = "village"
    COMMUNE = "commune"
    TOWNSHIP = "township"
    DISTRICT = "district"
    PROVINCE = "province"


class Region(_Bilingual):
    """The seven socio-economic regions (vùng) used by the national criteria."""

    TDMNPB = "TDMNPB"
    DBSH = "DBSH"
    BTB = "BTB"
    DHNTB = "DHNTB"
    TN = "TN"
    DNB = "DNB"
    DBSCL = "DBSCL"


class Tier(_Bilingual):
    """Recognition tiers, each building on the one below."""

    NTM = "ntm"
    ADVANCED = "advanced"
    MODEL = "model"


_LABELS: dict[_Bilingual, tuple[str, str]] = {
    Level.VILLAGE: ("thôn", "village"),
    Level.COMMUNE: ("xã", "commune"),
    Level.TOWNSHIP: ("thị trấn", "township"),
    Level.DISTRICT: ("huyện", "district"),
    Level.PROVINCE: ("tỉnh", "province"),
    Region.TDMNPB: ("Trung du miền núi phía Bắc", "Northern Midlands and Mountains"),
    Region.DBSH: ("Đồng bằng sông Hồng", "Red River Delta"),
    Region.BTB: ("Bắc Trung Bộ", "North Central Coast"),
    Region.DHNTB: ("Duyên hải Nam Trung Bộ", "South Central Coast"),
    Region.TN: ("Tây Nguyên", "Central Highlands"),
    Region.DNB: ("Đông Nam Bộ", "South East"),
    Region.DBSCL: ("Đồng bằng sông Cửu Long", "Mekong River Delta"),
    Tier.NTM: ("nông thôn mới", "new rural (NTM)"),
    Tier.ADVANCED: ("nông thôn mới nâng cao", "advanced NTM"),
    Tier.MODEL: ("nông thôn mới kiểu mẫu", "model NTM"),
}


def to_level(value: object) -> Level:
    return to_enum(Level, value, "level")


def to_tier(value: object) -> Tier:
    return to_enum(Tier, value, "tier")


def to_optional_tier(value: object) -> Tier | None:
    return None if value is None else to_enum(Tier, value, "tier")


def to_region(value: object) -> Region:
    return to_enum(Region, value, "region")


def _to_region(value: object) -> Region | None:
    return None if value is None else to_enum(Region, value, "region")


def _to_code(value: object) -> str:
    if not isinstance(value, str):
        raise NTMTypeError(
            f"code must be a string, so that leading zeros are kept (got {type(value).__name__} "
            f"{shown(value)})"
        )
    code = nfc(value, "code").strip()
    if not code:
        raise NTMValueError("code must not be empty (got '')")
    return check_id(code, "code")


def _to_name(value: object) -> str:
    return nfc(value, "name").strip()


def _to_zone(value: object) -> str | None:
    return None if value is None else nfc(value, "zone").strip()


def _facts_from(value: object, field: str) -> Facts:
    """Facts as exact values of the base types under NFC keys; a ``FrozenMap`` (the public
    ``Facts`` type) is checked like any other mapping."""
    if not isinstance(value, Mapping):
        raise NTMTypeError(
            f"{field} must be a mapping of indicator key to value (got {type(value).__name__})"
        )
    out: dict[str, Value] = {}
    for raw_key, raw in value.items():
        if not isinstance(raw_key, str):
            raise NTMTypeError(
                f"{field} keys must be strings, indicator keys (got {type(raw_key).__name__} "
                f"{shown(raw_key)})")
        key = nfc(raw_key, f"{field} key")
        if raw is None:
            continue  # an explicit None is a missing fact
        if key in out:
            raise NTMValueError(f"{field} gives the fact {shown(key)} twice (keys are compared "
                                "in Unicode NFC)")
        out[key] = exact(raw, f"{field}[{shown(key)}]")
    return FrozenMap(out) if out else _EMPTY


def _to_facts(value: object) -> Facts:
    return _facts_from(value, "facts")


def _to_history(value: object) -> FrozenMap[int, Facts]:
    """History by year; a ``FrozenMap`` is checked like any other mapping (a year given as
    the string "2020" would otherwise never be found)."""
    if not isinstance(value, Mapping):
        raise NTMTypeError(
            f"history must be a mapping of year to facts (got {type(value).__name__})"
        )
    out: dict[int, Facts] = {}
    for raw_year, facts in value.items():
        if isinstance(raw_year, bool) or not isinstance(raw_year, int):
            raise NTMTypeError(f"history keys must be years as int (got "
                               f"{type(raw_year).__name__} {shown(raw_year)})")
        year = to_year(raw_year, "history key")
        if year in out:
            raise NTMValueError(f"history gives the year {year} twice")
        out[year] = _facts_from(facts, f"history[{year}]")
    return FrozenMap(dict(sorted(out.items()))) if out else _EMPTY


def _to_recognitions(value: object) -> FrozenMap[Tier, int]:
    if not isinstance(value, Mapping):
        raise NTMTypeError(
            f"recognitions must be a mapping of tier to year (got {type(value).__name__})"
        )
    out: dict[Tier, int] = {}
    for tier, year in value.items():
        member = to_enum(Tier, tier, "recognitions key")
        out[member] = to_year(year, f"recognitions[{member.value!r}]")
    return FrozenMap(out) if out else _EMPTY


def _children(value: object, kind: type[_U], field: str) -> tuple[_U, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise NTMTypeError(f"{field} must be a sequence of units (got {type(value).__name__})")
    items: tuple[Any, ...] = tuple(value)
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise NTMTypeError(
                f"{field}[{index}] must be a {kind.__name__} (got {type(item).__name__})"
            )
        if item.code in seen:
            raise NTMValueError(
                f"{field} lists the code {shown(item.code)} twice; codes must be unique")
        seen.add(item.code)
    return items


def _to_villages(value: object) -> tuple[Village, ...]:
    return _children(value, Village, "villages")


def _to_communes(value: object) -> tuple[Commune, ...]:
    return _children(value, Commune, "communes")


def _to_townships(value: object) -> tuple[Township, ...]:
    return _children(value, Township, "townships")


def _to_districts(value: object) -> tuple[District, ...]:
    return _children(value, District, "districts")


class _UnitMixin:
    """Behaviour shared by every unit class."""

    __slots__ = ()
    level: Level
    code: str
    name: str
    facts: Facts
    history: FrozenMap[int, Facts]
    recognitions: FrozenMap[Tier, int]

    @property
    def children(self) -> tuple[Unit, ...]:
        return ()

    def facts_at(self, year: int, assessment_year: int) -> Mapping[str, Value]:
        """Facts for ``year``: ``facts`` (over the history) in the assessment year."""
        past = self.history.get(year)
        if year != assessment_year:
            return past if past is not None else FrozenMap()
        if past is None:
            return self.facts
        merged = dict(past)
        merged.update(self.facts)
        return merged

    def descendants(self, level: Level) -> Iterator[Unit]:
        """Units at ``level`` below this one, at whatever depth they sit."""
        for child in self.children:
            if child.level is level:
                yield child
            else:
                yield from child.descendants(level)

    def label(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code


@attrs.frozen(kw_only=True)
class Village(_UnitMixin):
    """A village (thôn / khu dân cư); ``zone`` is a provincial zone such as KV1."""

    code: str = attrs.field(converter=_to_code)
    name: str = attrs.field(default="", converter=_to_name)
    zone: str | None = attrs.field(default=None, converter=_to_zone)
    facts: Facts = attrs.field(factory=FrozenMap, converter=_to_facts)
    history: FrozenMap[int, Facts] = attrs.field(factory=FrozenMap, converter=_to_history)
    recognitions: FrozenMap[Tier, int] = attrs.field(factory=FrozenMap, converter=_to_recognitions)

    level = Level.VILLAGE


@attrs.frozen(kw_only=True)
class Commune(_UnitMixin):
    """A commune (xã) with its region, optional provincial zone and villages."""

    code: str = attrs.field(converter=_to_code)
    name: str = attrs.field(default="", converter=_to_name)
    region: Region | None = attrs.field(default=None, converter=_to_region)
    zone: str | None = attrs.field(default=None, converter=_to_zone)
    facts: Facts = attrs.field(factory=FrozenMap, converter=_to_facts)
    history: FrozenMap[int, Facts] = attrs.field(factory=FrozenMap, converter=_to_history)
    recognitions: FrozenMap[Tier, int] = attrs.field(factory=FrozenMap, converter=_to_recognitions)
    villages: tuple[Village, ...] = attrs.field(default=(), converter=_to_villages)

    level = Level.COMMUNE

    @property
    def children(self) -> tuple[Unit, ...]:
        return self.villages


@attrs.frozen(kw_only=True)
class Township(_UnitMixin):
    """A township (thị trấn): an urban unit inside a district."""

    code: str = attrs.field(converter=_to_code)
    name: str = attrs.field(default="", converter=_to_name)
    region: Region | None = attrs.field(default=None, converter=_to_region)
    facts: Facts = attrs.field(factory=FrozenMap, converter=_to_facts)
    history: FrozenMap[int, Facts] = attrs.field(factory=FrozenMap, converter=_to_history)
    recognitions: FrozenMap[Tier, int] = attrs.field(factory=FrozenMap, converter=_to_recognitions)

    level = Level.TOWNSHIP


@attrs.frozen(kw_only=True)
class District(_UnitMixin):
    """A district (huyện, thị xã, thành phố thuộc tỉnh) with communes and townships."""

    code: str = attrs.field(converter=_to_code)
    name: str = attrs.field(default="", converter=_to_name)
    region: Region | None = attrs.field(default=None, converter=_to_region)
    facts: Facts = attrs.field(factory=FrozenMap, converter=_to_facts)
    history: FrozenMap[int, Facts] = attrs.field(factory=FrozenMap, converter=_to_history)
    recognitions: FrozenMap[Tier, int] = attrs.field(factory=FrozenMap, converter=_to_recognitions)
    communes: tuple[Commune, ...] = attrs.field(default=(), converter=_to_communes)
    townships: tuple[Township, ...] = attrs.field(default=(), converter=_to_townships)

    level = Level.DISTRICT

    @property
    def children(self) -> tuple[Unit, ...]:
        return (*self.communes, *self.townships)


@attrs.frozen(kw_only=True)
class Province(_UnitMixin):
    """A province; it may hold districts, or communes directly (after 2025)."""

    code: str = attrs.field(converter=_to_code)
    name: str = attrs.field(default="", converter=_to_name)
    region: Region | None = attrs.field(default=None, converter=_to_region)
    facts: Facts = attrs.field(factory=FrozenMap, converter=_to_facts)
    history: FrozenMap[int, Facts] = attrs.field(factory=FrozenMap, converter=_to_history)
    recognitions: FrozenMap[Tier, int] = attrs.field(factory=FrozenMap, converter=_to_recognitions)
    districts: tuple[District, ...] = attrs.field(default=(), converter=_to_districts)
    communes: tuple[Commune, ...] = attrs.field(default=(), converter=_to_communes)

    level = Level.PROVINCE

    @property
    def children(self) -> tuple[Unit, ...]:
        return (*self.districts, *self.communes)


Unit: TypeAlias = Village | Commune | Township | District | Province
