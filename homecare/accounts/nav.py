from homecare.accounts.permissions import MANAGE_USERS
from homecare.core.navigation import NavItem

ITEMS = [
    NavItem(
        "Users",
        "admin:accounts_user_changelist",
        MANAGE_USERS,
        "Add council staff and provider users, set their roles, unlock accounts.",
        order=98,
        in_header=False,
    ),
]
