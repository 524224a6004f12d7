"""Compliance's permission names and the checks views ask of a user, spelled once."""

from __future__ import annotations

from backoffice.models import User

OFFICER = "compliance.change_finding"
SUBJECT_ACCESS = "compliance.export_personal_data"


def is_officer(user: User) -> bool:
    """The Compliance role: every finding, contract, policy, risk and legal matter."""
    return user.has_perm(OFFICER)


def may_export_personal_data(user: User) -> bool:
    return user.has_perm(SUBJECT_ACCESS)
