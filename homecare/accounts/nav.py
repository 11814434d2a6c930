from homecare.accounts.roles import Role
from homecare.core.navigation import NavItem

ITEMS = [
    NavItem(
        "Users",
        "admin:accounts_user_changelist",
        frozenset({Role.ADMIN}),
        "Add council staff and provider users, set their roles, unlock accounts.",
        order=98,
        in_header=False,
    ),
]
