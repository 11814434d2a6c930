"""Home page panels: what a role should do today, each app adding its own panel through the
`HOME_PANELS` extension point. An implementation takes the Actor and returns a `HomePanel` (or None
when it has nothing for this actor); each item's count links to the list behind it."""

from __future__ import annotations

from dataclasses import dataclass, field

from homecare.core.actor import Actor
from homecare.core.extensions import ExtensionPoint

HOME_PANELS = ExtensionPoint(
    "core.home_panels", "Called with the actor; returns a HomePanel (what to do today) or None"
)


@dataclass(frozen=True)
class PanelItem:
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class HomePanel:
    title: str
    items: list[PanelItem] = field(default_factory=list)
    order: int = 50


def panels_for(actor: Actor) -> list[HomePanel]:
    found = [panel(actor) for panel in HOME_PANELS.implementations()]
    return sorted((p for p in found if p is not None and p.items), key=lambda p: (p.order, p.title))
