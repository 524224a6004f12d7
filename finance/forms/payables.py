"""Input shape of the payables pages: payments, bank statements, supplier bills, expense claims,
ageing and the VAT registers. The services check what needs the books."""

from __future__ import annotations

from datetime import date

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.filters import DateInput
from backoffice.uploads import IMAGES, PDF, validate_upload
from finance.domain.payables import ACCOUNT_ROLES
from finance.domain.periods import MAX_YEAR, MIN_YEAR
from finance.models import Account, Partner, Payment, TaxCode
from finance.selectors.expenses import claim_accounts
from finance.selectors.payables import expense_accounts

DATE_RANGE = _("Choose a date between %(min)s and %(max)s.")


def _bounded(day: date | None) -> date | None:
    if day is not None and not (MIN_YEAR <= day.year <= MAX_YEAR):
        raise forms.ValidationError(
            DATE_RANGE, params={"min": f"{MIN_YEAR}-01-01", "max": f"{MAX_YEAR}-12-31"}
        )
    return day


class _Crispy:
    def _helper(self) -> None:
        self.helper = FormHelper()
        self.helper.form_tag = False


class _Dates:
    """Every DateField of the form bounded to years the books can hold."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField) and cleaned.get(name):
                try:
                    _bounded(cleaned[name])
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        return cleaned


class PaymentForm(_Dates, _Crispy, forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=Payment.Direction.choices)
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    method = forms.ChoiceField(
        label=_("Method"),
        choices=Payment.Method.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=0.01)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=140,
        required=False,
        help_text=_("What the bank statement shows, such as the invoice number."),
    )
    memo = forms.CharField(label=_("Memo"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(is_active=True).order_by("name")
        self.fields["amount"].min_value = None
        self._helper()


class StatementImportForm(_Crispy, forms.Form):
    account = forms.ModelChoiceField(
        label=_("Bank account"), queryset=Account.objects.none(), empty_label=None
    )
    upload = forms.FileField(
        label=_("Statement file"),
        help_text=_(
            "ISO 20022 CAMT.053 XML as the bank exports it, or CSV with the columns date, "
            "amount, counterparty, iban, reference (negative amounts are money out)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        accounts = Account.objects.postable().filter(is_cash=True).order_by("number")
        self.fields["account"].queryset = accounts
        banks = [a for a in accounts if a.number in ACCOUNT_ROLES["bank"]]
        if banks:
            self.fields["account"].initial = banks[0].pk
        self._helper()


class BillForm(_Dates, _Crispy, forms.Form):
    """The bill's head; the service checks duplicates and dates with messages naming the other
    bill (a model form would answer with the database constraint's name)."""

    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Partner.objects.none())
    number = forms.CharField(
        label=_("Supplier's invoice number"),
        max_length=40,
        help_text=_("As printed on the supplier's invoice; one number per supplier."),
    )
    bill_date = forms.DateField(label=_("Invoice date"), widget=DateInput())
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    memo = forms.CharField(label=_("Memo"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Partner.objects.filter(
            is_active=True, kind__in=[Partner.Kind.SUPPLIER, Partner.Kind.BOTH]
        ).order_by("name")
        self._helper()


class BillLineForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=12, decimal_places=4)
    unit_price = forms.DecimalField(label=_("Unit price"), max_digits=14, decimal_places=4)
    vat_rate = forms.DecimalField(
        label=_("VAT %"), max_digits=5, decimal_places=2, initial=20, min_value=0, max_value=100
    )
    tax_code = forms.ModelChoiceField(
        label=_("Tax code"),
        queryset=TaxCode.objects.none(),
        required=False,
        empty_label=_("By VAT %"),
        help_text=_(
            "Optional; its rate replaces the VAT %. Reverse charge: the supplier charges no VAT "
            "and the VAT at the standard rate is self-assessed (art. 117 protocol)."
        ),
    )
    account = forms.ModelChoiceField(label=_("Account"), queryset=Account.objects.none())
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)

    def __init__(self, *args, departments=None, tax_codes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = expense_accounts()
        self.fields["department"].queryset = departments
        self.fields["tax_code"].queryset = (
            tax_codes
            if tax_codes is not None
            else TaxCode.objects.filter(is_active=True).order_by("code", "-valid_from")
        )
        for name, field in self.fields.items():
            css = (
                "form-select form-select-sm"
                if name in ("account", "department", "tax_code")
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)

    def clean_quantity(self):
        value = self.cleaned_data["quantity"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("The quantity must be more than zero."))
        return value

    def clean_unit_price(self):
        value = self.cleaned_data["unit_price"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("The unit price cannot be negative."))
        return value


BillLineFormSet = forms.formset_factory(BillLineForm, extra=2, can_delete=True, max_num=100)


class PayBillForm(_Dates, forms.Form):
    date = forms.DateField(label=_("Payment date"), widget=DateInput())
    method = forms.ChoiceField(
        label=_("Method"),
        choices=Payment.Method.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class ClaimForm(_Crispy, forms.Form):
    title = forms.CharField(
        label=_("What is the claim for?"),
        max_length=200,
        help_text=_("For example: client visit to Plovdiv, 12 November."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class ClaimLineForm(_Dates, _Crispy, forms.Form):
    spent_on = forms.DateField(label=_("Date"), widget=DateInput())
    account = forms.ModelChoiceField(label=_("Expense type"), queryset=Account.objects.none())
    description = forms.CharField(label=_("What for"), max_length=300, required=False)
    amount = forms.DecimalField(label=_("Amount (EUR)"), max_digits=14, decimal_places=2)
    receipt = forms.FileField(
        label=_("Receipt"),
        required=False,
        help_text=_("A photo or PDF of the receipt."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = claim_accounts()
        self.fields["spent_on"].initial = timezone.localdate()
        self._helper()

    def clean_amount(self):
        value = self.cleaned_data["amount"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("The amount must be more than zero."))
        return value

    def clean_receipt(self):
        upload = self.cleaned_data.get("receipt")
        if upload:
            validate_upload(upload, allowed=(*IMAGES, PDF), max_mb=10)
        return upload


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when rejecting."),
    )


class ReimburseForm(_Dates, forms.Form):
    date = forms.DateField(label=_("Payment date"), widget=DateInput())
    method = forms.ChoiceField(
        label=_("Method"),
        choices=Payment.Method.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class StatementPeriodForm(_Dates, forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The end is before the start."))
        return cleaned
