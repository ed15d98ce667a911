"""The package's layers, from its source: no import cycle, and the core imports no edge.

Imports inside functions count; imports under ``if TYPE_CHECKING:`` do not (they
are never executed). The core (values, units, indicators, thresholds, rules,
evaluation, criteria sets, assessments) may import an edge module only in the
thin user-facing delegations ``explain``, ``to_markdown``, ``to_html`` and
``_repr_html_``, and only the rendering package.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import ntmcriteria

PACKAGE = Path(ntmcriteria.__file__).parent
ROOT = "ntmcriteria"
#: Top-level names (modules or packages) of the edges: everything else is the core.
EDGES = {"render", "serialize", "catalog", "testing", "strategies", "analysis", "paths",
         "plans", "revocation", "batch", "tables", "cli", "__main__", "sheets", "diffs",
         "timelines", "reports", "schemas"}
DELEGATIONS = {"explain", "to_markdown", "to_html", "_repr_html_"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, module: str, is_package: bool,
             function: str | None = None) -> Iterator[tuple[str, str | None, int]]:
    """(imported module, enclosing function, line) for every import executed at runtime."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                yield from _imports(ast.Module(body=[child], type_ignores=[]), module,
                                    is_package, function)
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _imports(node, module, is_package, node.name)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, function, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # "from package import module" imports the module; otherwise the module
                # the names come from (a submodule's parent package is not counted)
                yield f"{base}.{alias.name}", function, node.lineno
                yield f"?{base}", function, node.lineno
        else:
            yield from _imports(node, module, is_package, function)


def _graph() -> dict[str, set[tuple[str, str | None, int]]]:
    modules = _modules()
    graph: dict[str, set[tuple[str, str | None, int]]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges = set()
        found = list(_imports(tree, name, path.name == "__init__.py"))
        direct = {t for t, _, _ in found if not t.startswith("?")}
        for target, function, line in found:
            if target.startswith("?"):
                base = target[1:]
                # the names imported from base are modules of it: no edge to base itself
                if any(t.startswith(base + ".") and t in modules for t in direct):
                    continue
                target = base
            if target in modules and target != name:
                edges.add((target, function, line))
        graph[name] = edges
    return graph


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _is_edge(module: str) -> bool:
    return _top(module) in EDGES


def test_no_import_cycle() -> None:
    graph = {m: {t for t, _, _ in edges if t != ROOT} for m, edges in _graph().items()
             if m != ROOT}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    assert not cycles, f"import cycles: {cycles}"


def test_the_core_imports_no_edge() -> None:
    problems = []
    for module, edges in _graph().items():
        if module == ROOT or _is_edge(module):
            continue
        for target, function, line in sorted(edges, key=lambda e: (e[2], e[0])):
            if not _is_edge(target):
                continue
            if function in DELEGATIONS and _top(target) == "render":
                continue
            problems.append(f"{module}:{line} ({function or 'module level'}) imports {target}")
    assert not problems, "the core imports edges:\n" + "\n".join(problems)


def test_the_scan_sees_the_layers() -> None:
    graph = _graph()
    assert "ntmcriteria.rules.compare" in graph
    assert "ntmcriteria.render._model" in graph
    # the scan does see imports inside functions (the delegations)
    assert any(function == "explain" for _, function, _ in graph["ntmcriteria.assessment"])


#: Builtins that run code given as data; the library never calls them.
EXECUTORS = {"exec", "eval", "compile", "__import__"}


def _executor_calls(tree: ast.AST) -> Iterator[tuple[str, int]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in EXECUTORS:
                yield func.id, node.lineno
            elif (isinstance(func, ast.Attribute) and func.attr in EXECUTORS
                  and isinstance(func.value, ast.Name) and func.value.id == "builtins"):
                yield f"builtins.{func.attr}", node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module in ("builtins", "importlib"):
            for alias in node.names:
                if alias.name in EXECUTORS | {"import_module"}:
                    yield f"{node.module}.{alias.name}", node.lineno


def test_the_library_never_executes_code() -> None:
    """No ``exec``, ``eval``, ``compile()`` or dynamic import anywhere in ``src``: plans
    are data run by an interpreter loop, documents are parsed, never executed."""
    found = [f"{name} in {module} line {line}"
             for module, path in _modules().items()
             for name, line in _executor_calls(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == []


def test_the_executor_scan_finds_calls() -> None:
    """The scan above is not vacuous: it finds each kind of call in a sample."""
    sample = ast.parse("exec('1')\neval('1')\ncompile('1', 'x', 'eval')\n"
                       "import builtins\nbuiltins.eval('2')\nfrom importlib import import_module\n"
                       "x.compile()\n")
    names = sorted(name for name, _ in _executor_calls(sample))
    assert names == ["builtins.eval", "compile", "eval", "exec", "importlib.import_module"]
