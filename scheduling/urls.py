from django.urls import path

from scheduling.views import auto, cost, roster, setup, staff

app_name = "scheduling"

urlpatterns = [
    path("", roster.period_index, name="periods"),
    path("periods/new/", roster.period_create, name="period-create"),
    path("periods/<int:pk>/", roster.roster, name="roster"),
    path("periods/<int:pk>/shifts/new/", roster.shift_form, name="shift-create"),
    path("periods/<int:pk>/shifts/<int:shift_pk>/", roster.shift_form, name="shift-edit"),
    path(
        "periods/<int:pk>/shifts/<int:shift_pk>/delete/",
        roster.shift_delete,
        name="shift-delete",
    ),
    path("periods/<int:pk>/check/", roster.shift_check, name="shift-check"),
    path("periods/<int:pk>/copy-week/", roster.week_copy, name="week-copy"),
    path("periods/<int:pk>/rotation/", roster.rotation, name="rotation"),
    path("periods/<int:pk>/publish/", roster.publish, name="publish"),
    path("periods/<int:pk>/close/", roster.close, name="close"),
    path("periods/<int:pk>/auto/", auto.auto_start, name="auto-start"),
    path("auto/<int:pk>/", auto.auto_run, name="auto-run"),
    path("auto/<int:pk>/accept/", auto.auto_decide, {"decision": "accept"}, name="auto-accept"),
    path("auto/<int:pk>/discard/", auto.auto_decide, {"decision": "discard"}, name="auto-discard"),
    path("shifts/<int:pk>/", roster.shift_detail, name="shift-detail"),
    path("shifts/<int:pk>/swap/", staff.swap_create, name="swap-create"),
    path("me/", staff.my_schedule, name="my-schedule"),
    path("me/calendar/", staff.calendar_feed, name="calendar-feed"),
    path("me/availability/", staff.my_availability, name="my-availability"),
    path(
        "me/availability/<int:pk>/delete/",
        staff.availability_delete,
        name="availability-delete",
    ),
    path("open-shifts/", staff.open_shifts, name="open-shifts"),
    path("open-shifts/<int:pk>/claim/", staff.open_shift_claim, name="open-shift-claim"),
    path("swaps/", staff.swap_approvals, name="swap-approvals"),
    path("swaps/<int:pk>/withdraw/", staff.swap_withdraw, name="swap-withdraw"),
    path(
        "swaps/<int:pk>/approve/", staff.swap_decide, {"decision": "approve"}, name="swap-approve"
    ),
    path("swaps/<int:pk>/reject/", staff.swap_decide, {"decision": "reject"}, name="swap-reject"),
    path("ical/<str:token>.ics", staff.ical, name="ical"),
    path("cost/", cost.cost, name="cost"),
    path("setup/", setup.setup, name="setup"),
    path("setup/<str:kind>/new/", setup.setup_form, name="setup-create"),
    path("setup/<str:kind>/<int:pk>/", setup.setup_form, name="setup-edit"),
    path("setup/<str:kind>/<int:pk>/delete/", setup.setup_delete, name="setup-delete"),
    path("locations/<int:pk>/", setup.location_detail, name="location"),
    path("locations/<int:pk>/skills/", setup.location_skills, name="location-skills"),
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
