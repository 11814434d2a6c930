from homecare.core.navigation import NavItem
from homecare.visits.permissions import (
    MONITOR_VISITS,
    PROVIDER_VISITS,
    VIEW_ALERTS,
    VIEW_OWN_PENALTIES,
    VIEW_PENALTIES,
)

ITEMS = [
    NavItem(
        "Visits",
        "visits:dashboard",
        MONITOR_VISITS,
        "Today's visits by status, provider and zone; call monitoring.",
        order=40,
    ),
    NavItem(
        "Performance",
        "visits:performance",
        MONITOR_VISITS,
        "Each provider's share of visits on time, late, short, missed or manual.",
        order=41,
        in_header=False,
    ),
    NavItem(
        "Visit alerts",
        "visits:alerts",
        VIEW_ALERTS,
        "Time-critical visits with no check-in, until resolved.",
        order=42,
    ),
    NavItem(
        "Penalties",
        "visits:penalties",
        VIEW_PENALTIES,
        "Contract penalties for missed and unverified visits, and waivers.",
        order=43,
        in_header=False,
    ),
    NavItem(
        "Your visits",
        "visits:portal",
        PROVIDER_VISITS,
        "Your visits by day and the exceptions to explain.",
        order=40,
    ),
    NavItem(
        "Your penalties",
        "visits:portal_penalties",
        VIEW_OWN_PENALTIES,
        "Your penalty statements for late, short and missed visits, and your explanations.",
        order=44,
        in_header=False,
    ),
]
