"""Frameworks, lots, contracts and contract actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.errors import DomainError
from homecare.providers.models import (
    OFF_FRAMEWORK_TIERS,
    Contract,
    ContractAction,
    ContractActionKind,
    ContractStatus,
    ContractTier,
    Framework,
    Lot,
    Provider,
)

HUNDRED = Decimal("100")


@transaction.atomic
def create_framework(
    *,
    by: Actor,
    name: str,
    reference: str,
    service_type: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    allocation_policy: str,
) -> Framework:
    if ends_on is not None and ends_on < starts_on:
        raise DomainError("A framework cannot end before it starts")
    framework = Framework.objects.create(
        name=name,
        reference=reference,
        service_type=service_type,
        starts_on=starts_on,
        ends_on=ends_on,
        allocation_policy=allocation_policy,
    )
    audit.created(by=by, obj=framework)
    return framework


@transaction.atomic
def create_lot(
    *, by: Actor, framework: Framework, code: str, name: str, zones: list[Any], allocation_policy: str = ""
) -> Lot:
    if not zones:
        raise DomainError("A lot covers at least one zone")
    lot = Lot.objects.create(framework=framework, code=code, name=name, allocation_policy=allocation_policy)
    lot.zones.set(zones)
    audit.created(by=by, obj=lot)
    audit.record(by=by, action="zones_set", obj=lot, changes={"zones": [None, [z.pk for z in zones]]})
    return lot


def lot_share_total(lot: Lot, *, on: dt.date | None = None, exclude: Contract | None = None) -> Decimal:
    """Sum of target shares of the lot's contracts in force (on `on`, or not terminated or ended)."""
    qs = Contract.objects.filter(lot=lot).exclude(
        status__in=[ContractStatus.TERMINATED, ContractStatus.ENDED]
    )
    if on is not None:
        qs = qs.current(on)
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    return qs.aggregate(total=Sum("target_share"))["total"] or Decimal("0")


def _check_contract(contract: Contract) -> None:
    if contract.ends_on is not None and contract.ends_on < contract.starts_on:
        raise DomainError("A contract cannot end before it starts")
    if contract.tier in OFF_FRAMEWORK_TIERS:
        if contract.framework_id or contract.lot_id:
            raise DomainError("Spot and legacy contracts are not on a framework or lot")
        return
    if contract.framework_id is None or contract.lot_id is None:
        raise DomainError("A framework contract needs a framework and a lot")
    lot = contract.lot
    assert lot is not None
    if lot.framework_id != contract.framework_id:
        raise DomainError(f"Lot {lot.code} is not part of the framework {contract.framework}")
    if contract.target_share is not None:
        total = lot_share_total(lot, exclude=contract) + contract.target_share
        if total > HUNDRED:
            raise DomainError(
                f"Target shares in lot {lot.code} would add up to {total}%: they cannot exceed 100%"
            )


@transaction.atomic
def create_contract(
    *,
    by: Actor,
    provider: Provider,
    reference: str,
    tier: str,
    starts_on: dt.date,
    framework: Framework | None = None,
    lot: Lot | None = None,
    service_type: str | None = None,
    **fields: Any,
) -> Contract:
    """Create a contract, checking it fits its framework and lot (shares in a lot at most 100%)."""
    contract = Contract(
        provider=provider,
        reference=reference,
        tier=ContractTier(tier),
        starts_on=starts_on,
        framework=framework,
        lot=lot,
        service_type=service_type or (framework.service_type if framework else "general"),
        **fields,
    )
    _check_contract(contract)
    contract.save()
    audit.created(by=by, obj=contract)
    return contract


#: For each action: the statuses it may be taken from.
ACTION_FROM = {
    ContractActionKind.SUSPEND: {ContractStatus.ACTIVE, ContractStatus.DEFAULT_NOTICE},
    ContractActionKind.LIFT_SUSPENSION: {ContractStatus.SUSPENDED},
    ContractActionKind.DEFAULT_NOTICE: {ContractStatus.ACTIVE, ContractStatus.SUSPENDED},
    ContractActionKind.WITHDRAW_DEFAULT_NOTICE: {ContractStatus.DEFAULT_NOTICE},
    ContractActionKind.TERMINATE: {
        ContractStatus.ACTIVE,
        ContractStatus.SUSPENDED,
        ContractStatus.DEFAULT_NOTICE,
    },
    ContractActionKind.END: {ContractStatus.ACTIVE, ContractStatus.SUSPENDED, ContractStatus.DEFAULT_NOTICE},
}


def _after(contract: Contract, kind: ContractActionKind, on: dt.date) -> dict[str, Any]:
    """The contract fields after the action."""
    if kind == ContractActionKind.SUSPEND:
        return {"status": ContractStatus.SUSPENDED, "suspended_from": on}
    if kind == ContractActionKind.LIFT_SUSPENSION:
        status = ContractStatus.DEFAULT_NOTICE if contract.default_notice_on else ContractStatus.ACTIVE
        return {"status": status, "suspended_from": None}
    if kind == ContractActionKind.DEFAULT_NOTICE:
        status = ContractStatus.SUSPENDED if contract.suspended_from else ContractStatus.DEFAULT_NOTICE
        return {"status": status, "default_notice_on": on}
    if kind == ContractActionKind.WITHDRAW_DEFAULT_NOTICE:
        return {"status": ContractStatus.ACTIVE, "default_notice_on": None}
    if kind == ContractActionKind.TERMINATE:
        return {"status": ContractStatus.TERMINATED, "terminated_on": on}
    return {"status": ContractStatus.ENDED, "ends_on": on}


def allowed_actions(contract: Contract) -> list[ContractActionKind]:
    return [kind for kind, statuses in ACTION_FROM.items() if contract.status in statuses]


@transaction.atomic
def apply_contract_action(
    *, by: Actor, contract: Contract, kind: str, effective_on: dt.date, reason: str
) -> ContractAction:
    """Suspend new packages, lift a suspension, serve or withdraw a default notice, terminate or end
    a contract. The decision is kept as a ContractAction and the contract change is audited."""
    kind = ContractActionKind(kind)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if not reason.strip():
        raise DomainError("Give the reason for the decision")
    if contract.status not in ACTION_FROM[kind]:
        raise DomainError(
            f"Cannot {kind.label.lower()}: the contract is {contract.get_status_display().lower()}"
        )
    if effective_on < contract.starts_on:
        raise DomainError("The action cannot take effect before the contract starts")
    user = by.user
    label = by.label
    action = ContractAction.objects.create(
        contract=contract,
        kind=kind,
        effective_on=effective_on,
        reason=reason.strip(),
        decided_by=user,
        decided_by_label=label,
    )
    audit.created(by=by, obj=action, fields=["contract_id", "kind", "effective_on", "reason"], reason=reason)
    audit.update_fields(
        by=by, obj=contract, action=kind.value, reason=reason, **_after(contract, kind, effective_on)
    )
    return action
