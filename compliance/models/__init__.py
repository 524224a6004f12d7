from compliance.models.checks import CheckRun, Finding, Severity
from compliance.models.contracts import (
    Contract,
    ContractDocument,
    ContractReminder,
    ContractRenewal,
)
from compliance.models.policies import Acknowledgement, Policy, PolicyVersion
from compliance.models.privacy import SubjectAccessRequest
from compliance.models.risks import LegalDeadline, LegalDocument, LegalMatter, Risk

__all__ = [
    "Acknowledgement",
    "CheckRun",
    "Contract",
    "ContractDocument",
    "ContractReminder",
    "ContractRenewal",
    "Finding",
    "LegalDeadline",
    "LegalDocument",
    "LegalMatter",
    "Policy",
    "PolicyVersion",
    "Risk",
    "Severity",
    "SubjectAccessRequest",
]
