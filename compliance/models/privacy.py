"""Subject-access exports: one person's data from every department, downloadable once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backoffice.storage import private_storage
from hr.models import Employee


class SubjectAccessRequest(models.Model):
    employee = models.ForeignKey(
        Employee, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    job_uuid = models.UUIDField(null=True, blank=True)
    file = models.FileField(
        storage=private_storage, upload_to="compliance/subject-access/", blank=True
    )
    ready_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    sections = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("subject-access export")
        verbose_name_plural = _("subject-access exports")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.requested_at:%Y-%m-%d}"
