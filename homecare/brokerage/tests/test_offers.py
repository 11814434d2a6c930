import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.utils import timezone

from homecare.brokerage import services
from homecare.brokerage.factories import framework_lot, make_package, visits
from homecare.brokerage.models import AlertKind, BrokerAlert, OfferStatus, PackageEvent, PackageStatus
from homecare.brokerage.services import BrokerageError
from homecare.core.actor import Actor
from homecare.core.testing import TEST_ACTOR
from homecare.geography.factories import ZoneFactory
from homecare.providers.factories import ContractFactory, RateFactory
from homecare.providers.models import ContractTier

pytestmark = pytest.mark.django_db


def test_zone_shares_split_new_hours_60_20_20_over_100_referrals():
    zone = ZoneFactory()
    _, contracts = framework_lot(zone)
    rng = random.Random(4)
    placed: dict[int, Decimal] = defaultdict(Decimal)
    for _ in range(100):
        package = make_package(
            zone=zone,
            visits=visits(
                calls=rng.randint(1, 4), minutes=rng.choice([15, 30, 45, 60]), double_up=rng.random() < 0.1
            ),
        )
        offers = services.start_brokering(by=TEST_ACTOR, package=package)
        services.accept_offer(by=TEST_ACTOR, offer=offers[0])
        package.refresh_from_db()
        placed[package.contract_id] += package.carer_hours_per_week
    total = sum(placed.values())
    shares = [float(100 * placed[c.pk] / total) for c in contracts]
    assert shares == pytest.approx([60, 20, 20], abs=3)


def test_suspended_provider_receives_no_offer():
    zone = ZoneFactory()
    _, contracts = framework_lot(zone)
    suspended = contracts[0]
    suspended.suspended_from = dt.date.today() - dt.timedelta(days=1)
    suspended.save()
    offered = set()
    for _ in range(10):
        package = make_package(zone=zone)
        offer = services.start_brokering(by=TEST_ACTOR, package=package)[0]
        offered.add(offer.provider_id)
        services.accept_offer(by=TEST_ACTOR, offer=offer)
    assert suspended.provider_id not in offered
    assert offered == {contracts[1].provider_id, contracts[2].provider_id}


def test_decline_offers_next_candidate():
    zone = ZoneFactory()
    _, contracts = framework_lot(zone, policy="ranked_cascade")
    package = make_package(zone=zone)
    first = services.start_brokering(by=TEST_ACTOR, package=package)[0]
    services.decline_offer(by=TEST_ACTOR, offer=first, reason="no_capacity")
    pending = package.offers.get(status=OfferStatus.PENDING)
    assert (first.provider_id, pending.provider_id) == (contracts[0].provider_id, contracts[1].provider_id)


def test_run_out_of_candidates_raises_alert_and_returns_to_brokering():
    zone = ZoneFactory()
    framework_lot(zone, shares=(100,))
    package = make_package(zone=zone)
    offer = services.start_brokering(by=TEST_ACTOR, package=package)[0]
    services.decline_offer(by=TEST_ACTOR, offer=offer, reason="area")
    package.refresh_from_db()
    assert package.status == PackageStatus.BROKERING and package.out_of_candidates
    assert BrokerAlert.objects.filter(
        package=package, kind=AlertKind.NO_CANDIDATES, resolved_at__isnull=True
    ).exists()


def test_expired_offer_moves_to_next_candidate():
    zone = ZoneFactory()
    framework_lot(zone, policy="ranked_cascade")
    package = make_package(zone=zone)
    offer = services.start_brokering(by=TEST_ACTOR, package=package)[0]
    count = services.expire_offers(by=Actor.job("expire-offers"), now=timezone.now() + dt.timedelta(days=2))
    offer.refresh_from_db()
    assert count == 1 and offer.status == OfferStatus.EXPIRED
    assert package.offers.filter(status=OfferStatus.PENDING).count() == 1


def test_accept_after_deadline_refused():
    zone = ZoneFactory()
    framework_lot(zone)
    package = make_package(zone=zone)
    offer = services.start_brokering(by=TEST_ACTOR, package=package)[0]
    offer.respond_by = timezone.now() - dt.timedelta(minutes=1)
    offer.save()
    with pytest.raises(BrokerageError, match="passed"):
        services.accept_offer(by=TEST_ACTOR, offer=offer)


def test_tiered_falls_back_to_second_tier_then_spot_recorded_off_framework():
    zone = ZoneFactory()
    lot, contracts = framework_lot(zone, policy="tiered", shares=(100,))
    second = ContractFactory(
        lot=lot, tier=ContractTier.SECOND_TIER, target_share=None, provider__zones=[zone]
    )
    spot = ContractFactory(
        lot=None, framework=None, tier=ContractTier.SPOT, target_share=None, provider__zones=[zone]
    )
    package = make_package(zone=zone)
    order = []
    offer = services.start_brokering(by=TEST_ACTOR, package=package)[0]
    for _ in range(2):
        order.append(offer.contract_id)
        services.decline_offer(by=TEST_ACTOR, offer=offer, reason="no_capacity")
        offer = package.offers.get(status=OfferStatus.PENDING)
    order.append(offer.contract_id)
    services.accept_offer(by=TEST_ACTOR, offer=offer)
    package.refresh_from_db()
    assert order == [contracts[0].pk, second.pk, spot.pk]
    assert package.off_framework and package.status == PackageStatus.PLACED


def test_broadcast_offers_all_and_places_with_best_scoring_acceptor():
    zone = ZoneFactory()
    _, contracts = framework_lot(zone, policy="broadcast")
    RateFactory(contract=contracts[0], hourly_rate=Decimal("30.00"), effective_from=dt.date(2024, 4, 1))
    RateFactory(contract=contracts[1], hourly_rate=Decimal("20.00"), effective_from=dt.date(2024, 4, 1))
    RateFactory(contract=contracts[2], hourly_rate=Decimal("25.00"), effective_from=dt.date(2024, 4, 1))
    package = make_package(zone=zone)
    offers = services.start_brokering(by=TEST_ACTOR, package=package)
    assert len(offers) == 3
    by_contract = {o.contract_id: o for o in offers}
    services.accept_offer(by=TEST_ACTOR, offer=by_contract[contracts[0].pk])
    services.decline_offer(by=TEST_ACTOR, offer=by_contract[contracts[2].pk], reason="no_capacity")
    package.refresh_from_db()
    assert package.status == PackageStatus.OFFERED
    services.accept_offer(by=TEST_ACTOR, offer=by_contract[contracts[1].pk])
    package.refresh_from_db()
    assert package.contract_id == contracts[1].pk  # cheapest, same quality
    assert package.offers.get(contract=contracts[0]).status == OfferStatus.NOT_CHOSEN


def test_override_offer_needs_reason():
    zone = ZoneFactory()
    _, contracts = framework_lot(zone)
    package = make_package(zone=zone)
    services.start_brokering(by=TEST_ACTOR, package=package)
    with pytest.raises(BrokerageError):
        services.override_offer(by=TEST_ACTOR, package=package, contract=contracts[2], reason=" ")


def test_override_offer_withdraws_pending_and_records_reason():
    zone = ZoneFactory()
    _, contracts = framework_lot(zone)
    package = make_package(zone=zone)
    first = services.start_brokering(by=TEST_ACTOR, package=package)[0]
    override = services.override_offer(
        by=TEST_ACTOR, package=package, contract=contracts[2], reason="Person's choice"
    )
    services.accept_offer(by=TEST_ACTOR, offer=override)
    first.refresh_from_db()
    package.refresh_from_db()
    assert first.status == OfferStatus.WITHDRAWN
    assert package.placement_override_reason == "Person's choice"


def test_every_transition_recorded():
    zone = ZoneFactory()
    framework_lot(zone)
    package = make_package(zone=zone)
    offer = services.start_brokering(by=TEST_ACTOR, package=package)[0]
    services.accept_offer(by=TEST_ACTOR, offer=offer)
    services.start_care(by=TEST_ACTOR, package=package, started_on=dt.date.today())
    services.end_package(
        by=TEST_ACTOR, package=package, ended_on=dt.date.today(), reason="Moved to a care home"
    )
    steps = list(PackageEvent.objects.filter(package=package).values_list("to_status", flat=True))
    assert steps == ["referred", "brokering", "offered", "placed", "active", "ended"]


def test_invalid_transition_refused():
    package = make_package()
    with pytest.raises(BrokerageError, match="cannot become"):
        services.start_care(by=TEST_ACTOR, package=package, started_on=dt.date.today())


def test_broadcast_window_closing_places_with_acceptor():
    zone = ZoneFactory()
    framework_lot(zone, policy="broadcast")
    package = make_package(zone=zone)
    offers = services.start_brokering(by=TEST_ACTOR, package=package)
    services.accept_offer(by=TEST_ACTOR, offer=offers[-1])
    services.expire_offers(by=Actor.job("expire-offers"), now=timezone.now() + dt.timedelta(days=2))
    package.refresh_from_db()
    assert (package.status, package.provider_id) == (PackageStatus.PLACED, offers[-1].provider_id)
    assert package.offers.filter(status=OfferStatus.EXPIRED).count() == 2


def _out_of_candidates():
    zone = ZoneFactory()
    _, contracts = framework_lot(zone, shares=(100,))
    package = make_package(zone=zone)
    offer = services.start_brokering(by=TEST_ACTOR, package=package)[0]
    services.decline_offer(by=TEST_ACTOR, offer=offer, reason="area")
    package.refresh_from_db()
    return package, contracts


def test_new_round_that_sends_an_offer_resolves_the_no_candidates_alert():
    package, _ = _out_of_candidates()
    offers = services.restart_brokering(by=TEST_ACTOR, package=package, reason="Capacity freed up")
    assert len(offers) == 1
    assert not package.alerts.filter(kind=AlertKind.NO_CANDIDATES, resolved_at__isnull=True).exists()


def test_override_offer_resolves_the_no_candidates_alert_and_flag():
    package, contracts = _out_of_candidates()
    services.override_offer(
        by=TEST_ACTOR, package=package, contract=contracts[0], reason="Asked again by phone"
    )
    package.refresh_from_db()
    assert not package.out_of_candidates
    assert not package.alerts.filter(kind=AlertKind.NO_CANDIDATES, resolved_at__isnull=True).exists()
