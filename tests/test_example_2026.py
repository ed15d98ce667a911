"""The example examples/commune_2026.py runs: a commune assessed for 2026 against the
2026-2030 set with parameters from a small file, explained in Vietnamese."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ntmcriteria.catalog import get
from ntmcriteria.serialize import parameters_from_json

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_the_2026_example_prints_the_vietnamese_explanation() -> None:
    result = subprocess.run(  # noqa: S603 - our own example, fixed arguments
        [sys.executable, str(EXAMPLES / "commune_2026.py")],
        capture_output=True, text=True, check=True, timeout=120)
    out = result.stdout
    assert "DỮ LIỆU MINH HỌA" in out
    assert "Bộ tiêu chí áp dụng năm 2026: vn.commune.ntm.2026-2030" in out
    assert "10 tham số đọc từ commune_2026_parameters.json" in out
    assert "Đánh giá xã Minh Họa (Đà Nẵng) (DN-X01) năm 2026" in out
    assert "Kết quả chung: KHÔNG ĐẠT — 9 đạt, 1 không đạt" in out
    assert "Phân loại: nhóm xã: Nhóm 1" in out
    assert "[KHÔNG ĐẠT] Tiêu chí 7. Khoa học công nghệ và chuyển đổi số" in out
    assert "Quyết định 51/2025/QĐ-TTg" in out


def test_the_parameter_file_is_for_the_2026_set_and_loads() -> None:
    cs = get("vn.commune.ntm.2026-2030")
    text = (EXAMPLES / "commune_2026_parameters.json").read_text(encoding="utf-8")
    values = parameters_from_json(cs, text)
    assert set(values) == {f"vn51.ntm.c{k:02d}.rule" for k in range(1, 11)}
    assert "MINH HỌA" in text
