from homecare.accounts.roles import STAFF_ROLES, Role
from homecare.core.navigation import NavItem

ITEMS = [
    NavItem(
        "Visits",
        "visits:dashboard",
        STAFF_ROLES,
        "Today's visits by status, provider and zone; call monitoring.",
        order=40,
    ),
    NavItem(
        "Performance",
        "visits:performance",
        STAFF_ROLES,
        "Each provider's share of visits on time, late, short, missed or manual.",
        order=41,
        in_header=False,
    ),
    NavItem(
        "Visit alerts",
        "visits:alerts",
        frozenset({*STAFF_ROLES, Role.PROVIDER}),
        "Time-critical visits with no check-in, until resolved.",
        order=42,
    ),
    NavItem(
        "Penalties",
        "visits:penalties",
        frozenset({Role.COMMISSIONER, Role.FINANCE_OFFICER, Role.QUALITY_OFFICER, Role.AUDITOR, Role.ADMIN}),
        "Contract penalties for missed and unverified visits, and waivers.",
        order=43,
        in_header=False,
    ),
    NavItem(
        "Your visits",
        "visits:portal",
        frozenset({Role.PROVIDER}),
        "Your visits by day and the exceptions to explain.",
        order=40,
    ),
]
