"""Electronic call monitoring API: providers post check-in and check-out events with their token (or
signed in as one of the provider's users). The provider is the caller's own: `request.actor`'s."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import ValidationError as RequestInvalid

from homecare.core.api_auth import TOKEN_OR_SESSION
from homecare.core.context import current
from homecare.core.permissions import check_permission
from homecare.core.text import SaneDate
from homecare.visits.models import PenaltyLine, PenaltyStatement, Visit, VisitExplanation
from homecare.visits.permissions import (
    EXPLAIN_EXCEPTIONS,
    READ_PLANNED_VISITS,
    SEND_EVENTS,
    VIEW_OWN_PENALTIES,
    VIEW_PENALTIES,
)
from homecare.visits.services.explanations import MAX_LENGTH as EXPLANATION_MAX_LENGTH
from homecare.visits.services.explanations import explain_visit
from homecare.visits.services.ingest import MAX_BATCH, ingest

#: Mounted at the API's root: the operations below name their own paths (/visit-events, /visits, ...).
PREFIX = "/"
router = Router(tags=["call monitoring"], auth=TOKEN_OR_SESSION)


class BatchIn(Schema):
    events: list[dict[str, Any]] = Field(
        ...,
        max_length=MAX_BATCH,
        description=(
            f"Up to {MAX_BATCH} events. Each is an object with: event_id (your unique id; re-sending adds nothing), "
            "provider (optional: your council reference or CQC provider ID), carer_ref, package_ref (e.g. PKG000123) "
            "or person_ref, visit_ref (e.g. V123, when known), event_type (check_in or check_out), timestamp (ISO 8601 "
            "with an offset), method (phone, app, nfc, qr or manual), latitude and longitude (optional), "
            "exception_code (required for manual entries). Each event is checked on its own."
        ),
    )


class EventResultOut(Schema):
    index: int
    event_id: str
    status: str = Field(..., description="accepted, duplicate or rejected")
    field: str | None = None
    reason: str | None = None


class BatchOut(Schema):
    accepted: int
    duplicate: int
    rejected: int
    results: list[EventResultOut]


class ErrorOut(Schema):
    detail: str


@router.post(
    "visit-events",
    response={200: BatchOut, 422: ErrorOut},
    summary="Send check-in and check-out events",
    description=(
        "Each event gets its own result: accepted, duplicate (already received: nothing is added) or "
        "rejected with the field and the reason. The accepted events of a request are stored together "
        "before the answer is sent; if the answer never arrives, send the same batch again. With "
        "`all_or_nothing=true`, one rejected event rejects the whole batch. Events for packages that "
        "are not yours are rejected. For providers only (their API token, or one of their users signed in): "
        "others get 403. Limited to a number of requests a minute per token (429 with Retry-After)."
    ),
)
def post_events(request: HttpRequest, payload: BatchIn, all_or_nothing: bool = False) -> Any:
    actor = request.actor  # type: ignore[attr-defined]
    check_permission(actor, SEND_EVENTS)
    result = ingest(
        provider=actor.provider,
        events=payload.events,
        batch=current().request_id,
        all_or_nothing=all_or_nothing,
    )
    return {**result.summary(), "results": [r.as_dict() for r in result.results]}


# ---------------------------------------------------------------------------------------------
# Providers read their planned visits (to send visit_ref), their penalty statements, and explain
# a visit that did not go as planned.
# ---------------------------------------------------------------------------------------------
#: The longest date range one request for planned visits may cover, in days (both ends included).
MAX_RANGE_DAYS = 31
#: The range when none is given: from `start` (default today) for a week.
DEFAULT_RANGE_DAYS = 7
#: The most visits (or statements) one page of an answer holds.
MAX_PAGE = 5000
#: The largest id a path may name (a bigger number names nothing).
MAX_ID = 2**63 - 1


def _query_error(field: str, message: str) -> RequestInvalid:
    return RequestInvalid([{"type": "value_error", "loc": ["query", field], "msg": message}])


class PlannedVisitOut(Schema):
    visit_ref: str = Field(
        ..., description="Send this as visit_ref with the visit's check-in and check-out events"
    )
    package_ref: str
    visit_date: dt.date = Field(..., description="Local (UK) date of the planned start")
    planned_start: dt.datetime
    planned_end: dt.datetime
    duration_minutes: int
    carers_needed: int
    time_critical: bool
    status: str = Field(..., description="scheduled until the visit's outcome is known, then its outcome")


class PlannedVisitsOut(Schema):
    start: dt.date
    end: dt.date
    count: int = Field(..., description="How many visits the range holds (all pages)")
    offset: int
    limit: int
    visits: list[PlannedVisitOut]


def _visit_out(visit: Visit) -> dict[str, Any]:
    return {
        "visit_ref": visit.reference,
        "package_ref": visit.package.reference,
        "visit_date": visit.visit_date,
        "planned_start": visit.planned_start,
        "planned_end": visit.planned_end,
        "duration_minutes": visit.duration_minutes,
        "carers_needed": visit.carers_needed,
        "time_critical": visit.time_critical,
        "status": visit.status,
    }


@router.get(
    "visits",
    response=PlannedVisitsOut,
    tags=["visits"],
    summary="Your planned visits for a date range",
    description=(
        f"Your organisation's planned visits (not cancelled ones) whose planned start falls between `start` and "
        f"`end` (local UK dates, both included, at most {MAX_RANGE_DAYS} days; by default today and the "
        f"{DEFAULT_RANGE_DAYS - 1} days after it, or {DEFAULT_RANGE_DAYS} days from `start`), in order of planned start, with "
        "the visit reference (`visit_ref`) your call-monitoring system can send with each event. Long answers "
        f"come in pages: `limit` visits (at most {MAX_PAGE}) from `offset`; `count` says how many there are. "
        "For providers only (their API token, or one of their users signed in): others get 403."
    ),
)
def planned_visits(
    request: HttpRequest,
    start: SaneDate | None = None,
    end: SaneDate | None = None,
    limit: int = Query(1000, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0, le=MAX_ID),
) -> dict[str, Any]:
    actor = request.actor  # type: ignore[attr-defined]
    check_permission(actor, READ_PLANNED_VISITS)
    start = start or timezone.localdate()
    end = end or start + dt.timedelta(days=DEFAULT_RANGE_DAYS - 1)
    if end < start:
        raise _query_error("end", "end must be the same as or after start")
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise _query_error("end", f"Ask for at most {MAX_RANGE_DAYS} days at a time")
    visits = (
        Visit.objects.planned()
        .visible_to(actor)
        .filter(visit_date__gte=start, visit_date__lte=end)
        .select_related("package")
        .order_by("planned_start", "id")
    )
    page = visits[offset : offset + limit]
    return {
        "start": start,
        "end": end,
        "count": visits.count(),
        "offset": offset,
        "limit": limit,
        "visits": [_visit_out(v) for v in page],
    }


class PenaltyStatementOut(Schema):
    id: int
    provider_ref: str
    period_start: dt.date
    period_end: dt.date
    status: str = Field(..., description="calculated, waived, partly_waived or applied")
    total: Decimal
    waived_total: Decimal
    payable: Decimal
    calculated_at: dt.datetime
    waiver_reason: str


class PenaltyLineOut(Schema):
    visit_ref: str
    package_ref: str
    visit_date: dt.date
    kind: str = Field(
        ..., description="The visit's outcome that was penalised: missed, unverified, late or short"
    )
    amount: Decimal
    waived: bool
    explanation: str | None = Field(None, description="Your explanation of the visit, if you gave one")
    explained_at: dt.datetime | None = None


class PenaltyStatementDetailOut(PenaltyStatementOut):
    lines: list[PenaltyLineOut]


class PenaltyStatementsOut(Schema):
    count: int
    offset: int
    limit: int
    statements: list[PenaltyStatementOut]


def _check_can_read_penalties(actor: Any) -> None:
    """A provider reads its own statements; council staff who may see penalties read them all."""
    check_permission(actor, VIEW_OWN_PENALTIES if actor.is_provider_scoped else VIEW_PENALTIES)


def _statement_out(statement: PenaltyStatement) -> dict[str, Any]:
    return {
        "id": statement.pk,
        "provider_ref": statement.provider.council_ref,
        "period_start": statement.period_start,
        "period_end": statement.period_end,
        "status": statement.status,
        "total": statement.total,
        "waived_total": statement.waived_total,
        "payable": statement.payable,
        "calculated_at": statement.calculated_at,
        "waiver_reason": statement.waiver_reason,
    }


def _explanation_of(visit: Visit) -> VisitExplanation | None:
    try:
        return visit.explanation
    except VisitExplanation.DoesNotExist:
        return None


def _line_out(line: PenaltyLine) -> dict[str, Any]:
    explanation = _explanation_of(line.visit)
    return {
        "visit_ref": line.visit.reference,
        "package_ref": line.visit.package.reference,
        "visit_date": line.visit.visit_date,
        "kind": line.kind,
        "amount": line.amount,
        "waived": line.waived,
        "explanation": explanation.text if explanation else None,
        "explained_at": explanation.explained_at if explanation else None,
    }


@router.get(
    "penalty-statements",
    response=PenaltyStatementsOut,
    tags=["penalties"],
    summary="Penalty statements",
    description=(
        "Penalty statements, newest period first: a provider (its token or its users) sees its own, council "
        "staff who may see penalties see every provider's. In pages of `limit` statements from `offset`."
    ),
)
def penalty_statements(
    request: HttpRequest,
    limit: int = Query(100, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0, le=MAX_ID),
) -> dict[str, Any]:
    actor = request.actor  # type: ignore[attr-defined]
    _check_can_read_penalties(actor)
    statements = PenaltyStatement.objects.visible_to(actor).select_related("provider")
    return {
        "count": statements.count(),
        "offset": offset,
        "limit": limit,
        "statements": [_statement_out(s) for s in statements[offset : offset + limit]],
    }


@router.get(
    "penalty-statements/{statement_id}",
    response=PenaltyStatementDetailOut,
    tags=["penalties"],
    summary="One penalty statement with its penalised visits",
    description=(
        "The statement and each penalised visit, with your explanation of it if you gave one. Another "
        "provider's statement is not found (404)."
    ),
)
def penalty_statement(request: HttpRequest, statement_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    actor = request.actor  # type: ignore[attr-defined]
    _check_can_read_penalties(actor)
    statement = get_object_or_404(
        PenaltyStatement.objects.visible_to(actor).select_related("provider"), pk=statement_id
    )
    lines = statement.lines.select_related("visit", "visit__package", "visit__explanation")
    return {**_statement_out(statement), "lines": [_line_out(line) for line in lines]}


class ExplanationIn(Schema):
    explanation: str = Field(
        ...,
        description=f"What happened on the visit, in at most {EXPLANATION_MAX_LENGTH} characters",
    )


class ExplanationOut(Schema):
    visit_ref: str
    explanation: str
    explained_at: dt.datetime
    explained_by: str


_VISIT_REF = re.compile(r"[Vv]?([1-9][0-9]{0,17})")


def _visit_pk(visit_ref: str) -> int:
    """The id in a visit reference such as V123 (a malformed reference names no visit: 404)."""
    match = _VISIT_REF.fullmatch(visit_ref)
    if match is None:
        raise Http404("No such visit")
    return int(match.group(1))


@router.post(
    "visits/{visit_ref}/explanation",
    response=ExplanationOut,
    tags=["visits"],
    summary="Explain a visit that did not go as planned",
    description=(
        "Tell the council what happened on one of your visits that was late, short, missed or otherwise did "
        "not go as planned, or that was penalised (`visit_ref` such as V123). Sending again replaces your "
        "explanation. The commissioner reads it before deciding whether to waive the visit's penalty; once the "
        "penalty is waived or applied to a payment the explanation can no longer change (422). Another "
        "provider's visit is not found (404). For providers only."
    ),
)
def post_explanation(request: HttpRequest, visit_ref: str, payload: ExplanationIn) -> dict[str, Any]:
    actor = request.actor  # type: ignore[attr-defined]
    check_permission(actor, EXPLAIN_EXCEPTIONS)
    visit = get_object_or_404(Visit.objects.visible_to(actor), pk=_visit_pk(visit_ref))
    explanation = explain_visit(by=actor, visit=visit, text=payload.explanation)
    return {
        "visit_ref": visit.reference,
        "explanation": explanation.text,
        "explained_at": explanation.explained_at,
        "explained_by": explanation.explained_by_label,
    }
