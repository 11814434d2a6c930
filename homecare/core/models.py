from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit record."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit records cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit records cannot be deleted.")


class AppendOnlyModel(models.Model):
    """A record that is written once and never changed: the database refuses updates and deletes
    too (triggers installed by this app's migrations, on SQLite and PostgreSQL)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit records cannot be deleted.")


class AuditEvent(AppendOnlyModel):
    """Who changed what, when, from which request."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, help_text="User name, or the system process that acted")
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True)
    object_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    channel = models.CharField(max_length=20, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"
        )


class AccessLog(AppendOnlyModel):
    """Who looked at which person's record (special category data), when and from where."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(
        max_length=200, blank=True, help_text="Who viewed: the user name, or the provider API token"
    )
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    person_id = models.CharField(max_length=64, db_index=True, blank=True)
    view = models.CharField(max_length=200)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} user#{self.user_id} viewed {self.object_type}#{self.object_id}"


class CouncilSettings(models.Model):
    """The council this installation serves. One row; environment variables take precedence."""

    name = models.CharField(max_length=200)
    ons_code = models.CharField(
        "ONS local authority code",
        max_length=9,
        help_text="Nine-character ONS code, for example E06000015",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "council settings"
        verbose_name_plural = "council settings"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="council_settings_single_row")]

    def __str__(self) -> str:
        return f"{self.name} ({self.ons_code})"


class ImportRun(models.Model):
    """One accepted file import (postcodes, CQC ratings, packages, call-monitoring files...)."""

    kind = models.CharField(max_length=50, db_index=True)
    file_name = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    actor_label = models.CharField(max_length=200)
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.kind} import {self.file_name} at {self.at:%Y-%m-%d %H:%M}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A provider's API token. Only its SHA-256 hash is stored; the token is shown once. In the kernel
    because every app's API operations authenticate with it (`homecare.core.api_auth`)."""

    provider = models.ForeignKey("providers.Provider", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'Call monitoring system'")
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        db_table = "api_apitoken"  # created by the API app, which kept it before it moved to the kernel

    def __str__(self) -> str:
        return f"{self.provider}: {self.name} ({self.prefix}...)"

    @staticmethod
    def generate() -> str:
        return "hc_" + secrets.token_urlsafe(32)
