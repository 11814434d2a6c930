"""Brokerage business operations, split by concept. Views and jobs call these; each is atomic and
audited."""

from homecare.brokerage.services.careplans import OutcomeInput, VisitInput, set_care_plan
from homecare.brokerage.services.handbacks import finish_notice_periods, give_notice
from homecare.brokerage.services.lifecycle import BrokerageError, transition
from homecare.brokerage.services.offers import (
    accept_offer,
    close_broadcast,
    decline_offer,
    expire_offers,
    offer_next,
    override_offer,
    restart_brokering,
    start_brokering,
)
from homecare.brokerage.services.packages import (
    cancel_package,
    end_package,
    record_interim,
    resolve_alert,
    start_care,
)
from homecare.brokerage.services.referrals import create_referral

__all__ = [
    "BrokerageError",
    "OutcomeInput",
    "VisitInput",
    "accept_offer",
    "cancel_package",
    "close_broadcast",
    "create_referral",
    "decline_offer",
    "end_package",
    "expire_offers",
    "finish_notice_periods",
    "give_notice",
    "offer_next",
    "override_offer",
    "record_interim",
    "resolve_alert",
    "restart_brokering",
    "set_care_plan",
    "start_brokering",
    "start_care",
    "transition",
]
