from homecare.brokerage.permissions import ANSWER_OFFERS, VIEW_OWN_PACKAGES, VIEW_PACKAGES
from homecare.core.navigation import NavItem

ITEMS = [
    NavItem(
        "Brokerage",
        "brokerage:dashboard",
        VIEW_PACKAGES,
        "Packages needing action and alerts.",
        order=20,
    ),
    NavItem(
        "Awaiting care",
        "brokerage:awaiting-care",
        VIEW_PACKAGES,
        "People waiting for a package, by urgency and wait, and the weekly report.",
        order=21,
    ),
    NavItem(
        "Discharge delays",
        "brokerage:bed-days",
        VIEW_PACKAGES,
        "Bed days lost waiting for care after hospital.",
        order=23,
        in_header=False,
    ),
    NavItem(
        "Hand-backs",
        "brokerage:hand-backs",
        VIEW_PACKAGES,
        "Packages providers handed back, by provider.",
        order=24,
        in_header=False,
    ),
    NavItem(
        "Offers",
        "brokerage:portal-offers",
        ANSWER_OFFERS,
        "New packages offered to you: accept or decline.",
        order=20,
    ),
    NavItem(
        "Our packages",
        "brokerage:portal-packages",
        VIEW_OWN_PACKAGES,
        "Packages placed with you; give notice.",
        order=21,
    ),
]
