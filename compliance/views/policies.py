"""Policies: the officer's versions and rates, the manager's department, staff's reading and
acknowledging (phone first)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.lists import export_response, paginate
from compliance import services
from compliance.forms import PolicyForm, VersionForm
from compliance.models import Acknowledgement, Policy, PolicyVersion
from compliance.permissions import is_officer
from compliance.selectors import (
    acknowledgement_rates,
    addressed_to,
    my_policies,
    not_acknowledged,
    policy_list,
    version_get,
    visible_department_ids,
)
from compliance.views.common import add_errors, errors_of, require_officer
from hr.selectors import employee_for_user

MISSING_HEADER = (
    gettext_lazy("Employee number"),
    gettext_lazy("Name"),
    gettext_lazy("Department"),
    gettext_lazy("Position"),
)


@require_GET
def policy_index(request: HttpRequest) -> HttpResponse:
    require_officer(request)
    page = paginate(request, policy_list(viewer=request.user).order_by("title"))
    return render(request, "compliance/policy_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    require_officer(request)
    form = PolicyForm(request.POST or None, initial={"owner": request.user})
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.policy_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Policy created; write its first version."))
            return redirect("compliance:version-create", policy.pk)
    return render(
        request,
        "compliance/policy_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_officer(request)
    policy = Policy.objects.filter(pk=pk).select_related("owner").first()
    if policy is None:
        raise Http404
    versions = policy.versions.select_related("approved_by").order_by("-number")
    return render(
        request, "compliance/policy_detail.html", {"policy": policy, "versions": versions}
    )


@require_http_methods(["GET", "POST"])
def version_form(
    request: HttpRequest, pk: int | None = None, policy: int | None = None
) -> HttpResponse:
    require_officer(request)
    if pk is not None:
        version = PolicyVersion.objects.filter(pk=pk).select_related("policy").first()
        if version is None:
            raise Http404
        if version.status != PolicyVersion.Status.DRAFT:
            messages.error(request, services.policies.NOT_DRAFT)
            return redirect("compliance:policy-version", version.pk)
    else:
        owner = Policy.objects.filter(pk=policy).first()
        if owner is None:
            raise Http404
        latest = owner.versions.order_by("-number").first()
        version = PolicyVersion(
            policy=owner,
            body=latest.body if latest else "",
            audience=latest.audience if latest else PolicyVersion.Audience.EVERYONE,
        )
    form = VersionForm(request.POST or None, instance=version)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_save(
                version=form.save(commit=False),
                departments=form.cleaned_data["departments"],
                positions=form.cleaned_data["positions"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("compliance:policy-version", version.pk)
    return render(
        request,
        "compliance/version_form.html",
        {"form": form, "version": version},
        status=400 if request.method == "POST" else 200,
    )


def _version(request: HttpRequest, pk: int) -> PolicyVersion:
    try:
        return version_get(viewer=request.user, pk=pk)
    except PolicyVersion.DoesNotExist as exc:
        raise Http404 from exc


@require_GET
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The version's text, status and approver; for a published one the acknowledgement rate
    per department and who has not acknowledged (a manager: their departments only)."""
    departments = visible_department_ids(viewer=request.user)
    officer = is_officer(request.user)
    if not officer and not departments:
        raise PermissionDenied
    version = _version(request, pk)
    scope = None if officer else departments
    missing = not_acknowledged(version=version, department_ids=scope).order_by(
        "last_name", "first_name", "pk"
    )
    exported = export_response(
        request,
        basename=f"not-acknowledged-{version.policy.code}-v{version.number}",
        header=[str(h) for h in MISSING_HEADER],
        rows=lambda: (
            (
                p.employee_number,
                str(p),
                p.department.name if p.department_id else "",
                p.position.title if p.position_id else "",
            )
            for p in missing.iterator(chunk_size=1000)
        ),
    )
    if exported is not None:
        return exported
    rates = acknowledgement_rates(version=version, department_ids=scope)
    return render(
        request,
        "compliance/version_detail.html",
        {
            "version": version,
            "rates": rates,
            "addressed": sum(r.addressed for r in rates),
            "acknowledged": sum(r.acknowledged for r in rates),
            "missing": paginate(request, missing),
            "officer": officer,
        },
    )


def _transition(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    require_officer(request)
    version = _version(request, pk)
    try:
        service(version=version, actor=request.user)
    except ValidationError as exc:
        for message in errors_of(exc):
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("compliance:policy-version", version.pk)


@require_POST
def version_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.version_approve, _("Version approved."))


@require_POST
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        services.version_publish,
        _("Version published; its audience is asked to acknowledge it."),
    )


@require_POST
def version_retire(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.version_retire, _("Version retired."))


@require_GET
def policy_mine(request: HttpRequest) -> HttpResponse:
    rows = my_policies(user=request.user)
    return render(
        request,
        "compliance/policy_mine.html",
        {
            "todo": [r for r in rows if r.acknowledged_at is None],
            "done": [r for r in rows if r.acknowledged_at is not None],
        },
    )


@require_http_methods(["GET", "POST"])
def policy_read(request: HttpRequest, pk: int) -> HttpResponse:
    """A published version addressed to the reader: its text and the confirm button. Anything
    else is not found."""
    me = employee_for_user(user=request.user)
    version = PolicyVersion.objects.filter(pk=pk).select_related("policy").first()
    if (
        me is None
        or version is None
        or version.status not in {PolicyVersion.Status.PUBLISHED, PolicyVersion.Status.RETIRED}
        or not addressed_to(version=version, employee=me)
    ):
        if version is not None and request.method == "POST" and me is not None:
            # Refused with a message, and nothing written.
            try:
                services.policy_acknowledge(version=version, user=request.user)
            except ValidationError as exc:
                for message in errors_of(exc):
                    messages.error(request, message)
                return redirect("compliance:policy-mine")
        raise Http404
    acknowledgement = Acknowledgement.objects.filter(version=version, employee=me).first()
    if request.method == "POST":
        try:
            services.policy_acknowledge(version=version, user=request.user)
        except ValidationError as exc:
            for message in errors_of(exc):
                messages.error(request, message)
            return redirect("compliance:policy-read", version.pk)
        messages.success(request, _("Thank you: your acknowledgement is recorded."))
        return redirect("compliance:policy-mine")
    return render(
        request,
        "compliance/policy_read.html",
        {"version": version, "acknowledgement": acknowledgement},
    )
