"""Explanations: the wording promises, on the fixture and on generated assessments."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria.analysis.closeness import closest_alternative, normalised_shortfall
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, Criterion
from ntmcriteria.errors import NTMValueError
from ntmcriteria.indicators import Indicator
from ntmcriteria.outcome import Outcome
from ntmcriteria.render._model import Line, build_document
from ntmcriteria.render.text import explain_text
from ntmcriteria.rules import any_of, fact, yes
from ntmcriteria.strategies import communes_for, criteria_sets
from ntmcriteria.trace import Missing
from ntmcriteria.units import Commune
from tests.test_render_fixture import fixed_assessment

LABELS = {"vi": ("ĐẠT", "KHÔNG ĐẠT", "CHƯA ĐỦ DỮ LIỆU", "KHÔNG ÁP DỤNG"),
          "en": ("PASS", "FAIL", "NOT ENOUGH DATA", "NOT APPLICABLE")}


def test_a_missing_fact_is_never_shown_as_a_dash() -> None:
    text = explain_text(fixed_assessment(), "en")
    assert "observed —" not in text
    assert "Cultural commune: observed no data; required: yes" in text
    assert ("Missing: no data for «Cultural commune» [cultural_commune] of unit "
            "Tam Thanh (20345), year 2024") in text
    # the core's did-you-mean pointed at another declared indicator: dropped
    assert "cultural_score'?" not in text


def test_difference_names_both_facts() -> None:
    vi = explain_text(fixed_assessment(), "vi")
    assert "Số hộ nghèo − Số hộ nghèo thuộc diện loại trừ: thực tế 1 hộ; yêu cầu = 0 hộ" in vi


def test_relative_rule_reads_by_multiplication() -> None:
    vi = explain_text(fixed_assessment(), "vi")
    assert ("thực tế 59,99 triệu đồng/người/năm; yêu cầu ≥ 60,0 triệu đồng/người/năm "
            "(= 1,5 × 40,0 triệu đồng/người/năm của năm 2017); còn thiếu 0,01 "
            "triệu đồng/người/năm") in vi


def test_members_that_fail_are_named_with_codes() -> None:
    vi = explain_text(fixed_assessment(), "vi")
    assert "Không đạt: Thôn Trung Đông (02)" in vi
    assert "Chưa đủ dữ liệu: Thôn Hòa Bình (03)" in vi


def test_citation_and_parameters_are_shown() -> None:
    en = explain_text(fixed_assessment(), "en")
    assert "Source: Kế hoạch (dự thảo) xây dựng xã NTM kiểu mẫu" in en
    assert "Parameters used: Minimum production value per hectare [production_value_min] = 200" \
        in en
    assert "parameter «Minimum cultural facilities score» [cultural_score_min] not supplied" \
        in en


def test_closest_alternative_is_the_smallest_normalised_shortfall() -> None:
    inds = (Indicator(key="a", label_vi="A", label_en="Rate A", measure="percent",
                      value_type="decimal"),
            Indicator(key="b", label_vi="B", label_en="Income B",
                      measure="million_vnd_per_person_year", value_type="decimal"),
            Indicator(key="c", label_vi="C", label_en="Flag C", measure="yes_no",
                      value_type="boolean"))
    cs = CriteriaSet(id="s", label_vi="S", label_en="S", level="commune", valid_from=2021,
                     valid_to=2025, indicators=inds, criteria=(Criterion(
                         id="k", number="1", label_vi="K", label_en="K",
                         rule=any_of(fact("a") >= 90, fact("b") >= 50, yes("c")),
                         citation=Citation(document="d", confidence="unknown")),))
    # a: 9/90 = 0.1, b: 4/50 = 0.08 (nearest), c: 1
    a = cs.assess(Commune(code="1", facts={"a": 81, "b": 46, "c": False}), year=2024)
    trace = a.results[0].trace
    assert [normalised_shortfall(c) for c in trace.children] == [
        Decimal("0.1"), Decimal("0.08"), 1]
    assert closest_alternative(trace) is not None
    assert closest_alternative(trace)[0] == 1  # type: ignore[index]
    assert "Closest alternative: option 2 (Income B: observed 46.0 million VND/person/year" \
        in explain_text(a, "en")


def test_describe_missing_kinds() -> None:
    names = {"7": "Thôn 7"}
    fact_item = Missing(kind="fact", key="x", unit="7", year=2024, label_vi="Chỉ tiêu X",
                        label_en="Indicator X")
    assert fact_item.describe("vi", names) == (
        "chưa có số liệu «Chỉ tiêu X» [x] của đơn vị Thôn 7 (7), năm 2024")
    rec = Missing(kind="recognition", key="ntm", unit="7", label_vi="nông thôn mới",
                  label_en="new rural (NTM)")
    assert rec.describe("en", names) == (
        "no year of recognition as new rural (NTM) for unit Thôn 7 (7)")
    with pytest.raises(NTMValueError, match="lang must be"):
        rec.describe("de")


def test_unknown_language_is_refused() -> None:
    with pytest.raises(NTMValueError, match="lang must be 'vi' or 'en' \\(got 'fr'\\)"):
        fixed_assessment().explain("fr")


@given(st.data(), st.sampled_from(["vi", "en"]))
def test_every_criterion_is_explained_with_its_verdict(data: st.DataObject, lang: str) -> None:
    cs = data.draw(criteria_sets(level="commune", max_depth=3))
    commune = data.draw(communes_for(cs, years=(2021, 2022, 2023), max_villages=3))
    a = cs.assess(commune, year=2024)
    text = explain_text(a, lang)
    word = "Tiêu chí" if lang == "vi" else "Criterion"
    for result in a.results:
        label = LABELS[lang][[Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN,
                               Outcome.NOT_APPLICABLE].index(result.outcome)]
        assert f"[{label}] {word} {result.criterion.number}. " in text
    assert "observed —" not in text
    assert "thực tế —" not in text
    doc = build_document(a, lang)
    for block, result in zip(doc.blocks, a.results, strict=True):
        assert block.outcome is result.outcome
        # an UNKNOWN criterion always says what is missing
        if result.outcome is Outcome.UNKNOWN and result.trace.missing:
            assert any(("Thiếu: " if lang == "vi" else "Missing: ") in note
                       for line in _all_lines(block.lines) for note in line.notes)


def _all_lines(lines: tuple[Line, ...]) -> list[Line]:
    out: list[Line] = []
    stack = list(lines)
    while stack:
        line = stack.pop()
        out.append(line)
        stack.extend(line.children)
    return out


def _flag_set() -> tuple[CriteriaSet, CriteriaSet]:
    from ntmcriteria.criteria import Parameter
    from ntmcriteria.rules import count, meets, rule_param

    cite = Citation(document="Quyết định thử", confidence="unknown", article="Điều 1")
    flag = Indicator(key="x", label_vi="Điều kiện X", label_en="Condition X", measure="yes_no",
                     value_type="boolean")
    base = CriteriaSet(id="base", label_vi="Bộ nền", label_en="Base set", level="commune",
                       valid_from=2021, valid_to=2025, indicators=(flag,),
                       criteria=(Criterion(id="b1", number="1", label_vi="Tiêu chí nền",
                                           label_en="Base criterion", rule=yes("x"),
                                           citation=cite),))
    top = CriteriaSet(
        id="top", label_vi="Bộ trên", label_en="Top set", level="commune", valid_from=2021,
        valid_to=2025, indicators=(flag,), references=(base,),
        parameters=(Parameter(name="own", label_vi="Quy định riêng", label_en="Own rule",
                              citation=cite, kind="rule"),),
        criteria=(
            Criterion(id="t1", number="1", label_vi="Đạt bộ nền", label_en="Meets base",
                      rule=meets("base", tier="advanced"), citation=cite),
            Criterion(id="t2", number="2", label_vi="Thôn", label_en="Villages",
                      rule=count("village", yes("x"), at_least=2), citation=cite),
            Criterion(id="t3", number="3", label_vi="Riêng", label_en="Own",
                      rule=rule_param("own"), citation=cite),
        ))
    return base, top


def test_meets_count_and_supplied_rule_are_worded() -> None:
    from ntmcriteria.units import Village

    _, top = _flag_set()
    villages = tuple(Village(code=f"0{i}", name=f"Thôn {i}", facts={"x": i == 1})
                     for i in (1, 2, 3))
    commune = Commune(code="9", name="Xã A", facts={"x": False}, villages=villages)
    a = top.assess(commune, year=2024, parameters={"own": yes("x")})
    vi = explain_text(a, "vi")
    assert "[KHÔNG ĐẠT] Đạt bộ tiêu chí «Bộ nền» [base]" in vi
    assert "  - [KHÔNG ĐẠT] Tiêu chí nền\n        Căn cứ: Quyết định thử, Điều 1" in vi
    assert ("Số thôn đạt: 1 (trên tổng số 3); yêu cầu ≥ 2; cần thêm 1 thôn đạt" in vi)
    assert "Không đạt: Thôn 2 (02), Thôn 3 (03)" in vi
    assert "Quy định do địa phương ban hành «Quy định riêng» [own]" in vi
    assert "Tham số đã dùng: 1 quy định do địa phương cung cấp" in vi
    recognised = Commune(code="9", name="Xã A", facts={"x": False}, villages=villages,
                         recognitions={"advanced": 2022})
    en = explain_text(top.assess(recognised, year=2024, parameters={"own": yes("x")}), "en")
    assert "[PASS] Meets the criteria set «Base set» [base] (recognised advanced NTM in 2022)" \
        in en


def test_path_goes_through_meets_counts_and_supplied_rules() -> None:
    from ntmcriteria.paths import path_to_tier
    from ntmcriteria.units import Village

    _, top = _flag_set()
    villages = tuple(Village(code=f"0{i}", name=f"Thôn {i}", facts={"x": i == 1})
                     for i in (1, 2, 3))
    commune = Commune(code="9", name="Xã A", facts={"x": False}, villages=villages)
    path = path_to_tier(top, commune, year=2024, parameters={"own": yes("x")})
    assert sorted((c.unit_path, c.key, c.new) for c in path.changes) == [
        (("9",), "x", True), (("9", "02"), "x", True)]
    assert path.reachable
    no_rule = path_to_tier(top, commune, year=2024)
    assert [(b.kind, b.key) for b in no_rule.blockers] == [("parameter", "own")]
