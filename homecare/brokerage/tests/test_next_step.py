"""The pure "why is this package here and what next" rules."""

import datetime as dt

from homecare.brokerage import next_step as ns
from homecare.brokerage.models import PackageStatus
from homecare.brokerage.next_step import Facts, next_step

NOW = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)


def facts(**kwargs) -> Facts:
    values = {"status": "brokering", "round": 1, "now": NOW}
    values.update(kwargs)
    return Facts(**values)


def test_next_step_status_strings_match_the_model():
    assert {PackageStatus.REFERRED, PackageStatus.BROKERING, PackageStatus.OFFERED} == ns.UNPLACED


def test_next_step_none_once_placed():
    assert next_step(facts(status="placed")) is None


def test_next_step_referred_starts_brokering():
    step = next_step(facts(status="referred"))
    assert (step.action, step.stuck) == (ns.START, True)


def test_next_step_pending_offer_waits_with_deadline():
    due = NOW + dt.timedelta(hours=5)
    step = next_step(facts(status="offered", pending_providers=("Alpha Care",), reply_due=due))
    assert step.actions == (ns.WAIT, ns.OVERRIDE) and not step.stuck
    assert "Offered to Alpha Care in round 1: waiting for a reply by 2 Nov 2026 15:00" in step.why


def test_next_step_overdue_reply_says_it_expires_at_next_check():
    due = NOW - dt.timedelta(hours=1)
    step = next_step(facts(status="offered", pending_providers=("Alpha Care",), reply_due=due))
    assert "was due 2 Nov 2026 09:00: the offer expires at the next check" in step.why


def test_next_step_broadcast_counts_acceptances():
    step = next_step(
        facts(status="offered", pending_providers=("A", "B"), accepted=1, broadcast=True, reply_due=NOW)
    )
    assert "Offered to 2 providers at once in round 1; 1 accepted so far" in step.why


def test_next_step_brokering_without_offer_but_candidates_offers_next():
    step = next_step(facts(candidates=4, next_candidate="Alpha Care"))
    assert (step.action, step.label, step.stuck) == (ns.OFFER_NEXT, "Offer to Alpha Care", True)
    assert "No offer has been sent in round 1, and 4 eligible providers can be offered" in step.why


def test_next_step_stale_no_candidates_alert_explained_when_providers_now_eligible():
    step = next_step(facts(out_of_candidates=True, candidates=3, next_candidate="Beta"))
    assert step.action == ns.OFFER_NEXT
    assert step.why.startswith(
        "An alert said no provider was left, but 3 eligible providers can now be offered"
    )


def test_next_step_everyone_declined_starts_new_round_first():
    step = next_step(facts(candidates=0, asked_without_acceptance=3, excluded=12, out_of_candidates=True))
    assert step.actions == (ns.NEW_ROUND, ns.OVERRIDE, ns.INTERIM) and step.stuck
    assert "3 providers asked without accepting, 12 others excluded" in step.why


def test_next_step_no_one_ever_eligible_offers_outside_the_order_first():
    step = next_step(facts(candidates=0, excluded=5, has_interim=True))
    assert step.actions == (ns.OVERRIDE, ns.NEW_ROUND)


def test_next_step_unknown_candidates_points_to_candidate_page():
    assert next_step(facts()).action == ns.CANDIDATES


def test_next_step_every_action_has_a_label():
    assert set(ns.ACTION_LABELS) == set(ns.ACTIONS)
