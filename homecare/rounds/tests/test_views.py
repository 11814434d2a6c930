import datetime as dt

import pytest

from homecare.accounts.factories import make_user
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR
from homecare.providers.factories import ProviderFactory
from homecare.rounds.factories import CarerFactory, client_with_visits, visit_line
from homecare.rounds.models import Carer, PlanStatus, RoundPlan
from homecare.rounds.services import planning

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider_user(provider):
    return make_user(Role.PROVIDER, provider=provider)


@pytest.fixture
def done_plan(provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(8)), visit_line(dt.time(9), carers=2)])
    CarerFactory(provider=provider, name="Ann Able")
    CarerFactory(provider=provider, name="Bea Bold")
    plan = planning.request_plan(by=TEST_ACTOR, provider=provider, day=day, seconds=1)
    return planning.run_plan(by=TEST_ACTOR, plan=plan)


def _carer_post(**overrides):
    data = {
        "carer_ref": "CM-1",
        "name": "Cara Mills",
        "skills": ["medication", "hoist"],
        "home_postcode": "",
        "travel_mode": "walking",
        "max_travel_minutes": "20",
        "contracted_hours": "30",
        "monday_start": "07:00",
        "monday_end": "14:00",
    }
    data.update(overrides)
    return data


def test_carers_page_lists_own_carers_only(client, provider_user, provider):
    CarerFactory(provider=provider, name="Mine")
    CarerFactory(name="Theirs")
    client.force_login(provider_user)
    response = client.get("/rounds/carers/")
    assert b"Mine" in response.content and b"Theirs" not in response.content


def test_provider_adds_a_carer_with_shifts(client, provider_user, provider):
    client.force_login(provider_user)
    response = client.post("/rounds/carers/add/", _carer_post())
    assert response.status_code == 302
    carer = provider.carers.get()
    assert carer.skills == ["hoist", "medication"] and carer.travel_mode == "walking"
    assert [(s.weekday, s.start, s.end) for s in carer.shifts.all()] == [(0, dt.time(7), dt.time(14))]


def test_carer_form_rejects_a_shift_with_no_end(client, provider_user):
    client.force_login(provider_user)
    response = client.post("/rounds/carers/add/", _carer_post(monday_end=""))
    assert response.status_code == 200 and b"Give both the start and the end" in response.content
    assert not Carer.objects.exists()


def test_carer_form_rejects_a_reference_already_used(client, provider_user, provider):
    CarerFactory(provider=provider, carer_ref="CM-1")
    client.force_login(provider_user)
    response = client.post("/rounds/carers/add/", _carer_post())
    assert b"already has the reference CM-1" in response.content


def test_provider_edits_own_carer(client, provider_user, provider):
    carer = CarerFactory(provider=provider)
    client.force_login(provider_user)
    response = client.post(f"/rounds/carers/{carer.pk}/", _carer_post(name="New Name"))
    assert response.status_code == 302
    carer.refresh_from_db()
    assert carer.name == "New Name"


def test_provider_deactivates_own_carer(client, provider_user, provider):
    carer = CarerFactory(provider=provider)
    client.force_login(provider_user)
    client.post(f"/rounds/carers/{carer.pk}/active/", {"active": "false"})
    carer.refresh_from_db()
    assert not carer.active


@pytest.mark.parametrize("path", ["/rounds/carers/{pk}/", "/rounds/carers/{pk}/active/"])
def test_provider_cannot_touch_another_providers_carer(client, provider_user, path):
    other = CarerFactory(provider=ProviderFactory())
    client.force_login(provider_user)
    assert client.post(path.format(pk=other.pk), _carer_post()).status_code == 404
    other.refresh_from_db()
    assert other.active and other.name != "Cara Mills"


def test_plan_day_queues_a_plan_and_shows_progress(client, provider_user, provider, day):
    client.force_login(provider_user)
    response = client.post("/rounds/plan/", {"day": day.isoformat(), "seconds": "5", "window_minutes": "30"})
    plan = RoundPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rounds/plans/{plan.pk}/"
    page = client.get(f"/rounds/plans/{plan.pk}/")
    assert page["Refresh"] == "3" and b"Waiting for the planner to start" in page.content


def test_plan_page_shows_rounds_map_and_no_refresh_when_done(client, provider_user, done_plan):
    client.force_login(provider_user)
    response = client.get(f"/rounds/plans/{done_plan.pk}/")
    assert response.status_code == 200 and "Refresh" not in response
    assert b"<svg" in response.content and b"<polyline" in response.content
    assert b"Ann Able" in response.content and b"Double-up" in response.content


def test_plan_page_shows_unplanned_reason(client, provider_user, provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(8))])
    plan = planning.run_plan(
        by=TEST_ACTOR, plan=planning.request_plan(by=TEST_ACTOR, provider=provider, day=day, seconds=1)
    )
    client.force_login(provider_user)
    response = client.get(f"/rounds/plans/{plan.pk}/")
    assert b"No carer has a shift on this day" in response.content


def test_provider_cannot_see_another_providers_plan(client, done_plan):
    client.force_login(make_user(Role.PROVIDER))
    assert client.get(f"/rounds/plans/{done_plan.pk}/").status_code == 404
    assert client.get(f"/rounds/plans/{done_plan.pk}/move/").status_code == 404
    assert client.post(f"/rounds/plans/{done_plan.pk}/replan/").status_code == 404


def test_index_lists_only_own_plans(client, provider_user, done_plan, day):
    other = planning.request_plan(
        by=TEST_ACTOR, provider=ProviderFactory(name="Other Care"), day=day, seconds=1
    )
    client.force_login(provider_user)
    response = client.get("/rounds/")
    assert f"/rounds/plans/{done_plan.pk}/".encode() in response.content
    assert f"/rounds/plans/{other.pk}/".encode() not in response.content


@pytest.mark.parametrize("role", [Role.BROKER, Role.AUDITOR])
def test_staff_view_plans_read_only(client, done_plan, role):
    client.force_login(make_user(role))
    response = client.get(f"/rounds/plans/{done_plan.pk}/")
    assert response.status_code == 200 and b"Move a visit" not in response.content
    assert client.get(f"/rounds/plans/{done_plan.pk}/move/").status_code == 403


def test_staff_view_a_providers_carers(client, provider):
    CarerFactory(provider=provider, name="Visible")
    client.force_login(make_user(Role.COMMISSIONER))
    response = client.get(f"/rounds/providers/{provider.pk}/carers/")
    assert b"Visible" in response.content and b"Add a carer" not in response.content


@pytest.mark.parametrize("path", ["/rounds/carers/", "/rounds/carers/add/", "/rounds/plan/"])
def test_staff_cannot_open_provider_pages(client, path):
    client.force_login(make_user(Role.BROKER))
    assert client.get(path).status_code == 403


def test_provider_cannot_open_staff_carers_page(client, provider_user, provider):
    client.force_login(provider_user)
    assert client.get(f"/rounds/providers/{provider.pk}/carers/").status_code == 403


def test_move_page_checks_then_confirms(client, provider_user, done_plan):
    row = done_plan.assignments.filter(visit__carers_needed=1).get()
    target = done_plan.provider.carers.exclude(pk=row.carer_id).get()
    client.force_login(provider_user)
    data = {"call": f"a{row.pk}", "carer": target.pk}
    check = client.post(f"/rounds/plans/{done_plan.pk}/move/", data)
    assert b"What the move would change" in check.content
    done = client.post(f"/rounds/plans/{done_plan.pk}/move/", {**data, "confirm": "yes"})
    assert done.status_code == 302
    assert done_plan.assignments.get(visit=row.visit).carer == target


def test_move_page_shows_why_a_move_is_refused(client, provider_user, done_plan):
    row = done_plan.assignments.filter(visit__carers_needed=2).first()
    partner = done_plan.assignments.filter(visit=row.visit).exclude(pk=row.pk).get()
    client.force_login(provider_user)
    response = client.post(
        f"/rounds/plans/{done_plan.pk}/move/", {"call": f"a{row.pk}", "carer": partner.carer_id}
    )
    assert b"already the other carer" in response.content


def test_replan_queues_a_new_plan_for_the_same_day(client, provider_user, done_plan):
    client.force_login(provider_user)
    response = client.post(f"/rounds/plans/{done_plan.pk}/replan/")
    fresh = RoundPlan.objects.exclude(pk=done_plan.pk).get()
    assert response.status_code == 302 and fresh.day == done_plan.day and fresh.status == PlanStatus.QUEUED


def test_unknown_home_postcode_warns_that_rounds_start_from_the_office(client, provider_user, provider):
    client.force_login(provider_user)
    response = client.post("/rounds/carers/add/", _carer_post(home_postcode="ZZ9 9ZZ"), follow=True)
    assert b"ZZ9 9ZZ is not in the postcode directory" in response.content
    carer = provider.carers.get()
    assert carer.home_postcode == "ZZ9 9ZZ" and carer.home_latitude is None
