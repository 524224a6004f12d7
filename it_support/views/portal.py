"""The staff portal (phone first): open a ticket with article suggestions while typing, follow
and reply to one's own, rate the resolution."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.lists import paginate
from it_support import services
from it_support.forms import RateForm, ReplyForm, TicketCreateForm
from it_support.models import Level, Ticket
from it_support.selectors import article_suggestions, ticket_messages, ticket_mine
from it_support.views.common import form_errors


def _mine_or_404(request: HttpRequest, pk: int) -> Ticket:
    try:
        return ticket_mine(viewer=request.user).get(pk=pk)
    except Ticket.DoesNotExist:
        raise Http404 from None


@require_GET
def ticket_mine_index(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "open")
    tickets = ticket_mine(viewer=request.user).order_by("-created_at", "-pk")
    if state == "open":
        tickets = tickets.exclude(status__in=["resolved", "closed"])
    page = paginate(request, tickets)
    return render(request, "it_support/portal_list.html", {"page": page, "state": state})


@require_http_methods(["GET", "POST"])
def ticket_create(request: HttpRequest) -> HttpResponse:
    form = TicketCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = services.ticket_open(
                requester=request.user,
                subject=data["subject"],
                description=data["description"],
                category=data["category"],
                urgency=data["urgency"],
                impact=Level.MEDIUM,
                actor=request.user,
                attachments=data["attachments"],
            )
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("Ticket %(ref)s opened; IT will answer here.") % {"ref": ticket.reference},
            )
            return redirect("it_support:ticket-mine-detail", ticket.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "it_support/portal_create.html", {"form": form}, status=status)


@require_GET
def article_suggest(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("subject", "")[:200]
    return render(
        request,
        "it_support/partials/suggestions.html",
        {"articles": article_suggestions(viewer=request.user, text=text)},
    )


@require_GET
def ticket_mine_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = _mine_or_404(request, pk)
    return render(request, "it_support/portal_detail.html", _context(request, ticket))


def _context(request, ticket, reply_form=None, rate_form=None) -> dict:
    return {
        "ticket": ticket,
        "conversation": ticket_messages(viewer=request.user, ticket=ticket),
        "attachments": [a for a in ticket.attachments.all() if a.message_id is None],
        "reply_form": reply_form or ReplyForm(),
        "reply_allowed": services.reply_allowed(ticket=ticket),
        "rate_form": rate_form or RateForm(),
        "mine": ticket.requester_id == request.user.pk,
    }


@require_POST
def ticket_mine_reply(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = _mine_or_404(request, pk)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.ticket_reply(
                ticket=ticket,
                author=request.user,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your message was added."))
            return redirect("it_support:ticket-mine-detail", pk)
    return render(
        request,
        "it_support/portal_detail.html",
        _context(request, ticket, reply_form=form),
        status=400,
    )


@require_POST
def ticket_rate(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = _mine_or_404(request, pk)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.ticket_rate(
                ticket=ticket,
                actor=request.user,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            for message in form_errors(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("Thank you for your rating."))
    else:
        messages.error(request, _("Give from 1 to 5 stars."))
    return redirect("it_support:ticket-mine-detail", pk)
