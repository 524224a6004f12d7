"""What compliance contributes to the platform's registry, as data: pages, widgets, the nightly
checks over every department, job kinds, audit kinds, role grants, periodic tasks, personal
data and demo data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from backoffice import roles
from backoffice.registry import (
    AllModels,
    ComplianceCheck,
    Contributions,
    JobKind,
    NavEntry,
    NavSection,
    PersonalDataProvider,
    Widget,
)
from compliance import demo, widgets
from compliance.audit import ComplianceAudit
from compliance.jobs import (
    checks_run_job,
    monthly_report_job,
    monthly_report_version,
    subject_access_job,
)
from compliance.permissions import OFFICER, SUBJECT_ACCESS
from compliance.personal_data import personal_data
from compliance.selectors import checks
from hr.permissions import manages_team


def _has_employee(user) -> bool:
    return hasattr(user, "employee")


def _findings_visible(user) -> bool:
    return user.has_perm(OFFICER) or manages_team(user)


def _last_run(params, user) -> str:
    from compliance.models import CheckRun

    last = CheckRun.objects.order_by("-pk").values_list("pk", flat=True).first()
    return str(last or 0)


S = "compliance"

CHECKS = (
    ComplianceCheck(
        "scheduling.roster_worktime",
        _("Working time in published rosters"),
        _("Shift scheduling"),
        checks.roster_worktime,
        10,
    ),
    ComplianceCheck(
        "scheduling.timesheet_overtime",
        _("Yearly overtime in approved timesheets"),
        _("Shift scheduling"),
        checks.timesheet_overtime,
        11,
    ),
    ComplianceCheck(
        "hr.trainings", _("Mandatory trainings and certificates"), _("HR"), checks.trainings, 20
    ),
    ComplianceCheck(
        "hr.employment_records",
        _("Contracts in force and identity documents"),
        _("HR"),
        checks.employment_records,
        21,
    ),
    ComplianceCheck(
        "hr.leave_expiring", _("Leave about to expire unused"), _("HR"), checks.leave_expiring, 22
    ),
    ComplianceCheck(
        "it_support.breaches",
        _("Personal-data breaches past 72 hours"),
        _("IT support"),
        checks.personal_data_breaches,
        40,
    ),
    ComplianceCheck(
        "it_support.licence_seats",
        _("Licence seats over-allocated"),
        _("IT support"),
        checks.licence_seats,
        41,
    ),
    ComplianceCheck(
        "compliance.policies",
        _("Policies not acknowledged in time"),
        _("Compliance"),
        checks.policy_acknowledgements,
        60,
    ),
    ComplianceCheck(
        "compliance.contracts",
        _("Contracts inside their notice lead time"),
        _("Compliance"),
        checks.contracts_notice,
        61,
    ),
)

CONTRIBUTIONS = Contributions(
    app="compliance",
    urls=("compliance/", "compliance.urls"),
    sections=(NavSection(S, _("Compliance"), "shield-check", order=70),),
    nav=(
        NavEntry(
            S,
            _("My policies"),
            "compliance:policy-mine",
            "file-certificate",
            None,
            0,
            _has_employee,
        ),
        NavEntry(S, _("Compliance dashboard"), "compliance:dashboard", "chart-bar", OFFICER, 5),
        NavEntry(
            S,
            _("Findings"),
            "compliance:finding-list",
            "alert-triangle",
            None,
            10,
            _findings_visible,
        ),
        NavEntry(
            S, _("Contracts"), "compliance:contract-list", "file-text", None, 20, _findings_visible
        ),
        NavEntry(S, _("Policies"), "compliance:policy-list", "book", OFFICER, 30),
        NavEntry(S, _("Risk register"), "compliance:risk-list", "flame", OFFICER, 40),
        NavEntry(S, _("Legal matters"), "compliance:legal-list", "gavel", OFFICER, 50),
        NavEntry(S, _("Personal data"), "compliance:privacy", "lock", SUBJECT_ACCESS, 60),
        NavEntry(S, _("Audit trail"), "backoffice:audit-list", "history", OFFICER, 70),
    ),
    widgets=(
        Widget(
            "compliance-my-policies",
            "compliance/widgets/my_policies.html",
            widgets.my_policies_widget,
            order=16,
            width="col-12 col-lg-4",
        ),
        Widget(
            "compliance-findings",
            "compliance/widgets/findings.html",
            widgets.findings_widget,
            permission=OFFICER,
            order=17,
            width="col-12 col-lg-4",
        ),
    ),
    job_kinds=(
        JobKind(
            "compliance.checks_run",
            _("Compliance checks"),
            checks_run_job,
            permission=OFFICER,
            version=_last_run,
        ),
        JobKind(
            "compliance.monthly_report",
            _("Monthly compliance report"),
            monthly_report_job,
            permission=OFFICER,
            version=monthly_report_version,
        ),
        JobKind(
            "compliance.subject_access",
            _("Personal data export"),
            subject_access_job,
            permission=SUBJECT_ACCESS,
        ),
    ),
    periodic_tasks={
        "compliance: nightly checks": {
            "task": "compliance.checks_nightly_task",
            "crontab": {"minute": "30", "hour": "1"},
        },
        "compliance: contract renewals and reminders": {
            "task": "compliance.contracts_nightly_task",
            "crontab": {"minute": "45", "hour": "1"},
        },
        "compliance: policy and legal reminders": {
            "task": "compliance.reminders_task",
            "crontab": {"minute": "0", "hour": "8"},
        },
        "compliance: retention": {
            "task": "compliance.retention_task",
            "crontab": {"minute": "15", "hour": "2"},
        },
    },
    audit_kinds=ComplianceAudit,
    grants={
        roles.COMPLIANCE: (
            AllModels("compliance"),
            SUBJECT_ACCESS,
            "backoffice.view_auditevent",
            "backoffice.export_auditevent",
        ),
    },
    personal_data=(PersonalDataProvider("compliance", _("Compliance"), personal_data),),
    compliance_checks=CHECKS,
    seed_steps=((60, demo.seed_compliance),),
    bench_fill_steps=(),
)
