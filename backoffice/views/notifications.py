"""Notifications: the list, the bell (polled, does not count as activity), opening and marking read."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backoffice.lists import paginate
from backoffice.models import Notification
from backoffice.selectors import notification_list, notification_unread_count
from backoffice.services import notification_mark_all_read, notification_mark_read


@require_GET
def notification_list_view(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "all")
    notifications = notification_list(viewer=request.user)
    if show == "unread":
        notifications = notifications.unread()
    page = paginate(request, notifications)
    return render(request, "backoffice/notification_list.html", {"page": page, "show": show})


@require_GET
def notification_bell(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "backoffice/partials/bell.html",
        {"unread_count": notification_unread_count(viewer=request.user)},
    )


@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        notification = notification_list(viewer=request.user).get(pk=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    notification_mark_read(notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("backoffice:notification-list")


@require_POST
def notification_mark_all(request: HttpRequest) -> HttpResponse:
    count = notification_mark_all_read(recipient=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("backoffice:notification-list")
