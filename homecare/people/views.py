from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from homecare.core import audit
from homecare.core.forms import show_error
from homecare.core.permissions import actor_of, has_permission, require
from homecare.people import services
from homecare.people.forms import PersonEditForm, PersonForm, PersonSearchForm
from homecare.people.models import Person
from homecare.people.permissions import EDIT_PEOPLE, VIEW_PEOPLE
from homecare.people.presenters import person_flags, person_in_list, person_initial, person_summary


@require(VIEW_PEOPLE)
def people(request: HttpRequest) -> HttpResponse:
    """Search people by reference, NHS number or last name. Each person found is shown with name,
    date of birth and flags (such as in hospital), and each one shown is access-logged."""
    actor = actor_of(request)
    form = PersonSearchForm(request.GET or None)
    found = Person.objects.none()
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            compact = query.replace(" ", "")
            found = (
                Person.objects.visible_to(actor)
                .filter(Q(council_ref__iexact=query) | Q(nhs_number=compact) | Q(last_name__iexact=query))
                .select_related("zone")
            )
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    shown = list(page)
    audit.log_views(by=actor, objs=shown, view="people:search")
    flags = person_flags(p.pk for p in shown)
    return render(
        request,
        "people/people.html",
        {
            "page_title": "People",
            "search_form": form,
            "query": query,
            "page": page,
            "rows": [{"person": p, "who": person_in_list(p, flags=flags[p.pk])} for p in shown],
            "can_add": has_permission(actor, EDIT_PEOPLE),
        },
    )


@require(VIEW_PEOPLE)
def person(request: HttpRequest, ref: str) -> HttpResponse:
    actor = actor_of(request)
    record = get_object_or_404(
        Person.objects.visible_to(actor).select_related("ward", "zone"), council_ref=ref
    )
    audit.log_view(by=actor, obj=record, person_id=record.pk, view="people:person")
    packages = record.packages.select_related("provider").order_by("-referred_on", "-pk")
    return render(
        request,
        "people/person.html",
        {
            "page_title": f"Person {record.council_ref}",
            "person": record,
            "summary": person_summary(record),
            "packages": packages,
            "can_edit": has_permission(actor, EDIT_PEOPLE),
        },
    )


@require(EDIT_PEOPLE)
def add_person(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_person(by=actor, **form.cleaned_data)
        except ValidationError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Person {created.council_ref} added")
            return redirect("people:person", ref=created.council_ref)
    return render(request, "people/person_form.html", {"page_title": "Add a person", "form": form})


@require(EDIT_PEOPLE)
def edit_person(request: HttpRequest, ref: str) -> HttpResponse:
    actor = actor_of(request)
    record = get_object_or_404(Person.objects.visible_to(actor), council_ref=ref)
    audit.log_view(by=actor, obj=record, person_id=record.pk, view="people:edit")
    form = PersonEditForm(request.POST or None, initial=person_initial(record))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(by=actor, person=record, **form.cleaned_data)
        except ValidationError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Person {record.council_ref} updated")
            return redirect("people:person", ref=record.council_ref)
    return render(
        request,
        "people/person_form.html",
        {"page_title": f"Change person {record.council_ref}", "form": form, "person": record},
    )
