from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from homecare.core.forms import GovukForm, show_error
from homecare.core.permissions import actor_of, has_permission, require
from homecare.geography import services
from homecare.geography.models import Ward, Zone
from homecare.geography.permissions import ASSIGN_WARDS, VIEW_ZONES


@require(VIEW_ZONES)
def zones(request: HttpRequest) -> HttpResponse:
    zone_list = Zone.objects.annotate(ward_count=Count("wards")).order_by("code")
    unzoned = Ward.objects.filter(zone__isnull=True).order_by("name", "code")
    return render(
        request,
        "geography/zones.html",
        {
            "page_title": "Zones and wards",
            "zones": zone_list,
            "unzoned": unzoned,
            "can_assign": has_permission(actor_of(request), ASSIGN_WARDS),
        },
    )


@require(VIEW_ZONES)
def zone_detail(request: HttpRequest, code: str) -> HttpResponse:
    zone = get_object_or_404(Zone, code=code)
    wards = zone.wards.annotate(postcode_count=Count("postcodes")).order_by("name")
    return render(
        request, "geography/zone_detail.html", {"page_title": zone.name, "zone": zone, "wards": wards}
    )


class AssignWardsForm(GovukForm):
    zone = forms.ModelChoiceField(queryset=Zone.objects.all(), label="Zone", empty_label="Choose a zone")
    wards = forms.ModelMultipleChoiceField(
        queryset=Ward.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Wards",
        help_text="Choose the wards this zone covers. A ward is in one zone at a time.",
        error_messages={"required": "Choose at least one ward"},
    )


@require(ASSIGN_WARDS)
def assign_wards(request: HttpRequest) -> HttpResponse:
    form = AssignWardsForm(request.POST or None, initial={"zone": request.GET.get("zone")})
    if request.method == "POST" and form.is_valid():
        try:
            count = services.assign_wards(
                by=actor_of(request), zone=form.cleaned_data["zone"], wards=list(form.cleaned_data["wards"])
            )
        except ValidationError as exc:
            show_error(form, exc)
        else:
            messages.success(
                request, f"{count} ward{'s' if count != 1 else ''} moved to {form.cleaned_data['zone']}"
            )
            return redirect("geography:zone", code=form.cleaned_data["zone"].code)
    return render(
        request, "geography/assign_wards.html", {"page_title": "Put wards into a zone", "form": form}
    )
