"""HTML and Markdown renderings: well-formed, escaped, no JavaScript, same content."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import attrs
from hypothesis import given
from hypothesis import strategies as st

from ntmcriteria.batch import assess_many
from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.render.html import assessment_html, assessments_html, criteria_set_html
from ntmcriteria.render.markdown import assessment_markdown, escape_markdown
from ntmcriteria.strategies import communes_for, criteria_sets
from ntmcriteria.units import Village
from tests.test_render_fixture import (
    COMMUNE,
    CRITERIA_SET,
    PARAMETER_VALUES,
    YEAR,
    fixed_assessment,
)

EVIL = "<script>alert(1)</script>"


def _parse(html: str) -> ET.Element:
    return ET.fromstring(html)  # noqa: S314 - our own output


def _no_script(html: str) -> None:
    root = _parse(html)
    for element in root.iter():
        assert element.tag != "script"
        assert not any(name.lower().startswith("on") for name in element.attrib)
        assert all("javascript:" not in v.lower() for v in element.attrib.values())


def test_a_hostile_commune_name_appears_as_text() -> None:
    commune = attrs.evolve(COMMUNE, name=EVIL, villages=(
        Village(code="01", name='Thôn "A" & <b>B</b>', facts={"model_village": False}),))
    a = CRITERIA_SET.assess(commune, year=YEAR, parameters=PARAMETER_VALUES)
    for lang in ("vi", "en"):
        html = assessment_html(a, lang)
        assert "<script" not in html
        _no_script(html)
        text = "".join(_parse(html).itertext())
        assert EVIL in text  # shown to the reader as the literal name
        assert 'Thôn "A" & <b>B</b> (01)' in text
        batch = assessments_html(assess_many(CRITERIA_SET, [commune], year=YEAR,
                                             parameters=PARAMETER_VALUES), lang)
        assert EVIL in "".join(_parse(batch).itertext())
        _no_script(batch)
        md = assessment_markdown(a, lang)
        assert "<script>" not in md
        assert escape_markdown(EVIL) in md


def test_a_hostile_criteria_set_label_appears_as_text() -> None:
    cs = attrs.evolve(CRITERIA_SET, label_vi=EVIL, criteria=tuple(
        attrs.evolve(c, label_vi=c.label_vi + " <i>x</i>") for c in CRITERIA_SET.criteria))
    html = criteria_set_html(cs)
    assert "<script" not in html
    _no_script(html)
    text = "".join(_parse(html).itertext())
    assert EVIL in text
    assert "Thu nhập <i>x</i>" in text


def test_the_criteria_table_has_one_body_row_per_condition() -> None:
    root = _parse(criteria_set_html(CRITERIA_SET, "en"))
    rows = root.findall(".//tbody/tr")
    # 1 + 1 + 2 + 1 + 1 + 5 + 1 + 3 conditions in the fixture's eight criteria
    assert len(rows) == 15
    first = ["".join(td.itertext()) for td in rows[0].findall("td")]
    assert first[:2] == ["1", "Income"]
    assert first[3] == "≥ 1.5 × Per-capita income (in the year recognised new rural (NTM))"


def test_html_reads_without_styles() -> None:
    html = assessment_html(fixed_assessment(), "vi")
    root = _parse(html)
    for style in root.iter("style"):
        style.text = ""
    text = "".join(root.itertext())
    # outcomes are written out, not only coloured
    assert "KHÔNG ĐẠT" in text
    assert "CHƯA ĐỦ DỮ LIỆU" in text
    assert "còn thiếu 0,01 triệu đồng/người/năm" in text


@given(st.data())
def test_generated_assessments_and_sets_render_well_formed(data: st.DataObject) -> None:
    cs: CriteriaSet = data.draw(criteria_sets(level="commune", max_depth=3))
    commune = data.draw(communes_for(cs, years=(2021, 2022, 2023), max_villages=3))
    a = cs.assess(commune, year=2024)
    for lang in ("vi", "en"):
        root = _parse(assessment_html(a, lang))
        assert root.attrib["lang"] == lang
        headings = list(root.iter("h4"))
        assert len(headings) == len(cs.criteria)
        _parse(criteria_set_html(cs, lang))
        md = assessment_markdown(a, lang)
        assert md.count("\n## ") == len(cs.criteria)
