from homecare.core.navigation import NavItem
from homecare.people.roles import PERSON_READ_ROLES

ITEMS = [
    NavItem(
        "People",
        "people:people",
        PERSON_READ_ROLES,
        "Find a person's record: their care, referrals and packages. Every view is logged.",
        order=22,
    ),
]
