"""The one discovery helper: finds a module of a given name in every app of the product, in the
order of INSTALLED_APPS. Navigation (`nav`), background jobs (`jobs`), command-line subcommands
(`commands`), demo steps (`demo`), API routers (`api`) and permissions (`permissions`) are all found
this way."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.apps import apps


def app_modules(name: str, *, exclude: frozenset[str] = frozenset()) -> list[ModuleType]:
    """Each product app's `<app>.<name>` module that exists (apps listed in `exclude` skipped)."""
    found: list[ModuleType] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("homecare.") or config.name in exclude:
            continue
        try:
            found.append(import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
    return found
