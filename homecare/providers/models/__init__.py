"""Provider register models, split by concept; import them from here."""

from homecare.providers.models.capacity import (
    CapacityLine,
    CapacityReturn,
    CapacityReturnQuerySet,
    TimeBand,
)
from homecare.providers.models.contracts import (
    OFF_FRAMEWORK_TIERS,
    TIER_ORDER,
    AllocationPolicy,
    Contract,
    ContractAction,
    ContractActionKind,
    ContractQuerySet,
    ContractStatus,
    ContractTier,
    Framework,
    Lot,
    PaymentBasis,
    PaymentFrequency,
)
from homecare.providers.models.organisations import HealthCommissioner
from homecare.providers.models.rates import Rate, RuralSupplementBasis, Uplift
from homecare.providers.models.ratings import DOMAINS, CqcRating, CqcRatingValue, QafAssessment, QafLevel
from homecare.providers.models.register import (
    Location,
    LocationStatus,
    Provider,
    ProviderQuerySet,
    ProviderStatus,
    ServiceType,
)

__all__ = [
    "DOMAINS",
    "OFF_FRAMEWORK_TIERS",
    "TIER_ORDER",
    "AllocationPolicy",
    "CapacityLine",
    "CapacityReturn",
    "CapacityReturnQuerySet",
    "Contract",
    "ContractAction",
    "ContractActionKind",
    "ContractQuerySet",
    "ContractStatus",
    "ContractTier",
    "CqcRating",
    "CqcRatingValue",
    "Framework",
    "HealthCommissioner",
    "Location",
    "LocationStatus",
    "Lot",
    "PaymentBasis",
    "PaymentFrequency",
    "Provider",
    "ProviderQuerySet",
    "ProviderStatus",
    "QafAssessment",
    "QafLevel",
    "Rate",
    "RuralSupplementBasis",
    "ServiceType",
    "TimeBand",
    "Uplift",
]
