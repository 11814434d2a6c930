"""Route fit reaches the broker through brokerage's candidate-signals extension point, measured in
the background and read by the candidate page."""

import datetime as dt

import pytest
from django.utils import timezone

from homecare.brokerage.factories import make_package
from homecare.brokerage.hooks import CANDIDATE_SIGNALS, candidate_signals
from homecare.core.actor import Actor
from homecare.core.testing import TEST_ACTOR
from homecare.providers.factories import ProviderFactory
from homecare.rounds.factories import CarerFactory, client_with_visits, person_at, visit_line
from homecare.rounds.models import RouteFit, RouteFitCheck
from homecare.rounds.services import planning, route_fits

pytestmark = pytest.mark.django_db


@pytest.fixture
def tomorrow():
    return timezone.localdate() + dt.timedelta(days=1)


def _planned(provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(8)), visit_line(dt.time(13))])
    CarerFactory(provider=provider, shift=(dt.time(7), dt.time(15)))
    return planning.run_plan(
        by=TEST_ACTOR, plan=planning.request_plan(by=TEST_ACTOR, provider=provider, day=day, seconds=1)
    )


def _referral(at_hour):
    return make_package(
        by=TEST_ACTOR, person=person_at(52.626, -1.126), visits=[visit_line(dt.time(at_hour))]
    )


def test_rounds_registers_route_fit_as_a_candidate_signal():
    assert "homecare.rounds.extensions" in {f.__module__ for f in CANDIDATE_SIGNALS.implementations()}


def test_candidate_with_planned_rounds_is_being_measured_until_measured(provider, tomorrow):
    _planned(provider, tomorrow)
    package = _referral(10)
    (signal,) = candidate_signals(package=package, provider_ids=[provider.pk])[provider.pk]
    assert signal.text.startswith("Being measured")


def test_measured_fit_shows_extra_travel_and_that_carers_can_absorb_it(provider, tomorrow):
    _planned(provider, tomorrow)
    package = _referral(10)
    assert route_fits.measure_package(by=TEST_ACTOR, package=package, provider_ids=[provider.pk]) == 1
    (signal,) = candidate_signals(package=package, provider_ids=[provider.pk])[provider.pk]
    assert signal.label == "Route fit" and signal.tone == "good"
    assert "carers can absorb it" in signal.text and " km on " in signal.text


def test_candidate_whose_carers_cannot_absorb_it_is_flagged(provider, tomorrow):
    _planned(provider, tomorrow)
    package = _referral(20)
    route_fits.measure_package(by=TEST_ACTOR, package=package, provider_ids=[provider.pk])
    (signal,) = candidate_signals(package=package, provider_ids=[provider.pk])[provider.pk]
    assert signal.tone == "warning" and "cannot absorb" in signal.text


def test_a_fit_measured_against_an_older_plan_says_so(provider, tomorrow):
    plan = _planned(provider, tomorrow)
    package = _referral(10)
    route_fits.measure_package(by=TEST_ACTOR, package=package, provider_ids=[provider.pk])
    type(plan).objects.filter(pk=plan.pk).update(changed_at=timezone.now() + dt.timedelta(minutes=1))
    (signal,) = candidate_signals(package=package, provider_ids=[provider.pk])[provider.pk]
    assert "earlier plan" in signal.text


def test_candidate_without_planned_rounds_gets_no_route_fit(provider, tomorrow):
    _planned(provider, tomorrow)
    unplanned = ProviderFactory(latitude=52.62, longitude=-1.12)
    package = _referral(10)
    route_fits.measure_package(by=TEST_ACTOR, package=package, provider_ids=[provider.pk, unplanned.pk])
    signals = candidate_signals(package=package, provider_ids=[provider.pk, unplanned.pk])
    assert provider.pk in signals and unplanned.pk not in signals
    assert not RouteFit.objects.filter(provider=unplanned).exists()


def test_job_measures_waiting_packages_never_measured_first(provider, tomorrow):
    _planned(provider, tomorrow)
    measured, fresh = _referral(10), _referral(11)
    route_fits.measure_package(by=TEST_ACTOR, package=measured, provider_ids=[provider.pk])
    assert route_fits.due_packages(limit=5) == [fresh]
    assert route_fits.measure_due(by=Actor.job("route-fits"), limit=5) == 1
    assert route_fits.due_packages(limit=5) == []  # checked, though no ranked candidate has rounds


def test_job_measures_again_fits_older_than_an_hour(provider, tomorrow):
    _planned(provider, tomorrow)
    package = _referral(10)
    route_fits.measure_package(by=TEST_ACTOR, package=package, provider_ids=[provider.pk])
    assert route_fits.due_packages() == []
    RouteFitCheck.objects.update(checked_at=timezone.now() - dt.timedelta(hours=2))
    assert route_fits.due_packages() == [package]
