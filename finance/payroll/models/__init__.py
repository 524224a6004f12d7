from finance.payroll.models.components import (
    ComponentAssignment,
    Method,
    OneOffEntry,
    PayComponent,
    PayProfile,
    PayrollSettings,
    Side,
)
from finance.payroll.models.rules import (
    ContributionRate,
    Fund,
    MinimumInsurableIncome,
    PayrollRule,
    RuleKind,
    Variant,
)
from finance.payroll.models.runs import (
    ComponentNames,
    LineKind,
    PayrollRun,
    Payslip,
    PayslipLine,
)

__all__ = [
    "ComponentAssignment",
    "ComponentNames",
    "ContributionRate",
    "Fund",
    "LineKind",
    "Method",
    "MinimumInsurableIncome",
    "OneOffEntry",
    "PayComponent",
    "PayProfile",
    "PayrollRule",
    "PayrollRun",
    "PayrollSettings",
    "Payslip",
    "PayslipLine",
    "RuleKind",
    "Side",
    "Variant",
]
