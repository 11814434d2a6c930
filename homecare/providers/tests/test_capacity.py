from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR
from homecare.geography.factories import ZoneFactory
from homecare.providers import services
from homecare.providers.factories import CapacityReturnFactory
from homecare.providers.models import CapacityLine, CapacityReturn, Provider, TimeBand
from homecare.providers.queries import market_capacity
from homecare.providers.services.capacity import LineInput
from homecare.providers.tests.conftest import STAFF

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 16)


def _send(provider: Provider, week: dt.date = MONDAY, **kwargs):
    values = {"staff_in_post": 30, "vacancies": 2, "leavers": 1, "lines": [LineInput("Z1", "morning", 10)]}
    values.update(kwargs)
    return services.save_capacity_return(by=TEST_ACTOR, provider=provider, week_commencing=week, **values)


def test_save_capacity_return_creates_lines(provider: Provider) -> None:
    record, created = _send(provider)
    assert created and record.lines.get().hours == Decimal("10.00")


def test_save_capacity_return_for_same_week_replaces(provider: Provider) -> None:
    _send(provider)
    record, created = _send(provider, lines=[LineInput("Z1", "bed", 4)])
    assert not created
    assert list(record.lines.values_list("time_band", flat=True)) == ["bed"]
    assert CapacityReturn.objects.count() == 1


def test_save_capacity_return_refuses_zone_not_served(provider: Provider) -> None:
    ZoneFactory(code="Z9")
    with pytest.raises(services.DomainError) as exc:
        _send(provider, lines=[LineInput("Z9", "morning", 5)])
    assert "lines.0.zone" in exc.value.message_dict


def test_save_capacity_return_refuses_a_week_not_starting_monday(provider: Provider) -> None:
    with pytest.raises(services.DomainError) as exc:
        _send(provider, week=MONDAY + dt.timedelta(days=1))
    assert "week_commencing" in exc.value.message_dict


def test_save_capacity_return_refuses_negative_hours(provider: Provider) -> None:
    with pytest.raises(services.DomainError) as exc:
        _send(provider, lines=[LineInput("Z1", "morning", -1)])
    assert "lines.0.hours" in exc.value.message_dict


def test_market_capacity_uses_latest_return_per_provider(
    provider: Provider, other_provider: Provider
) -> None:
    _send(provider, week=MONDAY - dt.timedelta(days=7), lines=[LineInput("Z1", "morning", 100)])
    _send(provider, lines=[LineInput("Z1", "morning", 10)])
    _send(other_provider, lines=[LineInput("Z1", "morning", 5), LineInput("Z1", "night", 2)])
    capacity = market_capacity()
    morning = [b.value for b in TimeBand].index("morning")
    assert capacity.rows[0]["hours"][morning] == Decimal("15")
    assert capacity.grand_total == Decimal("17")
    assert capacity.providers == 2


@pytest.mark.parametrize("role", STAFF)
def test_market_capacity_page_opens_for_staff(as_role, role: str, provider: Provider) -> None:
    _send(provider)
    response = as_role(role).get(reverse("providers:market_capacity"))
    assert response.status_code == 200 and "North zone" in response.content.decode()


def test_market_capacity_forbidden_to_provider_users(as_role, provider: Provider) -> None:
    assert (
        as_role(Role.PROVIDER, provider=provider).get(reverse("providers:market_capacity")).status_code == 403
    )


# --- provider portal --------------------------------------------------------------------------


def test_portal_lists_only_own_returns(as_role, provider: Provider, other_provider: Provider) -> None:
    own = CapacityReturnFactory(provider=provider, staff_in_post=41)
    other = CapacityReturnFactory(
        provider=other_provider, staff_in_post=99, week_commencing=dt.date(2026, 11, 9)
    )
    body = as_role(Role.PROVIDER, provider=provider).get(reverse("providers:my_returns")).content.decode()
    cell = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    assert cell.format(41) in body and cell.format(99) not in body and "9 November 2026" not in body
    assert reverse("providers:edit_return", args=[own.pk]) in body
    assert reverse("providers:edit_return", args=[other.pk]) not in body


@pytest.mark.parametrize("role", STAFF)
def test_portal_pages_forbidden_to_staff(as_role, role: str, provider: Provider) -> None:
    record = CapacityReturnFactory(provider=provider)
    client = as_role(role)
    assert client.get(reverse("providers:my_returns")).status_code == 403
    assert client.get(reverse("providers:new_return")).status_code == 403
    assert client.get(reverse("providers:edit_return", args=[record.pk])).status_code == 403


def test_portal_new_return_form_opens(as_role, provider: Provider) -> None:
    body = as_role(Role.PROVIDER, provider=provider).get(reverse("providers:new_return")).content.decode()
    assert "North zone: morning hours" in body


def test_portal_sends_a_return(as_role, provider: Provider) -> None:
    response = as_role(Role.PROVIDER, provider=provider).post(
        reverse("providers:new_return"),
        {
            "week_commencing": "2026-11-16",
            "staff_in_post": "30",
            "vacancies": "2",
            "leavers": "0",
            "hours_Z1_tea": "7.5",
        },
    )
    assert response.status_code == 302
    line = CapacityLine.objects.get(capacity_return__provider=provider)
    assert (line.time_band, line.hours) == ("tea", Decimal("7.50"))


def test_portal_return_refuses_week_not_starting_monday(as_role, provider: Provider) -> None:
    response = as_role(Role.PROVIDER, provider=provider).post(
        reverse("providers:new_return"),
        {"week_commencing": "2026-11-17", "staff_in_post": "30", "vacancies": "2", "leavers": "0"},
    )
    assert response.status_code == 200 and "Enter the Monday" in response.content.decode()
    assert not CapacityReturn.objects.exists()


def test_portal_edits_own_return(as_role, provider: Provider) -> None:
    record = CapacityReturnFactory(provider=provider)
    client = as_role(Role.PROVIDER, provider=provider)
    assert client.get(reverse("providers:edit_return", args=[record.pk])).status_code == 200
    client.post(
        reverse("providers:edit_return", args=[record.pk]),
        {"week_commencing": "2026-11-16", "staff_in_post": "12", "vacancies": "2", "leavers": "0"},
    )
    record.refresh_from_db()
    assert record.staff_in_post == 12


def test_portal_cannot_open_or_edit_another_providers_return(
    as_role, provider: Provider, other_provider: Provider
) -> None:
    theirs = CapacityReturnFactory(provider=other_provider)
    client = as_role(Role.PROVIDER, provider=provider)
    url = reverse("providers:edit_return", args=[theirs.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        url, {"week_commencing": "2026-11-16", "staff_in_post": "1", "vacancies": "0", "leavers": "0"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.staff_in_post == 40
