"""HR's audit kinds, declared once: services record with these members, the audit trail labels
and filters with them (``backoffice.audit``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from backoffice.audit import AuditKind


class HrAudit(AuditKind):
    DEPARTMENT_CREATED = "hr.department_created", _("Department created")
    DEPARTMENT_UPDATED = "hr.department_updated", _("Department changed")
    EMPLOYEE_CREATED = "hr.employee_created", _("Employee created")
    EMPLOYEE_UPDATED = "hr.employee_updated", _("Employee changed")
    PROFILE_UPDATED = "hr.profile_updated", _("Contact details changed")
    CONTRACT_ADDED = "hr.contract_added", _("Contract added")
    DOCUMENT_UPLOADED = "hr.document_uploaded", _("Document added")
    DOCUMENT_DELETED = "hr.document_deleted", _("Document removed")
    HOLIDAYS_GENERATED = "hr.holidays_generated", _("Holidays added")
    CALENDAR_CHANGED = "hr.calendar_changed", _("Calendar changed")
    LEAVE_REQUESTED = "hr.leave_requested", _("Leave requested")
    LEAVE_APPROVED = "hr.leave_approved", _("Leave approved")
    LEAVE_REJECTED = "hr.leave_rejected", _("Leave rejected")
    LEAVE_CANCELLED = "hr.leave_cancelled", _("Leave cancelled")
    LEAVE_TYPE_CHANGED = "hr.leave_type_changed", _("Leave rules changed")
    EMPLOYEES_IMPORTED = "hr.employees_imported", _("Employees imported")
    OPENING_SAVED = "hr.opening_saved", _("Opening saved")
    CANDIDATE_ADDED = "hr.candidate_added", _("Candidate added")
    CANDIDATE_REJECTED = "hr.candidate_rejected", _("Candidate rejected")
    OFFER_MADE = "hr.offer_made", _("Offer made")
    OFFER_ACCEPTED = "hr.offer_accepted", _("Offer accepted")
    CHECKLIST_STARTED = "hr.checklist_started", _("Checklist started")
    COURSE_SAVED = "hr.course_saved", _("Course saved")
    TRAINING_COMPLETED = "hr.training_completed", _("Training completed")
    REVIEW_CYCLE_OPENED = "hr.review_cycle_opened", _("Review round opened")
    REVIEW_ASSESSED = "hr.review_assessed", _("Review assessed")
    REVIEW_CYCLE_CLOSED = "hr.review_cycle_closed", _("Review round closed")
