"""Display formatting for brokerage pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from homecare.brokerage import allocation, next_step
from homecare.brokerage.hooks import CandidateSignal
from homecare.brokerage.models import (
    DAYS,
    CarePlan,
    HandBack,
    Offer,
    OfferStatus,
    Package,
    PackageStatus,
    PlannedVisit,
)

STATUS_TAGS = {
    PackageStatus.REFERRED: "govuk-tag--light-blue",
    PackageStatus.BROKERING: "govuk-tag--yellow",
    PackageStatus.OFFERED: "govuk-tag--orange",
    PackageStatus.PLACED: "govuk-tag--turquoise",
    PackageStatus.ACTIVE: "govuk-tag--green",
    PackageStatus.VARIED: "govuk-tag--green",
    PackageStatus.ENDED: "govuk-tag--grey",
    PackageStatus.CANCELLED: "govuk-tag--grey",
    PackageStatus.HANDED_BACK: "govuk-tag--red",
}
OFFER_TAGS = {
    OfferStatus.PENDING: "govuk-tag--orange",
    OfferStatus.ACCEPTED: "govuk-tag--green",
    OfferStatus.DECLINED: "govuk-tag--red",
    OfferStatus.EXPIRED: "govuk-tag--grey",
    OfferStatus.WITHDRAWN: "govuk-tag--grey",
    OfferStatus.NOT_CHOSEN: "govuk-tag--grey",
}


def hours(value: Decimal | float | None) -> str:
    if value is None:
        return ""
    return f"{Decimal(value).quantize(Decimal('0.01')).normalize():f} h"


def days_text(mask: int) -> str:
    days = [d for i, d in enumerate(DAYS) if mask & (1 << i)]
    if len(days) == 7:
        return "Every day"
    if days == DAYS[:5]:
        return "Mon to Fri"
    return ", ".join(days)


def visit_rows(visits: list[PlannedVisit]) -> list[dict[str, str]]:
    return [
        {
            "days": days_text(v.days),
            "time": f"{v.start_time:%H:%M}",
            "length": f"{v.duration_minutes} min",
            "carers": "2 (double-up)" if v.carers == 2 else "1",
            "time_critical": f"Yes, ±{v.tolerance_minutes} min" if v.time_critical else "No",
            "tasks": v.tasks,
        }
        for v in visits
    ]


def plan_summary(plan: CarePlan | None) -> list[tuple[str, str]]:
    if plan is None:
        return [("Care plan", "None yet")]
    return [
        ("Version", f"{plan.version} from {plan.effective_from:%-d %B %Y}"),
        ("Visits a week", str(plan.visits_per_week)),
        ("Visit hours a week", hours(plan.hours_per_week)),
        ("Carer hours a week", f"{hours(plan.carer_hours_per_week)} (double-ups count each carer)"),
        ("Reablement", "Yes" if plan.reablement else "No"),
        ("Needs and risks", plan.needs or "None recorded"),
    ]


def package_summary(package: Package, *, today: dt.date) -> list[tuple[str, str]]:
    referral = package.referral
    rows = [
        ("Status", package.get_status_display()),
        ("Person", package.person.council_ref),
        ("Zone", str(package.zone or "Unknown")),
        ("Funding", package.get_funding_display()),
        ("Service", package.get_service_type_display()),
        ("Urgency", package.get_urgency_display()),
        ("Referred", f"{package.referred_on:%-d %B %Y}"),
    ]
    if referral is not None:
        rows.append(("Source", referral.get_source_display()))
        if referral.hospital:
            rows.append(("Hospital", " - ".join(filter(None, [referral.hospital, referral.hospital_ward]))))
        if referral.ready_for_discharge_on:
            rows.append(("Ready for discharge", f"{referral.ready_for_discharge_on:%-d %B %Y}"))
            start = package.started_on or today
            rows.append(("Bed days lost", str(max(0, (start - referral.ready_for_discharge_on).days))))
    if package.requested_start_on:
        rows.append(("Requested start", f"{package.requested_start_on:%-d %B %Y}"))
    if package.status in {PackageStatus.REFERRED, PackageStatus.BROKERING, PackageStatus.OFFERED}:
        rows.append(("Waiting", f"{package.wait_days(today)} days"))
        rows.append(
            (
                "Interim arrangement",
                " - ".join(filter(None, [package.get_interim_arrangement_display(), package.interim_notes])),
            )
        )
    if package.provider_id:
        framework = "off-framework (spot)" if package.off_framework else "framework"
        rows.append(("Provider", f"{package.provider} ({framework})"))
    if package.placement_override_reason:
        rows.append(("Override reason", package.placement_override_reason))
    for label, value in (
        ("Placed", package.placed_on),
        ("Care started", package.started_on),
        ("Ended", package.ended_on),
        ("Notice ends", package.notice_ends_on),
    ):
        if value:
            rows.append((label, f"{value:%-d %B %Y}"))
    if package.end_reason:
        rows.append(("End reason", package.end_reason))
    return rows


SIGNAL_TAGS = {"good": "govuk-tag--green", "warning": "govuk-tag--orange"}


def candidate_rows(
    ranking: allocation.Ranking, signals: dict[int, list[CandidateSignal]] | None = None
) -> list[dict[str, Any]]:
    """One row per ranked candidate, with what higher apps said about it (route fit, risk...)."""
    signals = signals or {}
    return [
        {
            "position": c.position,
            "provider": c.option.provider_name,
            "tier": c.option.tier.replace("_", " "),
            "stage": c.stage,
            "score": f"{c.score:.1f}",
            "quality": f"{c.quality_points:.0f}",
            "price": "no rate" if c.price_points is None else f"{c.price_points:.0f}",
            "rate": "" if c.option.hourly_rate is None else f"£{c.option.hourly_rate:.2f}",
            "reason": c.reason,
            "capacity": capacity_text(c),
            "short": bool(c.capacity_shortfall),
            "signals": [
                {"label": s.label, "text": s.text, "tag": SIGNAL_TAGS.get(s.tone, "")}
                for s in signals.get(c.option.provider_id, [])
            ],
        }
        for c in ranking.candidates
    ]


def capacity_text(candidate: allocation.Ranked) -> str:
    if candidate.capacity_shortfall:
        return f"Short: {candidate.capacity_shortfall}"
    if candidate.option.capacity is None:
        return "Not declared"
    return "Enough declared"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def exclusion_groups(ranking: allocation.Ranking) -> list[dict[str, Any]]:
    """Exclusions grouped by kind (most useful first), each provider once per group with its tiers
    and, where it says more than the group's heading, the detailed reason."""
    order = list(allocation.EXCLUSION_KINDS)
    groups: dict[str, dict[int, dict[str, Any]]] = {}
    for e in ranking.excluded:
        rows = groups.setdefault(e.kind, {})
        row = rows.setdefault(
            e.option.provider_id, {"provider": e.option.provider_name, "tiers": [], "details": []}
        )
        tier = e.option.tier.replace("_", " ")
        if tier not in row["tiers"]:
            row["tiers"].append(tier)
        if e.reason != allocation.EXCLUSION_KINDS.get(e.kind) and e.reason not in row["details"]:
            row["details"].append(e.reason)
    result = []
    for kind in sorted(groups, key=lambda k: order.index(k) if k in order else len(order)):
        listed = sorted(groups[kind].values(), key=lambda r: r["provider"])
        result.append(
            {
                "kind": kind,
                "heading": f"{allocation.EXCLUSION_KINDS.get(kind, 'Excluded')} ({_plural(len(listed), 'provider')})",
                "rows": [
                    {
                        "provider": r["provider"],
                        "tier": ", ".join(r["tiers"]),
                        "reason": "; ".join(r["details"]),
                    }
                    for r in listed
                ],
            }
        )
    return result


#: Exclusions a broker may still override to: not another lot's contract for another zone, nor a
#: second contract of a provider already listed.
NOT_OVERRIDABLE = frozenset({allocation.OTHER_ZONE, allocation.DUPLICATE, allocation.LEGACY_CONTRACT})


def override_choices(ranking: allocation.Ranking) -> list[tuple[str, list[tuple[int, str]]]]:
    """The override form's choices, grouped: ranked candidates, then the exclusions that may be
    overridden, by reason (a contract that cannot take new packages is left out)."""
    groups: list[tuple[str, list[tuple[int, str]]]] = []
    ranked = [
        (c.option.contract_id, f"{c.option.provider_name} ({c.option.tier.replace('_', ' ')})")
        for c in ranking.candidates
    ]
    if ranked:
        groups.append(("Ranked", ranked))
    by_kind: dict[str, list[tuple[int, str]]] = {}
    for e in ranking.excluded:
        o = e.option
        if e.kind in NOT_OVERRIDABLE or not o.in_force or o.suspended_from or not o.provider_active:
            continue
        by_kind.setdefault(e.kind, []).append(
            (o.contract_id, f"{o.provider_name} ({o.tier.replace('_', ' ')}): {e.reason}")
        )
    order = list(allocation.EXCLUSION_KINDS)
    for kind in sorted(by_kind, key=lambda k: order.index(k) if k in order else len(order)):
        groups.append((f"Excluded: {allocation.EXCLUSION_KINDS.get(kind, kind)}", by_kind[kind]))
    return groups


#: Actions done by a button on the package page (a POST to `brokerage:package-action`).
POSTED_ACTIONS = frozenset({next_step.START, next_step.OFFER_NEXT})


def step_actions(step: next_step.NextStep, package_id: int, *, can_write: bool) -> list[dict[str, Any]]:
    """Each action of a package's next step as {label, url, post}: a button posting to `url` when
    `post`, otherwise a link. Without write permission only the links that show more remain."""
    package_url = reverse("brokerage:package", args=[package_id])
    candidates_url = reverse("brokerage:candidates", args=[package_id])
    rows = []
    for i, action in enumerate(step.actions):
        label = step.label if i == 0 else next_step.ACTION_LABELS[action]
        if action in POSTED_ACTIONS:
            url, post = reverse("brokerage:package-action", args=[package_id, action]), True
        elif action == next_step.OVERRIDE:
            url, post = f"{candidates_url}#offer-outside-order", False
        elif action == next_step.CANDIDATES:
            url, post = candidates_url, False
        elif action == next_step.NEW_ROUND:
            url, post = f"{package_url}#new-round", False
        elif action == next_step.INTERIM:
            url, post = f"{package_url}#interim", False
        else:
            url, post = f"{package_url}#offers", False
        if not can_write and action not in {next_step.CANDIDATES, next_step.WAIT}:
            continue
        rows.append({"label": label, "url": url, "post": post, "main": i == 0})
    return rows


def step_link(step: next_step.NextStep, package_id: int, *, can_write: bool) -> dict[str, Any] | None:
    """The main action as a link for lists (the dashboard): a posted action links to the package
    page's next-step panel, where its button is."""
    actions = step_actions(step, package_id, can_write=can_write)
    if not actions:
        return None
    main = actions[0]
    if main["post"]:
        return {"label": main["label"], "url": reverse("brokerage:package", args=[package_id]) + "#next-step"}
    return {"label": main["label"], "url": main["url"]}


def anonymised_offer(
    offer: Offer, plan: CarePlan | None, visits: list[PlannedVisit]
) -> list[tuple[str, str]]:
    """What a provider sees before accepting: postcode district, schedule and needs; never the name."""
    package = offer.package
    person = package.person
    district = (
        person.postcode_ref.district
        if person.postcode_ref
        else (person.postcode.split(" ")[0] if person.postcode else "Unknown")
    )
    rows = [
        ("Offer", f"OFR{offer.pk:06d}"),
        ("Area", f"{district} ({package.zone or 'zone unknown'})"),
        ("Service", package.get_service_type_display()),
        ("Urgency", package.get_urgency_display()),
        (
            "Start",
            f"{package.requested_start_on:%-d %B %Y}"
            if package.requested_start_on
            else "As soon as possible",
        ),
        ("Reply by", f"{offer.respond_by:%-d %B %Y %H:%M}"),
    ]
    if plan is not None:
        rows += [
            ("Visits a week", str(plan.visits_per_week)),
            ("Carer hours a week", hours(plan.carer_hours_per_week)),
            ("Double-up visits", "Yes" if any(v.carers == 2 for v in visits) else "No"),
            ("Reablement", "Yes" if plan.reablement else "No"),
            ("Needs and risks", plan.needs or "None recorded"),
        ]
    return rows


def continuity(hand_back: HandBack, today: dt.date) -> str:
    successor = hand_back.successor
    if successor is None:
        return "Not re-brokered"
    start = successor.started_on or successor.placed_on
    if start is None:
        if today > hand_back.notice_ends_on:
            return f"Gap: {(today - hand_back.notice_ends_on).days} days so far"
        return "Being re-brokered"
    gap = (start - hand_back.notice_ends_on).days - 1
    return "Continuous" if gap <= 0 else f"Gap of {gap} days"
