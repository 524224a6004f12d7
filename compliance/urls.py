from django.urls import path

from compliance.views import contracts, findings, policies, privacy, risks

app_name = "compliance"

urlpatterns = [
    path("", findings.dashboard, name="dashboard"),
    path("report/", findings.report_start, name="report-start"),
    path("findings/", findings.finding_index, name="finding-list"),
    path("findings/<int:pk>/", findings.finding_detail, name="finding-detail"),
    path("findings/<int:pk>/accept/", findings.finding_accept, name="finding-accept"),
    path("findings/<int:pk>/reopen/", findings.finding_reopen, name="finding-reopen"),
    path("checks/run/", findings.checks_run, name="checks-run"),
    path("contracts/", contracts.contract_index, name="contract-list"),
    path("contracts/new/", contracts.contract_form, name="contract-create"),
    path("contracts/<int:pk>/", contracts.contract_detail, name="contract-detail"),
    path("contracts/<int:pk>/edit/", contracts.contract_form, name="contract-edit"),
    path(
        "contracts/<int:pk>/documents/",
        contracts.contract_document_add,
        name="contract-document-add",
    ),
    path(
        "contract-documents/<int:pk>/",
        contracts.contract_document_download,
        name="contract-document-download",
    ),
    path("policies/", policies.policy_index, name="policy-list"),
    path("policies/new/", policies.policy_create, name="policy-create"),
    path("policies/<int:pk>/", policies.policy_detail, name="policy-detail"),
    path("policies/<int:policy>/versions/new/", policies.version_form, name="version-create"),
    path("versions/<int:pk>/", policies.version_detail, name="policy-version"),
    path("versions/<int:pk>/edit/", policies.version_form, name="version-edit"),
    path("versions/<int:pk>/approve/", policies.version_approve, name="version-approve"),
    path("versions/<int:pk>/publish/", policies.version_publish, name="version-publish"),
    path("versions/<int:pk>/retire/", policies.version_retire, name="version-retire"),
    path("my/policies/", policies.policy_mine, name="policy-mine"),
    path("my/policies/<int:pk>/", policies.policy_read, name="policy-read"),
    path("risks/", risks.risk_index, name="risk-list"),
    path("risks/new/", risks.risk_form, name="risk-create"),
    path("risks/<int:pk>/", risks.risk_detail, name="risk-detail"),
    path("risks/<int:pk>/edit/", risks.risk_form, name="risk-edit"),
    path("legal/", risks.legal_index, name="legal-list"),
    path("legal/new/", risks.legal_form, name="legal-create"),
    path("legal/<int:pk>/", risks.legal_detail, name="legal-detail"),
    path("legal/<int:pk>/edit/", risks.legal_form, name="legal-edit"),
    path("legal/<int:pk>/deadlines/", risks.legal_deadline_add, name="legal-deadline-add"),
    path("legal/<int:pk>/documents/", risks.legal_document_add, name="legal-document-add"),
    path(
        "legal-documents/<int:pk>/",
        risks.legal_document_download,
        name="legal-document-download",
    ),
    path("privacy/", privacy.privacy, name="privacy"),
    path("privacy/export/", privacy.subject_access_start, name="subject-access-start"),
    path(
        "privacy/<int:pk>/download/",
        privacy.subject_access_download,
        name="subject-access-download",
    ),
]
