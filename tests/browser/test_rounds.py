"""The plan page in a real browser: a provider user sees the rounds, the map and the unplanned
visits, and the page passes axe's WCAG 2.2 AA checks."""

import datetime as dt

import pytest

from homecare.accounts.factories import TEST_PASSWORD, make_user
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR
from homecare.providers.factories import ProviderFactory
from homecare.rounds.factories import CarerFactory, client_with_visits, visit_line
from homecare.rounds.services import planning
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_page_is_accessible(live_server, page):
    day = dt.date(2026, 3, 10)
    provider = ProviderFactory(latitude=52.62, longitude=-1.12)
    client_with_visits(provider, day, [visit_line(dt.time(8)), visit_line(dt.time(9), carers=2)])
    client_with_visits(provider, day, [visit_line(dt.time(12), tasks="hoist")], at=(52.63, -1.10))
    CarerFactory(provider=provider, name="Ann Able")
    CarerFactory(provider=provider, name="Bea Bold")
    plan = planning.run_plan(
        by=TEST_ACTOR, plan=planning.request_plan(by=TEST_ACTOR, provider=provider, day=day, seconds=1)
    )
    user = make_user(Role.PROVIDER, provider=provider)
    login(page, live_server.url, user.username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/rounds/plans/{plan.pk}/")
    assert page.locator("h1").inner_text().startswith("Rounds for Tuesday 10 March 2026")
    assert page.locator("svg[role=img] circle").count() >= 3
    assert page.get_by_text("No carer has the skills").is_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/rounds/plans/{plan.pk}/move/")
    assert_accessible(page)
