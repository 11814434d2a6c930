from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

import pytest

from homecare.core.models import AuditEvent
from homecare.core.testing import TEST_ACTOR
from homecare.providers import services
from homecare.providers.factories import ContractFactory, ProviderFactory, RateFactory
from homecare.providers.models import Contract, ContractTier, Rate, Uplift
from homecare.providers.pricing import RateTerms, billable_minutes, is_bank_holiday_in_england, price_visit

pytestmark = pytest.mark.django_db

APRIL_2025 = dt.date(2025, 4, 7)
APRIL_2026 = dt.date(2026, 4, 6)


def test_rate_in_force_before_and_after_a_change() -> None:
    contract = ContractFactory()
    old = RateFactory(contract=contract, effective_from=APRIL_2025, hourly_rate=Decimal("22.00"))
    new = RateFactory(contract=contract, effective_from=APRIL_2026, hourly_rate=Decimal("23.10"))
    assert services.rate_in_force(contract, on=APRIL_2026 - dt.timedelta(days=1)) == old
    assert services.rate_in_force(contract, on=APRIL_2026) == new
    assert services.rate_in_force(contract, on=dt.date(2027, 1, 1)) == new


def test_rate_in_force_is_none_before_the_first_rate() -> None:
    contract = ContractFactory()
    RateFactory(contract=contract, effective_from=APRIL_2025)
    assert services.rate_in_force(contract, on=APRIL_2025 - dt.timedelta(days=1)) is None


def test_rate_in_force_for_spot_contract_falls_back_to_provider_rate() -> None:
    provider = ProviderFactory()
    contract = ContractFactory(
        provider=provider, lot=None, framework=None, tier=ContractTier.SPOT, target_share=None
    )
    spot = Rate.objects.create(provider=provider, effective_from=APRIL_2025, hourly_rate=Decimal("24.50"))
    assert services.rate_in_force(contract, on=APRIL_2026) == spot


def _contracts_with_rates() -> list[Contract]:
    contracts = [cast(Contract, ContractFactory()) for _ in range(3)]
    for contract, rate in zip(contracts, ["22.00", "22.35", "23.99"], strict=True):
        RateFactory(contract=contract, effective_from=APRIL_2025, hourly_rate=Decimal(rate))
    return contracts


def test_preview_uplift_rounds_new_rates_half_up_to_pence() -> None:
    contracts = _contracts_with_rates()
    preview = services.preview_uplift(contracts=contracts, effective_from=APRIL_2026, percent=Decimal("5"))
    assert [(r.old_rate, r.new_rate) for r in preview.rows] == [
        (Decimal("22.00"), Decimal("23.10")),
        (Decimal("22.35"), Decimal("23.47")),  # 23.4675 -> 23.47
        (Decimal("23.99"), Decimal("25.19")),  # 25.1895 -> 25.19
    ]


def test_preview_uplift_writes_nothing() -> None:
    contracts = _contracts_with_rates()
    services.preview_uplift(contracts=contracts, effective_from=APRIL_2026, percent=Decimal("5"))
    assert Rate.objects.count() == 3


def test_apply_uplift_writes_exactly_the_previewed_rows() -> None:
    contracts = _contracts_with_rates()
    preview = services.preview_uplift(contracts=contracts, effective_from=APRIL_2026, percent=Decimal("4.5"))
    uplift, applied = services.apply_uplift(
        by=TEST_ACTOR,
        contracts=contracts,
        effective_from=APRIL_2026,
        percent=Decimal("4.5"),
        name="2026 uplift",
    )
    written = sorted(
        (r.contract_id, r.effective_from, r.hourly_rate) for r in Rate.objects.filter(uplift=uplift)
    )
    assert written == sorted((r.contract_id, r.effective_from, r.new_rate) for r in preview.rows)
    assert applied.rows == preview.rows


def test_apply_uplift_copies_the_other_terms() -> None:
    contract = cast(Contract, ContractFactory())
    RateFactory(
        contract=contract, effective_from=APRIL_2025, rural_supplement=Decimal("1.20"), minimum_minutes=45
    )
    services.apply_uplift(
        by=TEST_ACTOR, contracts=[contract], effective_from=APRIL_2026, percent=Decimal("3"), name="u"
    )
    new = services.rate_in_force(contract, on=APRIL_2026)
    assert new is not None and (new.rural_supplement, new.minimum_minutes) == (Decimal("1.20"), 45)


def test_apply_uplift_refuses_when_rates_changed_since_preview() -> None:
    contracts = _contracts_with_rates()
    preview = services.preview_uplift(contracts=contracts, effective_from=APRIL_2026, percent=Decimal("5"))
    RateFactory(contract=contracts[0], effective_from=dt.date(2025, 10, 1), hourly_rate=Decimal("22.80"))
    with pytest.raises(services.DomainError, match="preview the uplift again"):
        services.apply_uplift(
            by=TEST_ACTOR,
            contracts=contracts,
            effective_from=APRIL_2026,
            percent=Decimal("5"),
            name="u",
            expected_fingerprint=preview.fingerprint(),
        )
    assert not Uplift.objects.exists()


def test_preview_uplift_skips_contracts_already_uplifted() -> None:
    contracts = _contracts_with_rates()
    RateFactory(contract=contracts[0], effective_from=APRIL_2026)
    preview = services.preview_uplift(contracts=contracts, effective_from=APRIL_2026, percent=Decimal("5"))
    assert len(preview.rows) == 2
    assert preview.skipped[0][0] == contracts[0].reference


def test_apply_uplift_audits_each_new_rate() -> None:
    contracts = _contracts_with_rates()
    services.apply_uplift(
        by=TEST_ACTOR, contracts=contracts, effective_from=APRIL_2026, percent=Decimal("5"), name="u"
    )
    assert AuditEvent.objects.filter(action="created_by_uplift", object_type="providers.rate").count() == 3


def test_billable_minutes_round_up_to_units_with_a_minimum() -> None:
    assert billable_minutes(20, unit=15, minimum=30) == 30
    assert billable_minutes(31, unit=15, minimum=30) == 45
    assert billable_minutes(45, unit=15, minimum=30) == 45


def test_price_visit_plain_hour() -> None:
    terms = RateTerms(hourly_rate=Decimal("22.50"))
    assert price_visit(terms, minutes=60, on=dt.date(2026, 6, 3)) == Decimal("22.50")


def test_price_visit_rounds_half_up_to_pence() -> None:
    terms = RateTerms(hourly_rate=Decimal("23.47"))
    # 45 minutes: 23.47 * 0.75 = 17.6025 -> 17.60
    assert price_visit(terms, minutes=40, on=dt.date(2026, 6, 3)) == Decimal("17.60")
    # 30 minutes: 22.35 / 2 = 11.175 -> 11.18
    assert price_visit(
        RateTerms(hourly_rate=Decimal("22.35")), minutes=30, on=dt.date(2026, 6, 3)
    ) == Decimal("11.18")


def test_price_visit_bank_holiday_multiplier_and_premium() -> None:
    terms = RateTerms(
        hourly_rate=Decimal("22.00"),
        bank_holiday_multiplier=Decimal("1.5"),
        bank_holiday_premium=Decimal("1.00"),
    )
    assert price_visit(terms, minutes=60, on=dt.date(2026, 12, 25)) == Decimal("34.00")


def test_price_visit_knows_english_bank_holidays() -> None:
    assert is_bank_holiday_in_england(dt.date(2026, 8, 31))  # summer bank holiday (England)
    assert not is_bank_holiday_in_england(dt.date(2026, 8, 3))  # Scotland's, not England's


def test_price_visit_rural_supplement_per_hour_and_per_visit() -> None:
    per_hour = RateTerms(hourly_rate=Decimal("22.00"), rural_supplement=Decimal("2.00"))
    per_visit = RateTerms(
        hourly_rate=Decimal("22.00"), rural_supplement=Decimal("1.50"), rural_supplement_basis="per_visit"
    )
    day = dt.date(2026, 6, 3)
    assert price_visit(per_hour, minutes=30, on=day, is_rural=True) == Decimal("12.00")
    assert price_visit(per_visit, minutes=30, on=day, is_rural=True) == Decimal("12.50")
    assert price_visit(per_visit, minutes=30, on=day, is_rural=False) == Decimal("11.00")


def test_price_contract_visit_uses_rate_in_force_on_the_visit_date() -> None:
    contract = ContractFactory()
    RateFactory(contract=contract, effective_from=APRIL_2025, hourly_rate=Decimal("22.00"))
    RateFactory(contract=contract, effective_from=APRIL_2026, hourly_rate=Decimal("24.00"))
    assert services.price_contract_visit(contract, minutes=60, on=dt.date(2026, 4, 5)) == Decimal("22.00")
    assert services.price_contract_visit(contract, minutes=60, on=APRIL_2026) == Decimal("24.00")
