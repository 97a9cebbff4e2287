#!/usr/bin/env python3
"""Print the import layers of the omstill_xl package and fail on an import cycle or a forbidden direction.

Every import counts — at module level and inside functions (a lazy import is still a dependency), but not under
``if TYPE_CHECKING:`` (types only). A *layer* is the longest chain of imports below a module: layer 0 imports no
other module of the package, layer n imports only modules of lower layers. Rules:

- no cycles (a strongly connected group of two or more modules is printed and fails);
- ``omstill_xl.rules`` never imports a feature (consolidate, report, excel, commands, cli, demo);
- ``omstill_xl.programme`` (the programme core) never imports a feature either.

Usage: ``python scripts/import_graph.py [--packages]`` (``--packages``: one line per package, at the layer of its
highest module, instead of every module).
Exit code 0 when the graph is clean, 1 otherwise.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "omstill_xl"
FEATURES = ("consolidate", "report", "excel", "commands", "cli", "demo")
LOWER = ("rules", "programme")  # may not import FEATURES
# Cycles another branch removes (printed, not failed); a stale entry is printed so it can be deleted.
PENDING: dict[frozenset[str], str] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"
    )


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The package modules ``path`` imports (resolved: ``from . import x`` → the submodule where there is one)."""
    name = module_name(path)
    is_pkg = path.name == "__init__.py"
    base = name.split(".") if is_pkg else name.split(".")[:-1]
    found: set[str] = set()

    def resolve(target: str) -> str | None:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        return target or None

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] == PACKAGE and (m := resolve(alias.name)):
                        found.add(m)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    stem = base[: len(base) - child.level + 1]
                    target = ".".join([*stem, *(child.module.split(".") if child.module else [])])
                else:
                    target = child.module or ""
                if target.split(".")[0] != PACKAGE:
                    continue
                for alias in child.names:
                    sub = f"{target}.{alias.name}"
                    m = sub if sub in modules else resolve(target)
                    if m:
                        found.add(m)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    paths = sorted((ROOT / PACKAGE).rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports_of(p, modules) for p in paths}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for v in sorted(g):
        if v not in index:
            strong(v)
    return out


def layers(g: dict[str, set[str]]) -> dict[str, int]:
    depth: dict[str, int] = {}

    def level(v: str, seen: tuple[str, ...] = ()) -> int:
        if v in depth:
            return depth[v]
        if v in seen:
            return 0  # a cycle (reported separately)
        depth[v] = d = 1 + max((level(w, (*seen, v)) for w in g[v]), default=-1)
        return d

    for v in g:
        level(v)
    return depth


def package_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def forbidden(g: dict[str, set[str]]) -> list[str]:
    bad = []
    for v, targets in sorted(g.items()):
        parts = v.split(".")
        if len(parts) < 2 or parts[1] not in LOWER:
            continue
        for w in sorted(targets):
            if w.split(".")[1:2] and w.split(".")[1] in FEATURES:
                bad.append(f"{v} → {w}")
    return bad


def main(argv: list[str]) -> int:
    g = graph()
    depth = layers(g)
    by_layer: dict[int, list[str]] = defaultdict(list)
    if "--packages" not in argv:
        for m, d in depth.items():
            by_layer[d].append(m)
    else:  # packages: a package's layer is its highest module's
        pkg_depth: dict[str, int] = {}
        for m, d in depth.items():
            p = package_of(m)
            pkg_depth[p] = max(pkg_depth.get(p, 0), d)
        for p, d in pkg_depth.items():
            by_layer[d].append(p)
    for d in sorted(by_layer):
        print(f"layer {d:2}: {', '.join(sorted(n.removeprefix(PACKAGE + '.') for n in by_layer[d]))}")
    found = []
    for group in cycles(g):
        why = PENDING.get(frozenset(group))
        if why:
            print("pending cycle (" + why + "): " + " ↔ ".join(group))
        else:
            found.append(group)
            print("cycle: " + " ↔ ".join(group), file=sys.stderr)
    stale = set(PENDING) - {frozenset(c) for c in cycles(g)}
    for group in sorted(stale, key=sorted):
        print("no longer a cycle, delete from PENDING: " + " ↔ ".join(sorted(group)))
    bad = forbidden(g)
    for line in bad:
        print(f"forbidden: {line}", file=sys.stderr)
    edges = sum(len(t) for t in g.values())
    print(f"{len(g)} modules, {edges} imports, {len(found)} cycles, {len(bad)} forbidden imports")
    return 1 if found or bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
