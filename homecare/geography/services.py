from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from homecare.core import audit
from homecare.geography.models import Ward, Zone


@transaction.atomic
def create_zone(*, by: Any, code: str, name: str) -> Zone:
    code = code.strip().upper()
    if Zone.objects.filter(code=code).exists():
        raise ValidationError({"code": f"A zone with the code {code} already exists"})
    zone = Zone.objects.create(code=code, name=name.strip())
    audit.created(by=by, obj=zone)
    return zone


@transaction.atomic
def assign_wards(*, by: Any, zone: Zone, wards: list[Ward]) -> int:
    """Put wards into a zone (moving them out of any other); each move is audited."""
    if not wards:
        raise ValidationError("Choose at least one ward")
    return audit.bulk_update(
        by=by, queryset=Ward.objects.filter(pk__in=[w.pk for w in wards]), action="zone_assigned", zone=zone
    )
