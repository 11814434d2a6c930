import datetime as dt

import pytest

from homecare.brokerage import services
from homecare.brokerage.factories import framework_lot, make_package
from homecare.brokerage.models import AlertKind, OfferStatus, PackageStatus
from homecare.brokerage.services import BrokerageError
from homecare.core.actor import Actor
from homecare.core.testing import TEST_ACTOR
from homecare.geography.factories import ZoneFactory

pytestmark = pytest.mark.django_db


def _active(zone):
    package = make_package(zone=zone)
    services.accept_offer(by=TEST_ACTOR, offer=services.start_brokering(by=TEST_ACTOR, package=package)[0])
    services.start_care(by=TEST_ACTOR, package=package, started_on=dt.date.today())
    package.refresh_from_db()
    return package


def test_give_notice_rebrokers_to_another_provider_before_notice_ends():
    zone = ZoneFactory()
    framework_lot(zone)
    package = _active(zone)
    ends = dt.date.today() + dt.timedelta(days=28)
    hand_back = services.give_notice(by=TEST_ACTOR, package=package, reason="Lost staff", notice_ends_on=ends)
    successor = hand_back.successor
    assert successor.previous == package and successor.requested_start_on == ends
    assert successor.status == PackageStatus.OFFERED
    offer = successor.offers.get(status=OfferStatus.PENDING)
    assert offer.provider_id != package.provider_id
    assert successor.alerts.filter(kind=AlertKind.HAND_BACK).exists()
    assert successor.carer_hours_per_week == package.carer_hours_per_week


def test_give_notice_too_short_refused():
    zone = ZoneFactory()
    framework_lot(zone)
    package = _active(zone)
    with pytest.raises(BrokerageError):
        services.give_notice(
            by=TEST_ACTOR, package=package, reason="x", notice_ends_on=dt.date.today() + dt.timedelta(days=3)
        )


def test_notice_period_end_closes_package_as_handed_back():
    zone = ZoneFactory()
    framework_lot(zone)
    package = _active(zone)
    ends = dt.date.today() + dt.timedelta(days=14)
    services.give_notice(by=TEST_ACTOR, package=package, reason="Lost staff", notice_ends_on=ends)
    assert (
        services.finish_notice_periods(by=Actor.job("finish-notice-periods"), on=ends + dt.timedelta(days=1))
        == 1
    )
    package.refresh_from_db()
    assert (package.status, package.ended_on) == (PackageStatus.HANDED_BACK, ends)
