import datetime as dt

import pytest

from homecare.core.models import AuditEvent
from homecare.core.testing import TEST_ACTOR
from homecare.rounds.factories import CarerFactory, client_with_visits, visit_line
from homecare.rounds.services import moves, planning
from homecare.rounds.services.errors import RoundsError

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(provider, day):
    """Two visits, one carer who does both, and a second carer with no medication skill."""
    client_with_visits(
        provider, day, [visit_line(dt.time(8)), visit_line(dt.time(12), tasks="Medication prompt")]
    )
    ann = CarerFactory(provider=provider, name="Ann", skills=["medication"])
    bob = CarerFactory(provider=provider, name="Bob", skills=[], shift=(dt.time(7), dt.time(14)))
    plan = planning.request_plan(by=TEST_ACTOR, provider=provider, day=day, seconds=1)
    plan = planning.run_plan(by=TEST_ACTOR, plan=plan)
    # Start from a known state: everything with Ann.
    for visit in [a.visit for a in plan.assignments.exclude(carer=ann)]:
        moves.move_visit(by=TEST_ACTOR, plan=plan, visit=visit, carer=ann)
    return plan, ann, bob


def test_move_gives_the_visit_to_the_new_carer_and_retimes(planned):
    plan, ann, bob = planned
    morning = plan.assignments.get(visit__planned_start__hour=8).visit
    check = moves.move_visit(by=TEST_ACTOR, plan=plan, visit=morning, carer=bob)
    assert plan.assignments.get(visit=morning).carer == bob
    assert [v for _, v in check.round_after] == [morning]
    assert any(r.visit == morning and r.carer == bob for r in check.retimed)
    assert list(plan.assignments.filter(carer=ann).values_list("order", flat=True)) == [0]


def test_move_is_audited_with_its_consequences(planned):
    plan, _ann, bob = planned
    morning = plan.assignments.get(visit__planned_start__hour=8).visit
    moves.move_visit(by=TEST_ACTOR, plan=plan, visit=morning, carer=bob)
    event = (
        AuditEvent.objects.filter(action="visit_moved", object_id=str(plan.pk))
        .exclude(changes__visit=None)
        .last()
    )
    assert event.changes["visit"] == morning.pk and "extra_travel_km" in event.changes


def test_move_rejects_a_carer_without_the_skills(planned):
    plan, ann, bob = planned
    medication = plan.assignments.get(visit__planned_start__hour=12).visit
    with pytest.raises(RoundsError, match="medication"):
        moves.move_visit(by=TEST_ACTOR, plan=plan, visit=medication, carer=bob)
    assert plan.assignments.get(visit=medication).carer == ann


def test_move_rejects_a_time_outside_the_carers_shift(planned, provider, day):
    plan, _ann, _bob = planned
    late = CarerFactory(provider=provider, skills=["medication"], shift=(dt.time(7), dt.time(9)))
    medication = plan.assignments.get(visit__planned_start__hour=12).visit
    with pytest.raises(RoundsError, match="cannot go to"):
        moves.check_move(plan=plan, visit=medication, carer=late)


def test_check_move_changes_nothing(planned):
    plan, ann, bob = planned
    morning = plan.assignments.get(visit__planned_start__hour=8).visit
    moves.check_move(plan=plan, visit=morning, carer=bob)
    assert plan.assignments.get(visit=morning).carer == ann
