from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from backoffice.models import AuditEvent, Job, Notification, Organisation, User


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
        "last_login",
    )
    list_filter = ("groups", "is_active", "language", "is_superuser")
    search_fields = ("username", "email", "first_name", "last_name")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Preferences"), {"fields": ("language",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def roles(self, obj: User) -> str:
        return ", ".join(sorted(g.name for g in obj.groups.all()))

    def get_readonly_fields(self, request, obj=None):
        """Only a superuser makes superusers; an Administrator manages people and roles."""
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
    list_filter = ("level",)
    search_fields = ("title", "recipient__username")
    list_select_related = ("recipient",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "summary", "actor_name", "ip_address")
    list_filter = ("kind",)
    search_fields = ("summary", "actor_name", "object_id")
    date_hierarchy = "created_at"
