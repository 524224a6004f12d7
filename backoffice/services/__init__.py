"""The platform's writes. Every state change of the platform's records goes through here."""

from backoffice.services.actions import action_record, event_publish
from backoffice.services.audit import audit_record
from backoffice.services.jobs import (
    JobCancelled,
    JobContext,
    JobPartFailed,
    job_cancel,
    job_parts_run,
    job_revive_stalled,
    job_run,
    job_start,
    jobs_purge_old,
)
from backoffice.services.notifications import (
    notification_mark_all_read,
    notification_mark_read,
    notification_send,
    notifications_purge_old,
)
from backoffice.services.organisation import organisation_update
from backoffice.services.users import (
    otp_backup_codes_regenerate,
    otp_device_pending,
    otp_disable,
    otp_enrol_confirm,
    otp_reset,
    otp_reset_allowed,
    user_deactivate,
    user_invite,
    user_language_set,
    user_name_set,
    user_role_follow,
    user_roles_set,
)

__all__ = [
    "JobCancelled",
    "JobContext",
    "JobPartFailed",
    "action_record",
    "audit_record",
    "event_publish",
    "job_cancel",
    "job_revive_stalled",
    "job_parts_run",
    "job_run",
    "job_start",
    "jobs_purge_old",
    "notification_mark_all_read",
    "notification_mark_read",
    "notification_send",
    "notifications_purge_old",
    "organisation_update",
    "otp_backup_codes_regenerate",
    "otp_device_pending",
    "otp_disable",
    "otp_enrol_confirm",
    "otp_reset",
    "otp_reset_allowed",
    "user_deactivate",
    "user_invite",
    "user_language_set",
    "user_name_set",
    "user_role_follow",
    "user_roles_set",
]
