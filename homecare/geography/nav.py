from homecare.accounts.roles import STAFF_ROLES
from homecare.core.navigation import NavItem

ITEMS = [
    NavItem(
        "Zones",
        "geography:zones",
        STAFF_ROLES,
        "Zones and lots, the wards in each, and which wards are rural.",
        order=60,
    ),
]
