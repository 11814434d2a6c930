import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db.models import Avg

from homecare.brokerage.demo import _plan
from homecare.brokerage.models import HandBack, Offer, Package, PlannedVisit, ReferralSource
from homecare.demo.generator import SIZES, DemoContext, discover_steps
from homecare.people.models import Person
from homecare.people.nhs import normalise_nhs_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    ctx = DemoContext(seed=1, size=SIZES["small"], today=dt.date(2026, 11, 22))
    for step in discover_steps():
        if step.order <= 50:
            step.run(ctx)
    return ctx


def test_demo_everyone_receiving_care_has_a_package(demo):
    assert Package.objects.in_care().count() == demo.size.people


def test_demo_visit_patterns_are_realistic(demo):
    in_care = Package.objects.in_care()
    average = in_care.aggregate(h=Avg("carer_hours_per_week"))["h"]
    double_ups = (
        PlannedVisit.objects.filter(care_plan__package__in=in_care, carers=2)
        .values("care_plan")
        .distinct()
        .count()
    )
    assert Decimal("11") <= average <= Decimal("16")
    assert 0.04 <= double_ups / in_care.count() <= 0.18


def test_demo_has_waiting_list_hand_backs_and_hospital_referrals(demo):
    assert 5 <= Package.objects.unplaced().count() <= 40
    assert HandBack.objects.exists() and Offer.objects.filter(status="pending").exists()
    assert Package.objects.filter(referral__source=ReferralSource.HOSPITAL).count() > 10


def test_demo_nhs_numbers_are_valid(demo):
    numbers = list(Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True))
    assert numbers and all(normalise_nhs_number(n) == n for n in numbers)


def test_demo_visit_plans_are_deterministic_for_a_seed():
    first = [_plan(random.Random("1:brokerage")) for _ in range(20)]
    again = [_plan(random.Random("1:brokerage")) for _ in range(20)]
    assert first == again
