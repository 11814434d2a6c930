from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from homecare.brokerage import presenters, reports
from homecare.brokerage.forms import PeriodForm
from homecare.brokerage.hospital import with_hospital_flag
from homecare.brokerage.models import UNPLACED, HandBack, Package
from homecare.brokerage.permissions import VIEW_PACKAGES
from homecare.brokerage.views._people import people_shown
from homecare.brokerage.views.broker import URGENCY_RANK
from homecare.core.permissions import actor_of, require


def _period(request: HttpRequest, *, default_days: int) -> tuple[PeriodForm, dt.date, dt.date]:
    today = timezone.localdate()
    date_from, date_to = today - dt.timedelta(days=default_days), today
    form = PeriodForm(request.GET or None, initial={"date_from": date_from, "date_to": date_to})
    if request.GET and form.is_valid():
        date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    return form, date_from, date_to


@require(VIEW_PACKAGES)
def awaiting_care(request: HttpRequest) -> HttpResponse:
    """Everyone waiting for a package, most urgent and longest waiting first, and the weekly table."""
    actor = actor_of(request)
    today = timezone.localdate()
    waiting = list(
        with_hospital_flag(Package.objects.visible_to(actor).filter(status__in=UNPLACED))
        .select_related("person", "zone")
        .annotate(urgency_rank=URGENCY_RANK)
        .order_by("urgency_rank", "referred_on", "pk")
    )
    who = people_shown(actor, waiting, view="brokerage:awaiting-care")
    form, date_from, date_to = _period(request, default_days=84)
    weeks = reports.acl_report(date_from=date_from, date_to=date_to)
    return render(
        request,
        "brokerage/awaiting_care.html",
        {
            "page_title": "Awaiting care list",
            "waiting": [
                {
                    "package": p,
                    "who": who.get(p.pk),
                    "wait": p.wait_days(today),
                    "hours": presenters.hours(p.carer_hours_per_week),
                }
                for p in waiting
            ],
            "form": form,
            "columns": reports.ACL_COLUMNS,
            "weeks": [w.as_row() for w in weeks],
        },
    )


@require(VIEW_PACKAGES)
def bed_days(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form, date_from, date_to = _period(request, default_days=365)
    today = timezone.localdate()
    months = reports.bed_days_report(date_from=date_from, date_to=date_to, today=today)
    delayed = (
        Package.objects.visible_to(actor)
        .filter(
            referral__source="hospital", referral__ready_for_discharge_on__isnull=False, previous__isnull=True
        )
        .filter(started_on__isnull=True, status__in=UNPLACED | {"placed"})
        .select_related("referral", "person")
        .order_by("referral__ready_for_discharge_on")
    )
    return render(
        request,
        "brokerage/bed_days.html",
        {
            "page_title": "Hospital discharge delays",
            "form": form,
            "months": [m.as_row() for m in months],
            "total": sum(m.bed_days_lost for m in months),
            "delayed": [
                {"package": p, "days": max(0, (today - p.referral.ready_for_discharge_on).days)}  # type: ignore[union-attr,operator]
                for p in delayed
            ],
        },
    )


@require(VIEW_PACKAGES)
def hand_backs(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    today = timezone.localdate()
    form, date_from, date_to = _period(request, default_days=365)
    rows = (
        HandBack.objects.visible_to(actor)
        .filter(given_on__range=(date_from, date_to))
        .select_related("provider", "package", "successor")
    )
    per_provider = (
        HandBack.objects.visible_to(actor)
        .filter(given_on__range=(date_from, date_to))
        .values("provider__name")
        .annotate(count=Count("id"))
        .order_by("-count", "provider__name")
    )
    return render(
        request,
        "brokerage/hand_backs.html",
        {
            "page_title": "Hand-backs",
            "form": form,
            "rows": [{"hand_back": h, "continuity": presenters.continuity(h, today)} for h in rows],
            "per_provider": per_provider,
        },
    )
