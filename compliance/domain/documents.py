"""The name a kept document is handed out under: the uploader's own file name, made safe.

Files are stored under random names; the name the person chose is kept beside them and given
back on download. It is reduced to its last path part, loses quotes, control characters (CR,
LF and the like) and surrounding blanks and dots, keeps every letter (Cyrillic included), and
ends in the extension of what the content really is (a PDF uploaded as ``notes.txt`` comes back
as ``notes.txt.pdf``).
"""

from __future__ import annotations

import unicodedata

MAX_LENGTH = 200
FALLBACK = "document"
SAME_EXTENSIONS = {"jpg": {"jpg", "jpeg"}}
REMOVED = {'"', "'", "`"}


def document_name(name: str | None, *, extension: str = "") -> str:
    """A safe download name from the uploader's ``name``; ``extension`` is the stored file's."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for ch in base:
        kind = unicodedata.category(ch)[0]
        if ch in REMOVED or kind == "C":
            continue
        kept.append(" " if kind == "Z" else ch)
    base = " ".join("".join(kept).split()).strip(" .")
    extension = extension.lower().lstrip(".")
    stem, dot, current = base.rpartition(".")
    if not dot:
        stem, current = base, ""
    if extension and current.lower() not in SAME_EXTENSIONS.get(extension, {extension}):
        stem, current = base, extension
    suffix = f".{current}" if current else ""
    stem = stem[: MAX_LENGTH - len(suffix)].rstrip(" .")
    return (stem or FALLBACK) + suffix
