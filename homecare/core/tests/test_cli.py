import subprocess
import sys

import pytest

from homecare.architecture import LAYERS, layer_violations, planner_violations
from homecare.cli import commands


def _run(*args):
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "homecare", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_help_lists_every_command():
    result = _run("--help")
    assert result.returncode == 0
    for name in commands():
        assert name in result.stdout


@pytest.mark.parametrize("command", ["serve", "demo", "migrate", "worker", "import", "report", "createuser"])
def test_every_subcommand_has_help(command):
    result = _run(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


def test_import_postcodes_has_help():
    result = _run("import", "postcodes", "--help")
    assert result.returncode == 0 and "--ward-names" in result.stdout


def test_unknown_command_fails_with_usage():
    result = _run("frobnicate")
    assert result.returncode == 2
    assert "unknown command" in result.stderr


def test_planner_library_imports_neither_django_nor_the_app():
    assert planner_violations() == []


def test_architecture_check_catches_a_forbidden_import(tmp_path):
    package = tmp_path / "careplanner"
    package.mkdir()
    (package / "bad.py").write_text("def f():\n    from django.db import models\n")
    assert planner_violations(package) == ["careplanner/bad.py:2: careplanner must not import django.db"]


def test_apps_import_only_lower_layers():
    assert layer_violations() == []


def _tree(tmp_path, files: dict[str, str]):
    root = tmp_path / "homecare"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_architecture_check_names_an_upward_import(tmp_path):
    root = _tree(tmp_path, {"core/audit.py": "x = 1\n\nfrom homecare.brokerage.models import Package\n"})
    assert layer_violations(root) == [
        "homecare/core/audit.py:3: core must not import homecare.brokerage.models "
        "(brokerage is in a higher layer; declare an extension point in core instead)"
    ]


def test_architecture_check_refuses_imports_within_one_layer(tmp_path):
    root = _tree(tmp_path, {"payments/runs.py": "def f():\n    import homecare.quality.risk\n"})
    assert layer_violations(root) == [
        "homecare/payments/runs.py:2: payments must not import homecare.quality.risk (quality is in the same layer)"
    ]


def test_architecture_check_allows_lower_layers_and_tests(tmp_path):
    root = _tree(
        tmp_path,
        {
            "visits/services.py": "from homecare.brokerage.models import Package\nfrom homecare.core import audit\n",
            "core/tests/test_x.py": "from homecare.visits.models import Visit\n",
        },
    )
    assert layer_violations(root) == []


def test_every_app_is_in_the_layer_list():
    from django.apps import apps

    listed = {app for layer in LAYERS for app in layer}
    ours = {c.label for c in apps.get_app_configs() if c.name.startswith("homecare.")}
    assert ours <= listed
