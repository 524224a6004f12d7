from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models

from backoffice.models import AuditEvent, User


def _audit_event(
    *,
    kind: str,
    summary: str,
    params: dict[str, Any] | None,
    actor: User | None,
    target: models.Model | None,
    ip_address: str | None,
    data: dict[str, Any] | None,
) -> AuditEvent:
    """The unsaved event ``audit_record`` and ``audit_record_many`` write."""
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    params = {key: str(value) for key, value in (params or {}).items()}
    data = {**(data or {}), "summary": {"template": summary, "params": params}}
    return AuditEvent(
        kind=kind,
        summary=(summary % params if params else summary)[:300],
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        ip_address=ip_address or None,
        data=data,
    )


def audit_record(
    *,
    kind: str,
    summary: str,
    params: dict[str, Any] | None = None,
    actor: User | None = None,
    target: models.Model | None = None,
    ip_address: str | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event.

    ``summary`` is an English template marked with ``gettext_noop`` and filled from ``params``: the
    record keeps the English text, and each reader sees it translated into their own language.
    """
    event = _audit_event(
        kind=kind,
        summary=summary,
        params=params,
        actor=actor,
        target=target,
        ip_address=ip_address,
        data=data,
    )
    event.save(force_insert=True)
    return event


def audit_record_many(*, events: Sequence[dict[str, Any]], actor: User | None) -> list[AuditEvent]:
    """Append several audit events of one actor in one INSERT (a batch job's); each of
    ``events`` holds ``audit_record``'s other arguments (``kind``, ``summary``, ``params``,
    ``target``, ``data``)."""
    made = [
        _audit_event(
            kind=event["kind"],
            summary=event["summary"],
            params=event.get("params"),
            actor=actor,
            target=event.get("target"),
            ip_address=event.get("ip_address"),
            data=event.get("data"),
        )
        for event in events
    ]
    return AuditEvent.objects.bulk_create(made) if made else []
