"""People's logins for administrators, without Django's admin: invite, roles, close, reset
two-factor, and the table of what each role may see and do."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import user_has_device

from backoffice.filters import search_query
from backoffice.forms import InviteForm, RolesForm
from backoffice.lists import paginate
from backoffice.models import User
from backoffice.roles import ROLES, role_label
from backoffice.selectors import role_matrix, user_get, user_list, user_roles
from backoffice.services import (
    otp_reset,
    otp_reset_allowed,
    user_deactivate,
    user_invite,
    user_roles_set,
)

MANAGE = "backoffice.change_user"


def _user_or_404(request: HttpRequest, pk: int) -> User:
    try:
        return user_get(viewer=request.user, pk=pk)
    except User.DoesNotExist:
        raise Http404 from None


@require_GET
@permission_required(MANAGE, raise_exception=True)
def user_list_view(request: HttpRequest) -> HttpResponse:
    role = request.GET.get("role", "")
    role = role if role in ROLES else ""
    state = request.GET.get("state", "active")
    state = state if state in {"active", "closed", "all"} else "active"
    users = user_list(viewer=request.user, search=search_query(request), role=role, state=state)
    page = paginate(request, users)
    rows = [
        (person, sorted(role_label(group.name) for group in person.groups.all()))
        for person in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "roles": [(name, str(label)) for name, label in ROLES.items()],
        "role": role,
        "state": state,
        "query": search_query(request),
    }
    return render(request, "backoffice/user_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("backoffice.add_user", raise_exception=True)
def user_invite_view(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_invite(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                roles=data["roles"],
                actor=request.user,
                language=data["language"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(name)s was invited; the e-mail with the link to set a password is on its way.")
                % {"name": user.display_name},
            )
            return redirect("backoffice:user-detail", pk=user.pk)
    return render(request, "backoffice/user_invite.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE, raise_exception=True)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _user_or_404(request, pk)
    current = user_roles(user=person)
    form = RolesForm(request.POST or None, initial={"roles": current})
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["roles"])
        if (
            person.pk == request.user.pk
            and "Administrator" in current
            and ("Administrator" not in wanted)
        ):
            form.add_error("roles", _("You cannot take the Administrator role from yourself."))
        else:
            user_roles_set(user=person, roles=wanted, actor=request.user)
            messages.success(
                request, _("The roles of %(name)s were saved.") % {"name": person.display_name}
            )
            return redirect("backoffice:user-detail", pk=person.pk)
    context = {
        "person": person,
        "form": form,
        "roles": [role_label(name) for name in current],
        "two_factor": user_has_device(person, confirmed=True),
        "may_reset": otp_reset_allowed(user=person, actor=request.user),
    }
    return render(request, "backoffice/user_detail.html", context)


@require_POST
@permission_required(MANAGE, raise_exception=True)
def user_deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = _user_or_404(request, pk)
    if person.pk == request.user.pk:
        messages.error(request, _("You cannot close your own login."))
    elif not person.is_active:
        messages.info(request, _("This login is already closed."))
    else:
        user_deactivate(user=person, actor=request.user)
        messages.success(
            request,
            _("The login of %(name)s is closed; their records stay.")
            % {"name": person.display_name},
        )
    return redirect("backoffice:user-detail", pk=person.pk)


@require_POST
@permission_required(MANAGE, raise_exception=True)
def user_otp_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = _user_or_404(request, pk)
    try:
        otp_reset(user=person, actor=request.user)
    except PermissionDenied:
        messages.error(request, _("You may not reset this person's two-factor sign-in."))
    else:
        messages.success(
            request,
            _("The two-factor sign-in of %(name)s was reset; they were told.")
            % {"name": person.display_name},
        )
    return redirect("backoffice:user-detail", pk=person.pk)


@require_GET
@permission_required("backoffice.view_user", raise_exception=True)
def role_list(request: HttpRequest) -> HttpResponse:
    roles = [(name, str(label)) for name, label in ROLES.items()]
    rows = role_matrix(roles=list(ROLES))
    by_app: dict[str, list[dict]] = {}
    for row in rows:
        by_app.setdefault(str(row["app"]), []).append(row)
    counts = dict(
        Group.objects.filter(name__in=ROLES)
        .annotate(n=Count("user", filter=Q(user__is_active=True)))
        .values_list("name", "n")
    )
    context = {"roles": roles, "by_app": by_app, "counts": counts}
    return render(request, "backoffice/role_list.html", context)
