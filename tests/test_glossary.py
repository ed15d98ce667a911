"""The renderings against the glossary (issue 11, point 11).

Real assessments (the Quảng Nam plan's illustrative candidates), the plan's report,
review sheets, summaries and revocation checks are rendered in Vietnamese and in
English; no wording the glossary forbids may appear (``quan sát``, ``trước hết năm``,
doubled words, ``không đủ dữ liệu``, ``%`` for percentage points, a decimal point in a
Vietnamese number...), and the glossary's terms appear where they are expected.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from html import unescape

import pytest

from ntmcriteria.assessment import Assessment
from ntmcriteria.catalog import (
    get,
    illustrative_communes,
    illustrative_districts,
    illustrative_parameters,
    quang_nam_plan,
)
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, Criterion
from ntmcriteria.glossary import FORBIDDEN_VI, TERMS, term
from ntmcriteria.indicators import Indicator
from ntmcriteria.outcome import Outcome
from ntmcriteria.plans import Candidate, Plan, PlanProgress, Target, describe_shortfall
from ntmcriteria.render import explain_text
from ntmcriteria.render.review import review_sheet_html
from ntmcriteria.render.summary import shortfall_text, units_summary_text
from ntmcriteria.revocation import check_revocation
from ntmcriteria.rules import fact, yes
from ntmcriteria.units import Commune, Unit

YEAR = 2025
LANGS = ("vi", "en")
CITE = Citation(document="Thử", confidence="seed")

#: a percent indicator short of its threshold: the shortfall is in percentage points
RATE_SET = CriteriaSet(
    id="test.glossary", label_vi="Thử", label_en="Test", level="commune", valid_from=2021,
    valid_to=2025,
    indicators=(
        Indicator(key="rate", label_vi="Tỷ lệ hộ dùng nước sạch",
                  label_en="Households with clean water", measure="percent",
                  value_type="decimal"),
        Indicator(key="flag", label_vi="Có nhà văn hóa", label_en="Has a culture house",
                  measure="yes_no", value_type="boolean"),
    ),
    criteria=(
        Criterion(id="r", number="1", label_vi="Nước sạch", label_en="Clean water",
                  rule=fact("rate") >= Decimal("90.5"), citation=CITE),
        Criterion(id="f", number="2", label_vi="Nhà văn hóa", label_en="Culture house",
                  rule=yes("flag"), citation=CITE),
    ))


@cache
def _plan_assessments() -> tuple[Assessment, ...]:
    plan = quang_nam_plan()
    units: dict[str, Unit] = {c.code: c for c in illustrative_communes(YEAR)}
    units.update({d.code: d for d in illustrative_districts(YEAR)})
    out = []
    for candidate in plan.candidates:
        set_id, _ = plan.judged_set(candidate, YEAR)
        criteria_set = get(set_id)
        out.append(criteria_set.assess(units[candidate.code], year=YEAR,
                                       parameters=illustrative_parameters(criteria_set)))
    return tuple(out)


@cache
def _progress() -> PlanProgress:
    return quang_nam_plan().progress(_plan_assessments())


def _rate_assessment(rate: str = "87.25") -> Assessment:
    return RATE_SET.assess(Commune(code="x", name="Xã Thử",
                                   facts={"rate": Decimal(rate)}), year=2024)


def _rate_plan() -> PlanProgress:
    plan = Plan(
        id="test.plan", label_vi="Kế hoạch thử", label_en="Test plan",
        candidates=tuple(Candidate(code=f"c{i}", name=f"Xã {i}", level="commune",
                                   set_id="test.glossary") for i in range(3)),
        targets=(Target(level="commune", count=2, year=2025, label_vi="Mục tiêu",
                        label_en="Target", citation=CITE),),
        citation=CITE)
    return plan.progress([
        RATE_SET.assess(Commune(code="c0", facts={"rate": Decimal(95), "flag": True}),
                        year=2024),
        RATE_SET.assess(Commune(code="c1", facts={"rate": Decimal("87.25"), "flag": True}),
                        year=2024),
        RATE_SET.assess(Commune(code="c2", facts={"flag": True}), year=2024),
    ])


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


@cache
def _renderings(lang: str) -> dict[str, str]:
    """Every rendering people read, of real assessments, plans and revocations."""
    real = _plan_assessments()
    communes = [a for a in real if a.unit.level.value == "commune"]
    failing = next(a for a in communes if a.outcome is Outcome.FAIL)
    unknown = next(a for a in communes if a.outcome is Outcome.UNKNOWN)
    out = {
        "plan": _progress().explain(lang, closest=8),
        "plan.shortfalls": "\n".join(describe_shortfall(s, lang)
                                     for a in real for s in a.shortfalls()),
        "summary": units_summary_text(communes, lang, closest=6),
        "explain.failing": explain_text(failing, lang),
        "explain.unknown": explain_text(unknown, lang),
        "review.failing": _text(review_sheet_html(failing, lang)),
        "rate.explain": explain_text(_rate_assessment(), lang),
        "rate.review": _text(review_sheet_html(_rate_assessment(), lang)),
        "rate.shortfall": shortfall_text(_rate_assessment().shortfalls()[0], lang),
        "rate.plan_shortfall": describe_shortfall(_rate_assessment().shortfalls()[0], lang),
        "rate.plan": _rate_plan().explain(lang),
        "revocation": _revocation_text(lang),
    }
    return out


def _revocation_text(lang: str) -> str:
    from tests.test_revocation import _ntm_assessment
    return "\n".join(check_revocation(_ntm_assessment(failing)).explain(lang) for failing in (
        (1, 2, 3, 4, 5, 6, 7, 8, 9, 11), (10, 1, 2, 3, 4, 5), (1, 2)))


NAMES = ("plan", "plan.shortfalls", "summary", "explain.failing", "explain.unknown",
         "review.failing", "rate.explain", "rate.review", "rate.shortfall",
         "rate.plan_shortfall", "rate.plan", "revocation")

#: a number with a decimal point followed by a unit (a Vietnamese number writes 52,6%)
_POINT_NUMBER = re.compile(r"\d\.\d+ ?(%|triệu|điểm|đồng|ha\b|km|người|hộ|xã|thôn)")
#: a decimal comma followed by a unit, in English
_COMMA_NUMBER = re.compile(r"\d,\d{1,2} ?(%|million|points?|percentage)")
_DOUBLED = re.compile(r"\b(\w+) \1\b", re.UNICODE)


@pytest.mark.parametrize("name", NAMES)
def test_no_forbidden_wording_in_vietnamese(name: str) -> None:
    text = _renderings("vi")[name]
    assert text.strip()
    for wrong, right in FORBIDDEN_VI.items():
        assert wrong not in text.lower(), f"{name}: {wrong!r} (the glossary says {right!r})"
    doubled = [m.group(0) for m in _DOUBLED.finditer(text) if not m.group(1).isdigit()]
    assert not doubled, f"{name}: doubled words {doubled}"
    assert not _POINT_NUMBER.search(text), f"{name}: a decimal point in a Vietnamese number"


@pytest.mark.parametrize("name", NAMES)
def test_no_forbidden_wording_in_english(name: str) -> None:
    text = _renderings("en")[name]
    assert text.strip()
    doubled = [m.group(0) for m in _DOUBLED.finditer(text) if not m.group(1).isdigit()]
    assert not doubled, f"{name}: doubled words {doubled}"
    assert not _COMMA_NUMBER.search(text), f"{name}: a decimal comma in an English number"
    for vi_term in ("thực tế", "yêu cầu", "còn thiếu", "điểm phần trăm", "chưa đủ dữ liệu"):
        # Vietnamese terms may appear only inside labels and citations, never as wording
        # of the rendering: the shortfall lines carry none
        if name.startswith("rate."):
            assert vi_term not in text, f"{name}: {vi_term!r} in English"


@pytest.mark.parametrize("lang", LANGS)
def test_percentage_points_are_never_written_as_percent(lang: str) -> None:
    """The shortfall of a percent against a percent threshold is in percentage points."""
    points = term("percentage_points", lang)
    short = term("short_by", lang)
    for name in ("rate.explain", "rate.review", "rate.shortfall", "rate.plan_shortfall",
                 "rate.plan"):
        text = _renderings(lang)[name]
        number = r"3,25" if lang == "vi" else r"3\.25"  # 90.5 - 87.25
        assert re.search(number + " " + points, text), f"{name}: {text}"
        assert not re.search(number + "%", text), f"{name}: % for percentage points"
    for name in ("rate.shortfall", "rate.plan_shortfall"):
        assert short in _renderings(lang)[name]


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_terms_appear_where_expected(lang: str) -> None:
    r = _renderings(lang)
    observed, required, short = (term(k, lang) for k in ("observed", "required", "short_by"))
    for name in ("rate.shortfall", "rate.plan_shortfall", "plan.shortfalls"):
        assert observed in r[name] and required in r[name], name  # noqa: PT018
    assert short in r["plan.shortfalls"]
    assert observed in r["rate.explain"]
    assert required in r["rate.explain"]
    heading = observed[:1].upper() + observed[1:]
    assert heading in r["rate.review"]
    assert (required[:1].upper() + required[1:]) in r["rate.review"]
    if lang == "vi":  # the English sheet heads the column "Shortfall"
        assert (short[:1].upper() + short[1:]) in r["rate.review"]
    for outcome in (Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN):
        assert term(outcome.value, lang) in r["plan"]
        assert term(outcome.value, lang) in r["summary"]
    # a target "by year Y" counts the assessments of year Y or earlier: by the end of Y
    assert f"{term('by_end_of', lang)} 2025" in r["rate.plan"]
    assert term("missing_data", lang) in r["plan"]
    assert term("missing_items", lang) in r["plan"]
    assert term("shortfalls", lang) in r["summary"]


def test_plan_target_reads_by_the_end_of_the_year() -> None:
    vi = _rate_plan().explain("vi")
    assert ("cần thêm 1 trong số 2 ứng viên chưa đạt phải đạt chuẩn đến hết năm 2025"
            in vi)
    assert "1 of the 2 candidates not yet passing must pass by the end of 2025" in (
        _rate_plan().explain("en"))


def test_revocation_numbers_follow_the_locale() -> None:
    assert "(52,6%)" in _renderings("vi")["revocation"]
    assert "(52.6%)" in _renderings("en")["revocation"]
    assert "(31,6%)" in _renderings("vi")["revocation"]  # 6/19 = 31.57...


def test_outcome_labels_are_the_glossary_terms() -> None:
    for outcome in Outcome:
        assert outcome.label_vi == term(outcome.value, "vi")
        assert outcome.label_en == term(outcome.value, "en")


def test_the_glossary_is_nfc_and_forbids_none_of_its_own_terms() -> None:
    import unicodedata
    for key, (vi, en) in TERMS.items():
        assert unicodedata.normalize("NFC", vi) == vi, key
        assert vi.strip(), key
        assert en.strip(), key
        for wrong in FORBIDDEN_VI:
            assert wrong not in vi.lower(), (key, wrong)


def test_citation_dates_say_day_month_or_year() -> None:
    assert "ngày 09/8/2023" in Citation(document="QĐ", date="09/8/2023",
                                        confidence="seed").describe("vi")
    assert "tháng 09/2022" in Citation(document="QĐ", date="09/2022",
                                       confidence="seed").describe("vi")
    assert "năm 2022" in Citation(document="QĐ", date="2022", confidence="seed").describe("vi")
    assert "of 09/2022" in Citation(document="QĐ", date="09/2022",
                                    confidence="seed").describe("en")


def test_counted_words_agree_with_the_number() -> None:
    from ntmcriteria.glossary import counted
    assert counted(1, "shortfalls", "en") == "1 shortfall"
    assert counted(2, "missing_items", "en") == "2 missing items"
    assert counted(1, "missing_items", "en") == "1 missing item"
    assert counted(1, "shortfalls", "vi") == "1 điểm không đạt"
    assert "1 shortfall," in _rate_plan().explain("en")
