"""HR's writes. Every change to HR's records goes through these functions."""

from hr.services.contracts import contract_add
from hr.services.development import (
    course_save,
    goal_add,
    mandatory_trainings_sync,
    review_cycle_close,
    review_cycle_create,
    review_manager_submit,
    review_self_submit,
    reviews_remind,
    training_assign,
    training_complete,
    trainings_remind,
)
from hr.services.documents import document_delete, document_upload, documents_remind_expiring
from hr.services.employees import (
    employee_create,
    employee_photo_set,
    employee_profile_update,
    employee_update,
    employees_deactivate_leavers,
)
from hr.services.hiring import (
    application_move,
    application_reject,
    candidate_add,
    candidates_anonymise_expired,
    feedback_submit,
    interview_schedule,
    offer_accept,
    offer_decline,
    offer_make,
    opening_save,
)
from hr.services.holidays import calendar_day_delete, calendar_day_set, holidays_generate
from hr.services.imports import ImportError_, employees_import, employees_import_start
from hr.services.leave import (
    entitlement_ensure,
    leave_request_approve,
    leave_request_cancel,
    leave_request_create,
    leave_request_reject,
)
from hr.services.onboarding import checklist_start, employment_end, task_complete
from hr.services.org import department_create, department_update, position_create

__all__ = [
    "course_save",
    "goal_add",
    "mandatory_trainings_sync",
    "review_cycle_close",
    "review_cycle_create",
    "review_manager_submit",
    "review_self_submit",
    "reviews_remind",
    "training_assign",
    "training_complete",
    "trainings_remind",
    "application_move",
    "application_reject",
    "candidate_add",
    "candidates_anonymise_expired",
    "checklist_start",
    "employment_end",
    "feedback_submit",
    "interview_schedule",
    "offer_accept",
    "offer_decline",
    "offer_make",
    "opening_save",
    "task_complete",
    "ImportError_",
    "calendar_day_delete",
    "calendar_day_set",
    "contract_add",
    "department_create",
    "department_update",
    "document_delete",
    "document_upload",
    "documents_remind_expiring",
    "employee_create",
    "employee_photo_set",
    "employee_profile_update",
    "employee_update",
    "employees_deactivate_leavers",
    "employees_import",
    "employees_import_start",
    "entitlement_ensure",
    "holidays_generate",
    "leave_request_approve",
    "leave_request_cancel",
    "leave_request_create",
    "leave_request_reject",
    "position_create",
]
