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
    namespace: dict[str, object] = {}
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    text = out.getvalue()
    assert "vn.commune.ntm-model.2021-2025 2021 2025" in text
    assert "Outcome.FAIL" in text
    assert "income 59.99 60.0 0.01" in text
    assert "villages" in text
    assert "('03',)" in text
    assert "còn thiếu 0,01" in text
