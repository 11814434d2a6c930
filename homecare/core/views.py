from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from homecare.core import audit
from homecare.core import council as council_service
from homecare.core.forms import GovukForm, show_error
from homecare.core.home import panels_for
from homecare.core.models import AccessLog, AuditEvent
from homecare.core.navigation import items_for
from homecare.core.permissions import EDIT_COUNCIL, VIEW_AUDIT, actor_of, require
from homecare.core.presenters import home_intro

log = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    title, intro = home_intro(actor)
    cards = [
        {"label": item.label, "url": item.url(), "description": item.description} for item in items_for(actor)
    ]
    return render(
        request,
        "core/home.html",
        {"page_title": title, "intro": intro, "cards": cards, "panels": panels_for(actor)},
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"page_title": "Accessibility statement"})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", {"page_title": "Privacy notice"})


def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/cookies.html", {"page_title": "Cookies"})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: the database answers and every migration is applied."""
    checks: dict[str, str] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        log.exception("health check: database unreachable")
        return JsonResponse(
            {"status": "error", "checks": {"database": f"unreachable: {type(exc).__name__}"}},
            status=503,
        )
    plan = MigrationExecutor(connection).migration_plan(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    )
    if plan:
        healthy = False
        checks["migrations"] = f"{len(plan)} not applied"
    else:
        checks["migrations"] = "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


class AuditFilterForm(GovukForm):
    object_type = forms.CharField(label="Object type", required=False, max_length=100)
    object_id = forms.CharField(label="Object id", required=False, max_length=64)
    actor = forms.CharField(
        label="Who",
        required=False,
        max_length=200,
        help_text="A user name, api-token:..., job:... or cli:...",
    )
    actor_kind = forms.ChoiceField(
        label="Kind of actor",
        required=False,
        choices=[("", "Any"), *audit.ACTOR_KINDS.items()],
    )


def _audit_rows(rows: Any, *, views: bool) -> list[dict[str, Any]]:
    """The trail's rows as the page shows them: who acted (and which kind of actor), whatever wrote
    the row (a user, a provider's API token, a job, a command or the system)."""
    shown = []
    for row in rows:
        user_id = row.user_id if views else row.actor_id
        label = row.actor_label or (row.user.get_username() if views and row.user is not None else "")
        shown.append(
            {
                "row": row,
                "who": label or "Unknown",
                "kind": audit.ACTOR_KINDS[audit.actor_kind(label=label, has_user=user_id is not None)],
            }
        )
    return shown


@require(VIEW_AUDIT)
def audit_trail(request: HttpRequest) -> HttpResponse:
    kind = "views" if request.GET.get("kind") == "views" else "changes"
    rows: Any = AccessLog.objects.select_related("user") if kind == "views" else AuditEvent.objects.all()
    form = AuditFilterForm(request.GET)
    if form.is_valid():
        for name in ("object_type", "object_id"):
            if value := form.cleaned_data[name].strip():
                rows = rows.filter(**{name: value})
        if who := form.cleaned_data["actor"].strip():
            by_label = Q(actor_label=who)
            if kind == "views":  # early access-log rows named the user only
                by_label |= Q(actor_label="", user__username=who)
            rows = rows.filter(by_label)
        if actor_kind := form.cleaned_data["actor_kind"]:
            rows = audit.filter_actor_kind(rows, actor_kind)
    else:
        rows = rows.none()
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit.html",
        {
            "page_title": "Audit trail",
            "page": page,
            "rows": _audit_rows(page, views=kind == "views"),
            "kind": kind,
            "form": form,
        },
    )


class CouncilForm(GovukForm):
    name = forms.CharField(label="Council name", max_length=200)
    ons_code = forms.CharField(
        label="ONS local authority code",
        max_length=9,
        help_text="A letter and 8 digits, for example E06000015. Used to tell local CQC locations and postcodes from others.",
    )


@require(EDIT_COUNCIL)
def council_settings(request: HttpRequest) -> HttpResponse:
    current = council_service.get_council()
    form = CouncilForm(request.POST or None, initial={"name": current.name, "ons_code": current.ons_code})
    if request.method == "POST" and form.is_valid():
        try:
            council_service.set_council(by=actor_of(request), **form.cleaned_data)
        except ValidationError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "Council settings saved")
            return redirect("core:council")
    return render(
        request,
        "core/council.html",
        {
            "page_title": "Council settings",
            "form": form,
            "from_environment": bool(current.configured and _env_set()),
        },
    )


def _env_set() -> bool:
    from django.conf import settings

    return bool(settings.COUNCIL_NAME and settings.COUNCIL_ONS_CODE)


def _error(request: HttpRequest, status: int, title: str, *paragraphs: str) -> HttpResponse:
    return render(request, "core/error.html", {"page_title": title, "paragraphs": paragraphs}, status=status)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        403,
        "You do not have access to this page",
        "Your role does not allow you to see this page.",
        "If you think you should have access, ask your service administrator.",
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        404,
        "Page not found",
        "If you typed the web address, check it is correct.",
        "If you pasted the web address, check you copied the entire address.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    template = loader.get_template("core/error_500.html")
    return HttpResponse(template.render({}), status=500)
