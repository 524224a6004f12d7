"""Every write of compliance."""

from compliance.services.checks import check_file, checks_run, finding_accept, finding_reopen
from compliance.services.contracts import (
    contract_document_add,
    contract_save,
    contract_validate,
    contracts_nightly,
)
from compliance.services.policies import (
    policies_for_new_hire,
    policies_remind,
    policy_acknowledge,
    policy_create,
    version_approve,
    version_publish,
    version_retire,
    version_save,
)
from compliance.services.privacy import (
    RETENTION_RULES,
    retention_apply,
    subject_access_build,
    subject_access_request,
    subject_access_take,
    subject_access_zip,
)
from compliance.services.risks import (
    legal_deadline_add,
    legal_deadlines_remind,
    legal_document_add,
    legal_matter_save,
    risk_save,
)

__all__ = [
    "RETENTION_RULES",
    "check_file",
    "checks_run",
    "contract_document_add",
    "contract_save",
    "contract_validate",
    "contracts_nightly",
    "finding_accept",
    "finding_reopen",
    "legal_deadline_add",
    "legal_deadlines_remind",
    "legal_document_add",
    "legal_matter_save",
    "policies_for_new_hire",
    "policies_remind",
    "policy_acknowledge",
    "policy_create",
    "retention_apply",
    "risk_save",
    "subject_access_build",
    "subject_access_request",
    "subject_access_take",
    "subject_access_zip",
    "version_approve",
    "version_publish",
    "version_retire",
    "version_save",
]
