"""Providers' API: planned visits with their references, penalty statements, explanations (issue 14)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from homecare.brokerage.factories import visits
from homecare.core.models import AuditEvent
from homecare.core.testing import TEST_ACTOR
from homecare.core.tokens import issue_token
from homecare.providers.factories import ProviderFactory
from homecare.visits.factories import package_in_care
from homecare.visits.models import MonitoringRule, Visit, VisitExplanation
from homecare.visits.services.matching import close_windows
from homecare.visits.services.penalties import calculate
from homecare.visits.tests.conftest import DAY, at

pytestmark = pytest.mark.django_db
REASON = "The person was admitted to hospital overnight"


def get(client, token, path, **params):
    return client.get(f"/api/v1{path}", params, headers={"Authorization": f"Bearer {token}"})


def post(client, token, path, body):
    return client.post(
        f"/api/v1{path}",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


@pytest.fixture
def other_token():
    return issue_token(by=TEST_ACTOR, provider=ProviderFactory(), name="other")[1]


@pytest.fixture
def statement(provider, package):
    close_windows(now=at(23, 0))
    MonitoringRule.objects.create(contract=None, missed_visit_penalty=Decimal("20"))
    return calculate(by=TEST_ACTOR, provider=provider, period_start=DAY, period_end=DAY)


# --- planned visits -----------------------------------------------------------------------------
def test_planned_visits_give_each_visits_reference(client, token, package):
    response = get(client, token, "/visits", start=f"{DAY}", end=f"{DAY}")
    assert response.status_code == 200
    body = response.json()
    expected = [v.reference for v in Visit.objects.filter(package=package).order_by("planned_start")]
    assert [v["visit_ref"] for v in body["visits"]] == expected
    assert body["visits"][0]["package_ref"] == package.reference
    assert body["count"] == len(expected) == 2


def test_planned_visits_leave_out_another_providers_visits(client, other_token, package):
    body = get(client, other_token, "/visits", start=f"{DAY}", end=f"{DAY}").json()
    assert (body["count"], body["visits"]) == (0, [])


def test_planned_visits_leave_out_days_outside_the_range(client, token, provider):
    package_in_care(provider=provider, started_on=DAY, plan=visits(calls=1), days=3)
    body = get(
        client, token, "/visits", start=f"{DAY + dt.timedelta(days=1)}", end=f"{DAY + dt.timedelta(days=1)}"
    )
    assert [v["visit_date"] for v in body.json()["visits"]] == [f"{DAY + dt.timedelta(days=1)}"]


def test_planned_visits_refuse_a_range_over_31_days(client, token):
    response = get(client, token, "/visits", start="2026-11-01", end="2026-12-02")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "end"]
    assert "at most 31 days" in response.json()["detail"][0]["msg"]


def test_planned_visits_accept_a_range_of_31_days(client, token):
    assert get(client, token, "/visits", start="2026-11-01", end="2026-12-01").status_code == 200


def test_planned_visits_refuse_an_end_before_the_start(client, token):
    response = get(client, token, "/visits", start="2026-11-02", end="2026-11-01")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "end"]


def test_planned_visits_refuse_a_malformed_date(client, token):
    assert get(client, token, "/visits", start="2026-02-30").status_code == 422


def test_planned_visits_come_in_pages(client, token, package):
    body = get(client, token, "/visits", start=f"{DAY}", end=f"{DAY}", limit=1, offset=1).json()
    second = Visit.objects.filter(package=package).order_by("planned_start")[1]
    assert (body["count"], [v["visit_ref"] for v in body["visits"]]) == (2, [second.reference])


def test_planned_visits_refuse_a_huge_limit(client, token):
    assert get(client, token, "/visits", limit=10**40).status_code == 422


# --- penalty statements ---------------------------------------------------------------------------
def test_penalty_statements_list_the_providers_own(client, token, statement):
    body = get(client, token, "/penalty-statements").json()
    assert [(s["id"], s["total"]) for s in body["statements"]] == [(statement.pk, "40.00")]


def test_penalty_statements_leave_out_another_providers(client, other_token, statement):
    assert get(client, other_token, "/penalty-statements").json()["statements"] == []


def test_penalty_statement_shows_its_lines_and_the_explanation(client, token, statement):
    line = statement.lines.select_related("visit").first()
    post(client, token, f"/visits/{line.visit.reference}/explanation", {"explanation": REASON})
    body = get(client, token, f"/penalty-statements/{statement.pk}").json()
    explained = [entry for entry in body["lines"] if entry["visit_ref"] == line.visit.reference]
    assert (explained[0]["kind"], explained[0]["explanation"]) == ("missed", REASON)


def test_another_providers_penalty_statement_is_not_found(client, other_token, statement):
    assert get(client, other_token, f"/penalty-statements/{statement.pk}").status_code == 404


def test_penalty_statement_with_a_huge_id_is_refused_not_a_server_error(client, token):
    assert get(client, token, f"/penalty-statements/{10**40}").status_code == 422


# --- explanations -----------------------------------------------------------------------------------
def test_posting_an_explanation_stores_it_and_audits_it(client, token, statement):
    visit = statement.lines.first().visit
    response = post(client, token, f"/visits/{visit.reference}/explanation", {"explanation": REASON})
    assert response.status_code == 200
    assert response.json()["explanation"] == REASON
    explanation = VisitExplanation.objects.get(visit=visit)
    assert AuditEvent.objects.filter(action="created", object_id=str(explanation.pk)).exists()


def test_posting_an_explanation_with_a_lone_surrogate_is_a_422_naming_the_field(client, token, statement):
    visit = statement.lines.first().visit
    response = post(client, token, f"/visits/{visit.reference}/explanation", {"explanation": "Late\ud800"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "explanation"]


def test_posting_an_explanation_for_a_visit_that_went_as_planned_is_refused(client, token, package):
    visit = Visit.objects.filter(package=package).first()
    response = post(client, token, f"/visits/{visit.reference}/explanation", {"explanation": REASON})
    assert response.status_code == 422
    assert "only a late, short, missed or penalised visit" in response.json()["detail"][0]["msg"]


def test_posting_an_explanation_for_another_providers_visit_is_not_found(client, other_token, statement):
    visit = statement.lines.first().visit
    response = post(client, other_token, f"/visits/{visit.reference}/explanation", {"explanation": REASON})
    assert response.status_code == 404
    assert not VisitExplanation.objects.exists()


@pytest.mark.parametrize("ref", ["X1", "V0", "V-1", "V" + "9" * 40, "V1%00"])
def test_posting_an_explanation_for_a_malformed_reference_is_not_found(client, token, ref):
    response = post(client, token, f"/visits/{ref}/explanation", {"explanation": REASON})
    assert response.status_code == 404
