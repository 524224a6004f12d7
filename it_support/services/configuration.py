"""IT's own settings, written: SLA targets per queue and priority, the helpdesk's business hours,
the access profile of each position, and what becomes of an incoming mail kept aside."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record
from it_support.audit import ItAudit
from it_support.domain.mail import MailRejected, parse_mail
from it_support.models import AccessProfile, BusinessHours, InboundMail, SlaPolicy, Ticket
from it_support.selectors.tickets import user_by_email
from it_support.services.tickets import ticket_open

TARGET_POSITIVE = _("A target must be at least one business minute.")
RESPONSE_AFTER_RESOLUTION = _("The first response cannot be due after the resolution.")
POLICY_EXISTS = _("This queue already has a policy for that priority; edit that one.")
CLOSES_BEFORE_OPENS = _("%(day)s: the helpdesk must open before it closes.")
HOURS_MISSING = _("%(day)s: give both the opening and the closing time.")
NO_OPEN_DAY = _("Keep at least one working day, or no clock could ever run.")
PROFILE_EXISTS = _("This position already has an access profile; edit that one.")
PROFILE_EMPTY = _("List at least one system or one piece of equipment.")
NOT_KEPT_ASIDE = _("This mail is no longer kept aside.")
ITEM_TOO_LONG = _("Each line may have at most 200 characters.")


@transaction.atomic
def sla_policy_save(
    *,
    policy: SlaPolicy,
    first_response_minutes: int | None,
    resolution_minutes: int | None,
    pause_on_third_party: bool,
    actor: User,
) -> SlaPolicy:
    """Create or change a policy; targets are positive and the response comes first."""
    errors = {}
    if not first_response_minutes or first_response_minutes < 1:
        errors["first_response_minutes"] = [TARGET_POSITIVE]
    if not resolution_minutes or resolution_minutes < 1:
        errors["resolution_minutes"] = [TARGET_POSITIVE]
    if not errors and first_response_minutes > resolution_minutes:
        errors["first_response_minutes"] = [RESPONSE_AFTER_RESOLUTION]
    duplicate = SlaPolicy.objects.filter(queue_id=policy.queue_id, priority=policy.priority)
    if policy.pk:
        duplicate = duplicate.exclude(pk=policy.pk)
    if policy.queue_id and duplicate.exists():
        errors["priority"] = [POLICY_EXISTS]
    if errors:
        raise ValidationError(errors)
    policy.first_response_minutes = first_response_minutes
    policy.resolution_minutes = resolution_minutes
    policy.pause_on_third_party = pause_on_third_party
    policy.save()
    action_record(
        kind=ItAudit.SLA_POLICY_CHANGED,
        summary=gettext_noop("SLA %(policy)s: first response %(first)s, resolution %(res)s min"),
        params={
            "policy": str(policy),
            "first": first_response_minutes,
            "res": resolution_minutes,
        },
        actor=actor,
        target=policy,
    )
    return policy


@transaction.atomic
def business_hours_save(
    *, days: Sequence[tuple[int, time | None, time | None]], actor: User
) -> list[BusinessHours]:
    """Replace the week's hours: ``days`` holds (weekday, opens, closes); a day without times
    is closed. Either every day is valid and saved, or nothing changes."""
    errors: list[str] = []
    rows = []
    labels = dict(BusinessHours.Weekday.choices)
    for weekday, opens, closes in days:
        if opens is None and closes is None:
            continue
        day = labels[weekday]
        if opens is None or closes is None:
            errors.append(HOURS_MISSING % {"day": day})
        elif opens >= closes:
            errors.append(CLOSES_BEFORE_OPENS % {"day": day})
        else:
            rows.append(BusinessHours(weekday=weekday, opens=opens, closes=closes))
    if not errors and not rows:
        errors.append(str(NO_OPEN_DAY))
    if errors:
        raise ValidationError({"hours": errors})
    BusinessHours.objects.all().delete()
    saved = BusinessHours.objects.bulk_create(rows)
    action_record(
        kind=ItAudit.HOURS_CHANGED,
        summary=gettext_noop("Business hours set: %(hours)s"),
        params={"hours": ", ".join(str(r) for r in saved)},
        actor=actor,
    )
    return saved


def _lines(items: Sequence[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        item = (item or "").replace("\x00", "").strip()
        if item and item not in seen:
            seen.append(item)
    return seen


@transaction.atomic
def access_profile_save(
    *, profile: AccessProfile, systems: Sequence[str], equipment: Sequence[str], actor: User
) -> AccessProfile:
    systems, equipment = _lines(systems), _lines(equipment)
    errors = {}
    if not systems and not equipment:
        errors["systems"] = [PROFILE_EMPTY]
    if any(len(item) > 200 for item in [*systems, *equipment]):
        errors["equipment"] = [ITEM_TOO_LONG]
    duplicate = AccessProfile.objects.filter(position_id=profile.position_id)
    if profile.pk:
        duplicate = duplicate.exclude(pk=profile.pk)
    if profile.position_id and duplicate.exists():
        errors["position"] = [PROFILE_EXISTS]
    if errors:
        raise ValidationError(errors)
    profile.systems, profile.equipment = systems, equipment
    profile.save()
    action_record(
        kind=ItAudit.ACCESS_PROFILE_CHANGED,
        summary=gettext_noop("Access profile of %(position)s: %(n)s systems, %(m)s items"),
        params={"position": str(profile.position), "n": len(systems), "m": len(equipment)},
        actor=actor,
        target=profile,
    )
    return profile


def _kept(mail: InboundMail) -> InboundMail:
    mail = InboundMail.objects.select_for_update().get(pk=mail.pk)
    if mail.outcome != InboundMail.Outcome.REJECTED:
        raise ValidationError(NOT_KEPT_ASIDE)
    return mail


@transaction.atomic
def inbound_mail_to_ticket(*, mail: InboundMail, actor: User) -> Ticket:
    """Open a ticket from a kept-aside mail: for its sender when they have a login, otherwise
    for the agent, with the sender written into the description."""
    mail = _kept(mail)
    raw = bytes(mail.raw)
    try:
        parsed = parse_mail(raw)
        subject = parsed.clean_subject or mail.subject
        body = parsed.body
    except MailRejected:
        subject = mail.subject
        body = raw.decode("utf-8", errors="replace")[:20_000]
    requester = user_by_email(email=mail.sender) or actor
    if requester.pk == actor.pk and mail.sender:
        body = f"{mail.sender}\n\n{body}"
    ticket = ticket_open(
        requester=requester,
        subject=subject or str(_("Mail without a subject")),
        description=body,
        actor=actor,
        source=Ticket.Source.EMAIL,
    )
    mail.outcome = InboundMail.Outcome.TICKET
    mail.ticket = ticket
    mail.save(update_fields=["outcome", "ticket"])
    action_record(
        kind=ItAudit.MAIL_CONVERTED,
        summary=gettext_noop("Mail from %(sender)s turned into %(ref)s"),
        params={"sender": mail.sender, "ref": ticket.reference},
        actor=actor,
        target=ticket,
    )
    return ticket


@transaction.atomic
def inbound_mail_discard(*, mail: InboundMail, actor: User) -> InboundMail:
    """Mark a kept-aside mail as dealt with; the message itself stays stored."""
    mail = _kept(mail)
    mail.outcome = InboundMail.Outcome.DISCARDED
    mail.save(update_fields=["outcome"])
    action_record(
        kind=ItAudit.MAIL_DISCARDED,
        summary=gettext_noop("Mail from %(sender)s discarded: %(subject)s"),
        params={"sender": mail.sender, "subject": mail.subject},
        actor=actor,
        target=mail,
    )
    return mail
