"""Penalties under each contract's monitoring rule, calculated per period, and their waiver."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.errors import DomainError
from homecare.visits.models import (
    MonitoringRule,
    PenaltyLine,
    PenaltyStatement,
    PenaltyStatus,
    Visit,
    VisitStatus,
)

PENALISED = {
    VisitStatus.MISSED: "missed_visit_penalty",
    VisitStatus.UNVERIFIED: "unverified_visit_penalty",
    VisitStatus.LATE: "late_visit_penalty",
    VisitStatus.SHORT: "short_visit_penalty",
}


@transaction.atomic
def calculate(*, by: Actor, provider: Any, period_start: dt.date, period_end: dt.date) -> PenaltyStatement:
    """(Re)calculate a provider's penalties for a period. A statement already waived or applied to a
    payment is not recalculated."""
    if period_end < period_start:
        raise DomainError({"period_end": "The period must end on or after its start"})
    statement = PenaltyStatement.objects.filter(
        provider=provider, period_start=period_start, period_end=period_end
    ).first()
    if statement is not None and statement.status != PenaltyStatus.CALCULATED:
        raise DomainError(
            f"The penalties for this period are {statement.get_status_display().lower()}: they cannot be recalculated"
        )
    rules = {r.contract_id: r for r in MonitoringRule.objects.all()}
    default = rules.get(None)
    lines = []
    visits = Visit.objects.filter(
        provider=provider,
        visit_date__gte=period_start,
        visit_date__lte=period_end,
        status__in=list(PENALISED),
    ).select_related("package")
    for visit in visits:
        rule = rules.get(visit.package.contract_id, default)
        if rule is None:
            continue
        amount: Decimal = getattr(rule, PENALISED[VisitStatus(visit.status)])
        if amount > 0:
            lines.append(PenaltyLine(visit=visit, kind=visit.status, amount=amount))
    total = sum((line.amount for line in lines), Decimal("0.00"))
    if statement is None:
        statement = PenaltyStatement.objects.create(
            provider=provider,
            period_start=period_start,
            period_end=period_end,
            total=total,
            calculated_at=timezone.now(),
        )
        audit.created(by=by, obj=statement, fields=["provider_id", "period_start", "period_end", "total"])
    else:
        statement.lines.all().delete()
        audit.update_fields(
            by=by, obj=statement, action="recalculated", total=total, calculated_at=timezone.now()
        )
    for line in lines:
        line.statement = statement
    PenaltyLine.objects.bulk_create(lines)
    return statement


@transaction.atomic
def waive(
    *, by: Actor, statement: PenaltyStatement, reason: str, line_ids: list[int] | None = None
) -> PenaltyStatement:
    """Waive a statement's penalties, all or some lines (for example when a provider's viability is at risk)."""
    if not reason.strip():
        raise DomainError({"reason": "Say why the penalties are waived"})
    if statement.status == PenaltyStatus.APPLIED:
        raise DomainError("These penalties have been applied to a payment: they cannot be waived")
    lines = statement.lines.filter(waived=False)
    if line_ids is not None:
        lines = lines.filter(pk__in=line_ids)
    if not lines.exists():
        raise DomainError("There are no penalties left to waive")
    audit.bulk_update(by=by, queryset=lines, action="waived", reason=reason, waived=True)
    waived_total = sum((line.amount for line in statement.lines.filter(waived=True)), Decimal("0.00"))
    status = PenaltyStatus.WAIVED if waived_total == statement.total else PenaltyStatus.PARTLY_WAIVED
    audit.update_fields(
        by=by,
        obj=statement,
        action="waived",
        reason=reason,
        waived_total=waived_total,
        status=status,
        waived_at=timezone.now(),
        waived_by=by.user,
        waived_by_label=by.label,
        waiver_reason=reason.strip(),
    )
    return statement
