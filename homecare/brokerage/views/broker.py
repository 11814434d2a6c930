from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from homecare.brokerage import presenters, services
from homecare.brokerage.candidates import rank_package
from homecare.brokerage.forms import (
    EndPackageForm,
    InterimForm,
    OutcomeFormSet,
    OverrideForm,
    ReasonForm,
    ReferralForm,
    StartCareForm,
    VariationForm,
    VisitFormSet,
    outcomes_from,
    visits_from,
)
from homecare.brokerage.hooks import candidate_signals
from homecare.brokerage.hospital import with_hospital_flag
from homecare.brokerage.models import (
    UNPLACED,
    AlertKind,
    BrokerAlert,
    Offer,
    OfferStatus,
    Package,
    PackageStatus,
)
from homecare.brokerage.permissions import BROKER, VIEW_PACKAGES
from homecare.brokerage.situation import next_steps
from homecare.brokerage.views._helpers import post_or_none
from homecare.brokerage.views._people import people_shown
from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.errors import DomainError
from homecare.core.forms import show_error
from homecare.core.permissions import actor_of, check_permission, has_permission, require
from homecare.people.models import Person
from homecare.providers.models import Contract

URGENCY_RANK = Case(
    When(urgency="urgent", then=Value(0)),
    When(urgency="high", then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _package(actor: Actor, pk: int) -> Package:
    return get_object_or_404(
        Package.objects.visible_to(actor).select_related(
            "person", "zone", "provider", "referral", "contract"
        ),
        pk=pk,
    )


@require(VIEW_PACKAGES)
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    today = timezone.localdate()
    needing = list(
        with_hospital_flag(Package.objects.visible_to(actor).filter(status__in=UNPLACED))
        .select_related("person", "zone", "previous")
        .annotate(urgency_rank=URGENCY_RANK)
        .order_by("urgency_rank", "referred_on")[:50]
    )
    can_write = has_permission(actor, BROKER)
    steps = next_steps(needing, now=timezone.now(), on=today)
    placed = list(
        with_hospital_flag(Package.objects.visible_to(actor).filter(status=PackageStatus.PLACED))
        .select_related("person", "provider")
        .order_by("placed_on")[:50]
    )
    who = people_shown(actor, [*needing, *placed], view="brokerage:dashboard")
    alerts = (
        BrokerAlert.objects.visible_to(actor).filter(resolved_at__isnull=True).select_related("package")[:50]
    )
    counts = {
        "waiting": Package.objects.visible_to(actor).filter(status__in=UNPLACED).count(),
        "offers": Offer.objects.visible_to(actor).filter(status=OfferStatus.PENDING).count(),
        "alerts": BrokerAlert.objects.visible_to(actor).filter(resolved_at__isnull=True).count(),
    }
    return render(
        request,
        "brokerage/dashboard.html",
        {
            "page_title": "Brokerage",
            "needing": [
                {
                    "package": p,
                    "who": who.get(p.pk),
                    "wait": p.wait_days(today),
                    "step": steps.get(p.pk),
                    "link": presenters.step_link(steps[p.pk], p.pk, can_write=can_write)
                    if p.pk in steps
                    else None,
                }
                for p in needing
            ],
            "placed": [{"package": p, "who": who.get(p.pk)} for p in placed],
            "alerts": alerts,
            "counts": counts,
            "can_write": can_write,
        },
    )


@require(BROKER)
def refer(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    initial = {
        "referred_on": timezone.localdate(),
        "urgency": "standard",
        "service_type": "general",
        "person_ref": request.GET.get("person", ""),
    }
    form = ReferralForm(post_or_none(request), initial=initial)
    visits = VisitFormSet(post_or_none(request), prefix="visit")
    if request.method == "POST" and form.is_valid() and visits.is_valid():
        data = form.cleaned_data
        person = Person.objects.filter(council_ref=data["person_ref"].strip().upper()).first()
        planned = visits_from(visits)
        if person is None:
            form.add_error("person_ref", "No person has this council reference: add the person first")
        elif not planned:
            form.add_error(None, "Add at least one visit: days, start time and length")
        else:
            try:
                package = services.create_referral(
                    by=actor,
                    person=person,
                    visits=planned,
                    outcomes=form.outcomes(),
                    **{
                        k: data[k]
                        for k in (
                            "source",
                            "funding",
                            "service_type",
                            "urgency",
                            "referred_on",
                            "requested_start_on",
                            "ready_for_discharge_on",
                            "hospital",
                            "hospital_ward",
                            "referrer_name",
                            "referrer_team",
                            "notes",
                            "reablement",
                            "needs",
                        )
                    },
                )
            except ValidationError as exc:
                show_error(form, exc)
            else:
                messages.success(request, f"Referral recorded as package {package.reference}")
                return redirect("brokerage:package", pk=package.pk)
    return render(
        request, "brokerage/refer.html", {"page_title": "Record a referral", "form": form, "visits": visits}
    )


@require(VIEW_PACKAGES)
def package(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    pkg = _package(actor, pk)
    audit.log_view(by=actor, obj=pkg, person_id=pkg.person_id, view="brokerage:package")
    today = timezone.localdate()
    plans = list(pkg.care_plans.prefetch_related("visits", "outcomes").order_by("-version"))
    current = plans[0] if plans else None
    can_write = has_permission(actor, BROKER)
    step = next_steps([pkg], now=timezone.now(), on=today).get(pkg.pk)
    return render(
        request,
        "brokerage/package.html",
        {
            "page_title": f"Package {pkg.reference}",
            "package": pkg,
            "summary": presenters.package_summary(pkg, today=today),
            "tag": presenters.STATUS_TAGS.get(PackageStatus(pkg.status), ""),
            "plan": current,
            "plan_summary": presenters.plan_summary(current),
            "visits": presenters.visit_rows(list(current.visits.all())) if current else [],
            "outcomes": list(current.outcomes.all()) if current else [],
            "history": plans[1:],
            "events": pkg.events.all(),
            "offers": pkg.offers.select_related("provider").order_by("-offered_at"),
            # The next-step panel explains a "no provider left" alert (and says when it no longer holds).
            "alerts": pkg.alerts.filter(resolved_at__isnull=True).exclude(
                kind=AlertKind.NO_CANDIDATES if step is not None else ""
            ),
            "can_write": can_write,
            "next_step": step,
            "next_actions": presenters.step_actions(step, pkg.pk, can_write=can_write) if step else [],
            "can_restart": can_write and pkg.status == PackageStatus.BROKERING,
            "is_unplaced": pkg.status in UNPLACED,
            "can_cancel": can_write and pkg.status in UNPLACED | {PackageStatus.PLACED},
            "can_start_care": can_write and pkg.status == PackageStatus.PLACED,
            "in_care": pkg.status in {PackageStatus.ACTIVE, PackageStatus.VARIED},
            "interim_form": InterimForm(
                initial={"arrangement": pkg.interim_arrangement, "notes": pkg.interim_notes}
            ),
            "start_form": StartCareForm(initial={"started_on": today}),
            "end_form": EndPackageForm(initial={"ended_on": today}),
            "reason_form": ReasonForm(),
        },
    )


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = actor_of(request)
    pkg = _package(actor, pk)
    forms = {
        "interim": InterimForm,
        "start": StartCareForm,
        "end": EndPackageForm,
        "cancel": ReasonForm,
        "restart": ReasonForm,
    }
    form = forms[action](request.POST) if action in forms else None
    try:
        if form is not None and not form.is_valid():
            raise DomainError([e for errors in form.errors.values() for e in errors])
        data = form.cleaned_data if form is not None else {}
        if action == "offer_next":
            offers = services.offer_next(by=actor, package=pkg)
            message = (
                f"Offered to {', '.join(str(o.provider) for o in offers)}"
                if offers
                else f"No provider is left to offer in round {pkg.brokering_round}"
            )
        elif action == "start_brokering":
            offers = services.start_brokering(by=actor, package=pkg)
            message = (
                f"Offered to {len(offers)} provider{'s' if len(offers) != 1 else ''}"
                if offers
                else "No provider available: an alert was raised"
            )
        elif action == "restart":
            offers = services.restart_brokering(by=actor, package=pkg, reason=data["reason"])
            message = f"New round: offered to {len(offers)} provider{'s' if len(offers) != 1 else ''}"
        elif action == "interim":
            services.record_interim(
                by=actor, package=pkg, arrangement=data["arrangement"], notes=data["notes"]
            )
            message = "Interim arrangement recorded"
        elif action == "start":
            services.start_care(by=actor, package=pkg, started_on=data["started_on"])
            message = "Care start recorded"
        elif action == "end":
            services.end_package(by=actor, package=pkg, ended_on=data["ended_on"], reason=data["reason"])
            message = "Package ended"
        else:
            services.cancel_package(by=actor, package=pkg, reason=data["reason"])
            message = "Package cancelled"
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return redirect("brokerage:package", pk=pkg.pk)


@require_POST
@require(BROKER)
def package_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in {"start_brokering", "offer_next", "restart", "interim", "start", "end", "cancel"}:
        return HttpResponse(status=404)
    return _act(request, pk, action)


@require(BROKER)
def vary(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    pkg = _package(actor, pk)
    audit.log_view(by=actor, obj=pkg, person_id=pkg.person_id, view="brokerage:vary")
    current = pkg.care_plans.prefetch_related("visits", "outcomes").order_by("-version").first()
    initial_visits = [
        {
            "days": [str(i) for i in range(7) if v.days & (1 << i)],
            "start_time": v.start_time,
            "duration_minutes": v.duration_minutes,
            "carers": str(v.carers),
            "time_critical": v.time_critical,
            "tolerance_minutes": v.tolerance_minutes or None,
            "tasks": v.tasks,
        }
        for v in (list(current.visits.all()) if current else [])
    ]
    form = VariationForm(
        post_or_none(request),
        initial={
            "effective_from": timezone.localdate(),
            "reablement": current.reablement if current else False,
            "needs": current.needs if current else "",
        },
    )
    visits = VisitFormSet(post_or_none(request), prefix="visit", initial=initial_visits)
    initial_outcomes = [
        {"description": o.description, "review_on": o.review_on, "achieved": o.achieved}
        for o in (list(current.outcomes.all()) if current else [])
    ]
    # A post without the outcome fields (an older form) carries the outcomes over unchanged.
    outcome_data = post_or_none(request) if "outcome-TOTAL_FORMS" in request.POST else None
    outcomes = OutcomeFormSet(outcome_data, prefix="outcome", initial=initial_outcomes)
    outcomes_ok = not outcomes.is_bound or outcomes.is_valid()
    if request.method == "POST" and form.is_valid() and visits.is_valid() and outcomes_ok:
        try:
            plan = services.set_care_plan(
                by=actor,
                package=pkg,
                visits=visits_from(visits),
                effective_from=form.cleaned_data["effective_from"],
                reablement=form.cleaned_data["reablement"],
                needs=form.cleaned_data["needs"],
                outcomes=outcomes_from(outcomes) if outcomes.is_bound else None,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            show_error(form, exc)
        else:
            messages.success(
                request,
                f"Care plan version {plan.version} saved: {presenters.hours(plan.carer_hours_per_week)} carer hours a week",
            )
            return redirect("brokerage:package", pk=pkg.pk)
    return render(
        request,
        "brokerage/vary.html",
        {
            "page_title": f"Change the care plan of {pkg.reference}",
            "package": pkg,
            "form": form,
            "visits": visits,
            "outcomes": outcomes,
        },
    )


@require(VIEW_PACKAGES)
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    pkg = _package(actor, pk)
    ranked = rank_package(pkg)
    choices = presenters.override_choices(ranked.ranking)
    form = OverrideForm(post_or_none(request), choices=choices)
    can_write = has_permission(actor, BROKER)
    if request.method == "POST":
        check_permission(actor, BROKER)
        if form.is_valid():
            contract = get_object_or_404(
                Contract.objects.select_related("provider"), pk=form.cleaned_data["contract"]
            )
            try:
                services.override_offer(
                    by=actor, package=pkg, contract=contract, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                show_error(form, exc)
            else:
                messages.success(request, f"Offered to {contract.provider} (override recorded)")
                return redirect("brokerage:package", pk=pkg.pk)
    return render(
        request,
        "brokerage/candidates.html",
        {
            "page_title": f"Candidates for {pkg.reference}",
            "package": pkg,
            "policy": ranked.ranking.policy,
            "lot": ranked.lot,
            "need": ranked.need,
            "candidates": presenters.candidate_rows(
                ranked.ranking,
                candidate_signals(
                    package=pkg, provider_ids=[c.option.provider_id for c in ranked.ranking.candidates]
                ),
            ),
            "excluded": presenters.exclusion_groups(ranked.ranking),
            "excluded_count": len({e.option.provider_id for e in ranked.ranking.excluded}),
            "form": form,
            "can_override": can_write and pkg.status in {PackageStatus.BROKERING, PackageStatus.OFFERED},
        },
    )


@require(VIEW_PACKAGES)
def offers(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    status = request.GET.get("status", OfferStatus.PENDING)
    if status not in OfferStatus.values:
        status = OfferStatus.PENDING
    rows = (
        Offer.objects.visible_to(actor)
        .filter(status=status)
        .select_related("package", "provider")
        .order_by("respond_by")[:200]
    )
    return render(
        request,
        "brokerage/offers.html",
        {
            "page_title": "Offers",
            "rows": [(o, presenters.OFFER_TAGS.get(OfferStatus(o.status), "")) for o in rows],
            "status": status,
            "statuses": OfferStatus.choices,
        },
    )


@require_POST
@require(BROKER)
def resolve_alert(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    alert = get_object_or_404(BrokerAlert.objects.visible_to(actor), pk=pk)
    try:
        services.resolve_alert(by=actor, alert=alert)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Alert resolved")
    return redirect("brokerage:dashboard")
