"""People in brokerage lists: name, date of birth and the hospital flag next to each package, for
those who may see people's records, with one access-log row per person shown (ADR 0010)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from homecare.brokerage.hospital import IN_HOSPITAL_FLAG
from homecare.brokerage.models import Package
from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.permissions import has_permission
from homecare.people.permissions import VIEW_PEOPLE
from homecare.people.presenters import person_in_list


def people_shown(actor: Actor, packages: Sequence[Package], *, view: str) -> dict[int, dict[str, Any]]:
    """{package id: the person as the list shows them} for packages loaded with their person and
    annotated by `hospital.with_hospital_flag`; each person is access-logged once for this page.
    Empty for an actor without `people.view`: the list then shows package references only."""
    if not has_permission(actor, VIEW_PEOPLE):
        return {}
    audit.log_views(by=actor, objs=packages, view=view, person_of="person_id")
    return {
        p.pk: person_in_list(p.person, flags=[IN_HOSPITAL_FLAG] if p.in_hospital else [])  # type: ignore[attr-defined]
        for p in packages
    }
