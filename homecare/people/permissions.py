"""Who may see and change people's records (special category data: as few roles as the work needs;
declared once, see homecare.core.permissions)."""

from homecare.core.permissions import Permission, roles
from homecare.core.roles import Role

VIEW_PEOPLE = Permission(
    "people.view",
    roles(Role.BROKER, Role.COMMISSIONER, Role.QUALITY_OFFICER, Role.AUDITOR, Role.ADMIN),
    "Find and read people's records (every view is logged)",
)
EDIT_PEOPLE = Permission("people.edit", roles(Role.BROKER, Role.ADMIN), "Record and correct people's details")
