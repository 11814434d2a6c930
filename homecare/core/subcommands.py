"""Subcommands that apps contribute to `homecare import ...` and `homecare report ...`.

An app lists them in `<app>/commands.py` as `IMPORTS = [...]` and `REPORTS = [...]`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homecare.core.actor import Actor
from homecare.core.discovery import app_modules


@dataclass(frozen=True)
class Subcommand:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    #: Called with the parsed options and the command's Actor (built once by the command runner).
    run: Callable[[dict[str, Any], Actor], str]


def discover(kind: str) -> list[Subcommand]:
    found: list[Subcommand] = []
    for module in app_modules("commands"):
        found.extend(getattr(module, kind, []))
    return sorted(found, key=lambda s: s.name)
