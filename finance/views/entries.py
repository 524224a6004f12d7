"""Journal entries: the list, the manual entry form with its running balance, drafts and
templates, an entry's page with its source and reversal."""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.filters import query_int
from backoffice.lists import paginate
from backoffice.money import ZERO
from finance import permissions, selectors, services
from finance.forms import EntryForm, LineFormSet, ReverseForm
from finance.interface import LineIn
from finance.models import EntryDraft, JournalEntry

NEW_LINES = 4


def _need_ledger(request: HttpRequest) -> None:
    if not permissions.sees_ledger(request.user):
        raise PermissionDenied


def _need_posting(request: HttpRequest) -> None:
    if not permissions.posts_entries(request.user):
        raise PermissionDenied


@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    _need_ledger(request)
    entries = selectors.entry_list(viewer=request.user)
    kind = request.GET.get("kind", "")
    if kind in JournalEntry.Kind.values:
        entries = entries.filter(kind=kind)
    page = paginate(request, entries)
    drafts = (
        selectors.draft_list(viewer=request.user) if permissions.posts_entries(request.user) else []
    )
    return render(
        request,
        "finance/entry_list.html",
        {"page": page, "kinds": JournalEntry.Kind.choices, "kind": kind, "drafts": drafts},
    )


def _initial_lines(draft: EntryDraft | None) -> list[dict]:
    if draft is None:
        return [{} for _ in range(NEW_LINES)]
    return [
        {
            "account": line.get("account"),
            "debit": line.get("debit") or None,
            "credit": line.get("credit") or None,
            "department": line.get("department"),
            "partner": line.get("partner"),
            "text": line.get("text", ""),
        }
        for line in draft.lines
    ] or [{} for _ in range(NEW_LINES)]


def _typed_lines(formset) -> list[dict]:
    lines = []
    for form in formset.forms:
        if form.is_blank:
            continue
        data = form.cleaned_data
        lines.append(
            {
                "account": data["account"].pk if data.get("account") else None,
                "debit": data.get("debit") or ZERO,
                "credit": data.get("credit") or ZERO,
                "department": data["department"].pk if data.get("department") else None,
                "partner": data["partner"].pk if data.get("partner") else None,
                "text": data.get("text") or "",
            }
        )
    return lines


def _post_errors(form, formset, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error("date" if field == "date" else None, error)
    else:
        form.add_error(None, exc)


@require_http_methods(["GET", "POST"])
def entry_form(request: HttpRequest, draft_pk: int | None = None) -> HttpResponse:
    """A manual entry: post it, keep it as a draft, or keep it as a template. The balance below
    the lines follows what is typed (htmx, ``entry_balance``)."""
    _need_posting(request)
    draft = None
    if draft_pk is not None:
        draft = selectors.draft_list(viewer=request.user).filter(pk=draft_pk).first()
        if draft is None:
            raise Http404
    template_pk = query_int(request.GET.get("template"))
    source = draft
    if template_pk and draft is None:
        source = (
            selectors.draft_list(viewer=request.user)
            .filter(pk=template_pk, is_template=True)
            .first()
        )
    if request.method == "POST":
        form = EntryForm(request.POST)
        formset = LineFormSet(request.POST, prefix="lines")
        action = request.POST.get("action", "post")
        if action == "add_line":
            data = request.POST.copy()
            total = min(query_int(data.get("lines-TOTAL_FORMS")) or 0, 199)
            data["lines-TOTAL_FORMS"] = str(total + 1)
            formset = LineFormSet(data, prefix="lines")
        elif form.is_valid() and formset.is_valid():
            lines = _typed_lines(formset)
            data = form.cleaned_data
            try:
                if action in ("draft", "template"):
                    is_template = action == "template" or bool(draft and draft.is_template)
                    saved = services.draft_save(
                        actor=request.user,
                        data={
                            "date": data["date"],
                            "memo": data["memo"],
                            "name": data["name"] or data["memo"],
                            "is_template": is_template,
                            "lines": lines,
                        },
                        draft=None
                        if action == "template" and not (draft and draft.is_template)
                        else draft,
                    )
                    messages.success(
                        request,
                        _("The template was saved.")
                        if saved.is_template
                        else _("The draft was saved."),
                    )
                    return redirect("finance:entry-list")
                entry = services.journal_entry_post(
                    date=data["date"],
                    lines=[LineIn(**line) for line in lines],
                    memo=data["memo"],
                    key=f"manual:{data['token']}",
                    actor=request.user,
                    kind=JournalEntry.Kind.MANUAL,
                )
                if draft is not None and not draft.is_template:
                    services.draft_delete(draft=draft, actor=request.user)
            except ValidationError as exc:
                _post_errors(form, formset, exc)
            else:
                messages.success(request, _("Entry %(ref)s was posted.") % {"ref": entry.reference})
                return redirect("finance:entry-detail", pk=entry.pk)
    else:
        form = EntryForm(
            initial={
                "date": (source.date if source and not source.is_template else None)
                or timezone.localdate(),
                "memo": source.memo if source else "",
                "name": source.name if source and source.is_template else "",
                "token": uuid.uuid4().hex,
            }
        )
        formset = LineFormSet(initial=_initial_lines(source), prefix="lines")
    debit, credit = _sums(request.POST if request.method == "POST" else None, formset)
    return render(
        request,
        "finance/entry_form.html",
        {
            "form": form,
            "formset": formset,
            "draft": draft,
            "debit": debit,
            "credit": credit,
            "difference": debit - credit,
        },
    )


def _decimal(raw: str | None) -> Decimal:
    try:
        value = Decimal((raw or "0").replace(" ", "").replace(",", ".") or "0")
    except InvalidOperation:
        return ZERO
    return value if value.is_finite() and value >= 0 else ZERO


def _sums(data, formset) -> tuple[Decimal, Decimal]:
    if data is None:
        debit = sum((_decimal(str(f.initial.get("debit") or "")) for f in formset.forms), ZERO)
        credit = sum((_decimal(str(f.initial.get("credit") or "")) for f in formset.forms), ZERO)
        return debit, credit
    total = min(query_int(data.get("lines-TOTAL_FORMS")) or 0, 200)
    debit = sum((_decimal(data.get(f"lines-{i}-debit")) for i in range(total)), ZERO)
    credit = sum((_decimal(data.get(f"lines-{i}-credit")) for i in range(total)), ZERO)
    return debit, credit


@require_POST
def entry_balance(request: HttpRequest) -> HttpResponse:
    """The running balance of the lines as typed (htmx); writes nothing."""
    _need_posting(request)
    debit, credit = _sums(request.POST, None)
    return render(
        request,
        "finance/partials/entry_balance.html",
        {"debit": debit, "credit": credit, "difference": debit - credit},
    )


@require_GET
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _need_ledger(request)
    try:
        entry = selectors.entry_get(viewer=request.user, pk=pk)
    except JournalEntry.DoesNotExist:
        raise Http404 from None
    reversal = JournalEntry.objects.filter(reverses=entry).first()
    return render(
        request,
        "finance/entry_detail.html",
        {
            "entry": entry,
            "lines": selectors.entry_lines(entry=entry),
            "reversal": reversal,
            "can_reverse": permissions.posts_entries(request.user)
            and reversal is None
            and entry.kind != JournalEntry.Kind.REVERSAL
            and not entry.belongs_to_document,
            "reverse_form": ReverseForm(initial={"on": timezone.localdate()}),
        },
    )


@require_POST
def entry_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    _need_posting(request)
    try:
        entry = selectors.entry_get(viewer=request.user, pk=pk)
    except JournalEntry.DoesNotExist:
        raise Http404 from None
    form = ReverseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("on", [])))
        return redirect("finance:entry-detail", pk=pk)
    try:
        reversal = services.journal_entry_reverse(
            entry=entry, actor=request.user, on=form.cleaned_data.get("on")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("finance:entry-detail", pk=pk)
    messages.success(
        request,
        _("Entry %(ref)s was reversed by %(reversal)s, dated %(date)s.")
        % {
            "ref": entry.reference,
            "reversal": reversal.reference,
            "date": date_format(reversal.date, "SHORT_DATE_FORMAT"),
        },
    )
    return redirect("finance:entry-detail", pk=reversal.pk)


@require_POST
def draft_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _need_posting(request)
    draft = selectors.draft_list(viewer=request.user).filter(pk=pk).first()
    if draft is None:
        raise Http404
    services.draft_delete(draft=draft, actor=request.user)
    messages.success(request, _("The draft was deleted."))
    return redirect("finance:entry-list")
