"""Compliance's audit kinds, declared once."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from backoffice.audit import AuditKind


class ComplianceAudit(AuditKind):
    CHECKS_RUN = "compliance.checks_run", _("Compliance checks run")
    FINDING_ACCEPTED = "compliance.finding_accepted", _("Finding accepted")
    FINDING_REOPENED = "compliance.finding_reopened", _("Finding reopened")
    CONTRACT_SAVED = "compliance.contract_saved", _("Contract saved")
    CONTRACT_RENEWED = "compliance.contract_renewed", _("Contract renewed")
    CONTRACT_DOCUMENT = "compliance.contract_document", _("Contract document added")
    POLICY_SAVED = "compliance.policy_saved", _("Policy version saved")
    POLICY_APPROVED = "compliance.policy_approved", _("Policy version approved")
    POLICY_PUBLISHED = "compliance.policy_published", _("Policy version published")
    POLICY_RETIRED = "compliance.policy_retired", _("Policy version retired")
    POLICY_ACKNOWLEDGED = "compliance.policy_acknowledged", _("Policy acknowledged")
    RISK_SAVED = "compliance.risk_saved", _("Risk saved")
    LEGAL_SAVED = "compliance.legal_saved", _("Legal matter saved")
    LEGAL_DOCUMENT = "compliance.legal_document", _("Legal matter document added")
    SUBJECT_ACCESS = "compliance.subject_access", _("Personal data exported")
    RETENTION_APPLIED = "compliance.retention_applied", _("Retention applied")
