"""Sphinx configuration of the ntmcriteria documentation (furo theme, MyST Markdown).

Build it with the ``docs`` extra installed (``bash .ci/run`` does both)::

    sphinx-build -W -b html docs docs/_build/html      # warnings are errors
    sphinx-build -W -b doctest docs docs/_build/doctest

``_ext/ntm_docs.py`` generates a page per bundled set, the walkthrough notebook
(executed by myst-nb) and the published schema files when the build starts.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

import ntmcriteria  # noqa: E402

project = "ntmcriteria"
author = "ntmcriteria developers"
copyright = "2026, ntmcriteria developers"
release = ntmcriteria.__version__
version = release
language = "en"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "ntm_docs",
]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "screenshot_*.py", "screenshots.py", "Thumbs.db", ".DS_Store"]
html_theme = "furo"
html_title = f"ntmcriteria {release}"
html_extra_path = ["_generated/extra"]
html_static_path: list[str] = []

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "force"
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_merge_streams = True

autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
napoleon_google_docstring = False
napoleon_numpy_docstring = False

doctest_global_setup = "from decimal import Decimal"
suppress_warnings = ["myst.header"]
