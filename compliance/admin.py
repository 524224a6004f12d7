from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from compliance.models import (
    Acknowledgement,
    CheckRun,
    Contract,
    Finding,
    LegalMatter,
    Policy,
    PolicyVersion,
    Risk,
)


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["check_key", "key", "severity", "state", "department", "due", "last_seen"]
    list_filter = ["state", "severity", "check_key"]
    search_fields = ["key", "title"]
    list_select_related = ["department"]


@admin.register(CheckRun)
class CheckRunAdmin(admin.ModelAdmin):
    list_display = ["day", "started_at", "finished_at", "found", "opened", "resolved"]


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ["title", "counterparty", "kind", "status", "start", "end", "auto_renew"]
    search_fields = ["title", "reference"]
    list_select_related = ["counterparty"]


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "owner"]
    search_fields = ["title", "code"]
    list_select_related = ["owner"]


@admin.register(PolicyVersion)
class PolicyVersionAdmin(SimpleHistoryAdmin):
    list_display = ["policy", "number", "status", "audience", "approved_by", "published_at"]
    list_select_related = ["policy", "approved_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        """Versions move through their states on the product's pages, which record who did it."""
        return False


@admin.register(Acknowledgement)
class AcknowledgementAdmin(admin.ModelAdmin):
    list_display = ["version", "employee", "acknowledged_at"]
    list_select_related = ["version__policy", "employee"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "category",
        "likelihood",
        "impact",
        "residual_likelihood",
        "residual_impact",
        "review_on",
    ]
    search_fields = ["title"]


@admin.register(LegalMatter)
class LegalMatterAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "counterparty_name", "status"]
    search_fields = ["title", "counterparty_name"]
