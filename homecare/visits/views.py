from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from homecare.accounts.permissions import provider_required, require_roles, role_of, staff_required
from homecare.accounts.roles import STAFF_ROLES, Role
from homecare.brokerage.models import Package
from homecare.core import audit
from homecare.visits import presenters, reports
from homecare.visits.forms import CalculatePenaltiesForm, DayForm, PeriodForm, ResolveAlertForm, WaiveForm
from homecare.visits.models import EXCEPTIONS, PenaltyStatement, Visit, VisitAlert
from homecare.visits.services import alerts as alert_service
from homecare.visits.services import penalties as penalty_service

ALERT_RESOLVERS = (Role.BROKER, Role.COMMISSIONER, Role.QUALITY_OFFICER, Role.ADMIN, Role.PROVIDER)


def _summary_context(day: dt.date, provider: object = None) -> dict:
    summary = reports.day_summary(day, provider)
    return {
        "columns": presenters.status_columns(),
        "overall": presenters.count_cells(summary["overall"]),
        "headline": presenters.headline(presenters.count_cells(summary["overall"])),
        "overall_total": summary["overall"].total,
        "by_provider": [(r.label, presenters.count_cells(r), r.total) for r in summary["by_provider"]],
        "by_zone": [(r.label, presenters.count_cells(r), r.total) for r in summary["by_zone"]],
    }


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form = DayForm(request.GET or None)
    day = form.day()
    context = {
        "page_title": "Visit monitoring",
        "form": form,
        "day": day,
        "open_alerts": VisitAlert.objects.filter(resolved_at__isnull=True).count(),
        **_summary_context(day),
    }
    return render(request, "visits/dashboard.html", context)


@staff_required
def performance(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = PeriodForm(
        request.GET or {"start": today - dt.timedelta(days=28), "end": today - dt.timedelta(days=1)}
    )
    rows = []
    if form.is_valid():
        rows = [
            presenters.performance_row(r)
            for r in reports.performance(form.cleaned_data["start"], form.cleaned_data["end"])
        ]
    return render(
        request,
        "visits/performance.html",
        {
            "page_title": "Provider performance",
            "form": form,
            "rows": rows,
            "headers": presenters.performance_headers(),
        },
    )


def _visible_package(request: HttpRequest, pk: int) -> Package:
    package = get_object_or_404(Package.objects.select_related("person", "provider"), pk=pk)
    user = request.user
    if getattr(user, "role", None) == Role.PROVIDER:
        if package.provider_id != user.provider_id:  # type: ignore[union-attr]
            raise Http404
    elif getattr(user, "role", None) not in STAFF_ROLES:
        raise Http404
    return package


@require_roles(*STAFF_ROLES, Role.PROVIDER)
def package_visits(request: HttpRequest, pk: int) -> HttpResponse:
    package = _visible_package(request, pk)
    visits = Visit.objects.filter(package=package).order_by("-planned_start")
    if request.user.role == Role.PROVIDER:  # type: ignore[union-attr]
        visits = visits.filter(provider=request.user.provider)  # type: ignore[union-attr]
    audit.log_view(user=request.user, obj=package, person_id=package.person_id, view="visit history")
    page = Paginator(visits.prefetch_related("events"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "visits/package_visits.html",
        {
            "page_title": f"Visits for {package.reference}",
            "package": package,
            "page": page,
            "rows": [presenters.visit_row(v) for v in page],
        },
    )


def _alerts_for(request: HttpRequest) -> Any:
    alerts = VisitAlert.objects.select_related("visit", "visit__package", "provider", "resolved_by")
    if request.user.role == Role.PROVIDER:  # type: ignore[union-attr]
        alerts = alerts.filter(provider=request.user.provider)  # type: ignore[union-attr]
    return alerts


@require_roles(*STAFF_ROLES, Role.PROVIDER)
def alert_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    alerts = _alerts_for(request)
    alerts = (
        alerts.filter(resolved_at__isnull=True)
        if show == "open"
        else alerts.filter(resolved_at__isnull=False)
    )
    page = Paginator(alerts, 50).get_page(request.GET.get("page"))
    can_resolve = role_of(request.user) in ALERT_RESOLVERS
    return render(
        request,
        "visits/alerts.html",
        {"page_title": "Visit alerts", "page": page, "show": show, "can_resolve": can_resolve},
    )


@require_roles(*ALERT_RESOLVERS)
def resolve_alert(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(_alerts_for(request), pk=pk)
    form = ResolveAlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            alert_service.resolve_alert(by=request.user, alert=alert, note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Alert resolved")
            return redirect("visits:alerts")
    return render(
        request, "visits/resolve_alert.html", {"page_title": "Resolve an alert", "alert": alert, "form": form}
    )


@require_roles(Role.COMMISSIONER, Role.FINANCE_OFFICER, Role.QUALITY_OFFICER, Role.AUDITOR, Role.ADMIN)
def penalties(request: HttpRequest) -> HttpResponse:
    form = CalculatePenaltiesForm(request.POST or None)
    can_calculate = role_of(request.user) in {Role.COMMISSIONER, Role.FINANCE_OFFICER, Role.ADMIN}
    if request.method == "POST":
        if not can_calculate:
            raise Http404
        if form.is_valid():
            try:
                statement = penalty_service.calculate(
                    by=request.user,
                    provider=form.cleaned_data["provider"],
                    period_start=form.cleaned_data["start"],
                    period_end=form.cleaned_data["end"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Penalties calculated: £{statement.total}")
                return redirect("visits:penalty", pk=statement.pk)
    statements = PenaltyStatement.objects.select_related("provider")[:200]
    return render(
        request,
        "visits/penalties.html",
        {"page_title": "Penalties", "form": form, "statements": statements, "can_calculate": can_calculate},
    )


@require_roles(Role.COMMISSIONER, Role.FINANCE_OFFICER, Role.QUALITY_OFFICER, Role.AUDITOR, Role.ADMIN)
def penalty(request: HttpRequest, pk: int) -> HttpResponse:
    statement = get_object_or_404(PenaltyStatement.objects.select_related("provider", "waived_by"), pk=pk)
    form = WaiveForm(request.POST or None)
    can_waive = role_of(request.user) in {Role.COMMISSIONER, Role.ADMIN}
    if request.method == "POST":
        if not can_waive:
            raise Http404
        if form.is_valid():
            try:
                penalty_service.waive(
                    by=request.user, statement=statement, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Penalties waived")
                return redirect("visits:penalty", pk=statement.pk)
    lines = statement.lines.select_related("visit", "visit__package")
    return render(
        request,
        "visits/penalty.html",
        {
            "page_title": f"Penalties for {statement.provider}",
            "statement": statement,
            "lines": lines,
            "form": form,
            "can_waive": can_waive,
        },
    )


@provider_required
def portal(request: HttpRequest) -> HttpResponse:
    provider = request.user.provider  # type: ignore[union-attr]
    form = DayForm(request.GET or None)
    day = form.day()
    visits = Visit.objects.for_provider(provider).filter(visit_date=day).select_related("package")
    recent = timezone.localdate() - dt.timedelta(days=14)
    exceptions = (
        Visit.objects.for_provider(provider)
        .filter(visit_date__gte=recent, status__in=EXCEPTIONS)
        .select_related("package")[:200]
    )
    return render(
        request,
        "visits/portal.html",
        {
            "page_title": "Your visits",
            "form": form,
            "day": day,
            "rows": [presenters.visit_row(v) for v in visits],
            "exceptions": [presenters.visit_row(v) for v in exceptions],
            "open_alerts": VisitAlert.objects.filter(provider=provider, resolved_at__isnull=True).count(),
            **_summary_context(day, provider),
        },
    )
