"""What payroll contributes to the platform's registry, as data: pages, home cards, job kinds,
demo data and benchmarks (paysurface part), grants, the calculation job, the nightly task and
audit kinds (core part)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from backoffice import roles
from backoffice.registry import (
    AllModels,
    Contributions,
    JobKind,
    NavEntry,
    NavSection,
    PersonalDataProvider,
    Widget,
)
from finance.payroll import demo, permissions, widgets
from finance.payroll.audit import PayrollAudit
from finance.payroll.jobs import run_calculate_job, run_calculate_version
from finance.payroll.pdf import (
    PART_KIND,
    payslips_part_render,
    payslips_render,
    payslips_version,
    register_export,
)
from finance.payroll.personal_data import personal_data

P = "payroll"


def _is_employee(user) -> bool:
    return hasattr(user, "employee")


def _sees_cost_only(user) -> bool:
    return permissions.sees_department_cost(user) and not permissions.sees_payroll(user)


CONTRIBUTIONS = Contributions(
    personal_data=(PersonalDataProvider("payroll", _("Payroll"), personal_data),),
    app="payroll",
    urls=("finance/payroll/", "finance.payroll.urls"),
    sections=(NavSection(P, _("Pay"), "cash", order=31),),
    nav=(
        NavEntry(P, _("Payroll"), "payroll:dashboard", "chart-bar", permissions.VIEW, 0),
        NavEntry(P, _("Payroll runs"), "payroll:run-list", "list-check", permissions.VIEW, 10),
        NavEntry(P, _("One-off entries"), "payroll:oneoff-list", "coins", permissions.VIEW, 20),
        NavEntry(
            P, _("Pay components"), "payroll:component-list", "list-details", permissions.VIEW, 30
        ),
        NavEntry(P, _("Payroll rules"), "payroll:rule-list", "book", permissions.VIEW, 40),
        NavEntry(P, _("Payroll settings"), "payroll:settings", "settings", permissions.MANAGE, 45),
        NavEntry(P, _("My payslips"), "payroll:my-payslips", "receipt", None, 50, _is_employee),
        NavEntry(P, _("Labour cost"), "payroll:department-cost", "coin", None, 60, _sees_cost_only),
    ),
    widgets=(
        Widget(
            "payroll-month",
            "payroll/widgets/month.html",
            widgets.payroll_month,
            permission=permissions.VIEW,
            order=10,
            width="col-12 col-lg-4",
        ),
        Widget(
            "payroll-my-payslip",
            "payroll/widgets/my_payslip.html",
            widgets.my_latest_payslip,
            order=6,
            width="col-12 col-lg-4",
        ),
        Widget(
            "payroll-department-cost",
            "payroll/widgets/department_cost.html",
            widgets.department_cost,
            permission=permissions.DEPARTMENT_COST,
            order=11,
            width="col-12 col-lg-4",
        ),
    ),
    job_kinds=(
        JobKind(
            "payroll.run_calculate",
            _("Payroll calculation"),
            run_calculate_job,
            permission=permissions.MANAGE,
            version=run_calculate_version,
        ),
        JobKind(
            "payroll.payslip_pdfs",
            _("Payslips of a run (PDF)"),
            payslips_render,
            permission=permissions.VIEW,
            version=payslips_version,
        ),
        JobKind(PART_KIND, _("Part of a run's payslips (PDF)"), payslips_part_render),
        JobKind(
            "payroll.register_export",
            _("Payroll register (PDF or XLSX)"),
            register_export,
            permission=permissions.VIEW,
            version=payslips_version,
        ),
    ),
    periodic_tasks={
        "payroll: recalculate this month's draft run": {
            "task": "payroll.nightly_task",
            "crontab": {"minute": "30", "hour": "1"},
        },
    },
    audit_kinds=PayrollAudit,
    grants={
        roles.FINANCE: (AllModels("payroll"), permissions.VIEW, permissions.MANAGE),
        roles.HR: (AllModels("payroll"), permissions.VIEW, permissions.MANAGE),
        roles.MANAGER: (permissions.DEPARTMENT_COST,),
    },
    seed_steps=((35, demo.seed_payroll),),
)
