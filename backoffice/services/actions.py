"""One way to act: every important change records its audit event and sends its domain event here.

Services call ``action_record`` once per change, inside their transaction. The audit row is part of
that transaction (it vanishes with a rollback); the event leaves only after the commit, so the apps
above never hear of a change that did not happen, and a failing receiver never undoes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from backoffice.audit import AuditKind
from backoffice.events import DomainEvent
from backoffice.models import AuditEvent, User
from backoffice.services.audit import audit_record, audit_record_many


def event_publish(event: DomainEvent) -> None:
    """Send ``event`` on its signal once the current transaction commits (at once outside one).

    The hook is a named function, not ``functools.partial``: Django's robust ``on_commit`` logs a
    failing hook by its ``__qualname__``, which a partial lacks, and the logging itself would then
    turn the saved action into an error page. Receivers run through ``send_robust``: what one of
    them raises is logged (by Django, ``django.dispatch``) and the others still hear of the event.
    """

    def send_event() -> None:
        event.signal.send_robust(sender=type(event), payload=event)

    transaction.on_commit(send_event, robust=True)


def action_record(
    *,
    kind: AuditKind,
    summary: str,
    params: Mapping[str, Any] | None = None,
    actor: User | None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    ip_address: str | None = None,
    event: DomainEvent | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``kind`` (to ``target``) and, with ``event``, tell the other apps.

    ``kind`` is a member of an app's declared ``AuditKind``: a typed-again string is refused, so the
    audit trail's filter always knows every kind that can appear in it. ``summary`` is an English
    template marked with ``gettext_noop``, filled from ``params`` (see ``audit_record``).
    """
    if not isinstance(kind, AuditKind):
        raise TypeError(f"{kind!r} is not a declared AuditKind member")
    if event is not None and not isinstance(event, DomainEvent):
        raise TypeError(f"{event!r} is not a DomainEvent")
    recorded = audit_record(
        kind=kind.value,
        summary=summary,
        params=dict(params) if params else None,
        actor=actor,
        target=target,
        ip_address=ip_address,
        data=data,
    )
    if event is not None:
        event_publish(event)
    return recorded


@dataclass(frozen=True)
class ActionIn:
    """One change for ``actions_record``: ``action_record``'s arguments but the actor's."""

    kind: AuditKind
    summary: str
    params: Mapping[str, Any] | None = None
    target: models.Model | None = None
    data: dict[str, Any] | None = None


def actions_record(*, actions: Sequence[ActionIn], actor: User | None) -> list[AuditEvent]:
    """``action_record`` for many changes of one actor at once (a batch job's): their audit events
    are written in one INSERT, in the current transaction. No domain events: a change that needs
    one is recorded with ``action_record``."""
    for action in actions:
        if not isinstance(action.kind, AuditKind):
            raise TypeError(f"{action.kind!r} is not a declared AuditKind member")
    return audit_record_many(
        events=[
            {
                "kind": action.kind.value,
                "summary": action.summary,
                "params": dict(action.params) if action.params else None,
                "target": action.target,
                "data": action.data,
            }
            for action in actions
        ],
        actor=actor,
    )
