from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from homecare.core.actor import Actor
from homecare.core.permissions import has_permission
from homecare.core.scoping import ProviderScopedQuerySet
from homecare.people.permissions import VIEW_PEOPLE


class PersonQuerySet(ProviderScopedQuerySet["Person"]):
    """People as an actor may see them: council staff who hold `people.view` (and jobs, commands,
    the system) see everyone; a provider user or token sees only people with a package placed with
    that provider; anyone else sees no one."""

    provider_lookup = "packages__provider_id"

    def visible_to(self, actor: Actor) -> PersonQuerySet:
        if actor.is_provider_scoped:
            return self.for_provider_id(actor.provider_id)
        if has_permission(actor, VIEW_PEOPLE):
            return self
        return self.none()

    def for_provider_id(self, provider_id: Any) -> PersonQuerySet:
        return self.filter(**{self.provider_lookup: provider_id}).distinct()


class Person(models.Model):
    """Someone who receives (or is waiting for) care. Special category data: keep to the minimum,
    and record every view with `audit.log_view`."""

    council_ref = models.CharField("council reference", max_length=30, unique=True)
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, help_text="Ten digits, stored without spaces"
    )
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    postcode_ref = models.ForeignKey(
        "geography.Postcode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ward = models.ForeignKey(
        "geography.Ward", null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    zone = models.ForeignKey(
        "geography.Zone", null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    phone = models.CharField(max_length=40, blank=True)
    contact_name = models.CharField(
        max_length=200, blank=True, help_text="A relative or advocate to contact, if the person wants one"
    )
    contact_phone = models.CharField(max_length=40, blank=True)
    communication_needs = models.TextField(
        blank=True, help_text="For example: British Sign Language, large print, speaks Gujarati"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "council_ref"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["nhs_number"],
                condition=~models.Q(nhs_number=""),
                name="person_nhs_number_unique",
                violation_error_message="Another person already has this NHS number.",
            )
        ]

    def __str__(self) -> str:
        return self.council_ref

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def age_on(self, day: dt.date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
