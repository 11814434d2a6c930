import datetime as dt

import pytest

from homecare.brokerage.factories import make_package
from homecare.core.testing import TEST_ACTOR
from homecare.rounds.factories import CarerFactory, client_with_visits, person_at, visit_line
from homecare.rounds.services import planning
from homecare.rounds.services.fit import package_fit

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(8)), visit_line(dt.time(13))])
    CarerFactory(provider=provider, shift=(dt.time(7), dt.time(15)))
    return planning.run_plan(
        by=TEST_ACTOR, plan=planning.request_plan(by=TEST_ACTOR, provider=provider, day=day, seconds=1)
    )


def test_fit_of_a_nearby_package_is_absorbable_with_little_travel(provider, day, rounds):
    package = make_package(person=person_at(52.626, -1.126), visits=[visit_line(dt.time(10))])
    fit = package_fit(provider=provider, package=package, on=day)
    assert fit.absorbable and fit.new_visits == 1
    assert 0 <= fit.extra_travel_km < 5
    assert "your plan" in fit.based_on


def test_fit_of_a_far_package_costs_more_travel(provider, day, rounds):
    near = make_package(person=person_at(52.626, -1.126), visits=[visit_line(dt.time(10))])
    far = make_package(person=person_at(52.80, -1.40), visits=[visit_line(dt.time(10))])
    assert (
        package_fit(provider=provider, package=far, on=day).extra_travel_km
        > package_fit(provider=provider, package=near, on=day).extra_travel_km + 20
    )


def test_fit_says_which_visits_current_carers_cannot_take(provider, day, rounds):
    package = make_package(person=person_at(52.626, -1.126), visits=[visit_line(dt.time(20))])
    fit = package_fit(provider=provider, package=package, on=day)
    assert not fit.absorbable
    (where, reason) = fit.not_fitting[0]
    assert where == "the 20:00 visit" and reason


def test_fit_without_a_stored_plan_plans_the_day_quickly(provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(8))])
    CarerFactory(provider=provider)
    package = make_package(person=person_at(52.626, -1.126), visits=[visit_line(dt.time(10))])
    fit = package_fit(provider=provider, package=package, on=day)
    assert fit.absorbable and "quick plan" in fit.based_on


def test_fit_accepts_schedule_lines_not_yet_saved(provider, day, rounds):
    package = make_package(person=person_at(52.626, -1.126))
    fit = package_fit(provider=provider, package=package, on=day, lines=[visit_line(dt.time(10), carers=2)])
    assert fit.new_visits == 1 and not fit.absorbable  # one carer cannot do a double-up


def test_representative_day_is_the_busiest_of_the_coming_week(provider, day):
    from homecare.rounds.services.fit import representative_day

    client_with_visits(provider, day, [visit_line(dt.time(8))])
    busy = day + dt.timedelta(days=2)
    client_with_visits(provider, busy, [visit_line(dt.time(8)), visit_line(dt.time(12))])
    assert representative_day(provider, start=day) == busy
