from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from hr.models import (
    Application,
    CalendarDay,
    Candidate,
    Checklist,
    ChecklistTemplate,
    ChecklistTemplateTask,
    Course,
    Department,
    Employee,
    EmployeeDocument,
    EmploymentContract,
    HiringStage,
    JobOpening,
    LeaveEntitlement,
    LeaveRequest,
    LeaveType,
    Offer,
    Position,
    Review,
    ReviewCycle,
    TrainingAssignment,
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
        "kind",
        "accrual",
        "paid",
        "counts_against_allowance",
        "annual_days",
        "may_exceed_balance",
        "active",
    )
    list_filter = ("kind", "accrual", "paid", "active")
    actions = ["apply_country_preset"]

    def get_changeform_initial_data(self, request):
        """A new type starts from the organisation's country preset (Bulgaria: the Labour
        Code's yearly right); the legal source of each value is kept with it."""
        from backoffice.selectors import organisation_get
        from hr.domain.leave import preset_fields, preset_sources

        country = organisation_get().country
        return {
            **preset_fields(country),
            "legal_source": preset_sources(country),
            **super().get_changeform_initial_data(request),
        }

    @admin.action(description=_("Apply the organisation's country leave rules"))
    def apply_country_preset(self, request, queryset):
        from backoffice.selectors import organisation_get
        from hr.services import leave_type_apply_preset

        country = organisation_get().country
        for leave_type in queryset.filter(counts_against_allowance=True):
            leave_type_apply_preset(actor=request.user, leave_type=leave_type, country=country)


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


@admin.register(HiringStage)
class HiringStageAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "is_offer")
    list_editable = ("order", "is_offer")


@admin.register(JobOpening)
class JobOpeningAdmin(SimpleHistoryAdmin):
    list_display = ("title", "department", "headcount", "status", "created_at")
    list_filter = ("status", "department")
    search_fields = ("title",)
    list_select_related = ("department",)


@admin.register(Candidate)
class CandidateAdmin(SimpleHistoryAdmin):
    list_display = ("first_name", "last_name", "email", "keep_until", "anonymised_at")
    search_fields = ("first_name", "last_name", "email")
    readonly_fields = ("cv", "anonymised_at")


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ("candidate", "opening", "stage", "status", "created_at")
    list_filter = ("status", "stage", "opening")
    list_select_related = ("candidate", "opening", "stage")


@admin.register(Offer)
class OfferAdmin(SimpleHistoryAdmin):
    """Offers change only through the pages (accepting one hires the person)."""

    list_display = ("application", "salary", "start_date", "status", "employee")
    list_filter = ("status",)
    list_select_related = ("application__candidate", "employee")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


class ChecklistTemplateTaskInline(admin.TabularInline):
    model = ChecklistTemplateTask
    extra = 1


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "active")
    list_filter = ("kind", "active")
    inlines = [ChecklistTemplateTaskInline]


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ("employee", "kind", "anchor_date", "created_at")
    list_filter = ("kind",)
    search_fields = ("employee__search_text",)
    list_select_related = ("employee",)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "provider", "duration_hours", "validity_months", "active")
    search_fields = ("title", "provider")
    filter_horizontal = ("mandatory_for",)


@admin.register(TrainingAssignment)
class TrainingAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("employee", "course", "due_date", "mandatory", "completed_on", "expires_on")
    list_filter = ("mandatory", "course")
    search_fields = ("employee__search_text", "course__title")
    list_select_related = ("employee", "course")
    readonly_fields = ("certificate",)


@admin.register(ReviewCycle)
class ReviewCycleAdmin(admin.ModelAdmin):
    list_display = ("name", "period_start", "period_end", "status")
    list_filter = ("status",)


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ("employee", "cycle", "manager", "status", "self_rating", "manager_rating")
    list_filter = ("status", "cycle")
    search_fields = ("employee__search_text",)
    list_select_related = ("employee", "cycle", "manager")
