from homecare.accounts.roles import Role
from homecare.brokerage.roles import BROKERAGE_READ_ROLES
from homecare.core.navigation import NavItem

PROVIDER = frozenset({Role.PROVIDER})

ITEMS = [
    NavItem(
        "Brokerage",
        "brokerage:dashboard",
        BROKERAGE_READ_ROLES,
        "Packages needing action and alerts.",
        order=20,
    ),
    NavItem(
        "Awaiting care",
        "brokerage:awaiting-care",
        BROKERAGE_READ_ROLES,
        "People waiting for a package, by urgency and wait, and the weekly report.",
        order=21,
    ),
    NavItem(
        "Discharge delays",
        "brokerage:bed-days",
        BROKERAGE_READ_ROLES,
        "Bed days lost waiting for care after hospital.",
        order=23,
        in_header=False,
    ),
    NavItem(
        "Hand-backs",
        "brokerage:hand-backs",
        BROKERAGE_READ_ROLES,
        "Packages providers handed back, by provider.",
        order=24,
        in_header=False,
    ),
    NavItem(
        "Offers",
        "brokerage:portal-offers",
        PROVIDER,
        "New packages offered to you: accept or decline.",
        order=20,
    ),
    NavItem(
        "Our packages",
        "brokerage:portal-packages",
        PROVIDER,
        "Packages placed with you; give notice.",
        order=21,
    ),
]
