from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hr.models import (
    CalendarDay,
    Department,
    Employee,
    EmployeeDocument,
    EmploymentContract,
    LeaveEntitlement,
    LeaveRequest,
    LeaveType,
    Position,
)


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "cost_centre", "parent", "manager")
    search_fields = ("name", "code", "cost_centre")
    list_select_related = ("parent", "manager")
    autocomplete_fields = ("parent", "manager")


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("title", "department")
    search_fields = ("title",)
    list_filter = ("department",)
    list_select_related = ("department",)


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    list_display = (
        "employee_number",
        "first_name",
        "last_name",
        "department",
        "position",
        "status",
        "employment_type",
    )
    search_fields = ("employee_number", "first_name", "last_name", "work_email", "search_text")
    list_filter = ("status", "employment_type", "department")
    list_select_related = ("department", "position")
    autocomplete_fields = ("manager", "department", "position", "user")
    readonly_fields = ("search_text",)


@admin.register(EmploymentContract)
class EmploymentContractAdmin(SimpleHistoryAdmin):
    list_display = ("employee", "start", "end", "salary_basis", "weekly_hours")
    list_filter = ("salary_basis",)
    search_fields = ("employee__search_text",)
    list_select_related = ("employee",)
    autocomplete_fields = ("employee",)


@admin.register(EmployeeDocument)
class EmployeeDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("title", "employee", "kind", "expires_on", "uploaded_at")
    list_filter = ("kind",)
    search_fields = ("title", "employee__search_text")
    list_select_related = ("employee",)
    readonly_fields = ("file", "content_type", "uploaded_by")


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ("day", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "day"


@admin.register(LeaveType)
class LeaveTypeAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "paid",
        "counts_against_allowance",
        "annual_days",
        "may_exceed_balance",
        "active",
    )
    list_filter = ("paid", "active")


@admin.register(LeaveEntitlement)
class LeaveEntitlementAdmin(SimpleHistoryAdmin):
    list_display = (
        "employee",
        "leave_type",
        "year_start",
        "annual_days",
        "carried_over",
        "carry_over_expires",
    )
    list_filter = ("leave_type", "year_start")
    search_fields = ("employee__search_text",)
    list_select_related = ("employee", "leave_type")
    autocomplete_fields = ("employee",)


@admin.register(LeaveRequest)
class LeaveRequestAdmin(SimpleHistoryAdmin):
    """Read-only: requests change only through the pages, which apply the rules."""

    list_display = ("employee", "leave_type", "start_date", "end_date", "days", "status")
    list_filter = ("status", "leave_type")
    search_fields = ("employee__search_text",)
    list_select_related = ("employee", "leave_type")
    date_hierarchy = "start_date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
