"""The notebook-style walkthrough runs as a script and holds what it promises."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "notebook_walkthrough.py"


def test_walkthrough_runs(capsys: pytest.CaptureFixture[str]) -> None:
    namespace = runpy.run_path(str(EXAMPLE), run_name="__main__")
    out = capsys.readouterr().out
    assert "Đánh giá xã Tam Thanh (20345) năm 2024" in out
    assert "Assessment of commune Tam Thanh (20345) in 2024" in out
    assert "còn thiếu 0,01 triệu đồng/người/năm" in out
    path = namespace["path"].explain()
    assert "Thôn 3 (03), năm 2024: «Thôn đạt chuẩn kiểu mẫu» [model_village] từ không thành có" \
        in path
    assert "Sau khi thay đổi: đạt" in path
    assert namespace["progress"].targets[0].target.count == 16
    assert len(namespace["ranking"]) == 5
