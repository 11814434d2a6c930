"""Brokerage models, split by concept; import them from here."""

from homecare.brokerage.models.careplans import DAYS, CarePlan, Outcome, PlannedVisit
from homecare.brokerage.models.handbacks import HandBack
from homecare.brokerage.models.offers import AlertKind, BrokerAlert, DeclineReason, Offer, OfferStatus
from homecare.brokerage.models.packages import (
    IN_CARE,
    UNPLACED,
    InterimArrangement,
    Package,
    PackageEvent,
    PackageQuerySet,
    PackageStatus,
)
from homecare.brokerage.models.referrals import Funding, Referral, ReferralSource, Urgency

__all__ = [
    "DAYS",
    "IN_CARE",
    "UNPLACED",
    "AlertKind",
    "BrokerAlert",
    "CarePlan",
    "DeclineReason",
    "Funding",
    "HandBack",
    "InterimArrangement",
    "Offer",
    "OfferStatus",
    "Outcome",
    "Package",
    "PackageEvent",
    "PackageQuerySet",
    "PackageStatus",
    "PlannedVisit",
    "Referral",
    "ReferralSource",
    "Urgency",
]
