from homecare.accounts.roles import STAFF_ROLES, Role
from homecare.core.navigation import NavItem

ITEMS = [
    NavItem(
        "Providers",
        "providers:list",
        STAFF_ROLES,
        "The provider register: agencies, CQC ratings, QAF levels, contracts and rates.",
        order=30,
    ),
    NavItem(
        "Frameworks",
        "providers:frameworks",
        STAFF_ROLES,
        "Frameworks and their lots, with each lot's providers in order.",
        order=31,
    ),
    NavItem(
        "Market capacity",
        "providers:market_capacity",
        STAFF_ROLES,
        "Hours providers can take on, by zone and time band, from their latest returns.",
        order=32,
    ),
    NavItem(
        "Uplift rates",
        "providers:uplift",
        frozenset({Role.COMMISSIONER, Role.FINANCE_OFFICER}),
        "Preview and apply a yearly rate uplift to many contracts at once.",
        order=33,
        in_header=False,
    ),
    NavItem(
        "Import CQC ratings",
        "providers:cqc_upload",
        frozenset({Role.COMMISSIONER, Role.QUALITY_OFFICER, Role.ADMIN}),
        "Upload CQC's latest ratings file to update ratings of local providers.",
        order=34,
        in_header=False,
    ),
    NavItem(
        "Capacity returns",
        "providers:my_returns",
        frozenset({Role.PROVIDER}),
        "Tell the council the hours you can take on and your staffing.",
        order=30,
    ),
]
