"""Personal data: the retention rules in one place, and subject-access exports (compliance
only, every step audited, each file downloadable once)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from compliance import services
from compliance.forms import SubjectAccessForm
from compliance.models import SubjectAccessRequest
from compliance.views.common import errors_of, require_privacy


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    require_privacy(request)
    requests = SubjectAccessRequest.objects.select_related("employee", "requested_by")[:20]
    return render(
        request,
        "compliance/privacy.html",
        {
            "form": SubjectAccessForm(),
            "requests": requests,
            "rules": services.RETENTION_RULES,
        },
    )


@require_POST
def subject_access_start(request: HttpRequest) -> HttpResponse:
    require_privacy(request)
    form = SubjectAccessForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("compliance:privacy")
    services.subject_access_request(employee=form.cleaned_data["employee"], actor=request.user)
    messages.info(request, _("The export is being prepared; download it here when it is ready."))
    return redirect("compliance:privacy")


@require_POST
def subject_access_download(request: HttpRequest, pk: int) -> HttpResponse:
    require_privacy(request)
    access = SubjectAccessRequest.objects.filter(pk=pk).select_related("employee").first()
    if access is None:
        raise Http404
    try:
        content = services.subject_access_take(request=access, actor=request.user)
    except ValidationError as exc:
        for message in errors_of(exc):
            messages.error(request, message)
        return redirect("compliance:privacy")
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="personal-data-{access.employee.employee_number}.zip"'
    )
    response["Cache-Control"] = "no-store"
    return response
