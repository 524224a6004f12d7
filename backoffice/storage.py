"""Storage for private files: uploads and job results live under MEDIA_ROOT, never under static,
and have no public URL; they are served only by views that check permission."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    """A callable, so migrations keep a reference instead of a path baked in at that moment."""
    return FileSystemStorage(location=settings.MEDIA_ROOT, base_url=None)
