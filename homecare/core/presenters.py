from __future__ import annotations

from homecare.core.actor import Actor
from homecare.core.roles import Role

INTROS: dict[str, tuple[str, str]] = {
    Role.BROKER: (
        "Brokerage",
        "Find the right provider for each person's care, and keep the awaiting care list moving.",
    ),
    Role.COMMISSIONER: (
        "Commissioning",
        "The home care market: providers, frameworks, contracts, rates and capacity.",
    ),
    Role.QUALITY_OFFICER: ("Quality", "Ratings, intelligence and the providers you look after."),
    Role.FINANCE_OFFICER: ("Finance", "Payment runs, rates and what providers have confirmed."),
    Role.PROVIDER: (
        "Your organisation",
        "Offers of new care, your capacity returns and your visits.",
    ),
    Role.AUDITOR: ("Audit", "Read-only view of the service and its audit trail."),
    Role.ADMIN: ("Administration", "Users, roles, council settings and the audit trail."),
}


def home_intro(actor: Actor) -> tuple[str, str]:
    title, intro = INTROS.get(actor.role, ("Home", ""))
    if actor.provider is not None:
        title = actor.provider.name
    return title, intro
