"""The province example: derive, save as JSON, load back, assess, explain."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "province_derive_json.py"


def test_province_example_saves_loads_and_assesses(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("province_derive_json", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main("en")
    out = capsys.readouterr().out
    assert "(equal to the saved set), derived from 'vn.commune.ntm.2021-2025'" in out
    assert "Overall:" in out
    assert "Criterion 10" in out
    assert "$.criteria[9].rule.op: expected one of" in out
    assert "did you mean 'label_en'" in out
    provincial = module.derive_provincial_set()
    assert provincial.derived_from == "vn.commune.ntm.2021-2025"
    # made-up provincial values: their confidence is "unknown", never "seed" or better
    assert all(change.citation.confidence.value == "unknown" for change in provincial.changes)
