"""The walkthrough, executed as a Jupyter notebook, shows rich (HTML) output.

The notebook is built from the script's ``# %%`` cells (``docs/_ext/ntm_notebook.py``,
also used by the documentation build) and run with nbclient and ipykernel (the
``docs`` extra; the test is skipped without them).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "notebook_walkthrough.py"


def _outputs(cell: Any, mime: str) -> list[str]:
    return [out["data"][mime] for out in cell.get("outputs", ())
            if out.get("output_type") in ("execute_result", "display_data")
            and mime in out.get("data", {})]


def test_the_walkthrough_runs_as_a_notebook_with_html_output() -> None:
    pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    try:
        from ntm_notebook import script_cells, script_to_notebook
    finally:
        sys.path.remove(str(ROOT / "docs" / "_ext"))
    text = EXAMPLE.read_text(encoding="utf-8")
    notebook = script_to_notebook(text)
    assert len(notebook.cells) == len(script_cells(text)) >= 20
    assert notebook.cells[0].cell_type == "markdown"
    assert notebook.cells[0].source.startswith("# ntmcriteria walkthrough")
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    code = [c for c in notebook.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.get("outputs", ()) if o["output_type"] == "error"]
    assert errors == []
    html = {c.source.strip().splitlines()[-1]: _outputs(c, "text/html") for c in code}
    # the cells that end in a set, an assessment, a path, a batch and a plan show HTML
    assert any('class="ntm ntm-criteria-set"' in h for h in html["small_set"])
    assert any('class="ntm ntm-assessment"' in h for h in
               html["assessment  # a notebook shows the explanation as HTML"])
    path = html["path  # the changes as a table; path.explain() gives them as text"]
    assert any("ntm-path" in h and "model_village" in h for h in path)
    assert any("<th title=" in h for h in html["batch"])
    progress = html["progress"][0]
    assert 'class="ntm-summary"' in progress
    assert "<svg" in progress
    # a parameter sheet and the diffs of a derived set show as tables
    assert any('class="ntm ntm-params"' in h and "vn318.income.ntm" in h
               for h in html["sheet"])
    assert any('class="ntm ntm-diff"' in h and "170,0 triệu đồng/ha/năm" in h
               for h in html["set_diff"])
    assert any("Tam Ngọc (tam-ngoc)" in h for h in html["outcome_diff"])
    with_html = [c for c in code if _outputs(c, "text/html")]
    assert len(with_html) >= 9
    # short one-line reprs, not dumps
    plain = [p for c in code for p in _outputs(c, "text/plain")]
    assert max(len(p) for p in plain if p.startswith("<PlanProgress")) < 200
    for kind in ("<ParameterSheet", "<SetDiff", "<OutcomeDiff"):
        shown = [p for p in plain if p.startswith(kind)]
        assert shown, kind
        assert all(len(p) < 200 and "\n" not in p for p in shown)
