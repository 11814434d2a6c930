#!/usr/bin/env python3
"""Set up and run the home care commissioning platform with nothing but Python 3.11+.

    python3 run.py start   install everything, load the demo council, serve http://127.0.0.1:8000
                           with the background worker (round plans, call matching, offer expiry)
    python3 run.py test    install everything and run the whole test suite (extra args go to pytest)
    python3 run.py setup   install everything only

Installs into ./.venv from the hashed lock file, builds the GOV.UK Frontend assets from the npm
registry, and keeps a stamp so that repeated runs skip what is already up to date.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)  # noqa: S603
    if result.returncode != 0:
        sys.exit(result.returncode)


def digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.read_bytes())
    return h.hexdigest()


def stamp_ok(name: str, value: str) -> bool:
    stamp = VENV / f".stamp-{name}"
    return stamp.exists() and stamp.read_text() == value


def write_stamp(name: str, value: str) -> None:
    (VENV / f".stamp-{name}").write_text(value)


def setup() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (run.py may be started by an older Python)
        sys.exit("Python 3.11 or newer is needed.")
    if not PYTHON.exists():
        say("Creating the virtual environment in .venv")
        venv.create(VENV, with_pip=True)
    lock = digest(ROOT / "requirements.lock", ROOT / "pyproject.toml")
    if not stamp_ok("python", lock):
        say("Installing Python packages from requirements.lock")
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PYTHON, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", "requirements.lock")
        run(PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ".")
        write_stamp("python", lock)
    assets = digest(ROOT / "package-lock.json", ROOT / "homecare" / "static" / "src" / "app.scss")
    css = ROOT / "homecare" / "static" / "build" / "app.css"
    if not stamp_ok("assets", assets) or not css.exists() or not (ROOT / "node_modules").exists():
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("npm is needed to fetch GOV.UK Frontend: install Node.js and npm (see README).")
        say("Installing GOV.UK Frontend from the npm registry and building the stylesheet")
        run(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
        run(npm, "run", "--silent", "build")
        write_stamp("assets", assets)
    kernels = digest(
        ROOT / "careplanner" / "anneal.py", ROOT / "careplanner" / "routemin.py", ROOT / "requirements.lock"
    )
    if not stamp_ok("kernels", kernels):
        say("Compiling the care-round planner's kernels (once)")
        run(PYTHON, "-c", "from careplanner.kernels import warm_up; warm_up()")
        write_stamp("kernels", kernels)


def homecare(*args: str) -> None:
    run(BIN / "homecare", *args)


def start(extra: list[str]) -> None:
    setup()
    say("Preparing the database")
    homecare("migrate", "--verbosity", "0")
    logins = ROOT / "var" / "demo-logins.txt"
    before = logins.stat().st_mtime if logins.exists() else None
    homecare("demo", "--if-empty")
    homecare("manage", "collectstatic", "--noinput", "--verbosity", "0")
    if logins.exists() and logins.stat().st_mtime == before:  # loaded earlier: remind the log-ins
        print(logins.read_text())
    # the background jobs (call matching, offer expiry, round plans) run beside the web server
    say("Starting the background worker (homecare worker)")
    worker = subprocess.Popen([str(BIN / "homecare"), "worker"], cwd=ROOT)  # noqa: S603
    try:
        homecare("serve", *extra)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test(extra: list[str]) -> None:
    setup()
    env = dict(os.environ)
    env.setdefault("LOG_LEVEL", "WARNING")
    run(BIN / "pytest", *extra, env=env)


def main() -> None:
    command, extra = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("help", [])
    if command == "start":
        start(extra)
    elif command == "test":
        test(extra)
    elif command == "setup":
        setup()
    else:
        print(__doc__)
        sys.exit(0 if command in {"help", "-h", "--help"} else 2)


if __name__ == "__main__":
    main()
