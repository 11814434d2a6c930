"""Who may do what with visits and call monitoring (declared once; see homecare.core.permissions)."""

from homecare.core.permissions import PROVIDERS, STAFF, Permission, roles
from homecare.core.roles import Role

MONITOR_VISITS = Permission(
    "visits.monitor", STAFF, "See every provider's visits by status, zone and provider, and performance"
)
VIEW_PACKAGE_HISTORY = Permission(
    "visits.view_package_history",
    STAFF | PROVIDERS,
    "See a package's visits and their call-monitoring events (providers: their own packages)",
)
VIEW_ALERTS = Permission(
    "visits.view_alerts", STAFF | PROVIDERS, "See alerts for time-critical visits (providers: their own)"
)
RESOLVE_ALERTS = Permission(
    "visits.resolve_alerts",
    roles(Role.BROKER, Role.COMMISSIONER, Role.QUALITY_OFFICER, Role.ADMIN, Role.PROVIDER),
    "Resolve a visit alert with a note (providers: their own)",
)
VIEW_PENALTIES = Permission(
    "visits.view_penalties",
    roles(Role.COMMISSIONER, Role.FINANCE_OFFICER, Role.QUALITY_OFFICER, Role.AUDITOR, Role.ADMIN),
    "See penalty statements",
)
CALCULATE_PENALTIES = Permission(
    "visits.calculate_penalties",
    roles(Role.COMMISSIONER, Role.FINANCE_OFFICER, Role.ADMIN),
    "Calculate a provider's penalties for a period",
)
WAIVE_PENALTIES = Permission(
    "visits.waive_penalties", roles(Role.COMMISSIONER, Role.ADMIN), "Waive a penalty statement with a reason"
)
PROVIDER_VISITS = Permission(
    "visits.provider_portal", PROVIDERS, "See your organisation's visits by day and its exceptions"
)
SEND_EVENTS = Permission(
    "visits.send_events", PROVIDERS, "Send call-monitoring events for your organisation's visits"
)
VIEW_OWN_PENALTIES = Permission(
    "visits.view_own_penalties",
    PROVIDERS,
    "See your organisation's penalty statements, their lines and your explanations",
)
EXPLAIN_EXCEPTIONS = Permission(
    "visits.explain_exceptions",
    PROVIDERS,
    "Explain a late, short, missed or otherwise penalised visit of your organisation",
)
READ_PLANNED_VISITS = Permission(
    "visits.read_planned_visits",
    PROVIDERS,
    "Read your organisation's planned visits and their references (API), to send visit_ref",
)
