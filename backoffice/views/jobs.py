"""Background jobs: my list (everyone's for Administrator), one job's progress, cancel, and the
download of a result, which only its requester may take."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backoffice.filters import JobFilter
from backoffice.lists import paginate, sort_queryset
from backoffice.models import Job
from backoffice.selectors import job_get, job_list
from backoffice.services import job_cancel

JOB_SORTS = {
    "created": ["created_at", "id"],
    "kind": ["kind", "created_at"],
    "status": ["status", "created_at"],
}


def _job_or_404(request: HttpRequest, uuid) -> Job:
    try:
        return job_get(viewer=request.user, uuid=uuid)
    except Job.DoesNotExist:
        raise Http404 from None


@require_GET
def job_list_view(request: HttpRequest) -> HttpResponse:
    filterset = JobFilter(request.GET or None, queryset=job_list(viewer=request.user))
    jobs, sort = sort_queryset(request, filterset.qs, allowed=JOB_SORTS, default="-created")
    page = paginate(request, jobs)
    context = {
        "filter": filterset,
        "page": page,
        "sort": sort,
        "show_owner": request.user.has_perm("backoffice.view_all_jobs"),
    }
    template = "backoffice/job_list.html" + ("#table" if request.htmx else "")
    return render(request, template, context)


@require_GET
def job_detail(request: HttpRequest, uuid) -> HttpResponse:
    job = _job_or_404(request, uuid)
    if request.htmx and not job.is_active:
        # The job just finished: reload the whole page so its actions and result appear.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    template = "backoffice/job_detail.html" + ("#progress" if request.htmx else "")
    context = {"job": job, "may_download": job.result_downloadable_by(request.user)}
    return render(request, template, context)


@require_POST
def job_cancel_view(request: HttpRequest, uuid) -> HttpResponse:
    job = _job_or_404(request, uuid)
    if job_cancel(job=job, actor=request.user):
        messages.success(request, _("The job was cancelled."))
    else:
        messages.info(request, _("The job had already finished."))
    return redirect("backoffice:job-detail", uuid=job.uuid)


@require_GET
def job_download(request: HttpRequest, uuid) -> FileResponse:
    """The requester's alone, whoever else may see the job (Job.result_downloadable_by)."""
    job = _job_or_404(request, uuid)
    if not job.result_downloadable_by(request.user):
        raise Http404
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=job.result_name or job.result_file.name.rsplit("/", 1)[-1],
    )
