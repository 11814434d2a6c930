"""Providers see their penalty statements and explain exceptions; the commissioner reads the
explanation before deciding on a waiver (issue 14)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from homecare.accounts.factories import make_user
from homecare.core.models import AuditEvent
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR, actor_for
from homecare.providers.factories import ProviderFactory
from homecare.visits.factories import package_in_care
from homecare.visits.models import MonitoringRule, Visit, VisitExplanation, VisitStatus
from homecare.visits.services.explanations import explain_visit
from homecare.visits.services.matching import close_windows
from homecare.visits.services.penalties import calculate, waive
from homecare.visits.tests.conftest import DAY, at

pytestmark = pytest.mark.django_db
REASON = "The carer's car broke down on the A44; the daughter gave breakfast at 08:20"


@pytest.fixture
def missed(package):
    """The package's visits, all missed."""
    close_windows(now=at(23, 0))
    return Visit.objects.filter(package=package).order_by("planned_start").first()


@pytest.fixture
def statement(provider, missed):
    MonitoringRule.objects.create(contract=None, missed_visit_penalty=Decimal("20"))
    return calculate(by=TEST_ACTOR, provider=provider, period_start=DAY, period_end=DAY)


@pytest.fixture
def provider_user(provider):
    return make_user(Role.PROVIDER, provider=provider)


@pytest.fixture
def other_provider_user():
    return make_user(Role.PROVIDER, provider=ProviderFactory())


# --- the service --------------------------------------------------------------------------------
def test_explain_visit_records_the_explanation(missed, provider_user):
    explanation = explain_visit(by=actor_for(provider_user), visit=missed, text=f"  {REASON}  ")
    assert (explanation.text, explanation.explained_by, explanation.provider_id) == (
        REASON,
        provider_user,
        missed.provider_id,
    )


def test_explain_visit_is_audited(missed, provider_user):
    explanation = explain_visit(by=actor_for(provider_user), visit=missed, text=REASON)
    event = AuditEvent.objects.get(object_type="visits.visitexplanation", object_id=str(explanation.pk))
    assert (event.action, event.actor, event.changes["text"]) == ("created", provider_user, [None, REASON])


def test_explaining_again_replaces_the_text_and_audits_the_change(missed, provider_user):
    explain_visit(by=actor_for(provider_user), visit=missed, text="First account")
    explain_visit(by=actor_for(provider_user), visit=missed, text=REASON)
    assert VisitExplanation.objects.get(visit=missed).text == REASON
    event = AuditEvent.objects.get(action="explanation_changed")
    assert event.changes["text"] == ["First account", REASON]


def test_explain_visit_refuses_a_visit_that_went_as_planned(package, provider_user):
    visit = Visit.objects.filter(package=package).first()
    assert visit.status == VisitStatus.SCHEDULED
    with pytest.raises(ValidationError, match="only a late, short, missed or penalised visit"):
        explain_visit(by=actor_for(provider_user), visit=visit, text=REASON)


def test_explain_visit_refuses_blank_text(missed, provider_user):
    with pytest.raises(ValidationError, match="Explain what happened"):
        explain_visit(by=actor_for(provider_user), visit=missed, text="   ")


@pytest.mark.parametrize("bad", ["\x00", "\ud800", "\x1b"])
def test_explain_visit_refuses_a_character_that_cannot_be_stored(missed, provider_user, bad):
    with pytest.raises(ValidationError, match="cannot be stored"):
        explain_visit(by=actor_for(provider_user), visit=missed, text=f"Late{bad}")
    assert not VisitExplanation.objects.exists()


def test_explain_visit_refuses_text_over_the_limit(missed, provider_user):
    with pytest.raises(ValidationError, match="2000 characters or fewer"):
        explain_visit(by=actor_for(provider_user), visit=missed, text="x" * 2001)


def test_explain_visit_refuses_another_providers_visit(missed, other_provider_user):
    with pytest.raises(ValidationError, match="not one of yours"):
        explain_visit(by=actor_for(other_provider_user), visit=missed, text=REASON)


def test_explain_visit_refuses_once_the_penalty_is_waived(statement, missed, provider_user):
    waive(by=actor_for(make_user(Role.COMMISSIONER)), statement=statement, reason="Flooding")
    with pytest.raises(ValidationError, match="its penalty has been waived"):
        explain_visit(by=actor_for(provider_user), visit=missed, text=REASON)


# --- the provider's portal ------------------------------------------------------------------------
def test_provider_sees_its_own_penalty_statements(client, statement, provider_user):
    client.force_login(provider_user)
    response = client.get(reverse("visits:portal_penalties"))
    assert reverse("visits:portal_penalty", args=[statement.pk]) in response.content.decode()


def test_provider_does_not_see_another_providers_statements(client, statement, other_provider_user):
    client.force_login(other_provider_user)
    response = client.get(reverse("visits:portal_penalties"))
    assert response.status_code == 200
    assert reverse("visits:portal_penalty", args=[statement.pk]) not in response.content.decode()


def test_another_providers_statement_is_not_found(client, statement, other_provider_user):
    client.force_login(other_provider_user)
    assert client.get(reverse("visits:portal_penalty", args=[statement.pk])).status_code == 404


def test_provider_statement_page_lists_the_lines_with_a_link_to_explain(
    client, statement, missed, provider_user
):
    client.force_login(provider_user)
    body = client.get(reverse("visits:portal_penalty", args=[statement.pk])).content.decode()
    assert missed.reference in body
    assert reverse("visits:explain_visit", args=[missed.pk]) in body


def test_provider_explains_a_penalised_visit_from_the_portal(client, statement, missed, provider_user):
    client.force_login(provider_user)
    response = client.post(reverse("visits:explain_visit", args=[missed.pk]), {"explanation": REASON})
    assert response.status_code == 302
    assert response["Location"] == reverse("visits:portal_penalty", args=[statement.pk])
    assert VisitExplanation.objects.get(visit=missed).text == REASON


def test_explain_page_shows_the_error_for_a_blank_explanation(client, missed, provider_user):
    client.force_login(provider_user)
    response = client.post(reverse("visits:explain_visit", args=[missed.pk]), {"explanation": ""})
    assert response.status_code == 200
    assert "Explain what happened on this visit" in response.content.decode()
    assert not VisitExplanation.objects.exists()


def test_explain_page_of_another_providers_visit_is_not_found(client, missed, other_provider_user):
    client.force_login(other_provider_user)
    response = client.post(reverse("visits:explain_visit", args=[missed.pk]), {"explanation": REASON})
    assert response.status_code == 404
    assert not VisitExplanation.objects.exists()


def test_portal_exceptions_link_to_explain(client, provider, provider_user, monkeypatch):
    package = package_in_care(provider=provider, started_on=DAY, days=1)
    close_windows(now=at(23, 0))
    visit = Visit.objects.filter(package=package).first()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: DAY)
    client.force_login(provider_user)
    body = client.get(reverse("visits:portal")).content.decode()
    assert reverse("visits:explain_visit", args=[visit.pk]) in body


# --- the commissioner's decision ---------------------------------------------------------------
def test_commissioner_sees_the_providers_explanation_before_waiving(client, statement, missed, provider_user):
    explain_visit(by=actor_for(provider_user), visit=missed, text=REASON)
    client.force_login(make_user(Role.COMMISSIONER))
    body = client.get(reverse("visits:penalty", args=[statement.pk])).content.decode()
    assert REASON.replace("'", "&#x27;") in body
    assert body.index("&#x27;s car broke down") < body.index("Waive these penalties")
    assert "1 of 2 penalised visits explained" in body


def test_commissioner_sees_when_no_explanation_was_given(client, statement):
    client.force_login(make_user(Role.COMMISSIONER))
    body = client.get(reverse("visits:penalty", args=[statement.pk])).content.decode()
    assert "None given" in body and "0 of 2 penalised visits explained" in body


def test_explain_page_shows_why_a_waived_penalty_cannot_be_explained(
    client, statement, missed, provider_user
):
    waive(by=actor_for(make_user(Role.COMMISSIONER)), statement=statement, reason="Flooding")
    client.force_login(provider_user)
    response = client.post(reverse("visits:explain_visit", args=[missed.pk]), {"explanation": REASON})
    assert response.status_code == 200
    assert "its penalty has been waived" in response.content.decode()
