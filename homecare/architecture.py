"""Architecture rules, checked in CI: the planner library never imports Django or the app.

Reads every module of `careplanner` and inspects its import statements (static, so it also
catches imports inside functions that tests might never run)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

FORBIDDEN_IN_PLANNER = ("django", "homecare", "ninja", "rest_framework")


def planner_violations(root: Path | None = None) -> list[str]:
    root = root or Path(__file__).resolve().parent.parent / "careplanner"
    problems = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", ""))
                in {"import_module", "__import__"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names = [node.args[0].value]
            for name in names:
                if name.split(".")[0] in FORBIDDEN_IN_PLANNER:
                    problems.append(
                        f"{path.relative_to(root.parent)}:{getattr(node, 'lineno', 0)}: careplanner must not import {name}"
                    )
    return problems


def main(argv: list[str] | None = None) -> int:
    problems = planner_violations()
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    print("Architecture check passed: careplanner imports neither Django nor homecare.")
    return 0
