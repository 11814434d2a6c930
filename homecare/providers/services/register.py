"""Provider status, CQC headline rating and QAF assessments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.errors import DomainError
from homecare.providers.models import (
    CqcRating,
    CqcRatingValue,
    Provider,
    ProviderStatus,
    QafAssessment,
    QafLevel,
)

#: From worst to best: a provider with several locations is shown with its worst current rating.
RATING_SEVERITY = [
    CqcRatingValue.INADEQUATE,
    CqcRatingValue.REQUIRES_IMPROVEMENT,
    CqcRatingValue.GOOD,
    CqcRatingValue.OUTSTANDING,
    CqcRatingValue.NOT_RATED,
]

ALLOWED_STATUS_CHANGES = {
    ProviderStatus.ACTIVE: {ProviderStatus.DORMANT, ProviderStatus.DEREGISTERED, ProviderStatus.EXITED},
    ProviderStatus.DORMANT: {ProviderStatus.ACTIVE, ProviderStatus.DEREGISTERED, ProviderStatus.EXITED},
    ProviderStatus.DEREGISTERED: {ProviderStatus.ACTIVE, ProviderStatus.EXITED},
    ProviderStatus.EXITED: set(),
}


@transaction.atomic
def change_provider_status(
    *, by: Actor, provider: Provider, status: str, on: dt.date | None = None, reason: str = ""
) -> Provider:
    """Move a provider to another status. Exiting the market needs a date and a reason."""
    current = ProviderStatus(provider.status)
    target = ProviderStatus(status)
    if target not in ALLOWED_STATUS_CHANGES[current]:
        raise DomainError(f"A provider cannot go from {current.label.lower()} to {target.label.lower()}")
    values: dict[str, Any] = {"status": target}
    if target == ProviderStatus.EXITED:
        if on is None or not reason.strip():
            raise DomainError("Give the date the provider exited the market and the reason")
        values.update(exited_on=on, exit_reason=reason.strip())
    audit.update_fields(by=by, obj=provider, action="status_changed", reason=reason, **values)
    return provider


def latest_ratings(provider: Provider) -> list[CqcRating]:
    """The latest rating of each of the provider's locations."""
    latest: dict[int, CqcRating] = {}
    for rating in CqcRating.objects.filter(location__provider=provider).order_by("-published_on", "-id"):
        latest.setdefault(rating.location_id, rating)
    return list(latest.values())


@transaction.atomic
def refresh_cqc_rating(*, by: Actor, provider: Provider) -> Provider:
    """Set the provider's headline CQC rating: its location's latest overall rating (the worst
    of them when it has several locations). Empty when not yet inspected."""
    ratings = latest_ratings(provider)
    if not ratings:
        audit.update_fields(by=by, obj=provider, cqc_rating="", cqc_rating_published_on=None)
        return provider
    worst = min(ratings, key=lambda r: (RATING_SEVERITY.index(CqcRatingValue(r.overall)), r.published_on))
    audit.update_fields(
        by=by,
        obj=provider,
        action="cqc_rating_changed",
        cqc_rating=worst.overall,
        cqc_rating_published_on=max(r.published_on for r in ratings),
    )
    return provider


@transaction.atomic
def record_qaf_assessment(
    *,
    by: Actor,
    provider: Provider,
    level: str,
    assessed_on: dt.date,
    notes: str = "",
    today: dt.date | None = None,
) -> QafAssessment:
    """Record a QAF assessment; the provider's current level becomes the latest assessment's."""
    level = QafLevel(level)
    if assessed_on > (today or dt.date.today()):
        raise DomainError("The assessment date cannot be in the future")
    assessment = QafAssessment.objects.create(
        provider=provider,
        level=level,
        assessed_on=assessed_on,
        assessed_by=by.user,
        notes=notes.strip(),
    )
    audit.created(by=by, obj=assessment, fields=["provider_id", "level", "assessed_on", "notes"])
    latest = provider.qaf_assessments.order_by("-assessed_on", "-id").first()
    assert latest is not None
    audit.update_fields(by=by, obj=provider, action="qaf_level_changed", qaf_level=latest.level)
    return assessment
