from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_noop

from backoffice.audit import PlatformAudit
from backoffice.models import Organisation, User
from backoffice.selectors import organisation_get
from backoffice.services.actions import action_record
from backoffice.uploads import IMAGES, store_upload

ORGANISATION_FIELDS = (
    "legal_name",
    "address",
    "registration_number",
    "vat_number",
    "currency",
    "country",
    "time_zone",
    "working_week",
    "full_time_weekly_hours",
    "leave_year_start_month",
)


@transaction.atomic
def organisation_update(
    *,
    actor: User,
    data: dict[str, Any],
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
) -> Organisation:
    organisation = organisation_get(for_update=True)
    changed = [f for f in ORGANISATION_FIELDS if f in data and getattr(organisation, f) != data[f]]
    for field in changed:
        setattr(organisation, field, data[field])
    if logo is not None:
        organisation.logo.name = store_upload(logo, folder="organisation", allowed=IMAGES)
        changed.append("logo")
    elif remove_logo and organisation.logo:
        organisation.logo = ""
        changed.append("logo")
    if changed:
        organisation._change_reason = "organisation settings"
        organisation.save(update_fields=[*changed, "updated_at"])
        action_record(
            kind=PlatformAudit.ORGANISATION_UPDATED,
            summary=gettext_noop("Organisation settings changed: %(fields)s"),
            params={"fields": ", ".join(changed)},
            actor=actor,
            target=organisation,
            data={"fields": changed},
        )
    return organisation
