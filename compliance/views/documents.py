"""Documents kept with a record (a contract, a legal matter): one way to add one and one way to
hand one out. The record's views pass in what differs: its service, its page and the selector's
answer for the document."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from typing import Protocol

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from compliance.domain.documents import document_name
from compliance.forms import DocumentForm
from compliance.views.common import add_errors


class KeptDocument(Protocol):
    file: FieldFile
    original_name: str
    content_type: str


def document_add(
    request: HttpRequest,
    *,
    add: Callable[..., Model],
    done: str,
    page: Callable[[DocumentForm], HttpResponse],
) -> HttpResponse:
    """Add the uploaded file with ``add`` (a service taking title, upload and actor) and go back
    to the record's page at the URL ``done``; a refused file renders ``page`` again with the form, its
    errors and the title as typed."""
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add(
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Document added."))
            return redirect(done)
    return page(form)


def document_download(document: KeptDocument | None) -> HttpResponse:
    """The document as an attachment under the uploader's file name; None (not there or not
    the viewer's to see) is a 404."""
    if document is None:
        raise Http404
    stored = document.file.name.rsplit("/", 1)[-1]
    extension = stored.rsplit(".", 1)[-1] if "." in stored else ""
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type
        or mimetypes.guess_type(stored)[0]
        or "application/octet-stream",
        as_attachment=True,
        filename=document_name(document.original_name or stored, extension=extension),
    )
    response["Cache-Control"] = "no-store"
    return response
