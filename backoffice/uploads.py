"""The one way a file gets in: size checked, type decided by content (not by name or the browser's
claim), stored under a random name in private storage. Forms call ``validate_upload`` in their
``clean_<field>``; services call ``store_upload``.

A file that merely starts like its type is not enough: a PNG signature followed by HTML, or a
"PDF" that is a web page, would be stored and handed out again as what it claims to be. Images are
therefore decoded and stored re-encoded (pixels only: no metadata, comments, colour profiles or
trailing bytes survive), and PDFs must have a PDF's structure and no markup.
"""

from __future__ import annotations

import io
import struct
import uuid
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
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
BROKEN_IMAGE = _("This image cannot be read. Save it again as PNG or JPEG and upload it.")
IMAGE_TOO_LARGE = _(
    "The image is %(width)s × %(height)s pixels; the limit is %(limit)s million pixels."
)
BROKEN_PDF = _("This PDF is damaged or is not a real PDF. Save or print it again as PDF.")

#: Decoding costs about 4 bytes per pixel: this keeps one image under about 160 MB of memory.
MAX_IMAGE_PIXELS = 40_000_000
#: A PDF ends with ``startxref``, the offset and ``%%EOF``; a little trailing junk is tolerated.
PDF_TAIL_BYTES = 1024
#: Markup a browser would render; no genuine PDF carries it outside compressed streams.
PDF_FORBIDDEN = (b"<html", b"<script", b"<body", b"<iframe", b"<!doctype")
#: What Pillow raises on a damaged or hostile file, besides its decompression bomb error.
_IMAGE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    TypeError,
    struct.error,
    zlib.error,
)


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
    return _validated(upload, allowed=allowed, max_mb=max_mb)[0]


def _validated(
    upload: UploadedFile, *, allowed: tuple[FileType, ...], max_mb: int | None = None
) -> tuple[FileType, bytes | None]:
    """The file's type and, for an image, the re-encoded bytes to store instead of the upload."""
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
    if kind in IMAGES:
        return kind, _reencoded(upload, kind)
    if kind == PDF:
        _check_pdf(upload)
    return kind, None


def _reencoded(upload: UploadedFile, kind: FileType) -> bytes:
    """The image decoded and saved again in the same format, with nothing but its pixels.

    The orientation an EXIF tag asked for is applied first, since the tag itself is dropped.
    """
    from PIL import Image, ImageOps

    fmt = "PNG" if kind == PNG else "JPEG"
    upload.seek(0)
    try:
        with Image.open(upload, formats=[fmt]) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    IMAGE_TOO_LARGE,
                    code="image_too_large",
                    params={
                        "width": width,
                        "height": height,
                        "limit": MAX_IMAGE_PIXELS // 1_000_000,
                    },
                )
            image.verify()
        upload.seek(0)
        buffer = io.BytesIO()
        with Image.open(upload, formats=[fmt]) as image:
            image.load()
            ImageOps.exif_transpose(image, in_place=True)  # no copy: large scans stay affordable
            clean = image
            if fmt == "PNG":
                has_alpha = "A" in image.getbands() or "transparency" in image.info
                if has_alpha or image.mode not in ("1", "L", "RGB", "I;16"):
                    clean = image.convert("RGBA" if has_alpha else "RGB")
            elif image.mode not in ("L", "RGB"):
                clean = image.convert("RGB")
            clean.info = {}
            clean.save(buffer, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    except (*_IMAGE_ERRORS, Image.DecompressionBombError):
        raise ValidationError(BROKEN_IMAGE, code="broken_image") from None
    finally:
        upload.seek(0)
    return buffer.getvalue()


def _check_pdf(upload: UploadedFile) -> None:
    """A PDF's skeleton (header, cross-reference pointer, end marker) and no markup anywhere."""
    size = upload.size or 0
    upload.seek(max(0, size - PDF_TAIL_BYTES))
    tail = upload.read(PDF_TAIL_BYTES)
    upload.seek(0)
    found_markup = False
    carry = b""
    longest = max(len(marker) for marker in PDF_FORBIDDEN)
    for chunk in upload.chunks():
        window = (carry + chunk).lower()
        if any(marker in window for marker in PDF_FORBIDDEN):
            found_markup = True
            break
        carry = window[-longest:]
    upload.seek(0)
    if found_markup or b"%%EOF" not in tail or b"startxref" not in tail:
        raise ValidationError(BROKEN_PDF, code="broken_pdf")


def store_upload(upload: UploadedFile, *, folder: str, allowed: tuple[FileType, ...]) -> str:
    """Validate again (services never trust a form) and save; returns the storage name.

    Images are stored as re-encoded, never as the bytes that arrived.
    """
    kind, image = _validated(upload, allowed=allowed)
    name = f"{folder.strip('/')}/{uuid.uuid4().hex}.{kind.extension}"
    return private_storage().save(name, upload if image is None else ContentFile(image))
