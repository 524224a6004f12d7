"""Compliance test data: partners, contracts, policies, and the records the checks read."""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta
from decimal import Decimal

from django.utils import timezone

from compliance.models import Contract, Policy, PolicyVersion
from finance.models import Partner
from scheduling.models import SchedulePeriod
from tests.scheduling.factories import location, period, shift, template

_numbers = itertools.count(1)


def partner(name: str = "") -> Partner:
    n = next(_numbers)
    return Partner.objects.create(name=name or f"Partner {n} Ltd")


def contract(owner, **fields) -> Contract:
    defaults = dict(
        title=f"Contract {next(_numbers)}",
        counterparty=fields.pop("counterparty", None) or partner(),
        owner=owner,
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        auto_renew=True,
        renewal_months=12,
        notice_value=1,
        notice_unit="months",
        lead_days=30,
        value=Decimal("12000.00"),
    )
    defaults.update(fields)
    return Contract.objects.create(**defaults)


def policy(
    owner,
    *,
    status: str = "published",
    audience: str = "everyone",
    due_days: int = 14,
    published_days_ago: int = 0,
    departments=(),
    positions=(),
) -> PolicyVersion:
    n = next(_numbers)
    pol = Policy.objects.create(title=f"Policy {n}", code=f"P{n}", owner=owner)
    version = PolicyVersion.objects.create(
        policy=pol,
        number=1,
        body="Be kind.",
        status=status,
        audience=audience,
        due_days=due_days,
        approved_by=owner if status != "draft" else None,
        approved_at=timezone.now() if status != "draft" else None,
        published_at=timezone.now() - timedelta(days=published_days_ago)
        if status in {"published", "retired"}
        else None,
    )
    version.departments.set(departments)
    version.positions.set(positions)
    return version


def rest_breaking_roster(person, *, day: date, gap_hours: int = 8):
    """A published week where ``person`` works 14:00-22:00 and then again ``gap_hours`` later."""
    loc = location()
    loc.members.add(person)
    late = template(loc, "L", start=time(14), end=time(22), breaks=0)
    next_start = (22 + gap_hours) % 24
    early = template(loc, "E", start=time(next_start), end=time(next_start + 6), breaks=0)
    monday = day - timedelta(days=day.weekday())
    week = period(loc, monday, status=SchedulePeriod.Status.PUBLISHED)
    first = shift(week, person, day, late)
    second = shift(week, person, day + timedelta(days=1), early)
    return week, first, second
