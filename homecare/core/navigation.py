"""Navigation by role. Each app declares its entries in `<app>/nav.py` as `ITEMS = [NavItem(...)]`;
the header shows the entries whose permission the actor holds and the home page shows them as cards."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.urls import reverse

from homecare.core.actor import Actor
from homecare.core.discovery import app_modules
from homecare.core.permissions import Permission, has_permission


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: Permission
    description: str = ""
    order: int = 50
    in_header: bool = True

    def url(self) -> str:
        return reverse(self.url_name)


@cache
def all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for module in app_modules("nav"):
        items.extend(module.ITEMS)
    return tuple(sorted(items, key=lambda i: (i.order, i.label)))


def items_for(actor: Actor) -> list[NavItem]:
    """The entries this actor may open."""
    return [item for item in all_items() if has_permission(actor, item.permission)]
