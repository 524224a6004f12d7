"""Reads of supplier bills, and which account each kind of amount posts to."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from backoffice.models import User
from finance import permissions
from finance.domain.payables import ACCOUNT_ROLES
from finance.models import Account, SupplierBill, TaxCode
from finance.selectors.payments import with_undone

NO_ROLE_ACCOUNT = _(
    "The chart of accounts has none of the accounts %(numbers)s; add one before posting."
)


def role_account(role: str) -> Account:
    """The account a kind of amount posts to (``ACCOUNT_ROLES``), or a ``ValidationError``."""
    numbers = ACCOUNT_ROLES[role]
    found = {a.number: a for a in Account.objects.postable().filter(number__in=numbers)}
    for number in numbers:
        if number in found:
            return found[number]
    raise ValidationError(NO_ROLE_ACCOUNT, params={"numbers": ", ".join(numbers)})


def bill_list(*, viewer: User, status: str = "", search: str = "") -> QuerySet[SupplierBill]:
    if not permissions.sees_payables(viewer):
        raise PermissionDenied
    bills = SupplierBill.objects.select_related("supplier").order_by("-bill_date", "-id")
    if status == "unpaid":
        bills = bills.open()
    elif status == "paid":
        bills = bills.posted().filter(amount_paid__gte=F("total"))
    elif status in SupplierBill.Status.values:
        bills = bills.filter(status=status)
    if search:
        bills = bills.filter(supplier__name__icontains=search) | bills.filter(
            number__icontains=search
        )
    return bills


def bill_get(*, viewer: User, pk: int) -> SupplierBill:
    """One bill with its lines; anyone without the payables permission is refused."""
    if not permissions.sees_payables(viewer):
        raise PermissionDenied
    return SupplierBill.objects.select_related("supplier", "entry", "approved_by").get(pk=pk)


def bill_lines(*, bill: SupplierBill):
    return bill.lines.select_related("account", "department", "tax_code").order_by("pk")


def bill_allocations(*, bill: SupplierBill):
    """The payments set against the bill, undos included, each flagged ``undone``."""
    return with_undone(bill.allocations.select_related("payment").order_by("pk"))


def bill_tax_codes() -> QuerySet[TaxCode]:
    """Tax codes a bill line may use (the service checks the code is valid on the bill date)."""
    return TaxCode.objects.filter(is_active=True).order_by("code", "-valid_from")


def supplier_bill_for_source(*, type: str, id: str) -> SupplierBill | None:  # noqa: A002
    """The bill drafted from a document of another department (a purchase receipt)."""
    return SupplierBill.objects.filter(source_type=type, source_id=str(id)).first()


def expense_accounts() -> QuerySet[Account]:
    """Accounts a bill or a claim line may be charged to: postable expense and stock accounts."""
    return Account.objects.postable().filter(type__in=["expense", "asset"]).order_by("number")
