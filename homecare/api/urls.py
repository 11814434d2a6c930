"""The HTTP API, documented by OpenAPI at /api/v1/docs (schema at /api/v1/openapi.json).

Apps add their routers in `<app>/api.py` as `router`."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from homecare.api.auth import RateLimited

api = NinjaAPI(
    title="Home care commissioning API",
    version="1",
    description="For care providers (with their API token) and council systems.",
    urls_namespace="api",
)


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.get("/health", auth=None, summary="API health", tags=["service"])
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


def _mount_app_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("homecare.") or config.name == "homecare.api":
            continue
        try:
            module = import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        api.add_router(getattr(module, "PREFIX", f"/{config.label}/"), module.router)


_mount_app_routers()
