"""IT support's rows of the role x URL matrix (tests/backoffice/test_matrix.py) and the records
they open: Staff's ticket with a public attachment and an internal note, a public and an
internal article, an asset held by Staff, a licence and its seat."""

from __future__ import annotations

from django.core.files.base import ContentFile


def matrix_rows(Row, only, everyone, roles) -> list:
    R = roles
    it = [R.ADMINISTRATOR, R.IT]
    return [
        Row("it_support:it-dashboard", only(it)),
        Row("it_support:sla-report", only(it)),
        Row("it_support:ticket-list", only(it)),
        Row("it_support:ticket-bulk", everyone(405)),
        Row("it_support:ticket-team", only([R.HR, R.MANAGER])),
        Row("it_support:ticket-detail", only(it), lambda ctx: [ctx["it_ticket"].pk]),
        *(
            Row(f"it_support:ticket-{action}", everyone(405), lambda ctx: [ctx["it_ticket"].pk])
            for action in (
                "reply",
                "status",
                "assign",
                "update",
                "merge",
                "incident",
                "watch",
                "assets",
                "related",
                "affected",
            )
        ),
        Row(
            "it_support:attachment-download",
            only([*it, R.STAFF], others=404),
            lambda ctx: [ctx["it_attachment"].pk],
        ),
        Row(
            "it_support:attachment-download",
            only(it, others=404),
            lambda ctx: [ctx["it_note_attachment"].pk],
        ),
        Row("it_support:ticket-mine", everyone(200)),
        Row("it_support:ticket-create", everyone(200)),
        Row("it_support:article-suggest", everyone(200)),
        Row(
            "it_support:ticket-mine-detail",
            only([R.STAFF], others=404),
            lambda ctx: [ctx["it_ticket"].pk],
        ),
        Row("it_support:ticket-mine-reply", everyone(405), lambda ctx: [ctx["it_ticket"].pk]),
        Row("it_support:ticket-rate", everyone(405), lambda ctx: [ctx["it_ticket"].pk]),
        Row("it_support:article-list", everyone(200)),
        Row("it_support:article-create", only(it)),
        Row("it_support:article-detail", everyone(200), lambda ctx: [ctx["it_article"].pk]),
        Row(
            "it_support:article-detail",
            only(it, others=404),
            lambda ctx: [ctx["it_internal_article"].pk],
        ),
        Row("it_support:article-edit", only(it), lambda ctx: [ctx["it_article"].pk]),
        Row("it_support:article-vote", everyone(405), lambda ctx: [ctx["it_article"].pk]),
        Row("it_support:asset-list", only(it)),
        Row("it_support:asset-audit-list", only(it)),
        Row("it_support:asset-audit", everyone(405), lambda ctx: [ctx["it_asset"].pk]),
        Row("it_support:sla-policy-list", only(it)),
        Row("it_support:sla-policy-create", only(it)),
        Row("it_support:sla-policy-edit", only(it), lambda ctx: [ctx["it_policy"].pk]),
        Row("it_support:hours-edit", only(it)),
        Row("it_support:access-profile-list", only(it)),
        Row("it_support:access-profile-create", only(it)),
        Row("it_support:access-profile-edit", only(it), lambda ctx: [ctx["it_profile"].pk]),
        Row("it_support:mail-list", only(it)),
        Row("it_support:mail-ticket", everyone(405), lambda ctx: [ctx["it_mail"].pk]),
        Row("it_support:mail-discard", everyone(405), lambda ctx: [ctx["it_mail"].pk]),
        Row("it_support:asset-create", only(it)),
        Row("it_support:asset-mine", everyone(200)),
        Row("it_support:asset-detail", only(it), lambda ctx: [ctx["it_asset"].pk]),
        Row("it_support:asset-edit", only(it), lambda ctx: [ctx["it_asset"].pk]),
        Row("it_support:asset-checkout", only(it), lambda ctx: [ctx["it_asset"].pk]),
        Row("it_support:asset-checkin", everyone(405), lambda ctx: [ctx["it_asset"].pk]),
        Row("it_support:asset-label", only(it, status=200), lambda ctx: [ctx["it_asset"].pk]),
        Row(
            "it_support:asset-acknowledge",
            everyone(405),
            lambda ctx: [ctx["it_assignment"].pk],
        ),
        Row("it_support:licence-list", only(it)),
        Row("it_support:licence-create", only(it)),
        Row("it_support:licence-detail", only(it), lambda ctx: [ctx["it_licence"].pk]),
        Row("it_support:licence-edit", only(it), lambda ctx: [ctx["it_licence"].pk]),
        Row("it_support:seat-assign", everyone(405), lambda ctx: [ctx["it_licence"].pk]),
        Row("it_support:seat-free", everyone(405), lambda ctx: [ctx["it_seat"].pk]),
    ]


def matrix_world(people, staff) -> dict:
    from backoffice import roles
    from hr.models import Position
    from it_support.models import (
        AccessProfile,
        Article,
        ArticleCategory,
        Asset,
        AssetAssignment,
        InboundMail,
        Licence,
        LicenceSeat,
        Queue,
        SlaPolicy,
        Ticket,
        TicketAttachment,
        TicketMessage,
    )
    from it_support.services import ticket_open

    agent = people[roles.IT]
    queue = Queue.objects.create(code="helpdesk", name="Helpdesk", lead=agent)
    queue.agents.add(agent)
    ticket = ticket_open(requester=staff.user, subject="Printer", actor=staff.user, queue=queue)
    note = TicketMessage.objects.create(
        ticket=ticket, kind="internal", author=agent, body="Internal", created_at=ticket.created_at
    )
    public = TicketAttachment(ticket=ticket, filename="a.pdf", content_type="application/pdf")
    public.file.save("a.pdf", ContentFile(b"%PDF-1.4"), save=True)
    hidden = TicketAttachment(
        ticket=ticket, message=note, filename="n.pdf", content_type="application/pdf"
    )
    hidden.file.save("n.pdf", ContentFile(b"%PDF-1.4"), save=True)
    category = ArticleCategory.objects.create(name="FAQ")
    article = Article.objects.create(title="VPN", category=category, body="Text", public=True)
    internal = Article.objects.create(title="Root", category=category, body="x", public=False)
    asset = Asset.objects.create(tag="MX-1", model="Laptop", status="deployed", holder=staff)
    from django.utils import timezone

    assignment = AssetAssignment.objects.create(
        asset=asset, employee=staff, checked_out_at=timezone.now()
    )
    licence = Licence.objects.create(name="Office", seats_total=1)
    seat = LicenceSeat.objects.create(licence=licence, number=1, employee=staff)
    assert Ticket.objects.filter(pk=ticket.pk).exists()
    policy = SlaPolicy.objects.create(
        queue=queue, priority=2, first_response_minutes=60, resolution_minutes=480
    )
    profile = AccessProfile.objects.create(
        position=Position.objects.create(title="Matrix clerk"), systems=["Mail"]
    )
    mail = InboundMail.objects.create(
        digest="matrix", raw=b"x", outcome=InboundMail.Outcome.REJECTED, reason="malformed"
    )
    return {
        "it_policy": policy,
        "it_profile": profile,
        "it_mail": mail,
        "it_ticket": ticket,
        "it_attachment": public,
        "it_note_attachment": hidden,
        "it_article": article,
        "it_internal_article": internal,
        "it_asset": asset,
        "it_assignment": assignment,
        "it_licence": licence,
        "it_seat": seat,
    }
