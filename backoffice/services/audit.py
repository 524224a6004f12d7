from __future__ import annotations

from typing import Any

from django.db import models

from backoffice.models import AuditEvent, User


def audit_record(
    *,
    kind: str,
    summary: str,
    actor: User | None = None,
    target: models.Model | None = None,
    ip_address: str | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. ``summary`` is stored as given (English, for the record)."""
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        kind=kind,
        summary=str(summary)[:300],
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        ip_address=ip_address or None,
        data=data or {},
    )
