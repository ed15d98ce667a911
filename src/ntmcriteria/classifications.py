"""Classifications: the dimensions a criteria set keys its thresholds by.

A threshold may differ by the unit's *classification*: the seven socio-economic
regions of the 2021-2025 sets, the three commune groups of the 2026-2030 set,
a province's zones (KV1-KV3). A :class:`Classification` declares one such
dimension: its values (each with Vietnamese and English labels), where a unit
gives its value itself (``field``: the unit's ``region``, ``group`` or ``zone``),
and how a unit that does not give it is classified:

1. ``overrides`` — ordered, cited rules applied first, whatever the unit's own
   value (the Decision 318 rule that especially disadvantaged communes use the
   Northern Midlands thresholds is the region's override);
2. the unit's own field, when given;
3. ``rules`` — the resolver: ordered, cited rules over the unit's facts, each
   naming the value it gives, with a ``residual`` value for a unit no rule
   matches ("group 2: every other commune"). When two rules giving different
   values match, the result is never a silent pick: it is the value of the
   choice parameter ``conflict_parameter`` when the set declares one and the
   caller supplies it, and UNKNOWN (naming the parameter) otherwise;
4. a member unit (a village) without a value takes its parent's.

A classification may also declare ``stated`` facts (:class:`ClassFact`): yes/no facts
of a unit that state whether it has one value ("in_zone_kv1: the village is in KV1").
They tie the unit's own field to its facts: when the unit gives its field, every stated
fact it also gives must agree with it (``True`` for the field's value, ``False`` for the
others), and one that does not raises :class:`~ntmcriteria.errors.ClassConflictError`
naming both the field and the fact; when consistent, the facts change nothing. A unit
that gives neither its field nor any stated fact is not resolved by the rules (there is
nothing to resolve on): it takes its parent's value. A unit's own code is matched to
the values ignoring case (``kv1`` is ``KV1``) when that match is unique.

With rules whose outcome is unknown, the value is known only when every way
the unknown rules could come out gives the same value (Kleene's reading, as
for ``any_of``); otherwise it is UNKNOWN and names the facts that would settle it.

The region is the classification every set knows (:data:`REGIONS`); a set's
``region_overrides`` are its overrides. Schedules (``schedule(..., by="group")``)
and parameters (``keyed_by=("group", "year")``) may be keyed by any classification
the set declares, plus the year.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ntmcriteria._values import is_vi, nfc, to_label_en, to_label_vi, typed
from ntmcriteria.citations import Citation
from ntmcriteria.errors import ClassConflictError, NTMTypeError, NTMValueError
from ntmcriteria.limits import MAX_CLASSIFICATION_RULES
from ntmcriteria.outcome import Outcome
from ntmcriteria.rules import Rule
from ntmcriteria.rules._base import to_rule
from ntmcriteria.thresholds import REGION, check_class_name
from ntmcriteria.trace import Missing
from ntmcriteria.units import CLASS_FIELDS, Region

__all__ = [
    "REGIONS",
    "ClassDecision",
    "ClassFact",
    "ClassRule",
    "ClassValue",
    "Classification",
    "Resolution",
]


def _to_code(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise NTMTypeError(
            f"a classification code must be a non-empty string such as '1' or 'KV1' "
            f"(got {value!r:.40})")
    return nfc(value, "code").strip()


def _to_name(value: object) -> str:
    return check_class_name(value)


@attrs.frozen(kw_only=True)
class ClassValue:
    """One value of a classification: its code (``"1"``, ``"KV1"``, ``"TDMNPB"``) and labels."""

    code: str = attrs.field(converter=_to_code)
    label_vi: str = attrs.field(converter=to_label_vi)
    label_en: str = attrs.field(converter=to_label_en)

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if is_vi(lang) else self.label_en


@attrs.frozen(kw_only=True)
class ClassRule:
    """When ``when`` passes for a unit, the unit is classified ``value`` (a cited rule of a
    classification's resolver, or one of its overrides)."""

    value: str = attrs.field(converter=_to_code)
    when: Rule = attrs.field(converter=to_rule)
    citation: Citation = attrs.field(validator=typed(Citation, "a Citation"))


def _to_fact_key(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise NTMTypeError(f"a stated fact key must be a non-empty string (got {value!r:.40})")
    return nfc(value, "key").strip()


@attrs.frozen(kw_only=True)
class ClassFact:
    """The yes/no fact ``key`` of a unit states whether the unit's value is ``value``
    (``True``: it is; ``False``: it is not)."""

    key: str = attrs.field(converter=_to_fact_key)
    value: str = attrs.field(converter=_to_code)


def _tuple(value: object, kind: type[Any], field: str, names: str) -> tuple[Any, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise NTMTypeError(f"{field} must be a sequence (got {type(value).__name__})")
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise NTMTypeError(
                f"{field}[{index}] must be {names} (got {type(item).__name__} {item!r:.80})")
    return items


def _to_values(value: object) -> tuple[ClassValue, ...]:
    return _tuple(value, ClassValue, "values", "a ClassValue")


def _to_rules(value: object) -> tuple[ClassRule, ...]:
    return _tuple(value, ClassRule, "rules", "a ClassRule")


def _to_stated(value: object) -> tuple[ClassFact, ...]:
    return _tuple(value, ClassFact, "stated", "a ClassFact")


def _to_field(value: object) -> str | None:
    if value is None:
        return None
    known = sorted(set().union(*CLASS_FIELDS.values()))
    if value not in known:
        raise NTMValueError(
            f"field must name a unit field holding the value ({', '.join(known)}) or be None "
            f"(got {value!r:.40})")
    return str(value)


def _optional_citation(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Citation):
        raise NTMTypeError(f"{attribute.name} must be a Citation or None (got {value!r:.60})")


def _optional_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise NTMTypeError(f"{attribute.name} must be a parameter name or None "
                           f"(got {value!r:.60})")


@attrs.frozen(kw_only=True)
class Resolution:
    """What a classification's resolver rules give for one pattern of rule outcomes.

    ``state``: ``"decided"`` (``code`` is the value), ``"none"`` (no rule matches and
    there is no residual: the unit's parent decides), ``"conflict"`` (rules giving
    different values match and no choice was supplied) or ``"unknown"`` (the unknown
    rules decide). ``needs_choice``: a way the unknown rules could come out is a conflict.
    """

    state: str
    code: str | None = None
    needs_choice: bool = False


#: How a unit got its value: by an override, its own field, a resolver rule, the residual
#: value, the conflict parameter, its parent; "unknown" when it has none.
SOURCES = ("override", "own", "rule", "residual", "choice", "parent", "unknown")


@attrs.frozen(kw_only=True)
class ClassDecision:
    """A unit's value of a classification, and how it was decided (for explanations)."""

    name: str
    label_vi: str
    label_en: str
    code: str | None
    value_vi: str = ""
    value_en: str = ""
    #: one of :data:`SOURCES`
    source: str = "unknown"
    rule: ClassRule | None = None
    missing: tuple[Missing, ...] = ()

    def describe(self, lang: str = "vi") -> str:
        """"nhóm xã: Nhóm 1 (theo quy tắc, căn cứ ...)", worded."""
        vi = is_vi(lang)
        label = self.label_vi if vi else self.label_en
        if self.code is None:
            what = "; ".join(m.describe(lang) for m in self.missing)
            return (f"{label}: chưa xác định được" + (f" ({what})" if what else "") if vi else
                    f"{label}: not known" + (f" ({what})" if what else ""))
        value = self.value_vi if vi else self.value_en
        how = {
            "override": ("theo quy định áp dụng riêng", "by an override"),
            "own": ("đơn vị đã được xếp", "given by the unit"),
            "rule": ("theo quy tắc phân loại", "by the classification rule"),
            "residual": ("không thuộc các trường hợp khác", "none of the other cases"),
            "choice": ("thỏa nhiều trường hợp; theo tham số đã cung cấp",
                       "several cases match; by the parameter supplied"),
            "parent": ("theo đơn vị cấp trên", "from the parent unit"),
        }[self.source]
        text = f"{label}: {value} ({how[0] if vi else how[1]}"
        if self.rule is not None:
            text += ("; căn cứ: " if vi else "; source: ") + self.rule.citation.describe(lang)
        return text + ")"


#: The result of a pattern of rule outcomes, before the unknowns are settled.
_NONE = ("none",)
_CONFLICT = ("conflict",)


@attrs.frozen(kw_only=True)
class Classification:
    """A dimension thresholds are keyed by; see the module docstring for the order of
    its overrides, the unit's own field, its resolver rules and its residual value."""

    name: str = attrs.field(converter=_to_name)
    label_vi: str = attrs.field(converter=to_label_vi)
    label_en: str = attrs.field(converter=to_label_en)
    values: tuple[ClassValue, ...] = attrs.field(converter=_to_values)
    field: str | None = attrs.field(default=None, converter=_to_field)
    overrides: tuple[ClassRule, ...] = attrs.field(default=(), converter=_to_rules)
    rules: tuple[ClassRule, ...] = attrs.field(default=(), converter=_to_rules)
    residual: str | None = attrs.field(default=None)
    conflict_parameter: str | None = attrs.field(default=None, validator=_optional_name)
    citation: Citation | None = attrs.field(default=None, validator=_optional_citation)
    #: yes/no facts stating the unit's value (checked against its own field)
    stated: tuple[ClassFact, ...] = attrs.field(default=(), converter=_to_stated)

    index: Mapping[str, int] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _memo: dict[Any, Resolution] = attrs.field(init=False, eq=False, repr=False, hash=False,
                                               factory=dict)

    def __attrs_post_init__(self) -> None:
        if self.residual is not None:
            object.__setattr__(self, "residual", _to_code(self.residual))
        where = f"classification {self.name!r}"
        if not self.values:
            raise NTMValueError(f"{where} must have at least one value")
        codes = [v.code for v in self.values]
        if len(set(codes)) != len(codes):
            raise NTMValueError(f"{where} lists a value code twice ({codes})")
        object.__setattr__(self, "index", {code: i for i, code in enumerate(codes)})
        for what, rules in (("overrides", self.overrides), ("rules", self.rules)):
            for i, rule in enumerate(rules):
                if rule.value not in self.index:
                    raise NTMValueError(
                        f"{where}, {what}[{i}] gives the value {rule.value!r}, which is not one "
                        f"of its values ({', '.join(codes)})")
        for i, stated in enumerate(self.stated):
            if stated.value not in self.index:
                raise NTMValueError(
                    f"{where}, stated[{i}] ({stated.key!r}) states the value {stated.value!r}, "
                    f"which is not one of its values ({', '.join(codes)})")
        if len({f.key for f in self.stated}) != len(self.stated):
            raise NTMValueError(f"{where} lists a stated fact twice")
        if self.stated and self.field is None:
            raise NTMValueError(f"{where}: stated facts need the unit field they check (field=)")
        if self.residual is not None and self.residual not in self.index:
            raise NTMValueError(f"{where}: the residual value {self.residual!r} is not one of "
                                f"its values ({', '.join(codes)})")
        if len(self.rules) > MAX_CLASSIFICATION_RULES:
            raise NTMValueError(
                f"{where} has {len(self.rules)} resolver rules, more than "
                f"MAX_CLASSIFICATION_RULES={MAX_CLASSIFICATION_RULES}")
        if self.conflict_parameter is not None and len({r.value for r in self.rules}) < 2:
            raise NTMValueError(
                f"{where}: a conflict parameter needs resolver rules giving two values or more")
        if self.name == REGION and [v.code for v in self.values] != [r.value for r in Region]:
            raise NTMValueError("the classification 'region' is built in: its values are the "
                                "seven regions (use a set's region_overrides for overrides)")

    # -- values --------------------------------------------------------------------------
    def label(self, lang: str = "vi") -> str:
        return self.label_vi if is_vi(lang) else self.label_en

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(v.code for v in self.values)

    def value(self, code: str) -> ClassValue:
        index = self.index.get(code)
        if index is None:
            raise NTMValueError(
                f"{code!r:.40} is not a value of the classification {self.name!r} "
                f"(expected one of {', '.join(self.codes)})")
        return self.values[index]

    def value_label(self, code: str, lang: str = "vi") -> str:
        index = self.index.get(code)
        return code if index is None else self.values[index].label(lang)

    def code_of(self, raw: object) -> str | None:
        """The value code a unit's field ``raw`` names: the code itself, or the one code
        equal to it ignoring case (``kv1`` is ``KV1``); None when it names none."""
        if isinstance(raw, Region):
            raw = raw.value
        if not isinstance(raw, str):
            return None
        text = raw.strip()
        if text in self.index:
            return text
        folded = [c for c in self.codes if c.casefold() == text.casefold()]
        return folded[0] if len(folded) == 1 else None

    def own_code(self, raw: object, facts: Mapping[str, object], where: str) -> str | None:
        """The unit's own value from its field ``raw`` (None: not given), checked against
        the :attr:`stated` facts among ``facts``; ``where`` names the unit in errors."""
        if raw is None:
            return None
        code = self.code_of(raw)
        if code is None:
            raise NTMValueError(
                f"{where}: {self.field} {raw!r:.40} is not a value of the classification "
                f"{self.name!r} (expected one of {', '.join(self.codes)})")
        for stated in self.stated:
            value = facts.get(stated.key)
            if value is None:
                continue
            if not isinstance(value, bool):
                raise NTMTypeError(f"{where}: fact {stated.key!r} must be True or False "
                                   f"(got {value!r:.40})")
            if value is (stated.value != code):
                raise ClassConflictError(
                    f"{where}: its {self.field} {code!r} (the unit's field) conflicts with the "
                    f"fact {stated.key} = {value} (which says the {self.label_en} is "
                    f"{'' if value else 'not '}{stated.value}); the field is the source: "
                    f"correct or remove the fact", field=str(self.field), code=code,
                    fact=stated.key, fact_value=value)
        return code

    def silent(self, facts: Mapping[str, object]) -> bool:
        """Whether a unit without its field gives none of the stated facts (so the resolver
        has nothing to go on and the unit takes its parent's value); False when the
        classification states no facts."""
        return bool(self.stated) and all(facts.get(f.key) is None for f in self.stated)

    def own(self, unit: object) -> str | None:
        """The unit's own value (its ``field``), checked against the values and against the
        stated facts it gives; None if absent."""
        if self.field is None:
            return None
        raw = getattr(unit, self.field, None)
        if raw is None:
            return None
        level = getattr(unit, "level", None)
        what = f"{level.value} " if level is not None else ""
        facts = getattr(unit, "facts", None)
        return self.own_code(raw, facts if isinstance(facts, Mapping) else {},
                             f"{what}{getattr(unit, 'code', '')!r}")

    def silent_unit(self, unit: object) -> bool:
        """:meth:`silent` for a unit object (its facts of the assessment year)."""
        if not self.stated or getattr(unit, self.field or "", None) is not None:
            return False
        facts = getattr(unit, "facts", None)
        return self.silent(facts if isinstance(facts, Mapping) else {})

    @property
    def resolves(self) -> bool:
        """Whether the classification has resolver rules or a residual value."""
        return bool(self.rules) or self.residual is not None

    # -- the resolver ----------------------------------------------------------------------
    def resolve(self, outcomes: Sequence[Outcome], choice: str | None) -> Resolution:
        """What the resolver rules give when their conditions came out as ``outcomes`` (in
        the order of :attr:`rules`), ``choice`` being the supplied conflict value."""
        key = (tuple(outcomes), choice)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._resolve(key[0], choice)
        return found

    def _resolve(self, outcomes: tuple[Outcome, ...], choice: str | None) -> Resolution:
        if len(outcomes) != len(self.rules):
            raise NTMValueError(f"classification {self.name!r}: {len(self.rules)} rule outcomes "
                                f"expected (got {len(outcomes)})")
        passed = [i for i, o in enumerate(outcomes) if o is Outcome.PASS]
        unknown = [i for i, o in enumerate(outcomes)
                   if o is not Outcome.PASS and o is not Outcome.FAIL]
        results = set()
        for bits in itertools.product((False, True), repeat=len(unknown)):
            matched = {self.rules[i].value for i in passed}
            matched |= {self.rules[i].value for i, on in zip(unknown, bits, strict=True) if on}
            results.add(self._result(matched, choice))
        needs_choice = _CONFLICT in results
        if len(results) > 1:
            return Resolution(state="unknown", needs_choice=needs_choice)
        (result,) = results
        if result == _NONE:
            return Resolution(state="none")
        if result == _CONFLICT:
            return Resolution(state="conflict", needs_choice=True)
        return Resolution(state="decided", code=result[1])

    def _result(self, matched: set[str], choice: str | None) -> tuple[str, ...]:
        if not matched:
            return _NONE if self.residual is None else ("value", self.residual)
        if len(matched) == 1:
            return ("value", next(iter(matched)))
        return _CONFLICT if choice is None else ("value", choice)

    def conflict_text(self, lang: str) -> str:
        """"matches the rules of several values", worded."""
        values = ", ".join(self.value_label(r.value, lang) for r in self.rules)
        if is_vi(lang):
            return f"khớp quy tắc của nhiều giá trị ({values}); chưa có quy định chọn"
        return f"matches the rules of several values ({values}); no rule says which applies"


#: The classification every set knows: the seven socio-economic regions (vùng), given by
#: the unit's own ``region`` (a village takes its commune's); a set's ``region_overrides``
#: are its overrides.
REGIONS = Classification(
    name=REGION, label_vi="vùng", label_en="region", field="region",
    values=tuple(ClassValue(code=r.value, label_vi=r.label_vi, label_en=r.label_en)
                 for r in Region))
