"""Who may see and change zones (declared once; see homecare.core.permissions)."""

from homecare.core.permissions import STAFF, Permission, roles
from homecare.core.roles import Role

VIEW_ZONES = Permission("geography.view_zones", STAFF, "See zones, lots and their wards")
ASSIGN_WARDS = Permission(
    "geography.assign_wards", roles(Role.COMMISSIONER, Role.ADMIN), "Move wards between zones"
)
