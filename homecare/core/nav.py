from homecare.core.navigation import NavItem
from homecare.core.permissions import EDIT_COUNCIL, VIEW_AUDIT

ITEMS = [
    NavItem(
        "Audit trail",
        "core:audit",
        VIEW_AUDIT,
        "Every change made in the service and every view of a person's record: who, when, what.",
        order=90,
    ),
    NavItem(
        "Council settings",
        "core:council",
        EDIT_COUNCIL,
        "The council's name and ONS local authority code.",
        order=95,
        in_header=False,
    ),
]
