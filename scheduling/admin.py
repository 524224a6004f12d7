"""Scheduling in Django's admin, for support and audit: every model listed and searchable.

Pages and services do the work; the admin must not bypass them where pay depends on a record:
an approved (locked) timesheet and every adjustment are read-only here, and neither can be
added or deleted, as the services correct a locked period only through an adjustment.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from scheduling.models import (
    AutoScheduleRun,
    Availability,
    BreakEntry,
    CalendarFeed,
    ConflictAcceptance,
    CorrectionRequest,
    Coverage,
    Location,
    RotationPattern,
    SchedulePeriod,
    Shift,
    ShiftTemplate,
    ShiftTypeLimit,
    Skill,
    StaffLimits,
    SwapRequest,
    TimeEntry,
    Timesheet,
    TimesheetAdjustment,
    WorkingTimeRules,
)

EMPLOYEE_SEARCH = ("employee__first_name", "employee__last_name", "employee__employee_number")


@admin.register(WorkingTimeRules)
class WorkingTimeRulesAdmin(admin.ModelAdmin):
    list_display = ("name", "preset", "is_default", "max_shift_minutes", "night_factor")
    search_fields = ("name",)
    list_filter = ("preset", "is_default")


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "time_zone", "rules", "weekly_budget", "active")
    search_fields = ("name", "code")
    list_filter = ("active",)
    list_select_related = ("rules",)
    autocomplete_fields = ("members",)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")
    autocomplete_fields = ("employees",)


@admin.register(ShiftTemplate)
class ShiftTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "location", "start", "end", "break_minutes", "active")
    search_fields = ("name", "code", "location__name")
    list_filter = ("active", "location")
    list_select_related = ("location",)


@admin.register(Coverage)
class CoverageAdmin(admin.ModelAdmin):
    list_display = ("location", "weekday", "date", "template", "skill", "count")
    search_fields = ("location__name", "template__name", "skill__name")
    list_filter = ("location",)
    list_select_related = ("location", "template", "skill")


@admin.register(RotationPattern)
class RotationPatternAdmin(admin.ModelAdmin):
    list_display = ("name", "sequence")
    search_fields = ("name",)


class ShiftTypeLimitInline(admin.TabularInline):
    model = ShiftTypeLimit
    extra = 0


@admin.register(StaffLimits)
class StaffLimitsAdmin(admin.ModelAdmin):
    list_display = (
        "employee",
        "min_period_minutes",
        "max_period_minutes",
        "max_weekends",
        "min_days_off_in_row",
    )
    search_fields = EMPLOYEE_SEARCH
    list_select_related = ("employee",)
    autocomplete_fields = ("employee",)
    inlines = [ShiftTypeLimitInline]


@admin.register(ShiftTypeLimit)
class ShiftTypeLimitAdmin(admin.ModelAdmin):
    list_display = ("limits", "template", "max_shifts")
    search_fields = ("limits__employee__first_name", "limits__employee__last_name")
    list_select_related = ("limits__employee", "template")


@admin.register(SchedulePeriod)
class SchedulePeriodAdmin(admin.ModelAdmin):
    list_display = ("location", "start", "end", "status", "published_at")
    search_fields = ("location__name",)
    list_filter = ("status", "location")
    list_select_related = ("location",)
    date_hierarchy = "start"


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = ("day", "start", "end", "location", "employee", "template", "skill", "released")
    search_fields = (*EMPLOYEE_SEARCH, "location__name", "note")
    list_filter = ("location", "released")
    list_select_related = ("location", "employee", "template", "skill")
    autocomplete_fields = ("employee",)
    date_hierarchy = "day"


@admin.register(ConflictAcceptance)
class ConflictAcceptanceAdmin(admin.ModelAdmin):
    list_display = ("shift", "code", "reason", "accepted_by", "accepted_at")
    search_fields = ("code", "reason", "shift__employee__last_name")
    list_select_related = ("shift__employee", "shift__location", "accepted_by")


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ("employee", "kind", "weekday", "date", "start_time", "end_time", "weight")
    search_fields = (*EMPLOYEE_SEARCH, "note")
    list_filter = ("kind",)
    list_select_related = ("employee",)
    autocomplete_fields = ("employee",)


@admin.register(SwapRequest)
class SwapRequestAdmin(admin.ModelAdmin):
    list_display = ("shift", "requester", "colleague", "status", "created_at", "decided_at")
    search_fields = ("requester__last_name", "colleague__last_name", "note", "comment")
    list_filter = ("status",)
    list_select_related = (
        "shift__employee",
        "shift__location",
        "requester",
        "colleague",
        "decided_by",
    )


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("employee", "created_at")
    search_fields = EMPLOYEE_SEARCH
    list_select_related = ("employee",)
    exclude = ("token",)  # the feed's password


@admin.register(AutoScheduleRun)
class AutoScheduleRunAdmin(admin.ModelAdmin):
    list_display = ("period", "mode", "requested_by", "created_at", "decision", "decided_at")
    search_fields = ("period__location__name", "requested_by__username")
    list_filter = ("mode", "decision")
    list_select_related = ("period__location", "requested_by")
    readonly_fields = ("result", "job")


class BreakEntryInline(admin.TabularInline):
    model = BreakEntry
    extra = 0


@admin.register(TimeEntry)
class TimeEntryAdmin(admin.ModelAdmin):
    list_display = ("employee", "day", "clock_in", "clock_out", "location", "source")
    search_fields = (*EMPLOYEE_SEARCH, "reason")
    list_filter = ("source", "location")
    list_select_related = ("employee", "location")
    autocomplete_fields = ("employee",)
    date_hierarchy = "day"
    inlines = [BreakEntryInline]


@admin.register(BreakEntry)
class BreakEntryAdmin(admin.ModelAdmin):
    list_display = ("entry", "start", "end")
    search_fields = ("entry__employee__first_name", "entry__employee__last_name")
    list_select_related = ("entry__employee",)


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(admin.ModelAdmin):
    list_display = ("employee", "day", "status", "created_at", "answered_by")
    search_fields = (*EMPLOYEE_SEARCH, "comment", "answer")
    list_filter = ("status",)
    list_select_related = ("employee", "answered_by")


@admin.register(Timesheet)
class TimesheetAdmin(SimpleHistoryAdmin):
    list_display = ("employee", "start", "end", "status", "approved_at", "approved_by")
    search_fields = EMPLOYEE_SEARCH
    list_filter = ("status",)
    list_select_related = ("employee", "approved_by")
    date_hierarchy = "start"

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.locked:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.locked:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(TimesheetAdjustment)
class TimesheetAdjustmentAdmin(SimpleHistoryAdmin):
    list_display = ("timesheet", "source", "night_bonus_minutes", "created_by", "created_at")
    search_fields = (
        "timesheet__employee__first_name",
        "timesheet__employee__last_name",
        "reason",
    )
    list_select_related = ("timesheet__employee", "source__employee", "created_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
