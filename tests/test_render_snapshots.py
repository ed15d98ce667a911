"""Snapshot tests: the text, Markdown and HTML renderings of a fixed assessment, and the
criteria-set table, in Vietnamese and English, compared exactly with reviewed files.

Run with ``NTM_UPDATE_SNAPSHOTS=1`` to rewrite the files after a deliberate change,
then read the diff: a snapshot must be correct, not merely what the code printed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from ntmcriteria.render.html import assessment_html, criteria_set_html
from ntmcriteria.render.markdown import assessment_markdown
from ntmcriteria.render.table import criteria_table_markdown
from ntmcriteria.render.text import explain_text
from tests.test_render_fixture import CRITERIA_SET, fixed_assessment

SNAPSHOTS = Path(__file__).parent / "snapshots"

RENDERERS: dict[str, Callable[[str], str]] = {
    "assessment_{lang}.txt": lambda lang: explain_text(fixed_assessment(), lang),
    "assessment_{lang}.md": lambda lang: assessment_markdown(fixed_assessment(), lang),
    "assessment_{lang}.html": lambda lang: assessment_html(fixed_assessment(), lang),
    "criteria_set_{lang}.md": lambda lang: criteria_table_markdown(CRITERIA_SET, lang),
    "criteria_set_{lang}.html": lambda lang: criteria_set_html(CRITERIA_SET, lang),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("pattern", sorted(RENDERERS))
def test_rendering_matches_snapshot(pattern: str, lang: str) -> None:
    path = SNAPSHOTS / pattern.format(lang=lang)
    rendered = RENDERERS[pattern](lang)
    if os.environ.get("NTM_UPDATE_SNAPSHOTS") == "1":
        path.write_text(rendered, encoding="utf-8")
    assert path.exists(), f"missing snapshot {path.name}; run with NTM_UPDATE_SNAPSHOTS=1"
    assert rendered == path.read_text(encoding="utf-8")


def test_assessment_explain_uses_the_same_text() -> None:
    a = fixed_assessment()
    assert a.explain() == (SNAPSHOTS / "assessment_vi.txt").read_text(encoding="utf-8")
    assert a.explain("en") == (SNAPSHOTS / "assessment_en.txt").read_text(encoding="utf-8")
