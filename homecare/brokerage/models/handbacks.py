"""Hand-backs: a provider gives notice that it can no longer deliver a package."""

from __future__ import annotations

from django.db import models

from homecare.core.scoping import ProviderScopedQuerySet


class HandBackQuerySet(ProviderScopedQuerySet["HandBack"]):
    """Hand-backs; a provider sees its own."""


class HandBack(models.Model):
    package = models.OneToOneField("brokerage.Package", on_delete=models.PROTECT, related_name="hand_back")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="hand_backs")
    given_on = models.DateField()
    notice_ends_on = models.DateField()
    reason = models.TextField()
    given_by_label = models.CharField(max_length=200)
    successor = models.OneToOneField(
        "brokerage.Package",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces_hand_back",
        help_text="The package re-entered into brokerage to continue the person's care",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HandBackQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"Hand-back of {self.package} by {self.provider}"
