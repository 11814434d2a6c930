"""Display formatting for brokerage pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from homecare.brokerage import allocation
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


def candidate_rows(ranking: allocation.Ranking) -> list[dict[str, Any]]:
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
        }
        for c in ranking.candidates
    ]


def exclusion_rows(ranking: allocation.Ranking) -> list[dict[str, str]]:
    return [
        {"provider": e.option.provider_name, "tier": e.option.tier.replace("_", " "), "reason": e.reason}
        for e in sorted(
            ranking.excluded, key=lambda e: (e.reason == "Does not serve the zone", e.option.provider_name)
        )
    ]


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
