import datetime as dt

import pytest
from django.utils import timezone

from homecare.brokerage import jobs, services
from homecare.brokerage.factories import framework_lot, make_package
from homecare.brokerage.models import OfferStatus
from homecare.core.actor import Actor
from homecare.core.testing import TEST_ACTOR
from homecare.geography.factories import ZoneFactory

pytestmark = pytest.mark.django_db


def test_expire_offers_job_expires_overdue_offer():
    zone = ZoneFactory()
    framework_lot(zone)
    package = make_package(zone=zone)
    offer = services.start_brokering(by=TEST_ACTOR, package=package)[0]
    offer.respond_by = timezone.now() - dt.timedelta(minutes=5)
    offer.save()
    assert jobs.expire_offers(Actor.job("expire-offers")) == "1 offers expired"
    offer.refresh_from_db()
    assert offer.status == OfferStatus.EXPIRED


def test_jobs_listed():
    assert {j.name for j in jobs.JOBS} == {"expire-offers", "finish-notice-periods"}
