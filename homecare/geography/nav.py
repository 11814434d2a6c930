from homecare.core.navigation import NavItem
from homecare.geography.permissions import VIEW_ZONES

ITEMS = [
    NavItem(
        "Zones",
        "geography:zones",
        VIEW_ZONES,
        "Zones and lots, the wards in each, and which wards are rural.",
        order=60,
    ),
]
