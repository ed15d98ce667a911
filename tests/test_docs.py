"""The documentation's generated pages: one per bundled set, with its whole table.

The site itself is built with warnings as errors, and its doctests run, in
``.ci/run`` (``sphinx-build -W -b html`` and ``-b doctest``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from ntmcriteria import catalog
from ntmcriteria.render.markdown import escape_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"
ENTRIES = list(catalog.catalog())


def _docs_module() -> Any:
    pytest.importorskip("nbformat")
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        import ntm_docs
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    return ntm_docs


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_each_bundled_set_gets_a_page_with_its_table_and_sources(entry: Any) -> None:
    page = _docs_module().set_page(entry)
    cs = entry.load()
    assert page.startswith(f"# {entry.label_vi}\n")
    assert f"`{entry.id}`" in page
    for source in entry.sources:
        assert source in page
    for criterion in cs.criteria:
        for lang in ("vi", "en"):
            assert escape_markdown(criterion.label(lang)) in page
            assert escape_markdown(criterion.citation.describe(lang)) in page
    for name, parameter in cs.all_parameters.items():
        if parameter.default is None:
            assert f"`{name}`" in page  # the values a province must supply are listed


def test_the_index_links_every_guide_and_the_security_page_when_present() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in ("guide/office-vi", "guide/office-en", "guide/developer", "guide/province",
                 "concepts", "format", "sets", "api", "_generated/walkthrough"):
        assert f"\n{page}\n" in index
        assert (DOCS / f"{page}.md").exists() or page.startswith("_generated")
    assert "_generated/security_toc.md" in index
