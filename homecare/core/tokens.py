from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.models import ApiToken, hash_token


@transaction.atomic
def issue_token(*, by: Actor, provider: Any, name: str, raw: str | None = None) -> tuple[ApiToken, str]:
    """Create a token for a provider. Returns the row and the raw token, which is never stored."""
    raw = raw or ApiToken.generate()
    token = ApiToken.objects.create(provider=provider, name=name, prefix=raw[:10], token_hash=hash_token(raw))
    audit.created(by=by, obj=token, fields=["provider_id", "name", "prefix"])
    return token, raw


@transaction.atomic
def revoke_token(*, by: Actor, token: ApiToken, reason: str = "") -> ApiToken:
    audit.update_fields(by=by, obj=token, action="revoked", reason=reason, revoked_at=timezone.now())
    return token
