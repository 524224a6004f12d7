"""Finance in the admin: the chart, partners, periods and budgets editable; posted entries and
their lines read-only (they change only by reversal)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from finance.models import (
    Account,
    AccountBalance,
    Budget,
    EntryDraft,
    FiscalYear,
    JournalEntry,
    JournalLine,
    Partner,
    Period,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Account)
class AccountAdmin(SimpleHistoryAdmin):
    list_display = (
        "number",
        "name",
        "name_bg",
        "type",
        "is_group",
        "is_active",
        "needs_partner",
        "needs_department",
    )
    list_filter = ("type", "is_group", "is_active")
    search_fields = ("number", "name", "name_bg")
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "vat_number", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "vat_number", "registration_number")


@admin.register(FiscalYear)
class FiscalYearAdmin(ReadOnlyAdmin):
    list_display = ("year", "start", "end", "closed_at")
    search_fields = ("year",)


@admin.register(Period)
class PeriodAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "fiscal_year", "start", "end", "is_locked", "locked_by")
    list_filter = ("is_locked", "fiscal_year")
    search_fields = ("fiscal_year__year",)
    list_select_related = ("fiscal_year", "locked_by")


class JournalLineInline(admin.TabularInline):
    model = JournalLine
    fields = ("account", "debit", "credit", "department", "partner", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ("reference", "date", "kind", "memo", "total", "source_type", "posted_by")
    list_filter = ("kind", "period__fiscal_year")
    search_fields = ("memo", "source_label", "source_id", "idempotency_key")
    list_select_related = ("posted_by",)
    date_hierarchy = "date"
    inlines = [JournalLineInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(JournalLine)
class JournalLineAdmin(ReadOnlyAdmin):
    list_display = ("entry", "date", "account", "debit", "credit", "department", "partner")
    list_select_related = ("entry", "account", "department", "partner")
    search_fields = ("text", "account__number")
    raw_id_fields = ("entry",)


@admin.register(AccountBalance)
class AccountBalanceAdmin(ReadOnlyAdmin):
    list_display = ("account", "period", "department", "closing", "debit", "credit")
    list_select_related = ("account", "period", "department")
    search_fields = ("account__number",)


@admin.register(EntryDraft)
class EntryDraftAdmin(admin.ModelAdmin):
    list_display = ("__str__", "is_template", "date", "created_by", "updated_at")
    list_filter = ("is_template",)
    search_fields = ("name", "memo")
    list_select_related = ("created_by",)


@admin.register(Budget)
class BudgetAdmin(SimpleHistoryAdmin):
    list_display = ("department", "account", "month", "amount")
    list_filter = ("month",)
    search_fields = ("account__number", "department__name")
    list_select_related = ("department", "account")
