from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from backoffice.i18n import PLURALS, Plural, lazy_msgid, message_render, params_encode
from backoffice.models import Notification, User


def _template(text) -> tuple[str, str]:
    """A template's singular and plural msgids: from a ``Plural``, from
    ``ngettext_lazy(singular, plural, "count")`` (which ``makemessages`` finds), or one msgid."""
    if isinstance(text, Plural):
        return text.singular, text.plural
    forms = getattr(text, "_kw", None)
    if isinstance(text, Promise) and isinstance(forms, dict) and "plural" in forms:
        return str(forms["singular"]), str(forms["plural"])
    if isinstance(text, Promise):  # gettext_lazy("..."): its English msgid
        msgid = lazy_msgid(text)
        if msgid is not None:
            return msgid, ""
    return str(text or ""), ""


def notification_send(
    *,
    recipient: User,
    title,
    body="",
    url: str = "",
    level: str = Notification.Level.INFO,
    email: bool = False,
    params: Mapping[str, Any] | None = None,
    kind: str = "",
) -> Notification:
    """Notify one person; optionally by e-mail too (in their language), after commit.

    With ``params`` (even empty), ``title`` and ``body`` are English templates marked with
    ``gettext_noop`` (or a ``Plural`` chosen by the ``count`` parameter) and the parameters are
    typed values (dates, datetimes, numbers, ``gettext_lazy`` labels, ``i18n.translated`` names):
    the notification is stored as template and parameters and shown in the language of whoever
    reads it, in their date and number format. ``kind`` names what happened ("leave.requested").

    Without ``params`` the old form still works: ``title`` and ``body`` are texts (lazy
    translations are rendered here in the recipient's language) and shown as they were written.
    """
    templated = params is not None
    stored: dict[str, Any] = {}
    title_msgid = body_msgid = ""
    if templated:
        title_msgid, title_plural = _template(title)
        body_msgid, body_plural = _template(body)
        stored = params_encode(params)
        plurals = {k: v for k, v in (("title", title_plural), ("body", body_plural)) if v}
        if plurals:
            stored[PLURALS] = plurals
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        if templated:
            title_text = message_render(title_msgid, stored, part="title")
            body_text = message_render(body_msgid, stored, part="body")
        else:
            title_text, body_text = str(title), str(body)
    notification = Notification.objects.create(
        recipient=recipient,
        title=title_text[:200],
        body=body_text,
        url=url,
        level=level,
        emailed=email,
        kind=kind[:64],
        title_msgid=title_msgid[:200],
        body_msgid=body_msgid,
        params=stored,
    )
    if email and recipient.email:
        link = f"{settings.BASE_URL}{url}" if url.startswith("/") else url
        message = "\n\n".join(part for part in (body_text, link) if part)
        address = recipient.email

        def send_email() -> None:
            send_mail(title_text[:200], message, None, [address], fail_silently=True)

        transaction.on_commit(send_email, robust=True)
    return notification


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, recipient: User) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_purge_old(*, now=None) -> int:
    """Read notifications older than the retention period go away."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.RETENTION_DAYS)
    deleted, _ = Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff).delete()
    return deleted
