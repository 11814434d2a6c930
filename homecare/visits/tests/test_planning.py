import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from homecare.brokerage.factories import visits
from homecare.brokerage.services import VisitInput
from homecare.core.calendar import LONDON
from homecare.core.models import AuditEvent
from homecare.core.testing import TEST_ACTOR
from homecare.visits.factories import package_in_care
from homecare.visits.models import Visit, VisitStatus
from homecare.visits.services.planning import extend_horizon, regenerate_package

pytestmark = pytest.mark.django_db


def local_times(package):
    return [
        (v.visit_date, v.planned_start.astimezone(LONDON).time())
        for v in Visit.objects.filter(package=package)
    ]


def test_visits_keep_local_times_across_the_march_clock_change():
    package = package_in_care(started_on=dt.date(2027, 3, 26), plan=visits(calls=1), days=5)
    assert local_times(package) == [(dt.date(2027, 3, 26 + i), dt.time(8)) for i in range(5)]
    offsets = [v.planned_start.astimezone(LONDON).utcoffset() for v in Visit.objects.filter(package=package)]
    assert (
        offsets[:2] == [dt.timedelta(0)] * 2 and offsets[2:] == [dt.timedelta(hours=1)] * 3
    )  # clocks change 28 March


def test_visits_keep_local_times_across_the_october_clock_change():
    plan = [VisitInput(days=127, start=dt.time(22, 0), duration_minutes=30)]
    package = package_in_care(started_on=dt.date(2026, 10, 23), plan=plan, days=5)
    assert {t for _, t in local_times(package)} == {dt.time(22, 0)}
    by_day = {v.visit_date: v for v in Visit.objects.filter(package=package)}
    before, after = by_day[dt.date(2026, 10, 24)], by_day[dt.date(2026, 10, 25)]
    assert after.planned_start - before.planned_start == dt.timedelta(hours=25)


def test_bank_holidays_are_marked():
    package = package_in_care(started_on=dt.date(2026, 12, 24), plan=visits(calls=1), days=5)
    marked = {v.visit_date: v.is_bank_holiday for v in Visit.objects.filter(package=package)}
    assert marked == {
        dt.date(2026, 12, 24): False,
        dt.date(2026, 12, 25): True,
        dt.date(2026, 12, 26): False,
        dt.date(2026, 12, 27): False,
        dt.date(2026, 12, 28): True,
    }


def test_double_ups_need_two_carers_and_weekdays_are_respected():
    plan = [VisitInput(days=0b0000101, start=dt.time(9), duration_minutes=45, carers=2)]  # Monday, Wednesday
    package = package_in_care(started_on=dt.date(2026, 11, 2), plan=plan, days=7)
    rows = list(Visit.objects.filter(package=package).values_list("visit_date", "carers_needed"))
    assert rows == [(dt.date(2026, 11, 2), 2), (dt.date(2026, 11, 4), 2)]


def test_extend_horizon_is_idempotent():
    package = package_in_care(started_on=dt.date(2026, 11, 2), plan=visits(calls=2), days=3)
    assert extend_horizon(by=TEST_ACTOR, start=dt.date(2026, 11, 2), days=3) == 0
    assert extend_horizon(by=TEST_ACTOR, start=dt.date(2026, 11, 2), days=4) == 2
    assert Visit.objects.filter(package=package).count() == 8


def test_package_end_removes_untouched_visits_after_it():
    package = package_in_care(started_on=dt.date(2026, 11, 2), plan=visits(calls=1), days=7)
    package.ended_on = dt.date(2026, 11, 5)
    package.save()
    regenerate_package(by=TEST_ACTOR, package_id=package.pk, start=dt.date(2026, 11, 2), days=7)
    assert [v.visit_date.day for v in Visit.objects.filter(package=package)] == [2, 3, 4]


def test_provider_change_moves_future_visits_to_the_new_provider():
    from homecare.providers.factories import ProviderFactory

    package = package_in_care(started_on=dt.date(2026, 11, 2), plan=visits(calls=1), days=4)
    new: Any = ProviderFactory()
    package.provider = new
    package.save()
    regenerate_package(by=TEST_ACTOR, package_id=package.pk, start=dt.date(2026, 11, 4), days=2)
    providers = dict(Visit.objects.filter(package=package).values_list("visit_date", "provider"))
    assert providers[dt.date(2026, 11, 3)] != new.pk
    assert providers[dt.date(2026, 11, 4)] == new.pk and providers[dt.date(2026, 11, 5)] == new.pk


def test_visits_with_events_are_never_rewritten():
    from homecare.visits.models import VisitEvent

    package = package_in_care(started_on=dt.date(2026, 11, 2), plan=visits(calls=1), days=2)
    visit = Visit.objects.filter(package=package).first()
    VisitEvent.objects.create(
        provider=package.provider,
        event_id="e1",
        carer_ref="c1",
        package=package,
        visit=visit,
        event_type="check_in",
        occurred_at=visit.planned_start,
        method="app",
        received_at=visit.planned_start,
    )
    package.ended_on = dt.date(2026, 11, 2)
    package.save()
    regenerate_package(by=TEST_ACTOR, package_id=package.pk, start=dt.date(2026, 11, 2), days=2)
    assert list(Visit.objects.filter(package=package).values_list("pk", flat=True)) == [visit.pk]
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.SCHEDULED


def _future_visits(package):
    return Visit.objects.filter(package=package, visit_date__gte=timezone.localdate(), is_planned=True)


def test_varying_a_care_plan_regenerates_visits_after_commit(django_capture_on_commit_callbacks):
    from homecare.brokerage.services import set_care_plan

    package = package_in_care(started_on=timezone.localdate(), plan=visits(calls=1), days=7)
    assert {v.planned_start.astimezone().hour for v in _future_visits(package)} == {8}
    with django_capture_on_commit_callbacks(execute=True):
        set_care_plan(
            by=TEST_ACTOR,
            package=package,
            visits=visits(calls=2),
            effective_from=timezone.localdate(),
            reason="Needs a lunch call",
        )
    hours = {v.planned_start.astimezone().hour for v in _future_visits(package)}
    assert hours == {8, 12}
    event = AuditEvent.objects.filter(action="visits_replanned", object_id=str(package.pk)).latest("at")
    assert event.actor_label == TEST_ACTOR.label


def test_ending_a_package_removes_its_future_visits_after_commit(django_capture_on_commit_callbacks):
    from homecare.brokerage.services import end_package

    package = package_in_care(started_on=timezone.localdate() - dt.timedelta(days=3), days=14)
    assert _future_visits(package).filter(visit_date__gt=timezone.localdate()).exists()
    with django_capture_on_commit_callbacks(execute=True):
        end_package(by=TEST_ACTOR, package=package, ended_on=timezone.localdate(), reason="Moved away")
    assert not _future_visits(package).filter(visit_date__gt=timezone.localdate()).exists()


def test_a_change_rolled_back_regenerates_nothing(django_capture_on_commit_callbacks):
    from django.db import transaction

    from homecare.brokerage.hooks import package_changed

    package = package_in_care(started_on=timezone.localdate(), plan=visits(calls=1), days=3)
    Visit.objects.filter(package=package).delete()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                package_changed(by=TEST_ACTOR, package_ids=[package.pk])
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Visit.objects.filter(package=package).exists()


def test_package_changed_reaches_visits_through_the_extension_point():
    from homecare.brokerage.hooks import PACKAGE_CHANGED

    assert [f.__module__ for f in PACKAGE_CHANGED.implementations()] == ["homecare.visits.extensions"]


def test_closing_many_packages_at_once_regenerates_each_after_commit(django_capture_on_commit_callbacks):
    from homecare.brokerage.models import Package
    from homecare.brokerage.services import finish_notice_periods

    today = timezone.localdate()
    packages = [
        package_in_care(started_on=today - dt.timedelta(days=20), plan=visits(calls=1), days=30)
        for _ in range(2)
    ]
    Package.objects.filter(pk__in=[p.pk for p in packages]).update(
        notice_ends_on=today - dt.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert finish_notice_periods(by=TEST_ACTOR, on=today) == 2
    for package in packages:
        assert not _future_visits(package).exists()
