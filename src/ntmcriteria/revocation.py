"""Revocation of a recognition (Decision 18/2022/QĐ-TTg): a rule family over an assessment.

A commune's NTM recognition is revoked when 50% or more of its criteria fail,
or when 30% to 50% fail and one of them is income (10), environment and food
safety (17) or defence and security (19). A district's likewise over its
criteria (30% to under 50% with one of economy, environment, quality of the
living environment, or political system - security - public administration),
or when 30% or more of its communes had their recognition revoked.

The rules read an :class:`~ntmcriteria.assessment.Assessment`, not facts.
Criteria with an UNKNOWN verdict are treated exactly: the check is PASS (the
grounds for revocation hold) only if they hold however the unknown criteria
turn out, FAIL only if they hold under no outcome, otherwise UNKNOWN.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import attrs

from ntmcriteria._values import shown
from ntmcriteria._visible import one_line
from ntmcriteria.assessment import Assessment
from ntmcriteria.citations import Citation
from ntmcriteria.errors import NTMTypeError, NTMValueError, UnknownNameError
from ntmcriteria.glossary import term
from ntmcriteria.outcome import Outcome
from ntmcriteria.render._format import check_lang, format_number

__all__ = [
    "COMMUNE_NTM_REVOCATION",
    "DISTRICT_NTM_REVOCATION",
    "RevocationCheck",
    "RevocationRule",
    "check_revocation",
]

_D18 = "Quyết định 18/2022/QĐ-TTg (công nhận, công bố và thu hồi quyết định công nhận)"


def _ids(value: object, name: str) -> tuple[str, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise NTMTypeError(f"{name} must be a sequence of criterion ids "
                           f"(got {type(value).__name__}: {shown(value)})")
    items = tuple(value)
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise NTMTypeError(f"{name}[{index}] must be a non-empty string "
                               f"(got {type(item).__name__}: {shown(item)})")
        if item in seen:
            raise NTMValueError(f"{name} lists the criterion {shown(item)} twice "
                                f"(got {shown(items)}); each criterion counts once")
        seen.add(item)
    return items


def _key_ids(value: object) -> tuple[str, ...]:
    return _ids(value, "key_criteria")


def _opt_ids(value: object) -> tuple[str, ...] | None:
    return None if value is None else _ids(value, "considered")


def _percent(value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Fraction):
        raise NTMTypeError(f"a percentage (lower, upper, members) must be an int or Fraction "
                           f"(got {type(value).__name__}: {shown(value)})")
    return Fraction(value)


def _in_range(instance: object, attribute: attrs.Attribute[Any], value: Fraction | None
              ) -> None:
    if value is not None and not 0 <= value <= 100:
        raise NTMValueError(f"RevocationRule.{attribute.name} is a percentage and must be in "
                            f"[0, 100] (got {value})")


@attrs.frozen(kw_only=True)
class RevocationRule:
    """One revocation rule of Decision 18/2022 for the assessments of one set.

    Grounds: ``failed share >= upper``; or ``lower <= failed share <= upper``
    (``< upper`` when ``middle_includes_upper`` is false) with a key criterion
    among the failing ones; or (districts) ``revoked member share >= members``.
    ``considered`` limits the criteria counted (None: all of the set).
    """

    id: str
    label_vi: str
    label_en: str
    set_id: str
    key_criteria: tuple[str, ...] = attrs.field(converter=_key_ids)
    citation: Citation
    considered: tuple[str, ...] | None = attrs.field(default=None, converter=_opt_ids)
    lower: Fraction = attrs.field(default=Fraction(30), converter=_percent,
                                  validator=_in_range)
    upper: Fraction = attrs.field(default=Fraction(50), converter=_percent,
                                  validator=_in_range)
    middle_includes_upper: bool = True
    members: Fraction | None = attrs.field(
        default=None, converter=attrs.converters.optional(_percent), validator=_in_range)

    def __attrs_post_init__(self) -> None:
        if self.lower > self.upper:
            raise NTMValueError(f"revocation rule {self.id!r}: lower ({self.lower}%) must not "
                                f"exceed upper ({self.upper}%)")
        if self.considered is not None:
            outside = [c for c in self.key_criteria if c not in self.considered]
            if outside:
                raise NTMValueError(
                    f"revocation rule {self.id!r}: key criteria {shown(outside)} are not among "
                    f"the considered criteria {self.considered!r}; a key criterion must be "
                    "counted")


COMMUNE_NTM_REVOCATION = RevocationRule(
    id="rev.commune.ntm.2021-2025",
    label_vi="Thu hồi quyết định công nhận xã đạt chuẩn nông thôn mới",
    label_en="Revocation of a commune's NTM recognition",
    set_id="vn.commune.ntm.2021-2025", key_criteria=("c10", "c17", "c19"),
    citation=Citation(document=_D18, date="02/08/2022", article="Quy định thu hồi (tóm tắt)",
                      confidence="secondary",
                      note="'từ 30% đến 50%' và 'từ 50% trở lên': 50% thuộc cả hai"),
)

DISTRICT_NTM_REVOCATION = RevocationRule(
    id="rev.district.ntm.2021-2025",
    label_vi="Thu hồi quyết định công nhận huyện đạt chuẩn nông thôn mới",
    label_en="Revocation of a district's NTM recognition",
    set_id="vn.district.ntm.2021-2025", key_criteria=("d06", "d07", "d08", "d09"),
    considered=("d01", "d02", "d03", "d04", "d05", "d06", "d07", "d08", "d09"),
    middle_includes_upper=False, members=30,
    citation=Citation(document=_D18, date="02/08/2022", article="Quy định thu hồi (tóm tắt)",
                      confidence="secondary"),
)


@attrs.frozen(kw_only=True)
class RevocationCheck:
    """The verdict of a revocation rule: PASS means the grounds for revocation hold."""

    rule: RevocationRule
    unit: str
    year: int
    outcome: Outcome
    grounds: tuple[str, ...]
    failed: tuple[str, ...]
    unknown: tuple[str, ...]
    total: int
    key_failed: tuple[str, ...]
    revoked_members: int | None = None
    members_total: int | None = None
    #: the grounds in Vietnamese (``grounds`` is English), in the same order
    grounds_vi: tuple[str, ...] = ()

    @property
    def failed_share(self) -> Fraction:
        """Failing criteria as a percentage of the criteria counted (exact)."""
        return Fraction(len(self.failed) * 100, self.total)

    def explain(self, lang: str = "vi") -> str:
        """The verdict, the failing share and the grounds, in Vietnamese or English."""
        vi = check_lang(lang) == "vi"
        verdict = {Outcome.PASS: ("CÓ căn cứ thu hồi", "grounds for revocation HOLD"),
                   Outcome.FAIL: ("không có căn cứ thu hồi", "no grounds for revocation"),
                   Outcome.UNKNOWN: (term("unknown", "vi"), term("unknown", "en"))
                   }[self.outcome]
        share = _percent_text(self.failed_share, lang)
        label = self.rule.label_vi if vi else self.rule.label_en
        lines = [f"{label} — {self.unit}, {self.year}: {verdict[0 if vi else 1]}",
                 (f"  {len(self.failed)}/{self.total} tiêu chí {term('fail', 'vi')} ({share})"
                  if vi else f"  {len(self.failed)}/{self.total} criteria failing ({share})")]
        if self.unknown:
            lines.append(("  chưa đủ dữ liệu: " if vi else "  unknown: ")
                         + ", ".join(self.unknown))
        if self.key_failed:
            lines.append((f"  tiêu chí trọng yếu {term('fail', 'vi')}: " if vi
                          else "  key criteria failing: ") + ", ".join(self.key_failed))
        grounds = self.grounds_vi if vi and self.grounds_vi else self.grounds
        if grounds:
            lines.append(("  căn cứ thu hồi: " if vi else "  grounds: ") + "; ".join(grounds))
        lines.append("  " + self.rule.citation.describe(lang))
        return "\n".join(map(one_line, lines))


def _percent_text(value: Fraction, lang: str, decimals: int = 1) -> str:
    """A percentage in the locale of ``lang``, rounded half up to ``decimals`` decimals
    (``52,6%`` in Vietnamese, ``52.6%`` in English)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return format_number(rounded, lang, decimals=decimals) + "%"


def _bound_text(value: Fraction, lang: str) -> str:
    """A bound of a rule (30, 50, 33.3...) as a percentage, without trailing zeros."""
    return _percent_text(value, lang, 0) if value.denominator == 1 else _percent_text(
        value, lang)


def _three(values: set[bool]) -> Outcome:
    if values == {True}:
        return Outcome.PASS
    if values == {False}:
        return Outcome.FAIL
    return Outcome.UNKNOWN


def check_revocation(assessment: Assessment, rule: RevocationRule | None = None, *,
                     member_checks: Iterable[RevocationCheck] | None = None
                     ) -> RevocationCheck:
    """Apply ``rule`` (by default the commune or district NTM rule) to ``assessment``.

    ``member_checks`` (districts): the revocation checks of every commune of the
    district, for the "30% of communes revoked" ground; without them that
    ground is UNKNOWN.
    """
    if not isinstance(assessment, Assessment):
        raise NTMTypeError(f"assessment must be an Assessment (got {type(assessment).__name__})")
    if rule is None:
        rule = (DISTRICT_NTM_REVOCATION if assessment.unit.level.value == "district"
                else COMMUNE_NTM_REVOCATION)
    if not isinstance(rule, RevocationRule):
        raise NTMTypeError(f"rule must be a RevocationRule or None "
                           f"(got {type(rule).__name__}: {shown(rule)})")
    checks = None if member_checks is None else _member_checks(member_checks)
    cs = assessment.criteria_set
    if not cs.derives_from(rule.set_id):
        raise NTMValueError(f"revocation rule {rule.id!r} reads assessments of {rule.set_id!r} "
                            f"(got an assessment of {cs.id!r})")
    known = [r.id for r in assessment.results]
    for cid in (*rule.key_criteria, *(rule.considered or ())):
        if cid not in known:
            raise UnknownNameError("criterion", cid, known, f"revocation rule {rule.id!r}")
    considered = rule.considered if rule.considered is not None else tuple(known)
    # a criterion that does not apply to the unit is not one it could fail: not counted
    ids = tuple(c for c in considered
                if assessment.result(c).outcome is not Outcome.NOT_APPLICABLE)
    outcomes = {cid: assessment.result(cid).outcome for cid in ids}
    failed = tuple(c for c in ids if outcomes[c] is Outcome.FAIL)
    unknown = tuple(c for c in ids if outcomes[c] is Outcome.UNKNOWN)
    key_failed = tuple(c for c in failed if c in rule.key_criteria)
    key_unknown = sum(1 for c in unknown if c in rule.key_criteria)
    other_unknown = len(unknown) - key_unknown
    n = len(ids)
    if n == 0:
        raise NTMValueError(f"revocation rule {rule.id!r}: no criteria to count (none is "
                            "considered, or none applies to the unit)")

    def holds(extra_key: int, extra_other: int) -> tuple[bool, bool]:
        share = Fraction((len(failed) + extra_key + extra_other) * 100, n)
        high = share >= rule.upper
        in_middle = share >= rule.lower and (
            share <= rule.upper if rule.middle_includes_upper else share < rule.upper)
        return high, in_middle and (bool(key_failed) or extra_key > 0)

    completions = [holds(a, b) for a in range(key_unknown + 1) for b in range(other_unknown + 1)]
    high = _three({h for h, _ in completions})
    middle = _three({m for _, m in completions})
    overall = _three({h or m for h, m in completions})
    grounds: list[str] = []
    grounds_vi: list[str] = []

    def ground(vi: str, en: str, outcome: Outcome) -> None:
        # listed only when it holds or may hold (UNKNOWN)
        sure = outcome is Outcome.PASS
        grounds.append(f"{en} ({'holds' if sure else term('unknown', 'en')})")
        grounds_vi.append(f"{vi} ({'thỏa mãn' if sure else term('unknown', 'vi')})")

    upper_vi, upper_en = _bound_text(rule.upper, "vi"), _bound_text(rule.upper, "en")
    if high is not Outcome.FAIL:
        ground(f"≥ {upper_vi} số tiêu chí {term('fail', 'vi')}",
               f"≥ {upper_en} of the criteria failing", high)
    if middle is not Outcome.FAIL:
        lower_vi, lower_en = _bound_text(rule.lower, "vi"), _bound_text(rule.lower, "en")
        ground(f"từ {lower_vi} đến {upper_vi} số tiêu chí {term('fail', 'vi')}, có tiêu chí "
               "trọng yếu",
               f"{lower_en}-{upper_en} of the criteria failing, with a key criterion", middle)
    revoked = members_total = None
    if rule.members is not None:
        members = _member_outcome(rule.members, checks)
        if checks is not None:
            revoked = sum(1 for c in checks if c.outcome is Outcome.PASS)
            members_total = len(checks)
        if members is not Outcome.FAIL:
            ground(f"≥ {_bound_text(rule.members, 'vi')} số đơn vị thành viên bị thu hồi "
                   "quyết định công nhận",
                   f"≥ {_bound_text(rule.members, 'en')} of members revoked", members)
        overall = overall | members
    return RevocationCheck(rule=rule, unit=assessment.unit.code, year=assessment.year,
                           outcome=overall, grounds=tuple(grounds),
                           grounds_vi=tuple(grounds_vi), failed=failed,
                           unknown=unknown, total=n, key_failed=key_failed,
                           revoked_members=revoked, members_total=members_total)


def _member_checks(value: object) -> tuple[RevocationCheck, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise NTMTypeError(f"member_checks must be a sequence of RevocationCheck or None "
                           f"(got {type(value).__name__}: {shown(value)})")
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, RevocationCheck):
            raise NTMTypeError(f"member_checks[{index}] must be a RevocationCheck "
                               f"(got {type(item).__name__}: {shown(item)})")
    return items


def _member_outcome(threshold: Fraction, checks: Sequence[RevocationCheck] | None) -> Outcome:
    if checks is None or not checks:
        return Outcome.UNKNOWN
    n = len(checks)
    p = sum(1 for c in checks if c.outcome is Outcome.PASS)
    u = sum(1 for c in checks if c.outcome is Outcome.UNKNOWN)
    if Fraction(p * 100, n) >= threshold:
        return Outcome.PASS
    if Fraction((p + u) * 100, n) < threshold:
        return Outcome.FAIL
    return Outcome.UNKNOWN
