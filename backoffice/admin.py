from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static import admin as otp_static_admin  # noqa: F401
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp import admin as otp_totp_admin  # noqa: F401
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from backoffice.models import AuditEvent, Job, Notification, Organisation, User
from backoffice.services import otp_reset, otp_reset_allowed

OTP_RESET_SUPERUSERS_REFUSED = _(
    "Only a superuser may reset the two-factor sign-in of a superuser (%(names)s). Nothing was "
    "changed."
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "roles",
        "language",
        "is_active",
        "two_factor",
        "last_login",
    )
    list_filter = ("groups", "is_active", "language", "is_superuser")
    readonly_fields = ("last_login", "date_joined")
    actions = ["otp_reset_action"]
    search_fields = ("username", "email", "first_name", "last_name")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Preferences"), {"fields": ("language",)}),
    )

    def get_queryset(self, request):
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return (
            super()
            .get_queryset(request)
            .prefetch_related("groups")
            .annotate(has_authenticator=Exists(confirmed))
        )

    @admin.display(description=_("roles"))
    def roles(self, obj: User) -> str:
        return ", ".join(sorted(g.name for g in obj.groups.all()))

    @admin.display(description=_("two-factor"), boolean=True, ordering="has_authenticator")
    def two_factor(self, obj: User) -> bool:
        return obj.has_authenticator

    def has_change_permission(self, request, obj=None) -> bool:
        """Whoever may change a superuser (their password above all) holds their power: only a
        superuser may, so the Administrator role cannot grow into a superuser."""
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_otp_reset_permission(self, request) -> bool:
        return request.user.is_superuser or request.user.has_perm("backoffice.change_user")

    @admin.action(description=_("Reset two-factor sign-in"), permissions=["otp_reset"])
    def otp_reset_action(self, request, queryset):
        """For someone who lost their phone and backup codes: all devices go, after a
        confirmation page, and the person enrols again at the next sign-in."""
        people = list(queryset.order_by("username"))
        refused = [p for p in people if not otp_reset_allowed(user=p, actor=request.user)]
        if refused:
            names = ", ".join(p.get_username() for p in refused)
            self.message_user(
                request, OTP_RESET_SUPERUSERS_REFUSED % {"names": names}, messages.ERROR
            )
            return None
        if request.POST.get("post") == "yes":
            with transaction.atomic():
                for person in people:
                    otp_reset(user=person, actor=request.user)
            names = ", ".join(p.get_username() for p in people)
            self.message_user(
                request,
                _("Two-factor sign-in was reset for: %(names)s.") % {"names": names},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reset two-factor sign-in"),
            "subtitle": None,
            "people": people,
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(
            request, "admin/backoffice/user/otp_reset_confirmation.html", context
        )

    def get_form(self, request, obj=None, **kwargs):
        """Django's words for its own switches next to the product's roles confuse: "Staff
        status" is not the Staff role, and groups are the roles."""
        form = super().get_form(request, obj, **kwargs)
        labels = {
            "is_staff": (
                _("Opens this admin without a role"),
                _(
                    "Django's own switch, not the Staff role: lets the person into this admin "
                    "even without the Administrator role. Leave it off; give roles instead."
                ),
            ),
            "groups": (_("Roles"), _("What the person may see and do in the product.")),
            "is_superuser": (_("Superuser"), None),
        }
        for name, (label, help_text) in labels.items():
            if name in form.base_fields:
                form.base_fields[name].label = label
                if help_text:
                    form.base_fields[name].help_text = help_text
        return form

    def get_readonly_fields(self, request, obj=None):
        """Only a superuser makes superusers; an Administrator manages people and roles. Sign-in
        dates are facts, never typed."""
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("legal_name", "country", "currency", "time_zone", "updated_at")

    def has_add_permission(self, request) -> bool:
        return not Organisation.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "kind",
        "status",
        "progress_done",
        "progress_total",
        "requested_by",
        "created_at",
        "attempts",
    )
    list_filter = ("status", "kind")
    search_fields = ("kind", "message", "requested_by__username", "idempotency_key")
    list_select_related = ("requested_by",)
    date_hierarchy = "created_at"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("title", "recipient", "level", "created_at", "read_at")
    list_filter = ("level", "kind")
    search_fields = ("title", "recipient__username")
    list_select_related = ("recipient",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "summary", "actor_name", "ip_address")
    list_filter = ("kind",)
    search_fields = ("summary", "actor_name", "object_id")
    date_hierarchy = "created_at"


class SecretFreeDeviceAdmin(admin.ModelAdmin):
    """Two-factor devices, without their secrets.

    django_otp's own admin shows a TOTP key, its QR code and the backup codes to anyone who may view
    devices; whoever sees them can sign in as the person. Here a device can be looked at and
    deleted, never read, added (an added key would be known to the administrator) or changed.
    A person who lost their phone is helped with the User admin's "Reset two-factor sign-in".
    """

    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "user__email", "name")
    list_select_related = ("user",)
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields
    inlines = ()

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        """The QR code and configuration pages of django_otp's admin do not exist here."""
        gone = self.admin_site.admin_view(self._gone)
        return [
            path("<path:object_id>/config/", gone),
            path("<path:object_id>/qrcode/", gone),
            *super().get_urls(),
        ]

    def _gone(self, request, object_id):
        raise Http404


for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
    admin.site.register(_device_model, SecretFreeDeviceAdmin)
