from django.urls import path

from scheduling.views import attendance, auto, cost, dashboard, roster, setup, staff

app_name = "scheduling"

urlpatterns = [
    path("", roster.period_index, name="period-list"),
    path("periods/new/", roster.period_create, name="period-create"),
    path("periods/<int:pk>/", roster.roster, name="period-detail"),
    path("periods/<int:pk>/shifts/new/", roster.shift_form, name="shift-create"),
    path("periods/<int:pk>/shifts/<int:shift_pk>/", roster.shift_form, name="shift-edit"),
    path(
        "periods/<int:pk>/shifts/<int:shift_pk>/delete/",
        roster.shift_delete,
        name="shift-delete",
    ),
    path("periods/<int:pk>/check/", roster.shift_check, name="shift-check"),
    path(
        "periods/<int:pk>/shifts/<int:shift_pk>/move/",
        roster.shift_move,
        name="shift-move",
    ),
    path("periods/<int:pk>/shifts/bulk/", roster.shift_bulk, name="shift-bulk"),
    path("periods/<int:pk>/copy-week/", roster.week_copy, name="week-copy"),
    path("periods/<int:pk>/rotation/", roster.rotation, name="rotation-apply"),
    path("periods/<int:pk>/publish/", roster.publish, name="period-publish"),
    path("periods/<int:pk>/close/", roster.close, name="period-close"),
    path(
        "periods/<int:pk>/discard-changes/", roster.changes_discard, name="period-changes-discard"
    ),
    path("periods/<int:pk>/auto/", auto.auto_start, name="auto-run-create"),
    path("auto/<int:pk>/", auto.auto_run, name="auto-run-detail"),
    path("auto/<int:pk>/accept/", auto.auto_decide, {"decision": "accept"}, name="auto-run-accept"),
    path(
        "auto/<int:pk>/discard/", auto.auto_decide, {"decision": "discard"}, name="auto-run-discard"
    ),
    path("shifts/<int:pk>/", roster.shift_detail, name="shift-detail"),
    path("shifts/<int:pk>/swap/", staff.swap_create, name="swap-create"),
    path("me/", staff.my_schedule, name="schedule-mine"),
    path("me/calendar/", staff.calendar_feed, name="calendar-feed-edit"),
    path("me/availability/", staff.my_availability, name="availability-mine"),
    path(
        "me/availability/<int:pk>/delete/",
        staff.availability_delete,
        name="availability-delete",
    ),
    path("open-shifts/", staff.open_shifts, name="open-shift-list"),
    path("open-shifts/<int:pk>/claim/", staff.open_shift_claim, name="open-shift-claim"),
    path("swaps/", staff.swap_approvals, name="swap-list"),
    path("swaps/<int:pk>/withdraw/", staff.swap_withdraw, name="swap-withdraw"),
    path(
        "swaps/<int:pk>/approve/", staff.swap_decide, {"decision": "approve"}, name="swap-approve"
    ),
    path("swaps/<int:pk>/reject/", staff.swap_decide, {"decision": "reject"}, name="swap-reject"),
    path("ical/<str:token>.ics", staff.ical, name="calendar-feed-download"),
    path("cost/", cost.cost, name="cost-report"),
    path("clock/", attendance.clock, name="clock-detail"),
    path("clock/correction/", attendance.correction_request, name="correction-create"),
    path("timesheets/", attendance.timesheets, name="timesheet-list"),
    path("timesheets/mine/", attendance.my_timesheets, name="timesheet-mine"),
    path("timesheets/export/", attendance.timesheets_export, name="timesheet-export"),
    path("timesheets/<int:pk>/", attendance.timesheet_detail, name="timesheet-detail"),
    path(
        "timesheets/<int:pk>/submit/",
        attendance.timesheet_action,
        {"action": "submit"},
        name="timesheet-submit",
    ),
    path(
        "timesheets/<int:pk>/approve/",
        attendance.timesheet_action,
        {"action": "approve"},
        name="timesheet-approve",
    ),
    path("timesheets/<int:pk>/entries/new/", attendance.entry_form, name="entry-create"),
    path("timesheets/<int:pk>/entries/<int:entry_pk>/", attendance.entry_form, name="entry-edit"),
    path("attendance/", dashboard.attendance_dashboard, name="attendance-dashboard"),
    path("setup/", setup.setup, name="setup-list"),
    path("setup/<str:kind>/new/", setup.setup_form, name="setup-create"),
    path("setup/<str:kind>/<int:pk>/", setup.setup_form, name="setup-edit"),
    path("setup/<str:kind>/<int:pk>/delete/", setup.setup_delete, name="setup-delete"),
    path("locations/<int:pk>/", setup.location_detail, name="location-detail"),
    path("locations/<int:pk>/skills/", setup.location_skills, name="location-skills-edit"),
    path("people/<int:pk>/limits/", setup.staff_limits, name="staff-limits-edit"),
    path("locations/<int:pk>/coverage/new/", setup.coverage_form, name="coverage-create"),
    path(
        "locations/<int:pk>/coverage/<int:coverage_pk>/",
        setup.coverage_form,
        name="coverage-edit",
    ),
    path(
        "locations/<int:pk>/coverage/<int:coverage_pk>/delete/",
        setup.coverage_delete,
        name="coverage-delete",
    ),
]
