"""Business operations on the provider register, split by concept. Every change is audited.
Refusals raise the one domain error type, `homecare.core.errors.DomainError` (re-exported here)."""

from homecare.core.errors import DomainError
from homecare.providers.services.capacity import save_capacity_return
from homecare.providers.services.contracts import (
    apply_contract_action,
    create_contract,
    create_framework,
    create_lot,
    lot_share_total,
)
from homecare.providers.services.rates import (
    UpliftPreview,
    UpliftRow,
    apply_uplift,
    preview_uplift,
    price_contract_visit,
    rate_in_force,
    set_rate,
)
from homecare.providers.services.register import (
    change_provider_status,
    record_qaf_assessment,
    refresh_cqc_rating,
)

__all__ = [
    "DomainError",
    "UpliftPreview",
    "UpliftRow",
    "apply_contract_action",
    "apply_uplift",
    "change_provider_status",
    "create_contract",
    "create_framework",
    "create_lot",
    "lot_share_total",
    "preview_uplift",
    "price_contract_visit",
    "rate_in_force",
    "record_qaf_assessment",
    "refresh_cqc_rating",
    "save_capacity_return",
    "set_rate",
]
