"""Who may see and change people's records (special category data: as few roles as the work needs)."""

from homecare.accounts.roles import Role

#: Council staff whose work needs a person's record.
PERSON_READ_ROLES: frozenset[str] = frozenset(
    {Role.BROKER, Role.COMMISSIONER, Role.QUALITY_OFFICER, Role.AUDITOR, Role.ADMIN}
)
#: Staff who record and correct people's details.
PERSON_WRITE_ROLES: frozenset[str] = frozenset({Role.BROKER, Role.ADMIN})
