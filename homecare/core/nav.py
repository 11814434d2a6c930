from homecare.accounts.roles import Role
from homecare.core.navigation import NavItem

ITEMS = [
    NavItem(
        "Audit trail",
        "core:audit",
        frozenset({Role.ADMIN, Role.AUDITOR}),
        "Every change made in the service and every view of a person's record: who, when, what.",
        order=90,
    ),
    NavItem(
        "Council settings",
        "core:council",
        frozenset({Role.ADMIN}),
        "The council's name and ONS local authority code.",
        order=95,
        in_header=False,
    ),
]
