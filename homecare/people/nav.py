from homecare.core.navigation import NavItem
from homecare.people.permissions import VIEW_PEOPLE

ITEMS = [
    NavItem(
        "People",
        "people:people",
        VIEW_PEOPLE,
        "Find a person's record: their care, referrals and packages. Every view is logged.",
        order=22,
    ),
]
