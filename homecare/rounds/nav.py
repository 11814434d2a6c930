from homecare.accounts.roles import STAFF_ROLES, Role
from homecare.core.navigation import NavItem

ITEMS = [
    NavItem(
        "Rounds",
        "rounds:index",
        frozenset({Role.PROVIDER}),
        "Plan your carers' rounds for a day, see the travel, and move visits between carers.",
        order=45,
    ),
    NavItem(
        "Carers",
        "rounds:carers",
        frozenset({Role.PROVIDER}),
        "The carers who do your rounds: skills, home base, travel and shifts.",
        order=46,
    ),
    NavItem(
        "Care rounds",
        "rounds:index",
        STAFF_ROLES,
        "Providers' planned rounds: travel, visits planned and visits they could not plan.",
        order=85,
        in_header=False,
    ),
]
