"""The HTTP API, documented by OpenAPI at /api/v1/docs (schema at /api/v1/openapi.json).

Apps add their routers in `<app>/api.py` as `router`."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError

from homecare.core.api_auth import RateLimited
from homecare.core.discovery import app_modules
from homecare.core.errors import as_domain_error

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


@api.exception_handler(ValidationError)
def domain_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A refused operation (the domain error type): 422, naming each field (`loc`) and why (`msg`)."""
    detail = [
        {"type": "domain_error", "loc": ["body", name] if name else ["body"], "msg": message}
        for name, messages in as_domain_error(exc).field_messages().items()
        for message in messages
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """An HTTP error; a body that could not be read as JSON says why (400), never a 500."""
    return api.create_response(request, {"detail": _why_unreadable(exc) or str(exc)}, status=exc.status_code)


def _why_unreadable(exc: HttpError) -> str:
    cause = exc.__cause__
    if isinstance(cause, RecursionError):
        return "The request body is nested too deeply to read"
    if isinstance(cause, json.JSONDecodeError):
        return f"The request body is not valid JSON: {cause.msg} (line {cause.lineno}, column {cause.colno})"
    if isinstance(cause, UnicodeDecodeError):
        return "The request body is not UTF-8 text"
    if isinstance(cause, ValueError):
        return f"The request body could not be read: {cause}"
    return ""


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not allowed"}, status=403)


@api.get("/health", auth=None, summary="API health", tags=["service"])
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


def _mount_app_routers() -> None:
    for module in app_modules("api", exclude=frozenset({"homecare.api"})):
        label = module.__name__.split(".")[1]
        api.add_router(getattr(module, "PREFIX", f"/{label}/"), module.router)


_mount_app_routers()
