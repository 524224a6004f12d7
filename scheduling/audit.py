"""Scheduling's audit kinds, declared once: services record with these members, the audit trail
labels and filters with them (``backoffice.audit``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from backoffice.audit import AuditKind


class SchedulingAudit(AuditKind):
    PERIOD_CREATED = "scheduling.period_created", _("Schedule period created")
    SHIFT_CHANGED = "scheduling.shift_changed", _("Published shift changed")
    SHIFT_DELETED = "scheduling.shift_deleted", _("Published shift deleted")
    SHIFT_OVERRIDDEN = "scheduling.shift_overridden", _("Shift saved despite a hard conflict")
    WEEK_COPIED = "scheduling.week_copied", _("Week copied")
    SHIFTS_COPIED = "scheduling.shifts_copied", _("Selected shifts copied")
    SHIFTS_DELETED = "scheduling.shifts_deleted", _("Selected shifts deleted")
    ROTATION_APPLIED = "scheduling.rotation_applied", _("Rotation applied")
    CONFLICT_ACCEPTED = "scheduling.conflict_accepted", _("Conflict accepted at publishing")
    PERIOD_PUBLISHED = "scheduling.period_published", _("Schedule published")
    CHANGES_PUBLISHED = "scheduling.changes_published", _("Schedule changes published")
    CHANGES_DISCARDED = "scheduling.changes_discarded", _("Unpublished schedule changes discarded")
    PERIOD_CLOSED = "scheduling.period_closed", _("Schedule period closed")
    OPEN_SHIFT_CLAIMED = "scheduling.open_shift_claimed", _("Open shift taken")
    SWAP_APPROVED = "scheduling.swap_approved", _("Shift swap approved")
    SHIFTS_RELEASED = "scheduling.shifts_released", _("Shifts opened for leave")
    SETUP_CHANGED = "scheduling.setup_changed", _("Scheduling set-up changed")
    AUTOSCHEDULE_ACCEPTED = (
        "scheduling.autoschedule_accepted",
        _("Auto-scheduler proposal accepted"),
    )
    TIME_CORRECTED = "scheduling.time_corrected", _("Time corrected")
    TIMESHEET_APPROVED = "scheduling.timesheet_approved", _("Timesheet approved")
