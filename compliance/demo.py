"""Compliance's demo data: contracts (two inside their notice window), policies with
acknowledgements in progress, a risk register, a legal matter, and one night's findings from
the demo company's own records."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from backoffice.models import User
from compliance.models import (
    Acknowledgement,
    CheckRun,
    Contract,
    LegalDeadline,
    LegalMatter,
    Policy,
    PolicyVersion,
    Risk,
)
from finance.selectors import partner_options
from hr.selectors import department_choices, employee_choices

CONTRACTS = [
    # title, kind, months since start, first term months, renews, notice, unit, lead, value
    ("Office lease, Sofia centre", "lease", 40, 36, 12, 3, "months", 30, "54000.00"),
    ("Cleaning services", "service", 11, 12, 12, 20, "days", 30, "9600.00"),
    ("Produce supply", "supply", 5, 12, 12, 1, "months", 30, "120000.00"),
    ("Payroll software licence", "licence", 26, 12, 12, 60, "days", 45, "4800.00"),
    ("Security guards", "service", 2, 24, None, 1, "months", 30, "36000.00"),
    ("Non-disclosure, logistics partner", "nda", 8, 24, None, 0, "days", 0, None),
]

POLICIES = [
    (
        "Code of conduct",
        "COC",
        "everyone",
        25,
        "Treat colleagues and customers with respect. Report any harassment to your manager or HR. "
        "Gifts above EUR 50 must be declared. Conflicts of interest are disclosed in writing.",
    ),
    (
        "Personal data protection",
        "GDPR",
        "everyone",
        5,
        "Personal data is used only for the purpose it was collected for. Lock your screen, never "
        "share passwords, and report a suspected breach to IT at once: the authority must be told "
        "within 72 hours.",
    ),
    (
        "Health and safety at work",
        "HSW",
        "departments",
        10,
        "Wear the protective equipment of your post. Report every accident and near miss the same "
        "day. Forklifts are driven only by trained and certified staff.",
    ),
]

RISKS = [
    (
        "Working-time breaches in rosters",
        "legal",
        4,
        4,
        2,
        3,
        "reduce",
        "Roster check at publishing; nightly compliance checks.",
    ),
    (
        "Personal data breach",
        "security",
        3,
        5,
        2,
        4,
        "reduce",
        "Encrypted laptops, two-factor sign-in, breach procedure.",
    ),
    (
        "Key supplier failure",
        "operational",
        2,
        4,
        2,
        3,
        "transfer",
        "Second supplier for produce; penalty clauses.",
    ),
    (
        "Workplace accident at the depot",
        "people",
        3,
        4,
        2,
        4,
        "reduce",
        "Forklift certification, safety training every year.",
    ),
    ("Cash handling loss", "financial", 3, 2, 1, 2, "reduce", "Dual control and daily counts."),
    ("Negative press after a dismissal dispute", "reputation", 2, 3, 2, 2, "accept", ""),
]


def seed_compliance(*, stdout=None, **options) -> None:
    if Contract.objects.exists() or Policy.objects.exists():
        return
    officer = User.objects.filter(username="compliance").first()
    if officer is None:
        return
    today = timezone.localdate()
    rng = random.Random(2026)
    partners = list(partner_options().order_by("pk")[:10])
    departments = list(department_choices())
    for n, (title, kind, since, first, renews, notice, unit, lead, value) in enumerate(CONTRACTS):
        if not partners:
            break
        start = (today - timedelta(days=since * 30)).replace(day=1)
        end = start + timedelta(days=first * 30 - 1)
        if n == 1:  # inside its lead time: the term ends in five weeks
            end = today + timedelta(days=35)
        if n == 3:  # renewed twice already, notice due in about seven weeks
            end = today + timedelta(days=105) - timedelta(days=730)
        Contract.objects.create(
            title=title,
            kind=kind,
            counterparty=partners[n % len(partners)],
            owner=officer,
            department=departments[n % len(departments)] if departments else None,
            value=Decimal(value) if value else None,
            start=min(start, end),
            end=end,
            auto_renew=renews is not None,
            renewal_months=renews,
            notice_value=notice,
            notice_unit=unit,
            lead_days=lead,
        )
    people = list(employee_choices(current=True).select_related("user"))
    depot = next(
        (d for d in departments if "склад" in d.name.lower() or d.code in {"LOG", "WH", "DEP"}),
        None,
    )
    for title, code, audience, days_ago, body in POLICIES:
        policy = Policy.objects.create(title=title, code=code, owner=officer)
        version = PolicyVersion.objects.create(
            policy=policy,
            number=1,
            body=body,
            summary="First version",
            status=PolicyVersion.Status.PUBLISHED,
            audience=audience
            if (audience != "departments" or depot or departments)
            else "everyone",
            due_days=14,
            approved_by=officer,
            approved_at=timezone.now() - timedelta(days=days_ago + 2),
            published_at=timezone.now() - timedelta(days=days_ago),
        )
        if audience == "departments" and departments:
            version.departments.set([depot or departments[0]])
        share = {"COC": 0.8, "GDPR": 0.35, "HSW": 0.5}[code]
        readers = [p for p in people if not (p.user_id and p.user.username == "staff")]
        Acknowledgement.objects.bulk_create(
            [
                Acknowledgement(version=version, employee=person)
                for person in readers
                if rng.random() < share
            ],
            ignore_conflicts=True,
        )
    draft_policy = Policy.objects.get(code="COC")
    PolicyVersion.objects.create(
        policy=draft_policy,
        number=2,
        body=POLICIES[0][4] + " Social media: speak for yourself, never for the company.",
        summary="Adds social media",
        status=PolicyVersion.Status.DRAFT,
    )
    for title, category, li, im, rli, rim, treatment, controls in RISKS:
        Risk.objects.create(
            title=title,
            category=category,
            owner=officer,
            likelihood=li,
            impact=im,
            residual_likelihood=rli,
            residual_impact=rim,
            treatment=treatment,
            controls=controls,
            review_on=today + timedelta(days=rng.randint(-10, 120)),
        )
    matter = LegalMatter.objects.create(
        title="Unpaid overtime claim by a former warehouse worker",
        kind=LegalMatter.Kind.CLAIM,
        counterparty_name="Former employee (represented)",
        owner=officer,
        description="Claims 120 hours of unpaid overtime in 2025 before the district court.",
        amount=Decimal("2850.00"),
    )
    LegalDeadline.objects.create(
        matter=matter, title="Written response due", due=today + timedelta(days=6)
    )
    LegalDeadline.objects.create(
        matter=matter, title="First hearing", due=today + timedelta(days=48)
    )
    if not CheckRun.objects.exists():
        from compliance.services import checks_run

        checks_run(today=today)
    if stdout:
        stdout.write(
            "Compliance: contracts, policies, risks, a legal matter and a night's findings."
        )
