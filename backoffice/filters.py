"""Filter forms for the platform's lists (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.models import AuditEvent, Job
from backoffice.registry import registry

DATE_ORDER = _("The end date is before the start date.")
SEARCH_MAX_LENGTH = 100


def search_query(request, name: str = "q", *, max_length: int = SEARCH_MAX_LENGTH) -> str:
    """A search box's text as the database may receive it: PostgreSQL text refuses the NUL
    character (TRAPS.md), which no one types, so it is dropped rather than answered with an error."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:max_length]


def query_int(raw: str | None) -> int | None:
    """A number from request input (an id, a year), or None when it is not plain ASCII digits that
    fit a database integer: ``"²".isdigit()`` holds but ``int("²")`` fails."""
    if raw and len(raw) <= 18 and raw.isascii() and raw.isdigit():
        return int(raw)
    return None


class DateInput(forms.DateInput):
    input_type = "date"


def _audit_kinds():
    return sorted(
        ((code, str(label)) for code, label in registry.audit_kinds.items()), key=lambda c: c[1]
    )


class AuditFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", DATE_ORDER)
        return data


class AuditEventFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="created_at", lookup_expr="date__gte", widget=DateInput
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="created_at", lookup_expr="date__lte", widget=DateInput
    )
    actor = django_filters.CharFilter(
        label=_("Actor"), field_name="actor_name", lookup_expr="iexact", help_text=_("Username")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=_audit_kinds, empty_label=_("Any kind")
    )
    record_type = django_filters.CharFilter(
        label=_("Record type"),
        field_name="object_type",
        lookup_expr="iexact",
        help_text=_("For example hr.employee"),
    )
    record_id = django_filters.CharFilter(label=_("Record id"), field_name="object_id")

    class Meta:
        model = AuditEvent
        fields = ["date_from", "date_to", "actor", "kind", "record_type", "record_id"]
        form = AuditFilterForm


class JobFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Job.Status.choices, empty_label=_("Any status")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=lambda: sorted(
            ((k.kind, str(k.label)) for k in registry.job_kinds.values()), key=lambda c: c[1]
        ),
        empty_label=_("Any kind"),
    )

    class Meta:
        model = Job
        fields = ["status", "kind"]
