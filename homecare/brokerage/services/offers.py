"""Offering packages to providers: in the order the framework says, one at a time or (broadcast) to
the whole framework at once; accept, decline, expiry, broker overrides, and the alert when no one
is left to ask."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from homecare.brokerage import allocation
from homecare.brokerage.candidates import rank_package
from homecare.brokerage.models import (
    AlertKind,
    BrokerAlert,
    DeclineReason,
    Offer,
    OfferStatus,
    Package,
    PackageStatus,
    Urgency,
)
from homecare.brokerage.services.lifecycle import BrokerageError, transition
from homecare.core import audit
from homecare.core.actor import Actor
from homecare.providers.models import Contract

#: Hours a provider has to reply to an offer, by urgency.
RESPONSE_HOURS = {Urgency.URGENT: 2, Urgency.HIGH: 8, Urgency.STANDARD: 24}


def _today() -> dt.date:
    return timezone.localdate()


def _respond_by(package: Package, now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(hours=RESPONSE_HOURS.get(package.urgency, 24))  # type: ignore[call-overload]


def _lock(package: Package) -> Package:
    """Re-read the package under a row lock so concurrent replies cannot both place it."""
    locked = Package.objects.select_for_update().get(pk=package.pk)
    package.refresh_from_db()
    return locked


@transaction.atomic
def start_brokering(*, by: Actor, package: Package) -> list[Offer]:
    """Referred -> brokering, then offer to the first candidate(s)."""
    transition(by=by, package=package, to=PackageStatus.BROKERING, reason="Brokering started")
    return offer_next(by=by, package=package)


@transaction.atomic
def restart_brokering(*, by: Actor, package: Package, reason: str) -> list[Offer]:
    """Start a new round: providers who declined before may be asked again (needs change, capacity frees up)."""
    _lock(package)
    if package.status != PackageStatus.BROKERING:
        raise BrokerageError(f"Package {package.reference} is not waiting for a provider")
    if not reason.strip():
        raise BrokerageError({"reason": "Say why brokering starts again"})
    audit.update_fields(
        by=by,
        obj=package,
        action="brokering_restarted",
        reason=reason,
        brokering_round=package.brokering_round + 1,
        out_of_candidates=False,
    )
    return offer_next(by=by, package=package)


def _clear_no_candidates(*, by: Actor, package: Package, reason: str) -> None:
    """An offer went out (or the package was placed): the "no provider left" flag and alert no
    longer hold, so they must not keep warning the broker."""
    if package.out_of_candidates:
        audit.update_fields(
            by=by, obj=package, action="candidates_found", reason=reason, out_of_candidates=False
        )
    audit.bulk_update(
        by=by,
        queryset=package.alerts.filter(resolved_at__isnull=True, kind=AlertKind.NO_CANDIDATES),
        action="resolved",
        reason=reason,
        resolved_at=timezone.now(),
        resolved_by_label=by.label,
    )


def _create_offers(
    *, by: Actor, package: Package, wave: list[allocation.Ranked], policy: str, now: dt.datetime
) -> list[Offer]:
    offers = [
        Offer(
            package=package,
            provider_id=c.option.provider_id,
            contract_id=c.option.contract_id,
            round=package.brokering_round,
            policy=policy,
            stage=c.stage,
            position=c.position,
            score=Decimal(str(c.score)).quantize(Decimal("0.01")),
            off_framework=c.off_framework,
            offered_at=now,
            respond_by=_respond_by(package, now),
        )
        for c in wave
    ]
    created = Offer.objects.bulk_create(offers)
    audit.record_many(by=by, action="offered", objs=created)
    return created


@transaction.atomic
def offer_next(*, by: Actor, package: Package, on: dt.date | None = None) -> list[Offer]:
    """Offer the package to the next candidate(s). If no one is left, alert the brokers: the person
    stays on the awaiting care list."""
    _lock(package)
    if package.status not in {PackageStatus.BROKERING, PackageStatus.OFFERED}:
        raise BrokerageError(f"Package {package.reference} is not being brokered")
    if package.offers.filter(round=package.brokering_round, status=OfferStatus.PENDING).exists():
        raise BrokerageError(f"Package {package.reference} already has an offer waiting for a reply")
    ranked = rank_package(package, on=on or _today())
    wave = ranked.ranking.next_wave()
    if not wave:
        if package.status == PackageStatus.OFFERED:
            transition(by=by, package=package, to=PackageStatus.BROKERING, reason="No provider accepted")
        if not package.out_of_candidates:
            audit.update_fields(by=by, obj=package, action="out_of_candidates", out_of_candidates=True)
            alert = BrokerAlert.objects.create(
                package=package,
                kind=AlertKind.NO_CANDIDATES,
                message=(
                    f"No provider is left to offer {package.reference} in round {package.brokering_round}: "
                    f"{len(ranked.ranking.excluded)} excluded. Override with a reason, or start a new round."
                ),
            )
            audit.created(by=by, obj=alert, fields=["package_id", "kind", "message"])
        return []
    offers = _create_offers(
        by=by, package=package, wave=wave, policy=ranked.ranking.policy.kind, now=timezone.now()
    )
    _clear_no_candidates(by=by, package=package, reason=f"Offered in round {package.brokering_round}")
    to = PackageStatus.OFFERED
    if package.status != to:
        transition(
            by=by,
            package=package,
            to=to,
            reason=f"Offered to {', '.join(c.option.provider_name for c in wave)}",
            details={"providers": [c.option.provider_id for c in wave], "policy": ranked.ranking.policy.kind},
        )
    return offers


@transaction.atomic
def override_offer(*, by: Actor, package: Package, contract: Contract, reason: str) -> Offer:
    """A broker offers the package to a provider outside the framework's order, with a recorded reason.
    Pending offers are withdrawn first."""
    _lock(package)
    if not reason.strip():
        raise BrokerageError({"reason": "Say why you are offering outside the framework's order"})
    if package.status not in {PackageStatus.BROKERING, PackageStatus.OFFERED}:
        raise BrokerageError(f"Package {package.reference} is not being brokered")
    if not contract.accepts_new_packages(_today()):
        raise BrokerageError(
            f"Contract {contract.reference} cannot take new packages (ended, suspended or inactive)"
        )
    pending = package.offers.filter(status=OfferStatus.PENDING)
    audit.bulk_update(
        by=by, queryset=pending, action="withdrawn", reason="Broker override", status=OfferStatus.WITHDRAWN
    )
    now = timezone.now()
    offer = Offer.objects.create(
        package=package,
        provider_id=contract.provider_id,
        contract=contract,
        round=package.brokering_round,
        policy="override",
        stage="override",
        off_framework=not contract.is_framework,
        is_override=True,
        override_reason=reason,
        offered_at=now,
        respond_by=_respond_by(package, now),
    )
    audit.created(
        by=by, obj=offer, fields=["package_id", "provider_id", "contract_id", "is_override"], reason=reason
    )
    _clear_no_candidates(by=by, package=package, reason="Offered outside the order")
    if package.status != PackageStatus.OFFERED:
        transition(
            by=by,
            package=package,
            to=PackageStatus.OFFERED,
            reason=f"Override: offered to {contract.provider}: {reason}",
            details={"providers": [contract.provider_id], "override": True},
        )
    return offer


def _place(*, by: Actor, package: Package, offer: Offer) -> None:
    others = package.offers.filter(status=OfferStatus.PENDING).exclude(pk=offer.pk)
    audit.bulk_update(
        by=by, queryset=others, action="withdrawn", reason="Placed elsewhere", status=OfferStatus.WITHDRAWN
    )
    not_chosen = package.offers.filter(round=offer.round, status=OfferStatus.ACCEPTED).exclude(pk=offer.pk)
    audit.bulk_update(
        by=by,
        queryset=not_chosen,
        action="not_chosen",
        reason="Another provider scored higher",
        status=OfferStatus.NOT_CHOSEN,
    )
    transition(
        by=by,
        package=package,
        to=PackageStatus.PLACED,
        reason=f"Accepted by {offer.provider}",
        details={"offer": offer.pk, "score": offer.score},
        provider=offer.provider,
        contract=offer.contract,
        placed_on=_today(),
        off_framework=offer.off_framework,
        placement_override_reason=offer.override_reason,
        out_of_candidates=False,
    )
    _clear_no_candidates(by=by, package=package, reason="Package placed")


def _check_pending(offer: Offer, now: dt.datetime) -> None:
    if offer.status != OfferStatus.PENDING:
        raise BrokerageError(
            f"This offer is {OfferStatus(offer.status).label.lower()}: it can no longer be answered"
        )
    if offer.respond_by < now:
        raise BrokerageError("The time to reply to this offer has passed")


@transaction.atomic
def accept_offer(*, by: Actor, offer: Offer) -> Offer:
    """The provider accepts. One at a time: the package is placed with it. Broadcast: the package is
    placed when every provider has replied (or the window closes), with the best-scoring acceptor."""
    package = offer.package
    _lock(package)
    offer.refresh_from_db()
    now = timezone.now()
    _check_pending(offer, now)
    audit.update_fields(
        by=by,
        obj=offer,
        action="accepted",
        status=OfferStatus.ACCEPTED,
        responded_at=now,
        responded_by_label=by.label,
    )
    if offer.policy == allocation.BROADCAST and offer.stage == allocation.STAGE_FRAMEWORK:
        if not package.offers.filter(round=offer.round, status=OfferStatus.PENDING).exists():
            close_broadcast(by=by, package=package)
    else:
        _place(by=by, package=package, offer=offer)
    return offer


@transaction.atomic
def decline_offer(*, by: Actor, offer: Offer, reason: str, details: str = "") -> Offer:
    package = offer.package
    _lock(package)
    offer.refresh_from_db()
    _check_pending(offer, timezone.now())
    if reason not in DeclineReason.values:
        raise BrokerageError({"reason": "Choose a reason for declining"})
    if reason == DeclineReason.OTHER and not details.strip():
        raise BrokerageError({"details": "Say why you are declining"})
    audit.update_fields(
        by=by,
        obj=offer,
        action="declined",
        reason=details,
        status=OfferStatus.DECLINED,
        responded_at=timezone.now(),
        responded_by_label=by.label,
        decline_reason=reason,
        decline_details=details,
    )
    _after_reply(by=by, package=package)
    return offer


def _after_reply(*, by: Actor, package: Package) -> None:
    """Once no offer of the round is pending: choose a broadcast acceptor, or offer the next candidate."""
    package.refresh_from_db()
    if package.status != PackageStatus.OFFERED:
        return
    if package.offers.filter(round=package.brokering_round, status=OfferStatus.PENDING).exists():
        return
    if package.offers.filter(round=package.brokering_round, status=OfferStatus.ACCEPTED).exists():
        close_broadcast(by=by, package=package)
    else:
        offer_next(by=by, package=package)


@transaction.atomic
def close_broadcast(*, by: Actor, package: Package) -> Offer | None:
    """Choose among the providers who accepted a broadcast: the highest score (then the ranked position)."""
    _lock(package)
    accepted = list(
        package.offers.filter(round=package.brokering_round, status=OfferStatus.ACCEPTED).order_by(
            "-score", "position"
        )
    )
    if not accepted:
        return None
    pending = package.offers.filter(round=package.brokering_round, status=OfferStatus.PENDING)
    audit.bulk_update(
        by=by, queryset=pending, action="expired", reason="Broadcast closed", status=OfferStatus.EXPIRED
    )
    _place(by=by, package=package, offer=accepted[0])
    return accepted[0]


@transaction.atomic
def expire_offers(*, by: Actor, now: dt.datetime | None = None) -> int:
    """Expire offers past their reply deadline and move each package on. Returns how many expired."""
    now = now or timezone.now()
    due = list(Offer.objects.filter(status=OfferStatus.PENDING, respond_by__lt=now).select_related("package"))
    for offer in due:
        audit.update_fields(by=by, obj=offer, action="expired", status=OfferStatus.EXPIRED)
    for package_id in sorted({o.package_id for o in due}):
        package = Package.objects.get(pk=package_id)
        _after_reply(by=by, package=package)
    return len(due)
