"""Subcommands that apps contribute to `homecare import ...` and `homecare report ...`.

An app lists them in `<app>/commands.py` as `IMPORTS = [...]` and `REPORTS = [...]`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class Subcommand:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[dict[str, Any]], str]


def discover(kind: str) -> list[Subcommand]:
    found: list[Subcommand] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("homecare."):
            continue
        try:
            module = import_module(f"{config.name}.commands")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.commands":
                raise
            continue
        found.extend(getattr(module, kind, []))
    return sorted(found, key=lambda s: s.name)
