"""Organisations the council works with that are not care providers: the NHS integrated care boards
that commission continuing healthcare and share the cost of jointly funded packages."""

from __future__ import annotations

from django.db import models


class HealthCommissioner(models.Model):
    """An NHS commissioner (integrated care board): funds NHS continuing healthcare packages and the
    health share of joint packages, and receives the council's recharge statements."""

    name = models.CharField(max_length=200, unique=True)
    ods_code = models.CharField(
        "ODS code", max_length=10, unique=True, help_text="NHS Organisation Data Service code, e.g. QJ2"
    )
    finance_contact = models.CharField(max_length=200, blank=True)
    finance_email = models.EmailField(blank=True)
    invoice_address = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ods_code})"
