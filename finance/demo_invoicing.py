"""Invoicing's demo data: thirty customers and suppliers with valid identifiers, the Bulgarian
tax codes, a price list, two series, a year of invoices (issued, credited, overdue, drafts) and
recurring templates. Runs after the finance books (seed order 35); payments come after it."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from backoffice import roles
from backoffice.models import User
from backoffice.selectors import users_with_role
from finance.domain.identifiers import eik9_check_digit
from finance.models import Account, DocumentSeries, Partner, Period, SalesInvoice, TaxCode
from finance.selectors import departments
from finance.services import (
    DocumentLine,
    invoice_draft_save,
    invoice_issue,
    note_draft_create,
    partner_save,
    product_save,
    recurring_save,
    tax_code_save,
)

CITIES = ["София", "Пловдив", "Варна", "Бургас", "Русе", "Стара Загора", "Плевен"]
CUSTOMERS = [
    "Арт Декор ООД",
    "Балкан Консулт ЕООД",
    "Витоша Хотели АД",
    "Градина Маркет ООД",
    "Дунав Логистик ЕООД",
    "Евро Текстил ООД",
    "Зора Фарма АД",
    "Искра Енерджи ЕООД",
    "Калина Дизайн ООД",
    "Лазур Трейд ЕООД",
    "Марица Агро АД",
    "Нова Медия ООД",
    "Орион Софт ЕООД",
    "Пирин Строй ООД",
]
FOREIGN = [("Nordlicht GmbH", "DE", "DE136695976"), ("Adriatic Foods S.r.l.", "IT", "")]
SUPPLIERS = [
    "Родопа Офис ЕООД",
    "Странджа Транс ООД",
    "Тракия Хартия АД",
    "Хемус Телеком ЕООД",
    "Черно море Сервиз ООД",
]
BOTH = ["Янтра Партнерс ООД", "Осогово Принт ЕООД", "Беласица Системс ООД"]

TAX_CODES = [
    ("S20", "standard", "20", "Standard rate 20%", "Стандартна ставка 20%", "", ""),
    ("R9", "reduced", "9", "Reduced rate 9% (accommodation)", "Намалена ставка 9%", "", ""),
    (
        "Z0-EU",
        "zero",
        "0",
        "Intra-EU supply",
        "Вътреобщностна доставка",
        "Art. 53(1) VAT Act: intra-Community supply of goods",
        "чл. 53, ал. 1 от ЗДДС",
    ),
    (
        "Z0-EXP",
        "zero",
        "0",
        "Export",
        "Износ",
        "Art. 28 VAT Act: export outside the EU",
        "чл. 28 от ЗДДС",
    ),
    (
        "EX",
        "exempt",
        "0",
        "Exempt supply",
        "Освободена доставка",
        "Art. 39-49 VAT Act: exempt supply",
        "чл. 39-49 от ЗДДС",
    ),
    (
        "RC",
        "reverse",
        "0",
        "Reverse charge",
        "Обратно начисляване",
        "Art. 82(2) VAT Act: reverse charge, tax due by the recipient",
        "чл. 82, ал. 2 от ЗДДС",
    ),
]
PRODUCTS = [
    ("CONS-H", "Consulting, hour", "Консултантски услуги, час", "service", "h", "85.00", "S20"),
    ("IMPL", "Implementation", "Внедряване", "service", "pcs", "1200.00", "S20"),
    (
        "SUPP-M",
        "Support, month",
        "Абонаментна поддръжка, месец",
        "service",
        "month",
        "350.00",
        "S20",
    ),
    ("TRAIN", "Training day", "Обучение, ден", "service", "day", "640.00", "S20"),
    ("LIC-Y", "Licence, year", "Лиценз, година", "goods", "pcs", "980.00", "S20"),
    ("ROOM", "Hotel room night", "Нощувка", "service", "night", "74.00", "R9"),
    ("PAPER", "Paper A4, box", "Хартия A4, кашон", "goods", "box", "24.90", "S20"),
    ("PRINT", "Printing, page", "Печат, страница", "service", "page", "0.18", "S20"),
]


def _eik(rng: random.Random) -> str:
    head = f"{rng.randint(10_000_000, 99_999_999)}"
    return head + eik9_check_digit(head)


def _partners(rng: random.Random, actor: User | None) -> list[Partner]:
    made: list[Partner] = []
    # The ledger's demo partners get their identifiers.
    for partner in Partner.objects.filter(registration_number=""):
        eik = _eik(rng)
        made.append(
            partner_save(
                actor=actor,
                data={
                    "registration_number": eik,
                    "vat_number": f"BG{eik}",
                    "city": rng.choice(CITIES),
                    "address": f"ул. „Раковски“ {rng.randint(1, 180)}",
                    "emails": f"office{partner.pk}@example.bg",
                },
                partner=partner,
            )
        )
    rows = [(n, Partner.Kind.CUSTOMER) for n in CUSTOMERS]
    rows += [(n, Partner.Kind.SUPPLIER) for n in SUPPLIERS]
    rows += [(n, Partner.Kind.BOTH) for n in BOTH]
    for index, (name, kind) in enumerate(rows):
        eik = _eik(rng)
        made.append(
            partner_save(
                actor=actor,
                data={
                    "name": name,
                    "kind": kind,
                    "registration_number": eik,
                    "vat_number": f"BG{eik}" if index % 5 else "",
                    "city": rng.choice(CITIES),
                    "postcode": f"{rng.randint(1000, 9999)}",
                    "address": f"бул. „България“ {rng.randint(1, 200)}",
                    "emails": f"accounts{index}@example.bg",
                    "payment_terms_days": rng.choice([7, 14, 14, 30]),
                    "iban": "BG80BNBG96611020345678",
                },
            )
        )
    for name, country, vat in FOREIGN:
        made.append(
            partner_save(
                actor=actor,
                data={
                    "name": name,
                    "kind": Partner.Kind.CUSTOMER,
                    "country": country,
                    "registration_number": f"HR{rng.randint(100000, 999999)}",
                    "vat_number": vat,
                    "city": "München" if country == "DE" else "Trieste",
                    "address": "Hauptstraße 1" if country == "DE" else "Via Roma 1",
                    "emails": f"billing@{country.lower()}.example.com",
                    "currency": "EUR",
                    "payment_terms_days": 30,
                },
            )
        )
    return made


def seed_invoicing(*, stdout=None, **options) -> None:
    """Safe to run again: tax codes already there mean the demo invoices exist."""
    if TaxCode.objects.exists() or not Account.objects.filter(number="4532").exists():
        return
    finance = users_with_role(role=roles.FINANCE)
    actor = finance.filter(username="finance").first() or finance.first()
    rng = random.Random(18)
    today = timezone.localdate()
    accounts = {
        a.number: a for a in Account.objects.filter(number__in=["4531", "4532", "702", "703"])
    }
    codes = {}
    for code, kind, rate, name, name_bg, ground, ground_bg in TAX_CODES:
        codes[code] = tax_code_save(
            actor=actor,
            data={
                "code": code,
                "kind": kind,
                "rate": Decimal(rate),
                "name": name,
                "name_bg": name_bg,
                "legal_ground": ground,
                "legal_ground_bg": ground_bg,
                "valid_from": date(2007, 1, 1),
                "sales_vat_account": accounts["4532"],
                "purchase_vat_account": accounts["4531"],
            },
        )
    products = []
    for code, name, name_bg, kind, unit, price, tax in PRODUCTS:
        products.append(
            product_save(
                actor=actor,
                data={
                    "code": code,
                    "name": name,
                    "name_bg": name_bg,
                    "kind": kind,
                    "unit": unit,
                    "unit_price": Decimal(price),
                    "tax_code": codes[tax],
                    "income_account": accounts["702" if kind == "goods" else "703"],
                },
            )
        )
    main = DocumentSeries.objects.create(code="INV", name="Invoices", is_default=True)
    DocumentSeries.objects.create(code="WEB", name="Online shop", next_number=5_000_000_001)
    partners = _partners(rng, actor)
    customers = [p for p in partners if p.is_customer]
    dept = departments().filter(code="SAL").first() or departments().first()
    locked = list(Period.objects.filter(is_locked=True).values_list("start", "end"))

    def open_day(day: date) -> bool:
        return (
            not any(start <= day <= end for start, end in locked)
            and Period.objects.filter(start__lte=day, end__gte=day).exists()
        )

    def lines_for(customer: Partner) -> list[DocumentLine]:
        out = []
        for product in rng.sample(products, rng.randint(1, 3)):
            tax = product.tax_code
            if customer.country != "BG":
                tax = codes["Z0-EU"] if product.kind == "goods" else codes["RC"]
            out.append(
                DocumentLine(
                    description="",
                    quantity=Decimal(rng.choice([1, 1, 2, 3, 5, 8, 10, 40])),
                    unit_price="",
                    tax_code=tax,
                    product=product,
                )
            )
        return out

    issued: list[SalesInvoice] = []
    start = today - timedelta(days=365)
    day = start
    count = 0
    while day <= today - timedelta(days=3):
        if day.weekday() < 5 and open_day(day) and rng.random() < 0.55:
            customer = rng.choice(customers)
            try:
                draft = invoice_draft_save(
                    actor=actor,
                    data={
                        "series": main,
                        "partner": customer,
                        "department": dept,
                        "issue_date": day,
                        "tax_event_date": day,
                        "language": "bg" if customer.country == "BG" else "both",
                    },
                    lines=lines_for(customer),
                )
                issued.append(invoice_issue(actor=actor, invoice=draft, render_pdf=False))
                count += 1
            except ValidationError:
                pass
        day += timedelta(days=1)
    # Credit notes: a few invoices corrected in full or in part, dated after them.
    notes = sorted(rng.sample(issued, min(6, len(issued))), key=lambda d: d.pk)
    for index, doc in enumerate(notes):
        note_day = today - timedelta(days=2 - index // 3)
        if not open_day(note_day):
            continue
        note = note_draft_create(actor=actor, original=doc, reason="Върната стока / goods returned")
        try:
            invoice_draft_save(
                actor=actor,
                data={"issue_date": note_day, "tax_event_date": note_day},
                lines=[
                    DocumentLine(
                        description=line.description,
                        quantity=abs(line.quantity) if rng.random() < 0.5 else Decimal("1"),
                        unit_price=line.unit_price,
                        tax_code=line.tax_code_id,
                        income_account=line.income_account_id,
                        product=line.product_id,
                        unit=line.unit,
                    )
                    for line in note.lines.all()
                ],
                invoice=note,
            )
            invoice_issue(actor=actor, invoice=note, render_pdf=False)
        except ValidationError:
            pass
    # Drafts of this month, waiting for the batch.
    for _i in range(5):
        customer = rng.choice(customers)
        invoice_draft_save(
            actor=actor,
            data={
                "series": main,
                "partner": customer,
                "department": dept,
                "issue_date": today,
                "tax_event_date": today,
            },
            lines=lines_for(customer),
        )
    # Recurring templates: support and licences.
    first_next = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    for index, customer in enumerate(customers[:4]):
        recurring_save(
            actor=actor,
            data={
                "name": f"{customer.name}: поддръжка",
                "partner": customer,
                "series": main,
                "department": dept,
                "frequency": "monthly" if index % 2 == 0 else "quarterly",
                "next_date": first_next,
                "end_date": None,
            },
            lines=[
                DocumentLine(
                    description="",
                    quantity=Decimal(1),
                    unit_price="",
                    tax_code=None,
                    product=products[2],
                )
            ],
        )
    if stdout:
        stdout.write(f"  invoicing: {len(partners)} partners, {count} invoices")


def bench_path():
    def path() -> str:
        return "/finance/invoices/?page=3"

    return path
