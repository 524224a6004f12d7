"""Documents kept with contracts and legal matters, as each viewer may see them: a document is
visible exactly when its record is (a contract by the viewer's departments, a legal matter to
compliance officers only)."""

from __future__ import annotations

from backoffice.models import User
from compliance.models import ContractDocument, LegalDocument
from compliance.permissions import is_officer
from compliance.selectors.findings import contract_list


def contract_document_get(*, viewer: User, pk: int) -> ContractDocument | None:
    """The document if the viewer may see its contract, else None."""
    return ContractDocument.objects.filter(
        pk=pk, contract__in=contract_list(viewer=viewer).values("pk")
    ).first()


def legal_document_get(*, viewer: User, pk: int) -> LegalDocument | None:
    """The document if the viewer may see legal matters, else None."""
    if not is_officer(viewer):
        return None
    return LegalDocument.objects.filter(pk=pk).first()
