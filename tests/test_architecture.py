"""The package's architecture: no import cycles between its modules and no module reaching into another's
private (_underscore) names. The graph is read from the source with ast, so function-level (lazy) and
TYPE_CHECKING imports count too: a lazy import hides a cycle from Python, not from the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import begroting_cli

PACKAGE = "begroting_cli"
ROOT = Path(begroting_cli.__file__).parent

# Cycles and private reaches still allowed: none since issue 20, item 3. An entry (a strongly connected
# component, or "module: import line") may only be added with a reason; the tests fail if one grows and
# ask for an entry's removal once it is gone.
KNOWN_CYCLES: set[frozenset[str]] = set()
KNOWN_PRIVATE_IMPORTS: set[str] = set()


def modules(root: Path = ROOT, package: str = PACKAGE) -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package's __init__)."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out[".".join(parts)] = (path, is_package)
    return out


def _resolve(node: ast.ImportFrom, name: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = name.split(".") if is_package else name.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports(name: str, path: Path, is_package: bool, known: dict) -> list[tuple[str, list[str]]]:
    """(imported module, names taken from it) for every import of the package in a module, at any depth.

    `from . import x` imports the submodule x when there is one, else the name x of the package."""
    package = name.split(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name.split(".")[0] == package]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(node, name, is_package)
            if target.split(".")[0] != package:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((sub, []) if sub in known else (target, [alias.name]))
    return found


def import_graph(root: Path = ROOT, package: str = PACKAGE) -> dict[str, set[str]]:
    known = modules(root, package)
    graph: dict[str, set[str]] = {m: set() for m in known}
    for name, (path, is_package) in known.items():
        for target, _names in imports(name, path, is_package, known):
            if target in known and target != name:
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            v, edges = work[-1]
            w = next(edges, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                component = set()
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.add(w)
                    if w == v:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def test_cycle_finder_finds_a_planted_cycle_and_only_it():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": {"e"}, "e": set(), "f": {"f"}}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]


def test_graph_reads_lazy_and_relative_imports(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from .sub import b\n")
    (pkg / "sub" / "__init__.py").write_text("from . import b\n")
    (pkg / "sub" / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..a import f\n")
    graph = import_graph(pkg, "pkg")
    assert graph == {"pkg": set(), "pkg.a": {"pkg.sub.b"}, "pkg.sub": {"pkg.sub.b"}, "pkg.sub.b": {"pkg.a"}}
    assert cycles(graph) == [frozenset({"pkg.a", "pkg.sub.b"})]


def test_no_import_cycles():
    found = set(cycles(import_graph()))
    unexpected = sorted(sorted(c) for c in found - KNOWN_CYCLES)
    assert not unexpected, f"import cycles: {unexpected}"
    gone = sorted(sorted(c) for c in KNOWN_CYCLES - found)
    assert not gone, f"these cycles are gone: remove them from KNOWN_CYCLES: {gone}"


def test_library_modules_do_not_import_the_package_itself():
    """The package's __init__ loads the public names lazily from the modules; a module importing the package
    (for its version, or a name) closes a cycle through every module the package exports."""
    graph = import_graph()
    offenders = sorted(m for m, targets in graph.items() if PACKAGE in targets)
    assert not offenders


@pytest.mark.parametrize("layer, above", [
    ("begroting_cli.pipeline", {"begroting_cli.checks", "begroting_cli.api", "begroting_cli.cli"}),
    ("begroting_cli.checks", {"begroting_cli.api", "begroting_cli.pipeline", "begroting_cli.cli"}),
    ("begroting_cli.diffing", {"begroting_cli.api", "begroting_cli.cli"}),
    ("begroting_cli.batch", {"begroting_cli.api", "begroting_cli.cli"}),
])
def test_data_flows_one_way(layer, above):
    """Nothing below the façade imports it: api imports the library, the CLI imports api."""
    graph = import_graph()
    for module in (m for m in graph if m == layer or m.startswith(layer + ".")):
        assert not graph[module] & above, f"{module} imports {sorted(graph[module] & above)}"


def _module_aliases(name: str, path: Path, is_package: bool, known: dict) -> set[str]:
    """Local names bound to a module of the package (`from . import pdf_workers`, `import begroting_cli.x as y`)."""
    aliases = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and _resolve(node, name, is_package).split(".")[0] == PACKAGE:
            target = _resolve(node, name, is_package)
            aliases |= {a.asname or a.name for a in node.names if f"{target}.{a.name}" in known}
        elif isinstance(node, ast.Import):
            aliases |= {a.asname for a in node.names if a.asname and a.name in known}
    return aliases


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_module_imports_another_modules_private_names():
    known = modules()
    offenders = []
    for name, (path, is_package) in known.items():
        for target, names in imports(name, path, is_package, known):
            offenders += [f"{name}: from {target} import {n}" for n in names if _private(n)]
        aliases = _module_aliases(name, path, is_package, known)
        offenders += [f"{name}: {node.value.id}.{node.attr}"
                      for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                      if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                      and node.value.id in aliases and _private(node.attr)]
    unexpected = sorted(set(offenders) - KNOWN_PRIVATE_IMPORTS)
    assert not unexpected, unexpected
    gone = sorted(KNOWN_PRIVATE_IMPORTS - set(offenders))
    assert not gone, f"these are gone: remove them from KNOWN_PRIVATE_IMPORTS: {gone}"
