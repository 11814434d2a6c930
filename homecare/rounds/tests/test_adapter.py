import datetime as dt

import pytest

from homecare.rounds.adapter import build_problem, carer_key, to_minutes, visit_key
from homecare.rounds.factories import CarerFactory, client_with_visits, visit_line
from homecare.visits.models import EventType, Visit, VisitEvent

pytestmark = pytest.mark.django_db


def test_adapter_makes_double_ups_need_two_trained_carers(provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(8), carers=2)])
    CarerFactory(provider=provider)
    built = build_problem(provider, day)
    (visit,) = built.problem.visits
    assert visit.carers_needed == 2
    assert "double_up_trained" in visit.skills


def test_adapter_gives_time_critical_visits_their_tolerance(provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(9), time_critical=True, tolerance=15)])
    built = build_problem(provider, day)
    (visit,) = built.problem.visits
    assert (visit.earliest, visit.latest) == (9 * 60 - 15, 9 * 60 + 15)
    assert visit.time_critical


def test_adapter_gives_other_visits_the_configured_window(provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(12))])
    built = build_problem(provider, day, window_minutes=45)
    (visit,) = built.problem.visits
    assert (visit.earliest, visit.latest) == (12 * 60 - 45, 12 * 60 + 45)


def test_adapter_reads_skills_from_tasks(provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(8), tasks="Medication prompt; hoist transfer")])
    (visit,) = build_problem(provider, day).problem.visits
    assert visit.skills == {"medication", "hoist"}


def test_adapter_uses_carers_with_a_shift_that_weekday_only(provider, day):
    working = CarerFactory(
        provider=provider, skills=["dementia"], travel_mode="bicycle", max_travel_minutes=20
    )
    CarerFactory(provider=provider, shift=False)
    CarerFactory(provider=provider, active=False)
    built = build_problem(provider, day)
    (carer,) = built.problem.carers
    assert carer.id == carer_key(working.pk)
    assert carer.skills == {"dementia"}
    assert carer.travel_mode == "bicycle"
    assert carer.max_travel_between_calls == 20
    assert (carer.shift_start, carer.shift_end) == (7 * 60, 22 * 60)


def test_adapter_places_visits_at_the_persons_postcode(provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(8))], at=(52.70, -1.20))
    built = build_problem(provider, day)
    (visit,) = built.problem.visits
    assert built.points[visit.location] == (52.70, -1.20)
    assert built.problem.travel.distance.shape == (len(built.points), len(built.points))


def test_adapter_prefers_carers_who_visited_recently(provider, day):
    package = client_with_visits(provider, day, [visit_line(dt.time(8))])
    known = CarerFactory(provider=provider, carer_ref="ANN")
    CarerFactory(provider=provider, carer_ref="BOB")
    VisitEvent.objects.create(
        provider=provider,
        event_id="e1",
        carer_ref="ANN",
        package=package,
        event_type=EventType.CHECK_IN,
        occurred_at=dt.datetime(2026, 3, 9, 8, 0, tzinfo=dt.UTC),
        method="app",
        received_at=dt.datetime(2026, 3, 9, 8, 0, tzinfo=dt.UTC),
    )
    (visit,) = build_problem(provider, day).problem.visits
    assert visit.preferred_carers == (carer_key(known.pk),)


def test_adapter_counts_minutes_from_local_midnight_in_summer_time(provider):
    summer = dt.date(2026, 7, 7)
    client_with_visits(provider, summer, [visit_line(dt.time(8))])
    built = build_problem(provider, summer)
    visit = Visit.objects.get()
    assert to_minutes(built.origin, visit.planned_start) == 8 * 60
    assert built.visits[visit_key(visit.pk)] == visit


def test_adapter_sets_aside_visits_without_a_position(provider, day):
    package = client_with_visits(provider, day, [visit_line(dt.time(8))])
    person = package.person
    person.postcode_ref = None
    person.ward = None
    person.save()
    built = build_problem(provider, day)
    assert built.problem.visits == []
    assert len(built.set_aside) == 1 and "postcode" in built.set_aside[0][1]
