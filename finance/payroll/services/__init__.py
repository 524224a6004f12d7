"""Payroll's writes. Every refusal is a ``ValidationError`` raised before anything is written."""

from finance.payroll.services.components import (
    IMPORT_COLUMNS,
    OneOffImportError,
    assignment_save,
    component_save,
    one_off_delete,
    one_off_save,
    one_offs_import,
)
from finance.payroll.services.rules import (
    contribution_rate_save,
    minimum_income_save,
    payroll_rule_save,
    payroll_rules_load_preset,
)
from finance.payroll.services.runs import (
    JOB_KIND,
    journal_lines,
    payroll_nightly,
    payroll_settings_save,
    payslips_notify,
    run_approve,
    run_calculate,
    run_calculate_start,
    run_create,
    run_delete,
    run_post,
    run_reopen,
    run_review,
)

__all__ = [
    "IMPORT_COLUMNS",
    "JOB_KIND",
    "OneOffImportError",
    "assignment_save",
    "component_save",
    "contribution_rate_save",
    "journal_lines",
    "minimum_income_save",
    "one_off_delete",
    "one_off_save",
    "one_offs_import",
    "payroll_nightly",
    "payroll_rule_save",
    "payroll_rules_load_preset",
    "payroll_settings_save",
    "payslips_notify",
    "run_approve",
    "run_calculate",
    "run_calculate_start",
    "run_create",
    "run_delete",
    "run_post",
    "run_reopen",
    "run_review",
]
