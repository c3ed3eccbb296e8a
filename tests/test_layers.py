"""The house as a newcomer reads it: faces (api, web, cli) on top, then reports and imports,
assessment, ledger, org, with security and extraction beside; no arrow from a lower room into a
face, and no two modules that import each other (directly or round a circle)."""

from __future__ import annotations

import ast
from pathlib import Path

import zongjie

PACKAGE = Path(zongjie.__file__).resolve().parent
FACES = {"api", "web", "cli", "urls", "wsgi", "testing"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """Every zongjie module and the zongjie modules it imports, anywhere in its body."""
    modules = {
        _module_name(p): p
        for p in PACKAGE.rglob("*.py")
        if "migrations" not in p.parts and "vendor" not in p.parts
    }
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{anchor}.{base}" if base else anchor
                found = [f"{base}.{alias.name}" for alias in node.names] + [base]
            else:
                continue
            for target in found:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    targets.add(target)
        graph[name] = targets
    return graph


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_no_lower_room_imports_a_face():
    arrows = sorted(
        f"{source} -> {target}"
        for source, targets in _imports().items()
        if _room(source) not in FACES
        for target in targets
        if _room(target) in FACES - {"testing"}
    )
    assert arrows == []


def test_no_import_circles():
    graph = _imports()
    # Tarjan's strongly connected components: any component of two or more modules is a circle.
    # A package's __init__ re-exporting its own modules is not a circle of the design: skip
    # the arrows from a package to its submodules.
    edges = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
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
                circles.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    assert circles == []


def test_the_graph_sees_imports():
    """The checks above would pass on an empty graph: make sure the graph is the real one."""
    graph = _imports()
    assert "zongjie.security.models" in graph["zongjie.security.audit"]
    assert "zongjie.ledger.models" in graph["zongjie.ledger.services"]
