"""Home page panels, added by each app through the HOME_PANELS extension point."""

import datetime as dt

import pytest
from django.utils import timezone

from homecare.accounts.factories import make_user
from homecare.core.extensions import ExtensionPoint
from homecare.core.home import HOME_PANELS, panels_for
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR, actor_for

pytestmark = pytest.mark.django_db


def _offer(provider, package):
    from homecare.brokerage.models import Offer

    now = timezone.now()
    return Offer.objects.create(
        package=package, provider=provider, offered_at=now, respond_by=now + dt.timedelta(hours=2)
    )


def test_apps_register_their_home_panels_through_discovery():
    names = {f.__module__ for f in HOME_PANELS.implementations()}
    assert {"homecare.brokerage.extensions", "homecare.visits.extensions"} <= names


def test_an_extension_point_without_implementations_has_none():
    assert ExtensionPoint("test.nobody_listens", "For the test").implementations() == []


def test_broker_home_counts_people_waiting(client):
    from homecare.brokerage.factories import make_package

    make_package(by=TEST_ACTOR)
    make_package(by=TEST_ACTOR)
    broker = make_user(Role.BROKER)
    panel = next(p for p in panels_for(actor_for(broker)) if p.title == "Brokerage")
    assert panel.items[0].label == "people waiting for care" and panel.items[0].count == 2
    client.force_login(broker)
    response = client.get("/")
    assert b"To do today" in response.content
    assert b'href="/brokerage/awaiting-care/"' in response.content


def test_provider_home_counts_only_its_own_offers():
    from homecare.brokerage.factories import make_package
    from homecare.providers.factories import ProviderFactory

    mine, theirs = ProviderFactory(), ProviderFactory()
    _offer(mine, make_package(by=TEST_ACTOR))
    _offer(theirs, make_package(by=TEST_ACTOR))
    _offer(theirs, make_package(by=TEST_ACTOR))
    panels = panels_for(actor_for(make_user(Role.PROVIDER, provider=mine)))
    offers = next(p for p in panels if p.title == "Offers")
    assert offers.items[0].count == 1


def test_finance_officer_home_has_no_brokerage_panel():
    titles = {p.title for p in panels_for(actor_for(make_user(Role.FINANCE_OFFICER)))}
    assert "Brokerage" not in titles and "Offers" not in titles
    assert "Visits" in titles
