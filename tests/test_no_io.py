"""The library does no I/O and runs no code from data: checked on its source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ntmcriteria

PACKAGE = Path(ntmcriteria.__file__).parent
FORBIDDEN_MODULES = {
    "os", "io", "pathlib", "socket", "urllib", "http", "subprocess", "shutil", "tempfile",
    "requests", "pickle", "marshal", "shelve", "logging", "sqlite3", "ftplib", "glob",
}
FORBIDDEN_CALLS = {"open", "print", "input", "eval", "exec", "compile", "__import__", "breakpoint"}
# reading the installed version from package metadata is the only allowed exception
# and the schema files shipped as package data, read by their own edge module
ALLOWED = {("__init__.py", "importlib.metadata"),
           ("schemas/__init__.py", "importlib.resources"),
           ("schemas/__init__.py", "importlib.resources.abc"),
           # the command line reads and writes the files it is given, in this one module
           ("cli/_files.py", "pathlib")}


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_does_no_io(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = str(path.relative_to(PACKAGE))
    problems = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            if (rel, name) in ALLOWED:
                continue
            if name.split(".")[0] in FORBIDDEN_MODULES or name == "importlib":
                problems.append(f"line {getattr(node, 'lineno', '?')}: imports {name}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (
            node.func.id in FORBIDDEN_CALLS
        ):
            problems.append(f"line {node.lineno}: calls {node.func.id}()")
        if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "import_module"}:
            problems.append(f"line {node.lineno}: uses .{node.attr}")
    assert not problems, f"{rel}: " + "; ".join(problems)


def test_the_scan_sees_the_whole_package() -> None:
    assert len(_sources()) >= 15
