import datetime as dt

import pytest

from homecare.accounts.factories import make_user
from homecare.core.models import AccessLog
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR
from homecare.providers.factories import ProviderFactory
from homecare.visits.models import PenaltyStatement, VisitAlert
from homecare.visits.services.alerts import raise_alerts
from homecare.visits.services.matching import close_windows
from homecare.visits.tests.conftest import DAY, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def settled(package):
    close_windows(now=at(23, 0))
    return package


STAFF_ROLES = sorted(r for r in Role if r != Role.PROVIDER)


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_dashboard_shows_visits_by_provider_for_staff(client, role, settled):
    client.force_login(make_user(role))
    response = client.get(f"/visits/?date={DAY:%Y-%m-%d}")
    assert response.status_code == 200
    assert settled.provider.name.encode() in response.content


def test_staff_pages_refuse_provider_users(client, settled):
    client.force_login(make_user(Role.PROVIDER, provider=settled.provider))
    for url in ["/visits/", "/visits/performance/", "/visits/penalties/"]:
        assert client.get(url).status_code == 403, url


def test_performance_shows_shares_for_the_period(client, settled):
    client.force_login(make_user(Role.COMMISSIONER))
    response = client.get(f"/visits/performance/?start={DAY:%Y-%m-%d}&end={DAY:%Y-%m-%d}")
    assert b"100.0%" in response.content  # both visits missed


def test_performance_rejects_a_backwards_period(client):
    client.force_login(make_user(Role.COMMISSIONER))
    response = client.get("/visits/performance/?start=2026-11-10&end=2026-11-01")
    assert b"The end date must be the same as or after the start date" in response.content


def test_package_history_is_access_logged(client, settled):
    user = make_user(Role.BROKER)
    client.force_login(user)
    response = client.get(f"/visits/packages/{settled.pk}/")
    assert response.status_code == 200
    assert AccessLog.objects.filter(user=user, person_id=str(settled.person_id)).exists()


def test_provider_sees_its_own_package_history_but_not_anothers(client, settled):
    client.force_login(make_user(Role.PROVIDER, provider=settled.provider))
    assert client.get(f"/visits/packages/{settled.pk}/").status_code == 200
    client.force_login(make_user(Role.PROVIDER, provider=ProviderFactory()))
    assert client.get(f"/visits/packages/{settled.pk}/").status_code == 404


def test_provider_portal_shows_only_its_own_visits(client, settled):
    other_user = make_user(Role.PROVIDER, provider=ProviderFactory())
    client.force_login(other_user)
    response = client.get(f"/visits/portal/?date={DAY:%Y-%m-%d}")
    assert response.status_code == 200
    assert settled.reference.encode() not in response.content
    client.force_login(make_user(Role.PROVIDER, provider=settled.provider))
    response = client.get(f"/visits/portal/?date={DAY:%Y-%m-%d}")
    assert settled.reference.encode() in response.content


def test_alerts_are_scoped_to_the_provider(client, provider):
    from homecare.brokerage.services import VisitInput
    from homecare.visits.factories import package_in_care

    package_in_care(
        provider=provider,
        started_on=DAY,
        days=1,
        plan=[
            VisitInput(
                days=127, start=dt.time(8), duration_minutes=30, time_critical=True, tolerance_minutes=10
            )
        ],
    )
    raise_alerts(by=TEST_ACTOR, now=at(8, 30))
    alert = VisitAlert.objects.get()
    client.force_login(make_user(Role.PROVIDER, provider=ProviderFactory()))
    assert b"Time-critical" not in client.get("/visits/alerts/").content
    assert client.get(f"/visits/alerts/{alert.pk}/resolve/").status_code == 404
    client.force_login(make_user(Role.PROVIDER, provider=provider))
    assert b"Time-critical" in client.get("/visits/alerts/").content
    response = client.post(
        f"/visits/alerts/{alert.pk}/resolve/", {"note": "Carer was delayed; visit done 08:35"}
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.resolved_at is not None


def test_resolving_without_a_note_shows_the_error(client, provider):
    from homecare.brokerage.services import VisitInput
    from homecare.visits.factories import package_in_care

    package_in_care(
        provider=provider,
        started_on=DAY,
        days=1,
        plan=[
            VisitInput(
                days=127, start=dt.time(8), duration_minutes=30, time_critical=True, tolerance_minutes=10
            )
        ],
    )
    raise_alerts(by=TEST_ACTOR, now=at(8, 30))
    client.force_login(make_user(Role.BROKER))
    response = client.post(f"/visits/alerts/{VisitAlert.objects.get().pk}/resolve/", {"note": ""})
    assert b"Say what happened and what was done" in response.content


def test_auditor_cannot_resolve_alerts(client):
    client.force_login(make_user(Role.AUDITOR))
    assert client.get("/visits/alerts/1/resolve/").status_code == 403


def test_finance_calculates_and_commissioner_waives_penalties(client, settled):
    from decimal import Decimal

    from homecare.visits.models import MonitoringRule

    MonitoringRule.objects.create(contract=None, missed_visit_penalty=Decimal("20"))
    client.force_login(make_user(Role.FINANCE_OFFICER))
    response = client.post(
        "/visits/penalties/",
        {"provider": settled.provider.pk, "start": f"{DAY:%Y-%m-%d}", "end": f"{DAY:%Y-%m-%d}"},
    )
    statement = PenaltyStatement.objects.get()
    assert response.status_code == 302 and statement.total == Decimal("40.00")
    # Finance may see the statement but not waive it: 403 (the permission layer), as for any action
    # a role may not take.
    assert client.post(f"/visits/penalties/{statement.pk}/", {"reason": "x"}).status_code == 403
    statement.refresh_from_db()
    assert statement.status == "calculated"
    client.force_login(make_user(Role.COMMISSIONER))
    client.post(f"/visits/penalties/{statement.pk}/", {"reason": "Provider at risk of failure"})
    statement.refresh_from_db()
    assert statement.payable == 0


def test_an_auditor_sees_penalties_but_may_not_calculate_them(client, settled):
    client.force_login(make_user(Role.AUDITOR))
    assert client.get("/visits/penalties/").status_code == 200
    response = client.post(
        "/visits/penalties/",
        {"provider": settled.provider.pk, "start": f"{DAY:%Y-%m-%d}", "end": f"{DAY:%Y-%m-%d}"},
    )
    assert response.status_code == 403
    assert not PenaltyStatement.objects.exists()
