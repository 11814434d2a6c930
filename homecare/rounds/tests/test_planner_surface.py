"""The app uses the planner through its public surface only: `from careplanner import ...`, never a
submodule, and only names `careplanner.__all__` exports."""

import ast
from pathlib import Path

import careplanner

HOMECARE = Path(__file__).resolve().parents[2]


def _planner_imports(root: Path) -> list[tuple[str, int, str, list[str]]]:
    """Every import of careplanner under `root`: (file, line, module, names)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = str(path.relative_to(root.parent))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.split(".")[0] == "careplanner":
                    found.append((where, node.lineno, node.module, [a.name for a in node.names]))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "careplanner":
                        found.append((where, node.lineno, alias.name, []))
    return found


def test_app_imports_the_planner_only_from_its_top_level():
    submodules = [f"{f}:{line} imports {module}" for f, line, module, _ in _planner_imports(HOMECARE)]
    submodules = [s for s in submodules if not s.endswith(" imports careplanner")]
    assert submodules == []


def test_app_imports_only_names_the_planner_exports():
    exported = set(careplanner.__all__)
    unknown = [
        f"{f}:{line} {name}"
        for f, line, module, names in _planner_imports(HOMECARE)
        if module == "careplanner"
        for name in names
        if name not in exported
    ]
    assert unknown == []


def test_app_does_use_the_planner_through_its_top_level():
    # pairs with the tests above: the scan finds the app's planner imports
    assert any(module == "careplanner" for _f, _l, module, _n in _planner_imports(HOMECARE))


def test_scan_names_a_submodule_import(tmp_path):
    app = tmp_path / "homecare"
    app.mkdir()
    (app / "bad.py").write_text("from careplanner.sync import schedule\nimport careplanner.model\n")
    assert [(f, line, module) for f, line, module, _ in _planner_imports(app)] == [
        ("homecare/bad.py", 1, "careplanner.sync"),
        ("homecare/bad.py", 2, "careplanner.model"),
    ]
