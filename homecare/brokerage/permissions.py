"""Who may do what in brokerage (declared once; see homecare.core.permissions)."""

from homecare.core.permissions import PROVIDERS, Permission, roles
from homecare.core.roles import Role

VIEW_PACKAGES = Permission(
    "brokerage.view_packages",
    roles(Role.BROKER, Role.COMMISSIONER, Role.AUDITOR, Role.ADMIN),
    "Read packages, offers, the awaiting care list and the brokerage reports",
)
BROKER = Permission(
    "brokerage.broker",
    roles(Role.BROKER, Role.ADMIN),
    "Take referrals, offer packages, override the order, vary care plans, record interim care",
)
ANSWER_OFFERS = Permission(
    "brokerage.answer_offers", PROVIDERS, "See offers made to your organisation and accept or decline them"
)
VIEW_OWN_PACKAGES = Permission(
    "brokerage.view_own_packages", PROVIDERS, "See packages placed with your organisation"
)
GIVE_NOTICE = Permission(
    "brokerage.give_notice", PROVIDERS, "Give notice to hand back a package placed with your organisation"
)
