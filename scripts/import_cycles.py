"""List import cycles between the project's own modules, and between its layers.

Every `import` and `from ... import` counts, wherever it is written (module level or inside
a function), so an import hidden in a function to dodge a cycle is still reported. Layers
are the ones of the import-linter layers contract in pyproject.toml (an app, or part of
one: the PQR app's records and its workflow are two layers). Exits 1 when a cycle exists.

Usage: python scripts/import_cycles.py
"""

from __future__ import annotations

import ast
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The project's own packages: the import contract's root packages, so a new app is
# checked as soon as it is declared there.
PACKAGES = tuple(
    tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
)
SKIP_PARTS = {"migrations", "tests", "node_modules", ".venv", "bench"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        base = ROOT / package
        if not base.is_dir():
            continue
        for path in base.rglob("*.py"):
            if SKIP_PARTS & set(path.relative_to(ROOT).parts):
                continue
            found[module_name(path)] = path
    return found


def resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The longest project module that `name` designates (a module or a name in one)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                if node.level > 1:
                    base_parts = base_parts[: -(node.level - 1)]
                base = ".".join(base_parts)
                prefix = f"{base}.{node.module}" if node.module else base
            else:
                prefix = node.module or ""
            names = [f"{prefix}.{alias.name}" for alias in node.names] + [prefix]
        else:
            continue
        for name in names:
            target = resolve(name, modules)
            if target and target != module:
                targets.add(target)
    # `from . import x` inside a package's __init__ does not make the package depend on
    # itself; a submodule importing its own package's __init__ is not a cycle either.
    return {t for t in targets if not module.startswith(t + ".")}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(10_000)

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layer_groups() -> dict[str, str]:
    """Each module named in the layers contract -> its layer (an entry may list several
    modules with ':' or '|'; they form one layer, named after the first)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    groups = {}
    for contract in config["contracts"]:
        if contract["type"] != "layers":
            continue
        for layer in contract["layers"]:
            members = [n.strip() for n in layer.replace("|", ":").split(":")]
            name = members[0] if len(members) == 1 else f"{members[0]} (+{len(members) - 1})"
            groups |= dict.fromkeys(members, name)
    return groups


def layer_of(module: str, groups: dict[str, str]) -> str:
    """The layer of the most specific contract entry containing `module`."""
    matches = [n for n in groups if module == n or module.startswith(n + ".")]
    return groups[max(matches, key=len)] if matches else module.split(".")[0]


def main() -> int:
    modules = project_modules()
    graph = {m: imports_of(m, p, modules) for m, p in modules.items()}
    groups = layer_groups()
    layer_graph: dict[str, set[str]] = defaultdict(set)
    for source, targets in graph.items():
        for target in targets:
            a, b = layer_of(source, groups), layer_of(target, groups)
            if a != b:
                layer_graph[a].add(b)
    module_cycles = cycles(graph)
    layer_cycles = cycles(dict(layer_graph))
    for component in layer_cycles:
        print("layer cycle:", " <-> ".join(component))
    for component in module_cycles:
        print("module cycle:", " <-> ".join(component))
    if module_cycles or layer_cycles:
        return 1
    print(f"no import cycles among {len(modules)} modules and {len(set(groups.values()))} layers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
