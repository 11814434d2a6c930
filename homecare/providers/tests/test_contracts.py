from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from homecare.accounts.factories import make_user
from homecare.core import audit
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR, actor_for
from homecare.geography.factories import ZoneFactory
from homecare.providers import services
from homecare.providers.factories import ContractFactory, LotFactory, ProviderFactory
from homecare.providers.models import Contract, ContractAction, ContractStatus, ContractTier

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 1)


def test_create_contract_refuses_shares_over_100_in_a_lot() -> None:
    lot = LotFactory()
    ContractFactory(lot=lot, target_share=Decimal("60"))
    ContractFactory(lot=lot, tier=ContractTier.SECONDARY, target_share=Decimal("20"))
    with pytest.raises(services.DomainError, match="cannot exceed 100%"):
        services.create_contract(
            by=TEST_ACTOR,
            provider=ProviderFactory(),
            reference="X1",
            tier=ContractTier.SECONDARY,
            starts_on=DAY,
            framework=lot.framework,
            lot=lot,
            target_share=Decimal("20.01"),
        )


def test_create_contract_accepts_shares_up_to_100() -> None:
    lot = LotFactory()
    ContractFactory(lot=lot, target_share=Decimal("60"))
    ContractFactory(lot=lot, tier=ContractTier.SECONDARY, target_share=Decimal("20"))
    contract = services.create_contract(
        by=TEST_ACTOR,
        provider=ProviderFactory(),
        reference="X1",
        tier=ContractTier.SECONDARY,
        starts_on=DAY,
        framework=lot.framework,
        lot=lot,
        target_share=Decimal("20"),
    )
    assert services.lot_share_total(lot) == Decimal("100")
    assert audit.history(contract).filter(action="created").exists()


def test_create_spot_contract_refuses_a_framework() -> None:
    lot = LotFactory()
    with pytest.raises(services.DomainError, match="not on a framework"):
        services.create_contract(
            by=TEST_ACTOR,
            provider=ProviderFactory(),
            reference="S1",
            tier=ContractTier.SPOT,
            starts_on=DAY,
            framework=lot.framework,
            lot=lot,
        )


def test_suspend_contract_records_action_with_who_and_why() -> None:
    user = make_user(Role.COMMISSIONER)
    contract = ContractFactory()
    action = services.apply_contract_action(
        by=actor_for(user),
        contract=contract,
        kind="suspend",
        effective_on=DAY,
        reason="Safeguarding concerns",
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SUSPENDED
    assert (action.decided_by, action.reason, action.effective_on) == (user, "Safeguarding concerns", DAY)
    assert audit.history(contract).filter(action="suspend", actor=user).exists()


def test_suspended_contract_accepts_no_new_packages_from_the_date() -> None:
    contract = ContractFactory()
    services.apply_contract_action(
        by=TEST_ACTOR, contract=contract, kind="suspend", effective_on=DAY, reason="r"
    )
    contract.refresh_from_db()
    assert contract.accepts_new_packages(DAY - dt.timedelta(days=1))
    assert not contract.accepts_new_packages(DAY)


def test_lifting_a_suspension_reopens_the_contract() -> None:
    contract = ContractFactory()
    services.apply_contract_action(
        by=TEST_ACTOR, contract=contract, kind="suspend", effective_on=DAY, reason="r"
    )
    services.apply_contract_action(
        by=TEST_ACTOR, contract=contract, kind="lift_suspension", effective_on=DAY, reason="Action plan met"
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE and contract.accepts_new_packages(DAY)
    assert ContractAction.objects.filter(contract=contract).count() == 2


def test_lifting_a_suspension_of_an_active_contract_is_refused() -> None:
    contract = ContractFactory()
    with pytest.raises(services.DomainError, match="contract is active"):
        services.apply_contract_action(
            by=TEST_ACTOR, contract=contract, kind="lift_suspension", effective_on=DAY, reason="r"
        )


def test_contract_action_needs_a_reason() -> None:
    with pytest.raises(services.DomainError, match="reason"):
        services.apply_contract_action(
            by=TEST_ACTOR, contract=ContractFactory(), kind="suspend", effective_on=DAY, reason=" "
        )


def test_terminated_contract_is_not_open_from_termination_date() -> None:
    contract = ContractFactory()
    services.apply_contract_action(
        by=TEST_ACTOR, contract=contract, kind="terminate", effective_on=DAY, reason="Persistent breaches"
    )
    assert (
        Contract.objects.open_for_new_packages(on=DAY - dt.timedelta(days=1)).filter(pk=contract.pk).exists()
    )
    assert not Contract.objects.open_for_new_packages(on=DAY).filter(pk=contract.pk).exists()


def test_default_notice_keeps_contract_open() -> None:
    contract = ContractFactory()
    services.apply_contract_action(
        by=TEST_ACTOR, contract=contract, kind="default_notice", effective_on=DAY, reason="r"
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.DEFAULT_NOTICE and contract.accepts_new_packages(DAY)


def test_open_for_new_packages_filters_by_zone_through_lot() -> None:
    north, south = ZoneFactory(), ZoneFactory()
    in_north = ContractFactory(lot=LotFactory(zones=[north]))
    ContractFactory(lot=LotFactory(zones=[south]))
    assert list(Contract.objects.open_for_new_packages(on=DAY, zone=north)) == [in_north]


def test_open_for_new_packages_finds_spot_contracts_by_provider_zones() -> None:
    north = ZoneFactory()
    spot = ContractFactory(
        lot=None,
        framework=None,
        tier=ContractTier.SPOT,
        target_share=None,
        provider=ProviderFactory(zones=[north]),
    )
    assert list(Contract.objects.open_for_new_packages(on=DAY, zone=north)) == [spot]


def test_open_for_new_packages_filters_by_service_type() -> None:
    ContractFactory(service_type="general")
    night = ContractFactory(service_type="night")
    assert list(Contract.objects.open_for_new_packages(on=DAY, service_type="night")) == [night]


def test_open_for_new_packages_excludes_exited_providers() -> None:
    ContractFactory(provider=ProviderFactory(status="exited"))
    assert not Contract.objects.open_for_new_packages(on=DAY).exists()


def test_open_for_new_packages_excludes_contracts_not_started_or_ended() -> None:
    ContractFactory(starts_on=DAY + dt.timedelta(days=1))
    ContractFactory(ends_on=DAY - dt.timedelta(days=1))
    assert not Contract.objects.open_for_new_packages(on=DAY).exists()


def test_in_lot_order_lists_lead_then_secondaries_by_rank() -> None:
    lot = LotFactory()
    second = ContractFactory(lot=lot, tier=ContractTier.SECONDARY, tender_rank=3, target_share=Decimal("20"))
    first = ContractFactory(lot=lot, tier=ContractTier.SECONDARY, tender_rank=2, target_share=Decimal("20"))
    lead = ContractFactory(lot=lot, tier=ContractTier.LEAD, tender_rank=1)
    assert list(Contract.objects.filter(lot=lot).in_lot_order()) == [lead, first, second]
