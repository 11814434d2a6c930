"""Brokerage pages: broker pages (council staff), reports, and the provider portal."""

from __future__ import annotations

from typing import Any


def post_or_none(request: Any) -> Any:
    return request.POST if request.method == "POST" else None
