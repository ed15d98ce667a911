"""Turn a ``# %%`` script (the walkthrough) into a Jupyter notebook, without jupytext.

Cells start at lines ``# %%`` (code) or ``# %% [markdown]`` (Markdown, each line's
leading ``# `` removed). Used by the documentation build (the executed notebook
page) and by ``tests/test_notebook.py``.
"""

from __future__ import annotations

import textwrap
from typing import Any

import nbformat


def script_cells(text: str) -> list[tuple[str, str]]:
    """``(kind, source)`` for each cell of a ``# %%`` script (``kind``: code or markdown)."""
    cells: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        marker = line.strip()
        if marker.startswith("# %%"):
            kind = "markdown" if "[markdown]" in marker else "code"
            cells.append((kind, []))
            continue
        if not cells:
            continue
        cells[-1][1].append(line)
    out = []
    for kind, lines in cells:
        if kind == "markdown":
            source = "\n".join(line.strip()[2:] if line.strip().startswith("# ")
                               else line.strip().lstrip("#") for line in lines)
        else:
            source = textwrap.dedent("\n".join(lines))
        source = source.strip("\n")
        if source:
            out.append((kind, source))
    return out


def script_to_notebook(text: str) -> Any:
    """A notebook (nbformat 4) with the cells of the script, not yet executed."""
    cells = [nbformat.v4.new_markdown_cell(source) if kind == "markdown"
             else nbformat.v4.new_code_cell(source) for kind, source in script_cells(text)]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook
