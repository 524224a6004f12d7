"""Demo data for payments, supplier bills and expense claims: bills in every state (draft,
approved, posted, partly paid, paid, overdue), customer payments (paid, partly paid, one with a
credit left), and expense claims in every state with receipt photos. The bank statement to try
the import with is served by the import page ("Download a sample CAMT.053 file")."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from backoffice import roles
from backoffice.selectors import users_with_role
from finance.interface import BillLineIn
from finance.models import Account, Budget, Partner, Payment, Period, SupplierBill
from finance.selectors.payments import open_invoices
from finance.selectors.refs import departments
from finance.services import (
    AllocationIn,
    expense_claim_create,
    expense_claim_decide,
    expense_claim_reimburse,
    expense_claim_submit,
    expense_line_add,
    payment_record,
    supplier_bill_approve,
    supplier_bill_pay,
    supplier_bill_post,
    supplier_bill_save,
)
from hr.selectors import employee_for_user

BILL_ITEMS = [
    ("Office paper and toner", "Офис хартия и тонер", "601", "20"),
    ("Cleaning services", "Почистващи услуги", "602", "20"),
    ("Courier services", "Куриерски услуги", "602", "20"),
    ("Hotel accommodation, Varna", "Нощувки, Варна", "602", "9"),
    ("Software subscription", "Абонамент за софтуер", "602", "20"),
    ("Electricity", "Електроенергия", "602", "20"),
    ("Work clothing", "Работно облекло", "601", "20"),
]

CLAIMS = [
    # (username, title, [(days ago, account, what for, amount)], final state)
    (
        "staff",
        "Client visit to Plovdiv",
        [(3, "602", "Train tickets", "24.60"), (3, "609", "Lunch with client", "38.90")],
        "submitted",
    ),
    ("staff", "Shop supplies", [(9, "601", "Cleaning supplies", "18.45")], "draft"),
    (
        "staff",
        "Training in Sofia",
        [(30, "602", "Course fee", "120.00"), (29, "602", "Taxi", "16.80")],
        "reimbursed",
    ),
    ("staff", "Team dinner", [(20, "609", "Dinner", "210.00")], "rejected"),
    ("planner", "Fuel for deliveries", [(6, "601", "Fuel", "64.20")], "approved"),
    ("manager", "Trade fair parking", [(12, "602", "Parking", "12.00")], "submitted"),
]


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 160), (245, 245, 240)).save(buffer, format="PNG")
    return buffer.getvalue()


def _open(day: date) -> bool:
    return Period.objects.filter(start__lte=day, end__gte=day, is_locked=False).exists()


def seed_payables(*, stdout=None, **options) -> None:
    """Safe to run again: bills already there mean the demo payables exist."""
    if SupplierBill.objects.exists() or not Account.objects.filter(number="401").exists():
        return
    actor = users_with_role(role=roles.FINANCE).filter(username="finance").first()
    rng = random.Random(1805)
    today = timezone.localdate()
    suppliers = list(
        Partner.objects.filter(kind__in=[Partner.Kind.SUPPLIER, Partner.Kind.BOTH]).order_by("pk")
    )
    dept = departments().filter(code="OPS").first() or departments().first()
    accounts = {a.number: a for a in Account.objects.filter(number__in=["601", "602", "609"])}
    if suppliers and dept and accounts:
        _bills(rng, today, suppliers, dept, accounts, actor)
    if dept and accounts:
        _budgets(today, dept, accounts)
    if actor is not None:
        _receipts(rng, today, actor)
        _claims(today, accounts, actor)


def _bills(rng, today, suppliers, dept, accounts, actor) -> None:
    states = (
        ["draft", "draft", "approved", "approved"] + ["paid"] * 6 + ["partly"] * 3 + ["open"] * 5
    )
    for n, state in enumerate(states):
        supplier = suppliers[n % len(suppliers)]
        day = today - timedelta(days=rng.randint(2, 120) if state != "draft" else rng.randint(0, 5))
        if not _open(day):
            day = today
        items = rng.sample(BILL_ITEMS, rng.randint(1, 3))
        lines = [
            BillLineIn(
                description=name_bg,
                quantity=Decimal(rng.randint(1, 12)),
                unit_price=Decimal(rng.randint(800, 40000)) / 100,
                vat_rate=Decimal(rate),
                account=accounts.get(number) or next(iter(accounts.values())),
                department=dept,
            )
            for _name, name_bg, number, rate in items
        ]
        try:
            bill = supplier_bill_save(
                bill=None,
                supplier=supplier,
                number=f"{rng.randint(1, 9999999999):010d}",
                bill_date=day,
                due_date=day + timedelta(days=rng.choice([14, 30])),
                memo="",
                lines=lines,
                actor=actor,
            )
            if state == "draft":
                continue
            supplier_bill_approve(bill=bill, actor=actor)
            if state == "approved":
                continue
            supplier_bill_post(bill=bill, actor=actor)
            pay_day = min(bill.due_date, today)
            if state == "paid":
                supplier_bill_pay(bill=bill, date=pay_day, actor=actor)
            elif state == "partly":
                bill.refresh_from_db()
                half = (bill.total / 2).quantize(Decimal("0.01"))
                payment_record(
                    direction=Payment.Direction.PAID,
                    partner=supplier,
                    amount=half,
                    date=pay_day,
                    reference=bill.number,
                    allocations=[AllocationIn("bill", bill.pk, half)],
                    actor=actor,
                )
        except ValidationError:
            continue


def _budgets(today, dept, accounts) -> None:
    """A monthly budget for the accounts claims are charged to, where the department has none,
    so the approval page has something to compare with."""
    for account in accounts.values():
        if Budget.objects.filter(department=dept, account=account, month__year=today.year).exists():
            continue
        Budget.objects.bulk_create(
            Budget(
                department=dept,
                account=account,
                month=date(today.year, month, 1),
                amount=Decimal("2500.00"),
            )
            for month in range(1, 13)
        )


def _receipts(rng, today, actor) -> None:
    """Customers pay: most older invoices in full, some in part, one pays more than it owes."""
    invoices = list(
        open_invoices()
        .filter(due_date__lt=today - timedelta(days=20))
        .select_related("partner")
        .order_by("due_date", "pk")[:400]
    )
    for n, doc in enumerate(invoices):
        choice = n % 10
        if choice in (7, 8, 9):
            continue  # left overdue
        amount = doc.open if choice < 5 else (doc.open * Decimal("0.4")).quantize(Decimal("0.01"))
        pay_day = min(doc.due_date + timedelta(days=rng.randint(-5, 15)), today)
        extra = Decimal("50.00") if n == 6 else Decimal("0.00")
        if not _open(pay_day):
            continue
        try:
            payment_record(
                direction=Payment.Direction.RECEIVED,
                partner=doc.partner,
                amount=amount + extra,
                date=pay_day,
                reference=f"Invoice {doc.number}",
                allocations=[AllocationIn("invoice", doc.pk, amount)],
                actor=actor,
            )
        except ValidationError:
            continue


def _claims(today, accounts, actor) -> None:
    receipt = _png()
    for username, title, lines, state in CLAIMS:
        user = users_with_role(role=roles.STAFF).filter(username=username).first()
        employee = employee_for_user(user=user) if user else None
        if employee is None:
            continue
        try:
            claim = expense_claim_create(employee=employee, title=title, actor=user)
            for days, number, what, amount in lines:
                account = accounts.get(number)
                if account is None:
                    continue
                expense_line_add(
                    claim=claim,
                    spent_on=today - timedelta(days=days),
                    description=what,
                    account=account,
                    amount=Decimal(amount),
                    receipt=SimpleUploadedFile("receipt.png", receipt, "image/png"),
                    actor=user,
                )
            if state == "draft":
                continue
            claim = expense_claim_submit(claim=claim, actor=user)
            if state == "submitted":
                continue
            decider = claim.approver or actor
            approve = state != "rejected"
            comment = "" if approve else "Team dinners come from the team budget; ask HR."
            expense_claim_decide(claim=claim, approve=approve, comment=comment, actor=decider)
            if state == "reimbursed":
                expense_claim_reimburse(claim=claim, date=today, actor=actor)
        except ValidationError:
            continue
    return None


def bench_path():
    def path() -> str:
        return "/finance/aged/receivables/"

    return path
