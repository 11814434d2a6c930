"""Brokerage background jobs; each calls one service."""

from __future__ import annotations

from homecare.brokerage import services
from homecare.core.jobs import Job


def expire_offers() -> str:
    return f"{services.expire_offers(by='job:expire-offers')} offers expired"


def finish_notice_periods() -> str:
    return f"{services.finish_notice_periods(by='job:finish-notice-periods')} packages handed back"


JOBS = [
    Job("expire-offers", 300, expire_offers),
    Job("finish-notice-periods", 3600, finish_notice_periods),
]
