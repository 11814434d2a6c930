import datetime as dt

import pytest

from homecare.providers.factories import ProviderFactory
from homecare.visits.models import PendingMatch, Visit, VisitEvent
from homecare.visits.services.ingest import MAX_BATCH, ingest
from homecare.visits.services.matching import process_pending
from homecare.visits.tests.conftest import DAY, at, event

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 2, 20, 0, tzinfo=dt.UTC)


def visit_outcomes(package):
    return list(
        Visit.objects.filter(package=package)
        .order_by("planned_start")
        .values_list("status", "actual_minutes")
    )


def test_batch_is_stored_and_outcomes_worked_out(provider, package):
    batch = [event(package, 1, hour=8, minute=5), event(package, 2, "check_out", hour=8, minute=35)]
    result = ingest(provider=provider, events=batch, now=NOW)
    assert result.summary() == {"accepted": 2, "duplicate": 0, "rejected": 0}
    process_pending(now=NOW)
    assert visit_outcomes(package) == [("on_time", 30), ("missed", None)]


def test_sending_the_same_batch_twice_adds_nothing_and_keeps_outcomes(provider, package):
    batch = [event(package, 1, hour=8, minute=40), event(package, 2, "check_out", hour=9, minute=10)]
    ingest(provider=provider, events=batch, now=NOW)
    process_pending(now=NOW)
    first = visit_outcomes(package)
    again = ingest(provider=provider, events=batch, now=NOW)
    process_pending(now=NOW)
    assert [r.status for r in again.results] == ["duplicate", "duplicate"]
    assert VisitEvent.objects.count() == 2
    assert visit_outcomes(package) == first == [("late", 30), ("missed", None)]


def test_one_bad_event_is_rejected_with_its_field_and_the_rest_kept(provider, package):
    batch = [
        event(package, 1),
        event(package, 2, "check_out", timestamp="yesterday"),
        event(package, 3, "teleport"),
    ]
    result = ingest(provider=provider, events=batch, now=NOW)
    assert [(r.status, r.field) for r in result.results] == [
        ("accepted", ""),
        ("rejected", "timestamp"),
        ("rejected", "event_type"),
    ]
    assert "not an ISO 8601" in result.results[1].reason
    assert list(VisitEvent.objects.values_list("event_id", flat=True)) == ["E1"]


def test_all_or_nothing_batch_with_a_bad_event_stores_nothing(provider, package):
    batch = [event(package, 1), event(package, 2, method="carrier pigeon")]
    result = ingest(provider=provider, events=batch, now=NOW, all_or_nothing=True)
    assert [r.status for r in result.results] == ["rejected", "rejected"]
    assert result.results[1].field == "method"
    assert not VisitEvent.objects.exists() and not PendingMatch.objects.exists()


def test_events_for_another_providers_package_are_rejected(package):
    intruder = ProviderFactory()
    result = ingest(provider=intruder, events=[event(package, 1)], now=NOW)
    assert (result.results[0].status, result.results[0].field) == ("rejected", "package_ref")
    assert not VisitEvent.objects.exists()


def test_naming_another_provider_is_rejected(provider, package):
    result = ingest(provider=provider, events=[event(package, 1, provider="SOMEONE-ELSE")], now=NOW)
    assert (result.results[0].status, result.results[0].field) == ("rejected", "provider")


def test_events_far_in_the_future_are_rejected(provider, package):
    future = (NOW + dt.timedelta(hours=1)).isoformat()
    result = ingest(provider=provider, events=[event(package, 1, timestamp=future)], now=NOW)
    assert (result.results[0].field, result.results[0].reason) == ("timestamp", "is in the future")


def test_timestamp_without_offset_is_rejected(provider, package):
    result = ingest(provider=provider, events=[event(package, 1, timestamp="2026-11-02T08:00:00")], now=NOW)
    assert "time zone offset" in result.results[0].reason


def test_manual_entry_needs_an_exception_code(provider, package):
    result = ingest(provider=provider, events=[event(package, 1, method="manual")], now=NOW)
    assert (result.results[0].field, result.results[0].reason) == (
        "exception_code",
        "is required for a manual entry",
    )


def test_person_reference_finds_the_providers_package(provider, package):
    data = event(package, 1)
    del data["package_ref"]
    data["person_ref"] = package.person.council_ref
    result = ingest(provider=provider, events=[data], now=NOW)
    assert result.results[0].status == "accepted"
    assert VisitEvent.objects.get().package == package


def test_repeated_event_id_within_one_batch_is_a_duplicate(provider, package):
    result = ingest(provider=provider, events=[event(package, 1), event(package, 1)], now=NOW)
    assert [r.status for r in result.results] == ["accepted", "duplicate"]


def test_late_events_change_the_outcome(provider, package):
    ingest(provider=provider, events=[event(package, 1, hour=8)], now=NOW)
    process_pending(now=NOW)
    assert visit_outcomes(package)[0] == ("unverified", None)
    ingest(provider=provider, events=[event(package, 2, "check_out", hour=8, minute=30)], now=NOW)
    process_pending(now=NOW)
    assert visit_outcomes(package)[0] == ("on_time", 30)


def test_check_out_after_midnight_closes_the_late_visit(provider):
    from homecare.brokerage.services import VisitInput
    from homecare.visits.factories import package_in_care

    night = package_in_care(
        provider=provider,
        started_on=DAY,
        plan=[VisitInput(days=127, start=dt.time(23, 30), duration_minutes=45)],
        days=1,
    )
    batch = [
        event(night, 1, hour=23, minute=30),
        {**event(night, 2, "check_out"), "timestamp": at(0, 15, DAY + dt.timedelta(days=1)).isoformat()},
    ]
    ingest(provider=provider, events=batch, now=NOW + dt.timedelta(days=1))
    process_pending(now=NOW + dt.timedelta(days=1))
    assert visit_outcomes(night) == [("on_time", 45)]
    assert not Visit.objects.filter(is_planned=False).exists()


def test_a_batch_may_not_exceed_the_limit(provider, package):
    with pytest.raises(ValueError, match="at most"):
        ingest(provider=provider, events=[event(package, i) for i in range(MAX_BATCH + 1)], now=NOW)


def test_a_rejected_event_is_a_domain_error_naming_the_field():
    from homecare.core.errors import DomainError
    from homecare.visits.services.ingest import Rejected

    exc = Rejected("timestamp", "is in the future")
    assert isinstance(exc, DomainError)
    assert (exc.field, exc.reason) == ("timestamp", "is in the future")
    assert exc.field_messages() == {"timestamp": ["is in the future"]}
    assert Rejected("", "each event must be an object").field_messages() == {
        None: ["each event must be an object"]
    }
