"""A provider explains a visit that did not go as planned, or that was penalised.

Rules:
- Only the provider of the visit explains it (a provider's actor for another provider's visit is
  refused; council actors may record an explanation the provider sent another way).
- The visit must be an exception (late, short, missed, double-up with one carer, no check-out,
  confirmed manually) or carry a penalty line.
- One explanation per visit: explaining again replaces the text, audited with the old and new text.
- Once the visit's penalty is waived, or its statement applied to a payment, the decision is made:
  the explanation can no longer be given or changed.
- The text is required, at most `MAX_LENGTH` characters, and holds no control characters (other
  than line breaks and tabs) or unpaired surrogates, which no database or export can store.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone

from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.errors import DomainError
from homecare.visits.models import (
    EXCEPTIONS,
    PenaltyLine,
    PenaltyStatus,
    Visit,
    VisitExplanation,
)

MAX_LENGTH = 2000
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_explanation(text: str) -> str:
    """The explanation as it will be stored, or a DomainError naming the `explanation` field."""
    text = text.strip()
    if not text:
        raise DomainError({"explanation": "Explain what happened on this visit"})
    if len(text) > MAX_LENGTH:
        raise DomainError(
            {"explanation": f"The explanation must be {MAX_LENGTH} characters or fewer (it has {len(text)})"}
        )
    bad = _UNSTORABLE.search(text)
    if bad:
        raise DomainError(
            {
                "explanation": f"The explanation contains a character that cannot be stored "
                f"(U+{ord(bad.group()):04X} at position {bad.start() + 1})"
            }
        )
    return text


def can_explain(visit: Visit) -> bool:
    """Is the visit one a provider may explain (an exception, or penalised)?"""
    return visit.status in EXCEPTIONS or PenaltyLine.objects.filter(visit=visit).exists()


def _decided(visit: Visit) -> str | None:
    """Why the penalty decision on this visit is already made, or None."""
    lines = PenaltyLine.objects.filter(visit=visit).select_related("statement")
    for line in lines:
        if line.waived:
            return "its penalty has been waived"
        if line.statement.status == PenaltyStatus.APPLIED:
            return "its penalty has been applied to a payment"
    return None


@transaction.atomic
def explain_visit(*, by: Actor, visit: Visit, text: str) -> VisitExplanation:
    """Record (or replace) the provider's explanation of `visit`."""
    if by.is_provider_scoped and visit.provider_id != by.provider_id:
        raise DomainError({"visit_ref": "This visit is not one of yours"})
    text = clean_explanation(text)
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if not can_explain(visit):
        raise DomainError(
            {
                "visit_ref": f"Visit {visit.reference} went as planned ({visit.get_status_display().lower()}): "
                "only a late, short, missed or penalised visit can be explained"
            }
        )
    decided = _decided(visit)
    if decided:
        raise DomainError({"visit_ref": f"Visit {visit.reference} can no longer be explained: {decided}"})
    existing = VisitExplanation.objects.filter(visit=visit).first()
    now = timezone.now()
    if existing is None:
        explanation = VisitExplanation.objects.create(
            visit=visit,
            provider_id=visit.provider_id,
            text=text,
            explained_at=now,
            explained_by=by.user,
            explained_by_label=by.label,
        )
        audit.created(
            by=by, obj=explanation, fields=["visit_id", "provider_id", "text", "explained_by_label"]
        )
        return explanation
    audit.update_fields(
        by=by,
        obj=existing,
        action="explanation_changed",
        text=text,
        explained_at=now,
        explained_by=by.user,
        explained_by_label=by.label,
    )
    return existing
