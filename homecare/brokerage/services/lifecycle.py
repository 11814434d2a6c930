"""The package state machine. Every status change goes through `transition`, which checks it is
allowed, saves it, and records a PackageEvent and an audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from homecare.brokerage.hooks import package_changed
from homecare.brokerage.models import Package, PackageEvent, PackageStatus
from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.errors import DomainError

S = PackageStatus

ALLOWED: dict[str, frozenset[str]] = {
    S.REFERRED: frozenset({S.BROKERING, S.CANCELLED}),
    S.BROKERING: frozenset({S.OFFERED, S.CANCELLED}),
    S.OFFERED: frozenset({S.BROKERING, S.PLACED, S.CANCELLED}),
    S.PLACED: frozenset({S.ACTIVE, S.BROKERING, S.CANCELLED}),
    S.ACTIVE: frozenset({S.VARIED, S.ENDED, S.HANDED_BACK}),
    S.VARIED: frozenset({S.VARIED, S.ENDED, S.HANDED_BACK}),
    S.ENDED: frozenset(),
    S.CANCELLED: frozenset(),
    S.HANDED_BACK: frozenset(),
}


class BrokerageError(DomainError):
    """A brokerage operation that is not allowed, with a message for the user."""


@transaction.atomic
def transition(
    *,
    by: Actor,
    package: Package,
    to: str,
    reason: str = "",
    details: dict[str, Any] | None = None,
    **fields: Any,
) -> PackageEvent:
    """Move `package` to status `to`, setting `fields` at the same time."""
    current = package.status
    if to not in ALLOWED[current]:
        raise BrokerageError(
            f"Package {package.reference} is {S(current).label.lower()}: it cannot become {S(to).label.lower()}."
        )
    audit.update_fields(by=by, obj=package, action=f"status_{to}", reason=reason, status=to, **fields)
    package_changed(by=by, package_ids=[package.pk])
    return PackageEvent.objects.create(
        package=package,
        from_status=current,
        to_status=to,
        actor=by.user,
        actor_label=by.label,
        reason=reason,
        details=audit._jsonable(details or {}),
    )
