"""Administrative units: Province > District > Commune > Village (depth not fixed).

Units are frozen value objects. A unit carries its facts for the assessment
year (``facts``), its yearly ``history`` (year -> facts), its recognition at
each tier (``recognitions``: a :class:`~ntmcriteria.recognition.Recognition`,
the year it is for and the decision; a plain int is the year), the registers of
recognitions it declares complete (``registers``: :class:`ClosedRegister`) and
its children. Codes are strings (leading zeros kept); names are normalised to
NFC.

Since 1 July 2025 a province holds its communes and wards directly (there is no
district level); a ward (phường) is an urban unit, never assessed as a rural
commune. A unit formed by a merger records it (``merged_from``): the units
merged into it, as they were, and the date. Nothing about the merged units is
used unless a rule says so (see :mod:`ntmcriteria.mergers`).
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, TypeAlias, TypeVar, cast

import attrs

from ntmcriteria._frozen import FrozenMap
from ntmcriteria._values import (
    Value,
    check_id,
    exact,
    float_twin,
    nfc,
    shown,
    to_enum,
    to_year,
)
from ntmcriteria.citations import Citation
from ntmcriteria.errors import NTMTypeError, NTMValueError, did_you_mean
from ntmcriteria.recognition import Recognition, to_date, to_recognition, to_recognition_date

__all__ = [
    "CLASS_FIELDS",
    "ClosedRegister",
    "Commune",
    "District",
    "FactMap",
    "Facts",
    "Level",
    "Merger",
    "Province",
    "Region",
    "Tier",
    "Township",
    "Unit",
    "Village",
    "Ward",
]


class FactMap(FrozenMap[str, Value]):
    """A unit's facts: a :class:`FrozenMap` of indicator key to exact value, which also
    keeps each value as the compiled plan's float path reads it (``floats``): a float
    where the float's shortest repr is the exact value (a float then decides every
    comparison as its exact value does), else the value itself. Made once, when the unit
    is built: the plan then compares floats (or NumPy arrays of them), not Decimals."""

    __slots__ = ("floats",)

    def __init__(self, data: Mapping[str, Value] | None = None) -> None:
        super().__init__(data)
        self.floats: dict[str, Value | float] = {
            key: float_twin(value) for key, value in self._data.items()}

    @classmethod
    def _owning(cls, data: dict[str, Value], floats: dict[str, Value | float]) -> FactMap:
        """The map of ``data`` and its ``floats`` as given (checked by the caller, not
        copied)."""
        made = cls.__new__(cls)
        made._data, made._hash, made.floats = data, None, floats
        return made


Facts: TypeAlias = FrozenMap[str, Value]
#: The empty mapping every unit without facts, history or recognitions shares (it is
#: immutable), so that a document of many small units costs no map per empty field.
_EMPTY: FrozenMap[Any, Any] = FactMap()
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
    WARD = "ward"
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
    """Recognition tiers, each building on the one below (NTM < advanced < model)."""

    NTM = "ntm"
    ADVANCED = "advanced"
    MODEL = "model"

    @property
    def rank(self) -> int:
        """The tier's place in the order NTM < advanced < model."""
        return _TIER_ORDER.index(self)

    def and_above(self) -> tuple[Tier, ...]:
        """This tier and the higher ones (a higher recognition implies this one)."""
        return _TIER_ORDER[_TIER_ORDER.index(self):]


_TIER_ORDER = (Tier.NTM, Tier.ADVANCED, Tier.MODEL)


_LABELS: dict[_Bilingual, tuple[str, str]] = {
    Level.VILLAGE: ("thôn", "village"),
    Level.COMMUNE: ("xã", "commune"),
    Level.TOWNSHIP: ("thị trấn", "township"),
    Level.WARD: ("phường", "ward"),
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


def _to_group(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise NTMTypeError(f"group must be a code such as '1' or None (got {value!r:.40})")
    return nfc(value, "group").strip()


def _to_date(value: object) -> datetime.date:
    return to_date(value, "date", "2025-07-01")


def _to_merged_units(value: object) -> tuple[Unit, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise NTMTypeError(f"merger units must be a sequence of units (got {value!r:.60})")
    items = tuple(value)
    if not items:
        raise NTMValueError("a merger needs the units merged (got none)")
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, _UnitMixin):
            raise NTMTypeError(f"merger units[{index}] must be a unit "
                               f"(got {type(item).__name__})")
        if item.code in seen:
            raise NTMValueError(f"a merger lists the unit {item.code!r} twice")
        seen.add(item.code)
    return items


def _optional_citation(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Citation):
        raise NTMTypeError(f"{attribute.name} must be a Citation or None (got {value!r:.60})")


@attrs.frozen(kw_only=True)
class Merger:
    """How a unit was formed: the units merged into it (as they were before the merger,
    with their own facts, history and recognitions), the date it took effect, and the
    decision that merged them."""

    date: datetime.date = attrs.field(converter=_to_date)
    units: tuple[Unit, ...] = attrs.field(converter=_to_merged_units)
    citation: Citation | None = attrs.field(default=None, validator=_optional_citation)

    @property
    def year(self) -> int:
        return self.date.year


def _to_merger(value: object) -> Merger | None:
    if value is None or isinstance(value, Merger):
        return value
    raise NTMTypeError(f"merged_from must be a Merger or None (got {type(value).__name__})")


def _facts_from(value: object, field: str) -> Facts:
    """Facts as exact values of the base types under NFC keys; a ``FrozenMap`` (the public
    ``Facts`` type) is checked like any other mapping."""
    if not isinstance(value, Mapping):
        raise NTMTypeError(
            f"{field} must be a mapping of indicator key to value (got {type(value).__name__})"
        )
    out: dict[str, Value] = {}
    floats: dict[str, Value | float] = {}
    differs = False
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
        out[key] = converted = exact(raw, f"{field}[{shown(key)}]")
        # a float's exact value is its shortest repr: the float itself is its twin
        floats[key] = twin = (float(raw) if type(converted) is Decimal and
                              isinstance(raw, float) else float_twin(converted))
        differs = differs or twin is not converted
    if not out:
        return _EMPTY
    # (every twin the value itself: one dict serves as both)
    return FactMap._owning(out, floats if differs else cast("dict[str, Value | float]", out))


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


def _to_recognitions(value: object) -> FrozenMap[Tier, Recognition]:
    """Recognitions by tier: a :class:`Recognition`, or an int (the year recognised for)."""
    if not isinstance(value, Mapping):
        raise NTMTypeError(
            f"recognitions must be a mapping of tier to recognition (a year, or a "
            f"Recognition) (got {type(value).__name__})"
        )
    out: dict[Tier, Recognition] = {}
    for tier, item in value.items():
        member = to_enum(Tier, tier, "recognitions key")
        if member in out:
            raise NTMValueError(f"recognitions gives the tier {member.value!r} twice")
        out[member] = to_recognition(item, f"recognitions[{member.value!r}]")
    return FrozenMap(out) if out else _EMPTY


def _opt_level(value: object) -> Level | None:
    return None if value is None else to_enum(Level, value, "register level")


def _register_tier(value: object) -> Tier:
    return to_enum(Tier, value, "register tier")


def _register_start(value: object) -> int:
    return to_year(value, "register start")


def _register_end(value: object) -> int:
    return to_year(value, "register end")


def _register_by(value: object) -> str:
    return to_recognition_date(value, "register by")


@attrs.frozen
class ClosedRegister:
    """A declaration that the recognitions at ``tier`` are complete (a closed register)
    for the period ``start``..``end``: every recognition whose date (``by``: the year
    recognised for, or the year of the decision) falls in the period is recorded.

    Carried by a unit (``registers``), it applies to that unit and its descendants,
    or only to those at ``level`` (a district declares its communes' register).
    A rule asking whether a unit is recognised at ``tier`` from year F up to the
    year Y evaluated is then decided by the register alone when the period covers
    F..Y: a unit without a recognition that counts is *not* recognised.
    """

    tier: Tier = attrs.field(converter=_register_tier)
    start: int = attrs.field(converter=_register_start)
    end: int = attrs.field(converter=_register_end)
    level: Level | None = attrs.field(default=None, converter=_opt_level)
    by: str = attrs.field(default="year", converter=_register_by)

    def __attrs_post_init__(self) -> None:
        if self.start > self.end:
            raise NTMValueError(f"a closed register's period must not end before it starts "
                                f"(got {self.start}..{self.end})")

    def covers(self, tier: Tier, since: int | None, year: int, level: Level, by: str) -> bool:
        """Whether this register decides "recognised at ``tier``, dated ``by``, from
        ``since`` to ``year``" for a unit at ``level``."""
        return (self.tier is tier and self.by == by and since is not None
                and self.start <= since and year <= self.end
                and (self.level is None or self.level is level))

    def describe(self, lang: str = "vi") -> str:
        """What the register holds: ``công nhận nông thôn mới 2021-2025 (xã)``."""
        if lang == "vi":
            text = f"công nhận {self.tier.label_vi} {self.start}-{self.end}"
            if self.level is not None:
                text += f" ({self.level.label_vi})"
        else:
            text = f"{self.tier.label_en} recognitions {self.start}-{self.end}"
            if self.level is not None:
                text += f" ({self.level.label_en}s)"
        if self.by == "decided":
            text += " theo ngày quyết định" if lang == "vi" else " by decision date"
        return text


_REGISTER_FIELDS = ("tier", "start", "end", "level", "by")


def to_register(value: Mapping[Any, Any], field: str = "register") -> ClosedRegister:
    """A closed register from its document form: ``{"tier": "ntm", "start": 2021,
    "end": 2025}`` with optional ``level`` and ``by``."""
    unknown = [k for k in value if k not in _REGISTER_FIELDS]
    if unknown:
        key = unknown[0]
        hint = did_you_mean(key, _REGISTER_FIELDS) if isinstance(key, str) else ""
        raise NTMValueError(f"{field}: unknown key {shown(key)}; expected 'tier', 'start', "
                            f"'end', 'level' or 'by'{hint}")
    lacking = [k for k in ("tier", "start", "end") if k not in value]
    if lacking:
        raise NTMValueError(f"{field} needs {', '.join(map(repr, lacking))}")
    try:
        return ClosedRegister(**{str(k): v for k, v in value.items()})
    except (NTMTypeError, NTMValueError) as exc:
        raise type(exc)(f"{field}: {exc}") from None


def _to_registers(value: object) -> tuple[ClosedRegister, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise NTMTypeError(f"registers must be a sequence of ClosedRegister (got "
                           f"{type(value).__name__})")
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, ClosedRegister):
            raise NTMTypeError(f"registers[{index}] must be a ClosedRegister (got "
                               f"{type(item).__name__})")
    if len(set(items)) != len(items):
        raise NTMValueError("registers lists the same closed register twice")
    return items


def _children(value: object, kind: type[_U], field: str) -> tuple[_U, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
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


def _to_wards(value: object) -> tuple[Ward, ...]:
    return _children(value, Ward, "wards")


class _UnitMixin:
    """Behaviour shared by every unit class."""

    __slots__ = ()
    level: Level
    code: str
    name: str
    facts: Facts
    history: FrozenMap[int, Facts]
    recognitions: FrozenMap[Tier, Recognition]
    registers: tuple[ClosedRegister, ...]
    merged_from: Merger | None

    @property
    def children(self) -> tuple[Unit, ...]:
        return ()

    @property
    def created(self) -> datetime.date | None:
        """The date the unit was formed by a merger (None: it records none)."""
        return None if self.merged_from is None else self.merged_from.date

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
    recognitions: FrozenMap[Tier, Recognition] = attrs.field(factory=FrozenMap,
                                                             converter=_to_recognitions)
    registers: tuple[ClosedRegister, ...] = attrs.field(default=(), converter=_to_registers)
    merged_from: Merger | None = attrs.field(default=None, converter=_to_merger)

    level = Level.VILLAGE


@attrs.frozen(kw_only=True)
class Commune(_UnitMixin):
    """A commune (xã) with its region, optional provincial zone, optional commune group
    (nhóm xã, 2026-2030: "1", "2" or "3", as the competent authority assigned it) and
    villages."""

    code: str = attrs.field(converter=_to_code)
    name: str = attrs.field(default="", converter=_to_name)
    region: Region | None = attrs.field(default=None, converter=_to_region)
    zone: str | None = attrs.field(default=None, converter=_to_zone)
    group: str | None = attrs.field(default=None, converter=_to_group)
    facts: Facts = attrs.field(factory=FrozenMap, converter=_to_facts)
    history: FrozenMap[int, Facts] = attrs.field(factory=FrozenMap, converter=_to_history)
    recognitions: FrozenMap[Tier, Recognition] = attrs.field(factory=FrozenMap,
                                                             converter=_to_recognitions)
    registers: tuple[ClosedRegister, ...] = attrs.field(default=(), converter=_to_registers)
    merged_from: Merger | None = attrs.field(default=None, converter=_to_merger)
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
    recognitions: FrozenMap[Tier, Recognition] = attrs.field(factory=FrozenMap,
                                                             converter=_to_recognitions)
    registers: tuple[ClosedRegister, ...] = attrs.field(default=(), converter=_to_registers)
    merged_from: Merger | None = attrs.field(default=None, converter=_to_merger)

    level = Level.TOWNSHIP


@attrs.frozen(kw_only=True)
class Ward(_UnitMixin):
    """A ward (phường): an urban unit of a province or city, not assessed as a rural commune."""

    code: str = attrs.field(converter=_to_code)
    name: str = attrs.field(default="", converter=_to_name)
    region: Region | None = attrs.field(default=None, converter=_to_region)
    facts: Facts = attrs.field(factory=FrozenMap, converter=_to_facts)
    history: FrozenMap[int, Facts] = attrs.field(factory=FrozenMap, converter=_to_history)
    recognitions: FrozenMap[Tier, Recognition] = attrs.field(factory=FrozenMap,
                                                             converter=_to_recognitions)
    registers: tuple[ClosedRegister, ...] = attrs.field(default=(), converter=_to_registers)
    merged_from: Merger | None = attrs.field(default=None, converter=_to_merger)

    level = Level.WARD


@attrs.frozen(kw_only=True)
class District(_UnitMixin):
    """A district (huyện, thị xã, thành phố thuộc tỉnh) with communes and townships."""

    code: str = attrs.field(converter=_to_code)
    name: str = attrs.field(default="", converter=_to_name)
    region: Region | None = attrs.field(default=None, converter=_to_region)
    facts: Facts = attrs.field(factory=FrozenMap, converter=_to_facts)
    history: FrozenMap[int, Facts] = attrs.field(factory=FrozenMap, converter=_to_history)
    recognitions: FrozenMap[Tier, Recognition] = attrs.field(factory=FrozenMap,
                                                             converter=_to_recognitions)
    registers: tuple[ClosedRegister, ...] = attrs.field(default=(), converter=_to_registers)
    merged_from: Merger | None = attrs.field(default=None, converter=_to_merger)
    communes: tuple[Commune, ...] = attrs.field(default=(), converter=_to_communes)
    townships: tuple[Township, ...] = attrs.field(default=(), converter=_to_townships)

    level = Level.DISTRICT

    @property
    def children(self) -> tuple[Unit, ...]:
        return (*self.communes, *self.townships)


@attrs.frozen(kw_only=True)
class Province(_UnitMixin):
    """A province or centrally-run city; it may hold districts, or (since 1 July 2025)
    its communes and wards directly."""

    code: str = attrs.field(converter=_to_code)
    name: str = attrs.field(default="", converter=_to_name)
    region: Region | None = attrs.field(default=None, converter=_to_region)
    facts: Facts = attrs.field(factory=FrozenMap, converter=_to_facts)
    history: FrozenMap[int, Facts] = attrs.field(factory=FrozenMap, converter=_to_history)
    recognitions: FrozenMap[Tier, Recognition] = attrs.field(factory=FrozenMap,
                                                             converter=_to_recognitions)
    registers: tuple[ClosedRegister, ...] = attrs.field(default=(), converter=_to_registers)
    merged_from: Merger | None = attrs.field(default=None, converter=_to_merger)
    districts: tuple[District, ...] = attrs.field(default=(), converter=_to_districts)
    communes: tuple[Commune, ...] = attrs.field(default=(), converter=_to_communes)
    wards: tuple[Ward, ...] = attrs.field(default=(), converter=_to_wards)

    level = Level.PROVINCE

    @property
    def children(self) -> tuple[Unit, ...]:
        return (*self.districts, *self.communes, *self.wards)


Unit: TypeAlias = Village | Commune | Township | Ward | District | Province

#: The classification fields (see :mod:`ntmcriteria.classifications`) a unit of each level
#: carries: where a unit gives its region, zone or commune group itself.
CLASS_FIELDS: Mapping[Level, frozenset[str]] = {
    Level.VILLAGE: frozenset({"zone"}),
    Level.COMMUNE: frozenset({"region", "zone", "group"}),
    Level.TOWNSHIP: frozenset({"region"}),
    Level.WARD: frozenset({"region"}),
    Level.DISTRICT: frozenset({"region"}),
    Level.PROVINCE: frozenset({"region"}),
}
