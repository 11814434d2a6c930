from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from homecare.core.council import get_council
from homecare.core.navigation import items_for
from homecare.core.permissions import actor_of


def shell(request: HttpRequest) -> dict[str, Any]:
    navigation = []
    for item in items_for(actor_of(request)):
        if not item.in_header:
            continue
        url = item.url()
        navigation.append({"label": item.label, "url": url, "active": request.path.startswith(url)})
    try:
        council = get_council()
    except Exception:  # the 500 page must render even when the database is down
        council = None
    return {"service_name": settings.SERVICE_NAME, "council": council, "navigation": navigation}
