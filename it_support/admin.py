from django.contrib import admin

from it_support.models import (
    AccessProfile,
    Article,
    ArticleCategory,
    Asset,
    AssetAssignment,
    BusinessHours,
    CannedReply,
    Category,
    InboundMail,
    Licence,
    LicenceSeat,
    Queue,
    SlaPolicy,
    StatusInterval,
    Ticket,
    TicketAttachment,
    TicketMessage,
)


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "lead", "reopen_days", "active"]
    search_fields = ["name", "code"]
    list_select_related = ["lead"]
    filter_horizontal = ["agents"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "queue", "active"]
    search_fields = ["name"]
    list_select_related = ["queue"]


@admin.register(BusinessHours)
class BusinessHoursAdmin(admin.ModelAdmin):
    list_display = ["weekday", "opens", "closes"]
    search_fields = ["weekday"]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "queue",
        "priority",
        "first_response_minutes",
        "resolution_minutes",
        "pause_on_third_party",
    ]
    search_fields = ["queue__name"]
    list_select_related = ["queue"]


class IntervalInline(admin.TabularInline):
    model = StatusInterval
    extra = 0
    readonly_fields = ["status", "started_at", "ended_at", "changed_by"]
    can_delete = False


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "subject",
        "queue",
        "status",
        "priority",
        "requester",
        "created_at",
    ]
    list_filter = ["status", "queue", "priority", "kind"]
    search_fields = ["subject", "requester__username"]
    list_select_related = ["queue", "requester"]
    raw_id_fields = ["requester", "assignee", "person", "merged_into"]
    readonly_fields = ["status", "first_response_at", "resolution_due_at", "sla_met"]
    inlines = [IntervalInline]
    filter_horizontal = ["watchers", "assets", "related", "articles", "affected_people"]


@admin.register(TicketMessage)
class TicketMessageAdmin(admin.ModelAdmin):
    list_display = ["ticket", "kind", "author", "created_at"]
    search_fields = ["body"]
    list_select_related = ["ticket", "author"]
    raw_id_fields = ["ticket", "author"]


@admin.register(TicketAttachment)
class TicketAttachmentAdmin(admin.ModelAdmin):
    list_display = ["filename", "ticket", "size", "created_at"]
    search_fields = ["filename"]
    list_select_related = ["ticket"]
    raw_id_fields = ["ticket", "message", "uploaded_by"]


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = ["title", "queue"]
    search_fields = ["title", "body"]
    list_select_related = ["queue"]


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):
    list_display = ["received_at", "sender", "subject", "outcome", "reason", "ticket"]
    list_filter = ["outcome"]
    search_fields = ["sender", "subject"]
    list_select_related = ["ticket"]
    readonly_fields = ["message_id", "digest", "sender", "subject", "outcome", "reason", "ticket"]


@admin.register(AccessProfile)
class AccessProfileAdmin(admin.ModelAdmin):
    list_display = ["position"]
    search_fields = ["position__title"]
    list_select_related = ["position"]


@admin.register(ArticleCategory)
class ArticleCategoryAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "public", "helpful_yes", "helpful_no", "updated_at"]
    search_fields = ["title"]
    list_select_related = ["category"]

    def save_model(self, request, obj, form, change):
        obj.refresh_search_text()
        super().save_model(request, obj, form, change)


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ["tag", "model", "category", "status", "holder", "warranty_end"]
    list_filter = ["status", "category"]
    search_fields = ["tag", "serial", "model"]
    list_select_related = ["holder"]
    raw_id_fields = ["holder"]
    readonly_fields = ["status", "holder"]


@admin.register(AssetAssignment)
class AssetAssignmentAdmin(admin.ModelAdmin):
    list_display = ["asset", "employee", "checked_out_at", "acknowledged_at", "checked_in_at"]
    search_fields = ["asset__tag", "employee__last_name"]
    list_select_related = ["asset", "employee"]
    raw_id_fields = ["asset", "employee", "checked_out_by"]


@admin.register(Licence)
class LicenceAdmin(admin.ModelAdmin):
    list_display = ["name", "vendor", "seats_total", "expires_on"]
    search_fields = ["name", "vendor"]
    readonly_fields = ["seats_total"]


@admin.register(LicenceSeat)
class LicenceSeatAdmin(admin.ModelAdmin):
    list_display = ["licence", "number", "employee", "asset", "assigned_at"]
    search_fields = ["licence__name"]
    list_select_related = ["licence", "employee", "asset"]
    raw_id_fields = ["employee", "asset"]


@admin.register(StatusInterval)
class StatusIntervalAdmin(admin.ModelAdmin):
    """The SLA clock's record: read-only (a changed interval would change a clock after the fact)."""

    list_display = ["ticket", "status", "started_at", "ended_at", "changed_by"]
    search_fields = ["ticket__subject"]
    list_select_related = ["ticket", "changed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
