from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class BackofficeAdminSite(admin.AdminSite):
    """The admin, branded, open to people whose role grants ``backoffice.access_admin``."""

    site_header = _("Back office administration")
    site_title = _("Back office")
    index_title = _("Users, roles and configuration")
    enable_nav_sidebar = True

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_staff or user.has_perm("backoffice.access_admin"))

    def admin_view(self, view, cacheable=False):
        """A signed-in person without access gets 403, not a second sign-in page."""
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return guarded

    def login(self, request, extra_context=None):
        """One sign-in page for the whole product (with lockout and two-factor)."""
        if request.user.is_authenticated:
            raise PermissionDenied
        target = request.GET.get("next", reverse("admin:index"))
        return redirect(f"{reverse('login')}?next={target}")
