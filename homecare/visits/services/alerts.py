"""Alerts for time-critical visits with no check-in within their tolerance."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.calendar import LONDON
from homecare.core.errors import DomainError
from homecare.visits.models import Visit, VisitAlert, VisitStatus


@transaction.atomic
def raise_alerts(*, by: Actor, now: dt.datetime | None = None) -> int:
    """Raise an alert for every time-critical visit whose tolerance has passed with no check-in.
    Run every 30 seconds by the worker, so an alert follows the tolerance within a minute."""
    now = now or timezone.now()
    due = list(
        Visit.objects.filter(
            time_critical=True,
            is_planned=True,
            status=VisitStatus.SCHEDULED,
            carers_seen=0,
            planned_start__lte=now,
            planned_start__gte=now - dt.timedelta(hours=12),
            alert__isnull=True,
        ).select_related("package")
    )
    alerts = []
    for visit in due:
        if visit.planned_start + dt.timedelta(minutes=visit.tolerance_minutes) > now:
            continue
        local = visit.planned_start.astimezone(LONDON)
        alerts.append(
            VisitAlert(
                visit=visit,
                provider_id=visit.provider_id,
                raised_at=now,
                message=(
                    f"Time-critical visit for {visit.package.reference} planned at {local:%H:%M} on "
                    f"{local:%d/%m/%Y} has no check-in {visit.tolerance_minutes} minutes after its start"
                ),
            )
        )
    created = VisitAlert.objects.bulk_create(alerts, ignore_conflicts=True)
    if created:
        audit.record_many(
            by=by,
            action="alert_raised",
            objs=VisitAlert.objects.filter(visit__in=[a.visit for a in alerts]),
        )
    return len(created)


@transaction.atomic
def resolve_alert(*, by: Actor, alert: VisitAlert, note: str) -> VisitAlert:
    if alert.resolved_at is not None:
        raise DomainError("This alert has already been resolved")
    if not note.strip():
        raise DomainError({"note": "Say what happened and what was done"})
    audit.update_fields(
        by=by,
        obj=alert,
        action="alert_resolved",
        resolved_at=timezone.now(),
        resolved_by=by.user,
        resolved_by_label=by.label,
        resolution_note=note.strip(),
    )
    return alert
