import datetime as dt

import pytest

from homecare.core.actor import Actor
from homecare.core.models import AuditEvent
from homecare.core.testing import TEST_ACTOR
from homecare.rounds.factories import CarerFactory, client_with_visits, visit_line
from homecare.rounds.jobs import plan_queued_rounds
from homecare.rounds.models import PlanStatus, RoundAssignment, RoundPlan
from homecare.rounds.services import planning
from homecare.rounds.services.errors import RoundsError

pytestmark = pytest.mark.django_db


def _queued(provider, day, **kwargs):
    return planning.request_plan(by=TEST_ACTOR, provider=provider, day=day, seconds=1, **kwargs)


def test_request_plan_queues_it_with_audit(provider, day):
    plan = _queued(provider, day)
    assert plan.status == PlanStatus.QUEUED and plan.progress == 0
    assert AuditEvent.objects.filter(object_type="rounds.roundplan", action="created").count() == 1


def test_request_plan_rejects_a_time_limit_out_of_range(provider, day):
    with pytest.raises(RoundsError):
        planning.request_plan(by=TEST_ACTOR, provider=provider, day=day, seconds=0)


def test_run_plan_stores_each_carers_round_in_order(provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(8)), visit_line(dt.time(12, 30))])
    client_with_visits(provider, day, [visit_line(dt.time(9))], at=(52.63, -1.13))
    CarerFactory(provider=provider)
    plan = planning.run_plan(by=TEST_ACTOR, plan=_queued(provider, day))
    assert plan.status == PlanStatus.DONE and plan.progress == 100
    assert plan.visits_planned == 3 and plan.visits_unplanned == 0
    rows = list(plan.assignments.order_by("order"))
    assert [r.order for r in rows] == [0, 1, 2]
    assert all(r.planned_start <= rows[i + 1].planned_start for i, r in enumerate(rows[:-1]))
    assert plan.travel_km > 0 and plan.travel_minutes > 0


def test_run_plan_gives_a_double_up_to_two_carers_at_the_same_time(provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(8), carers=2)])
    CarerFactory(provider=provider)
    CarerFactory(provider=provider)
    plan = planning.run_plan(by=TEST_ACTOR, plan=_queued(provider, day))
    rows = list(plan.assignments.all())
    assert len(rows) == 2 and rows[0].carer_id != rows[1].carer_id
    assert rows[0].planned_start == rows[1].planned_start


def test_run_plan_keeps_unplanned_visits_with_their_reason(provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(8), tasks="hoist")])
    CarerFactory(provider=provider, skills=["medication"])
    plan = planning.run_plan(by=TEST_ACTOR, plan=_queued(provider, day))
    (miss,) = plan.unplanned.all()
    assert "skills" in miss.reason and "hoist" in miss.reason
    assert plan.visits_unplanned == 1 and plan.visits_planned == 0


def test_run_plan_says_when_nobody_works_that_day(provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(8))])
    plan = planning.run_plan(by=TEST_ACTOR, plan=_queued(provider, day))
    (miss,) = plan.unplanned.all()
    assert miss.reason == "no carer has a shift on this day"


def test_run_plan_refuses_a_plan_that_is_not_queued(provider, day):
    plan = planning.run_plan(by=TEST_ACTOR, plan=_queued(provider, day))
    with pytest.raises(RoundsError):
        planning.run_plan(by=TEST_ACTOR, plan=plan)


def test_job_runs_a_queued_plan(provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(8))])
    CarerFactory(provider=provider)
    plan = _queued(provider, day)
    assert plan_queued_rounds(Actor.job("round-planning")) == "1 round plans run"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DONE
    started = AuditEvent.objects.get(object_type="rounds.roundplan", object_id=str(plan.pk), action="started")
    assert started.actor_label == "job:round-planning"
    assert RoundAssignment.objects.filter(plan=plan).count() == 1


def test_failed_plan_records_the_error(provider, day, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(planning, "build_problem", broken)
    plan = planning.run_plan(by=TEST_ACTOR, plan=_queued(provider, day))
    assert plan.status == PlanStatus.FAILED and "solver crashed" in plan.error
    assert RoundPlan.objects.get(pk=plan.pk).finished_at is not None


def test_plan_left_running_by_a_stopped_worker_is_failed(provider, day):
    from django.utils import timezone

    plan = _queued(provider, day)
    RoundPlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert planning.fail_stale(by=TEST_ACTOR) == 1
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FAILED and "worker stopped" in plan.error


def test_plan_still_within_its_time_is_left_running(provider, day):
    from django.utils import timezone

    plan = _queued(provider, day)
    RoundPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.RUNNING, started_at=timezone.now())
    assert planning.fail_stale(by=TEST_ACTOR) == 0
