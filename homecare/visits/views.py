from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from homecare.brokerage.models import Package
from homecare.core import audit
from homecare.core.forms import show_error
from homecare.core.permissions import actor_of, check_permission, flags, has_permission, require
from homecare.visits import presenters, reports
from homecare.visits.forms import (
    CalculatePenaltiesForm,
    DayForm,
    ExplainVisitForm,
    PeriodForm,
    ResolveAlertForm,
    WaiveForm,
)
from homecare.visits.models import EXCEPTIONS, PenaltyLine, PenaltyStatement, PenaltyStatus, Visit, VisitAlert
from homecare.visits.permissions import (
    CALCULATE_PENALTIES,
    EXPLAIN_EXCEPTIONS,
    MONITOR_VISITS,
    PROVIDER_VISITS,
    RESOLVE_ALERTS,
    VIEW_ALERTS,
    VIEW_OWN_PENALTIES,
    VIEW_PACKAGE_HISTORY,
    VIEW_PENALTIES,
    WAIVE_PENALTIES,
)
from homecare.visits.services import alerts as alert_service
from homecare.visits.services import explanations as explanation_service
from homecare.visits.services import penalties as penalty_service


def _summary_context(day: dt.date, visits: QuerySet[Visit]) -> dict:
    summary = reports.day_summary(day, visits)
    return {
        "columns": presenters.status_columns(),
        "overall": presenters.count_cells(summary["overall"]),
        "headline": presenters.headline(presenters.count_cells(summary["overall"])),
        "overall_total": summary["overall"].total,
        "by_provider": [(r.label, presenters.count_cells(r), r.total) for r in summary["by_provider"]],
        "by_zone": [(r.label, presenters.count_cells(r), r.total) for r in summary["by_zone"]],
    }


@require(MONITOR_VISITS)
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = DayForm(request.GET or None)
    day = form.day()
    context = {
        "page_title": "Visit monitoring",
        "form": form,
        "day": day,
        "open_alerts": VisitAlert.objects.visible_to(actor).filter(resolved_at__isnull=True).count(),
        **_summary_context(day, Visit.objects.visible_to(actor)),
    }
    return render(request, "visits/dashboard.html", context)


@require(MONITOR_VISITS)
def performance(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    today = timezone.localdate()
    form = PeriodForm(
        request.GET or {"start": today - dt.timedelta(days=28), "end": today - dt.timedelta(days=1)}
    )
    rows = []
    if form.is_valid():
        rows = [
            presenters.performance_row(r)
            for r in reports.performance(
                form.cleaned_data["start"], form.cleaned_data["end"], Visit.objects.visible_to(actor)
            )
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


@require(VIEW_PACKAGE_HISTORY)
def package_visits(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    package = get_object_or_404(Package.objects.visible_to(actor).select_related("person", "provider"), pk=pk)
    # A provider sees only the visits it made (or was to make), not an earlier provider's.
    visits = Visit.objects.visible_to(actor).filter(package=package).order_by("-planned_start")
    audit.log_view(by=actor, obj=package, person_id=package.person_id, view="visit history")
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


def _alerts_for(request: HttpRequest) -> QuerySet[VisitAlert]:
    return VisitAlert.objects.visible_to(actor_of(request)).select_related(
        "visit", "visit__package", "provider", "resolved_by"
    )


@require(VIEW_ALERTS)
def alert_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    alerts = _alerts_for(request)
    alerts = (
        alerts.filter(resolved_at__isnull=True)
        if show == "open"
        else alerts.filter(resolved_at__isnull=False)
    )
    page = Paginator(alerts, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "visits/alerts.html",
        {
            "page_title": "Visit alerts",
            "page": page,
            "show": show,
            **flags(actor_of(request), can_resolve=RESOLVE_ALERTS),
        },
    )


@require(RESOLVE_ALERTS)
def resolve_alert(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    alert = get_object_or_404(_alerts_for(request), pk=pk)
    form = ResolveAlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            alert_service.resolve_alert(by=actor, alert=alert, note=form.cleaned_data["note"])
        except ValidationError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "Alert resolved")
            return redirect("visits:alerts")
    return render(
        request, "visits/resolve_alert.html", {"page_title": "Resolve an alert", "alert": alert, "form": form}
    )


@require(VIEW_PENALTIES)
def penalties(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = CalculatePenaltiesForm(request.POST or None)
    if request.method == "POST":
        check_permission(actor, CALCULATE_PENALTIES)
        if form.is_valid():
            try:
                statement = penalty_service.calculate(
                    by=actor,
                    provider=form.cleaned_data["provider"],
                    period_start=form.cleaned_data["start"],
                    period_end=form.cleaned_data["end"],
                )
            except ValidationError as exc:
                show_error(form, exc)
            else:
                messages.success(request, f"Penalties calculated: £{statement.total}")
                return redirect("visits:penalty", pk=statement.pk)
    statements = PenaltyStatement.objects.visible_to(actor).select_related("provider")[:200]
    return render(
        request,
        "visits/penalties.html",
        {
            "page_title": "Penalties",
            "form": form,
            "statements": statements,
            **flags(actor, can_calculate=CALCULATE_PENALTIES),
        },
    )


def _lines_of(statement: PenaltyStatement) -> QuerySet[PenaltyLine]:
    return statement.lines.select_related("visit", "visit__package", "visit__explanation")


@require(VIEW_PENALTIES)
def penalty(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    statement = get_object_or_404(
        PenaltyStatement.objects.visible_to(actor).select_related("provider", "waived_by"), pk=pk
    )
    form = WaiveForm(request.POST or None)
    if request.method == "POST":
        check_permission(actor, WAIVE_PENALTIES, statement)
        if form.is_valid():
            try:
                penalty_service.waive(by=actor, statement=statement, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                show_error(form, exc)
            else:
                messages.success(request, "Penalties waived")
                return redirect("visits:penalty", pk=statement.pk)
    lines = [presenters.penalty_line_row(line) for line in _lines_of(statement)]
    return render(
        request,
        "visits/penalty.html",
        {
            "page_title": f"Penalties for {statement.provider}",
            "statement": statement,
            "lines": lines,
            "explained": sum(1 for line in lines if line["explanation"]),
            "form": form,
            **flags(actor, statement, can_waive=WAIVE_PENALTIES),
        },
    )


@require(PROVIDER_VISITS)
def portal(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    own = Visit.objects.visible_to(actor)
    form = DayForm(request.GET or None)
    day = form.day()
    visits = own.filter(visit_date=day).select_related("package")
    recent = timezone.localdate() - dt.timedelta(days=14)
    exceptions = own.filter(visit_date__gte=recent, status__in=EXCEPTIONS).select_related(
        "package", "explanation"
    )[:200]
    return render(
        request,
        "visits/portal.html",
        {
            "page_title": "Your visits",
            "form": form,
            "day": day,
            "rows": [presenters.visit_row(v) for v in visits],
            "exceptions": [presenters.exception_row(v) for v in exceptions],
            **flags(actor, can_explain=EXPLAIN_EXCEPTIONS, can_see_penalties=VIEW_OWN_PENALTIES),
            "open_alerts": VisitAlert.objects.visible_to(actor).filter(resolved_at__isnull=True).count(),
            **_summary_context(day, own),
        },
    )


@require(VIEW_OWN_PENALTIES)
def portal_penalties(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    statements = PenaltyStatement.objects.visible_to(actor).select_related("provider")[:200]
    return render(
        request,
        "visits/portal_penalties.html",
        {"page_title": "Your penalty statements", "statements": statements},
    )


@require(VIEW_OWN_PENALTIES)
def portal_penalty(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    statement = get_object_or_404(
        PenaltyStatement.objects.visible_to(actor).select_related("provider"), pk=pk
    )
    lines = [presenters.penalty_line_row(line) for line in _lines_of(statement)]
    return render(
        request,
        "visits/portal_penalty.html",
        {
            "page_title": "Your penalty statement",
            "statement": statement,
            "lines": lines,
            "explained": sum(1 for line in lines if line["explanation"]),
            # Until the statement is applied to a payment, its unwaived visits may be explained.
            "explain_links": statement.status != PenaltyStatus.APPLIED
            and has_permission(actor, EXPLAIN_EXCEPTIONS, statement),
        },
    )


@require(EXPLAIN_EXCEPTIONS)
def explain_visit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    visit = get_object_or_404(Visit.objects.visible_to(actor).select_related("package", "explanation"), pk=pk)
    explanation = presenters.explanation_of(visit)
    form = ExplainVisitForm(
        request.POST or None, initial={"explanation": explanation.text if explanation else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            explanation_service.explain_visit(by=actor, visit=visit, text=form.cleaned_data["explanation"])
        except ValidationError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Your explanation of visit {visit.reference} has been saved")
            line = PenaltyLine.objects.visible_to(actor).filter(visit=visit).order_by("-statement_id").first()
            if line is not None:
                return redirect("visits:portal_penalty", pk=line.statement_id)
            return redirect("visits:portal")
    lines = PenaltyLine.objects.visible_to(actor).filter(visit=visit).select_related("statement")
    return render(
        request,
        "visits/explain.html",
        {
            "page_title": f"Explain visit {visit.reference}",
            "visit": presenters.visit_row(visit),
            "explanation": explanation,
            "explained": presenters.explanation_summary(explanation),
            "lines": lines,
            "form": form,
            "explainable": explanation_service.can_explain(visit),
        },
    )
