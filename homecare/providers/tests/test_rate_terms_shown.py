"""The provider page's contract section shows every stored price term (issue 14)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from homecare.core.roles import Role
from homecare.providers import presenters
from homecare.providers.factories import ContractFactory, LotFactory, RateFactory
from homecare.providers.models import Provider

pytestmark = pytest.mark.django_db


def test_rate_terms_describe_bank_holiday_and_rural_supplement() -> None:
    rate = RateFactory.build(
        hourly_rate=Decimal("22.50"),
        bank_holiday_multiplier=Decimal("1.50"),
        bank_holiday_premium=Decimal("2.00"),
        rural_supplement=Decimal("1.25"),
        rural_supplement_basis="per_visit",
    )
    assert presenters.rate_terms(rate).bank_holiday == "1.5 times the hourly rate, plus £2.00 an hour"
    assert presenters.rate_terms(rate).rural == "£1.25 a visit"


def test_rate_terms_say_none_when_not_set() -> None:
    terms = presenters.rate_terms(RateFactory.build(hourly_rate=Decimal("22.50")))
    assert (terms.bank_holiday, terms.rural) == ("None", "None")


def test_provider_page_shows_bank_holiday_premium_and_rural_supplement(
    as_role, provider: Provider, zone
) -> None:
    contract = ContractFactory(provider=provider, lot=LotFactory(zones=[zone]), starts_on=dt.date(2024, 4, 1))
    RateFactory(
        contract=contract,
        effective_from=dt.date(2025, 4, 7),
        bank_holiday_premium=Decimal("3.10"),
        rural_supplement=Decimal("1.40"),
    )
    body = as_role(Role.BROKER).get(reverse("providers:detail", args=[provider.council_ref])).content.decode()
    assert "Plus £3.10 an hour" in body and "£1.40 an hour" in body
