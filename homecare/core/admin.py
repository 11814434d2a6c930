"""The one base class for every model in the Django admin, so the admin never bypasses the trail.

- Opening a record that reveals a person (its change page) writes an access-log row
  (`audit.log_view`); a list of such records writes one row per person shown (`audit.log_views`).
  A model reveals a person when its admin names the person in `person_field` ("pk" for a person,
  "person_id" for a package).
- Saving writes one audit event with every changed field as `{field: [old, new]}` (secrets such as
  the password hash are never written). An admin whose changes must go through a service (a user's
  role: `accounts.services.change_role`) leaves those fields out with `audited_changes` and calls
  the service instead.
- Nothing is deleted through the admin: no delete permission and no "delete selected" action
  (people, packages, visits, events, payments and audit rows keep their history; ends and
  cancellations go through the services).

Every app's `admin.py` registers its models with a subclass (`tests` check that none is missing).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.db import models
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse

from homecare.core import audit
from homecare.core.permissions import actor_of

#: The reason written on every audit event of a change made in the admin.
ADMIN_REASON = "Changed in the Django admin"


def _value(value: Any) -> Any:
    """A form value as the trail stores it: a row by its id, several rows as a sorted list of ids."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set) and all(
        isinstance(v, models.Model) for v in value
    ):
        return sorted(v.pk for v in value)
    return value


class AuditedModelAdmin(admin.ModelAdmin):
    #: The attribute of a row that holds the person it reveals ("pk", "person_id"), or None.
    person_field: ClassVar[str | None] = None
    #: Fields whose values never go into the trail.
    secret_fields: ClassVar[frozenset[str]] = frozenset({"password"})

    # -- nothing is deleted ------------------------------------------------------------------
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # -- every person shown is access-logged ---------------------------------------------------
    def _view_name(self, suffix: str = "") -> str:
        return f"admin:{self.model._meta.label_lower}{suffix}"

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        if obj is not None and self.person_field:
            audit.log_view(
                by=actor_of(request),
                obj=obj,
                person_id=getattr(obj, self.person_field),
                view=self._view_name(),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if self.person_field and changelist is not None:
            audit.log_views(
                by=actor_of(request),
                objs=changelist.result_list,
                view=self._view_name(" list"),
                person_of=self.person_field,
            )
        return response

    # -- every change is audited ---------------------------------------------------------------
    def audited_changes(self, form: BaseForm, change: bool) -> dict[str, list[Any]]:
        """{field: [old, new]} for the model fields the form changed (every field it set, when
        adding), leaving out secrets."""
        model_fields = {f.name for f in self.model._meta.get_fields()}
        names = form.changed_data if change else list(form.cleaned_data)
        return {
            name: [_value(form.initial.get(name)) if change else None, _value(form.cleaned_data.get(name))]
            for name in names
            if name in model_fields and name not in self.secret_fields
        }

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        changes = self.audited_changes(form, change)
        super().save_model(request, obj, form, change)
        if changes or not change:
            audit.record(
                by=actor_of(request),
                action="updated" if change else "created",
                obj=obj,
                changes=changes,
                reason=ADMIN_REASON,
            )
