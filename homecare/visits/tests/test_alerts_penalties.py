import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from homecare.accounts.factories import make_user
from homecare.brokerage.services import VisitInput
from homecare.core.models import AuditEvent
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR, actor_for
from homecare.visits.factories import package_in_care
from homecare.visits.models import MonitoringRule, PenaltyStatus, Visit, VisitAlert, VisitStatus
from homecare.visits.services.alerts import raise_alerts, resolve_alert
from homecare.visits.services.ingest import ingest
from homecare.visits.services.matching import close_windows, process_pending
from homecare.visits.services.penalties import calculate, waive
from homecare.visits.tests.conftest import DAY, at, event

pytestmark = pytest.mark.django_db
MEDICATION = [
    VisitInput(days=127, start=dt.time(8), duration_minutes=30, time_critical=True, tolerance_minutes=15)
]


@pytest.fixture
def medication(provider):
    return package_in_care(provider=provider, started_on=DAY, plan=MEDICATION, days=1)


def test_no_alert_before_the_tolerance_has_passed(medication):
    assert raise_alerts(by=TEST_ACTOR, now=at(8, 14)) == 0


def test_alert_raised_once_the_tolerance_passes_without_check_in(medication):
    assert raise_alerts(by=TEST_ACTOR, now=at(8, 16)) == 1
    alert = VisitAlert.objects.get()
    assert alert.provider == medication.provider
    assert "08:00" in alert.message and medication.reference in alert.message
    assert raise_alerts(by=TEST_ACTOR, now=at(8, 17)) == 0


def test_a_check_in_in_time_prevents_the_alert(provider, medication):
    ingest(provider=provider, events=[event(medication, 1, hour=8, minute=5)], now=at(8, 6))
    process_pending(now=at(8, 16))
    assert raise_alerts(by=TEST_ACTOR, now=at(8, 16)) == 0


def test_resolving_needs_a_note_and_is_audited(medication):
    raise_alerts(by=TEST_ACTOR, now=at(8, 16))
    alert = VisitAlert.objects.get()
    broker = make_user(Role.BROKER)
    with pytest.raises(ValidationError):
        resolve_alert(by=actor_for(broker), alert=alert, note=" ")
    resolve_alert(
        by=actor_for(broker),
        alert=alert,
        note="Carer's car broke down; daughter gave the medication at 08:20",
    )
    alert.refresh_from_db()
    assert alert.resolved_by == broker
    assert AuditEvent.objects.filter(action="alert_resolved", object_id=str(alert.pk)).exists()


def test_close_windows_marks_missed_visits_without_new_events(medication):
    close_windows(now=at(9, 0))
    assert Visit.objects.get(package=medication).status == VisitStatus.MISSED


def test_penalties_follow_the_contract_rule_and_can_be_waived(provider, medication):
    MonitoringRule.objects.create(contract=None, missed_visit_penalty=Decimal("25.00"))
    close_windows(now=at(9, 0))
    statement = calculate(by=TEST_ACTOR, provider=provider, period_start=DAY, period_end=DAY)
    assert statement.total == Decimal("25.00")
    assert [line.kind for line in statement.lines.all()] == ["missed"]
    commissioner = make_user(Role.COMMISSIONER)
    waive(
        by=actor_for(commissioner), statement=statement, reason="Provider's viability at risk after flooding"
    )
    statement.refresh_from_db()
    assert (statement.status, statement.payable, statement.waived_by) == (
        PenaltyStatus.WAIVED,
        Decimal("0.00"),
        commissioner,
    )
    with pytest.raises(ValidationError, match="cannot be recalculated"):
        calculate(by=TEST_ACTOR, provider=provider, period_start=DAY, period_end=DAY)


def test_waiver_needs_a_reason(provider, medication):
    MonitoringRule.objects.create(contract=None, missed_visit_penalty=Decimal("10"))
    close_windows(now=at(9, 0))
    statement = calculate(by=TEST_ACTOR, provider=provider, period_start=DAY, period_end=DAY)
    with pytest.raises(ValidationError, match="Say why"):
        waive(by=TEST_ACTOR, statement=statement, reason="")


def test_penalty_page_shows_money_with_thousands_separators(client, provider, medication):
    MonitoringRule.objects.create(contract=None, missed_visit_penalty=Decimal("1250.00"))
    close_windows(now=at(9, 0))
    statement = calculate(by=TEST_ACTOR, provider=provider, period_start=DAY, period_end=DAY)
    client.force_login(make_user(Role.COMMISSIONER))
    assert "£1,250.00" in client.get(f"/visits/penalties/{statement.pk}/").content.decode()
