"""Incoming mail: a reply lands on its ticket (the reference in the subject), a new message opens
a ticket; anything unusable is kept aside with the reason. The same message twice is one."""

from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from it_support.domain.mail import MailRejected, ParsedMail, parse_mail
from it_support.models import InboundMail, Ticket
from it_support.selectors.tickets import user_by_email
from it_support.services.tickets import ticket_open, ticket_reply

logger = logging.getLogger(__name__)

UNKNOWN_SENDER = "sender %s has no active account"
AUTO_REPLY = "automatic reply, not answered"


def _files(mail: ParsedMail) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(a.filename, a.content, content_type=a.content_type)
        for a in mail.attachments
        if a.content
    ]


def _keep(raw: bytes, digest: str, **fields) -> InboundMail:
    return InboundMail.objects.create(raw=raw, digest=digest, **fields)


def mail_ingest(*, raw: bytes) -> InboundMail:
    """Turn one fetched message into a reply or a ticket, or keep it aside with the reason."""
    digest = hashlib.sha256(raw).hexdigest()
    known = InboundMail.objects.filter(digest=digest).first()
    if known is not None:
        return known
    try:
        mail = parse_mail(raw)
    except MailRejected as exc:
        return _keep(raw, digest, outcome=InboundMail.Outcome.REJECTED, reason=str(exc)[:300])
    base = {"message_id": mail.message_id, "sender": mail.sender, "subject": mail.subject}
    if mail.auto_reply:
        return _keep(raw, digest, outcome=InboundMail.Outcome.REJECTED, reason=AUTO_REPLY, **base)
    user = user_by_email(email=mail.sender)
    if user is None:
        return _keep(
            raw,
            digest,
            outcome=InboundMail.Outcome.REJECTED,
            reason=UNKNOWN_SENDER % mail.sender,
            **base,
        )
    try:
        with transaction.atomic():
            ticket = None
            if mail.reference is not None:
                ticket = Ticket.objects.filter(pk=mail.reference).first()
                if ticket is not None and ticket.merged_into_id:
                    ticket = ticket.merged_into
                if ticket is not None and not (
                    ticket.requester_id == user.pk
                    or ticket.watchers.filter(pk=user.pk).exists()
                    or user.has_perm("it_support.change_ticket")
                ):
                    ticket = None
            if ticket is not None:
                ticket_reply(
                    ticket=ticket,
                    author=user,
                    body=mail.body or mail.clean_subject,
                    attachments=_files(mail),
                    via_email=True,
                )
                return _keep(raw, digest, outcome=InboundMail.Outcome.REPLY, ticket=ticket, **base)
            ticket = ticket_open(
                requester=user,
                subject=mail.clean_subject or mail.body[:80],
                description=mail.body,
                actor=user,
                source=Ticket.Source.EMAIL,
                attachments=_files(mail),
            )
            return _keep(raw, digest, outcome=InboundMail.Outcome.TICKET, ticket=ticket, **base)
    except ValidationError as exc:
        reason = "; ".join(str(m) for m in exc.messages)[:300]
        return _keep(raw, digest, outcome=InboundMail.Outcome.REJECTED, reason=reason, **base)
    except IntegrityError:
        return InboundMail.objects.get(digest=digest)


def mailbox_fetch(*, url: str, limit: int = 100) -> int:
    """Fetch unseen messages from the IMAP mailbox at ``url`` (imaps://user:pass@host/INBOX) and
    ingest each; a message is marked seen only once it is stored, so nothing is lost."""
    import imaplib
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    folder = parts.path.lstrip("/") or "INBOX"
    client_class = imaplib.IMAP4_SSL if parts.scheme == "imaps" else imaplib.IMAP4
    client = client_class(parts.hostname, parts.port or (993 if parts.scheme == "imaps" else 143))
    count = 0
    try:
        client.login(unquote(parts.username or ""), unquote(parts.password or ""))
        client.select(folder)
        _status, data = client.uid("search", None, "UNSEEN")
        for uid in (data[0] or b"").split()[:limit]:
            _status, fetched = client.uid("fetch", uid, "(BODY.PEEK[])")
            raw = next((item[1] for item in fetched if isinstance(item, tuple)), None)
            if raw is None:
                continue
            mail_ingest(raw=raw)
            client.uid("store", uid, "+FLAGS", "(\\Seen)")
            count += 1
    finally:
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error):
            logger.warning("IMAP logout failed")
    return count
