"""Market capacity for staff, and capacity returns in the provider portal (read through
`CapacityReturn.objects.visible_to(actor)`: another provider's return is "not found")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from homecare.core.actor import Actor
from homecare.core.forms import show_error
from homecare.core.permissions import actor_of, require
from homecare.providers import presenters, queries, services
from homecare.providers.forms import CapacityReturnForm
from homecare.providers.models import CapacityReturn, Provider, TimeBand
from homecare.providers.permissions import FILE_CAPACITY, VIEW_REGISTER
from homecare.providers.services.capacity import LineInput


def _own_provider(actor: Actor) -> Provider:
    """The provider the actor acts for (FILE_CAPACITY is held only by provider users, who have one)."""
    provider: Provider | None = actor.provider
    assert provider is not None
    return provider


@require(VIEW_REGISTER)
def market_capacity(request: HttpRequest) -> HttpResponse:
    capacity = queries.market_capacity()
    return render(
        request,
        "providers/market_capacity.html",
        {
            "page_title": "Market capacity",
            "capacity": capacity,
            "oldest_week": presenters.date(capacity.oldest_week),
        },
    )


@require(FILE_CAPACITY)
def my_returns(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    provider = _own_provider(actor)
    returns = CapacityReturn.objects.visible_to(actor).prefetch_related("lines")
    rows = [
        {
            "record": r,
            "week": presenters.date(r.week_commencing),
            "hours": sum((line.hours for line in r.lines.all()), 0),
            "staff": r.staff_in_post,
            "vacancies": r.vacancies,
            "leavers": r.leavers,
        }
        for r in returns
    ]
    return render(
        request,
        "providers/portal_returns.html",
        {"page_title": "Capacity returns", "rows": rows, "provider": provider},
    )


def _save(request: HttpRequest, record: CapacityReturn | None) -> HttpResponse:
    actor = actor_of(request)
    provider = _own_provider(actor)
    zones = list(provider.zones.order_by("code"))
    initial = {}
    if record is not None:
        initial = {
            "week_commencing": record.week_commencing,
            "staff_in_post": record.staff_in_post,
            "vacancies": record.vacancies,
            "leavers": record.leavers,
        }
        for line in record.lines.select_related("zone"):
            initial[CapacityReturnForm.hours_field(line.zone, line.time_band)] = line.hours
    form = CapacityReturnForm(request.POST or None, zones=zones, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved, created = services.save_capacity_return(
                by=actor,
                provider=provider,
                week_commencing=data["week_commencing"],
                staff_in_post=data["staff_in_post"],
                vacancies=data["vacancies"],
                leavers=data["leavers"],
                lines=[LineInput(zone, band, hours) for zone, band, hours in form.lines()],
                capacity_return=record,
            )
        except ValidationError as exc:
            show_error(form, exc)
        else:
            verb = "sent" if created else "updated"
            messages.success(
                request, f"Capacity return for the week of {presenters.date(saved.week_commencing)} {verb}"
            )
            return redirect("providers:my_returns")
    return render(
        request,
        "providers/portal_return_form.html",
        {
            "page_title": "Change a capacity return" if record else "Send a capacity return",
            "form": form,
            "zones": zones,
            "bands": [b.label for b in TimeBand],
        },
    )


@require(FILE_CAPACITY)
def new_return(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@require(FILE_CAPACITY)
def edit_return(request: HttpRequest, pk: int) -> HttpResponse:
    # Another provider's return is "not found".
    record = get_object_or_404(CapacityReturn.objects.visible_to(actor_of(request)), pk=pk)
    return _save(request, record)
