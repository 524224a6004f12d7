"""Operations' input shapes."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backoffice.uploads import IMAGES, validate_upload
from finance.selectors import partner_options, postable_accounts
from hr.selectors import department_choices
from operations.models import Item, Place, TaskTemplate, Warehouse
from operations.selectors import category_options, place_options, warehouse_options
from scheduling.selectors import locations_active

NOT_POSITIVE = _("Enter a quantity above zero.")
WEEKDAYS_BAD = _("Use the digits 0 (Monday) to 6 (Sunday), each once.")


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


def suppliers():
    return partner_options().filter(kind__in=("supplier", "both"))


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = [
            "sku",
            "name_en",
            "name_bg",
            "unit",
            "category",
            "barcode",
            "supplier",
            "supplier_price",
            "lead_time_days",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["name_en"].required = True
        self.fields["category"].queryset = category_options()
        self.fields["supplier"].queryset = suppliers()

    def clean_supplier_price(self):
        price = self.cleaned_data.get("supplier_price")
        if price is not None and price < 0:
            raise ValidationError(_("A price cannot be negative."))
        return price


class ReorderRuleForm(forms.Form):
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Warehouse.objects.none())
    level = forms.DecimalField(
        label=_("Reorder level"), min_value=0, max_digits=14, decimal_places=3
    )
    quantity = forms.DecimalField(label=_("Reorder quantity"), max_digits=14, decimal_places=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["warehouse"].queryset = warehouse_options()

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity <= 0:
            raise ValidationError(NOT_POSITIVE)
        return quantity


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: sku, name_en, name_bg, unit, category, barcode, price, lead_time_days. "
            "One bad row and nothing is imported."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class WarehouseForm(forms.ModelForm):
    class Meta:
        model = Warehouse
        fields = ["code", "name", "location", "department", "allow_negative", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["location"].queryset = locations_active()
        self.fields["department"].queryset = department_choices()


class PlaceForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    parent = forms.ModelChoiceField(
        label=_("Inside"), queryset=Place.objects.none(), required=False
    )

    def __init__(self, *args, warehouse: Warehouse, **kwargs):
        super().__init__(*args, **kwargs)
        self.warehouse = warehouse
        self.helper = _helper()
        self.fields["parent"].queryset = place_options(warehouse=warehouse)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if place_options(warehouse=self.warehouse).filter(code=code).exists():
            raise ValidationError(_("This warehouse already has a place with that code."))
        return code


#: The most one line may be worth: the ledger keeps amounts of 14 digits with 2 decimals.
LINE_VALUE_LIMIT = Decimal("1000000000")


def _refuse_huge(form, quantity, price, field: str) -> None:
    if quantity is not None and price is not None and abs(quantity * price) >= LINE_VALUE_LIMIT:
        form.add_error(field, _("Quantity times price is too large for one line."))


class MovementForm(forms.Form):
    """One form for the four kinds a person books by hand; the view hides what a kind does not use."""

    item = forms.ModelChoiceField(label=_("Item"), queryset=Item.objects.none())
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    to_place = forms.ModelChoiceField(
        label=_("To place"), queryset=Place.objects.none(), required=False
    )
    quantity = forms.DecimalField(
        label=_("Quantity"),
        max_digits=12,
        decimal_places=3,
        help_text=_("For an adjustment: negative removes stock, positive adds it."),
    )
    unit_cost = forms.DecimalField(
        label=_("Unit cost"), max_digits=12, decimal_places=4, required=False
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=department_choices(), required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    USES = {
        "receipt": ("item", "place", "quantity", "unit_cost"),
        "issue": ("item", "place", "quantity", "department", "reason"),
        "transfer": ("item", "place", "to_place", "quantity"),
        "adjustment": ("item", "place", "quantity", "reason"),
    }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["item"].queryset = Item.objects.active().order_by("sku")
        self.fields["place"].queryset = place_options()
        self.fields["to_place"].queryset = place_options()
        self.fields["department"].queryset = department_choices()
        for name in list(self.fields):
            if name not in self.USES[kind]:
                del self.fields[name]
        if kind != "adjustment":
            self.fields["quantity"].help_text = ""
        if kind == "receipt":
            self.fields["unit_cost"].required = True
        if kind == "issue":
            self.fields["department"].required = True
        if kind == "adjustment":
            self.fields["reason"].required = True

    def clean(self):
        data = super().clean()
        _refuse_huge(self, data.get("quantity"), data.get("unit_cost"), "unit_cost")
        return data


class OrderForm(forms.Form):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=None)
    warehouse = forms.ModelChoiceField(label=_("Deliver to"), queryset=None)
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)
    account = forms.ModelChoiceField(label=_("Budget account"), queryset=None, required=False)
    expected_on = forms.DateField(
        label=_("Expected on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["supplier"].queryset = suppliers()
        self.fields["warehouse"].queryset = warehouse_options()
        self.fields["department"].queryset = department_choices()
        self.fields["account"].queryset = postable_accounts()


class OrderLineForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Item"), queryset=None, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=12, decimal_places=3, required=False
    )
    price = forms.DecimalField(
        label=_("Unit price"), max_digits=12, decimal_places=2, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = Item.objects.active().order_by("sku")
        self.fields["item"].widget.attrs["class"] = "form-select"
        self.fields["quantity"].widget.attrs["class"] = "form-control"
        self.fields["price"].widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        if data.get("item") and (data.get("quantity") is None or data["quantity"] <= 0):
            self.add_error("quantity", NOT_POSITIVE)
        if data.get("price") is not None and data["price"] < 0:
            self.add_error("price", _("A price cannot be negative."))
        _refuse_huge(self, data.get("quantity"), data.get("price"), "price")
        return data


OrderLineFormSet = forms.formset_factory(OrderLineForm, extra=5, max_num=50)


class CountStartForm(forms.Form):
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=None)
    place = forms.ModelChoiceField(
        label=_("Bin"), queryset=None, required=False, help_text=_("Empty: the whole warehouse.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["warehouse"].queryset = warehouse_options()
        self.fields["place"].queryset = place_options()

    def clean(self):
        data = super().clean()
        place, warehouse = data.get("place"), data.get("warehouse")
        if place and warehouse and place.warehouse_id != warehouse.pk:
            self.add_error("place", _("That bin is not in this warehouse."))
        return data


class CountRecordForm(forms.Form):
    code = forms.CharField(label=_("Barcode or SKU"), max_length=40)
    counted = forms.DecimalField(label=_("Counted"), max_digits=14, decimal_places=3, min_value=0)


class TaskTemplateForm(forms.ModelForm):
    checklist = forms.CharField(
        label=_("Checklist"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One check per line; end a line with [photo] when it needs a photo."),
    )

    class Meta:
        model = TaskTemplate
        fields = ["location", "title_en", "title_bg", "kind", "weekdays", "due_time", "active"]
        widgets = {"due_time": forms.TimeInput(attrs={"type": "time"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["title_en"].required = True
        self.fields["location"].queryset = locations_active()
        if self.instance.pk and not self.is_bound:
            self.initial["checklist"] = "\n".join(
                f"{i.text}{' [photo]' if i.needs_photo else ''}" for i in self.instance.items.all()
            )

    def clean_weekdays(self):
        value = self.cleaned_data["weekdays"].strip()
        if not value or any(c not in "0123456" for c in value) or len(set(value)) != len(value):
            raise ValidationError(WEEKDAYS_BAD)
        return "".join(sorted(value))


class TickForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    photo = forms.FileField(label=_("Photo"), required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            validate_upload(photo, allowed=IMAGES)
        return photo
