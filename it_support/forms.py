"""IT support's input shapes."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backoffice.uploads import validate_upload
from hr.selectors import employee_choices
from it_support.models import (
    Article,
    Asset,
    Category,
    Level,
    Licence,
    Priority,
    Queue,
    Status,
    Ticket,
)
from it_support.services.tickets import ATTACHMENT_TYPES

MAX_FILES = 5
TOO_MANY_FILES = _("Attach at most %(n)s files.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to ``MAX_FILES`` files, each checked by content."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise ValidationError(TOO_MANY_FILES, params={"n": MAX_FILES})
        errors = []
        for upload in files:
            try:
                validate_upload(upload, allowed=ATTACHMENT_TYPES)
            except ValidationError as exc:
                errors.extend(f"{upload.name}: {m}" for m in exc.messages)
        if errors:
            raise ValidationError(errors)
        return list(files)


class TicketCreateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("What happened?"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    urgency = forms.TypedChoiceField(
        label=_("How urgent is it?"), choices=Level.choices, coerce=int, initial=Level.MEDIUM
    )
    attachments = AttachmentsField(label=_("Attachments"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(active=True).order_by("name")

    def clean_subject(self):
        subject = self.cleaned_data["subject"].replace("\x00", "").strip()
        if not subject:
            raise ValidationError(_("Say in a few words what the ticket is about."))
        return subject


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    internal = forms.BooleanField(label=_("Internal note (IT only)"), required=False)
    status = forms.ChoiceField(
        label=_("Then set the status to"),
        choices=[("", _("(unchanged)")), *Status.choices],
        required=False,
    )
    attachments = AttachmentsField(label=_("Attachments"))

    def clean(self):
        data = super().clean()
        if not (data.get("body") or "").strip() and not data.get("attachments"):
            self.add_error("body", _("Write a message."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)


class AssignForm(forms.Form):
    assignee = forms.IntegerField(required=False)


class TicketUpdateForm(forms.Form):
    queue = forms.ModelChoiceField(label=_("Queue"), queryset=Queue.objects.filter(active=True))
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(active=True), required=False
    )
    impact = forms.TypedChoiceField(label=_("Impact"), choices=Level.choices, coerce=int)
    urgency = forms.TypedChoiceField(label=_("Urgency"), choices=Level.choices, coerce=int)


class MergeForm(forms.Form):
    target = forms.IntegerField(label=_("Merge into ticket number"), min_value=1)


class IncidentForm(forms.Form):
    severity = forms.TypedChoiceField(
        label=_("Severity"), choices=Ticket.Severity.choices, coerce=int
    )
    personal_data_breach = forms.BooleanField(label=_("Personal data breach"), required=False)
    breach_aware_at = forms.DateTimeField(
        label=_("Known since"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    authority_notified_at = forms.DateTimeField(
        label=_("Authority notified"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    review = forms.CharField(
        label=_("Post-incident review"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), choices=[(n, str(n)) for n in range(1, 6)], coerce=int
    )
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "category", "public", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}


class AssetForm(forms.ModelForm):
    class Meta:
        model = Asset
        fields = [
            "tag",
            "serial",
            "model",
            "category",
            "supplier",
            "purchase_date",
            "cost",
            "warranty_end",
            "location",
            "next_audit",
            "notes",
        ]
        widgets = {
            "purchase_date": forms.DateInput(attrs={"type": "date"}),
            "warranty_end": forms.DateInput(attrs={"type": "date"}),
            "next_audit": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_cost(self):
        cost = self.cleaned_data.get("cost")
        if cost is not None and cost < 0:
            raise ValidationError(_("A cost cannot be negative."))
        return cost


class CheckOutForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("Employee"), queryset=None)
    expected_return = forms.DateField(
        label=_("Expected return"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employee_choices(current=True)


class LicenceForm(forms.ModelForm):
    class Meta:
        model = Licence
        fields = ["name", "vendor", "seats_total", "expires_on", "renewal_cost", "alert_free_below"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"})}

    def clean_seats_total(self):
        total = self.cleaned_data["seats_total"]
        if total < 1 or total > 10000:
            raise ValidationError(_("A licence has from 1 to 10,000 seats."))
        return total


class SeatAssignForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("Person"), queryset=None, required=False)
    asset = forms.ModelChoiceField(
        label=_("or an asset"), queryset=Asset.objects.exclude(status="retired"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employee_choices(current=True)

    def clean(self):
        data = super().clean()
        if bool(data.get("employee")) == bool(data.get("asset")):
            raise ValidationError(_("Choose a person or an asset, not both."))
        return data


def _no_form_tag() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class SlaPolicyForm(forms.Form):
    queue = forms.ModelChoiceField(label=_("Queue"), queryset=Queue.objects.all())
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int)
    first_response_minutes = forms.IntegerField(
        label=_("First response (business minutes)"), min_value=1, max_value=1_000_000
    )
    resolution_minutes = forms.IntegerField(
        label=_("Resolution (business minutes)"), min_value=1, max_value=1_000_000
    )
    pause_on_third_party = forms.BooleanField(
        label=_("Pause while waiting on a third party"),
        required=False,
        help_text=_("Waiting on the requester always pauses the clock."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _no_form_tag()
        if editing:
            self.fields["queue"].disabled = True
            self.fields["priority"].disabled = True


def _split_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class AccessProfileForm(forms.Form):
    position = forms.TypedChoiceField(label=_("Position"), coerce=int)
    systems = forms.CharField(
        label=_("Systems"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line; each opens an access ticket for a new hire."),
    )
    equipment = forms.CharField(
        label=_("Equipment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line; each opens an equipment ticket for a new hire."),
    )

    def __init__(self, *args, positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _no_form_tag()
        self.fields["position"].choices = [("", "---------"), *positions]

    def clean_systems(self):
        return _split_lines(self.cleaned_data.get("systems", ""))

    def clean_equipment(self):
        return _split_lines(self.cleaned_data.get("equipment", ""))


class AssetAuditForm(forms.Form):
    next_audit = forms.DateField(
        label=_("Next audit"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    location = forms.CharField(label=_("Location"), max_length=150, required=False)


class AffectedForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("Affected people"), queryset=None, required=False
    )
    assets = forms.ModelMultipleChoiceField(
        label=_("Affected assets"), queryset=None, required=False
    )

    def __init__(self, *args, people=None, assets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people
        self.fields["assets"].queryset = assets
