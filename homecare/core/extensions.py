"""Extension points: how a lower app lets higher apps add to what it does, without importing them.

A lower app declares a point once:

    PACKAGE_CHANGED = ExtensionPoint("brokerage.package_changed", "After commit, with the package ids")

and calls every implementation where the point is reached:

    for handler in PACKAGE_CHANGED.implementations():
        handler(by=by, package_ids=ids)

A higher app registers into it in its `<app>/extensions.py`, found by the one discovery helper:

    EXTENSIONS = [(PACKAGE_CHANGED, regenerate_after_change)]

The import goes upward-to-downward only (the higher app imports the point), so the layer check
holds; the lower app never knows who is listening. No Django signals between apps. See ADR 0009.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from homecare.core.discovery import app_modules


@dataclass(frozen=True)
class ExtensionPoint:
    name: str
    description: str

    def implementations(self) -> list[Callable[..., Any]]:
        """Every registered implementation, in the order of INSTALLED_APPS."""
        return list(_registry().get(self.name, ()))


@cache
def _registry() -> dict[str, tuple[Callable[..., Any], ...]]:
    found: dict[str, list[Callable[..., Any]]] = defaultdict(list)
    for module in app_modules("extensions"):
        for point, implementation in getattr(module, "EXTENSIONS", ()):
            found[point.name].append(implementation)
    return {name: tuple(items) for name, items in found.items()}
