"""Who is waiting for care in hospital: the "In hospital" flag shown next to a person in lists.

A package's person is in hospital while care has not started (referred, being brokered, offered,
or placed with care not yet started) and either

- the broker recorded "Still in hospital" as the interim arrangement, or
- it came from a hospital discharge team and no other interim arrangement has been recorded
  (reablement, family, a care home... mean the person has left hospital).

The same packages are the discharge delays of the bed-days report while they wait.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from homecare.brokerage.models import (
    UNPLACED,
    InterimArrangement,
    Package,
    PackageStatus,
    ReferralSource,
)

IN_HOSPITAL_FLAG = "In hospital"

_Packages = TypeVar("_Packages", bound=QuerySet[Package])

#: Care not started yet: the person may still be in hospital.
NOT_STARTED = UNPLACED | {PackageStatus.PLACED}

WAITING_IN_HOSPITAL = Q(status__in=NOT_STARTED) & (
    Q(interim_arrangement=InterimArrangement.HOSPITAL)
    | Q(interim_arrangement=InterimArrangement.NONE, referral__source=ReferralSource.HOSPITAL)
)


def with_hospital_flag(packages: _Packages) -> _Packages:
    """Each package annotated with `in_hospital` (True or False)."""
    return packages.annotate(in_hospital=ExpressionWrapper(WAITING_IN_HOSPITAL, output_field=BooleanField()))


def hospital_flags(person_ids: Iterable[int]) -> dict[int, list[str]]:
    """{person id: ["In hospital"]} for those of these people waiting for care in hospital (one
    query). Registered into `people.presenters.PERSON_FLAGS`."""
    waiting = Package.objects.filter(WAITING_IN_HOSPITAL, person_id__in=list(person_ids))
    return {pk: [IN_HOSPITAL_FLAG] for pk in set(waiting.values_list("person_id", flat=True))}
