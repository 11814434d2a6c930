"""Who may do what in the provider register (declared once; see homecare.core.permissions)."""

from homecare.core.permissions import PROVIDERS, STAFF, Permission, roles
from homecare.core.roles import Role

VIEW_REGISTER = Permission(
    "providers.view_register",
    STAFF,
    "Read the provider register, frameworks, contracts, rates and market capacity",
)
IMPORT_CQC_RATINGS = Permission(
    "providers.import_cqc_ratings",
    roles(Role.COMMISSIONER, Role.QUALITY_OFFICER, Role.ADMIN),
    "Upload CQC's latest ratings file",
)
CONTRACT_ACTION = Permission(
    "providers.contract_action",
    roles(Role.COMMISSIONER),
    "Suspend, lift, vary or end a provider's contract",
)
APPLY_UPLIFT = Permission(
    "providers.apply_uplift",
    roles(Role.COMMISSIONER, Role.FINANCE_OFFICER),
    "Preview and apply a yearly rate uplift",
)
ASSESS_QAF = Permission(
    "providers.assess_qaf", roles(Role.QUALITY_OFFICER), "Record a provider's local quality (QAF) level"
)
FILE_CAPACITY = Permission(
    "providers.file_capacity", PROVIDERS, "File and correct your organisation's capacity returns"
)
VIEW_OWN_PROVIDER = Permission(
    "providers.view_own", PROVIDERS, "Read your own organisation's register entry, ratings and contracts"
)
