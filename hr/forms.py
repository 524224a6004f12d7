"""Input shapes of HR's pages. Field checks only; services apply the rules and write."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.filters import DateInput
from backoffice.forms import PastDateField, SaneDateField, SaneDateTimeField
from backoffice.uploads import DOCUMENTS, validate_upload
from hr.models import (
    CalendarDay,
    Department,
    Employee,
    EmployeeDocument,
    EmploymentContract,
    LeaveRequest,
    LeaveType,
)

END_BEFORE_START = _("The end is before the start.")


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    if layout:
        helper.layout = Layout(*layout)
    return helper


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "code", "cost_centre", "parent", "manager"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = Employee.objects.current().only("first_name", "last_name")
        if self.instance.pk:
            self.fields["parent"].queryset = Department.objects.exclude(pk=self.instance.pk)
        self.helper = _helper(
            Row(Column("name"), Column("code")),
            Row(Column("cost_centre"), Column("parent")),
            "manager",
        )


class EmployeeForm(forms.ModelForm):
    create_login = forms.BooleanField(
        label=_("Create a login account and e-mail an invitation"),
        required=False,
        help_text=_(
            "The invitation goes to the work e-mail; the person chooses their own password."
        ),
    )

    class Meta:
        model = Employee
        fields = [
            "employee_number",
            "first_name",
            "last_name",
            "date_of_birth",
            "national_id",
            "iban",
            "personal_email",
            "personal_phone",
            "address",
            "emergency_contact_name",
            "emergency_contact_phone",
            "work_email",
            "work_phone",
            "hire_date",
            "end_date",
            "employment_type",
            "department",
            "position",
            "manager",
            "first_job",
            "reduced_capacity_percent",
            "reduced_capacity_from",
            "reduced_capacity_until",
        ]
        widgets = {
            "date_of_birth": DateInput,
            "hire_date": DateInput,
            "end_date": DateInput,
            "reduced_capacity_from": DateInput,
            "reduced_capacity_until": DateInput,
            "address": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {
            "date_of_birth": PastDateField,
            "hire_date": SaneDateField,
            "end_date": SaneDateField,
            "reduced_capacity_from": SaneDateField,
            "reduced_capacity_until": SaneDateField,
        }
        help_texts = {
            "date_of_birth": _("Filled from the EGN when left empty."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = Employee.objects.current().only("first_name", "last_name")
        self.fields["manager"].empty_label = _("No manager")
        self.fields["position"].empty_label = _("No position")
        self.fields["department"].empty_label = _("Choose a department")
        if self.instance.pk:
            del self.fields["create_login"]
            self.fields["manager"].queryset = self.fields["manager"].queryset.exclude(
                pk=self.instance.pk
            )
        self.helper = _helper(
            Fieldset(
                _("Person"),
                Row(Column("employee_number"), Column("first_name"), Column("last_name")),
                Row(Column("date_of_birth"), Column("national_id"), Column("iban")),
            ),
            Fieldset(
                _("Contact"),
                Row(Column("personal_email"), Column("personal_phone")),
                "address",
                Row(Column("emergency_contact_name"), Column("emergency_contact_phone")),
            ),
            Fieldset(
                _("Work"),
                Row(Column("work_email"), Column("work_phone")),
                Row(Column("hire_date"), Column("end_date"), Column("employment_type")),
                Row(Column("department"), Column("position"), Column("manager")),
                *(["create_login"] if "create_login" in self.fields else []),
            ),
            Fieldset(
                _("Leave"),
                "first_job",
                Row(
                    Column("reduced_capacity_percent"),
                    Column("reduced_capacity_from"),
                    Column("reduced_capacity_until"),
                ),
            ),
        )

    def clean_national_id(self):
        return self.cleaned_data["national_id"].strip()

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("reduced_capacity_from")
        end = cleaned.get("reduced_capacity_until")
        if start and end and end < start:
            self.add_error("reduced_capacity_until", END_BEFORE_START)
        return cleaned

    def clean_iban(self):
        return self.cleaned_data["iban"].replace(" ", "").upper()


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Employee
        fields = [
            "personal_email",
            "personal_phone",
            "address",
            "emergency_contact_name",
            "emergency_contact_phone",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("personal_email"), Column("personal_phone")),
            "address",
            Row(Column("emergency_contact_name"), Column("emergency_contact_phone")),
        )


class ContractForm(forms.ModelForm):
    class Meta:
        model = EmploymentContract
        fields = [
            "start",
            "end",
            "salary_basis",
            "amount",
            "hourly_rate",
            "weekly_hours",
            "probation_end",
            "notice_period_days",
        ]
        widgets = {"start": DateInput, "end": DateInput, "probation_end": DateInput}
        field_classes = {
            "start": SaneDateField,
            "end": SaneDateField,
            "probation_end": SaneDateField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("start"), Column("end")),
            Row(Column("salary_basis"), Column("amount"), Column("hourly_rate")),
            Row(Column("weekly_hours"), Column("probation_end"), Column("notice_period_days")),
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end is before the start."))
        return data

    def _post_clean(self):  # the service validates the whole contract against the others
        pass


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=EmployeeDocument.Kind.choices,
        help_text=_(
            "Certificates are also shown to the person's managers; "
            "every other kind only to HR and the person."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    upload = forms.FileField(label=_("File"), help_text=_("PDF, PNG, JPEG or DOCX."))
    expires_on = SaneDateField(label=_("Expires on"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("kind"), Column("title")), "upload", "expires_on")

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        validate_upload(upload, allowed=DOCUMENTS)
        return upload


class ImportForm(forms.Form):
    upload = forms.FileField(label=_("CSV or XLSX file"))


class LeaveRequestForm(forms.Form):
    leave_type = forms.ModelChoiceField(
        label=_("Type"),
        queryset=LeaveType.objects.filter(active=True).order_by(
            "-counts_against_allowance", "name"
        ),
        empty_label=None,
    )
    start_date = SaneDateField(label=_("First day"), widget=DateInput)
    end_date = SaneDateField(label=_("Last day"), widget=DateInput)
    half_day = forms.ChoiceField(
        label=_("Half day"), choices=LeaveRequest.HalfDay.choices, required=False
    )
    reason = forms.CharField(
        label=_("Note for your manager"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "leave_type", Row(Column("start_date"), Column("end_date")), "half_day", "reason"
        )


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CalendarDayForm(forms.Form):
    day = SaneDateField(label=_("Date"), widget=DateInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarDay.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("day", "kind", "name")


class SupportingDocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        initial=_("Medical note"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    upload = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        validate_upload(upload, allowed=DOCUMENTS)
        return upload


class OpeningForm(forms.ModelForm):
    class Meta:
        from hr.models import JobOpening

        model = JobOpening
        fields = ["title", "department", "position", "headcount", "status", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("title"), Column("department")),
            Row(Column("position"), Column("headcount"), Column("status")),
            "description",
        )


class CandidateForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    cv = forms.FileField(label=_("CV"), required=False, help_text=_("PDF, DOCX, PNG or JPEG."))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("first_name"), Column("last_name")),
            Row(Column("email"), Column("phone")),
            "cv",
            "notes",
        )

    def clean_cv(self):
        upload = self.cleaned_data.get("cv")
        if upload:
            validate_upload(upload, allowed=DOCUMENTS)
        return upload


class InterviewForm(forms.Form):
    scheduled_at = SaneDateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Where"), max_length=200, required=False)
    interviewers = forms.ModelMultipleChoiceField(
        label=_("Interviewers"),
        queryset=Employee.objects.current().order_by("last_name"),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("scheduled_at"), Column("place")), "interviewers")


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=[(i, str(i)) for i in range(1, 6)]
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("rating"), Column("comment", css_class="col-md-9")))


class OfferForm(forms.Form):
    salary = forms.DecimalField(
        label=_("Monthly salary"), max_digits=14, decimal_places=2, min_value=0
    )
    weekly_hours = forms.DecimalField(
        label=_("Weekly hours"),
        max_digits=5,
        decimal_places=2,
        initial=40,
        min_value=1,
        max_value=80,
    )
    start_date = SaneDateField(label=_("Start date"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("salary"), Column("weekly_hours"), Column("start_date")))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class EndEmploymentForm(forms.Form):
    from hr.models import EndReason

    last_day = SaneDateField(label=_("Last working day"), widget=DateInput)
    reason = forms.ChoiceField(label=_("Reason"), choices=EndReason.choices)
    notice_given_on = SaneDateField(label=_("Notice given on"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("last_day"), Column("reason"), Column("notice_given_on")))


class CourseForm(forms.ModelForm):
    class Meta:
        from hr.models import Course

        model = Course
        fields = [
            "title",
            "provider",
            "duration_hours",
            "validity_months",
            "mandatory_for",
            "active",
        ]
        widgets = {"mandatory_for": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("title"), Column("provider")),
            Row(Column("duration_hours"), Column("validity_months")),
            "mandatory_for",
            "active",
        )


class AssignForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("Person"), queryset=Employee.objects.none())
    due_date = SaneDateField(label=_("Due"), widget=DateInput)


class CompleteTrainingForm(forms.Form):
    completed_on = SaneDateField(label=_("Completed on"), widget=DateInput)
    certificate = forms.FileField(label=_("Certificate"), required=False)
    expires_on = SaneDateField(
        label=_("Certificate expires"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty to count from the course's validity."),
    )

    def clean_certificate(self):
        upload = self.cleaned_data.get("certificate")
        if upload:
            validate_upload(upload, allowed=DOCUMENTS)
        return upload


class ReviewCycleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    period_start = SaneDateField(label=_("Period from"), widget=DateInput)
    period_end = SaneDateField(label=_("Period to"), widget=DateInput)
    self_deadline = SaneDateField(label=_("Self assessments due"), widget=DateInput)
    manager_deadline = SaneDateField(label=_("Manager assessments due"), widget=DateInput)
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "name",
            Row(Column("period_start"), Column("period_end")),
            Row(Column("self_deadline"), Column("manager_deadline")),
            "departments",
        )


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)
    weight = forms.IntegerField(label=_("Weight (%)"), min_value=1, max_value=100)


class AssessmentForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall rating"), coerce=int, choices=[(i, str(i)) for i in range(1, 6)]
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
