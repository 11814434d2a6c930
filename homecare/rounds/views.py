"""Carers and round plans. Provider users manage their own (every read goes through
`.visible_to(actor)`); council staff may look, read only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from homecare.core.actor import Actor
from homecare.core.forms import show_error
from homecare.core.permissions import actor_of, has_permission, require
from homecare.providers.models import Provider
from homecare.rounds import presenters
from homecare.rounds.adapter import provider_base
from homecare.rounds.forms import CarerForm, MoveForm, PlanDayForm
from homecare.rounds.models import Carer, PlanStatus, RoundPlan
from homecare.rounds.permissions import PLAN_ROUNDS, VIEW_ALL_ROUNDS, VIEW_ROUNDS
from homecare.rounds.services import carers as carer_services
from homecare.rounds.services import moves, planning

REFRESH_SECONDS = 3


@require(VIEW_ROUNDS)
def index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    plans = (
        RoundPlan.objects.visible_to(actor)
        .select_related("provider")
        .order_by("-day", "-created_at", "-pk")[:100]
    )
    rows = [
        {
            "plan": p,
            "day": presenters.day(p.day),
            "tag": presenters.status_tag(p),
            "provider": p.provider.name,
        }
        for p in plans
    ]
    return render(
        request,
        "rounds/index.html",
        {"page_title": "Care rounds", "rows": rows, "can_plan": has_permission(actor, PLAN_ROUNDS)},
    )


@require(PLAN_ROUNDS)
def carers(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    rows = [
        presenters.carer_row(c)
        for c in Carer.objects.visible_to(actor).prefetch_related("shifts").order_by("-active", "name")
    ]
    return render(
        request,
        "rounds/carers.html",
        {"page_title": "Your carers", "rows": rows, "provider": actor.provider, "can_edit": True},
    )


@require(VIEW_ALL_ROUNDS)
def provider_carers(request: HttpRequest, provider_id: int) -> HttpResponse:
    actor = actor_of(request)
    provider = get_object_or_404(Provider, pk=provider_id)
    rows = [
        presenters.carer_row(c)
        for c in Carer.objects.visible_to(actor)
        .filter(provider=provider)
        .prefetch_related("shifts")
        .order_by("-active", "name")
    ]
    return render(
        request,
        "rounds/carers.html",
        {"page_title": f"Carers of {provider.name}", "rows": rows, "provider": provider, "can_edit": False},
    )


def _carer_form(request: HttpRequest, actor: Actor, carer: Carer | None) -> HttpResponse:
    initial = CarerForm.initial_for(carer) if carer is not None else None
    form = CarerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            if carer is None:
                saved = carer_services.add_carer(
                    by=actor, provider=actor.provider, shifts=form.shifts(), **values
                )
                messages.success(request, f"{saved.name} added")
            else:
                carer_services.change_carer(by=actor, carer=carer, shifts=form.shifts(), **values)
                messages.success(request, f"{carer.name}'s details saved")
        except ValidationError as exc:
            show_error(form, exc)
        else:
            if values["home_postcode"] and values["home_latitude"] is None:
                messages.warning(
                    request,
                    f"{values['home_postcode']} is not in the postcode directory, "
                    "so this carer's rounds will start from your office",
                )
            return redirect("rounds:carers")
    return render(
        request,
        "rounds/carer_form.html",
        {"page_title": f"Change {carer.name}" if carer else "Add a carer", "form": form, "carer": carer},
    )


@require(PLAN_ROUNDS)
def carer_add(request: HttpRequest) -> HttpResponse:
    return _carer_form(request, actor_of(request), None)


@require(PLAN_ROUNDS)
def carer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    carer = get_object_or_404(Carer.objects.visible_to(actor), pk=pk)
    return _carer_form(request, actor, carer)


@require(PLAN_ROUNDS)
@require_POST
def carer_active(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    carer = get_object_or_404(Carer.objects.visible_to(actor), pk=pk)
    active = request.POST.get("active") == "true"
    try:
        carer_services.set_active(by=actor, carer=carer, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"{carer.name} {'reactivated' if active else 'deactivated: left out of new plans'}"
        )
    return redirect("rounds:carers")


@require(PLAN_ROUNDS)
def plan_day(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = PlanDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = planning.request_plan(
                by=actor,
                provider=actor.provider,
                day=form.cleaned_data["day"],
                seconds=form.cleaned_data["seconds"],
                window_minutes=form.cleaned_data["window_minutes"],
            )
        except ValidationError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Rounds for {presenters.day(plan.day)} are being planned")
            return redirect("rounds:plan", pk=plan.pk)
    return render(request, "rounds/plan_day.html", {"page_title": "Plan a day's rounds", "form": form})


def _plan_context(actor: Actor, plan: RoundPlan) -> dict[str, Any]:
    can_plan = has_permission(actor, PLAN_ROUNDS, plan)
    assignments = list(
        plan.assignments.select_related(
            "carer", "visit__package__person__postcode_ref__ward", "visit__package__person__ward"
        )
    )
    unplanned = list(
        plan.unplanned.select_related(
            "visit__package__person__postcode_ref__ward", "visit__package__person__ward"
        )
    )
    rounds = presenters.rounds(assignments)
    return {
        "page_title": f"Rounds for {presenters.day(plan.day)}",
        "plan": plan,
        "day": presenters.day(plan.day),
        "tag": presenters.status_tag(plan),
        "running": not plan.is_finished,
        "refresh_seconds": REFRESH_SECONDS,
        "figures": presenters.figures(plan) if plan.status == PlanStatus.DONE else [],
        "rounds": rounds,
        "unplanned": presenters.unplanned_rows(unplanned),
        "map": presenters.round_map(rounds, unplanned, provider_base(plan.provider)),
        "can_change": can_plan and plan.status == PlanStatus.DONE,
        "can_replan": can_plan and plan.is_finished,
        "carers_url": reverse("rounds:carers")
        if can_plan
        else reverse("rounds:provider_carers", args=[plan.provider_id]),
    }


@require(VIEW_ROUNDS)
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    found = get_object_or_404(RoundPlan.objects.visible_to(actor).select_related("provider"), pk=pk)
    response = render(request, "rounds/plan.html", _plan_context(actor, found))
    if not found.is_finished:
        # Polls with an HTTP refresh while the planner works (the CSP allows no inline script).
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


def _move_choices(plan: RoundPlan) -> list[tuple[str, str]]:
    choices = []
    for row in plan.assignments.select_related("carer", "visit").order_by("planned_start", "carer__name"):
        choices.append(
            (f"a{row.pk}", f"{presenters.clock(row.planned_start)} {row.visit.reference} ({row.carer.name})")
        )
    for miss in plan.unplanned.select_related("visit"):
        choices.append(
            (
                f"u{miss.visit_id}",
                f"{presenters.clock(miss.visit.planned_start)} {miss.visit.reference} (not planned)",
            )
        )
    return choices


@require(PLAN_ROUNDS)
def move(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    found = get_object_or_404(RoundPlan.objects.visible_to(actor).select_related("provider"), pk=pk)
    if found.status != PlanStatus.DONE:
        messages.error(request, "Only a finished plan can be changed")
        return redirect("rounds:plan", pk=found.pk)
    form = MoveForm(
        request.POST or None,
        calls=_move_choices(found),
        carers=Carer.objects.active()
        .visible_to(actor)
        .filter(provider_id=found.provider_id)
        .order_by("name"),
    )
    check = None
    if request.method == "POST" and form.is_valid():
        call = form.cleaned_data["call"]
        if call.startswith("a"):
            row = get_object_or_404(found.assignments.select_related("visit"), pk=int(call[1:]))
            visit, slot = row.visit, row.slot
        else:
            visit, slot = (
                get_object_or_404(found.unplanned.select_related("visit"), visit_id=int(call[1:])).visit,
                None,
            )
        try:
            if request.POST.get("confirm") == "yes":
                moves.move_visit(
                    by=actor, plan=found, visit=visit, carer=form.cleaned_data["carer"], slot=slot
                )
                messages.success(
                    request, f"Visit {visit.reference} moved to {form.cleaned_data['carer'].name}"
                )
                return redirect("rounds:plan", pk=found.pk)
            check = moves.check_move(plan=found, visit=visit, carer=form.cleaned_data["carer"], slot=slot)
        except ValidationError as exc:
            show_error(form, exc)
    consequences = None
    if check is not None:
        consequences = {
            "travel": f"{presenters.signed(check.extra_travel_minutes, 'min')}, {presenters.signed(check.extra_travel_km, 'km')}",
            "round": [(presenters.clock(at), v.reference) for at, v in check.round_after],
            "retimed": [
                {
                    "visit": r.visit.reference,
                    "carer": r.carer.name,
                    "before": presenters.clock(r.before) if r.before else "Not planned",
                    "after": presenters.clock(r.after),
                }
                for r in check.retimed
            ],
        }
    return render(
        request,
        "rounds/move.html",
        {
            "page_title": "Move a visit to another carer",
            "plan": found,
            "day": presenters.day(found.day),
            "form": form,
            "check": check,
            "consequences": consequences,
        },
    )


@require(PLAN_ROUNDS)
@require_POST
def replan(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    found = get_object_or_404(RoundPlan.objects.visible_to(actor), pk=pk)
    fresh = planning.request_plan(
        by=actor,
        provider=found.provider,
        day=found.day,
        seconds=found.seconds,
        seed=found.seed + 1,
        window_minutes=found.window_minutes,
    )
    messages.success(request, f"Rounds for {presenters.day(fresh.day)} are being planned again")
    return redirect("rounds:plan", pk=fresh.pk)
