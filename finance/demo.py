"""Finance's demo data: the country's chart, partners, two fiscal years, twelve months of entries
that make sense for a retail company (sales, purchases, rent, salaries, VAT), a budget per
department, and one locked period. Posted through the one posting service."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from backoffice.models import User
from backoffice.money import percent_of, round_money
from backoffice.selectors import organisation_get
from finance.domain.charts import BULGARIAN, preset_for_country
from finance.domain.periods import month_end
from finance.interface import LineIn as L
from finance.interface import Source
from finance.models import Account, FiscalYear, JournalEntry, Partner, Period
from finance.selectors import departments
from finance.services import (
    budget_set,
    chart_load_preset,
    fiscal_year_open,
    journal_entry_post,
    period_lock,
)

CUSTOMERS = ["Софийски бутик ООД", "Варна Трейд ЕООД", "Пловдив Маркет АД"]
SUPPLIERS = ["Дистрибуция Север ООД", "Електро Доставки ЕООД", "Имоти Витоша ООД"]
#: Monthly gross salaries per department code.
SALARIES = {"MGT": "9000", "HR": "4200", "FIN": "5200", "IT": "7800", "OPS": "14500", "SAL": "8600"}


def _months(today: date) -> list[date]:
    months = [today.replace(day=1)]
    while len(months) < 12:
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    return list(reversed(months))


def seed_finance(*, stdout=None, **options) -> None:
    """Safe to run again: a chart already there means the demo books exist."""
    if Account.objects.exists():
        return
    organisation = organisation_get()
    preset = preset_for_country(organisation.country)
    chart_load_preset(preset=preset.key, actor=None)
    if preset is not BULGARIAN:
        return  # the demo entries speak the Bulgarian chart
    actor = User.objects.filter(username="finance").first()
    today = timezone.localdate()
    for year in (today.year - 1, today.year):
        if not FiscalYear.objects.filter(year=year).exists():
            fiscal_year_open(year=year, actor=actor)
    customers = [Partner.objects.create(name=n, kind=Partner.Kind.CUSTOMER) for n in CUSTOMERS]
    suppliers = [Partner.objects.create(name=n, kind=Partner.Kind.SUPPLIER) for n in SUPPLIERS]
    landlord = suppliers[2]
    depts = {d.code: d for d in departments()}
    if not depts:
        return
    sales_depts = [
        depts.get("SAL") or next(iter(depts.values())),
        depts.get("OPS") or next(iter(depts.values())),
    ]
    rng = random.Random(2026)
    months = _months(today)
    n = 0

    def post(day: date, lines: list[L], memo: str, source: Source | None = None) -> None:
        nonlocal n
        n += 1
        journal_entry_post(
            date=min(day, today),
            lines=lines,
            memo=memo,
            source=source,
            key=f"demo:{n}",
            actor=actor,
            kind=JournalEntry.Kind.SYSTEM if source else JournalEntry.Kind.MANUAL,
        )

    post(
        months[0],
        [L("503", debit=Decimal("60000.00")), L("101", credit=Decimal("60000.00"))],
        "Вноска на основния капитал",
    )
    invoice = 1000
    for first in months:
        last = min(month_end(first), today)
        # Sales: invoices to customers, paid within the month.
        for _ in range(6):
            invoice += 1
            net = round_money(Decimal(rng.randint(12000, 22000)))
            vat = percent_of(net, 20)
            customer = rng.choice(customers)
            day = min(first + timedelta(days=rng.randint(0, 20)), last)
            source = Source(type="demo.invoice", id=str(invoice), label=f"Фактура {invoice:010d}")
            post(
                day,
                [
                    L("411", debit=net + vat, partner=customer.pk),
                    L("702", credit=net, department=rng.choice(sales_depts).pk),
                    L("4532", credit=vat),
                ],
                f"Продажба по фактура {invoice}",
                source,
            )
            post(
                min(day + timedelta(days=5), last),
                [L("503", debit=net + vat), L("411", credit=net + vat, partner=customer.pk)],
                f"Плащане по фактура {invoice}",
            )
        # Purchases of goods and materials for the shops.
        for _ in range(2):
            net = round_money(Decimal(rng.randint(3000, 7000)))
            vat = percent_of(net, 20)
            supplier = rng.choice(suppliers[:2])
            day = min(first + timedelta(days=rng.randint(0, 20)), last)
            post(
                day,
                [
                    L("601", debit=net, department=depts.get("OPS", sales_depts[1]).pk),
                    L("4531", debit=vat),
                    L("401", credit=net + vat, partner=supplier.pk),
                ],
                f"Доставка на стоки от {supplier.name}",
            )
            post(
                min(day + timedelta(days=7), last),
                [L("401", debit=net + vat, partner=supplier.pk), L("503", credit=net + vat)],
                "Плащане към доставчик",
            )
        # Rent of the shop and office.
        rent, rent_vat = Decimal("2500.00"), Decimal("500.00")
        post(
            min(first + timedelta(days=1), last),
            [
                L("602", debit=rent, department=depts.get("MGT", sales_depts[0]).pk),
                L("4531", debit=rent_vat),
                L("401", credit=rent + rent_vat, partner=landlord.pk),
            ],
            "Наем за месеца",
        )
        post(
            min(first + timedelta(days=3), last),
            [
                L("401", debit=rent + rent_vat, partner=landlord.pk),
                L("503", credit=rent + rent_vat),
            ],
            "Плащане на наем",
        )
        # Salaries: gross to 604, employer contributions to 605, settled through 421, 454, 46x.
        if last == month_end(first):
            lines, employer, pay = [], [], Decimal("0.00")
            for code, gross in SALARIES.items():
                if code not in depts:
                    continue
                gross = Decimal(gross)
                lines.append(L("604", debit=gross, department=depts[code].pk))
                cost = percent_of(gross, "18.92")
                employer.append(L("605", debit=cost, department=depts[code].pk))
                pay += gross
            social, health, pension = (
                percent_of(pay, "8.38"),
                percent_of(pay, "3.20"),
                percent_of(pay, "2.20"),
            )
            tax = percent_of(pay - social - health - pension, 10)
            net = pay - social - health - pension - tax
            post(
                last,
                [
                    *lines,
                    L("421", credit=net),
                    L("454", credit=tax),
                    L("461", credit=social),
                    L("462", credit=health),
                    L("463", credit=pension),
                ],
                f"Заплати за {first:%m.%Y}",
                Source(type="demo.payroll", id=f"{first:%Y-%m}", label=f"Ведомост {first:%m.%Y}"),
            )
            total_cost = sum((e.debit for e in employer), Decimal("0.00"))
            ss = percent_of(total_cost, "70")
            hi = percent_of(total_cost, "20")
            post(
                last,
                [
                    *employer,
                    L("461", credit=ss),
                    L("462", credit=hi),
                    L("463", credit=total_cost - ss - hi),
                ],
                f"Осигуровки на работодателя за {first:%m.%Y}",
            )
            post(
                last,
                [L("421", debit=net), L("503", credit=net)],
                f"Изплатени заплати {first:%m.%Y}",
            )
    # Budgets for this year: a little above last twelve months' monthly run rate.
    for code, gross in SALARIES.items():
        department = depts.get(code)
        if department is None:
            continue
        salaries = Account.objects.get(number="604")
        contributions = Account.objects.get(number="605")
        budget_set(
            actor=actor,
            department=department,
            account=salaries,
            year=today.year,
            amounts=[Decimal(gross)] * 12,
        )
        budget_set(
            actor=actor,
            department=department,
            account=contributions,
            year=today.year,
            amounts=[percent_of(Decimal(gross), "19")] * 12,
        )
    budget_set(
        actor=actor,
        department=depts.get("MGT", sales_depts[0]),
        account=Account.objects.get(number="602"),
        year=today.year,
        amounts=[Decimal("2500")] * 12,
    )
    budget_set(
        actor=actor,
        department=depts.get("OPS", sales_depts[1]),
        account=Account.objects.get(number="601"),
        year=today.year,
        amounts=[Decimal("9000")] * 12,
    )
    # One locked period: the month before last.
    locked = Period.objects.containing(
        (months[-1] - timedelta(days=1)).replace(day=1) - timedelta(days=1)
    ).first()
    if locked is not None and not locked.is_locked:
        period_lock(period=locked, actor=actor)
    if stdout:
        stdout.write(f"  finance: {n} journal entries")


def bench_path(kind: str):
    """The path of a statement page to time, for this year (built when asked: ids differ)."""

    def path() -> str:
        year = timezone.localdate().year
        span = f"start={year}-01-01&end={year}-12-31"
        if kind == "tb":
            return f"/finance/reports/trial-balance/?{span}"
        if kind == "bs":
            return f"/finance/reports/balance-sheet/?end={year}-12-31"
        if kind == "pl":
            department = departments().order_by("pk").first()
            return f"/finance/reports/profit-and-loss/?{span}&department={department.pk if department else ''}"
        if kind == "ledger":
            account = Account.objects.filter(number__in=["503", "1100"]).first()
            return f"/finance/reports/ledger/{account.pk if account else 0}/?{span}&page=2"
        return "/finance/"

    return path
