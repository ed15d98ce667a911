"""The README's Python example runs as written."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_quick_start_runs_and_prints_what_it_claims() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks, "the README has a Python example"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(blocks[0], "README.md", "exec"), {})  # noqa: S102 - our own README
    text = out.getvalue()
    assert "Outcome.FAIL" in text
    assert "income 59.99 60.0 0.01" in text
    assert "villages" in text
    assert "('03',)" in text
    assert "còn thiếu 0,01" in text
