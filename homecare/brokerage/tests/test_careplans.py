import datetime as dt
from decimal import Decimal

import pytest

from homecare.brokerage import services
from homecare.brokerage.factories import framework_lot, make_package, visits
from homecare.brokerage.models import PackageStatus
from homecare.brokerage.services import BrokerageError, VisitInput
from homecare.core.testing import TEST_ACTOR
from homecare.geography.factories import ZoneFactory

pytestmark = pytest.mark.django_db


def test_referral_derives_hours_from_visits():
    package = make_package(visits=visits(calls=4, minutes=30, double_up=True))
    assert (package.visits_per_week, package.hours_per_week, package.carer_hours_per_week) == (
        28,
        Decimal("14.00"),
        Decimal("17.50"),
    )


def test_variation_keeps_history_and_marks_varied():
    zone = ZoneFactory()
    framework_lot(zone)
    package = make_package(zone=zone)
    offer = services.start_brokering(by=TEST_ACTOR, package=package)[0]
    services.accept_offer(by=TEST_ACTOR, offer=offer)
    services.start_care(by=TEST_ACTOR, package=package, started_on=dt.date.today())
    services.set_care_plan(
        by=TEST_ACTOR,
        package=package,
        visits=visits(calls=3),
        effective_from=dt.date.today(),
        reason="Needs more help",
    )
    package.refresh_from_db()
    assert package.status == PackageStatus.VARIED
    assert list(package.care_plans.values_list("version", "carer_hours_per_week")) == [
        (2, Decimal("10.50")),
        (1, Decimal("7.00")),
    ]


def test_variation_without_reason_refused():
    zone = ZoneFactory()
    framework_lot(zone)
    package = make_package(zone=zone)
    services.accept_offer(by=TEST_ACTOR, offer=services.start_brokering(by=TEST_ACTOR, package=package)[0])
    services.start_care(by=TEST_ACTOR, package=package, started_on=dt.date.today())
    with pytest.raises(BrokerageError, match="why"):
        services.set_care_plan(
            by=TEST_ACTOR, package=package, visits=visits(), effective_from=dt.date.today()
        )


def test_time_critical_visit_needs_tolerance():
    with pytest.raises(BrokerageError, match="tolerance"):
        make_package(visits=[VisitInput(days=127, start=dt.time(8), duration_minutes=30, time_critical=True)])


def test_hospital_referral_needs_discharge_date():
    with pytest.raises(BrokerageError):
        make_package(source="hospital", hospital="General")


def _package_in_care_with_outcome():
    zone = ZoneFactory()
    framework_lot(zone)
    package = make_package(zone=zone)
    services.accept_offer(by=TEST_ACTOR, offer=services.start_brokering(by=TEST_ACTOR, package=package)[0])
    services.start_care(by=TEST_ACTOR, package=package, started_on=dt.date.today())
    services.set_care_plan(
        by=TEST_ACTOR,
        package=package,
        visits=visits(),
        effective_from=dt.date.today(),
        outcomes=[("Make a hot drink unaided", dt.date(2027, 3, 1))],
        reason="Outcome agreed",
    )
    return package


def test_variation_without_outcomes_carries_them_over():
    package = _package_in_care_with_outcome()
    plan = services.set_care_plan(
        by=TEST_ACTOR,
        package=package,
        visits=visits(calls=3),
        effective_from=dt.date.today(),
        reason="Needs more help",
    )
    assert list(plan.outcomes.values_list("description", "review_on", "achieved")) == [
        ("Make a hot drink unaided", dt.date(2027, 3, 1), False)
    ]


def test_variation_with_outcomes_replaces_them():
    package = _package_in_care_with_outcome()
    plan = services.set_care_plan(
        by=TEST_ACTOR,
        package=package,
        visits=visits(),
        effective_from=dt.date.today(),
        outcomes=[services.OutcomeInput("Walk to the shop", dt.date(2027, 4, 1), achieved=True)],
        reason="Goal met, new goal",
    )
    assert list(plan.outcomes.values_list("description", "achieved")) == [("Walk to the shop", True)]
