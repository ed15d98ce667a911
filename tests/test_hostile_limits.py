"""Every limit has one definition, in ``limits.py``, and ``docs/security.md`` lists it."""

from __future__ import annotations

import ast
import pathlib

from ntmcriteria import limits

SRC = pathlib.Path(limits.__file__).parent
DOC = SRC.parents[1] / "docs" / "security.md"


def test_every_limit_is_defined_once_in_limits_py() -> None:
    names = set(limits.__all__)
    defined_elsewhere = []
    for path in SRC.rglob("*.py"):
        if path.name == "limits.py" and path.parent == SRC:
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else (
                [node.target] if isinstance(node, ast.AnnAssign) else [])
            for target in targets:
                value = getattr(node, "value", None)
                if isinstance(target, ast.Name) and target.id in names and isinstance(
                        value, ast.Constant | ast.BinOp | ast.UnaryOp):
                    defined_elsewhere.append(f"{path.relative_to(SRC)}: {target.id}")
    assert not defined_elsewhere


def test_the_security_page_lists_every_limit() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [name for name in limits.__all__ if name not in text]
    assert not missing
    for name in limits.__all__:
        value = getattr(limits, name)
        assert isinstance(value, int)
        assert value > 0
        # its default is stated as written in the table (with thousands separators)
        assert f"{value:,}" in text or str(value) in text, name
