"""Who is calling the API, built once as the request's Actor (`request.actor`):

- a provider's API token (`Authorization: Bearer hc_...`, with a per-token rate limit): the Actor
  acts for that provider, in the provider role;
- a person signed in to the web app (session, with CSRF for writes): the same Actor the pages use.

Each operation then asks the permission layer (`check_permission(request.actor, ...)`) and reads
through `.visible_to(request.actor)`."""

from __future__ import annotations

import dataclasses
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from homecare.core import context
from homecare.core.actor import Actor
from homecare.core.models import ApiToken, hash_token


class RateLimited(HttpError):
    def __init__(self, retry_after: int):
        super().__init__(429, f"Too many requests: try again in {retry_after} seconds")
        self.retry_after = retry_after


def check_rate(key: str, *, limit: int, window: int = 60) -> None:
    """Fixed-window limit: at most `limit` requests per `window` seconds for `key`."""
    now = int(time.time())
    bucket = now // window
    cache_key = f"rate:{key}:{bucket}"
    added = cache.add(cache_key, 1, timeout=window + 1)
    count = 1 if added else cache.incr(cache_key)
    if count > limit:
        raise RateLimited(retry_after=window - now % window or 1)


def _act(request: HttpRequest, actor: Actor) -> Actor:
    request.actor = actor  # type: ignore[attr-defined]
    context.set_current(dataclasses.replace(context.current(), actor=actor, channel=actor.channel))
    return actor


class ProviderToken(HttpBearer):
    """A provider's API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        row = ApiToken.objects.filter(token_hash=hash_token(token), revoked_at__isnull=True).first()
        if row is None:
            return None
        check_rate(f"token:{row.pk}", limit=settings.API_RATE_LIMIT_PER_MINUTE)
        if row.last_used_at is None or (timezone.now() - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        return _act(request, Actor.for_token(row))


class SignedIn(SessionAuth):
    """Someone signed in to the web app (its session); what they may do is the permission layer's."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        actor = Actor.for_user(request.user)
        return _act(request, actor) if actor.is_authenticated else None


#: Every API operation accepts either; the permission layer decides the rest.
TOKEN_OR_SESSION = [ProviderToken(), SignedIn()]
