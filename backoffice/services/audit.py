from __future__ import annotations

from typing import Any

from django.db import models

from backoffice.models import AuditEvent, User


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
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    params = {key: str(value) for key, value in (params or {}).items()}
    data = {**(data or {}), "summary": {"template": summary, "params": params}}
    return AuditEvent.objects.create(
        kind=kind,
        summary=(summary % params if params else summary)[:300],
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        ip_address=ip_address or None,
        data=data,
    )
