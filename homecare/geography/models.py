from __future__ import annotations

from django.db import models


class Zone(models.Model):
    """A group of wards that a framework lot covers (a zone, lot or patch)."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Ward(models.Model):
    """An electoral ward, identified by its ONS code."""

    code = models.CharField("ONS ward code", max_length=9, unique=True)
    name = models.CharField(max_length=200, blank=True, help_text="Empty until named from an ONS names file")
    local_authority_code = models.CharField(max_length=9, blank=True, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    is_rural = models.BooleanField(default=False)
    zone = models.ForeignKey(Zone, null=True, blank=True, on_delete=models.PROTECT, related_name="wards")

    class Meta:
        ordering = ["name", "code"]

    def __str__(self) -> str:
        return self.name or self.code

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code


class Postcode(models.Model):
    """A postcode from the ONS Postcode Directory, stored in its 7-to-8 character form (pcds)."""

    postcode = models.CharField(max_length=8, unique=True)
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="postcodes")
    local_authority_code = models.CharField(max_length=9, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    rural_urban_code = models.CharField(max_length=4, blank=True)
    is_rural = models.BooleanField(default=False)
    terminated = models.BooleanField(default=False)

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode

    @property
    def district(self) -> str:
        """The outward code (e.g. "LE1"), which is all a provider sees before accepting an offer."""
        return self.postcode.split(" ")[0]
