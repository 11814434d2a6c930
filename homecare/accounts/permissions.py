"""Who may manage users (declared once; see homecare.core.permissions)."""

from homecare.core.permissions import Permission, roles
from homecare.core.roles import Role

MANAGE_USERS = Permission(
    "accounts.manage_users", roles(Role.ADMIN), "Add users, change their roles, unlock accounts"
)
