"""The provider portal: offers (anonymised until accepted), placed packages, and giving notice.
Every read goes through `.visible_to(actor)`, so another provider's offer or package is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from homecare.brokerage import presenters, services
from homecare.brokerage.forms import DeclineForm, NoticeForm
from homecare.brokerage.models import IN_CARE, Offer, OfferStatus, Package, PackageStatus
from homecare.brokerage.permissions import ANSWER_OFFERS, GIVE_NOTICE, VIEW_OWN_PACKAGES
from homecare.brokerage.views._helpers import post_or_none
from homecare.core import audit
from homecare.core.forms import show_error
from homecare.core.permissions import actor_of, check_permission, has_permission, require


@require(ANSWER_OFFERS)
def offers(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    rows = (
        Offer.objects.visible_to(actor)
        .select_related("package", "package__zone", "package__person__postcode_ref")
        .order_by("-offered_at")[:200]
    )
    return render(
        request,
        "brokerage/portal/offers.html",
        {
            "page_title": "Offers of care",
            "rows": [
                {
                    "offer": o,
                    "tag": presenters.OFFER_TAGS.get(OfferStatus(o.status), ""),
                    "district": o.package.person.postcode_ref.district
                    if o.package.person.postcode_ref
                    else "",
                    "hours": presenters.hours(o.package.carer_hours_per_week),
                }
                for o in rows
            ],
        },
    )


@require(ANSWER_OFFERS)
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    item = get_object_or_404(
        Offer.objects.visible_to(actor).select_related(
            "package", "package__zone", "package__person", "package__person__postcode_ref"
        ),
        pk=pk,
    )
    package = item.package
    plan = package.care_plans.prefetch_related("visits").order_by("-version").first()
    visits = list(plan.visits.all()) if plan else []
    revealed = item.status == OfferStatus.ACCEPTED and package.provider_id == item.provider_id
    if revealed:
        audit.log_view(
            by=actor, obj=package.person, person_id=package.person_id, view="brokerage:portal-offer"
        )
    decline_form = DeclineForm(post_or_none(request))
    if request.method == "POST":
        check_permission(actor, ANSWER_OFFERS, item)
        try:
            if request.POST.get("action") == "accept":
                services.accept_offer(by=actor, offer=item)
                messages.success(request, "Offer accepted")
                return redirect("brokerage:portal-offer", pk=item.pk)
            if decline_form.is_valid():
                services.decline_offer(
                    by=actor,
                    offer=item,
                    reason=decline_form.cleaned_data["reason"],
                    details=decline_form.cleaned_data["details"],
                )
                messages.success(request, "Offer declined")
                return redirect("brokerage:portal-offers")
        except ValidationError as exc:
            show_error(decline_form, exc)
    return render(
        request,
        "brokerage/portal/offer.html",
        {
            "page_title": f"Offer OFR{item.pk:06d}",
            "offer": item,
            "summary": presenters.anonymised_offer(item, plan, visits),
            "visits": presenters.visit_rows(visits),
            "revealed": revealed,
            "person": package.person if revealed else None,
            "package": package if revealed else None,
            "can_answer": item.status == OfferStatus.PENDING and item.respond_by >= timezone.now(),
            "form": decline_form,
        },
    )


@require(VIEW_OWN_PACKAGES)
def packages(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    rows = (
        Package.objects.visible_to(actor)
        .filter(status__in=IN_CARE | {PackageStatus.PLACED})
        .select_related("person", "zone")
        .order_by("placed_on", "pk")
    )
    return render(
        request, "brokerage/portal/packages.html", {"page_title": "Your packages of care", "rows": rows}
    )


@require(VIEW_OWN_PACKAGES)
def package(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    pkg = get_object_or_404(Package.objects.visible_to(actor).select_related("person", "zone"), pk=pk)
    audit.log_view(by=actor, obj=pkg.person, person_id=pkg.person_id, view="brokerage:portal-package")
    plan = pkg.care_plans.prefetch_related("visits").order_by("-version").first()
    form = NoticeForm(post_or_none(request))
    can_give_notice = (
        has_permission(actor, GIVE_NOTICE, pkg) and pkg.status in IN_CARE and pkg.notice_ends_on is None
    )
    if request.method == "POST":
        check_permission(actor, GIVE_NOTICE, pkg)
    if request.method == "POST" and form.is_valid():
        try:
            services.give_notice(
                by=actor,
                package=pkg,
                reason=form.cleaned_data["reason"],
                notice_ends_on=form.cleaned_data["notice_ends_on"],
            )
        except ValidationError as exc:
            show_error(form, exc)
        else:
            messages.success(
                request, "Notice given: the council will find another provider before your notice ends"
            )
            return redirect("brokerage:portal-package", pk=pkg.pk)
    return render(
        request,
        "brokerage/portal/package.html",
        {
            "page_title": f"Package {pkg.reference}",
            "package": pkg,
            "person": pkg.person,
            "plan_summary": presenters.plan_summary(plan),
            "visits": presenters.visit_rows(list(plan.visits.all())) if plan else [],
            "form": form,
            "can_give_notice": can_give_notice,
        },
    )
