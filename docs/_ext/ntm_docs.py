"""Pages the documentation generates when it is built (never committed copies).

- ``_generated/sets/<id>.md``: one page per bundled criteria set: its level,
  period and sources, and its official-style table (every criterion with its
  conditions, thresholds and legal source), made by ``ntmcriteria.render``.
- ``_generated/walkthrough.ipynb``: the walkthrough example as a notebook,
  executed by myst-nb during the build.
- ``_generated/extra/schemas/``: the schema files at the addresses of their
  ``$id`` (published with the site).
- ``_generated/security_toc.md``: the security page's toctree entry when
  ``docs/security.md`` exists (nothing otherwise).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from ntm_notebook import script_to_notebook

DOCS = Path(__file__).resolve().parents[1]
GENERATED = DOCS / "_generated"
EXAMPLE = DOCS.parent / "examples" / "notebook_walkthrough.py"


def _write(path: Path, text: str) -> None:
    """Write only when the text changed (Sphinx then rebuilds only what changed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def set_page(entry: Any) -> str:
    """The page of one bundled set: Vietnamese table first, then English."""
    from ntmcriteria.render.table import criteria_table_markdown

    cs = entry.load()
    lines = [f"# {entry.label_vi}", "", f"*{entry.label_en}*", "",
             "| | |", "|---|---|",
             f"| id | `{entry.id}` |",
             f"| cấp / level | {entry.level.label_vi} / {entry.level.label_en} |",
             f"| giai đoạn / period | {entry.period} |",
             f"| số tiêu chí / criteria | {len(cs.criteria)} |"]
    if entry.draft:
        lines.append("| tình trạng / status | dự thảo, không có hiệu lực / a draft, never in "
                     "force |")
    if cs.derived_from:
        lines.append(f"| điều chỉnh từ / derived from | `{cs.derived_from}` |")
    lines += ["", "## Căn cứ / Sources", ""]
    lines += [f"- {source}" for source in entry.sources]
    declared = [p for p in cs.all_parameters.values() if p.default is None]
    if declared:
        lines += ["", "## Tham số chưa có giá trị / Parameters without a value", "",
                  "Không có giá trị pháp lý nào được tự đặt ra: địa phương cung cấp các tham số "
                  "sau (nếu thiếu, tiêu chí liên quan là *chưa đủ dữ liệu*). "
                  "No legal value is invented: a province supplies these (without them, the "
                  "criteria that need them are *not enough data*).", ""]
        lines += [f"- `{p.name}`: {p.label_vi} / {p.label_en}" for p in
                  sorted(declared, key=lambda p: p.name)]
    for lang, heading in (("vi", "Bảng tiêu chí"), ("en", "The criteria table")):
        table = criteria_table_markdown(cs, lang).split("\n", 2)[2]  # without its own title
        lines += ["", f"## {heading}", "", table]
    lines += ["", "```bash", f"ntmcriteria show {entry.id} --format html -o bang.html", "```", ""]
    return "\n".join(lines)


def generate(app: Any | None = None) -> None:
    """Write every generated page (called when the builder starts)."""
    from ntmcriteria import catalog
    from ntmcriteria.schemas import FILE_NAMES, load_schema, schema_text

    entries = catalog.catalog()
    wanted = {f"{entry.id}.md" for entry in entries}
    sets = GENERATED / "sets"
    if sets.exists():
        for stale in sets.glob("*.md"):
            if stale.name not in wanted:
                stale.unlink()
    for entry in entries:
        _write(sets / f"{entry.id}.md", set_page(entry))
    import nbformat

    notebook = script_to_notebook(EXAMPLE.read_text(encoding="utf-8"))
    _write(GENERATED / "walkthrough.ipynb", nbformat.writes(notebook))
    for kind in FILE_NAMES:
        name = load_schema(kind)["$id"].rsplit("/", 1)[1]
        _write(GENERATED / "extra" / "schemas" / name, schema_text(kind))
    security = DOCS / "security.md"
    toc = ("```{toctree}\n:maxdepth: 1\n\n/security\n```\n" if security.exists() else "")
    _write(GENERATED / "security_toc.md", toc)


def clean() -> None:  # pragma: no cover - by hand
    shutil.rmtree(GENERATED, ignore_errors=True)


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", lambda app, config: generate(app))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
