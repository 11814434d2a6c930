from __future__ import annotations

from django.db import transaction

from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.errors import DomainError
from homecare.geography.models import Ward, Zone


@transaction.atomic
def create_zone(*, by: Actor, code: str, name: str) -> Zone:
    code = code.strip().upper()
    if Zone.objects.filter(code=code).exists():
        raise DomainError({"code": f"A zone with the code {code} already exists"})
    zone = Zone.objects.create(code=code, name=name.strip())
    audit.created(by=by, obj=zone)
    return zone


@transaction.atomic
def assign_wards(*, by: Actor, zone: Zone, wards: list[Ward]) -> int:
    """Put wards into a zone (moving them out of any other); each move is audited."""
    if not wards:
        raise DomainError("Choose at least one ward")
    return audit.bulk_update(
        by=by, queryset=Ward.objects.filter(pk__in=[w.pk for w in wards]), action="zone_assigned", zone=zone
    )
