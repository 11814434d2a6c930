"""Every model holding a provider's visit work is read through `.visible_to(actor)`."""

import datetime as dt
from decimal import Decimal

import pytest

from homecare.accounts.factories import make_user
from homecare.brokerage.services import VisitInput
from homecare.core.actor import ANONYMOUS, Actor
from homecare.core.models import AuditEvent
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR, actor_for
from homecare.providers.factories import ProviderFactory
from homecare.visits.factories import package_in_care
from homecare.visits.jobs import match_and_alert
from homecare.visits.models import (
    MonitoringRule,
    PenaltyLine,
    PenaltyStatement,
    Visit,
    VisitAlert,
    VisitEvent,
)
from homecare.visits.services.alerts import raise_alerts
from homecare.visits.services.ingest import ingest
from homecare.visits.services.matching import close_windows
from homecare.visits.services.penalties import calculate
from homecare.visits.tests.conftest import DAY, at, event

pytestmark = pytest.mark.django_db
MEDICATION = [
    VisitInput(days=127, start=dt.time(8), duration_minutes=30, time_critical=True, tolerance_minutes=15)
]
MODELS = [Visit, VisitEvent, VisitAlert, PenaltyStatement, PenaltyLine]


@pytest.fixture
def work(provider):
    """One provider's visit, event, alert, penalty statement and line."""
    package = package_in_care(provider=provider, started_on=DAY, plan=MEDICATION, days=1)
    ingest(provider=provider, events=[event(package, 1, hour=9)], now=at(10, 0))
    raise_alerts(by=TEST_ACTOR, now=at(8, 16))
    MonitoringRule.objects.create(
        contract=None,
        **{
            f: Decimal("10")
            for f in ("missed_visit_penalty", "unverified_visit_penalty", "late_visit_penalty")
        },
    )
    close_windows(now=at(23, 0))
    calculate(by=TEST_ACTOR, provider=provider, period_start=DAY, period_end=DAY)
    assert [m.__name__ for m in MODELS if not m.objects.exists()] == []
    return package


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_provider_sees_only_its_own_rows_and_staff_see_all(provider, work, model):
    own = actor_for(make_user(Role.PROVIDER, provider=provider))
    other = actor_for(make_user(Role.PROVIDER, provider=ProviderFactory()))
    staff = actor_for(make_user(Role.AUDITOR))
    every = model.objects.count()
    assert model.objects.visible_to(own).count() == every
    assert model.objects.visible_to(staff).count() == every
    assert model.objects.visible_to(TEST_ACTOR).count() == every
    assert not model.objects.visible_to(other).exists()
    assert not model.objects.visible_to(ANONYMOUS).exists()


def test_the_alerts_job_audits_as_the_job(provider):
    package_in_care(provider=provider, started_on=DAY, plan=MEDICATION, days=1)
    from unittest import mock

    from django.utils import timezone

    with mock.patch.object(timezone, "now", return_value=at(8, 16)):
        match_and_alert(Actor.job("visit-matching-and-alerts"))
    alert = VisitAlert.objects.get()
    raised = AuditEvent.objects.get(action="alert_raised", object_id=str(alert.pk))
    assert raised.actor_label == "job:visit-matching-and-alerts"
