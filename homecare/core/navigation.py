"""Navigation by role. Each app declares its entries in `<app>/nav.py` as `ITEMS = [NavItem(...)]`;
the header shows the entries the user's role may open and the home page shows them as cards."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]
    description: str = ""
    order: int = 50
    in_header: bool = True

    def url(self) -> str:
        return reverse(self.url_name)


@cache
def all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("homecare."):
            continue
        try:
            module = import_module(f"{config.name}.nav")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.nav":
                raise
            continue
        items.extend(module.ITEMS)
    return tuple(sorted(items, key=lambda i: (i.order, i.label)))


def items_for(user: object) -> list[NavItem]:
    role = getattr(user, "role", None)
    if role is None or not getattr(user, "is_authenticated", False):
        return []
    return [item for item in all_items() if role in item.roles]
