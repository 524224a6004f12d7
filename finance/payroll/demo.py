"""Payroll's demo data: everybody's IBAN but one (so the pre-payroll check has something to
say), the salary account, the last three months' runs calculated, reviewed, approved by a
second person and posted to the ledger, this month's one-off entries with a correction of last
month, and this month's run calculated and waiting for review. Everything goes through the
services, as a person would do it."""

from __future__ import annotations

import contextlib
import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from backoffice.models import User
from finance.payroll import selectors, services
from finance.payroll.models import PayComponent, PayrollRun
from hr import selectors as hr_selectors
from hr import services as hr_services

BANKS = ("UNCR", "RZBB", "BPBI", "FINV", "STSA", "UBBS")
SALARY_ACCOUNT = "BG80BNBG96611020345678"
SALARY_BIC = "BNBGBGSD"


def demo_iban(rng: random.Random) -> str:
    """A valid Bulgarian IBAN (check digits by ISO 7064 mod 97-10) at a random bank."""
    bban = f"{rng.choice(BANKS)}{rng.randint(1000, 9999)}{rng.randint(10, 99)}{rng.randint(10**7, 10**8 - 1)}"
    digits = "".join(str(int(c, 36)) for c in f"{bban}BG00")
    return f"BG{98 - int(digits) % 97:02d}{bban}"


def _month(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def _post(run: PayrollRun, actor) -> None:
    """Post on the period's last day, or, when finance has locked that period, on the first
    day of the next month (as a late posting would be)."""
    seen = selectors.run_prepayroll_check(run=run).count  # the demo's open items, seen
    try:
        services.run_post(run=run, actor=actor, open_items_seen=seen)
    except ValidationError:
        services.run_post(
            run=run,
            actor=actor,
            posting_date=run.period_end + timedelta(days=1),
            open_items_seen=seen,
        )


def seed_payroll(*, stdout=None, **options) -> None:
    """Safe to run again: any run means the demo payroll exists."""
    if PayrollRun.objects.exists():
        return
    finance = User.objects.filter(username="finance").first()
    hr_user = User.objects.filter(username="hr").first()
    if finance is None or hr_user is None:
        return
    rng = random.Random(17)
    services.payroll_settings_save(
        data={"bank_iban": SALARY_ACCOUNT, "bank_bic": SALARY_BIC}, actor=finance
    )
    people = list(hr_selectors.employee_choices(current=True))
    for index, person in enumerate(people):
        if person.iban or index == 3:  # one person left without: the check says so
            continue
        hr_services.employee_update(actor=hr_user, employee=person, data={"iban": demo_iban(rng)})

    today = timezone.localdate()
    this_start, this_end = _month(today)
    for back in (3, 2, 1):
        day = this_start
        for _i in range(back):
            day = (day - timedelta(days=1)).replace(day=1)
        start, end = _month(day)
        run = services.run_create(period_start=start, period_end=end, actor=finance)
        run = services.run_calculate(run=run, actor=None)
        run = services.run_review(run=run, actor=finance)
        run = services.run_approve(
            run=run,
            actor=hr_user,
            open_items_seen=selectors.run_prepayroll_check(run=run).count,
        )
        _post(run, finance)

    bonus = PayComponent.objects.filter(code="bonus").first()
    vouchers = PayComponent.objects.filter(code="meal_vouchers").first()
    advance = PayComponent.objects.filter(code="advance").first()
    last_start, last_end = _month(this_start - timedelta(days=1))
    sample = people[:12]
    for index, person in enumerate(sample):
        entries = []
        if bonus and index % 3 == 0:
            entries.append({"component": bonus, "amount": Decimal(rng.choice([150, 200, 300]))})
        if vouchers and index % 2 == 0:
            entries.append({"component": vouchers, "amount": Decimal("60.00")})
        if advance and index == 5:
            entries.append(
                {"component": advance, "amount": Decimal("250.00"), "note": "Advance paid 10th"}
            )
        for entry in entries:
            try:
                services.one_off_save(
                    employee=person,
                    period_start=this_start,
                    period_end=this_end,
                    actor=finance,
                    **entry,
                )
            except ValidationError:
                continue
    if bonus and sample:
        with contextlib.suppress(ValidationError):
            services.one_off_save(
                employee=sample[1],
                component=bonus,
                period_start=this_start,
                period_end=this_end,
                amount=Decimal("85.00"),
                note="Overtime of last month approved late",
                corrects_start=last_start,
                corrects_end=last_end,
                actor=finance,
            )
    current = services.run_create(period_start=this_start, period_end=this_end, actor=finance)
    services.run_calculate(run=current, actor=None)
    if stdout is not None:
        runs = selectors.run_list(viewer=finance).count()
        stdout.write(f"  payroll: {runs} runs, {len(people)} people")
