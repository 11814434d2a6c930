"""Architecture rules, checked in CI by `homecare check-architecture`:

1. The apps are layered, lowest first, in `LAYERS`. An app imports only apps in lower layers (or
   its own); apps in the same layer do not import each other. A lower app that needs something from
   a higher one declares an extension point (`homecare.core.extensions`) that the higher one
   registers into. Tests, test factories and migrations may import any app (they build data).
2. The planner library `careplanner` never imports Django or the app.

Both read the import statements of every module (static, so they also catch imports inside
functions that tests might never run, and `import_module("...")` with a literal name)."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

#: The apps, lowest layer first. Apps in one tuple are in the same layer.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("accounts",),
    ("geography",),
    ("providers",),
    ("people",),
    ("brokerage",),
    ("visits",),
    ("rounds",),
    ("payments", "quality"),
    ("reports",),
    ("api", "demo"),
)
#: Modules of the project package that are not apps: the settings and URL wiring sit above every app.
OUTSIDE_LAYERS = frozenset({"config", "cli", "architecture", "templates", "static"})
#: Test data and schema history may import any app.
EXEMPT_PARTS = frozenset({"tests", "migrations"})
EXEMPT_FILES = frozenset({"factories.py", "conftest.py"})

FORBIDDEN_IN_PLANNER = ("django", "homecare", "ninja", "rest_framework")

ROOT = Path(__file__).resolve().parent.parent


def layer_of(app: str) -> int | None:
    for number, apps in enumerate(LAYERS):
        if app in apps:
            return number
    return None


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module name) for each absolute import in a file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        for name in names:
            yield getattr(node, "lineno", 0), name


def layer_violations(root: Path | None = None) -> list[str]:
    """Each import of a higher (or same-layer) app, as `file:line: why`."""
    root = root or ROOT / "homecare"
    problems = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if len(parts) < 2 or parts[0] in OUTSIDE_LAYERS:
            continue
        if EXEMPT_PARTS & set(parts) or path.name in EXEMPT_FILES:
            continue
        app = parts[0]
        mine = layer_of(app)
        if mine is None:
            problems.append(f"{root.name}/{path.relative_to(root)}:1: app {app!r} is not in the LAYERS list")
            continue
        for line, name in _imports(path):
            bits = name.split(".")
            if bits[0] != root.name or len(bits) < 2 or bits[1] == app:
                continue
            theirs = layer_of(bits[1])
            if theirs is not None and theirs < mine:
                continue
            if theirs is None:
                why = f"{bits[1]} is not an app in a lower layer"
            elif theirs == mine:
                why = f"{bits[1]} is in the same layer"
            else:
                why = f"{bits[1]} is in a higher layer; declare an extension point in {app} instead"
            problems.append(
                f"{root.name}/{path.relative_to(root)}:{line}: {app} must not import {name} ({why})"
            )
    return problems


def planner_violations(root: Path | None = None) -> list[str]:
    root = root or ROOT / "careplanner"
    problems = []
    for path in sorted(root.rglob("*.py")):
        for line, name in _imports(path):
            if name.split(".")[0] in FORBIDDEN_IN_PLANNER:
                problems.append(f"{path.relative_to(root.parent)}:{line}: careplanner must not import {name}")
    return problems


def main(argv: list[str] | None = None) -> int:
    problems = layer_violations() + planner_violations()
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"Architecture check failed: {len(problems)} problem(s).", file=sys.stderr)
        return 1
    layers = " < ".join(", ".join(apps) for apps in LAYERS)
    print(
        f"Architecture check passed: apps import only lower layers ({layers}); careplanner imports neither Django nor homecare."
    )
    return 0
