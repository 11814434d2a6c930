"""Who may do what with carers and rounds (declared once; see homecare.core.permissions)."""

from homecare.core.permissions import PROVIDERS, STAFF, Permission

VIEW_ROUNDS = Permission(
    "rounds.view",
    STAFF | PROVIDERS,
    "See round plans (providers: their own; council staff: every provider's)",
)
PLAN_ROUNDS = Permission(
    "rounds.plan", PROVIDERS, "Manage your carers, plan your rounds and move visits between carers"
)
VIEW_ALL_ROUNDS = Permission("rounds.view_all", STAFF, "See every provider's carers and rounds, read only")
