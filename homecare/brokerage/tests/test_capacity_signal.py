"""Declared capacity short of the need: a ranking signal by default, an exclusion if the lot says so."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from homecare.accounts.factories import make_user
from homecare.brokerage.candidates import rank_package
from homecare.brokerage.factories import framework_lot, make_package
from homecare.core.roles import Role
from homecare.geography.factories import ZoneFactory
from homecare.providers.factories import CapacityReturnFactory
from homecare.providers.models import CapacityLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def short_lead():
    """A lot whose lead provider declared 2 h in the morning; the package needs 3.5 h there."""
    zone = ZoneFactory()
    lot, contracts = framework_lot(zone, policy="ranked_cascade", shares=(60, 40))
    today = dt.date.today()
    returned = CapacityReturnFactory(
        provider=contracts[0].provider, week_commencing=today - dt.timedelta(days=today.weekday())
    )
    for band, hours in (("morning", "2"), ("lunch", "10")):
        CapacityLine.objects.create(capacity_return=returned, zone=zone, time_band=band, hours=Decimal(hours))
    package = make_package(zone=zone)  # 08:00 and 12:30, 30 minutes, daily
    return lot, contracts, package


def test_capacity_shortfall_ranked_after_others_by_default(short_lead):
    _, contracts, package = short_lead
    ranking = rank_package(package).ranking
    assert [c.option.contract_id for c in ranking.candidates] == [contracts[1].pk, contracts[0].pk]
    assert ranking.candidates[1].capacity_shortfall == "morning (needs 3.5 h, declared 2 h)"


def test_capacity_shortfall_excluded_when_the_lot_says_so(short_lead):
    lot, contracts, package = short_lead
    lot.exclude_capacity_shortfall = True
    lot.save()
    ranking = rank_package(package).ranking
    assert [c.option.contract_id for c in ranking.candidates] == [contracts[1].pk]
    assert "declared 2 h" in ranking.excluded[0].reason


def test_candidate_page_shows_capacity_shortfall(client, short_lead):
    _, _, package = short_lead
    client.force_login(make_user(Role.BROKER))
    body = client.get(reverse("brokerage:candidates", args=[package.pk])).content.decode()
    assert "morning (needs 3.5 h, declared 2 h)" in body
