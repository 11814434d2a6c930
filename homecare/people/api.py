"""People API for council staff who may read people's records (signed in to the web app, or any
caller the permission layer allows). Each read of a person is access-logged."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from homecare.core import audit
from homecare.core.api_auth import TOKEN_OR_SESSION
from homecare.core.permissions import check_permission
from homecare.core.text import Ref
from homecare.people.models import Person
from homecare.people.permissions import VIEW_PEOPLE

router = Router(tags=["people"], auth=TOKEN_OR_SESSION)


class PersonOut(Schema):
    council_ref: str
    nhs_number: str
    first_name: str
    last_name: str
    date_of_birth: dt.date | None
    address: str
    postcode: str
    ward_code: str | None
    zone_code: str | None
    communication_needs: str


@router.get("/{ref}", response=PersonOut, summary="A person's record (access-logged)")
def get_person(request: HttpRequest, ref: Ref) -> PersonOut:
    actor = request.actor  # type: ignore[attr-defined]
    check_permission(actor, VIEW_PEOPLE)
    person = get_object_or_404(
        Person.objects.visible_to(actor).select_related("ward", "zone"), council_ref=ref
    )
    audit.log_view(by=actor, obj=person, person_id=person.pk, view="api:people.get")
    return PersonOut(
        council_ref=person.council_ref,
        nhs_number=person.nhs_number,
        first_name=person.first_name,
        last_name=person.last_name,
        date_of_birth=person.date_of_birth,
        address=person.address,
        postcode=person.postcode,
        ward_code=person.ward.code if person.ward else None,
        zone_code=person.zone.code if person.zone else None,
        communication_needs=person.communication_needs,
    )
