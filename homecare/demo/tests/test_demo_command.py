"""`homecare demo` on a database that is not ready: tables are created, or a message says what to
do; never a traceback. Each runs the real command in a fresh process on its own SQLite file."""

import os
import subprocess
import sys


def _homecare(tmp_path, *args, database_url=None):
    env = os.environ | {
        "HOMECARE_VAR_DIR": str(tmp_path),
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "homecare", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


def test_demo_on_a_database_without_tables_creates_them_and_loads(tmp_path):
    result = _homecare(tmp_path, "demo", "--size", "small")
    assert result.returncode == 0, result.stderr
    assert "no tables yet: creating them" in result.stdout
    assert "Demo council loaded" in result.stdout
    assert "Traceback" not in result.stderr


def test_demo_on_a_database_part_way_through_its_migrations_says_to_run_migrate(tmp_path):
    assert _homecare(tmp_path, "manage", "migrate", "core", "--no-input").returncode == 0
    result = _homecare(tmp_path, "demo", "--size", "small")
    assert result.returncode == 1
    assert "Run `homecare migrate`, then `homecare demo` again" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_on_an_unreachable_database_names_it(tmp_path):
    result = _homecare(tmp_path, "demo", database_url="postgres://nobody@127.0.0.1:9/nothing")
    assert result.returncode == 1
    assert "Cannot use the database: check DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr
