"""Visit monitoring pages in a real browser, checked by axe."""

import datetime as dt

import pytest
from django.utils import timezone

from homecare.accounts.factories import TEST_PASSWORD, make_user
from homecare.brokerage.services import VisitInput
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR
from homecare.visits.factories import package_in_care
from homecare.visits.services.alerts import raise_alerts
from homecare.visits.services.matching import close_windows
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def monitored():
    today = timezone.localdate()
    start = (timezone.localtime() - dt.timedelta(minutes=40)).time().replace(second=0, microsecond=0)
    if start > timezone.localtime().time():  # just after midnight: use yesterday's late visit instead
        today -= dt.timedelta(days=1)
    plan = [VisitInput(days=127, start=start, duration_minutes=30, time_critical=True, tolerance_minutes=15)]
    package = package_in_care(
        started_on=today - dt.timedelta(days=3), plan_start=today - dt.timedelta(days=3), plan=plan, days=4
    )
    close_windows(now=timezone.now())
    raise_alerts(by=TEST_ACTOR, now=timezone.now())
    return package, today


def test_broker_sees_the_monitoring_dashboard_and_resolves_an_alert(live_server, page, monitored):
    package, day = monitored
    broker = make_user(Role.BROKER)
    login(page, live_server.url, broker.username, TEST_PASSWORD)
    # the visit's own day: yesterday when the test runs just after midnight
    page.goto(live_server.url + f"/visits/?date={day:%Y-%m-%d}")
    assert package.provider.name in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(live_server.url + "/visits/alerts/")
    assert_accessible(page)
    page.get_by_role("link", name="Resolve alert").first.click()
    page.get_by_role("button", name="Resolve alert").click()
    assert "Say what happened and what was done" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.fill("#id_note", "Daughter gave the medication; carer arrived 00:40")
    page.get_by_role("button", name="Resolve alert").click()
    assert "Alert resolved" in page.locator("main").inner_text()


def test_provider_portal_lists_its_visits_accessibly(live_server, page, monitored):
    package, day = monitored
    user = make_user(Role.PROVIDER, provider=package.provider)
    login(page, live_server.url, user.username, TEST_PASSWORD)
    page.goto(live_server.url + f"/visits/portal/?date={day:%Y-%m-%d}")
    assert package.reference in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(live_server.url + f"/visits/packages/{package.pk}/")
    assert_accessible(page)
