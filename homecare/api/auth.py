"""Provider API tokens: `Authorization: Bearer hc_...`, with a per-token rate limit."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from homecare.api.models import ApiToken, hash_token


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


class ProviderToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = (
            ApiToken.objects.select_related("provider")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if row is None:
            return None
        check_rate(f"token:{row.pk}", limit=settings.API_RATE_LIMIT_PER_MINUTE)
        if row.last_used_at is None or (timezone.now() - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.api_token = row  # type: ignore[attr-defined]
        request.provider = row.provider  # type: ignore[attr-defined]
        return row
