from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from backoffice.models import Notification, User


def notification_send(
    *,
    recipient: User,
    title: str,
    body: str = "",
    url: str = "",
    level: str = Notification.Level.INFO,
    email: bool = False,
) -> Notification:
    """Notify one person in their own language; optionally by e-mail too, after commit.

    ``title`` and ``body`` may be lazy translations: they are rendered here in the recipient's
    language, so a task with no request still writes to each person in theirs.
    """
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        title_text, body_text = str(title), str(body)
    notification = Notification.objects.create(
        recipient=recipient,
        title=title_text[:200],
        body=body_text,
        url=url,
        level=level,
        emailed=email,
    )
    if email and recipient.email:
        link = f"{settings.BASE_URL}{url}" if url.startswith("/") else url
        message = "\n\n".join(part for part in (body_text, link) if part)
        transaction.on_commit(
            lambda: send_mail(title_text, message, None, [recipient.email], fail_silently=True),
            robust=True,
        )
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
