"""The one way a file gets in: size checked, type decided by content (not by name or the browser's
claim), stored under a random name in private storage. Forms call ``validate_upload`` in their
``clean_<field>``; services call ``store_upload``."""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from backoffice.storage import private_storage


@dataclass(frozen=True)
class FileType:
    key: str
    extension: str
    content_type: str
    label: str


PDF = FileType("pdf", "pdf", "application/pdf", "PDF")
PNG = FileType("png", "png", "image/png", "PNG")
JPEG = FileType("jpeg", "jpg", "image/jpeg", "JPEG")
DOCX = FileType(
    "docx",
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "DOCX",
)
XLSX = FileType(
    "xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"
)
CSV = FileType("csv", "csv", "text/csv", "CSV")
IMAGES = (PNG, JPEG)
DOCUMENTS = (PDF, PNG, JPEG, DOCX)

TOO_LARGE = _("The file is %(size)s MB; the limit is %(limit)s MB.")
EMPTY = _("The file is empty.")
WRONG_TYPE = _("This file's content is not one of: %(allowed)s.")


def _sniff(head: bytes, upload: UploadedFile) -> FileType | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
        return None
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is still text.
            if exc.start < len(head) - 4:
                return None
        return CSV
    return None


def validate_upload(
    upload: UploadedFile, *, allowed: tuple[FileType, ...], max_mb: int | None = None
) -> FileType:
    """Check size and content; raise a ``ValidationError`` a form shows next to the field."""
    limit = max_mb or settings.UPLOAD_MAX_MB
    if upload.size is not None and upload.size > limit * 1024 * 1024:
        raise ValidationError(
            TOO_LARGE,
            code="too_large",
            params={"size": round(upload.size / 1048576, 1), "limit": limit},
        )
    if not upload.size:
        raise ValidationError(EMPTY, code="empty")
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    kind = _sniff(head, upload)
    if kind is None or kind not in allowed:
        raise ValidationError(
            WRONG_TYPE, code="wrong_type", params={"allowed": ", ".join(t.label for t in allowed)}
        )
    return kind


def store_upload(upload: UploadedFile, *, folder: str, allowed: tuple[FileType, ...]) -> str:
    """Validate again (services never trust a form) and save; returns the storage name."""
    kind = validate_upload(upload, allowed=allowed)
    name = f"{folder.strip('/')}/{uuid.uuid4().hex}.{kind.extension}"
    return private_storage().save(name, upload)
