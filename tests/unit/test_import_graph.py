"""The layer's modules import each other in one direction: no module waits, through others, on itself.

The graph is read from the source with ast. An import at module level (in a class body or under `if TYPE_CHECKING:`
too: a loop that exists only for the type checker is still a loop in the design) is an edge; an import inside a
function is a lazy load made when the function runs, and is left out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from finassist.local.stack import project_root

LAYER = project_root() / "layers" / "finassist" / "python"


def _modules(root: Path) -> dict[str, Path]:
    found = {}
    for path in sorted((root / "finassist").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(module: str, node: ast.Import | ast.ImportFrom, modules: dict[str, Path]) -> Iterator[str]:
    """The modules of ours an import statement loads: `from a import b` is a.b when that is a module, else a."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            name = alias.name
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name:
                yield name
        return
    base = node.module or ""
    if node.level:
        package = module if modules[module].name == "__init__.py" else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if base else package
    for alias in node.names:
        if f"{base}.{alias.name}" in modules:
            yield f"{base}.{alias.name}"
        elif base in modules:
            yield base


def _module_level_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        for block in ("body", "orelse", "finalbody"):
            yield from _module_level_imports(getattr(node, block, []))
        for handler in getattr(node, "handlers", []):
            yield from _module_level_imports(handler.body)


def import_graph(root: Path) -> dict[str, set[str]]:
    modules = _modules(root)
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges = {name for node in _module_level_imports(tree.body) for name in _imported(module, node, modules)}
        graph[module] = edges - {module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan), as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_of_the_layer_imports_itself_through_others() -> None:
    graph = import_graph(LAYER)

    assert len(graph) > 100  # the whole layer was read, not an empty folder
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_loop_through_a_type_checking_import(tmp_path: Path) -> None:
    package = tmp_path / "finassist"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from finassist import b\n")
    (package / "b.py").write_text("import typing\nif typing.TYPE_CHECKING:\n    from finassist.a import x\n")
    (package / "c.py").write_text("def later():\n    from finassist import a\n")

    assert cycles(import_graph(tmp_path)) == [["finassist.a", "finassist.b"]]


def test_the_tools_reach_charts_files_and_the_model_only_through_ports() -> None:
    graph = import_graph(LAYER)
    everything = {module: _all_imports(module) for module in graph}

    tools = [module for module in graph if module.startswith("finassist.tools")]
    assert tools and all(not name.startswith("finassist.adapters") for m in tools for name in everything[m])
    assert not any(name.startswith("finassist.tools") for name in everything["finassist.adapters.openai_assistant"])


def _all_imports(module: str) -> set[str]:
    """Every module of ours the module imports, lazily or not."""
    modules = _modules(LAYER)
    tree = ast.parse(modules[module].read_text(encoding="utf-8"))
    nodes = [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]
    return {name for node in nodes for name in _imported(module, node, modules)}
