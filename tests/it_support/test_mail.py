"""Incoming mail: parsing real-world message files, and what each becomes (reply, new ticket, or
kept aside with the reason)."""

from __future__ import annotations

from pathlib import Path

import pytest

from it_support.domain.mail import MailRejected, parse_mail
from it_support.models import InboundMail, Ticket, TicketAttachment, TicketMessage
from it_support.services import mail_ingest, ticket_open

SAMPLES = Path(__file__).parent / "mail"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def test_a_plain_utf8_message_with_an_encoded_subject():
    mail = parse_mail(sample("plain_new.eml"))
    assert mail.sender == "staff@example.com"
    assert mail.sender_name == "Стефан Ангелов"
    assert mail.subject == "Принтерът не печата"
    assert mail.reference is None
    assert mail.body.startswith("Здравейте,\nпринтерът на втория етаж")
    assert mail.message_id == "<20260302091400.1234@example.com>"


def test_a_multipart_reply_keeps_only_the_new_text_and_finds_the_reference():
    mail = parse_mail(sample("reply_quoted_multipart.eml"))
    assert mail.reference == 42
    assert mail.body == "It works again, thank you!"
    assert mail.clean_subject == "Printer on the second floor"


def test_an_attachment_is_kept_with_its_name_and_bytes():
    mail = parse_mail(sample("attachment.eml"))
    assert mail.body == "The attached scan opens blank on my laptop."
    assert len(mail.attachments) == 1
    assert mail.attachments[0].filename == "scan.pdf"
    assert mail.attachments[0].content.startswith(b"%PDF-1.4")


def test_an_html_only_message_becomes_text_without_scripts_styles_or_quotes():
    mail = parse_mail(sample("html_only.eml"))
    assert mail.body == "The VPN connection drops every hour.\n\nSince Monday."


def test_a_windows_1251_message_is_decoded():
    mail = parse_mail(sample("cp1251.eml"))
    assert mail.subject == "Вход в 1С"
    assert mail.body == "Здравейте,\nне мога да вляза в 1С.\n\nПоздрави"


def test_an_outlook_reply_in_bulgarian_stops_at_the_original_message():
    mail = parse_mail(sample("outlook_reply.eml"))
    assert mail.reference == 42
    assert mail.body == "Пак не работи."


def test_malformed_messages_say_why():
    with pytest.raises(MailRejected, match="no sender"):
        parse_mail(sample("no_sender.eml"))
    with pytest.raises(MailRejected, match="empty"):
        parse_mail(b"")
    assert parse_mail(sample("auto_reply.eml")).auto_reply


def test_a_reply_by_mail_lands_on_its_ticket(desk, django_capture_on_commit_callbacks):
    staff = desk["users"]["staff"]
    ticket = ticket_open(requester=staff, subject="Printer", actor=staff)
    raw = sample("outlook_reply.eml").replace(b"IT-000042", f"IT-{ticket.pk:06d}".encode())
    with django_capture_on_commit_callbacks(execute=True):
        kept = mail_ingest(raw=raw)
    assert kept.outcome == InboundMail.Outcome.REPLY
    assert kept.ticket == ticket
    message = TicketMessage.objects.get(ticket=ticket)
    assert message.body == "Пак не работи." and message.via_email and message.author == staff
    # The same message fetched again is not a second reply.
    assert mail_ingest(raw=raw).pk == kept.pk
    assert TicketMessage.objects.filter(ticket=ticket).count() == 1


def test_a_new_mail_opens_a_ticket_with_its_attachment(desk):
    kept = mail_ingest(raw=sample("attachment.eml"))
    assert kept.outcome == InboundMail.Outcome.TICKET
    ticket = kept.ticket
    assert ticket.subject == "Invoice scan does not open"
    assert ticket.source == Ticket.Source.EMAIL
    assert ticket.requester == desk["users"]["manager"]
    assert TicketAttachment.objects.get(ticket=ticket).filename == "scan.pdf"


def test_a_reply_to_someone_elses_ticket_opens_a_new_one(desk):
    other = desk["users"]["other"]
    ticket = ticket_open(requester=other, subject="Printer", actor=other)
    raw = sample("outlook_reply.eml").replace(b"IT-000042", f"IT-{ticket.pk:06d}".encode())
    kept = mail_ingest(raw=raw)
    assert kept.outcome == InboundMail.Outcome.TICKET
    assert kept.ticket != ticket
    assert not TicketMessage.objects.filter(ticket=ticket).exists()


def test_a_sender_is_known_by_the_work_address_in_hr(desk):
    from it_support.selectors import user_by_email

    assert user_by_email(email="STAFF@example.com") == desk["users"]["staff"]
    assert user_by_email(email="it-staff@example.com") is None  # a login address HR does not know
    desk["users"]["staff"].is_active = False
    desk["users"]["staff"].save()
    assert user_by_email(email="staff@example.com") is None


def test_unusable_mail_is_kept_aside_with_the_reason(desk):
    before = Ticket.objects.count()
    no_sender = mail_ingest(raw=sample("no_sender.eml"))
    stranger = mail_ingest(raw=sample("html_only.eml").replace(b"hr@example.com", b"x@y.example"))
    auto = mail_ingest(raw=sample("auto_reply.eml"))
    assert (no_sender.outcome, no_sender.reason) == ("rejected", "no sender address")
    assert stranger.outcome == "rejected" and "no active account" in stranger.reason
    assert auto.reason == "automatic reply, not answered"
    assert bytes(no_sender.raw) == sample("no_sender.eml")
    assert Ticket.objects.count() == before
