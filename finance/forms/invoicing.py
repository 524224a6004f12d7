"""Forms of partners, tax codes, the price list, sales documents and recurring invoices."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.filters import DateInput
from finance.domain.periods import MAX_YEAR, MIN_YEAR
from finance.models import Account, Partner, Product, RecurringInvoice, SalesInvoice, TaxCode
from finance.selectors import (
    departments,
    partner_options_of,
    product_options,
    series_options,
)

DATE_RANGE = _("Choose a date between %(min)s and %(max)s.")
SELECT = "form-select form-select-sm"
INPUT = "form-control form-control-sm"


def _bounded(day):
    if day is not None and not (MIN_YEAR <= day.year <= MAX_YEAR):
        raise forms.ValidationError(
            DATE_RANGE, params={"min": f"{MIN_YEAR}-01-01", "max": f"{MAX_YEAR}-12-31"}
        )
    return day


class _Crispy:
    def _helper(self, layout=None) -> None:
        self.helper = FormHelper()
        self.helper.form_tag = False
        if layout is not None:
            self.helper.layout = layout


class PartnerForm(_Crispy, forms.ModelForm):
    class Meta:
        model = Partner
        fields = [
            "name",
            "kind",
            "registration_number",
            "vat_number",
            "is_individual",
            "country",
            "city",
            "postcode",
            "address",
            "contact_person",
            "emails",
            "phone",
            "payment_terms_days",
            "iban",
            "bic",
            "currency",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment_terms_days"].max_value = 365
        self._helper(
            Layout(
                Fieldset(
                    _("Company"),
                    Row(Column("name", css_class="col-md-8"), Column("kind", css_class="col-md-4")),
                    Row(
                        Column("registration_number", css_class="col-md-4"),
                        Column("vat_number", css_class="col-md-4"),
                        Column("is_individual", css_class="col-md-4"),
                    ),
                ),
                Fieldset(
                    _("Address and contact"),
                    Row(
                        Column("country", css_class="col-md-2"),
                        Column("city", css_class="col-md-4"),
                        Column("postcode", css_class="col-md-2"),
                        Column("address", css_class="col-md-4"),
                    ),
                    Row(
                        Column("contact_person", css_class="col-md-4"),
                        Column("emails", css_class="col-md-5"),
                        Column("phone", css_class="col-md-3"),
                    ),
                ),
                Fieldset(
                    _("Payment"),
                    Row(
                        Column("payment_terms_days", css_class="col-md-3"),
                        Column("iban", css_class="col-md-4"),
                        Column("bic", css_class="col-md-2"),
                        Column("currency", css_class="col-md-3"),
                    ),
                    "is_active",
                ),
            )
        )


class PartnerImportForm(_Crispy, forms.Form):
    upload = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "First row: name, kind, registration_number, vat_number, country, city, address, "
            "emails, payment_terms_days, iban, currency. Every row is imported, or none."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class TaxCodeForm(_Crispy, forms.ModelForm):
    class Meta:
        model = TaxCode
        fields = [
            "code",
            "kind",
            "rate",
            "name",
            "name_bg",
            "legal_ground",
            "legal_ground_bg",
            "valid_from",
            "valid_to",
            "sales_vat_account",
            "purchase_vat_account",
            "is_active",
        ]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vat = Account.objects.postable().filter(type__in=["liability", "asset"]).order_by("number")
        self.fields["sales_vat_account"].queryset = vat
        self.fields["purchase_vat_account"].queryset = vat
        self._helper()

    def clean_valid_from(self):
        return _bounded(self.cleaned_data.get("valid_from"))

    def clean_valid_to(self):
        return _bounded(self.cleaned_data.get("valid_to"))


class ProductForm(_Crispy, forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "code",
            "name",
            "name_bg",
            "kind",
            "unit",
            "unit_price",
            "tax_code",
            "income_account",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["income_account"].queryset = Account.objects.postable().filter(type="income")
        self.fields["tax_code"].queryset = TaxCode.objects.filter(is_active=True)
        self.fields["unit_price"].min_value = 0
        self._helper()


def _currency(value: str) -> str:
    value = (value or "EUR").strip().upper()
    if len(value) != 3 or not value.isalpha():
        raise forms.ValidationError(_("A currency is three letters, e.g. EUR."))
    return value


class InvoiceForm(forms.ModelForm):
    class Meta:
        model = SalesInvoice
        fields = [
            "partner",
            "series",
            "department",
            "issue_date",
            "tax_event_date",
            "due_date",
            "currency",
            "rate",
            "language",
            "payment_method",
            "notes",
            "reason",
        ]
        widgets = {
            "issue_date": DateInput(),
            "tax_event_date": DateInput(),
            "due_date": DateInput(),
        }

    def __init__(self, *args, note: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partner_options_of("customer")
        self.fields["series"].queryset = series_options()
        self.fields["series"].required = False
        self.fields["department"].queryset = departments()
        self.fields["rate"].required = False
        if not note:
            del self.fields["reason"]
        else:
            self.fields["partner"].disabled = True
            self.fields["currency"].disabled = True
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_currency(self):
        return _currency(self.cleaned_data.get("currency"))

    def clean_issue_date(self):
        return _bounded(self.cleaned_data.get("issue_date"))

    def clean_tax_event_date(self):
        return _bounded(self.cleaned_data.get("tax_event_date"))

    def clean_due_date(self):
        return _bounded(self.cleaned_data.get("due_date"))


class DocumentLineForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Item"), queryset=Product.objects.none(), required=False
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        max_digits=14,
        decimal_places=3,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": INPUT + " text-end"}),
    )
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    unit_price = forms.DecimalField(
        label=_("Unit price"),
        max_digits=14,
        decimal_places=2,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": INPUT + " text-end"}),
    )
    tax_code = forms.ModelChoiceField(
        label=_("Tax code"), queryset=TaxCode.objects.none(), required=False
    )
    income_account = forms.ModelChoiceField(
        label=_("Income account"), queryset=Account.objects.none(), required=False
    )

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        products, codes, accounts = choices or (
            product_options(),
            TaxCode.objects.filter(is_active=True),
            Account.objects.postable().filter(type="income"),
        )
        self.fields["product"].queryset = products
        self.fields["tax_code"].queryset = codes
        self.fields["income_account"].queryset = accounts
        for name in ("product", "tax_code", "income_account"):
            self.fields[name].widget.attrs["class"] = SELECT
        for name in ("description", "unit"):
            self.fields[name].widget.attrs["class"] = INPUT

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(k) for k in ("product", "description", "quantity", "unit_price"))


class BaseDocumentLineFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        self._choices = (
            product_options(),
            TaxCode.objects.filter(is_active=True).order_by("-rate", "code"),
            Account.objects.postable().filter(type="income").order_by("number"),
        )
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "choices": self._choices}


DocumentLineFormSet = forms.formset_factory(
    DocumentLineForm,
    formset=BaseDocumentLineFormSet,
    extra=0,
    max_num=200,
    validate_max=True,
    absolute_max=200,
)


class RecurringForm(_Crispy, forms.ModelForm):
    class Meta:
        model = RecurringInvoice
        fields = [
            "name",
            "partner",
            "series",
            "department",
            "currency",
            "language",
            "frequency",
            "next_date",
            "end_date",
            "notes",
            "is_active",
        ]
        widgets = {"next_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partner_options_of("customer")
        self.fields["series"].queryset = series_options()
        self.fields["department"].queryset = departments()
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_currency(self):
        return _currency(self.cleaned_data.get("currency"))

    def clean_next_date(self):
        return _bounded(self.cleaned_data.get("next_date"))

    def clean_end_date(self):
        return _bounded(self.cleaned_data.get("end_date"))


class BatchForm(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "class": "form-control"}),
    )
    pdf = forms.BooleanField(label=_("Render the PDFs too"), required=False, initial=True)

    def clean_month(self):
        value = self.cleaned_data["month"]
        try:
            year, month = (int(p) for p in value.split("-"))
        except ValueError:
            raise forms.ValidationError(_("Choose a month.")) from None
        if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
            raise forms.ValidationError(_("Choose a month."))
        return f"{year:04d}-{month:02d}"
