from __future__ import annotations

import datetime as dt

import pytest

from homecare.accounts.factories import make_user
from homecare.core import audit
from homecare.core.navigation import items_for
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR, actor_for
from homecare.providers import services
from homecare.providers.factories import CqcRatingFactory, LocationFactory
from homecare.providers.models import Provider, ProviderStatus

pytestmark = pytest.mark.django_db


def test_provider_exit_needs_date_and_reason(provider: Provider) -> None:
    with pytest.raises(services.DomainError, match="the reason"):
        services.change_provider_status(by=TEST_ACTOR, provider=provider, status=ProviderStatus.EXITED)


def test_provider_exit_records_date_and_reason_and_audits(provider: Provider) -> None:
    services.change_provider_status(
        by=TEST_ACTOR,
        provider=provider,
        status="exited",
        on=dt.date(2026, 1, 9),
        reason="Went into administration",
    )
    provider.refresh_from_db()
    assert (provider.status, provider.exited_on, provider.exit_reason) == (
        "exited",
        dt.date(2026, 1, 9),
        "Went into administration",
    )
    assert audit.history(provider).filter(action="status_changed").exists()


def test_exited_provider_cannot_become_active(provider: Provider) -> None:
    services.change_provider_status(
        by=TEST_ACTOR, provider=provider, status="exited", on=dt.date(2026, 1, 9), reason="r"
    )
    with pytest.raises(services.DomainError, match="cannot go from exited"):
        services.change_provider_status(by=TEST_ACTOR, provider=provider, status="active")


def test_headline_rating_is_worst_current_location_rating(provider: Provider) -> None:
    first, second = LocationFactory(provider=provider), LocationFactory(provider=provider)
    CqcRatingFactory(location=first, published_on=dt.date(2021, 1, 1), overall="inadequate")
    CqcRatingFactory(location=first, published_on=dt.date(2024, 1, 1), overall="outstanding")
    CqcRatingFactory(location=second, published_on=dt.date(2023, 6, 1), overall="requires_improvement")
    services.refresh_cqc_rating(by=TEST_ACTOR, provider=provider)
    provider.refresh_from_db()
    assert (provider.cqc_rating, provider.cqc_rating_published_on) == (
        "requires_improvement",
        dt.date(2024, 1, 1),
    )


def test_headline_rating_empty_when_not_yet_inspected(provider: Provider) -> None:
    LocationFactory(provider=provider)
    services.refresh_cqc_rating(by=TEST_ACTOR, provider=provider)
    provider.refresh_from_db()
    assert provider.cqc_rating == ""


def test_qaf_current_level_is_latest_by_assessment_date(provider: Provider) -> None:
    services.record_qaf_assessment(
        by=TEST_ACTOR, provider=provider, level="B", assessed_on=dt.date(2025, 5, 1)
    )
    services.record_qaf_assessment(
        by=TEST_ACTOR, provider=provider, level="D", assessed_on=dt.date(2024, 5, 1)
    )
    provider.refresh_from_db()
    assert provider.qaf_level == "B"


def test_nav_shows_staff_pages_to_staff_and_capacity_returns_to_providers(provider: Provider) -> None:
    staff = {i.label for i in items_for(actor_for(make_user(Role.AUDITOR)))}
    portal = {i.label for i in items_for(actor_for(make_user(Role.PROVIDER, provider=provider)))}
    assert {"Providers", "Frameworks", "Market capacity"} <= staff and "Capacity returns" not in staff
    assert "Capacity returns" in portal and not ({"Providers", "Frameworks", "Market capacity"} & portal)
