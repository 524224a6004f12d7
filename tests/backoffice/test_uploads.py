"""Uploads: type by content, size limit, private storage under a random name."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from backoffice.uploads import (
    CSV,
    DOCUMENTS,
    IMAGES,
    JPEG,
    PDF,
    PNG,
    XLSX,
    store_upload,
    validate_upload,
)
from tests import samples


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "allowed", "expected"),
    [
        (samples.pdf(), DOCUMENTS, PDF),
        (samples.png(), IMAGES, PNG),
        (samples.jpeg(), DOCUMENTS, JPEG),
        (_zip(["xl/workbook.xml"]), (XLSX,), XLSX),
        ("name,Иван\n".encode(), (CSV,), CSV),
    ],
)
def test_types_are_recognised_by_content(content, allowed, expected):
    assert validate_upload(SimpleUploadedFile("whatever.bin", content), allowed=allowed) == expected


@pytest.mark.parametrize(
    ("name", "content", "allowed"),
    [
        ("cv.pdf", b"MZ\x90\x00binary", DOCUMENTS),
        ("photo.png", b"%PDF-1.4 not an image", IMAGES),
        ("data.xlsx", _zip(["evil.sh"]), (XLSX,)),
        ("data.csv", b"\x00\x01\x02binary", (CSV,)),
    ],
)
def test_disguised_files_are_refused(name, content, allowed):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content), allowed=allowed)
    assert error.value.code == "wrong_type"


def test_size_limit_and_empty_files(settings):
    settings.UPLOAD_MAX_MB = 1
    with pytest.raises(ValidationError) as error:
        validate_upload(
            SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 1024 * 1024), allowed=DOCUMENTS
        )
    assert error.value.code == "too_large"
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("a.pdf", b""), allowed=DOCUMENTS)
    assert error.value.code == "empty"


def test_stored_under_a_random_name_in_private_storage(settings):
    name = store_upload(
        SimpleUploadedFile("../../etc/passwd.pdf", samples.pdf("passwd")),
        folder="documents",
        allowed=DOCUMENTS,
    )
    assert name.startswith("documents/") and name.endswith(".pdf") and "passwd/" not in name
    assert (settings.MEDIA_ROOT / name).read_bytes() == samples.pdf("passwd")


HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def _png_with_extras() -> bytes:
    """A genuine PNG that also carries HTML in a text chunk, a colour profile and after its end."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", HTML.decode())
    buffer = io.BytesIO()
    Image.new("RGB", (5, 4), "teal").save(buffer, "PNG", pnginfo=info, icc_profile=b"ICC" + HTML)
    return buffer.getvalue() + HTML


def test_a_png_header_followed_by_html_is_refused():
    polyglot = b"\x89PNG\r\n\x1a\n" + HTML
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("me.png", polyglot), allowed=IMAGES)
    assert error.value.code == "broken_image"


def test_an_image_is_stored_as_its_pixels_only(settings):
    from PIL import Image

    name = store_upload(
        SimpleUploadedFile("me.png", _png_with_extras()), folder="photos", allowed=IMAGES
    )

    stored = (settings.MEDIA_ROOT / name).read_bytes()
    assert b"<html" not in stored.lower() and b"<script" not in stored.lower()
    assert stored.startswith(b"\x89PNG\r\n\x1a\n") and stored.endswith(b"IEND\xaeB`\x82")
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size, image.getpixel((0, 0))) == ("PNG", (5, 4), (0, 128, 128))
        assert "icc_profile" not in image.info and "Comment" not in image.info


def test_a_jpeg_loses_its_comment_and_metadata_but_keeps_its_orientation(settings):
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to display
    original = samples.jpeg((8, 2), comment=HTML, exif=exif.tobytes())

    name = store_upload(SimpleUploadedFile("me.jpg", original), folder="photos", allowed=IMAGES)

    stored = (settings.MEDIA_ROOT / name).read_bytes()
    assert b"<script" in original and b"Exif" in original
    assert b"<script" not in stored.lower() and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("JPEG", (2, 8))


def test_a_real_png_is_accepted_and_stored_as_it_was(settings):
    original = samples.png((16, 9))

    name = store_upload(SimpleUploadedFile("me.png", original), folder="photos", allowed=IMAGES)

    assert name.endswith(".png")
    assert (settings.MEDIA_ROOT / name).read_bytes() == original


@pytest.mark.parametrize(
    "content",
    [
        samples.png()[:40],  # cut short
        b"\xff\xd8\xff\xe0" + HTML,
    ],
)
def test_a_damaged_image_is_refused(content):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("me.img", content), allowed=IMAGES)
    assert error.value.code == "broken_image"


def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded(monkeypatch):
    from backoffice import uploads

    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 1_000_000)
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("me.png", samples.png((1001, 1000))), allowed=IMAGES)
    assert error.value.code == "image_too_large"
    assert error.value.messages == [
        "The image is 1001 × 1000 pixels; the limit is 1 million pixels."
    ]


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n" + HTML,  # a web page with a PDF header
        samples.pdf()[:-60],  # cut before its end
        samples.pdf().replace(b"%PDF-1.4\n", b"%PDF-1.4\n" + HTML, 1),  # markup inside
        samples.pdf() + b"<HTML><SCRIPT>x</SCRIPT>",  # markup after the end
    ],
)
def test_a_fake_or_damaged_pdf_is_refused(content):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("cv.pdf", content), allowed=DOCUMENTS)
    assert error.value.code == "broken_pdf"


def test_markup_split_across_read_chunks_is_found():
    content = samples.pdf()
    padding = b"%" + b"x" * (64 * 1024 - len(b"%PDF-1.4\n") - 4) + b"\n"
    upload = SimpleUploadedFile(
        "cv.pdf", content.replace(b"%PDF-1.4\n", b"%PDF-1.4\n" + padding + b"<scr" + b"ipt>", 1)
    )
    with pytest.raises(ValidationError) as error:
        validate_upload(upload, allowed=DOCUMENTS)
    assert error.value.code == "broken_pdf"


@pytest.mark.parametrize(
    ("mode", "fmt", "stored_mode"),
    [
        ("1", "PNG", "1"),
        ("LA", "PNG", "RGBA"),
        ("P", "PNG", "RGBA"),  # a palette with a transparent colour keeps its transparency
        ("I;16", "PNG", "I;16"),
        ("L", "JPEG", "L"),
        ("CMYK", "JPEG", "RGB"),
    ],
)
def test_every_common_image_mode_is_re_encoded(mode, fmt, stored_mode, settings):
    from PIL import Image

    image = Image.new("RGB" if mode == "P" else mode, (6, 5))
    if mode == "P":
        image = image.convert("P")
        image.info["transparency"] = 0
    buffer = io.BytesIO()
    image.save(buffer, fmt)

    name = store_upload(SimpleUploadedFile("x", buffer.getvalue()), folder="x", allowed=IMAGES)

    with Image.open(settings.MEDIA_ROOT / name) as stored:
        assert (stored.format, stored.mode, stored.size) == (fmt, stored_mode, (6, 5))
