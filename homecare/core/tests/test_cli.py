import subprocess
import sys

import pytest

from homecare.architecture import planner_violations
from homecare.cli import COMMANDS


def _run(*args):
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "homecare", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_help_lists_every_command():
    result = _run("--help")
    assert result.returncode == 0
    for name in COMMANDS:
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
