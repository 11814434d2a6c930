"""Electronic call monitoring API: providers post check-in and check-out events with their token (or
signed in as one of the provider's users). The provider is the caller's own: `request.actor`'s."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from homecare.api.auth import TOKEN_OR_SESSION
from homecare.core.context import current
from homecare.core.permissions import check_permission
from homecare.visits.permissions import SEND_EVENTS
from homecare.visits.services.ingest import MAX_BATCH, ingest

PREFIX = "/visit-events"
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
    "",
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
