"""The audit trail. Every service that changes data calls one of these functions.

`record` writes one event. `update_fields` and `bulk_update` change rows and write one event for
each row that really changed, so bulk changes made through services are audited too.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction

from homecare.core import context
from homecare.core.actor import Actor
from homecare.core.models import AccessLog, AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def object_type(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def actor(by: Actor) -> tuple[Any, str]:
    """(user row or None, label) for whoever acts: a user, a provider token, a job, a command."""
    if not isinstance(by, Actor):
        raise TypeError(f"by must be an Actor, not {type(by).__name__}")
    return by.user, by.label


def _event(
    *, by: Actor, action: str, obj: models.Model, changes: Mapping[str, Any] | None, reason: str
) -> AuditEvent:
    actor_user, label = actor(by)
    ctx = context.current()
    return AuditEvent(
        actor=actor_user,
        actor_label=label,
        action=action,
        object_type=object_type(obj),
        object_id=str(obj.pk),
        object_label=str(obj)[:300],
        changes=_jsonable(dict(changes or {})),
        reason=reason,
        request_id=ctx.request_id if ctx.channel != "system" else "",
        channel=ctx.channel,
        ip=ctx.ip,
        path=ctx.path[:500],
    )


def record(
    *,
    by: Actor,
    action: str,
    obj: models.Model,
    changes: Mapping[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Write one audit event for what `by` did."""
    event = _event(by=by, action=action, obj=obj, changes=changes, reason=reason)
    event.save()
    return event


def record_many(
    *,
    by: Actor,
    action: str,
    objs: Iterable[models.Model],
    changes: Mapping[str, Any] | None = None,
    reason: str = "",
) -> int:
    events = [_event(by=by, action=action, obj=o, changes=changes, reason=reason) for o in objs]
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {
        key: [_jsonable(before.get(key)), _jsonable(after.get(key))]
        for key in after
        if _jsonable(before.get(key)) != _jsonable(after.get(key))
    }


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def created(
    *, by: Actor, obj: models.Model, fields: Iterable[str] | None = None, reason: str = ""
) -> AuditEvent:
    names = (
        list(fields)
        if fields is not None
        else [f.attname for f in obj._meta.concrete_fields if not f.primary_key]
    )
    return record(
        by=by,
        action="created",
        obj=obj,
        changes={n: [None, getattr(obj, n)] for n in names},
        reason=reason,
    )


@transaction.atomic
def update_fields(
    *, by: Actor, obj: models.Model, action: str = "updated", reason: str = "", **values: Any
) -> dict:
    """Set fields on one object, save them, and audit what changed. Returns the changes."""
    before = snapshot(obj, values)
    for name, value in values.items():
        setattr(obj, name, value)
    changes = diff(before, snapshot(obj, values))
    if changes:
        obj.save(update_fields=list(values))
        record(by=by, action=action, obj=obj, changes=changes, reason=reason)
    return changes


@transaction.atomic
def bulk_update(
    *, by: Actor, queryset: models.QuerySet, action: str = "updated", reason: str = "", **values: Any
) -> int:
    """Update many rows and audit each row that changed (the bulk path cannot skip the audit)."""
    rows = list(queryset.select_for_update())
    changed = []
    events = []
    for obj in rows:
        before = snapshot(obj, values)
        for name, value in values.items():
            setattr(obj, name, value)
        changes = diff(before, snapshot(obj, values))
        if changes:
            changed.append(obj)
            events.append(_event(by=by, action=action, obj=obj, changes=changes, reason=reason))
    if changed:
        queryset.model.objects.bulk_update(changed, list(values), batch_size=1000)
        AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(changed)


def history(obj: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type(obj), object_id=str(obj.pk))


def log_view(*, by: Actor, obj: models.Model, person_id: Any = None, view: str = "") -> AccessLog:
    """Record that `by` viewed `obj`, a person's record or something that reveals one."""
    ctx = context.current()
    viewer, label = actor(by)
    return AccessLog.objects.create(
        user=viewer,
        actor_label=label,
        object_type=object_type(obj),
        object_id=str(obj.pk),
        person_id=str(person_id if person_id is not None else obj.pk),
        view=view or ctx.path[:200],
        request_id=ctx.request_id,
        ip=ctx.ip,
    )


def log_views(*, by: Actor, objs: Iterable[models.Model], view: str, person_of: str = "pk") -> int:
    """Record that `by` saw the people behind `objs` in a list: one access-log row per person shown
    (the first of `objs` that shows them; `getattr(obj, person_of)` is the person's id), all written
    in one insert. Returns the number of rows. The row's shape is decided in ADR 0010."""
    ctx = context.current()
    viewer, label = actor(by)
    rows: dict[str, AccessLog] = {}
    for obj in objs:
        person_id = str(getattr(obj, person_of))
        if person_id not in rows:
            rows[person_id] = AccessLog(
                user=viewer,
                actor_label=label,
                object_type=object_type(obj),
                object_id=str(obj.pk),
                person_id=person_id,
                view=view[:200],
                request_id=ctx.request_id,
                ip=ctx.ip,
            )
    AccessLog.objects.bulk_create(rows.values(), batch_size=1000)
    return len(rows)


#: The kinds of actor the trail tells apart, for its filter (the keys are `Actor.kind` values).
ACTOR_KINDS: dict[str, str] = {
    "user": "A signed-in user",
    "token": "A provider's API token",
    "job": "A background job",
    "command": "A command (homecare ...)",
    "system": "The system (demo data, migrations)",
}
#: How each kind of actor without a user row labels itself (`Actor.for_token`, `.job`, `.command`).
#: A user name cannot hold a colon, so a label with one of these prefixes is never a person.
_LABEL_PREFIXES: dict[str, str] = {"token": "api-token:", "job": "job:", "command": "cli:"}


def actor_kind(*, label: str, has_user: bool) -> str:
    """The kind of actor (a key of ACTOR_KINDS) that wrote a trail row with this label."""
    if has_user:
        return "user"
    for kind, prefix in _LABEL_PREFIXES.items():
        if label.startswith(prefix):
            return kind
    return "system"


def filter_actor_kind(rows: models.QuerySet, kind: str) -> models.QuerySet:
    """Audit events or access-log rows written by one kind of actor (a key of ACTOR_KINDS)."""
    user_field = "user" if rows.model is AccessLog else "actor"
    without_user = {f"{user_field}__isnull": True}
    if kind == "user":
        return rows.filter(**{f"{user_field}__isnull": False})
    if kind in _LABEL_PREFIXES:
        return rows.filter(actor_label__startswith=_LABEL_PREFIXES[kind], **without_user)
    if kind == "system":
        prefixed = models.Q()
        for prefix in _LABEL_PREFIXES.values():
            prefixed |= models.Q(actor_label__startswith=prefix)
        return rows.filter(**without_user).exclude(prefixed)
    raise ValueError(f"unknown kind of actor {kind!r}")
