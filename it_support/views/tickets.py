"""The agent's pages: the queue list with filters, SLA columns and bulk actions; the ticket with
its conversation, status, assignment, priority, merge and incident details."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backoffice.lists import export_response, paginate, sort_queryset
from hr.permissions import manages_team
from it_support import services
from it_support.forms import (
    AffectedForm,
    AssignForm,
    IncidentForm,
    MergeForm,
    ReplyForm,
    TicketUpdateForm,
)
from it_support.models import Priority, Queue, Status, Ticket, TicketAttachment
from it_support.models.helpdesk import OPEN_TICKET
from it_support.permissions import is_agent
from it_support.selectors import (
    agent_choices,
    agents_of,
    attachment_get,
    canned_replies,
    queue_choices,
    ticket_get,
    ticket_list,
    ticket_messages,
    ticket_team,
    time_left,
)
from it_support.selectors.configuration import (
    incident_asset_choices,
    incident_people_choices,
    linkable_assets,
)
from it_support.views.common import form_errors, page_calendar, require_agent

SORTS = {
    "created": ("created_at", "pk"),
    "due": ("resolution_due_at", "pk"),
    "priority": ("priority", "-created_at"),
    "subject": ("subject", "pk"),
}


def _filtered(request: HttpRequest):
    tickets = ticket_list(viewer=request.user)
    get = request.GET
    state = get.get("state", "open")
    if state == "open":
        tickets = tickets.filter(OPEN_TICKET)
    else:
        tickets = tickets.filter(merged_into__isnull=True)
        if state in Status.values:
            tickets = tickets.filter(status=state)
    if get.get("queue", "").isdigit():
        tickets = tickets.filter(queue_id=int(get["queue"]))
    elif get.get("queue") == "mine":
        tickets = tickets.filter(queue__agents=request.user)
    if get.get("assignee") == "me":
        tickets = tickets.filter(assignee=request.user)
    elif get.get("assignee") == "none":
        tickets = tickets.filter(assignee__isnull=True)
    if get.get("priority", "").isdigit():
        tickets = tickets.filter(priority=int(get["priority"]))
    if get.get("sla") == "breached":
        tickets = tickets.filter(resolution_due_at__lt=timezone.now(), sla_paused=False)
    elif get.get("sla") == "risk":
        tickets = tickets.filter(resolution_warn_at__lte=timezone.now(), sla_paused=False)
    search = get.get("q", "").replace("\x00", "").strip()
    if search:
        number = search.upper().removeprefix("IT-").lstrip("0")
        query = Q(subject__icontains=search)
        if number.isdigit():
            query |= Q(pk=int(number))
        tickets = tickets.filter(query)
    return tickets


@require_GET
def ticket_index(request: HttpRequest) -> HttpResponse:
    require_agent(request)
    tickets, sort = sort_queryset(request, _filtered(request), allowed=SORTS, default="due")
    exported = export_response(
        request,
        basename="tickets",
        header=[_("Reference"), _("Subject"), _("Queue"), _("Status"), _("Priority"), _("Opened")],
        rows=lambda: (
            (
                t.reference,
                t.subject,
                t.queue.name,
                t.get_status_display(),
                t.get_priority_display(),
                t.created_at.isoformat(),
            )
            for t in tickets.iterator(chunk_size=2000)
        ),
    )
    if exported is not None:
        return exported
    page = paginate(request, tickets)
    calendar = page_calendar()
    now = timezone.now()
    rows = [(t, time_left(ticket=t, calendar=calendar, now=now)) for t in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "sort": sort,
        "queues": queue_choices(),
        "agents": agent_choices(),
        "statuses": Status.choices,
        "priorities": Priority.choices,
        "filters": request.GET,
    }
    template = "it_support/ticket_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#table"
    return render(request, template, context)


@require_POST
def ticket_bulk(request: HttpRequest) -> HttpResponse:
    require_agent(request)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    tickets = list(ticket_list(viewer=request.user).filter(pk__in=ids))
    action = request.POST.get("action", "")
    raw = request.POST.get("value", "")
    try:
        value = None
        if action == "assign":
            value = next((a for a in agent_choices() if str(a.pk) == raw), None)
        elif action == "status":
            value = raw
        elif action == "queue":
            value = Queue.objects.filter(pk=int(raw) if raw.isdigit() else 0).first()
            if value is None:
                raise ValidationError(_("Choose a queue."))
        count = services.tickets_bulk(
            tickets=tickets, action=action, value=value, actor=request.user
        )
    except ValidationError as exc:
        for message in form_errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("%(n)s tickets updated.") % {"n": count})
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/it/") else "it_support:ticket-list")


def _detail_context(request, ticket, reply_form=None) -> dict:
    agent = is_agent(request.user)
    calendar = page_calendar()
    return {
        "ticket": ticket,
        "agent": agent,
        "conversation": ticket_messages(viewer=request.user, ticket=ticket),
        "attachments": [a for a in ticket.attachments.all() if a.message_id is None],
        "clock": time_left(ticket=ticket, calendar=calendar, now=timezone.now()),
        "reply_form": reply_form or ReplyForm(),
        "reply_allowed": services.reply_allowed(ticket=ticket),
        "statuses": Status.choices,
        "agents": agents_of(queue=ticket.queue) if agent else [],
        "canned": canned_replies(queue=ticket.queue) if agent else [],
        "update_form": TicketUpdateForm(
            initial={
                "queue": ticket.queue_id,
                "category": ticket.category_id,
                "impact": ticket.impact,
                "urgency": ticket.urgency,
            }
        )
        if agent
        else None,
        "incident_form": IncidentForm(
            initial={
                "severity": ticket.severity,
                "personal_data_breach": ticket.personal_data_breach,
                "breach_aware_at": ticket.breach_aware_at,
                "authority_notified_at": ticket.authority_notified_at,
                "review": ticket.review,
            }
        )
        if agent
        else None,
        "watching": ticket.watchers.filter(pk=request.user.pk).exists(),
        "linkable_assets": list(linkable_assets(ticket=ticket)) if agent else [],
        "affected_form": AffectedForm(
            initial={
                "people": list(ticket.affected_people.values_list("pk", flat=True)),
                "assets": list(ticket.assets.values_list("pk", flat=True)),
            },
            people=incident_people_choices(),
            assets=incident_asset_choices(),
        )
        if agent and ticket.kind == Ticket.Kind.SECURITY
        else None,
    }


def _ticket_or_404(request, pk: int) -> Ticket:
    try:
        return ticket_get(viewer=request.user, pk=pk)
    except Ticket.DoesNotExist:
        raise Http404 from None


@require_GET
def ticket_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_agent(request)
    ticket = _ticket_or_404(request, pk)
    return render(request, "it_support/ticket_detail.html", _detail_context(request, ticket))


@require_POST
def ticket_reply(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = _ticket_or_404(request, pk)
    form = ReplyForm(request.POST, request.FILES)
    agent = is_agent(request.user)
    if form.is_valid():
        try:
            services.ticket_reply(
                ticket=ticket,
                author=request.user,
                body=form.cleaned_data["body"],
                internal=agent and form.cleaned_data["internal"],
                status=(form.cleaned_data["status"] or None) if agent else None,
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("Your message was added."))
            return redirect(
                "it_support:ticket-detail" if agent else "it_support:ticket-mine-detail", pk
            )
    template = "it_support/ticket_detail.html" if agent else "it_support/portal_detail.html"
    context = _detail_context(request, ticket, reply_form=form)
    return render(request, template, context, status=400)


@require_POST
def ticket_status(request: HttpRequest, pk: int) -> HttpResponse:
    require_agent(request)
    ticket = _ticket_or_404(request, pk)
    try:
        services.ticket_status_set(
            ticket=ticket, status=request.POST.get("status", ""), actor=request.user
        )
    except ValidationError as exc:
        for message in form_errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Status changed."))
    return redirect("it_support:ticket-detail", pk)


@require_POST
def ticket_assign(request: HttpRequest, pk: int) -> HttpResponse:
    require_agent(request)
    ticket = _ticket_or_404(request, pk)
    form = AssignForm(request.POST)
    assignee = None
    if form.is_valid() and form.cleaned_data["assignee"]:
        assignee = agents_of(queue=ticket.queue).filter(pk=form.cleaned_data["assignee"]).first()
        if assignee is None:
            messages.error(request, _("Choose one of the queue's agents."))
            return redirect("it_support:ticket-detail", pk)
    try:
        services.ticket_assign(ticket=ticket, assignee=assignee, actor=request.user)
    except ValidationError as exc:
        for message in form_errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Assignment saved."))
    return redirect("it_support:ticket-detail", pk)


@require_POST
def ticket_update(request: HttpRequest, pk: int) -> HttpResponse:
    require_agent(request)
    ticket = _ticket_or_404(request, pk)
    form = TicketUpdateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("it_support:ticket-detail", pk)
    services.ticket_update(ticket=ticket, actor=request.user, **form.cleaned_data)
    messages.success(request, _("Ticket updated."))
    return redirect("it_support:ticket-detail", pk)


@require_POST
def ticket_merge(request: HttpRequest, pk: int) -> HttpResponse:
    require_agent(request)
    ticket = _ticket_or_404(request, pk)
    form = MergeForm(request.POST)
    target = None
    if form.is_valid():
        target = ticket_list(viewer=request.user).filter(pk=form.cleaned_data["target"]).first()
    if target is None:
        messages.error(request, _("There is no such ticket."))
        return redirect("it_support:ticket-detail", pk)
    try:
        services.ticket_merge(source=ticket, target=target, actor=request.user)
    except ValidationError as exc:
        for message in form_errors(exc):
            messages.error(request, message)
        return redirect("it_support:ticket-detail", pk)
    messages.success(request, _("Merged into %(ref)s.") % {"ref": target.reference})
    return redirect("it_support:ticket-detail", target.pk)


@require_POST
def ticket_incident(request: HttpRequest, pk: int) -> HttpResponse:
    require_agent(request)
    ticket = _ticket_or_404(request, pk)
    form = IncidentForm(request.POST)
    if form.is_valid():
        services.ticket_incident_update(ticket=ticket, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Incident details saved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("it_support:ticket-detail", pk)


@require_POST
def ticket_watch(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = _ticket_or_404(request, pk)
    services.ticket_watch(
        ticket=ticket, user=request.user, watching=request.POST.get("watch") == "1"
    )
    return redirect(
        "it_support:ticket-detail" if is_agent(request.user) else "it_support:ticket-mine-detail",
        pk,
    )


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    try:
        attachment = attachment_get(viewer=request.user, pk=pk)
    except TicketAttachment.DoesNotExist:
        raise Http404 from None
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def ticket_team_view(request: HttpRequest) -> HttpResponse:
    if not manages_team(request.user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    page = paginate(request, ticket_team(viewer=request.user).order_by("-created_at", "-pk"))
    return render(request, "it_support/ticket_team.html", {"page": page})


@require_POST
def ticket_assets(request: HttpRequest, pk: int) -> HttpResponse:
    """Link one of the requester's assets, or unlink a linked one."""
    require_agent(request)
    ticket = _ticket_or_404(request, pk)
    raw = request.POST.get("asset", "")
    linked = request.POST.get("action", "link") != "unlink"
    choices = linkable_assets(ticket=ticket) if linked else ticket.assets.all()
    asset = choices.filter(pk=int(raw)).first() if raw.isdigit() else None
    if asset is None:
        messages.error(request, _("Choose one of the assets offered."))
        return redirect("it_support:ticket-detail", pk)
    services.ticket_link_asset(ticket=ticket, asset=asset, actor=request.user, linked=linked)
    messages.success(request, _("Asset linked.") if linked else _("Asset unlinked."))
    return redirect("it_support:ticket-detail", pk)


@require_POST
def ticket_related(request: HttpRequest, pk: int) -> HttpResponse:
    """Relate another ticket (by number) to this one, or remove the relation."""
    require_agent(request)
    ticket = _ticket_or_404(request, pk)
    raw = request.POST.get("other", "").strip().upper().removeprefix("IT-").lstrip("0")
    related = request.POST.get("action", "relate") != "unrelate"
    other = ticket_list(viewer=request.user).filter(pk=int(raw)).first() if raw.isdigit() else None
    if other is None:
        messages.error(request, _("There is no such ticket."))
        return redirect("it_support:ticket-detail", pk)
    try:
        services.ticket_relate(ticket=ticket, other=other, actor=request.user, related=related)
    except ValidationError as exc:
        for message in form_errors(exc):
            messages.error(request, message)
    else:
        messages.success(
            request, _("Tickets related.") if related else _("Tickets no longer related.")
        )
    return redirect("it_support:ticket-detail", pk)


@require_POST
def ticket_affected(request: HttpRequest, pk: int) -> HttpResponse:
    """A security incident's affected people and assets."""
    require_agent(request)
    ticket = _ticket_or_404(request, pk)
    form = AffectedForm(
        request.POST, people=incident_people_choices(), assets=incident_asset_choices()
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("it_support:ticket-detail", pk)
    try:
        services.ticket_affected_set(
            ticket=ticket,
            people=list(form.cleaned_data["people"]),
            assets=list(form.cleaned_data["assets"]),
            actor=request.user,
        )
    except ValidationError as exc:
        for message in form_errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Affected people and assets saved."))
    return redirect("it_support:ticket-detail", pk)
