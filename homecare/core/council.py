"""The council this installation serves: from COUNCIL_NAME / COUNCIL_ONS_CODE, else set once by an
administrator (or by the demo)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings

from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.errors import DomainError
from homecare.core.models import CouncilSettings

ONS_LA_CODE = re.compile(r"^[EWSN]\d{8}$")


@dataclass(frozen=True)
class Council:
    name: str
    ons_code: str

    @property
    def configured(self) -> bool:
        return bool(self.name and self.ons_code)


def validate_ons_code(code: str) -> str:
    code = code.strip().upper()
    if not ONS_LA_CODE.match(code):
        raise DomainError(
            "Enter an ONS local authority code: a letter E, W, S or N and 8 digits, like E06000015"
        )
    return code


def get_council() -> Council:
    if settings.COUNCIL_NAME and settings.COUNCIL_ONS_CODE:
        return Council(settings.COUNCIL_NAME, settings.COUNCIL_ONS_CODE.upper())
    row = CouncilSettings.objects.filter(pk=1).first()
    name = settings.COUNCIL_NAME or (row.name if row else "")
    code = (settings.COUNCIL_ONS_CODE or (row.ons_code if row else "")).upper()
    return Council(name, code)


def set_council(*, by: Actor, name: str, ons_code: str) -> CouncilSettings:
    """Set the council's identity (administrators, the demo). Audited."""
    name = name.strip()
    if not name:
        raise DomainError({"name": "Enter the council's name"})
    try:
        ons_code = validate_ons_code(ons_code)
    except DomainError as exc:
        raise DomainError({"ons_code": exc.messages}) from exc
    row = CouncilSettings.objects.filter(pk=1).first()
    if row is None:
        row = CouncilSettings.objects.create(pk=1, name=name, ons_code=ons_code)
        audit.created(by=by, obj=row, fields=["name", "ons_code"])
        return row
    audit.update_fields(by=by, obj=row, name=name, ons_code=ons_code)
    return row
