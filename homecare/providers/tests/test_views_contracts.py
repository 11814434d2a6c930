from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from homecare.core.roles import Role
from homecare.providers.factories import ContractFactory, RateFactory
from homecare.providers.models import Contract, ContractAction, ContractTier, Rate, Uplift
from homecare.providers.tests.conftest import STAFF

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", STAFF)
def test_framework_list_opens_for_staff(as_role, role: str, contract: Contract) -> None:
    body = as_role(role).get(reverse("providers:frameworks")).content.decode()
    assert contract.framework is not None and contract.framework.name in body


def test_framework_list_forbidden_to_provider_users(as_role, provider) -> None:
    assert as_role(Role.PROVIDER, provider=provider).get(reverse("providers:frameworks")).status_code == 403


def test_framework_detail_lists_lot_providers_in_order(as_role, contract: Contract) -> None:
    second = ContractFactory(
        lot=contract.lot, tier=ContractTier.SECONDARY, target_share=Decimal("20"), provider__name="Zeta Care"
    )
    assert contract.framework is not None
    body = (
        as_role(Role.AUDITOR)
        .get(reverse("providers:framework", args=[contract.framework.reference]))
        .content.decode()
    )
    assert body.index(contract.provider.name) < body.index(second.provider.name)
    assert "60%" in body and "20%" in body


def test_framework_detail_forbidden_to_provider_users(as_role, contract: Contract) -> None:
    assert contract.framework is not None
    url = reverse("providers:framework", args=[contract.framework.reference])
    assert as_role(Role.PROVIDER, provider=contract.provider).get(url).status_code == 403


def test_contract_action_page_opens_for_commissioner(as_role, contract: Contract) -> None:
    response = as_role(Role.COMMISSIONER).get(reverse("providers:contract_action", args=[contract.reference]))
    assert response.status_code == 200 and "Suspend new packages" in response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.AUDITOR, Role.BROKER, Role.QUALITY_OFFICER, Role.FINANCE_OFFICER, Role.PROVIDER]
)
def test_contract_action_forbidden_to_other_roles(as_role, role: str, contract: Contract) -> None:
    kwargs = {"provider": contract.provider} if role == Role.PROVIDER else {}
    client = as_role(role, **kwargs)
    url = reverse("providers:contract_action", args=[contract.reference])
    assert (
        client.post(url, {"kind": "suspend", "effective_on": "2026-01-05", "reason": "x"}).status_code == 403
    )
    assert not ContractAction.objects.exists()


def test_contract_action_suspends_contract(as_role, contract: Contract) -> None:
    response = as_role(Role.COMMISSIONER).post(
        reverse("providers:contract_action", args=[contract.reference]),
        {"kind": "suspend", "effective_on": "2026-01-05", "reason": "Missed calls"},
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == "suspended"


def test_contract_action_offers_only_allowed_decisions(as_role, contract: Contract) -> None:
    response = as_role(Role.COMMISSIONER).post(
        reverse("providers:contract_action", args=[contract.reference]),
        {"kind": "lift_suspension", "effective_on": "2026-01-05", "reason": "x"},
    )
    assert response.status_code == 200
    assert not ContractAction.objects.exists()


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.FINANCE_OFFICER])
def test_uplift_page_opens_for_commissioner_and_finance(as_role, role: str) -> None:
    assert as_role(role).get(reverse("providers:uplift")).status_code == 200


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.BROKER, Role.QUALITY_OFFICER, Role.ADMIN, Role.PROVIDER])
def test_uplift_forbidden_to_other_roles(as_role, role: str) -> None:
    assert as_role(role).get(reverse("providers:uplift")).status_code == 403


def _uplift_form(**extra: str) -> dict[str, str]:
    return {"effective_from": "2026-04-06", "percent": "5", "name": "2026/27 uplift", **extra}


def test_uplift_preview_shows_new_rates_and_writes_nothing(as_role, contract: Contract) -> None:
    response = as_role(Role.FINANCE_OFFICER).post(reverse("providers:uplift"), _uplift_form(step="preview"))
    body = response.content.decode()
    assert "£22.50" in body and "£23.63" in body  # 22.50 * 1.05 = 23.625 -> 23.63
    assert Rate.objects.count() == 1


def test_uplift_apply_writes_previewed_rates(as_role, contract: Contract) -> None:
    client = as_role(Role.COMMISSIONER)
    preview = client.post(reverse("providers:uplift"), _uplift_form(step="preview"))
    fingerprint = preview.context["fingerprint"]
    response = client.post(reverse("providers:uplift"), _uplift_form(step="apply", fingerprint=fingerprint))
    assert response.status_code == 302
    assert Rate.objects.get(contract=contract, effective_from=dt.date(2026, 4, 6)).hourly_rate == Decimal(
        "23.63"
    )


def test_uplift_apply_refused_when_rates_changed_since_preview(as_role, contract: Contract) -> None:
    client = as_role(Role.COMMISSIONER)
    fingerprint = client.post(reverse("providers:uplift"), _uplift_form(step="preview")).context[
        "fingerprint"
    ]
    RateFactory(contract=contract, effective_from=dt.date(2025, 10, 1), hourly_rate=Decimal("23.00"))
    response = client.post(reverse("providers:uplift"), _uplift_form(step="apply", fingerprint=fingerprint))
    assert response.status_code == 200 and "preview the uplift again" in response.content.decode()
    assert not Uplift.objects.exists()
