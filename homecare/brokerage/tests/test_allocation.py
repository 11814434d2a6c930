"""The pure ranking function."""

from homecare.brokerage import allocation
from homecare.brokerage.allocation import Need, Option, Policy, rank


def option(cid: int, tier: str = "ranked", **kwargs) -> Option:
    values = {
        "contract_id": cid,
        "provider_id": cid,
        "provider_name": f"P{cid}",
        "tier": tier,
        "service_type": "general",
        "zone_ids": frozenset({1}),
    }
    values.update(kwargs)
    return Option(**values)


NEED = Need(zone_id=1, service_type="general", carer_hours=10, band_hours={"morning": 7.0})


def names(ranking):
    return [c.option.provider_name for c in ranking.candidates]


def test_rank_ranked_cascade_follows_tender_rank():
    opts = [option(1, tender_rank=3), option(2, tender_rank=1), option(3, tender_rank=2)]
    assert names(rank(NEED, opts, Policy(allocation.RANKED_CASCADE))) == ["P2", "P3", "P1"]


def test_rank_zone_shares_furthest_below_target_first():
    opts = [
        option(1, "lead", target_share=60, hours_placed=70),
        option(2, "secondary", target_share=20, hours_placed=10),
        option(3, "secondary", target_share=20, hours_placed=20),
    ]
    # shares: 70%, 10%, 20% -> deficits -10, +10, 0
    assert names(rank(NEED, opts, Policy(allocation.ZONE_SHARES))) == ["P2", "P3", "P1"]


def test_rank_zone_shares_with_nothing_placed_starts_with_lead():
    opts = [option(2, "secondary", target_share=20), option(1, "lead", target_share=60)]
    assert names(rank(NEED, opts, Policy(allocation.ZONE_SHARES)))[0] == "P1"


def test_rank_suspended_contract_excluded_with_reason():
    ranking = rank(NEED, [option(1, suspended_from="01/11/2026")], Policy())
    assert ranking.candidates == []
    assert ranking.excluded[0].reason == "New packages suspended from 01/11/2026"


def test_rank_other_zone_and_service_excluded():
    ranking = rank(NEED, [option(1, zone_ids=frozenset({2})), option(2, service_type="night")], Policy())
    assert sorted(e.reason for e in ranking.excluded) == [
        "Contract is for night care",
        "Does not serve the zone",
    ]


def test_rank_declared_capacity_too_small_excluded_when_policy_says_so():
    ranking = rank(NEED, [option(1, capacity={"morning": 3.0})], Policy(exclude_capacity_shortfall=True))
    assert "morning (needs 7 h, declared 3 h)" in ranking.excluded[0].reason


def test_rank_declared_capacity_too_small_ranked_with_signal_by_default():
    ranking = rank(NEED, [option(1, capacity={"morning": 3.0})], Policy())
    assert names(ranking) == ["P1"]
    assert ranking.candidates[0].capacity_shortfall == "morning (needs 7 h, declared 3 h)"


def test_rank_capacity_shortfall_asked_after_providers_with_enough_in_same_stage():
    opts = [
        option(1, tender_rank=1, capacity={"morning": 3.0}),
        option(2, tender_rank=2, capacity={"morning": 10.0}),
        option(3, tender_rank=3),
        option(4, "spot"),
    ]
    assert names(rank(NEED, opts, Policy())) == ["P2", "P3", "P1", "P4"]


def test_rank_undeclared_capacity_is_eligible():
    assert names(rank(NEED, [option(1, capacity=None)], Policy())) == ["P1"]


def test_rank_already_asked_provider_excluded():
    need = Need(zone_id=1, service_type="general", carer_hours=10, already_asked={1: "Declined"})
    assert rank(need, [option(1)], Policy()).excluded[0].reason == "Declined"


def test_rank_tiered_puts_second_tier_then_spot_after_framework():
    opts = [option(1, "spot"), option(2, "second_tier"), option(3, "ranked", tender_rank=1)]
    ranking = rank(NEED, opts, Policy(allocation.TIERED))
    assert [(c.option.provider_name, c.stage) for c in ranking.candidates] == [
        ("P3", "framework"),
        ("P2", "second tier"),
        ("P1", "spot"),
    ]
    assert ranking.candidates[2].off_framework


def test_rank_legacy_never_offered_new_work():
    ranking = rank(NEED, [option(1, "legacy")], Policy())
    assert ranking.candidates == [] and "Legacy" in ranking.excluded[0].reason


def test_rank_broadcast_orders_by_score_and_offers_whole_stage():
    opts = [
        option(1, cqc_rating="requires_improvement", hourly_rate=20.0),
        option(2, cqc_rating="outstanding", hourly_rate=25.0),
        option(3, "spot", cqc_rating="outstanding", hourly_rate=20.0),
    ]
    ranking = rank(NEED, opts, Policy(allocation.BROADCAST, quality_weight=0.6, price_weight=0.4))
    # P2: 0.6*100 + 0.4*80 = 92; P1: 0.6*35 + 0.4*100 = 61
    assert [(c.option.provider_name, c.score) for c in ranking.candidates[:2]] == [("P2", 92.0), ("P1", 61.0)]
    assert [c.option.provider_name for c in ranking.next_wave()] == ["P2", "P1"]


def test_rank_cascade_next_wave_is_one_provider():
    ranking = rank(NEED, [option(1, tender_rank=1), option(2, tender_rank=2)], Policy())
    assert [c.option.provider_name for c in ranking.next_wave()] == ["P1"]


def test_rank_inactive_provider_excluded():
    assert (
        rank(NEED, [option(1, provider_active=False)], Policy()).excluded[0].reason
        == "Provider is not active"
    )


def test_rank_every_exclusion_has_a_known_kind():
    opts = [
        option(1, provider_active=False),
        option(2, "legacy"),
        option(3, in_force=False),
        option(4, suspended_from="01/11/2026"),
        option(5, service_type="night"),
        option(6, zone_ids=frozenset({2})),
        option(7, capacity={"morning": 1.0}),
    ]
    ranking = rank(NEED, opts, Policy(exclude_capacity_shortfall=True))
    assert [e.kind for e in ranking.excluded] == [
        allocation.INACTIVE,
        allocation.LEGACY_CONTRACT,
        allocation.NOT_IN_FORCE,
        allocation.SUSPENDED,
        allocation.OTHER_SERVICE,
        allocation.OTHER_ZONE,
        allocation.CAPACITY,
    ]
