from homecare.core.navigation import NavItem
from homecare.providers.permissions import (
    APPLY_UPLIFT,
    FILE_CAPACITY,
    IMPORT_CQC_RATINGS,
    VIEW_REGISTER,
)

ITEMS = [
    NavItem(
        "Providers",
        "providers:list",
        VIEW_REGISTER,
        "The provider register: agencies, CQC ratings, QAF levels, contracts and rates.",
        order=30,
    ),
    NavItem(
        "Frameworks",
        "providers:frameworks",
        VIEW_REGISTER,
        "Frameworks and their lots, with each lot's providers in order.",
        order=31,
    ),
    NavItem(
        "Market capacity",
        "providers:market_capacity",
        VIEW_REGISTER,
        "Hours providers can take on, by zone and time band, from their latest returns.",
        order=32,
    ),
    NavItem(
        "Uplift rates",
        "providers:uplift",
        APPLY_UPLIFT,
        "Preview and apply a yearly rate uplift to many contracts at once.",
        order=33,
        in_header=False,
    ),
    NavItem(
        "Import CQC ratings",
        "providers:cqc_upload",
        IMPORT_CQC_RATINGS,
        "Upload CQC's latest ratings file to update ratings of local providers.",
        order=34,
        in_header=False,
    ),
    NavItem(
        "Capacity returns",
        "providers:my_returns",
        FILE_CAPACITY,
        "Tell the council the hours you can take on and your staffing.",
        order=30,
    ),
]
