"""The house's floors, read from the source: imports only run down, and nothing runs in a circle.

`core/` knows no app; each app may import only the apps below it; `config/` (settings, URLs,
WSGI) sits on top and nothing imports it but Django. Imports hidden inside functions, the usual
way to dodge a cycle, are refused too (an app's `ready()` connecting its signals is Django's idiom).
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top. A new package takes its place here, or the test below fails.
FLOORS = [
    "core",
    "staff",
    "images",
    "articles",
    "tickers",
    "comments",
    "newsletter",
    "sponsors",
    "config",
]
NOT_CODE = {"tests", "bench", "deploy", "static", "templates", "node_modules", "screenshots"}


def first_party_packages() -> set[str]:
    return {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in NOT_CODE and not path.parent.name.startswith(".")
    }


def modules() -> dict[str, ast.Module]:
    """Every first-party module by dotted name, migrations left out (they are history)."""
    found = {}
    for package in first_party_packages():
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT).with_suffix("")
            if "migrations" in relative.parts:
                continue
            name = ".".join(relative.parts).removesuffix(".__init__")
            found[name] = ast.parse(path.read_text(), filename=str(path))
    return found


def imported_modules(name: str, tree: ast.Module, known: set[str]) -> set[str]:
    """First-party modules `name` imports, resolving relative imports and `from x import mod`."""
    package = name if name in PACKAGE_NAMES else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            candidates = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for candidate in candidates:
            while candidate and candidate not in known:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name:
                targets.add(candidate)
    return targets


MODULES = modules()
PACKAGE_NAMES = {
    name for name in MODULES if (ROOT / name.replace(".", "/") / "__init__.py").exists()
}
GRAPH = {name: imported_modules(name, tree, set(MODULES)) for name, tree in MODULES.items()}


def test_every_package_has_a_floor():
    assert first_party_packages() <= set(FLOORS)


def test_imports_only_run_down():
    upward = sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if FLOORS.index(target.split(".")[0]) > FLOORS.index(name.split(".")[0])
    )
    assert upward == []


def test_nothing_imports_config_but_django():
    users = sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if target.startswith("config") and not name.startswith("config")
    )
    assert users == []


def test_no_module_imports_itself_through_others():
    cycles = []
    state: dict[str, str] = defaultdict(lambda: "new")

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for target in sorted(GRAPH[name]):
            if state[target] == "open":
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif state[target] == "new":
                visit(target, [*path, target])
        state[name] = "done"

    for name in sorted(GRAPH):
        if state[name] == "new":
            visit(name, [name])
    assert cycles == []


def test_no_import_hides_inside_a_function():
    hidden = [
        f"{name} line {inner.lineno}: {ast.unparse(inner)}"
        for name, tree in MODULES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name != "ready"
        for inner in ast.walk(node)
        if isinstance(inner, ast.Import | ast.ImportFrom)
    ]
    assert hidden == []
