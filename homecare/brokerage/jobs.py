"""Brokerage background jobs; each calls one service with the Actor the job runner built for it."""

from __future__ import annotations

from homecare.brokerage import services
from homecare.core.actor import Actor
from homecare.core.jobs import Job


def expire_offers(by: Actor) -> str:
    return f"{services.expire_offers(by=by)} offers expired"


def finish_notice_periods(by: Actor) -> str:
    return f"{services.finish_notice_periods(by=by)} packages handed back"


JOBS = [
    Job("expire-offers", 300, expire_offers),
    Job("finish-notice-periods", 3600, finish_notice_periods),
]
