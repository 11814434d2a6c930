"""Gather the facts `next_step.next_step` needs for unplaced packages (a fixed handful of queries
for a page of packages, plus one ranking per package with no offer waiting) and return each
package's next step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from homecare.brokerage import allocation
from homecare.brokerage.candidates import LotInfo, load_options, rank_package
from homecare.brokerage.models import AlertKind, BrokerAlert, InterimArrangement, Offer, OfferStatus, Package
from homecare.brokerage.next_step import BROKERING, OFFERED, UNPLACED, Facts, NextStep, next_step

#: Exclusions not worth counting for the broker: another zone's lots, a provider's second contract.
IRRELEVANT = frozenset({allocation.OTHER_ZONE, allocation.DUPLICATE})
NOT_ACCEPTED = frozenset(
    {OfferStatus.DECLINED, OfferStatus.EXPIRED, OfferStatus.WITHDRAWN, OfferStatus.NOT_CHOSEN}
)


def next_steps(packages: Sequence[Package], *, now: dt.datetime, on: dt.date) -> dict[int, NextStep]:
    """package id -> its next step, for the packages that are not yet placed."""
    unplaced = [p for p in packages if p.status in UNPLACED]
    if not unplaced:
        return {}
    rounds = {p.pk: p.brokering_round for p in unplaced}
    offers: dict[int, list[tuple[str, dt.datetime, str, str, int]]] = {pk: [] for pk in rounds}
    for package_id, round_, status, respond_by, name, policy, provider_id in Offer.objects.filter(
        package_id__in=list(rounds)
    ).values_list("package_id", "round", "status", "respond_by", "provider__name", "policy", "provider_id"):
        if round_ == rounds[package_id]:
            offers[package_id].append((status, respond_by, name, policy, provider_id))
    alerted = set(
        BrokerAlert.objects.filter(
            package_id__in=list(rounds), kind=AlertKind.NO_CANDIDATES, resolved_at__isnull=True
        ).values_list("package_id", flat=True)
    )
    loaded: dict[tuple[int | None, str], tuple[list[allocation.Option], LotInfo | None]] = {}
    steps: dict[int, NextStep] = {}
    for p in unplaced:
        mine = offers[p.pk]
        pending = [o for o in mine if o[0] == OfferStatus.PENDING]
        accepted = sum(1 for o in mine if o[0] == OfferStatus.ACCEPTED)
        asked = {o[4] for o in mine if o[0] in NOT_ACCEPTED}
        candidates: int | None = None
        next_candidate = ""
        excluded = 0
        if p.status in {BROKERING, OFFERED} and not pending and not accepted:
            key = (p.zone_id, p.service_type)
            if key not in loaded:
                loaded[key] = load_options(zone_id=p.zone_id, service_type=p.service_type, on=on)
            ranking = rank_package(p, on=on, loaded=loaded[key]).ranking
            candidates = len(ranking.candidates)
            next_candidate = ranking.candidates[0].option.provider_name if ranking.candidates else ""
            excluded = len(
                {
                    e.option.provider_id
                    for e in ranking.excluded
                    if e.option.provider_id not in asked and e.kind not in IRRELEVANT
                }
            )
        facts = Facts(
            status=p.status,
            round=p.brokering_round,
            now=now,
            pending_providers=tuple(sorted(o[2] for o in pending)),
            reply_due=min((o[1] for o in pending), default=None),
            accepted=accepted,
            asked_without_acceptance=len(asked),
            broadcast=any(o[3] == allocation.BROADCAST for o in pending),
            out_of_candidates=p.out_of_candidates or p.pk in alerted,
            candidates=candidates,
            next_candidate=next_candidate,
            excluded=excluded,
            has_interim=p.interim_arrangement != InterimArrangement.NONE,
        )
        step = next_step(facts)
        if step is not None:
            steps[p.pk] = step
    return steps
