from django.urls import path

from hr.views import dashboard, development, hiring, holidays, leave, org, people, tasks

app_name = "hr"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("directory/", people.directory_view, name="directory"),
    path("org/", org.org_chart, name="org-chart"),
    path("org/<int:pk>/branch/", org.org_branch, name="org-branch"),
    path("departments/", org.department_list, name="department-list"),
    path("departments/new/", org.department_form, name="department-create"),
    path("departments/<int:pk>/", org.department_detail, name="department-detail"),
    path("departments/<int:pk>/edit/", org.department_form, name="department-edit"),
    path("employees/", people.employee_list_view, name="employee-list"),
    path("employees/new/", people.employee_create_view, name="employee-create"),
    path("employees/import/", people.employee_import_view, name="employee-import"),
    path("employees/report/", people.headcount_report_start, name="headcount-report"),
    path("employees/<int:pk>/", people.employee_detail, name="employee-detail"),
    path("employees/<int:pk>/edit/", people.employee_edit, name="employee-edit"),
    path("employees/<int:pk>/photo/", people.employee_photo, name="employee-photo"),
    path(
        "employees/<int:pk>/photo/upload/",
        people.employee_photo_upload,
        name="employee-photo-upload",
    ),
    path("employees/<int:pk>/contracts/new/", people.contract_create, name="contract-create"),
    path("employees/<int:pk>/documents/new/", people.document_create, name="document-create"),
    path("documents/<int:pk>/", people.document_download, name="document-download"),
    path("documents/<int:pk>/delete/", people.document_remove, name="document-delete"),
    path("me/", people.my_profile, name="my-profile"),
    path("leave/", leave.my_leave, name="my-leave"),
    path("leave/new/", leave.leave_request_new, name="leave-create"),
    path("leave/preview/", leave.leave_preview, name="leave-preview"),
    path("leave/approvals/", leave.leave_approvals, name="leave-approvals"),
    path("leave/calendar/", leave.leave_calendar, name="leave-calendar"),
    path("leave/<int:pk>/", leave.leave_detail, name="leave-detail"),
    path(
        "leave/<int:pk>/approve/", leave.leave_decide, {"decision": "approve"}, name="leave-approve"
    ),
    path("leave/<int:pk>/reject/", leave.leave_decide, {"decision": "reject"}, name="leave-reject"),
    path("leave/<int:pk>/cancel/", leave.leave_cancel, name="leave-cancel"),
    path("leave/<int:pk>/document/", leave.leave_document, name="leave-document"),
    path("hiring/", hiring.opening_list_view, name="opening-list"),
    path("hiring/new/", hiring.opening_form, name="opening-create"),
    path("hiring/<int:pk>/", hiring.opening_board, name="opening-board"),
    path("hiring/<int:pk>/edit/", hiring.opening_form, name="opening-edit"),
    path("hiring/<int:pk>/candidates/new/", hiring.candidate_create, name="candidate-create"),
    path("hiring/applications/<int:pk>/", hiring.application_detail, name="application-detail"),
    path(
        "hiring/applications/<int:pk>/move/", hiring.application_move_view, name="application-move"
    ),
    path(
        "hiring/applications/<int:pk>/reject/",
        hiring.application_reject_view,
        name="application-reject",
    ),
    path(
        "hiring/applications/<int:pk>/interviews/new/",
        hiring.interview_create,
        name="interview-create",
    ),
    path("hiring/applications/<int:pk>/offer/", hiring.offer_create, name="offer-create"),
    path("hiring/applications/<int:pk>/cv/", hiring.candidate_cv, name="candidate-cv"),
    path("hiring/interviews/<int:pk>/feedback/", hiring.feedback_create, name="feedback-create"),
    path(
        "hiring/offers/<int:pk>/accept/",
        hiring.offer_decide,
        {"decision": "accept"},
        name="offer-accept",
    ),
    path(
        "hiring/offers/<int:pk>/decline/",
        hiring.offer_decide,
        {"decision": "decline"},
        name="offer-decline",
    ),
    path("training/", development.training_overview, name="training"),
    path("training/mine/", development.my_trainings, name="my-trainings"),
    path("training/courses/new/", development.course_form, name="course-create"),
    path("training/courses/<int:pk>/", development.course_detail, name="course-detail"),
    path("training/courses/<int:pk>/edit/", development.course_form, name="course-edit"),
    path(
        "training/assignments/<int:pk>/complete/",
        development.training_complete_view,
        name="training-complete",
    ),
    path(
        "training/assignments/<int:pk>/certificate/",
        development.certificate_download,
        name="certificate-download",
    ),
    path("reviews/", development.review_overview, name="reviews"),
    path("reviews/rounds/new/", development.review_cycle_new, name="review-cycle-create"),
    path("reviews/rounds/<int:pk>/", development.review_cycle_detail, name="review-cycle"),
    path(
        "reviews/rounds/<int:pk>/close/",
        development.review_cycle_close_view,
        name="review-cycle-close",
    ),
    path("reviews/<int:pk>/", development.review_detail, name="review-detail"),
    path(
        "reviews/<int:pk>/goals/", development.review_action, {"action": "goal"}, name="review-goal"
    ),
    path(
        "reviews/<int:pk>/self/", development.review_action, {"action": "self"}, name="review-self"
    ),
    path(
        "reviews/<int:pk>/manager/",
        development.review_action,
        {"action": "manager"},
        name="review-manager",
    ),
    path("tasks/", tasks.my_tasks_view, name="my-tasks"),
    path("tasks/<int:pk>/done/", tasks.task_done, name="task-done"),
    path("checklists/<int:pk>/", tasks.checklist_detail, name="checklist-detail"),
    path("employees/<int:pk>/end/", tasks.employment_end_view, name="employment-end"),
    path("holidays/", holidays.holidays_view, name="holidays"),
    path("holidays/generate/", holidays.holidays_generate_view, name="holidays-generate"),
    path("holidays/add/", holidays.calendar_day_add, name="calendar-day-add"),
    path("holidays/<int:pk>/delete/", holidays.calendar_day_remove, name="calendar-day-delete"),
]
